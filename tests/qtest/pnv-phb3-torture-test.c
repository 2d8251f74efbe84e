/*
 * Seeded torture of the PHB3 DMA and EEH paths: garbage TVEs, TCEs, RTT
 * entries and kills, exerciser DMA to any address, garbage in the error
 * traps, LEM, injection registers (through MMIO and the XSCOM indirect
 * path), PE state and MMIO routing tables
 *
 * Deterministic for a seed (POWERIO_SEED, or the built-in ones), bounded in
 * count; the seed is printed.  After every step the simulator must still
 * answer: once the PE of the exerciser's BAR is thawed, the fence lifted
 * and injection disarmed (as skiboot would), the exerciser's ID reads
 * back.  Run it under SANITIZE=1 to catch what does not crash outright.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "libqos/pci-pnv-phb3.h"
#include "libqos/dma-exerciser.h"
#include "libqos/torture.h"

#define PHB_INDEX       1
#define STEPS           400
#define RAM_SIZE        (1ULL << 30)

/* An address a hostile guest would pick: RAM, just past it, MSI, far */
static uint64_t hostile_addr(GRand *r, uint64_t table)
{
    switch (g_rand_int_range(r, 0, 8)) {
    case 0:
        return table;                           /* the table itself */
    case 1:
        return RAM_SIZE - 8;
    case 2:
        return RAM_SIZE + g_rand_int_range(r, 0, 0x100000);
    case 3:
        return 0xffff0000 | (g_rand_int(r) & 0xffff);   /* 32-bit MSI */
    case 4:
        return (1ULL << 60) | (g_rand_int(r) & 0xfffff); /* 64-bit MSI */
    case 5:
        return qtorture_rnd64(r);
    default:
        return g_rand_int_range(r, 0, 0x40000000);
    }
}

/* Registers of the EEH model: LEM, the four error traps, injection */
static uint64_t eeh_reg(GRand *r)
{
    switch (g_rand_int_range(r, 0, 3)) {
    case 0:
        return PHB_LEM_FIR_ACCUM + 8 * g_rand_int_range(r, 0, 9);
    case 1:
        return PHB_ERR_STATUS + 8 * g_rand_int_range(r, 0, 4 * 16);
    default:
        return 0x2b0 + 8 * g_rand_int_range(r, 0, 4);
    }
}

/* Undo what makes the exerciser unreachable, as skiboot's recovery would */
static void recover(QPnvPhb3 *phb, QDmaExerciser *dx, unsigned m64)
{
    unsigned seg = (dx->bar0.addr - phb->m32_pci) / (phb->m32_size / 256);
    unsigned pe;

    qpnv_phb3_write(phb, 0x2b0, 0);                     /* injection off */
    qpnv_pbcq_nest_write(phb, 1, ~PPC_BIT(16));         /* fence lifted */
    qpnv_phb3_ioda_write(phb, IODA2_TBL_M64BT, m64, 0);
    pe = (qpnv_phb3_ioda_read(phb, IODA2_TBL_M32DT, seg) >> 48) & 0xff;
    qpnv_phb3_ioda_write(phb, IODA2_TBL_PESTA, pe, 0);
    qpnv_phb3_ioda_write(phb, IODA2_TBL_PESTB, pe, 0);
}

