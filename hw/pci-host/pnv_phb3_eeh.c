/*
 * PowerNV PHB3 PE state and EEH: freeze, error traps, LEM, PEST capture,
 * error injection
 *
 * What the hardware does on an error, as skiboot (hw/phb3.c) programs and
 * reads it:
 *
 * - The error lands in one of four ETU error traps (PHB core, outbound,
 *   inbound A, inbound B; phb3_init_errors).  Each trap has a status
 *   register (write 1 to clear), a first-error status and two log
 *   registers captured at the first error, a raw inject register and four
 *   enables: LEM (report to the LEM FIR), IRQ, freeze (freeze the PE of
 *   the transaction) and AIB fence (fence the whole PHB).
 * - A freeze sets PESTA bit 0 (MMIO frozen) and PESTB bit 0 (DMA stopped)
 *   of the PE and of every PE in its PELTV row (the PE lookup vector
 *   table in memory at PELTV_BAR, 256 bits per PE, Linux
 *   pnv_ioda_set_peltv), and writes the PE's entry of the in-memory PEST
 *   at PEST_BAR (16 bytes per PE: PEST0 cause bits, transaction type, LEM
 *   bit, RID and MSI data; PEST1 the failing address), which skiboot ORs
 *   into the diag data (phb3_read_phb_status).
 * - The LEM FIR accumulates the traps' reports; skiboot classes its bits
 *   as fenced, ER or INF (phb3_err_check_lem) when Linux calls
 *   opal_pci_next_error, and its error interrupts (LSIs 6 INF and 7 ER,
 *   owned by OPAL: phb3_lsi_attributes, phb3_err_interrupt) raise
 *   OPAL_EVENT_PCI_ERROR.
 * - A fence sets PBCQ NFIR bit 16 (skiboot phb3_fenced): every MMIO load
 *   through the PHB returns all-ones and stores are dropped; skiboot reads
 *   the PHB's registers through the ASB (XSCOM) path meanwhile.
 * - PAPR error injection (opal_pci_err_inject -> phb3_err_inject_*):
 *   PAPR_ERR_INJ_CTL selects inbound DMA, outbound MMIO or config and
 *   read/write; the next transaction whose address matches
 *   PAPR_ERR_INJ_ADDR under PAPR_ERR_INJ_MASK fails; STICKY keeps the
 *   injection armed.
 *
 * Not public, so chosen here and documented in
 * docs/system/ppc/powerio-phb3.rst: which bit of a trap's status register
 * each error sets (always one skiboot enables for freezing), and which
 * LEM FIR bit each trap reports to (one of skiboot's ER-class bits for a
 * freeze, FENCED-class for a fence, INF-class otherwise).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/irq.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_regs.h"
#include "hw/pci-host/pnv_phb3_eeh.h"
#include "system/dma.h"
#include "trace.h"

/* Trap register layout: PHB_ERR_STATUS (0xc80) + trap * 0x80 + reg */
#define TRAP_BASE               0xc80
#define TRAP_STRIDE             0x80
#define TRAP_STATUS             0x00
#define TRAP_STATUS1            0x08    /* first error */
#define TRAP_INJECT             0x10
#define TRAP_LEM_ENABLE         0x18
#define TRAP_IRQ_ENABLE         0x20
#define TRAP_FREEZE_ENABLE      0x28
#define TRAP_FENCE_ENABLE       0x30
#define TRAP_LOG0               0x40
#define TRAP_LOG1               0x48
#define TRAP_STATUS_MASK        0x50
#define TRAP_STATUS1_MASK       0x58
#define TRAP_END                (TRAP_BASE + PNV_PHB3_TRAP__MAX * TRAP_STRIDE)

/* LEM (skiboot include/phb3-regs.h) */
#define LEM_FIR                 0xc00
#define LEM_FIR_AND             0xc08
#define LEM_FIR_OR              0xc10
#define LEM_MASK                0xc18
#define LEM_MASK_AND            0xc20
#define LEM_MASK_OR             0xc28
#define LEM_ACTION0             0xc30
#define LEM_ACTION1             0xc38
#define LEM_WOF                 0xc40

