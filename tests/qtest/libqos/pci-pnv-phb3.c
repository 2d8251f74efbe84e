/*
 * libqos driver for the PowerNV PHB3 (POWER8, IODA2)
 *
 * The bring-up follows what skiboot does on a POWER8 (hw/phb3.c: the PBCQ
 * BARs of phb3_probe_pbcq, the interrupt numbering of phb3_init_ioda2, the
 * M32 window and PHB3_CONFIG value of phb3_init_ioda2) and the address and
 * register layouts of include/hw/pci-host/pnv_phb3_regs.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "../libqtest.h"
#include "qobject/qdict.h"
#include "pci-pnv-phb3.h"
#include "standard-headers/linux/pci_regs.h"

/* XSCOM of chip 0 on POWER8 (hw/ppc/pnv_xscom.c pnv_xscom_addr) */
#define P8_XSCOM_BASE           0x3fc0000000000ULL
#define PBCQ_NEST_BASE(n)       (0x2012000 + 0x400 * (n))
#define PBCQ_SPCI_BASE(n)       (0x9013c00 + 0x40 * (n))
#define PBCQ_NEST_IRSN_COMPARE  0x1a
#define PBCQ_NEST_IRSN_MASK     0x1b
#define PBCQ_NEST_LSI_SRC_ID    0x1f
#define PBCQ_NEST_BAR_EN        0x45
#define PBCQ_SPCI_ASB_ADDR      0x0
#define PBCQ_SPCI_ASB_DATA      0x2
/* MMIO0, MMIO1, PHB registers, IRSN RX and TX */
#define PBCQ_BAR_EN_ALL         0xf800000000000000ULL

/* Where the PBCQ BARs point after reset (pnv_phb3_pbcq.c defaults) */
#define P8_PHB_REGS(n)          (0x3fffe40000000ULL + 0x100000ULL * (n))
#define P8_PHB_MMIO1(n)         (0x3ff8000000000ULL + 0x80000000ULL * (n))

/* The PCI side of M32 (skiboot M32_PCI_START) */
#define M32_PCI_START           0x80000000ULL
#define M32_SIZE                0x80000000ULL
/* The root port's memory window: the lower half of M32 */
#define BRIDGE_MEM_SIZE         0x40000000ULL

#define P8_ICP_BASE             0x3ffff80000000ULL

/* Guest RAM used for tables (the default 1 GiB; qtest runs no firmware) */
#define TABLE_RAM_START         0x30000000ULL
#define TABLE_RAM_END           0x3fff0000ULL

#define RTT_ENTRIES             (64 * 1024)
#define IVT_ENTRIES             2048
#define IVE_STRIDE              16
#define PE_RESERVED             255

static uint64_t xscom_addr(uint32_t pcba)
{
    return P8_XSCOM_BASE | (((uint64_t)pcba << 4) & ~0xffULL) |
           (((uint64_t)pcba << 3) & 0x78);
}

uint64_t qpnv_phb3_read(QPnvPhb3 *phb, uint64_t reg)
{
    return qtest_readq(phb->qts, phb->regs + reg);
}

void qpnv_phb3_write(QPnvPhb3 *phb, uint64_t reg, uint64_t val)
{
    qtest_writeq(phb->qts, phb->regs + reg, val);
}

/*
 * PHB_CONFIG_ADDRESS: enable(0) bus(4:11) devfn(12:19) register(20:31)
 * PE(40:47), the PE being the requester's in the RTT, as skiboot's
 * phb3_pcicfg_read/write take it from their RTT copy
 */
static void cfg_select(QPnvPhb3 *phb, int devfn, uint8_t offset)
{
    uint64_t bus = (devfn >> 8) & 0xff;
    uint64_t pe = phb->rtt ?
                  qtest_readw(phb->qts, phb->rtt + 2 * (devfn & 0xffff)) &
                  0xff : 0;

    qpnv_phb3_write(phb, PHB_CONFIG_ADDRESS, PPC_BIT(0) | (bus << 52) |
                    ((uint64_t)(devfn & 0xff) << 44) |
                    ((uint64_t)(offset & 0xffc) << 32) | (pe << 16));
}

