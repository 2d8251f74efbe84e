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
 * Error injection (LoPAR "Error Injection Option": ibm,open-errinjct,
 * ibm,errinjct, ibm,close-errinjct, as powerpc-utils' errinjct drives
 * them): the base has none of these calls.
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
#define PARAM_ERROR     (-3)
#define STATE_CHANGE    (-7)            /* LoPAR PE State Control */

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

static void setup_args(Fixture *f, bool enable, const char *args)
{
    f->qs = qtest_spapr_boot("-machine pseries,ic-mode=xics "
                             "-device dma-exerciser,addr=%d.0 %s", DX_SLOT,
                             args);
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

static void setup(Fixture *f, bool enable)
{
    setup_args(f, enable, "");
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

/*
 * EEH is enabled for every PE from the start (LoPAR PE R8): before the OS
 * says a word, a fault stops the PE.  (The model used to wait for
 * ibm,set-eeh-option 1.)
 */
static void test_enabled_by_default(void)
{
    Fixture f;

    setup(&f, false);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA + PAGE, PAGE, 1), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, 0);
    g_assert_cmpint(set_option(&f, EEH_THAW_DMA), ==, 0);
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
    /* config reads all-ones while MMIO is stopped (PowerVM) */
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==, 0xffff);

    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_DMA_STOPPED);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
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

/*
 * EEH cannot be switched off for a PE with a PCI Express function (the
 * exerciser is one): ibm,set-eeh-option 0 succeeds and does nothing
 * (LoPAR R3), a fault still stops the PE.  The model used to disable it.
 */
static void test_disable(void)
{
    Fixture f;

    setup(&f, true);
    g_assert_cmpint(set_option(&f, EEH_DISABLE), ==, 0);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA + PAGE, PAGE, 8), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmpint(set_option(&f, 7), ==, PARAM_ERROR);   /* no option 7 */
    teardown(&f);
}

/* Bring the PE to LoPAR state @state (0, 1, 2 or 4) from state 0 */
static void enter_state(Fixture *f, uint32_t state)
{
    if (state == STATE_STOPPED || state == STATE_DMA_STOPPED) {
        g_assert_cmphex(qdx_fill(&f->dx, IOVA + PAGE, PAGE, 1), ==, FROZEN);
    }
    if (state == STATE_DMA_STOPPED) {
        g_assert_cmpint(set_option(f, EEH_THAW_IO), ==, 0);
    }
    if (state == STATE_RESET) {
        g_assert_cmpint(set_reset(f, RESET_HOT), ==, 0);
    }
    g_assert_cmpuint(pe_state(f), ==, state);
}

/*
 * LoPAR's PE State Control table, every call from every state: the
 * status and the state after.  (The model used to answer 0 to all of
 * them and to allow 2 -> 0 directly and "MMIO stopped, DMA running".)
 */