/* PAPR error injection and the ETU error summary */
#define INJ_CTL                 0x2b0
#define   INJ_CTL_INB           PPC_BIT(0)
#define   INJ_CTL_OUTB          PPC_BIT(1)
#define   INJ_CTL_STICKY        PPC_BIT(2)
#define   INJ_CTL_CFG           PPC_BIT(3)
#define   INJ_CTL_RD            PPC_BIT(4)
#define   INJ_CTL_WR            PPC_BIT(5)
#define INJ_ADDR                0x2b8
#define INJ_MASK                0x2c0
#define   INJ_MMIO_FIELD        PPC_BITMASK(16, 63)
#define   INJ_CFG_SHIFT         44      /* bdfn in bits 4:19 */
#define ETU_ERR_SUMMARY         0x2c8

/* PBCQ nest FIR bit of a fenced PHB (skiboot phb3_fenced) */
#define PBCQ_NFIR_FENCED        PPC_BIT(16)

/* LSIs of the PHB's error interrupts (skiboot PHB3_LSI_PCIE_INF/_ER) */
#define PHB3_LSI_INF            6
#define PHB3_LSI_ER             7

/*
 * LEM FIR bits each trap reports to (model choice, see the header): a
 * freeze through an ER-class bit, a fence through a FENCED-class one,
 * anything else through an INF-class one (skiboot phb3_err_check_lem
 * classes: ER 0x000800107F500A2C, FENCED 0xADB670C980ADD151,
 * INF 0x42018E2200002482).
 */
static const int lem_er_bit[PNV_PHB3_TRAP__MAX] = { 12, 33, 35, 37 };
static const int lem_fence_bit[PNV_PHB3_TRAP__MAX] = { 0, 2, 4, 5 };
#define LEM_INF_BIT             1

static const char *const trap_name[PNV_PHB3_TRAP__MAX] = {
    "PHB", "outbound", "inbound A", "inbound B",
};

/*
 * Trap status bits of the errors the model detects (model choice: bits
 * skiboot sets in the freeze enables, OUT 0x0000420800000000 and
 * INA 0xc00003a901006000, so that they freeze as on hardware).
 */
#define OUT_BIT_MMIO_UR         17
#define OUT_BIT_INJ_MMIO        22
#define OUT_BIT_CFG             28      /* config error, real or injected */
#define INA_BIT_TCE_PAGE        22
#define INA_BIT_TCE_ACCESS      23
#define INA_BIT_IODA            24
#define INA_BIT_MSI_PE          26
#define INA_BIT_MSI_IVT         28
#define INA_BIT_INJ_DMA         31

static inline uint64_t *reg(PnvPHB3 *phb, hwaddr off)
{
    return &phb->regs[off >> 3];
}

static inline uint64_t *trap_reg(PnvPHB3 *phb, PnvPhb3Trap t, unsigned r)
{
    return reg(phb, TRAP_BASE + t * TRAP_STRIDE + r);
}

/* ---- PE state ---------------------------------------------------------- */

bool pnv_phb3_pe_dma_stopped(PnvPHB3 *phb, uint32_t pe)
{
    return pe < PNV_PHB3_NUM_PE &&
           (phb->ioda_PESTB[pe] & IODA2_PESTB_DMA_STOPPED);
}

bool pnv_phb3_pe_mmio_frozen(PnvPHB3 *phb, uint32_t pe)
{
    return pe < PNV_PHB3_NUM_PE &&
           (phb->ioda_PESTA[pe] & IODA2_PESTA_MMIO_FROZEN);
}

/*
 * PEEV word @word, IBM bit n for PE word * 64 + n: a PE whose PESTA or
 * PESTB freeze bit is set has its bit set (skiboot phb3_eeh_freeze_status
 * looks at PEEV first, then at PESTA/PESTB; phb3_eeh_freeze_clear clears
 * PESTA/PESTB and expects PEEV to follow).
 */
uint64_t pnv_phb3_peev_frozen(PnvPHB3 *phb, unsigned word)
{
    uint64_t bits = 0;
    unsigned n;

    for (n = 0; n < 64 && word * 64 + n < PNV_PHB3_NUM_PE; n++) {
        if (pnv_phb3_pe_mmio_frozen(phb, word * 64 + n) ||
            pnv_phb3_pe_dma_stopped(phb, word * 64 + n)) {
            bits |= PPC_BIT(n);
        }
    }
    return bits;
}

