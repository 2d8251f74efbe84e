/*
 * libqos driver for the PowerNV PHB4 (POWER9) and PHB5 (POWER10), IODA3
 *
 * The bring-up follows skiboot (hw/phb4.c): the stack BARs of
 * phb4_probe_stack at the addresses of hw/phys-map.c, the PHB_CTRLR value
 * and the IODA3 set-up of phb4_init_hw / phb4_init_ioda3 /
 * phb4_ioda_reset, the M32 MBT entry of phb4_init_ioda_cache, the root
 * complex set-up of phb4_init_rc_cfg; register layouts from
 * include/hw/pci-host/pnv_phb4_regs.h (skiboot include/phb4-regs.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "../libqtest.h"
#include "qobject/qdict.h"
#include "pci-pnv-phb4.h"
#include "standard-headers/linux/pci_regs.h"

/* XSCOM of chip 0 on POWER9 and POWER10 (pnv.h PNV9/PNV10_XSCOM_BASE) */
#define XSCOM_BASE              0x603fc00000000ULL

/* PEC XSCOM bases (pnv_xscom.h, pnv_phb4_pec.c *_xscom_*_base) */
#define P9_PEC_NEST_BASE(pec)   (0x4010c00 + 0x400 * (pec))
#define P9_PEC_PCI_BASE(pec)    (0xd010800 + 0x1000000 * (pec))
#define P10_PEC_NEST_BASE(pec)  (0x3011800 - 0x1000000 * (pec))
#define P10_PEC_PCI_BASE(pec)   (0x8010800 + 0x1000000 * (pec))

/*
 * skiboot hw/phys-map.c, chip 0, the same on Nimbus (POWER9) and POWER10:
 * PHBn_64BIT_MMIO, _32BIT_MMIO, _XIVE_ESB and _REG_SPC
 */
#define PHYS_MMIO64(n)          ((n) < 3 ?                              \
                                 0x0006000000000000ULL +                 \
                                 0x4000000000ULL * (n) :                 \
                                 0x0006020000000000ULL +                 \
                                 0x4000000000ULL * ((n) - 3))
#define PHYS_MMIO64_SIZE        0x0000004000000000ULL
#define PHYS_MMIO32(n)          (0x000600c000000000ULL + 0x80000000ULL * (n))
#define PHYS_MMIO32_SIZE        0x0000000080000000ULL
#define PHYS_ESB(n)             (0x000600c300000000ULL + 0x20000000ULL * (n))
#define PHYS_REG_SPC(n)         (0x000600c3c0000000ULL + 0x100000ULL * (n))

/* skiboot include/phb4.h */
#define M32_PCI_START           0x80000000ULL
#define M32_PCI_SIZE            0x80000000ULL
#define RTT_TABLE_ENTRIES       0x10000
#define RTT_TABLE_SIZE          0x20000
#define PELTV_TABLE_SIZE_MAX    0x20000

/* The root port's memory window: the lower half of M32 */
#define BRIDGE_MEM_SIZE         0x40000000ULL

/* Guest RAM used for tables: 32 MiB per PHB below 1 GiB */
#define TABLE_RAM_START         0x20000000ULL
#define TABLE_RAM_SLICE         0x2000000ULL

/* Fields skiboot has and the model's header lacks (skiboot phb4-regs.h) */
#define CA_PE_SHIFT             16      /* PHB_CA_PE, bits 39:47 */
#define CA_BDFN_SHIFT           44      /* PHB_CA_BDFN, bits 4:19 */
#define CA_REG_SHIFT            32      /* PHB_CA_REG, bits 20:31 */
#define DMA_WRITE_SYNC_COMPLETE PPC_BIT(3)      /* PHB5 */
#define CTRLR_TCE_CLB_DISABLE   PPC_BIT(21)
#define CTRLR_TVT_SEL_SHIFT     44      /* PHB_CTRLR_TVT_ADDR_SEL, 17:19 */
#define MDT_PE_A_SHIFT          48      /* IODA3_MDT_PE_A, bits 0:15 */
#define MDT_PE_B_SHIFT          32
#define MDT_PE_C_SHIFT          16
#define MBT0_MODE_SHIFT         60      /* IODA3_MBT0_MODE, bits 2:3 */
#define MBT0_MDT_COL_SHIFT      58      /* IODA3_MBT0_MDT_COLUMN, 4:5 */
#define IODA_TSEL_SHIFT         48      /* PHB_IODA_AD_TSEL, bits 11:15 */
#define IODA_MIST_PWV_SHIFT     32      /* PHB_IODA_AD_MIST_PWV, 28:31 */
#define LSI_SRC_ID_SHIFT        51      /* PHB_LSI_SRC_ID, bits 4:12 */

#define POLL_LIMIT              1000

static uint64_t xscom_addr(uint32_t pcba)
{
    return XSCOM_BASE | ((uint64_t)pcba << 3);
}

uint64_t qpnv_phb4_read(QPnvPhb4 *phb, uint64_t reg)
{
    return qtest_readq(phb->qts, phb->regs + reg);
}

void qpnv_phb4_write(QPnvPhb4 *phb, uint64_t reg, uint64_t val)
{
    qtest_writeq(phb->qts, phb->regs + reg, val);
}

uint64_t qpnv_phb4_nest_read(QPnvPhb4 *phb, unsigned reg)
{
    return qtest_readq(phb->qts, xscom_addr(phb->nest_stack + reg));
}

void qpnv_phb4_nest_write(QPnvPhb4 *phb, unsigned reg, uint64_t val)
{
    qtest_writeq(phb->qts, xscom_addr(phb->nest_stack + reg), val);
}

uint64_t qpnv_phb4_pci_read(QPnvPhb4 *phb, unsigned reg)
{
    return qtest_readq(phb->qts, xscom_addr(phb->pci_stack + reg));
}

void qpnv_phb4_pci_write(QPnvPhb4 *phb, unsigned reg, uint64_t val)
{
    qtest_writeq(phb->qts, xscom_addr(phb->pci_stack + reg), val);
}

unsigned qpnv_phb4_reserved_pe(QPnvPhb4 *phb)
{
    return phb->num_pes - 1;
}

