/*
 * PowerNV PHB4/PHB5 MMIO routing: the MMIO BAR table (MBT) and the MMIO
 * domain table (MDT), MMIO to PE
 *
 * The PHB forwards CPU loads and stores that fall in one of its MBT BARs
 * to PCI, each access belonging to a PE by where it falls (skiboot
 * include/phb4-regs.h IODA3_MBT0_*, IODA3_MBT1_*, IODA3_MDT_PE_*; hw/phb4.c
 * phb4_init_ioda_cache, phb4_set_phb_mem_window, phb4_phb_mmio_enable,
 * phb4_map_pe_mmio_window; docs/devel/powerio-phb4-eeh-facts.rst e.):
 *
 * - MBT (IODA3 table 16), two words per BAR.  MBT0: enable 0, type 1
 *   (M32), mode 2:3, segment divider or MDT column 4:5, AIB base 8:51 (4K
 *   units).  MBT1: mask 8:51, segment base or PE 55:63.
 * - The PCI address: an M32 BAR starts at PHB_M32_START_ADDR and stops at
 *   4 GB; an M64 BAR is its AIB address ORed with PHB_M64_UPPER_BITS.  A
 *   BAR outside the PEC stack's MMIO BARs is not mapped.
 * - PE-segmented (mode 0): the BAR is cut into 8, 64, 128 or num_pes equal
 *   segments (divider 3, 2, 1, 0), segment i belonging to PE (segment base
 *   + i).  MDT (mode 1): num_pes segments, segment i belonging to the PE
 *   of the BAR's column (A..D) of MDT[i] (IODA3 table 17): skiboot's M32
 *   BAR 0 uses column A, filled by phb4_map_pe_mmio_window; Linux's
 *   m32_segsize is the M32 size / num_pes.  Single PE (mode 2): the PE of
 *   MBT1 55:63, what skiboot makes of any M64 BAR a PE is mapped to.
 *   Cutting a window into fewer segments with the smaller dividers is
 *   inferred: no public source says how the hardware aliases them.
 * - Overlapping BARs: the lowest-numbered wins.  Linux puts its SR-IOV
 *   BARs (pnv_ioda_map_m64_single/_segmented, from BAR 0 up) inside its
 *   default M64 window, the last BAR (pnv_ioda2_init_m64); skiboot says so
 *   of the PHB3 ("First window always wins based on the ascending
 *   searching priority", phb3_init_ioda2), nothing of the PHB4: inferred.
 *
 * Each access: a fenced PHB returns all-ones and drops stores; a PE whose
 * MMIO is frozen (PESTA bit 0) likewise; an armed PAPR error injection
 * that matches fails the access; an access no device claims ends in an
 * Unsupported Request (the EEH model, pnv_phb4_eeh.c).  A PE number the
 * PHB does not have (a segment base + i, an MDT entry or a single PE of
 * num_pes or more) matches no PE state.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/pci-host/pnv_phb4.h"
#include "hw/pci-host/pnv_phb4_regs.h"
#include "hw/pci-host/pnv_phb4_dma.h"
#include "hw/pci-host/pnv_phb4_eeh.h"
#include "hw/pci-host/pnv_phb4_mmio.h"
#include "trace.h"

#define M32_LIMIT       0x100000000ULL

static const char *const mode_name[] = {
    [IODA3_MBT0_MODE_PE_SEG] = "PE-segmented",
    [IODA3_MBT0_MODE_MDT] = "MDT",
    [IODA3_MBT0_MODE_SINGLE_PE] = "single-PE",
    [3] = "reserved",
};

uint32_t pnv_phb4_mmio_pe(PnvPhb4MmioWindow *w, uint64_t off)
{
    uint64_t seg;

    if (w->mode == IODA3_MBT0_MODE_SINGLE_PE) {
        return w->pe;
    }
    /* a mask with holes leaves a remainder: it goes to the last segment */
    seg = MIN(off / w->seg_size, w->segments - 1);
    if (w->mode == IODA3_MBT0_MODE_PE_SEG) {
        return w->pe + seg;
    }
    /* MDT: column A in bits 0:15 ... D in 48:63 (IODA3_MDT_PE_A..D) */
    return extract64(w->phb->ioda_MDT[seg], 48 - 16 * w->mdt_column, 16);
}

static bool window_refuses(PciMmioWindow *pw, hwaddr off, bool is_write)
{
    PnvPhb4MmioWindow *w = pw->opaque;
    PnvPHB4 *phb = w->phb;
    uint32_t pe = pnv_phb4_mmio_pe(w, off);

    if (pnv_phb4_fenced(phb) || pnv_phb4_pe_mmio_frozen(phb, pe)) {
        trace_pnv_phb4_mmio_frozen(phb->chip_id, phb->phb_id, pe,
                                   w->aib_base + off, is_write);
        phb->mmio_refused++;
        return true;
    }
    return pnv_phb4_eeh_inject_hit(phb, PNV_IODA_INJ_MMIO, is_write,
                                   w->aib_base + off, pe, 0);
}

