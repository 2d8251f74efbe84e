/*
 * libqos driver for the PowerNV PHB3 (POWER8, IODA2)
 *
 * Brings a PHB of a "-M powernv8" machine up from qtest, with no firmware
 * running, the way skiboot does (hw/phb3.c phb3_init_ioda2 and friends):
 * PBCQ BARs and interrupt numbering through XSCOM, the M32 window, the
 * root port's bus numbers and memory window.  It then offers a QPCIBus for
 * the devices behind the root port (config space through
 * PHB_CONFIG_ADDRESS/DATA, MMIO through M32), IODA table access through
 * PHB_IODA_ADDR/DATA0, RTT/TVT/IVT set-up and multi-level TCE tables built
 * in guest memory.
 *
 * Devices behind the root port are on bus 1; in QPCIBus calls their devfn
 * is QPNV_PHB3_DEVFN(bus, devfn) (the bus number in bits 15:8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef LIBQOS_PCI_PNV_PHB3_H
#define LIBQOS_PCI_PNV_PHB3_H

#include "pci.h"

#ifndef PPC_BIT
#define PPC_BIT(bit)            (0x8000000000000000ULL >> (bit))
#define PPC_BITMASK(bs, be)     ((PPC_BIT(bs) - PPC_BIT(be)) | PPC_BIT(bs))
#endif
#include "hw/pci-host/pnv_phb3_regs.h"

#define QPNV_PHB3_DEVFN(bus, devfn)     (((bus) << 8) | (devfn))
/* the bus the root port's secondary side gets */
#define QPNV_PHB3_SECONDARY_BUS         1

/* TCE permission bits (skiboot include/phb3.h, Linux TCE_PCI_READ/WRITE) */
#define QPNV_TCE_R                      0x1ULL
#define QPNV_TCE_W                      0x2ULL
#define QPNV_TCE_RW                     (QPNV_TCE_R | QPNV_TCE_W)

typedef struct QPnvPhb3 {
    QPCIBus bus;
    QTestState *qts;
    int index;              /* PHB number on chip 0 */
    uint64_t regs;          /* CPU address of the PHB register space */
    uint64_t m32_cpu;       /* CPU address of the M32 window */
    uint64_t m32_pci;       /* PCI address at its start */
    uint64_t m32_size;
    uint64_t rtt;           /* Requester Translation Table (guest RAM) */
    uint64_t ivt;           /* Interrupt Vector Table (guest RAM) */
    uint32_t ivt_entries;
    uint32_t msi_base;      /* global IRQ number of MSI source 0 */
    uint64_t pest;          /* in-memory PEST (qpnv_phb3_init_eeh) */
    uint64_t peltv;         /* PELTV (qpnv_phb3_init_eeh) */
    uint64_t ram_next;      /* bump allocator for tables in guest RAM */
    uint64_t ram_end;
} QPnvPhb3;

typedef struct QPnvTceTable {
    uint64_t base;          /* top level, naturally aligned */
    unsigned levels;        /* 1..5 */
    unsigned entries_shift; /* log2 of the entries of one level */
    unsigned page_shift;    /* IO page size: 12, 16, 24 or 28 */
} QPnvTceTable;

/* Bring PHB @index of chip 0 up; see the file comment */
void qpnv_phb3_init(QPnvPhb3 *phb, QTestState *qts, int index);

uint64_t qpnv_phb3_read(QPnvPhb3 *phb, uint64_t reg);
void qpnv_phb3_write(QPnvPhb3 *phb, uint64_t reg, uint64_t val);

/* IODA tables: PHB_IODA_ADDR table select and index, then PHB_IODA_DATA0 */
void qpnv_phb3_ioda_write(QPnvPhb3 *phb, unsigned table, unsigned index,
                          uint64_t val);
uint64_t qpnv_phb3_ioda_read(QPnvPhb3 *phb, unsigned table, unsigned index);

/* Guest RAM for tables and DMA buffers, zeroed, aligned to @align */
uint64_t qpnv_phb3_alloc(QPnvPhb3 *phb, uint64_t size, uint64_t align);

/* Point a requester ID at @pe in the RTT and invalidate the RTC */
void qpnv_phb3_set_pe(QPnvPhb3 *phb, unsigned bus, unsigned devfn,
                      unsigned pe);

/* A multi-level TCE table and its TVE (window 0 or 1 of @pe) */
void qpnv_tce_table_init(QPnvPhb3 *phb, QPnvTceTable *t, unsigned levels,
                         unsigned entries_shift, unsigned page_shift);