static void test_lopar_table(void)
{
    static const struct {
        uint32_t from;
        const char *call;
        uint32_t arg;
        int32_t status;
        uint32_t to;
    } t[] = {
        { STATE_NORMAL, "ibm,set-eeh-option", EEH_THAW_IO, PARAM_ERROR,
          STATE_NORMAL },
        { STATE_NORMAL, "ibm,set-eeh-option", EEH_THAW_DMA, PARAM_ERROR,
          STATE_NORMAL },
        { STATE_NORMAL, "ibm,set-slot-reset", RESET_OFF, 0, STATE_NORMAL },
        { STATE_NORMAL, "ibm,set-slot-reset", RESET_HOT, 0, STATE_RESET },
        { STATE_RESET, "ibm,set-eeh-option", EEH_THAW_IO, STATE_CHANGE,
          STATE_RESET },
        { STATE_RESET, "ibm,set-eeh-option", EEH_THAW_DMA, STATE_CHANGE,
          STATE_RESET },
        { STATE_RESET, "ibm,set-slot-reset", RESET_OFF, 0, STATE_NORMAL },
        { STATE_RESET, "ibm,set-slot-reset", RESET_HOT, 0, STATE_RESET },
        { STATE_STOPPED, "ibm,set-eeh-option", EEH_THAW_IO, 0,
          STATE_DMA_STOPPED },
        { STATE_STOPPED, "ibm,set-eeh-option", EEH_THAW_DMA, STATE_CHANGE,
          STATE_STOPPED },
        { STATE_STOPPED, "ibm,set-slot-reset", RESET_OFF, STATE_CHANGE,
          STATE_STOPPED },
        { STATE_STOPPED, "ibm,set-slot-reset", RESET_HOT, 0, STATE_RESET },
        { STATE_DMA_STOPPED, "ibm,set-eeh-option", EEH_THAW_IO, PARAM_ERROR,
          STATE_DMA_STOPPED },
        { STATE_DMA_STOPPED, "ibm,set-eeh-option", EEH_THAW_DMA, 0,
          STATE_NORMAL },
        { STATE_DMA_STOPPED, "ibm,set-slot-reset", RESET_OFF, PARAM_ERROR,
          STATE_DMA_STOPPED },
        { STATE_DMA_STOPPED, "ibm,set-slot-reset", RESET_HOT, 0,
          STATE_RESET },
    };
    int i;

    for (i = 0; i < ARRAY_SIZE(t); i++) {
        Fixture f;
        uint32_t args[4], rets[1];

        setup(&f, true);
        enter_state(&f, t[i].from);
        args[0] = PE_ADDR;
        args[1] = f.buid >> 32;
        args[2] = f.buid;
        args[3] = t[i].arg;
        g_test_message("state %u: %s %u", t[i].from, t[i].call, t[i].arg);
        g_assert_cmpint(rtas(&f, t[i].call, 4, args, 1, rets), ==,
                        t[i].status);
        g_assert_cmpuint(pe_state(&f), ==, t[i].to);
        teardown(&f);
    }
}

/*
 * A reset hold blocks loads, stores and DMA without a new error; the stop
 * of a PE reset from state 2 ends when the reset is deactivated (1 -> 0),
 * not when it is activated.  (The model let MMIO through during the hold:
 * a load met the reset device, raised an error, and the PE came out of
 * the reset stopped.)
 */
static void test_reset_hold(void)
{
    Fixture f;

    setup(&f, true);
    enter_state(&f, STATE_STOPPED);
    g_assert_cmpint(set_reset(&f, RESET_HOT), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_RESET);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    qdx_write(&f.dx, DXR_PATTERN, 0x55);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==, 0xffff);
    g_assert_cmpuint(pe_state(&f), ==, STATE_RESET);
    g_assert_cmpint(set_reset(&f, RESET_OFF), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    g_assert_cmpint(error_detail(&f), ==, NO_ERRORS_FOUND);
    /* the device came out of reset: memory decode off, registers cleared */
    qdx_uninit(&f.dx);
    qdx_init(&f.dx, f.qs->pcibus, DX_DEVFN);
    g_assert_cmphex(qdx_read(&f.dx, DXR_PATTERN), ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    teardown(&f);
}

/* With eeh-config-open (KVM's way) config space stays open when stopped */
static void test_config_open(void)
{
    Fixture f;

    setup_args(&f, true, "-global spapr-pci-host-bridge.eeh-config-open=on");
    enter_state(&f, STATE_STOPPED);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    teardown(&f);
}

/*
 * Port I/O of a stopped PE: loads all-ones, stores discarded (an e1000e's
 * I/O BAR, in the PHB's one PE with the exerciser).  The base's I/O
 * window was a plain alias.
 */
static void test_port_io(void)
{
    Fixture f;
    QPCIDevice *nic;
    QPCIBar io;
    uint32_t before;

    setup_args(&f, true, "-device e1000e,addr=5.0,romfile=");
    nic = qpci_device_find(f.qs->pcibus, QPCI_DEVFN(5, 0));
    g_assert_nonnull(nic);
    qpci_device_enable(nic);
    io = qpci_iomap(nic, 2, NULL);      /* e1000e BAR2: I/O (IOADDR) */
    qpci_io_writel(nic, io, 0, 0x8);    /* IOADDR: register STATUS */
    before = qpci_io_readl(nic, io, 0);
    g_assert_cmphex(before, ==, 0x8);
    enter_state(&f, STATE_STOPPED);
    g_assert_cmphex(qpci_io_readl(nic, io, 0), ==, 0xffffffff);
    qpci_io_writel(nic, io, 0, 0x10);   /* discarded */
    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, 0);
    g_assert_cmphex(qpci_io_readl(nic, io, 0), ==, before);
    qpci_iounmap(nic, io);
    g_free(nic);
    teardown(&f);
}