/* PHB_CONFIG_DATA holds little-endian data (pnv_phb3_config_read/write) */
static uint8_t cfg_readb(QPCIBus *bus, int devfn, uint8_t offset)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    cfg_select(phb, devfn, offset);
    return qtest_readb(phb->qts, phb->regs + PHB_CONFIG_DATA + (offset & 3));
}

static uint16_t cfg_readw(QPCIBus *bus, int devfn, uint8_t offset)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    cfg_select(phb, devfn, offset);
    return bswap16(qtest_readw(phb->qts,
                               phb->regs + PHB_CONFIG_DATA + (offset & 2)));
}

static uint32_t cfg_readl(QPCIBus *bus, int devfn, uint8_t offset)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    cfg_select(phb, devfn, offset);
    return bswap32(qtest_readl(phb->qts, phb->regs + PHB_CONFIG_DATA));
}

static void cfg_writeb(QPCIBus *bus, int devfn, uint8_t offset, uint8_t v)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    cfg_select(phb, devfn, offset);
    qtest_writeb(phb->qts, phb->regs + PHB_CONFIG_DATA + (offset & 3), v);
}

static void cfg_writew(QPCIBus *bus, int devfn, uint8_t offset, uint16_t v)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    cfg_select(phb, devfn, offset);
    qtest_writew(phb->qts, phb->regs + PHB_CONFIG_DATA + (offset & 2),
                 bswap16(v));
}

static void cfg_writel(QPCIBus *bus, int devfn, uint8_t offset, uint32_t v)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    cfg_select(phb, devfn, offset);
    qtest_writel(phb->qts, phb->regs + PHB_CONFIG_DATA, bswap32(v));
}

/* PCI memory through M32: CPU m32_cpu + x reaches PCI m32_pci + x */
static uint64_t m32_cpu_addr(QPnvPhb3 *phb, uint32_t addr, size_t len)
{
    g_assert(addr >= phb->m32_pci &&
             addr + len <= phb->m32_pci + phb->m32_size);
    return phb->m32_cpu + (addr - phb->m32_pci);
}

static void mem_read(QPCIBus *bus, uint32_t addr, void *buf, size_t len)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    qtest_memread(phb->qts, m32_cpu_addr(phb, addr, len), buf, len);
}

static void mem_write(QPCIBus *bus, uint32_t addr, const void *buf,
                      size_t len)
{
    QPnvPhb3 *phb = container_of(bus, QPnvPhb3, bus);

    qtest_memwrite(phb->qts, m32_cpu_addr(phb, addr, len), buf, len);
}

/* The PHB3 has no IO space: any PIO use is a test bug */
static uint8_t pio_readb(QPCIBus *bus, uint32_t addr)
{
    g_assert_not_reached();
}

static uint16_t pio_readw(QPCIBus *bus, uint32_t addr)
{
    g_assert_not_reached();
}

static uint32_t pio_readl(QPCIBus *bus, uint32_t addr)
{
    g_assert_not_reached();
}

static uint64_t pio_readq(QPCIBus *bus, uint32_t addr)
{
    g_assert_not_reached();
}

static void pio_writeb(QPCIBus *bus, uint32_t addr, uint8_t v)
{
    g_assert_not_reached();
}

static void pio_writew(QPCIBus *bus, uint32_t addr, uint16_t v)
{
    g_assert_not_reached();
}

static void pio_writel(QPCIBus *bus, uint32_t addr, uint32_t v)
{
    g_assert_not_reached();
}

static void pio_writeq(QPCIBus *bus, uint32_t addr, uint64_t v)
{
    g_assert_not_reached();
}

uint64_t qpnv_phb3_alloc(QPnvPhb3 *phb, uint64_t size, uint64_t align)
{
    uint64_t addr = QEMU_ALIGN_UP(phb->ram_next, align);

    g_assert(addr + size <= phb->ram_end);
    phb->ram_next = addr + size;
    qtest_memset(phb->qts, addr, 0, size);
    return addr;
}

