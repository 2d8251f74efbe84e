/*
 * PowerNV PHB3 MMIO routing: M32 and M64 windows, MMIO to PE
 *
 * The PHB forwards CPU loads and stores in its windows to PCI, each access
 * belonging to a PE by where it falls (skiboot include/phb3-regs.h,
 * hw/phb3.c phb3_map_pe_mmio_window, phb3_set_phb_mem_window):
 *
 * - M32: PHB_M32_BASE_ADDR / _BASE_MASK / _START_ADDR give the AIB window
 *   and the PCI address it starts at; it is cut into 256 equal segments
 *   and the M32 domain table (IODA table 17, PE in bits 8:15) maps each
 *   segment to a PE.
 * - M64 BARs (IODA table 16): base bits 2:31 (1 MB units) and mask bits
 *   34:63; the PCI address is the AIB address ORed with PHB_M64_UPPER_BITS.
 *   A split BAR is cut into 256 segments, segment i belonging to PE i; a
 *   single-PE BAR (bit 1) belongs to the PE of PE_HI (27:31) || PE_LOW
 *   (59:63), which take the low bits of its base (2:26, 32 MB units) and
 *   mask (34:58) fields.  Linux's SR-IOV code uses single-PE BARs
 *   (OPAL_ENABLE_M64_NON_SPLIT).  (Upstream QEMU takes the mask with the
 *   PE_LOW bits in it, shrinking the window by PE_LOW MB.)  Overlapping
 *   BARs: the lowest-numbered wins (window_priority).
 *
 * Each access: a fenced PHB returns all-ones and drops stores; a PE whose
 * MMIO is frozen (PESTA bit 0) likewise; an armed PAPR error injection
 * that matches fails the access; an access no device claims ends in an
 * Unsupported Request: all-ones, and an outbound error that freezes the
 * PE (what Linux's eeh_dev_break relies on).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_regs.h"
#include "hw/pci-host/pnv_phb3_eeh.h"
#include "hw/pci-host/pnv_phb3_mmio.h"
#include "trace.h"

#define M64_SINGLE_MASK_LOW     0x1fULL     /* PE_LOW inside the mask */

uint32_t pnv_phb3_mmio_pe(PnvPhb3MmioWindow *w, uint64_t off)
{
    uint64_t seg = off / (w->size / PNV_PHB3_NUM_PE);

    if (w->m64 < 0) {
        return GETFIELD(IODA2_M32DT_PE, w->phb->ioda_MDT[seg]);
    }
    return w->single_pe != PNV_PHB3_NO_PE ? w->single_pe : seg;
}

static bool window_refuses(PciMmioWindow *pw, hwaddr off, bool is_write)
{
    PnvPhb3MmioWindow *w = pw->opaque;
    PnvPHB3 *phb = w->phb;
    uint32_t pe = pnv_phb3_mmio_pe(w, off);

    if (pnv_phb3_fenced(phb) || pnv_phb3_pe_mmio_frozen(phb, pe)) {
        trace_pnv_phb3_mmio_frozen(phb->chip_id, phb->phb_id, pe,
                                   w->aib_base + off, is_write);
        phb->mmio_refused++;
        return true;
    }
    return pnv_phb3_eeh_inject_hit(phb, PNV_PHB3_INJ_MMIO, is_write,
                                   w->aib_base + off, pe, 0);
}

/* An access no device claimed: Unsupported Request */
static void unsupported_request(PciMmioWindow *pw, hwaddr off, bool is_write)
{
    PnvPhb3MmioWindow *w = pw->opaque;

    pnv_phb3_eeh_mmio_ur(w->phb, pnv_phb3_mmio_pe(w, off), w->aib_base + off,
                         is_write);
}

static const PciMmioWindowOps pnv_phb3_window_ops = {
    .refuse = window_refuses,
    .unclaimed = unsupported_request,
};

/*
 * Where windows overlap, the PHB takes the first that matches, searching
 * the M64 BARs in ascending order (skiboot hw/phb3.c phb3_init_ioda2: "First
 * window always wins based on the ascending searching priority"; Linux's
 * SR-IOV puts single-PE BARs inside the last, segmented one, pnv_pci_ioda
 * _m64_setup).  So BAR i outranks BAR i + 1 whatever the programming
 * order; M32 is searched with them but never overlaps an M64 window that
 * skiboot or Linux programs, and ranks below them.
 */
static int window_priority(PnvPhb3MmioWindow *w)
{
    return w->m64 < 0 ? 0 : PNV_PHB3_NUM_M64 - w->m64;
}

