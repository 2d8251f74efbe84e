/*
 * Benchmark (run on demand, never a test): exerciser DMA through a PHB4
 * (powernv9) and a PHB5 (powernv10)
 *
 * The shapes of the PHB3 benchmark (pnv-phb3-dma-bench.c), on each
 * machine in turn, the PHB brought up by the libqos PHB4 driver
 * (libqos/pci-pnv-phb4.c) as skiboot brings it up.
 *
 * 64 MiB in 4 KiB pages, copied by the exerciser from its buffer to
 * memory (so that what is measured is the DMA path) through a 2-level
 * 4K-page TCE window in TVE#0 (Linux's default shape), from an empty TCE
 * cache (cold: the PE's TCEs are killed before each pass) and from a full
 * one (warm); the same through a 4-level table.  The same DMA through the
 * bypass TVE#1 (DMA address bit 59) is the no-translation reference.
 * Unlike the PHB3 benchmark, which times one cold pass and the mean of
 * the warm ones, every case here counts its best pass of PASSES: on a
 * shared machine a pass of a few milliseconds that lost the CPU says
 * nothing about the model.
 *
 * The small-DMA shape (descriptor and completion traffic, where the
 * translation rather than the copy costs): 64-byte writes to 4096
 * distinct 4 KiB pages, in ns per transfer, through 1- to 4-level tables
 * from a full TCE cache (warm) and from an empty one (cold: the PE's TCEs
 * are killed before each pass, every transfer fills the cache), and
 * through the bypass TVE.  The best pass of PASSES counts.
 *
 * BENCH_PASSES sets the number of passes of every case; BENCH_ONLY=TEXT
 * runs only the cases whose name (with its machine: "powernv9/bypass")
 * contains TEXT (to profile one; the 64 MiB cases of a machine run as a
 * group).  Prints one line per case:
 *   bench <machine>/<case> <MB/s>
 *   bench <machine>/<case> <ns per transfer> ns
 * Run it against two binaries with QTEST_QEMU_BINARY to compare models
 * ("make bench" does, and prints the ratios).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"

#define PHB_INDEX       1
#define DX_PE           3
#define PAGE            4096ULL
#define TOTAL           (64ULL << 20)
#define BUF_GPA         0x40000000ULL   /* 64 MiB of the 2 GiB machine */
#define PASSES          16
#define SMALL_LEN       64
#define SMALL_PAGES     4096

typedef struct Machine {
    const char *name;
    int gen;
} Machine;

static const Machine machines[] = {
    { "powernv9", 4 },
    { "powernv10", 5 },
};

/* Every case, in the order they run */
static const char *const cases[] = {
    "tce-4k-cold", "tce-4k-warm", "bypass", "tce-4k-4lvl-cold",
    "tce-4k-4lvl-warm",
    "small-tce-1lvl-warm", "small-tce-1lvl-cold",
    "small-tce-2lvl-warm", "small-tce-2lvl-cold",
    "small-tce-3lvl-warm", "small-tce-3lvl-cold",
    "small-tce-4lvl-warm", "small-tce-4lvl-cold",
    "small-bypass",
};

/* the first NR_LARGE cases are the 64 MiB copies */
#define NR_LARGE        5

typedef struct Bench {
    const Machine *m;
    QPnvPhb4 phb;
    QDmaExerciser dx;
    int passes;
} Bench;

/* The full name of case @name on the machine of @b (g_free it) */
static char *case_name(Bench *b, const char *name)
{
    return g_strdup_printf("%s/%s", b->m->name, name);
}

/* Whether case @name runs (BENCH_ONLY) */
static bool want(Bench *b, const char *name)
{
    const char *only = getenv("BENCH_ONLY");
    g_autofree char *full = case_name(b, name);

    return !only || strstr(full, only);
}

static void report(Bench *b, const char *name, double v, bool ns)
{
    g_autofree char *full = case_name(b, name);

    printf("bench %s %.1f%s\n", full, v, ns ? " ns" : "");
}

/*
 * The host time the exerciser spent (BUSY_NS: the DMA path, not the qtest
 * round trips) on @count writes of @len bytes from its buffer to @iova,
 * one every 4 KiB, in ns: the best of the passes.  @cold kills the PE's
 * TCEs before each pass; otherwise a first pass, which does not count,
 * fills the TCE cache.
 */
static uint64_t run_best(Bench *b, uint64_t iova, uint64_t len,
                         uint64_t count, bool cold)
{
    QDmaExerciser *dx = &b->dx;
    uint64_t best = 0;
    int i;

    qdx_program(dx, 0, iova, len, count, PAGE, 1);
    if (!cold) {
        g_assert_cmphex(qdx_run(dx, DXR_OP_BUF_TO_MEM), ==, DXR_STATUS_DONE);
    }
    for (i = 0; i < b->passes; i++) {
        uint64_t ns;

        if (cold) {
            qpnv_phb4_tce_kill_pe(&b->phb, DX_PE);
        }
        g_assert_cmphex(qdx_run(dx, DXR_OP_BUF_TO_MEM), ==, DXR_STATUS_DONE);
        ns = qdx_read(dx, DXR_BUSY_NS);
        if (!i || ns < best) {
            best = ns;
        }
    }
    return MAX(best, 1);
}

