/*
 * sPAPR TCE hypercalls: PAPR validation and return codes, no partial update
 *
 * Through the qtest "hcall" command, on the default DMA window of the
 * first PHB (4 KiB IO pages from IOBA 0).  Every refusal here was accepted
 * by the base (misaligned IOBA masked, TCE stored unchecked, partial
 * updates, count 0 refused).  Sources: LoPAR H_PUT_TCE, H_GET_TCE,
 * H_PUT_TCE_INDIRECT, H_STUFF_TCE; Linux arch/powerpc/kvm/book3s_64_vio.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/dma-exerciser.h"
#include "libqos/spapr-hcall.h"

#define LIOBN           QSPAPR_PCI_LIOBN(0, 0)
#define PAGE            4096ULL
#define WINDOW          (1ULL << 30)    /* the default 32-bit window */
#define QH_FUNCTION     ((uint64_t)-2)
#define QH_NOT_ENOUGH_RESOURCES ((uint64_t)-44)
#define HOST_MAP        4       /* the exerciser's host IOMMU mappings */

typedef struct Fixture {
    QOSState *qs;
    QTestState *qts;
    uint64_t ram;       /* a page of guest RAM */
} Fixture;

static void setup(Fixture *f)
{
    f->qs = qtest_spapr_boot("-machine pseries");
    f->qts = f->qs->qts;
    f->ram = QEMU_ALIGN_UP(guest_alloc(&f->qs->alloc, 2 * PAGE), PAGE);
}

static void teardown(Fixture *f)
{
    qtest_shutdown(f->qs);
}

static uint64_t get(Fixture *f, uint64_t ioba)
{
    uint64_t tce = ~0ULL;

    g_assert_cmphex(qh_get_tce(f->qts, LIOBN, ioba, &tce), ==, QH_SUCCESS);
    return tce;
}

/* A TCE list of @n entries in guest memory, 4 KiB aligned */
static uint64_t tce_list(Fixture *f, const uint64_t *tces, int n)
{
    uint64_t list = QEMU_ALIGN_UP(guest_alloc(&f->qs->alloc, 2 * PAGE), PAGE);
    int i;

    for (i = 0; i < n; i++) {
        qtest_writeq(f->qts, list + 8 * i, tces[i]);
    }
    return list;
}

static void test_put_get(void)
{
    Fixture f;
    uint64_t rw = QSPAPR_TCE_RW;

    setup(&f);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 2 * PAGE, f.ram | rw), ==,
                    QH_SUCCESS);
    g_assert_cmphex(get(&f, 2 * PAGE), ==, f.ram | rw);
    /* read-only and write-only TCEs are TCEs too */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 3 * PAGE, f.ram | 1), ==,
                    QH_SUCCESS);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 4 * PAGE, f.ram | 2), ==,
                    QH_SUCCESS);
    /* a fault TCE (no permission) is taken as it is (KVM) */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 5 * PAGE, 0xdead000), ==,
                    QH_SUCCESS);
    g_assert_cmphex(get(&f, 5 * PAGE), ==, 0xdead000);
    /* the last page of the window */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, WINDOW - PAGE, f.ram | rw), ==,
                    QH_SUCCESS);
    teardown(&f);
}

static void test_put_refused(void)
{
    Fixture f;
    uint64_t rw = QSPAPR_TCE_RW;

    setup(&f);
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, PAGE, f.ram | rw), ==,
                    QH_SUCCESS);
    /* unknown LIOBN, and a LIOBN beyond 32 bits */
    g_assert_cmphex(qh_put_tce(f.qts, 0x8000ff00, PAGE, f.ram | rw), ==,
                    QH_PARAMETER);
    g_assert_cmphex(qh_put_tce(f.qts, (1ULL << 32) | LIOBN, PAGE,
                               f.ram | rw), ==, QH_PARAMETER);
    /* IOBA not aligned to the IO page: the base masked it */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, PAGE + 8, f.ram | rw), ==,
                    QH_PARAMETER);
    /* IOBA beyond the window */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, WINDOW, f.ram | rw), ==,
                    QH_PARAMETER);
    /* reserved bits (LoPAR TCE bits 52:61) */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, PAGE, f.ram | 0x10 | rw), ==,
                    QH_PARAMETER);
    /* memory outside the partition */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, PAGE, (1ULL << 45) | rw), ==,
                    QH_PARAMETER);
    /* nothing of that was stored */
    g_assert_cmphex(get(&f, PAGE), ==, f.ram | rw);
    /* H_GET_TCE validates the IOBA the same way */
    g_assert_cmphex(qh_get_tce(f.qts, LIOBN, PAGE + 8, NULL), ==,
                    QH_PARAMETER);
    g_assert_cmphex(qh_get_tce(f.qts, LIOBN, WINDOW, NULL), ==, QH_PARAMETER);
    teardown(&f);
}