void qpnv_phb3_ioda_write(QPnvPhb3 *phb, unsigned table, unsigned index,
                          uint64_t val)
{
    qpnv_phb3_write(phb, PHB_IODA_ADDR, ((uint64_t)table << 48) | index);
    qpnv_phb3_write(phb, PHB_IODA_DATA0, val);
}

uint64_t qpnv_phb3_ioda_read(QPnvPhb3 *phb, unsigned table, unsigned index)
{
    qpnv_phb3_write(phb, PHB_IODA_ADDR, ((uint64_t)table << 48) | index);
    return qpnv_phb3_read(phb, PHB_IODA_DATA0);
}

void qpnv_phb3_set_pe(QPnvPhb3 *phb, unsigned bus, unsigned devfn,
                      unsigned pe)
{
    uint16_t rte = cpu_to_be16(pe);

    qtest_memwrite(phb->qts, phb->rtt + 2 * ((bus << 8) | devfn), &rte, 2);
    qpnv_phb3_write(phb, PHB_RTC_INVALIDATE, PHB_RTC_INVALIDATE_ALL);
}

void qpnv_tce_table_init(QPnvPhb3 *phb, QPnvTceTable *t, unsigned levels,
                         unsigned entries_shift, unsigned page_shift)
{
    uint64_t size = 8ULL << entries_shift;

    g_assert(levels >= 1 && levels <= 5);
    g_assert(entries_shift >= 9);
    t->levels = levels;
    t->entries_shift = entries_shift;
    t->page_shift = page_shift;
    t->base = qpnv_phb3_alloc(phb, size, size);
}

uint64_t qpnv_tce_table_window_size(const QPnvTceTable *t)
{
    return 1ULL << (t->entries_shift * t->levels + t->page_shift);
}

/*
 * Walk from the top level down, creating the indirect levels on the way.
 * Upper-level entries point at the next level with R|W set (skiboot and
 * Linux pnv_tce() set both on indirect TCEs).
 */
void qpnv_tce_map(QPnvPhb3 *phb, QPnvTceTable *t, uint64_t iova,
                  uint64_t gpa, uint64_t perm)
{
    uint64_t level_size = 8ULL << t->entries_shift;
    uint64_t mask = (1ULL << t->entries_shift) - 1;
    uint64_t base = t->base;
    int lev;

    for (lev = t->levels - 1; lev >= 0; lev--) {
        unsigned shift = t->page_shift + t->entries_shift * lev;
        uint64_t slot = base + 8 * ((iova >> shift) & mask);

        if (lev == 0) {
            qtest_writeq(phb->qts, slot,
                         (gpa & ~((1ULL << t->page_shift) - 1)) | perm);
            return;
        }
        if (!(qtest_readq(phb->qts, slot) & QPNV_TCE_RW)) {
            uint64_t next = qpnv_phb3_alloc(phb, level_size, level_size);

            qtest_writeq(phb->qts, slot, next | QPNV_TCE_RW);
        }
        base = qtest_readq(phb->qts, slot) & ~0xfffULL;
    }
}

/*
 * IODA2 TVE (pnv_phb3_regs.h IODA2_TVT_*): table address bits 0:47 (>>12),
 * number of levels - 1 in 48:50, TCE table size (log2 of the entries of a
 * level - 8) in 51:55, IO page size (shift - 11) in 59:63.
 */
uint64_t qpnv_phb3_tve(const QPnvTceTable *t)
{
    return ((t->base >> 12) << 16) | ((uint64_t)(t->levels - 1) << 13) |
           ((uint64_t)(t->entries_shift - 8) << 8) | (t->page_shift - 11);
}