bool pnv_phb3_fenced(PnvPHB3 *phb)
{
    return phb->pbcq.nest_regs[0] & PBCQ_NFIR_FENCED;
}

/* ---- error capture ----------------------------------------------------- */

static void freeze_one(PnvPHB3 *phb, uint32_t pe)
{
    phb->ioda_PESTA[pe] |= IODA2_PESTA_MMIO_FROZEN;
    phb->ioda_PESTB[pe] |= IODA2_PESTB_DMA_STOPPED;
}

/*
 * Freeze @pe and the PEs of its PELTV row; returns how many other PEs
 * froze with it, and lists them in @also.
 */
static int freeze_pe(PnvPHB3 *phb, uint32_t pe, GString *also)
{
    uint64_t bar = *reg(phb, PHB_PELTV_BAR);
    uint8_t row[PNV_PHB3_NUM_PE / 8];
    int n = 0, i;

    freeze_one(phb, pe);
    if (!(bar & PHB_PELTV_BAR_ENABLE) ||
        dma_memory_read(&address_space_memory,
                        (bar & PHB_PELTV_BASE_ADDRESS) + pe * sizeof(row),
                        row, sizeof(row), MEMTXATTRS_UNSPECIFIED)) {
        return 0;
    }
    /*
     * Every PE of the row that is not wholly frozen freezes, including one
     * whose MMIO was thawed while its DMA stays stopped (Linux thaws MMIO
     * first, eeh_pe_reset_and_recover / OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO):
     * the parent's error stops its MMIO again.
     */
    for (i = 0; i < PNV_PHB3_NUM_PE; i++) {
        if (i != pe && (row[i / 8] & (0x80 >> (i % 8))) &&
            !(pnv_phb3_pe_mmio_frozen(phb, i) &&
              pnv_phb3_pe_dma_stopped(phb, i))) {
            freeze_one(phb, i);
            g_string_append_printf(also, " PE#%d", i);
            n++;
        }
    }
    return n;
}

/* The PE's entry of the in-memory PEST (big-endian, as skiboot reads it) */
static void write_pest(PnvPHB3 *phb, const PnvPhb3Error *e, int lem_bit)
{
    uint64_t bar = *reg(phb, PHB_PEST_BAR);
    uint64_t pest[2];

    if (!(bar & PHB_PEST_BAR_ENABLE)) {
        return;
    }
    pest[0] = e->pest0;
    pest[0] = SETFIELD(IODA2_PEST0_TTYPE, pest[0], e->ttype);
    pest[0] = SETFIELD(IODA2_PEST0_LEM_BIT, pest[0], lem_bit);
    pest[0] = SETFIELD(IODA2_PEST0_RID, pest[0], e->rid);
    pest[0] = SETFIELD(IODA2_PEST0_MSI_DATA, pest[0], e->msi_data);
    pest[1] = SETFIELD(IODA2_PEST1_FAIL_ADDR, 0ull, e->addr >> 3 << 3);
    pest[0] = cpu_to_be64(pest[0]);
    pest[1] = cpu_to_be64(pest[1]);
    dma_memory_write(&address_space_memory,
                     (bar & PHB_PEST_BASE_ADDRESS) + e->pe * sizeof(pest),
                     pest, sizeof(pest), MEMTXATTRS_UNSPECIFIED);
}

/* Raise LEM FIR @bit; true when it is new and unmasked (an interrupt) */
static bool lem_raise(PnvPHB3 *phb, int bit)
{
    uint64_t b = PPC_BIT(bit);
    uint64_t *fir = reg(phb, LEM_FIR), *wof = reg(phb, LEM_WOF);
    bool new = !(*fir & b);

    *fir |= b;
    if (*reg(phb, LEM_MASK) & b) {
        return false;
    }
    /* who's on first: the first unmasked error since WOF was cleared */
    if (!*wof) {
        *wof = b;
    }
    return new;
}

static const char *pe_state_name(PnvPHB3 *phb, uint32_t pe)
{
    bool m = pnv_phb3_pe_mmio_frozen(phb, pe);
    bool d = pnv_phb3_pe_dma_stopped(phb, pe);

    return m && d ? "frozen (MMIO and DMA)" : m ? "MMIO frozen" :
           d ? "DMA stopped" : "not frozen";
}

