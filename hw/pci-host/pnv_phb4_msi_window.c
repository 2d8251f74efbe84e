/*
 * PowerNV PHB4/PHB5 MSI windows
 *
 * A device's MSI is a DMA write into one of the PHB's two MSI windows, at
 * PCI addresses 0xffff0000 (32-bit) and 1 << 60 (64-bit) when
 * PHB_PHB4_CONFIG enables them (skiboot hw/phb4.c phb4_init_hw).  Each
 * device's DMA address space (pnv_phb4_dma.c) holds both as subregions.
 * The write names an interrupt source (skiboot phb4_get_msi_32/64:
 * address bits 4:19 and the data's low five bits), which the PHB signals
 * through its XIVE source.
 *
 * Checks, in the order the PHB meets them (docs/devel/
 * powerio-phb4-eeh-facts.rst a.5): a fenced PHB or a DMA-stopped PE
 * drops the MSI without a new error (an MSI is a DMA write); a write
 * that is not a naturally aligned 4-byte one fences the PHB (RXE_ARB "MSI
 * Size Error" / "MSI Address Alignment Error", fence-enabled by skiboot);
 * each MSI source's PE is its MIST entry (IODA3 table 2, four 16-bit
 * entries per word, entry n & 3 of word n >> 2 at shift (3 - (n & 3)) *
 * 16, PE in its low 12 bits: skiboot phb4_set_ive_pe, which Linux's MSI
 * setup reaches through OPAL_PCI_SET_XIVE_PE), and an MSI naming another
 * PE's source, one of the eight LSI sources at the top (skiboot refuses
 * them as MSIs: phb4_get_msi_32/64) or no source freezes the sender's PE
 * (RXE_ARB "MSI PE# Mismatch") and is captured (pnv_phb4_eeh.c).  A
 * refused MSI never touches the source's P/Q.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "hw/irq.h"
#include "hw/pci-host/pnv_phb4.h"
#include "hw/pci-host/pnv_phb4_regs.h"
#include "hw/pci-host/pnv_phb4_dma.h"
#include "hw/pci-host/pnv_phb4_eeh.h"

#define PHB4_MSI32_BASE         0xffff0000ULL
#define PHB4_MSI64_BASE         (1ULL << 60)

static void map_window(PnvPhb4DMASpace *ds, MemoryRegion *mr, hwaddr base,
                       bool on)
{
    if (on == memory_region_is_mapped(mr)) {
        return;
    }
    if (on) {
        memory_region_add_subregion(MEMORY_REGION(&ds->dma_mr), base, mr);
    } else {
        memory_region_del_subregion(MEMORY_REGION(&ds->dma_mr), mr);
    }
}

static void update_msi_regions(PnvPhb4DMASpace *ds)
{
    uint64_t cfg = ds->phb->regs[PHB_PHB4_CONFIG >> 3];

    map_window(ds, &ds->msi32_mr, PHB4_MSI32_BASE,
               cfg & PHB_PHB4C_32BIT_MSI_EN);
    map_window(ds, &ds->msi64_mr, PHB4_MSI64_BASE,
               cfg & PHB_PHB4C_64BIT_MSI_EN);
}

void pnv_phb4_update_all_msi_regions(PnvPHB4 *phb)
{
    PnvPhb4DMASpace *ds;

    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        update_msi_regions(ds);
    }
}

/*
 * An MSI: a write at offset @addr of the MSI window at PCI address @base
 * (the PEST and the reports get the PCI address, the source number comes
 * from the offset)
 */
static void pnv_phb4_msi_write(PnvPhb4DMASpace *ds, hwaddr base, hwaddr addr,
                               uint64_t data, unsigned size)
{
    PnvPHB4 *phb = ds->phb;
    uint32_t src = ((addr >> 4) & 0xffff) | (data & 0x1f);
    uint32_t nr = phb->xsrc.nr_irqs;
    uint16_t rid = pnv_phb4_ds_rid(ds);
    uint32_t owner;

    if (!pnv_phb4_resolve_pe(ds) ||
        pnv_phb4_dma_refused(ds, base + addr, true)) {
        return;
    }
    if (size != 4 || (addr & 3)) {
        pnv_phb4_eeh_msi_error(phb, PNV_PHB4_MSI_SIZE, ds->pe_num, rid,
                               base + addr, data);
        return;
    }
    if (src >= nr) {
        pnv_phb4_eeh_msi_error(phb, PNV_PHB4_MSI_BEYOND, ds->pe_num, rid,
                               base + addr, data);
        return;
    }
    if (src >= nr - PNV_PHB4_MAX_LSIs) {
        pnv_phb4_eeh_msi_error(phb, PNV_PHB4_MSI_LSI, ds->pe_num, rid,
                               base + addr, data);
        return;
    }
    owner = extract64(phb->ioda_MIST[src >> 2], (3 - (src & 3)) * 16, 12);
    if (owner != ds->pe_num) {
        pci_io_report(PCI_IO_REPORT_MSI_WRONG_PE, phb->phb_id, ds->pe_num,
                      "%s: PE#%u RID %02x:%02x.%x: MSI at 0x%" HWADDR_PRIx
                      " data 0x%" PRIx64 " names source %u, whose MIST entry "
                      "belongs to PE#%u: the PHB rejects it (an MSI from the "
                      "wrong PE; hardware freezes the sender's PE): dropped\n",
                      phb->tce_name, ds->pe_num, rid >> 8, (rid >> 3) & 0x1f,
                      rid & 7, base + addr, data, src, owner);
        pnv_phb4_eeh_msi_error(phb, PNV_PHB4_MSI_WRONG_PE, ds->pe_num, rid,
                               base + addr, data);
        return;
    }
    qemu_irq_pulse(phb->qirqs[src]);
}

