/*
 * PowerNV PHB4/PHB5 MMIO routing to PEs: the MBT and the MDT
 *
 * The PHB is brought up as skiboot does (libqos/pci-pnv-phb4.c, MBT BAR 0
 * = M32 in MDT mode, column A); each case runs on powernv9 (PHB4) and
 * powernv10 (PHB5).  The exerciser's register BAR sits in M32; for the M64
 * cases its 64-bit buffer BAR is moved into an M64 BAR of the test's, the
 * root port's prefetchable window opened over it.  Where an access goes
 * is seen through the PE it belongs to: freezing that PE (PESTA bit 0, as
 * skiboot's phb4_eeh_freeze_set) makes loads read all-ones and drops
 * stores, freezing another PE does not.  Encodings: skiboot
 * include/phb4-regs.h IODA3_MBT0_*, IODA3_MBT1_*, IODA3_MDT_PE_*; what
 * each mode means: docs/devel/powerio-phb4-eeh-facts.rst e.
 *
 * Every case fails on the base model: it mapped each enabled BAR as a
 * plain alias of the PCI space, whatever its mode, PE or number, ignored
 * PESTA, made a new alias (a new QOM child) at each reprogramming, and
 * read 0 where no device answered.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"
#include "standard-headers/linux/pci_regs.h"

#define PHB_INDEX       1
#define DX_PE           3
#define OTHER_PE        4
#define UR_PE           7
#define SINGLE_PE       42
#define SEG_BASE_PE     16

/* MBT0 mode (IBM bits 2:3) and divider/MDT column (4:5) */
#define MBT0_MODE_SHIFT 60
#define MBT0_DIV_SHIFT  58
/* MDT columns: A in IBM bits 0:15, C in 32:47 */
#define MDT_PE_A_SHIFT  48
#define MDT_PE_C_SHIFT  16
#define MDT_COLUMN_C    2

/* The test's M64 space: 4 GB into the stack's 64-bit MMIO BAR */
#define M64_OFFSET      0x100000000ULL
#define M64_WIN_SIZE    0x10000000ULL   /* 256 MB */
#define SINGLE_SIZE     0x100000ULL     /* 1 MB */
/* Where the exerciser's buffer BAR goes in it: segment 3 of 8 */
#define DEV_OFFSET      (3 * (M64_WIN_SIZE / 8))

#define REPROGRAM_LOOPS 1000

typedef struct Machine {
    const char *name;
    int gen;
} Machine;

static const Machine machines[] = {
    { "powernv9", 4 },
    { "powernv10", 5 },
};

typedef struct Fixture {
    QTestState *qts;
    QPnvPhb4 phb;
    QDmaExerciser dx;
    uint64_t m64;           /* the test's M64 space, AIB (= PCI) address */
    uint64_t seq;           /* makes every stored value a new one */
} Fixture;

static void setup(Fixture *f, const Machine *m)
{
    f->qts = qtest_initf("-M %s -m 2G -device dma-exerciser,bus=pcie.%d,"
                         "addr=0", m->name, PHB_INDEX);
    qpnv_phb4_init(&f->phb, f->qts, m->gen, PHB_INDEX);
    qdx_init(&f->dx, &f->phb.bus,
             QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&f->phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    f->m64 = f->phb.mmio0 + M64_OFFSET;
    f->seq = 0;
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_quit(f->qts);
}

/* CPU address of the exerciser's RW register DXR_PATTERN, through M32 */
static uint64_t dx_reg_cpu(Fixture *f)
{
    return f->phb.m32_cpu + (f->dx.bar0.addr - f->phb.m32_pci) + DXR_PATTERN;
}

/* skiboot phb4_eeh_freeze_set (MMIO) and phb4_eeh_freeze_clear */
static void freeze(Fixture *f, unsigned pe)
{
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_PESTA, pe, PPC_BIT(0));
}

static void thaw(Fixture *f, unsigned pe)
{
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_PESTA, pe, 0);
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_PESTB, pe, 0);
}

