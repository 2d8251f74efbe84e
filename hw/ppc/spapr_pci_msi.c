/*
 * sPAPR PHB: MSI writes validated against the requester
 *
 * Every device of a pseries PHB gets the same MSI address, and the data
 * of its message is the global interrupt number ibm,change-msi gave it
 * (hw/ppc/spapr_pci.c rtas_ibm_change_msi, spapr_msi_setmsg).  The base
 * raised whatever interrupt a write named, so any device could raise any
 * external interrupt: another device's MSI, an LSI, a VIO or EPOW
 * interrupt, and an out-of-range number reached an assertion.
 *
 * PAPR requires that a PE cannot interrupt anything it does not own
 * (LoPAR R1--7, "MSI ... not shared between functions"; the platform's
 * per-PE MSI validation is what makes userspace access to the MSI-X table
 * safe).  Here the write is checked against the requester ID the PHB
 * sees: the interrupt must be one of the MSIs allocated to that device.
 * Anything else is dropped and reported with the requester, the address,
 * the data and what the device does own.
 *
 * The MSI window answers at two bus addresses: SPAPR_PCI_MSI_WINDOW (4 TiB,
 * the base's) and SPAPR_PCI_MSI32_WINDOW (below 4 GiB), which
 * ibm,change-msi function 5 hands out ("32 bit MSI ... disregarding the
 * adapter capability to support 64 bit MSI", LoPAR ibm,change-msi), as do
 * functions 1 and 3 to a device whose MSI capability has no 64-bit
 * address.  The PE's address spaces map both (hw/ppc/spapr_pci_pe.c) and
 * no DMA window may cover either (hw/ppc/spapr_ddw.c).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/ppc/spapr.h"
#include "hw/irq.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pci_host.h"
#include "hw/ppc/spapr_pci_msi.h"
#include "hw/ppc/spapr_pci_eeh.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "trace.h"

typedef struct MsiLookup {
    uint32_t irq;
    uint16_t rid;
    uint32_t owner_config;          /* config address holding irq */
    const SpaprPciMsi *owner;
    const SpaprPciMsi *requester;   /* what the requester owns, if any */
} MsiLookup;

/* The hash is keyed by the RTAS config address: bus << 16 | devfn << 8 */
static void lookup(gpointer key, gpointer value, gpointer opaque)
{
    MsiLookup *l = opaque;
    const SpaprPciMsi *m = value;
    uint32_t config_addr = *(int *)key;

    if (l->irq >= m->first_irq && l->irq - m->first_irq < m->num) {
        l->owner = m;
        l->owner_config = config_addr;
    }
    if (((config_addr >> 8) & 0xffff) == l->rid) {
        l->requester = m;
    }
}

void spapr_pci_msi_deliver(SpaprPhbState *sphb, uint16_t requester_id,
                           hwaddr addr, uint64_t data)
{
    SpaprMachineState *spapr = SPAPR_MACHINE(qdev_get_machine());
    MsiLookup l = { .irq = data, .rid = requester_id };
    PCIDevice *owner = NULL;
    SpaprPciPe *rpe;

    /* a stopped PE's MSIs are dropped (EEH, spapr_pci_eeh.c) */
    if (spapr_phb_eeh_msi_stopped(sphb, requester_id, addr)) {
        return;
    }
    if (data == l.irq) {
        g_hash_table_foreach(sphb->msi, lookup, &l);
    }
    if (l.owner) {
        owner = pci_find_device(PCI_HOST_BRIDGE(sphb)->bus,
                                (l.owner_config >> 16) & 0xff,
                                (l.owner_config >> 8) & 0xff);
    }
    /* the requester ID as the PHB sees it (a bridge may stand for it) */
    if (owner && pci_requester_id(owner) == requester_id) {
        trace_spapr_pci_msi_write(addr, data, l.irq);
        qemu_irq_pulse(spapr_qirq(spapr, l.irq));
        return;
    }
    trace_spapr_pci_msi_refused(sphb->index, requester_id, addr, data);
    rpe = spapr_pci_pe_by_rid(sphb, requester_id);
    if (l.requester) {
        pci_io_report(PCI_IO_REPORT_MSI_WRONG_PE, sphb->index,
                      rpe ? spapr_pci_pe_addr(rpe) : PCI_IO_REPORT_NO_PE,
                      "spapr-pci PHB %u: MSI write by "
                      "%02x:%02x.%x at window offset 0x%" HWADDR_PRIx
                      " with data 0x%" PRIx64 ": not one of its MSIs (IRQs "
                      "0x%x..0x%x): dropped (a PE may not raise another "
                      "PE's interrupts, LoPAR R1-7)\n", sphb->index,
                      requester_id >> 8, (requester_id >> 3) & 0x1f,
                      requester_id & 7, addr, data, l.requester->first_irq,
                      l.requester->first_irq + l.requester->num - 1);
    } else {
        pci_io_report(l.owner ? PCI_IO_REPORT_MSI_WRONG_PE
                              : PCI_IO_REPORT_MSI_INVALID, sphb->index,
                      rpe ? spapr_pci_pe_addr(rpe) : PCI_IO_REPORT_NO_PE,
                      "spapr-pci PHB %u: MSI write by "
                      "%02x:%02x.%x at window offset 0x%" HWADDR_PRIx
                      " with data 0x%" PRIx64 ": %s: dropped\n", sphb->index,
                      requester_id >> 8, (requester_id >> 3) & 0x1f,
                      requester_id & 7, addr, data,
                      l.owner ? "the MSI of another device"
                              : "no device was given this MSI");
    }
    /* an error of the requester's PE */
    spapr_phb_eeh_msi_error(sphb, requester_id, addr, data);
}

bool spapr_pci_msi32_available(SpaprPhbState *sphb)
{
    /* the default window below or above it (LoPAR DDW R4: below 4 GiB) */
    if (sphb->dma_win_addr >= SPAPR_PCI_MSI32_WINDOW +
                              SPAPR_PCI_MSI_RESERVED) {
        return true;
    }
    return sphb->dma_win_addr <= SPAPR_PCI_MSI32_WINDOW &&
           sphb->dma_win_size <= SPAPR_PCI_MSI32_WINDOW - sphb->dma_win_addr;
}