/* skiboot phb4_ioda_sel */
static void ioda_sel(QPnvPhb4 *phb, unsigned table, unsigned index,
                     bool autoinc)
{
    qpnv_phb4_write(phb, PHB_IODA_ADDR,
                    (autoinc ? PHB_IODA_AD_AUTOINC : 0) |
                    ((uint64_t)table << IODA_TSEL_SHIFT) |
                    (index & PHB_IODA_AD_TADR));
}

void qpnv_phb4_ioda_write(QPnvPhb4 *phb, unsigned table, unsigned index,
                          uint64_t val)
{
    ioda_sel(phb, table, index, false);
    qpnv_phb4_write(phb, PHB_IODA_DATA0, val);
}

uint64_t qpnv_phb4_ioda_read(QPnvPhb4 *phb, unsigned table, unsigned index)
{
    ioda_sel(phb, table, index, false);
    return qpnv_phb4_read(phb, PHB_IODA_DATA0);
}

uint64_t qpnv_phb4_alloc(QPnvPhb4 *phb, uint64_t size, uint64_t align)
{
    uint64_t addr = QEMU_ALIGN_UP(phb->ram_next, align);

    g_assert(addr + size <= phb->ram_end);
    phb->ram_next = addr + size;
    qtest_memset(phb->qts, addr, 0, size);
    return addr;
}

/*
 * Config space.  The root complex (bdfn 0) is reached through its MMIO
 * config space at PHB_RC_CONFIG_BASE, 32-bit little-endian accesses only,
 * as skiboot's phb4_rc_read/phb4_rc_write do; everything else through
 * PHB_CONFIG_ADDRESS/DATA (skiboot phb4_pcicfg_read/write): enable (0),
 * bus/dev/fn (4:19), register (20:31) and the requester's PE (39:47), the
 * PE being its RTT entry (phb4_pcicfg_check reads skiboot's RTT copy).
 */
static uint32_t rc_readl(QPnvPhb4 *phb, unsigned reg)
{
    return bswap32(qtest_readl(phb->qts,
                               phb->regs + PHB_RC_CONFIG_BASE + (reg & ~3)));
}

static void rc_writel(QPnvPhb4 *phb, unsigned reg, uint32_t val)
{
    qtest_writel(phb->qts, phb->regs + PHB_RC_CONFIG_BASE + (reg & ~3),
                 bswap32(val));
}

/* skiboot phb4_rc_write: RMW of a narrow write, W1C bits kept clear */
static void rc_write(QPnvPhb4 *phb, unsigned offset, unsigned size,
                     uint32_t val)
{
    unsigned reg = offset & ~3, shift;
    uint32_t old, mask;

    if (size < 4) {
        old = rc_readl(phb, reg);
        switch (reg) {
        case 0x1c:                  /* secondary status */
            old &= 0x00ffffff;
            break;
        case 0x50:                  /* device status */
            old &= 0xfff0ffff;
            break;
        case 0x58:                  /* link status */
            old &= 0x3fffffff;
            break;
        case 0x78:                  /* link status 2 */
            old &= 0xf000ffff;
            break;
        case 0x104: case 0x110: case 0x130:     /* AER status */
        case 0x180: case 0x184: case 0x188: case 0x18c:
            old = 0;
            break;
        }
        shift = (offset & (4 - size)) * 8;
        mask = (size == 1 ? 0xffu : 0xffffu) << shift;
        val = (old & ~mask) | ((val << shift) & mask);
    }
    rc_writel(phb, reg, val);
}

static void cfg_select(QPnvPhb4 *phb, int devfn, uint16_t offset)
{
    uint64_t bdfn = devfn & 0xffff;
    uint64_t pe = phb->rtt ? qtest_readw(phb->qts, phb->rtt + 2 * bdfn) &
                             0x1ff : 0;

    qpnv_phb4_write(phb, PHB_CONFIG_ADDRESS, PPC_BIT(0) |
                    (bdfn << CA_BDFN_SHIFT) |
                    ((uint64_t)(offset & 0xffc) << CA_REG_SHIFT) |
                    (pe << CA_PE_SHIFT));
}

/* skiboot phb4_pcicfg_check: nothing but device 0 on the root bus */
static bool cfg_absent(int devfn)
{
    return (devfn & 0xff00) == 0 && (devfn & 0xff);
}

static uint8_t cfg_readb(QPCIBus *bus, int devfn, uint8_t offset)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    if (cfg_absent(devfn)) {
        return 0xff;
    }
    if (devfn == 0) {
        return rc_readl(phb, offset) >> ((offset & 3) * 8);
    }
    cfg_select(phb, devfn, offset);
    return qtest_readb(phb->qts, phb->regs + PHB_CONFIG_DATA + (offset & 3));
}

static uint16_t cfg_readw(QPCIBus *bus, int devfn, uint8_t offset)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    if (cfg_absent(devfn)) {
        return 0xffff;
    }
    if (devfn == 0) {
        return rc_readl(phb, offset) >> ((offset & 2) * 8);
    }
    cfg_select(phb, devfn, offset);
    return bswap16(qtest_readw(phb->qts,
                               phb->regs + PHB_CONFIG_DATA + (offset & 2)));
}

static uint32_t cfg_readl(QPCIBus *bus, int devfn, uint8_t offset)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    if (cfg_absent(devfn)) {
        return 0xffffffff;
    }
    if (devfn == 0) {
        return rc_readl(phb, offset);
    }
    cfg_select(phb, devfn, offset);
    return bswap32(qtest_readl(phb->qts, phb->regs + PHB_CONFIG_DATA));
}

static void cfg_writeb(QPCIBus *bus, int devfn, uint8_t offset, uint8_t v)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    if (cfg_absent(devfn)) {
        return;
    }
    if (devfn == 0) {
        rc_write(phb, offset, 1, v);
        return;
    }
    cfg_select(phb, devfn, offset);
    qtest_writeb(phb->qts, phb->regs + PHB_CONFIG_DATA + (offset & 3), v);
}

