/*
 * sPAPR EEH for emulated devices: what stops the PE, what a stopped PE
 * does, and the PAPR RTAS calls that report, thaw and reset it
 *
 * Driven as Linux's pseries EEH backend does (arch/powerpc/platforms/
 * pseries/eeh_pseries.c): ibm,set-eeh-option to enable and thaw,
 * ibm,read-slot-reset-state2, ibm,set-slot-reset, ibm,configure-pe,
 * ibm,slot-error-detail.  On the base every one of these calls fails with
 * a parameter error for emulated devices and nothing ever stops.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/pci/pci_regs.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/dma-exerciser.h"
#include "libqos/spapr-hcall.h"

#define DX_SLOT         4
#define DX_DEVFN        QPCI_DEVFN(DX_SLOT, 0)
#define DX_CONFIG_ADDR  (DX_DEVFN << 8)         /* bus 0 */
#define PE_ADDR         ((0 << 16) + 1)         /* "00BB0001", bus 0 */
#define LIOBN           QSPAPR_PCI_LIOBN(0, 0)
#define PAGE            4096ULL
#define IOVA            0x5000ULL
#define SPAPR_MSI_WINDOW 0x40000000000ULL
#define FAILED          (DXR_STATUS_DONE | DXR_STATUS_ERROR)
#define FROZEN          UINT64_MAX

/* LoPAR / QEMU include/hw/ppc/spapr.h */
#define EEH_DISABLE     0
#define EEH_ENABLE      1
#define EEH_THAW_IO     2
#define EEH_THAW_DMA    3
#define STATE_NORMAL    0
#define STATE_RESET     1
#define STATE_STOPPED   2
#define STATE_DMA_STOPPED 4
#define RESET_OFF       0
#define RESET_HOT       1
#define NO_ERRORS_FOUND 1

typedef struct Fixture {
    QOSState *qs;
    QTestState *qts;
    QDmaExerciser dx;
    uint64_t buid;
    uint64_t gpa;
} Fixture;

static int32_t rtas(Fixture *f, const char *name, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    return qspapr_rtas(f->qts, &f->qs->alloc, name, nargs, args, nret, rets);
}

static int32_t set_option(Fixture *f, uint32_t option)
{
    uint32_t args[4] = { PE_ADDR, f->buid >> 32, f->buid, option }, rets[1];

    return rtas(f, "ibm,set-eeh-option", 4, args, 1, rets);
}

/* ibm,read-slot-reset-state2: the PE state (rets[1]) */
static uint32_t pe_state(Fixture *f)
{
    uint32_t args[3] = { PE_ADDR, f->buid >> 32, f->buid }, rets[4];

    g_assert_cmpint(rtas(f, "ibm,read-slot-reset-state2", 3, args, 4, rets),
                    ==, 0);
    g_assert_cmpuint(rets[2], ==, 1);   /* EEH supported */
    return rets[1];
}

static int32_t set_reset(Fixture *f, uint32_t option)
{
    uint32_t args[4] = { PE_ADDR, f->buid >> 32, f->buid, option }, rets[1];

    return rtas(f, "ibm,set-slot-reset", 4, args, 1, rets);
}

static int32_t error_detail(Fixture *f)
{
    uint32_t args[8] = { PE_ADDR, f->buid >> 32, f->buid, 0, 0,
                         0, 0, 1 /* temporary error */ }, rets[1];

    return rtas(f, "ibm,slot-error-detail", 8, args, 1, rets);
}

