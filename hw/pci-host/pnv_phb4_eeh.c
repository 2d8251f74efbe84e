/*
 * PowerNV PHB4/PHB5 PE state and EEH: the POWER9/POWER10 front end of the
 * shared PE state and error capture (pnv_ioda_eeh.c)
 *
 * What is the PHB4's own, as skiboot (hw/phb4.c) programs and reads it;
 * each point with its source in docs/devel/powerio-phb4-eeh-facts.rst:
 *
 * - Five ETU error traps: PHB, TXE (outbound), RXE_ARB, RXE_MRG and
 *   RXE_TCE (inbound), whose freeze, fence and IRQ enables skiboot writes
 *   in phb4_init_errors.  The bit each error sets is named by IBM's
 *   decoder of these registers (skiboot external/pci-scripts/phberr.py).
 * - PESTA/PESTB (IODA3 tables 7 and 8) hold the freeze bits on chip; the
 *   rest of the first error goes to the in-memory PEST; PEEV (table 20)
 *   follows them (skiboot phb4_eeh_freeze_status reads PEEV first).
 * - The error interrupt is a level, LSI 7 (ER) or 6 (INF) of the PHB,
 *   owned by OPAL: (status & IRQ enable) of the five traps.  skiboot's
 *   handler (phb4_err_interrupt, phb4_int_mask_active) clears the IRQ
 *   enable of every active bit "to prevent it from re-firing", and
 *   restores them (phb4_int_unmask_all) when Linux's opal_pci_next_error
 *   finds nothing more, so the level must drop when it masks.
 * - A fence: every MMIO to the PHB, its registers included, reads
 *   all-ones (skiboot phb4_fenced: "an all 1's from the PHB indicates a
 *   PHB freeze/fence") and stores are dropped; DMA and MSIs stop.  It is
 *   kept in the PEC's nest FIR (bit 16 "PFIR_freeze"; skiboot's complete
 *   reset forces one through bit 26) and lasts until phb4_creset clears
 *   the FIRs; the ETU reset it asserts first clears the ETU's error and
 *   PE state.  Registers stay reachable through XSCOM (the ASB path
 *   skiboot uses while fenced).
 *
 * Model choices, documented in docs/system/ppc/powerio-phb4.rst: the LEM
 * bit of each trap (40 + trap: RXE_ARB gives 42, the LEM bit a real PHB4
 * put in the PEST of an RXE_ARB error, the one public data point); the
 * trap bits of the errors no name fits exactly (below).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/pci/pci_io_report.h"
#include "hw/pci-host/pnv_phb4.h"
#include "hw/pci-host/pnv_phb4_regs.h"
#include "hw/pci-host/pnv_phb4_dma.h"
#include "hw/pci-host/pnv_phb4_eeh.h"
#include "trace.h"

/* PEC nest FIR bits of a fence (phberr.py; skiboot phb4_creset) */
#define NFIR_PFIR_FREEZE        PPC_BIT(16)
#define NFIR_FORCED_FENCE       PPC_BIT(26)
#define NFIR_FENCE              (NFIR_PFIR_FREEZE | NFIR_FORCED_FENCE)

/* The PHB's error LSIs (skiboot PHB4_LSI_PCIE_INF / _ER) */
#define PHB4_LSI_INF            6
#define PHB4_LSI_ER             7

#define PEST_FROZEN             PPC_BIT(0)

/*
 * Trap status bits (phberr.py names; skiboot's enables in parentheses,
 * from phb4_init_errors).
 */
#define TXE_TCE_RD_DAT_ERR      13  /* TCE Rd Response DAT_ERR (fence) */
#define TXE_CFG_WRITE_UR        17  /* CFG Write Error (PHB5 freeze) */
#define TXE_INJ_MMIO            28  /* PAPR TXE Injection (freeze) */
#define TXE_INJ_CFG             30  /* PAPR TXE Injection (freeze) */
#define ARB_UR_COMPLETION       1   /* BLIF Inbound UR Completion (freeze) */
#define ARB_MSI_SIZE            2   /* MSI Size Error (fence) */
#define ARB_MSI_ALIGN           3   /* MSI Address Alignment Error (fence) */
#define ARB_TVT_INVALID         26  /* IODA TVT Entry Invalid (freeze) */
#define ARB_MSI_PE              27  /* MSI PE# Mismatch (freeze) */
#define ARB_TVT_ADDRESS         28  /* IODA TVT Address (freeze) */
#define ARB_INJ_INBOUND         39  /* PAPR Inbound Injection (freeze) */
#define TCE_PAGE_ACCESS         1   /* TCE Request Page Access (freeze) */
#define TCE_RESP_ACCESS         2   /* TCE Response Page Access (freeze) */