static void cfg_writew(QPCIBus *bus, int devfn, uint8_t offset, uint16_t v)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    if (cfg_absent(devfn)) {
        return;
    }
    if (devfn == 0) {
        rc_write(phb, offset, 2, v);
        return;
    }
    cfg_select(phb, devfn, offset);
    qtest_writew(phb->qts, phb->regs + PHB_CONFIG_DATA + (offset & 2),
                 bswap16(v));
}

static void cfg_writel(QPCIBus *bus, int devfn, uint8_t offset, uint32_t v)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    if (cfg_absent(devfn)) {
        return;
    }
    if (devfn == 0) {
        rc_write(phb, offset, 4, v);
        return;
    }
    cfg_select(phb, devfn, offset);
    qtest_writel(phb->qts, phb->regs + PHB_CONFIG_DATA, bswap32(v));
}

/* PCI memory through M32: CPU m32_cpu + x reaches PCI m32_pci + x */
static uint64_t m32_cpu_addr(QPnvPhb4 *phb, uint32_t addr, size_t len)
{
    g_assert(addr >= phb->m32_pci &&
             addr + len <= phb->m32_pci + phb->m32_size);
    return phb->m32_cpu + (addr - phb->m32_pci);
}

static void mem_read(QPCIBus *bus, uint32_t addr, void *buf, size_t len)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    qtest_memread(phb->qts, m32_cpu_addr(phb, addr, len), buf, len);
}

static void mem_write(QPCIBus *bus, uint32_t addr, const void *buf,
                      size_t len)
{
    QPnvPhb4 *phb = container_of(bus, QPnvPhb4, bus);

    qtest_memwrite(phb->qts, m32_cpu_addr(phb, addr, len), buf, len);
}

/* The PHB4 has no IO space: any PIO use is a test bug */
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

/* RTT: one big-endian 16-bit PE number per requester ID */
void qpnv_phb4_rtt_set(QPnvPhb4 *phb, unsigned bus, unsigned devfn,
                       unsigned pe)
{
    uint16_t rte = cpu_to_be16(pe);

    qtest_memwrite(phb->qts, phb->rtt + 2 * ((bus << 8) | devfn), &rte, 2);
}

unsigned qpnv_phb4_rtt_get(QPnvPhb4 *phb, unsigned bus, unsigned devfn)
{
    return qtest_readw(phb->qts, phb->rtt + 2 * ((bus << 8) | devfn));
}

void qpnv_phb4_rtc_invalidate_all(QPnvPhb4 *phb)
{
    /* skiboot phb4_set_pe, phb4_ioda_reset */
    qpnv_phb4_write(phb, PHB_RTC_INVALIDATE, PHB_RTC_INVALIDATE_ALL);
}

void qpnv_phb4_rtc_invalidate_rid(QPnvPhb4 *phb, unsigned bus,
                                  unsigned devfn)
{
    /* PHB_RTC_INVALIDATE_RID (bits 16:31); skiboot only ever uses ALL */
    qpnv_phb4_write(phb, PHB_RTC_INVALIDATE,
                    (uint64_t)((bus << 8) | devfn) << 32);
}

void qpnv_phb4_set_pe(QPnvPhb4 *phb, unsigned bus, unsigned devfn,
                      unsigned pe)
{
    g_assert(pe < phb->num_pes);
    qpnv_phb4_rtt_set(phb, bus, devfn, pe);
    qpnv_phb4_rtc_invalidate_all(phb);
}

void qpnv_phb4_tce_init(QPnvPhb4 *phb, QPnvPhb4Tce *t, unsigned levels,
                        unsigned entries_shift, unsigned page_shift)
{
    uint64_t size = 8ULL << entries_shift;

    /* skiboot phb4_map_pe_dma_window: 1..5 levels, a level >= 4 KiB */
    g_assert(levels >= 1 && levels <= 5);
    g_assert(entries_shift >= 9 && entries_shift <= 39);
    g_assert(page_shift >= 12);
    t->levels = levels;
    t->entries_shift = entries_shift;
    t->page_shift = page_shift;
    t->base = qpnv_phb4_alloc(phb, size, size);
}

uint64_t qpnv_phb4_tce_window_size(const QPnvPhb4Tce *t)
{
    return 1ULL << (t->entries_shift * t->levels + t->page_shift);
}

/*
 * Walk from the top level down.  Upper-level entries point at the next
 * level with R|W set (Linux pnv_tce() sets both on indirect TCEs).
 */
static uint64_t tce_slot(QPnvPhb4 *phb, QPnvPhb4Tce *t, uint64_t iova,
                         bool create)
{
    uint64_t level_size = 8ULL << t->entries_shift;
    uint64_t mask = (1ULL << t->entries_shift) - 1;
    uint64_t base = t->base;
    int lev;

    for (lev = t->levels - 1; lev >= 0; lev--) {
        unsigned shift = t->page_shift + t->entries_shift * lev;
        uint64_t slot = base + 8 * ((iova >> shift) & mask);

        if (lev == 0) {
            return slot;
        }
        if (!(qtest_readq(phb->qts, slot) & QPNV_PHB4_TCE_RW)) {
            uint64_t next;

            if (!create) {
                return 0;
            }
            next = qpnv_phb4_alloc(phb, level_size, level_size);
            qtest_writeq(phb->qts, slot, next | QPNV_PHB4_TCE_RW);
        }
        base = qtest_readq(phb->qts, slot) & ~0xfffULL;
    }
    g_assert_not_reached();
}

void qpnv_phb4_tce_map(QPnvPhb4 *phb, QPnvPhb4Tce *t, uint64_t iova,
                       uint64_t gpa, uint64_t perm)
{
    uint64_t slot = tce_slot(phb, t, iova, true);

    g_assert(!(gpa & ((1ULL << t->page_shift) - 1)));
    qtest_writeq(phb->qts, slot, gpa | perm);
}

uint64_t qpnv_phb4_tce_addr(QPnvPhb4 *phb, QPnvPhb4Tce *t, uint64_t iova)
{
    return tce_slot(phb, t, iova, false);
}

