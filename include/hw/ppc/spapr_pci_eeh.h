/*
 * sPAPR PHB: EEH for emulated devices
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PPC_SPAPR_PCI_EEH_H
#define HW_PPC_SPAPR_PCI_EEH_H

#include "exec/memory.h"
#include "hw/pci-host/pci_mmio_window.h"

typedef struct SpaprPhbState SpaprPhbState;
typedef struct SpaprTceTable SpaprTceTable;

/* The PE's EEH state (the PHB is one PE: one TCE table per PHB) */
typedef struct SpaprPhbEeh {
    bool enabled;               /* ibm,set-eeh-option enable */
    bool mmio_frozen;
    bool dma_frozen;
    bool reset_active;          /* ibm,set-slot-reset hot/fundamental */
    /* the first error since the PE was last thawed */
    bool err_valid;
    bool err_write;
    uint32_t err_liobn;
    uint64_t err_addr;
    uint64_t freezes;           /* counters, QOM eeh-freezes/-refused */
    uint64_t refused;
    AddressSpace mmio_as;
    MemoryRegion dma_hole;      /* DMA space outside every window */
    PciMmioWindow win32, win64;     /* the MMIO windows (pci_mmio_window.c) */
} SpaprPhbEeh;

void spapr_phb_eeh_realize(SpaprPhbState *sphb);
void spapr_phb_eeh_dma_init(SpaprPhbState *sphb);
void spapr_phb_eeh_reset(SpaprPhbState *sphb);
void spapr_phb_eeh_init_window(SpaprPhbState *sphb, MemoryRegion *mr,
                               PciMmioWindow *w, const char *name,
                               uint64_t pci_base, uint64_t size);

/* DMA: a translation of @tcet, faulted or refused as the PE's state says */
IOMMUTLBEntry spapr_phb_eeh_translate(SpaprTceTable *tcet, hwaddr addr,
                                      IOMMUAccessFlags flag,
                                      IOMMUTLBEntry ret);
/* MSI: true when the PE's DMA is stopped (the MSI is dropped) */
bool spapr_phb_eeh_msi_stopped(SpaprPhbState *sphb, uint16_t rid,
                               hwaddr addr);
/* An MSI the PHB refuses (another device's interrupt) */
void spapr_phb_eeh_msi_error(SpaprPhbState *sphb, uint16_t rid, hwaddr addr,
                             uint64_t data);

/* The PAPR EEH RTAS calls for emulated devices (LoPAR 7.3.11) */
int spapr_phb_eeh_set_option(SpaprPhbState *sphb, uint32_t addr, int option);
int spapr_phb_eeh_get_state(SpaprPhbState *sphb, int *state);
int spapr_phb_eeh_set_reset(SpaprPhbState *sphb, int option);
int spapr_phb_eeh_configure(SpaprPhbState *sphb);
int spapr_phb_eeh_error_detail(SpaprPhbState *sphb);

extern const VMStateDescription vmstate_spapr_phb_eeh;

#endif
