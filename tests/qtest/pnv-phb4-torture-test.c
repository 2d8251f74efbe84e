/*
 * Seeded torture of the PHB4 (powernv9) and PHB5 (powernv10) DMA paths:
 * garbage TVEs (every field, any number of levels, bypass bounds, every
 * TVT_ADDR_SEL of PHB_CTRLR), TCEs pointing anywhere (the table itself,
 * past RAM, the MSI windows, MMIO), kills with any bits (PEs beyond the
 * PHB, PSEL codes that name no page size), RTT entries that are no PE,
 * RTC invalidations, the RTT BAR and the MSI window enables, and exerciser
 * DMA of any kind to any address in between.
 *
 * Deterministic for a seed (POWERIO_SEED, or the built-in ones), bounded in
 * count; the seed is printed.  After every step the simulator must still
 * answer (the exerciser's ID reads back through M32), and no DMA may have
 * landed in a canary region that no mapping the test makes can reach: a
 * DMA either went where a TCE or a bypass window sends it, or failed.
 * Now and then, and at the end, the PHB is put back as skiboot would
 * program it and a clean window must carry DMA to exactly its page.  Run
 * it under SANITIZE=1 to catch what does not crash outright.
 *
 * The eeh/ cases run with skiboot's error enables, so faults freeze PEs
 * and some errors fence the PHB, and add PE state writes, error trap
 * injects, PAPR injections and PELTV rows to the mix; after every step the
 * PHB is recovered as skiboot and Linux would (a fenced PHB through the
 * complete reset, every frozen PE through freeze clear) before the
 * liveness check.
 *
 * Where DMA may legitimately go: a TCE the test writes points below 1 GiB,
 * at the last page of RAM (the third GiB), past RAM, at an MSI address or
 * at MMIO, never into the second GiB, so no IO page of any size (1G
 * included) holds the canary in its middle; DMA addresses whose low 56
 * bits (the most a bypass window keeps) would cover the canary are moved.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"
#include "libqos/torture.h"

#define PHB_INDEX       1
#define DX_PE           3
#define STEPS           600
#define CLEAN_EVERY     60
#define GIB             (1ULL << 30)
#define RAM_SIZE        (3 * GIB)
/* nothing the test maps reaches the second GiB of RAM */
#define CANARY          (GIB + GIB / 2)
#define CANARY_SIZE     0x10000ULL
#define CANARY_BYTE     0xa4    /* read as TCEs: no permission, no page */
#define LOW56           ((1ULL << 56) - 1)
#define MAX_LEN         0x8000
/* the TCE's real page number (skiboot, Linux: bits 12:55) */
#define TCE_RPN_MASK    0x00fffffffffff000ULL

typedef struct Machine {
    const char *name;
    const char *phb;            /* the PHB model's type, for -global */
    int gen;
} Machine;

static const Machine machines[] = {
    { "powernv9", "pnv-phb4", 4 },
    { "powernv10", "pnv-phb5", 5 },
};

typedef struct Case {
    const Machine *m;
    uint32_t seed;
    bool eeh;               /* skiboot's error enables, EEH steps */
} Case;

typedef struct Torture {
    GRand *r;
    QTestState *qts;
    QPnvPhb4 phb;
    QDmaExerciser dx;
    QPnvPhb4Tce t;              /* the tortured table: 2 levels, 4K */
    QPnvPhb4Tce clean;          /* a table no garbage is written to */
    uint64_t dma;               /* 16 pages the tortured table maps */
    uint64_t clean_page;        /* the page the clean table maps */
    uint64_t ctrlr;             /* PHB_CTRLR as skiboot set it */
    uint64_t rtt_bar;
    uint64_t phb4_config;
    uint8_t *canary;
    unsigned clean_seq;
    unsigned dma_done, dma_failed;
    bool eeh;
    unsigned freezes, fences;
} Torture;

/* A TCE target that is no page of the second GiB (see the top comment) */
static uint64_t off_canary_gib(uint64_t addr)
{
    if (((addr & TCE_RPN_MASK) >> 30) == 1) {
        addr ^= 1ULL << 40;
    }
    return addr;
}

