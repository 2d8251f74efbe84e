/*
 * libFuzzer targets for the powerio IO models
 *
 * powerio-pnv-phb3: a powernv8 PHB3 brought up as skiboot does (libqos
 * pci-pnv-phb3: RTT, IVT, M32, error traps, PEST/PELTV) with the DMA
 * exerciser behind it and a TCE table for its PE; the input is a sequence
 * of operations on every surface a guest reaches: PHB registers (the
 * error traps, LEM, injection and TCE kill among them), IODA tables,
 * PBCQ XSCOM registers, the TCE table in memory, the exerciser's
 * registers, DMA and raw writes (the MSI windows, anywhere) and its config
 * space, CPU loads and stores in the M32 window and an M64 area.  The
 * machine is reset after each input.
 *
 * powerio-spapr: a pseries machine with one PE per device and two
 * exercisers (one behind a host IOMMU of 8 mappings); the input is a
 * sequence of TCE hypercalls (LIOBNs of the PEs, or any), RTAS calls (DDW,
 * EEH, MSI, error injection and slot-error-detail with buffers the input
 * fills), exerciser registers, DMA and config space, and CPU accesses in
 * the PHB's 32-bit MMIO window.
 *
 * Run them with scripts/powerio/fuzz.sh (docs/devel/powerio-testing.rst);
 * a finding becomes a case of tests/qtest/pnv-phb3-torture-test.c or
 * spapr-torture-test.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/rcu.h"
#include "tests/qtest/libqtest.h"
#include "tests/qtest/libqos/pci-pnv-phb3.h"
#include "tests/qtest/libqos/dma-exerciser.h"
#include "tests/qtest/libqos/malloc-spapr.h"
#include "tests/qtest/libqos/pci-spapr.h"
#include "tests/qtest/libqos/spapr-hcall.h"
#include "fuzz.h"

#define PHB_INDEX       1
#define DX_PE           3
#define P8_XSCOM_BASE   0x3fc0000000000ULL
#define PBCQ_NEST(n)    (0x2012000 + 0x400 * (n))
#define M64_AIB         (0x3d00000000000ULL + 0x1000000000ULL * PHB_INDEX)

enum {
    OP_PHB_WRITE,
    OP_PHB_READ,
    OP_IODA_WRITE,
    OP_IODA_READ,
    OP_TCE_WRITE,
    OP_PBCQ_WRITE,
    OP_DX_WRITE,
    OP_DX_RUN,
    OP_DX_CONFIG,
    OP_M32_ACCESS,
    OP_M64_ACCESS,
    OP__MAX,
};

typedef struct QEMU_PACKED FuzzOp {
    uint8_t op;
    uint8_t size;
    uint16_t sel;
    uint32_t addr;
    uint64_t val;
} FuzzOp;

static void cpu_access(QTestState *s, uint64_t addr, uint8_t size, bool write,
                       uint64_t val)
{
    switch (size % 4) {
    case 0:
        write ? qtest_writeb(s, addr, val) : (void)qtest_readb(s, addr);
        break;
    case 1:
        write ? qtest_writew(s, addr, val) : (void)qtest_readw(s, addr);
        break;
    case 2:
        write ? qtest_writel(s, addr, val) : (void)qtest_readl(s, addr);
        break;
    default:
        write ? qtest_writeq(s, addr, val) : (void)qtest_readq(s, addr);
    }
}

static void pnv_phb3_fuzz(QTestState *s, const unsigned char *data,
                          size_t size)
{
    QPnvPhb3 phb;
    QDmaExerciser dx;
    QPnvTceTable t;
    FuzzOp o;

    qpnv_phb3_init(&phb, s, PHB_INDEX);
    qdx_init(&dx, &phb.bus, QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0));
    qpnv_phb3_set_pe(&phb, QPNV_PHB3_SECONDARY_BUS, 0, DX_PE);
    qpnv_phb3_init_eeh(&phb, QPNV_P8_FIRST_PIR, 4);
    qpnv_phb3_set_m32_pe(&phb, dx.bar0.addr, DX_PE);
    qpnv_tce_table_init(&phb, &t, 2, 9, 12);
    qpnv_tce_map(&phb, &t, 0, qpnv_phb3_alloc(&phb, 4096, 4096),
                 QPNV_TCE_RW);
    qpnv_phb3_set_tve(&phb, DX_PE, 0, qpnv_phb3_tve(&t));

    for (; size >= sizeof(o); size -= sizeof(o), data += sizeof(o)) {
        memcpy(&o, data, sizeof(o));
        switch (o.op % OP__MAX) {
        case OP_PHB_WRITE:
            qpnv_phb3_write(&phb, o.addr & 0xff8, o.val);
            break;
        case OP_PHB_READ:
            qpnv_phb3_read(&phb, o.addr & 0xff8);
            break;
        case OP_IODA_WRITE:
            qpnv_phb3_ioda_write(&phb, o.sel % 32, o.addr % 512, o.val);
            break;
        case OP_IODA_READ:
            qpnv_phb3_ioda_read(&phb, o.sel % 32, o.addr % 512);
            break;
        case OP_TCE_WRITE:
            qtest_writeq(s, t.base + 8 * (o.addr % 512), o.val);
            break;
        case OP_PBCQ_WRITE:
            /*
             * Not the BARs (0x40..0x45): they survive a reset and the next
             * input's bring-up expects them where skiboot puts them
             */
            if (o.sel % 0x46 < 0x40) {
                qtest_writeq(s, P8_XSCOM_BASE +
                             (((uint64_t)PBCQ_NEST(PHB_INDEX) + o.sel % 0x46)
                              << 3), o.val);
            }
            break;
        case OP_DX_WRITE:
            qdx_write(&dx, o.addr & 0xf8, o.val);
            break;
        case OP_DX_RUN:
            qdx_write(&dx, DXR_DST, o.val);
            qdx_write(&dx, DXR_SRC, o.val);
            qdx_write(&dx, DXR_LEN, o.addr % 0x10000);
            qdx_write(&dx, DXR_RAW_DATA, o.val);
            qdx_write(&dx, DXR_CMD, o.sel);
            break;
        case OP_DX_CONFIG:
            qpci_config_writel(dx.dev, o.sel % 256, o.val);
            break;
        case OP_M32_ACCESS:
            cpu_access(s, phb.m32_cpu + o.addr % phb.m32_size, o.size,
                   o.sel & 1, o.val);
            break;
        default:
            cpu_access(s, M64_AIB + o.addr, o.size, o.sel & 1, o.val);
            break;
        }
    }
    flush_events(s);
    qdx_uninit(&dx);
    fuzz_reset(s);
    /*
     * Each input reprograms the PHB's windows many times, and every memory
     * transaction leaves old flat views for RCU to free: let it, or the
     * process grows by megabytes per input.
     */
    drain_call_rcu();
}

