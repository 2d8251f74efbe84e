/*
 * sPAPR dynamic DMA windows: the resource model and hostile arguments
 *
 * ibm,query/create/remove/reset-pe-dma-window through the qtest RTAS
 * command (hw/ppc/spapr_ddw.c; LoPAR "Dynamic DMA Windows").  The hostile
 * cases made the base assert, compute undefined shifts or allocate tables
 * of any size.  restore-default, no-window-status and limited-block run
 * on a machine with the base's options only, so on the base they fail
 * for the behaviour they check: a new window took the default window's
 * LIOBN, "no window" was -1, reset refused the limited-addressing
 * argument.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "libqtest.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/spapr-hcall.h"

#define DEVFN           QPCI_DEVFN(4, 0)
#define CONFIG_ADDR     (DEVFN << 8)
#define DEFAULT_LIOBN   QSPAPR_PCI_LIOBN(0, 0)
#define DEFAULT_TCES    ((1ULL << 30) >> 12)    /* 1 GiB of 4K pages */
#define MAX_TCES        (1ULL << 20)
#define PARAM_ERROR     (-3)
#define DEFAULT_WINDOW  (1ULL << 30)            /* spapr_pci dma_win_size */
#define MSI_WINDOW      0x40000000000ULL        /* hw/pci-host/spapr.h */
#define LARGEST_PAGE    24                      /* pgsz: 4K 64K 2M 16M */

typedef struct Fixture {
    QOSState *qs;
    QTestState *qts;
    uint64_t buid;
} Fixture;

static void setup_args(Fixture *f, const char *extra)
{
    f->qs = qtest_spapr_boot("-machine pseries -device dma-exerciser,addr=4.0 "
                             "%s", extra);
    f->qts = f->qs->qts;
    f->buid = container_of(f->qs->pcibus, QPCIBusSPAPR, bus)->buid;
}

static void setup(Fixture *f, int windows)
{
    g_autofree char *extra = g_strdup_printf(
        "-global spapr-pci-host-bridge.ddw-windows=%d "
        "-global spapr-pci-host-bridge.ddw-max-tces=%" PRIu64, windows,
        (uint64_t)MAX_TCES);

    setup_args(f, extra);
}

static void teardown(Fixture *f)
{
    qtest_shutdown(f->qs);
}

/* windows available and the largest block (6-output form) */
static void query(Fixture *f, uint32_t *windows, uint64_t *block)
{
    uint32_t args[3] = { CONFIG_ADDR, f->buid >> 32, (uint32_t)f->buid };
    uint32_t rets[6];

    g_assert_cmpint(qspapr_rtas(f->qts, &f->qs->alloc,
                                "ibm,query-pe-dma-window", 3, args, 6, rets),
                    ==, 0);
    *windows = rets[1];
    *block = ((uint64_t)rets[2] << 32) | rets[3];
}

static int32_t create(Fixture *f, uint32_t page_shift, uint32_t window_shift,
                      uint32_t *liobn)
{
    uint64_t start;

    return qspapr_ddw_create(f->qts, &f->qs->alloc, CONFIG_ADDR, f->buid,
                             page_shift, window_shift, liobn, &start);
}

static void test_resources(void)
{
    Fixture f;
    uint32_t windows, liobn, other;
    uint64_t block;

    setup(&f, 2);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 1);
    /* 0xc0000 TCEs left: the largest window holds 0x80000 */
    g_assert_cmphex(block, ==, pow2floor(MAX_TCES - DEFAULT_TCES));

    /* more TCEs than the block: refused; exactly the block: granted */
    g_assert_cmpint(create(&f, 12, 12 + 20, &liobn), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 16, 16 + 19, &liobn), ==, 0);
    g_assert_cmphex(liobn, !=, DEFAULT_LIOBN);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 0);
    g_assert_cmphex(block, ==, MAX_TCES - DEFAULT_TCES - (1ULL << 19));

    /* no window left (LoPAR: more windows than possible is -3) */
    g_assert_cmpint(create(&f, 12, 13, &other), ==, PARAM_ERROR);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, liobn), ==, 0);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 1);
    teardown(&f);
}

/* One window per PE: Linux removes the default window, then creates */
static void test_one_window(void)
{
    Fixture f;
    uint32_t windows, liobn;
    uint64_t block, tce;

    setup(&f, 1);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 0);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, DEFAULT_LIOBN), ==,
                    0);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 1);
    g_assert_cmphex(block, ==, MAX_TCES);
    g_assert_cmpint(create(&f, 12, 30, &liobn), ==, 0);
    /* the new window has its own LIOBN; the default one is gone */
    g_assert_cmphex(qh_get_tce(f.qts, DEFAULT_LIOBN, 0, &tce), ==,
                    QH_PARAMETER);
    g_assert_cmphex(qh_get_tce(f.qts, liobn, 0, &tce), !=, QH_PARAMETER);
    /* removing the last, non-default window restores the default one */
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, liobn), ==, 0);
    g_assert_cmphex(qh_get_tce(f.qts, DEFAULT_LIOBN, 0, &tce), ==,
                    QH_SUCCESS);
    teardown(&f);
}