void pnv_phb3_eeh_error(PnvPHB3 *phb, const PnvPhb3Error *e)
{
    uint64_t bit = PPC_BIT(e->bit);
    uint64_t *status = trap_reg(phb, e->trap, TRAP_STATUS);
    g_autoptr(GString) also = g_string_new("");
    bool have_pe = e->pe < PNV_PHB3_NUM_PE;
    bool was_frozen = have_pe && (pnv_phb3_pe_mmio_frozen(phb, e->pe) ||
                                  pnv_phb3_pe_dma_stopped(phb, e->pe));
    const char *outcome;
    int lem_bit = LEM_INF_BIT;
    bool irq = false;

    /* the trap: first error status and logs, then the status */
    if (!(*status & ~*trap_reg(phb, e->trap, TRAP_STATUS_MASK))) {
        *trap_reg(phb, e->trap, TRAP_STATUS1) = bit;
        *trap_reg(phb, e->trap, TRAP_LOG0) =
            SETFIELD(IODA2_PEST0_RID, (uint64_t)e->ttype << 56, e->rid);
        *trap_reg(phb, e->trap, TRAP_LOG1) = e->addr;
    }
    *status |= bit;

    if (*trap_reg(phb, e->trap, TRAP_FREEZE_ENABLE) & bit) {
        lem_bit = lem_er_bit[e->trap];
        if (have_pe) {
            if (!was_frozen) {
                write_pest(phb, e, lem_bit);
            }
            freeze_pe(phb, e->pe, also);
            outcome = pe_state_name(phb, e->pe);
        } else {
            outcome = "no transaction, so no PE to freeze";
        }
    } else if (*trap_reg(phb, e->trap, TRAP_FENCE_ENABLE) & bit) {
        lem_bit = lem_fence_bit[e->trap];
        phb->pbcq.nest_regs[0] |= PBCQ_NFIR_FENCED;
        outcome = "the PHB is fenced (all MMIO loads return all-ones)";
    } else {
        outcome = "recorded only (freeze and fence not enabled)";
    }
    if (*trap_reg(phb, e->trap, TRAP_LEM_ENABLE) & bit) {
        irq = lem_raise(phb, lem_bit);
    }
    /*
     * The error interrupt: the trap's IRQ enable (skiboot Init_136 enables
     * it for the freeze errors, while its final LEM mask leaves only the
     * FENCED-class LEM bits unmasked), or a newly raised unmasked LEM bit.
     * LSI 7 (ER) for a freeze or a fence, LSI 6 (INF) otherwise; skiboot
     * treats both alike (phb3_err_interrupt).  Each error raises it once
     * and the source holds it until a CPU takes it (see
     * pnv_phb3_eeh_error_lsi).
     */
    if (irq || (*trap_reg(phb, e->trap, TRAP_IRQ_ENABLE) & bit)) {
        qemu_irq_pulse(phb->qirqs[lem_bit == LEM_INF_BIT ? PHB3_LSI_INF :
                                                          PHB3_LSI_ER]);
    }

    trace_pnv_phb3_eeh_error(phb->chip_id, phb->phb_id, trap_name[e->trap],
                             e->bit, e->pe, e->rid, e->addr, outcome);
    if (e->quiet) {
        return;
    }
    if (have_pe) {
        /* an MMIO access has no requester: the PE is its segment's */
        g_autofree char *who =
            e->ttype == PNV_PHB3_TTYPE_MMIO_LOAD ||
            e->ttype == PNV_PHB3_TTYPE_MMIO_STORE ?
            g_strdup("MMIO") :
            g_strdup_printf("RID %02x:%02x.%x", e->rid >> 8,
                            (e->rid >> 3) & 0x1f, e->rid & 7);

        pci_io_report(PCI_IO_REPORT_ERROR_TRAP, phb->phb_id, e->pe,
                      "phb3[%d:%d]: PE#%u %s: %s at 0x%"
                      PRIx64 " (%s error trap, status bit %d): PE#%u %s%s%s"
                      "%s\n", phb->chip_id, phb->phb_id, e->pe, who, e->what,
                      e->addr, trap_name[e->trap], e->bit, e->pe, outcome,
                      also->len ? ", PELTV also froze" : "", also->str,
                      was_frozen ? " (already frozen: first error kept in "
                      "the PEST)" : "");
    } else {
        pci_io_report(PCI_IO_REPORT_ERROR_TRAP,
                      phb->phb_id, PCI_IO_REPORT_NO_PE,
                      "phb3[%d:%d]: %s (%s error trap, "
                      "status bit %d): %s\n", phb->chip_id, phb->phb_id,
                      e->what, trap_name[e->trap], e->bit, outcome);
    }
}