static GString *pnv_phb3_argv(FuzzTarget *t)
{
    return g_string_new(TARGET_NAME " -machine powernv8 -m 1G "
                        "-device dma-exerciser,bus=pcie.1,addr=0 "
                        "-accel qtest -display none");
}

/* ---- powerio-spapr ------------------------------------------------------ */

#define SPAPR_DX_DEVFN(i)       QPCI_DEVFN(4 + (i), 0)
/* hw/ppc/spapr_pci_pe.h SPAPR_PCI_PE_LIOBN, PHB index 0 */
#define SPAPR_PE_LIOBN(i, w) \
    (0x80000000 | ((SPAPR_DX_DEVFN(i) + 1) << 16) | (w))
#define SPAPR_BUID              0x800000020000000ULL
#define SPAPR_MEM32_CPU         0x200080000000ULL   /* PHB 0's 32-bit window */
#define SPAPR_MEM32_SIZE        0x80000000ULL

enum {
    SOP_PUT_TCE,
    SOP_GET_TCE,
    SOP_INDIRECT,
    SOP_STUFF,
    SOP_RTAS,
    SOP_BUF_WRITE,
    SOP_DX_WRITE,
    SOP_DX_RUN,
    SOP_DX_CONFIG,
    SOP_MMIO,
    SOP__MAX,
};

