/*
 * sPAPR dynamic DMA windows: the RTAS calls, with a resource model
 *
 * ibm,query-pe-dma-window, ibm,create-pe-dma-window,
 * ibm,remove-pe-dma-window and ibm,reset-pe-dma-window (LoPAR "Dynamic
 * DMA Windows"; Linux arch/powerpc/platforms/pseries/iommu.c enable_ddw
 * is the main user).  The PE is the whole PHB, as in the base, or the
 * device the configuration address names when the PHB has one PE per
 * device (pe-per-device, hw/ppc/spapr_pci_pe.c): each PE has its own
 * windows, LIOBNs and resources.
 *
 * Resources, set per PHB with properties, for each of its PEs:
 *   ddw-windows   windows the PE may have at once, the default one
 *                 included (1 or 2; 1 makes Linux remove the default
 *                 window before it creates its own);
 *   ddw-max-tces  TCEs the PE may hold in all its windows; the largest
 *                 available block ibm,query-pe-dma-window reports is what
 *                 the active windows leave, and create enforces it (a
 *                 smaller value makes Linux build a limited dynamic window
 *                 instead of mapping all of RAM).
 * This bounds what a guest can make the host allocate for TCE tables.
 *
 * Checks a guest can no longer turn into an abort or a runaway allocation
 * (the base: undefined 1 << page_shift for shifts >= 64, a TCE count
 * truncated to 32 bits, tables of any size, a failing QOM cast when
 * removing a VIO LIOBN, reset with a 4th argument refused):
 *   - wrong numbers of arguments or results: RTAS parameter error (-3);
 *   - a page shift not offered (pgsz), a window smaller than a page or
 *     larger than the available block: -3;
 *   - remove of a LIOBN that is not a PCI window of a PHB: -3.
 * Removing a window that still holds valid TCEs is reported (the guest
 * forgot to clear it); removing the last window that is not the default
 * one restores the default window (LoPAR, as the base).
 *
 * Limited addressing (LoPAR 2.13; "ibm,ddw-extensions" index 3 says it is
 * supported; Linux limited_dma_window for DMA masks of 33..63 bits):
 * ibm,reset-pe-dma-window with a 4th argument of 1 resets the PE's windows
 * and puts the PE in limited addressing mode, where a new window starts at
 * 4 GiB (and must end below the MSI window); 0, or 3 arguments, leave it.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/pci/pci.h"
#include "hw/ppc/spapr.h"
#include "hw/pci-host/spapr.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "hw/ppc/fdt.h"
#include <libfdt.h>
#include "trace.h"

/* Where a window starts in limited addressing mode (LoPAR 2.13) */
#define DDW_LIMITED_START       (1ULL << 32)

typedef struct WindowUse {
    unsigned active;
    uint64_t tces;
    uint32_t free_liobn;
} WindowUse;

/* The PE's windows: how many are active, their TCEs, a free LIOBN */
static WindowUse window_use(SpaprPciPe *pe)
{
    WindowUse u = { 0 };
    int i;

    for (i = 0; i < SPAPR_PCI_PE_MAX_WINDOWS; i++) {
        SpaprTceTable *t = spapr_tce_find_by_liobn(pe->dma_liobn[i]);

        if (!t) {
            continue;
        }
        if (t->nb_table) {
            u.active++;
            u.tces += t->nb_table;
        } else if (!u.free_liobn || i) {
            /* a new window gets a LIOBN of its own, not the default one's */
            u.free_liobn = t->liobn;
        }
    }
    return u;
}

static uint64_t available_tces(SpaprPhbState *sphb, const WindowUse *u)
{
    return sphb->ddw_max_tces > u->tces ? sphb->ddw_max_tces - u->tces : 0;
}

static unsigned available_windows(SpaprPhbState *sphb, const WindowUse *u)
{
    unsigned max = MIN(sphb->ddw_windows, SPAPR_PCI_DMA_MAX_WINDOWS);

    return max > u->active ? max - u->active : 0;
}

