/*
 * sPAPR PHB: partitionable endpoints (PEs)
 *
 * A PE is PAPR's unit of DMA translation and error isolation: it has its
 * own TCE table(s) and LIOBN(s), its own EEH state, its own dynamic DMA
 * windows (LoPAR R1-14.5.4.2-2 "each PE has its own TCE table"; the
 * ibm,dma-window property of a node names the window of the PE below it,
 * LoPAR "ibm,dma-window").
 *
 * Two layouts, chosen per PHB by the "pe-per-device" property:
 *
 * - off (the default, as the base and KVM's sPAPR PHB): the whole PHB is
 *   one PE.  The PHB node carries ibm,dma-window, all devices share its
 *   TCE tables (LIOBNs 0x800000ii00 and ..01, and ..02 for a second
 *   dynamic window), one EEH state, one IOMMU group in Linux.
 *
 * - on: every function on the PHB's root bus is a PE of its own, with
 *   everything below it when it is a bridge.  Each gets its own DMA
 *   address space with its own default window (same bus range as the
 *   PHB's, the dma_win_addr/dma_win_size properties) and, with DDW, its
 *   own dynamic windows, each under a LIOBN of its own
 *   (SPAPR_PCI_PE_LIOBN).  The function's node carries ibm,dma-window and
 *   the DDW tokens (Linux pci_dma_find() takes the nearest node with
 *   ibm,dma-window as the PE, and enable_ddw() reads ibm,ddw-applicable
 *   from it), so Linux builds one TCE table and one IOMMU group per
 *   function.  The PHB node has no ibm,dma-window then.
 *   ibm,get-config-addr-info2 gives each PE's configuration address, and
 *   the EEH and DDW RTAS calls act on the PE the address names.
 *
 * Not modelled with pe-per-device: a VFIO host device on the PHB (the
 * base's sPAPR VFIO EEH needs a PHB-wide PE).  An MMIO access belongs to
 * the PE whose BARs (or bridge windows) hold its address, as programmed,
 * decoding on or off; one in no device's BARs is reported and fails but
 * freezes no PE (none owns it).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "hw/pci/pci.h"
#include "hw/pci/pci_bridge.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pci_host.h"
#include "hw/pci-host/spapr.h"
#include "hw/ppc/spapr.h"
#include "hw/ppc/spapr_pci_msi.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "migration/vmstate.h"
#include <libfdt.h>

/* the PHB-wide PE takes the PHB's LIOBNs first (spapr_pci_pe_realize) */
QEMU_BUILD_BUG_ON(SPAPR_PCI_PE_MAX_WINDOWS < SPAPR_PCI_DMA_MAX_WINDOWS);

/* The TCE tables a PE has: the default window's only without DDW */
static unsigned pe_tables(SpaprPhbState *sphb)
{
    return sphb->ddw_enabled ? SPAPR_PCI_PE_MAX_WINDOWS : 1;
}

static PCIBus *root_bus(SpaprPhbState *sphb)
{
    return PCI_HOST_BRIDGE(sphb)->bus;
}

/* The root-bus function that @devfn on @bus is, or is below */
static int root_devfn(PCIBus *bus, int devfn)
{
    while (!pci_bus_is_root(bus)) {
        PCIDevice *bridge = pci_bridge_get_device(bus);

        devfn = bridge->devfn;
        bus = pci_get_bus(bridge);
    }
    return devfn;
}

static int dev_root_devfn(PCIDevice *dev)
{
    return root_devfn(pci_get_bus(dev), dev->devfn);
}

/* A per-device PE's address: its function's (the root bus is bus 0) */
static uint32_t dev_pe_addr(int devfn)
{
    return (devfn << 8) | 1;    /* register 1, as the base's 00BB0001 */
}

static SpaprPciPe *pe_of_device(SpaprPhbState *sphb, PCIDevice *dev)
{
    if (!sphb->pe_per_device) {
        return &sphb->phb_pe;
    }
    return dev ? sphb->dev_pe[dev_root_devfn(dev)] : NULL;
}

bool spapr_pci_pe_has_device(SpaprPciPe *pe, PCIDevice *dev)
{
    return pe->devfn < 0 || dev_root_devfn(dev) == pe->devfn;
}