/* ---- the error log (hw/ppc/spapr_pci_errlog.c) -------------------------- */

#define LOG_MAX         2048            /* /rtas rtas-error-log-max */
#define PERMANENT       2
#define HW_ERROR        (-1)
#define STATE_UNAVAIL   5

/*
 * ibm,slot-error-detail with driver data @drv and a returned buffer of
 * @len bytes (poisoned beyond), copied to @log; returns the status
 */
static int32_t error_log(Fixture *f, uint32_t function, const char *drv,
                         uint32_t len, uint8_t *log)
{
    uint64_t d = guest_alloc(&f->qs->alloc, 64);
    uint64_t b = guest_alloc(&f->qs->alloc, LOG_MAX + 64);
    uint32_t args[8] = { PE_ADDR, f->buid >> 32, f->buid, d, strlen(drv), b,
                         len, function }, rets[1];
    int32_t st;

    qtest_memwrite(f->qts, d, drv, strlen(drv));
    qtest_memset(f->qts, b, 0x5a, LOG_MAX + 64);
    st = rtas(f, "ibm,slot-error-detail", 8, args, 1, rets);
    qtest_memread(f->qts, b, log, LOG_MAX + 64);
    guest_free(&f->qs->alloc, d);
    guest_free(&f->qs->alloc, b);
    return st;
}

/* Section @id at @off of @log: its length, checked */
static uint16_t section_at(const uint8_t *log, size_t off, const char *id)
{
    g_assert_cmpmem(log + off, 2, id, 2);
    return lduw_be_p(log + off + 2);
}

/*
 * While the PE is stopped the call returns an RTAS error log (version 6,
 * Platform Event Log: PH, UH, PS, the model's description, the driver's
 * data last), cut at the buffer's length; none once thawed.  Function 2
 * makes the PE permanently unavailable.  The base returned "no errors"
 * always.
 */