/* RTAS_DDW_PGSIZE_* bits of the page sizes the PHB offers */
static uint32_t query_page_mask(uint64_t page_size_mask)
{
    static const struct {
        unsigned shift;
        uint32_t bit;
    } sizes[] = {
        { 12, RTAS_DDW_PGSIZE_4K }, { 16, RTAS_DDW_PGSIZE_64K },
        { 21, RTAS_DDW_PGSIZE_2M }, { 24, RTAS_DDW_PGSIZE_16M },
        { 25, RTAS_DDW_PGSIZE_32M }, { 26, RTAS_DDW_PGSIZE_64M },
        { 27, RTAS_DDW_PGSIZE_128M }, { 28, RTAS_DDW_PGSIZE_256M },
        { 34, RTAS_DDW_PGSIZE_16G },
    };
    uint32_t mask = 0;
    int i;

    for (i = 0; i < ARRAY_SIZE(sizes); i++) {
        if (page_size_mask & (1ULL << sizes[i].shift)) {
            mask |= sizes[i].bit;
        }
    }
    return mask;
}

static void ddw_refuse(target_ulong rets, const char *call, const char *why,
                       uint64_t a, uint64_t b, int status)
{
    pci_io_report(PCI_IO_REPORT_RTAS_REFUSED,
                  PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                  "%s: %s (0x%" PRIx64 ", 0x%" PRIx64
                  "): status %d\n", call, why, a, b, status);
    trace_spapr_ddw_refused(call, why, a, b, status);
    rtas_st(rets, 0, status);
}

/* The PE @config_addr names on the PHB of (BUID), NULL if none */
static SpaprPciPe *find_pe(SpaprMachineState *spapr, target_ulong args)
{
    uint64_t buid = ((uint64_t)rtas_ld(args, 1) << 32) | rtas_ld(args, 2);
    SpaprPciPe *pe = spapr_pci_pe_find(spapr, buid, rtas_ld(args, 0));

    return pe && pe->sphb->ddw_enabled ? pe : NULL;
}

/*
 * The common checks of the calls naming a PE: the numbers of arguments
 * and results (@counts_ok), then the PE.  Refuses and returns NULL.
 */
static SpaprPciPe *checked_pe(SpaprMachineState *spapr, const char *call,
                              bool counts_ok, uint32_t nargs, uint32_t nret,
                              target_ulong args, target_ulong rets)
{
    SpaprPciPe *pe;

    if (!counts_ok) {
        ddw_refuse(rets, call, "wrong number of arguments or results", nargs,
                   nret, RTAS_OUT_PARAM_ERROR);
        return NULL;
    }
    pe = find_pe(spapr, args);
    if (!pe) {
        ddw_refuse(rets, call, "no such PE (config address, BUID)",
                   rtas_ld(args, 0), rtas_ld(args, 2), RTAS_OUT_PARAM_ERROR);
    }
    return pe;
}

static void rtas_query_pe_dma_window(PowerPCCPU *cpu, SpaprMachineState *spapr,
                                     uint32_t token, uint32_t nargs,
                                     target_ulong args, uint32_t nret,
                                     target_ulong rets)
{
    const char *call = "ibm,query-pe-dma-window";
    SpaprPhbState *sphb;
    SpaprPciPe *pe;
    WindowUse u;
    uint64_t block;
    uint32_t pgmask;

    pe = checked_pe(spapr, call, nargs == 3 && (nret == 5 || nret == 6),
                    nargs, nret, args, rets);
    if (!pe) {
        return;
    }
    sphb = pe->sphb;
    u = window_use(pe);
    block = available_tces(sphb, &u);
    pgmask = query_page_mask(sphb->page_size_mask);
    rtas_st(rets, 0, RTAS_OUT_SUCCESS);
    rtas_st(rets, 1, available_windows(sphb, &u));
    if (nret == 6) {
        /* ibm,ddw-extensions: the largest block as two cells */
        rtas_st(rets, 2, block >> 32);
        rtas_st(rets, 3, (uint32_t)block);
        rtas_st(rets, 4, pgmask);
        rtas_st(rets, 5, 0);           /* DMA migration mask */
    } else {
        rtas_st(rets, 2, MIN(block, UINT32_MAX));
        rtas_st(rets, 3, pgmask);
        rtas_st(rets, 4, 0);
    }
    trace_spapr_ddw_query(sphb->buid, pe->devfn, available_windows(sphb, &u),
                          block, pgmask);
}