static void torture(gconstpointer data)
{
    uint32_t seed = GPOINTER_TO_UINT(data);
    GRand *r = g_rand_new_with_seed(seed);
    QTestState *qts;
    QPnvPhb3 phb;
    QDmaExerciser dx;
    QPnvTceTable t;
    int step;

    g_test_message("seed %u (POWERIO_SEED=%u reproduces it)", seed, seed);
    qts = qtest_initf("-M powernv8 -device dma-exerciser,bus=pcie.%d,addr=0 "
                      "-global pnv-phb3.stale-tce-check=on "
                      "-global pnv-phb3.tce-cache-size=64", PHB_INDEX);
    qpnv_phb3_init(&phb, qts, PHB_INDEX);
    qdx_init(&dx, &phb.bus, QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));
    qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0, 1);
    qpnv_tce_table_init(&phb, &t, 3, 9, 12);
    qpnv_tce_map(&phb, &t, 0, qpnv_phb3_alloc(&phb, 4096, 4096),
                 QPNV_TCE_RW);
    /* errors freeze PEs and fence the PHB, as skiboot configures it */
    qpnv_phb3_init_eeh(&phb, QPNV_P8_FIRST_PIR, 4);

    for (step = 0; step < STEPS; step++) {
        unsigned pe = g_rand_int_range(r, 0, 4);
        unsigned m64 = g_rand_int_range(r, 0, 16);
        uint64_t v = qtorture_rnd64(r);

        switch (g_rand_int_range(r, 0, 10)) {
        case 8:     /* error traps, LEM, injection: MMIO or XSCOM (ASB) */
            if (g_rand_boolean(r)) {
                qpnv_phb3_write(&phb, eeh_reg(r), v);
            } else {
                qpnv_phb3_write_asb(&phb, eeh_reg(r), v);
                qpnv_phb3_read_asb(&phb, g_rand_int_range(r, 0, 0x1000));
            }
            break;
        case 9: {   /* PE state and MMIO routing tables: any entry */
            static const unsigned tables[] = {
                IODA2_TBL_PESTA, IODA2_TBL_PESTB, IODA2_TBL_PEEV,
                IODA2_TBL_M32DT, IODA2_TBL_M64BT,
            };
            unsigned tbl = tables[g_rand_int_range(r, 0, 5)];

            qpnv_phb3_ioda_write(&phb, tbl, tbl == IODA2_TBL_M64BT ? m64 :
                                 g_rand_int_range(r, 0, 256), v);
            /* an M64 BAR must be hit to matter */
            qtest_readq(qts, 0x3d00000000000ULL +
                        0x1000000000ULL * PHB_INDEX + (v & 0xfffffff8));
            break;
        }
        case 0:     /* any TVE, often a near-valid one */
            if (g_rand_boolean(r)) {
                v = (qpnv_phb3_tve(&t) & ~0xffffULL) | (v & 0xffff);
            }
            qpnv_phb3_set_tve(&phb, pe, g_rand_int_range(r, 0, 2), v);
            break;
        case 1:     /* a TCE anywhere in the table, pointing anywhere */
            qtest_writeq(qts, t.base + 8 * g_rand_int_range(r, 0, 512),
                         hostile_addr(r, t.base) | (v & 3));
            break;
        case 2:     /* kills with any bits */
            qpnv_phb3_write(&phb, PHB_TCE_KILL, v);
            break;
        case 3:     /* RTT entries that are no PE, RTC invalidates */
            qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0,
                             g_rand_boolean(r) ? pe : (v & 0xffff));
            qpnv_phb3_write(&phb, PHB_RTC_INVALIDATE, v);
            break;
        case 4:     /* the device's valid window back, sometimes */
            qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0, 1);
            qpnv_phb3_set_tve(&phb, 1, 0, qpnv_phb3_tve(&t));
            break;
        default: {  /* DMA of any kind to any address */
            uint64_t op = g_rand_int_range(r, DXR_OP_BUF_TO_MEM,
                                           DXR_OP_RAW_WRITE + 1);
            uint64_t addr = g_rand_boolean(r) ?
                            hostile_addr(r, t.base) :
                            (v & ((1ULL << 59) | 0xfffff));

            qdx_write(&dx, DXR_SRC, op == DXR_OP_BUF_TO_MEM ?
                      g_rand_int_range(r, 0, 0x8000) : addr);
            qdx_write(&dx, DXR_DST, op == DXR_OP_MEM_TO_BUF ?
                      g_rand_int_range(r, 0, 0x8000) : addr);
            qdx_write(&dx, DXR_LEN, op == DXR_OP_RAW_WRITE ?
                      1 << g_rand_int_range(r, 0, 4) :
                      g_rand_int_range(r, 1, 0x8000));
            qdx_write(&dx, DXR_COUNT, op == DXR_OP_RAW_WRITE ? 1 :
                      g_rand_int_range(r, 1, 4));
            qdx_write(&dx, DXR_STRIDE, g_rand_int(r));
            qdx_write(&dx, DXR_RAW_DATA, v);
            v = qdx_run(&dx, op);
            /* all-ones: the DMA froze the device's PE */
            g_assert_true(v == UINT64_MAX || !(v & DXR_STATUS_BAD_CMD));
            break;
        }
        }
        /* the simulator answers */
        recover(&phb, &dx, m64);
        g_assert_cmphex(qdx_read(&dx, DXR_ID), ==, DXR_ID_VALUE);
    }
    g_assert_cmpint(qpnv_phb3_counter(&phb, "tce-translations"), >, 0);
    qdx_uninit(&dx);
    qtest_quit(qts);
    g_rand_free(r);
}

