/*
 * PowerNV PHB3 MMIO routing: M32 and M64 windows, MMIO to PE
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB3_MMIO_H
#define HW_PCI_HOST_PNV_PHB3_MMIO_H

#include "exec/memory.h"
#include "hw/pci-host/pci_mmio_window.h"

typedef struct PnvPHB3 PnvPHB3;

/* One outbound window: the M32 window or an M64 BAR */
typedef struct PnvPhb3MmioWindow {
    MemoryRegion mr;
    PciMmioWindow win;      /* the forwarding, asking window_refuses */
    PnvPHB3 *phb;
    int m64;                /* M64 BAR number, -1 for the M32 window */
    uint64_t aib_base;      /* the window's AIB (CPU) address */
    uint64_t pci_base;      /* the PCI address it starts at */
    uint64_t size;
    /*
     * The PE of a single-PE M64 BAR (PE_HI || PE_LOW, up to 1023: one
     * beyond the 256 PEs matches no PE state), else PNV_PHB3_NO_PE
     */
    uint32_t single_pe;
} PnvPhb3MmioWindow;

void pnv_phb3_mmio_init(PnvPHB3 *phb);
void pnv_phb3_check_m32(PnvPHB3 *phb);
void pnv_phb3_check_m64(PnvPHB3 *phb, uint32_t index);
void pnv_phb3_check_all_m64s(PnvPHB3 *phb);

/* The PE an MMIO access at @off of window @w belongs to */
uint32_t pnv_phb3_mmio_pe(PnvPhb3MmioWindow *w, uint64_t off);

#endif
