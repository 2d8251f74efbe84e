/*
 * PowerNV PHB3 precise DMA translation: window bounds, bypass bounds, TVE
 * validity, the TCE cache and TCE kill, stale-TCE detection
 *
 * Each check here fails on the base model (which wraps the TCE index into
 * the table, ignores the bypass bounds, accepts any IO page size and has no
 * TCE cache) and passes on the powerio model.  Facts: skiboot hw/phb3.c
 * phb3_map_pe_dma_window[_real], Linux pnv_pci_phb3_tce_invalidate[_pe].
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb3.h"
#include "libqos/dma-exerciser.h"

#define PHB_INDEX       1
#define DX_PE           3
#define OTHER_PE        4
#define PAGE            4096ULL
#define W1              (1ULL << 59)    /* TVE#1 of a PE */

typedef struct Fixture {
    QTestState *qts;
    QPnvPhb3 phb;
    QDmaExerciser dx;
    char *log;              /* the guest-error log, when asked for */
} Fixture;

static void setup_qemu(Fixture *f, const char *phb_props)
{
    f->qts = qtest_initf("-M powernv8 -m 2G %s %s%s -device dma-exerciser,"
                         "bus=pcie.%d,addr=0", phb_props ? phb_props : "",
                         f->log ? "-d guest_errors -D " : "",
                         f->log ? f->log : "", PHB_INDEX);
    qpnv_phb3_init(&f->phb, f->qts, PHB_INDEX);
    qdx_init(&f->dx, &f->phb.bus,
             QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));
    qpnv_phb3_set_pe(&f->phb, QPNV_PHB3_SECONDARY_BUS, 0, DX_PE);
}

static void setup(Fixture *f, const char *phb_props)
{
    f->log = NULL;
    setup_qemu(f, phb_props);
}

/* The same, with the models' reports (-d guest_errors) in a file */
static void setup_logged(Fixture *f, const char *phb_props)
{
    int fd = g_file_open_tmp("pnv-phb3-tce-XXXXXX.log", &f->log, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    setup_qemu(f, phb_props);
}

/* The report lines of @kind logged so far, one string */
static char *reports(Fixture *f, const char *kind)
{
    g_autofree char *all = NULL;
    g_auto(GStrv) lines = NULL;
    GString *out = g_string_new("");
    g_autofree char *tag = g_strdup_printf("[%s ", kind);
    int i;

    g_assert_true(g_file_get_contents(f->log, &all, NULL, NULL));
    lines = g_strsplit(all, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], tag)) {
            g_string_append_printf(out, "%s\n", lines[i]);
        }
    }
    return g_string_free(out, false);
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_quit(f->qts);
    if (f->log) {
        unlink(f->log);
        g_free(f->log);
    }
}

static uint64_t page(Fixture *f)
{
    return qpnv_phb3_alloc(&f->phb, PAGE, PAGE);
}

#define FAILED  (DXR_STATUS_DONE | DXR_STATUS_ERROR)

/* A DMA one page past the table's reach faults instead of wrapping */
static void test_window_end(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t first, last, win;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    win = qpnv_tce_table_window_size(&t);
    first = page(&f);
    last = page(&f);
    qpnv_tce_map(&f.phb, &t, 0, first, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t, win - PAGE, last, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));

    g_assert_cmphex(qdx_fill(&f.dx, win - PAGE, PAGE, 1), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, last, PAGE, 1);
    /* index 512 of a 512-entry table: the base model aliases entry 0 */
    g_assert_cmphex(qdx_fill(&f.dx, win, PAGE, 2), ==, FAILED);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ERR_IOVA), ==, win);
    qdx_assert_zero(f.qts, first, PAGE);
    /* one error, however many pieces the memory core retried */
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "dma-errors"), ==, 1);
    teardown(&f);
}

