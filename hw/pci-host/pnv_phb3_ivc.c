/*
 * PowerNV PHB3 Interrupt Vector Cache (IVC)
 *
 * The PHB keeps the IVEs of recently used interrupt sources in its IVC.
 * What the PHB does with them, as skiboot (hw/phb3.c) drives it:
 *
 * - An MSI (or an FFI request, a resend) looks its source up in the IVC;
 *   on a miss the IVE is fetched from the IVT in memory (IVT_BAR + source
 *   * 16 or 128 bytes, PHB_CTRL_IVE_128_BYTES).  The PE check, server and
 *   priority all come from the cached copy, so an IVE that firmware
 *   changes in memory without telling the PHB keeps its old contents for
 *   as long as it stays cached.  skiboot always tells it:
 *   phb3_set_ive_pe writes the PE and invalidates the source through
 *   PHB_IVC_INVALIDATE; phb3_msi_set_xive writes server and priority and
 *   updates the cached copy through PHB_IVC_UPDATE; phb3_init_ioda_cache
 *   invalidates all after reloading the IVT.
 * - Presenting an interrupt sets P (with the IVE's generation count) or,
 *   for a source already pending or masked, Q; the PHB writes them to the
 *   IVT, where skiboot reads Q (phb3_pci_msi_check_q, after a PHB register
 *   read that orders it behind the PHB's own write).
 * - At EOI skiboot clears P and bumps the generation in memory, then
 *   writes PHB_IVC_UPDATE with ENABLE_P, ENABLE_GEN and ENABLE_CON and
 *   GEN_MATCH = the old generation: the cached copy changes only if its
 *   generation still matches, so a copy refilled (P set, new generation)
 *   by an MSI that raced the EOI keeps its P (the race skiboot describes in
 *   phb3_pci_msi_eoi).  ENABLE_Q clears Q after skiboot re-sent a queued
 *   MSI through the FFI; masking (phb3_msi_set_xive, priority 0xff) clears
 *   P, Q and the generation unconditionally.
 *
 * Not public, so chosen here and documented in
 * docs/system/ppc/powerio-phb3.rst: the IVC's size (ivc-entries, 16 by
 * default) and its replacement order (round robin); that an IVC_UPDATE
 * for a source not cached changes nothing (skiboot writes memory first);
 * that the IVC's P/Q updates reach memory at once.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/pci/pci_io_report.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_regs.h"
#include "hw/pci-host/pnv_phb3_ivc.h"
#include "system/dma.h"
#include "trace.h"

/* Bytes 4 and 5 of an IVE: generation and P, then Q (IODA2_IVT_*) */
#define IVE_P_BYTE              4
#define IVE_Q_BYTE              5

static bool ive_addr(PnvPHB3 *phb, uint32_t src, hwaddr *addr)
{
    uint64_t bar = phb->regs[PHB_IVT_BAR >> 3];
    unsigned stride = phb->regs[PHB_CONTROL >> 3] & PHB_CTRL_IVE_128_BYTES ?
                      128 : 16;

    if (!(bar & PHB_IVT_BAR_ENABLE) ||
        src >= GETFIELD(PHB_IVT_LENGTH_MASK, bar)) {
        return false;
    }
    *addr = (bar & PHB_IVT_BASE_ADDRESS_MASK) + (hwaddr)src * stride;
    return true;
}

static int ivc_find(PnvPhb3Ivc *c, uint32_t src)
{
    uint32_t i;

    for (i = 0; i < c->entries; i++) {
        if (c->tag[i] == src + 1) {
            return i;
        }
    }
    return -1;
}

/*
 * The IVC entry of @src, filled from the IVT on a miss; -1 when the IVT
 * is disabled, too short for @src, or cannot be read
 */
static int ivc_entry(PnvPHB3 *phb, uint32_t src)
{
    PnvPhb3Ivc *c = &phb->ivc;
    int i = ivc_find(c, src);
    hwaddr addr;
    uint64_t raw;

    if (i >= 0) {
        c->hits++;
        return i;
    }
    if (!ive_addr(phb, src, &addr)) {
        return -1;
    }
    if (dma_memory_read(&address_space_memory, addr, &raw, sizeof(raw),
                        MEMTXATTRS_UNSPECIFIED)) {
        pci_io_report(PCI_IO_REPORT_BAD_PROGRAMMING, phb->phb_id,
                      PCI_IO_REPORT_NO_PE,
                      "phb3[%d:%d]: IVE of interrupt source %u at 0x%"
                      HWADDR_PRIx " cannot be read (IVT_BAR 0x%" PRIx64
                      "): the interrupt is dropped\n", phb->chip_id,
                      phb->phb_id, src, addr, phb->regs[PHB_IVT_BAR >> 3]);
        return -1;
    }
    c->misses++;
    i = c->victim;
    c->victim = (c->victim + 1) % c->entries;
    c->tag[i] = src + 1;
    c->ive[i] = be64_to_cpu(raw);
    trace_pnv_phb3_ivc_fill(phb->chip_id, phb->phb_id, src, c->ive[i]);
    return i;
}

bool pnv_phb3_ivc_get(PnvPHB3 *phb, uint32_t src, uint64_t *ive)
{
    int i = ivc_entry(phb, src);

    if (i < 0) {
        return false;
    }
    *ive = phb->ivc.ive[i];
    return true;
}

