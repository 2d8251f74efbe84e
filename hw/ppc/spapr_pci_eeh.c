/*
 * sPAPR PHB: EEH for emulated devices
 *
 * The base gives EEH only to a PHB holding one VFIO group (the host does
 * the work, spapr_pci_vfio.c); emulated devices had none: every EEH RTAS
 * call failed and a DMA fault simply failed the access.  Here the PHB's
 * devices form one PE (the PHB has one TCE table and one IOMMU group,
 * LoPAR's unit of isolation), and the platform behaves as PAPR describes
 * (LoPAR "Enhanced I/O Error Handling", the ibm,set-eeh-option,
 * ibm,read-slot-reset-state2, ibm,set-slot-reset, ibm,configure-pe and
 * ibm,slot-error-detail calls; Linux arch/powerpc/platforms/pseries/
 * eeh_pseries.c is the client):
 *
 * - Once the OS has enabled EEH for the PE, an error stops it: a DMA
 *   through a TCE that is not valid, beyond the window or against the
 *   TCE's permission, an MSI naming an interrupt the device does not own,
 *   and an MMIO access no device claims.  A stopped PE's MMIO loads
 *   return all-ones and stores are dropped, its DMA is refused and its
 *   MSIs dropped, until the OS thaws MMIO and DMA (set-eeh-option 2 and 3)
 *   or resets the PE (set-slot-reset).  Without EEH enabled the access
 *   fails and is reported, nothing freezes.
 * - read-slot-reset-state2 reports 0 (normal), 1 (reset active),
 *   2 (MMIO and DMA stopped) or 4 (MMIO enabled, DMA stopped).
 * - A hot or fundamental reset resets the PE's devices (bridges keep their
 *   configuration, as configure-pe would restore it) and thaws the PE.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bridge.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pci_host.h"
#include "hw/pci-host/spapr.h"
#include "hw/ppc/spapr.h"
#include "hw/ppc/spapr_pci_eeh.h"
#include "migration/vmstate.h"
#include "trace.h"

static SpaprPhbEeh *eeh(SpaprPhbState *sphb)
{
    return &sphb->eeh;
}

static const char *pe_state(SpaprPhbEeh *e)
{
    return e->mmio_frozen && e->dma_frozen ? "MMIO and DMA stopped" :
           e->dma_frozen ? "DMA stopped" :
           e->mmio_frozen ? "MMIO stopped" : "running";
}

/*
 * An error of the PE: it stops when EEH is enabled (the first error's
 * details are kept for ibm,slot-error-detail), and is reported either way.
 */
static void pe_error(SpaprPhbState *sphb, const char *what, uint32_t liobn,
                     uint64_t addr, bool is_write)
{
    SpaprPhbEeh *e = eeh(sphb);
    bool was = e->mmio_frozen || e->dma_frozen;

    if (e->enabled) {
        if (!was) {
            e->err_valid = true;
            e->err_liobn = liobn;
            e->err_addr = addr;
            e->err_write = is_write;
            e->freezes++;
        }
        e->mmio_frozen = e->dma_frozen = true;
    }
    trace_spapr_pci_eeh_error(sphb->index, what, addr, e->enabled);
    qemu_log_mask(LOG_GUEST_ERROR, "spapr-pci[%d] PE (BUID 0x%" PRIx64 "): "
                  "%s at 0x%" PRIx64 "%s: %s\n", sphb->index, sphb->buid,
                  what, addr, is_write ? " (write)" : "",
                  !e->enabled ? "the access fails (EEH not enabled for the "
                  "PE, nothing freezes)" :
                  was ? "the PE was already stopped" :
                  "the PE stops (MMIO and DMA), until the OS thaws or "
                  "resets it (EEH)");
}

static void refused(SpaprPhbState *sphb, const char *what, uint64_t addr)
{
    eeh(sphb)->refused++;
    trace_spapr_pci_eeh_refused(sphb->index, what, addr);
}

/* ---- DMA and MSI -------------------------------------------------------- */