/* MB/s of a copy of TOTAL bytes in 4 KiB pages to @iova */
static double run_copy(Bench *b, uint64_t iova, bool cold)
{
    /* bytes per us = MB/s */
    return (double)TOTAL * 1000 / run_best(b, iova, PAGE, TOTAL / PAGE, cold);
}

/* ns per transfer of the small-DMA shape at @iova */
static double run_small(Bench *b, uint64_t iova, bool cold)
{
    return (double)run_best(b, iova, SMALL_LEN, SMALL_PAGES, cold) /
           SMALL_PAGES;
}

/* A @levels-level 4K-page table in TVE#0 mapping @size bytes at BUF_GPA */
static void map_window(Bench *b, int levels, unsigned entries_shift,
                       uint64_t size)
{
    QPnvPhb4Tce t;
    uint64_t off;

    qpnv_phb4_tce_init(&b->phb, &t, levels, entries_shift, 12);
    for (off = 0; off < size; off += PAGE) {
        qpnv_phb4_tce_map(&b->phb, &t, off, BUF_GPA + off, QPNV_PHB4_TCE_RW);
    }
    qpnv_phb4_set_tve(&b->phb, DX_PE, 0, qpnv_phb4_tve(&t));
    /* nothing cached from an earlier table */
    qpnv_phb4_tce_kill_pe(&b->phb, DX_PE);
}

/* The small-DMA cases through a @levels-level table */
static void bench_small_tce(Bench *b, int levels)
{
    g_autofree char *warm = g_strdup_printf("small-tce-%dlvl-warm", levels);
    g_autofree char *cold = g_strdup_printf("small-tce-%dlvl-cold", levels);

    if (!want(b, warm) && !want(b, cold)) {
        return;
    }
    /* one level must reach all the pages: 2^12 TCEs */
    map_window(b, levels, levels == 1 ? 12 : 9, SMALL_PAGES * PAGE);
    if (want(b, warm)) {
        report(b, warm, run_small(b, 0, false), true);
    }
    if (want(b, cold)) {
        report(b, cold, run_small(b, 0, true), true);
    }
}

/* 64 MiB in 4 KiB pages: 2-level cold and warm, bypass, 4-level */
static void bench_large(Bench *b)
{
    map_window(b, 2, 9, TOTAL);
    report(b, "tce-4k-cold", run_copy(b, 0, true), false);
    report(b, "tce-4k-warm", run_copy(b, 0, false), false);
    report(b, "bypass", run_copy(b, QPNV_PHB4_TVE1 | BUF_GPA, false), false);

    /* the same through a 4-level table (a 5-level DDW is Linux's maximum) */
    map_window(b, 4, 9, TOTAL);
    report(b, "tce-4k-4lvl-cold", run_copy(b, 0, true), false);
    report(b, "tce-4k-4lvl-warm", run_copy(b, 0, false), false);
    g_assert_cmphex(qtest_readb(b->phb.qts, BUF_GPA + TOTAL - 1), ==, 0x5a);
}

static void bench_machine(const Machine *m, int passes)
{
    Bench b = { .m = m, .passes = passes };
    QTestState *qts;
    uint64_t off;
    int i, levels;
    bool any = false;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        any |= want(&b, cases[i]);
    }
    if (!any) {
        return;     /* BENCH_ONLY leaves nothing here: do not boot it */
    }
    qts = qtest_initf("-M %s -m 2G -device dma-exerciser,bus=pcie.%d,"
                      "addr=0", m->name, PHB_INDEX);
    qpnv_phb4_init(&b.phb, qts, m->gen, PHB_INDEX);
    qdx_init(&b.dx, &b.phb.bus,
             QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&b.phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);

    /* touch the buffer first: host page faults are not what is measured */
    qtest_memset(qts, BUF_GPA, 0, TOTAL);
    for (off = 0; off < PAGE; off++) {
        qdx_buf_writeb(&b.dx, off, 0x5a);
    }
    /* bypass TVE#1 over all of RAM, as Linux sets it */
    qpnv_phb4_set_tve(&b.phb, DX_PE, 1, qpnv_phb4_bypass_tve(0, 1ULL << 31));
    for (i = 0; i < NR_LARGE; i++) {
        if (want(&b, cases[i])) {
            bench_large(&b);   /* the 64 MiB cases run as a group */
            break;
        }
    }

    /* the small-DMA shape */
    for (levels = 1; levels <= 4; levels++) {
        bench_small_tce(&b, levels);
    }
    if (want(&b, "small-bypass")) {
        report(&b, "small-bypass",
               run_small(&b, QPNV_PHB4_TVE1 | BUF_GPA, false), true);
    }

    qdx_uninit(&b.dx);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    const char *env = getenv("BENCH_PASSES");
    int passes = env ? atoi(env) : PASSES;
    int i;

    g_test_init(&argc, &argv, NULL);
    passes = MAX(passes, 1);
    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        bench_machine(&machines[i], passes);
    }
    return 0;
}