/*
 * IODA3 TVE (skiboot phb4_map_pe_dma_window): table address >> 12 in
 * 0:47, levels - 1 in 48:50, log2(bytes of one level) - 11 in 51:55, IO
 * page size log2 - 11 in 59:63 (4K 1, 64K 5, 2M 10, 1G 19)
 */
uint64_t qpnv_phb4_tve(const QPnvPhb4Tce *t)
{
    return ((t->base >> 12) << 16) | ((uint64_t)(t->levels - 1) << 13) |
           ((uint64_t)(t->entries_shift + 3 - 11) << 8) |
           (t->page_shift - 11);
}

/*
 * Non-translate TVE (skiboot phb4_map_pe_dma_window_real): 16 MiB
 * aligned; start bits 24:49 (LSB 0) in TVE 52:53 || 0:23, end bits 24:49
 * in TVE 54:55 || 24:47 (IBM numbering), TVE bit 51 and NON_TRANSLATE_50.
 * @start and @end are within the window (address bit 59 stripped).
 */
uint64_t qpnv_phb4_bypass_tve(uint64_t start, uint64_t end)
{
    g_assert(!(start & 0xffffff) && !(end & 0xffffff));
    g_assert(end <= 0x0003ffffffffffffULL);
    return (((start >> 24) & 0xffffff) << 40) | (((start >> 48) & 3) << 10) |
           (((end >> 24) & 0xffffff) << 16) | (((end >> 48) & 3) << 8) |
           PPC_BIT(51) | IODA3_TVT_NON_TRANSLATE_50;
}

void qpnv_phb4_set_tve(QPnvPhb4 *phb, unsigned pe, unsigned window,
                       uint64_t tve)
{
    g_assert(pe < phb->num_pes && window < 2);
    qpnv_phb4_ioda_write(phb, IODA3_TBL_TVT, pe * 2 + window, tve);
}

/* skiboot phb4_wait_bit, bounded */
static void wait_bit(QPnvPhb4 *phb, uint64_t reg, uint64_t mask,
                     uint64_t want)
{
    uint64_t val = 0;
    int i;

    for (i = 0; i < POLL_LIMIT; i++) {
        val = qpnv_phb4_read(phb, reg);
        g_assert_cmphex(val, !=, UINT64_MAX);   /* fenced */
        if ((val & mask) == want) {
            return;
        }
    }
    g_assert_cmphex(val & mask, ==, want);
}

/* skiboot phb4_tce_kill: queue slot, kill, DMA read sync, completion */
static void tce_kill(QPnvPhb4 *phb, uint64_t kill)
{
    uint64_t queued = PHB_TCE_KILL_ALL | PHB_TCE_KILL_PE | PHB_TCE_KILL_ONE;

    wait_bit(phb, PHB_TCE_KILL, queued, 0);
    qpnv_phb4_write(phb, PHB_TCE_KILL, kill);
    if (phb->gen == 5) {
        uint64_t v = qpnv_phb4_read(phb, PHB_DMARD_SYNC) &
                     (PHB_DMARD_SYNC_COMPLETE | DMA_WRITE_SYNC_COMPLETE);

        qpnv_phb4_write(phb, PHB_DMARD_SYNC, v | PHB_DMARD_SYNC_START);
    } else {
        qpnv_phb4_write(phb, PHB_DMARD_SYNC, PHB_DMARD_SYNC_START);
    }
    wait_bit(phb, PHB_Q_DMA_R, PHB_Q_DMA_R_TCE_KILL_STATUS, 0);
    wait_bit(phb, PHB_DMARD_SYNC, PHB_DMARD_SYNC_COMPLETE,
             PHB_DMARD_SYNC_COMPLETE);
}

void qpnv_phb4_tce_kill_all(QPnvPhb4 *phb)
{
    tce_kill(phb, PHB_TCE_KILL_ALL);
}

void qpnv_phb4_tce_kill_pe(QPnvPhb4 *phb, unsigned pe)
{
    tce_kill(phb, PHB_TCE_KILL_PE | (pe & PHB_TCE_KILL_PENUM));
}

/*
 * OPAL_PCI_TCE_KILL_PAGES for one page: the DMA address (bit 59 included)
 * with the PE in 55:63, PSEL and the size code in the address bits a
 * 64K/2M/1G page leaves free
 */
void qpnv_phb4_tce_kill_page(QPnvPhb4 *phb, unsigned pe, uint64_t iova,
                             unsigned page_shift)
{
    uint64_t val = iova | (pe & PHB_TCE_KILL_PENUM);

    g_assert(!(iova & (0xf000000000000000ULL |
                       ((1ULL << page_shift) - 1))));
    switch (page_shift) {
    case 12:
        break;
    case 16:
        val |= PHB_TCE_KILL_PSEL | PHB_TCE_KILL_64K;
        break;
    case 21:
        val |= PHB_TCE_KILL_PSEL | PHB_TCE_KILL_2M;
        break;
    case 30:
        val |= PHB_TCE_KILL_PSEL | PHB_TCE_KILL_1G;
        break;
    default:
        g_assert_not_reached();
    }
    tce_kill(phb, PHB_TCE_KILL_ONE | val);
}

/* skiboot phb4_init_ioda_cache: MDT columns B..D map segment# == PE# */
static uint64_t mdt_default(unsigned seg)
{
    return ((uint64_t)seg << MDT_PE_B_SHIFT) |
           ((uint64_t)seg << MDT_PE_C_SHIFT) | seg;
}

/* skiboot phb4_map_pe_mmio_window, OPAL_M32_WINDOW_TYPE */
void qpnv_phb4_set_m32_pe(QPnvPhb4 *phb, uint64_t pci, unsigned pe)
{
    unsigned seg = (pci - phb->m32_pci) / (phb->m32_size / phb->num_pes);
    uint64_t mdt = qpnv_phb4_ioda_read(phb, IODA3_TBL_MDT, seg);

    mdt &= ~(0xffffULL << MDT_PE_A_SHIFT);
    qpnv_phb4_ioda_write(phb, IODA3_TBL_MDT, seg,
                         mdt | ((uint64_t)pe << MDT_PE_A_SHIFT));
}