/* TVT index = PE * 2 + DMA address bit 59 (skiboot IODA2 mode) */
void qpnv_phb3_set_tve(QPnvPhb3 *phb, unsigned pe, unsigned window,
                       uint64_t tve)
{
    qpnv_phb3_ioda_write(phb, IODA2_TBL_TVT, pe * 2 + window, tve);
}

/*
 * Non-translate TVE (skiboot phb3_map_pe_dma_window_real): IO_PSIZE 0, bit
 * 51 set, start address bits 24:49 in TVE bits 52:53 || 0:23 and end
 * address bits 24:49 in TVE bits 54:55 || 24:47 (IBM numbering).
 */
uint64_t qpnv_phb3_bypass_tve(uint64_t start, uint64_t end)
{
    return (((start >> 24) & 0xffffff) << 40) | (((start >> 48) & 3) << 10) |
           (((end >> 24) & 0xffffff) << 16) | (((end >> 48) & 3) << 8) |
           PPC_BIT(51);
}

void qpnv_phb3_tce_kill_all(QPnvPhb3 *phb)
{
    qpnv_phb3_write(phb, PHB_TCE_KILL, PPC_BIT(0));
}

void qpnv_phb3_tce_kill_pe(QPnvPhb3 *phb, unsigned pe)
{
    qpnv_phb3_write(phb, PHB_TCE_KILL, PPC_BIT(1) | (pe & 0xff));
}

void qpnv_phb3_tce_kill_page(QPnvPhb3 *phb, unsigned pe, uint64_t iova)
{
    qpnv_phb3_write(phb, PHB_TCE_KILL, PPC_BIT(2) |
                    (iova & PPC_BITMASK(4, 51)) | (pe & 0xff));
}

uint64_t qpnv_phb3_counter(QPnvPhb3 *phb, const char *name)
{
    g_autofree char *path = g_strdup_printf(
        "/machine/chip[0]/phb[%d]/phb-backend", phb->index);
    QDict *rsp = qtest_qmp(phb->qts, "{ 'execute': 'qom-get', 'arguments': "
                           "{ 'path': %s, 'property': %s } }", path, name);
    uint64_t v;

    g_assert(qdict_haskey(rsp, "return"));
    v = qdict_get_int(rsp, "return");
    qobject_unref(rsp);
    return v;
}

/* IVE: server 0:23 (PIR << 2), priority 24:31, PE 48:63 */
void qpnv_phb3_set_ive(QPnvPhb3 *phb, unsigned src, unsigned server_pir,
                       unsigned prio, unsigned pe)
{
    uint64_t ive = ((uint64_t)(server_pir << 2) << 40) |
                   ((uint64_t)prio << 32) | pe;

    g_assert(src < phb->ivt_entries);
    qtest_writeq(phb->qts, phb->ivt + src * IVE_STRIDE, ive);
    /* the PHB's cached copy goes, as in skiboot phb3_set_ive_pe */
    qpnv_phb3_write(phb, PHB_IVC_INVALIDATE,
                    (uint64_t)src << (63 - 31));   /* SID, bits 16:31 */
}

uint64_t qpnv_phb3_ive(QPnvPhb3 *phb, unsigned src)
{
    g_assert(src < phb->ivt_entries);
    return qtest_readq(phb->qts, phb->ivt + src * IVE_STRIDE);
}

/*
 * skiboot phb3_pci_msi_eoi: clear P and bump the generation in the IVT,
 * update the IVC's copy only if its generation still matches, then, if
 * the PHB queued an MSI meanwhile (Q), clear Q and re-send it through the
 * FFI (phb3_pci_msi_check_q)
 */
