/*
 * PowerNV IODA PE state and error capture, shared by the PHB generations
 *
 * What the hardware does on an error, as skiboot programs and reads it
 * (hw/phb3.c, hw/phb4.c; see include/hw/pci-host/pnv_ioda_eeh.h):
 *
 * - The error lands in one of the PHB's ETU error traps.  Each has a
 *   status register (write 1 to clear), a first-error status and two log
 *   registers captured at the first error, a raw inject register and four
 *   enables: LEM (report to the LEM FIR), IRQ, freeze (freeze the PE of
 *   the transaction) and AIB fence (fence the whole PHB).
 * - A freeze sets PESTA bit 0 (MMIO frozen) and PESTB bit 0 (DMA stopped)
 *   of the PE and of every PE in its PELTV row (the PE lookup vector
 *   table in memory at PELTV_BAR, one bit per PE, MSB first, Linux
 *   pnv_ioda_set_peltv), and writes the PE's entry of the in-memory PEST
 *   at PEST_BAR (16 bytes per PE: PEST0 cause bits, transaction type, LEM
 *   bit, RID and MSI data; PEST1 the failing address), which skiboot ORs
 *   into the diag data.  Only the first error of a frozen PE is captured.
 * - PAPR error injection (opal_pci_err_inject -> phb*_err_inject_*):
 *   PAPR_ERR_INJ_CTL selects inbound DMA, outbound MMIO or config and
 *   read/write; the next transaction whose address matches
 *   PAPR_ERR_INJ_ADDR under PAPR_ERR_INJ_MASK fails; STICKY keeps the
 *   injection armed.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "hw/pci/pci_io_report.h"
#include "hw/pci-host/pnv_ioda_eeh.h"
#include "system/dma.h"
#include "trace.h"

#ifndef PPC_BIT
#define PPC_BIT(bit)            (0x8000000000000000ULL >> (bit))
#define PPC_BITMASK(bs, be)     ((PPC_BIT(bs) - PPC_BIT(be)) | PPC_BIT(bs))
#endif
#define FIELD_SHIFT(mask)       ctz64(mask)
#define SET_FIELD(mask, word, v) \
    (((word) & ~(mask)) | (((uint64_t)(v) << FIELD_SHIFT(mask)) & (mask)))

/* Trap register layout: 0xc80 + trap * 0x80 + register */
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

/* LEM (skiboot include/phb3-regs.h, phb4-regs.h) */
#define LEM_FIR                 0xc00
#define LEM_FIR_AND             0xc08
#define LEM_FIR_OR              0xc10
#define LEM_MASK                0xc18
#define LEM_MASK_AND            0xc20
#define LEM_MASK_OR             0xc28
#define LEM_ACTION0             0xc30
#define LEM_ACTION1             0xc38
#define LEM_WOF                 0xc40

/* The channel status registers skiboot copies into the diag data */
#define DMA_CHAN_STATUS         0x110   /* phbCsr */
#define CPU_LOADSTORE_STATUS    0x120   /* phbPlssr */
#define   CHAN_ANY_ERR          PPC_BIT(27)
#define   CHAN_ANY_ERR1         PPC_BIT(28)
#define   CHAN_ANY_FREEZE       PPC_BIT(29)

/* PE tables in memory */
#define PELTV_BAR               0x188
#define PEST_BAR                0x1a8
#define   BAR_ENABLE            PPC_BIT(0)

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

/* PEST0 fields (skiboot IODA2_PEST0_*, IODA3_PEST0_*: the same bits) */
#define PEST0_MMIO_CAUSE        PPC_BIT(2)
#define PEST0_CFG_READ          PPC_BIT(3)
#define PEST0_CFG_WRITE         PPC_BIT(4)
#define PEST0_UR_RETURN         PPC_BIT(9)
#define PEST0_IODA_ERROR        PPC_BIT(16)
#define PEST0_TTYPE             PPC_BITMASK(5, 7)
#define PEST0_LEM_BIT           PPC_BITMASK(26, 31)
#define PEST0_RID               PPC_BITMASK(32, 47)
#define PEST0_MSI_DATA          PPC_BITMASK(48, 63)
#define PEST1_FAIL_ADDR         PPC_BITMASK(3, 63)