/* Bypass TVE#1 covering [0, 1 GiB): in bounds lands, above end faults */
static void test_bypass_bounds(void)
{
    Fixture f;
    uint64_t gib = 1ULL << 30;

    setup(&f, NULL);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 1, qpnv_phb3_bypass_tve(0, gib));
    qtest_memset(f.qts, gib - PAGE, 0, PAGE);
    qtest_memset(f.qts, gib, 0, PAGE);

    g_assert_cmphex(qdx_fill(&f.dx, W1 | (gib - PAGE), PAGE, 5), ==,
                    DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gib - PAGE, PAGE, 5);
    g_assert_cmphex(qdx_fill(&f.dx, W1 | gib, PAGE, 6), ==, FAILED);
    qdx_assert_zero(f.qts, gib, PAGE);

    /* a bypass window that starts above 0 faults below its start */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 1, qpnv_phb3_bypass_tve(gib / 2, gib));
    g_assert_cmphex(qdx_fill(&f.dx, W1 | (gib / 2 - PAGE), PAGE, 7), ==,
                    FAILED);
    g_assert_cmphex(qdx_fill(&f.dx, W1 | (gib / 2), PAGE, 7), ==,
                    DXR_STATUS_DONE);
    teardown(&f);
}

/*
 * No 32-bit bypass on Venice (the model's PHB_VERSION): skiboot enables
 * it (PHB_CONTROL bit 11) only on Naples (hw/phb3.c phb3_init_hw), so a
 * non-translate TVE#0 faults below 4 GiB and works above.  The base model
 * bypasses at any address.
 */
static void test_bypass_32bit(void)
{
    Fixture f;
    uint64_t gib = 1ULL << 30, g4 = 4 * gib;

    setup(&f, "-m 6G");
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_bypass_tve(0, 8 * gib));
    qtest_memset(f.qts, gib, 0, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, gib, PAGE, 1), ==, FAILED);
    qdx_assert_zero(f.qts, gib, PAGE);
    qdx_write(&f.dx, DXR_ERR_SEL, 0);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ERR_IOVA), ==, gib);
    /* the page below the 32-bit MSI window too; 4 GiB and above lands */
    g_assert_cmphex(qdx_fill(&f.dx, 0xfffeULL << 16, PAGE, 2), ==, FAILED);
    qtest_memset(f.qts, g4, 0, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, g4, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, g4, PAGE, 3);
    /* TVE#1 addresses have bit 59 set: its bypass serves all of memory */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 1, qpnv_phb3_bypass_tve(0, 8 * gib));
    g_assert_cmphex(qdx_fill(&f.dx, W1 | gib, PAGE, 4), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gib, PAGE, 4);
    teardown(&f);
}

/* IO page sizes other than 4K/64K/16M/256M and > 5 levels are invalid */
static void test_invalid_tve(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t gpa, tve;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    gpa = page(&f);
    qpnv_tce_map(&f.phb, &t, 0, gpa, QPNV_TCE_RW);
    tve = qpnv_phb3_tve(&t);

    /* IO_PSIZE 2 (8K): the base model translates with 8K pages */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, (tve & ~0x1fULL) | 2);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, FAILED);
    /* NUM_LEVELS 5 means 6 levels */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, tve | (5ULL << 13));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, FAILED);
    qdx_assert_zero(f.qts, gpa, PAGE);
    /* the valid TVE works */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, tve);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    teardown(&f);
}

/*
 * The TCE cache: a TCE rewritten in memory without a kill keeps being
 * used (as on silicon), until a kill names it.
 */
typedef enum { KILL_PAGE, KILL_PE, KILL_ALL } KillKind;

static void do_kill(Fixture *f, KillKind k, unsigned pe, uint64_t iova)
{
    switch (k) {
    case KILL_PAGE:
        qpnv_phb3_tce_kill_page(&f->phb, pe, iova);
        break;
    case KILL_PE:
        qpnv_phb3_tce_kill_pe(&f->phb, pe);
        break;
    case KILL_ALL:
        qpnv_phb3_tce_kill_all(&f->phb);
        break;
    }
}

static void test_stale_tce(gconstpointer data)
{
    KillKind k = GPOINTER_TO_INT(data);
    Fixture f;
    QPnvTceTable t;
    uint64_t a, b, iova = W1 | (7 * PAGE);

    setup(&f, "-global pnv-phb3.stale-tce-check=on");
    qpnv_tce_table_init(&f.phb, &t, 2, 9, 12);
    a = page(&f);
    b = page(&f);
    qpnv_tce_map(&f.phb, &t, iova, a, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 1, qpnv_phb3_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 1);

    /* the kernel forgets the kill: the cached TCE (to A) is still used */
    qpnv_tce_map(&f.phb, &t, iova, b, QPNV_TCE_RW);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, 0);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 2);
    qdx_assert_zero(f.qts, b, PAGE);
    /* ... and the model says so (one use per 4K access) */
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, 1);

    /* the kill: now B */
    do_kill(&f, k, DX_PE, iova);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b, PAGE, 3);
    qdx_assert_pattern(f.qts, a, PAGE, 2);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, 1);
    teardown(&f);
}