/* An address a hostile guest would pick */
static uint64_t hostile_addr(Torture *s)
{
    GRand *r = s->r;
    uint64_t bar;

    switch (g_rand_int_range(r, 0, 10)) {
    case 0:                                     /* the table itself */
        return (g_rand_boolean(r) ? s->t.base :
                qtest_readq(s->qts, s->t.base) & ~0xfffULL) +
               8 * g_rand_int_range(r, 0, 512);
    case 1:                                     /* RAM's last page */
        return RAM_SIZE - 8 * g_rand_int_range(r, 1, 512);
    case 2:                                     /* past RAM */
        return RAM_SIZE + g_rand_int_range(r, 0, 0x100000);
    case 3:                                     /* 32-bit MSI window */
        return 0xffff0000 | (g_rand_int(r) & 0xffff);
    case 4:                                     /* 64-bit MSI window */
        return (1ULL << 60) | (g_rand_int(r) & 0xfffff);
    case 5:                                     /* the exerciser's BARs */
        bar = g_rand_boolean(r) ? s->dx.bar0.addr : s->dx.bar2.addr;
        return s->phb.m32_cpu + (bar - s->phb.m32_pci) +
               (g_rand_int(r) & 0xfff8);
    case 6:                                     /* the unused 64-bit window */
        return s->phb.mmio0 + (qtorture_rnd64(r) % s->phb.mmio0_size);
    case 7:
        return off_canary_gib(qtorture_rnd64(r));
    default:                                    /* RAM, the tables' GiB */
        return g_rand_int_range(r, 0, 0x40000000);
    }
}

/*
 * A TVE: anything, the clean table's with its low fields garbled (levels,
 * table size, IO page size, bypass and NON_TRANSLATE_50 bits), a bypass
 * window with garbage bounds, or the tortured table's
 */
static uint64_t garbage_tve(Torture *s)
{
    GRand *r = s->r;
    uint64_t v = qtorture_rnd64(r);

    switch (g_rand_int_range(r, 0, 5)) {
    case 0:
        return v;
    case 1:
        return (qpnv_phb4_tve(&s->t) & ~0xffffULL) | (v & 0xffff);
    case 2:                 /* bypass: start, end anything, page size 0 */
        return (v & ~(IODA3_TVT_IO_PSIZE | 0xe0ULL)) | PPC_BIT(51) |
               (g_rand_boolean(r) ? IODA3_TVT_NON_TRANSLATE_50 : 0);
    case 3:                 /* a table anywhere, one to eight levels */
        return (v & ~0xffffULL) |
               ((uint64_t)g_rand_int_range(r, 0, 8) << 13) |
               ((uint64_t)g_rand_int_range(r, 0, 32) << 8) |
               g_rand_int_range(r, 0, 32);
    default:
        return qpnv_phb4_tve(&s->t);
    }
}

/* Kills: any value, a PE beyond the PHB, a page with any PSEL code */
static void garbage_kill(Torture *s)
{
    GRand *r = s->r;
    uint64_t v = qtorture_rnd64(r);
    unsigned pe = g_rand_int_range(r, 0, 512);

    switch (g_rand_int_range(r, 0, 5)) {
    case 0:
        qpnv_phb4_write(&s->phb, PHB_TCE_KILL, v);
        break;
    case 1:
        qpnv_phb4_tce_kill_pe(&s->phb, pe);
        break;
    case 2:
        qpnv_phb4_write(&s->phb, PHB_TCE_KILL, PHB_TCE_KILL_ONE |
                        PHB_TCE_KILL_PSEL |
                        ((uint64_t)g_rand_int_range(r, 0, 16) << 12) |
                        (v & 0x0fffffffffff0000ULL) | pe);
        break;
    case 3:
        qpnv_phb4_tce_kill_page(&s->phb, g_rand_boolean(r) ? DX_PE : pe,
                                (v & 0x0fffULL) << 12, 12);
        break;
    default:
        qpnv_phb4_tce_kill_all(&s->phb);
        break;
    }
}

/* RTT entries that are no PE, a RID's or any RTC invalidation, the BAR */
static void garbage_rtt(Torture *s)
{
    GRand *r = s->r;
    uint64_t v = qtorture_rnd64(r);

    switch (g_rand_int_range(r, 0, 4)) {
    case 0:
        qpnv_phb4_rtt_set(&s->phb, QPNV_PHB4_SECONDARY_BUS, 0,
                          g_rand_boolean(r) ? (v & 0xffff) :
                          g_rand_int_range(r, 0, 512));
        break;
    case 1:
        qpnv_phb4_write(&s->phb, PHB_RTC_INVALIDATE, v);
        break;
    case 2:
        qpnv_phb4_rtc_invalidate_rid(&s->phb, QPNV_PHB4_SECONDARY_BUS,
                                     g_rand_int_range(r, 0, 2));
        break;
    default:    /* disabled, or anywhere (also past RAM) */
        qpnv_phb4_write(&s->phb, PHB_RTT_BAR, g_rand_boolean(r) ?
                        s->rtt_bar & ~PHB_RTT_BAR_ENABLE : v);
        break;
    }
}

