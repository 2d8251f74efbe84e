/*
 * PowerNV PHB3 MSI windows: MSIs as DMA writes, and their PE check
 *
 * A device's MSI is a DMA write into one of the PHB's two MSI windows,
 * at PCI addresses 0xffff0000 (32-bit) and 1 << 60 (64-bit) when
 * PHB_PHB3_CONFIG enables them (skiboot hw/phb3.c phb3_init_ioda2).  Each
 * device's DMA address space (pnv_phb3_dma.c) holds both as subregions.
 * The write names an interrupt source (skiboot phb3_get_msi_32/64: address
 * bits and data); the PHB checks the source's IVE against the sender's PE,
 * drops the MSIs of a DMA-stopped PE or of a fenced PHB, and hands the rest
 * to the MSI source (the base's pnv_phb3_msi.c).
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
#include "hw/pci-host/pnv_phb3_dma.h"
#include "hw/pci-host/pnv_phb3_eeh.h"
#include "trace.h"

/* The MSI windows' PCI addresses (skiboot phb3_init_ioda2) */
#define PHB3_MSI32_BASE         0xffff0000ULL
#define PHB3_MSI64_BASE         (1ULL << 60)

static void pnv_phb3_update_msi_regions(PnvPhb3DMASpace *ds)
{
    uint64_t cfg = ds->phb->regs[PHB_PHB3_CONFIG >> 3];
    MemoryRegion *dma = MEMORY_REGION(&ds->dma_mr);
    bool on32 = cfg & PHB_PHB3C_32BIT_MSI_EN;
    bool on64 = cfg & PHB_PHB3C_64BIT_MSI_EN;

    /* skiboot phb3_init_ioda2: MSI windows at 0xffff0000 and 1 << 60 */
    if (on32 != memory_region_is_mapped(&ds->msi32_mr)) {
        if (on32) {
            memory_region_add_subregion(dma, PHB3_MSI32_BASE, &ds->msi32_mr);
        } else {
            memory_region_del_subregion(dma, &ds->msi32_mr);
        }
    }
    if (on64 != memory_region_is_mapped(&ds->msi64_mr)) {
        if (on64) {
            memory_region_add_subregion(dma, PHB3_MSI64_BASE, &ds->msi64_mr);
        } else {
            memory_region_del_subregion(dma, &ds->msi64_mr);
        }
    }
}

void pnv_phb3_update_all_msi_regions(PnvPHB3 *phb)
{
    PnvPhb3DMASpace *ds;

    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        pnv_phb3_update_msi_regions(ds);
    }
}

/*
 * The PE check of an MSI (skiboot phb3_get_msi_32/64 encode the source in
 * the address and data; the IVE, IVT_BAR + source * stride, holds the PE
 * the source belongs to in bits 48:63): the PHB rejects an MSI naming a
 * source beyond the IVT or one whose IVE belongs to another PE than the
 * sender's, and the error freezes the sender's PE.  Returns whether it
 * was rejected.  The IVE comes through the IVC (pnv_phb3_ivc.c), as the
 * delivery's does: a stale cached IVE decides, as on the PHB.
 */
static bool pnv_phb3_msi_rejected_by_ive(PnvPhb3DMASpace *ds, hwaddr pci,
                                         hwaddr addr, uint64_t data)
{
    PnvPHB3 *phb = ds->phb;
    uint16_t rid = pnv_phb3_ds_rid(ds);
    uint64_t bar = phb->regs[PHB_IVT_BAR >> 3], ive;
    uint32_t src = ((addr >> 4) & 0xffff) | (data & 0x1f);

    if (bar & PHB_IVT_BAR_ENABLE &&
        src >= GETFIELD(PHB_IVT_LENGTH_MASK, bar)) {
        pnv_phb3_eeh_msi_error(phb, ds->pe_num, rid, pci, data, true);
        return true;
    }
    if (!pnv_phb3_ivc_get(phb, src, &ive)) {
        return false;   /* no IVT: the MSI source drops it */
    }
    if ((ive & 0xffff) == ds->pe_num) {
        return false;
    }
    trace_pnv_phb3_msi_rejected(phb->chip_id, phb->phb_id, rid, ds->pe_num,
                                src, ive & 0xffff);
    pci_io_report(PCI_IO_REPORT_MSI_WRONG_PE, phb->phb_id, ds->pe_num,
                  "phb3[%d:%d]: PE#%d RID %02x:%02x.%x: MSI at 0x%"
                  HWADDR_PRIx " data 0x%" PRIx64 " names source %u, whose "
                  "IVE belongs to PE#%u: the PHB rejects it (an MSI from the "
                  "wrong PE; hardware records the error against the "
                  "sender's PE): dropped\n", phb->chip_id, phb->phb_id,
                  ds->pe_num, rid >> 8, (rid >> 3) & 0x1f, rid & 7, pci, data,
                  src, (unsigned)(ive & 0xffff));
    pnv_phb3_eeh_msi_error(phb, ds->pe_num, rid, pci, data, false);
    return true;
}

/*
 * An MSI: a write at offset @addr of the MSI window at PCI address @base
 * (the PEST and the reports get the PCI address, the source number comes
 * from the offset)
 */
static void pnv_phb3_msi_write(PnvPhb3DMASpace *ds, hwaddr base, hwaddr addr,
                               uint64_t data)
{
    if (!pnv_phb3_resolve_pe(ds)) {
        return;
    }
    /* the MSIs of a DMA-stopped PE are dropped */
    if (pnv_phb3_dma_refused(ds, base + addr, true)) {
        return;
    }
    if (pnv_phb3_msi_rejected_by_ive(ds, base + addr, addr, data)) {
        return;
    }
    /* checked above: the MSI source need not look at the PE again */
    pnv_phb3_msi_send(&ds->phb->msis, addr, data, -1);
}

static void pnv_phb3_msi32_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size)
{
    pnv_phb3_msi_write(opaque, PHB3_MSI32_BASE, addr, data);
}

static void pnv_phb3_msi64_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size)
{
    pnv_phb3_msi_write(opaque, PHB3_MSI64_BASE, addr, data);
}

/* A read of an MSI window: undefined in PCI, all-ones here */
static uint64_t pnv_phb3_msi_read(void *opaque, hwaddr addr, unsigned size)
{
    PnvPhb3DMASpace *ds = opaque;

    pci_io_report(PCI_IO_REPORT_MSI_INVALID,
                  ds->phb->phb_id, PCI_IO_REPORT_NO_PE,
                  "phb3[%d:%d]: RID %04x: DMA read of the "
                  "MSI window at offset 0x%" HWADDR_PRIx "\n",
                  ds->phb->chip_id, ds->phb->phb_id, pnv_phb3_ds_rid(ds), addr);
    return -1;
}

static const MemoryRegionOps pnv_phb3_msi32_ops = {
    .read = pnv_phb3_msi_read,
    .write = pnv_phb3_msi32_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static const MemoryRegionOps pnv_phb3_msi64_ops = {
    .read = pnv_phb3_msi_read,
    .write = pnv_phb3_msi64_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

void pnv_phb3_msi_windows_init(PnvPhb3DMASpace *ds)
{
    memory_region_init_io(&ds->msi32_mr, OBJECT(ds->phb), &pnv_phb3_msi32_ops,
                          ds, "msi32", 0x10000);
    memory_region_init_io(&ds->msi64_mr, OBJECT(ds->phb), &pnv_phb3_msi64_ops,
                          ds, "msi64", 0x100000);
    pnv_phb3_update_msi_regions(ds);
}
