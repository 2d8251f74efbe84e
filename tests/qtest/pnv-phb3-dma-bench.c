/*
 * Benchmark (run on demand, never a test): exerciser DMA through a PHB3
 *
 * 64 MiB in 4 KiB pages, copied by the exerciser from its buffer to
 * memory (so that what is measured is the DMA path) through a 2-level
 * 4K-page TCE window (Linux's default shape): one pass that meets an empty
 * TCE cache, then PASSES passes from a full one; the same through a
 * 4-level table.  The same DMA through a bypass TVE is the no-translation
 * reference.
 *
 * The small-DMA shape (descriptor and completion traffic, where the
 * translation rather than the copy costs): 64-byte writes to 4096
 * distinct 4 KiB pages, in ns per transfer, through 1- to 4-level tables
 * from a full TCE cache (warm) and from an empty one (cold: the PE's TCEs
 * are killed before each pass, every transfer fills the cache), and
 * through the bypass TVE.  The best pass of SMALL_PASSES counts.
 *
 * BENCH_PASSES sets the number of passes of every case; BENCH_ONLY=TEXT
 * runs only the cases whose name contains TEXT (to profile one; the
 * 64 MiB cases run as a group).  Prints one line per case:
 *   bench <case> <MB/s>
 *   bench <case> <ns per transfer> ns
 * Run it against two binaries with QTEST_QEMU_BINARY to compare models
 * ("make bench" does, and prints the ratios).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb3.h"
#include "libqos/dma-exerciser.h"

#define PHB_INDEX       1
#define DX_PE           3
#define PAGE            4096ULL
#define TOTAL           (64ULL << 20)
#define BUF_GPA         0x40000000ULL   /* 64 MiB of the 2 GiB machine */
#define PASSES          16
#define SMALL_LEN       64
#define SMALL_PAGES     4096
#define SMALL_PASSES    16

/* Whether the case @name runs (BENCH_ONLY) */
static bool want(const char *name)
{
    const char *only = getenv("BENCH_ONLY");

    return !only || strstr(name, only);
}

/*
 * MB/s of @passes copies of TOTAL bytes, by the host time the exerciser
 * spent running them (BUSY_NS): the DMA path, not the qtest round trips
 */
static double run_copy(QDmaExerciser *dx, uint64_t iova, int passes)
{
    uint64_t status = DXR_STATUS_DONE, ns = 0;
    int i;

    qdx_program(dx, 0, iova, PAGE, TOTAL / PAGE, PAGE, 1);
    for (i = 0; i < passes && status == DXR_STATUS_DONE; i++) {
        status = qdx_run(dx, DXR_OP_BUF_TO_MEM);
        ns += qdx_read(dx, DXR_BUSY_NS);
    }
    g_assert_cmphex(status, ==, DXR_STATUS_DONE);
    return (double)TOTAL * passes * 1000 / ns;  /* bytes per us = MB/s */
}

/*
 * ns per transfer of the small-DMA shape at @iova, the best of @passes
 * passes; @cold kills the PE's TCEs before each pass
 */
static double run_small(QPnvPhb3 *phb, QDmaExerciser *dx, uint64_t iova,
                        int passes, bool cold)
{
    double best = 0;
    int i;

    qdx_program(dx, 0, iova, SMALL_LEN, SMALL_PAGES, PAGE, 1);
    if (!cold) {
        /* fill the TCE cache: this pass does not count */
        g_assert_cmphex(qdx_run(dx, DXR_OP_BUF_TO_MEM), ==, DXR_STATUS_DONE);
    }
    for (i = 0; i < passes; i++) {
        double ns;

        if (cold) {
            qpnv_phb3_tce_kill_pe(phb, DX_PE);
        }
        g_assert_cmphex(qdx_run(dx, DXR_OP_BUF_TO_MEM), ==, DXR_STATUS_DONE);
        ns = (double)qdx_read(dx, DXR_BUSY_NS) / SMALL_PAGES;
        if (!i || ns < best) {
            best = ns;
        }
    }
    return best;
}