SpaprPciPe *spapr_pci_pe_find(SpaprMachineState *spapr, uint64_t buid,
                              uint32_t config_addr)
{
    SpaprPhbState *sphb = spapr_pci_find_phb(spapr, buid);

    if (!sphb || !pci_find_device(root_bus(sphb), (config_addr >> 16) & 0xff,
                                  (config_addr >> 8) & 0xff)) {
        return NULL;
    }
    return spapr_pci_pe_by_config(sphb, config_addr);
}

SpaprPciPe *spapr_pci_pe_by_config(SpaprPhbState *sphb, uint32_t config_addr)
{
    if (!sphb->pe_per_device) {
        /* the base's PE addresses (00BB0001) name no device: any will do */
        return &sphb->phb_pe;
    }
    return pe_of_device(sphb, pci_find_device(root_bus(sphb),
                                              (config_addr >> 16) & 0xff,
                                              (config_addr >> 8) & 0xff));
}

SpaprPciPe *spapr_pci_pe_by_rid(SpaprPhbState *sphb, uint16_t rid)
{
    if (!sphb->pe_per_device) {
        return &sphb->phb_pe;
    }
    return pe_of_device(sphb, pci_find_device(root_bus(sphb), rid >> 8,
                                              rid & 0xff));
}

SpaprPciPe *spapr_pci_pe_by_liobn(SpaprPhbState *sphb, uint32_t liobn)
{
    int devfn = SPAPR_PCI_PE_LIOBN_DEVFN(liobn);

    if (devfn < 0) {
        return &sphb->phb_pe;
    }
    return devfn < PCI_DEVFN_MAX && sphb->pe_per_device ?
           sphb->dev_pe[devfn] : NULL;
}

/*
 * For reports: the index of the PHB and the address of the PE whose window
 * @tcet is, or -1 for each that it has not
 */
void spapr_pci_pe_report_ids(SpaprTceTable *tcet, int *phb, int64_t *pe_addr)
{
    Object *parent = OBJECT(tcet)->parent;
    SpaprPhbState *sphb;
    SpaprPciPe *pe;

    *phb = -1;
    *pe_addr = -1;
    if (!parent ||
        !object_dynamic_cast(parent, TYPE_SPAPR_PCI_HOST_BRIDGE)) {
        return;
    }
    sphb = SPAPR_PCI_HOST_BRIDGE(parent);
    pe = spapr_pci_pe_by_liobn(sphb, tcet->liobn);
    *phb = sphb->index;
    *pe_addr = pe ? spapr_pci_pe_addr(pe) : -1;
}

/*
 * The PCI address BAR @i of @dev is programmed with, whether or not the
 * device decodes it now (Linux's eeh_dev_break turns decoding off and
 * loads from the BAR: the PE the address belongs to takes the error).
 */
static uint64_t bar_address(PCIDevice *dev, int i)
{
    PCIIORegion *r = &dev->io_regions[i];
    int reg = pci_bar(dev, i);
    uint64_t addr = pci_get_long(dev->config + reg);

    if (i == PCI_ROM_SLOT) {
        return addr & PCI_ROM_ADDRESS_MASK;
    }
    if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
        addr |= (uint64_t)pci_get_long(dev->config + reg + 4) << 32;
    }
    return addr & PCI_BASE_ADDRESS_MEM_MASK;
}

/* Is @addr in a memory BAR of @dev, or (a bridge) in its windows? */
static bool decodes(PCIDevice *dev, uint64_t addr)
{
    int i;

    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];

        if (r->size && !(r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
            addr - bar_address(dev, i) < r->size) {
            return true;
        }
    }
    if (IS_PCI_BRIDGE(dev)) {
        static const uint8_t types[] = {
            PCI_BASE_ADDRESS_SPACE_MEMORY,
            PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_PREFETCH,
        };

        for (i = 0; i < ARRAY_SIZE(types); i++) {
            pcibus_t base = pci_bridge_get_base(dev, types[i]);
            pcibus_t limit = pci_bridge_get_limit(dev, types[i]);

            if (base <= limit && addr >= base && addr <= limit) {
                return true;
            }
        }
    }
    return false;
}

