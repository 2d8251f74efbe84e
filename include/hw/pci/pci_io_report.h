/*
 * Reports of guest IO mistakes caught by the powerio models
 *
 * Every model that catches an IO error of the guest (a DMA fault, a stale
 * TCE, an MSI from the wrong PE, a PE stopped by EEH, a refused hypercall
 * or RTAS call) says so on one line of the guest-error log
 * (-d guest_errors):
 *
 *   [KIND phb=D pe=0xN] MODEL: what happened, and what the hardware does
 *
 * KIND is one of the PCI_IO_REPORT_* classes below; D is the PHB's index
 * (the PowerNV PHB's index on its chip, the sPAPR PHB's index), which on a
 * one-chip machine is the PCI domain Linux gives the PHB (skiboot's OPAL
 * PHB id; the low bits of the sPAPR PHB's "reg"); N is the PE in the
 * numbering the guest kernel uses for EEH (Linux's eeh_pe_config_addr in
 * sysfs: the PE number on PowerNV, the PE configuration address on
 * pseries).  "-" stands for a PHB or PE the model does not know.  The
 * line is written by a single qemu_log() call, so no other writer's line
 * lands inside it; test harnesses (scripts/powerio/boot.py) find reports
 * by this tag and attribute them to the program that caused them.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_PCI_IO_REPORT_H
#define HW_PCI_PCI_IO_REPORT_H

#include "qemu/log.h"

/* DMA the IOMMU refuses (no TCE, no permission, outside every window) */
#define PCI_IO_REPORT_DMA_FAULT         "dma-fault"
/* DMA or MSI of a PE whose DMA is stopped (EEH), dropped */
#define PCI_IO_REPORT_PE_FROZEN         "pe-frozen"
/* DMA or MSI through a fenced PHB, dropped */
#define PCI_IO_REPORT_PHB_FENCED        "phb-fenced"
/* A TCE cache hit that no longer matches the table (missing TCE kill) */
#define PCI_IO_REPORT_STALE_TCE         "stale-tce"
/* An MSI naming an interrupt its requester does not own */
#define PCI_IO_REPORT_MSI_WRONG_PE      "msi-wrong-pe"
/* An MSI that names no interrupt, or a read of the MSI window */
#define PCI_IO_REPORT_MSI_INVALID       "msi-invalid"
/* DMA or MSI of a requester the RTT gives no PE: dropped */
#define PCI_IO_REPORT_RTT_DROP          "rtt-drop"
/* An error trap of the PHB fired (PE freeze, PHB error, fence) */
#define PCI_IO_REPORT_ERROR_TRAP        "error-trap"
/* An error that stops a PE on pseries (EEH) */
#define PCI_IO_REPORT_EEH_STOP          "eeh-stop"
/* MMIO no device decodes */
#define PCI_IO_REPORT_UNCLAIMED_MMIO    "unclaimed-mmio"
/* A hypercall refused with an error return */
#define PCI_IO_REPORT_HCALL_REFUSED     "hcall-refused"
/* An RTAS call refused with an error status */
#define PCI_IO_REPORT_RTAS_REFUSED      "rtas-refused"
/* Firmware or OS programming the hardware cannot act on */
#define PCI_IO_REPORT_BAD_PROGRAMMING   "bad-programming"
/* A DMA window removed while it still maps memory */
#define PCI_IO_REPORT_WINDOW_IN_USE     "window-in-use"
/* A host IOMMU (behind the platform's) refused a map or a DMA */
#define PCI_IO_REPORT_HOST_IOMMU        "host-iommu"
/* The test device was driven outside its specification */
#define PCI_IO_REPORT_DEVICE_MISUSE     "device-misuse"
/* Something the model bounds (a size, a count) was exceeded */
#define PCI_IO_REPORT_MODEL_LIMIT       "model-limit"

/* No PHB, or no PE, is known for the report */
#define PCI_IO_REPORT_NO_PHB            (-1)
#define PCI_IO_REPORT_NO_PE             (-1)

/* "-" or @v in decimal (@hex false) or hex, in @buf */
static inline const char *pci_io_report_id(char *buf, size_t len,
                                           int64_t v, bool hex)
{
    if (v < 0) {
        return "-";
    }
    snprintf(buf, len, hex ? "0x%" PRIx64 : "%" PRId64, v);
    return buf;
}

/* One report line: @kind, @phb, @pe (or the NO_ values), printf text */
#define pci_io_report(kind, phb, pe, fmt, ...)                              \
    do {                                                                    \
        if (qemu_loglevel_mask(LOG_GUEST_ERROR)) {                          \
            char pci_io_phb_[24], pci_io_pe_[24];                           \
                                                                            \
            qemu_log("[%s phb=%s pe=%s] " fmt, (kind),                      \
                     pci_io_report_id(pci_io_phb_, sizeof(pci_io_phb_),     \
                                      (phb), false),                        \
                     pci_io_report_id(pci_io_pe_, sizeof(pci_io_pe_),       \
                                      (pe), true), ## __VA_ARGS__);         \
        }                                                                   \
    } while (0)

#endif
