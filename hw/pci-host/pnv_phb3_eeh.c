/*
 * PowerNV PHB3 PE state and EEH: the POWER8 front end of the shared PE
 * state and error capture (pnv_ioda_eeh.c)
 *
 * What is the PHB3's own, as skiboot (hw/phb3.c) programs and reads it:
 *
 * - Four ETU error traps: the PHB core, outbound (MMIO and config,
 *   "OUT"), inbound A and B (DMA and MSI) (phb3_init_errors).
 * - skiboot classes the LEM FIR bits as fenced, ER or INF
 *   (phb3_err_check_lem) when Linux calls opal_pci_next_error; its error
 *   interrupts (LSIs 6 INF and 7 ER, owned by OPAL: phb3_lsi_attributes,
 *   phb3_err_interrupt) raise OPAL_EVENT_PCI_ERROR.
 * - A fence sets PBCQ NFIR bit 16 (skiboot phb3_fenced): every MMIO load
 *   through the PHB returns all-ones and stores are dropped; skiboot reads
 *   the PHB's registers through the ASB (XSCOM) path meanwhile.
 *
 * Not public, so chosen here and documented in
 * docs/system/ppc/powerio-phb3-eeh.rst: which bit of a trap's status
 * register each error sets (always one skiboot enables for freezing), and
 * which LEM FIR bit each trap reports to (one of skiboot's ER-class bits
 * for a freeze, FENCED-class for a fence, INF-class otherwise).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/irq.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_regs.h"
#include "hw/pci-host/pnv_phb3_eeh.h"

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

/* ---- PE state ---------------------------------------------------------- */

bool pnv_phb3_pe_dma_stopped(PnvPHB3 *phb, uint32_t pe)
{
    return pnv_ioda_eeh_dma_stopped(&phb->eeh, pe);
}

bool pnv_phb3_pe_mmio_frozen(PnvPHB3 *phb, uint32_t pe)
{
    return pnv_ioda_eeh_mmio_frozen(&phb->eeh, pe);
}

uint64_t pnv_phb3_peev_frozen(PnvPHB3 *phb, unsigned word)
{
    return pnv_ioda_eeh_peev(&phb->eeh, word);
}

bool pnv_phb3_fenced(PnvPHB3 *phb)
{
    return phb->pbcq.nest_regs[0] & PBCQ_NFIR_FENCED;
}

/* ---- the PHB3's side of an error --------------------------------------- */

static int phb3_lem_bit(void *opaque, unsigned trap, PnvIodaEehOutcome o)
{
    return o == PNV_IODA_EEH_FROZE ? lem_er_bit[trap] :
           o == PNV_IODA_EEH_FENCED ? lem_fence_bit[trap] : LEM_INF_BIT;
}

static void phb3_fence(void *opaque)
{
    PnvPHB3 *phb = opaque;

    phb->pbcq.nest_regs[0] |= PBCQ_NFIR_FENCED;
}

/*
 * The error interrupt: LSI 7 (ER) for a freeze or a fence, LSI 6 (INF)
 * otherwise; skiboot treats both alike (phb3_err_interrupt).  Each error
 * raises it once and the source holds it until a CPU takes it (see
 * pnv_phb3_eeh_error_lsi).
 */
static void phb3_interrupt(void *opaque, bool er)
{
    PnvPHB3 *phb = opaque;

    qemu_irq_pulse(phb->qirqs[er ? PHB3_LSI_ER : PHB3_LSI_INF]);
}

static const PnvIodaEehOps phb3_eeh_ops = {
    .lem_bit = phb3_lem_bit,
    .fence = phb3_fence,
    .interrupt = phb3_interrupt,
};

void pnv_phb3_eeh_init(PnvPHB3 *phb)
{
    PnvIodaEeh *e = &phb->eeh;

    e->name = phb->tce_name;
    e->phb_index = phb->phb_id;
    e->num_pes = PNV_PHB3_NUM_PE;
    e->regs = phb->regs;
    e->pesta = phb->ioda_PESTA;
    e->pestb = phb->ioda_PESTB;
    e->num_traps = PNV_PHB3_TRAP__MAX;
    e->trap_names = trap_name;
    e->pest_base_mask = PHB_PEST_BASE_ADDRESS;
    e->peltv_base_mask = PHB_PELTV_BASE_ADDRESS;
    e->inject_sticky = &phb->inject_sticky;
    e->inj_trap[PNV_IODA_INJ_DMA] = (PnvIodaInjTrap) {
        PNV_PHB3_TRAP_INA, INA_BIT_INJ_DMA };
    e->inj_trap[PNV_IODA_INJ_MMIO] = (PnvIodaInjTrap) {
        PNV_PHB3_TRAP_OUT, OUT_BIT_INJ_MMIO };
    e->inj_trap[PNV_IODA_INJ_CFG] = (PnvIodaInjTrap) {
        PNV_PHB3_TRAP_OUT, OUT_BIT_CFG };
    e->ops = &phb3_eeh_ops;
    e->opaque = phb;
}

void pnv_phb3_eeh_error(PnvPHB3 *phb, const PnvPhb3Error *e)
{
    pnv_ioda_eeh_error(&phb->eeh, e);
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

    if (ca & PHB_CA_ENABLE) {
        pnv_ioda_eeh_config_ur(&phb->eeh, PNV_PHB3_TRAP_OUT, OUT_BIT_CFG,
                               is_write, GETFIELD(PHB_CA_PE, ca),
                               GETFIELD(PHB_CA_BUS, ca) << 8 |
                               GETFIELD(PHB_CA_DEV, ca) << 3 |
                               GETFIELD(PHB_CA_FUNC, ca),
                               GETFIELD(PHB_CA_REG, ca));
    }
}

/* ---- error injection --------------------------------------------------- */

bool pnv_phb3_eeh_inject_hit(PnvPHB3 *phb, PnvPhb3InjKind kind, bool is_write,
                             uint64_t addr, uint32_t pe, uint32_t rid)
{
    return pnv_ioda_eeh_inject_hit(&phb->eeh, kind, is_write, addr, pe, rid);
}

/* ---- registers ---------------------------------------------------------- */

bool pnv_phb3_eeh_reg_write(PnvPHB3 *phb, hwaddr off, uint64_t val)
{
    return pnv_ioda_eeh_reg_write(&phb->eeh, off, val);
}

bool pnv_phb3_eeh_reg_read(PnvPHB3 *phb, hwaddr off, uint64_t *val)
{
    return pnv_ioda_eeh_reg_read(&phb->eeh, off, val);
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
    pnv_ioda_eeh_reset(&phb->eeh);
    phb->pbcq.nest_regs[0] &= ~PBCQ_NFIR_FENCED;
}