void pnv_phb3_eeh_dma_fault(PnvPHB3 *phb, PnvIodaFault f, uint32_t pe,
                            uint32_t rid, uint64_t addr, bool is_write)
{
    PnvPhb3Error e = {
        .trap = PNV_PHB3_TRAP_INA,
        .pe = pe,
        .rid = rid,
        .addr = addr,
        .ttype = is_write ? PNV_PHB3_TTYPE_DMA_WRITE : PNV_PHB3_TTYPE_DMA_READ,
    };

    switch (f) {
    case PNV_IODA_FAULT_PAGE:
        e.bit = INA_BIT_TCE_PAGE;
        e.pest0 = IODA2_PEST0_TCE_PAGE_FAULT;
        e.what = "DMA through an invalid TCE (TCE page fault)";
        break;
    case PNV_IODA_FAULT_ACCESS:
        e.bit = INA_BIT_TCE_ACCESS;
        e.pest0 = IODA2_PEST0_TCE_ACCESS_FAULT;
        e.what = "DMA against the TCE's permission (TCE access fault)";
        break;
    default:
        /* no valid TVE, outside the window or bypass range, table fetch */
        e.bit = INA_BIT_IODA;
        e.pest0 = IODA2_PEST0_IODA2_ERROR;
        e.what = "DMA outside any valid window (IODA2 error)";
        break;
    }
    pnv_phb3_eeh_error(phb, &e);
}

void pnv_phb3_eeh_msi_error(PnvPHB3 *phb, uint32_t pe, uint32_t rid,
                            uint64_t addr, uint32_t data, bool beyond_ivt)
{
    PnvPhb3Error e = {
        .trap = PNV_PHB3_TRAP_INA,
        .bit = beyond_ivt ? INA_BIT_MSI_IVT : INA_BIT_MSI_PE,
        .pest0 = IODA2_PEST0_IODA2_ERROR,
        .ttype = PNV_PHB3_TTYPE_MSI,
        .pe = pe,
        .rid = rid,
        .addr = addr,
        .msi_data = data,
        .what = beyond_ivt ? "MSI naming a source beyond the IVT" :
                "MSI naming another PE's interrupt source",
    };

    pnv_phb3_eeh_error(phb, &e);
}

void pnv_phb3_eeh_mmio_ur(PnvPHB3 *phb, uint32_t pe, uint64_t addr,
                          bool is_write)
{
    PnvPhb3Error e = {
        .trap = PNV_PHB3_TRAP_OUT,
        .bit = OUT_BIT_MMIO_UR,
        .pest0 = IODA2_PEST0_MMIO_CAUSE | IODA2_PEST0_UR_RETURN,
        .ttype = is_write ? PNV_PHB3_TTYPE_MMIO_STORE :
                            PNV_PHB3_TTYPE_MMIO_LOAD,
        .pe = pe,
        .addr = addr,
        .what = is_write ? "MMIO store no device claims (Unsupported "
                           "Request)" :
                           "MMIO load no device claims (Unsupported "
                           "Request; the load returns all-ones)",
    };

    pnv_phb3_eeh_error(phb, &e);
}

/*
 * A config access no device answers (Unsupported Request): skiboot's
 * pci_check_clear_freeze ("Probing empty slot will result in an EEH
 * freeze") and Linux's pnv_pci_config_check_eeh exist to clear what it
 * causes, and phb3_pcicfg_check keeps away from the root bus's devices
 * beyond 0 because the PHB "get[s] into an error state".  The PE that
 * freezes is the one in PHB_CONFIG_ADDRESS, which skiboot sets from its
 * RTT copy on every access (the reserved PE 255 for an unassigned
 * requester); the access itself reads all-ones or is dropped.  Which trap
 * bit records it is not public: the outbound trap's config error bit, the
 * one PAPR config injection sets too (freeze-enabled by skiboot).
 *
 * Firmware probes empty slots by reading the vendor ID: that is how it
 * finds devices, not a mistake, so only the trace event shows it; any
 * other access to an absent device is reported.
 */