/* The small-DMA cases through a @levels-level table in TVE 0 */
static void bench_small_tce(QPnvPhb3 *phb, QDmaExerciser *dx, int levels,
                            int passes)
{
    g_autofree char *warm = g_strdup_printf("small-tce-%dlvl-warm", levels);
    g_autofree char *cold = g_strdup_printf("small-tce-%dlvl-cold", levels);
    QPnvTceTable t;
    uint64_t off;

    if (!want(warm) && !want(cold)) {
        return;
    }
    /* one level must reach all the pages: 2^12 TCEs */
    qpnv_tce_table_init(phb, &t, levels, levels == 1 ? 12 : 9, 12);
    for (off = 0; off < SMALL_PAGES * PAGE; off += PAGE) {
        qpnv_tce_map(phb, &t, off, BUF_GPA + off, QPNV_TCE_RW);
    }
    qpnv_phb3_set_tve(phb, DX_PE, 0, qpnv_phb3_tve(&t));
    if (want(warm)) {
        printf("bench %s %.1f ns\n", warm,
               run_small(phb, dx, 0, passes, false));
    }
    if (want(cold)) {
        printf("bench %s %.1f ns\n", cold,
               run_small(phb, dx, 0, passes, true));
    }
}

/* 64 MiB in 4 KiB pages: 2-level cold and warm, bypass, 4-level */
static void bench_large(QPnvPhb3 *phb, QDmaExerciser *dx)
{
    QPnvTceTable t;
    uint64_t off;
    int passes;

    qpnv_tce_table_init(phb, &t, 2, 9, 12);
    for (off = 0; off < TOTAL; off += PAGE) {
        qpnv_tce_map(phb, &t, off, BUF_GPA + off, QPNV_TCE_RW);
    }
    qpnv_phb3_set_tve(phb, DX_PE, 0, qpnv_phb3_tve(&t));

    /* the first pass meets an empty TCE cache, the others a full one */
    printf("bench tce-4k-cold %.1f\n", run_copy(dx, 0, 1));
    passes = getenv("BENCH_PASSES") ? atoi(getenv("BENCH_PASSES")) : PASSES;
    printf("bench tce-4k-warm %.1f\n", run_copy(dx, 0, MAX(passes, 1)));
    printf("bench bypass %.1f\n",
           run_copy(dx, (1ULL << 59) | BUF_GPA, MAX(passes, 1)));

    /* the same through a 4-level table (a 5-level DDW is Linux's maximum) */
    qpnv_tce_table_init(phb, &t, 4, 9, 12);
    for (off = 0; off < TOTAL; off += PAGE) {
        qpnv_tce_map(phb, &t, off, BUF_GPA + off, QPNV_TCE_RW);
    }
    qpnv_phb3_set_tve(phb, DX_PE, 0, qpnv_phb3_tve(&t));
    qpnv_phb3_tce_kill_pe(phb, DX_PE);
    printf("bench tce-4k-4lvl-cold %.1f\n", run_copy(dx, 0, 1));
    printf("bench tce-4k-4lvl-warm %.1f\n", run_copy(dx, 0, MAX(passes, 1)));
    g_assert_cmphex(qtest_readb(phb->qts, BUF_GPA + TOTAL - 1), ==, 0x5a);
}

int main(int argc, char **argv)
{
    QTestState *qts;
    QPnvPhb3 phb;
    QDmaExerciser dx;
    uint64_t off;
    int passes;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_initf("-M powernv8 -m 2G -device dma-exerciser,bus=pcie.%d,"
                      "addr=0", PHB_INDEX);
    qpnv_phb3_init(&phb, qts, PHB_INDEX);
    qdx_init(&dx, &phb.bus, QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));
    qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0, DX_PE);

    /* touch the buffer first: host page faults are not what is measured */
    qtest_memset(qts, BUF_GPA, 0, TOTAL);
    for (off = 0; off < PAGE; off++) {
        qdx_buf_writeb(&dx, off, 0x5a);
    }
    qpnv_phb3_set_tve(&phb, DX_PE, 1, qpnv_phb3_bypass_tve(0, 1ULL << 31));
    if (want("tce-4k-cold") || want("tce-4k-warm") || want("bypass") ||
        want("tce-4k-4lvl-cold") || want("tce-4k-4lvl-warm")) {
        bench_large(&phb, &dx);
    }

    /* the small-DMA shape */
    passes = getenv("BENCH_PASSES") ? atoi(getenv("BENCH_PASSES")) :
                                      SMALL_PASSES;
    passes = MAX(passes, 1);
    bench_small_tce(&phb, &dx, 1, passes);
    bench_small_tce(&phb, &dx, 2, passes);
    bench_small_tce(&phb, &dx, 3, passes);
    bench_small_tce(&phb, &dx, 4, passes);
    if (want("small-bypass")) {
        printf("bench small-bypass %.1f ns\n",
               run_small(&phb, &dx, (1ULL << 59) | BUF_GPA, passes, false));
    }

    qdx_uninit(&dx);
    qtest_quit(qts);
    return 0;
}