#define PEST_FROZEN             PPC_BIT(0)      /* PESTA / PESTB bit 0 */

static inline uint64_t *reg(PnvIodaEeh *e, hwaddr off)
{
    return &e->regs[off >> 3];
}

static inline uint64_t *trap_reg(PnvIodaEeh *e, unsigned t, unsigned r)
{
    return reg(e, TRAP_BASE + t * TRAP_STRIDE + r);
}

static hwaddr trap_end(PnvIodaEeh *e)
{
    return TRAP_BASE + e->num_traps * TRAP_STRIDE;
}

/* ---- PE state ---------------------------------------------------------- */

bool pnv_ioda_eeh_dma_stopped(PnvIodaEeh *e, uint32_t pe)
{
    return pe < e->num_pes && (e->pestb[pe] & PEST_FROZEN);
}

bool pnv_ioda_eeh_mmio_frozen(PnvIodaEeh *e, uint32_t pe)
{
    return pe < e->num_pes && (e->pesta[pe] & PEST_FROZEN);
}

/*
 * PEEV word @word, IBM bit n for PE word * 64 + n: a PE whose PESTA or
 * PESTB freeze bit is set has its bit set (skiboot phb*_eeh_freeze_status
 * looks at PEEV first, then at PESTA/PESTB; phb*_eeh_freeze_clear clears
 * PESTA/PESTB and expects PEEV to follow).
 */
uint64_t pnv_ioda_eeh_peev(PnvIodaEeh *e, unsigned word)
{
    uint64_t bits = 0;
    unsigned n;

    for (n = 0; n < 64 && word * 64 + n < e->num_pes; n++) {
        if (pnv_ioda_eeh_mmio_frozen(e, word * 64 + n) ||
            pnv_ioda_eeh_dma_stopped(e, word * 64 + n)) {
            bits |= PPC_BIT(n);
        }
    }
    return bits;
}

/* ---- error capture ----------------------------------------------------- */

static void freeze_one(PnvIodaEeh *e, uint32_t pe)
{
    e->pesta[pe] |= PEST_FROZEN;
    e->pestb[pe] |= PEST_FROZEN;
}

/*
 * Freeze @pe and the PEs of its PELTV row (num_pes bits); returns how
 * many other PEs froze with it, and lists them in @also.
 */
static int freeze_pe(PnvIodaEeh *e, uint32_t pe, GString *also)
{
    uint64_t bar = *reg(e, PELTV_BAR);
    size_t row_bytes = e->num_pes / 8;
    g_autofree uint8_t *row = g_malloc(row_bytes);
    int n = 0;
    uint32_t i;

    freeze_one(e, pe);
    if (!(bar & BAR_ENABLE) ||
        dma_memory_read(&address_space_memory,
                        (bar & e->peltv_base_mask) + pe * row_bytes,
                        row, row_bytes, MEMTXATTRS_UNSPECIFIED)) {
        return 0;
    }
    /*
     * Every PE of the row that is not wholly frozen freezes, including one
     * whose MMIO was thawed while its DMA stays stopped (Linux thaws MMIO
     * first, eeh_pe_reset_and_recover / OPAL_EEH_ACTION_CLEAR_FREEZE_MMIO):
     * the parent's error stops its MMIO again.
     */
    for (i = 0; i < e->num_pes; i++) {
        if (i != pe && (row[i / 8] & (0x80 >> (i % 8))) &&
            !(pnv_ioda_eeh_mmio_frozen(e, i) &&
              pnv_ioda_eeh_dma_stopped(e, i))) {
            freeze_one(e, i);
            g_string_append_printf(also, " PE#%u", i);
            n++;
        }
    }
    return n;
}