/* A store, then a load of the value back: the access reached the device */
static uint64_t check_passes(Fixture *f, uint64_t cpu)
{
    uint64_t v = 0x0123456789abcdefULL + f->seq++;

    qtest_writeq(f->qts, cpu, v);
    g_assert_cmphex(qtest_readq(f->qts, cpu), ==, v);
    return v;
}

/*
 * @cpu belongs to @pe: frozen, a load reads all-ones and a store is
 * dropped (both counted in mmio-refused); thawed, the access passes again
 */
static void check_pe(Fixture *f, uint64_t cpu, unsigned pe)
{
    uint64_t v = check_passes(f, cpu), refused;

    freeze(f, pe);
    g_assert_cmphex(qtest_readq(f->qts, cpu), ==, UINT64_MAX);
    refused = qpnv_phb4_counter(&f->phb, "mmio-refused");
    qtest_writeq(f->qts, cpu, ~v);
    g_assert_cmphex(qtest_readq(f->qts, cpu), ==, UINT64_MAX);
    g_assert_cmpuint(qpnv_phb4_counter(&f->phb, "mmio-refused"), ==,
                     refused + 2);
    thaw(f, pe);
    g_assert_cmphex(qtest_readq(f->qts, cpu), ==, v);
    check_passes(f, cpu);
}

/* @cpu does not belong to @pe: its freeze changes nothing */
static void check_not_pe(Fixture *f, uint64_t cpu, unsigned pe)
{
    freeze(f, pe);
    check_passes(f, cpu);
    thaw(f, pe);
}

/* MBT BAR @bar: the second word, then the first (with the enable) */
static void mbt_set(Fixture *f, unsigned bar, uint64_t mbt0, uint64_t mbt1)
{
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_MBT, bar << 1 | 1, mbt1);
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_MBT, bar << 1, mbt0);
}

static void mbt_disable(Fixture *f, unsigned bar)
{
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_MBT, bar << 1, 0);
    qpnv_phb4_ioda_write(&f->phb, IODA3_TBL_MBT, bar << 1 | 1, 0);
}

/* An M64 BAR: @mode, @div (divider or MDT column), AIB @base, @size, @pe */
static void mbt_set_m64(Fixture *f, unsigned bar, unsigned mode,
                        unsigned div, uint64_t base, uint64_t size,
                        unsigned pe)
{
    mbt_set(f, bar, IODA3_MBT0_ENABLE | IODA3_MBT0_TYPE_M64 |
            (uint64_t)mode << MBT0_MODE_SHIFT |
            (uint64_t)div << MBT0_DIV_SHIFT | (base & IODA3_MBT0_BASE_ADDR),
            IODA3_MBT1_ENABLE | (~(size - 1) & IODA3_MBT1_MASK) |
            (pe & IODA3_MBT1_SEG_BASE));
}

/*
 * The exerciser's 64-bit buffer BAR at PCI @pci, and the root port's
 * prefetchable window (64-bit) over the test's M64 space
 */
static uint64_t place_buffer(Fixture *f, uint64_t pci)
{
    QPCIDevice *rc = qpci_device_find(&f->phb.bus, 0);
    uint64_t base = f->m64, limit = f->m64 + M64_WIN_SIZE - 1;

    g_assert_nonnull(rc);
    qpci_config_writel(rc, PCI_PREF_BASE_UPPER32, base >> 32);
    qpci_config_writel(rc, PCI_PREF_LIMIT_UPPER32, limit >> 32);
    qpci_config_writel(rc, PCI_PREF_MEMORY_BASE,
                       ((base >> 16) & PCI_PREF_RANGE_MASK) |
                       (((limit >> 16) & PCI_PREF_RANGE_MASK) << 16));
    g_free(rc);
    qpci_config_writel(f->dx.dev, PCI_BASE_ADDRESS_2, (uint32_t)pci);
    qpci_config_writel(f->dx.dev, PCI_BASE_ADDRESS_2 + 4, pci >> 32);
    /* M64: PCI = AIB | PHB_M64_UPPER_BITS, which skiboot sets to 0 */
    return pci;
}

