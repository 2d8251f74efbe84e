/*
 * sPAPR PHB with one PE per device (pe-per-device=on): each function has
 * its own TCE table and LIOBN, its own ibm,dma-window in the device tree,
 * its own dynamic DMA windows and its own EEH state
 *
 * LoPAR: each PE has its own TCE table; Linux pseries iommu.c
 * (pci_dma_find, enable_ddw) and eeh_pseries.c are the clients.  On the
 * base the whole PHB is one PE whatever the option (it does not exist
 * there): one table at LIOBN 0x80000000 serves every device.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qemu/bswap.h"
#include "hw/pci/pci_regs.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/dma-exerciser.h"
#include "libqos/spapr-hcall.h"

#define SLOT_A          4
#define SLOT_B          5
#define DEVFN(slot)     QPCI_DEVFN(slot, 0)
#define CONFIG(slot)    (DEVFN(slot) << 8)              /* bus 0 */
/* hw/ppc/spapr_pci_pe.h SPAPR_PCI_PE_LIOBN, PHB index 0 */
#define PE_LIOBN(slot, window) \
    (0x80000000u | ((DEVFN(slot) + 1u) << 16) | (window))
#define PHB_LIOBN       QSPAPR_PCI_LIOBN(0, 0)
#define PAGE            4096ULL
#define IOVA            0x5000ULL
#define DEFAULT_WINDOW  0x40000000ULL          /* spapr_pci dma_win_size */
#define FAILED          (DXR_STATUS_DONE | DXR_STATUS_ERROR)
#define FROZEN          UINT64_MAX

/* LoPAR / QEMU include/hw/ppc/spapr.h */
#define EEH_ENABLE      1
#define STATE_NORMAL    0
#define STATE_RESET     1
#define STATE_STOPPED   2
#define RESET_OFF       0
#define RESET_HOT       1
#define PARAM_ERROR     (-3)

typedef struct Fixture {
    QOSState *qs;
    QTestState *qts;
    QDmaExerciser a, b;
    uint64_t buid;
    uint64_t gpa_a, gpa_b;
} Fixture;

static int32_t rtas(Fixture *f, const char *name, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    return qspapr_rtas(f->qts, &f->qs->alloc, name, nargs, args, nret, rets);
}

static void setup(Fixture *f, bool per_device)
{
    f->qs = qtest_spapr_boot("-machine pseries,ic-mode=xics "
                             "-global spapr-pci-host-bridge.pe-per-device=%s "
                             "-device dma-exerciser,addr=%d.0 "
                             "-device dma-exerciser,addr=%d.0",
                             per_device ? "on" : "off", SLOT_A, SLOT_B);
    f->qts = f->qs->qts;
    f->buid = container_of(f->qs->pcibus, QPCIBusSPAPR, bus)->buid;
    qdx_init(&f->a, f->qs->pcibus, DEVFN(SLOT_A));
    qdx_init(&f->b, f->qs->pcibus, DEVFN(SLOT_B));
    f->gpa_a = QEMU_ALIGN_UP(guest_alloc(&f->qs->alloc, 2 * PAGE), PAGE);
    f->gpa_b = QEMU_ALIGN_UP(guest_alloc(&f->qs->alloc, 2 * PAGE), PAGE);
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->a);
    qdx_uninit(&f->b);
    qtest_shutdown(f->qs);
}

static uint32_t pe_addr(Fixture *f, int slot)
{
    uint32_t args[4] = { CONFIG(slot), f->buid >> 32, f->buid, 0 }, rets[2];

    g_assert_cmpint(rtas(f, "ibm,get-config-addr-info2", 4, args, 2, rets),
                    ==, 0);
    return rets[1];
}

static int32_t eeh_call(Fixture *f, const char *name, uint32_t addr,
                        uint32_t option)
{
    uint32_t args[4] = { addr, f->buid >> 32, f->buid, option }, rets[1];

    return rtas(f, name, 4, args, 1, rets);
}

static uint32_t pe_state(Fixture *f, uint32_t addr)
{
    uint32_t args[3] = { addr, f->buid >> 32, f->buid }, rets[4];

    g_assert_cmpint(rtas(f, "ibm,read-slot-reset-state2", 3, args, 4, rets),
                    ==, 0);
    return rets[1];
}

/* ibm,dma-window: LIOBN, then 64-bit bus address and size */
static void assert_dma_window(const uint8_t *v, int len, uint32_t liobn)
{
    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, 20);
    g_assert_cmphex((uint32_t)ldl_be_p(v), ==, liobn);
    g_assert_cmphex(ldq_be_p(v + 4), ==, 0);
    g_assert_cmphex(ldq_be_p(v + 12), ==, DEFAULT_WINDOW);
}

