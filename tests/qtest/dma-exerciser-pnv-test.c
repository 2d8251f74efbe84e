/*
 * DMA/MSI-X exerciser behind a PowerNV PHB3, driven at register level
 *
 * No firmware runs: the libqos PHB3 driver brings the PHB up as skiboot
 * would, places the exerciser in a PE, builds its TCE tables and IVEs, and
 * the exerciser makes the DMA and MSI traffic.  What is checked is where
 * the traffic lands: the guest physical address a TCE names, the interrupt
 * the ICP presents.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb3.h"
#include "libqos/dma-exerciser.h"

#define PHB_INDEX       1
#define DX_PE           3
#define DX_DEVFN        QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0)

typedef struct Fixture {
    QTestState *qts;
    QPnvPhb3 phb;
    QDmaExerciser dx;
} Fixture;

static void setup(Fixture *f, const char *props)
{
    f->qts = qtest_initf("-M powernv8 -device dma-exerciser,bus=pcie.%d,"
                         "addr=0%s", PHB_INDEX, props ? props : "");
    qpnv_phb3_init(&f->phb, f->qts, PHB_INDEX);
    qdx_init(&f->dx, &f->phb.bus, DX_DEVFN);
    qpnv_phb3_set_pe(&f->phb, QPNV_PHB3_SECONDARY_BUS, 0, DX_PE);
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_quit(f->qts);
}

/* FILL one page at @iova and check it landed at @gpa, and only there */
static void check_fill_lands(Fixture *f, uint64_t iova, uint64_t gpa,
                             uint64_t len, uint64_t seed)
{
    g_assert_cmphex(qdx_fill(&f->dx, iova, len, seed), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f->qts, gpa, len, seed);
    /* and the device reads back what it wrote, through the same TCE */
    g_assert_cmphex(qdx_verify(&f->dx, iova, len, seed), ==,
                    DXR_STATUS_DONE);
}

static void test_identity(void)
{
    Fixture f;
    uint64_t caps;

    setup(&f, ",dma-bits=40");
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, DXR_ID_VALUE);
    caps = qdx_read(&f.dx, DXR_CAPS);
    g_assert_cmpint(DXR_CAPS_VECTORS(caps), ==, DXR_MSIX_VECTORS);
    g_assert_cmpint(DXR_CAPS_DMA_BITS(caps), ==, 40);
    g_assert_cmpint(DXR_CAPS_BUF_SIZE(caps), ==, DXR_BUF_SIZE);
    teardown(&f);
}

static void test_dma_one_level(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t page = 4096, gpa;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    gpa = qpnv_phb3_alloc(&f.phb, 4 * page, page);
    /* map IOVA page 5 to the third page of the buffer */
    qpnv_tce_map(&f.phb, &t, 5 * page, gpa + 2 * page, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));

    check_fill_lands(&f, 5 * page, gpa + 2 * page, page, 0x1234);
    /* the pages around it were not touched */
    qdx_assert_zero(f.qts, gpa, 2 * page);
    qdx_assert_zero(f.qts, gpa + 3 * page, page);
    teardown(&f);
}

/*
 * Multi-level tables: the first and the last page of the window, which
 * take the first and the last entry at every level.
 */
static void test_dma_multi_level(gconstpointer data)
{
    const unsigned *p = data;
    unsigned levels = p[0], entries_shift = p[1], page_shift = p[2];
    uint64_t page = 1ULL << page_shift, len = 4096;
    uint64_t win, gpa_first, gpa_last;
    Fixture f;
    QPnvTceTable t;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, levels, entries_shift, page_shift);
    win = qpnv_tce_table_window_size(&t);
    gpa_first = qpnv_phb3_alloc(&f.phb, page, page);
    gpa_last = qpnv_phb3_alloc(&f.phb, page, page);
    qpnv_tce_map(&f.phb, &t, 0, gpa_first, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t, win - page, gpa_last, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));

    check_fill_lands(&f, 0, gpa_first, len, 0xabc);
    /* the last 4 KiB of the window: the end of the last IO page */
    check_fill_lands(&f, win - len, gpa_last + page - len, len, 0xdef);
    teardown(&f);
}