/* An access no device claimed: Unsupported Request */
static void unsupported_request(PciMmioWindow *pw, hwaddr off, bool is_write)
{
    PnvPhb4MmioWindow *w = pw->opaque;

    pnv_phb4_eeh_mmio_ur(w->phb, pnv_phb4_mmio_pe(w, off), w->aib_base + off,
                         is_write);
}

static const PciMmioWindowOps pnv_phb4_window_ops = {
    .refuse = window_refuses,
    .unclaimed = unsupported_request,
};

/* BAR i outranks BAR i + 1 whatever the programming order (see above) */
static int window_priority(PnvPhb4MmioWindow *w)
{
    return PNV_PHB4_MAX_MMIO_WINDOWS - w->bar;
}

/*
 * Place window @w at its AIB address if one of the PEC stack's MMIO BARs
 * holds it (the base's pnv_phb4_check_mbt: mmio0, then mmio1)
 */
static bool map_window(PnvPhb4MmioWindow *w)
{
    PnvPHB4 *phb = w->phb;
    MemoryRegion *parent;
    uint64_t base = w->aib_base;

    if (memory_region_is_mapped(&phb->mmbar0) &&
        base >= phb->mmio0_base &&
        base + w->size <= phb->mmio0_base + phb->mmio0_size) {
        parent = &phb->mmbar0;
        base -= phb->mmio0_base;
    } else if (memory_region_is_mapped(&phb->mmbar1) &&
               base >= phb->mmio1_base &&
               base + w->size <= phb->mmio1_base + phb->mmio1_size) {
        parent = &phb->mmbar1;
        base -= phb->mmio1_base;
    } else {
        return false;
    }
    /*
     * The region was made once (pnv_phb4_mmio_init): reprogramming only
     * resizes and moves it.  (The base made a new alias each time: on the
     * PHB3 the fuzzer turned that into ever more QOM children.)
     */
    w->win.pci_base = w->pci_base;
    memory_region_set_size(&w->mr, w->size);
    memory_region_add_subregion_overlap(parent, base, &w->mr,
                                        window_priority(w));
    return true;
}

static void unmap_window(PnvPhb4MmioWindow *w)
{
    if (memory_region_is_mapped(&w->mr)) {
        memory_region_del_subregion(w->mr.container, &w->mr);
    }
}

/* The segments of a PE-segmented BAR (IODA3_MBT0_SEG_DIV) */
static uint32_t seg_div_segments(PnvPHB4 *phb, unsigned div)
{
    switch (div) {
    case IODA3_MBT0_SEG_DIV_128:
        return 128;
    case IODA3_MBT0_SEG_DIV_64:
        return 64;
    case IODA3_MBT0_SEG_DIV_8:
        return 8;
    default:
        return pnv_phb4_num_pes(phb);
    }
}