/* PE-segmented: segments of a divider (IODA3_MBT0_SEG_DIV_*) */
static unsigned div_segments(Fixture *f, unsigned div)
{
    static const unsigned n[] = { 0, 128, 64, 8 };

    return div == IODA3_MBT0_SEG_DIV_MAX ? f->phb.num_pes : n[div];
}

/*
 * 1. M32 in MDT mode: the exerciser's segment belongs to the PE of its
 * MDT column A entry (skiboot phb4_map_pe_mmio_window), and follows it
 */
static void test_mdt_m32(const void *data)
{
    Fixture f;
    uint64_t cpu, mdt;
    unsigned seg;

    setup(&f, data);
    cpu = dx_reg_cpu(&f);
    g_assert_cmphex(qdx_read(&f.dx, DXR_ID), ==, DXR_ID_VALUE);
    qpnv_phb4_set_m32_pe(&f.phb, f.dx.bar0.addr, DX_PE);
    check_pe(&f, cpu, DX_PE);
    check_not_pe(&f, cpu, OTHER_PE);
    /* the same segment given to another PE: routed there */
    qpnv_phb4_set_m32_pe(&f.phb, f.dx.bar0.addr, OTHER_PE);
    check_pe(&f, cpu, OTHER_PE);
    check_not_pe(&f, cpu, DX_PE);
    /* the reset value of column A (PE 0) no longer applies */
    check_not_pe(&f, cpu, 0);

    /* an M64 BAR in MDT mode reads its own column: C */
    cpu = place_buffer(&f, f.m64 + DEV_OFFSET);
    seg = DEV_OFFSET / (M64_WIN_SIZE / f.phb.num_pes);
    mdt = qpnv_phb4_ioda_read(&f.phb, IODA3_TBL_MDT, seg);
    qpnv_phb4_ioda_write(&f.phb, IODA3_TBL_MDT, seg,
                         (mdt & ~IODA3_MDT_PE_C) |
                         (uint64_t)SINGLE_PE << MDT_PE_C_SHIFT);
    mbt_set_m64(&f, 4, IODA3_MBT0_MODE_MDT, MDT_COLUMN_C, f.m64,
                M64_WIN_SIZE, 0);
    check_pe(&f, cpu, SINGLE_PE);
    check_not_pe(&f, cpu, mdt >> MDT_PE_A_SHIFT);   /* column A's */
    check_not_pe(&f, cpu, seg);                     /* B and D's */
    teardown(&f);
}

/*
 * 2a. A PE-segmented M64 BAR: segment i belongs to PE (segment base + i),
 * for the largest divider (num_pes segments) and the smallest (8)
 */
static void test_m64_segmented(const void *data)
{
    static const unsigned divs[] = {
        IODA3_MBT0_SEG_DIV_MAX, IODA3_MBT0_SEG_DIV_8,
    };
    Fixture f;
    uint64_t cpu;
    int i;

    setup(&f, data);
    cpu = place_buffer(&f, f.m64 + DEV_OFFSET);
    for (i = 0; i < ARRAY_SIZE(divs); i++) {
        unsigned seg = DEV_OFFSET / (M64_WIN_SIZE /
                                     div_segments(&f, divs[i]));
        unsigned pe = SEG_BASE_PE + seg;

        mbt_set_m64(&f, 3, IODA3_MBT0_MODE_PE_SEG, divs[i], f.m64,
                    M64_WIN_SIZE, SEG_BASE_PE);
        check_pe(&f, cpu, pe);
        check_not_pe(&f, cpu, pe - 1);
        check_not_pe(&f, cpu, pe + 1);
        check_not_pe(&f, cpu, seg);
        mbt_disable(&f, 3);
    }
    teardown(&f);
}