/*
 * A negative entry: the DMA that found the TCE invalid leaves it cached
 * (silicon may hold it: skiboot enables DMA address speculation, hw/phb3.c
 * Init_141), so a TCE made valid without a kill keeps faulting until a
 * kill names it (Linux kills after every map, pnv_ioda2_tce_build).  The
 * stale-TCE check reports it.  The base model has no cache: DMA lands.
 */
static void test_stale_invalid_to_valid(gconstpointer data)
{
    bool check = GPOINTER_TO_INT(data);
    Fixture f;
    QPnvTceTable t;
    uint64_t a, iova = 5 * PAGE;
    g_autofree char *rep = NULL;
    g_autofree char *want = NULL;

    setup_logged(&f, check ? "-global pnv-phb3.stale-tce-check=on" : NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    a = page(&f);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 1), ==, FAILED);

    /* the kernel maps the page and forgets the kill: still a fault */
    qpnv_tce_map(&f.phb, &t, iova, a, QPNV_TCE_RW);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 2), ==, FAILED);
    qdx_assert_zero(f.qts, a, PAGE);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, check);
    rep = reports(&f, "stale-tce");
    g_test_message("%s", rep);
    want = g_strdup_printf("PE#%d RID 01:00.0 DMA write at IOVA 0x%" PRIx64
                           " translated by cached TCE 0x0000000000000000 "
                           "but the table now holds 0x%016" PRIx64 ": the "
                           "TCE was made valid without a TCE kill", DX_PE,
                           iova, (uint64_t)(a | QPNV_TCE_RW));
    g_assert_true(!strstr(rep, want) == !check);

    /* the kill: the new TCE is fetched */
    qpnv_phb3_tce_kill_page(&f.phb, DX_PE, iova);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 3);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, check);
    teardown(&f);
}

/*
 * A TVE reprogrammed while the cache holds its TCEs, without a kill
 * (skiboot phb3_map_pe_dma_window writes the TVT and kills nothing; Linux
 * pnv_pci_ioda_dma_64bit_bypass rewrites TVE#0 so): the cached TCE stays
 * in use until a kill, and the stale-TCE check names the PE, the TVE, the
 * IOVA, the old and the new TVE.  The base model has no cache.
 */
