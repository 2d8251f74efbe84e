/*
 * Seeded torture of the pseries IO surface: TCE hypercalls, DDW, MSI and
 * EEH RTAS calls with hostile arguments, exerciser DMA and raw writes to
 * any address (the MSI window, RAM's end, far away)
 *
 * Deterministic for a seed (POWERIO_SEED, or the built-in ones), bounded in
 * count; the seed is printed.  After every step the simulator must still
 * answer: with the PE thawed (as the OS would), the exerciser's ID reads
 * back and a hypercall gets an answer.  Run it under SANITIZE=1 to catch
 * what does not crash outright.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/pci/pci_regs.h"
#include "libqos/libqos-spapr.h"
#include "libqos/pci-spapr.h"
#include "libqos/dma-exerciser.h"
#include "libqos/torture.h"
#include "libqos/spapr-hcall.h"

#define DX_SLOT         4
#define DX_DEVFN        QPCI_DEVFN(DX_SLOT, 0)
#define DX_CONFIG_ADDR  (DX_DEVFN << 8)
#define LIOBN           QSPAPR_PCI_LIOBN(0, 0)
#define STEPS           300
#define RAM_SIZE        (512ULL << 20)      /* qtest_spapr_boot's default */
#define SPAPR_MSI_WINDOW 0x40000000000ULL

/* RTAS calls the pseries IO models answer, with their argument counts */
static const struct {
    const char *name;
    uint32_t nargs, nret;
} calls[] = {
    { "ibm,change-msi", 4, 2 },
    { "ibm,query-interrupt-source-number", 3, 3 },
    { "ibm,query-pe-dma-window", 3, 5 },
    { "ibm,create-pe-dma-window", 5, 3 },
    { "ibm,remove-pe-dma-window", 1, 1 },
    { "ibm,reset-pe-dma-window", 3, 1 },
    { "ibm,set-eeh-option", 4, 1 },
    { "ibm,get-config-addr-info2", 4, 2 },
    { "ibm,read-slot-reset-state2", 3, 4 },
    { "ibm,set-slot-reset", 4, 1 },
    { "ibm,configure-pe", 3, 1 },
    { "ibm,slot-error-detail", 8, 1 },
    { "ibm,open-errinjct", 0, 2 },
    { "ibm,errinjct", 3, 1 },
    { "ibm,close-errinjct", 1, 1 },
};

/* A value a hostile guest would pick, or a plausible one */
static uint64_t hostile(GRand *r, uint64_t plausible)
{
    switch (g_rand_int_range(r, 0, 6)) {
    case 0:
        return qtorture_rnd64(r);
    case 1:
        return g_rand_int(r);
    case 2:
        return ~0ULL;
    case 3:
        return 0;
    default:
        return plausible;
    }
}

static uint64_t hostile_addr(GRand *r)
{
    switch (g_rand_int_range(r, 0, 6)) {
    case 0:
        return SPAPR_MSI_WINDOW | (g_rand_int(r) & 0xffff);
    case 1:
        return RAM_SIZE - 8;
    case 2:
        return RAM_SIZE + g_rand_int_range(r, 0, 0x100000);
    case 3:
        return qtorture_rnd64(r);
    default:
        return g_rand_int_range(r, 0, 0x40000000) & ~0xfffULL;
    }
}

