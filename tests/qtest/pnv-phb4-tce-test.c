/*
 * PowerNV PHB4 (POWER9) and PHB5 (POWER10) DMA translation, IODA3
 *
 * The same cases on powernv9 and powernv10.  /pnv-phb4/<machine>/tce/...
 * validate the libqos driver (tests/qtest/libqos/pci-pnv-phb4.c): the PHB
 * comes up as skiboot brings it up, the DMA exerciser is found through
 * config space, a bypass window and a one-level 4K TCE window translate.
 * They pass on the base model.
 *
 * /pnv-phb4/<machine>/tce/precise/... encode what a precise IODA3 DMA
 * front end must do (window and bypass bounds, the TCE cache and
 * PHB_TCE_KILL, the RTC and PHB_RTC_INVALIDATE, multi-level tables, the
 * IO page sizes); the base model fails them.  Facts: skiboot hw/phb4.c
 * phb4_map_pe_dma_window[_real], phb4_tce_kill, phb4_set_pe.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"
#include "standard-headers/linux/pci_regs.h"

#define PHB_INDEX       1
#define DX_PE           3
#define OTHER_PE        4
#define PAGE            4096ULL
#define KIB64           (1ULL << 16)
#define MIB2            (1ULL << 21)
#define GIB             (1ULL << 30)
#define W1              QPNV_PHB4_TVE1

#define FAILED          (DXR_STATUS_DONE | DXR_STATUS_ERROR)

typedef struct Machine {
    const char *name;
    int gen;
    uint64_t version;       /* PHB_VERSION of the model */
} Machine;

static const Machine machines[] = {
    { "powernv9", 4, 0x000000a400000002ULL },
    { "powernv10", 5, 0x000000a500000002ULL },
};

typedef struct Case {
    const Machine *m;
    int arg;
} Case;

typedef struct Fixture {
    QTestState *qts;
    QPnvPhb4 phb;
    QDmaExerciser dx;
} Fixture;

static void setup(Fixture *f, const Case *c)
{
    f->qts = qtest_initf("-M %s -m 2G -device dma-exerciser,bus=pcie.%d,"
                         "addr=0", c->m->name, PHB_INDEX);
    qpnv_phb4_init(&f->phb, f->qts, c->m->gen, PHB_INDEX);
    qdx_init(&f->dx, &f->phb.bus,
             QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&f->phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_quit(f->qts);
}

static uint64_t page(Fixture *f)
{
    return qpnv_phb4_alloc(&f->phb, PAGE, PAGE);
}

/* The PHB answers, the exerciser is found through config space */
static void test_config(const void *data)
{
    const Case *c = data;
    Fixture f;
    QPCIDevice *dev;

    setup(&f, c);
    g_assert_cmphex(qpnv_phb4_read(&f.phb, PHB_VERSION), ==, c->m->version);
    g_assert_cmpuint(f.phb.num_pes, ==, 256);   /* PHB1 is not "big" */
    /* the root complex through its MMIO config space */
    dev = qpci_device_find(&f.phb.bus, 0);
    g_assert_nonnull(dev);
    g_assert_cmphex(qpci_config_readw(dev, PCI_VENDOR_ID), ==, 0x1014);
    g_assert_cmphex(qpci_config_readb(dev, PCI_SECONDARY_BUS), ==,
                    QPNV_PHB4_SECONDARY_BUS);
    g_free(dev);
    /* nothing but device 0 on the root bus */
    g_assert_null(qpci_device_find(&f.phb.bus, 1 << 3));
    /* the exerciser behind it: IDs and its registers through M32 */
    dev = qpci_device_find(&f.phb.bus,
                           QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    g_assert_nonnull(dev);
    g_assert_cmphex(qpci_config_readw(dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
    g_assert_cmphex(qpci_config_readw(dev, PCI_DEVICE_ID), ==,
                    DXR_DEVICE_ID);
    g_free(dev);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, DXR_ID_VALUE);
    /* its M32 segment (BAR0 comes first, at the window's start) to its PE */
    qpnv_phb4_set_m32_pe(&f.phb, f.phb.m32_pci, DX_PE);
    g_assert_cmphex(qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_MDT, 0) >> 48, ==,
                    DX_PE);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, DXR_ID_VALUE);
    /* the QOM path of the PHB model */
    g_assert_cmpuint(qpnv_phb4_counter(&f.phb, "index"), ==, PHB_INDEX);
    g_assert_false(qpnv_phb4_has_counter(&f.phb, "no-such-counter"));
    teardown(&f);
}

/* Bypass TVE#1 over all of RAM, as Linux sets it: DMA lands at the GPA */
static void test_bypass(const void *data)
{
    Fixture f;
    uint64_t gpa = GIB + 5 * PAGE;

    setup(&f, data);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 1, qpnv_phb4_bypass_tve(0, 2 * GIB));
    qtest_memset(f.qts, gpa, 0, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, W1 | gpa, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa, PAGE, 1);
    teardown(&f);
}

