/*
 * DMA/MSI-X exerciser on the sPAPR PHB, driven by hypercalls and RTAS
 *
 * The TCEs are put with H_PUT_TCE through the qtest "hcall" command, the
 * MSI is allocated with ibm,change-msi, routed with ibm,set-xive and seen
 * with H_IPOLL, as a pseries kernel would; the exerciser makes the traffic.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/dma-exerciser.h"
#include "libqos/spapr-hcall.h"
#include "hw/pci/pci_regs.h"

#define DX_SLOT         4
#define DX_DEVFN        QPCI_DEVFN(DX_SLOT, 0)
#define DX_CONFIG_ADDR  (DX_DEVFN << 8)         /* bus 0 */
#define LIOBN           QSPAPR_PCI_LIOBN(0, 0)
#define PAGE            4096ULL
#define SPAPR_MSI_WINDOW 0x40000000000ULL   /* hw/pci-host/spapr.h */
/* hw/ppc/spapr_pci_msi.h: where IODA PHBs decode 32-bit MSIs */
#define SPAPR_MSI32_WINDOW 0xffff0000ULL
#define MSI_SLOT        5                   /* a function with MSI */
#define MSI_CONFIG_ADDR (QPCI_DEVFN(MSI_SLOT, 0) << 8)

typedef struct Fixture {
    QOSState *qs;
    QTestState *qts;
    QDmaExerciser dx;
    uint64_t buid;
} Fixture;

static void setup_args(Fixture *f, const char *extra)
{
    f->qs = qtest_spapr_boot("-machine pseries,ic-mode=xics "
                             "-device dma-exerciser,addr=%d.0 %s", DX_SLOT,
                             extra);
    f->qts = f->qs->qts;
    f->buid = container_of(f->qs->pcibus, QPCIBusSPAPR, bus)->buid;
    qdx_init(&f->dx, f->qs->pcibus, DX_DEVFN);
}

static void setup(Fixture *f)
{
    setup_args(f, "");
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_shutdown(f->qs);
}

static uint64_t alloc_page(Fixture *f)
{
    uint64_t gpa = guest_alloc(&f->qs->alloc, 2 * PAGE);

    gpa = QEMU_ALIGN_UP(gpa, PAGE);
    qtest_memset(f->qts, gpa, 0, PAGE);
    return gpa;
}

/*
 * The fault stopped the device's PE (EEH is on for every PE from the
 * start, LoPAR PE R8, and cannot be turned off for a PCI Express one):
 * ibm,set-eeh-option 2, then 3, as Linux thaws it (PE address 00BB0001)
 */
static void thaw(Fixture *f, int option)
{
    uint32_t args[4] = { 1, f->buid >> 32, f->buid, option }, rets[1];

    g_assert_cmpint(qspapr_rtas(f->qts, &f->qs->alloc, "ibm,set-eeh-option",
                                4, args, 1, rets), ==, 0);
}

/* The qtest hcall command reaches the TCE hypercalls */
static void test_hcall_put_get(void)
{
    Fixture f;
    uint64_t tce = 0;

    setup(&f);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 0x5000, 0x12345000 |
                               QSPAPR_TCE_RW), ==, QH_SUCCESS);
    g_assert_cmphex(qh_get_tce(f.qts, LIOBN, 0x5000, &tce), ==, QH_SUCCESS);
    g_assert_cmphex(tce, ==, 0x12345000 | QSPAPR_TCE_RW);
    /* an unknown LIOBN is a parameter error (LoPAR H_PUT_TCE) */
    g_assert_cmphex(qh_put_tce(f.qts, 0x8000ff00, 0x5000, 0), ==,
                    QH_PARAMETER);
    teardown(&f);
}

static void test_dma_through_tce(void)
{
    Fixture f;
    uint64_t gpa;

    setup(&f);
    gpa = alloc_page(&f);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 0x5000, gpa | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.dx, 0x5000, PAGE, 0x77), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa, PAGE, 0x77);
    g_assert_cmphex(qdx_verify(&f.dx, 0x5000, PAGE, 0x77), ==,
                    DXR_STATUS_DONE);
    /* and one offset inside the page */
    g_assert_cmphex(qdx_copy_to_buf(&f.dx, 0x5000 + 0x100, 0, 16), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(qdx_buf_readb(&f.dx, 0), ==,
                    qdx_pattern_byte(0x77, 0x100));
    teardown(&f);
}