/*
 * Unmaps racing device DMA (issue #13 item 11): the exerciser writes 16
 * mapped pages over and over (its DMA runs in slices between the test's
 * commands) while a page is unmapped the way Linux does it (TCE cleared,
 * then a page, PE or all kill: pnv_pci_ioda2_tce_invalidate[_pe],
 * vfio_iommu_spapr_tce tce_iommu_clear).  Every page then holds nothing or
 * the whole of one transfer's data; a DMA that failed froze the PE and was
 * reported (dma-errors grew); a DMA still running after the kill must
 * fail.  Never a transfer that silently went nowhere.
 */
#define UNMAP_PE        2
#define UNMAP_PAGES     16
#define UNMAP_ROUNDS    40

/* The transfer of @count whose data page @p holds, -1 if zero, -2 if none */
static int page_writer(QTestState *qts, uint64_t gpa, unsigned p,
                       uint64_t seed, unsigned count)
{
    uint64_t len = UNMAP_PAGES * 4096ULL;
    uint8_t head[8], want[8];
    unsigned k, i;

    qtest_memread(qts, gpa, head, sizeof(head));
    if (!memcmp(head, "\0\0\0\0\0\0\0\0", 8)) {
        return -1;
    }
    for (k = 0; k < count; k++) {
        for (i = 0; i < 8; i++) {
            want[i] = qdx_pattern_byte(seed, k * len + p * 4096ULL + i);
        }
        if (!memcmp(head, want, 8)) {
            return k;
        }
    }
    return -2;
}

static void unmap_race(gconstpointer data)
{
    uint32_t seed = GPOINTER_TO_UINT(data);
    GRand *r = g_rand_new_with_seed(seed);
    uint64_t len = UNMAP_PAGES * 4096ULL, gpa[UNMAP_PAGES];
    QTestState *qts;
    QPnvPhb3 phb;
    QDmaExerciser dx;
    QPnvTceTable t;
    unsigned victim = 0;
    int round, p;

    g_test_message("seed %u (POWERIO_SEED=%u reproduces it)", seed, seed);
    qts = qtest_initf("-M powernv8 -device dma-exerciser,bus=pcie.%d,addr=0",
                      PHB_INDEX);
    qpnv_phb3_init(&phb, qts, PHB_INDEX);
    qdx_init(&dx, &phb.bus, QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));
    qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0, UNMAP_PE);
    qpnv_tce_table_init(&phb, &t, 1, 9, 12);
    for (p = 0; p < UNMAP_PAGES; p++) {
        gpa[p] = qpnv_phb3_alloc(&phb, 4096, 4096);
    }
    qpnv_phb3_set_tve(&phb, UNMAP_PE, 0, qpnv_phb3_tve(&t));
    qpnv_phb3_init_eeh(&phb, QPNV_P8_FIRST_PIR, 4);

    for (round = 0; round < UNMAP_ROUNDS; round++) {
        unsigned count = g_rand_int_range(r, 64, 512);
        unsigned idle = g_rand_int_range(r, 0, 4);
        uint64_t errors = qpnv_phb3_counter(&phb, "dma-errors");
        uint64_t status, pat = seed * 1000ULL + round;
        bool busy_after_kill, frozen;
        int i, writer;

        /* often the same page as before: the same fault, a new event */
        if (g_rand_boolean(r)) {
            victim = g_rand_int_range(r, 0, UNMAP_PAGES);
        }
        /* everything mapped (map + kill, as Linux does), memory cleared */
        for (p = 0; p < UNMAP_PAGES; p++) {
            qpnv_tce_map(&phb, &t, p * 4096ULL, gpa[p], QPNV_TCE_RW);
            qtest_memset(qts, gpa[p], 0, 4096);
        }
        qpnv_phb3_tce_kill_pe(&phb, UNMAP_PE);

        qdx_program(&dx, 0, 0, len, count, 0, pat);
        qdx_write(&dx, DXR_CMD, DXR_OP_FILL);
        for (i = 0; i < idle; i++) {
            qdx_read(&dx, DXR_ID);          /* a slice or so of DMA */
        }
        /* the unmap: TCE cleared, then one of the three kills */
        qtest_writeq(qts, t.base + 8 * victim, 0);
        switch (g_rand_int_range(r, 0, 3)) {
        case 0:
            qpnv_phb3_tce_kill_page(&phb, UNMAP_PE, victim * 4096ULL);
            break;
        case 1:
            qpnv_phb3_tce_kill_pe(&phb, UNMAP_PE);
            break;
        default:
            qpnv_phb3_tce_kill_all(&phb);
            break;
        }
        status = qdx_read(&dx, DXR_STATUS);
        busy_after_kill = status == UINT64_MAX || (status & DXR_STATUS_BUSY);
        for (i = 0; i < 100000 && status != UINT64_MAX &&
             (status & DXR_STATUS_BUSY); i++) {
            status = qdx_read(&dx, DXR_STATUS);
        }
        frozen = qpnv_phb3_pe_frozen(&phb, UNMAP_PE);
        g_test_message("round %d: victim %u, %u transfers, busy after the "
                       "kill %d, frozen %d", round, victim, count,
                       busy_after_kill, frozen);
        /* a transfer still to run after the kill meets the cleared TCE */
        if (busy_after_kill) {
            g_assert_true(frozen);
        }
        /* a freeze comes with its report; no freeze, no failure */
        if (frozen) {
            g_assert_cmpuint(qpnv_phb3_counter(&phb, "dma-errors"), >,
                             errors);
            qpnv_phb3_freeze_clear(&phb, UNMAP_PE);
            status = qdx_read(&dx, DXR_STATUS);
            g_assert_true(status & DXR_STATUS_ERROR);
        } else {
            g_assert_cmphex(status, ==, DXR_STATUS_DONE);
            g_assert_cmpuint(qdx_read(&dx, DXR_DONE_COUNT), ==, count);
        }
        g_assert_false(status & DXR_STATUS_BUSY);
        /* each page: nothing, or all of one transfer's data */
        for (p = 0; p < UNMAP_PAGES; p++) {
            writer = page_writer(qts, gpa[p], p, pat, count);
            g_assert_cmpint(writer, !=, -2);
            if (writer >= 0) {
                qdx_assert_pattern_at(qts, gpa[p], 4096, pat,
                                      writer * len + p * 4096ULL);
            }
            if (!frozen) {
                g_assert_cmpint(writer, ==, count - 1);
            }
        }
        qdx_write(&dx, DXR_STATUS, ~0ULL);
    }
    qdx_uninit(&dx);
    qtest_quit(qts);
    g_rand_free(r);
}