/* One-level 4K TCE table in TVE#0: DMA lands through its TCE */
static void test_tce_4k(const void *data)
{
    Fixture f;
    QPnvPhb4Tce t;
    uint64_t a, iova = 5 * PAGE;

    setup(&f, data);
    qpnv_phb4_tce_init(&f.phb, &t, 1, 9, 12);
    a = page(&f);
    qpnv_phb4_tce_map(&f.phb, &t, iova, a, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 1);
    /* the exerciser reads back through the same TCE */
    g_assert_cmphex(qdx_verify(&f.dx, iova, PAGE, 1), ==, DXR_STATUS_DONE);
    teardown(&f);
}

/*
 * (a) A DMA one IO page past the table's reach faults instead of aliasing
 * (the base model masks each level's index: the walk of IOVA 0).  @arg is
 * levels * 100 + the IO page shift.
 */
static void test_window_end(const void *data)
{
    const Case *c = data;
    unsigned levels = c->arg / 100, shift = c->arg % 100;
    uint64_t psize = 1ULL << shift, off = 0;
    Fixture f;
    QPnvPhb4Tce t;
    uint64_t first, last, win;

    setup(&f, c);
    qpnv_phb4_tce_init(&f.phb, &t, levels, 9, shift);
    win = qpnv_phb4_tce_window_size(&t);
    if (shift == 30) {
        /* both GiBs of RAM, an offset above the driver's tables */
        first = GIB;
        last = 0;
        off = 0x38000000ULL;
        qtest_memset(f.qts, first + off, 0, PAGE);
        qtest_memset(f.qts, last + off, 0, PAGE);
    } else {
        first = qpnv_phb4_alloc(&f.phb, psize, psize);
        last = qpnv_phb4_alloc(&f.phb, psize, psize);
    }
    qpnv_phb4_tce_map(&f.phb, &t, 0, first, QPNV_PHB4_TCE_RW);
    qpnv_phb4_tce_map(&f.phb, &t, win - psize, last, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t));

    g_assert_cmphex(qdx_fill(&f.dx, win - psize + off, PAGE, 1), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, last + off, PAGE, 1);
    g_assert_cmphex(qdx_fill(&f.dx, win + off, PAGE, 2), ==, FAILED);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ERR_IOVA), ==, win + off);
    qdx_assert_zero(f.qts, first + off, PAGE);
    /* one error, however many pieces the memory core retried */
    g_assert_cmpint(qpnv_phb4_counter(&f.phb, "dma-errors"), ==, 1);
    teardown(&f);
}