static void test_stale_tve(gconstpointer data)
{
    bool check = GPOINTER_TO_INT(data);
    Fixture f;
    QPnvTceTable t1, t2, t3;
    uint64_t a, b, c, iova = 3 * PAGE, tve1, tve2, tve3;
    g_autofree char *rep = NULL;
    g_autofree char *want1 = NULL;
    g_autofree char *want2 = NULL;

    setup_logged(&f, check ? "-global pnv-phb3.stale-tce-check=on" : NULL);
    qpnv_tce_table_init(&f.phb, &t1, 1, 9, 12);
    qpnv_tce_table_init(&f.phb, &t2, 1, 9, 12);
    qpnv_tce_table_init(&f.phb, &t3, 1, 9, 16);
    a = page(&f);
    b = page(&f);
    c = qpnv_phb3_alloc(&f.phb, 1 << 16, 1 << 16);
    qpnv_tce_map(&f.phb, &t1, iova, a, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t2, iova, b, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t3, 0, c, QPNV_TCE_RW);
    tve1 = qpnv_phb3_tve(&t1);
    tve2 = qpnv_phb3_tve(&t2);
    tve3 = qpnv_phb3_tve(&t3);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, tve1);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 1);

    /* another table, no kill: the cached TCE (to A) is still used */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, tve2);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a, PAGE, 2);
    qdx_assert_zero(f.qts, b, PAGE);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, check);

    /* the kill: now B */
    qpnv_phb3_tce_kill_pe(&f.phb, DX_PE);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b, PAGE, 3);
    qdx_assert_pattern(f.qts, a, PAGE, 2);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==, check);

    /*
     * Another IO page size (Linux's switch to 256M pages): the 4K entry is
     * not looked up (the model takes the page size from the TVE), the DMA
     * goes through the new TVE, and the entry still held is reported.
     */
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, tve3);
    g_assert_cmphex(qdx_fill(&f.dx, iova, PAGE, 4), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, c + iova, PAGE, 4);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-stale-uses"), ==,
                    2 * check);

    rep = reports(&f, "stale-tce");
    g_test_message("%s", rep);
    want1 = g_strdup_printf("stale TCE used: PE#%d RID 01:00.0 DMA write at "
                            "IOVA 0x%" PRIx64 ": TVE#%d (window 0) was "
                            "0x%016" PRIx64 " when the cache took TCE "
                            "0x%016" PRIx64 " and is now 0x%016" PRIx64,
                            DX_PE, iova, DX_PE * 2, tve1,
                            (uint64_t)(a | QPNV_TCE_RW), tve2);
    want2 = g_strdup_printf("stale TCE held: PE#%d RID 01:00.0 DMA write at "
                            "IOVA 0x%" PRIx64 ": TVE#%d (window 0) was "
                            "0x%016" PRIx64 " when the cache took TCE "
                            "0x%016" PRIx64 " and is now 0x%016" PRIx64,
                            DX_PE, iova, DX_PE * 2, tve2,
                            (uint64_t)(b | QPNV_TCE_RW), tve3);
    g_assert_true(!strstr(rep, want1) == !check);
    g_assert_true(!strstr(rep, want2) == !check);
    teardown(&f);
}

/* A page kill names one page: its neighbour stays cached */
static void test_kill_page_exact(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t a0, a1, b0, b1;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    a0 = page(&f);
    a1 = page(&f);
    b0 = page(&f);
    b1 = page(&f);
    qpnv_tce_map(&f.phb, &t, 0, a0, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t, PAGE, a1, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, 0, 2 * PAGE, 1), ==, DXR_STATUS_DONE);

    qpnv_tce_map(&f.phb, &t, 0, b0, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t, PAGE, b1, QPNV_TCE_RW);
    qpnv_phb3_tce_kill_page(&f.phb, DX_PE, PAGE);
    g_assert_cmphex(qdx_fill(&f.dx, 0, 2 * PAGE, 2), ==, DXR_STATUS_DONE);
    /* page 0 still through the cached TCE, page 1 through the new one */
    qdx_assert_pattern_at(f.qts, a0, PAGE, 2, 0);
    qdx_assert_pattern_at(f.qts, b1, PAGE, 2, PAGE);
    qdx_assert_pattern_at(f.qts, a1, PAGE, 1, PAGE);
    qdx_assert_zero(f.qts, b0, PAGE);
    /* a kill of the same page in TVE#1 or in another PE changes nothing */
    qpnv_phb3_tce_kill_page(&f.phb, DX_PE, W1);
    qpnv_phb3_tce_kill_page(&f.phb, OTHER_PE, 0);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a0, PAGE, 3);
    qdx_assert_zero(f.qts, b0, PAGE);
    teardown(&f);
}

/* A kill by PE leaves the other PEs' entries cached */
static void test_kill_pe_scope(void)
{
    Fixture f;
    QPnvTceTable t3, t4;
    uint64_t a3, b3, a4, b4;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t3, 1, 9, 12);
    qpnv_tce_table_init(&f.phb, &t4, 1, 9, 12);
    a3 = page(&f);
    b3 = page(&f);
    a4 = page(&f);
    b4 = page(&f);
    qpnv_tce_map(&f.phb, &t3, 0, a3, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t4, 0, a4, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t3));
    qpnv_phb3_set_tve(&f.phb, OTHER_PE, 0, qpnv_phb3_tve(&t4));

    /* warm the cache for both PEs (the RTT moves the device between them) */
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qpnv_phb3_set_pe(&f.phb, QPNV_PHB3_SECONDARY_BUS, 0, OTHER_PE);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a3, PAGE, 1);
    qdx_assert_pattern(f.qts, a4, PAGE, 1);

    qpnv_tce_map(&f.phb, &t3, 0, b3, QPNV_TCE_RW);
    qpnv_tce_map(&f.phb, &t4, 0, b4, QPNV_TCE_RW);
    qpnv_phb3_tce_kill_pe(&f.phb, OTHER_PE);

    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b4, PAGE, 2);         /* PE 4: killed */
    qpnv_phb3_set_pe(&f.phb, QPNV_PHB3_SECONDARY_BUS, 0, DX_PE);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 3), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, a3, PAGE, 3);         /* PE 3: still cached */
    qdx_assert_zero(f.qts, b3, PAGE);
    teardown(&f);
}

