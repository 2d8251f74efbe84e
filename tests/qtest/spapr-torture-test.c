/*
 * Seeded torture of the pseries IO surface: TCE hypercalls, DDW, MSI,
 * EEH and error-injection RTAS calls with hostile arguments, exerciser DMA
 * and raw writes to any address (the MSI window, RAM's end, far away); on
 * the PHB-wide PE and with one PE per device, one exerciser behind a host
 * IOMMU that runs full (host-map-entries)
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
#define DX2_DEVFN       QPCI_DEVFN(DX_SLOT + 1, 0)
#define LIOBN           QSPAPR_PCI_LIOBN(0, 0)
/* hw/ppc/spapr_pci_pe.h SPAPR_PCI_PE_LIOBN, PHB index 0 */
#define PE_LIOBN(devfn, window) (0x80000000 | (((devfn) + 1) << 16) | (window))
#define STEPS           300
#define RAM_SIZE        (512ULL << 20)      /* qtest_spapr_boot's default */
#define SPAPR_MSI_WINDOW 0x40000000000ULL

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

typedef struct Torture {
    GRand *r;
    QOSState *qs;
    QTestState *qts;
    QDmaExerciser dx[2];
    uint64_t buid;
    uint32_t pe_addr[2];        /* the exercisers' PEs */
    uint32_t liobn[3];          /* plausible LIOBNs */
    uint32_t token;             /* the errinjct session, 0: none */
} Torture;

static int32_t rtas(Torture *t, const char *name, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    return qspapr_rtas(t->qts, &t->qs->alloc, name, nargs, args, nret, rets);
}

/* An RTAS call on the PE of exerciser @i: config address, BUID, @arg */
static int32_t pe_call(Torture *t, int i, const char *name, uint32_t nargs,
                       uint32_t arg, uint32_t nret, uint32_t *rets)
{
    uint32_t a[4] = { t->pe_addr[i], t->buid >> 32, t->buid, arg };

    return rtas(t, name, nargs, a, nret, rets);
}

/* ibm,errinjct with a buffer of @n words, well formed or not */
static void errinjct(Torture *t, uint32_t class, const uint32_t *w, int n)
{
    uint64_t mem = guest_alloc(&t->qs->alloc, 2048);
    uint32_t a[3] = { class, t->token, QEMU_ALIGN_UP(mem, 1024) }, o[1];
    int i;

    for (i = 0; i < n; i++) {
        qtest_writel(t->qts, a[2] + 4 * i, w[i]);
    }
    if (!g_rand_int_range(t->r, 0, 8)) {
        a[2] = hostile(t->r, a[2] + 4);
    }
    rtas(t, "ibm,errinjct", 3, a, 1, o);
    guest_free(&t->qs->alloc, mem);
}

/* Arm an injection of any function, on a PE or not */
static void inject(Torture *t)
{
    GRand *r = t->r;
    int i = g_rand_int_range(r, 0, 2);
    uint64_t addr = g_rand_boolean(r) ? t->dx[i].bar0.addr :
                    g_rand_int_range(r, 0, 0x10000) & ~0xfffULL;
    uint64_t mask = hostile(r, ~0xfffULL);
    uint32_t cfg = hostile(r, t->pe_addr[i]), fn = hostile(r,
                                                     g_rand_int_range(r, 0,
                                                                      23));
    uint32_t o[2];

    if (!t->token) {
        rtas(t, "ibm,open-errinjct", 0, NULL, 2, o);
        if (o[1]) {
            return;
        }
        t->token = o[0];
    }
    if (g_rand_boolean(r)) {
        uint32_t w[6] = { addr, mask, cfg, hostile(r, t->buid >> 32),
                          hostile(r, (uint32_t)t->buid), fn };

        errinjct(t, 7, w, 6);
    } else {
        uint32_t w[8] = { addr >> 32, addr, mask >> 32, mask, cfg,
                          hostile(r, t->buid >> 32),
                          hostile(r, (uint32_t)t->buid), fn };

        errinjct(t, hostile(r, 8), w, 8);
    }
}