/* A read-only TCE: the device may read through it, never write */
static void test_tce_read_only(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t page = 4096, gpa, info;
    g_autofree uint8_t *buf = g_malloc(page);

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    gpa = qpnv_phb3_alloc(&f.phb, page, page);
    memset(buf, 0x5a, page);
    qtest_memwrite(f.qts, gpa, buf, page);
    qpnv_tce_map(&f.phb, &t, 0x7000, gpa, QPNV_TCE_R);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));

    /* device write: refused, logged, memory unchanged */
    g_assert_cmphex(qdx_fill(&f.dx, 0x7000, page, 1), ==,
                    DXR_STATUS_DONE | DXR_STATUS_ERROR);
    g_assert_cmpint(qdx_read(&f.dx, DXR_ERR_COUNT), ==, 1);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ERR_IOVA), ==, 0x7000);
    info = qdx_read(&f.dx, DXR_ERR_INFO);
    g_assert_true(info & DXR_ERR_INFO_WRITE);
    g_assert_cmphex(DXR_ERR_INFO_RESULT(info), !=, 0);
    qtest_memread(f.qts, gpa, buf, page);
    for (size_t i = 0; i < page; i++) {
        g_assert_cmphex(buf[i], ==, 0x5a);
    }

    /* device read: allowed */
    g_assert_cmphex(qdx_copy_to_buf(&f.dx, 0x7000, 0, page), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(qdx_buf_readb(&f.dx, 17), ==, 0x5a);
    teardown(&f);
}

/* A device with fewer address bits cannot reach the upper TVE */
static void test_dma_mask(void)
{
    Fixture f;
    uint64_t info;

    setup(&f, ",dma-bits=32");
    g_assert_cmphex(qdx_fill(&f.dx, 1ULL << 59, 4096, 1), ==,
                    DXR_STATUS_DONE | DXR_STATUS_ERROR);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    info = qdx_read(&f.dx, DXR_ERR_INFO);
    g_assert_true(info & DXR_ERR_INFO_MASK);
    g_assert_cmphex(qdx_read(&f.dx, DXR_BYTES), ==, 0);
    teardown(&f);
}

/*
 * MSI-X through the PHB3 32-bit MSI window: the vector's address/data name
 * MSI source 5 (skiboot phb3_get_msi_32); its IVE (in the device's PE)
 * routes it to the first thread at priority 5; the ICP presents it.
 */
