/*
 * The powerio fuzz targets: machines, set-up and input interpreter
 * (see powerio-fuzz.h for the input format)
 *
 * powerio-pnv-phb3: a powernv8 PHB3 brought up as skiboot does, the DMA
 * exerciser behind it in PE 3 with EEH set up, window 0 a two-level TCE
 * table whose first pages map a DMA area, window 1 a bypass over RAM,
 * the exerciser's 8 MSI-X vectors routed through the IVT to the first
 * thread's ICP.  Operations reach PHB registers (error traps, LEM,
 * injection, TCE kill), IODA tables, the RTT, TVEs and IVEs, PBCQ XSCOM
 * registers, TCEs in memory, the exerciser (registers, MSI-X table, DMA
 * and raw writes, config space; the root port's too), CPU accesses in the
 * M32 window and an M64 area, the ICP, and EEH recovery as skiboot does.
 *
 * powerio-pnv-phb4 (powernv9) and powerio-pnv-phb5 (powernv10): PHB 1
 * brought up as skiboot does, the exerciser in PE 3 (its M32 segments
 * too), TVE#0 a two-level TCE table whose first pages map a DMA area,
 * TVE#1 a bypass over RAM, another PE's TVE#0 a one-level table, the
 * exerciser's 8 MSI-X vectors aimed at the PHB's 32-bit MSI window.
 * Operations reach PHB registers (PHB_CTRLR's TVT_ADDR_SEL, TCE kill, RTC
 * invalidation, the RTT BAR, MSI enables, ...), IODA3 tables (TVT, MBT,
 * MDT, PEST, ...), the RTT in memory, TVEs, TCEs in memory, the PEC
 * stack's XSCOM registers, the exerciser (registers, MSI-X table, DMA and
 * raw writes, config space; the root complex's too), CPU accesses in M32,
 * the 64-bit MMIO window and the PHB's interrupt (ESB) pages.
 *
 * powerio-spapr: a pseries machine with one PE per device and two
 * exercisers (the second behind a host IOMMU of 8 mappings), EEH enabled
 * on both PEs, TCEs in both default windows, a 64K-page dynamic window
 * per PE with TCEs, 8 MSI-X vectors per exerciser routed to CPU 0.
 * Operations: the TCE hypercalls (on the PEs' windows, across PEs, any
 * LIOBN), any PCI RTAS call with arguments plausible or not and buffers
 * the input fills, DDW create/remove/reset, EEH (state, reset, configure,
 * thaw, recovery as Linux does it, slot-error-detail), error injection
 * sessions, interrupt presentation (H_IPOLL, H_XIRR/H_EOI, set-xive,
 * int-on/off), the exercisers' registers, DMA, raw writes and config
 * space, CPU accesses to their BARs and the PHB's 32-bit window.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "../libqtest.h"
#include "pci-pnv-phb3.h"
#include "pci-pnv-phb4.h"
#include "dma-exerciser.h"
#include "malloc-spapr.h"
#include "pci-spapr.h"
#include "spapr-hcall.h"
#include "standard-headers/linux/pci_regs.h"
#include "powerio-fuzz.h"

typedef struct QPioFuzzOp {
    uint8_t op;
    uint8_t size;
    uint16_t sel;
    uint32_t addr;
    uint64_t val;
} QPioFuzzOp;

static bool next_op(const uint8_t **data, size_t *size, QPioFuzzOp *o)
{
    const uint8_t *p = *data;

    if (*size < QPIO_FUZZ_OP_SIZE) {
        return false;
    }
    o->op = p[0];
    o->size = p[1];
    o->sel = lduw_le_p(p + 2);
    o->addr = ldl_le_p(p + 4);
    o->val = ldq_le_p(p + 8);
    *data += QPIO_FUZZ_OP_SIZE;
    *size -= QPIO_FUZZ_OP_SIZE;
    return true;
}

/* A CPU load or store of 1, 2, 4 or 8 bytes (@width 0..3) */
static void cpu_access(QTestState *s, uint64_t addr, unsigned width,
                       bool write, uint64_t val)
{
    switch (width & 3) {
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

/* The same through a BAR of a device */
static void bar_access(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                       unsigned width, bool write, uint64_t val)
{
    switch (width & 3) {
    case 0:
        write ? qpci_io_writeb(dev, bar, off, val) :
                (void)qpci_io_readb(dev, bar, off);
        break;
    case 1:
        write ? qpci_io_writew(dev, bar, off, val) :
                (void)qpci_io_readw(dev, bar, off);
        break;
    case 2:
        write ? qpci_io_writel(dev, bar, off, val) :
                (void)qpci_io_readl(dev, bar, off);
        break;
    default:
        write ? qpci_io_writeq(dev, bar, off, val) :
                (void)qpci_io_readq(dev, bar, off);
    }
}

/*
 * An M32 access: the exerciser's BAR0 or BAR2 (sel bits 8:9 = 0, 1), or
 * anywhere in the window from the CPU side
 */
static void m32_access(QTestState *s, QDmaExerciser *dx, uint64_t m32_cpu,
                       uint64_t m32_size, const QPioFuzzOp *o)
{
    switch ((o->sel >> 8) & 3) {
    case 0:
        bar_access(dx->dev, dx->bar0, o->addr & 0xfff8, o->size, o->sel & 1,
                   o->val);
        break;
    case 1:
        bar_access(dx->dev, dx->bar2, o->addr & 0xfff8, o->size, o->sel & 1,
                   o->val);
        break;
    default:
        cpu_access(s, m32_cpu + o->addr % m32_size, o->size, o->sel & 1,
                   o->val);
        break;
    }
}

/* A config space write of 1, 2 or 4 bytes */
static void config_write(QPCIDevice *dev, uint8_t off, unsigned width,
                         uint32_t val)
{
    switch (width % 3) {
    case 0:
        qpci_config_writeb(dev, off, val);
        break;
    case 1:
        qpci_config_writew(dev, off, val);
        break;
    default:
        qpci_config_writel(dev, off, val);
    }
}

/* An exerciser register (BAR0: registers, MSI-X table, PBA) */
static void dx_reg_write(QDmaExerciser *dx, uint32_t reg, bool word,
                         uint64_t val)
{
    if (word) {
        qpci_io_writel(dx->dev, dx->bar0, reg & 0xffc, val);
    } else {
        qpci_io_writeq(dx->dev, dx->bar0, reg & 0xff8, val);
    }
}

/*
 * Start an exerciser command and let it run, bounded: with @flush
 * (QEMU in this process) each round runs QEMU's pending work; in a qtest
 * QEMU runs by itself and each status read waits for it a little.
 *
 * sel: bits 0-2 the operation (1..6 valid, 0 and 7 rejected by the
 * device), bit 3 MSI-X on completion, bits 4-6 the vector, bits 7-8
 * COUNT - 1, bit 9 a 4 KiB STRIDE, bits 10-11 how val gives the IOVA
 * (the targets' *_iova); size bits 1-2 the raw write's width; addr bits
 * 0-13 LEN - 1, bits 16-29 the buffer offset (BUF_TO_MEM, MEM_TO_BUF) or
 * the page distance between source and destination (MEM_TO_MEM); the
 * raw write's data is addr, the FILL/VERIFY pattern val.
 */
static void dx_run(QDmaExerciser *dx, QTestState *s, QPioFuzzFlush *flush,
                   const QPioFuzzOp *o, uint64_t iova)
{
    uint64_t op = o->sel & 7;
    uint64_t len = (o->addr & 0x3fff) + 1;
    uint64_t off = (o->addr >> 16) & 0x3fff;
    uint64_t status = DXR_STATUS_BUSY;
    int i;

    qdx_write(dx, DXR_SRC, op == DXR_OP_BUF_TO_MEM ? off : iova);
    qdx_write(dx, DXR_DST, op == DXR_OP_MEM_TO_BUF ? off :
                           op == DXR_OP_MEM_TO_MEM ? iova + (off << 12) :
                           iova);
    qdx_write(dx, DXR_LEN, op == DXR_OP_RAW_WRITE ? 1 << ((o->size >> 1) & 3) :
                           len);
    qdx_write(dx, DXR_COUNT, ((o->sel >> 7) & 3) + 1);
    qdx_write(dx, DXR_STRIDE, o->sel & 0x200 ? 4096 : 0);
    qdx_write(dx, DXR_PATTERN, o->val);
    qdx_write(dx, DXR_RAW_DATA, o->addr);
    qdx_write(dx, DXR_CMD, op | (o->sel & 8 ? DXR_CMD_IRQ : 0) |
                           DXR_CMD_VECTOR((o->sel >> 4) & 7));
    for (i = 0; i < (flush ? 8 : 100) && (status & DXR_STATUS_BUSY) &&
                status != UINT64_MAX; i++) {
        if (flush) {
            flush(s);
        }
        status = qdx_read(dx, DXR_STATUS);
    }
}

/* ---- powerio-pnv-phb3 --------------------------------------------------- */

#define PNV_PHB             1
#define PNV_DX_PE           3
#define PNV_DX_DEVFN        QPNV_PHB3_DEVFN(QPNV_PHB3_SECONDARY_BUS, 0)
#define PNV_RAM             (1ULL << 30)
#define PNV_DMA_PAGES       16
#define PNV_BYPASS          (1ULL << 59)    /* DMA address bit: window 1 */
#define PNV_M64_AIB         (0x3d00000000000ULL + 0x1000000000ULL * PNV_PHB)
#define PNV_ICP(pir)        (0x3ffff80000000ULL + ((uint64_t)(pir) << 12))
#define PNV_IVT_ENTRIES     2048
#define PNV_NUM_PE          256
#define P8_XSCOM_BASE       0x3fc0000000000ULL

/* The PBCQ's three XSCOM ranges (hw/ppc/pnv_xscom.h PNV_XSCOM_PBCQ_*) */
static const struct {
    uint32_t base, stride, size;
} pnv_pbcq_units[] = {
    { 0x2012000, 0x400, 0x46 },     /* nest */
    { 0x9012000, 0x400, 0x15 },     /* PCI */
    { 0x9013c00, 0x40, 0x5 },       /* SPCI (ASB) */
};

enum {
    PNV_PHB_WRITE,      /* addr: register; val */
    PNV_PHB_READ,       /* addr: register */
    PNV_IODA_WRITE,     /* sel: table (0..31), addr: index; val */
    PNV_IODA_READ,
    PNV_TCE_WRITE,      /* sel bit 0: top level, else the first leaf; */
                        /* addr: entry; sel bit 1: val raw, else val */
                        /* bits 0-3 a DMA page, bits 4-5 permissions */
    PNV_PBCQ,           /* sel bits 8-9: unit, 0-7: register; size */
                        /* bit 0: read, else write val */
    PNV_DX_WRITE,       /* addr: BAR0 offset; size bit 0: 4 bytes */
    PNV_DX_RUN,         /* see dx_run; iova from pnv_iova */
    PNV_DX_CONFIG,      /* sel: offset; size bits 0-1 width, bit 2 */
                        /* the root port instead; val */
    PNV_M32,            /* sel bits 8-9: exerciser BAR0, BAR2 or */
                        /* anywhere in M32 (addr); size bits 0-1 width, */
                        /* sel bit 0 store; val */
    PNV_M64,            /* M64 area + addr, as PNV_M32 */
    PNV_TCE_KILL,       /* sel bits 0-1: all, PE, page, raw val */
    PNV_EEH,            /* sel bits 0-2: see pnv_eeh */
    PNV_ICP,            /* sel bits 0-1: poll, accept + EOI, CPPR, MFRR */
    PNV_RTT,            /* RID sel to PE val (bits 0-7) */
    PNV_TVE,            /* PE sel bits 0-7 (size bit 0: the exerciser's), */
                        /* window sel bit 8; size bits 1-2: the table's */
                        /* TVE xor val, a bypass val..addr, raw, zero */
    PNV_IVE,            /* source addr, PE sel bits 0-7, priority val */
                        /* bits 0-7, server val bits 8-15 */
    PNV__MAX,
};

typedef struct PnvFuzz {
    QTestState *s;
    QPioFuzzFlush *flush;
    QPnvPhb3 phb;
    QDmaExerciser dx;
    QPCIDevice *root;           /* the root port, 00.0 on bus 0 */
    QPnvTceTable t;             /* window 0: 2 levels of 512, 4 KiB pages */
    uint64_t leaf;              /* its first level-0 table */
    uint64_t dma;               /* PNV_DMA_PAGES the first TCEs map */
} PnvFuzz;

/* hw/ppc/pnv_xscom.c pnv_xscom_addr, POWER8 */
static uint64_t pnv_xscom_addr(uint32_t pcba)
{
    return P8_XSCOM_BASE | (((uint64_t)pcba << 4) & ~0xffULL) |
           (((uint64_t)pcba << 3) & 0x78);
}

static void *pnv_setup(QTestState *s, QPioFuzzFlush *flush)
{
    PnvFuzz *f = g_new0(PnvFuzz, 1);
    QPnvPhb3 *phb = &f->phb;
    unsigned i;

    f->s = s;
    f->flush = flush;
    qpnv_phb3_init(phb, s, PNV_PHB);
    qdx_init(&f->dx, &phb->bus, PNV_DX_DEVFN);
    f->root = qpci_device_find(&phb->bus, 0);
    g_assert_nonnull(f->root);
    qpnv_phb3_set_pe(phb, QPNV_PHB3_SECONDARY_BUS, 0, PNV_DX_PE);
    qpnv_phb3_init_eeh(phb, QPNV_P8_FIRST_PIR, 4);
    qpnv_phb3_set_m32_pe(phb, f->dx.bar0.addr, PNV_DX_PE);
    qpnv_phb3_set_m32_pe(phb, f->dx.bar2.addr, PNV_DX_PE);
    qpnv_phb3_set_peltv(phb, PNV_DX_PE, PNV_DX_PE);

    qpnv_tce_table_init(phb, &f->t, 2, 9, 12);
    f->dma = qpnv_phb3_alloc(phb, PNV_DMA_PAGES * 4096, 4096);
    for (i = 0; i < PNV_DMA_PAGES; i++) {
        qpnv_tce_map(phb, &f->t, i * 4096ULL, f->dma + i * 4096ULL,
                     QPNV_TCE_RW);
    }
    f->leaf = qtest_readq(s, f->t.base) & ~0xfffULL;
    qpnv_phb3_set_tve(phb, PNV_DX_PE, 0, qpnv_phb3_tve(&f->t));
    qpnv_phb3_set_tve(phb, PNV_DX_PE, 1, qpnv_phb3_bypass_tve(0, PNV_RAM));

    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        qpnv_phb3_set_ive(phb, i, QPNV_P8_FIRST_PIR, 5, PNV_DX_PE);
        qdx_msix_set_vector(&f->dx, i, qpnv_phb3_msi_addr32(i),
                            qpnv_phb3_msi_data(i));
    }
    qdx_msix_enable(&f->dx);
    qpnv_icp_set_cppr(s, QPNV_P8_FIRST_PIR, 0xff);
    return f;
}

static void pnv_free(void *opaque)
{
    PnvFuzz *f = opaque;

    qdx_uninit(&f->dx);
    g_free(f->root);
    g_free(f);
}

/*
 * A DMA address: sel bits 10-11 pick window 0 at page val bits 0-15,
 * the bypass window at val (within RAM), the 32-bit MSI address of the
 * IVE val bits 0-10 (the raw write's data is addr), or val as it is
 */
static uint64_t pnv_iova(const QPioFuzzOp *o)
{
    switch ((o->sel >> 10) & 3) {
    case 0:
        return (o->val & 0xffff) << 12;
    case 1:
        return PNV_BYPASS | (o->val & (PNV_RAM - 1));
    case 2:
        return qpnv_phb3_msi_addr32(o->val & (PNV_IVT_ENTRIES - 1));
    default:
        return o->val;
    }
}

static unsigned pnv_pe(const QPioFuzzOp *o)
{
    return o->size & 1 ? PNV_DX_PE : o->sel % PNV_NUM_PE;
}

/*
 * EEH as skiboot and Linux do it: clear a freeze (the PE in sel bits
 * 8-15, or the exerciser's with size bit 0), read the PE's PEST and
 * state, set a PELTV bit, a PHB register through the ASB (XSCOM) path,
 * the error summary and LEM, a freeze clear of the exerciser's PE with
 * its command register restored
 */
static void pnv_eeh(PnvFuzz *f, const QPioFuzzOp *o)
{
    QPnvPhb3 *phb = &f->phb;
    unsigned pe = o->size & 1 ? PNV_DX_PE : o->sel >> 8;
    uint64_t pest[2];

    switch (o->sel & 7) {
    case 0:
        qpnv_phb3_freeze_clear(phb, pe);
        break;
    case 1:
        qpnv_phb3_pest(phb, pe, pest);
        qpnv_phb3_pe_frozen(phb, pe);
        break;
    case 2:
        qpnv_phb3_set_peltv(phb, pe, o->val % PNV_NUM_PE);
        break;
    case 3:
        qpnv_phb3_read_asb(phb, o->addr & 0xff8);
        break;
    case 4:
        qpnv_phb3_write_asb(phb, o->addr & 0xff8, o->val);
        break;
    case 5:
        qpnv_phb3_read(phb, PHB_ETU_ERR_SUMMARY);
        qpnv_phb3_read(phb, PHB_LEM_FIR_ACCUM);
        break;
    case 6:
        qpnv_phb3_write(phb, PHB_LEM_FIR_ACCUM, o->val);
        break;
    default:
        qpnv_phb3_freeze_clear(phb, PNV_DX_PE);
        qpci_config_writew(f->dx.dev, PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        break;
    }
}

static void pnv_icp(PnvFuzz *f, const QPioFuzzOp *o)
{
    uint32_t xirr;

    switch (o->sel & 3) {
    case 0:
        qpnv_icp_poll(f->s, QPNV_P8_FIRST_PIR);
        break;
    case 1:
        xirr = qpnv_icp_accept(f->s, QPNV_P8_FIRST_PIR);
        qpnv_icp_eoi(f->s, QPNV_P8_FIRST_PIR, xirr);
        break;
    case 2:
        qpnv_icp_set_cppr(f->s, QPNV_P8_FIRST_PIR, o->val);
        break;
    default:
        qtest_writeb(f->s, PNV_ICP(QPNV_P8_FIRST_PIR) + 12, o->val);
        break;
    }
}

static uint64_t pnv_tve(PnvFuzz *f, const QPioFuzzOp *o)
{
    switch ((o->size >> 1) & 3) {
    case 0:
        return qpnv_phb3_tve(&f->t) ^ o->val;
    case 1:
        return qpnv_phb3_bypass_tve(o->val & ~0xffffffULL,
                                    (uint64_t)o->addr << 24);
    case 2:
        return o->val;
    default:
        return 0;
    }
}

static void pnv_run(void *opaque, const uint8_t *data, size_t size)
{
    PnvFuzz *f = opaque;
    QPnvPhb3 *phb = &f->phb;
    QTestState *s = f->s;
    QPioFuzzOp o;

    while (next_op(&data, &size, &o)) {
        switch (o.op % PNV__MAX) {
        case PNV_PHB_WRITE:
            qpnv_phb3_write(phb, o.addr & 0xff8, o.val);
            break;
        case PNV_PHB_READ:
            qpnv_phb3_read(phb, o.addr & 0xff8);
            break;
        case PNV_IODA_WRITE:
            qpnv_phb3_ioda_write(phb, o.sel % 32, o.addr % 2048, o.val);
            break;
        case PNV_IODA_READ:
            qpnv_phb3_ioda_read(phb, o.sel % 32, o.addr % 2048);
            break;
        case PNV_TCE_WRITE:
            qtest_writeq(s, (o.sel & 1 ? f->t.base : f->leaf) +
                         8 * (o.addr % 512),
                         o.sel & 2 ? o.val :
                         (f->dma + (o.val % PNV_DMA_PAGES) * 4096) |
                         ((o.val >> 4) & QPNV_TCE_RW));
            break;
        case PNV_PBCQ: {
            unsigned u = ((o.sel >> 8) & 3) % ARRAY_SIZE(pnv_pbcq_units);
            uint32_t pcba = pnv_pbcq_units[u].base +
                            pnv_pbcq_units[u].stride * PNV_PHB +
                            (o.sel & 0xff) % pnv_pbcq_units[u].size;

            cpu_access(s, pnv_xscom_addr(pcba), 3, !(o.size & 1), o.val);
            break;
        }
        case PNV_DX_WRITE:
            dx_reg_write(&f->dx, o.addr, o.size & 1, o.val);
            break;
        case PNV_DX_RUN:
            dx_run(&f->dx, s, f->flush, &o, pnv_iova(&o));
            break;
        case PNV_DX_CONFIG:
            config_write(o.size & 4 ? f->root : f->dx.dev, o.sel, o.size & 3,
                         o.val);
            break;
        case PNV_M32:
            m32_access(s, &f->dx, phb->m32_cpu, phb->m32_size, &o);
            break;
        case PNV_M64:
            cpu_access(s, PNV_M64_AIB + o.addr, o.size, o.sel & 1, o.val);
            break;
        case PNV_TCE_KILL:
            switch (o.sel & 3) {
            case 0:
                qpnv_phb3_tce_kill_all(phb);
                break;
            case 1:
                qpnv_phb3_tce_kill_pe(phb, pnv_pe(&o));
                break;
            case 2:
                qpnv_phb3_tce_kill_page(phb, pnv_pe(&o),
                                        (uint64_t)o.addr << 12);
                break;
            default:
                qpnv_phb3_write(phb, PHB_TCE_KILL, o.val);
                break;
            }
            break;
        case PNV_EEH:
            pnv_eeh(f, &o);
            break;
        case PNV_ICP:
            pnv_icp(f, &o);
            break;
        case PNV_RTT:
            qpnv_phb3_set_pe(phb, o.sel >> 8, o.sel & 0xff,
                             o.val % PNV_NUM_PE);
            break;
        case PNV_TVE:
            qpnv_phb3_set_tve(phb, o.size & 1 ? PNV_DX_PE : o.sel & 0xff,
                              (o.sel >> 8) & 1, pnv_tve(f, &o));
            break;
        default:
            qpnv_phb3_set_ive(phb, o.addr % PNV_IVT_ENTRIES,
                              (o.val >> 8) & 0xff, o.val & 0xff,
                              o.sel % PNV_NUM_PE);
            break;
        }
    }
}

/* ---- powerio-pnv-phb4, powerio-pnv-phb5 --------------------------------- */

#define P4_PHB              1
#define P4_DX_PE            3
#define P4_OTHER_PE         4
#define P4_DX_DEVFN         QPNV_PHB4_DEVFN(QPNV_PHB4_SECONDARY_BUS, 0)
#define P4_RAM              (1ULL << 30)
#define P4_DMA_PAGES        16
#define P4_MSI32            0xffff0000ULL
#define P4_REGS_SIZE        0x3000      /* the PHB's registers */

enum {
    P4_PHB_WRITE,       /* addr: register; val */
    P4_PHB_READ,        /* addr: register */
    P4_IODA_WRITE,      /* sel: table (0..31), addr: index; val */
    P4_IODA_READ,
    P4_TCE_WRITE,       /* sel bit 0: top level, else the first leaf; */
                        /* addr: entry; sel bit 1: val raw, else val */
                        /* bits 0-3 a DMA page, bits 4-5 permissions */
    P4_STACK,           /* sel bit 8: the stack's PCI registers, else */
                        /* its nest ones; sel bits 0-5: register; size */
                        /* bit 0: read, else write val */
    P4_DX_WRITE,        /* addr: BAR0 offset; size bit 0: 4 bytes */
    P4_DX_RUN,          /* see dx_run; iova from p4_iova */
    P4_DX_CONFIG,       /* sel: offset; size bits 0-1 width, bit 2 */
                        /* the root complex instead; val */
    P4_M32,             /* sel bits 8-9: exerciser BAR0, BAR2 or */
                        /* anywhere in M32 (addr); size bits 0-1 width, */
                        /* sel bit 0 store; val */
    P4_M64,             /* the 64-bit MMIO window + addr, as P4_M32 */
    P4_TCE_KILL,        /* see p4_kill */
    P4_RTT,             /* see p4_rtt */
    P4_TVE,             /* TVT PE * 2 + sel bit 9, PE sel bits 0-8 */
                        /* (size bit 0: the exerciser's); size bit 3: */
                        /* TVT sel bits 0-11 instead; size bits 1-2: */
                        /* the table's TVE xor val, a bypass val..addr, */
                        /* raw, zero */
    P4_CTRLR,           /* PHB_CTRLR as set up, TVT_ADDR_SEL val bits */
                        /* 0-2 (size bit 0: val raw) */
    P4_ESB,             /* the ESB page of source addr (modulo the */
                        /* PHB's), at the ESB page size PHB_CTRLR sets; */
                        /* offset sel bits 0-11; size bits 0-1 width, */
                        /* bit 2 store; val */
    P4__MAX,
};

typedef struct P4Fuzz {
    QTestState *s;
    QPioFuzzFlush *flush;
    QPnvPhb4 phb;
    QDmaExerciser dx;
    QPCIDevice *root;           /* the root complex, 00.0 on bus 0 */
    QPnvPhb4Tce t;              /* TVE#0: 2 levels of 512, 4 KiB pages */
    QPnvPhb4Tce t2;             /* the other PE's TVE#0 */
    uint64_t leaf;              /* the first level-0 table of t */
    uint64_t dma;               /* P4_DMA_PAGES the first TCEs map */
    uint64_t ctrlr;             /* PHB_CTRLR as skiboot sets it */
} P4Fuzz;

static void *p4_setup(QTestState *s, QPioFuzzFlush *flush, int gen)
{
    P4Fuzz *f = g_new0(P4Fuzz, 1);
    QPnvPhb4 *phb = &f->phb;
    unsigned i;

    f->s = s;
    f->flush = flush;
    qpnv_phb4_init(phb, s, gen, P4_PHB);
    /* skiboot's error enables: faults freeze, some errors fence */
    qpnv_phb4_init_errors(phb);
    qdx_init(&f->dx, &phb->bus, P4_DX_DEVFN);
    f->root = qpci_device_find(&phb->bus, 0);
    g_assert_nonnull(f->root);
    qpnv_phb4_set_pe(phb, QPNV_PHB4_SECONDARY_BUS, 0, P4_DX_PE);
    qpnv_phb4_set_m32_pe(phb, f->dx.bar0.addr, P4_DX_PE);
    qpnv_phb4_set_m32_pe(phb, f->dx.bar2.addr, P4_DX_PE);
    f->ctrlr = qpnv_phb4_read(phb, PHB_CTRLR);

    qpnv_phb4_tce_init(phb, &f->t, 2, 9, 12);
    f->dma = qpnv_phb4_alloc(phb, P4_DMA_PAGES * 4096, 4096);
    for (i = 0; i < P4_DMA_PAGES; i++) {
        qpnv_phb4_tce_map(phb, &f->t, i * 4096ULL, f->dma + i * 4096ULL,
                          QPNV_PHB4_TCE_RW);
    }
    f->leaf = qtest_readq(s, f->t.base) & ~0xfffULL;
    qpnv_phb4_set_tve(phb, P4_DX_PE, 0, qpnv_phb4_tve(&f->t));
    qpnv_phb4_set_tve(phb, P4_DX_PE, 1, qpnv_phb4_bypass_tve(0, P4_RAM));
    qpnv_phb4_tce_init(phb, &f->t2, 1, 9, 12);
    qpnv_phb4_tce_map(phb, &f->t2, 0, f->dma, QPNV_PHB4_TCE_R);
    qpnv_phb4_set_tve(phb, P4_OTHER_PE, 0, qpnv_phb4_tve(&f->t2));

    /* MSI-X vector v: source v of the PHB, through the 32-bit window */
    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        qdx_msix_set_vector(&f->dx, i, P4_MSI32 | (i << 4), 0);
    }
    qdx_msix_enable(&f->dx);
    return f;
}

static void *p4_setup_phb4(QTestState *s, QPioFuzzFlush *flush)
{
    return p4_setup(s, flush, 4);
}

static void *p4_setup_phb5(QTestState *s, QPioFuzzFlush *flush)
{
    return p4_setup(s, flush, 5);
}

static void p4_free(void *opaque)
{
    P4Fuzz *f = opaque;

    qdx_uninit(&f->dx);
    g_free(f->root);
    g_free(f);
}

/*
 * A DMA address: sel bits 10-11 pick TVE#0 at page val bits 0-15, the
 * bypass TVE#1 at val (within RAM), the 32-bit MSI address of source val
 * bits 0-11 (the raw write's data is addr), or val as it is
 */
static uint64_t p4_iova(const QPioFuzzOp *o)
{
    switch ((o->sel >> 10) & 3) {
    case 0:
        return (o->val & 0xffff) << 12;
    case 1:
        return QPNV_PHB4_TVE1 | (o->val & (P4_RAM - 1));
    case 2:
        return P4_MSI32 | ((o->val & 0xfff) << 4);
    default:
        return o->val;
    }
}

/* The PE of a kill: the exerciser's (size bit 0), or val bits 0-8 */
static unsigned p4_pe(const QPioFuzzOp *o)
{
    return o->size & 1 ? P4_DX_PE : o->val % 512;
}

/*
 * Kills (sel bits 0-2), as skiboot's phb4_tce_kill writes them but
 * without its waits (a fuzzed PHB may never answer them): all, of a PE
 * (p4_pe: also beyond the PHB), of the 4K page addr, of the 64K, 2M or
 * 1G (sel bits 4-5) page addr of that size, val raw, or of one page with
 * PSEL and the size code sel bits 4-7 (any) at address val
 */
static void p4_kill(P4Fuzz *f, const QPioFuzzOp *o)
{
    static const unsigned shifts[] = { 16, 21, 30, 16 };
    uint64_t pe = p4_pe(o);
    uint64_t addr_mask = 0x0ffffffffffff000ULL;
    unsigned code = (o->sel >> 4) & 3;
    uint64_t kill;

    switch (o->sel & 7) {
    case 0:
        kill = PHB_TCE_KILL_ALL;
        break;
    case 1:
        kill = PHB_TCE_KILL_PE | pe;
        break;
    case 2:
        kill = PHB_TCE_KILL_ONE | (((uint64_t)o->addr << 12) & addr_mask) |
               pe;
        break;
    case 3:
        kill = PHB_TCE_KILL_ONE | PHB_TCE_KILL_PSEL |
               ((uint64_t)(code % 3 + 1) << 12) |
               (((uint64_t)o->addr << shifts[code]) & addr_mask) | pe;
        break;
    case 4:
        kill = o->val;
        break;
    default:
        kill = PHB_TCE_KILL_ONE | PHB_TCE_KILL_PSEL |
               ((uint64_t)((o->sel >> 4) & 0xf) << 12) |
               (o->val & 0x0fffffffffff0000ULL) | pe;
        break;
    }
    qpnv_phb4_write(&f->phb, PHB_TCE_KILL, kill);
}

/*
 * The RTT entry of RID sel (bus bits 8-15, devfn 0-7) set to PE val bits
 * 0-15 (any: beyond the PHB too) in memory; size bits 0-1: then
 * invalidate all (as skiboot), that RID, nothing (the RTC keeps the old
 * PE), or write PHB_RTC_INVALIDATE with addr in bits 0-31
 */
static void p4_rtt(P4Fuzz *f, const QPioFuzzOp *o)
{
    unsigned bus = o->sel >> 8, devfn = o->sel & 0xff;

    qpnv_phb4_rtt_set(&f->phb, bus, devfn, o->val & 0xffff);
    switch (o->size & 3) {
    case 0:
        qpnv_phb4_rtc_invalidate_all(&f->phb);
        break;
    case 1:
        qpnv_phb4_rtc_invalidate_rid(&f->phb, bus, devfn);
        break;
    case 2:
        break;
    default:
        qpnv_phb4_write(&f->phb, PHB_RTC_INVALIDATE,
                        (uint64_t)o->addr << 32);
        break;
    }
}

static uint64_t p4_tve(P4Fuzz *f, const QPioFuzzOp *o)
{
    switch ((o->size >> 1) & 3) {
    case 0:
        return qpnv_phb4_tve(&f->t) ^ o->val;
    case 1:
        return qpnv_phb4_bypass_tve(o->val & 0x0003ffffff000000ULL,
                                    ((uint64_t)o->addr << 24) &
                                    0x0003ffffff000000ULL);
    case 2:
        return o->val;
    default:
        return 0;
    }
}

/*
 * The interrupt sources' ESB pages, as firmware and Linux reach them: a
 * source the PHB has, at the page size PHB_CTRLR gives now.  (The base's
 * XIVE source region is sized for two 64K pages a source, so an access
 * beyond the PHB's sources reaches the source model with a source number
 * it does not have, and it asserts: finding-esb-beyond-sources, which
 * gets there by DMA.)
 */
static void p4_esb(P4Fuzz *f, const QPioFuzzOp *o)
{
    uint64_t page = qpnv_phb4_read(&f->phb, PHB_CTRLR) &
                    PHB_CTRLR_IRQ_PGSZ_64K ? 0x10000 : 0x1000;

    cpu_access(f->s, f->phb.esb + (o->addr % f->phb.num_irqs) * page +
               (o->sel & 0xfff), o->size, o->size & 4, o->val);
}

static void p4_run(void *opaque, const uint8_t *data, size_t size)
{
    P4Fuzz *f = opaque;
    QPnvPhb4 *phb = &f->phb;
    QTestState *s = f->s;
    QPioFuzzOp o;

    while (next_op(&data, &size, &o)) {
        switch (o.op % P4__MAX) {
        case P4_PHB_WRITE:
            qpnv_phb4_write(phb, (o.addr % P4_REGS_SIZE) & ~7, o.val);
            break;
        case P4_PHB_READ:
            qpnv_phb4_read(phb, (o.addr % P4_REGS_SIZE) & ~7);
            break;
        case P4_IODA_WRITE:
            qpnv_phb4_ioda_write(phb, o.sel % 32, o.addr, o.val);
            break;
        case P4_IODA_READ:
            qpnv_phb4_ioda_read(phb, o.sel % 32, o.addr);
            break;
        case P4_TCE_WRITE:
            qtest_writeq(s, (o.sel & 1 ? f->t.base : f->leaf) +
                         8 * (o.addr % 512),
                         o.sel & 2 ? o.val :
                         (f->dma + (o.val % P4_DMA_PAGES) * 4096) |
                         ((o.val >> 4) & QPNV_PHB4_TCE_RW));
            break;
        case P4_STACK:
            if (o.sel & 0x100) {
                if (o.size & 1) {
                    qpnv_phb4_pci_read(phb, o.sel & 0x3f);
                } else {
                    qpnv_phb4_pci_write(phb, o.sel & 0x3f, o.val);
                }
            } else if (o.size & 1) {
                qpnv_phb4_nest_read(phb, o.sel & 0x3f);
            } else {
                qpnv_phb4_nest_write(phb, o.sel & 0x3f, o.val);
            }
            break;
        case P4_DX_WRITE:
            dx_reg_write(&f->dx, o.addr, o.size & 1, o.val);
            break;
        case P4_DX_RUN:
            dx_run(&f->dx, s, f->flush, &o, p4_iova(&o));
            break;
        case P4_DX_CONFIG:
            config_write(o.size & 4 ? f->root : f->dx.dev, o.sel, o.size & 3,
                         o.val);
            break;
        case P4_M32:
            m32_access(s, &f->dx, phb->m32_cpu, phb->m32_size, &o);
            break;
        case P4_M64:
            cpu_access(s, phb->mmio0 + o.addr, o.size, o.sel & 1, o.val);
            break;
        case P4_TCE_KILL:
            p4_kill(f, &o);
            break;
        case P4_RTT:
            p4_rtt(f, &o);
            break;
        case P4_TVE: {
            unsigned pe = o.size & 1 ? P4_DX_PE : o.sel & 0x1ff;

            qpnv_phb4_ioda_write(phb, IODA3_TBL_TVT,
                                 o.size & 8 ? o.sel & 0xfff :
                                 pe * 2 + ((o.sel >> 9) & 1),
                                 p4_tve(f, &o));
            break;
        }
        case P4_CTRLR:
            qpnv_phb4_write(phb, PHB_CTRLR, o.size & 1 ? o.val :
                            (f->ctrlr & ~PHB_CTRLR_TVT_ADDR_SEL) |
                            ((o.val & 7) << 44));
            break;
        default:
            p4_esb(f, &o);
            break;
        }
    }
}

/* ---- powerio-spapr ------------------------------------------------------ */

#define SPAPR_NDX               2
#define SPAPR_DX_DEVFN(i)       QPCI_DEVFN(4 + (i), 0)
#define SPAPR_DX_CONFIG(i)      (SPAPR_DX_DEVFN(i) << 8)
#define SPAPR_DX_PE(i)          (SPAPR_DX_CONFIG(i) | 1)
/* hw/ppc/spapr_pci_pe.h SPAPR_PCI_PE_LIOBN, PHB index 0 */
#define SPAPR_PE_LIOBN(i, w) \
    (0x80000000 | ((SPAPR_DX_DEVFN(i) + 1) << 16) | (w))
#define SPAPR_MEM32_CPU         0x200080000000ULL   /* PHB 0's 32-bit window */
#define SPAPR_MEM32_SIZE        0x80000000ULL
#define SPAPR_MSI_WINDOW        0x40000000000ULL
#define SPAPR_DMA_PAGES         16                  /* of 64 KiB */
#define SPAPR_DMA_PAGE          0x10000ULL
#define SPAPR_DMA_ALIGN         (16 * 1024 * 1024ULL)
#define SPAPR_NBARS             6
#define SPAPR_MSIX_WORDS        (DXR_MSIX_VECTORS * PCI_MSIX_ENTRY_SIZE / 4)
/* TCEs the set-up maps in each PE's default window and dynamic window */
static const unsigned spapr_dx_tces[SPAPR_NDX][2] = { { 16, 4 }, { 4, 2 } };

/* hypercalls and RTAS options beyond spapr-hcall.h (LoPAR) */
#define QH_EOI                  0x64
#define QH_XIRR                 0x74
#define EEH_ENABLE              1
#define EEH_THAW_MMIO           2
#define EEH_THAW_DMA            3
#define SLOT_RESET_OFF          0
#define SLOT_RESET_HOT          1
#define CHANGE_MSI_MSIX         4

enum {
    SP_PUT_TCE,         /* H_PUT_TCE: spapr_liobn, spapr_ioba, spapr_tce */
    SP_GET_TCE,         /* H_GET_TCE */
    SP_INDIRECT,        /* H_PUT_TCE_INDIRECT: the input's buffer (or */
                        /* val with sel bit 11), size bits 1-7 count / 4 */
                        /* (LIOBN, IOBA as H_PUT_TCE) */
    SP_STUFF,           /* H_STUFF_TCE: count sel bits 0-7 */
    SP_RTAS,            /* any PCI RTAS call: see spapr_rtas */
    SP_BUF_WRITE,       /* the input's 4 KiB buffer: word addr, a TCE */
                        /* as spapr_tce makes it (raw val: sel bit 11) */
    SP_DX_WRITE,        /* exerciser (size bit 0) BAR0 addr, size bit 1: */
                        /* 4 bytes */
    SP_DX_RUN,          /* see dx_run; iova from spapr_iova */
    SP_DX_CONFIG,       /* sel bits 0-7 offset, size bits 1-2 width */
    SP_MMIO,            /* sel bits 8-9: BAR0, BAR2 (addr), the 32-bit */
                        /* window (addr): store (sel bit 0) of val; or */
                        /* any address (val), store of addr; size bits */
                        /* 1-2 width */
    SP_DDW,             /* sel bits 0-1: query, create, remove, reset */
    SP_EEH,             /* sel bits 0-2: see spapr_eeh */
    SP_ERRINJCT,        /* an injection armed: see spapr_errinjct */
    SP_IRQ,             /* sel bits 0-1: H_IPOLL, H_XIRR + H_EOI, */
                        /* ibm,set-xive, ibm,int-off + int-on */
    SP__MAX,
};

typedef struct SpaprFuzz {
    QTestState *s;
    QPioFuzzFlush *flush;
    QGuestAllocator alloc;
    QPCIBus *bus;
    uint64_t buid;
    QDmaExerciser dx[SPAPR_NDX];
    uint64_t buf;               /* 4 KiB the input fills */
    uint64_t dma;               /* SPAPR_DMA_PAGES the TCEs map */
    uint32_t ddw_liobn[SPAPR_NDX];
    uint64_t ddw_start[SPAPR_NDX];
    unsigned ddw_shift[SPAPR_NDX];
    uint32_t irq[SPAPR_NDX][DXR_MSIX_VECTORS];
    /* what Linux saves to restore after a PE reset: BARs, MSI-X table */
    uint32_t bars[SPAPR_NDX][SPAPR_NBARS];
    uint32_t msix[SPAPR_NDX][SPAPR_MSIX_WORDS];
    uint32_t token;             /* the open error injection session */
} SpaprFuzz;

static int32_t spapr_call(SpaprFuzz *f, const char *name, uint32_t nargs,
                          const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    return qspapr_rtas(f->s, &f->alloc, name, nargs, args, nret, rets);
}

/* An RTAS call on exerciser @i's PE: PE address, BUID, then @arg */
static int32_t spapr_pe_call(SpaprFuzz *f, int i, const char *name,
                             uint32_t nargs, uint32_t arg, uint32_t nret,
                             uint32_t *rets)
{
    uint32_t args[4] = { SPAPR_DX_PE(i), f->buid >> 32, f->buid, arg };

    return spapr_call(f, name, nargs, args, nret, rets);
}

static void *spapr_setup(QTestState *s, QPioFuzzFlush *flush)
{
    SpaprFuzz *f = g_new0(SpaprFuzz, 1);
    uint64_t cppr = 0xff;
    uint32_t args[6], rets[4];
    unsigned i, v;

    f->s = s;
    f->flush = flush;
    spapr_alloc_init(&f->alloc, s, ALLOC_NO_FLAGS);
    f->bus = qpci_new_spapr(s, &f->alloc);
    f->buid = container_of(f->bus, QPCIBusSPAPR, bus)->buid;
    f->buf = QEMU_ALIGN_UP(guest_alloc(&f->alloc, 8192), 4096);
    /* aligned for the largest IO page a dynamic window may use */
    f->dma = QEMU_ALIGN_UP(guest_alloc(&f->alloc, 2 * SPAPR_DMA_ALIGN),
                           SPAPR_DMA_ALIGN);
    qtest_hcall(s, QH_CPPR, 1, &cppr, NULL);

    for (i = 0; i < SPAPR_NDX; i++) {
        QDmaExerciser *dx = &f->dx[i];

        qdx_init(dx, f->bus, SPAPR_DX_DEVFN(i));
        g_assert_cmpint(spapr_pe_call(f, i, "ibm,set-eeh-option", 4,
                                      EEH_ENABLE, 1, rets), ==, 0);
        for (v = 0; v < spapr_dx_tces[i][0]; v++) {
            g_assert_cmphex(qh_put_tce(s, SPAPR_PE_LIOBN(i, 0), v * 4096ULL,
                                       (f->dma + v * 4096ULL) |
                                       QSPAPR_TCE_RW), ==, QH_SUCCESS);
        }
        g_assert_cmpint(qspapr_ddw_create(s, &f->alloc, SPAPR_DX_CONFIG(i),
                                          f->buid, 16, 30, &f->ddw_liobn[i],
                                          &f->ddw_start[i]), ==, 0);
        f->ddw_shift[i] = 16;
        for (v = 0; v < spapr_dx_tces[i][1]; v++) {
            g_assert_cmphex(qh_put_tce(s, f->ddw_liobn[i],
                                       f->ddw_start[i] + v * SPAPR_DMA_PAGE,
                                       (f->dma + v * SPAPR_DMA_PAGE) |
                                       QSPAPR_TCE_RW), ==, QH_SUCCESS);
        }

        /* MSI-X: all 8 vectors, each routed to CPU 0 at priority 5 */
        args[0] = SPAPR_DX_CONFIG(i);
        args[1] = f->buid >> 32;
        args[2] = f->buid;
        args[3] = CHANGE_MSI_MSIX;
        args[4] = DXR_MSIX_VECTORS;
        args[5] = 1;
        g_assert_cmpint(spapr_call(f, "ibm,change-msi", 6, args, 4, rets),
                        ==, 0);
        for (v = 0; v < DXR_MSIX_VECTORS; v++) {
            uint32_t xive[3];

            args[3] = v;
            g_assert_cmpint(spapr_call(f, "ibm,query-interrupt-source-number",
                                       4, args, 3, rets), ==, 0);
            f->irq[i][v] = rets[1];
            xive[0] = rets[1];
            xive[1] = 0;
            xive[2] = 5;
            g_assert_cmpint(spapr_call(f, "ibm,set-xive", 3, xive, 1, rets),
                            ==, 0);
        }
        qdx_msix_enable(dx);
        for (v = 0; v < SPAPR_NBARS; v++) {
            f->bars[i][v] = qpci_config_readl(dx->dev,
                                              PCI_BASE_ADDRESS_0 + 4 * v);
        }
        for (v = 0; v < SPAPR_MSIX_WORDS; v++) {
            f->msix[i][v] = qpci_io_readl(dx->dev, dx->bar0,
                                          DXR_MSIX_TABLE_OFFSET + 4 * v);
        }
    }
    return f;
}

/* After a PE reset, as Linux's eeh_restore_bars and pci_restore_state */
static void spapr_restore(SpaprFuzz *f, int i)
{
    QDmaExerciser *dx = &f->dx[i];
    unsigned v;

    /*
     * Config space of a PE still stopped (or unavailable) reads all-ones,
     * as on PowerVM: Linux gives up there, and so does this (the
     * capability walk of qdx_msix_enable would never end)
     */
    if (qpci_config_readw(dx->dev, PCI_VENDOR_ID) == 0xffff) {
        return;
    }
    for (v = 0; v < SPAPR_NBARS; v++) {
        qpci_config_writel(dx->dev, PCI_BASE_ADDRESS_0 + 4 * v,
                           f->bars[i][v]);
    }
    qpci_config_writew(dx->dev, PCI_COMMAND,
                       PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    for (v = 0; v < SPAPR_MSIX_WORDS; v++) {
        qpci_io_writel(dx->dev, dx->bar0, DXR_MSIX_TABLE_OFFSET + 4 * v,
                       f->msix[i][v]);
    }
    qdx_msix_enable(dx);
}

static void spapr_free(void *opaque)
{
    SpaprFuzz *f = opaque;
    int i;

    for (i = 0; i < SPAPR_NDX; i++) {
        qdx_uninit(&f->dx[i]);
    }
    qpci_free_spapr(f->bus);
    alloc_destroy(&f->alloc);
    g_free(f);
}

/*
 * The LIOBN of sel bits 8-9: exerciser i's (size bit 0) default window,
 * its dynamic window, val bits 32-63, the other exerciser's default
 * window; *shift: the window's page size
 */
static uint32_t spapr_liobn(SpaprFuzz *f, const QPioFuzzOp *o,
                            uint64_t *base, unsigned *shift)
{
    int i = o->size & 1;

    *base = 0;
    *shift = 12;
    switch ((o->sel >> 8) & 3) {
    case 0:
        return SPAPR_PE_LIOBN(i, 0);
    case 1:
        *base = f->ddw_start[i];
        *shift = f->ddw_shift[i];
        return f->ddw_liobn[i];
    case 2:
        return o->val >> 32;
    default:
        return SPAPR_PE_LIOBN(!i, 0);
    }
}

/* The IOBA: page addr of the window (sel bit 10: val as it is) */
static uint64_t spapr_ioba(const QPioFuzzOp *o, uint64_t base,
                           unsigned shift)
{
    return o->sel & 0x400 ? o->val : base + ((uint64_t)o->addr << shift);
}

/* A TCE: 64 KiB page val bits 0-3 of the DMA area, permissions 4-5 */
static uint64_t spapr_tce(SpaprFuzz *f, const QPioFuzzOp *o)
{
    return o->sel & 0x800 ? o->val :
           (f->dma + (o->val % SPAPR_DMA_PAGES) * SPAPR_DMA_PAGE) |
           ((o->val >> 4) & QSPAPR_TCE_RW);
}

/*
 * A DMA address: sel bits 10-11 pick the default window (page val bits
 * 0-15), the dynamic window (its page val bits 0-15), the MSI window
 * (the raw write's data is then one of the exercisers' interrupts: of
 * exerciser val bit 3, vector val bits 0-2), or val as it is
 */
static uint64_t spapr_iova(SpaprFuzz *f, QPioFuzzOp *o)
{
    int i = o->size & 1;

    switch ((o->sel >> 10) & 3) {
    case 0:
        return (o->val & 0xffff) << 12;
    case 1:
        return f->ddw_start[i] + ((o->val & 0xffff) << f->ddw_shift[i]);
    case 2:
        o->addr = f->irq[(o->val >> 3) & 1][o->val & 7];
        return SPAPR_MSI_WINDOW;
    default:
        return o->val;
    }
}

/*
 * Any PCI RTAS call (sel bits 0-7 in qspapr_pci_rtas_calls).  Arguments:
 * size bits 1-2 the first: exerciser i's config address, its PE address,
 * addr, the other exerciser's config address; size bit 3: BUID from val,
 * else the PHB's; then val bits 0-31 (size bit 4: the input's buffer),
 * val bits 32-63, the buffer's second half, val bits 48-63, addr.
 * size bit 5: argument and result counts from sel bits 8-11 and 12-15
 * instead of the call's own.  ibm,errinjct: class val, the session's
 * token (size bit 6: addr), the buffer (size bit 4: its second half).
 */
static void spapr_rtas(SpaprFuzz *f, const QPioFuzzOp *o)
{
    const QSpaprRtasCall *c =
        &qspapr_pci_rtas_calls[(o->sel & 0xff) % qspapr_pci_rtas_ncalls];
    uint32_t args[8], rets[8], nargs = c->nargs, nret = c->nret;
    int i = o->size & 1;

    switch ((o->size >> 1) & 3) {
    case 0:
        args[0] = SPAPR_DX_CONFIG(i);
        break;
    case 1:
        args[0] = SPAPR_DX_PE(i);
        break;
    case 2:
        args[0] = o->addr;
        break;
    default:
        args[0] = SPAPR_DX_CONFIG(!i);
        break;
    }
    args[1] = o->size & 8 ? o->val >> 32 : f->buid >> 32;
    args[2] = o->size & 8 ? o->val : f->buid;
    args[3] = o->size & 0x10 ? f->buf : o->val;
    args[4] = o->val >> 32;
    args[5] = f->buf + 2048;
    args[6] = o->val >> 48;
    args[7] = o->addr;
    if (!strcmp(c->name, "ibm,errinjct")) {
        args[0] = o->val;
        args[1] = o->size & 0x40 ? o->addr : f->token;
        args[2] = o->size & 0x10 ? f->buf + 2048 : f->buf;
    }
    if (o->size & 0x20) {
        nargs = ((o->sel >> 8) & 0xf) % 9;
        nret = (o->sel >> 12) % 9;
    }
    memset(rets, 0, sizeof(rets));
    spapr_call(f, c->name, nargs, args, nret, rets);
    if (!strcmp(c->name, "ibm,open-errinjct") && nret == 2 && !rets[1]) {
        f->token = rets[0];
    }
}

/*
 * Dynamic windows of exerciser i (size bit 0): query; create with page
 * shift 12, 16, 21 or 24 (sel bits 2-3) and window shift 16 + size bits
 * 1-6 (the new window becomes the one spapr_liobn and spapr_iova pick);
 * remove the LIOBN spapr_liobn picks; reset
 */
static void spapr_ddw(SpaprFuzz *f, const QPioFuzzOp *o)
{
    static const unsigned shifts[] = { 12, 16, 21, 24 };
    int i = o->size & 1;
    uint32_t rets[5], liobn;
    uint64_t start, base;
    unsigned shift;

    switch (o->sel & 3) {
    case 0:
        qspapr_ddw_query(f->s, &f->alloc, SPAPR_DX_CONFIG(i), f->buid, rets);
        break;
    case 1:
        shift = shifts[(o->sel >> 2) & 3];
        if (!qspapr_ddw_create(f->s, &f->alloc, SPAPR_DX_CONFIG(i), f->buid,
                               shift, 16 + ((o->size >> 1) & 0x3f), &liobn,
                               &start)) {
            f->ddw_liobn[i] = liobn;
            f->ddw_start[i] = start;
            f->ddw_shift[i] = shift;
        }
        break;
    case 2:
        qspapr_ddw_remove(f->s, &f->alloc, spapr_liobn(f, o, &base, &shift));
        break;
    default:
        qspapr_ddw_reset(f->s, &f->alloc, SPAPR_DX_CONFIG(i), f->buid);
        break;
    }
}

/*
 * EEH on exerciser i's PE (size bit 0): ibm,set-eeh-option (option val),
 * read-slot-reset-state2, set-slot-reset (option val), configure-pe,
 * the recovery Linux does (hot reset on and off, configure, thaw MMIO
 * and DMA, the device's BARs, command and MSI-X restored),
 * get-config-addr-info2 (function val), slot-error-detail (buffers in the
 * input's buffer, lengths addr bits 0-15 and 16-31, function val), a
 * thaw of MMIO and DMA (memory and bus master on)
 */
static void spapr_eeh(SpaprFuzz *f, const QPioFuzzOp *o)
{
    int i = o->size & 1;
    uint32_t rets[4];

    switch (o->sel & 7) {
    case 0:
        spapr_pe_call(f, i, "ibm,set-eeh-option", 4, o->val, 1, rets);
        break;
    case 1:
        spapr_pe_call(f, i, "ibm,read-slot-reset-state2", 3, 0, 4, rets);
        break;
    case 2:
        spapr_pe_call(f, i, "ibm,set-slot-reset", 4, o->val, 1, rets);
        break;
    case 3:
        spapr_pe_call(f, i, "ibm,configure-pe", 3, 0, 1, rets);
        break;
    case 4:
        spapr_pe_call(f, i, "ibm,set-slot-reset", 4, SLOT_RESET_HOT, 1, rets);
        spapr_pe_call(f, i, "ibm,set-slot-reset", 4, SLOT_RESET_OFF, 1, rets);
        spapr_pe_call(f, i, "ibm,configure-pe", 3, 0, 1, rets);
        spapr_pe_call(f, i, "ibm,set-eeh-option", 4, EEH_THAW_MMIO, 1, rets);
        spapr_pe_call(f, i, "ibm,set-eeh-option", 4, EEH_THAW_DMA, 1, rets);
        spapr_restore(f, i);
        break;
    case 7:
        spapr_pe_call(f, i, "ibm,set-eeh-option", 4, EEH_THAW_MMIO, 1, rets);
        spapr_pe_call(f, i, "ibm,set-eeh-option", 4, EEH_THAW_DMA, 1, rets);
        qpci_config_writew(f->dx[i].dev, PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        break;
    case 5: {
        uint32_t args[4] = { SPAPR_DX_CONFIG(i), f->buid >> 32, f->buid,
                             o->val };

        spapr_call(f, "ibm,get-config-addr-info2", 4, args, 2, rets);
        break;
    }
    default: {
        uint32_t args[8] = { SPAPR_DX_PE(i), f->buid >> 32, f->buid, f->buf,
                             o->addr & 0xffff, f->buf + 2048, o->addr >> 16,
                             o->val };

        spapr_call(f, "ibm,slot-error-detail", 8, args, 1, rets);
        break;
    }
    }
}

/*
 * Arm an injection as Linux's pseries EEH does: open a session if none
 * is open, write the ioa-bus-error (class 7, 6 words) or ioa-bus-error-64
 * (class 8, 8 words; size bit 1) buffer: address (size bit 2: exerciser
 * i's BAR0, else val), mask ~addr bits 0-15, the PE, the BUID, function
 * sel bits 0-4; sel bit 15 closes the session afterwards
 */
static void spapr_errinjct(SpaprFuzz *f, const QPioFuzzOp *o)
{
    int i = o->size & 1;
    uint64_t addr = o->size & 4 ? f->dx[i].bar0.addr : o->val;
    uint64_t mask = ~(uint64_t)(o->addr & 0xffff);
    uint32_t w[8], args[3], rets[2];
    int n, k;

    if (!f->token) {
        spapr_call(f, "ibm,open-errinjct", 0, NULL, 2, rets);
        if (rets[1]) {
            return;
        }
        f->token = rets[0];
    }
    if (o->size & 2) {
        w[0] = addr >> 32;
        w[1] = addr;
        w[2] = mask >> 32;
        w[3] = mask;
        n = 4;
    } else {
        w[0] = addr;
        w[1] = mask;
        n = 2;
    }
    w[n++] = SPAPR_DX_PE(i);
    w[n++] = f->buid >> 32;
    w[n++] = f->buid;
    w[n++] = o->sel & 0x1f;
    for (k = 0; k < n; k++) {
        qtest_writel(f->s, f->buf + 4 * k, w[k]);
    }
    args[0] = o->size & 2 ? 8 : 7;
    args[1] = f->token;
    args[2] = f->buf;
    spapr_call(f, "ibm,errinjct", 3, args, 1, rets);
    if (o->sel & 0x8000) {
        spapr_call(f, "ibm,close-errinjct", 1, &f->token, 1, rets);
        f->token = 0;
    }
}

/* Interrupts: of exerciser i's vector addr bits 0-2, or val (sel bit 2) */
static void spapr_irq(SpaprFuzz *f, const QPioFuzzOp *o)
{
    uint32_t irq = o->sel & 4 ? o->val : f->irq[o->size & 1][o->addr & 7];
    uint64_t hargs[1], hrets[9];
    uint32_t args[3], rets[3];

    switch (o->sel & 3) {
    case 0:
        qtest_hcall(f->s, QH_IPOLL, 0, NULL, hrets);
        break;
    case 1:
        if (qtest_hcall(f->s, QH_XIRR, 0, NULL, hrets) == QH_SUCCESS) {
            hargs[0] = hrets[0];
            qtest_hcall(f->s, QH_EOI, 1, hargs, NULL);
        }
        break;
    case 2:
        args[0] = irq;
        args[1] = (o->val >> 32) & 0xff;
        args[2] = o->val >> 40;
        spapr_call(f, "ibm,set-xive", 3, args, 1, rets);
        break;
    default:
        spapr_call(f, "ibm,int-off", 1, &irq, 1, rets);
        spapr_call(f, "ibm,int-on", 1, &irq, 1, rets);
        break;
    }
}

static void spapr_run(void *opaque, const uint8_t *data, size_t size)
{
    SpaprFuzz *f = opaque;
    QTestState *s = f->s;
    QPioFuzzOp o;

    while (next_op(&data, &size, &o)) {
        QDmaExerciser *dx = &f->dx[o.size & 1];
        uint64_t base;
        unsigned shift;
        uint32_t liobn;

        switch (o.op % SP__MAX) {
        case SP_PUT_TCE:
            liobn = spapr_liobn(f, &o, &base, &shift);
            qh_put_tce(s, liobn, spapr_ioba(&o, base, shift),
                       spapr_tce(f, &o));
            break;
        case SP_GET_TCE:
            liobn = spapr_liobn(f, &o, &base, &shift);
            qh_get_tce(s, liobn, spapr_ioba(&o, base, shift), NULL);
            break;
        case SP_INDIRECT:
            liobn = spapr_liobn(f, &o, &base, &shift);
            qh_put_tce_indirect(s, liobn, spapr_ioba(&o, base, shift),
                                o.sel & 0x800 ? o.val : f->buf,
                                (o.size >> 1) * 4);
            break;
        case SP_STUFF:
            liobn = spapr_liobn(f, &o, &base, &shift);
            qh_stuff_tce(s, liobn, spapr_ioba(&o, base, shift),
                         spapr_tce(f, &o), o.sel & 0xff);
            break;
        case SP_RTAS:
            spapr_rtas(f, &o);
            break;
        case SP_BUF_WRITE:
            qtest_writeq(s, f->buf + 8 * (o.addr % 512), spapr_tce(f, &o));
            break;
        case SP_DX_WRITE:
            dx_reg_write(dx, o.addr, o.size & 2, o.val);
            break;
        case SP_DX_RUN:
            dx_run(dx, s, f->flush, &o, spapr_iova(f, &o));
            break;
        case SP_DX_CONFIG:
            config_write(dx->dev, o.sel, (o.size >> 1) & 3, o.val);
            break;
        case SP_MMIO:
            switch ((o.sel >> 8) & 3) {
            case 0:
                bar_access(dx->dev, dx->bar0, o.addr & 0xfff8, o.size >> 1,
                           o.sel & 1, o.val);
                break;
            case 1:
                bar_access(dx->dev, dx->bar2, o.addr & 0xfff8, o.size >> 1,
                           o.sel & 1, o.val);
                break;
            case 2:
                cpu_access(s, SPAPR_MEM32_CPU + o.addr % SPAPR_MEM32_SIZE,
                           o.size >> 1, o.sel & 1, o.val);
                break;
            default:
                cpu_access(s, o.val, o.size >> 1, o.sel & 1, o.addr);
                break;
            }
            break;
        case SP_DDW:
            spapr_ddw(f, &o);
            break;
        case SP_EEH:
            spapr_eeh(f, &o);
            break;
        case SP_ERRINJCT:
            spapr_errinjct(f, &o);
            break;
        default:
            spapr_irq(f, &o);
            break;
        }
    }
}

const QPioFuzzTarget qpio_fuzz_targets[] = {
    {
        .name = "powerio-pnv-phb3",
        .description = "Fuzz the powernv8 PHB3 (registers, IODA, TCEs, "
                       "EEH, MMIO routing) and DMA/MSI through it",
        .args = "-machine powernv8 -m 1G "
                "-device dma-exerciser,bus=pcie.1,addr=0",
        .setup = pnv_setup,
        .run = pnv_run,
        .free = pnv_free,
    }, {
        .name = "powerio-pnv-phb4",
        .description = "Fuzz the powernv9 PHB4 (registers, IODA3, TVEs, "
                       "TCEs, kills, the RTT and its cache) and DMA/MSI "
                       "through it",
        .args = "-machine powernv9 -m 1G "
                "-device dma-exerciser,bus=pcie.1,addr=0",
        .setup = p4_setup_phb4,
        .run = p4_run,
        .free = p4_free,
    }, {
        .name = "powerio-pnv-phb5",
        .description = "Fuzz the powernv10 PHB5, as powerio-pnv-phb4",
        .args = "-machine powernv10 -m 1G "
                "-device dma-exerciser,bus=pcie.1,addr=0",
        .setup = p4_setup_phb5,
        .run = p4_run,
        .free = p4_free,
    }, {
        .name = "powerio-spapr",
        .description = "Fuzz the pseries IO paravirt interfaces (TCE "
                       "hypercalls, DDW/EEH/MSI/errinjct RTAS) with one PE "
                       "per device, and DMA/MSI/MMIO through them",
        .args = "-machine pseries,ic-mode=xics -m 512M "
                "-global spapr-pci-host-bridge.pe-per-device=on "
                "-device dma-exerciser,addr=4.0 "
                "-device dma-exerciser,addr=5.0,host-map-entries=8",
        .setup = spapr_setup,
        .run = spapr_run,
        .free = spapr_free,
    },
};
const size_t qpio_fuzz_ntargets = ARRAY_SIZE(qpio_fuzz_targets);