void qpnv_phb3_msi_eoi(QPnvPhb3 *phb, unsigned src)
{
    uint64_t ive_addr = phb->ivt + src * IVE_STRIDE;
    uint8_t gp = qtest_readb(phb->qts, ive_addr + 4);
    unsigned gen = (gp >> 1) & 3, newgen = (gen + 1) & 3;

    qtest_writeb(phb->qts, ive_addr + 4, newgen << 1);
    qpnv_phb3_write(phb, PHB_IVC_UPDATE,
                    PHB_IVC_UPDATE_ENABLE_P | PHB_IVC_UPDATE_ENABLE_GEN |
                    PHB_IVC_UPDATE_ENABLE_CON |
                    ((uint64_t)gen << (63 - 7)) |       /* GEN_MATCH */
                    ((uint64_t)newgen << (63 - 33)) |   /* GEN */
                    src);                               /* SID */
    qpnv_phb3_read(phb, PHB_IVC_UPDATE);    /* orders the Q read */
    if (!(qtest_readb(phb->qts, ive_addr + 5) & 1)) {
        return;
    }
    qtest_writeb(phb->qts, ive_addr + 5, 0);
    qpnv_phb3_write(phb, PHB_IVC_UPDATE, PHB_IVC_UPDATE_ENABLE_Q | src);
    qpnv_phb3_write(phb, PHB_FFI_REQUEST,
                    ((uint64_t)src << (63 - 59)) | PHB_FFI_LOCK_CLEAR);
}

/* skiboot phb3_get_msi_32 */
uint64_t qpnv_phb3_msi_addr32(unsigned src)
{
    return 0xffff0000ULL | ((src & ~0x1fULL) << 4);
}

uint32_t qpnv_phb3_msi_data(unsigned src)
{
    return src & 0x1f;
}

/* Error trap registers: PHB_ERR_STATUS + trap * 0x80 + offset */
#define TRAP_REG(t, r)          (PHB_ERR_STATUS + (t) * 0x80 + (r))
#define NUM_PE                  256

void qpnv_phb3_init_eeh(QPnvPhb3 *phb, unsigned server_pir, unsigned prio)
{
    /* phb3_init_errors: status, first status, LEM, freeze, fence enables */
    static const uint64_t freeze[4] = {
        0x0000000080800000ULL, 0x0000420800000000ULL,
        0xc00003a901006000ULL, 0x0000600000000060ULL,
    };
    static const uint64_t fence[4] = {
        0xffffffdd0c00ffc0ULL, 0x9cf3bc00f89c700fULL,
        0x3fff5452fe019fdeULL, 0xfcff80fbff7ff08cULL,
    };
    static const uint64_t lem[4] = {
        ~0ULL, 0xfdffffffffbfffffULL, ~0ULL, ~0ULL,
    };
    static const uint64_t irq[4] = {
        0x0000002280b80000ULL, 0x600c42fc042080f0ULL,
        0xc000a3a901826020ULL, 0x0000600000800070ULL,
    };
    int t;

    qpnv_phb3_write(phb, PHB_LEM_ERROR_MASK, ~0ULL);
    for (t = 0; t < 4; t++) {
        qpnv_phb3_write(phb, TRAP_REG(t, 0x00), ~0ULL);
        qpnv_phb3_write(phb, TRAP_REG(t, 0x08), 0);
        qpnv_phb3_write(phb, TRAP_REG(t, 0x18), lem[t]);
        qpnv_phb3_write(phb, TRAP_REG(t, 0x28), freeze[t]);
        qpnv_phb3_write(phb, TRAP_REG(t, 0x30), fence[t]);
    }
    qpnv_phb3_write(phb, PHB_LEM_FIR_ACCUM, 0);
    qpnv_phb3_write(phb, PHB_LEM_ACTION0, ~0ULL);
    qpnv_phb3_write(phb, PHB_LEM_ACTION1, ~0ULL);
    qpnv_phb3_write(phb, PHB_LEM_WOF, 0);
    /* phb3_init_hw Init_136: error interrupts, the final LEM mask */
    for (t = 0; t < 4; t++) {
        qpnv_phb3_write(phb, TRAP_REG(t, 0x20), irq[t]);
    }
    qpnv_phb3_write(phb, PHB_LEM_ERROR_MASK, 0x42498e367f502eaeULL);

    /* phb3_init_ioda2: 16 bytes of PEST and 32 bytes of PELTV per PE */
    phb->pest = qpnv_phb3_alloc(phb, NUM_PE * 16, NUM_PE * 16);
    qtest_memset(phb->qts, phb->pest, 0, NUM_PE * 16);
    qpnv_phb3_write(phb, PHB_PEST_BAR, PHB_PEST_BAR_ENABLE | phb->pest);
    phb->peltv = qpnv_phb3_alloc(phb, NUM_PE * 32, NUM_PE * 32);
    qtest_memset(phb->qts, phb->peltv, 0, NUM_PE * 32);
    qpnv_phb3_write(phb, PHB_PELTV_BAR, PHB_PELTV_BAR_ENABLE | phb->peltv);

    /* the error LSIs, as OPAL routes them */
    for (t = 6; t < 8; t++) {
        qpnv_phb3_ioda_write(phb, IODA2_TBL_LXIVT, t,
                             ((uint64_t)(server_pir << 2) << 40) |
                             ((uint64_t)prio << 32));
    }
}