static void test_error_log(void)
{
    uint8_t log[LOG_MAX + 64];
    uint32_t ext, args[3], rets[4];
    size_t off;
    Fixture f;

    setup(&f, true);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA + PAGE, PAGE, 3), ==, FROZEN);
    g_assert_cmpint(error_log(&f, 1, "drvdata!", LOG_MAX, log), ==, 0);
    g_assert_cmphex(log[0], ==, 6);                  /* version */
    g_assert_cmphex(log[1], ==, 4 << 5 | 2 << 3 | 4);    /* error, not rec. */
    g_assert_cmphex(log[2], ==, 0x22);               /* PCI, PCI */
    g_assert_cmphex(log[3], ==, 0xe0);               /* platform error */
    ext = ldl_be_p(log + 4);
    g_assert_cmphex(log[8], ==, 0x80 | 0x20 | 0x04 | 0x02);
    g_assert_cmphex(log[10], ==, 0x8e);
    g_assert_cmpmem(log + 20, 4, "IBM", 4);
    off = 24;
    g_assert_cmpuint(section_at(log, off, "PH"), ==, 48);
    g_assert_cmphex(log[off + 24], ==, 'H');
    g_assert_cmpuint(log[off + 27], ==, 5);          /* sections */
    off += 48;
    g_assert_cmpuint(section_at(log, off, "UH"), ==, 24);
    off += 24;
    g_assert_cmpuint(section_at(log, off, "PS"), ==, 80);
    g_assert_cmphex(ldl_be_p(log + off + 16), ==, PE_ADDR);
    g_assert_cmphex((uint32_t)ldl_be_p(log + off + 20), ==, f.buid >> 32);
    g_assert_cmphex((uint32_t)ldl_be_p(log + off + 24), ==, (uint32_t)f.buid);
    g_assert_cmphex(ldl_be_p(log + off + 28), ==, 0);
    g_assert_cmphex(ldl_be_p(log + off + 32), ==, IOVA + PAGE);
    g_assert_cmphex((uint32_t)ldl_be_p(log + off + 36), ==, LIOBN);
    g_assert_cmphex(ldl_be_p(log + off + 40), ==, 1);    /* a write */
    off += 80;
    g_assert_cmpuint(section_at(log, off, "UD"), >, 8);
    g_assert_nonnull(strstr((char *)log + off + 8, "DMA through a TCE that "
                            "is not valid at 0x6000 (write)"));
    off += section_at(log, off, "UD");
    g_assert_cmpuint(section_at(log, off, "UD"), ==, 16);
    g_assert_cmpmem(log + off + 8, 8, "drvdata!", 8);
    off += 16;
    g_assert_cmpuint(ext, ==, off - 8);
    g_assert_cmphex(log[off], ==, 0x5a);             /* nothing beyond */

    /* cut at the buffer's length */
    g_assert_cmpint(error_log(&f, 1, "", 100, log), ==, 0);
    g_assert_cmphex(log[99], !=, 0x5a);
    g_assert_cmphex(log[100], ==, 0x5a);

    /* thawed: no log */
    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, 0);
    g_assert_cmpint(set_option(&f, EEH_THAW_DMA), ==, 0);
    g_assert_cmpint(error_log(&f, 1, "", LOG_MAX, log), ==, NO_ERRORS_FOUND);
    g_assert_cmphex(log[0], ==, 0x5a);

    /* permanent: a fatal log, and the PE unavailable for good */
    g_assert_cmpint(error_log(&f, PERMANENT, "", LOG_MAX, log), ==, 0);
    g_assert_cmphex(log[1] >> 5, ==, 5);
    g_assert_cmphex(log[8] & 0x60, ==, 0x40);        /* unrecoverable */
    args[0] = PE_ADDR;
    args[1] = f.buid >> 32;
    args[2] = f.buid;
    g_assert_cmpint(rtas(&f, "ibm,read-slot-reset-state2", 3, args, 4, rets),
                    ==, 0);
    g_assert_cmpuint(rets[1], ==, STATE_UNAVAIL);
    g_assert_cmpuint(rets[3], ==, 0);                /* for good */
    /* LoPAR PE State Control, state 5: every call -7 */
    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, STATE_CHANGE);
    g_assert_cmpint(set_option(&f, EEH_THAW_DMA), ==, STATE_CHANGE);
    g_assert_cmpint(set_reset(&f, RESET_HOT), ==, STATE_CHANGE);
    g_assert_cmpint(set_reset(&f, RESET_OFF), ==, STATE_CHANGE);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, UINT64_MAX);
    teardown(&f);
}

/* ---- error injection (hw/ppc/spapr_errinjct.c) -------------------------- */

#define IOA_BUS_ERROR       7           /* /rtas ibm,errinjct-tokens */
#define IOA_BUS_ERROR_64    8
#define CALL_ERROR          (-4)
#define FN_LD_MEM_ADDR      0
#define FN_LD_IO_ADDR       2
#define FN_LD_CFG_ADDR      4
#define FN_ST_MEM_DATA      7
#define FN_DMA_WR_ADDR      16
#define FN_DISABLE          20
#define FN_READ_BACK        21
#define PARAM_ERROR         (-3)

/* ibm,open-errinjct: the token comes first, the status second (LoPAR) */
static uint32_t errinjct_open(Fixture *f, int32_t *status)
{
    uint32_t rets[2];

    qspapr_rtas(f->qts, &f->qs->alloc, "ibm,open-errinjct", 0, NULL, 2,
                rets);
    *status = rets[1];
    return rets[0];
}

static int32_t errinjct_close(Fixture *f, uint32_t token)
{
    uint32_t rets[1];

    return rtas(f, "ibm,close-errinjct", 1, &token, 1, rets);
}

/* ibm,errinjct with a 1 KiB-aligned work buffer holding @words */
static int32_t errinjct(Fixture *f, uint32_t class, uint32_t token,
                        const uint32_t *words, int n, uint32_t *back)
{
    uint64_t mem = guest_alloc(&f->qs->alloc, 2048);
    uint64_t buf = QEMU_ALIGN_UP(mem, 1024);
    uint32_t args[3] = { class, token, buf }, rets[1];
    int32_t st;
    int i;

    for (i = 0; i < n; i++) {
        qtest_writel(f->qts, buf + 4 * i, words[i]);
    }
    st = rtas(f, "ibm,errinjct", 3, args, 1, rets);
    for (i = 0; back && i < n; i++) {
        back[i] = qtest_readl(f->qts, buf + 4 * i);
    }
    guest_free(&f->qs->alloc, mem);
    return st;
}

