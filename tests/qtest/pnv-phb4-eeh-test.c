/*
 * PowerNV PHB4/PHB5 PE isolation and EEH: what freezes a PE, what a
 * frozen PE does, the error capture skiboot reads, the error interrupt,
 * PELTV, the fence and its complete reset, PAPR error injection
 *
 * The PHB is brought up as skiboot does (libqos/pci-pnv-phb4.c, with
 * phb4_init_errors' enables); freeze clear follows phb4_eeh_freeze_clear.
 * Each case runs on powernv9 (PHB4) and powernv10 (PHB5).  None of them
 * passes on the base model, which keeps two plain PESTA/PESTB bits per PE
 * that nothing sets or obeys, has no error traps and delivers every MSI
 * whose source number is in range.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"
#include "standard-headers/linux/pci_regs.h"

#define PHB_INDEX       1
#define DX_PE           3
#define OTHER_PE        4
#define THIRD_PE        5
#define DX_RID          0x0100          /* bus 1, device 0, function 0 */
#define PAGE            4096ULL
#define ESB_PQ_P        2               /* P in the ESB "get" value */
#define FAILED          (DXR_STATUS_DONE | DXR_STATUS_ERROR)
#define FROZEN          UINT64_MAX      /* STATUS of an unreachable device */

#define TXE_STATUS      QPNV_PHB4_TRAP(QPNV_PHB4_TRAP_TXE)
#define ARB_STATUS      QPNV_PHB4_TRAP(QPNV_PHB4_TRAP_RXE_ARB)
#define TCE_STATUS      QPNV_PHB4_TRAP(QPNV_PHB4_TRAP_RXE_TCE)

/* PAPR error injection (skiboot include/phb4-regs.h) */
#define INJ_INB         PPC_BIT(0)
#define INJ_CFG         PPC_BIT(3)
#define INJ_RD          PPC_BIT(4)
#define INJ_WR          PPC_BIT(5)

/* PEST0 fields (skiboot IODA3_PEST0_*) */
#define PEST0_CFG_READ          PPC_BIT(3)
#define PEST0_CFG_WRITE         PPC_BIT(4)
#define PEST0_UR                PPC_BIT(9)
#define PEST0_IODA3_ERROR       PPC_BIT(16)
#define PEST0_TCE_PAGE_FAULT    PPC_BIT(18)
#define PEST0_TTYPE(p)          (((p) >> (63 - 7)) & 7)
#define PEST0_RID(p)            (((p) >> (63 - 47)) & 0xffff)
#define PEST0_MSI_DATA(p)       ((p) & 0xffff)
#define TTYPE_DMA_WRITE         0
#define TTYPE_MSI               1

typedef struct Machine {
    const char *name;
    int gen;
} Machine;

static const Machine machines[] = {
    { "powernv9", 4 },
    { "powernv10", 5 },
};

typedef struct Fixture {
    QTestState *qts;
    QPnvPhb4 phb;
    QDmaExerciser dx;
    QPnvPhb4Tce t;
    uint64_t gpa;               /* page mapped at IOVA 0 */
} Fixture;