/* The PE's entry of the in-memory PEST (big-endian, as skiboot reads it) */
static void write_pest(PnvIodaEeh *e, const PnvIodaEehError *err,
                       int lem_bit)
{
    uint64_t bar = *reg(e, PEST_BAR);
    uint64_t pest[2];

    if (!(bar & BAR_ENABLE)) {
        return;
    }
    pest[0] = err->pest0;
    pest[0] = SET_FIELD(PEST0_TTYPE, pest[0], err->ttype);
    pest[0] = SET_FIELD(PEST0_LEM_BIT, pest[0], lem_bit);
    pest[0] = SET_FIELD(PEST0_RID, pest[0], err->rid);
    pest[0] = SET_FIELD(PEST0_MSI_DATA, pest[0], err->msi_data);
    pest[1] = err->addr & PEST1_FAIL_ADDR & ~7ULL;
    pest[0] = cpu_to_be64(pest[0]);
    pest[1] = cpu_to_be64(pest[1]);
    dma_memory_write(&address_space_memory,
                     (bar & e->pest_base_mask) + err->pe * sizeof(pest),
                     pest, sizeof(pest), MEMTXATTRS_UNSPECIFIED);
}

/* Raise LEM FIR @bit; true when it is new and unmasked (an interrupt) */
static bool lem_raise(PnvIodaEeh *e, int bit)
{
    uint64_t b = PPC_BIT(bit);
    uint64_t *fir = reg(e, LEM_FIR), *wof = reg(e, LEM_WOF);
    bool new = !(*fir & b);

    *fir |= b;
    if (*reg(e, LEM_MASK) & b) {
        return false;
    }
    /* who's on first: the first unmasked error since WOF was cleared */
    if (!*wof) {
        *wof = b;
    }
    return new;
}

static const char *pe_state_name(PnvIodaEeh *e, uint32_t pe)
{
    bool m = pnv_ioda_eeh_mmio_frozen(e, pe);
    bool d = pnv_ioda_eeh_dma_stopped(e, pe);

    return m && d ? "frozen (MMIO and DMA)" : m ? "MMIO frozen" :
           d ? "DMA stopped" : "not frozen";
}

static void report(PnvIodaEeh *e, const PnvIodaEehError *err,
                   const char *outcome, GString *also, bool was_frozen)
{
    if (err->pe < e->num_pes) {
        /* an MMIO access has no requester: the PE is its segment's */
        g_autofree char *who =
            err->ttype == PNV_IODA_TTYPE_MMIO_LOAD ||
            err->ttype == PNV_IODA_TTYPE_MMIO_STORE ?
            g_strdup("MMIO") :
            g_strdup_printf("RID %02x:%02x.%x", err->rid >> 8,
                            (err->rid >> 3) & 0x1f, err->rid & 7);

        pci_io_report(PCI_IO_REPORT_ERROR_TRAP, e->phb_index, err->pe,
                      "%s: PE#%u %s: %s at 0x%" PRIx64 " (%s error trap, "
                      "status bit %d): PE#%u %s%s%s%s\n", e->name, err->pe,
                      who, err->what, err->addr, e->trap_names[err->trap],
                      err->bit, err->pe, outcome,
                      also->len ? ", PELTV also froze" : "", also->str,
                      was_frozen ? " (already frozen: first error kept in "
                      "the PEST)" : "");
    } else {
        pci_io_report(PCI_IO_REPORT_ERROR_TRAP, e->phb_index,
                      PCI_IO_REPORT_NO_PE,
                      "%s: %s (%s error trap, status bit %d): %s\n",
                      e->name, err->what, e->trap_names[err->trap],
                      err->bit, outcome);
    }
}