static void test_tce_read_only(void)
{
    Fixture f;
    uint64_t gpa, info;

    setup(&f);
    gpa = alloc_page(&f);
    qtest_memset(f.qts, gpa, 0x5a, PAGE);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 0x9000, gpa | QSPAPR_TCE_R),
                    ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.dx, 0x9000, PAGE, 3), ==, UINT64_MAX);
    thaw(&f, 2);                        /* MMIO: the registers readable */
    g_assert_cmphex(qdx_read(&f.dx, DXR_STATUS), ==,
                    DXR_STATUS_DONE | DXR_STATUS_ERROR);
    thaw(&f, 3);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ERR_IOVA), ==, 0x9000);
    info = qdx_read(&f.dx, DXR_ERR_INFO);
    g_assert_true(info & DXR_ERR_INFO_WRITE);
    g_assert_cmphex(qtest_readb(f.qts, gpa), ==, 0x5a);
    g_assert_cmphex(qtest_readb(f.qts, gpa + PAGE - 1), ==, 0x5a);
    g_assert_cmphex(qdx_copy_to_buf(&f.dx, 0x9000, 0, PAGE), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(qdx_buf_readb(&f.dx, 100), ==, 0x5a);
    teardown(&f);
}

/* A cleared TCE: the device's DMA fails instead of reaching memory */
static void test_tce_cleared(void)
{
    Fixture f;
    uint64_t gpa;

    setup(&f);
    gpa = alloc_page(&f);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 0x3000, gpa | QSPAPR_TCE_RW),
                    ==, QH_SUCCESS);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 0x3000, 0), ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.dx, 0x3000, PAGE, 9), ==, UINT64_MAX);
    qdx_assert_zero(f.qts, gpa, PAGE);
    teardown(&f);
}

/*
 * A dynamic DMA window (ibm,create-pe-dma-window), filled with
 * H_PUT_TCE_INDIRECT, cleared with H_STUFF_TCE, removed: the helpers the
 * pseries issue builds on, and the exerciser's DMA through each state.
 */
static void test_ddw_indirect_stuff(void)
{
    Fixture f;
    uint32_t rets[5], liobn;
    uint64_t start, list, gpa[2], psize;
    unsigned shift;
    int i;

    setup(&f);
    g_assert_cmpint(qspapr_ddw_query(f.qts, &f.qs->alloc, DX_CONFIG_ADDR,
                                     f.buid, rets), ==, 0);
    g_assert_cmpint(rets[1], >=, 1);            /* windows available */
    shift = (rets[3] & 0x2) ? 16 : 12;          /* 64K if offered */
    psize = 1ULL << shift;
    g_assert_cmpint(qspapr_ddw_create(f.qts, &f.qs->alloc, DX_CONFIG_ADDR,
                                      f.buid, shift, 30, &liobn, &start),
                    ==, 0);
    g_assert_cmphex(liobn, !=, LIOBN);

    list = QEMU_ALIGN_UP(guest_alloc(&f.qs->alloc, 2 * PAGE), PAGE);
    for (i = 0; i < 2; i++) {
        gpa[i] = QEMU_ALIGN_UP(guest_alloc(&f.qs->alloc, 2 * psize), psize);
        qtest_memset(f.qts, gpa[i], 0, psize);
        qtest_writeq(f.qts, list + 8 * i, gpa[i] | QSPAPR_TCE_RW);
    }
    g_assert_cmphex(qh_put_tce_indirect(f.qts, liobn, start, list, 2), ==,
                    QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.dx, start + psize, PAGE, 4), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa[1], PAGE, 4);
    qdx_assert_zero(f.qts, gpa[0], PAGE);

    g_assert_cmphex(qh_stuff_tce(f.qts, liobn, start, 0, 2), ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&f.dx, start, PAGE, 5), ==, UINT64_MAX);
    qdx_assert_zero(f.qts, gpa[0], PAGE);
    thaw(&f, 2);
    thaw(&f, 3);
    g_assert_cmpint(qspapr_ddw_remove(f.qts, &f.qs->alloc, liobn), ==, 0);
    teardown(&f);
}