static void pnv_phb4_msi32_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size)
{
    pnv_phb4_msi_write(opaque, PHB4_MSI32_BASE, addr, data, size);
}

static void pnv_phb4_msi64_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size)
{
    pnv_phb4_msi_write(opaque, PHB4_MSI64_BASE, addr, data, size);
}

/* A read of an MSI window: undefined in PCI, all-ones here */
static uint64_t pnv_phb4_msi_read(void *opaque, hwaddr addr, unsigned size)
{
    PnvPhb4DMASpace *ds = opaque;

    pci_io_report(PCI_IO_REPORT_MSI_INVALID, ds->phb->phb_id,
                  PCI_IO_REPORT_NO_PE,
                  "phb4[%d:%d]: RID %04x: DMA read of the MSI window at "
                  "offset 0x%" HWADDR_PRIx "\n", ds->phb->chip_id,
                  ds->phb->phb_id, pnv_phb4_ds_rid(ds), addr);
    return -1;
}

/* every write reaches the PHB as it is, to be checked (RXE_ARB 2, 3) */
#define PHB4_MSI_OPS(write_fn) {                \
    .read = pnv_phb4_msi_read,                  \
    .write = write_fn,                          \
    .endianness = DEVICE_LITTLE_ENDIAN,         \
    .valid.min_access_size = 1,                 \
    .valid.max_access_size = 8,                 \
    .valid.unaligned = true,                    \
    .impl.min_access_size = 1,                  \
    .impl.max_access_size = 8,                  \
    .impl.unaligned = true,                     \
}

static const MemoryRegionOps pnv_phb4_msi32_ops =
    PHB4_MSI_OPS(pnv_phb4_msi32_write);
static const MemoryRegionOps pnv_phb4_msi64_ops =
    PHB4_MSI_OPS(pnv_phb4_msi64_write);

void pnv_phb4_msi_windows_init(PnvPhb4DMASpace *ds)
{
    memory_region_init_io(&ds->msi32_mr, OBJECT(ds->phb), &pnv_phb4_msi32_ops,
                          ds, "msi32", 0x10000);
    memory_region_init_io(&ds->msi64_mr, OBJECT(ds->phb), &pnv_phb4_msi64_ops,
                          ds, "msi64", 0x100000);
    update_msi_regions(ds);
}

/*
 * The P/Q bits of the MIST (IODA3 table 2: P bit 0, Q bit 1 of each
 * 16-bit entry).  While the PHB checks P/Q itself (PHB_CTRLR
 * IRQ_PQ_DISABLE clear: POWER9; skiboot phb4_init_ioda3 sets it on
 * POWER10 when the interrupt controller keeps P/Q instead), an entry's
 * P/Q are its MSI source's ESB state: writing an entry sets them
 * (skiboot phb4_set_ive_pe: the write "has the side effect of clearing
 * P/Q, so this shouldn't be called while the interrupt is hot"), and
 * reading it returns them.  That the entry's bits are the source's ESB
 * state is an inference from that comment; nothing reads the MIST back.
 */
static bool mist_pq_live(PnvPHB4 *phb, uint32_t src)
{
    return !(phb->regs[PHB_CTRLR >> 3] & PHB_CTRLR_IRQ_PQ_DISABLE) &&
           src < phb->xsrc.nr_irqs - PNV_PHB4_MAX_LSIs;
}

void pnv_phb4_msi_mist_written(PnvPHB4 *phb, unsigned word, unsigned pwv)
{
    unsigned n;

    for (n = 0; n < 4; n++) {
        uint32_t src = word * 4 + n;
        uint64_t e = extract64(phb->ioda_MIST[word], (3 - n) * 16, 16);

        if ((pwv & (8 >> n)) && mist_pq_live(phb, src)) {
            xive_source_esb_set(&phb->xsrc, src,
                                (e >> 15 ? XIVE_ESB_VAL_P : 0) |
                                ((e >> 14) & 1 ? XIVE_ESB_VAL_Q : 0));
        }
    }
}

uint64_t pnv_phb4_msi_mist_read(PnvPHB4 *phb, unsigned word)
{
    uint64_t val = phb->ioda_MIST[word];
    unsigned n;

    for (n = 0; n < 4; n++) {
        uint32_t src = word * 4 + n;
        uint8_t pq;

        if (mist_pq_live(phb, src)) {
            pq = xive_source_esb_get(&phb->xsrc, src);
            val = deposit64(val, (3 - n) * 16 + 14, 2,
                            (pq & XIVE_ESB_VAL_P ? 2 : 0) |
                            (pq & XIVE_ESB_VAL_Q ? 1 : 0));
        }
    }
    return val;
}
