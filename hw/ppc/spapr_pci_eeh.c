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
 * - EEH is enabled for every PE from the start (LoPAR PE R8), and cannot
 *   be disabled for a PE with a PCI Express function, or with a function
 *   whose memory, I/O or bus master enable is on (ibm,set-eeh-option
 *   function 0 is then a no-op, R3).  An error stops the PE: a DMA
 *   through a TCE that is not valid, beyond the window or against the
 *   TCE's permission, an MSI naming an interrupt the device does not own,
 *   and an MMIO access no device claims.  A stopped PE's MMIO and port
 *   I/O loads return all-ones and stores are dropped, its config reads
 *   return all-ones (PowerVM's way, which Linux's eeh_slot_error_detail
 *   works around; config writes still reach the device; the
 *   eeh-config-open property keeps config reads open, as KVM does), its
 *   DMA is refused and its MSIs dropped.  With EEH disabled an error
 *   fails the access and freezes nothing.
 * - The PE's state is LoPAR's (read-slot-reset-state2): 0 normal, 1 reset
 *   active, 2 MMIO and DMA stopped, 4 DMA stopped, 5 unavailable; the
 *   "PE State Control" table gives every call's transition and status
 *   (docs/devel/powerio-spapr-eeh-facts.rst b.1): set-eeh-option 2 takes
 *   2 to 4 (-3 in 0 and 4), 3 takes 4 to 0 (-3 in 0, -7 in 2), there is
 *   no state with MMIO stopped and DMA running; activating a reset takes
 *   0, 2 or 4 to 1 and resets the PE's devices, and while it is active
 *   the PE looks stopped (loads all-ones, stores and DMA refused, no new
 *   error); deactivating it (1 to 0) ends the stop (-7 in 2, -3 in 4);
 *   every call but enable/disable answers -7 on an unavailable PE.
 * - The calls name the PE by a configuration address: with one PE per
 *   device, one of the PE's functions (or the PE address
 *   ibm,get-config-addr-info2 gave); an address naming no device is a
 *   parameter error.  Each PE's state is its own: one PE stopping leaves
 *   the others running.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bridge.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pci_host.h"
#include "hw/pci-host/spapr.h"
#include "hw/ppc/spapr.h"
#include "hw/ppc/spapr_pci_eeh.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "migration/vmstate.h"
#include "exec/address-spaces.h"
#include "qemu/cutils.h"
#include "trace.h"

/* The PE's state as read-slot-reset-state2 gives it (RTAS_EEH_PE_STATE_*) */
static int lopar_state(SpaprPeEeh *e)
{
    return e->unavailable ? RTAS_EEH_PE_STATE_UNAVAIL :
           e->reset_active ? RTAS_EEH_PE_STATE_RESET :
           e->mmio_frozen ? RTAS_EEH_PE_STATE_STOPPED_IO_DMA :
           e->dma_frozen ? RTAS_EEH_PE_STATE_STOPPED_DMA :
           RTAS_EEH_PE_STATE_NORMAL;
}

static const char *pe_state(SpaprPeEeh *e)
{
    static const char *const name[] = {
        [RTAS_EEH_PE_STATE_NORMAL] = "0 (running)",
        [RTAS_EEH_PE_STATE_RESET] = "1 (reset active)",
        [RTAS_EEH_PE_STATE_STOPPED_IO_DMA] = "2 (MMIO and DMA stopped)",
        [RTAS_EEH_PE_STATE_STOPPED_DMA] = "4 (DMA stopped)",
        [RTAS_EEH_PE_STATE_UNAVAIL] = "5 (unavailable)",
    };

    return name[lopar_state(e)];
}

/*
 * Loads, stores and config of a stopped PE, and of one whose reset is
 * active ("the appearance of being" stopped, LoPAR PE State Control
 * notes), do not reach its devices; neither does its DMA
 */
static bool mmio_blocked(SpaprPeEeh *e)
{
    return e->mmio_frozen || e->reset_active;
}

static bool dma_blocked(SpaprPeEeh *e)
{
    return e->dma_frozen || e->reset_active;
}