uint32_t qpnv_phb3_lsi_irq(QPnvPhb3 *phb, unsigned lsi)
{
    /* LSI source ID 0xff: the last 8 of the PHB's 2048 sources */
    return phb->msi_base + 2040 + lsi;
}

void qpnv_phb3_set_m32_pe(QPnvPhb3 *phb, uint64_t pci, unsigned pe)
{
    unsigned seg = (pci - phb->m32_pci) / (phb->m32_size / NUM_PE);

    qpnv_phb3_ioda_write(phb, IODA2_TBL_M32DT, seg,
                         (uint64_t)pe << (63 - 15));
}

void qpnv_phb3_set_peltv(QPnvPhb3 *phb, unsigned parent, unsigned child)
{
    uint64_t a = phb->peltv + parent * 32 + child / 8;
    uint8_t b = qtest_readb(phb->qts, a);

    qtest_writeb(phb->qts, a, b | (0x80 >> (child % 8)));
}

void qpnv_phb3_pest(QPnvPhb3 *phb, unsigned pe, uint64_t pest[2])
{
    /* big-endian in memory: qtest reads as the (big-endian) CPU does */
    pest[0] = qtest_readq(phb->qts, phb->pest + pe * 16);
    pest[1] = qtest_readq(phb->qts, phb->pest + pe * 16 + 8);
}

bool qpnv_phb3_pe_frozen(QPnvPhb3 *phb, unsigned pe)
{
    return (qpnv_phb3_ioda_read(phb, IODA2_TBL_PESTA, pe) & PPC_BIT(0)) ||
           (qpnv_phb3_ioda_read(phb, IODA2_TBL_PESTB, pe) & PPC_BIT(0));
}

void qpnv_phb3_freeze_clear(QPnvPhb3 *phb, unsigned pe)
{
    int t;

    if (qpnv_phb3_read(phb, PHB_ETU_ERR_SUMMARY)) {
        uint64_t fir = qpnv_phb3_read(phb, PHB_LEM_FIR_ACCUM);

        for (t = 0; t < 4; t++) {
            qpnv_phb3_write(phb, TRAP_REG(t, 0x00),
                            qpnv_phb3_read(phb, TRAP_REG(t, 0x00)));
            qpnv_phb3_write(phb, TRAP_REG(t, 0x08), 0);
            qpnv_phb3_write(phb, TRAP_REG(t, 0x40), 0);
            qpnv_phb3_write(phb, TRAP_REG(t, 0x48), 0);
        }
        qpnv_phb3_write(phb, PHB_LEM_FIR_AND_MASK, ~fir);
        qpnv_phb3_write(phb, PHB_LEM_WOF, 0);
    }
    qpnv_phb3_ioda_write(phb, IODA2_TBL_PESTA, pe, 0);
    qpnv_phb3_ioda_write(phb, IODA2_TBL_PESTB, pe, 0);
}

uint64_t qpnv_pbcq_nest_read(QPnvPhb3 *phb, unsigned reg)
{
    return qtest_readq(phb->qts,
                       xscom_addr(PBCQ_NEST_BASE(phb->index) + reg));
}