/* (b) Bypass: in [start, end) lands, below start and from end on faults */
static void test_bypass_bounds(const void *data)
{
    Fixture f;
    uint64_t lo = GIB / 4, hi = GIB;

    setup(&f, data);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 1, qpnv_phb4_bypass_tve(lo, hi));
    qtest_memset(f.qts, lo - PAGE, 0, 2 * PAGE);
    qtest_memset(f.qts, hi - PAGE, 0, 2 * PAGE);

    g_assert_cmphex(qdx_fill(&f.dx, W1 | lo, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, lo, PAGE, 1);
    g_assert_cmphex(qdx_fill(&f.dx, W1 | (hi - PAGE), PAGE, 2), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, hi - PAGE, PAGE, 2);

    g_assert_cmphex(qdx_fill(&f.dx, W1 | (lo - PAGE), PAGE, 3), ==, FAILED);
    qdx_assert_zero(f.qts, lo - PAGE, PAGE);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ERR_IOVA), ==, W1 | (lo - PAGE));
    g_assert_cmphex(qdx_fill(&f.dx, W1 | hi, PAGE, 4), ==, FAILED);
    qdx_assert_zero(f.qts, hi, PAGE);
    teardown(&f);
}

/*
 * (c), (h) The TCE cache: a TCE rewritten in memory without a kill keeps
 * being used until a kill names it.  A kill that names another PE or
 * another page leaves it cached.
 */
enum { KILL_ALL, KILL_PE, KILL_ONE };

static void test_stale_tce(const void *data)
{
    const Case *c = data;
    Fixture f;
    QPnvPhb4Tce t;
    uint64_t a, b, iova = 7 * PAGE;

    setup(&f, c);
    qpnv_phb4_tce_init(&f.phb, &t, 1, 9, 12);
    a = page(&f);
    b = page(&f);
    qpnv_phb4_tce_map(&f.phb, &t, iova, a, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 1);

    /* rewritten, no kill: the cached TCE (to A) is still used */
    qpnv_phb4_tce_map(&f.phb, &t, iova, b, QPNV_PHB4_TCE_RW);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 2);
    qdx_assert_zero(f.qts, b, PAGE);

    /* kills aimed elsewhere change nothing */
    switch (c->arg) {
    case KILL_PE:
        qpnv_phb4_tce_kill_pe(&f.phb, OTHER_PE);
        break;
    case KILL_ONE:
        qpnv_phb4_tce_kill_page(&f.phb, DX_PE, iova + PAGE, 12);
        qpnv_phb4_tce_kill_page(&f.phb, DX_PE, W1 | iova, 12);
        qpnv_phb4_tce_kill_page(&f.phb, OTHER_PE, iova, 12);
        break;
    }
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 3);
    qdx_assert_zero(f.qts, b, PAGE);

    /* the kill: now B */
    switch (c->arg) {
    case KILL_ALL:
        qpnv_phb4_tce_kill_all(&f.phb);
        break;
    case KILL_PE:
        qpnv_phb4_tce_kill_pe(&f.phb, DX_PE);
        break;
    case KILL_ONE:
        qpnv_phb4_tce_kill_page(&f.phb, DX_PE, iova, 12);
        break;
    }
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 4), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b, PAGE, 4);
    qdx_assert_pattern(f.qts, a, PAGE, 3);
    teardown(&f);
}

/*
 * (h) Kill ONE of a large IO page: PSEL and the page-size code (skiboot
 * phb4_tce_kill, OPAL_PCI_TCE_KILL_PAGES).  @arg is the page shift.
 */