void pnv_ioda_eeh_error(PnvIodaEeh *e, const PnvIodaEehError *err)
{
    uint64_t bit = PPC_BIT(err->bit);
    uint64_t *status = trap_reg(e, err->trap, TRAP_STATUS);
    g_autoptr(GString) also = g_string_new("");
    bool have_pe = err->pe < e->num_pes;
    bool was_frozen = have_pe && (pnv_ioda_eeh_mmio_frozen(e, err->pe) ||
                                  pnv_ioda_eeh_dma_stopped(e, err->pe));
    PnvIodaEehOutcome outcome = PNV_IODA_EEH_RECORDED;
    const char *what_became;
    bool irq = false;
    int lem_bit;

    /* the trap: first error status and logs, then the status */
    if (!(*status & ~*trap_reg(e, err->trap, TRAP_STATUS_MASK))) {
        *trap_reg(e, err->trap, TRAP_STATUS1) = bit;
        *trap_reg(e, err->trap, TRAP_LOG0) =
            SET_FIELD(PEST0_RID, (uint64_t)err->ttype << 56, err->rid);
        *trap_reg(e, err->trap, TRAP_LOG1) = err->addr;
    }
    *status |= bit;

    if (*trap_reg(e, err->trap, TRAP_FREEZE_ENABLE) & bit) {
        outcome = PNV_IODA_EEH_FROZE;
    } else if (*trap_reg(e, err->trap, TRAP_FENCE_ENABLE) & bit) {
        outcome = PNV_IODA_EEH_FENCED;
    }
    lem_bit = e->ops->lem_bit(e->opaque, err->trap, outcome);
    switch (outcome) {
    case PNV_IODA_EEH_FROZE:
        if (have_pe) {
            if (!was_frozen) {
                write_pest(e, err, lem_bit);
            }
            freeze_pe(e, err->pe, also);
            what_became = pe_state_name(e, err->pe);
        } else {
            what_became = "no transaction, so no PE to freeze";
        }
        break;
    case PNV_IODA_EEH_FENCED:
        e->ops->fence(e->opaque);
        what_became = "the PHB is fenced (all MMIO loads return all-ones)";
        break;
    default:
        what_became = "recorded only (freeze and fence not enabled)";
    }
    if (*trap_reg(e, err->trap, TRAP_LEM_ENABLE) & bit) {
        irq = lem_raise(e, lem_bit);
    }
    /* the trap's IRQ enable, or a newly raised unmasked LEM bit */
    if (irq || (*trap_reg(e, err->trap, TRAP_IRQ_ENABLE) & bit)) {
        e->ops->interrupt(e->opaque, outcome != PNV_IODA_EEH_RECORDED);
    }

    trace_pnv_ioda_eeh_error(e->name, e->trap_names[err->trap], err->bit,
                             err->pe, err->rid, err->addr, what_became);
    if (!err->quiet) {
        report(e, err, what_became, also, was_frozen);
    }
}

void pnv_ioda_eeh_config_ur(PnvIodaEeh *e, unsigned trap, int bit,
                            bool is_write, uint32_t pe, uint16_t bdfn,
                            uint32_t off)
{
    PnvIodaEehError err = {
        .trap = trap,
        .bit = bit,
        .pest0 = (is_write ? PEST0_CFG_WRITE : PEST0_CFG_READ) |
                 PEST0_UR_RETURN,
        .ttype = PNV_IODA_TTYPE_OTHER,
        .pe = pe,
        .rid = bdfn,
        .addr = off,
        .what = is_write ? "config write to an absent device (Unsupported "
                           "Request; dropped)" :
                           "config read of an absent device (Unsupported "
                           "Request; reads all-ones)",
        .quiet = !is_write && off == 0,
    };

    pnv_ioda_eeh_error(e, &err);
}

/* ---- error injection --------------------------------------------------- */

