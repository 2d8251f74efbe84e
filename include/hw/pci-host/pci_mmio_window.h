/*
 * A PHB's outbound MMIO window: CPU accesses forwarded to the PCI memory
 * space, each one first asked whether its PE may reach PCI
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PCI_MMIO_WINDOW_H
#define HW_PCI_HOST_PCI_MMIO_WINDOW_H

#include "exec/memory.h"

typedef struct PciMmioWindow PciMmioWindow;

typedef struct PciMmioWindowOps {
    /*
     * True when the access must not reach PCI (a frozen PE, a fenced PHB,
     * an injected error): a load then reads all-ones, a store is dropped.
     */
    bool (*refuse)(PciMmioWindow *w, hwaddr off, bool is_write);
    /* No device claimed the access: an Unsupported Request */
    void (*unclaimed)(PciMmioWindow *w, hwaddr off, bool is_write);
} PciMmioWindowOps;

struct PciMmioWindow {
    AddressSpace *as;           /* the PHB's PCI memory space */
    uint64_t pci_base;          /* PCI address of the window's first byte */
    const PciMmioWindowOps *ops;
    void *opaque;
};

/* @mr becomes the window, @size bytes forwarding from @pci_base on */
void pci_mmio_window_init(PciMmioWindow *w, MemoryRegion *mr, Object *owner,
                          const char *name, uint64_t size, AddressSpace *as,
                          uint64_t pci_base, const PciMmioWindowOps *ops,
                          void *opaque);

#endif