static void test_msi(void)
{
    Fixture f;
    unsigned src = 5, vector = 2;
    uint32_t xirr;
    QPnvTceTable t;
    uint64_t gpa;

    setup(&f, NULL);
    qpnv_phb3_set_ive(&f.phb, src, QPNV_P8_FIRST_PIR, 5, DX_PE);
    qdx_msix_enable(&f.dx);
    qdx_msix_set_vector(&f.dx, vector, qpnv_phb3_msi_addr32(src),
                        qpnv_phb3_msi_data(src));
    qpnv_icp_set_cppr(f.qts, QPNV_P8_FIRST_PIR, 0xff);
    g_assert_cmphex(qpnv_icp_poll(f.qts, QPNV_P8_FIRST_PIR) & 0xffffff, ==,
                    0);

    qdx_write(&f.dx, DXR_DOORBELL, vector);
    g_assert_cmpint(qdx_read(&f.dx, DXR_IRQ_COUNT), ==, 1);
    xirr = qpnv_icp_accept(f.qts, QPNV_P8_FIRST_PIR);
    g_assert_cmphex(xirr & 0xffffff, ==, f.phb.msi_base + src);
    qpnv_icp_eoi(f.qts, QPNV_P8_FIRST_PIR, xirr);

    /* a completion interrupt on the same vector after a DMA command */
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    gpa = qpnv_phb3_alloc(&f.phb, 4096, 4096);
    qpnv_tce_map(&f.phb, &t, 0, gpa, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    qpnv_phb3_set_ive(&f.phb, src, QPNV_P8_FIRST_PIR, 5, DX_PE);
    g_assert_cmphex(qdx_fill_irq(&f.dx, 0, 4096, 7, vector), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa, 4096, 7);
    g_assert_cmpint(qdx_read(&f.dx, DXR_IRQ_COUNT), ==, 2);
    g_assert_cmphex(qpnv_icp_poll(f.qts, QPNV_P8_FIRST_PIR) & 0xffffff, ==,
                    f.phb.msi_base + src);
    teardown(&f);
}

/*
 * A forged MSI: the exerciser (PE 3) writes the message of a source whose
 * IVE belongs to another PE.  The PHB rejects it (the IVE's PE is not the
 * sender's); the exerciser's own source still works.
 */
static void test_msi_wrong_pe(void)
{
    Fixture f;
    unsigned own = 5, other = 6;

    setup(&f, NULL);
    qpnv_phb3_set_ive(&f.phb, own, QPNV_P8_FIRST_PIR, 5, DX_PE);
    qpnv_phb3_set_ive(&f.phb, other, QPNV_P8_FIRST_PIR, 5, DX_PE + 4);
    qpnv_icp_set_cppr(f.qts, QPNV_P8_FIRST_PIR, 0xff);

    g_assert_cmphex(qdx_raw_write(&f.dx, qpnv_phb3_msi_addr32(other),
                                  qpnv_phb3_msi_data(other), 4), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(qpnv_icp_poll(f.qts, QPNV_P8_FIRST_PIR) & 0xffffff, ==,
                    0);
    /* the victim's IVE was not touched (P still clear) */
    g_assert_cmphex(qpnv_phb3_ive(&f.phb, other) & (1ULL << 24), ==, 0);

    g_assert_cmphex(qdx_raw_write(&f.dx, qpnv_phb3_msi_addr32(own),
                                  qpnv_phb3_msi_data(own), 4), ==,
                    DXR_STATUS_DONE);
    g_assert_cmphex(qpnv_icp_poll(f.qts, QPNV_P8_FIRST_PIR) & 0xffffff, ==,
                    f.phb.msi_base + own);
    teardown(&f);
}

int main(int argc, char **argv)
{
    static const unsigned ml[][3] = {
        { 2, 9, 12 }, { 3, 9, 12 }, { 4, 9, 12 }, { 5, 9, 12 },
        { 2, 10, 16 }, { 3, 9, 24 },
    };
    int i;

    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("powernv8") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("powernv8 or dma-exerciser not built");
        return g_test_run();
    }
    qtest_add_func("/dma-exerciser/pnv-phb3/identity", test_identity);
    qtest_add_func("/dma-exerciser/pnv-phb3/dma/1-level", test_dma_one_level);
    for (i = 0; i < ARRAY_SIZE(ml); i++) {
        g_autofree char *name = g_strdup_printf(
            "/dma-exerciser/pnv-phb3/dma/%u-level-%uk-pages-%u-entries",
            ml[i][0], 1u << (ml[i][2] - 10), 1u << ml[i][1]);
        qtest_add_data_func(name, ml[i], test_dma_multi_level);
    }
    qtest_add_func("/dma-exerciser/pnv-phb3/tce-read-only",
                   test_tce_read_only);
    qtest_add_func("/dma-exerciser/pnv-phb3/dma-mask", test_dma_mask);
    qtest_add_func("/dma-exerciser/pnv-phb3/msi", test_msi);
    qtest_add_func("/dma-exerciser/pnv-phb3/msi-wrong-pe", test_msi_wrong_pe);
    return g_test_run();
}