bool pnv_ioda_eeh_inject_match(PnvIodaEeh *e, PnvIodaInjKind kind,
                               bool is_write, uint64_t addr, uint32_t rid)
{
    uint64_t ctl = *reg(e, INJ_CTL);
    uint64_t want = *reg(e, INJ_ADDR), mask = *reg(e, INJ_MASK);
    static const uint64_t kind_bit[] = {
        [PNV_IODA_INJ_DMA] = INJ_CTL_INB,
        [PNV_IODA_INJ_MMIO] = INJ_CTL_OUTB,
        [PNV_IODA_INJ_CFG] = INJ_CTL_CFG,
    };

    if (likely(!(ctl & kind_bit[kind])) ||
        !(ctl & (is_write ? INJ_CTL_WR : INJ_CTL_RD))) {
        return false;
    }
    switch (kind) {
    case PNV_IODA_INJ_MMIO:
        /* phb*_err_inject_mem32/64: the AIB address in bits 16:63 */
        mask &= INJ_MMIO_FIELD;
        if ((addr & mask) != (want & mask)) {
            return false;
        }
        break;
    case PNV_IODA_INJ_CFG:
        /* phb*_err_inject_cfg: bus/devfn in bits 4:19 */
        if ((((uint64_t)rid << INJ_CFG_SHIFT) & mask) != (want & mask)) {
            return false;
        }
        break;
    default:
        /* phb3_err_inject_dma: the DMA address, all 64 bits */
        if ((addr & mask) != (want & mask)) {
            return false;
        }
        break;
    }
    /*
     * A non-sticky injection is spent by the error it causes; with the
     * inject-sticky property every injection stays armed, as skiboot's
     * PAPR injection code (hw/phb3.c) notes of silicon: one-shot "is false
     * according to the experiments".
     */
    if (!(ctl & INJ_CTL_STICKY) && !*e->inject_sticky) {
        *reg(e, INJ_CTL) = 0;
    }
    return true;
}

/*
 * The error an injection raises: an MMIO load or store (MMIO cause), a
 * config read or write, a DMA read or write (an IODA error), in the
 * front end's trap and bit for that kind
 */
bool pnv_ioda_eeh_inject_hit(PnvIodaEeh *e, PnvIodaInjKind kind,
                             bool is_write, uint64_t addr, uint32_t pe,
                             uint32_t rid)
{
    PnvIodaEehError err = {
        .trap = e->inj_trap[kind].trap,
        .bit = e->inj_trap[kind].bit,
        .pe = pe,
        .rid = rid,
        .addr = addr,
    };

    if (!pnv_ioda_eeh_inject_match(e, kind, is_write, addr, rid)) {
        return false;
    }
    switch (kind) {
    case PNV_IODA_INJ_MMIO:
        err.pest0 = PEST0_MMIO_CAUSE;
        err.ttype = is_write ? PNV_IODA_TTYPE_MMIO_STORE :
                               PNV_IODA_TTYPE_MMIO_LOAD;
        err.what = is_write ? "injected MMIO store error" :
                              "injected MMIO load error";
        break;
    case PNV_IODA_INJ_CFG:
        err.pest0 = is_write ? PEST0_CFG_WRITE : PEST0_CFG_READ;
        err.ttype = PNV_IODA_TTYPE_OTHER;
        err.what = is_write ? "injected config write error" :
                              "injected config read error";
        break;
    default:
        err.pest0 = PEST0_IODA_ERROR;
        err.ttype = is_write ? PNV_IODA_TTYPE_DMA_WRITE :
                               PNV_IODA_TTYPE_DMA_READ;
        err.what = is_write ? "injected DMA write error" :
                              "injected DMA read error";
        break;
    }
    pnv_ioda_eeh_error(e, &err);
    return true;
}

/* A write to a trap's raw inject register: each bit as a detected error */
static void trap_inject(PnvIodaEeh *e, unsigned t, uint64_t val)
{
    int b;

    for (b = 0; b < 64; b++) {
        if (val & PPC_BIT(b)) {
            PnvIodaEehError err = {
                .trap = t,
                .bit = b,
                .pe = PNV_IODA_NO_PE,
                .ttype = PNV_IODA_TTYPE_OTHER,
                .what = "error raised through the trap's inject register",
            };
            pnv_ioda_eeh_error(e, &err);
        }
    }
}

/* ---- registers ---------------------------------------------------------- */

static uint64_t etu_summary(PnvIodaEeh *e)
{
    uint64_t sum = 0;
    unsigned t;

    /* one bit per trap with an unmasked error (layout: model choice) */
    for (t = 0; t < e->num_traps; t++) {
        if (*trap_reg(e, t, TRAP_STATUS) &
            ~*trap_reg(e, t, TRAP_STATUS_MASK)) {
            sum |= PPC_BIT(t);
        }
    }
    return sum;
}

