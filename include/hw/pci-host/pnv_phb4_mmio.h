/*
 * PowerNV PHB4/PHB5 MMIO routing: the MMIO BAR table (MBT) and the MMIO
 * domain table (MDT), MMIO to PE
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB4_MMIO_H
#define HW_PCI_HOST_PNV_PHB4_MMIO_H

#include "exec/memory.h"
#include "hw/pci-host/pci_mmio_window.h"

typedef struct PnvPHB4 PnvPHB4;

/* One MBT BAR's outbound window */
typedef struct PnvPhb4MmioWindow {
    MemoryRegion mr;
    PciMmioWindow win;      /* the forwarding, asking whether a PE may pass */
    PnvPHB4 *phb;
    unsigned bar;           /* MBT BAR number */
    bool enabled;           /* MBT0 enable; mapped if a PEC BAR holds it */
    bool m32;               /* MBT0 type: M32 (else M64) */
    unsigned mode;          /* IODA3_MBT0_MODE_* */
    unsigned mdt_column;    /* MDT mode: column A..D (0..3) */
    uint32_t segments;      /* PE-segmented and MDT modes */
    uint64_t seg_size;      /* bytes per segment (of the uncut BAR) */
    uint32_t pe;            /* single-PE mode: the PE; PE-segmented: base */
    uint64_t aib_base;      /* the window's AIB (CPU) address */
    uint64_t pci_base;      /* the PCI address it starts at */
    uint64_t size;          /* bytes mapped (M32: cut at 4G) */
} PnvPhb4MmioWindow;

void pnv_phb4_mmio_init(PnvPHB4 *phb);
/* MBT BAR @index changed (or the PEC windows, M32 start, M64 upper bits) */
void pnv_phb4_mmio_check_mbt(PnvPHB4 *phb, uint32_t index);
/* The PE an MMIO access at @off of window @w belongs to */
uint32_t pnv_phb4_mmio_pe(PnvPhb4MmioWindow *w, uint64_t off);
/* "info pnv-phb": the enabled MBT BARs */
void pnv_phb4_mmio_print_info(PnvPHB4 *phb, GString *buf);

#endif