void qpnv_tce_map(QPnvPhb3 *phb, QPnvTceTable *t, uint64_t iova,
                  uint64_t gpa, uint64_t perm);
uint64_t qpnv_tce_table_window_size(const QPnvTceTable *t);
uint64_t qpnv_phb3_tve(const QPnvTceTable *t);
void qpnv_phb3_set_tve(QPnvPhb3 *phb, unsigned pe, unsigned window,
                       uint64_t tve);

/* A bypass (non-translate) TVE for [start, end), skiboot's encoding */
uint64_t qpnv_phb3_bypass_tve(uint64_t start, uint64_t end);

/* PHB_TCE_KILL as Linux writes it (pnv_pci_phb3_tce_invalidate[_pe]) */
void qpnv_phb3_tce_kill_all(QPnvPhb3 *phb);
void qpnv_phb3_tce_kill_pe(QPnvPhb3 *phb, unsigned pe);
void qpnv_phb3_tce_kill_page(QPnvPhb3 *phb, unsigned pe, uint64_t iova);

/* A read-only counter of the PHB model (tce-cache-hits, dma-errors, ...) */
uint64_t qpnv_phb3_counter(QPnvPhb3 *phb, const char *name);

/* MSI: the IVE of a source, and the address/data a device must write */
void qpnv_phb3_set_ive(QPnvPhb3 *phb, unsigned src, unsigned server_pir,
                       unsigned prio, unsigned pe);
uint64_t qpnv_phb3_ive(QPnvPhb3 *phb, unsigned src);
uint64_t qpnv_phb3_msi_addr32(unsigned src);
/* OPAL's EOI of MSI source @src (skiboot phb3_pci_msi_eoi) */
void qpnv_phb3_msi_eoi(QPnvPhb3 *phb, unsigned src);
uint32_t qpnv_phb3_msi_data(unsigned src);

/* The ICP of thread @pir (XICS on POWER8): CPPR and a non-accepting poll */
/*
 * EEH as skiboot sets it up (hw/phb3.c phb3_init_errors, phb3_init_ioda2):
 * the error traps' enables, the LEM, the in-memory PEST and PELTV tables,
 * and the error LSIs (6 INF, 7 ER) routed to @server_pir at priority @prio.
 */
void qpnv_phb3_init_eeh(QPnvPhb3 *phb, unsigned server_pir, unsigned prio);
/* Global interrupt number of PHB LSI @lsi (0..7) */
uint32_t qpnv_phb3_lsi_irq(QPnvPhb3 *phb, unsigned lsi);
/* M32 domain table: the 8 MB segment holding PCI address @pci to @pe */
void qpnv_phb3_set_m32_pe(QPnvPhb3 *phb, uint64_t pci, unsigned pe);
/* PELTV: freezing @parent freezes @child too (skiboot phb3_set_peltv) */
void qpnv_phb3_set_peltv(QPnvPhb3 *phb, unsigned parent, unsigned child);
/* The PE's in-memory PEST entry (PEST0, PEST1) */
void qpnv_phb3_pest(QPnvPhb3 *phb, unsigned pe, uint64_t pest[2]);
/* PESTA/PESTB bit 0 (MMIO frozen, DMA stopped) */
bool qpnv_phb3_pe_frozen(QPnvPhb3 *phb, unsigned pe);
/*
 * skiboot phb3_eeh_freeze_clear: clear the error traps and the LEM when
 * the ETU summary shows an error (phb3_err_ER_clear), then PESTA/PESTB
 */
void qpnv_phb3_freeze_clear(QPnvPhb3 *phb, unsigned pe);

/* PBCQ nest XSCOM registers (0 = NFIR, 1 = AND, 2 = OR) */
uint64_t qpnv_pbcq_nest_read(QPnvPhb3 *phb, unsigned reg);
void qpnv_pbcq_nest_write(QPnvPhb3 *phb, unsigned reg, uint64_t val);
/* A PHB register through the ASB (XSCOM), as skiboot reads a fenced PHB */
uint64_t qpnv_phb3_read_asb(QPnvPhb3 *phb, uint64_t reg);
void qpnv_phb3_write_asb(QPnvPhb3 *phb, uint64_t reg, uint64_t val);

void qpnv_icp_set_cppr(QTestState *qts, unsigned pir, uint8_t cppr);
uint32_t qpnv_icp_poll(QTestState *qts, unsigned pir);
uint32_t qpnv_icp_accept(QTestState *qts, unsigned pir);
void qpnv_icp_eoi(QTestState *qts, unsigned pir, uint32_t xirr);

/* the PIR of the first thread of a default powernv8 machine */
#define QPNV_P8_FIRST_PIR               8

#endif