static void setup(Fixture *f, const Machine *m)
{
    f->qts = qtest_initf("-M %s -m 2G -device dma-exerciser,bus=pcie.%d,"
                         "addr=0", m->name, PHB_INDEX);
    qpnv_phb4_init(&f->phb, f->qts, m->gen, PHB_INDEX);
    qpnv_phb4_init_errors(&f->phb);
    qdx_init(&f->dx, &f->phb.bus,
             QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&f->phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    /* the exerciser's BARs are in M32 segments of its PE (MDT column A) */
    qpnv_phb4_set_m32_pe(&f->phb, f->dx.bar0.addr, DX_PE);
    qpnv_phb4_set_m32_pe(&f->phb, f->dx.bar2.addr, DX_PE);
    /* IOVA 0 is mapped, IOVA 4K is not */
    qpnv_phb4_tce_init(&f->phb, &f->t, 1, 9, 12);
    f->gpa = qpnv_phb4_alloc(&f->phb, PAGE, PAGE);
    qpnv_phb4_tce_map(&f->phb, &f->t, 0, f->gpa, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f->phb, DX_PE, 0, qpnv_phb4_tve(&f->t));
    qdx_msix_enable(&f->dx);
    /* OPAL's error interrupt (LSI 7) enabled at its ESB */
    qpnv_phb4_esb_enable(&f->phb, qpnv_phb4_lsi(&f->phb, 7));
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_quit(f->qts);
}

/* The exerciser answers its MMIO and DMA works */
static void assert_alive(Fixture *f, uint64_t seed)
{
    g_assert_cmphex(qdx_read(&f->dx, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmphex(qdx_fill(&f->dx, 0, PAGE, seed), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f->qts, f->gpa, PAGE, seed);
}

/* A frozen PE: MMIO loads all-ones, its PEEV bit set */
static void assert_frozen(Fixture *f, unsigned pe)
{
    g_assert_true(qpnv_phb4_pe_frozen(&f->phb, pe));
    g_assert_cmphex(qpnv_phb4_ioda_read(&f->phb, IODA3_TBL_PEEV, pe / 64) &
                    PPC_BIT(pe % 64), ==, PPC_BIT(pe % 64));
    if (pe == DX_PE) {
        g_assert_cmphex(qdx_read(&f->dx, DXR_ID), ==, UINT64_MAX);
    }
}

/* Whether OPAL's error interrupt (LSI 7, skiboot PHB4_LSI_PCIE_ER) fired */
static bool er_fired(Fixture *f)
{
    return qpnv_phb4_esb_pq(&f->phb, qpnv_phb4_lsi(&f->phb, 7)) & ESB_PQ_P;
}

/* freeze clear (skiboot phb4_eeh_freeze_clear) restores everything */
static void clear_and_check(Fixture *f, uint64_t seed)
{
    qpnv_phb4_freeze_clear(&f->phb, DX_PE);
    g_assert_false(qpnv_phb4_pe_frozen(&f->phb, DX_PE));
    g_assert_cmphex(qpnv_phb4_ioda_read(&f->phb, IODA3_TBL_PEEV, 0), ==, 0);
    g_assert_cmphex(qpnv_phb4_read(&f->phb, PHB_ETU_ERR_SUMMARY), ==, 0);
    g_assert_cmphex(qpnv_phb4_read(&f->phb, PHB_LEM_FIR_ACCUM), ==, 0);
    assert_alive(f, seed);
}

/* The exerciser sends MSI-X vector 1, programmed for source @src */
static void send_msi(Fixture *f, unsigned src)
{
    qdx_msix_set_vector(&f->dx, 1, qpnv_phb4_msi_addr32(src),
                        qpnv_phb4_msi_data(src));
    qdx_write(&f->dx, DXR_DOORBELL, 1);
}

static bool msi_delivered(Fixture *f, unsigned src)
{
    return qpnv_phb4_esb_pq(&f->phb, src) & ESB_PQ_P;
}

/*
 * An MSI naming a source of another PE is not delivered, freezes the
 * sender's PE (not the owner's) and is captured in the sender's PEST with
 * the MSI data and PCI address (RXE_ARB "MSI PE# Mismatch"); the PHB
 * raises its error interrupt.  After freeze clear, the same source given
 * to the sender's PE is delivered.
 */
static void test_msi_wrong_pe(const void *data)
{
    Fixture f;
    unsigned src = 9;
    uint64_t pest[2];

    setup(&f, data);
    qpnv_phb4_esb_enable(&f.phb, src);
    qpnv_phb4_set_mist_pe(&f.phb, src, OTHER_PE);
    g_assert_false(er_fired(&f));
    send_msi(&f, src);
    g_assert_false(msi_delivered(&f, src));
    assert_frozen(&f, DX_PE);
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, OTHER_PE));
    g_assert_true(er_fired(&f));
    g_assert_cmphex(qpnv_phb4_read(&f.phb, ARB_STATUS), ==, PPC_BIT(27));
    qpnv_phb4_pest(&f.phb, DX_PE, pest);
    g_assert_cmphex(pest[0] & PEST0_IODA3_ERROR, ==, PEST0_IODA3_ERROR);
    g_assert_cmpuint(PEST0_TTYPE(pest[0]), ==, TTYPE_MSI);
    g_assert_cmphex(PEST0_RID(pest[0]), ==, DX_RID);
    g_assert_cmphex(PEST0_MSI_DATA(pest[0]), ==, qpnv_phb4_msi_data(src));
    g_assert_cmphex(pest[1], ==, qpnv_phb4_msi_addr32(src) & ~7ULL);
    qpnv_phb4_pest(&f.phb, OTHER_PE, pest);
    g_assert_cmphex(pest[0], ==, 0);

    clear_and_check(&f, 1);
    /* a neighbour in the same MIST word keeps its own PE */
    qpnv_phb4_esb_enable(&f.phb, src + 1);
    qpnv_phb4_set_mist_pe(&f.phb, src + 1, DX_PE);
    send_msi(&f, src + 1);
    g_assert_true(msi_delivered(&f, src + 1));
    qpnv_phb4_set_mist_pe(&f.phb, src, DX_PE);
    send_msi(&f, src);
    g_assert_true(msi_delivered(&f, src));
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, DX_PE));
    teardown(&f);
}