#define LEM_BIT_BASE            40

static const char *const trap_name[PNV_PHB4_TRAP__MAX] = {
    "PHB", "TXE", "RXE_ARB", "RXE_MRG", "RXE_TCE",
};

static inline uint64_t *reg(PnvPHB4 *phb, hwaddr off)
{
    return &phb->regs[off >> 3];
}

/* ---- PE state ---------------------------------------------------------- */

bool pnv_phb4_fenced(PnvPHB4 *phb)
{
    return phb->nest_regs[PEC_NEST_STK_PCI_NEST_FIR] & NFIR_FENCE;
}

bool pnv_phb4_pe_dma_stopped(PnvPHB4 *phb, uint32_t pe)
{
    return pnv_ioda_eeh_dma_stopped(&phb->eeh, pe);
}

bool pnv_phb4_pe_mmio_frozen(PnvPHB4 *phb, uint32_t pe)
{
    return pnv_ioda_eeh_mmio_frozen(&phb->eeh, pe);
}

/* ---- the error interrupt ----------------------------------------------- */

/*
 * LSI 7 (ER) while a trap holds an IRQ-enabled error that skiboot also
 * enables to freeze or fence, LSI 6 (INF) while it holds another
 * (inference: skiboot handles both alike, phb4_err_interrupt).
 */
static void update_error_irq(PnvPHB4 *phb)
{
    uint32_t lsi_base = GETFIELD(PHB_LSI_SRC_ID,
                                 *reg(phb, PHB_LSI_SOURCE_ID)) << 3;
    bool er = false, inf = false;
    unsigned t;

    for (t = 0; t < PNV_PHB4_TRAP__MAX; t++) {
        hwaddr base = PHB_ERR_STATUS + t * 0x80;
        uint64_t active = *reg(phb, base) &
                          *reg(phb, base + (PHB_ERR_IRQ_ENABLE -
                                            PHB_ERR_STATUS));
        uint64_t severe = *reg(phb, base + (PHB_ERR_FREEZE_ENABLE -
                                            PHB_ERR_STATUS)) |
                          *reg(phb, base + (PHB_ERR_AIB_FENCE_ENABLE -
                                            PHB_ERR_STATUS));

        er |= !!(active & severe);
        inf |= !!(active & ~severe);
    }
    if (!lsi_base || lsi_base + PHB4_LSI_ER >= phb->xsrc.nr_irqs) {
        return;     /* skiboot has not placed the LSIs yet */
    }
    qemu_set_irq(phb->qirqs[lsi_base + PHB4_LSI_ER], er);
    qemu_set_irq(phb->qirqs[lsi_base + PHB4_LSI_INF], inf);
}

/* ---- the PHB4's side of an error --------------------------------------- */

static int phb4_lem_bit(void *opaque, unsigned trap, PnvIodaEehOutcome o)
{
    return LEM_BIT_BASE + trap;
}

static void phb4_fence(void *opaque)
{
    PnvPHB4 *phb = opaque;

    phb->nest_regs[PEC_NEST_STK_PCI_NEST_FIR] |= NFIR_PFIR_FREEZE;
}

static void phb4_interrupt(void *opaque, bool er)
{
    update_error_irq(opaque);
}

static const PnvIodaEehOps phb4_eeh_ops = {
    .lem_bit = phb4_lem_bit,
    .fence = phb4_fence,
    .interrupt = phb4_interrupt,
};