/* Does byte span [a, a + len) of the low 56 bits meet the canary? */
static bool hits_canary(uint64_t addr, uint64_t len)
{
    uint64_t a = addr & LOW56;

    return a < CANARY + CANARY_SIZE && a + len > CANARY;
}

/* A DMA address: the tortured window, the bypass TVE, hostile, anything */
static uint64_t dma_addr(Torture *s)
{
    GRand *r = s->r;
    uint64_t v = qtorture_rnd64(r);

    switch (g_rand_int_range(r, 0, 7)) {
    case 0:
    case 1:     /* its mapped pages, a few beyond */
        return ((uint64_t)g_rand_int_range(r, 0, 24) << 12) | (v & 0xfff);
    case 4:
        return QPNV_PHB4_TVE1 | (v % RAM_SIZE);
    case 5:     /* its upper levels */
        return ((uint64_t)g_rand_int_range(r, 0, 1024) << 12) |
               (v & 0xfff);
    case 2:     /* the TVE select bits of every TVT_ADDR_SEL */
        return (v & 0x0f00000000000000ULL) |
               ((uint64_t)g_rand_int_range(r, 0, 512) << 12);
    case 3:
        return v;
    default:
        return hostile_addr(s);
    }
}

/* One DMA of any kind; it completes or fails, and never on the canary */
static void torture_dma(Torture *s)
{
    GRand *r = s->r;
    uint64_t op = g_rand_int_range(r, DXR_OP_BUF_TO_MEM, DXR_OP_RAW_WRITE + 1);
    uint64_t addr = dma_addr(s);
    uint64_t len = op == DXR_OP_RAW_WRITE ? 1 << g_rand_int_range(r, 0, 4) :
                   g_rand_int_range(r, 1, g_rand_boolean(r) ? 4096 : MAX_LEN);
    uint64_t count = op == DXR_OP_RAW_WRITE ? 1 : g_rand_int_range(r, 1, 4);
    uint64_t stride = g_rand_int_range(r, 0, 4) ? 4096 : g_rand_int(r);
    uint64_t k, status;

    /* no byte of any transfer on the canary, through bypass either */
    for (k = 0; k < count; k++) {
        if (hits_canary(addr + k * stride, len)) {
            addr ^= 1ULL << 31;
            stride = 0;
            k = -1;
        }
    }
    qdx_write(&s->dx, DXR_SRC, op == DXR_OP_BUF_TO_MEM ?
              g_rand_int_range(r, 0, 0x8000) : addr);
    qdx_write(&s->dx, DXR_DST, op == DXR_OP_MEM_TO_BUF ?
              g_rand_int_range(r, 0, 0x8000) : addr);
    qdx_write(&s->dx, DXR_LEN, len);
    qdx_write(&s->dx, DXR_COUNT, count);
    qdx_write(&s->dx, DXR_STRIDE, stride);
    qdx_write(&s->dx, DXR_RAW_DATA, qtorture_rnd64(r));
    qdx_write(&s->dx, DXR_PATTERN, g_rand_int(r));
    status = qdx_run(&s->dx, op);
    if (s->eeh && status == UINT64_MAX) {
        /* a fault froze the PE, or an error fenced the PHB: recover() */
        s->dma_failed++;
        return;
    }
    /* without the error enables nothing freezes: the command ran */
    g_assert_cmphex(status, !=, UINT64_MAX);
    g_assert_cmphex(status & (DXR_STATUS_BUSY | DXR_STATUS_DONE |
                              DXR_STATUS_BAD_CMD), ==, DXR_STATUS_DONE);
    if (status & DXR_STATUS_ERROR) {
        s->dma_failed++;
    } else {
        s->dma_done++;
    }
    qdx_write(&s->dx, DXR_STATUS, ~0ULL);
}

static void assert_canary(Torture *s)
{
    g_autofree uint8_t *now = g_malloc(CANARY_SIZE);

    qtest_bufread(s->qts, CANARY, now, CANARY_SIZE);
    g_assert_cmpmem(now, CANARY_SIZE, s->canary, CANARY_SIZE);
}

static void recover(Torture *s);