/*
 * The device tree: each device's node carries its PE's window and the
 * DDW tokens (Linux reads both from the node with ibm,dma-window); the
 * PHB node has no window.  Without the option the PHB node has it.
 */
static void test_device_tree(void)
{
    Fixture f;
    g_autofree char *phb = NULL, *dev_a = NULL, *dev_b = NULL;
    g_autofree uint8_t *blob = NULL;
    g_autofree uint8_t *blob0 = NULL;
    const uint8_t *v;
    int len;

    setup(&f, true);
    phb = g_strdup_printf("/pci@%" PRIx64, f.buid);
    /* "PHB/<any name>@slot" */
    dev_a = g_strdup_printf("%s/%c@%x", phb, '*', SLOT_A);
    dev_b = g_strdup_printf("%s/%c@%x", phb, '*', SLOT_B);
    blob = qspapr_dumpdtb(f.qts);
    g_assert_nonnull(qspapr_dt_prop(blob, phb, "ibm,pe-total-#msi", &len));
    g_assert_null(qspapr_dt_prop(blob, phb, "ibm,dma-window", &len));
    v = qspapr_dt_prop(blob, dev_a, "ibm,dma-window", &len);
    assert_dma_window(v, len, PE_LIOBN(SLOT_A, 0));
    v = qspapr_dt_prop(blob, dev_b, "ibm,dma-window", &len);
    assert_dma_window(v, len, PE_LIOBN(SLOT_B, 0));
    v = qspapr_dt_prop(blob, dev_a, "ibm,ddw-applicable", &len);
    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, 12);
    g_assert_nonnull(qspapr_dt_prop(blob, dev_b, "ibm,ddw-extensions", &len));
    teardown(&f);

    setup(&f, false);
    blob0 = qspapr_dumpdtb(f.qts);
    v = qspapr_dt_prop(blob0, phb, "ibm,dma-window", &len);
    assert_dma_window(v, len, PHB_LIOBN);
    g_assert_null(qspapr_dt_prop(blob0, dev_a, "ibm,dma-window", &len));
    teardown(&f);
}

/*
 * Each device translates through its own table: a TCE in A's table is
 * not B's, the PHB-wide LIOBN serves neither, and the same IOVA lands in
 * each device's own page.
 */
static void test_own_table(void)
{
    Fixture f;
    uint64_t tce;

    setup(&f, true);
    g_assert_cmphex(qh_put_tce(f.qts, PE_LIOBN(SLOT_A, 0), IOVA,
                               f.gpa_a | QSPAPR_TCE_RW), ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.a, IOVA, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.gpa_a, PAGE, 1);
    /* B's DMA faults: B's PE stops (EEH is on from the start, LoPAR) */
    g_assert_cmphex(qdx_fill(&f.b, IOVA, PAGE, 2), ==, FROZEN);
    qdx_assert_pattern(f.qts, f.gpa_a, PAGE, 1);
    g_assert_cmpint(eeh_call(&f, "ibm,set-eeh-option", pe_addr(&f, SLOT_B),
                             2), ==, 0);
    g_assert_cmpint(eeh_call(&f, "ibm,set-eeh-option", pe_addr(&f, SLOT_B),
                             3), ==, 0);

    g_assert_cmphex(qh_put_tce(f.qts, PE_LIOBN(SLOT_B, 0), IOVA,
                               f.gpa_b | QSPAPR_TCE_RW), ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.b, IOVA, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.gpa_b, PAGE, 3);
    qdx_assert_pattern(f.qts, f.gpa_a, PAGE, 1);
    g_assert_cmphex(qh_get_tce(f.qts, PE_LIOBN(SLOT_A, 0), IOVA, &tce), ==,
                    QH_SUCCESS);
    g_assert_cmphex(tce, ==, f.gpa_a | QSPAPR_TCE_RW);

    /* the PHB-wide table is not what the devices use */
    g_assert_cmphex(qh_put_tce(f.qts, PHB_LIOBN, IOVA + PAGE,
                               (f.gpa_a + PAGE) | QSPAPR_TCE_RW), ==,
                    QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.a, IOVA + PAGE, PAGE, 4), ==, FROZEN);
    teardown(&f);
}

/* ibm,get-config-addr-info2 gives each device its own PE address */
static void test_pe_addresses(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmphex(pe_addr(&f, SLOT_A), ==, CONFIG(SLOT_A) | 1);
    g_assert_cmphex(pe_addr(&f, SLOT_B), ==, CONFIG(SLOT_B) | 1);
    teardown(&f);

    /* the base's form for a PHB-wide PE: 00BB0001 for both */
    setup(&f, false);
    g_assert_cmphex(pe_addr(&f, SLOT_A), ==, 1);
    g_assert_cmphex(pe_addr(&f, SLOT_B), ==, 1);
    teardown(&f);
}