static void rtas_create_pe_dma_window(PowerPCCPU *cpu,
                                      SpaprMachineState *spapr,
                                      uint32_t token, uint32_t nargs,
                                      target_ulong args, uint32_t nret,
                                      target_ulong rets)
{
    const char *call = "ibm,create-pe-dma-window";
    uint32_t page_shift, window_shift;
    SpaprPhbState *sphb;
    SpaprPciPe *pe;
    SpaprTceTable *tcet;
    uint64_t tces, start;
    WindowUse u;

    pe = checked_pe(spapr, call, nargs == 5 && nret == 4, nargs, nret, args,
                    rets);
    if (!pe) {
        return;
    }
    sphb = pe->sphb;
    page_shift = rtas_ld(args, 3);
    window_shift = rtas_ld(args, 4);
    if (page_shift >= 64 || !(sphb->page_size_mask & (1ULL << page_shift))) {
        ddw_refuse(rets, call, "IO page size not offered", page_shift,
                   sphb->page_size_mask, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (window_shift < page_shift || window_shift - page_shift >= 63) {
        ddw_refuse(rets, call, "window smaller than a page or too large",
                   window_shift, page_shift, RTAS_OUT_PARAM_ERROR);
        return;
    }
    tces = 1ULL << (window_shift - page_shift);
    u = window_use(pe);
    if (!available_windows(sphb, &u) || !u.free_liobn) {
        ddw_refuse(rets, call, "no window available", u.active,
                   sphb->ddw_windows, RTAS_OUT_HW_ERROR);
        return;
    }
    if (tces > available_tces(sphb, &u) || tces > UINT32_MAX) {
        ddw_refuse(rets, call, "more TCEs than the largest available block",
                   tces, available_tces(sphb, &u), RTAS_OUT_PARAM_ERROR);
        return;
    }
    tcet = spapr_tce_find_by_liobn(u.free_liobn);
    if (!tcet) {
        ddw_refuse(rets, call, "no TCE table for the free LIOBN",
                   u.free_liobn, 0, RTAS_OUT_HW_ERROR);
        return;
    }
    start = u.active ? sphb->dma64_win_addr : sphb->dma_win_addr;
    if (pe->ddw_limited) {
        start = DDW_LIMITED_START;
        if ((1ULL << window_shift) > SPAPR_PCI_MSI_WINDOW - start) {
            ddw_refuse(rets, call, "limited addressing: the window would "
                       "reach the MSI window", window_shift,
                       SPAPR_PCI_MSI_WINDOW, RTAS_OUT_PARAM_ERROR);
            return;
        }
    }
    /* a new window is empty: no replay of its (possibly many) TCEs */
    tcet->skipping_replay = true;
    spapr_tce_table_enable(tcet, page_shift, start, tces);
    tcet->skipping_replay = false;
    if (!tcet->nb_table) {
        ddw_refuse(rets, call, "the TCE table could not be set up", tces, 0,
                   RTAS_OUT_HW_ERROR);
        return;
    }
    trace_spapr_iommu_ddw_create(sphb->buid, rtas_ld(args, 0),
                                 1ULL << page_shift, 1ULL << window_shift,
                                 tcet->bus_offset, tcet->liobn);
    rtas_st(rets, 0, RTAS_OUT_SUCCESS);
    rtas_st(rets, 1, tcet->liobn);
    rtas_st(rets, 2, tcet->bus_offset >> 32);
    rtas_st(rets, 3, (uint32_t)tcet->bus_offset);
}

static void rtas_remove_pe_dma_window(PowerPCCPU *cpu,
                                      SpaprMachineState *spapr,
                                      uint32_t token, uint32_t nargs,
                                      target_ulong args, uint32_t nret,
                                      target_ulong rets)
{
    const char *call = "ibm,remove-pe-dma-window";
    SpaprPhbState *sphb = NULL;
    SpaprTceTable *tcet = NULL;
    SpaprPciPe *pe = NULL;
    uint32_t liobn, i, valid = 0;
    bool was_default;

    if (nargs != 1 || nret != 1) {
        ddw_refuse(rets, call, "wrong number of arguments or results", nargs,
                   nret, RTAS_OUT_PARAM_ERROR);
        return;
    }
    liobn = rtas_ld(args, 0);
    if (SPAPR_IS_PCI_LIOBN(liobn)) {
        tcet = spapr_tce_find_by_liobn(liobn);
    }
    if (tcet) {
        sphb = (SpaprPhbState *)object_dynamic_cast(
            OBJECT(tcet)->parent, TYPE_SPAPR_PCI_HOST_BRIDGE);
    }
    if (sphb) {
        pe = spapr_pci_pe_by_liobn(sphb, liobn);
    }
    if (!pe || !sphb->ddw_enabled || !tcet->nb_table) {
        ddw_refuse(rets, call, "not an active PCI DMA window", liobn, 0,
                   RTAS_OUT_PARAM_ERROR);
        return;
    }
    for (i = 0; i < tcet->nb_table; i++) {
        valid += !!(tcet->table[i] & 3);
    }
    if (valid) {
        pci_io_report(PCI_IO_REPORT_WINDOW_IN_USE,
                      sphb->index, spapr_pci_pe_addr(pe),
                      "%s: LIOBN 0x%x still holds %u valid "
                      "TCEs: the window is removed with them (the guest did "
                      "not clear its mappings)\n", call, liobn, valid);
    }
    was_default = tcet->def_win;
    spapr_tce_table_disable(tcet);
    trace_spapr_iommu_ddw_remove(liobn);
    /* LoPAR: removing the last window, if not the default, restores it */
    if (!window_use(pe).active && !was_default) {
        spapr_pci_pe_dma_reset(pe);
        trace_spapr_iommu_ddw_reset(sphb->buid, 0);
    }
    rtas_st(rets, 0, RTAS_OUT_SUCCESS);
}

static void rtas_reset_pe_dma_window(PowerPCCPU *cpu, SpaprMachineState *spapr,
                                     uint32_t token, uint32_t nargs,
                                     target_ulong args, uint32_t nret,
                                     target_ulong rets)
{
    const char *call = "ibm,reset-pe-dma-window";
    uint32_t limited = 0;
    SpaprPciPe *pe;

    /* a 4th argument: the limited-addressing extension (LoPAR 2.13) */
    pe = checked_pe(spapr, call, (nargs == 3 || nargs == 4) && nret == 1,
                    nargs, nret, args, rets);
    if (!pe) {
        return;
    }
    if (nargs == 4) {
        limited = rtas_ld(args, 3);
        if (limited > 1) {
            ddw_refuse(rets, call, "limited addressing is 0 or 1", limited, 0,
                       RTAS_OUT_PARAM_ERROR);
            return;
        }
    }
    spapr_pci_pe_dma_reset(pe);
    pe->ddw_limited = limited;
    trace_spapr_iommu_ddw_reset(pe->sphb->buid, rtas_ld(args, 0));
    rtas_st(rets, 0, RTAS_OUT_SUCCESS);
}

/* ibm,ddw-applicable and ibm,ddw-extensions, on the node of a PE */
void spapr_ddw_dt(void *fdt, int offset)
{
    uint32_t applicable[] = {
        cpu_to_be32(RTAS_IBM_QUERY_PE_DMA_WINDOW),
        cpu_to_be32(RTAS_IBM_CREATE_PE_DMA_WINDOW),
        cpu_to_be32(RTAS_IBM_REMOVE_PE_DMA_WINDOW),
    };
    uint32_t extensions[] = {
        cpu_to_be32(3),
        cpu_to_be32(RTAS_IBM_RESET_PE_DMA_WINDOW),
        cpu_to_be32(1),     /* query with 6 outputs (PAPR 2.8) */
        cpu_to_be32(1),     /* limited addressing (LoPAR 2.13) */
    };

    _FDT(fdt_setprop(fdt, offset, "ibm,ddw-applicable", applicable,
                     sizeof(applicable)));
    _FDT(fdt_setprop(fdt, offset, "ibm,ddw-extensions", extensions,
                     sizeof(extensions)));
}

static void spapr_ddw_register(void)
{
    spapr_rtas_register(RTAS_IBM_QUERY_PE_DMA_WINDOW,
                        "ibm,query-pe-dma-window", rtas_query_pe_dma_window);
    spapr_rtas_register(RTAS_IBM_CREATE_PE_DMA_WINDOW,
                        "ibm,create-pe-dma-window",
                        rtas_create_pe_dma_window);
    spapr_rtas_register(RTAS_IBM_REMOVE_PE_DMA_WINDOW,
                        "ibm,remove-pe-dma-window",
                        rtas_remove_pe_dma_window);
    spapr_rtas_register(RTAS_IBM_RESET_PE_DMA_WINDOW,
                        "ibm,reset-pe-dma-window", rtas_reset_pe_dma_window);
}

type_init(spapr_ddw_register)