/* tce-cache-size=0: no cache, every access reads the table */
static void test_no_cache(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t a, b;

    setup(&f, "-global pnv-phb3.tce-cache-size=0");
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    a = page(&f);
    b = page(&f);
    qpnv_tce_map(&f.phb, &t, 0, a, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qpnv_tce_map(&f.phb, &t, 0, b, QPNV_TCE_RW);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, b, PAGE, 2);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "tce-cache-hits"), ==, 0);
    teardown(&f);
}

/* An indirect TCE without both R and W stops the walk */
static void test_indirect_permission(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t gpa, top;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 2, 9, 12);
    gpa = page(&f);
    qpnv_tce_map(&f.phb, &t, 0, gpa, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    top = qtest_readq(f.qts, t.base);
    qtest_writeq(f.qts, t.base, top & ~QPNV_TCE_W);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, FAILED);
    qtest_writeq(f.qts, t.base, top);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa, PAGE, 1);
    teardown(&f);
}

/* "info pnv-phb" shows the decoded TVEs, the RID -> PE map, the counters */
static void test_hmp_info(void)
{
    Fixture f;
    QPnvTceTable t;
    g_autofree char *out = NULL;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 2, 9, 16);
    qpnv_tce_map(&f.phb, &t, 0, page(&f), QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    qpnv_phb3_set_tve(&f.phb, DX_PE, 1, qpnv_phb3_bypass_tve(0, 1ULL << 30));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, DXR_STATUS_DONE);
    g_assert_cmphex(qdx_fill(&f.dx, 1ULL << 18, PAGE, 1), ==, FAILED);

    out = qtest_hmp(f.qts, "info pnv-phb");
    g_test_message("%s", out);
    g_assert_nonnull(strstr(out, "PE#3   TVE#0"));
    g_assert_nonnull(strstr(out, "2 level(s) x 512 TCEs, 64K pages, "
                            "window 0x400000000"));
    g_assert_nonnull(strstr(out, "bypass [0x0, 0x40000000)"));
    g_assert_nonnull(strstr(out, "RID 0100 -> PE#3"));
    g_assert_nonnull(strstr(out, "last error: PE#3 RID 0100 write IOVA "
                            "0x40000: TCE page fault"));
    teardown(&f);
}

/*
 * PE freeze state: PESTB bit 0 (DMA stopped) refuses the PE's DMA and
 * drops its MSIs; PEEV shows the frozen PE; clearing PESTB (skiboot
 * phb3_eeh_freeze_clear) lets the traffic through again.
 */
