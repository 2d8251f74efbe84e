/*
 * PowerNV PHB3 DMA state for a kernel developer: "info pnv-phb"
 *
 * Each PHB3's valid TVEs decoded (table, levels, page size, window, or
 * bypass bounds), the requester IDs resolved to PEs, and the TCE cache
 * statistics with the last DMA error (pnv_ioda_tce_print_stats).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_dma.h"
#include "monitor/monitor.h"
#include "monitor/hmp-target.h"

void pnv_phb3_dma_print_info(PnvPHB3 *phb, GString *buf)
{
    PnvPhb3DMASpace *ds;
    int i;

    g_string_append_printf(buf, "PHB3 %d:%d\n", phb->chip_id, phb->phb_id);
    for (i = 0; i < ARRAY_SIZE(phb->ioda_TVT); i++) {
        PnvIodaWindow win;

        if (!phb->ioda_TVT[i]) {
            continue;
        }
        pnv_phb3_decode_tve(phb->ioda_TVT[i], &win);
        g_string_append_printf(buf, "  PE#%-3d TVE#%d %016" PRIx64 " ",
                               i / 2, i & 1, phb->ioda_TVT[i]);
        switch (win.type) {
        case PNV_IODA_WIN_TRANSLATE:
            g_string_append_printf(buf, "table 0x%" PRIx64 " %u level(s) "
                                   "x %u TCEs, %uK pages, window 0x%" PRIx64
                                   "\n", win.table_addr, win.levels,
                                   1u << win.entries_shift,
                                   1u << (win.page_shift - 10),
                                   pnv_ioda_window_size(&win));
            break;
        case PNV_IODA_WIN_BYPASS:
            g_string_append_printf(buf, "bypass [0x%" PRIx64 ", 0x%" PRIx64
                                   ")\n", win.bypass_start, win.bypass_end);
            break;
        default:
            g_string_append_printf(buf, "invalid: %s\n", win.invalid_reason);
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

static int print_one_phb(Object *obj, void *opaque)
{
    if (object_dynamic_cast(obj, TYPE_PNV_PHB3)) {
        pnv_phb3_dma_print_info(PNV_PHB3(obj), opaque);
    }
    return 0;
}

void hmp_info_pnv_phb(Monitor *mon, const QDict *qdict)
{
    g_autoptr(GString) buf = g_string_new("");

    object_child_foreach_recursive(object_get_root(), print_one_phb, buf);
    monitor_puts(mon, buf->len ? buf->str : "no PowerNV PHB3\n");
}