/* An ioa-bus-error of the exerciser's PE */
static int32_t inject32(Fixture *f, uint32_t token, uint32_t addr,
                        uint32_t mask, uint32_t fn)
{
    uint32_t w[6] = { addr, mask, DX_CONFIG_ADDR, f->buid >> 32, f->buid,
                      fn };

    return errinjct(f, IOA_BUS_ERROR, token, w, 6, NULL);
}

/* The PCI address of the exerciser's BAR0 (64-bit) */
static uint64_t bar0_pci(Fixture *f)
{
    return (qpci_config_readl(f->dx.dev, PCI_BASE_ADDRESS_0) & ~0xfULL) |
           (uint64_t)qpci_config_readl(f->dx.dev, PCI_BASE_ADDRESS_1) << 32;
}

/* The error classes are in /rtas, with the calls' tokens */
static void test_errinjct_tokens(void)
{
    static const char want[] = "ioa-bus-error\0\0\0\0\x07"
                               "ioa-bus-error-64\0\0\0\0\x08";
    g_autofree uint8_t *blob = NULL;
    const uint8_t *v;
    Fixture f;
    int len;

    setup(&f, false);
    blob = qspapr_dumpdtb(f.qts);
    v = qspapr_dt_prop(blob, "/rtas", "ibm,errinjct-tokens", &len);
    g_assert_nonnull(v);
    g_assert_cmpmem(v, len, want, sizeof(want) - 1);
    g_assert_nonnull(qspapr_dt_prop(blob, "/rtas", "ibm,open-errinjct",
                                    &len));
    g_assert_nonnull(qspapr_dt_prop(blob, "/rtas", "ibm,errinjct", &len));
    g_assert_nonnull(qspapr_dt_prop(blob, "/rtas", "ibm,close-errinjct",
                                    &len));
    teardown(&f);
}

/* One session at a time; only its token injects or closes it */
static void test_errinjct_session(void)
{
    Fixture f;
    uint32_t t, t2;
    int32_t st;

    setup(&f, true);
    g_assert_cmpint(inject32(&f, 1, 0, 0, FN_LD_MEM_ADDR), ==, CALL_ERROR);
    t = errinjct_open(&f, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_cmpuint(t, !=, 0);
    t2 = errinjct_open(&f, &st);
    g_assert_cmpint(st, ==, CALL_ERROR);        /* already open */
    g_assert_cmpuint(t2, ==, 0);
    g_assert_cmpint(inject32(&f, t + 1, 0, 0, FN_LD_MEM_ADDR), ==,
                    CALL_ERROR);
    g_assert_cmpint(errinjct_close(&f, t + 1), ==, CALL_ERROR);
    g_assert_cmpint(inject32(&f, t, 0, 0, FN_LD_MEM_ADDR), ==, 0);
    g_assert_cmpint(errinjct_close(&f, t), ==, 0);
    g_assert_cmpint(errinjct_close(&f, t), ==, CALL_ERROR);
    g_assert_cmpint(inject32(&f, t, 0, 0, FN_LD_MEM_ADDR), ==, CALL_ERROR);
    t2 = errinjct_open(&f, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_cmpuint(t2, !=, t);
    teardown(&f);
}

/*
 * An injected MMIO load error fires on the first load whose address
 * matches, once: the load reads all-ones and the PE stops.  Other loads
 * and stores before it are not touched.
 */
static void test_errinjct_mmio(void)
{
    Fixture f;
    uint32_t t, bar;
    int32_t st;

    setup(&f, true);
    bar = bar0_pci(&f);
    t = errinjct_open(&f, &st);
    g_assert_cmpint(inject32(&f, t, bar + DXR_STATUS, 0xffffffff,
                             FN_LD_MEM_ADDR), ==, 0);
    qdx_write(&f.dx, DXR_PATTERN, 0x42);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    g_assert_cmphex(qdx_read(&f.dx, DXR_STATUS), ==, UINT64_MAX);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmpint(error_detail(&f), ==, 0);
    g_assert_cmpint(set_option(&f, EEH_THAW_IO), ==, 0);
    g_assert_cmpint(set_option(&f, EEH_THAW_DMA), ==, 0);
    /* at most once */
    g_assert_cmphex(qdx_read(&f.dx, DXR_STATUS) & ~DXR_STATUS_DONE, ==, 0);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);

    /* a store-data error with mask 0: the next store, whatever its address */
    g_assert_cmpint(inject32(&f, t, 0, 0, FN_ST_MEM_DATA), ==, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_PATTERN), ==, 0x42);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
    qdx_write(&f.dx, DXR_PATTERN, 0x43);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    g_assert_cmpint(set_reset(&f, RESET_HOT), ==, 0);
    g_assert_cmpint(set_reset(&f, RESET_OFF), ==, 0);
    g_assert_cmpint(errinjct_close(&f, t), ==, 0);
    teardown(&f);
}

