/*
 * libqos driver for the PowerNV PHB4 (POWER9) and PHB5 (POWER10), IODA3
 *
 * Brings a PHB of chip 0 of a "-M powernv9" or "-M powernv10" machine up
 * from qtest, with no firmware running, the way skiboot does (hw/phb4.c
 * phb4_probe_stack, phb4_init_hw, phb4_init_ioda3, phb4_ioda_reset): the
 * stack's BARs through XSCOM, PHB_CTRLR, the RTT/PELTV/PEST BARs, M32
 * through MBT entry 0 in MDT mode, the IODA3 tables reset, the root
 * complex's bus numbers.  It then offers a QPCIBus for the devices behind
 * the root port (config space through PHB_CONFIG_ADDRESS/DATA, the root
 * complex through its MMIO config space, memory through M32), IODA table
 * access through PHB_IODA_ADDR/DATA0, RTT and TVT set-up, multi-level TCE
 * tables built in guest memory and PHB_TCE_KILL as skiboot writes it.
 *
 * One driver for both generations: @gen is 4 (PHB4) or 5 (PHB5).  Devices
 * behind the root port are on bus 1; in QPCIBus calls their devfn is
 * QPNV_PHB4_DEVFN(bus, devfn) (the bus number in bits 15:8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef LIBQOS_PCI_PNV_PHB4_H
#define LIBQOS_PCI_PNV_PHB4_H

#include "pci.h"

#ifndef PPC_BIT
#define PPC_BIT(bit)            (0x8000000000000000ULL >> (bit))
#define PPC_BITMASK(bs, be)     ((PPC_BIT(bs) - PPC_BIT(be)) | PPC_BIT(bs))
#endif
/*
 * The PHB4 register header gives some PHB3 names other values: a test
 * that drives both PHBs (pci-pnv-phb3.h included first) uses the PHB3
 * driver's functions and the PHB4 names
 */
#ifdef PCI_HOST_PNV_PHB3_REGS_H
#undef PHB_CA_PE
#undef PHB_IODA_AD_TADR
#undef PHB_LSI_SRC_ID
#undef PHB_PCIE_DLP_ERRLOG1
#undef PHB_PCIE_DLP_ERRLOG2
#undef PHB_PCIE_DLP_ERR_COUNTERS
#undef PHB_PCIE_DLP_ERR_STATUS
#undef PHB_PCIE_DLP_TRAIN_CTL
#undef PHB_PCIE_LANE_EQ_CNTL0
#undef PHB_PCIE_LANE_EQ_CNTL1
#undef PHB_PCIE_LANE_EQ_CNTL2
#undef PHB_PCIE_LANE_EQ_CNTL3
#undef PHB_PELTV_BASE_ADDRESS
#undef PHB_PEST_BASE_ADDRESS
#undef PHB_RTT_BASE_ADDRESS_MASK
#endif
#include "hw/pci-host/pnv_phb4_regs.h"

#define QPNV_PHB4_DEVFN(bus, devfn)     (((bus) << 8) | (devfn))
/* the bus the root port's secondary side gets (skiboot Init_46) */
#define QPNV_PHB4_SECONDARY_BUS         1

/* TCE permission bits (skiboot include/phb4.h, Linux TCE_PCI_READ/WRITE) */
#define QPNV_PHB4_TCE_R                 0x1ULL
#define QPNV_PHB4_TCE_W                 0x2ULL
#define QPNV_PHB4_TCE_RW                (QPNV_PHB4_TCE_R | QPNV_PHB4_TCE_W)

/* DMA address bit 59 selects TVE#1 of a PE (PHB_CTRLR TVT_2_PER_PE) */
#define QPNV_PHB4_TVE1                  (1ULL << 59)

typedef struct QPnvPhb4 {
    QPCIBus bus;
    QTestState *qts;
    int gen;                /* 4: POWER9 PHB4, 5: POWER10 PHB5 */
    int index;              /* PHB number on chip 0 */
    int pec, stack;         /* its PEC and stack in the PEC */
    uint32_t nest_stack;    /* XSCOM PCBA of the stack's nest registers */
    uint32_t pci_stack;     /* ... of its PCI registers */
    uint64_t regs;          /* CPU address of the PHB register space */
    uint64_t esb;           /* CPU address of the interrupt (ESB) BAR */
    uint64_t mmio0, mmio0_size;     /* the 64-bit MMIO BAR */
    uint64_t m32_cpu;       /* CPU address of M32 (the 32-bit MMIO BAR) */
    uint64_t m32_pci;       /* PCI address at its start */
    uint64_t m32_size;
    unsigned num_pes;       /* from PHB_PHB4_EEH_CAP, as skiboot reads it */
    unsigned num_irqs;      /* from PHB_PHB4_IRQ_CAP */
    unsigned tvt_size, mbt_size;
    uint64_t rtt;           /* Requester Translation Table (guest RAM) */
    uint64_t peltv;         /* PELT-V */
    uint64_t pest;          /* in-memory PEST */
    uint64_t ram_next;      /* bump allocator for tables in guest RAM */
    uint64_t ram_end;
} QPnvPhb4;

