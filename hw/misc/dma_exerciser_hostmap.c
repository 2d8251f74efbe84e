/*
 * DMA exerciser: a stand-in for the host IOMMU of a passed-through device
 *
 * With the "host-map-entries" property set, the exerciser behaves like a
 * device a hypervisor passes through with VFIO: its DMA reaches only what
 * the host IOMMU maps, and the host IOMMU is programmed from the
 * platform IOMMU's MAP/UNMAP notifications, as QEMU's VFIO listener does
 * (hw/vfio/common.c vfio_iommu_map_notify).  The table holds at most that
 * many mappings (as VFIO type1's dma_entry_limit, or the locked-memory
 * limit of sPAPR TCE v2 pre-registration, bound a real host): a MAP that
 * does not fit fails, and the failure goes back through the notifier's
 * error field (patches/0009), for the platform to report to the guest.
 *
 * So a test sees both halves of a host-side map failure: the guest told
 * (sPAPR: H_NOT_ENOUGH_RESOURCES, hw/ppc/spapr_tce_hcall.c), and what
 * hiding it would cost (the device's DMA to an IOVA the guest believes
 * mapped faults in the host IOMMU).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/pci/pci_device.h"
#include "hw/misc/dma_exerciser_hostmap.h"
#include "trace.h"

typedef struct DxrHostMapping {
    uint64_t addr_mask;
    IOMMUAccessFlags perm;
} DxrHostMapping;

/* The notifier of one IOMMU region (a DMA window) of the device's space */
struct DxrHostMapRegion {
    IOMMUNotifier n;
    IOMMUMemoryRegion *mr;
    DxrHostMap *hm;
    hwaddr offset;              /* region offset -> bus address */
    GHashTable *map;            /* bus address of a page -> mapping */
    QLIST_ENTRY(DxrHostMapRegion) next;
};

static unsigned entries(DxrHostMap *hm)
{
    DxrHostMapRegion *r;
    unsigned n = 0;

    QLIST_FOREACH(r, &hm->regions, next) {
        n += g_hash_table_size(r->map);
    }
    return n;
}

static void hostmap_notify(IOMMUNotifier *n, IOMMUTLBEntry *e)
{
    DxrHostMapRegion *r = container_of(n, DxrHostMapRegion, n);
    DxrHostMap *hm = r->hm;
    uint16_t rid = pci_requester_id(hm->pdev);
    uint64_t bus = r->offset + e->iova;
    gpointer key = (gpointer)(uintptr_t)bus;
    DxrHostMapping *m;

    if (e->perm == IOMMU_NONE) {
        g_hash_table_remove(r->map, key);
        return;
    }
    if (!g_hash_table_contains(r->map, key) && entries(hm) >= hm->limit) {
        hm->refused++;
        n->map_error = -ENOSPC;
        trace_dma_exerciser_hostmap_full(rid, bus, hm->limit);
        pci_io_report(PCI_IO_REPORT_HOST_IOMMU,
                      PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                      "dma-exerciser %02x:%02x.%x: host "
                      "IOMMU full (%u mappings): IOVA 0x%" PRIx64 " not "
                      "mapped on the host\n", rid >> 8, (rid >> 3) & 0x1f,
                      rid & 7, hm->limit, bus);
        return;
    }
    m = g_new(DxrHostMapping, 1);
    m->addr_mask = e->addr_mask;
    m->perm = e->perm;
    hm->shifts |= 1ULL << ctz64(e->addr_mask + 1);
    g_hash_table_replace(r->map, key, m);
}

static void hostmap_region_add(MemoryListener *l, MemoryRegionSection *s)
{
    DxrHostMap *hm = container_of(l, DxrHostMap, listener);
    DxrHostMapRegion *r;
    Error *err = NULL;

    if (!memory_region_is_iommu(s->mr)) {
        return;
    }
    r = g_new0(DxrHostMapRegion, 1);
    r->hm = hm;
    r->mr = IOMMU_MEMORY_REGION(s->mr);
    r->offset = s->offset_within_address_space - s->offset_within_region;
    r->map = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    iommu_notifier_init(&r->n, hostmap_notify, IOMMU_NOTIFIER_IOTLB_EVENTS,
                        s->offset_within_region,
                        s->offset_within_region +
                        int128_get64(int128_sub(s->size, int128_one())), 0);
    if (memory_region_register_iommu_notifier(s->mr, &r->n, &err)) {
        /* this IOMMU cannot tell the host: nothing is ever mapped */
        qemu_log_mask(LOG_UNIMP, "dma-exerciser host map: %s\n",
                      error_get_pretty(err));
        error_free(err);
        g_hash_table_destroy(r->map);
        g_free(r);
        return;
    }
    /* what is mapped already (VFIO replays too) */
    memory_region_iommu_replay(r->mr, &r->n);
    QLIST_INSERT_HEAD(&hm->regions, r, next);
}

static void hostmap_region_del(MemoryListener *l, MemoryRegionSection *s)
{
    DxrHostMap *hm = container_of(l, DxrHostMap, listener);
    DxrHostMapRegion *r, *tmp;

    QLIST_FOREACH_SAFE(r, &hm->regions, next, tmp) {
        if (MEMORY_REGION(r->mr) == s->mr &&
            r->n.start == s->offset_within_region) {
            memory_region_unregister_iommu_notifier(s->mr, &r->n);
            QLIST_REMOVE(r, next);
            g_hash_table_destroy(r->map);
            g_free(r);
        }
    }
}

void dxr_hostmap_init(DxrHostMap *hm, PCIDevice *pdev, uint32_t limit)
{
    hm->limit = limit;
    if (!limit) {
        return;
    }
    hm->pdev = pdev;
    hm->listener = (MemoryListener) {
        .name = "dma-exerciser-hostmap",
        .region_add = hostmap_region_add,
        .region_del = hostmap_region_del,
        .priority = MEMORY_LISTENER_PRIORITY_DEV_BACKEND,
    };
    memory_listener_register(&hm->listener,
                             pci_device_iommu_address_space(pdev));
}

void dxr_hostmap_exit(DxrHostMap *hm)
{
    if (hm->limit) {
        memory_listener_unregister(&hm->listener);
    }
}

bool dxr_hostmap_allows(DxrHostMap *hm, uint64_t iova, bool write)
{
    IOMMUAccessFlags need = write ? IOMMU_WO : IOMMU_RO;
    DxrHostMapRegion *r;
    unsigned shift;
    uint16_t rid;

    if (!hm->limit) {
        return true;
    }
    QLIST_FOREACH(r, &hm->regions, next) {
        for (shift = 0; shift < 64; shift++) {
            DxrHostMapping *m;

            if (!(hm->shifts & (1ULL << shift))) {
                continue;
            }
            m = g_hash_table_lookup(r->map, (gpointer)(uintptr_t)
                                    (iova & ~((1ULL << shift) - 1)));
            if (m && m->addr_mask == (1ULL << shift) - 1 &&
                (m->perm & need) == need) {
                return true;
            }
        }
    }
    rid = pci_requester_id(hm->pdev);
    trace_dma_exerciser_hostmap_fault(rid, iova, write);
    pci_io_report(PCI_IO_REPORT_HOST_IOMMU,
                  PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                  "dma-exerciser %02x:%02x.%x: DMA %s IOVA "
                  "0x%" PRIx64 ": no host IOMMU mapping (the platform's TCE "
                  "may say otherwise: a host map that failed and was not "
                  "reported)\n", rid >> 8, (rid >> 3) & 0x1f, rid & 7,
                  write ? "write to" : "read from", iova);
    return false;
}