/*
 * An error of the PE: it stops when EEH is enabled (the first error's
 * details are kept for ibm,slot-error-detail), and is reported either way.
 */
static void pe_error(SpaprPciPe *pe, const char *what, uint32_t liobn,
                     uint64_t addr, bool is_write)
{
    SpaprPhbState *sphb = pe->sphb;
    SpaprPeEeh *e = &pe->eeh;
    bool was = e->mmio_frozen || e->dma_frozen;
    char name[32];

    if (e->enabled) {
        if (!was) {
            e->err_valid = true;
            pstrcpy((char *)e->err_what, sizeof(e->err_what), what);
            e->err_liobn = liobn;
            e->err_addr = addr;
            e->err_write = is_write;
            sphb->eeh.freezes++;
        }
        e->mmio_frozen = e->dma_frozen = true;
    }
    trace_spapr_pci_eeh_error(sphb->index, pe->devfn, what, addr, e->enabled);
    pci_io_report(PCI_IO_REPORT_EEH_STOP, sphb->index, spapr_pci_pe_addr(pe),
                  "spapr-pci[%d] (BUID 0x%" PRIx64 ") %s: "
                  "%s at 0x%" PRIx64 "%s: %s\n", sphb->index, sphb->buid,
                  spapr_pci_pe_name(pe, name, sizeof(name)), what, addr,
                  is_write ? " (write)" : "",
                  !e->enabled ? "the access fails (EEH not enabled for the "
                  "PE, nothing freezes)" :
                  was ? "the PE was already stopped" :
                  "the PE stops (MMIO and DMA), until the OS thaws or "
                  "resets it (EEH)");
}

/* ---- injected errors (ibm,errinjct, hw/ppc/spapr_errinjct.c) ----------- */

static const char *const inj_what[] = {
    [SPAPR_ERRINJCT_MMIO_LOAD] = "MMIO load with an injected error",
    [SPAPR_ERRINJCT_MMIO_STORE] = "MMIO store with an injected error",
    [SPAPR_ERRINJCT_CFG_LOAD] = "config load with an injected error",
    [SPAPR_ERRINJCT_CFG_STORE] = "config store with an injected error",
    [SPAPR_ERRINJCT_DMA_READ] = "DMA read with an injected error",
    [SPAPR_ERRINJCT_DMA_WRITE] = "DMA write with an injected error",
};

/* LoPAR's table of the ioa-bus-error function word */
int spapr_errinjct_kind(uint32_t fn)
{
    switch (fn) {
    case 0 ... 1:
        return SPAPR_ERRINJCT_MMIO_LOAD;
    case 4 ... 5:
        return SPAPR_ERRINJCT_CFG_LOAD;
    case 6 ... 7:
        return SPAPR_ERRINJCT_MMIO_STORE;
    case 10 ... 11:
        return SPAPR_ERRINJCT_CFG_STORE;
    case 12 ... 15:
        return SPAPR_ERRINJCT_DMA_READ;
    case 16 ... 19:
        return SPAPR_ERRINJCT_DMA_WRITE;
    default:
        return -1;
    }
}

void spapr_pe_errinjct_arm(SpaprPciPe *pe, uint32_t fn, uint64_t addr,
                           uint64_t mask)
{
    SpaprPeEeh *e = &pe->eeh;

    e->inj_fn = fn;
    e->inj_addr = addr;
    e->inj_mask = mask;
    trace_spapr_pci_eeh_inject(pe->sphb->index, pe->devfn,
                               spapr_errinjct_kind(fn), fn, addr, mask);
}

/*
 * Does the access take the PE's injected error?  Then it is an error of
 * the PE (it stops, if EEH is enabled) and the injection is spent: it
 * fires at most once (LoPAR R1-18).
 */
static bool injected(SpaprPciPe *pe, int kind, uint64_t addr)
{
    SpaprPeEeh *e = &pe->eeh;

    if (spapr_errinjct_kind(e->inj_fn) != kind ||
        ((addr ^ e->inj_addr) & e->inj_mask)) {
        return false;
    }
    e->inj_fn = SPAPR_ERRINJCT_NONE;
    pe_error(pe, inj_what[kind], 0, addr,
             kind == SPAPR_ERRINJCT_MMIO_STORE ||
             kind == SPAPR_ERRINJCT_CFG_STORE ||
             kind == SPAPR_ERRINJCT_DMA_WRITE);
    return true;
}