void qpnv_pbcq_nest_write(QPnvPhb3 *phb, unsigned reg, uint64_t val)
{
    qtest_writeq(phb->qts, xscom_addr(PBCQ_NEST_BASE(phb->index) + reg),
                 val);
}

uint64_t qpnv_phb3_read_asb(QPnvPhb3 *phb, uint64_t reg)
{
    uint32_t spci = PBCQ_SPCI_BASE(phb->index);

    qtest_writeq(phb->qts, xscom_addr(spci + PBCQ_SPCI_ASB_ADDR), reg);
    return qtest_readq(phb->qts, xscom_addr(spci + PBCQ_SPCI_ASB_DATA));
}

void qpnv_phb3_write_asb(QPnvPhb3 *phb, uint64_t reg, uint64_t val)
{
    uint32_t spci = PBCQ_SPCI_BASE(phb->index);

    qtest_writeq(phb->qts, xscom_addr(spci + PBCQ_SPCI_ASB_ADDR), reg);
    qtest_writeq(phb->qts, xscom_addr(spci + PBCQ_SPCI_ASB_DATA), val);
}

static uint64_t icp_addr(unsigned pir)
{
    return P8_ICP_BASE + ((uint64_t)pir << 12);
}

void qpnv_icp_set_cppr(QTestState *qts, unsigned pir, uint8_t cppr)
{
    qtest_writeb(qts, icp_addr(pir) + 4, cppr);
}

uint32_t qpnv_icp_poll(QTestState *qts, unsigned pir)
{
    return qtest_readl(qts, icp_addr(pir));
}

uint32_t qpnv_icp_accept(QTestState *qts, unsigned pir)
{
    return qtest_readl(qts, icp_addr(pir) + 4);
}

void qpnv_icp_eoi(QTestState *qts, unsigned pir, uint32_t xirr)
{
    qtest_writel(qts, icp_addr(pir) + 4, xirr);
}