typedef struct QPnvPhb4Tce {
    uint64_t base;          /* top level, naturally aligned */
    unsigned levels;        /* 1..5 */
    unsigned entries_shift; /* log2 of the entries of one level */
    unsigned page_shift;    /* IO page size: 12, 16, 21 or 30 on IODA3 */
} QPnvPhb4Tce;

/* Bring PHB @index of chip 0 up (@gen 4: powernv9, 5: powernv10) */
void qpnv_phb4_init(QPnvPhb4 *phb, QTestState *qts, int gen, int index);

/* The reserved PE: skiboot PHB4_RESERVED_PE_NUM, the last one */
unsigned qpnv_phb4_reserved_pe(QPnvPhb4 *phb);

uint64_t qpnv_phb4_read(QPnvPhb4 *phb, uint64_t reg);
void qpnv_phb4_write(QPnvPhb4 *phb, uint64_t reg, uint64_t val);

/* PEC stack XSCOM registers (PEC_NEST_STK_*, PEC_PCI_STK_*) */
uint64_t qpnv_phb4_nest_read(QPnvPhb4 *phb, unsigned reg);
void qpnv_phb4_nest_write(QPnvPhb4 *phb, unsigned reg, uint64_t val);
uint64_t qpnv_phb4_pci_read(QPnvPhb4 *phb, unsigned reg);
void qpnv_phb4_pci_write(QPnvPhb4 *phb, unsigned reg, uint64_t val);

/*
 * IODA3 tables (IODA3_TBL_TVT, _MBT, _MDT, _MIST, _PEEV, _PESTA, _PESTB,
 * ...): PHB_IODA_ADDR table select and index, then PHB_IODA_DATA0
 */
void qpnv_phb4_ioda_write(QPnvPhb4 *phb, unsigned table, unsigned index,
                          uint64_t val);
uint64_t qpnv_phb4_ioda_read(QPnvPhb4 *phb, unsigned table, unsigned index);

/* Guest RAM for tables and DMA buffers, zeroed, aligned to @align */
uint64_t qpnv_phb4_alloc(QPnvPhb4 *phb, uint64_t size, uint64_t align);

/* The RTT entry of a requester ID, in memory only (no RTC invalidation) */
void qpnv_phb4_rtt_set(QPnvPhb4 *phb, unsigned bus, unsigned devfn,
                       unsigned pe);
unsigned qpnv_phb4_rtt_get(QPnvPhb4 *phb, unsigned bus, unsigned devfn);
/* PHB_RTC_INVALIDATE: all (skiboot), or one RID (bit 0 clear, RID 16:31) */
void qpnv_phb4_rtc_invalidate_all(QPnvPhb4 *phb);
void qpnv_phb4_rtc_invalidate_rid(QPnvPhb4 *phb, unsigned bus,
                                  unsigned devfn);
/* skiboot phb4_set_pe for one RID: the RTT entry, then invalidate all */
void qpnv_phb4_set_pe(QPnvPhb4 *phb, unsigned bus, unsigned devfn,
                      unsigned pe);

/* A multi-level TCE table in guest RAM */
void qpnv_phb4_tce_init(QPnvPhb4 *phb, QPnvPhb4Tce *t, unsigned levels,
                        unsigned entries_shift, unsigned page_shift);
/* Map one IO page; indirect levels are created on the way */
void qpnv_phb4_tce_map(QPnvPhb4 *phb, QPnvPhb4Tce *t, uint64_t iova,
                       uint64_t gpa, uint64_t perm);
/* The guest address of the TCE (last level) of @iova; 0 if not built */
uint64_t qpnv_phb4_tce_addr(QPnvPhb4 *phb, QPnvPhb4Tce *t, uint64_t iova);
uint64_t qpnv_phb4_tce_window_size(const QPnvPhb4Tce *t);