IOMMUTLBEntry spapr_phb_eeh_translate(SpaprTceTable *tcet, hwaddr addr,
                                      IOMMUAccessFlags flag,
                                      IOMMUTLBEntry ret)
{
    Object *parent = OBJECT(tcet)->parent;
    SpaprPhbState *sphb;

    /* DMA of PCI devices only (VIO devices have tables too) */
    if (flag == IOMMU_NONE || !parent ||
        !object_dynamic_cast(parent, TYPE_SPAPR_PCI_HOST_BRIDGE)) {
        return ret;
    }
    sphb = SPAPR_PCI_HOST_BRIDGE(parent);
    if (eeh(sphb)->dma_frozen) {
        refused(sphb, "DMA", addr);
        ret.perm = IOMMU_NONE;
        return ret;
    }
    if (ret.perm == IOMMU_NONE) {
        pe_error(sphb, (addr >> tcet->page_shift) < tcet->nb_table ?
                 "DMA through a TCE that is not valid" :
                 "DMA beyond the window", tcet->liobn, addr,
                 flag & IOMMU_WO);
    } else if (flag & ~ret.perm) {
        pe_error(sphb, "DMA against the TCE's permission", tcet->liobn, addr,
                 flag & IOMMU_WO);
        ret.perm = IOMMU_NONE;
    }
    return ret;
}

bool spapr_phb_eeh_msi_stopped(SpaprPhbState *sphb, uint16_t rid,
                               hwaddr addr)
{
    if (eeh(sphb)->dma_frozen) {
        refused(sphb, "MSI", addr);
        return true;
    }
    return false;
}

void spapr_phb_eeh_msi_error(SpaprPhbState *sphb, uint16_t rid, hwaddr addr,
                             uint64_t data)
{
    pe_error(sphb, "MSI naming an interrupt the device does not own", 0,
             addr, true);
}

/*
 * DMA that no window (nor the MSI window) claims: below every window of
 * the PHB's DMA space lies this region, so the access is an error of the
 * PE like a TCE fault, instead of vanishing in the memory core.
 */
static MemTxResult dma_hole_access(SpaprPhbState *sphb, hwaddr addr,
                                   bool is_write)
{
    if (eeh(sphb)->dma_frozen) {
        refused(sphb, "DMA", addr);
    } else {
        pe_error(sphb, "DMA outside every window", 0, addr, is_write);
    }
    return MEMTX_DECODE_ERROR;
}

static MemTxResult dma_hole_read(void *opaque, hwaddr addr, uint64_t *data,
                                 unsigned size, MemTxAttrs attrs)
{
    *data = UINT64_MAX;
    return dma_hole_access(opaque, addr, false);
}

static MemTxResult dma_hole_write(void *opaque, hwaddr addr, uint64_t data,
                                  unsigned size, MemTxAttrs attrs)
{
    return dma_hole_access(opaque, addr, true);
}

static const MemoryRegionOps dma_hole_ops = {
    .read_with_attrs = dma_hole_read,
    .write_with_attrs = dma_hole_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
};

void spapr_phb_eeh_dma_init(SpaprPhbState *sphb)
{
    memory_region_init_io(&eeh(sphb)->dma_hole, OBJECT(sphb), &dma_hole_ops,
                          sphb, "dma-outside-windows", UINT64_MAX);
    memory_region_add_subregion_overlap(&sphb->iommu_root, 0,
                                        &eeh(sphb)->dma_hole, -1);
}

/* ---- MMIO ------------------------------------------------------------- */

static bool window_refuses(PciMmioWindow *w, hwaddr off, bool is_write)
{
    if (eeh(w->opaque)->mmio_frozen) {
        refused(w->opaque, is_write ? "MMIO store" : "MMIO load",
                w->pci_base + off);
        return true;
    }
    return false;
}

static void window_unclaimed(PciMmioWindow *w, hwaddr off, bool is_write)
{
    pe_error(w->opaque, is_write ? "MMIO store no device claims (PCI "
             "address)" : "MMIO load no device claims (PCI address)", 0,
             w->pci_base + off, is_write);
}

static const PciMmioWindowOps spapr_window_ops = {
    .refuse = window_refuses,
    .unclaimed = window_unclaimed,
};

void spapr_phb_eeh_init_window(SpaprPhbState *sphb, MemoryRegion *mr,
                               PciMmioWindow *w, const char *name,
                               uint64_t pci_base, uint64_t size)
{
    pci_mmio_window_init(w, mr, OBJECT(sphb), name, size, &eeh(sphb)->mmio_as,
                         pci_base, &spapr_window_ops, sphb);
}

/* ---- RTAS --------------------------------------------------------------- */

int spapr_phb_eeh_set_option(SpaprPhbState *sphb, uint32_t addr, int option)
{
    SpaprPhbEeh *e = eeh(sphb);

    switch (option) {
    case RTAS_EEH_DISABLE:
        e->enabled = false;
        break;
    case RTAS_EEH_ENABLE:
        e->enabled = true;
        break;
    case RTAS_EEH_THAW_IO:
        e->mmio_frozen = false;
        break;
    case RTAS_EEH_THAW_DMA:
        e->dma_frozen = false;
        break;
    default:
        return RTAS_OUT_PARAM_ERROR;
    }
    if (!e->mmio_frozen && !e->dma_frozen) {
        e->err_valid = false;
    }
    trace_spapr_pci_eeh_option(sphb->index, option, pe_state(e));
    return RTAS_OUT_SUCCESS;
}