static void spapr_fuzz(QTestState *s, const unsigned char *data, size_t size)
{
    QGuestAllocator alloc;
    QPCIBus *bus;
    QDmaExerciser dx[2];
    uint64_t buf;               /* 4 KiB of guest memory the input fills */
    uint32_t args[8], rets[8];
    FuzzOp o;
    int i;

    spapr_alloc_init(&alloc, s, ALLOC_NO_FLAGS);
    bus = qpci_new_spapr(s, &alloc);
    for (i = 0; i < 2; i++) {
        qdx_init(&dx[i], bus, SPAPR_DX_DEVFN(i));
    }
    buf = QEMU_ALIGN_UP(guest_alloc(&alloc, 8192), 4096);

    for (; size >= sizeof(o); size -= sizeof(o), data += sizeof(o)) {
        uint64_t liobn;
        QDmaExerciser *d;

        memcpy(&o, data, sizeof(o));
        liobn = o.sel & 0x100 ? (uint32_t)(o.val >> 32) :
                SPAPR_PE_LIOBN(o.sel & 1, (o.sel >> 1) & 1);
        d = &dx[o.size & 1];
        switch (o.op % SOP__MAX) {
        case SOP_PUT_TCE:
            qh_put_tce(s, liobn, o.addr, o.val);
            break;
        case SOP_GET_TCE:
            qh_get_tce(s, liobn, o.addr, NULL);
            break;
        case SOP_INDIRECT:
            qh_put_tce_indirect(s, liobn, o.addr, buf, o.size);
            break;
        case SOP_STUFF:
            qh_stuff_tce(s, liobn, o.addr, o.val, o.sel >> 6);
            break;
        case SOP_RTAS: {
            const QSpaprRtasCall *c =
                &qspapr_pci_rtas_calls[o.sel % qspapr_pci_rtas_ncalls];

            /* the arguments: a PE, the BUID, then the input's values */
            args[0] = o.size & 2 ? o.addr : (SPAPR_DX_DEVFN(o.size & 1) << 8);
            args[1] = o.size & 4 ? o.val : SPAPR_BUID >> 32;
            args[2] = o.size & 4 ? o.val >> 32 : (uint32_t)SPAPR_BUID;
            args[3] = o.size & 8 ? buf : o.val;
            args[4] = o.val >> 40;
            args[5] = buf + 2048;
            args[6] = o.val >> 52;
            args[7] = o.addr;
            if (!strcmp(c->name, "ibm,errinjct")) {
                args[0] = o.val;
                args[1] = o.addr;
                args[2] = o.size & 8 ? buf : buf + 1024;
            }
            qspapr_rtas(s, &alloc, c->name, c->nargs, args, c->nret, rets);
            break;
        }
        case SOP_BUF_WRITE:
            qtest_writeq(s, buf + 8 * (o.addr % 512), o.val);
            break;
        case SOP_DX_WRITE:
            qdx_write(d, o.addr & 0xf8, o.val);
            break;
        case SOP_DX_RUN:
            qdx_write(d, DXR_DST, o.val);
            qdx_write(d, DXR_SRC, o.val);
            qdx_write(d, DXR_LEN, o.addr % 0x10000);
            qdx_write(d, DXR_RAW_DATA, o.val);
            qdx_write(d, DXR_CMD, o.sel);
            break;
        case SOP_DX_CONFIG:
            qpci_config_writel(d->dev, o.sel % 256, o.val);
            break;
        default:
            cpu_access(s, SPAPR_MEM32_CPU + o.addr % SPAPR_MEM32_SIZE, o.size,
                       o.sel & 1, o.val);
            break;
        }
    }
    flush_events(s);
    for (i = 0; i < 2; i++) {
        qdx_uninit(&dx[i]);
    }
    qpci_free_spapr(bus);
    alloc_destroy(&alloc);
    fuzz_reset(s);
    drain_call_rcu();
}

static GString *spapr_argv(FuzzTarget *t)
{
    return g_string_new(TARGET_NAME " -machine pseries,ic-mode=xics -m 512M "
                        "-global spapr-pci-host-bridge.pe-per-device=on "
                        "-device dma-exerciser,addr=4.0 "
                        "-device dma-exerciser,addr=5.0,host-map-entries=8 "
                        "-accel qtest -display none");
}

static void register_powerio_fuzz_targets(void)
{
    fuzz_add_target(&(FuzzTarget){
        .name = "powerio-pnv-phb3",
        .description = "Fuzz the powernv8 PHB3 (registers, IODA, TCEs, "
                       "EEH, MMIO routing) and DMA/MSI through it",
        .get_init_cmdline = pnv_phb3_argv,
        .fuzz = pnv_phb3_fuzz,
    });
    fuzz_add_target(&(FuzzTarget){
        .name = "powerio-spapr",
        .description = "Fuzz the pseries IO paravirt interfaces (TCE "
                       "hypercalls, DDW/EEH/MSI/errinjct RTAS) with one PE "
                       "per device, and DMA/MSI/MMIO through them",
        .get_init_cmdline = spapr_argv,
        .fuzz = spapr_fuzz,
    });
}

fuzz_target_init(register_powerio_fuzz_targets);