static void test_kill_one_psel(const void *data)
{
    const Case *c = data;
    unsigned shift = c->arg;
    uint64_t psize = 1ULL << shift;
    Fixture f;
    QPnvPhb4Tce t;
    uint64_t a, b, iova = 2 * psize, off = 3 * PAGE;

    setup(&f, c);
    qpnv_phb4_tce_init(&f.phb, &t, 1, 9, shift);
    if (shift == 30) {
        /* both GiBs of RAM, an offset above the driver's tables */
        a = GIB;
        b = 0;
        off = 0x38000000ULL;
        qtest_memset(f.qts, a + off, 0, PAGE);
        qtest_memset(f.qts, b + off, 0, PAGE);
    } else {
        a = qpnv_phb4_alloc(&f.phb, psize, psize);
        b = qpnv_phb4_alloc(&f.phb, psize, psize);
    }
    qpnv_phb4_tce_map(&f.phb, &t, iova, a, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova + off, PAGE, 1), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a + off, PAGE, 1);

    qpnv_phb4_tce_map(&f.phb, &t, iova, b, QPNV_PHB4_TCE_RW);
    /* the neighbouring large pages, and the same page in another PE */
    qpnv_phb4_tce_kill_page(&f.phb, DX_PE, iova - psize, shift);
    qpnv_phb4_tce_kill_page(&f.phb, DX_PE, iova + psize, shift);
    qpnv_phb4_tce_kill_page(&f.phb, OTHER_PE, iova, shift);
    g_assert_cmphex(qdx_fill(&f.dx, iova + off, PAGE, 2), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a + off, PAGE, 2);
    qdx_assert_zero(f.qts, b + off, PAGE);

    /* the page itself, with its size: the new TCE */
    qpnv_phb4_tce_kill_page(&f.phb, DX_PE, iova, shift);
    g_assert_cmphex(qdx_fill(&f.dx, iova + off, PAGE, 3), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b + off, PAGE, 3);
    teardown(&f);
}

/*
 * (d) The RTC: an RTT entry rewritten in memory is not seen until
 * PHB_RTC_INVALIDATE.  @arg 0: invalidate all (skiboot phb4_set_pe).
 * @arg 1: a RID invalidation (PHB_RTC_INVALIDATE_RID, bit 0 clear; no
 * skiboot user) of another RID leaves it, one of this RID drops it.
 */
static void test_rtc(const void *data)
{
    const Case *c = data;
    Fixture f;
    QPnvPhb4Tce t1, t2;
    uint64_t a, b;

    setup(&f, c);
    qpnv_phb4_tce_init(&f.phb, &t1, 1, 9, 12);
    qpnv_phb4_tce_init(&f.phb, &t2, 1, 9, 12);
    a = page(&f);
    b = page(&f);
    qpnv_phb4_tce_map(&f.phb, &t1, 0, a, QPNV_PHB4_TCE_RW);
    qpnv_phb4_tce_map(&f.phb, &t2, 0, b, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t1));
    qpnv_phb4_set_tve(&f.phb, OTHER_PE, 0, qpnv_phb4_tve(&t2));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 1);

    /* the device moves to OTHER_PE in memory only: still DX_PE */
    qpnv_phb4_rtt_set(&f.phb, QPNV_PHB4_SECONDARY_BUS, 0, OTHER_PE);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 2);
    qdx_assert_zero(f.qts, b, PAGE);

    if (c->arg) {
        qpnv_phb4_rtc_invalidate_rid(&f.phb, QPNV_PHB4_SECONDARY_BUS, 1);
        g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 3), ==, DXR_STATUS_DONE);
        qdx_assert_pattern(f.qts, a, PAGE, 3);
        qdx_assert_zero(f.qts, b, PAGE);
        qpnv_phb4_rtc_invalidate_rid(&f.phb, QPNV_PHB4_SECONDARY_BUS, 0);
    } else {
        qpnv_phb4_rtc_invalidate_all(&f.phb);
    }
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 4), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b, PAGE, 4);
    teardown(&f);
}

/*
 * (e) Multi-level tables (@arg levels, 512 entries a level, 4K pages):
 * an IOVA with a different non-zero index at every level lands; one whose
 * indirect entry is missing faults
 */
