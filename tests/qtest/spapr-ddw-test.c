/*
 * sPAPR dynamic DMA windows: the resource model and hostile arguments
 *
 * ibm,query/create/remove/reset-pe-dma-window through the qtest RTAS
 * command (hw/ppc/spapr_ddw.c; LoPAR "Dynamic DMA Windows").  The hostile
 * cases made the base assert, compute undefined shifts or allocate tables
 * of any size.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
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
#define HW_ERROR        (-1)

typedef struct Fixture {
    QOSState *qs;
    QTestState *qts;
    uint64_t buid;
} Fixture;

static void setup(Fixture *f, int windows)
{
    f->qs = qtest_spapr_boot("-machine pseries -device dma-exerciser,addr=4.0 "
                             "-global spapr-pci-host-bridge.ddw-windows=%d "
                             "-global spapr-pci-host-bridge.ddw-max-tces=%"
                             PRIu64, windows, (uint64_t)MAX_TCES);
    f->qts = f->qs->qts;
    f->buid = container_of(f->qs->pcibus, QPCIBusSPAPR, bus)->buid;
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
    g_assert_cmphex(block, ==, MAX_TCES - DEFAULT_TCES);

    /* more TCEs than the block: refused; exactly the block: granted */
    g_assert_cmpint(create(&f, 12, 12 + 20, &liobn), ==, PARAM_ERROR);
    g_assert_cmpint(create(&f, 16, 16 + 19, &liobn), ==, 0);
    g_assert_cmphex(liobn, !=, DEFAULT_LIOBN);
    query(&f, &windows, &block);
    g_assert_cmpint(windows, ==, 0);
    g_assert_cmphex(block, ==, MAX_TCES - DEFAULT_TCES - (1ULL << 19));

    /* no window left */
    g_assert_cmpint(create(&f, 12, 13, &other), ==, HW_ERROR);
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
    return g_test_run();
}
