/*
 * DMA exerciser: a stand-in for the host IOMMU of a passed-through device
 * (hw/misc/dma_exerciser_hostmap.c)
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_DMA_EXERCISER_HOSTMAP_H
#define HW_MISC_DMA_EXERCISER_HOSTMAP_H

#include "exec/memory.h"

typedef struct DxrHostMapRegion DxrHostMapRegion;

typedef struct DxrHostMap {
    uint32_t limit;             /* mappings it holds; 0: no host IOMMU */
    PCIDevice *pdev;
    MemoryListener listener;
    QLIST_HEAD(, DxrHostMapRegion) regions;
    uint64_t shifts;            /* page shifts of the mappings seen */
    uint64_t refused;           /* MAPs that did not fit */
} DxrHostMap;

void dxr_hostmap_init(DxrHostMap *hm, PCIDevice *pdev, uint32_t limit);
void dxr_hostmap_exit(DxrHostMap *hm);
/* May the device's DMA reach @iova through the host IOMMU? */
bool dxr_hostmap_allows(DxrHostMap *hm, uint64_t iova, bool write);

#endif
