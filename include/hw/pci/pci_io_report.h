/*
 * Reports of guest IO mistakes caught by the powerio models
 *
 * Every model that catches an IO error of the guest (a DMA fault, a stale
 * TCE, an MSI from the wrong PE, a PE stopped by EEH, a refused hypercall
 * or RTAS call) says so on one line of the guest-error log
 * (-d guest_errors):
 *
 *   [KIND pe=0xN] MODEL: what happened, and what the hardware does
 *
 * KIND is one of the PCI_IO_REPORT_* classes below; N is the PE in the
 * numbering the guest kernel uses for EEH (Linux's eeh_pe_config_addr in
 * sysfs: the PE number on PowerNV, the PE configuration address on
 * pseries), "pe=-" when the model knows no PE.  The line is written by a
 * single qemu_log() call, so it never interleaves with another writer's
 * line; test harnesses (scripts/powerio/boot.py) find reports by this
 * tag and attribute them to the program that caused them.
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

/* No PE is known for the report */
#define PCI_IO_REPORT_NO_PE             (-1)

static inline const char *pci_io_report_pe(char *buf, size_t len,
                                           int64_t pe)
{
    if (pe < 0) {
        return "-";
    }
    snprintf(buf, len, "0x%" PRIx64, pe);
    return buf;
}

/* One report line: @kind, @pe (or PCI_IO_REPORT_NO_PE), printf text */
#define pci_io_report(kind, pe, fmt, ...)                                   \
    do {                                                                    \
        if (qemu_loglevel_mask(LOG_GUEST_ERROR)) {                          \
            char pci_io_pe_[24];                                            \
                                                                            \
            qemu_log("[%s pe=%s] " fmt, (kind),                             \
                     pci_io_report_pe(pci_io_pe_, sizeof(pci_io_pe_),       \
                                      (pe)), ## __VA_ARGS__);               \
        }                                                                   \
    } while (0)

#endif
