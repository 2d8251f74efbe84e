/*
 * PowerNV PHB3 DMA state for a kernel developer: "info pnv-phb"
 *
 * Each PHB3's valid TVEs decoded (table, levels, page size, window, or
 * bypass bounds), the requester IDs resolved to PEs, and the TCE cache
 * statistics with the last DMA error (pnv_ioda_tce_print_stats).  The
 * monitor command itself is pnv_phb_info.c's.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_dma.h"

void pnv_phb3_dma_print_info(PnvPHB3 *phb, GString *buf)
{
    PnvPhb3DMASpace *ds;
    int i;

    g_string_append_printf(buf, "PHB3 %d:%d\n", phb->chip_id, phb->phb_id);
    for (i = 0; i < ARRAY_SIZE(phb->ioda_TVT); i++) {
        PnvIodaWindow win;

        if (phb->ioda_TVT[i]) {
            pnv_phb3_decode_tve(phb->ioda_TVT[i], &win);
            pnv_ioda_window_print(buf, i / 2, i & 1, &win);
        }
    }
    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        if (ds->pe_num != PHB_INVALID_PE) {
            g_string_append_printf(buf, "  RID %04x -> PE#%d\n",
                                   pnv_phb3_ds_rid(ds), ds->pe_num);
        }
    }
    pnv_ioda_tce_print_stats(&phb->tce, buf);
}