/* One MSI-X vector from ibm,change-msi, routed to CPU 0 at priority 5 */
static uint32_t msi_setup(Fixture *f)
{
    uint32_t args[6], rets[3], irq;
    uint64_t hargs[1];

    /* ibm,change-msi function 4: MSI-X, one vector */
    args[0] = DX_CONFIG_ADDR;
    args[1] = f->buid >> 32;
    args[2] = (uint32_t)f->buid;
    args[3] = 4;
    args[4] = 1;
    args[5] = 0;
    g_assert_cmpint(qspapr_rtas(f->qts, &f->qs->alloc, "ibm,change-msi", 6,
                                args, 3, rets), ==, 0);
    g_assert_cmpint(rets[1], ==, 1);
    args[3] = 0;
    g_assert_cmpint(qspapr_rtas(f->qts, &f->qs->alloc,
                                "ibm,query-interrupt-source-number", 4, args,
                                3, rets), ==, 0);
    irq = rets[1];
    args[0] = irq;
    args[1] = 0;
    args[2] = 5;
    g_assert_cmpint(qspapr_rtas(f->qts, &f->qs->alloc, "ibm,set-xive", 3,
                                args, 1, rets), ==, 0);
    hargs[0] = 0xff;
    g_assert_cmphex(qtest_hcall(f->qts, QH_CPPR, 1, hargs, NULL), ==,
                    QH_SUCCESS);
    return irq;
}

static uint32_t pending_irq(Fixture *f)
{
    uint64_t hrets[9];

    g_assert_cmphex(qtest_hcall(f->qts, QH_IPOLL, 0, NULL, hrets), ==,
                    QH_SUCCESS);
    return hrets[0] & 0xffffff;
}

/*
 * A forged MSI: the exerciser writes the sPAPR MSI window with data that
 * names an interrupt it does not own.  PAPR: a PE may not raise another
 * PE's interrupts (LoPAR R1--7); the base raised any of them, and
 * asserted on data outside the interrupt range.
 */