void pnv_phb3_eeh_config_ur(PnvPHB3 *phb, bool is_write)
{
    uint64_t ca = *reg(phb, PHB_CONFIG_ADDRESS);
    uint16_t bdfn = GETFIELD(PHB_CA_BUS, ca) << 8 |
                    GETFIELD(PHB_CA_DEV, ca) << 3 | GETFIELD(PHB_CA_FUNC, ca);
    uint32_t off = GETFIELD(PHB_CA_REG, ca);
    PnvPhb3Error e = {
        .trap = PNV_PHB3_TRAP_OUT,
        .bit = OUT_BIT_CFG,
        .pest0 = (is_write ? IODA2_PEST0_CFG_WRITE : IODA2_PEST0_CFG_READ) |
                 IODA2_PEST0_UR_RETURN,
        .ttype = PNV_PHB3_TTYPE_OTHER,
        .pe = GETFIELD(PHB_CA_PE, ca),
        .rid = bdfn,
        .addr = off,
        .what = is_write ? "config write to an absent device (Unsupported "
                           "Request; dropped)" :
                           "config read of an absent device (Unsupported "
                           "Request; reads all-ones)",
        .quiet = !is_write && off == 0,
    };

    if (!(ca & PHB_CA_ENABLE)) {
        return;
    }
    pnv_phb3_eeh_error(phb, &e);
}

/* ---- error injection --------------------------------------------------- */

bool pnv_phb3_eeh_inject_hit(PnvPHB3 *phb, PnvPhb3InjKind kind, bool is_write,
                             uint64_t addr, uint32_t pe, uint32_t rid)
{
    uint64_t ctl = *reg(phb, INJ_CTL);
    uint64_t want = *reg(phb, INJ_ADDR), mask = *reg(phb, INJ_MASK);
    static const uint64_t kind_bit[] = {
        [PNV_PHB3_INJ_DMA] = INJ_CTL_INB,
        [PNV_PHB3_INJ_MMIO] = INJ_CTL_OUTB,
        [PNV_PHB3_INJ_CFG] = INJ_CTL_CFG,
    };
    PnvPhb3Error e = {
        .pest0 = 0,
        .pe = pe,
        .rid = rid,
        .addr = addr,
    };

    if (likely(!(ctl & kind_bit[kind])) ||
        !(ctl & (is_write ? INJ_CTL_WR : INJ_CTL_RD))) {
        return false;
    }
    switch (kind) {
    case PNV_PHB3_INJ_MMIO:
        /* phb3_err_inject_mem32/64: the AIB address in bits 16:63 */
        mask &= INJ_MMIO_FIELD;
        if ((addr & mask) != (want & mask)) {
            return false;
        }
        e.trap = PNV_PHB3_TRAP_OUT;
        e.bit = OUT_BIT_INJ_MMIO;
        e.pest0 = IODA2_PEST0_MMIO_CAUSE;
        e.ttype = is_write ? PNV_PHB3_TTYPE_MMIO_STORE :
                             PNV_PHB3_TTYPE_MMIO_LOAD;
        e.what = is_write ? "injected MMIO store error" :
                            "injected MMIO load error";
        break;
    case PNV_PHB3_INJ_CFG:
        /* phb3_err_inject_cfg: bus/devfn in bits 4:19 */
        if ((((uint64_t)rid << INJ_CFG_SHIFT) & mask) != (want & mask)) {
            return false;
        }
        e.trap = PNV_PHB3_TRAP_OUT;
        e.bit = OUT_BIT_CFG;
        e.pest0 = is_write ? IODA2_PEST0_CFG_WRITE : IODA2_PEST0_CFG_READ;
        e.ttype = PNV_PHB3_TTYPE_OTHER;
        e.what = is_write ? "injected config write error" :
                            "injected config read error";
        break;
    default:
        /* phb3_err_inject_dma: the DMA address, all 64 bits */
        if ((addr & mask) != (want & mask)) {
            return false;
        }
        e.trap = PNV_PHB3_TRAP_INA;
        e.bit = INA_BIT_INJ_DMA;
        e.pest0 = IODA2_PEST0_IODA2_ERROR;
        e.ttype = is_write ? PNV_PHB3_TTYPE_DMA_WRITE :
                             PNV_PHB3_TTYPE_DMA_READ;
        e.what = is_write ? "injected DMA write error" :
                            "injected DMA read error";
        break;
    }
    /*
     * A non-sticky injection is spent by the error it causes; with the
     * inject-sticky property every injection stays armed, as skiboot's
     * PAPR injection code (hw/phb3.c) notes of silicon: one-shot "is false
     * according to the experiments".
     */
    if (!(ctl & INJ_CTL_STICKY) && !phb->inject_sticky) {
        *reg(phb, INJ_CTL) = 0;
    }
    pnv_phb3_eeh_error(phb, &e);
    return true;
}