/* Is I/O port @addr in an I/O BAR of @dev, or (a bridge) its I/O window? */
static bool decodes_io(PCIDevice *dev, uint64_t addr)
{
    int i;

    for (i = 0; i < PCI_ROM_SLOT; i++) {
        PCIIORegion *r = &dev->io_regions[i];

        if (r->size && (r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
            addr - (pci_get_long(dev->config + pci_bar(dev, i)) &
                    PCI_BASE_ADDRESS_IO_MASK) < r->size) {
            return true;
        }
    }
    if (IS_PCI_BRIDGE(dev)) {
        pcibus_t base = pci_bridge_get_base(dev, PCI_BASE_ADDRESS_SPACE_IO);
        pcibus_t limit = pci_bridge_get_limit(dev, PCI_BASE_ADDRESS_SPACE_IO);

        return base <= limit && addr >= base && addr <= limit;
    }
    return false;
}

/* The PE of the root-bus function that decodes @addr (@decoder) */
static SpaprPciPe *pe_decoding(SpaprPhbState *sphb, uint64_t addr,
                               bool (*decoder)(PCIDevice *, uint64_t))
{
    PCIBus *bus = root_bus(sphb);
    int devfn;

    if (!sphb->pe_per_device) {
        return &sphb->phb_pe;
    }
    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PCIDevice *dev = bus->devices[devfn];

        if (dev && sphb->dev_pe[devfn] && decoder(dev, addr)) {
            return sphb->dev_pe[devfn];
        }
    }
    return NULL;
}

SpaprPciPe *spapr_pci_pe_by_io(SpaprPhbState *sphb, uint64_t port)
{
    return pe_decoding(sphb, port, decodes_io);
}

SpaprPciPe *spapr_pci_pe_by_mmio(SpaprPhbState *sphb, uint64_t pci_addr)
{
    return pe_decoding(sphb, pci_addr, decodes);
}

uint32_t spapr_pci_pe_config_addr(SpaprPhbState *sphb, PCIDevice *dev)
{
    if (!sphb->pe_per_device) {
        /* the base's form, 00BB0001: BB the bus of the device */
        return (pci_bus_num(pci_get_bus(dev)) << 16) + 1;
    }
    return dev_pe_addr(dev_root_devfn(dev));
}

typedef struct PeCount {
    SpaprPciPe *pe;
    unsigned functions;
} PeCount;

static void count_function(PCIBus *bus, PCIDevice *dev, void *opaque)
{
    PeCount *c = opaque;

    /* IOA functions: bridges and switch ports are the fabric, not IOAs */
    if (!IS_PCI_BRIDGE(dev) && spapr_pci_pe_has_device(c->pe, dev)) {
        c->functions++;
    }
}

static void count_bus(PCIBus *bus, void *opaque)
{
    pci_for_each_device_under_bus(bus, count_function, opaque);
}

/*
 * LoPAR ibm,get-config-addr-info2 function 1 ("Query shared PE state"):
 * 0 the address is in no PE, 1 one IOA function in the PE, 2 more than
 * one.  The PHB-wide PE holds every function of the PHB; a per-device PE
 * its root-bus function and what is below it.
 */
uint32_t spapr_pci_pe_mode(SpaprPhbState *sphb, PCIDevice *dev)
{
    PeCount c = { .pe = pe_of_device(sphb, dev) };

    if (!c.pe) {
        return RTAS_PE_MODE_NONE;
    }
    pci_for_each_bus(root_bus(sphb), count_bus, &c);
    return c.functions > 1 ? RTAS_PE_MODE_SHARED : RTAS_PE_MODE_NOT_SHARED;
}

uint32_t spapr_pci_pe_addr(SpaprPciPe *pe)
{
    return pe->devfn < 0 ? 1 : dev_pe_addr(pe->devfn);
}

const char *spapr_pci_pe_name(SpaprPciPe *pe, char *buf, size_t len)
{
    if (pe->devfn < 0) {
        snprintf(buf, len, "PE (whole PHB)");
    } else {
        snprintf(buf, len, "PE %02x.%x", PCI_SLOT(pe->devfn),
                 PCI_FUNC(pe->devfn));
    }
    return buf;
}

/* ---- DMA windows ------------------------------------------------------- */

/* Back to the default window only: a PHB or PE reset, LoPAR reset-pe-dma */
void spapr_pci_pe_dma_reset(SpaprPciPe *pe)
{
    SpaprPhbState *sphb = pe->sphb;
    SpaprTceTable *tcet;
    int i;

    for (i = 0; i < SPAPR_PCI_PE_MAX_WINDOWS; i++) {
        tcet = spapr_tce_find_by_liobn(pe->dma_liobn[i]);
        if (tcet && tcet->nb_table) {
            spapr_tce_table_disable(tcet);
        }
    }
    tcet = spapr_tce_find_by_liobn(pe->dma_liobn[0]);
    if (tcet) {
        spapr_tce_table_enable(tcet, SPAPR_TCE_PAGE_SHIFT, sphb->dma_win_addr,
                               sphb->dma_win_size >> SPAPR_TCE_PAGE_SHIFT);
        tcet->def_win = true;
    }
}

