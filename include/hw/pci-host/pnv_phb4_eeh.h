/*
 * PowerNV PHB4/PHB5 PE state and EEH: the POWER9/POWER10 front end of the
 * shared PE state and error capture (pnv_ioda_eeh.c)
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB4_EEH_H
#define HW_PCI_HOST_PNV_PHB4_EEH_H

#include "hw/pci-host/pnv_ioda_tce.h"
#include "hw/pci-host/pnv_ioda_eeh.h"

typedef struct PnvPHB4 PnvPHB4;

/*
 * The five ETU error traps (skiboot include/phb4-regs.h, phb4_init_errors):
 * the PHB core 0xc80, outbound (TXE) 0xd00, inbound arbitration (RXE_ARB)
 * 0xd80, merge (RXE_MRG) 0xe00 and TCE (RXE_TCE) 0xe80.
 */
typedef enum PnvPhb4Trap {
    PNV_PHB4_TRAP_PHB,
    PNV_PHB4_TRAP_TXE,
    PNV_PHB4_TRAP_RXE_ARB,
    PNV_PHB4_TRAP_RXE_MRG,
    PNV_PHB4_TRAP_RXE_TCE,
    PNV_PHB4_TRAP__MAX,
} PnvPhb4Trap;

/* Why the PHB refused an MSI */
typedef enum PnvPhb4MsiError {
    PNV_PHB4_MSI_WRONG_PE,      /* the source's MIST entry names another PE */
    PNV_PHB4_MSI_LSI,           /* the source is one of the PHB's LSIs */
    PNV_PHB4_MSI_BEYOND,        /* no such source */
    PNV_PHB4_MSI_SIZE,          /* not a naturally aligned 4-byte write */
} PnvPhb4MsiError;

/* The engine's configuration for this PHB (at realize) */
void pnv_phb4_eeh_init(PnvPHB4 *phb);

/* PE state */
bool pnv_phb4_fenced(PnvPHB4 *phb);
bool pnv_phb4_pe_dma_stopped(PnvPHB4 *phb, uint32_t pe);
bool pnv_phb4_pe_mmio_frozen(PnvPHB4 *phb, uint32_t pe);

/* A DMA translation fault of the TCE engine */
void pnv_phb4_eeh_dma_fault(PnvPHB4 *phb, PnvIodaFault f, uint32_t pe,
                            uint32_t rid, uint64_t addr, bool is_write);
/* An MSI the PHB refused */
void pnv_phb4_eeh_msi_error(PnvPHB4 *phb, PnvPhb4MsiError why, uint32_t pe,
                            uint32_t rid, uint64_t addr, uint64_t data);
/* An MMIO access at AIB address @addr in @pe's segment no device claimed */
void pnv_phb4_eeh_mmio_ur(PnvPHB4 *phb, uint32_t pe, uint64_t addr,
                          bool is_write);
/* A config access (PHB_CONFIG_ADDRESS) no device answered */
void pnv_phb4_eeh_config_ur(PnvPHB4 *phb, bool is_write);
/*
 * Whether the armed PAPR error injection hits this transaction; if so the
 * error is raised (and the injection disarmed unless sticky).
 */
bool pnv_phb4_eeh_inject_hit(PnvPHB4 *phb, PnvIodaInjKind kind, bool is_write,
                             uint64_t addr, uint32_t pe, uint32_t rid);

/* Registers: true when @off belongs to the EEH model */
bool pnv_phb4_eeh_reg_write(PnvPHB4 *phb, hwaddr off, uint64_t val);
bool pnv_phb4_eeh_reg_read(PnvPHB4 *phb, hwaddr off, uint64_t *val);
/* IODA3 tables PESTA, PESTB and PEEV: true when @table is one of them */
bool pnv_phb4_eeh_ioda_read(PnvPHB4 *phb, unsigned table, unsigned idx,
                            uint64_t *val);
bool pnv_phb4_eeh_ioda_write(PnvPHB4 *phb, unsigned table, unsigned idx,
                             uint64_t val);
/* PEC stack registers: the nest FIR (fence) and the ETU reset */
void pnv_phb4_eeh_nest_fir_changed(PnvPHB4 *phb);
void pnv_phb4_eeh_etu_reset(PnvPHB4 *phb, bool assert);

/* The error interrupt's level after a migration */
void pnv_phb4_eeh_post_load(PnvPHB4 *phb);
void pnv_phb4_eeh_reset(PnvPHB4 *phb);

#endif
