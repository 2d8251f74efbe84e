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
 * Run it with scripts/powerio/fuzz.sh (docs/devel/powerio-testing.rst);
 * a finding becomes a case of tests/qtest/pnv-phb3-torture-test.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/rcu.h"
#include "tests/qtest/libqtest.h"
#include "tests/qtest/libqos/pci-pnv-phb3.h"
#include "tests/qtest/libqos/dma-exerciser.h"
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

static void register_powerio_fuzz_targets(void)
{
    fuzz_add_target(&(FuzzTarget){
        .name = "powerio-pnv-phb3",
        .description = "Fuzz the powernv8 PHB3 (registers, IODA, TCEs, "
                       "EEH, MMIO routing) and DMA/MSI through it",
        .get_init_cmdline = pnv_phb3_argv,
        .fuzz = pnv_phb3_fuzz,
    });
}

fuzz_target_init(register_powerio_fuzz_targets);