static void pe_reset(SpaprPciPe *pe)
{
    spapr_pci_pe_dma_reset(pe);
    spapr_pe_eeh_reset(pe);
    pe->ddw_limited = false;
}

/* The 32-bit MSI window in the PE's DMA space @root, if the PHB has one */
static void msi32_map(SpaprPciPe *pe, MemoryRegion *root)
{
    SpaprPhbState *sphb = pe->sphb;

    if (!spapr_pci_msi32_available(sphb)) {
        return;
    }
    memory_region_init_alias(&pe->msi32, OBJECT(sphb), "msi32",
                             &sphb->msiwindow, 0,
                             memory_region_size(&sphb->msiwindow));
    /* MSI decode before TCE translation; no window may cover it anyway */
    memory_region_add_subregion_overlap(root, SPAPR_PCI_MSI32_WINDOW,
                                        &pe->msi32, 1);
}

static void msi32_unmap(SpaprPciPe *pe, MemoryRegion *root)
{
    if (memory_region_is_mapped(&pe->msi32)) {
        memory_region_del_subregion(root, &pe->msi32);
        object_unparent(OBJECT(&pe->msi32));
    }
}

static SpaprPciPe *pe_new(SpaprPhbState *sphb, int devfn)
{
    SpaprPciPe *pe = g_new0(SpaprPciPe, 1);
    g_autofree char *name = g_strdup_printf("%s-pe-%02x.%x", sphb->dtbusname,
                                            PCI_SLOT(devfn), PCI_FUNC(devfn));
    unsigned i;

    pe->sphb = sphb;
    pe->devfn = devfn;
    memory_region_init(&pe->root, OBJECT(sphb), name, UINT64_MAX);
    address_space_init(&pe->as, &pe->root, name);
    memory_region_init_alias(&pe->msi, OBJECT(sphb), "msi", &sphb->msiwindow,
                             0, memory_region_size(&sphb->msiwindow));
    memory_region_add_subregion(&pe->root, SPAPR_PCI_MSI_WINDOW, &pe->msi);
    msi32_map(pe, &pe->root);
    spapr_pe_eeh_dma_init(pe, &pe->root);

    for (i = 0; i < pe_tables(sphb); i++) {
        SpaprTceTable *tcet;

        pe->dma_liobn[i] = SPAPR_PCI_PE_LIOBN(sphb->index, devfn, i);
        tcet = spapr_tce_new_table(DEVICE(sphb), pe->dma_liobn[i]);
        if (tcet) {
            memory_region_add_subregion(&pe->root, 0,
                                        spapr_tce_get_iommu(tcet));
        }
    }
    pe_reset(pe);
    return pe;
}

/*
 * The PCI bus's get_address_space: the PE's DMA space.  With one PE per
 * device, the PE of a root-bus function is made when the first device in
 * it asks (at realize, hot plug included) and lives as long as the PHB.
 */
AddressSpace *spapr_pci_pe_dma_as(SpaprPhbState *sphb, PCIBus *bus,
                                  int devfn)
{
    if (!sphb->pe_per_device) {
        return &sphb->iommu_as;
    }
    devfn = root_devfn(bus, devfn);
    if (!sphb->dev_pe[devfn]) {
        sphb->dev_pe[devfn] = pe_new(sphb, devfn);
    }
    return &sphb->dev_pe[devfn]->as;
}

/* ---- lifecycle ----------------------------------------------------------- */

void spapr_pci_pe_realize(SpaprPhbState *sphb)
{
    SpaprPciPe *pe = &sphb->phb_pe;
    unsigned i;

    pe->sphb = sphb;
    pe->devfn = -1;
    memcpy(pe->dma_liobn, sphb->dma_liobn, sizeof(sphb->dma_liobn));
    /*
     * The PHB made tables for its two LIOBNs; the third dynamic window's
     * takes the next window number of the base's scheme (SPAPR_PCI_LIOBN)
     */
    for (i = SPAPR_PCI_DMA_MAX_WINDOWS; i < pe_tables(sphb); i++) {
        SpaprTceTable *tcet;

        tcet = spapr_tce_new_table(DEVICE(sphb),
                                   SPAPR_PCI_LIOBN(sphb->index, i));
        if (tcet) {
            pe->dma_liobn[i] = tcet->liobn;
            memory_region_add_subregion(&sphb->iommu_root, 0,
                                        spapr_tce_get_iommu(tcet));
        }
    }
    msi32_map(pe, &sphb->iommu_root);
    spapr_pe_eeh_dma_init(pe, &sphb->iommu_root);
}