/* ibm,get-config-addr-info2 function 1: is the PE shared */
static uint32_t pe_mode(Fixture *f, uint32_t config)
{
    uint32_t args[4] = { config, f->buid >> 32, f->buid, 1 }, rets[2];

    g_assert_cmpint(rtas(f, "ibm,get-config-addr-info2", 4, args, 2, rets),
                    ==, 0);
    return rets[1];
}

/* A machine with only the devices of @args (no default VGA nor USB) */
static void boot(Fixture *f, const char *args)
{
    f->qs = qtest_spapr_boot("-machine pseries,usb=off -vga none %s", args);
    f->qts = f->qs->qts;
    f->buid = container_of(f->qs->pcibus, QPCIBusSPAPR, bus)->buid;
}

/*
 * LoPAR ibm,get-config-addr-info2 function 1: 0 the address is in no PE,
 * 1 one IOA function in the PE, 2 more than one.  The base always said 2.
 * Bridges are fabric, not IOA functions.
 */
static void test_pe_mode(void)
{
    g_autofree char *one = g_strdup_printf("-device dma-exerciser,addr=%d.0",
                                           SLOT_A);
    g_autofree char *bridge = g_strdup_printf(
        "-global spapr-pci-host-bridge.pe-per-device=on "
        "-device dma-exerciser,addr=%d.0 "
        "-device pci-bridge,id=br,chassis_nr=1,addr=%d.0 "
        "-device dma-exerciser,bus=br,addr=1.0 "
        "-device dma-exerciser,bus=br,addr=2.0", SLOT_A, SLOT_B);
    Fixture f;

    /* the PHB-wide PE with one function (the base's options only) */
    boot(&f, one);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_A)), ==, 1);
    g_assert_cmpuint(pe_mode(&f, CONFIG(9)), ==, 0);
    qtest_shutdown(f.qs);

    /* ... with two: shared */
    setup(&f, false);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_A)), ==, 2);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_B)), ==, 2);
    teardown(&f);

    /* one PE per device: each holds its function only */
    setup(&f, true);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_A)), ==, 1);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_B)), ==, 1);
    g_assert_cmpuint(pe_mode(&f, CONFIG(9)), ==, 0);
    teardown(&f);

    /* a bridge's PE holds the two functions below it */
    boot(&f, bridge);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_A)), ==, 1);
    g_assert_cmpuint(pe_mode(&f, CONFIG(SLOT_B)), ==, 2);
    qtest_shutdown(f.qs);
}

/* One PE per device, EEH enabled on both: their PE addresses */
static void setup_eeh(Fixture *f, uint32_t *pa, uint32_t *pb)
{
    setup(f, true);
    *pa = pe_addr(f, SLOT_A);
    *pb = pe_addr(f, SLOT_B);
    g_assert_cmpint(eeh_call(f, "ibm,set-eeh-option", *pa, EEH_ENABLE), ==,
                    0);
    g_assert_cmpint(eeh_call(f, "ibm,set-eeh-option", *pb, EEH_ENABLE), ==,
                    0);
}

/*
 * EEH per PE: B's bad DMA stops B only; A's DMA and MMIO go on.  B's
 * reset resets B, not A.  A configuration address naming no device is
 * no PE.
 */