/*
 * The last eight sources are the PHB's LSIs: an MSI naming one, even
 * OPAL's error interrupt, never reaches it and freezes the sender
 */
static void test_msi_lsi_source(const void *data)
{
    Fixture f;
    unsigned lsi;

    setup(&f, data);
    lsi = qpnv_phb4_lsi(&f.phb, 3);     /* INTD */
    qpnv_phb4_esb_enable(&f.phb, lsi);
    send_msi(&f, lsi);
    g_assert_false(msi_delivered(&f, lsi));
    assert_frozen(&f, DX_PE);
    clear_and_check(&f, 2);
    teardown(&f);
}

/*
 * The MSIs of a PE whose DMA is stopped are dropped without a new error
 * (an MSI is a DMA write; skiboot phb4_eeh_freeze_set)
 */
static void test_msi_frozen_pe(const void *data)
{
    Fixture f;
    unsigned src = 12;

    setup(&f, data);
    qpnv_phb4_esb_enable(&f.phb, src);
    qpnv_phb4_set_mist_pe(&f.phb, src, DX_PE);
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_PESTB, DX_PE, PPC_BIT(0));
    send_msi(&f, src);
    g_assert_false(msi_delivered(&f, src));
    g_assert_cmphex(qpnv_phb4_read(&f.phb, ARB_STATUS), ==, 0);
    g_assert_false(er_fired(&f));
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_PESTB, DX_PE, 0);
    send_msi(&f, src);
    g_assert_true(msi_delivered(&f, src));
    teardown(&f);
}

/*
 * On PHB4 (the PHB checks P/Q: PHB_CTRLR IRQ_PQ_DISABLE clear) a MIST
 * entry's P/Q are its source's ESB state: skiboot's phb4_set_ive_pe
 * write "has the side effect of clearing P/Q", and a read shows them.
 * The base left the source as it was (off, PQ 01, after reset).
 */
static void test_mist_pq(const void *data)
{
    Fixture f;
    unsigned src = 20;

    setup(&f, data);
    /* the source turned off (ESB "set PQ 01" load) */
    qtest_readq(f.qts, f.phb.esb + ((uint64_t)src << 16) + 0xd00);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, src), ==, 1);
    qpnv_phb4_set_mist_pe(&f.phb, src, DX_PE);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, src), ==, 0);
    send_msi(&f, src);
    g_assert_true(msi_delivered(&f, src));
    /* entry 0 of word 5: P in bit 0 */
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_MIST, src / 4) >>
                    48, ==, PPC_BIT(0) >> 48 | DX_PE);
    teardown(&f);
}

/*
 * A DMA to an unmapped IOVA (TCE page fault, RXE_TCE) freezes the PE: the
 * write does not land, BAR loads return all-ones, stores are dropped,
 * DMA to a mapped IOVA is refused; the PEST keeps the first error.
 */