/*
 * The PHB as skiboot programs it: two TVEs per PE, the RTT BAR, the MSI
 * windows, the exerciser's RID in its PE (RTC invalidated), TVE#0 the
 * clean table, every TCE killed.  A DMA through it lands on its page and
 * nowhere else; one page on (no TCE) fails.
 */
static void assert_clean_window(Torture *s)
{
    uint64_t seed = 0xc1ea0000 + s->clean_seq++;

    qpnv_phb4_write(&s->phb, PHB_CTRLR, s->ctrlr);
    qpnv_phb4_write(&s->phb, PHB_RTT_BAR, s->rtt_bar);
    qpnv_phb4_write(&s->phb, PHB_PHB4_CONFIG, s->phb4_config);
    qpnv_phb4_set_pe(&s->phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    qpnv_phb4_tce_map(&s->phb, &s->clean, 0, s->clean_page,
                      QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&s->phb, DX_PE, 0, qpnv_phb4_tve(&s->clean));
    qpnv_phb4_tce_kill_all(&s->phb);
    qtest_memset(s->qts, s->clean_page, 0, 4096);

    g_assert_cmphex(qdx_fill(&s->dx, 0, 4096, seed), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(s->qts, s->clean_page, 4096, seed);
    g_assert_cmphex(qdx_verify(&s->dx, 0, 4096, seed), ==, DXR_STATUS_DONE);
    /* with skiboot's error enables the fault freezes the PE: all-ones */
    g_assert_cmphex(qdx_fill(&s->dx, 4096, 4096, seed + 1), ==,
                    s->eeh ? ~0ULL : DXR_STATUS_DONE | DXR_STATUS_ERROR);
    if (s->eeh) {
        recover(s);
    }
    qdx_write(&s->dx, DXR_STATUS, ~0ULL);
    assert_canary(s);
}

/* An EEH step: PE state, a trap's inject register, injection, PELTV */
static void garbage_eeh(Torture *s)
{
    GRand *r = s->r;
    unsigned pe = g_rand_boolean(r) ? DX_PE : g_rand_int_range(r, 0, 512);
    uint64_t bits = 1ULL << g_rand_int_range(r, 0, 64);
    static const uint64_t inj_kind[] = {
        PPC_BIT(0), PPC_BIT(1), PPC_BIT(3),     /* INB, OUTB, CFG */
    };

    switch (g_rand_int_range(r, 0, 5)) {
    case 0:
        qpnv_phb4_ioda_write(&s->phb, g_rand_boolean(r) ? IODA3_TBL_PESTA :
                             IODA3_TBL_PESTB, pe,
                             g_rand_boolean(r) ? PPC_BIT(0) : 0);
        break;
    case 1:
        qpnv_phb4_write(&s->phb, QPNV_PHB4_TRAP(g_rand_int_range(r, 0, 5)) +
                        QPNV_TRAP_INJECT, bits);
        break;
    case 2:
        qpnv_phb4_write(&s->phb, PHB_PAPR_ERR_INJ_ADDR, g_rand_boolean(r) ?
                        0 : (uint64_t)g_rand_int(r) << 32);
        qpnv_phb4_write(&s->phb, PHB_PAPR_ERR_INJ_MASK, g_rand_boolean(r) ?
                        0 : ~0ULL << g_rand_int_range(r, 12, 64));
        qpnv_phb4_write(&s->phb, PHB_PAPR_ERR_INJ_CTL,
                        inj_kind[g_rand_int_range(r, 0, 3)] |
                        (g_rand_boolean(r) ? PPC_BIT(4) : PPC_BIT(5)));
        break;
    case 3:
        qtest_writeb(s->qts, s->phb.peltv + DX_PE * (s->phb.num_pes / 8) +
                     g_rand_int_range(r, 0, s->phb.num_pes / 8),
                     g_rand_int_range(r, 0, 256));
        break;
    default:
        qpnv_phb4_ioda_write(&s->phb, IODA3_TBL_PEEV,
                             g_rand_int_range(r, 0, 8), bits);
        break;
    }
}

/*
 * Recovery as skiboot and Linux do it: a fenced PHB (its registers read
 * all-ones) through the complete reset and the PHB programmed again;
 * every frozen PE (PEEV) thawed; the injection disarmed
 */
static void recover(Torture *s)
{
    unsigned w, b;

    if (qpnv_phb4_read(&s->phb, PHB_CPU_LOADSTORE_STATUS) == ~0ULL) {
        s->fences++;
        qpnv_phb4_creset(&s->phb);
        g_assert_cmphex(qpnv_phb4_read(&s->phb, PHB_CPU_LOADSTORE_STATUS),
                        !=, ~0ULL);
        qpnv_phb4_init_errors(&s->phb);
    }
    qpnv_phb4_write(&s->phb, PHB_PAPR_ERR_INJ_CTL, 0);
    for (w = 0; w < s->phb.num_pes / 64; w++) {
        uint64_t peev = qpnv_phb4_ioda_read(&s->phb, IODA3_TBL_PEEV, w);

        for (b = 0; b < 64; b++) {
            if (peev & PPC_BIT(b)) {
                s->freezes++;
                qpnv_phb4_freeze_clear(&s->phb, w * 64 + b);
            }
        }
        g_assert_cmphex(qpnv_phb4_ioda_read(&s->phb, IODA3_TBL_PEEV, w), ==,
                        0);
    }
    qpnv_phb4_err_clear(&s->phb);
}

static void torture(const void *data)
{
    const Case *c = data;
    Torture s = { 0 };
    uint64_t faults;
    int step, i;

    g_test_message("%s, seed %u (POWERIO_SEED=%u reproduces it)",
                   c->m->name, c->seed, c->seed);
    s.r = g_rand_new_with_seed(c->seed);
    s.qts = qtest_initf("-M %s -m 3G -device dma-exerciser,bus=pcie.%d,"
                        "addr=0 -global %s.stale-tce-check=on "
                        "-global %s.tce-cache-size=64", c->m->name,
                        PHB_INDEX, c->m->phb, c->m->phb);
    qpnv_phb4_init(&s.phb, s.qts, c->m->gen, PHB_INDEX);
    s.eeh = c->eeh;
    if (s.eeh) {
        qpnv_phb4_init_errors(&s.phb);
    }
    qdx_init(&s.dx, &s.phb.bus, QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&s.phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    qpnv_phb4_set_m32_pe(&s.phb, s.dx.bar0.addr, DX_PE);
    qpnv_phb4_set_m32_pe(&s.phb, s.dx.bar2.addr, DX_PE);
    s.ctrlr = qpnv_phb4_read(&s.phb, PHB_CTRLR);
    s.rtt_bar = qpnv_phb4_read(&s.phb, PHB_RTT_BAR);
    s.phb4_config = qpnv_phb4_read(&s.phb, PHB_PHB4_CONFIG);

    qpnv_phb4_tce_init(&s.phb, &s.t, 2, 9, 12);
    s.dma = qpnv_phb4_alloc(&s.phb, 16 * 4096, 4096);
    for (i = 0; i < 16; i++) {
        qpnv_phb4_tce_map(&s.phb, &s.t, i * 4096ULL, s.dma + i * 4096ULL,
                          QPNV_PHB4_TCE_RW);
    }
    qpnv_phb4_tce_init(&s.phb, &s.clean, 1, 9, 12);
    s.clean_page = qpnv_phb4_alloc(&s.phb, 4096, 4096);
    qpnv_phb4_set_tve(&s.phb, DX_PE, 0, qpnv_phb4_tve(&s.t));
    qpnv_phb4_set_tve(&s.phb, DX_PE, 1, qpnv_phb4_bypass_tve(0, RAM_SIZE));

    s.canary = g_malloc(CANARY_SIZE);
    memset(s.canary, CANARY_BYTE, CANARY_SIZE);
    qtest_bufwrite(s.qts, CANARY, s.canary, CANARY_SIZE);
    assert_clean_window(&s);
    qpnv_phb4_set_tve(&s.phb, DX_PE, 0, qpnv_phb4_tve(&s.t));

    for (step = 0; step < STEPS; step++) {
        GRand *r = s.r;
        unsigned pe = g_rand_boolean(r) ? DX_PE : g_rand_int_range(r, 0, 512);

        switch (g_rand_int_range(r, 0, s.eeh ? 20 : 16)) {
        case 0:     /* any TVE of the exerciser's PE or another */
            qpnv_phb4_ioda_write(&s.phb, IODA3_TBL_TVT,
                                 g_rand_boolean(r) ?
                                 DX_PE * 2 + g_rand_int_range(r, 0, 2) :
                                 g_rand_int_range(r, 0, 0x2000),
                                 garbage_tve(&s));
            break;
        case 1:     /* 2, 4, 8, 16 TVEs per PE, and the undefined codes */
            qpnv_phb4_write(&s.phb, PHB_CTRLR,
                            (s.ctrlr & ~PHB_CTRLR_TVT_ADDR_SEL) |
                            ((uint64_t)g_rand_int_range(r, 0, 8) << 44));
            break;
        case 2:     /* a TCE or an indirect entry, pointing anywhere */
            qtest_writeq(s.qts, (g_rand_boolean(r) ? s.t.base :
                                 qtest_readq(s.qts, s.t.base) & ~0xfffULL) +
                         8 * g_rand_int_range(r, 0, 512),
                         off_canary_gib(hostile_addr(&s)) |
                         g_rand_int_range(r, 0, 4));
            break;
        case 3:
            garbage_kill(&s);
            break;
        case 4:
            garbage_rtt(&s);
            break;
        case 5:     /* MSI windows on and off */
            qpnv_phb4_write(&s.phb, PHB_PHB4_CONFIG, s.phb4_config ^
                            (g_rand_boolean(r) ? PHB_PHB4C_32BIT_MSI_EN :
                             PHB_PHB4C_64BIT_MSI_EN));
            break;
        case 6:     /* the tortured windows back, in PE @pe */
        case 7:
            pe %= s.phb.num_pes;
            qpnv_phb4_write(&s.phb, PHB_RTT_BAR, s.rtt_bar);
            qpnv_phb4_write(&s.phb, PHB_CTRLR, s.ctrlr);
            qpnv_phb4_set_pe(&s.phb, QPNV_PHB4_SECONDARY_BUS, 0, pe);
            qpnv_phb4_set_tve(&s.phb, pe, 0, qpnv_phb4_tve(&s.t));
            qpnv_phb4_set_tve(&s.phb, pe, 1,
                              qpnv_phb4_bypass_tve(0, RAM_SIZE));
            break;
        case 16:    /* EEH (the eeh/ cases only) */
        case 17:
            garbage_eeh(&s);
            break;
        default:
            torture_dma(&s);
            assert_canary(&s);
            break;
        }
        if (s.eeh) {
            recover(&s);
        }
        /* the simulator answers */
        g_assert_cmphex(qdx_read(&s.dx, DXR_ID), ==, DXR_ID_VALUE);
        if (step % CLEAN_EVERY == CLEAN_EVERY - 1) {
            assert_clean_window(&s);
        }
    }
    assert_clean_window(&s);
    faults = qpnv_phb4_counter(&s.phb, "tce-faults");
    g_test_message("DMA: %u completed, %u failed; %" PRIu64 " translations, "
                   "%" PRIu64 " faults, %" PRIu64 " kills", s.dma_done,
                   s.dma_failed,
                   qpnv_phb4_counter(&s.phb, "tce-translations"), faults,
                   qpnv_phb4_counter(&s.phb, "tce-kills"));
    g_assert_cmpuint(faults, >, 0);
    g_assert_cmpuint(s.dma_done, >, 0);
    if (s.eeh) {
        g_test_message("EEH: %u frozen PEs thawed, %u fences reset",
                       s.freezes, s.fences);
        g_assert_cmpuint(s.freezes, >, 0);
    }
    g_free(s.canary);
    qdx_uninit(&s.dx);
    qtest_quit(s.qts);
    g_rand_free(s.r);
}

static void add_seeds(const Machine *m, bool eeh)
{
    static const uint32_t seeds[] = { 1, 0x5eed, 20261121 };
    const char *kind = eeh ? "torture/eeh" : "torture";
    const char *env = getenv("POWERIO_SEED");
    unsigned long env_seed;
    int i;

    for (i = 0; i <= ARRAY_SIZE(seeds); i++) {
        g_autofree char *path = NULL;
        Case *c = g_new0(Case, 1);

        c->m = m;
        c->eeh = eeh;
        if (i < ARRAY_SIZE(seeds)) {
            c->seed = seeds[i];
            path = g_strdup_printf("/pnv-phb4/%s/%s/%u", m->name, kind,
                                   c->seed);
        } else if (env && !qemu_strtoul(env, NULL, 0, &env_seed)) {
            c->seed = env_seed;
            path = g_strdup_printf("/pnv-phb4/%s/%s/env", m->name, kind);
        } else {
            g_free(c);
            break;
        }
        qtest_add_data_func_full(path, c, torture, g_free);
    }
}

int main(int argc, char **argv)
{
    int i;

    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_device("dma-exerciser")) {
        g_test_skip("dma-exerciser not built");
        return g_test_run();
    }
    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        if (qtest_has_machine(machines[i].name)) {
            add_seeds(&machines[i], false);
            add_seeds(&machines[i], true);
        }
    }
    return g_test_run();
}