bool qpnv_phb4_pe_frozen(QPnvPhb4 *phb, unsigned pe)
{
    return (qpnv_phb4_ioda_read(phb, IODA3_TBL_PESTA, pe) & PPC_BIT(0)) ||
           (qpnv_phb4_ioda_read(phb, IODA3_TBL_PESTB, pe) & PPC_BIT(0));
}

char *qpnv_phb4_qom_path(QPnvPhb4 *phb)
{
    return g_strdup_printf("/machine/chip[0]/pec[%d]/phb[%d]/phb-backend",
                           phb->pec, phb->stack);
}

static QDict *qom_get(QPnvPhb4 *phb, const char *name)
{
    g_autofree char *path = qpnv_phb4_qom_path(phb);

    return qtest_qmp(phb->qts, "{ 'execute': 'qom-get', 'arguments': "
                     "{ 'path': %s, 'property': %s } }", path, name);
}

bool qpnv_phb4_has_counter(QPnvPhb4 *phb, const char *name)
{
    QDict *rsp = qom_get(phb, name);
    bool ok = qdict_haskey(rsp, "return");

    qobject_unref(rsp);
    return ok;
}

uint64_t qpnv_phb4_counter(QPnvPhb4 *phb, const char *name)
{
    QDict *rsp = qom_get(phb, name);
    uint64_t v;

    g_assert(qdict_haskey(rsp, "return"));
    v = qdict_get_int(rsp, "return");
    qobject_unref(rsp);
    return v;
}

/* Which PEC and stack PHB @index is (pnv_phb4_pec.c num_phbs tables) */
static void phb_location(QPnvPhb4 *phb)
{
    static const int p9_pec[] = { 0, 1, 1, 2, 2, 2 };
    static const int p9_first[] = { 0, 1, 3 };

    g_assert(phb->index >= 0 && phb->index < 6);
    if (phb->gen == 4) {
        phb->pec = p9_pec[phb->index];
        phb->stack = phb->index - p9_first[phb->pec];
        phb->nest_stack = P9_PEC_NEST_BASE(phb->pec);
        phb->pci_stack = P9_PEC_PCI_BASE(phb->pec);
    } else {
        g_assert(phb->gen == 5);
        phb->pec = phb->index / 3;
        phb->stack = phb->index % 3;
        phb->nest_stack = P10_PEC_NEST_BASE(phb->pec);
        phb->pci_stack = P10_PEC_PCI_BASE(phb->pec);
    }
    /* skiboot phb4_probe_stack: the stack's registers, 0x40 apart */
    phb->nest_stack += 0x40 * (phb->stack + 1);
    phb->pci_stack += 0x40 * (phb->stack + 1);
}

/* skiboot phb4_probe_stack: the stack's BARs and their enables */
static void init_stack(QPnvPhb4 *phb)
{
    int n = phb->index;

    phb->regs = PHYS_REG_SPC(n);
    phb->esb = PHYS_ESB(n);
    phb->mmio0 = PHYS_MMIO64(n);
    phb->mmio0_size = PHYS_MMIO64_SIZE;
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_PHB_REGS_BAR, phb->regs << 8);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_INT_BAR, phb->esb << 8);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_MMIO_BAR0, phb->mmio0 << 8);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_MMIO_BAR0_MASK,
                         (~(PHYS_MMIO64_SIZE - 1) &
                          0x00ffffffffffffffULL) << 8);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_MMIO_BAR1, PHYS_MMIO32(n) << 8);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_MMIO_BAR1_MASK,
                         (~(PHYS_MMIO32_SIZE - 1) &
                          0x00ffffffffffffffULL) << 8);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_BAR_EN,
                         qpnv_phb4_nest_read(phb, PEC_NEST_STK_BAR_EN) |
                         PEC_NEST_STK_BAR_EN_MMIO0 |
                         PEC_NEST_STK_BAR_EN_MMIO1 |
                         PEC_NEST_STK_BAR_EN_PHB | PEC_NEST_STK_BAR_EN_INT);
    /* clear PFIR and NFIR, take the ETU out of reset */
    qpnv_phb4_pci_write(phb, PEC_PCI_STK_PCI_FIR, 0);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_PCI_NEST_FIR, 0);
    qpnv_phb4_pci_write(phb, PEC_PCI_STK_ETU_RESET, 0);

    /*
     * phb4_calculate_windows: the bigger window (64-bit) is mm0, M32 the
     * 32-bit one, cropped to M32_PCI_SIZE
     */
    phb->m32_cpu = PHYS_MMIO32(n);
    phb->m32_pci = M32_PCI_START;
    phb->m32_size = M32_PCI_SIZE;
}

/* skiboot phb4_read_capabilities */
static void read_capabilities(QPnvPhb4 *phb)
{
    phb->num_pes = qpnv_phb4_read(phb, PHB_PHB4_EEH_CAP) >> 52;
    g_assert(phb->num_pes == 256 || phb->num_pes == 512);
    phb->mbt_size = phb->num_pes >= 512 ? 32 : 16;
    phb->tvt_size = phb->num_pes >= 512 ? 1024 : 512;
    phb->num_irqs = qpnv_phb4_read(phb, PHB_PHB4_IRQ_CAP) & 0xffff;
}

/* skiboot phb4_ioda_reset after phb4_init_ioda_cache (Init_30..41) */
/*
 * skiboot phb4_set_ive_pe: the PE of MSI source @src in its MIST entry,
 * written alone through the partial-write enables (PHB_IODA_AD_MIST_PWV:
 * bit 28 entry 0 ... bit 31 entry 3); P/Q of the entry come back 0
 */
void qpnv_phb4_set_mist_pe(QPnvPhb4 *phb, unsigned src, unsigned pe)
{
    unsigned quad = src & 3;

    g_assert(src < phb->num_irqs - 8 && pe < phb->num_pes);
    ioda_sel(phb, IODA3_TBL_MIST, src >> 2, false);
    qpnv_phb4_write(phb, PHB_IODA_ADDR,
                    qpnv_phb4_read(phb, PHB_IODA_ADDR) |
                    ((uint64_t)(8 >> quad) << IODA_MIST_PWV_SHIFT));
    qpnv_phb4_write(phb, PHB_IODA_DATA0,
                    (uint64_t)pe << ((3 - quad) * 16));
}