static void refused(SpaprPciPe *pe, const char *what, uint64_t addr)
{
    pe->sphb->eeh.refused++;
    trace_spapr_pci_eeh_refused(pe->sphb->index, pe->devfn, what, addr);
}

bool spapr_phb_eeh_config_refused(SpaprPhbState *sphb, PCIDevice *dev,
                                  uint32_t reg, bool is_write)
{
    SpaprPciPe *pe = spapr_pci_pe_by_rid(sphb, pci_requester_id(dev));

    if (!pe) {
        return false;
    }
    /*
     * Reads only: PowerVM's are attested (Linux eeh_slot_error_detail),
     * nothing says writes are dropped, and Linux's eeh_break_device
     * restores the command register into a PE its load just stopped
     */
    if (!is_write && mmio_blocked(&pe->eeh) && !sphb->eeh.config_open) {
        refused(pe, "config read", reg);
        return true;
    }
    return injected(pe, is_write ? SPAPR_ERRINJCT_CFG_STORE :
                                   SPAPR_ERRINJCT_CFG_LOAD, reg);
}

/* ---- DMA and MSI -------------------------------------------------------- */

IOMMUTLBEntry spapr_phb_eeh_translate(SpaprTceTable *tcet, hwaddr addr,
                                      IOMMUAccessFlags flag,
                                      IOMMUTLBEntry ret)
{
    Object *parent = OBJECT(tcet)->parent;
    hwaddr bus_addr = tcet->bus_offset + addr;   /* @addr: in the window */
    bool is_write = flag & IOMMU_WO;
    SpaprPciPe *pe;

    /* DMA of PCI devices only (VIO devices have tables too) */
    if (flag == IOMMU_NONE || !parent || !SPAPR_IS_PCI_LIOBN(tcet->liobn) ||
        !object_dynamic_cast(parent, TYPE_SPAPR_PCI_HOST_BRIDGE)) {
        return ret;
    }
    pe = spapr_pci_pe_by_liobn(SPAPR_PCI_HOST_BRIDGE(parent), tcet->liobn);
    if (!pe) {
        return ret;
    }
    if (dma_blocked(&pe->eeh)) {
        refused(pe, "DMA", bus_addr);
        ret.perm = IOMMU_NONE;
        return ret;
    }
    if (injected(pe, is_write ? SPAPR_ERRINJCT_DMA_WRITE :
                                SPAPR_ERRINJCT_DMA_READ, bus_addr)) {
        ret.perm = IOMMU_NONE;
    } else if (ret.perm == IOMMU_NONE) {
        pe_error(pe, (addr >> tcet->page_shift) < tcet->nb_table ?
                 "DMA through a TCE that is not valid" :
                 "DMA beyond the window", tcet->liobn, bus_addr, is_write);
    } else if (flag & ~ret.perm) {
        pe_error(pe, "DMA against the TCE's permission", tcet->liobn,
                 bus_addr, is_write);
        ret.perm = IOMMU_NONE;
    }
    return ret;
}

bool spapr_phb_eeh_msi_stopped(SpaprPhbState *sphb, uint16_t rid,
                               hwaddr addr)
{
    SpaprPciPe *pe = spapr_pci_pe_by_rid(sphb, rid);

    if (pe && dma_blocked(&pe->eeh)) {
        refused(pe, "MSI", addr);
        return true;
    }
    return false;
}

void spapr_phb_eeh_msi_error(SpaprPhbState *sphb, uint16_t rid, hwaddr addr,
                             uint64_t data)
{
    SpaprPciPe *pe = spapr_pci_pe_by_rid(sphb, rid);

    if (pe) {
        pe_error(pe, "MSI naming an interrupt the device does not own", 0,
                 addr, true);
    }
}

