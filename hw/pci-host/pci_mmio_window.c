/*
 * A PHB's outbound MMIO window: CPU accesses forwarded to the PCI memory
 * space, each one first asked whether its PE may reach PCI
 *
 * Shared by the PowerNV PHB3 (M32/M64 windows, pnv_phb3_mmio.c) and the
 * sPAPR PHB (its 32/64-bit windows, hw/ppc/spapr_pci_eeh.c): where the
 * base maps a plain alias of the PCI memory space, a PHB that isolates PEs
 * must see every access.  The value travels in the bytes' own order, so
 * the window is transparent to the device's endianness.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "hw/pci-host/pci_mmio_window.h"

static MemTxResult window_read(void *opaque, hwaddr off, uint64_t *data,
                               unsigned size, MemTxAttrs attrs)
{
    PciMmioWindow *w = opaque;
    uint8_t buf[8];

    *data = size == 8 ? UINT64_MAX : MAKE_64BIT_MASK(0, size * 8);
    if (w->ops->refuse(w, off, false)) {
        return MEMTX_OK;
    }
    if (address_space_read(w->as, w->pci_base + off, attrs, buf, size) !=
        MEMTX_OK) {
        w->ops->unclaimed(w, off, false);
        return MEMTX_OK;
    }
    *data = ldn_le_p(buf, size);
    return MEMTX_OK;
}

static MemTxResult window_write(void *opaque, hwaddr off, uint64_t data,
                                unsigned size, MemTxAttrs attrs)
{
    PciMmioWindow *w = opaque;
    uint8_t buf[8];

    if (w->ops->refuse(w, off, true)) {
        return MEMTX_OK;
    }
    stn_le_p(buf, size, data);
    if (address_space_write(w->as, w->pci_base + off, attrs, buf, size) !=
        MEMTX_OK) {
        w->ops->unclaimed(w, off, true);
    }
    return MEMTX_OK;
}

static const MemoryRegionOps window_ops = {
    .read_with_attrs = window_read,
    .write_with_attrs = window_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
    .impl.unaligned = true,
};

void pci_mmio_window_init(PciMmioWindow *w, MemoryRegion *mr, Object *owner,
                          const char *name, uint64_t size, AddressSpace *as,
                          uint64_t pci_base, const PciMmioWindowOps *ops,
                          void *opaque)
{
    w->as = as;
    w->pci_base = pci_base;
    w->ops = ops;
    w->opaque = opaque;
    memory_region_init_io(mr, owner, &window_ops, w, name, size);
    /*
     * A bridge, not a device: a store it forwards may make the device
     * raise an MSI through the PHB's own MSI window at once.
     */
    mr->disable_reentrancy_guard = true;
}