static void test_indirect(void)
{
    Fixture f;
    uint64_t rw = QSPAPR_TCE_RW, tces[3], list;

    setup(&f);
    tces[0] = f.ram | rw;
    tces[1] = (f.ram + PAGE) | rw;
    tces[2] = f.ram | 1;
    list = tce_list(&f, tces, 3);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, 8 * PAGE, list, 3), ==,
                    QH_SUCCESS);
    g_assert_cmphex(get(&f, 8 * PAGE), ==, tces[0]);
    g_assert_cmphex(get(&f, 9 * PAGE), ==, tces[1]);
    g_assert_cmphex(get(&f, 10 * PAGE), ==, tces[2]);
    /* a count of 0 succeeds (KVM); the base refused it */
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, 8 * PAGE, list, 0), ==,
                    QH_SUCCESS);
    teardown(&f);
}

/* Every refusal leaves the table as it was: no partial update */
static void test_indirect_refused(void)
{
    Fixture f;
    uint64_t rw = QSPAPR_TCE_RW, tces[3], list, ioba = 20 * PAGE;
    int i;

    setup(&f);
    tces[0] = f.ram | rw;
    tces[1] = (f.ram + PAGE) | rw;
    tces[2] = (1ULL << 45) | rw;            /* outside the partition */
    list = tce_list(&f, tces, 3);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, ioba, list, 3), ==,
                    QH_PARAMETER);
    for (i = 0; i < 3; i++) {
        g_assert_cmphex(get(&f, ioba + i * PAGE), ==, 0);
    }
    /* a range that runs past the window end stores nothing either */
    tces[2] = f.ram | rw;
    list = tce_list(&f, tces, 3);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, WINDOW - 2 * PAGE, list,
                                        3), ==, QH_PARAMETER);
    g_assert_cmphex(get(&f, WINDOW - 2 * PAGE), ==, 0);
    g_assert_cmphex(get(&f, WINDOW - PAGE), ==, 0);
    /* more than 512, a misaligned or foreign list, the MTT LIOBN */
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, ioba, list, 513), ==,
                    QH_PARAMETER);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, ioba, list + 8, 3), ==,
                    QH_PARAMETER);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, ioba, 1ULL << 45, 3),
                    ==, QH_PARAMETER);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, (uint64_t)-1, ioba, list, 3),
                    ==, QH_FUNCTION);
    g_assert_cmphex(get(&f, ioba), ==, 0);
    teardown(&f);
}

static void test_stuff(void)
{
    Fixture f;
    uint64_t rw = QSPAPR_TCE_RW, ioba = 30 * PAGE;
    int i;

    setup(&f);
    for (i = 0; i < 4; i++) {
        g_assert_cmphex(qh_put_tce(f.qts, LIOBN, ioba + i * PAGE,
                                   f.ram | rw), ==, QH_SUCCESS);
    }
    g_assert_cmphex(qh_stuff_tce(f.qts, LIOBN, ioba, 0, 3), ==, QH_SUCCESS);
    for (i = 0; i < 3; i++) {
        g_assert_cmphex(get(&f, ioba + i * PAGE), ==, 0);
    }
    g_assert_cmphex(get(&f, ioba + 3 * PAGE), ==, f.ram | rw);

    /* more than 512: H_P4 (LoPAR); a value that grants access (KVM) */
    g_assert_cmphex(qh_stuff_tce(f.qts, LIOBN, ioba, 0, 513), ==, QH_P4);
    g_assert_cmphex(qh_stuff_tce(f.qts, LIOBN, ioba + 3 * PAGE, f.ram | rw,
                                 1), ==, QH_PARAMETER);
    /* past the window end: refused whole, the base cleared up to the end */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, WINDOW - PAGE, f.ram | rw), ==,
                    QH_SUCCESS);
    g_assert_cmphex(qh_stuff_tce(f.qts, LIOBN, WINDOW - PAGE, 0, 2), ==,
                    QH_PARAMETER);
    g_assert_cmphex(get(&f, WINDOW - PAGE), ==, f.ram | rw);
    g_assert_cmphex(get(&f, ioba + 3 * PAGE), ==, f.ram | rw);
    teardown(&f);
}