int spapr_phb_eeh_get_state(SpaprPhbState *sphb, int *state)
{
    SpaprPhbEeh *e = eeh(sphb);

    if (e->reset_active) {
        *state = RTAS_EEH_PE_STATE_RESET;
    } else if (e->mmio_frozen) {
        *state = RTAS_EEH_PE_STATE_STOPPED_IO_DMA;
    } else if (e->dma_frozen) {
        *state = RTAS_EEH_PE_STATE_STOPPED_DMA;
    } else {
        *state = RTAS_EEH_PE_STATE_NORMAL;
    }
    return RTAS_OUT_SUCCESS;
}

static void reset_endpoint(PCIBus *bus, PCIDevice *dev, void *opaque)
{
    if (!object_dynamic_cast(OBJECT(dev), TYPE_PCI_BRIDGE)) {
        pci_device_reset(dev);      /* device state and config space */
    }
}

static void reset_bus(PCIBus *bus, void *opaque)
{
    pci_for_each_device_under_bus(bus, reset_endpoint, NULL);
}

int spapr_phb_eeh_set_reset(SpaprPhbState *sphb, int option)
{
    SpaprPhbEeh *e = eeh(sphb);

    switch (option) {
    case RTAS_SLOT_RESET_DEACTIVATE:
        e->reset_active = false;
        break;
    case RTAS_SLOT_RESET_HOT:
    case RTAS_SLOT_RESET_FUNDAMENTAL:
        if (!e->reset_active) {
            pci_for_each_bus(PCI_HOST_BRIDGE(sphb)->bus, reset_bus, NULL);
        }
        e->reset_active = true;
        e->mmio_frozen = e->dma_frozen = false;
        e->err_valid = false;
        break;
    default:
        return RTAS_OUT_PARAM_ERROR;
    }
    trace_spapr_pci_eeh_reset(sphb->index, option);
    return RTAS_OUT_SUCCESS;
}

/* Bridges were not reset: their configuration is as the OS left it */
int spapr_phb_eeh_configure(SpaprPhbState *sphb)
{
    return RTAS_OUT_SUCCESS;
}

/*
 * No PAPR error log is built (its PCI section layout is not modelled): the
 * first error's details are in the guest-error log; the call says whether
 * one is pending.
 */
int spapr_phb_eeh_error_detail(SpaprPhbState *sphb)
{
    return eeh(sphb)->err_valid ? RTAS_OUT_SUCCESS : RTAS_OUT_NO_ERRORS_FOUND;
}

/* ---- lifecycle ---------------------------------------------------------- */

void spapr_phb_eeh_realize(SpaprPhbState *sphb)
{
    SpaprPhbEeh *e = eeh(sphb);

    address_space_init(&e->mmio_as, &sphb->memspace, "spapr-pci-mmio");
    object_property_add_uint64_ptr(OBJECT(sphb), "eeh-freezes", &e->freezes,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(OBJECT(sphb), "eeh-refused", &e->refused,
                                   OBJ_PROP_FLAG_READ);
}

/* A machine reset: EEH disabled until the OS enables it, PE running */
void spapr_phb_eeh_reset(SpaprPhbState *sphb)
{
    SpaprPhbEeh *e = eeh(sphb);

    e->enabled = e->mmio_frozen = e->dma_frozen = false;
    e->reset_active = e->err_valid = false;
}

static bool eeh_needed(void *opaque)
{
    SpaprPhbEeh *e = eeh(opaque);

    return e->enabled || e->mmio_frozen || e->dma_frozen || e->reset_active;
}

/* A subsection of the PHB's "spapr_pci" state */
const VMStateDescription vmstate_spapr_phb_eeh = {
    .name = "spapr_pci/powerio-eeh",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = eeh_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(eeh.enabled, SpaprPhbState),
        VMSTATE_BOOL(eeh.mmio_frozen, SpaprPhbState),
        VMSTATE_BOOL(eeh.dma_frozen, SpaprPhbState),
        VMSTATE_BOOL(eeh.reset_active, SpaprPhbState),
        VMSTATE_BOOL(eeh.err_valid, SpaprPhbState),
        VMSTATE_BOOL(eeh.err_write, SpaprPhbState),
        VMSTATE_UINT32(eeh.err_liobn, SpaprPhbState),
        VMSTATE_UINT64(eeh.err_addr, SpaprPhbState),
        VMSTATE_END_OF_LIST()
    },
};
