/*
 * sPAPR PHB: partitionable endpoints (PEs)
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PPC_SPAPR_PCI_PE_H
#define HW_PPC_SPAPR_PCI_PE_H

#include "exec/memory.h"
#include "hw/pci/pci.h"
#include "hw/ppc/spapr_pci_eeh.h"

/*
 * The LIOBNs (TCE tables) of a PE: the default window's, and two for
 * dynamic windows (DDW).  A PE has at most two windows at once
 * (ddw-windows), the default one included; with the default window
 * removed it may create two (LoPAR DDW: query "Windows Available"), and
 * neither may take the default window's LIOBN, which remove R3/R4 restore
 * with it.
 */
#define SPAPR_PCI_PE_MAX_WINDOWS        3

/*
 * The LIOBN of window @window of the PE of root-bus function @devfn: the
 * base's PHB LIOBN (0x80000000 | index << 8 | window) with devfn + 1 in
 * bits 16..24, so a PHB-wide PE's LIOBNs (bits 16..24 zero) stay as they
 * were and the PE is found from a LIOBN without a search.
 */
#define SPAPR_PCI_PE_LIOBN(phb_index, devfn, window) \
    (0x80000000u | (((devfn) + 1u) << 16) | ((phb_index) << 8) | (window))
#define SPAPR_PCI_PE_LIOBN_DEVFN(liobn)  ((int)(((liobn) >> 16) & 0x1ff) - 1)

typedef struct SpaprPhbState SpaprPhbState;
typedef struct SpaprMachineState SpaprMachineState;

typedef struct SpaprPciPe {
    struct rcu_head rcu;
    SpaprPhbState *sphb;
    int devfn;                  /* its root-bus function, -1: the PHB */
    uint32_t dma_liobn[SPAPR_PCI_PE_MAX_WINDOWS];
    SpaprPeEeh eeh;             /* its EEH state (spapr_pci_eeh.c) */
    bool ddw_limited;           /* DDW limited addressing (spapr_ddw.c) */
    /* a per-device PE's own DMA space (the PHB PE uses the PHB's) */
    MemoryRegion root;
    MemoryRegion msi;           /* the PHB's MSI window, seen from here */
    /* ... and below 4 GiB (SPAPR_PCI_MSI32_WINDOW), every PE */
    MemoryRegion msi32;
    AddressSpace as;
} SpaprPciPe;

/* Lifecycle, called by the PHB (hw/ppc/spapr_pci.c) */
void spapr_pci_pe_realize(SpaprPhbState *sphb);
void spapr_pci_pe_unrealize(SpaprPhbState *sphb);
void spapr_pci_pe_reset(SpaprPhbState *sphb);
AddressSpace *spapr_pci_pe_dma_as(SpaprPhbState *sphb, PCIBus *bus,
                                  int devfn);
void spapr_pci_pe_dma_reset(SpaprPciPe *pe);

/* Lookups: NULL when no PE has it */
/* The PE of the device (config address, BUID) names, if it exists */
SpaprPciPe *spapr_pci_pe_find(SpaprMachineState *spapr, uint64_t buid,
                              uint32_t config_addr);
SpaprPciPe *spapr_pci_pe_by_config(SpaprPhbState *sphb, uint32_t config_addr);
SpaprPciPe *spapr_pci_pe_by_rid(SpaprPhbState *sphb, uint16_t rid);
SpaprPciPe *spapr_pci_pe_by_liobn(SpaprPhbState *sphb, uint32_t liobn);
SpaprPciPe *spapr_pci_pe_by_mmio(SpaprPhbState *sphb, uint64_t pci_addr);
SpaprPciPe *spapr_pci_pe_by_io(SpaprPhbState *sphb, uint64_t port);
bool spapr_pci_pe_has_device(SpaprPciPe *pe, PCIDevice *dev);

/* ibm,get-config-addr-info2 function 0: the PE's configuration address */
uint32_t spapr_pci_pe_config_addr(SpaprPhbState *sphb, PCIDevice *dev);
/* ... function 1: RTAS_PE_MODE_NONE, _NOT_SHARED or _SHARED for @dev */
uint32_t spapr_pci_pe_mode(SpaprPhbState *sphb, PCIDevice *dev);
/* ... and the PE's own (its root-bus function's, or the PHB's 00000001) */
uint32_t spapr_pci_pe_addr(SpaprPciPe *pe);
/* For reports: the PHB index and PE address of window @tcet, or -1 */
void spapr_pci_pe_report_ids(SpaprTceTable *tcet, int *phb, int64_t *pe_addr);
/* "PE 00:02.0" or "PE (whole PHB)", for reports */
const char *spapr_pci_pe_name(SpaprPciPe *pe, char *buf, size_t len);

/* Device tree: a per-device PE's window and DDW tokens on its node */
void spapr_pci_pe_dt(SpaprPhbState *sphb, PCIDevice *dev, void *fdt,
                     int offset);
/* ibm,ddw-applicable and ibm,ddw-extensions (spapr_ddw.c) */
void spapr_ddw_dt(void *fdt, int offset);

extern const VMStateDescription vmstate_spapr_pci_pe;
extern const VMStateDescription vmstate_spapr_phb_pe;

#endif