static void test_eeh_isolation(void)
{
    Fixture f;
    uint32_t pa, pb;

    setup_eeh(&f, &pa, &pb);
    g_assert_cmpint(eeh_call(&f, "ibm,set-eeh-option", CONFIG(9), EEH_ENABLE),
                    ==, PARAM_ERROR);
    g_assert_cmphex(qh_put_tce(f.qts, PE_LIOBN(SLOT_A, 0), IOVA,
                               f.gpa_a | QSPAPR_TCE_RW), ==, QH_SUCCESS);
    qdx_write(&f.a, DXR_PATTERN, 0x55);

    g_assert_cmphex(qdx_fill(&f.b, IOVA, PAGE, 5), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f, pb), ==, STATE_STOPPED);
    g_assert_cmpuint(pe_state(&f, pa), ==, STATE_NORMAL);
    g_assert_cmphex(qdx_read(&f.b, DXR_ID), ==, UINT64_MAX);
    g_assert_cmphex(qdx_read(&f.a, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmphex(qdx_fill(&f.a, IOVA, PAGE, 6), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.gpa_a, PAGE, 6);

    /* an MSI A does not own stops A, and B stays stopped on its own */
    g_assert_cmphex(qdx_raw_write(&f.a, 0x40000000000ULL, 0x1000, 4), ==,
                    FROZEN);
    g_assert_cmpuint(pe_state(&f, pa), ==, STATE_STOPPED);

    g_assert_cmpint(eeh_call(&f, "ibm,set-slot-reset", pb, RESET_HOT), ==,
                    0);
    g_assert_cmpuint(pe_state(&f, pb), ==, STATE_RESET);
    g_assert_cmpuint(pe_state(&f, pa), ==, STATE_STOPPED);
    g_assert_cmpint(eeh_call(&f, "ibm,set-slot-reset", pb, RESET_OFF), ==,
                    0);
    g_assert_cmpuint(pe_state(&f, pb), ==, STATE_NORMAL);
    /* B's reset cleared B's command register, A kept its own */
    g_assert_cmphex(qpci_config_readw(f.b.dev, PCI_COMMAND) &
                    PCI_COMMAND_MEMORY, ==, 0);
    g_assert_cmphex(qpci_config_readw(f.a.dev, PCI_COMMAND) &
                    PCI_COMMAND_MEMORY, ==, PCI_COMMAND_MEMORY);
    teardown(&f);
}

/*
 * An MMIO load B does not decode (memory decoding off, Linux's
 * eeh_dev_break) is an error of B's PE: the address is in B's BAR.
 */
static void test_mmio_ur(void)
{
    Fixture f;
    uint32_t pa, pb;

    setup_eeh(&f, &pa, &pb);
    qpci_config_writew(f.b.dev, PCI_COMMAND, PCI_COMMAND_MASTER);
    g_assert_cmphex(qdx_read(&f.b, DXR_ID), ==, UINT64_MAX);
    qpci_config_writew(f.b.dev, PCI_COMMAND,
                       PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    g_assert_cmpuint(pe_state(&f, pb), ==, STATE_STOPPED);
    g_assert_cmphex(qdx_read(&f.b, DXR_ID), ==, UINT64_MAX);
    g_assert_cmpuint(pe_state(&f, pa), ==, STATE_NORMAL);
    g_assert_cmphex(qdx_read(&f.a, DXR_ID), ==, DXR_ID_VALUE);
    teardown(&f);
}

/*
 * DDW per PE: each has its own windows and resources, a new window gets
 * a LIOBN of the PE, and a reset of one PE leaves the other's windows.
 */
static void test_ddw_per_pe(void)
{
    Fixture f;
    uint32_t q[5], liobn_a, liobn_b;
    uint64_t start;

    setup(&f, true);
    g_assert_cmpint(qspapr_ddw_query(f.qts, &f.qs->alloc, CONFIG(SLOT_A),
                                     f.buid, q), ==, 0);
    g_assert_cmpuint(q[1], ==, 1);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG(SLOT_A),
                                      f.buid, 16, 30, &liobn_a, &start),
                    ==, 0);
    g_assert_cmphex(liobn_a, ==, PE_LIOBN(SLOT_A, 1));
    g_assert_cmpint(qspapr_ddw_query(f.qts, &f.qs->alloc, CONFIG(SLOT_A),
                                     f.buid, q), ==, 0);
    g_assert_cmpuint(q[1], ==, 0);

    /* B's resources are its own */
    g_assert_cmpint(qspapr_ddw_query(f.qts, &f.qs->alloc, CONFIG(SLOT_B),
                                     f.buid, q), ==, 0);
    g_assert_cmpuint(q[1], ==, 1);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, CONFIG(SLOT_B),
                                      f.buid, 16, 30, &liobn_b, &start),
                    ==, 0);
    g_assert_cmphex(liobn_b, ==, PE_LIOBN(SLOT_B, 1));

    /* A's window translates for A only */
    g_assert_cmphex(qh_put_tce(f.qts, liobn_a, start, f.gpa_a |
                               QSPAPR_TCE_RW), ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.a, start, PAGE, 7), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.gpa_a, PAGE, 7);
    g_assert_cmphex(qdx_fill(&f.b, start, PAGE, 8), ==, FROZEN);

    /* resetting B's windows leaves A's */
    g_assert_cmpint(qspapr_ddw_reset(f.qts, &f.qs->alloc, CONFIG(SLOT_B),
                                     f.buid), ==, 0);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, liobn_b), ==,
                    PARAM_ERROR);
    g_assert_cmphex(qdx_fill(&f.a, start, PAGE, 9), ==, DXR_STATUS_DONE);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, liobn_a), ==, 0);
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
    qtest_add_func("/spapr/pe/device-tree", test_device_tree);
    qtest_add_func("/spapr/pe/own-table", test_own_table);
    qtest_add_func("/spapr/pe/pe-addresses", test_pe_addresses);
    qtest_add_func("/spapr/pe/pe-mode", test_pe_mode);
    qtest_add_func("/spapr/pe/eeh-isolation", test_eeh_isolation);
    qtest_add_func("/spapr/pe/mmio-ur", test_mmio_ur);
    qtest_add_func("/spapr/pe/ddw-per-pe", test_ddw_per_pe);
    return g_test_run();
}
