/*
 * PowerNV PHB3 PE state and EEH: freeze, error traps, LEM, PEST capture,
 * error injection
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB3_EEH_H
#define HW_PCI_HOST_PNV_PHB3_EEH_H

#include "hw/pci-host/pnv_ioda_tce.h"
#include "hw/pci-host/pnv_ioda_eeh.h"

typedef struct PnvPHB3 PnvPHB3;

/*
 * The ETU error traps (skiboot phb3_init_errors): the PHB core, outbound
 * (MMIO and config, "OUT"), inbound A and B (DMA and MSI).
 */
typedef enum PnvPhb3Trap {
    PNV_PHB3_TRAP_PHB,
    PNV_PHB3_TRAP_OUT,
    PNV_PHB3_TRAP_INA,
    PNV_PHB3_TRAP_INB,
    PNV_PHB3_TRAP__MAX,
} PnvPhb3Trap;

/* One error the PHB detected (the shared engine's) */
typedef PnvIodaEehError PnvPhb3Error;

#define PNV_PHB3_NO_PE                  PNV_IODA_NO_PE
#define PNV_PHB3_TTYPE_DMA_WRITE        PNV_IODA_TTYPE_DMA_WRITE
#define PNV_PHB3_TTYPE_MSI              PNV_IODA_TTYPE_MSI
#define PNV_PHB3_TTYPE_DMA_READ         PNV_IODA_TTYPE_DMA_READ
#define PNV_PHB3_TTYPE_MMIO_LOAD        PNV_IODA_TTYPE_MMIO_LOAD
#define PNV_PHB3_TTYPE_MMIO_STORE       PNV_IODA_TTYPE_MMIO_STORE
#define PNV_PHB3_TTYPE_OTHER            PNV_IODA_TTYPE_OTHER

/* Error injection targets (PHB_PAPR_ERR_INJ_CTL INB / OUTB / CFG) */
typedef PnvIodaInjKind PnvPhb3InjKind;
#define PNV_PHB3_INJ_DMA                PNV_IODA_INJ_DMA
#define PNV_PHB3_INJ_MMIO               PNV_IODA_INJ_MMIO
#define PNV_PHB3_INJ_CFG                PNV_IODA_INJ_CFG

/* The engine's configuration for this PHB (at realize) */
void pnv_phb3_eeh_init(PnvPHB3 *phb);

/* PE state */
bool pnv_phb3_pe_dma_stopped(PnvPHB3 *phb, uint32_t pe);
bool pnv_phb3_pe_mmio_frozen(PnvPHB3 *phb, uint32_t pe);
uint64_t pnv_phb3_peev_frozen(PnvPHB3 *phb, unsigned word);
bool pnv_phb3_fenced(PnvPHB3 *phb);

/* The PHB detected an error: trap it, freeze or fence, interrupt */
void pnv_phb3_eeh_error(PnvPHB3 *phb, const PnvPhb3Error *err);
/* A DMA translation fault of the TCE engine */
void pnv_phb3_eeh_dma_fault(PnvPHB3 *phb, PnvIodaFault f, uint32_t pe,
                            uint32_t rid, uint64_t addr, bool is_write);
/* An MSI rejected by the PE check or beyond the IVT */
void pnv_phb3_eeh_msi_error(PnvPHB3 *phb, uint32_t pe, uint32_t rid,
                            uint64_t addr, uint32_t data, bool beyond_ivt);
/* An MMIO access at @addr (AIB) in @pe's segment no device claimed */
void pnv_phb3_eeh_mmio_ur(PnvPHB3 *phb, uint32_t pe, uint64_t addr,
                          bool is_write);
/* A config access (PHB_CONFIG_ADDRESS) no device answered */
void pnv_phb3_eeh_config_ur(PnvPHB3 *phb, bool is_write);
/*
 * Whether the armed PAPR error injection hits this transaction; if so the
 * error is raised (and the injection disarmed unless sticky).
 */
bool pnv_phb3_eeh_inject_hit(PnvPHB3 *phb, PnvPhb3InjKind kind, bool is_write,
                             uint64_t addr, uint32_t pe, uint32_t rid);

/* Registers: true when @off belongs to the EEH model */
bool pnv_phb3_eeh_reg_write(PnvPHB3 *phb, hwaddr off, uint64_t val);
bool pnv_phb3_eeh_reg_read(PnvPHB3 *phb, hwaddr off, uint64_t *val);

/* Whether PHB LSI @lsi is an error interrupt (an event, not a level) */
bool pnv_phb3_eeh_error_lsi(unsigned lsi);

void pnv_phb3_eeh_reset(PnvPHB3 *phb);

#endif