/*
 * PHB_DMA_CHAN_STATUS (inbound) and PHB_CPU_LOADSTORE_STATUS (outbound),
 * which skiboot copies into the diag data (phb*_read_phb_status: phbCsr,
 * phbPlssr) and Linux prints: "any error" while a trap of that direction
 * holds one, "any error 1" while its first-error status does, "any
 * freeze" while a PE's DMA is stopped (inbound) or its MMIO frozen
 * (outbound).  The bits' names are skiboot's; what sets them is inferred
 * from the names; the other bits stay 0.  Trap 1 is the outbound one on
 * both generations, every later trap an inbound one.
 */
static uint64_t chan_status(PnvIodaEeh *e, bool inbound)
{
    uint64_t val = 0;
    unsigned t;
    uint32_t pe;

    for (t = 1; t < e->num_traps; t++) {
        if ((t == 1) == inbound) {
            continue;
        }
        if (*trap_reg(e, t, TRAP_STATUS)) {
            val |= CHAN_ANY_ERR;
        }
        if (*trap_reg(e, t, TRAP_STATUS1)) {
            val |= CHAN_ANY_ERR1;
        }
    }
    for (pe = 0; pe < e->num_pes; pe++) {
        if (inbound ? pnv_ioda_eeh_dma_stopped(e, pe) :
                      pnv_ioda_eeh_mmio_frozen(e, pe)) {
            val |= CHAN_ANY_FREEZE;
            break;
        }
    }
    return val;
}

bool pnv_ioda_eeh_reg_write(PnvIodaEeh *e, hwaddr off, uint64_t val)
{
    switch (off) {
    case LEM_FIR:
    case LEM_MASK:
    case LEM_ACTION0:
    case LEM_ACTION1:
    case LEM_WOF:
    case INJ_ADDR:
    case INJ_MASK:
        *reg(e, off) = val;
        return true;
    case LEM_FIR_AND:
        *reg(e, LEM_FIR) &= val;
        return true;
    case LEM_FIR_OR:
        *reg(e, LEM_FIR) |= val;
        return true;
    case LEM_MASK_AND:
        *reg(e, LEM_MASK) &= val;
        return true;
    case LEM_MASK_OR:
        *reg(e, LEM_MASK) |= val;
        return true;
    case INJ_CTL:
        *reg(e, off) = val;
        trace_pnv_ioda_eeh_inject(e->name, val, *reg(e, INJ_ADDR),
                                  *reg(e, INJ_MASK));
        return true;
    case ETU_ERR_SUMMARY:
        return true;    /* read-only */
    }
    if (off >= TRAP_BASE && off < trap_end(e)) {
        unsigned t = (off - TRAP_BASE) / TRAP_STRIDE;

        switch ((off - TRAP_BASE) % TRAP_STRIDE) {
        case TRAP_STATUS:
            *reg(e, off) &= ~val;     /* write 1 to clear */
            break;
        case TRAP_INJECT:
            trap_inject(e, t, val);
            break;
        default:
            *reg(e, off) = val;
        }
        return true;
    }
    return false;
}

bool pnv_ioda_eeh_reg_read(PnvIodaEeh *e, hwaddr off, uint64_t *val)
{
    if (off == ETU_ERR_SUMMARY) {
        *val = etu_summary(e);
        return true;
    }
    if (off == DMA_CHAN_STATUS || off == CPU_LOADSTORE_STATUS) {
        *val = chan_status(e, off == DMA_CHAN_STATUS);
        return true;
    }
    if ((off >= LEM_FIR && off <= LEM_WOF) ||
        (off >= INJ_CTL && off <= INJ_MASK) ||
        (off >= TRAP_BASE && off < trap_end(e))) {
        *val = *reg(e, off);
        return true;
    }
    return false;
}

void pnv_ioda_eeh_reset(PnvIodaEeh *e)
{
    hwaddr off;

    for (off = LEM_FIR; off < trap_end(e); off += 8) {
        *reg(e, off) = 0;
    }
    *reg(e, INJ_CTL) = 0;
    *reg(e, INJ_ADDR) = 0;
    *reg(e, INJ_MASK) = 0;
    memset(e->pesta, 0, e->num_pes * sizeof(*e->pesta));
    memset(e->pestb, 0, e->num_pes * sizeof(*e->pestb));
}
