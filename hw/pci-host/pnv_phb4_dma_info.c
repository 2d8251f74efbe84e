/*
 * PowerNV PHB4/PHB5 DMA state for a kernel developer: "info pnv-phb"
 *
 * Each PHB's valid TVEs decoded with the TVEs per PE that PHB_CTRLR
 * selects, the requester IDs resolved to PEs, and the TCE cache
 * statistics with the last DMA error; then the enabled MBT BARs, MMIO
 * routing to PEs (pnv_phb4_mmio.c).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci-host/pnv_phb4.h"
#include "hw/pci-host/pnv_phb4_dma.h"
#include "hw/pci-host/pnv_phb4_mmio.h"

void pnv_phb4_dma_print_info(PnvPHB4 *phb, GString *buf)
{
    unsigned sh = pnv_phb4_tves_per_pe_shift(phb);
    uint32_t tves = 2 * pnv_phb4_num_pes(phb), i;
    PnvPhb4DMASpace *ds;

    g_string_append_printf(buf, "PHB%d %d:%d (%u PEs, %u TVEs per PE)\n",
                           object_dynamic_cast(OBJECT(phb), TYPE_PNV_PHB5) ?
                           5 : 4, phb->chip_id, phb->phb_id,
                           pnv_phb4_num_pes(phb), 1u << sh);
    for (i = 0; i < tves && sh <= 4; i++) {
        PnvIodaWindow win;

        if (phb->ioda_TVT[i]) {
            pnv_phb4_decode_tve(phb->ioda_TVT[i], &win);
            pnv_ioda_window_print(buf, i >> sh, i & ((1u << sh) - 1), &win);
        }
    }
    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        if (ds->pe_num != PHB_INVALID_PE) {
            g_string_append_printf(buf, "  RID %04x -> PE#%d\n",
                                   pnv_phb4_ds_rid(ds), ds->pe_num);
        }
    }
    pnv_ioda_tce_print_stats(&phb->tce, buf);
    pnv_phb4_mmio_print_info(phb, buf);
}