/* A write to a trap's raw inject register: each bit as a detected error */
static void trap_inject(PnvPHB3 *phb, PnvPhb3Trap t, uint64_t val)
{
    int b;

    for (b = 0; b < 64; b++) {
        if (val & PPC_BIT(b)) {
            PnvPhb3Error e = {
                .trap = t,
                .bit = b,
                .pe = PNV_PHB3_NO_PE,
                .ttype = PNV_PHB3_TTYPE_OTHER,
                .what = "error raised through the trap's inject register",
            };
            pnv_phb3_eeh_error(phb, &e);
        }
    }
}

/* ---- registers ---------------------------------------------------------- */

static uint64_t etu_summary(PnvPHB3 *phb)
{
    uint64_t sum = 0;
    int t;

    /* one bit per trap with an unmasked error (layout: model choice) */
    for (t = 0; t < PNV_PHB3_TRAP__MAX; t++) {
        if (*trap_reg(phb, t, TRAP_STATUS) &
            ~*trap_reg(phb, t, TRAP_STATUS_MASK)) {
            sum |= PPC_BIT(t);
        }
    }
    return sum;
}

bool pnv_phb3_eeh_reg_write(PnvPHB3 *phb, hwaddr off, uint64_t val)
{
    switch (off) {
    case LEM_FIR:
    case LEM_MASK:
    case LEM_ACTION0:
    case LEM_ACTION1:
    case LEM_WOF:
    case INJ_ADDR:
    case INJ_MASK:
        *reg(phb, off) = val;
        return true;
    case LEM_FIR_AND:
        *reg(phb, LEM_FIR) &= val;
        return true;
    case LEM_FIR_OR:
        *reg(phb, LEM_FIR) |= val;
        return true;
    case LEM_MASK_AND:
        *reg(phb, LEM_MASK) &= val;
        return true;
    case LEM_MASK_OR:
        *reg(phb, LEM_MASK) |= val;
        return true;
    case INJ_CTL:
        *reg(phb, off) = val;
        trace_pnv_phb3_eeh_inject(phb->chip_id, phb->phb_id, val,
                                  *reg(phb, INJ_ADDR), *reg(phb, INJ_MASK));
        return true;
    case ETU_ERR_SUMMARY:
        return true;    /* read-only */
    }
    if (off >= TRAP_BASE && off < TRAP_END) {
        PnvPhb3Trap t = (off - TRAP_BASE) / TRAP_STRIDE;

        switch ((off - TRAP_BASE) % TRAP_STRIDE) {
        case TRAP_STATUS:
            *reg(phb, off) &= ~val;     /* write 1 to clear */
            break;
        case TRAP_INJECT:
            trap_inject(phb, t, val);
            break;
        default:
            *reg(phb, off) = val;
        }
        return true;
    }
    return false;
}

/*
 * PHB_DMA_CHAN_STATUS (inbound) and PHB_CPU_LOADSTORE_STATUS (outbound),
 * which skiboot copies into the diag data (phb3_read_phb_status:
 * phbCsr, phbPlssr) and Linux prints (pnv_pci_dump_phb3_diag_data): "any
 * error" while a trap of that direction holds one, "any error 1" while
 * its first-error status does, "any freeze" while a PE's DMA is stopped
 * (inbound) or its MMIO frozen (outbound).  The three bits' names are
 * skiboot's (include/phb3-regs.h); what sets them is inferred from those
 * names, the other bits stay 0.
 */