static void setup(Fixture *f, bool enable)
{
    f->qs = qtest_spapr_boot("-machine pseries,ic-mode=xics "
                             "-device dma-exerciser,addr=%d.0", DX_SLOT);
    f->qts = f->qs->qts;
    f->buid = container_of(f->qs->pcibus, QPCIBusSPAPR, bus)->buid;
    qdx_init(&f->dx, f->qs->pcibus, DX_DEVFN);
    f->gpa = QEMU_ALIGN_UP(guest_alloc(&f->qs->alloc, 2 * PAGE), PAGE);
    g_assert_cmphex(qh_put_tce(f->qts, LIOBN, IOVA, f->gpa | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    if (enable) {
        g_assert_cmpint(set_option(f, EEH_ENABLE), ==, 0);
        g_assert_cmpuint(pe_state(f), ==, STATE_NORMAL);
    }
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_shutdown(f->qs);
}

static void assert_alive(Fixture *f, uint64_t seed)
{
    g_assert_cmphex(qdx_read(&f->dx, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmphex(qdx_fill(&f->dx, IOVA, PAGE, seed), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f->qts, f->gpa, PAGE, seed);
}

/* The PE address Linux asks for (ibm,get-config-addr-info2) */
static void test_config_addr(void)
{
    Fixture f;
    uint32_t args[4], rets[2];

    setup(&f, false);
    args[0] = DX_CONFIG_ADDR;
    args[1] = f.buid >> 32;
    args[2] = f.buid;
    args[3] = 0;                        /* the PE address */
    g_assert_cmpint(rtas(&f, "ibm,get-config-addr-info2", 4, args, 2, rets),
                    ==, 0);
    g_assert_cmphex(rets[1], ==, PE_ADDR);
    teardown(&f);
}

/* Without EEH enabled a fault fails the access and nothing stops */
static void test_not_enabled(void)
{
    Fixture f;

    setup(&f, false);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA + PAGE, PAGE, 1), ==, FAILED);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    assert_alive(&f, 2);
    teardown(&f);
}

/*
 * A DMA through an invalid TCE stops the PE: MMIO loads all-ones, DMA and
 * MSIs refused; thawing MMIO then DMA (Linux's order) brings it back.
 */
static void test_dma_fault(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmpint(error_detail(&f), ==, NO_ERRORS_FOUND);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA + PAGE, PAGE, 3), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    g_assert_cmpint(error_detail(&f), ==, 0);
    /* config space stays reachable */
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);

    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_DMA_STOPPED);
    g_assert_cmphex(qdx_read(&f.dx, DXR_STATUS), ==, FAILED);
    qtest_memset(f.qts, f.gpa, 0, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA, PAGE, 4), ==, FAILED);
    qdx_assert_zero(f.qts, f.gpa, PAGE);

    g_assert_cmpint(set_option(&f, EEH_THAW_DMA), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    g_assert_cmpint(error_detail(&f), ==, NO_ERRORS_FOUND);
    assert_alive(&f, 5);
    teardown(&f);
}

/*
 * A DMA no window claims (beyond the default window, below the dynamic
 * ones) stops the PE too: on the base it vanished without a trace
 */
static void test_outside_windows(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmphex(qdx_fill(&f.dx, 0x7fff0000, PAGE, 9), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmpint(error_detail(&f), ==, 0);
    teardown(&f);
}

/* A DMA write through a read-only TCE stops the PE too */
static void test_access_fault(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, IOVA, f.gpa | QSPAPR_TCE_R),
                    ==, QH_SUCCESS);
    g_assert_cmphex(qdx_copy_to_buf(&f.dx, IOVA, 0, 64), ==, DXR_STATUS_DONE);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA, PAGE, 6), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    teardown(&f);
}

/* An MSI naming an interrupt the device does not own stops the PE */
static void test_msi_forged(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmphex(qdx_raw_write(&f.dx, SPAPR_MSI_WINDOW, 0x1000, 4), ==,
                    FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    teardown(&f);
}

/*
 * An MMIO load the device does not claim (memory decode off: Linux's
 * eeh_dev_break) stops the PE; a hot reset resets the device and thaws.
 */
static void test_mmio_ur_and_reset(void)
{
    Fixture f;

    setup(&f, true);
    qdx_write(&f.dx, DXR_PATTERN, 0x99);
    qpci_config_writew(f.dx.dev, PCI_COMMAND, PCI_COMMAND_MASTER);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    qpci_config_writew(f.dx.dev, PCI_COMMAND,
                       PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);

    g_assert_cmpint(set_reset(&f, RESET_HOT), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_RESET);
    g_assert_cmpint(set_reset(&f, RESET_OFF), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    {
        uint32_t args[3] = { PE_ADDR, f.buid >> 32, f.buid }, rets[1];

        g_assert_cmpint(rtas(&f, "ibm,configure-pe", 3, args, 1, rets),
                        ==, 0);
    }
    /* the device was reset: its command register and registers cleared */
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_COMMAND) &
                    PCI_COMMAND_MEMORY, ==, 0);
    qdx_uninit(&f.dx);
    qdx_init(&f.dx, f.qs->pcibus, DX_DEVFN);
    g_assert_cmphex(qdx_read(&f.dx, DXR_PATTERN), ==, 0);
    assert_alive(&f, 7);
    teardown(&f);
}

/* Disabled again, faults stop nothing */
static void test_disable(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmpint(set_option(&f, EEH_DISABLE), ==, 0);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA + PAGE, PAGE, 8), ==, FAILED);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    g_assert_cmpint(set_option(&f, 7), <, 0);   /* no such option */
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
    qtest_add_func("/spapr/eeh/config-addr", test_config_addr);
    qtest_add_func("/spapr/eeh/not-enabled", test_not_enabled);
    qtest_add_func("/spapr/eeh/dma-fault", test_dma_fault);
    qtest_add_func("/spapr/eeh/access-fault", test_access_fault);
    qtest_add_func("/spapr/eeh/outside-windows", test_outside_windows);
    qtest_add_func("/spapr/eeh/msi-forged", test_msi_forged);
    qtest_add_func("/spapr/eeh/mmio-ur-and-reset", test_mmio_ur_and_reset);
    qtest_add_func("/spapr/eeh/disable", test_disable);
    return g_test_run();
}