/* skiboot phb4_get_msi_32 */
uint64_t qpnv_phb4_msi_addr32(unsigned src)
{
    return 0xffff0000ULL | ((src << 4) & 0xfffffe0fULL);
}

uint32_t qpnv_phb4_msi_data(unsigned src)
{
    return src & 0x1f;
}

/* The P/Q bits of source @src: an ESB "get" load (64K pages) */
unsigned qpnv_phb4_esb_pq(QPnvPhb4 *phb, unsigned src)
{
    return qtest_readq(phb->qts, phb->esb + ((uint64_t)src << 16) + 0x800) &
           3;
}

/*
 * Turn source @src on: P/Q 00 through its ESB "set PQ 00" load (sources
 * come up "off", PQ 01, and the OS's XIVE driver enables each it uses)
 */
void qpnv_phb4_esb_enable(QPnvPhb4 *phb, unsigned src)
{
    qtest_readq(phb->qts, phb->esb + ((uint64_t)src << 16) + 0xc00);
}

/*
 * The PHB pass-through XSCOM (ASB) registers: PEC PCI base + 0x100 +
 * 0x40 * stack (PNV9_XSCOM_PEC_PCI_STK0), i.e. 0xc0 above the stack's
 * own PCI registers
 */
#define ASB_IND_ADDR            0x00    /* PHB_SCOM_HV_IND_ADDR */
#define ASB_IND_DATA            0x01    /* PHB_SCOM_HV_IND_DATA */
#define ASB_IND_VALID           PPC_BIT(0)

uint64_t qpnv_phb4_read_asb(QPnvPhb4 *phb, uint64_t reg)
{
    uint32_t asb = phb->pci_stack + 0xc0;

    qtest_writeq(phb->qts, xscom_addr(asb + ASB_IND_ADDR),
                 ASB_IND_VALID | reg);
    return qtest_readq(phb->qts, xscom_addr(asb + ASB_IND_DATA));
}

/*
 * skiboot phb4_init_errors (values for QEMU's PHB4, a Nimbus DD2.0, and
 * for PHB5), the IRQ enables of Init_126..130 (phb4_int_unmask_all) and
 * the LEM left unmasked (Init_131)
 */
static const uint64_t err_enables[QPNV_PHB4_TRAPS][4] = {
    /* LEM, IRQ, freeze, fence: PHB, TXE (POWER9 DD2.0), RXE_ARB, _MRG, _TCE */
    { ~0ULL, 0xca8880cc00000000ULL, 0x0000004000000000ULL,
      0x35777033ff000000ULL },
    { 0xf3acff0ff7ddfff0ULL, 0x2008400e08200000ULL, 0x0000000a00000000ULL,
      0xdfffbd05f7ddfff0ULL },
    { 0xfffffffffbffffffULL, 0xc40038fc01804070ULL, 0xc00018b801000060ULL,
      0x3bffd703fa7fbf8fULL },
    { ~0ULL, 0x00006100008000a8ULL, 0x0000600000000000ULL,
      0xfffffeffff7fff57ULL },
    { ~0ULL, 0x60510050c0000000ULL, 0x60000000c0000000ULL,
      0x9faeffaf3fffffffULL },
};

/* PHB5's TXE enables (phb4_init_errors, is_phb5) */
static const uint64_t txe_enables_phb5[4] = {
    0xffffff0fffffffffULL, 0x200850be08200020ULL, 0x0000500a00000000ULL,
    0xdff7af41f7ddffdfULL,
};

void qpnv_phb4_init_errors(QPnvPhb4 *phb)
{
    unsigned t;

    qpnv_phb4_write(phb, PHB_LEM_ERROR_MASK, ~0ULL);
    qpnv_phb4_write(phb, PHB_LEM_FIR_ACCUM, 0);
    qpnv_phb4_write(phb, PHB_LEM_WOF, 0);
    for (t = 0; t < QPNV_PHB4_TRAPS; t++) {
        const uint64_t *en = t == QPNV_PHB4_TRAP_TXE && phb->gen == 5 ?
                             txe_enables_phb5 : err_enables[t];
        uint64_t base = QPNV_PHB4_TRAP(t);

        qpnv_phb4_write(phb, base + QPNV_TRAP_STATUS, ~0ULL);
        qpnv_phb4_write(phb, base + QPNV_TRAP_STATUS1, 0);
        qpnv_phb4_write(phb, base + QPNV_TRAP_LEM_ENABLE, en[0]);
        qpnv_phb4_write(phb, base + QPNV_TRAP_FREEZE_ENABLE, en[2]);
        qpnv_phb4_write(phb, base + QPNV_TRAP_FENCE_ENABLE, en[3]);
        qpnv_phb4_write(phb, base + 0x40, 0);
        qpnv_phb4_write(phb, base + 0x48, 0);
        qpnv_phb4_write(phb, base + 0x50, 0);
        qpnv_phb4_write(phb, base + 0x58, 0);
    }
    /* Init_126..130: the IRQ enables */
    for (t = 0; t < QPNV_PHB4_TRAPS; t++) {
        const uint64_t *en = t == QPNV_PHB4_TRAP_TXE && phb->gen == 5 ?
                             txe_enables_phb5 : err_enables[t];

        qpnv_phb4_write(phb, QPNV_PHB4_TRAP(t) + QPNV_TRAP_IRQ_ENABLE, en[1]);
    }
    qpnv_phb4_write(phb, PHB_LEM_ERROR_MASK, 0);
}

/* The PE's in-memory PEST entry (PEST0, PEST1) */
void qpnv_phb4_pest(QPnvPhb4 *phb, unsigned pe, uint64_t pest[2])
{
    /* big-endian in memory: qtest reads as the (big-endian) CPU does */
    pest[0] = qtest_readq(phb->qts, phb->pest + pe * 16);
    pest[1] = qtest_readq(phb->qts, phb->pest + pe * 16 + 8);
}

