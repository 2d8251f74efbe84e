/*
 * Migration round trips of the IO models: a powernv8 and a pseries machine
 * are saved with warm TCE caches, frozen PEs, DDW windows and a DMA
 * command programmed but not started, restored into a new QEMU, and the
 * restored machine must hold the same state and run the DMA right.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/pci/pci_regs.h"
#include "qobject/qdict.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/pci-pnv-phb3.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"
#include "libqos/spapr-hcall.h"

#define PAGE            4096ULL

/* Save @src to @uri and wait until the migration completed */
static void save(QTestState *src, const char *uri)
{
    int i;

    qtest_qmp_assert_success(src, "{ 'execute': 'migrate', 'arguments': "
                             "{ 'uri': %s } }", uri);
    for (i = 0; i < 3000; i++) {
        QDict *rsp = qtest_qmp(src, "{ 'execute': 'query-migrate' }");
        QDict *ret = qdict_get_qdict(rsp, "return");
        const char *st = qdict_get_try_str(ret, "status");
        bool done = st && !strcmp(st, "completed");

        g_assert_false(st && !strcmp(st, "failed"));
        qobject_unref(rsp);
        if (done) {
            return;
        }
        g_usleep(10 * 1000);
    }
    g_assert_not_reached();
}

/*
 * The exerciser @dx of the source, as machine @dst sees it on @bus at
 * @devfn after loading (the same BARs: they migrated with the device)
 */
static QDmaExerciser dx_on(const QDmaExerciser *dx, QTestState *dst,
                           QPCIBus *bus, int devfn)
{
    QDmaExerciser d = *dx;

    d.qts = dst;
    d.dev = qpci_device_find(bus, devfn);
    g_assert_nonnull(d.dev);
    return d;
}

/* Wait until @dst has loaded its incoming state */
static void loaded(QTestState *dst)
{
    int i;

    for (i = 0; i < 3000; i++) {
        QDict *rsp = qtest_qmp(dst, "{ 'execute': 'query-status' }");
        const char *st = qdict_get_try_str(qdict_get_qdict(rsp, "return"),
                                           "status");
        bool done = st && strcmp(st, "inmigrate");

        qobject_unref(rsp);
        if (done) {
            return;
        }
        g_usleep(10 * 1000);
    }
    g_assert_not_reached();
}

/* ---- powernv8 ----------------------------------------------------------- */

#define PNV_PHB         1
#define DX_PE           3
#define OTHER_PE        4
#define PNV_ARGS        "-M powernv8 -m 2G " \
                        "-device dma-exerciser,bus=pcie.1,addr=0"

