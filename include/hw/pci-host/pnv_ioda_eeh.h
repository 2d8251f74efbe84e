/*
 * PowerNV IODA PE state and error capture, shared by the PHB generations
 *
 * What IODA2 (PHB3) and IODA3 (PHB4/PHB5) share when the PHB detects an
 * error: the ETU error traps (status, first-error status, two logs, the
 * LEM/IRQ/freeze/fence enables and two masks, 0x80 apart from 0xc80), the
 * LEM register block at 0xc00, the PE state (PESTA bit 0 "MMIO frozen",
 * PESTB bit 0 "DMA stopped") and PEEV derived from it, the freeze of a PE
 * with the PEs of its PELTV row, the 16-byte in-memory PEST entry of the
 * first error (PEST0 cause, transaction type, LEM bit, RID, MSI data;
 * PEST1 the failing address), PHB_ETU_ERR_SUMMARY, and the PAPR error
 * injection registers (PHB_PAPR_ERR_INJ_CTL/ADDR/MASK).  Sources: skiboot
 * hw/phb3.c and hw/phb4.c (phb*_init_errors, phb*_eeh_freeze_status,
 * phb*_read_phb_status, phb*_err_inject_*), include/phb3-regs.h and
 * include/phb4-regs.h, which give both PHBs these registers at the same
 * offsets; docs/devel/powerio-phb4-eeh-facts.rst.
 *
 * A generation front end (pnv_phb3_eeh.c) says which trap and status bit
 * each error sets, which LEM bit a trap reports to, how the PHB fences
 * and how it interrupts.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_IODA_EEH_H
#define HW_PCI_HOST_PNV_IODA_EEH_H

#include "exec/hwaddr.h"

#define PNV_IODA_EEH_MAX_TRAPS  5
#define PNV_IODA_NO_PE          UINT32_MAX

/* PEST0 transaction types (skiboot PEST_TTYPE_*) */
#define PNV_IODA_TTYPE_DMA_WRITE        0
#define PNV_IODA_TTYPE_MSI              1
#define PNV_IODA_TTYPE_DMA_READ         2
#define PNV_IODA_TTYPE_MMIO_LOAD        4
#define PNV_IODA_TTYPE_MMIO_STORE       5
#define PNV_IODA_TTYPE_OTHER            7

/* One error the PHB detected, as its error traps see it */
typedef struct PnvIodaEehError {
    unsigned trap;              /* which error trap */
    int bit;                    /* IBM bit in the trap's status register */
    uint64_t pest0;             /* PEST0 cause bits */
    unsigned ttype;             /* PNV_IODA_TTYPE_* */
    uint32_t pe;                /* PE of the transaction or PNV_IODA_NO_PE */
    uint32_t rid;
    uint64_t addr;              /* failing DMA/MSI/MMIO address */
    uint32_t msi_data;
    const char *what;           /* the error, for the report */
    bool quiet;                 /* expected of firmware: traced only */
} PnvIodaEehError;

/* What an error did, for the front end's LEM bit choice */
typedef enum PnvIodaEehOutcome {
    PNV_IODA_EEH_RECORDED,      /* neither freeze nor fence enabled */
    PNV_IODA_EEH_FROZE,
    PNV_IODA_EEH_FENCED,
} PnvIodaEehOutcome;

typedef struct PnvIodaEehOps {
    /* the LEM FIR bit an error of @trap with @outcome reports to */
    int (*lem_bit)(void *opaque, unsigned trap, PnvIodaEehOutcome outcome);
    /* fence the PHB */
    void (*fence)(void *opaque);
    /* raise the error interrupt (ER for a freeze or fence, else INF) */
    void (*interrupt)(void *opaque, bool er);
} PnvIodaEehOps;

/* PAPR error injection targets (PHB_PAPR_ERR_INJ_CTL INB / OUTB / CFG) */
typedef enum PnvIodaInjKind {
    PNV_IODA_INJ_DMA,
    PNV_IODA_INJ_MMIO,
    PNV_IODA_INJ_CFG,
    PNV_IODA_INJ__MAX,
} PnvIodaInjKind;

/* The trap and status bit an injected error of one kind sets */
typedef struct PnvIodaInjTrap {
    unsigned trap;
    int bit;
} PnvIodaInjTrap;

typedef struct PnvIodaEeh {
    const char *name;           /* "phb3[0:1]", for reports */
    int phb_index;              /* for reports (pci_io_report.h) */
    uint32_t num_pes;
    uint64_t *regs;             /* the PHB's register file (offset >> 3) */
    uint64_t *pesta;            /* per PE; bit 0 MMIO frozen */
    uint64_t *pestb;            /* per PE; bit 0 DMA stopped */
    unsigned num_traps;
    const char *const *trap_names;
    uint64_t pest_base_mask;    /* address field of PHB_PEST_BAR */
    uint64_t peltv_base_mask;   /* address field of PHB_PELTV_BAR */
    bool *inject_sticky;        /* every PAPR injection sticky (property) */
    PnvIodaInjTrap inj_trap[PNV_IODA_INJ__MAX];
    const PnvIodaEehOps *ops;
    void *opaque;
} PnvIodaEeh;

/* PE state */
bool pnv_ioda_eeh_dma_stopped(PnvIodaEeh *e, uint32_t pe);
bool pnv_ioda_eeh_mmio_frozen(PnvIodaEeh *e, uint32_t pe);
uint64_t pnv_ioda_eeh_peev(PnvIodaEeh *e, unsigned word);

/* The PHB detected an error: trap it, freeze or fence, interrupt, report */
void pnv_ioda_eeh_error(PnvIodaEeh *e, const PnvIodaEehError *err);

/*
 * A config access no device answered (Unsupported Request) with
 * PHB_CONFIG_ADDRESS naming @pe, @bdfn and register @off, raised in the
 * front end's @trap and @bit; a vendor-ID read (how firmware probes) is
 * only traced
 */
void pnv_ioda_eeh_config_ur(PnvIodaEeh *e, unsigned trap, int bit,
                            bool is_write, uint32_t pe, uint16_t bdfn,
                            uint32_t off);

/*
 * Whether the armed PAPR error injection of @kind matches this access
 * (skiboot phb*_err_inject_*: MMIO by address bits 16:63, config by
 * bus/devfn in bits 4:19, DMA by the whole address); if so the injection
 * is spent unless sticky.  The front end then raises the error.
 */
bool pnv_ioda_eeh_inject_match(PnvIodaEeh *e, PnvIodaInjKind kind,
                               bool is_write, uint64_t addr, uint32_t rid);
/*
 * Whether the armed injection hits this transaction of @pe; if so the
 * error is raised in the trap and bit inj_trap[@kind] names
 */
bool pnv_ioda_eeh_inject_hit(PnvIodaEeh *e, PnvIodaInjKind kind,
                             bool is_write, uint64_t addr, uint32_t pe,
                             uint32_t rid);

/* Registers of the shared block: true when @off is one of them */
bool pnv_ioda_eeh_reg_write(PnvIodaEeh *e, hwaddr off, uint64_t val);
bool pnv_ioda_eeh_reg_read(PnvIodaEeh *e, hwaddr off, uint64_t *val);

/* Power-on state: no error recorded, nothing injected, PEs thawed */
void pnv_ioda_eeh_reset(PnvIodaEeh *e);

#endif
