/*
 * PowerNV PHB4/PHB5 PE isolation: the MSI PE check
 *
 * The PHB is brought up as skiboot does (libqos/pci-pnv-phb4.c); each
 * case runs on powernv9 (PHB4) and powernv10 (PHB5).  An MSI is a DMA
 * write into the PHB's MSI window naming an interrupt source; the PHB
 * delivers it only if the source's MIST entry names the sender's PE
 * (skiboot phb4_set_ive_pe) and the source is an MSI, not one of the
 * PHB's eight LSIs.  Delivery is seen in the source's P/Q bits (ESB "get"
 * page): P set once the PHB presents it.  The base model delivered every
 * MSI whose source number was in range.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/pci-pnv-phb4.h"
#include "libqos/dma-exerciser.h"

#define PHB_INDEX       1
#define DX_PE           3
#define OTHER_PE        4
#define ESB_PQ_P        2               /* P in the ESB "get" value */

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
} Fixture;

static void setup(Fixture *f, const Machine *m)
{
    f->qts = qtest_initf("-M %s -m 2G -device dma-exerciser,bus=pcie.%d,"
                         "addr=0", m->name, PHB_INDEX);
    qpnv_phb4_init(&f->phb, f->qts, m->gen, PHB_INDEX);
    qdx_init(&f->dx, &f->phb.bus,
             QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0));
    qpnv_phb4_set_pe(&f->phb, QPNV_PHB4_SECONDARY_BUS, 0, DX_PE);
    qdx_msix_enable(&f->dx);
}

static void teardown(Fixture *f)
{
    qdx_uninit(&f->dx);
    qtest_quit(f->qts);
}

/* The exerciser sends MSI-X vector 1, programmed for source @src */
static void send_msi(Fixture *f, unsigned src)
{
    qdx_msix_set_vector(&f->dx, 1, qpnv_phb4_msi_addr32(src),
                        qpnv_phb4_msi_data(src));
    qdx_write(&f->dx, DXR_DOORBELL, 1);
}

/*
 * An MSI naming a source of another PE is not delivered; the same source
 * given to the sender's PE is
 */
static void test_msi_wrong_pe(const void *data)
{
    Fixture f;
    unsigned src = 9;

    setup(&f, data);
    qpnv_phb4_esb_enable(&f.phb, src);
    qpnv_phb4_esb_enable(&f.phb, src + 1);
    qpnv_phb4_set_mist_pe(&f.phb, src, OTHER_PE);
    send_msi(&f, src);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, src) & ESB_PQ_P, ==, 0);
    /* a neighbour in the same MIST word keeps its own PE */
    qpnv_phb4_set_mist_pe(&f.phb, src + 1, DX_PE);
    send_msi(&f, src);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, src) & ESB_PQ_P, ==, 0);
    send_msi(&f, src + 1);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, src + 1) & ESB_PQ_P, ==,
                     ESB_PQ_P);
    /* given to the exerciser's PE: delivered */
    qpnv_phb4_set_mist_pe(&f.phb, src, DX_PE);
    send_msi(&f, src);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, src) & ESB_PQ_P, ==, ESB_PQ_P);
    teardown(&f);
}

/* The last eight sources are the PHB's LSIs: no MSI may name them */
static void test_msi_lsi_source(const void *data)
{
    Fixture f;
    unsigned lsi;

    setup(&f, data);
    lsi = f.phb.num_irqs - 8 + 7;       /* LSI 7, OPAL's ER interrupt */
    qpnv_phb4_esb_enable(&f.phb, lsi);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, lsi) & ESB_PQ_P, ==, 0);
    send_msi(&f, lsi);
    g_assert_cmpuint(qpnv_phb4_esb_pq(&f.phb, lsi) & ESB_PQ_P, ==, 0);
    teardown(&f);
}

int main(int argc, char **argv)
{
    int i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < ARRAY_SIZE(machines); i++) {
        g_autofree char *a = g_strdup_printf("/pnv-phb4/%s/eeh/msi-wrong-pe",
                                             machines[i].name);
        g_autofree char *b = g_strdup_printf(
            "/pnv-phb4/%s/eeh/msi-lsi-source", machines[i].name);

        qtest_add_data_func(a, &machines[i], test_msi_wrong_pe);
        qtest_add_data_func(b, &machines[i], test_msi_lsi_source);
    }
    return g_test_run();
}