/* Arguments that made the base abort or allocate without bound */
static void test_hostile(void)
{
    Fixture f;
    uint32_t liobn, args[4], rets[6];

    setup(&f, 2);
    g_assert_cmpint(create(&f, 70, 80, &liobn), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 12, 50, &liobn), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 12, 11, &liobn), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 13, 30, &liobn), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 12, 255, &liobn), ==, PARAM_ERROR);
    /* remove: a VIO-style LIOBN, an unknown PCI LIOBN, an idle window */
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, 0x71000000), ==,
                    PARAM_ERROR);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, 0x8000ff00), ==,
                    PARAM_ERROR);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc,
                                      QSPAPR_PCI_LIOBN(0, 1)), ==,
                    PARAM_ERROR);
    /* wrong numbers of arguments or results */
    args[0] = CONFIG_ADDR;
    args[1] = f.buid >> 32;
    args[2] = (uint32_t)f.buid;
    g_assert_cmpint(qspapr_rtas(f.qts, &f.qs->alloc,
                                "ibm,query-pe-dma-window", 2, args, 5, rets),
                    ==, PARAM_ERROR);
    g_assert_cmpint(qspapr_rtas(f.qts, &f.qs->alloc,
                                "ibm,create-pe-dma-window", 3, args, 4, rets),
                    ==, PARAM_ERROR);
    /* a config address with no device behind it */
    args[0] = QPCI_DEVFN(20, 0) << 8;
    g_assert_cmpint(qspapr_rtas(f.qts, &f.qs->alloc,
                                "ibm,query-pe-dma-window", 3, args, 5, rets),
                    ==, PARAM_ERROR);
    /* reset with the limited-addressing 4th argument is accepted */
    args[0] = CONFIG_ADDR;
    args[3] = 1;
    g_assert_cmpint(qspapr_rtas(f.qts, &f.qs->alloc,
                                "ibm,reset-pe-dma-window", 4, args, 1, rets),
                    ==, 0);
    /* and the machine still answers */
    g_assert_cmpint(create(&f, 12, 30, &liobn), ==, 0);
    teardown(&f);
}

static int32_t reset4(Fixture *f, uint32_t limited)
{
    uint32_t args[4] = { CONFIG_ADDR, f->buid >> 32, (uint32_t)f->buid,
                         limited }, rets[1];

    return qspapr_rtas(f->qts, &f->qs->alloc, "ibm,reset-pe-dma-window", 4,
                       args, 1, rets);
}

/*
 * Limited addressing (LoPAR 2.13, Linux limited_dma_window): a reset with
 * a 4th argument of 1 puts the PE in the mode, where a new window starts
 * at 4 GiB; 0 leaves it; nothing else is an argument.
 */
static void test_limited_addressing(void)
{
    Fixture f;
    uint32_t liobn;
    uint64_t start;

    setup(&f, 2);
    g_assert_cmpint(reset4(&f, 2), ==, PARAM_ERROR);
    g_assert_cmpint(reset4(&f, 1), ==, 0);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG_ADDR,
                                      f.buid, 12, 30, &liobn, &start), ==, 0);
    g_assert_cmphex(start, ==, 1ULL << 32);
    /* a window reaching the MSI window (4 TiB) is refused there */
    g_assert_cmpint(reset4(&f, 1), ==, 0);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG_ADDR,
                                      f.buid, 24, 42, &liobn, &start), ==,
                    PARAM_ERROR);
    /* out of the mode: the usual placement, where that window fits */
    g_assert_cmpint(reset4(&f, 0), ==, 0);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG_ADDR,
                                      f.buid, 24, 42, &liobn, &start), ==, 0);
    g_assert_cmphex(start, !=, 1ULL << 32);
    teardown(&f);
}

/* H_GET_TCE at @ioba of @liobn answers (the window covers it) */
static bool tce_there(Fixture *f, uint32_t liobn, uint64_t ioba)
{
    uint64_t tce;

    return qh_get_tce(f->qts, liobn, ioba, &tce) == QH_SUCCESS;
}

/*
 * LoPAR remove-pe-dma-window R3/R4: removing the last remaining window,
 * when it is not the default one, restores the default window with the
 * same LIOBN, bus address and size.  The default window removed, two
 * windows are made (query: two available); neither may take the default
 * window's LIOBN, and the default window comes back only with the last.
 */