static uint64_t chan_status(PnvPHB3 *phb, bool inbound)
{
    PnvPhb3Trap t0 = inbound ? PNV_PHB3_TRAP_INA : PNV_PHB3_TRAP_OUT;
    PnvPhb3Trap t1 = inbound ? PNV_PHB3_TRAP_INB : PNV_PHB3_TRAP_OUT;
    uint64_t val = 0;
    uint32_t pe;

    if (*trap_reg(phb, t0, TRAP_STATUS) || *trap_reg(phb, t1, TRAP_STATUS)) {
        val |= PHB_DMA_CHAN_ANY_ERR;
    }
    if (*trap_reg(phb, t0, TRAP_STATUS1) ||
        *trap_reg(phb, t1, TRAP_STATUS1)) {
        val |= PHB_DMA_CHAN_ANY_ERR1;
    }
    for (pe = 0; pe < PNV_PHB3_NUM_PE; pe++) {
        if (inbound ? pnv_phb3_pe_dma_stopped(phb, pe) :
                      pnv_phb3_pe_mmio_frozen(phb, pe)) {
            val |= PHB_DMA_CHAN_ANY_FREEZE;
            break;
        }
    }
    return val;
}

bool pnv_phb3_eeh_reg_read(PnvPHB3 *phb, hwaddr off, uint64_t *val)
{
    if (off == ETU_ERR_SUMMARY) {
        *val = etu_summary(phb);
        return true;
    }
    if (off == PHB_DMA_CHAN_STATUS || off == PHB_CPU_LOADSTORE_STATUS) {
        *val = chan_status(phb, off == PHB_DMA_CHAN_STATUS);
        return true;
    }
    if ((off >= LEM_FIR && off <= LEM_WOF) ||
        (off >= INJ_CTL && off <= INJ_MASK) ||
        (off >= TRAP_BASE && off < TRAP_END)) {
        *val = *reg(phb, off);
        return true;
    }
    return false;
}

/*
 * The error interrupts are never lost, and never re-presented without end.
 * skiboot keeps the trap status (and so the error) until
 * opal_pci_eeh_freeze_clear runs phb3_err_ER_clear at the end of Linux's
 * recovery, while its handler (phb3_err_interrupt) only notes the pending
 * event and neither masks the source nor clears the status; Linux
 * (opal-irqchip.c opal_interrupt) EOIs it at once.  A source held as a
 * level for as long as the status would be presented again at every EOI
 * for the whole recovery, which firmware written this way rules out; a
 * pulse that the presenter rejects (CPPR, a more favoured interrupt
 * pending) would be lost, and phb3_err_interrupt would never run.  So the
 * two error LSIs are event sources: an error presents them, and XICS keeps
 * one it rejected, or one raised while masked, until it can be delivered
 * (ics_reject / ics_resend): the PHB realizes them as message (not
 * level) sources.  Inferred from the firmware's behaviour, not
 * from a PHB3 document; docs/system/ppc/powerio-phb3-eeh.rst says so.
 */
bool pnv_phb3_eeh_error_lsi(unsigned lsi)
{
    return lsi == PHB3_LSI_INF || lsi == PHB3_LSI_ER;
}

/* Power-on state: no error recorded, nothing injected, PEs thawed */
void pnv_phb3_eeh_reset(PnvPHB3 *phb)
{
    hwaddr off;

    for (off = LEM_FIR; off < TRAP_END; off += 8) {
        *reg(phb, off) = 0;
    }
    *reg(phb, INJ_CTL) = 0;
    *reg(phb, INJ_ADDR) = 0;
    *reg(phb, INJ_MASK) = 0;
    memset(phb->ioda_PESTA, 0, sizeof(phb->ioda_PESTA));
    memset(phb->ioda_PESTB, 0, sizeof(phb->ioda_PESTB));
    phb->pbcq.nest_regs[0] &= ~PBCQ_NFIR_FENCED;
}