/* Place window @w at AIB @base if one of the PBCQ's MMIO BARs holds it */
static void map_window(PnvPhb3MmioWindow *w)
{
    PnvPBCQState *pbcq = &w->phb->pbcq;
    MemoryRegion *parent;
    uint64_t base = w->aib_base;

    if (memory_region_is_mapped(&pbcq->mmbar0) &&
        base >= pbcq->mmio0_base &&
        base + w->size <= pbcq->mmio0_base + pbcq->mmio0_size) {
        parent = &pbcq->mmbar0;
        base -= pbcq->mmio0_base;
    } else if (memory_region_is_mapped(&pbcq->mmbar1) &&
               base >= pbcq->mmio1_base &&
               base + w->size <= pbcq->mmio1_base + pbcq->mmio1_size) {
        parent = &pbcq->mmbar1;
        base -= pbcq->mmio1_base;
    } else {
        return;
    }
    /*
     * The region was made once (pnv_phb3_mmio_init): reprogramming only
     * resizes and moves it.  (The base made a new alias each time, which
     * a guest rewriting the M32 registers in a loop turned into ever more
     * QOM children: found by the fuzzer, tests/qtest/fuzz/powerio_fuzz.c.)
     */
    w->win.pci_base = w->pci_base;
    memory_region_set_size(&w->mr, w->size);
    memory_region_add_subregion_overlap(parent, base, &w->mr,
                                        window_priority(w));
}

static void unmap_window(PnvPhb3MmioWindow *w)
{
    if (memory_region_is_mapped(&w->mr)) {
        memory_region_del_subregion(w->mr.container, &w->mr);
    }
}

void pnv_phb3_check_m32(PnvPHB3 *phb)
{
    PnvPhb3MmioWindow *w = &phb->m32;

    unmap_window(w);
    if (!(phb->regs[PHB_PHB3_CONFIG >> 3] & PHB_PHB3C_M32_EN)) {
        return;
    }
    w->aib_base = phb->regs[PHB_M32_BASE_ADDR >> 3];
    w->pci_base = phb->regs[PHB_M32_START_ADDR >> 3];
    w->size = ~(phb->regs[PHB_M32_BASE_MASK >> 3] | 0xfffc000000000000ull) + 1;
    if (w->size < PNV_PHB3_NUM_PE) {
        pci_io_report(PCI_IO_REPORT_BAD_PROGRAMMING,
                      phb->phb_id, PCI_IO_REPORT_NO_PE,
                      "phb3[%d:%d]: M32 window of 0x%" PRIx64
                      " bytes cannot hold 256 segments: not mapped\n",
                      phb->chip_id, phb->phb_id, w->size);
        return;
    }
    map_window(w);
}

void pnv_phb3_check_m64(PnvPHB3 *phb, uint32_t index)
{
    PnvPhb3MmioWindow *w = &phb->m64[index];
    uint64_t m64 = phb->ioda_M64BT[index], mask;

    unmap_window(w);
    if (!(m64 & IODA2_M64BT_ENABLE)) {
        return;
    }
    mask = GETFIELD(IODA2_M64BT_MASK, m64);
    w->aib_base = GETFIELD(IODA2_M64BT_BASE, m64) << 20;
    w->single_pe = PNV_PHB3_NO_PE;
    if (m64 & IODA2_M64BT_SINGLE_PE) {
        w->aib_base = GETFIELD(IODA2_M64BT_SINGLE_BASE, m64) << 25;
        mask &= ~M64_SINGLE_MASK_LOW;
        w->single_pe = GETFIELD(IODA2_M64BT_PE_HI, m64) << 5 |
                       GETFIELD(IODA2_M64BT_PE_LOW, m64);
    }
    w->size = ~((mask << 20) | 0xfffc000000000000ull) + 1;
    w->pci_base = w->aib_base | phb->regs[PHB_M64_UPPER_BITS >> 3];
    map_window(w);
}

void pnv_phb3_check_all_m64s(PnvPHB3 *phb)
{
    uint32_t i;

    for (i = 0; i < PNV_PHB3_NUM_M64; i++) {
        pnv_phb3_check_m64(phb, i);
    }
}

void pnv_phb3_mmio_init(PnvPHB3 *phb)
{
    int i;

    address_space_init(&phb->pci_mmio_as, &phb->pci_mmio, "phb3-pci-mmio");
    for (i = -1; i < PNV_PHB3_NUM_M64; i++) {
        PnvPhb3MmioWindow *w = i < 0 ? &phb->m32 : &phb->m64[i];

        w->phb = phb;
        w->m64 = i;
        w->single_pe = PNV_PHB3_NO_PE;
        pci_mmio_window_init(&w->win, &w->mr, OBJECT(phb),
                             i < 0 ? "phb3-m32" : "phb3-m64", 0,
                             &phb->pci_mmio_as, 0, &pnv_phb3_window_ops, w);
    }
    object_property_add_uint64_ptr(OBJECT(phb), "mmio-refused",
                                   &phb->mmio_refused, OBJ_PROP_FLAG_READ);
}
