/*
 * PowerNV PHB3 DMA front end: RID to PE, IODA2 TVE decode, TCE kill
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB3_DMA_H
#define HW_PCI_HOST_PNV_PHB3_DMA_H

#include "hw/pci-host/pnv_ioda_tce.h"

typedef struct PnvPHB3 PnvPHB3;
typedef struct PnvPhb3DMASpace PnvPhb3DMASpace;

/* Default size of the TCE cache (entries) */
#define PNV_PHB3_TCE_CACHE_DEFAULT      16384

/* PCIIOMMUOps.get_address_space of the PHB3 */
AddressSpace *pnv_phb3_dma_iommu(PCIBus *bus, void *opaque, int devfn);

void pnv_phb3_dma_init(PnvPHB3 *phb);
void pnv_phb3_dma_reset(PnvPHB3 *phb);
void pnv_phb3_dma_finalize(PnvPHB3 *phb);

/* The PE of a device's DMA space, through the RTT and its cache */
bool pnv_phb3_resolve_pe(PnvPhb3DMASpace *ds);
/* The requester ID of a device's DMA space */
uint16_t pnv_phb3_ds_rid(PnvPhb3DMASpace *ds);
/*
 * Whether the PHB stops inbound traffic of the space's PE now (its DMA
 * stopped, or the PHB fenced): if so the access at @addr is reported
 */
bool pnv_phb3_dma_refused(PnvPhb3DMASpace *ds, hwaddr addr, bool is_write);

/* The MSI windows of a DMA space (pnv_phb3_msi_window.c) */
void pnv_phb3_msi_windows_init(PnvPhb3DMASpace *ds);

/* Migration of the RTT cache (VMState pre_save and post_load) */
void pnv_phb3_dma_pre_save(PnvPHB3 *phb);
void pnv_phb3_dma_post_load(PnvPHB3 *phb);

/* Register side effects */
void pnv_phb3_update_all_msi_regions(PnvPHB3 *phb);
void pnv_phb3_rtc_invalidate(PnvPHB3 *phb, uint64_t val);
void pnv_phb3_tce_kill(PnvPHB3 *phb, uint64_t val);


/* IODA2 TVE (skiboot hw/phb3.c phb3_map_pe_dma_window[_real]) */
void pnv_phb3_decode_tve(uint64_t tve, PnvIodaWindow *win);

/* "info pnv-phb" dump: TVT, PE map, TCE cache statistics (_dma_info.c) */
void pnv_phb3_dma_print_info(PnvPHB3 *phb, GString *buf);

#endif