static void test_frozen_pe(void)
{
    Fixture f;
    QPnvTceTable t;
    uint64_t gpa;
    unsigned src = 9;

    setup(&f, NULL);
    qpnv_tce_table_init(&f.phb, &t, 1, 9, 12);
    gpa = page(&f);
    qpnv_tce_map(&f.phb, &t, 0, gpa, QPNV_TCE_RW);
    qpnv_phb3_set_tve(&f.phb, DX_PE, 0, qpnv_phb3_tve(&t));
    qpnv_phb3_set_ive(&f.phb, src, QPNV_P8_FIRST_PIR, 5, DX_PE);
    qdx_msix_enable(&f.dx);
    qdx_msix_set_vector(&f.dx, 1, qpnv_phb3_msi_addr32(src),
                        qpnv_phb3_msi_data(src));
    qpnv_icp_set_cppr(f.qts, QPNV_P8_FIRST_PIR, 0xff);
    g_assert_cmphex(qpnv_phb3_ioda_read(&f.phb, IODA2_TBL_PEEV, 0), ==, 0);

    /* freeze (skiboot phb3_eeh_freeze_set writes PESTA/PESTB bit 0) */
    qpnv_phb3_ioda_write(&f.phb, IODA2_TBL_PESTA, DX_PE, PPC_BIT(0));
    qpnv_phb3_ioda_write(&f.phb, IODA2_TBL_PESTB, DX_PE, PPC_BIT(0));
    g_assert_cmphex(qpnv_phb3_ioda_read(&f.phb, IODA2_TBL_PESTB, DX_PE), ==,
                    PPC_BIT(0));
    g_assert_cmphex(qpnv_phb3_ioda_read(&f.phb, IODA2_TBL_PEEV, 0), ==,
                    PPC_BIT(DX_PE));
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 1), ==, FAILED);
    qdx_assert_zero(f.qts, gpa, PAGE);
    g_assert_cmphex(qdx_copy_to_buf(&f.dx, 0, 0, 64), ==, FAILED);
    qdx_write(&f.dx, DXR_DOORBELL, 1);
    g_assert_cmphex(qpnv_icp_poll(f.qts, QPNV_P8_FIRST_PIR) & 0xffffff, ==,
                    0);
    g_assert_cmpint(qpnv_phb3_counter(&f.phb, "frozen-pe-refusals"), >=, 2);

    /* clear (skiboot phb3_eeh_freeze_clear): traffic flows again */
    qpnv_phb3_ioda_write(&f.phb, IODA2_TBL_PESTA, DX_PE, 0);
    qpnv_phb3_ioda_write(&f.phb, IODA2_TBL_PESTB, DX_PE, 0);
    g_assert_cmphex(qpnv_phb3_ioda_read(&f.phb, IODA2_TBL_PEEV, 0), ==, 0);
    g_assert_cmphex(qdx_fill(&f.dx, 0, PAGE, 2), ==, DXR_STATUS_DONE);
    qdx_assert_pattern(f.qts, gpa, PAGE, 2);
    qdx_write(&f.dx, DXR_DOORBELL, 1);
    g_assert_cmphex(qpnv_icp_poll(f.qts, QPNV_P8_FIRST_PIR) & 0xffffff, ==,
                    f.phb.msi_base + src);
    teardown(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("powernv8") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("powernv8 or dma-exerciser not built");
        return g_test_run();
    }
    qtest_add_func("/pnv-phb3/tce/window-end", test_window_end);
    qtest_add_func("/pnv-phb3/tce/bypass-bounds", test_bypass_bounds);
    qtest_add_func("/pnv-phb3/tce/invalid-tve", test_invalid_tve);
    qtest_add_func("/pnv-phb3/tce/bypass-32bit", test_bypass_32bit);
    qtest_add_data_func("/pnv-phb3/tce/stale/kill-page",
                        GINT_TO_POINTER(KILL_PAGE), test_stale_tce);
    qtest_add_data_func("/pnv-phb3/tce/stale/kill-pe",
                        GINT_TO_POINTER(KILL_PE), test_stale_tce);
    qtest_add_data_func("/pnv-phb3/tce/stale/kill-all",
                        GINT_TO_POINTER(KILL_ALL), test_stale_tce);
    qtest_add_data_func("/pnv-phb3/tce/stale/invalid-to-valid",
                        GINT_TO_POINTER(false), test_stale_invalid_to_valid);
    qtest_add_data_func("/pnv-phb3/tce/stale/invalid-to-valid-report",
                        GINT_TO_POINTER(true), test_stale_invalid_to_valid);
    qtest_add_data_func("/pnv-phb3/tce/stale/tve", GINT_TO_POINTER(false),
                        test_stale_tve);
    qtest_add_data_func("/pnv-phb3/tce/stale/tve-report",
                        GINT_TO_POINTER(true), test_stale_tve);
    qtest_add_func("/pnv-phb3/tce/kill-page-exact", test_kill_page_exact);
    qtest_add_func("/pnv-phb3/tce/kill-pe-scope", test_kill_pe_scope);
    qtest_add_func("/pnv-phb3/tce/no-cache", test_no_cache);
    qtest_add_func("/pnv-phb3/tce/indirect-permission",
                   test_indirect_permission);
    qtest_add_func("/pnv-phb3/tce/hmp-info", test_hmp_info);
    qtest_add_func("/pnv-phb3/pe/frozen", test_frozen_pe);
    return g_test_run();
}