/* 2b. A single-PE M64 BAR belongs to the PE of MBT1 55:63 */
static void test_m64_single_pe(const void *data)
{
    Fixture f;
    uint64_t cpu;

    setup(&f, data);
    cpu = place_buffer(&f, f.m64 + DEV_OFFSET);
    mbt_set_m64(&f, 2, IODA3_MBT0_MODE_SINGLE_PE, 0, cpu, SINGLE_SIZE,
                SINGLE_PE);
    check_pe(&f, cpu, SINGLE_PE);
    check_not_pe(&f, cpu, SINGLE_PE - 1);
    check_not_pe(&f, cpu, SINGLE_PE + 1);
    /* the reserved PE, where skiboot parks what has no PE */
    check_not_pe(&f, cpu, qpnv_phb4_reserved_pe(&f.phb));
    teardown(&f);
}

/*
 * 3. Overlapping BARs: the lower-numbered wins, whichever was programmed
 * last (Linux's SR-IOV single-PE BARs inside its default segmented one)
 */
static void test_overlap(const void *data)
{
    Fixture f;
    uint64_t cpu;
    unsigned seg_pe = SEG_BASE_PE + 3;      /* divider 8, segment 3 */
    int order;

    setup(&f, data);
    cpu = place_buffer(&f, f.m64 + DEV_OFFSET);
    for (order = 0; order < 2; order++) {
        if (order == 0) {
            mbt_set_m64(&f, 1, IODA3_MBT0_MODE_SINGLE_PE, 0, cpu,
                        SINGLE_SIZE, SINGLE_PE);
            mbt_set_m64(&f, 5, IODA3_MBT0_MODE_PE_SEG,
                        IODA3_MBT0_SEG_DIV_8, f.m64, M64_WIN_SIZE,
                        SEG_BASE_PE);
        } else {
            mbt_set_m64(&f, 5, IODA3_MBT0_MODE_PE_SEG,
                        IODA3_MBT0_SEG_DIV_8, f.m64, M64_WIN_SIZE,
                        SEG_BASE_PE);
            mbt_set_m64(&f, 1, IODA3_MBT0_MODE_SINGLE_PE, 0, cpu,
                        SINGLE_SIZE, SINGLE_PE);
        }
        check_pe(&f, cpu, SINGLE_PE);
        check_not_pe(&f, cpu, seg_pe);
        mbt_disable(&f, 1);
        mbt_disable(&f, 5);
    }
    /* a higher-numbered single-PE BAR inside the segmented one loses */
    mbt_set_m64(&f, 5, IODA3_MBT0_MODE_PE_SEG, IODA3_MBT0_SEG_DIV_8, f.m64,
                M64_WIN_SIZE, SEG_BASE_PE);
    mbt_set_m64(&f, 6, IODA3_MBT0_MODE_SINGLE_PE, 0, cpu, SINGLE_SIZE,
                SINGLE_PE);
    check_pe(&f, cpu, seg_pe);
    check_not_pe(&f, cpu, SINGLE_PE);
    teardown(&f);
}

static int qom_children(Fixture *f)
{
    g_autofree char *path = qpnv_phb4_qom_path(&f->phb);
    QDict *rsp = qtest_qmp(f->qts, "{ 'execute': 'qom-list', 'arguments': "
                           "{ 'path': %s } }", path);
    int n;

    g_assert(qdict_haskey(rsp, "return"));
    n = qlist_size(qdict_get_qlist(rsp, "return"));
    qobject_unref(rsp);
    return n;
}

/*
 * 4. A BAR reprogrammed over and over (every mode, base, size, on and
 * off) keeps its one region: the PHB's QOM children do not grow, and the
 * last programming is the one that routes
 */
