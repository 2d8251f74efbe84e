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
#include "hw/pci/pci.h"

typedef struct SpaprPhbState SpaprPhbState;
typedef struct SpaprTceTable SpaprTceTable;

/* A PE's EEH state (each PE: the whole PHB, or a device, spapr_pci_pe.h) */
typedef struct SpaprPeEeh {
    bool enabled;               /* ibm,set-eeh-option enable */
    bool mmio_frozen;
    bool dma_frozen;
    bool reset_active;          /* ibm,set-slot-reset hot/fundamental */
    /* the first error since the PE was last thawed */
    bool err_valid;
    bool err_write;
    uint32_t err_liobn;
    uint64_t err_addr;
    uint8_t err_what[64];       /* what it was, a string */
    bool unavailable;           /* permanently (slot-error-detail 2) */
    /* an injected error waiting for its access (ibm,errinjct) */
    uint32_t inj_fn;            /* its LoPAR function, or ..._NONE */
    uint64_t inj_addr;
    uint64_t inj_mask;          /* 1 bits are compared */
    MemoryRegion dma_hole;      /* its DMA space outside every window */
} SpaprPeEeh;

/* No injected error armed */
#define SPAPR_ERRINJCT_NONE     UINT32_MAX

/* The accesses an injected error (hw/ppc/spapr_errinjct.c) waits for */
enum {
    SPAPR_ERRINJCT_MMIO_LOAD,
    SPAPR_ERRINJCT_MMIO_STORE,
    SPAPR_ERRINJCT_CFG_LOAD,
    SPAPR_ERRINJCT_CFG_STORE,
    SPAPR_ERRINJCT_DMA_READ,
    SPAPR_ERRINJCT_DMA_WRITE,
};

/* The PHB's part: counters, the MMIO and I/O windows */
typedef struct SpaprPhbEeh {
    uint64_t freezes;           /* counters, QOM eeh-freezes/-refused */
    uint64_t refused;
    AddressSpace mmio_as;
    PciMmioWindow win32, win64;     /* the MMIO windows (pci_mmio_window.c) */
    AddressSpace io_as;
    PciMmioWindow winio;            /* the I/O window */
    bool config_open;           /* property eeh-config-open (KVM's way) */
} SpaprPhbEeh;

/* RTAS status "unexpected state change" (LoPAR PE State Control) */
#define SPAPR_EEH_RTAS_STATE_CHANGE     -7

typedef struct SpaprPciPe SpaprPciPe;

void spapr_phb_eeh_realize(SpaprPhbState *sphb);
void spapr_phb_eeh_unrealize(SpaprPhbState *sphb);
/* The PE's DMA space outside every window (@dma_root: its DMA space) */
void spapr_pe_eeh_dma_init(SpaprPciPe *pe, MemoryRegion *dma_root);
void spapr_pe_eeh_reset(SpaprPciPe *pe);
void spapr_phb_eeh_init_window(SpaprPhbState *sphb, MemoryRegion *mr,
                               PciMmioWindow *w, const char *name,
                               uint64_t pci_base, uint64_t size);
/* The I/O window over @iospace: port I/O of a stopped PE is refused */
void spapr_phb_eeh_init_io_window(SpaprPhbState *sphb, MemoryRegion *mr,
                                  MemoryRegion *iospace, const char *name,
                                  uint64_t size);

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

/*
 * The access (SPAPR_ERRINJCT_*) an ioa-bus-error function waits for, -1
 * for one not modelled (IO space, unknown) and for SPAPR_ERRINJCT_NONE
 */
int spapr_errinjct_kind(uint32_t fn);
/* Arm the injected error @fn of the PE, or disarm (SPAPR_ERRINJCT_NONE) */
void spapr_pe_errinjct_arm(SpaprPciPe *pe, uint32_t fn, uint64_t addr,
                           uint64_t mask);
/*
 * Whether a config access (RTAS read/write-pci-config) fails: a read of a
 * PE stopped or in reset (all-ones, as PowerVM does), or an access that
 * takes an injected error
 */
bool spapr_phb_eeh_config_refused(SpaprPhbState *sphb, PCIDevice *dev,
                                  uint32_t reg, bool is_write);

/* The PAPR EEH RTAS calls for emulated devices (LoPAR 7.3.11) */
int spapr_phb_eeh_set_option(SpaprPhbState *sphb, uint32_t addr, int option);
int spapr_phb_eeh_get_state(SpaprPhbState *sphb, uint32_t addr, int *state);
int spapr_phb_eeh_set_reset(SpaprPhbState *sphb, uint32_t addr, int option);
int spapr_phb_eeh_configure(SpaprPhbState *sphb, uint32_t addr);
int spapr_phb_eeh_error_detail(SpaprPhbState *sphb, uint32_t addr,
                               uint64_t drv_buf, uint32_t drv_len,
                               uint64_t buf, uint32_t buf_len,
                               uint32_t function);

/*
 * The error log ibm,slot-error-detail returns (spapr_pci_errlog.c), into
 * @buf of @max (at least RTAS_ERROR_LOG_MAX) bytes; returns its length
 */
size_t spapr_pe_error_log(SpaprPciPe *pe, bool permanent, uint8_t *buf,
                          size_t max, const uint8_t *drv, size_t drv_len);

extern const VMStateDescription vmstate_spapr_pe_eeh;

#endif