/* skiboot phb4_err_clear: the traps, the LEM (the root port is not used) */
void qpnv_phb4_err_clear(QPnvPhb4 *phb)
{
    unsigned t;
    uint64_t fir;

    for (t = 0; t < QPNV_PHB4_TRAPS; t++) {
        uint64_t base = QPNV_PHB4_TRAP(t);

        qpnv_phb4_write(phb, base, qpnv_phb4_read(phb, base));
        qpnv_phb4_write(phb, base + QPNV_TRAP_STATUS1, 0);
        qpnv_phb4_write(phb, base + 0x40, 0);
        qpnv_phb4_write(phb, base + 0x48, 0);
    }
    fir = qpnv_phb4_read(phb, PHB_LEM_FIR_ACCUM);
    qpnv_phb4_write(phb, PHB_LEM_FIR_AND_MASK, ~fir);
    qpnv_phb4_write(phb, PHB_LEM_WOF, 0);
    qpnv_phb4_write(phb, PHB_LEM_ERROR_MASK, 0);
}

/*
 * skiboot phb4_eeh_freeze_clear(MMIO and DMA): the traps cleared if
 * PHB_ETU_ERR_SUMMARY says an error is held, then PESTA and PESTB
 */
void qpnv_phb4_freeze_clear(QPnvPhb4 *phb, unsigned pe)
{
    if (qpnv_phb4_read(phb, PHB_ETU_ERR_SUMMARY)) {
        qpnv_phb4_err_clear(phb);
    }
    qpnv_phb4_ioda_write(phb, IODA3_TBL_PESTA, pe, 0);
    qpnv_phb4_ioda_write(phb, IODA3_TBL_PESTB, pe, 0);
}

/*
 * The fence and ETU reset steps of skiboot phb4_creset: force a fence
 * (nest FIR bit 26), assert the ETU reset, clear the FIRs through their
 * AND registers with the value read, release the ETU reset; the caller
 * then programs the PHB again (REINIT)
 */
void qpnv_phb4_creset(QPnvPhb4 *phb)
{
    uint64_t nfir;

    if (!(qpnv_phb4_nest_read(phb, PEC_NEST_STK_PCI_NEST_FIR) &
          PPC_BIT(16))) {
        qpnv_phb4_nest_write(phb, PEC_NEST_STK_PCI_NEST_FIR_SET,
                             PPC_BIT(26));
    }
    qpnv_phb4_pci_write(phb, PEC_PCI_STK_ETU_RESET, PPC_BIT(0));
    nfir = qpnv_phb4_nest_read(phb, PEC_NEST_STK_PCI_NEST_FIR);
    qpnv_phb4_nest_write(phb, PEC_NEST_STK_PCI_NEST_FIR_CLR, ~nfir);
    qpnv_phb4_pci_write(phb, PEC_PCI_STK_PCI_FIR_CLR,
                        ~qpnv_phb4_pci_read(phb, PEC_PCI_STK_PCI_FIR));
    qpnv_phb4_pci_write(phb, PEC_PCI_STK_ETU_RESET, 0);
}

/* The PHB's LSI @n (0..7): the last eight sources */
unsigned qpnv_phb4_lsi(QPnvPhb4 *phb, unsigned n)
{
    return phb->num_irqs - 8 + n;
}

/* An ESB "EOI" load of source @src (an LSI still asserted fires again) */
void qpnv_phb4_esb_eoi(QPnvPhb4 *phb, unsigned src)
{
    qtest_readq(phb->qts, phb->esb + ((uint64_t)src << 16));
}

static void ioda_reset(QPnvPhb4 *phb)
{
    unsigned mrt_size = phb->num_pes >= 512 ? 16 : 8;
    unsigned i;

    /* Init_30..31: errata, clear PESTA entry 0 */
    qpnv_phb4_ioda_write(phb, IODA3_TBL_PESTA, 0, 0);
    /* Init_32..33: MIST, all four sources of each entry written */
    ioda_sel(phb, IODA3_TBL_MIST, 0, true);
    qpnv_phb4_write(phb, PHB_IODA_ADDR,
                    qpnv_phb4_read(phb, PHB_IODA_ADDR) |
                    (0xfULL << IODA_MIST_PWV_SHIFT));
    for (i = 0; i < phb->num_irqs / 4; i++) {
        qpnv_phb4_write(phb, PHB_IODA_DATA0, 0);
    }
    /* Init_34..35: MRT */
    ioda_sel(phb, IODA3_TBL_MRT, 0, true);
    for (i = 0; i < mrt_size; i++) {
        qpnv_phb4_write(phb, PHB_IODA_DATA0, 0);
    }
    /* Init_36..37: TVT */
    ioda_sel(phb, IODA3_TBL_TVT, 0, true);
    for (i = 0; i < phb->tvt_size; i++) {
        qpnv_phb4_write(phb, PHB_IODA_DATA0, 0);
    }
    /*
     * Init_38..39: MBT.  Entry 0 is M32: MDT mode, column A, the 32-bit
     * MMIO BAR, 2 GiB, enabled in MBT1 (phb4_init_ioda_cache).  The other
     * entries are disabled with their default mode (phb4_default_mbt0:
     * the last three MDT columns 3..1, PE-segmented before them).
     */
    ioda_sel(phb, IODA3_TBL_MBT, 0, true);
    for (i = 0; i < phb->mbt_size; i++) {
        uint64_t mbt0, mbt1 = 0;
        unsigned from_end = phb->mbt_size - i - 1;

        if (i == 0) {
            mbt0 = ((uint64_t)IODA3_MBT0_MODE_MDT << MBT0_MODE_SHIFT) |
                   IODA3_MBT0_TYPE_M32 |
                   (phb->m32_cpu & IODA3_MBT0_BASE_ADDR);
            mbt1 = IODA3_MBT1_ENABLE |
                   (~(M32_PCI_SIZE - 1) & IODA3_MBT1_MASK);
        } else if (from_end <= 2) {
            mbt0 = ((uint64_t)IODA3_MBT0_MODE_MDT << MBT0_MODE_SHIFT) |
                   ((uint64_t)(3 - from_end) << MBT0_MDT_COL_SHIFT);
        } else {
            mbt0 = (uint64_t)IODA3_MBT0_MODE_PE_SEG << MBT0_MODE_SHIFT;
        }
        qpnv_phb4_write(phb, PHB_IODA_DATA0, mbt0);
        qpnv_phb4_write(phb, PHB_IODA_DATA0, mbt1);
    }
    /* Init_40..41: MDT */
    ioda_sel(phb, IODA3_TBL_MDT, 0, true);
    for (i = 0; i < phb->num_pes; i++) {
        qpnv_phb4_write(phb, PHB_IODA_DATA0, mdt_default(i));
    }
    /* PEST and PEEV cleared */
    for (i = 0; i < phb->num_pes; i++) {
        qpnv_phb4_ioda_write(phb, IODA3_TBL_PESTA, i, 0);
        qpnv_phb4_ioda_write(phb, IODA3_TBL_PESTB, i, 0);
    }
    ioda_sel(phb, IODA3_TBL_PEEV, 0, true);
    for (i = 0; i < phb->num_pes / 64; i++) {
        qpnv_phb4_write(phb, PHB_IODA_DATA0, 0);
    }
    /* RTC and TCE caches invalidated */
    qpnv_phb4_rtc_invalidate_all(phb);
    qpnv_phb4_tce_kill_all(phb);
}

