/*
 * PowerNV PHB4/PHB5 DMA front end: RID to PE, IODA3 TVE decode, TCE kill
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB4_DMA_H
#define HW_PCI_HOST_PNV_PHB4_DMA_H

#include "hw/pci-host/pnv_ioda_tce.h"

typedef struct PnvPHB4 PnvPHB4;
typedef struct PnvPhb4DMASpace PnvPhb4DMASpace;

/* Default size of the TCE cache (entries) */
#define PNV_PHB4_TCE_CACHE_DEFAULT      16384

/* PCIIOMMUOps.get_address_space of the PHB4/PHB5 */
AddressSpace *pnv_phb4_dma_iommu(PCIBus *bus, void *opaque, int devfn);

void pnv_phb4_dma_init(PnvPHB4 *phb);
void pnv_phb4_dma_reset(PnvPHB4 *phb);

/* The PE of a device's DMA space, through the RTT and its cache (RTC) */
bool pnv_phb4_resolve_pe(PnvPhb4DMASpace *ds);
uint16_t pnv_phb4_ds_rid(PnvPhb4DMASpace *ds);
/* Whether the PHB stops this inbound transaction (fence, DMA stopped) */
bool pnv_phb4_dma_refused(PnvPhb4DMASpace *ds, hwaddr addr, bool is_write);
/* PEs of this PHB: 512 on a big PHB, 256 otherwise (PHB_PHB4_EEH_CAP) */
uint32_t pnv_phb4_num_pes(PnvPHB4 *phb);
/* log2 of the TVEs per PE (PHB_CTRLR TVT_ADDR_SEL: 2, 4, 8 or 16) */
unsigned pnv_phb4_tves_per_pe_shift(PnvPHB4 *phb);

/* The MSI windows of a DMA space (pnv_phb4_msi_window.c) */
void pnv_phb4_msi_windows_init(PnvPhb4DMASpace *ds);
void pnv_phb4_update_all_msi_regions(PnvPHB4 *phb);
/* MIST word @word written (entries @pwv, bit 3 the first) and read: P/Q */
void pnv_phb4_msi_mist_written(PnvPHB4 *phb, unsigned word, unsigned pwv);
uint64_t pnv_phb4_msi_mist_read(PnvPHB4 *phb, unsigned word);

/* Migration of the RTT cache (VMState pre_save and post_load) */
void pnv_phb4_dma_pre_save(PnvPHB4 *phb);
void pnv_phb4_dma_post_load(PnvPHB4 *phb);

/* Register side effects */
void pnv_phb4_dma_rtc_invalidate(PnvPHB4 *phb, uint64_t val);
void pnv_phb4_dma_tce_kill(PnvPHB4 *phb, uint64_t val);

/*
 * The TVE that DMA address @addr of @pe uses, decoded: IODA3 (skiboot
 * hw/phb4.c phb4_map_pe_dma_window[_real]), with the TVEs per PE that
 * PHB_CTRLR's TVT address select gives
 */
void pnv_phb4_dma_window(PnvPHB4 *phb, uint32_t pe, hwaddr addr,
                         PnvIodaWindow *win);
void pnv_phb4_decode_tve(uint64_t tve, PnvIodaWindow *win);

/* "info pnv-phb" dump: TVT, PE map, TCE cache statistics */
void pnv_phb4_dma_print_info(PnvPHB4 *phb, GString *buf);

#endif