static void test_dma_fault(const void *data)
{
    Fixture f;
    uint64_t pest[2];

    setup(&f, data);
    qdx_write(&f.dx, DXR_PATTERN, 0x1111);
    g_assert_cmphex(qdx_fill(&f.dx, PAGE, PAGE, 2), ==, FROZEN);
    assert_frozen(&f, DX_PE);
    g_assert_true(er_fired(&f));
    g_assert_cmphex(qpnv_phb4_read(&f.phb, TCE_STATUS), ==, PPC_BIT(1));
    qpnv_phb4_pest(&f.phb, DX_PE, pest);
    g_assert_cmphex(pest[0] & PEST0_TCE_PAGE_FAULT, ==, PEST0_TCE_PAGE_FAULT);
    g_assert_cmpuint(PEST0_TTYPE(pest[0]), ==, TTYPE_DMA_WRITE);
    g_assert_cmphex(PEST0_RID(pest[0]), ==, DX_RID);
    g_assert_cmphex(pest[1], ==, PAGE);
    /* the LEM bit the model gives RXE_TCE errors (40 + trap), in PEST0 */
    g_assert_cmpuint((pest[0] >> 32) & 0x3f, ==, 44);

    /* a store to the frozen PE is dropped; config space is not blocked */
    qdx_write(&f.dx, DXR_PATTERN, 0x2222);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
    /*
     * MMIO thawed first, as Linux's EEH recovery does: the store above
     * never landed, and DMA to the mapped IOVA stays refused
     */
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_PESTA, DX_PE, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_STATUS), ==, FAILED);
    g_assert_cmphex(qdx_read(&f.dx, DXR_PATTERN), ==, 2);
    qtest_memset(f.qts, f.gpa, 0, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 3), ==, FAILED);
    qdx_assert_zero(f.qts, f.gpa, PAGE);
    /* the refusals are not new errors: the first capture stays */
    qpnv_phb4_pest(&f.phb, DX_PE, pest);
    g_assert_cmphex(pest[1], ==, PAGE);
    clear_and_check(&f, 3);
    teardown(&f);
}

/* A DMA beyond a bypass window: RXE_ARB "IODA TVT Address", frozen */
static void test_dma_outside_window(const void *data)
{
    Fixture f;
    uint64_t pest[2], iova = QPNV_PHB4_TVE1 | (1ULL << 30);

    setup(&f, data);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 1, qpnv_phb4_bypass_tve(0, 1ULL << 30));
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 4), ==, FROZEN);
    assert_frozen(&f, DX_PE);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, ARB_STATUS), ==, PPC_BIT(28));
    qpnv_phb4_pest(&f.phb, DX_PE, pest);
    g_assert_cmphex(pest[0] & PEST0_IODA3_ERROR, ==, PEST0_IODA3_ERROR);
    g_assert_cmphex(pest[1], ==, iova);
    clear_and_check(&f, 5);
    teardown(&f);
}

/*
 * Freezing is gated by the freeze enables skiboot programs: without them
 * the error is trapped but the PE keeps working.
 */
static void test_freeze_gated(const void *data)
{
    Fixture f;

    setup(&f, data);
    qpnv_phb4_write(&f.phb, TCE_STATUS + QPNV_TRAP_FREEZE_ENABLE, 0);
    g_assert_cmphex(qdx_fill(&f.dx, PAGE, PAGE, 6), ==, FAILED);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, TCE_STATUS), ==, PPC_BIT(1));
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, DX_PE));
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_PEEV, 0), ==, 0);
    assert_alive(&f, 7);
    teardown(&f);
}

/*
 * The error interrupt is a level: it stays while a trap holds an
 * IRQ-enabled error (an EOI presents it again), and drops when skiboot's
 * handler masks the active bits (phb4_int_mask_active) or the status is
 * cleared; with the bits unmasked again and nothing held, it stays quiet.
 */
static void test_er_interrupt_level(const void *data)
{
    Fixture f;
    unsigned er;
    uint64_t irq_en = TCE_STATUS + QPNV_TRAP_IRQ_ENABLE, en;

    setup(&f, data);
    er = qpnv_phb4_lsi(&f.phb, 7);
    g_assert_cmphex(qdx_fill(&f.dx, PAGE, PAGE, 2), ==, FROZEN);
    g_assert_true(er_fired(&f));
    qpnv_phb4_esb_eoi(&f.phb, er);
    g_assert_true(er_fired(&f));
    /* skiboot's handler: IRQ enable &= ~status */
    en = qpnv_phb4_read(&f.phb, irq_en);
    qpnv_phb4_write(&f.phb, irq_en,
                    en & ~qpnv_phb4_read(&f.phb, TCE_STATUS));
    qpnv_phb4_esb_eoi(&f.phb, er);
    g_assert_false(er_fired(&f));
    /* Linux recovers, skiboot clears and unmasks: no new interrupt */
    qpnv_phb4_freeze_clear(&f.phb, DX_PE);
    qpnv_phb4_write(&f.phb, irq_en, en);
    g_assert_false(er_fired(&f));
    assert_alive(&f, 3);
    teardown(&f);
}

