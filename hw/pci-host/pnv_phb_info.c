/*
 * "info pnv-phb": the DMA state of every PowerNV PHB (PHB3, PHB4, PHB5)
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci-host/pnv_phb3.h"
#include "hw/pci-host/pnv_phb3_dma.h"
#include "hw/pci-host/pnv_phb4.h"
#include "hw/pci-host/pnv_phb4_dma.h"
#include "monitor/monitor.h"
#include "monitor/hmp-target.h"

static int print_one_phb(Object *obj, void *opaque)
{
    if (object_dynamic_cast(obj, TYPE_PNV_PHB3)) {
        pnv_phb3_dma_print_info(PNV_PHB3(obj), opaque);
    } else if (object_dynamic_cast(obj, TYPE_PNV_PHB4)) {
        pnv_phb4_dma_print_info(PNV_PHB4(obj), opaque);
    }
    return 0;
}

void hmp_info_pnv_phb(Monitor *mon, const QDict *qdict)
{
    g_autoptr(GString) buf = g_string_new("");

    object_child_foreach_recursive(object_get_root(), print_one_phb, buf);
    monitor_puts(mon, buf->len ? buf->str : "no PowerNV PHB\n");
}