/*
 * A map the host side cannot carry out (the exerciser's host IOMMU of
 * HOST_MAP mappings, as VFIO's for a passed-through device) is reported:
 * H_NOT_ENOUGH_RESOURCES, and the request is undone whole.  The base
 * returned H_SUCCESS and the device's DMA faulted in the host IOMMU.
 */
static void test_host_map_failure(void)
{
    Fixture f;
    QDmaExerciser dx;
    uint64_t rw = QSPAPR_TCE_RW, tces[3], list;
    int i;

    f.qs = qtest_spapr_boot("-machine pseries -device dma-exerciser,addr=4.0,"
                            "host-map-entries=%d", HOST_MAP);
    f.qts = f.qs->qts;
    f.ram = QEMU_ALIGN_UP(guest_alloc(&f.qs->alloc, 2 * PAGE), PAGE);
    qdx_init(&dx, f.qs->pcibus, QPCI_DEVFN(4, 0));

    for (i = 0; i < HOST_MAP; i++) {
        g_assert_cmphex(qh_put_tce(f.qts, LIOBN, i * PAGE, f.ram | rw), ==,
                        QH_SUCCESS);
    }
    g_assert_cmphex(qdx_fill(&dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.ram, PAGE, 1);
    /* the host IOMMU is full: the guest is told, the TCE stays invalid */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 8 * PAGE, f.ram | rw), ==,
                    QH_NOT_ENOUGH_RESOURCES);
    g_assert_cmphex(get(&f, 8 * PAGE), ==, 0);
    g_assert_cmphex(qdx_fill(&dx, 8 * PAGE, PAGE, 2), ==,
                    DXR_STATUS_DONE | DXR_STATUS_ERROR);
    /* replacing a mapping takes no new entry */
    g_assert_cmphex(qh_put_tce(f.qts, LIOBN, 0, (f.ram + PAGE) | rw), ==,
                    QH_SUCCESS);

    /* room for one: an indirect request of three is undone whole */
    g_assert_cmphex(qh_stuff_tce(f.qts, LIOBN, 3 * PAGE, 0, 1), ==,
                    QH_SUCCESS);
    for (i = 0; i < 3; i++) {
        tces[i] = f.ram | rw;
    }
    list = tce_list(&f, tces, 3);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, 8 * PAGE, list, 3),
                    ==, QH_NOT_ENOUGH_RESOURCES);
    for (i = 0; i < 3; i++) {
        g_assert_cmphex(get(&f, (8 + i) * PAGE), ==, 0);
    }
    /* the host mapping of the first one went away with it */
    g_assert_cmphex(qdx_fill(&dx, 8 * PAGE, PAGE, 3), ==,
                    DXR_STATUS_DONE | DXR_STATUS_ERROR);
    g_assert_cmphex(get(&f, 0), ==, (f.ram + PAGE) | rw);

    /* cleared entries make room again */
    g_assert_cmphex(qh_stuff_tce(f.qts, LIOBN, 0, 0, 3), ==, QH_SUCCESS);
    g_assert_cmphex(qh_put_tce_indirect(f.qts, LIOBN, 8 * PAGE, list, 3),
                    ==, QH_SUCCESS);
    g_assert_cmphex(qdx_fill(&dx, 10 * PAGE, PAGE, 4), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, f.ram, PAGE, 4);
    qdx_uninit(&dx);
    teardown(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("pseries")) {
        g_test_skip("pseries not built");
        return g_test_run();
    }
    qtest_add_func("/spapr/tce-hcall/put-get", test_put_get);
    qtest_add_func("/spapr/tce-hcall/put-refused", test_put_refused);
    qtest_add_func("/spapr/tce-hcall/indirect", test_indirect);
    qtest_add_func("/spapr/tce-hcall/indirect-refused",
                   test_indirect_refused);
    qtest_add_func("/spapr/tce-hcall/stuff", test_stuff);
    if (qtest_has_device("dma-exerciser")) {
        qtest_add_func("/spapr/tce-hcall/host-map-failure",
                       test_host_map_failure);
    }
    return g_test_run();
}