static void torture(gconstpointer data)
{
    uint32_t seed = GPOINTER_TO_UINT(data);
    GRand *r = g_rand_new_with_seed(seed);
    QOSState *qs;
    QTestState *qts;
    QDmaExerciser dx;
    uint64_t buid, rets[9];
    int step;

    g_test_message("seed %u (POWERIO_SEED=%u reproduces it)", seed, seed);
    qs = qtest_spapr_boot("-machine pseries,ic-mode=xics "
                          "-device dma-exerciser,addr=%d.0", DX_SLOT);
    qts = qs->qts;
    buid = container_of(qs->pcibus, QPCIBusSPAPR, bus)->buid;
    qdx_init(&dx, qs->pcibus, DX_DEVFN);

    for (step = 0; step < STEPS; step++) {
        uint64_t v = qtorture_rnd64(r);
        uint64_t liobn = g_rand_boolean(r) ? LIOBN : hostile(r, LIOBN + 1);
        uint64_t ioba = hostile(r, g_rand_int_range(r, 0, 0x40000000) &
                                   ~0xfffULL);

        switch (g_rand_int_range(r, 0, 6)) {
        case 0:     /* H_PUT_TCE, H_GET_TCE */
            qh_put_tce(qts, liobn, ioba, hostile(r, hostile_addr(r) | 3));
            qh_get_tce(qts, liobn, ioba, &v);
            break;
        case 1: {   /* H_PUT_TCE_INDIRECT: a list anywhere, any count */
            uint64_t list = hostile(r, guest_alloc(&qs->alloc, 4096));

            qh_put_tce_indirect(qts, liobn, ioba, list,
                                hostile(r, g_rand_int_range(r, 0, 600)));
            break;
        }
        case 2:     /* H_STUFF_TCE */
            qh_stuff_tce(qts, liobn, ioba, hostile(r, v & ~0xffcULL),
                         hostile(r, g_rand_int_range(r, 0, 600)));
            break;
        case 3: {   /* an RTAS call, its arguments hostile or plausible */
            unsigned c = g_rand_int_range(r, 0, G_N_ELEMENTS(calls));
            uint32_t args[8], out[8];
            uint32_t nargs = g_rand_int_range(r, 0, 8) ? calls[c].nargs :
                             g_rand_int_range(r, 0, 9);
            uint32_t nret = g_rand_int_range(r, 0, 8) ? calls[c].nret :
                            g_rand_int_range(r, 0, 9);
            unsigned i;

            args[0] = hostile(r, DX_CONFIG_ADDR);
            args[1] = hostile(r, buid >> 32);
            args[2] = hostile(r, (uint32_t)buid);
            for (i = 3; i < 8; i++) {
                args[i] = hostile(r, g_rand_int_range(r, 0, 64));
            }
            qspapr_rtas(qts, &qs->alloc, calls[c].name, MIN(nargs, 8), args,
                        MIN(nret, 8), out);
            break;
        }
        default: {  /* DMA or a raw write anywhere */
            uint64_t op = g_rand_int_range(r, DXR_OP_BUF_TO_MEM,
                                           DXR_OP_RAW_WRITE + 1);
            uint64_t addr = g_rand_boolean(r) ? hostile_addr(r) : ioba;

            qdx_write(&dx, DXR_SRC, op == DXR_OP_BUF_TO_MEM ?
                      g_rand_int_range(r, 0, 0x8000) : addr);
            qdx_write(&dx, DXR_DST, op == DXR_OP_MEM_TO_BUF ?
                      g_rand_int_range(r, 0, 0x8000) : addr);
            qdx_write(&dx, DXR_STRIDE, 0);
            qdx_write(&dx, DXR_LEN, op == DXR_OP_RAW_WRITE ?
                      1 << g_rand_int_range(r, 0, 4) :
                      g_rand_int_range(r, 1, 0x4000));
            qdx_write(&dx, DXR_COUNT, 1);
            qdx_write(&dx, DXR_RAW_DATA, v);
            v = qdx_run(&dx, op);
            g_assert_true(v == UINT64_MAX || !(v & DXR_STATUS_BAD_CMD));
            break;
        }
        }
        /*
         * The simulator answers: thaw (or end a reset) and restore the
         * default DMA window, as the OS would
         */
        {
            uint32_t a[4] = { 1, buid >> 32, buid, 0 }, o[4];

            qspapr_rtas(qts, &qs->alloc, "ibm,set-slot-reset", 4, a, 1, o);
            a[0] = DX_CONFIG_ADDR;
            qspapr_rtas(qts, &qs->alloc, "ibm,reset-pe-dma-window", 3, a, 1,
                        o);
            a[0] = 1;
            a[3] = 2;
            qspapr_rtas(qts, &qs->alloc, "ibm,set-eeh-option", 4, a, 1, o);
            a[3] = 3;
            qspapr_rtas(qts, &qs->alloc, "ibm,set-eeh-option", 4, a, 1, o);
        }
        qpci_config_writew(dx.dev, PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        g_assert_cmphex(qdx_read(&dx, DXR_ID), ==, DXR_ID_VALUE);
        g_assert_cmphex(qtest_hcall(qts, QH_GET_TCE, 2,
                                    (uint64_t[]){ LIOBN, 0 }, rets), ==,
                        QH_SUCCESS);
    }
    qdx_uninit(&dx);
    qtest_shutdown(qs);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("pseries") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("pseries or dma-exerciser not built");
        return g_test_run();
    }
    qtorture_add_seeds("/spapr/torture", torture);
    return g_test_run();
}