static void test_msi_forged(void)
{
    Fixture f;
    uint32_t irq;

    setup(&f);
    irq = msi_setup(&f);
    /* the next interrupt number, routed like ours so it would show */
    {
        uint32_t args[3] = { irq + 1, 0, 5 }, rets[1];

        qspapr_rtas(f.qts, &f.qs->alloc, "ibm,set-xive", 3, args, 1, rets);
    }
    /* refused, and the PE stops (EEH is on from the start): thawed */
    g_assert_cmphex(qdx_raw_write(&f.dx, SPAPR_MSI_WINDOW, irq + 1, 4), ==,
                    UINT64_MAX);
    g_assert_cmphex(pending_irq(&f), ==, 0);
    thaw(&f, 2);
    thaw(&f, 3);
    g_assert_cmphex(qdx_raw_write(&f.dx, SPAPR_MSI_WINDOW, 0xffffff, 4), ==,
                    UINT64_MAX);
    g_assert_cmphex(pending_irq(&f), ==, 0);
    thaw(&f, 2);
    thaw(&f, 3);
    /* its own message is delivered */
    g_assert_cmphex(qdx_raw_write(&f.dx, SPAPR_MSI_WINDOW, irq, 4), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(pending_irq(&f), ==, irq);
    teardown(&f);
}

/* ibm,change-msi of @config_addr: function @fn, @num */
static int32_t change_msi_of(Fixture *f, uint32_t config_addr, uint32_t fn,
                             uint32_t num, uint32_t nargs, uint32_t nret,
                             uint32_t *rets)
{
    uint32_t args[6] = { config_addr, f->buid >> 32, (uint32_t)f->buid,
                         fn, num, 1 };

    return qspapr_rtas(f->qts, &f->qs->alloc, "ibm,change-msi", nargs, args,
                       nret, rets);
}

/* ... of the exerciser */
static int32_t change_msi(Fixture *f, uint32_t fn, uint32_t num,
                          uint32_t nargs, uint32_t nret, uint32_t *rets)
{
    return change_msi_of(f, DX_CONFIG_ADDR, fn, num, nargs, nret, rets);
}

/*
 * ibm,change-msi functions 0-5 and argument counts (LoPAR): query, set
 * (MSI-X here: the exerciser has no MSI capability), set to default,
 * 32-bit MSI; a request beyond the device's vectors assigns what it has.
 */
static void test_change_msi(void)
{
    Fixture f;
    uint32_t rets[4];

    setup(&f);
    g_assert_cmpint(change_msi(&f, 0, 0, 5, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, 0, 6, 2, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, 0, 6, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(change_msi(&f, 4, 2, 6, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 2);
    g_assert_cmpuint(rets[3], ==, 2);                   /* MSI-X */
    g_assert_cmpint(change_msi(&f, 0, 0, 6, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 2);
    g_assert_cmpuint(rets[3], ==, 2);
    /* more than the 8 vectors: the 8 are assigned and stay assigned */
    g_assert_cmpint(change_msi(&f, 4, 100, 6, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, DXR_MSIX_VECTORS);
    g_assert_cmpint(change_msi(&f, 0, 0, 6, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, DXR_MSIX_VECTORS);
    /* no MSI capability (MSI, 32-bit MSI), no such function */
    g_assert_cmpint(change_msi(&f, 3, 1, 6, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 5, 1, 6, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 7, 1, 6, 4, rets), ==, -3);
    /* back to the default: none, and that never fails */
    g_assert_cmpint(change_msi(&f, 2, 0, 6, 3, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(change_msi(&f, 2, 0, 6, 3, rets), ==, 0);
    g_assert_cmpint(change_msi(&f, 0, 0, 6, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    teardown(&f);
}

/* The MSI address ibm,change-msi wrote in the MSI capability of @dev */
static uint64_t msi_address(QPCIDevice *dev)
{
    uint8_t cap = qpci_find_capability(dev, PCI_CAP_ID_MSI, 0);
    uint16_t flags;
    uint64_t addr;

    g_assert_cmpuint(cap, !=, 0);
    flags = qpci_config_readw(dev, cap + PCI_MSI_FLAGS);
    addr = qpci_config_readl(dev, cap + PCI_MSI_ADDRESS_LO);
    if (flags & PCI_MSI_FLAGS_64BIT) {
        addr |= (uint64_t)qpci_config_readl(dev, cap + PCI_MSI_ADDRESS_HI)
                << 32;
    }
    return addr;
}

/*
 * ibm,change-msi function 5: "32 bit MSI ... disregarding the adapter
 * capability to support 64 bit MSI" (LoPAR; Linux rtas_prepare_msi_irqs
 * asks for it for a no_64bit_msi device).  It behaves as function 3 (MSI,
 * -3 without the capability) but the address is below 4 GiB, where the PHB
 * decodes MSIs too (hw/ppc/spapr_pci_msi.c), in every PE's DMA space,
 * unless the default DMA window covers it: then -1.  The base refused
 * it (-3).
 */
static void test_msi_32bit(void)
{
    g_autofree char *extra = g_strdup_printf("-device ich9-ahci,addr=%d.0",
                                             MSI_SLOT);
    QPCIDevice *ahci;
    Fixture f;
    uint32_t rets[4], irq;

    setup_args(&f, extra);
    ahci = qpci_device_find(f.qs->pcibus, QPCI_DEVFN(MSI_SLOT, 0));
    g_assert_nonnull(ahci);
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 5, 1, 6, 4, rets), ==,
                    0);
    g_assert_cmpuint(rets[1], ==, 1);
    g_assert_cmpuint(rets[3], ==, 1);                   /* MSI */
    g_assert_cmphex(msi_address(ahci), ==, SPAPR_MSI32_WINDOW);
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 0, 0, 6, 4, rets), ==,
                    0);
    g_assert_cmpuint(rets[1], ==, 1);
    g_assert_cmpuint(rets[3], ==, 1);
    /* function 3 gives the 64-bit address the capability can take */
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 3, 1, 6, 4, rets), ==,
                    0);
    g_assert_cmphex(msi_address(ahci), ==, SPAPR_MSI_WINDOW);
    /* 5 with none requested removes them, as 3 does */
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 5, 0, 6, 4, rets), ==,
                    0);
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 0, 0, 6, 4, rets), ==,
                    0);
    g_assert_cmpuint(rets[1], ==, 0);
    /* the exerciser has no MSI capability: -3, as for function 3 */
    g_assert_cmpint(change_msi(&f, 5, 1, 6, 4, rets), ==, -3);

    /* the PHB delivers a write below 4 GiB: the exerciser's own vector */
    irq = msi_setup(&f);
    g_assert_cmphex(qdx_raw_write(&f.dx, SPAPR_MSI32_WINDOW, irq, 4), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(pending_irq(&f), ==, irq);
    g_free(ahci);
    teardown(&f);

    /*
     * A default DMA window over all 4 GiB leaves no 32-bit MSI address:
     * a hardware error (-1), nothing assigned
     */
    g_free(extra);
    extra = g_strdup_printf("-device ich9-ahci,addr=%d.0 -global "
                            "spapr-pci-host-bridge.dma_win_size=0x100000000",
                            MSI_SLOT);
    setup_args(&f, extra);
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 5, 1, 6, 4, rets), ==,
                    -1);
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 0, 0, 6, 4, rets), ==,
                    0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(change_msi_of(&f, MSI_CONFIG_ADDR, 3, 1, 6, 4, rets), ==,
                    0);
    teardown(&f);

    /* a PE of its own sees the 32-bit MSI window too */
    setup_args(&f, "-global spapr-pci-host-bridge.pe-per-device=on");
    irq = msi_setup(&f);
    g_assert_cmphex(qdx_raw_write(&f.dx, SPAPR_MSI32_WINDOW, irq, 4), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(pending_irq(&f), ==, irq);
    teardown(&f);
}