static void test_powernv8(void)
{
    g_autofree char *path = g_strdup_printf("%s/powerio-mig-pnv-%d",
                                            g_get_tmp_dir(), getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    QTestState *src, *dst;
    QPnvPhb3 phb, dphb;
    QDmaExerciser dx, ddx;
    QPnvTceTable t;
    uint64_t gpa, tve, misses, hits;

    src = qtest_init(PNV_ARGS);
    qpnv_phb3_init(&phb, src, PNV_PHB);
    qdx_init(&dx, &phb.bus, QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));
    qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0, DX_PE);
    qpnv_phb3_init_eeh(&phb, QPNV_P8_FIRST_PIR, 4);
    qpnv_phb3_set_m32_pe(&phb, dx.bar0.addr, DX_PE);
    qpnv_tce_table_init(&phb, &t, 2, 9, 12);
    gpa = qpnv_phb3_alloc(&phb, PAGE, PAGE);
    qpnv_tce_map(&phb, &t, 0, gpa, QPNV_TCE_RW);
    tve = qpnv_phb3_tve(&t);
    qpnv_phb3_set_tve(&phb, DX_PE, 0, tve);
    /* the TCE cache warm, another PE frozen, a command programmed */
    g_assert_cmphex(qdx_fill(&dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    g_assert_cmpint(qpnv_phb3_counter(&phb, "tce-cache-misses"), ==, 1);
    qpnv_phb3_ioda_write(&phb, IODA2_TBL_PESTA, OTHER_PE, PPC_BIT(0));
    qpnv_phb3_ioda_write(&phb, IODA2_TBL_PESTB, OTHER_PE, PPC_BIT(0));
    qdx_write(&dx, DXR_PATTERN, 0x42);
    qtest_memset(src, gpa, 0, PAGE);
    misses = qpnv_phb3_counter(&phb, "tce-cache-misses");
    hits = qpnv_phb3_counter(&phb, "tce-cache-hits");
    save(src, uri);

    dst = qtest_initf(PNV_ARGS " -incoming %s", uri);
    loaded(dst);
    /* the same bring-up, seen from the new machine */
    dphb = phb;
    dphb.qts = dst;
    dphb.bus.qts = dst;
    ddx = dx_on(&dx, dst, &dphb.bus,
                QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));

    g_assert_cmphex(qpnv_phb3_ioda_read(&dphb, IODA2_TBL_TVT, DX_PE * 2), ==,
                    tve);
    g_assert_true(qpnv_phb3_pe_frozen(&dphb, OTHER_PE));
    g_assert_false(qpnv_phb3_pe_frozen(&dphb, DX_PE));
    g_assert_cmphex(qpnv_phb3_ioda_read(&dphb, IODA2_TBL_PEEV, 0), ==,
                    PPC_BIT(OTHER_PE));
    /* the windows and the device are back: MMIO reaches it */
    g_assert_cmphex(qdx_read(&ddx, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmphex(qdx_read(&ddx, DXR_PATTERN), ==, 0x42);
    /* the cached TCE came along: the DMA hits without a table walk */
    g_assert_cmphex(qdx_run(&ddx, DXR_OP_FILL), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(dst, gpa, PAGE, 0x42);
    g_assert_cmpint(qpnv_phb3_counter(&dphb, "tce-cache-misses"), ==,
                    misses);
    g_assert_cmpint(qpnv_phb3_counter(&dphb, "tce-cache-hits"), >, hits);

    g_free(ddx.dev);
    qdx_uninit(&dx);
    qtest_quit(src);
    qtest_quit(dst);
    unlink(path);
}

/* ---- powernv9, powernv10 ---------------------------------------------- */

/*
 * PHB4 (POWER9) and PHB5 (POWER10): the exerciser in DX_PE behind PHB 1,
 * TVE#0 a two-level table, TVE#1 a bypass window; another PE's TVE#0
 * a table of its own.  Saved with the TCE cache warm and one of its
 * entries stale (the TCE rewritten in memory, no kill), and, in the rtc
 * case, the exerciser's RTT entry rewritten in memory without an RTC
 * invalidation: until a kill (an invalidation) the PHB must keep using
 * what it cached, across the migration as before it.
 */
typedef struct Pnv4Case {
    const char *machine;
    int gen;
    bool rtc;               /* the RTT entry changed, no invalidation */
} Pnv4Case;

#define PNV4_ARGS       "-M %s -m 2G -device dma-exerciser,bus=pcie.1,addr=0"
#define W1              QPNV_PHB4_TVE1
#define TCE_TRAP        QPNV_PHB4_TRAP(QPNV_PHB4_TRAP_RXE_TCE)

static void test_powernv_phb4(const void *opaque)
{
    const Pnv4Case *c = opaque;
    g_autofree char *path = g_strdup_printf("%s/powerio-mig-%s-%d",
                                            g_get_tmp_dir(), c->machine,
                                            getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    QTestState *src, *dst;
    QPnvPhb4 phb, dphb;
    QDmaExerciser dx, ddx;
    QPnvPhb4Tce t, t2;
    uint64_t a, a2, b, o, tve, tve2, bypass, misses = 0, hits = 0, ctrlr;
    bool counters;
    unsigned er;

    src = qtest_initf(PNV4_ARGS, c->machine);
    qpnv_phb4_init(&phb, src, c->gen, PNV_PHB);
    qdx_init(&dx, &phb.bus, QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    qpnv_phb4_set_m32_pe(&phb, dx.bar0.addr, DX_PE);
    qpnv_phb4_tce_init(&phb, &t, 2, 9, 12);
    qpnv_phb4_tce_init(&phb, &t2, 1, 9, 12);
    a = qpnv_phb4_alloc(&phb, PAGE, PAGE);
    a2 = qpnv_phb4_alloc(&phb, PAGE, PAGE);
    b = qpnv_phb4_alloc(&phb, PAGE, PAGE);
    o = qpnv_phb4_alloc(&phb, PAGE, PAGE);
    qpnv_phb4_tce_map(&phb, &t, 0, a, QPNV_PHB4_TCE_RW);
    qpnv_phb4_tce_map(&phb, &t, PAGE, a2, QPNV_PHB4_TCE_RW);
    qpnv_phb4_tce_map(&phb, &t2, 0, o, QPNV_PHB4_TCE_RW);
    tve = qpnv_phb4_tve(&t);
    tve2 = qpnv_phb4_tve(&t2);
    bypass = qpnv_phb4_bypass_tve(0, 1ULL << 31);
    qpnv_phb4_set_tve(&phb, DX_PE, 0, tve);
    qpnv_phb4_set_tve(&phb, DX_PE, 1, bypass);
    qpnv_phb4_set_tve(&phb, OTHER_PE, 0, tve2);
    ctrlr = qpnv_phb4_read(&phb, PHB_CTRLR);

    /* the TCE cache warm: both pages */
    g_assert_cmphex(qdx_fill(&dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    g_assert_cmphex(qdx_fill(&dx, PAGE, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(src, a, PAGE, 1);
    qdx_assert_pattern(src, a2, PAGE, 2);
    /* the base model has no counters: it fails further on */
    counters = qpnv_phb4_has_counter(&phb, "tce-cache-misses");
    if (counters) {
        g_assert_cmpint(qpnv_phb4_counter(&phb, "tce-cache-misses"), ==, 2);
    }
    /*
     * IOVA 0 remapped to B in memory, no kill: A is still served.  (The
     * base model caches nothing; it is let through to the migration,
     * which it fails: it has no VMState for the PHB.)
     */
    qpnv_phb4_tce_map(&phb, &t, 0, b, QPNV_PHB4_TCE_RW);
    if (counters) {
        g_assert_cmphex(qdx_fill(&dx, 0, PAGE, 3), ==, DXR_STATUS_DONE);
        qdx_assert_pattern(src, a, PAGE, 3);
        qdx_assert_zero(src, b, PAGE);
    }
    if (c->rtc) {
        /* the device moved to OTHER_PE in memory only: still DX_PE */
        qpnv_phb4_rtt_set(&phb, QPNV_PHB4_SECONDARY_BUS, 0, OTHER_PE);
        g_assert_cmphex(qdx_fill(&dx, 0, PAGE, 4), ==, DXR_STATUS_DONE);
        qdx_assert_pattern(src, a, PAGE, 4);
        qdx_assert_zero(src, o, PAGE);
    }
    /*
     * EEH state (pnv_phb4_eeh.c): another PE frozen, an error held in the
     * RXE_TCE trap, so OPAL's level error interrupt is up
     */
    qpnv_phb4_init_errors(&phb);
    er = qpnv_phb4_lsi(&phb, 7);
    qpnv_phb4_esb_enable(&phb, er);
    qpnv_phb4_ioda_write(&phb, IODA3_TBL_PESTA, OTHER_PE, PPC_BIT(0));
    qpnv_phb4_ioda_write(&phb, IODA3_TBL_PESTB, OTHER_PE, PPC_BIT(0));
    qpnv_phb4_write(&phb, TCE_TRAP + QPNV_TRAP_INJECT, PPC_BIT(1));
    /* a command programmed, not started */
    qdx_write(&dx, DXR_PATTERN, 0x42);
    qtest_memset(src, a, 0, PAGE);
    qtest_memset(src, a2, 0, PAGE);
    if (counters) {
        misses = qpnv_phb4_counter(&phb, "tce-cache-misses");
        hits = qpnv_phb4_counter(&phb, "tce-cache-hits");
    }
    save(src, uri);

    dst = qtest_initf(PNV4_ARGS " -incoming %s", c->machine, uri);
    loaded(dst);
    dphb = phb;
    dphb.qts = dst;
    dphb.bus.qts = dst;
    ddx = dx_on(&dx, dst, &dphb.bus,
                QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));

    /* the TVEs and the registers DMA depends on */
    g_assert_cmphex(qpnv_phb4_ioda_read(&dphb, IODA3_TBL_TVT, DX_PE * 2), ==,
                    tve);
    g_assert_cmphex(qpnv_phb4_ioda_read(&dphb, IODA3_TBL_TVT,
                                        DX_PE * 2 + 1), ==, bypass);
    g_assert_cmphex(qpnv_phb4_ioda_read(&dphb, IODA3_TBL_TVT,
                                        OTHER_PE * 2), ==, tve2);
    g_assert_cmphex(qpnv_phb4_read(&dphb, PHB_CTRLR), ==, ctrlr);
    g_assert_cmphex(qpnv_phb4_read(&dphb, PHB_RTT_BAR), ==,
                    phb.rtt | PHB_RTT_BAR_ENABLE);
    /* the M32 window and the device are back: MMIO reaches it */
    g_assert_cmphex(qdx_read(&ddx, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmphex(qdx_read(&ddx, DXR_PATTERN), ==, 0x42);
    /* the PE state and the held error came along, the interrupt level too */
    g_assert_true(qpnv_phb4_pe_frozen(&dphb, OTHER_PE));
    g_assert_false(qpnv_phb4_pe_frozen(&dphb, DX_PE));
    g_assert_cmphex(qpnv_phb4_ioda_read(&dphb, IODA3_TBL_PEEV, 0), ==,
                    PPC_BIT(OTHER_PE));
    g_assert_cmphex(qpnv_phb4_read(&dphb, TCE_TRAP), ==, PPC_BIT(1));
    qpnv_phb4_esb_eoi(&dphb, er);
    g_assert_cmphex(qpnv_phb4_esb_pq(&dphb, er) & 2, ==, 2);

    /*
     * The stale TCE (and in the rtc case the cached PE) came along: the
     * command lands on A, from the cache, without a table walk
     */
    g_assert_cmphex(qdx_run(&ddx, DXR_OP_FILL), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(dst, a, PAGE, 0x42);
    qdx_assert_zero(dst, b, PAGE);
    qdx_assert_zero(dst, o, PAGE);
    if (counters) {
        g_assert_cmpint(qpnv_phb4_counter(&dphb, "tce-cache-misses"), ==,
                        misses);
        g_assert_cmpint(qpnv_phb4_counter(&dphb, "tce-cache-hits"), >,
                        hits);
    }
    /* the other cached page too */
    g_assert_cmphex(qdx_fill(&ddx, PAGE, PAGE, 5), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(dst, a2, PAGE, 5);
    if (counters) {
        g_assert_cmpint(qpnv_phb4_counter(&dphb, "tce-cache-misses"), ==,
                        misses);
    }

    if (c->rtc) {
        /* the invalidation: now OTHER_PE (thawed), through its own table */
        qpnv_phb4_freeze_clear(&dphb, OTHER_PE);
        qpnv_phb4_rtc_invalidate_all(&dphb);
        g_assert_cmphex(qdx_fill(&ddx, 0, PAGE, 6), ==, DXR_STATUS_DONE);
        qdx_assert_pattern(dst, o, PAGE, 6);
        qpnv_phb4_set_pe(&dphb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    }
    /* the kill: now the new TCE, B; the bypass window works */
    qpnv_phb4_tce_kill_pe(&dphb, DX_PE);
    g_assert_cmphex(qdx_fill(&ddx, 0, PAGE, 7), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(dst, b, PAGE, 7);
    qdx_assert_pattern(dst, a, PAGE, 0x42);
    g_assert_cmphex(qdx_fill(&ddx, W1 | (a2 + 0), PAGE, 8), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(dst, a2, PAGE, 8);
    /* beyond the window: refused, and the PE freezes (device all-ones) */
    g_assert_cmphex(qdx_fill(&ddx, 2 * PAGE, PAGE, 9), ==, UINT64_MAX);
    g_assert_true(qpnv_phb4_pe_frozen(&dphb, DX_PE));

    g_free(ddx.dev);
    qdx_uninit(&dx);
    qtest_quit(src);
    qtest_quit(dst);
    unlink(path);
}

static const Pnv4Case pnv4_cases[] = {
    { "powernv9", 4, false },
    { "powernv9", 4, true },
    { "powernv10", 5, false },
    { "powernv10", 5, true },
};

/* ---- pseries ------------------------------------------------------------ */

#define DX_SLOT         4
#define DX_DEVFN        QPCI_DEVFN(DX_SLOT, 0)
#define DX_CONFIG_ADDR  (DX_DEVFN << 8)
#define SPAPR_ARGS      "-machine pseries,ic-mode=xics " \
                        "-device dma-exerciser,addr=4.0"

/* The PHB-wide PE (the default) or one PE per device (spapr_pci_pe.c) */
typedef struct SpaprLayout {
    const char *args;
    uint32_t liobn;             /* the exerciser's default window */
    uint32_t pe_addr;           /* its PE (ibm,get-config-addr-info2) */
} SpaprLayout;

static const SpaprLayout phb_pe = {
    SPAPR_ARGS, QSPAPR_PCI_LIOBN(0, 0), 1
};
static const SpaprLayout dev_pe = {
    SPAPR_ARGS " -global spapr-pci-host-bridge.pe-per-device=on",
    0x80000000 | ((DX_DEVFN + 1) << 16), DX_CONFIG_ADDR | 1
};

static uint32_t eeh_state(QOSState *qs, uint64_t buid, uint32_t pe_addr)
{
    uint32_t args[3] = { pe_addr, buid >> 32, buid }, rets[4];

    g_assert_cmpint(qspapr_rtas(qs->qts, &qs->alloc,
                                "ibm,read-slot-reset-state2", 3, args, 4,
                                rets), ==, 0);
    return rets[1];
}

static void eeh_option(QOSState *qs, uint64_t buid, uint32_t pe_addr,
                       uint32_t option)
{
    uint32_t args[4] = { pe_addr, buid >> 32, buid, option }, rets[1];

    g_assert_cmpint(qspapr_rtas(qs->qts, &qs->alloc, "ibm,set-eeh-option", 4,
                                args, 1, rets), ==, 0);
}

static void test_pseries(const void *opaque)
{
    const SpaprLayout *l = opaque;
    g_autofree char *path = g_strdup_printf("%s/powerio-mig-spapr-%d",
                                            g_get_tmp_dir(), getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    QOSState *src, *dst;
    QDmaExerciser dx, ddx;
    uint64_t buid, gpa, gpa2, start, tce;
    uint32_t liobn2, q[5], dq[5];

    src = qtest_spapr_boot("%s", l->args);
    buid = container_of(src->pcibus, QPCIBusSPAPR, bus)->buid;
    qdx_init(&dx, src->pcibus, DX_DEVFN);
    gpa = QEMU_ALIGN_UP(guest_alloc(&src->alloc, 2 * PAGE), PAGE);
    gpa2 = QEMU_ALIGN_UP(guest_alloc(&src->alloc, 2 * PAGE), PAGE);
    g_assert_cmphex(qh_put_tce(src->qts, l->liobn, 0x5000,
                               gpa | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    /* a dynamic window with a TCE in it */
    g_assert_cmpint(qspapr_ddw_create(src->qts, &src->alloc, DX_CONFIG_ADDR,
                                      buid, 12, 24, &liobn2, &start), ==, 0);
    g_assert_cmphex(liobn2, ==, l->liobn + 1);
    g_assert_cmphex(qh_put_tce(src->qts, liobn2, start,
                               gpa2 | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    g_assert_cmpint(qspapr_ddw_query(src->qts, &src->alloc, DX_CONFIG_ADDR,
                                     buid, q), ==, 0);
    /* EEH on, a fault stops the PE, MMIO thawed: DMA still stopped */
    eeh_option(src, buid, l->pe_addr, 1);
    g_assert_cmphex(qdx_fill(&dx, 0x9000, PAGE, 1), ==, UINT64_MAX);
    eeh_option(src, buid, l->pe_addr, 2);
    g_assert_cmpuint(eeh_state(src, buid, l->pe_addr), ==, 4);
    /* a FILL into the dynamic window, programmed, not started */
    qdx_program(&dx, 0, start, PAGE, 1, 0, 0x5a);
    save(src->qts, uri);

    dst = qtest_spapr_boot("%s -incoming %s", l->args, uri);
    loaded(dst->qts);
    ddx = dx_on(&dx, dst->qts, dst->pcibus, DX_DEVFN);

    /* the PE state, the windows and their TCEs */
    g_assert_cmpuint(eeh_state(dst, buid, l->pe_addr), ==, 4);
    g_assert_cmpint(qspapr_ddw_query(dst->qts, &dst->alloc, DX_CONFIG_ADDR,
                                     buid, dq), ==, 0);
    g_assert_cmpmem(q, sizeof(q), dq, sizeof(dq));
    g_assert_cmphex(qh_get_tce(dst->qts, l->liobn, 0x5000, &tce), ==,
                    QH_SUCCESS);
    g_assert_cmphex(tce, ==, gpa | QSPAPR_TCE_RW);
    g_assert_cmphex(qh_get_tce(dst->qts, liobn2, start, &tce), ==,
                    QH_SUCCESS);
    g_assert_cmphex(tce, ==, gpa2 | QSPAPR_TCE_RW);
    /* DMA stays refused until thawed, then the command runs */
    g_assert_cmphex(qdx_run(&ddx, DXR_OP_FILL), ==,
                    DXR_STATUS_DONE | DXR_STATUS_ERROR);
    eeh_option(dst, buid, l->pe_addr, 3);
    g_assert_cmpuint(eeh_state(dst, buid, l->pe_addr), ==, 0);
    g_assert_cmphex(qdx_run(&ddx, DXR_OP_FILL), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(dst->qts, gpa2, PAGE, 0x5a);

    g_free(ddx.dev);
    qdx_uninit(&dx);
    qtest_shutdown(src);
    qtest_shutdown(dst);
    unlink(path);
}

int main(int argc, char **argv)
{
    int i;

    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_device("dma-exerciser")) {
        g_test_skip("dma-exerciser not built");
        return g_test_run();
    }
    if (qtest_has_machine("powernv8")) {
        qtest_add_func("/powerio/migration/powernv8", test_powernv8);
    }
    for (i = 0; i < ARRAY_SIZE(pnv4_cases); i++) {
        const Pnv4Case *c = &pnv4_cases[i];
        g_autofree char *name = g_strdup_printf("/powerio/migration/%s%s",
                                                c->machine,
                                                c->rtc ? "/rtc" : "");

        if (qtest_has_machine(c->machine)) {
            qtest_add_data_func(name, c, test_powernv_phb4);
        }
    }
    if (qtest_has_machine("pseries")) {
        qtest_add_data_func("/powerio/migration/pseries", &phb_pe,
                            test_pseries);
        qtest_add_data_func("/powerio/migration/pseries-pe-per-device",
                            &dev_pe, test_pseries);
    }
    return g_test_run();
}