/* A DMA write error: reads of the page pass, the first write stops the PE */
static void test_errinjct_dma(void)
{
    Fixture f;
    uint32_t t;
    int32_t st;

    setup(&f, true);
    t = errinjct_open(&f, &st);
    g_assert_cmpint(inject32(&f, t, IOVA, 0xfffff000, FN_DMA_WR_ADDR), ==,
                    0);
    g_assert_cmphex(qdx_copy_to_buf(&f.dx, IOVA, 0, 64), ==, DXR_STATUS_DONE);
    qtest_memset(f.qts, f.gpa, 0, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, IOVA, PAGE, 11), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    qdx_assert_zero(f.qts, f.gpa, PAGE);
    teardown(&f);
}

/*
 * ioa-bus-error-64: a DMA write in the dynamic window above 4 GiB, where
 * the 64-bit address and mask are compared whole
 */
static void test_errinjct_dma64(void)
{
    Fixture f;
    uint32_t t, liobn, w[8];
    uint64_t start;
    int32_t st;

    setup(&f, true);
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, DX_CONFIG_ADDR,
                                      f.buid, 12, 24, &liobn, &start), ==, 0);
    g_assert_cmphex(start >> 32, !=, 0);
    g_assert_cmphex(qh_put_tce(f.qts, liobn, start, f.gpa | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    g_assert_cmphex(qh_put_tce(f.qts, liobn, start + PAGE,
                               (f.gpa + PAGE) | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    t = errinjct_open(&f, &st);
    w[0] = (start + PAGE) >> 32;
    w[1] = start + PAGE;
    w[2] = UINT32_MAX;
    w[3] = 0xfffff000;
    w[4] = DX_CONFIG_ADDR;
    w[5] = f.buid >> 32;
    w[6] = f.buid;
    w[7] = FN_DMA_WR_ADDR;
    g_assert_cmpint(errinjct(&f, IOA_BUS_ERROR_64, t, w, 8, NULL), ==, 0);
    /* the other page passes, then the matching one stops the PE */
    g_assert_cmphex(qdx_fill(&f.dx, start, PAGE, 12), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.gpa, PAGE, 12);
    g_assert_cmphex(qdx_fill(&f.dx, start + PAGE, PAGE, 13), ==, FROZEN);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    teardown(&f);
}

/* A config load error: the RTAS config read returns all-ones, PE stops */
static void test_errinjct_config(void)
{
    Fixture f;
    uint32_t t;
    int32_t st;

    setup(&f, true);
    t = errinjct_open(&f, &st);
    g_assert_cmpint(inject32(&f, t, PCI_DEVICE_ID, 0xfff, FN_LD_CFG_ADDR),
                    ==, 0);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
    g_assert_cmphex(qpci_config_readw(f.dx.dev, PCI_DEVICE_ID), ==, 0xffff);
    g_assert_cmpuint(pe_state(&f), ==, STATE_STOPPED);
    teardown(&f);
}

/*
 * What ibm,errinjct refuses (-3): an error class or function not modelled,
 * a work buffer off a 1 KiB boundary, no such PE.  (EEH is on for every
 * PE from the start, LoPAR PE R8, so it is never refused for that.)  It
 * reads an injection back (function 21) and disarms it (20).
 */
static void test_errinjct_refused(void)
{
    Fixture f;
    uint32_t t, w[6], back[6], args[3], rets[1];
    int32_t st;

    setup(&f, false);
    t = errinjct_open(&f, &st);
    g_assert_cmpint(inject32(&f, t, 0, 0, FN_LD_IO_ADDR), ==, PARAM_ERROR);
    g_assert_cmpint(inject32(&f, t, 0, 0, 22), ==, PARAM_ERROR);
    w[0] = 0;
    g_assert_cmpint(errinjct(&f, 99, t, w, 1, NULL), ==, PARAM_ERROR);
    args[0] = IOA_BUS_ERROR;
    args[1] = t;
    args[2] = 0x100200;                 /* not on a 1 KiB boundary */
    g_assert_cmpint(rtas(&f, "ibm,errinjct", 3, args, 1, rets), ==,
                    PARAM_ERROR);
    w[0] = 0;
    w[1] = 0;
    w[2] = QPCI_DEVFN(9, 0) << 8;       /* no device there */
    w[3] = f.buid >> 32;
    w[4] = f.buid;
    w[5] = FN_LD_MEM_ADDR;
    g_assert_cmpint(errinjct(&f, IOA_BUS_ERROR, t, w, 6, NULL), ==,
                    PARAM_ERROR);
    g_assert_cmpint(rtas(&f, "ibm,errinjct", 2, args, 1, rets), ==,
                    PARAM_ERROR);

    /* armed, read back, disarmed: the load goes through */
    g_assert_cmpint(inject32(&f, t, 0x1230, 0xfff0, FN_LD_MEM_ADDR), ==, 0);
    w[0] = 0;
    w[1] = 0;
    w[2] = DX_CONFIG_ADDR;
    w[5] = FN_READ_BACK;
    g_assert_cmpint(errinjct(&f, IOA_BUS_ERROR, t, w, 6, back), ==, 0);
    g_assert_cmphex(back[0], ==, 0x1230);
    g_assert_cmphex(back[1], ==, 0xfff0);
    g_assert_cmphex(back[5], ==, FN_LD_MEM_ADDR);
    w[5] = FN_DISABLE;
    g_assert_cmpint(errinjct(&f, IOA_BUS_ERROR, t, w, 6, NULL), ==, 0);
    w[5] = FN_READ_BACK;
    g_assert_cmpint(errinjct(&f, IOA_BUS_ERROR, t, w, 6, back), ==, 0);
    g_assert_cmphex(back[5], ==, UINT32_MAX);
    g_assert_cmpint(inject32(&f, t, 0, 0, FN_LD_MEM_ADDR), ==, 0);
    w[5] = FN_DISABLE;
    g_assert_cmpint(errinjct(&f, IOA_BUS_ERROR, t, w, 6, NULL), ==, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, DXR_ID_VALUE);
    g_assert_cmpuint(pe_state(&f), ==, STATE_NORMAL);
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
    qtest_add_func("/spapr/eeh/enabled-by-default", test_enabled_by_default);
    qtest_add_func("/spapr/eeh/lopar-table", test_lopar_table);
    qtest_add_func("/spapr/eeh/reset-hold", test_reset_hold);
    qtest_add_func("/spapr/eeh/config-open", test_config_open);
    qtest_add_func("/spapr/eeh/port-io", test_port_io);
    qtest_add_func("/spapr/eeh/dma-fault", test_dma_fault);
    qtest_add_func("/spapr/eeh/access-fault", test_access_fault);
    qtest_add_func("/spapr/eeh/outside-windows", test_outside_windows);
    qtest_add_func("/spapr/eeh/msi-forged", test_msi_forged);
    qtest_add_func("/spapr/eeh/mmio-ur-and-reset", test_mmio_ur_and_reset);
    qtest_add_func("/spapr/eeh/disable", test_disable);
    qtest_add_func("/spapr/eeh/error-log", test_error_log);
    qtest_add_func("/spapr/eeh/errinjct/tokens", test_errinjct_tokens);
    qtest_add_func("/spapr/eeh/errinjct/session", test_errinjct_session);
    qtest_add_func("/spapr/eeh/errinjct/mmio", test_errinjct_mmio);
    qtest_add_func("/spapr/eeh/errinjct/dma", test_errinjct_dma);
    qtest_add_func("/spapr/eeh/errinjct/dma64", test_errinjct_dma64);
    qtest_add_func("/spapr/eeh/errinjct/config", test_errinjct_config);
    qtest_add_func("/spapr/eeh/errinjct/refused", test_errinjct_refused);
    return g_test_run();
}