/* The PHB's QOM children named @prefix... */
static int count_children(QTestState *qts, const char *path,
                          const char *prefix)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-list', 'arguments': "
                           "{ 'path': %s } }", path);
    QList *list = qdict_get_qlist(rsp, "return");
    QListEntry *e;
    int n = 0;

    QLIST_FOREACH_ENTRY(list, e) {
        const char *name = qdict_get_str(qobject_to(QDict, e->value), "name");

        n += g_str_has_prefix(name, prefix);
    }
    qobject_unref(rsp);
    return n;
}

/*
 * Regression (found by the fuzzer, tests/qtest/fuzz/powerio_fuzz.c): a
 * guest rewriting the M32 and M64 registers in a loop made the model
 * create a new memory region each time, without bound.
 */
static void test_remap_bounded(void)
{
    const char *path = "/machine/chip[0]/phb[1]/phb-backend";
    QTestState *qts;
    QPnvPhb3 phb;
    int i, m32, m64;

    qts = qtest_init("-M powernv8");
    qpnv_phb3_init(&phb, qts, PHB_INDEX);
    m32 = count_children(qts, path, "phb3-m32");
    m64 = count_children(qts, path, "phb3-m64");
    for (i = 0; i < 200; i++) {
        qpnv_phb3_write(&phb, PHB_M32_BASE_MASK, ~((0x80000000ULL >> (i % 4))
                                                   - 1));
        qpnv_phb3_ioda_write(&phb, IODA2_TBL_M64BT, i % 16,
                             PPC_BIT(0) | (0x3d01000ULL << 32) |
                             (0x3fffff00ULL + (i % 2)));
    }
    g_assert_cmpint(count_children(qts, path, "phb3-m32"), ==, m32);
    g_assert_cmpint(count_children(qts, path, "phb3-m64"), ==, m64);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("powernv8") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("powernv8 or dma-exerciser not built");
        return g_test_run();
    }
    qtest_add_func("/pnv-phb3/torture/remap-bounded", test_remap_bounded);
    qtorture_add_seeds("/pnv-phb3/torture", torture);
    qtorture_add_seeds("/pnv-phb3/torture/unmap-race", unmap_race);
    return g_test_run();
}