void spapr_pci_pe_reset(SpaprPhbState *sphb)
{
    int devfn;

    pe_reset(&sphb->phb_pe);
    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (sphb->dev_pe[devfn]) {
            pe_reset(sphb->dev_pe[devfn]);
        }
    }
}

static void pe_free(SpaprPciPe *pe)
{
    g_free(pe);
}

void spapr_pci_pe_unrealize(SpaprPhbState *sphb)
{
    int devfn, i;

    /* the PHB-wide PE: what spapr_pci_pe_realize added to the PHB's */
    for (i = SPAPR_PCI_DMA_MAX_WINDOWS; i < SPAPR_PCI_PE_MAX_WINDOWS; i++) {
        SpaprTceTable *tcet = spapr_tce_find_by_liobn(
            sphb->phb_pe.dma_liobn[i]);

        if (tcet) {
            memory_region_del_subregion(&sphb->iommu_root,
                                        spapr_tce_get_iommu(tcet));
            object_unparent(OBJECT(tcet));
        }
        sphb->phb_pe.dma_liobn[i] = 0;
    }
    msi32_unmap(&sphb->phb_pe, &sphb->iommu_root);

    for (devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        SpaprPciPe *pe = sphb->dev_pe[devfn];

        if (!pe) {
            continue;
        }
        sphb->dev_pe[devfn] = NULL;
        for (i = 0; i < SPAPR_PCI_PE_MAX_WINDOWS; i++) {
            SpaprTceTable *tcet = spapr_tce_find_by_liobn(pe->dma_liobn[i]);

            if (tcet) {
                memory_region_del_subregion(&pe->root,
                                            spapr_tce_get_iommu(tcet));
                object_unparent(OBJECT(tcet));
            }
        }
        memory_region_del_subregion(&pe->root, &pe->msi);
        msi32_unmap(pe, &pe->root);
        memory_region_del_subregion(&pe->root, &pe->eeh.dma_hole);
        address_space_remove_listeners(&pe->as);
        address_space_destroy(&pe->as);
        object_unparent(OBJECT(&pe->msi));
        object_unparent(OBJECT(&pe->eeh.dma_hole));
        object_unparent(OBJECT(&pe->root));
        /* the address space goes after an RCU grace period: so does @pe */
        call_rcu(pe, pe_free, rcu);
    }
}

/* ---- device tree --------------------------------------------------------- */

void spapr_pci_pe_dt(SpaprPhbState *sphb, PCIDevice *dev, void *fdt,
                     int offset)
{
    SpaprPciPe *pe;
    SpaprTceTable *tcet;

    if (!sphb->pe_per_device || !pci_bus_is_root(pci_get_bus(dev))) {
        return;
    }
    pe = sphb->dev_pe[dev->devfn];
    tcet = pe ? spapr_tce_find_by_liobn(pe->dma_liobn[0]) : NULL;
    if (!tcet) {
        return;
    }
    spapr_dma_dt(fdt, offset, "ibm,dma-window", tcet->liobn,
                 tcet->bus_offset, tcet->nb_table << tcet->page_shift);
    if (sphb->ddw_enabled) {
        spapr_ddw_dt(fdt, offset);
    }
}

/* ---- migration ----------------------------------------------------------- */

const VMStateDescription vmstate_spapr_pci_pe = {
    .name = "spapr_pci/powerio-pe",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(eeh, SpaprPciPe, 1, vmstate_spapr_pe_eeh, SpaprPeEeh),
        VMSTATE_BOOL(ddw_limited, SpaprPciPe),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * A subsection of the PHB's "spapr_pci" state: the PEs' EEH and DDW
 * state (their windows are TCE tables, migrated on their own).  Both
 * sides have the same devices, so the same per-device PEs.
 */
const VMStateDescription vmstate_spapr_phb_pe = {
    .name = "spapr_pci/powerio-pes",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(phb_pe, SpaprPhbState, 1, vmstate_spapr_pci_pe,
                       SpaprPciPe),
        VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(dev_pe, SpaprPhbState,
                                           PCI_DEVFN_MAX, 1,
                                           vmstate_spapr_pci_pe, SpaprPciPe),
        VMSTATE_END_OF_LIST()
    },
};