/* Translated TVE (skiboot phb4_map_pe_dma_window) */
uint64_t qpnv_phb4_tve(const QPnvPhb4Tce *t);
/* Bypass TVE for [start, end) (skiboot phb4_map_pe_dma_window_real) */
uint64_t qpnv_phb4_bypass_tve(uint64_t start, uint64_t end);
/* TVT[pe * 2 + window] (skiboot: 2 TVEs per PE, window_id = pe * 2 + n) */
void qpnv_phb4_set_tve(QPnvPhb4 *phb, unsigned pe, unsigned window,
                       uint64_t tve);

/*
 * PHB_TCE_KILL as skiboot's phb4_tce_kill writes it: wait for a free slot
 * in the kill queue, the kill, a DMA read sync, then wait for the kill and
 * the sync to complete.  _page is the OPAL_PCI_TCE_KILL_PAGES encoding
 * (ONE, PSEL and the page-size code for 64K/2M/1G) which skiboot itself
 * escalates to a PE kill (HW560152); here it reaches the PHB as such.
 */
void qpnv_phb4_tce_kill_all(QPnvPhb4 *phb);
void qpnv_phb4_tce_kill_pe(QPnvPhb4 *phb, unsigned pe);
void qpnv_phb4_tce_kill_page(QPnvPhb4 *phb, unsigned pe, uint64_t iova,
                             unsigned page_shift);

/* MDT column A entry of the M32 segment holding PCI address @pci */
void qpnv_phb4_set_m32_pe(QPnvPhb4 *phb, uint64_t pci, unsigned pe);

/* PESTA/PESTB bit 0 (MMIO frozen, DMA stopped) */
bool qpnv_phb4_pe_frozen(QPnvPhb4 *phb, unsigned pe);

/* QOM path of the PHB model object (.../phb-backend) */
char *qpnv_phb4_qom_path(QPnvPhb4 *phb);
/* Is there a QOM property @name on it (a counter of the powerio model)? */
bool qpnv_phb4_has_counter(QPnvPhb4 *phb, const char *name);
/* A read-only counter of the PHB model (tce-cache-hits, dma-errors, ...) */
uint64_t qpnv_phb4_counter(QPnvPhb4 *phb, const char *name);

/* MSIs: the PE of a source (MIST), its address and data, its P/Q */
void qpnv_phb4_set_mist_pe(QPnvPhb4 *phb, unsigned src, unsigned pe);
uint64_t qpnv_phb4_msi_addr32(unsigned src);
uint32_t qpnv_phb4_msi_data(unsigned src);
unsigned qpnv_phb4_esb_pq(QPnvPhb4 *phb, unsigned src);
void qpnv_phb4_esb_enable(QPnvPhb4 *phb, unsigned src);

/* The five ETU error traps (PHB, TXE, RXE_ARB, RXE_MRG, RXE_TCE) */
#define QPNV_PHB4_TRAPS                 5
#define QPNV_PHB4_TRAP(t)               (PHB_ERR_STATUS + 0x80 * (t))
#define QPNV_PHB4_TRAP_PHB              0
#define QPNV_PHB4_TRAP_TXE              1
#define QPNV_PHB4_TRAP_RXE_ARB          2
#define QPNV_PHB4_TRAP_RXE_MRG          3
#define QPNV_PHB4_TRAP_RXE_TCE          4
#define QPNV_TRAP_STATUS                0x00
#define QPNV_TRAP_STATUS1               0x08
#define QPNV_TRAP_INJECT                0x10
#define QPNV_TRAP_LEM_ENABLE            0x18
#define QPNV_TRAP_IRQ_ENABLE            0x20
#define QPNV_TRAP_FREEZE_ENABLE         0x28
#define QPNV_TRAP_FENCE_ENABLE          0x30

/* A PHB register through the XSCOM indirect (ASB) path */
uint64_t qpnv_phb4_read_asb(QPnvPhb4 *phb, uint64_t reg);
/* skiboot phb4_init_errors and the error IRQ enables */
void qpnv_phb4_init_errors(QPnvPhb4 *phb);
/* The PE's in-memory PEST entry */
void qpnv_phb4_pest(QPnvPhb4 *phb, unsigned pe, uint64_t pest[2]);
/* skiboot phb4_err_clear and phb4_eeh_freeze_clear */
void qpnv_phb4_err_clear(QPnvPhb4 *phb);
void qpnv_phb4_freeze_clear(QPnvPhb4 *phb, unsigned pe);
/* skiboot phb4_creset's fence, ETU reset and FIR clear */
void qpnv_phb4_creset(QPnvPhb4 *phb);
/* The source number of the PHB's LSI @n; an ESB EOI load */
unsigned qpnv_phb4_lsi(QPnvPhb4 *phb, unsigned n);
void qpnv_phb4_esb_eoi(QPnvPhb4 *phb, unsigned src);

#endif