static void test_restore_default(void)
{
    Fixture f;
    uint32_t windows, a, b;
    uint64_t block;

    setup_args(&f, "");
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, DEFAULT_LIOBN), ==,
                    0);
    g_assert_cmpint(create(&f, 16, 30, &a), ==, 0);
    g_assert_cmphex(a, !=, DEFAULT_LIOBN);
    g_assert_cmpint(create(&f, 16, 30, &b), ==, 0);
    g_assert_cmphex(b, !=, DEFAULT_LIOBN);
    g_assert_cmphex(b, !=, a);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 0);

    /* B remains: the default window stays removed */
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, a), ==, 0);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, DEFAULT_LIOBN), ==,
                    PARAM_ERROR);
    /* B was the last: the default window is back */
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, b), ==, 0);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 1);
    g_assert_true(tce_there(&f, DEFAULT_LIOBN, 0));
    g_assert_true(tce_there(&f, DEFAULT_LIOBN, DEFAULT_WINDOW - 4096));
    g_assert_false(tce_there(&f, DEFAULT_LIOBN, DEFAULT_WINDOW));
    g_assert_false(tce_there(&f, a, 0));
    g_assert_false(tce_there(&f, b, 0));
    /* and it is the default window: removing it restores nothing */
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, DEFAULT_LIOBN), ==,
                    0);
    g_assert_false(tce_there(&f, DEFAULT_LIOBN, 0));
    teardown(&f);
}

/*
 * LoPAR create-pe-dma-window software note: more windows than possible
 * (or a window too large) is -3, Parameter Error; the base gave -1.
 */
static void test_no_window_status(void)
{
    Fixture f;
    uint32_t windows, a, b;
    uint64_t block;

    setup_args(&f, "");
    g_assert_cmpint(create(&f, 16, 30, &a), ==, 0);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 0);
    g_assert_cmpint(create(&f, 16, 30, &b), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 12, 13, &b), ==, PARAM_ERROR);
    /* no window was made: the PE still has the same two */
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, a), ==, 0);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 1);
    teardown(&f);
}

/*
 * Limited addressing: the largest block query reports is what create
 * grants, a window of exactly that many TCEs of the largest page size
 * offered, between 4 GiB and the MSI window (LoPAR query R2; Linux
 * enable_ddw sizes its window as order_base_2(block << page shift)).
 * The base refuses the reset's limited-addressing argument.
 */
static void test_limited_block(void)
{
    Fixture f;
    uint32_t windows, liobn;
    uint64_t block, start;
    unsigned shift;

    setup_args(&f, "");
    g_assert_cmpint(reset4(&f, 1), ==, 0);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 1);
    g_assert_cmphex(block, !=, 0);
    g_assert_cmphex(block, ==, pow2floor(block));
    shift = LARGEST_PAGE + ctz64(block);
    /* twice the block is too large, the block itself fits */
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG_ADDR,
                                      f.buid, LARGEST_PAGE, shift + 1,
                                      &liobn, &start), ==, PARAM_ERROR);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG_ADDR,
                                      f.buid, LARGEST_PAGE, shift, &liobn,
                                      &start), ==, 0);
    g_assert_cmphex(start, >=, 1ULL << 32);
    g_assert_cmphex(start + (1ULL << shift), <=, MSI_WINDOW);
    teardown(&f);
}

/*
 * A pool that is not a power of two (ddw-max-tces 0x40050 beside the
 * default window's 0x40000 TCEs: 0x50 left): the reported block is the
 * largest window create grants, 0x40, so Linux's round-up of it asks for
 * exactly that (the pseries-ddw-rounding guest machine)
 */
static void test_block_rounding(void)
{
    Fixture f;
    uint32_t windows, liobn;
    uint64_t block;

    setup_args(&f, "-global spapr-pci-host-bridge.ddw-max-tces=0x40050");
    query(&f, &windows, &block);
    g_assert_cmphex(block, ==, 0x40);
    g_assert_cmpint(create(&f, LARGEST_PAGE, LARGEST_PAGE + 7, &liobn), ==,
                    PARAM_ERROR);
    g_assert_cmpint(create(&f, LARGEST_PAGE, LARGEST_PAGE + 6, &liobn), ==,
                    0);
    query(&f, &windows, &block);
    g_assert_cmphex(block, ==, 0x10);
    teardown(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("pseries") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("pseries or dma-exerciser not built");
        return g_test_run();
    }
    qtest_add_func("/spapr/ddw/resources", test_resources);
    qtest_add_func("/spapr/ddw/one-window", test_one_window);
    qtest_add_func("/spapr/ddw/hostile", test_hostile);
    qtest_add_func("/spapr/ddw/limited-addressing", test_limited_addressing);
    qtest_add_func("/spapr/ddw/restore-default", test_restore_default);
    qtest_add_func("/spapr/ddw/no-window-status", test_no_window_status);
    qtest_add_func("/spapr/ddw/limited-block", test_limited_block);
    qtest_add_func("/spapr/ddw/block-rounding", test_block_rounding);
    return g_test_run();
}