static void test_reprogram(const void *data)
{
    Fixture f;
    uint64_t cpu;
    int before, i;

    setup(&f, data);
    cpu = place_buffer(&f, f.m64 + DEV_OFFSET);
    before = qom_children(&f);
    for (i = 0; i < REPROGRAM_LOOPS; i++) {
        uint64_t size = SINGLE_SIZE << (i % 8);

        switch (i % 4) {
        case 0:
            mbt_set_m64(&f, 3, IODA3_MBT0_MODE_PE_SEG, (i / 4) % 4, f.m64 +
                        (i % 16) * size, size, i % 64);
            break;
        case 1:
            mbt_set_m64(&f, 3, IODA3_MBT0_MODE_MDT, (i / 4) % 4, f.m64,
                        size, 0);
            break;
        case 2:
            mbt_set_m64(&f, 3, IODA3_MBT0_MODE_SINGLE_PE, 0, f.m64 + size,
                        size, i % 256);
            break;
        default:
            mbt_disable(&f, 3);
        }
    }
    g_assert_cmpint(qom_children(&f), ==, before);
    mbt_set_m64(&f, 3, IODA3_MBT0_MODE_SINGLE_PE, 0, cpu, SINGLE_SIZE,
                SINGLE_PE);
    check_pe(&f, cpu, SINGLE_PE);
    check_not_pe(&f, cpu, SINGLE_PE + 1);
    g_assert_cmpint(qom_children(&f), ==, before);
    teardown(&f);
}

/*
 * 5. A load where no device answers: all-ones, and the Unsupported
 * Request freezes the segment's PE (skiboot/phberr.py's PHB4 dump of an
 * MMIO load UR; Linux eeh_dev_break relies on it); other PEs go on
 */
static void test_unclaimed(const void *data)
{
    Fixture f;
    uint64_t pci, hole, dev;
    unsigned hole_pe;

    setup(&f, data);
    /*
     * skiboot phb4_init_errors: among others, the freeze of RXE_ARB bit 1
     * "BLIF Inbound UR Completion Error" (powerio-phb4-eeh-facts.rst d)
     */
    qpnv_phb4_init_errors(&f.phb);
    dev = dx_reg_cpu(&f);
    qpnv_phb4_set_m32_pe(&f.phb, f.dx.bar0.addr, DX_PE);
    /* M32: inside the root port's window, behind it no device */
    pci = f.phb.m32_pci + 0x30000000;
    qpnv_phb4_set_m32_pe(&f.phb, pci, UR_PE);
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, UR_PE));
    g_assert_cmphex(qtest_readq(f.qts, f.phb.m32_cpu + (pci - f.phb.m32_pci)),
                    ==, UINT64_MAX);
    g_assert_true(qpnv_phb4_pe_frozen(&f.phb, UR_PE));
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, DX_PE));
    check_passes(&f, dev);

    /* M64, PE-segmented: the PE of the hole's segment */
    place_buffer(&f, f.m64 + DEV_OFFSET);
    mbt_set_m64(&f, 3, IODA3_MBT0_MODE_PE_SEG, IODA3_MBT0_SEG_DIV_8, f.m64,
                M64_WIN_SIZE, SEG_BASE_PE);
    hole = f.m64 + 5 * (M64_WIN_SIZE / 8);
    hole_pe = SEG_BASE_PE + 5;
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, hole_pe));
    g_assert_cmphex(qtest_readq(f.qts, hole), ==, UINT64_MAX);
    g_assert_true(qpnv_phb4_pe_frozen(&f.phb, hole_pe));
    g_assert_false(qpnv_phb4_pe_frozen(&f.phb, SEG_BASE_PE + 3));
    check_passes(&f, f.m64 + DEV_OFFSET);
    teardown(&f);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(const void *);
    } cases[] = {
        { "mdt-m32", test_mdt_m32 },
        { "m64-segmented", test_m64_segmented },
        { "m64-single-pe", test_m64_single_pe },
        { "overlap", test_overlap },
        { "reprogram", test_reprogram },
        { "unclaimed", test_unclaimed },
    };
    int i, j;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        for (j = 0; j < ARRAY_SIZE(cases); j++) {
            g_autofree char *path = g_strdup_printf("/pnv-phb4/%s/mmio/%s",
                                                    machines[i].name,
                                                    cases[j].name);

            qtest_add_data_func(path, &machines[i], cases[j].fn);
        }
    }
    return g_test_run();
}