/* PELTV: the PEs of the frozen PE's row freeze with it, no others */
static void test_peltv(const void *data)
{
    Fixture f;
    uint64_t pest[2];
    unsigned row;

    setup(&f, data);
    row = f.phb.num_pes / 8;
    qtest_writeb(f.qts, f.phb.peltv + DX_PE * row + DX_PE / 8,
                 (0x80 >> (DX_PE % 8)) | (0x80 >> (OTHER_PE % 8)));
    qtest_writeb(f.qts, f.phb.peltv + OTHER_PE * row + THIRD_PE / 8,
                 0x80 >> (THIRD_PE % 8));
    g_assert_cmphex(qdx_fill(&f.dx, PAGE, PAGE, 8), ==, FROZEN);
    assert_frozen(&f, DX_PE);
    g_assert_true(qpnv_phb4_pe_frozen(&f.phb, OTHER_PE));
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, THIRD_PE));
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_PEEV, 0), ==,
                    PPC_BIT(DX_PE) | PPC_BIT(OTHER_PE));
    /* the capture is the failing PE's */
    qpnv_phb4_pest(&f.phb, OTHER_PE, pest);
    g_assert_cmphex(pest[0], ==, 0);
    qpnv_phb4_freeze_clear(&f.phb, OTHER_PE);
    clear_and_check(&f, 9);
    teardown(&f);
}

/*
 * PESTA/PESTB: skiboot's freeze set (read-modify-write of bit 0) freezes
 * a PE with no error, PEEV follows (phb4_eeh_freeze_status reads PEEV
 * first), and freeze clear (writing 0) thaws it; the base kept PEEV as a
 * plain table.
 */
static void test_pe_state(const void *data)
{
    Fixture f;

    setup(&f, data);
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_PESTA, DX_PE,
                         qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_PESTA, DX_PE) |
                         PPC_BIT(0));
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_PEEV, 0), ==,
                    PPC_BIT(DX_PE));
    /* MMIO frozen only: loads all-ones, DMA works */
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, PHB_CPU_LOADSTORE_STATUS) &
                    PPC_BIT(29), ==, PPC_BIT(29));
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_PESTA, DX_PE, 0);
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_PEEV, 0), ==, 0);
    /* a write to PEEV does not freeze anything */
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_PEEV, 0, PPC_BIT(OTHER_PE));
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_PEEV, 0), ==, 0);
    assert_alive(&f, 4);
    teardown(&f);
}

/*
 * An error skiboot enables to fence (RXE_ARB "MSI Address Alignment
 * Error"): every MMIO to the PHB, its registers included, reads all-ones
 * while the XSCOM (ASB) path answers; the device cannot be reached.
 * skiboot's complete reset (forced fence, ETU reset, FIRs
 * cleared, PHB programmed again) brings it all back.
 */
static void test_fence(const void *data)
{
    Fixture f;
    const Machine *m = data;

    setup(&f, data);
    qpnv_phb4_write(&f.phb, ARB_STATUS + QPNV_TRAP_INJECT, PPC_BIT(3));
    g_assert_cmphex(qpnv_phb4_nest_read(&f.phb, PEC_NEST_STK_PCI_NEST_FIR) &
                    PPC_BIT(16), ==, PPC_BIT(16));
    g_assert_cmphex(qpnv_phb4_read(&f.phb, PHB_VERSION), ==, UINT64_MAX);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, PHB_CPU_LOADSTORE_STATUS), ==,
                    UINT64_MAX);
    g_assert_cmphex(qpnv_phb4_read_asb(&f.phb, PHB_VERSION) >> 32, ==,
                    m->gen == 4 ? 0xa4 : 0xa5);
    g_assert_cmphex(qpnv_phb4_read_asb(&f.phb, ARB_STATUS), ==, PPC_BIT(3));
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==, 0xffff);

    qpnv_phb4_creset(&f.phb);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, PHB_VERSION) >> 32, ==,
                    m->gen == 4 ? 0xa4 : 0xa5);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, ARB_STATUS), ==, 0);
    qpnv_phb4_init_errors(&f.phb);
    assert_alive(&f, 11);
    teardown(&f);
}

/*
 * A config read of an absent device is an Unsupported Request that
 * freezes the PE skiboot put in PHB_CONFIG_ADDRESS (the reserved PE for
 * an unassigned RID; skiboot pci_check_clear_freeze clears it after each
 * probed slot); the read returns all-ones.  A config write's UR is TXE
 * "CFG Write Error", which skiboot lets freeze on PHB5 only.
 */