/* Write byte @byte of the cached IVE of @src through to the IVT */
static void ivc_write_through(PnvPHB3 *phb, uint32_t src, int i, int byte)
{
    hwaddr addr;
    uint8_t v = phb->ivc.ive[i] >> (56 - 8 * byte);

    if (ive_addr(phb, src, &addr)) {
        dma_memory_write(&address_space_memory, addr + byte, &v, 1,
                         MEMTXATTRS_UNSPECIFIED);
    }
}

/* Set @bit of @src's cached IVE, and the IVT's byte @byte that holds it */
static void ivc_set(PnvPHB3 *phb, uint32_t src, uint64_t bit, int byte)
{
    int i = ivc_entry(phb, src);

    if (i >= 0) {
        phb->ivc.ive[i] |= bit;
        ivc_write_through(phb, src, i, byte);
    }
}

void pnv_phb3_ivc_set_p(PnvPHB3 *phb, uint32_t src)
{
    ivc_set(phb, src, IODA2_IVT_P, IVE_P_BYTE);
}

void pnv_phb3_ivc_set_q(PnvPHB3 *phb, uint32_t src)
{
    ivc_set(phb, src, IODA2_IVT_Q, IVE_Q_BYTE);
}

void pnv_phb3_ivc_invalidate(PnvPHB3 *phb, uint64_t val)
{
    PnvPhb3Ivc *c = &phb->ivc;
    int i;

    trace_pnv_phb3_ivc_invalidate(phb->chip_id, phb->phb_id, val);
    if (val & PHB_IVC_INVALIDATE_ALL) {
        memset(c->tag, 0, sizeof(c->tag));
        return;
    }
    i = ivc_find(c, GETFIELD(PHB_IVC_INVALIDATE_SID, val));
    if (i >= 0) {
        c->tag[i] = 0;
    }
}

void pnv_phb3_ivc_update(PnvPHB3 *phb, uint64_t val)
{
    PnvPhb3Ivc *c = &phb->ivc;
    uint32_t src = GETFIELD(PHB_IVC_UPDATE_SID, val);
    int i = ivc_find(c, src);
    uint64_t ive;

    trace_pnv_phb3_ivc_update(phb->chip_id, phb->phb_id, src, val, i >= 0);
    if (i < 0) {
        return;         /* not cached: the IVT in memory is what counts */
    }
    ive = c->ive[i];
    /* conditional on the generation (skiboot phb3_pci_msi_eoi) */
    if ((val & PHB_IVC_UPDATE_ENABLE_CON) &&
        GETFIELD(IODA2_IVT_GEN, ive) !=
        GETFIELD(PHB_IVC_UPDATE_GEN_MATCH, val)) {
        c->updates_dropped++;
        return;
    }
    if (val & PHB_IVC_UPDATE_ENABLE_P) {
        ive = SETFIELD(IODA2_IVT_P, ive, GETFIELD(PHB_IVC_UPDATE_P, val));
    }
    if (val & PHB_IVC_UPDATE_ENABLE_Q) {
        ive = SETFIELD(IODA2_IVT_Q, ive, GETFIELD(PHB_IVC_UPDATE_Q, val));
    }
    if (val & PHB_IVC_UPDATE_ENABLE_GEN) {
        ive = SETFIELD(IODA2_IVT_GEN, ive, GETFIELD(PHB_IVC_UPDATE_GEN, val));
    }
    if (val & PHB_IVC_UPDATE_ENABLE_SERVER) {
        ive = SETFIELD(IODA2_IVT_SERVER, ive,
                       GETFIELD(PHB_IVC_UPDATE_SERVER, val));
    }
    if (val & PHB_IVC_UPDATE_ENABLE_PRI) {
        ive = SETFIELD(IODA2_IVT_PRIORITY, ive,
                       GETFIELD(PHB_IVC_UPDATE_PRI, val));
    }
    c->ive[i] = ive;
}

void pnv_phb3_ivc_reset(PnvPHB3 *phb)
{
    PnvPhb3Ivc *c = &phb->ivc;

    memset(c->tag, 0, sizeof(c->tag));
    c->victim = 0;
}

void pnv_phb3_ivc_add_properties(PnvPHB3 *phb)
{
    Object *obj = OBJECT(phb);

    /* the ivc-entries property is a qdev one; keep it in range */
    phb->ivc.entries = MAX(1, MIN(phb->ivc.entries, PNV_PHB3_IVC_MAX));
    object_property_add_uint64_ptr(obj, "ivc-hits", &phb->ivc.hits,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "ivc-misses", &phb->ivc.misses,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "ivc-updates-dropped",
                                   &phb->ivc.updates_dropped,
                                   OBJ_PROP_FLAG_READ);
}

static bool ivc_victim_ok(void *opaque, int version_id)
{
    PnvPhb3Ivc *c = opaque;

    return c->victim < c->entries;
}

const VMStateDescription vmstate_pnv_phb3_ivc = {
    .name = "pnv-phb3-ivc",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(tag, PnvPhb3Ivc, PNV_PHB3_IVC_MAX),
        VMSTATE_UINT64_ARRAY(ive, PnvPhb3Ivc, PNV_PHB3_IVC_MAX),
        VMSTATE_UINT32(victim, PnvPhb3Ivc),
        VMSTATE_VALIDATE("IVC victim within ivc-entries", ivc_victim_ok),
        VMSTATE_UINT64(hits, PnvPhb3Ivc),
        VMSTATE_UINT64(misses, PnvPhb3Ivc),
        VMSTATE_UINT64(updates_dropped, PnvPhb3Ivc),
        VMSTATE_END_OF_LIST()
    },
};