void pnv_phb4_eeh_init(PnvPHB4 *phb)
{
    PnvIodaEeh *e = &phb->eeh;

    e->name = phb->tce_name;
    e->phb_index = phb->phb_id;
    e->num_pes = pnv_phb4_num_pes(phb);
    e->regs = phb->regs;
    e->pesta = phb->ioda_PESTA;
    e->pestb = phb->ioda_PESTB;
    e->num_traps = PNV_PHB4_TRAP__MAX;
    e->trap_names = trap_name;
    e->pest_base_mask = PPC_BITMASK(8, 51);     /* PHB_PEST_BAR */
    e->peltv_base_mask = PPC_BITMASK(8, 50);    /* PHB_PELTV_BAR */
    e->inject_sticky = &phb->inject_sticky;
    e->inj_trap[PNV_IODA_INJ_DMA] = (PnvIodaInjTrap) {
        PNV_PHB4_TRAP_RXE_ARB, ARB_INJ_INBOUND };
    e->inj_trap[PNV_IODA_INJ_MMIO] = (PnvIodaInjTrap) {
        PNV_PHB4_TRAP_TXE, TXE_INJ_MMIO };
    e->inj_trap[PNV_IODA_INJ_CFG] = (PnvIodaInjTrap) {
        PNV_PHB4_TRAP_TXE, TXE_INJ_CFG };
    e->ops = &phb4_eeh_ops;
    e->opaque = phb;
}

static void eeh_error(PnvPHB4 *phb, const PnvIodaEehError *err)
{
    pnv_ioda_eeh_error(&phb->eeh, err);
}

void pnv_phb4_eeh_dma_fault(PnvPHB4 *phb, PnvIodaFault f, uint32_t pe,
                            uint32_t rid, uint64_t addr, bool is_write)
{
    PnvIodaEehError e = {
        .trap = PNV_PHB4_TRAP_RXE_ARB,
        .pe = pe,
        .rid = rid,
        .addr = addr,
        .ttype = is_write ? PNV_IODA_TTYPE_DMA_WRITE : PNV_IODA_TTYPE_DMA_READ,
        .pest0 = IODA3_PEST0_IODA3_ERROR,
    };

    switch (f) {
    case PNV_IODA_FAULT_PAGE:
        e.trap = PNV_PHB4_TRAP_RXE_TCE;
        e.bit = TCE_PAGE_ACCESS;
        e.pest0 = IODA3_PEST0_TCE_PAGE_FAULT;
        e.what = "DMA through an invalid TCE (TCE page fault)";
        break;
    case PNV_IODA_FAULT_ACCESS:
        e.trap = PNV_PHB4_TRAP_RXE_TCE;
        e.bit = TCE_RESP_ACCESS;
        e.pest0 = IODA3_PEST0_TCE_ACCESS_FAULT;
        e.what = "DMA against the TCE's permission (TCE access fault)";
        break;
    case PNV_IODA_FAULT_INVALID_TVE:
        e.bit = ARB_TVT_INVALID;
        e.what = "DMA through an invalid TVE (IODA TVT entry invalid)";
        break;
    case PNV_IODA_FAULT_TABLE_READ:
        /*
         * The TCE fetch failed: a read error on the PowerBus, which the
         * PHB takes as TXE "TCE Rd Response DAT_ERR" (skiboot enables it
         * to fence; which bit silicon raises is an inference).
         */
        e.trap = PNV_PHB4_TRAP_TXE;
        e.bit = TXE_TCE_RD_DAT_ERR;
        e.what = "TCE fetch from memory failed (TCE read DAT_ERR)";
        break;
    default:
        /* outside the window or bypass range, stray upper address bits */
        e.bit = ARB_TVT_ADDRESS;
        e.what = "DMA outside any valid window (IODA TVT address)";
        break;
    }
    eeh_error(phb, &e);
}

void pnv_phb4_eeh_msi_error(PnvPHB4 *phb, PnvPhb4MsiError why, uint32_t pe,
                            uint32_t rid, uint64_t addr, uint64_t data)
{
    PnvIodaEehError e = {
        .trap = PNV_PHB4_TRAP_RXE_ARB,
        .bit = ARB_MSI_PE,
        .pest0 = IODA3_PEST0_IODA3_ERROR,
        .ttype = PNV_IODA_TTYPE_MSI,
        .pe = pe,
        .rid = rid,
        .addr = addr,
        .msi_data = data,
    };

    switch (why) {
    case PNV_PHB4_MSI_WRONG_PE:
        e.what = "MSI naming another PE's interrupt source (MSI PE# "
                 "mismatch)";
        break;
    case PNV_PHB4_MSI_LSI:
        /*
         * No named bit: skiboot never gives out an LSI source as an MSI
         * (phb4_get_msi_32/64), and the source's MIST entry is not the
         * sender's; taken as the PE mismatch (inference).
         */
        e.what = "MSI naming one of the PHB's LSI sources";
        break;
    case PNV_PHB4_MSI_BEYOND:
        e.what = "MSI naming a source beyond the PHB's";
        break;
    case PNV_PHB4_MSI_SIZE:
        e.bit = (addr & 3) ? ARB_MSI_ALIGN : ARB_MSI_SIZE;
        e.what = (addr & 3) ? "MSI write not 4-byte aligned (MSI address "
                              "alignment error)" :
                              "MSI write not 4 bytes wide (MSI size error)";
        break;
    }
    eeh_error(phb, &e);
}