static void test_levels(const void *data)
{
    const Case *c = data;
    unsigned levels = c->arg, l;
    Fixture f;
    QPnvPhb4Tce t;
    uint64_t a, iova = 0, other;

    setup(&f, c);
    qpnv_phb4_tce_init(&f.phb, &t, levels, 9, 12);
    for (l = 0; l < levels; l++) {
        iova |= (uint64_t)(l + 1) << (12 + 9 * l);
    }
    a = page(&f);
    qpnv_phb4_tce_map(&f.phb, &t, iova, a, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 1);
    /* the same path one page on: the last-level TCE is empty */
    g_assert_cmphex(qdx_fill(&f.dx, iova + PAGE, PAGE, 2), ==, FAILED);
    /* another top-level entry: no indirect level under it */
    other = iova ^ (1ULL << (12 + 9 * (levels - 1)));
    g_assert_cmphex(qdx_fill(&f.dx, other, PAGE, 3), ==, FAILED);
    qdx_assert_pattern(f.qts, a, PAGE, 1);
    teardown(&f);
}

/* (f) IO page sizes 64K, 2M, 1G (@arg the shift), one level */
static void test_page_size(const void *data)
{
    const Case *c = data;
    unsigned shift = c->arg;
    uint64_t psize = 1ULL << shift;
    Fixture f;
    QPnvPhb4Tce t;
    uint64_t gpa, iova = 3 * psize, off = psize / 2 + 5 * PAGE;

    setup(&f, c);
    qpnv_phb4_tce_init(&f.phb, &t, 1, 9, shift);
    /* 1G: the second GiB of RAM; else from the table RAM */
    gpa = shift == 30 ? GIB : qpnv_phb4_alloc(&f.phb, psize, psize);
    qtest_memset(f.qts, gpa + off, 0, PAGE);
    qpnv_phb4_tce_map(&f.phb, &t, iova, gpa, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova + off, PAGE, 1), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa + off, PAGE, 1);
    /* the next IO page has no TCE */
    g_assert_cmphex(qdx_fill(&f.dx, iova + psize, PAGE, 2), ==, FAILED);
    teardown(&f);
}

/*
 * (g) IO page sizes IODA3 does not have (skiboot phb4_map_pe_dma_window
 * takes 4K, 64K, 2M and 1G only): 16M (IODA2's, IO_PSIZE 13) and 8K
 * (IO_PSIZE 2) fault; the base model translates with them
 */
static void test_bad_page_size(const void *data)
{
    Fixture f;
    QPnvPhb4Tce t16m, t4k;
    uint64_t gpa16m = GIB + (16ULL << 20), a, tve;

    setup(&f, data);
    qpnv_phb4_tce_init(&f.phb, &t16m, 1, 9, 24);
    qtest_memset(f.qts, gpa16m, 0, PAGE);
    qpnv_phb4_tce_map(&f.phb, &t16m, 0, gpa16m, QPNV_PHB4_TCE_RW);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, qpnv_phb4_tve(&t16m));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, FAILED);
    qdx_assert_zero(f.qts, gpa16m, PAGE);

    qpnv_phb4_tce_init(&f.phb, &t4k, 1, 9, 12);
    a = page(&f);
    qpnv_phb4_tce_map(&f.phb, &t4k, 0, a, QPNV_PHB4_TCE_RW);
    tve = qpnv_phb4_tve(&t4k);
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0,
                      (tve & ~IODA3_TVT_IO_PSIZE) | 2);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 2), ==, FAILED);
    qdx_assert_zero(f.qts, a, PAGE);
    /* the valid 4K TVE works */
    qpnv_phb4_set_tve(&f.phb, DX_PE, 0, tve);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 3);
    teardown(&f);
}

/*
 * PHB_CTRLR TVT_ADDR_SEL 1: four TVEs per PE at TVT index PE * 4 + DMA
 * address bits 58:59 (the two-TVE mode generalised; skiboot uses two).
 * TVE#1 of the PE now covers 1 << 58; the base model kept indexing with
 * bit 59 alone (PE * 2), so that DMA went through another PE's TVE.
 */