/* MSI-X: allocated by RTAS, delivered to the XICS presentation layer */
static void test_msi(void)
{
    Fixture f;
    uint32_t irq;
    uint64_t hrets[9];

    setup(&f);
    irq = msi_setup(&f);
    qdx_msix_enable(&f.dx);

    g_assert_cmphex(qtest_hcall(f.qts, QH_IPOLL, 0, NULL, hrets), ==,
                    QH_SUCCESS);
    g_assert_cmphex(hrets[0] & 0xffffff, ==, 0);
    qdx_write(&f.dx, DXR_DOORBELL, 0);
    g_assert_cmpint(qdx_read(&f.dx, DXR_IRQ_COUNT), ==, 1);
    g_assert_cmphex(qtest_hcall(f.qts, QH_IPOLL, 0, NULL, hrets), ==,
                    QH_SUCCESS);
    g_assert_cmphex(hrets[0] & 0xffffff, ==, irq);
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
    qtest_add_func("/dma-exerciser/spapr/hcall-put-get-tce",
                   test_hcall_put_get);
    qtest_add_func("/dma-exerciser/spapr/dma-through-tce",
                   test_dma_through_tce);
    qtest_add_func("/dma-exerciser/spapr/tce-read-only", test_tce_read_only);
    qtest_add_func("/dma-exerciser/spapr/tce-cleared", test_tce_cleared);
    qtest_add_func("/dma-exerciser/spapr/msi", test_msi);
    qtest_add_func("/dma-exerciser/spapr/msi-forged", test_msi_forged);
    qtest_add_func("/dma-exerciser/spapr/change-msi", test_change_msi);
    if (qtest_has_device("ich9-ahci")) {
        qtest_add_func("/dma-exerciser/spapr/msi-32bit", test_msi_32bit);
    }
    qtest_add_func("/dma-exerciser/spapr/ddw-indirect-stuff",
                   test_ddw_indirect_stuff);
    return g_test_run();
}