/*
 * DMA that no window (nor the MSI window) claims: below every window of
 * the PE's DMA space lies this region, so the access is an error of the
 * PE like a TCE fault, instead of vanishing in the memory core.
 */
static MemTxResult dma_hole_access(SpaprPciPe *pe, hwaddr addr,
                                   bool is_write)
{
    if (dma_blocked(&pe->eeh)) {
        refused(pe, "DMA", addr);
    } else {
        pe_error(pe, "DMA outside every window", 0, addr, is_write);
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

void spapr_pe_eeh_dma_init(SpaprPciPe *pe, MemoryRegion *dma_root)
{
    memory_region_init_io(&pe->eeh.dma_hole, OBJECT(pe->sphb), &dma_hole_ops,
                          pe, "dma-outside-windows", UINT64_MAX);
    memory_region_add_subregion_overlap(dma_root, 0, &pe->eeh.dma_hole,
                                        -1);
}

/* ---- MMIO ------------------------------------------------------------- */

static bool window_refuses(PciMmioWindow *w, hwaddr off, bool is_write)
{
    SpaprPciPe *pe = spapr_pci_pe_by_mmio(w->opaque, w->pci_base + off);

    if (pe && mmio_blocked(&pe->eeh)) {
        refused(pe, is_write ? "MMIO store" : "MMIO load", w->pci_base + off);
        return true;
    }
    /* an injected error: the load reads all-ones, the store is dropped */
    return pe && injected(pe, is_write ? SPAPR_ERRINJCT_MMIO_STORE :
                                         SPAPR_ERRINJCT_MMIO_LOAD,
                          w->pci_base + off);
}

static void window_unclaimed(PciMmioWindow *w, hwaddr off, bool is_write)
{
    SpaprPhbState *sphb = w->opaque;
    SpaprPciPe *pe = spapr_pci_pe_by_mmio(sphb, w->pci_base + off);
    const char *what = is_write ? "MMIO store no device claims (PCI address)"
                                : "MMIO load no device claims (PCI address)";

    if (pe) {
        pe_error(pe, what, 0, w->pci_base + off, is_write);
        return;
    }
    /* in no device's BARs (one PE per device): no PE owns it */
    trace_spapr_pci_eeh_error(sphb->index, -1, what, w->pci_base + off,
                              false);
    pci_io_report(PCI_IO_REPORT_UNCLAIMED_MMIO,
                  sphb->index, PCI_IO_REPORT_NO_PE,
                  "spapr-pci[%d] (BUID 0x%" PRIx64 "): %s "
                  "at 0x%" PRIx64 ": the access fails (no PE decodes it)\n",
                  sphb->index, sphb->buid, what, w->pci_base + off);
}

static const PciMmioWindowOps spapr_window_ops = {
    .refuse = window_refuses,
    .unclaimed = window_unclaimed,
};

void spapr_phb_eeh_init_window(SpaprPhbState *sphb, MemoryRegion *mr,
                               PciMmioWindow *w, const char *name,
                               uint64_t pci_base, uint64_t size)
{
    pci_mmio_window_init(w, mr, OBJECT(sphb), name, size, &sphb->eeh.mmio_as,
                         pci_base, &spapr_window_ops, sphb);
}

/*
 * Port I/O is a load or store to the PE (LoPAR's error injection names
 * "PCI I/O" space beside memory): a stopped PE's is refused.  An I/O
 * access no device claims reads all-ones, as a PCI master abort does,
 * and stops nothing (no source says otherwise; Linux probes legacy ports).
 */
static bool io_refuses(PciMmioWindow *w, hwaddr off, bool is_write)
{
    SpaprPciPe *pe = spapr_pci_pe_by_io(w->opaque, off);

    if (pe && mmio_blocked(&pe->eeh)) {
        refused(pe, is_write ? "port I/O store" : "port I/O load", off);
        return true;
    }
    return false;
}

static void io_unclaimed(PciMmioWindow *w, hwaddr off, bool is_write)
{
    SpaprPhbState *sphb = w->opaque;

    trace_spapr_pci_eeh_refused(sphb->index, -1, "port I/O no device "
                                "claims", off);
}

static const PciMmioWindowOps spapr_io_window_ops = {
    .refuse = io_refuses,
    .unclaimed = io_unclaimed,
};

void spapr_phb_eeh_init_io_window(SpaprPhbState *sphb, MemoryRegion *mr,
                                  MemoryRegion *iospace, const char *name,
                                  uint64_t size)
{
    address_space_init(&sphb->eeh.io_as, iospace, "spapr-pci-io");
    pci_mmio_window_init(&sphb->eeh.winio, mr, OBJECT(sphb), name, size,
                         &sphb->eeh.io_as, 0, &spapr_io_window_ops, sphb);
}

/* ---- RTAS --------------------------------------------------------------- */

/* The PE a call names, NULL (and *@ret -3) if none */
static SpaprPciPe *called_pe(SpaprPhbState *sphb, uint32_t addr, int *ret)
{
    SpaprPciPe *pe = spapr_pci_pe_by_config(sphb, addr);

    if (!pe) {
        *ret = RTAS_OUT_PARAM_ERROR;
    }
    return pe;
}

static void pe_has_express_or_enabled(PCIBus *bus, PCIDevice *dev,
                                      void *opaque)
{
    void **args = opaque;

    if (spapr_pci_pe_has_device(args[0], dev) &&
        (pci_is_express(dev) ||
         (pci_get_word(dev->config + PCI_COMMAND) &
          (PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)))) {
        *(bool *)args[1] = true;
    }
}

static void pe_bus_express_or_enabled(PCIBus *bus, void *opaque)
{
    pci_for_each_device_under_bus(bus, pe_has_express_or_enabled, opaque);
}

/*
 * ibm,set-eeh-option function 0 (LoPAR R3): a no-op for a PE with a PCI
 * Express function, or with a function whose memory, I/O or bus master
 * enable is on; otherwise EEH goes off and the stop with it
 */
static bool eeh_may_disable(SpaprPciPe *pe)
{
    bool busy = false;
    void *args[2] = { pe, &busy };

    pci_for_each_bus(PCI_HOST_BRIDGE(pe->sphb)->bus,
                     pe_bus_express_or_enabled, args);
    return !busy;
}

int spapr_phb_eeh_set_option(SpaprPhbState *sphb, uint32_t addr, int option)
{
    SpaprPciPe *pe;
    SpaprPeEeh *e;
    int ret = RTAS_OUT_SUCCESS, state;

    pe = called_pe(sphb, addr, &ret);
    if (!pe) {
        return ret;
    }
    e = &pe->eeh;
    state = lopar_state(e);
    switch (option) {
    case RTAS_EEH_DISABLE:
        if (e->enabled && eeh_may_disable(pe) && !e->unavailable &&
            !e->reset_active) {
            e->enabled = e->mmio_frozen = e->dma_frozen = false;
        }
        break;
    case RTAS_EEH_ENABLE:
        e->enabled = true;
        break;
    case RTAS_EEH_THAW_IO:      /* release load/store: 2 -> 4 */
        if (state == RTAS_EEH_PE_STATE_STOPPED_IO_DMA) {
            e->mmio_frozen = false;
        } else {
            ret = state == RTAS_EEH_PE_STATE_NORMAL ||
                  state == RTAS_EEH_PE_STATE_STOPPED_DMA ?
                  RTAS_OUT_PARAM_ERROR : SPAPR_EEH_RTAS_STATE_CHANGE;
        }
        break;
    case RTAS_EEH_THAW_DMA:     /* release DMA: 4 -> 0 */
        if (state == RTAS_EEH_PE_STATE_STOPPED_DMA) {
            e->dma_frozen = false;
            e->err_valid = false;   /* the log goes with it (R14) */
        } else {
            ret = state == RTAS_EEH_PE_STATE_NORMAL ?
                  RTAS_OUT_PARAM_ERROR : SPAPR_EEH_RTAS_STATE_CHANGE;
        }
        break;
    default:
        return RTAS_OUT_PARAM_ERROR;
    }
    trace_spapr_pci_eeh_option(sphb->index, pe->devfn, option, ret,
                               pe_state(e));
    return ret;
}

int spapr_phb_eeh_get_state(SpaprPhbState *sphb, uint32_t addr, int *state)
{
    SpaprPciPe *pe = spapr_pci_pe_by_config(sphb, addr);

    if (!pe) {
        return RTAS_OUT_PARAM_ERROR;
    }
    *state = lopar_state(&pe->eeh);
    return RTAS_OUT_SUCCESS;
}

static void reset_endpoint(PCIBus *bus, PCIDevice *dev, void *opaque)
{
    if (spapr_pci_pe_has_device(opaque, dev) &&
        !object_dynamic_cast(OBJECT(dev), TYPE_PCI_BRIDGE)) {
        pci_device_reset(dev);      /* device state and config space */
    }
}

static void reset_bus(PCIBus *bus, void *opaque)
{
    pci_for_each_device_under_bus(bus, reset_endpoint, opaque);
}

/*
 * ibm,set-slot-reset: activation (hot, or fundamental) takes 0, 2 or 4 to
 * 1 and resets the PE's devices, and drops the error log (R14); the stop
 * stays latched, hidden by the reset, and ends when the reset is
 * deactivated (1 to 0: "the platform also removes the PE from the EEH
 * Stopped state").  2 to 0 directly is not a transition (-7: "must go
 * through state 4 or state 1"), deactivating in 4 is a parameter error.
 */
int spapr_phb_eeh_set_reset(SpaprPhbState *sphb, uint32_t addr, int option)
{
    SpaprPciPe *pe;
    SpaprPeEeh *e;
    int ret = RTAS_OUT_SUCCESS, state;

    pe = called_pe(sphb, addr, &ret);
    if (!pe) {
        return ret;
    }
    e = &pe->eeh;
    state = lopar_state(e);
    switch (option) {
    case RTAS_SLOT_RESET_DEACTIVATE:
        if (state == RTAS_EEH_PE_STATE_RESET) {
            e->reset_active = false;
            e->mmio_frozen = e->dma_frozen = false;
        } else if (state == RTAS_EEH_PE_STATE_STOPPED_DMA) {
            ret = RTAS_OUT_PARAM_ERROR;
        } else if (state != RTAS_EEH_PE_STATE_NORMAL) {
            ret = SPAPR_EEH_RTAS_STATE_CHANGE;
        }
        break;
    case RTAS_SLOT_RESET_HOT:
    case RTAS_SLOT_RESET_FUNDAMENTAL:
        if (state == RTAS_EEH_PE_STATE_UNAVAIL) {
            ret = SPAPR_EEH_RTAS_STATE_CHANGE;
        } else if (state != RTAS_EEH_PE_STATE_RESET) {
            pci_for_each_bus(PCI_HOST_BRIDGE(sphb)->bus, reset_bus, pe);
            e->reset_active = true;
            e->err_valid = false;
            e->inj_fn = SPAPR_ERRINJCT_NONE;
        }
        break;
    default:
        return RTAS_OUT_PARAM_ERROR;
    }
    trace_spapr_pci_eeh_reset(sphb->index, pe->devfn, option, ret,
                              pe_state(e));
    return ret;
}

/* Bridges were not reset: their configuration is as the OS left it */
int spapr_phb_eeh_configure(SpaprPhbState *sphb, uint32_t addr)
{
    return spapr_pci_pe_by_config(sphb, addr) ? RTAS_OUT_SUCCESS :
                                                RTAS_OUT_PARAM_ERROR;
}

/*
 * ibm,slot-error-detail: while the PE is stopped (an error pending since
 * it was last thawed or reset), the error log (spapr_pci_errlog.c) with
 * the driver's data, cut at the buffer's length (LoPAR R1-11); "no
 * errors" otherwise.  Function 2 (permanent) also makes the PE
 * permanently unavailable (LoPAR R1-12): read-slot-reset-state2 says 5,
 * thaw and reset fail, until a machine reset.
 */
int spapr_phb_eeh_error_detail(SpaprPhbState *sphb, uint32_t addr,
                               uint64_t drv_buf, uint32_t drv_len,
                               uint64_t buf, uint32_t buf_len,
                               uint32_t function)
{
    SpaprPciPe *pe = spapr_pci_pe_by_config(sphb, addr);
    g_autofree uint8_t *log = NULL, *drv = NULL;
    bool permanent = function == RTAS_SLOT_PERM_ERR_LOG;
    size_t len;

    if (!pe) {
        return RTAS_OUT_PARAM_ERROR;
    }
    if (permanent && !pe->eeh.unavailable) {
        pe->eeh.unavailable = true;
        pe->eeh.mmio_frozen = pe->eeh.dma_frozen = true;
        trace_spapr_pci_eeh_option(sphb->index, pe->devfn, -1, 0,
                                   "permanently unavailable");
    }
    if (!pe->eeh.err_valid && !pe->eeh.unavailable) {
        return RTAS_OUT_NO_ERRORS_FOUND;
    }
    drv_len = MIN(drv_len, RTAS_ERROR_LOG_MAX);
    drv = g_malloc0(drv_len + 1);
    if (drv_len &&
        address_space_read(&address_space_memory, ppc64_phys_to_real(drv_buf),
                           MEMTXATTRS_UNSPECIFIED, drv, drv_len) != MEMTX_OK) {
        drv_len = 0;
    }
    log = g_malloc(RTAS_ERROR_LOG_MAX);
    len = spapr_pe_error_log(pe, permanent, log, RTAS_ERROR_LOG_MAX, drv,
                             drv_len);
    if (address_space_write(&address_space_memory, ppc64_phys_to_real(buf),
                            MEMTXATTRS_UNSPECIFIED, log,
                            MIN(len, buf_len)) != MEMTX_OK) {
        return RTAS_OUT_HW_ERROR;
    }
    return RTAS_OUT_SUCCESS;
}

/* ---- lifecycle ---------------------------------------------------------- */

void spapr_phb_eeh_realize(SpaprPhbState *sphb)
{
    SpaprPhbEeh *e = &sphb->eeh;

    address_space_init(&e->mmio_as, &sphb->memspace, "spapr-pci-mmio");
    object_property_add_uint64_ptr(OBJECT(sphb), "eeh-freezes", &e->freezes,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(OBJECT(sphb), "eeh-refused", &e->refused,
                                   OBJ_PROP_FLAG_READ);
}

void spapr_phb_eeh_unrealize(SpaprPhbState *sphb)
{
    address_space_destroy(&sphb->eeh.mmio_as);
    address_space_destroy(&sphb->eeh.io_as);
}

/* A machine reset: EEH enabled (LoPAR PE R8), PE running */
void spapr_pe_eeh_reset(SpaprPciPe *pe)
{
    SpaprPeEeh *e = &pe->eeh;

    e->enabled = true;
    e->mmio_frozen = e->dma_frozen = false;
    e->reset_active = e->err_valid = e->unavailable = false;
    e->inj_fn = SPAPR_ERRINJCT_NONE;
}

/* Part of a PE's state (spapr_pci_pe.c) */
const VMStateDescription vmstate_spapr_pe_eeh = {
    .name = "spapr_pci/powerio-pe-eeh",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(enabled, SpaprPeEeh),
        VMSTATE_BOOL(mmio_frozen, SpaprPeEeh),
        VMSTATE_BOOL(dma_frozen, SpaprPeEeh),
        VMSTATE_BOOL(reset_active, SpaprPeEeh),
        VMSTATE_BOOL(err_valid, SpaprPeEeh),
        VMSTATE_BOOL(err_write, SpaprPeEeh),
        VMSTATE_UINT32(err_liobn, SpaprPeEeh),
        VMSTATE_UINT64(err_addr, SpaprPeEeh),
        VMSTATE_BUFFER(err_what, SpaprPeEeh),
        VMSTATE_BOOL(unavailable, SpaprPeEeh),
        VMSTATE_UINT32(inj_fn, SpaprPeEeh),
        VMSTATE_UINT64(inj_addr, SpaprPeEeh),
        VMSTATE_UINT64(inj_mask, SpaprPeEeh),
        VMSTATE_END_OF_LIST()
    },
};