void qpnv_phb3_init(QPnvPhb3 *phb, QTestState *qts, int index)
{
    uint32_t nest = PBCQ_NEST_BASE(index), spci = PBCQ_SPCI_BASE(index);
    g_autofree uint16_t *rtt = g_new(uint16_t, RTT_ENTRIES);
    g_autofree uint64_t *ivt = g_new(uint64_t, IVT_ENTRIES * 2);
    QPCIBus *bus = &phb->bus;
    int i;

    memset(phb, 0, sizeof(*phb));
    phb->qts = qts;
    phb->index = index;
    phb->regs = P8_PHB_REGS(index);
    phb->m32_cpu = P8_PHB_MMIO1(index);
    phb->m32_pci = M32_PCI_START;
    phb->m32_size = M32_SIZE;
    phb->ram_next = TABLE_RAM_START + index * 0x4000000ULL;
    phb->ram_end = phb->ram_next + 0x4000000ULL;
    g_assert(phb->ram_end <= TABLE_RAM_END);

    /*
     * Interrupt numbering (skiboot phb3_init_ioda2 / pnv_phb3_remap_irqs):
     * 2048 sources from (index + 1) << 11, the last 8 are the LSIs.
     */
    phb->msi_base = (index + 1) << 11;
    qtest_writeq(qts, xscom_addr(nest + PBCQ_NEST_IRSN_COMPARE),
                 (uint64_t)phb->msi_base << 45);
    qtest_writeq(qts, xscom_addr(nest + PBCQ_NEST_IRSN_MASK),
                 0xff00000000000000ULL);
    qtest_writeq(qts, xscom_addr(nest + PBCQ_NEST_LSI_SRC_ID),
                 0xff00000000000000ULL);
    qtest_writeq(qts, xscom_addr(spci + PBCQ_SPCI_ASB_ADDR),
                 PHB_LSI_SOURCE_ID);
    qtest_writeq(qts, xscom_addr(spci + PBCQ_SPCI_ASB_DATA),
                 0x07f8000000000000ULL);
    /* The BARs hold their reset addresses: enabling them maps the PHB */
    qtest_writeq(qts, xscom_addr(nest + PBCQ_NEST_BAR_EN), PBCQ_BAR_EN_ALL);

    /* RTT: every RID in the reserved PE until a test places it */
    phb->rtt = qpnv_phb3_alloc(phb, RTT_ENTRIES * 2, 128 * 1024);
    for (i = 0; i < RTT_ENTRIES; i++) {
        rtt[i] = cpu_to_be16(PE_RESERVED);
    }
    qtest_bufwrite(qts, phb->rtt, rtt, RTT_ENTRIES * 2);
    qpnv_phb3_write(phb, PHB_RTT_BAR, PHB_RTT_BAR_ENABLE | phb->rtt);
    qpnv_phb3_write(phb, PHB_RTC_INVALIDATE, PHB_RTC_INVALIDATE_ALL);

    /* IVT: 2048 16-byte IVEs, all masked (priority 0xff) */
    phb->ivt_entries = IVT_ENTRIES;
    phb->ivt = qpnv_phb3_alloc(phb, IVT_ENTRIES * IVE_STRIDE, 32 * 1024);
    for (i = 0; i < IVT_ENTRIES; i++) {
        ivt[2 * i] = cpu_to_be64(0xffULL << 32);
        ivt[2 * i + 1] = 0;
    }
    qtest_bufwrite(qts, phb->ivt, ivt, IVT_ENTRIES * IVE_STRIDE);
    qpnv_phb3_write(phb, PHB_IVT_BAR,
                    PHB_IVT_BAR_ENABLE | phb->ivt | IVT_ENTRIES);

    /* M32 and both MSI windows (skiboot phb3_init_ioda2) */
    qpnv_phb3_write(phb, PHB_M32_BASE_ADDR, phb->m32_cpu);
    qpnv_phb3_write(phb, PHB_M32_BASE_MASK, ~(M32_SIZE - 1));
    qpnv_phb3_write(phb, PHB_M32_START_ADDR, M32_PCI_START);
    qpnv_phb3_write(phb, PHB_PHB3_CONFIG, PHB_PHB3C_M32_EN |
                    PHB_PHB3C_32BIT_MSI_EN | PHB_PHB3C_64BIT_MSI_EN);

    bus->pio_readb = pio_readb;
    bus->pio_readw = pio_readw;
    bus->pio_readl = pio_readl;
    bus->pio_readq = pio_readq;
    bus->pio_writeb = pio_writeb;
    bus->pio_writew = pio_writew;
    bus->pio_writel = pio_writel;
    bus->pio_writeq = pio_writeq;
    bus->memread = mem_read;
    bus->memwrite = mem_write;
    bus->config_readb = cfg_readb;
    bus->config_readw = cfg_readw;
    bus->config_readl = cfg_readl;
    bus->config_writeb = cfg_writeb;
    bus->config_writew = cfg_writew;
    bus->config_writel = cfg_writel;
    bus->qts = qts;
    bus->mmio_alloc_ptr = M32_PCI_START;
    bus->mmio_limit = M32_PCI_START + BRIDGE_MEM_SIZE;
    bus->not_hotpluggable = true;

    /* The root port (bus 0, 00.0): bus numbers, memory window, enables */
    cfg_writeb(bus, 0, PCI_PRIMARY_BUS, 0);
    cfg_writeb(bus, 0, PCI_SECONDARY_BUS, QPNV_PHB3_SECONDARY_BUS);
    cfg_writeb(bus, 0, PCI_SUBORDINATE_BUS, QPNV_PHB3_SECONDARY_BUS);
    cfg_writew(bus, 0, PCI_MEMORY_BASE, M32_PCI_START >> 16);
    cfg_writew(bus, 0, PCI_MEMORY_LIMIT,
               (M32_PCI_START + BRIDGE_MEM_SIZE - 1) >> 16);
    cfg_writew(bus, 0, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}