void qpnv_phb4_init(QPnvPhb4 *phb, QTestState *qts, int gen, int index)
{
    g_autofree uint16_t *rtt = g_new(uint16_t, RTT_TABLE_ENTRIES);
    QPCIBus *bus = &phb->bus;
    uint64_t ctrl;
    int i;

    memset(phb, 0, sizeof(*phb));
    phb->qts = qts;
    phb->gen = gen;
    phb->index = index;
    phb_location(phb);
    phb->ram_next = TABLE_RAM_START + index * TABLE_RAM_SLICE;
    phb->ram_end = phb->ram_next + TABLE_RAM_SLICE;

    init_stack(phb);
    read_capabilities(phb);

    /* Init_2: mask the LEM; Init_3: TCE tag enable */
    qpnv_phb4_write(phb, PHB_LEM_ERROR_MASK, ~0ULL);
    qpnv_phb4_write(phb, PHB_TCE_TAG_ENABLE, ~0ULL);

    /*
     * Init_17: PHB_CTRLR, 64K interrupt pages, TCE CLB disabled (HW557787)
     * and two TVEs per PE (TVT_2_PER_PE).  The PHB5-only PQ_DISABLE/ABT
     * and STORE_EOI depend on XIVE choices not made here.
     */
    ctrl = PHB_CTRLR_IRQ_PGSZ_64K | CTRLR_TCE_CLB_DISABLE |
           ((uint64_t)TVT_2_PER_PE << CTRLR_TVT_SEL_SHIFT);
    qpnv_phb4_write(phb, PHB_CTRLR, ctrl);

    /* Init_19x: LSI source ID, the last 8 of the PHB's interrupts */
    qpnv_phb4_write(phb, PHB_LSI_SOURCE_ID,
                    (uint64_t)((phb->num_irqs - 1) >> 3) << LSI_SRC_ID_SHIFT);

    /*
     * Init_20: RTT BAR, every RID in the reserved PE until placed
     * (phb4_allocate_tables)
     */
    phb->rtt = qpnv_phb4_alloc(phb, RTT_TABLE_SIZE, RTT_TABLE_SIZE);
    for (i = 0; i < RTT_TABLE_ENTRIES; i++) {
        rtt[i] = cpu_to_be16(qpnv_phb4_reserved_pe(phb));
    }
    qtest_bufwrite(qts, phb->rtt, rtt, RTT_TABLE_SIZE);
    qpnv_phb4_write(phb, PHB_RTT_BAR, phb->rtt | PHB_RTT_BAR_ENABLE);
    /* Init_21: PELT-V BAR */
    phb->peltv = qpnv_phb4_alloc(phb, PELTV_TABLE_SIZE_MAX,
                                 PELTV_TABLE_SIZE_MAX);
    qpnv_phb4_write(phb, PHB_PELTV_BAR, phb->peltv | PHB_PELTV_BAR_ENABLE);
    /* Init_22: M32 starting address */
    qpnv_phb4_write(phb, PHB_M32_START_ADDR, M32_PCI_START);
    /* Init_23: PEST BAR, 16 bytes per PE */
    phb->pest = qpnv_phb4_alloc(phb, phb->num_pes * 16, phb->num_pes * 16);
    qpnv_phb4_write(phb, PHB_PEST_BAR, phb->pest | PHB_PEST_BAR_ENABLE);
    /* Init_27: PCIe outbound upper address bits */
    qpnv_phb4_write(phb, PHB_M64_UPPER_BITS, 0);
    /* Init_28: 32- and 64-bit MSI windows */
    qpnv_phb4_write(phb, PHB_PHB4_CONFIG,
                    PHB_PHB4C_32BIT_MSI_EN | PHB_PHB4C_64BIT_MSI_EN);
    /* Init_30..41 */
    ioda_reset(phb);

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

    /* Init_46: primary bus 0, secondary 1, subordinate 0xff */
    rc_write(phb, PCI_PRIMARY_BUS, 4, 0x00ff0100);
    /*
     * The memory window: skiboot keeps the root complex's base/limit in
     * its rc_cache (the silicon hard-codes them); the model's root port
     * is a PCI bridge that forwards only its window, so it is programmed.
     */
    rc_write(phb, PCI_MEMORY_BASE, 4,
             ((uint32_t)((M32_PCI_START + BRIDGE_MEM_SIZE - 1) >> 16) << 16) |
             (uint32_t)(M32_PCI_START >> 16));
    /* Init_125: memory and bus master on; clear the status errors */
    rc_write(phb, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    rc_write(phb, PCI_STATUS, 2, PCI_STATUS_SIG_TARGET_ABORT |
             PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |
             PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
    /* Init_132: DMA address speculation on */
    qpnv_phb4_write(phb, PHB_TCE_SPEC_CTL, 0);
}