/*
 * An MMIO access no device claimed.  A load: the device (or the switch
 * above it) completes with UR, the PHB's BLIF takes it as an inbound UR
 * completion and freezes the segment's PE, and the load returns all-ones
 * (the freeze a real PHB4 dumped, phberr.py; Linux's eeh_dev_break relies
 * on it).  A store is posted: nothing comes back and the PHB records
 * nothing (inference).  PHB_CTRLR MMIO_EEH_DISABLE (skiboot: NVRAM
 * pci-eeh-mmio=disabled) turns the freeze off.
 */
void pnv_phb4_eeh_mmio_ur(PnvPHB4 *phb, uint32_t pe, uint64_t addr,
                          bool is_write)
{
    PnvIodaEehError e = {
        .trap = PNV_PHB4_TRAP_RXE_ARB,
        .bit = ARB_UR_COMPLETION,
        .pest0 = IODA3_PEST0_MMIO_CAUSE | IODA3_PEST0_UR_RETURN,
        .ttype = PNV_IODA_TTYPE_MMIO_LOAD,
        .pe = pe,
        .addr = addr,
        .what = "MMIO load no device claims (Unsupported Request; the load "
                "returns all-ones)",
    };

    if (is_write) {
        trace_pnv_phb4_mmio_store_ur(phb->chip_id, phb->phb_id, pe, addr);
        qemu_log_mask(LOG_GUEST_ERROR, "%s: PE#%u MMIO store at 0x%" PRIx64
                      " no device claims: posted and dropped, the PHB "
                      "records no error\n", phb->tce_name, pe, addr);
        return;
    }
    if (*reg(phb, PHB_CTRLR) & PHB_CTRLR_MMIO_EEH_DISABLE) {
        return;
    }
    eeh_error(phb, &e);
}

/*
 * A config access no device answers (Unsupported Request).  The PE is
 * the one skiboot puts in PHB_CONFIG_ADDRESS from its RTT copy on every
 * access (phb4_pcicfg_read/write; the reserved PE for an unassigned
 * bdfn, which pci_check_clear_freeze clears after probing each slot).
 * A write's UR is TXE "CFG Write Error CA or UR response", which skiboot
 * lets freeze only on PHB5 (a POWER9 erratum: it would freeze "whatever
 * last PE did an MMIO"); a read's has no named bit and is taken as an
 * inbound UR completion (inference).  A vendor-ID read is how firmware
 * probes, so it is only traced.
 */
void pnv_phb4_eeh_config_ur(PnvPHB4 *phb, bool is_write)
{
    uint64_t ca = *reg(phb, PHB_CONFIG_ADDRESS);

    if (ca & PHB_CA_ENABLE) {
        pnv_ioda_eeh_config_ur(&phb->eeh,
                               is_write ? PNV_PHB4_TRAP_TXE :
                                          PNV_PHB4_TRAP_RXE_ARB,
                               is_write ? TXE_CFG_WRITE_UR : ARB_UR_COMPLETION,
                               is_write, GETFIELD(PHB_CA_PE, ca),
                               GETFIELD(PHB_CA_BDFN, ca),
                               GETFIELD(PHB_CA_REG, ca));
    }
}

/* ---- error injection --------------------------------------------------- */

/*
 * The PAPR injection registers are the PHB3's; skiboot drives only the
 * config kind on PHB4 (phb4_err_inject), the model serves all three as
 * the registers describe them.  Hits: TXE "PAPR TXE Injection Error
 * Triggered" (two bits of that name: 28 for MMIO, 30 for config, the
 * split an inference) and RXE_ARB "PAPR Inbound Injection Error
 * Triggered", all freeze-enabled by skiboot.
 */
bool pnv_phb4_eeh_inject_hit(PnvPHB4 *phb, PnvIodaInjKind kind, bool is_write,
                             uint64_t addr, uint32_t pe, uint32_t rid)
{
    return pnv_ioda_eeh_inject_hit(&phb->eeh, kind, is_write, addr, pe, rid);
}