/* ibm,slot-error-detail: buffers anywhere, any length, either function */
static void error_detail(Torture *t)
{
    GRand *r = t->r;
    uint64_t mem = guest_alloc(&t->qs->alloc, 4096);
    uint32_t a[8] = { hostile(r, t->pe_addr[g_rand_int_range(r, 0, 2)]),
                      t->buid >> 32, t->buid, hostile(r, mem),
                      hostile(r, g_rand_int_range(r, 0, 64)),
                      hostile(r, mem + 1024),
                      hostile(r, g_rand_int_range(r, 0, 2049)),
                      g_rand_int_range(r, 0, 40) ? 1 : 2 }, o[1];

    rtas(t, "ibm,slot-error-detail", 8, a, 1, o);
    guest_free(&t->qs->alloc, mem);
}

/*
 * The simulator answers: as the OS would, disarm and close error
 * injection, restore a PE made unavailable for good (a machine reset, the
 * only way), thaw or end a reset, restore the default DMA window; then
 * each exerciser's ID reads back and a hypercall gets an answer.
 */
static void recover(Torture *t)
{
    uint32_t o[4], w[6] = { 0, 0, 0, t->buid >> 32, t->buid, 20 };
    uint64_t rets[9];
    bool reset = false;
    int i;

    if (t->token) {
        for (i = 0; i < 2; i++) {
            w[2] = t->pe_addr[i];
            errinjct(t, 7, w, 6);
        }
        rtas(t, "ibm,close-errinjct", 1, &t->token, 1, o);
        t->token = 0;
    }
    for (i = 0; i < 2; i++) {
        pe_call(t, i, "ibm,read-slot-reset-state2", 3, 0, 4, o);
        reset |= o[1] == 5;
    }
    if (reset) {
        qtest_system_reset(t->qts);
        for (i = 0; i < 2; i++) {
            qdx_uninit(&t->dx[i]);
            qdx_init(&t->dx[i], t->qs->pcibus, i ? DX2_DEVFN : DX_DEVFN);
        }
    }
    for (i = 0; i < 2; i++) {
        uint32_t a[3] = { i ? DX2_DEVFN << 8 : DX_CONFIG_ADDR, t->buid >> 32,
                          t->buid };

        pe_call(t, i, "ibm,set-slot-reset", 4, 0, 1, o);
        rtas(t, "ibm,reset-pe-dma-window", 3, a, 1, o);
        pe_call(t, i, "ibm,set-eeh-option", 4, 2, 1, o);
        pe_call(t, i, "ibm,set-eeh-option", 4, 3, 1, o);
        qpci_config_writew(t->dx[i].dev, PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        g_assert_cmphex(qdx_read(&t->dx[i], DXR_ID), ==, DXR_ID_VALUE);
    }
    g_assert_cmphex(qtest_hcall(t->qts, QH_GET_TCE, 2,
                                (uint64_t[]){ t->liobn[0], 0 }, rets), ==,
                    QH_SUCCESS);
}

static void torture_run(uint32_t seed, bool per_device)
{
    Torture t = { .r = g_rand_new_with_seed(seed) };
    GRand *r = t.r;
    int step;

    g_test_message("seed %u (POWERIO_SEED=%u reproduces it)", seed, seed);
    t.qs = qtest_spapr_boot("-machine pseries,ic-mode=xics "
                            "-global spapr-pci-host-bridge.pe-per-device=%s "
                            "-device dma-exerciser,addr=%d.0 "
                            "-device dma-exerciser,addr=%d.0,"
                            "host-map-entries=8",
                            per_device ? "on" : "off", DX_SLOT, DX_SLOT + 1);
    t.qts = t.qs->qts;
    t.buid = container_of(t.qs->pcibus, QPCIBusSPAPR, bus)->buid;
    qdx_init(&t.dx[0], t.qs->pcibus, DX_DEVFN);
    qdx_init(&t.dx[1], t.qs->pcibus, DX2_DEVFN);
    if (per_device) {
        t.pe_addr[0] = DX_CONFIG_ADDR | 1;
        t.pe_addr[1] = (DX2_DEVFN << 8) | 1;
        t.liobn[0] = PE_LIOBN(DX_DEVFN, 0);
        t.liobn[1] = PE_LIOBN(DX2_DEVFN, 0);
        t.liobn[2] = PE_LIOBN(DX_DEVFN, 1);
    } else {
        t.pe_addr[0] = t.pe_addr[1] = 1;
        t.liobn[0] = LIOBN;
        t.liobn[1] = LIOBN;
        t.liobn[2] = LIOBN + 1;
    }

    for (step = 0; step < STEPS; step++) {
        uint64_t v = qtorture_rnd64(r);
        uint64_t liobn = g_rand_boolean(r) ?
                         t.liobn[g_rand_int_range(r, 0, 3)] :
                         hostile(r, LIOBN + 1);
        uint64_t ioba = hostile(r, g_rand_int_range(r, 0, 0x40000000) &
                                   ~0xfffULL);
        QDmaExerciser *dx = &t.dx[g_rand_int_range(r, 0, 2)];

        switch (g_rand_int_range(r, 0, 8)) {
        case 0:     /* H_PUT_TCE, H_GET_TCE */
            qh_put_tce(t.qts, liobn, ioba, hostile(r, hostile_addr(r) | 3));
            qh_get_tce(t.qts, liobn, ioba, &v);
            break;
        case 1: {   /* H_PUT_TCE_INDIRECT: a list anywhere, any count */
            uint64_t list = hostile(r, guest_alloc(&t.qs->alloc, 4096));

            qh_put_tce_indirect(t.qts, liobn, ioba, list,
                                hostile(r, g_rand_int_range(r, 0, 600)));
            break;
        }
        case 2:     /* H_STUFF_TCE */
            qh_stuff_tce(t.qts, liobn, ioba, hostile(r, v & ~0xffcULL),
                         hostile(r, g_rand_int_range(r, 0, 600)));
            break;
        case 3: {   /* an RTAS call, its arguments hostile or plausible */
            const QSpaprRtasCall *c = &qspapr_pci_rtas_calls[
                g_rand_int_range(r, 0, qspapr_pci_rtas_ncalls)];
            uint32_t args[8], out[8];
            uint32_t nargs = g_rand_int_range(r, 0, 8) ? c->nargs :
                             g_rand_int_range(r, 0, 9);
            uint32_t nret = g_rand_int_range(r, 0, 8) ? c->nret :
                            g_rand_int_range(r, 0, 9);
            unsigned i;

            args[0] = hostile(r, t.pe_addr[g_rand_int_range(r, 0, 2)]);
            args[1] = hostile(r, t.buid >> 32);
            args[2] = hostile(r, (uint32_t)t.buid);
            for (i = 3; i < 8; i++) {
                args[i] = hostile(r, g_rand_int_range(r, 0, 64));
            }
            rtas(&t, c->name, MIN(nargs, 8), args, MIN(nret, 8), out);
            if (!strcmp(c->name, "ibm,open-errinjct") && nret == 2 &&
                nargs == 0 && !out[1]) {
                t.token = out[0];
            }
            break;
        }
        case 4:
            inject(&t);
            break;
        case 5:
            error_detail(&t);
            break;
        default: {  /* DMA or a raw write anywhere */
            uint64_t op = g_rand_int_range(r, DXR_OP_BUF_TO_MEM,
                                           DXR_OP_RAW_WRITE + 1);
            uint64_t addr = g_rand_boolean(r) ? hostile_addr(r) : ioba;

            qdx_write(dx, DXR_SRC, op == DXR_OP_BUF_TO_MEM ?
                      g_rand_int_range(r, 0, 0x8000) : addr);
            qdx_write(dx, DXR_DST, op == DXR_OP_MEM_TO_BUF ?
                      g_rand_int_range(r, 0, 0x8000) : addr);
            qdx_write(dx, DXR_STRIDE, 0);
            qdx_write(dx, DXR_LEN, op == DXR_OP_RAW_WRITE ?
                      1 << g_rand_int_range(r, 0, 4) :
                      g_rand_int_range(r, 1, 0x4000));
            qdx_write(dx, DXR_COUNT, 1);
            qdx_write(dx, DXR_RAW_DATA, v);
            v = qdx_run(dx, op);
            g_assert_true(v == UINT64_MAX || !(v & DXR_STATUS_BAD_CMD));
            break;
        }
        }
        recover(&t);
    }
    qdx_uninit(&t.dx[0]);
    qdx_uninit(&t.dx[1]);
    qtest_shutdown(t.qs);
    g_rand_free(r);
}

static void torture_phb_pe(gconstpointer data)
{
    torture_run(GPOINTER_TO_UINT(data), false);
}

static void torture_pe_per_device(gconstpointer data)
{
    torture_run(GPOINTER_TO_UINT(data), true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!qtest_has_machine("pseries") ||
        !qtest_has_device("dma-exerciser")) {
        g_test_skip("pseries or dma-exerciser not built");
        return g_test_run();
    }
    qtorture_add_seeds("/spapr/torture", torture_phb_pe);
    qtorture_add_seeds("/spapr/torture-pe-per-device", torture_pe_per_device);
    return g_test_run();
}