#define bad_mbt(phb, index, fmt, ...)                                     \
    pci_io_report(PCI_IO_REPORT_BAD_PROGRAMMING, (phb)->phb_id,           \
                  PCI_IO_REPORT_NO_PE, "phb4[%d:%d]: MBT BAR %u " fmt "\n", \
                  (phb)->chip_id, (phb)->phb_id, (index), ## __VA_ARGS__)

void pnv_phb4_mmio_check_mbt(PnvPHB4 *phb, uint32_t index)
{
    PnvPhb4MmioWindow *w;
    uint64_t mbe0, mbe1, full;

    if (index >= PNV_PHB4_MAX_MMIO_WINDOWS) {
        return;
    }
    w = &phb->mbt_win[index];
    unmap_window(w);
    w->enabled = false;

    /* Enable: MBT0 bit 0; the base copies it into the other word */
    mbe0 = phb->ioda_MBT[index << 1];
    mbe1 = phb->ioda_MBT[(index << 1) | 1];
    if (!(mbe0 & IODA3_MBT0_ENABLE)) {
        return;
    }
    w->enabled = true;
    w->m32 = !!(mbe0 & IODA3_MBT0_TYPE_M32);
    w->mode = GETFIELD(IODA3_MBT0_MODE, mbe0);
    w->aib_base = GETFIELD(IODA3_MBT0_BASE_ADDR, mbe0) << 12;
    w->pci_base = 0;
    w->size = 0;
    /*
     * No mask: skiboot's phb4_phb_mmio_enable refuses it ("invalid
     * base/mask might cause fenced AIB"), yet passes through it when it
     * enables a BAR, writing MBT0 (enable copied into MBT1) before MBT1's
     * mask.  Not mapped, and not reported: the next write completes it.
     */
    if (!GETFIELD(IODA3_MBT1_MASK, mbe1)) {
        return;
    }
    full = ~((GETFIELD(IODA3_MBT1_MASK, mbe1) << 12) |
             0xff00000000000000ULL) + 1;
    w->size = full;

    switch (w->mode) {
    case IODA3_MBT0_MODE_PE_SEG:
        w->segments = seg_div_segments(phb,
                                       GETFIELD(IODA3_MBT0_SEG_DIV, mbe0));
        w->pe = GETFIELD(IODA3_MBT1_SEG_BASE, mbe1);
        break;
    case IODA3_MBT0_MODE_MDT:
        w->segments = pnv_phb4_num_pes(phb);
        w->mdt_column = GETFIELD(IODA3_MBT0_MDT_COLUMN, mbe0);
        break;
    case IODA3_MBT0_MODE_SINGLE_PE:
        w->segments = 1;
        w->pe = GETFIELD(IODA3_MBT1_SINGLE_PE_NUM, mbe1);
        break;
    default:
        bad_mbt(phb, index, "mode 3 (reserved): not mapped");
        return;
    }
    /* A segment is 8 bytes at least: 4K / 512 */
    w->seg_size = full / w->segments;

    if (w->m32) {
        /* M32: from PHB_M32_START_ADDR on, below 4G (the base's clip) */
        w->pci_base = phb->regs[PHB_M32_START_ADDR >> 3];
        if (w->pci_base >= M32_LIMIT) {
            bad_mbt(phb, index, "M32 start 0x%" PRIx64
                    " beyond 4G: not mapped", w->pci_base);
            return;
        }
        if (w->pci_base + w->size > M32_LIMIT) {
            w->size = M32_LIMIT - w->pci_base;
            bad_mbt(phb, index, "M32 set beyond 4G: cut to 0x%" PRIx64
                    " bytes", w->size);
        }
    } else {
        w->pci_base = w->aib_base | phb->regs[PHB_M64_UPPER_BITS >> 3];
    }

    if (!map_window(w)) {
        /*
         * With both PEC MMIO BARs off there is nothing to map into, and
         * nothing to report: pnv_pec_phb_update_map (a stack BAR write, an
         * incoming migration) rechecks every BAR with them off first.
         */
        if (memory_region_is_mapped(&phb->mmbar0) ||
            memory_region_is_mapped(&phb->mmbar1)) {
            bad_mbt(phb, index, "at AIB 0x%" PRIx64 " size 0x%" PRIx64
                    " outside the PEC MMIO BARs: not mapped", w->aib_base,
                    w->size);
        }
        return;
    }
    trace_pnv_phb4_mmio_window(phb->chip_id, phb->phb_id, index,
                               mode_name[w->mode], w->aib_base, w->pci_base,
                               w->size);
}

void pnv_phb4_mmio_print_info(PnvPHB4 *phb, GString *buf)
{
    unsigned i;

    for (i = 0; i < PNV_PHB4_MAX_MMIO_WINDOWS; i++) {
        PnvPhb4MmioWindow *w = &phb->mbt_win[i];

        if (!w->enabled) {
            continue;
        }
        g_string_append_printf(buf, "  MBT#%u %s %s AIB 0x%" PRIx64
                               " size 0x%" PRIx64 " -> PCI 0x%" PRIx64,
                               i, w->m32 ? "M32" : "M64",
                               mode_name[w->mode], w->aib_base, w->size,
                               w->pci_base);
        switch (w->mode) {
        case IODA3_MBT0_MODE_PE_SEG:
            g_string_append_printf(buf, ", %u segments from PE#%u",
                                   w->segments, w->pe);
            break;
        case IODA3_MBT0_MODE_MDT:
            g_string_append_printf(buf, ", MDT column %c",
                                   'A' + w->mdt_column);
            break;
        case IODA3_MBT0_MODE_SINGLE_PE:
            g_string_append_printf(buf, ", PE#%u", w->pe);
            break;
        }
        g_string_append(buf, memory_region_is_mapped(&w->mr) ? "\n" :
                        " (not mapped)\n");
    }
    g_string_append_printf(buf, "  MMIO refused: %" PRIu64 "\n",
                           phb->mmio_refused);
}

void pnv_phb4_mmio_init(PnvPHB4 *phb)
{
    unsigned i;

    address_space_init(&phb->pci_mmio_as, &phb->pci_mmio, "phb4-pci-mmio");
    for (i = 0; i < PNV_PHB4_MAX_MMIO_WINDOWS; i++) {
        PnvPhb4MmioWindow *w = &phb->mbt_win[i];
        g_autofree char *name = g_strdup_printf("phb4-mbar%u", i);

        w->phb = phb;
        w->bar = i;
        pci_mmio_window_init(&w->win, &w->mr, OBJECT(phb), name, 0,
                             &phb->pci_mmio_as, 0, &pnv_phb4_window_ops, w);
    }
    object_property_add_uint64_ptr(OBJECT(phb), "mmio-refused",
                                   &phb->mmio_refused, OBJ_PROP_FLAG_READ);
}