static void test_config_ur(const void *data)
{
    Fixture f;
    const Machine *m = data;
    unsigned rsv;
    int absent = QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 1 << 3);
    uint64_t pest[2];

    setup(&f, data);
    rsv = qpnv_phb4_reserved_pe(&f.phb);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, rsv));
    g_assert_cmphex(f.phb.bus.config_readl(&f.phb.bus, absent,
                                           PCI_CLASS_REVISION), ==,
                    0xffffffff);
    g_assert_true(qpnv_phb4_pe_frozen(&f.phb, rsv));
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, DX_PE));
    qpnv_phb4_pest(&f.phb, rsv, pest);
    g_assert_cmphex(pest[0] & (PEST0_CFG_READ | PEST0_UR), ==,
                    PEST0_CFG_READ | PEST0_UR);
    g_assert_cmphex(PEST0_RID(pest[0]), ==, absent);
    qpnv_phb4_freeze_clear(&f.phb, rsv);
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, rsv));

    f.phb.bus.config_writel(&f.phb.bus, absent, PCI_COMMAND, 0);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, TXE_STATUS), ==, PPC_BIT(17));
    g_assert_cmpint(qpnv_phb4_pe_frozen(&f.phb, rsv), ==, m->gen == 5);
    teardown(&f);
}

/*
 * PAPR error injection: config (what skiboot's phb4_err_inject offers
 * Linux's err_injct and VFIO_EEH_PE_INJECT_ERR) fails the matching access
 * and freezes its PE, TXE "PAPR TXE Injection"; the inbound kind fails a
 * DMA (RXE_ARB "PAPR Inbound Injection").  Each is spent by its error.
 */
static void test_inject(const void *data)
{
    Fixture f;
    uint64_t pest[2];
    uint64_t bdfn_field = (uint64_t)DX_RID << 44;

    setup(&f, data);
    qpnv_phb4_write(&f.phb, PHB_PAPR_ERR_INJ_ADDR, bdfn_field);
    qpnv_phb4_write(&f.phb, PHB_PAPR_ERR_INJ_MASK, 0xffffULL << 44);
    qpnv_phb4_write(&f.phb, PHB_PAPR_ERR_INJ_CTL, INJ_CFG | INJ_RD);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==, 0xffff);
    assert_frozen(&f, DX_PE);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, TXE_STATUS), ==, PPC_BIT(30));
    qpnv_phb4_pest(&f.phb, DX_PE, pest);
    g_assert_cmphex(pest[0] & PEST0_CFG_READ, ==, PEST0_CFG_READ);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, PHB_PAPR_ERR_INJ_CTL), ==, 0);
    clear_and_check(&f, 12);

    /* inbound: a DMA write to IOVA 0 */
    qpnv_phb4_write(&f.phb, PHB_PAPR_ERR_INJ_ADDR, 0);
    qpnv_phb4_write(&f.phb, PHB_PAPR_ERR_INJ_MASK, ~0xfffULL);
    qpnv_phb4_write(&f.phb, PHB_PAPR_ERR_INJ_CTL, INJ_INB | INJ_WR);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 13), ==, FROZEN);
    assert_frozen(&f, DX_PE);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, ARB_STATUS), ==, PPC_BIT(39));
    clear_and_check(&f, 14);
    teardown(&f);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        GTestDataFunc fn;
    } cases[] = {
        { "msi-wrong-pe", test_msi_wrong_pe },
        { "msi-lsi-source", test_msi_lsi_source },
        { "msi-frozen-pe", test_msi_frozen_pe },
        { "mist-pq", test_mist_pq },
        { "dma-fault", test_dma_fault },
        { "dma-outside-window", test_dma_outside_window },
        { "freeze-gated", test_freeze_gated },
        { "er-interrupt-level", test_er_interrupt_level },
        { "peltv", test_peltv },
        { "pe-state", test_pe_state },
        { "fence", test_fence },
        { "config-ur", test_config_ur },
        { "inject", test_inject },
    };
    int i, j;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        for (j = 0; j < ARRAY_SIZE(cases); j++) {
            g_autofree char *path = g_strdup_printf("/pnv-phb4/%s/eeh/%s",
                                                    machines[i].name,
                                                    cases[j].name);

            qtest_add_data_func(path, &machines[i], cases[j].fn);
        }
    }
    return g_test_run();
}