/* ---- registers ---------------------------------------------------------- */

bool pnv_phb4_eeh_reg_write(PnvPHB4 *phb, hwaddr off, uint64_t val)
{
    if (!pnv_ioda_eeh_reg_write(&phb->eeh, off, val)) {
        return false;
    }
    /* a status cleared or an IRQ enable changed moves the level */
    update_error_irq(phb);
    return true;
}

bool pnv_phb4_eeh_reg_read(PnvPHB4 *phb, hwaddr off, uint64_t *val)
{
    return pnv_ioda_eeh_reg_read(&phb->eeh, off, val);
}

/*
 * PESTA and PESTB keep the freeze bit only: skiboot reads the rest of the
 * first error from the in-memory PEST (phb4_get_pesta,
 * phb4_read_phb_status: "the error bit (bit#0) should be fetched from IODA
 * and the left content from memory resident tables"), sets it with a
 * read-modify-write (phb4_eeh_freeze_set) and clears it by writing 0
 * (phb4_eeh_freeze_clear).  PEEV is derived from them; skiboot only
 * writes it at reset, with zeroes.
 */
bool pnv_phb4_eeh_ioda_read(PnvPHB4 *phb, unsigned table, unsigned idx,
                            uint64_t *val)
{
    switch (table) {
    case IODA3_TBL_PESTA:
        *val = idx < phb->eeh.num_pes ? phb->ioda_PESTA[idx] : 0;
        return true;
    case IODA3_TBL_PESTB:
        *val = idx < phb->eeh.num_pes ? phb->ioda_PESTB[idx] : 0;
        return true;
    case IODA3_TBL_PEEV:
        *val = pnv_ioda_eeh_peev(&phb->eeh, idx);
        return true;
    }
    return false;
}

bool pnv_phb4_eeh_ioda_write(PnvPHB4 *phb, unsigned table, unsigned idx,
                             uint64_t val)
{
    switch (table) {
    case IODA3_TBL_PESTA:
    case IODA3_TBL_PESTB:
        if (idx < phb->eeh.num_pes) {
            uint64_t *p = table == IODA3_TBL_PESTA ? &phb->ioda_PESTA[idx] :
                                                     &phb->ioda_PESTB[idx];

            trace_pnv_phb4_pest_write(phb->chip_id, phb->phb_id, idx,
                                      table == IODA3_TBL_PESTA ? "A" : "B",
                                      val & PEST_FROZEN);
            *p = val & PEST_FROZEN;
        }
        return true;
    case IODA3_TBL_PEEV:
        return true;
    }
    return false;
}

/* The nest FIR was written: a fence may have come or gone */
void pnv_phb4_eeh_nest_fir_changed(PnvPHB4 *phb)
{
    trace_pnv_phb4_fence(phb->chip_id, phb->phb_id, pnv_phb4_fenced(phb));
}

/*
 * The ETU reset (PEC PCI stack register ETU_RESET bit 0), which skiboot's
 * complete reset asserts while fenced and releases after clearing the
 * FIRs (phb4_creset): it clears the ETU's error traps, LEM, injection and
 * PE state, and its TCE and RTT caches (inference from skiboot restoring
 * every table from its own copies afterwards; the tables themselves are
 * kept, see docs/system/ppc/powerio-phb4.rst).
 */
void pnv_phb4_eeh_etu_reset(PnvPHB4 *phb, bool assert)
{
    trace_pnv_phb4_etu_reset(phb->chip_id, phb->phb_id, assert);
    if (!assert) {
        return;
    }
    pnv_ioda_eeh_reset(&phb->eeh);
    pnv_ioda_tce_kill_all(&phb->tce);
    pnv_phb4_dma_rtc_invalidate(phb, PHB_RTC_INVALIDATE_ALL);
    update_error_irq(phb);
}

void pnv_phb4_eeh_post_load(PnvPHB4 *phb)
{
    update_error_irq(phb);
}

/* Power-on state: no error recorded, nothing injected, PEs thawed */
void pnv_phb4_eeh_reset(PnvPHB4 *phb)
{
    pnv_ioda_eeh_reset(&phb->eeh);
    phb->nest_regs[PEC_NEST_STK_PCI_NEST_FIR] &= ~NFIR_FENCE;
}