static void test_tvt_addr_sel(const void *data)
{
    Fixture f;
    QPnvPhb4Tce t0, t1;
    uint64_t a0, a1, ctrlr;

    setup(&f, data);
    ctrlr = qpnv_phb4_read(&f.phb, PHB_CTRLR);
    qpnv_phb4_write(&f.phb, PHB_CTRLR,
                    (ctrlr & ~PHB_CTRLR_TVT_ADDR_SEL) |
                    (1ULL << (63 - 19)));       /* TVT_4_PER_PE */
    qpnv_phb4_tce_init(&f.phb, &t0, 1, 9, 12);
    qpnv_phb4_tce_init(&f.phb, &t1, 1, 9, 12);
    a0 = page(&f);
    a1 = page(&f);
    qpnv_phb4_tce_map(&f.phb, &t0, 0, a0, QPNV_PHB4_TCE_RW);
    qpnv_phb4_tce_map(&f.phb, &t1, 0, a1, QPNV_PHB4_TCE_RW);
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_TVT, DX_PE * 4,
                         qpnv_phb4_tve(&t0));
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_TVT, DX_PE * 4 + 1,
                         qpnv_phb4_tve(&t1));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a0, PAGE, 1);
    g_assert_cmphex(qdx_fill(&f.dx, 1ULL << 58, PAGE, 2), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a1, PAGE, 2);
    /* TVE index DX_PE * 4 + 2 (bit 59) is not programmed: a fault */
    g_assert_cmphex(qdx_fill(&f.dx, 1ULL << 59, PAGE, 3), ==, FAILED);
    teardown(&f);
}

static void add(const Machine *m, const char *name, int arg,
                void (*fn)(const void *))
{
    g_autofree char *path = g_strdup_printf("/pnv-phb4/%s/tce/%s",
                                            m->name, name);
    Case *c = g_new0(Case, 1);

    c->m = m;
    c->arg = arg;
    qtest_add_data_func_full(path, c, fn, g_free);
}

int main(int argc, char **argv)
{
    static const unsigned large[] = { 16, 21, 30 };
    int i, j;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        const Machine *m = &machines[i];

        add(m, "config", 0, test_config);
        add(m, "bypass", 0, test_bypass);
        add(m, "tce-4k", 0, test_tce_4k);

        add(m, "precise/window-end/4k", 112, test_window_end);
        add(m, "precise/window-end/64k", 116, test_window_end);
        add(m, "precise/window-end/2m", 121, test_window_end);
        add(m, "precise/window-end/1g", 130, test_window_end);
        for (j = 2; j <= 5; j++) {
            g_autofree char *n = g_strdup_printf(
                "precise/window-end/levels-%d", j);

            add(m, n, j * 100 + 12, test_window_end);
        }
        add(m, "precise/bypass-bounds", 0, test_bypass_bounds);
        add(m, "precise/tvt-addr-sel", 0, test_tvt_addr_sel);
        add(m, "precise/stale-tce/kill-all", KILL_ALL, test_stale_tce);
        add(m, "precise/stale-tce/kill-pe", KILL_PE, test_stale_tce);
        add(m, "precise/stale-tce/kill-one", KILL_ONE, test_stale_tce);
        add(m, "precise/rtc/invalidate-all", 0, test_rtc);
        add(m, "precise/rtc/invalidate-rid", 1, test_rtc);
        for (j = 2; j <= 5; j++) {
            g_autofree char *n = g_strdup_printf("precise/levels/%d", j);

            add(m, n, j, test_levels);
        }
        for (j = 0; j < ARRAY_SIZE(large); j++) {
            g_autofree char *n = g_strdup_printf("precise/page-size/%s",
                                                 large[j] == 16 ? "64k" :
                                                 large[j] == 21 ? "2m" :
                                                 "1g");

            add(m, n, large[j], test_page_size);
        }
        add(m, "precise/page-size/unsupported", 0, test_bad_page_size);
        add(m, "precise/kill-one-psel/64k", 16, test_kill_one_psel);
        add(m, "precise/kill-one-psel/2m", 21, test_kill_one_psel);
        add(m, "precise/kill-one-psel/1g", 30, test_kill_one_psel);
    }
    return g_test_run();
}
