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
 *   ddw-max-tces  TCEs the PE may hold in all its windows; create enforces
 *                 it (a smaller value makes Linux build a limited dynamic
 *                 window instead of mapping all of RAM).
 * This bounds what a guest can make the host allocate for TCE tables.
 *
 * The largest block ibm,query-pe-dma-window reports is the largest window
 * a create would grant at the largest page size offered: what the active
 * windows leave, rounded down to a power of two (a window is 2^n bytes of
 * 2^p-byte pages, LoPAR create "Requested Window Size", so it holds a
 * power-of-two number of TCEs), and as much as fits where the window would
 * go.  LoPAR query R2: the TCEs reported must be available to a later
 * create.  Linux's enable_ddw sizes its window as order_base_2(block <<
 * page shift), which rounds up: a block that is not a power of two would
 * make it ask for more than the PE has.
 *
 * Windows and LIOBNs (LoPAR DDW R4-R6, remove-pe-dma-window R3/R4): a new
 * window takes a LIOBN of the PE other than the default window's, so that
 * the default window comes back with its own LIOBN, bus address and size
 * when the last remaining window is removed and it is not the default one.
 * A new window goes where the default window lies if no window is active
 * (as the base), else at dma64_win_addr or the first free place above it;
 * never over another window of the PE or an MSI window.  LoPAR gives no
 * rule for either (create returns them).
 *
 * Refusals (LoPAR create software note: too large, or more windows than
 * possible, is -3).
 *
 * Checks a guest can no longer turn into an abort or a runaway allocation
 * (the base: undefined 1 << page_shift for shifts >= 64, a TCE count
 * truncated to 32 bits, tables of any size, a failing QOM cast when
 * removing a VIO LIOBN, reset with a 4th argument refused):
 *   - wrong numbers of arguments or results: RTAS parameter error (-3);
 *   - a page shift not offered (pgsz), a window smaller than a page,
 *     larger than the available TCEs, or with no room in the bus address
 *     space: -3; no window available: -3;
 *   - remove of a LIOBN that is not a PCI window of a PHB: -3.
 * Removing a window that still holds valid TCEs is reported (the guest
 * forgot to clear it).
 *
 * Limited addressing (LoPAR 2.13; "ibm,ddw-extensions" index 3 says it is
 * supported; Linux limited_dma_window for DMA masks of 33..63 bits):
 * ibm,reset-pe-dma-window with a 4th argument of 1 resets the PE's windows
 * and puts the PE in limited addressing mode, where a new window starts at
 * 4 GiB or above and must end below the MSI window; 0, or 3 arguments,
 * leave it.  The largest block query reports is then what fits there.
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
#include "hw/ppc/spapr_pci_msi.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "hw/ppc/fdt.h"
#include "qemu/host-utils.h"
#include <libfdt.h>
#include "trace.h"

/* Where a window starts in limited addressing mode (LoPAR 2.13) */
#define DDW_LIMITED_START       (1ULL << 32)

/* Where a window in limited addressing mode may lie (LoPAR 2.13) */
#define DDW_LIMITED_LAST        (SPAPR_PCI_MSI_WINDOW - 1)

/* Bus address ranges no window may cover: the MSI windows */
static const uint64_t msi_windows[] = {
    SPAPR_PCI_MSI_WINDOW, SPAPR_PCI_MSI32_WINDOW,
};

typedef struct WindowUse {
    bool msi32;                 /* the PHB decodes 32-bit MSIs */
    unsigned active;
    uint64_t tces;
    uint32_t free_liobn;
    uint64_t start[SPAPR_PCI_PE_MAX_WINDOWS];   /* of the active windows */
    uint64_t size[SPAPR_PCI_PE_MAX_WINDOWS];
} WindowUse;

/* The PE's windows: how many are active, their TCEs and places, a LIOBN */
static WindowUse window_use(SpaprPciPe *pe)
{
    WindowUse u = { .msi32 = spapr_pci_msi32_available(pe->sphb) };
    int i;

    for (i = 0; i < SPAPR_PCI_PE_MAX_WINDOWS; i++) {
        SpaprTceTable *t = spapr_tce_find_by_liobn(pe->dma_liobn[i]);

        if (!t) {
            continue;
        }
        if (t->nb_table) {
            u.start[u.active] = t->bus_offset;
            u.size[u.active] = t->nb_table << t->page_shift;
            u.active++;
            u.tces += t->nb_table;
        } else if (i && !u.free_liobn) {
            /* never the default window's (LoPAR remove-pe-dma-window R4) */
            u.free_liobn = t->liobn;
        }
    }
    return u;
}

/* Do [a, a + alen) and [b, b + blen) overlap (lengths not 0, no wrap) */
static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a >= b ? a - b < blen : b - a < alen;
}

/*
 * Can a window of @size bytes start at @start: no further than @last, and
 * clear of the PE's active windows and of the MSI windows
 */
static bool window_fits(const WindowUse *u, uint64_t start, uint64_t size,
                        uint64_t last)
{
    unsigned i;

    if (start > last || size - 1 > last - start) {
        return false;
    }
    for (i = 0; i < u->active; i++) {
        if (overlap(start, size, u->start[i], u->size[i])) {
            return false;
        }
    }
    for (i = 0; i < ARRAY_SIZE(msi_windows); i++) {
        if ((u->msi32 || msi_windows[i] != SPAPR_PCI_MSI32_WINDOW) &&
            overlap(start, size, msi_windows[i], SPAPR_PCI_MSI_RESERVED)) {
            return false;
        }
    }
    return true;
}

/*
 * The lowest start from @lo on, aligned to @align, for a window of @size
 * bytes that fits (window_fits): @lo itself or just past an obstacle
 */
static bool window_slide(const WindowUse *u, uint64_t size, uint64_t align,
                         uint64_t lo, uint64_t last, uint64_t *start)
{
    uint64_t cand[1 + SPAPR_PCI_PE_MAX_WINDOWS + ARRAY_SIZE(msi_windows)];
    unsigned n = 0, i;
    bool found = false;

    cand[n++] = lo;
    for (i = 0; i < u->active; i++) {
        cand[n++] = u->start[i] + u->size[i];
    }
    for (i = 0; i < ARRAY_SIZE(msi_windows); i++) {
        cand[n++] = msi_windows[i] + SPAPR_PCI_MSI_RESERVED;
    }
    for (i = 0; i < n; i++) {
        uint64_t c = cand[i];

        if (c < lo || c > UINT64_MAX - (align - 1)) {
            continue;           /* below @lo, or an end at 2^64 */
        }
        c = ROUND_UP(c, align);
        if ((!found || c < *start) && window_fits(u, c, size, last)) {
            *start = c;
            found = true;
        }
    }
    return found;
}

/* Where a new window of @size bytes of @align-byte pages goes, if it can */
static bool window_place(SpaprPciPe *pe, const WindowUse *u, uint64_t size,
                         uint64_t align, uint64_t *start)
{
    SpaprPhbState *sphb = pe->sphb;

    if (pe->ddw_limited) {
        /* LoPAR 2.13 (Linux limited_dma_window): over 4 GiB */
        return window_slide(u, size, align, DDW_LIMITED_START,
                            DDW_LIMITED_LAST, start);
    }
    /* the base's places: the default window's if none is active ... */
    if (!u->active && !(sphb->dma_win_addr & (align - 1)) &&
        window_fits(u, sphb->dma_win_addr, size, UINT64_MAX)) {
        *start = sphb->dma_win_addr;
        return true;
    }
    /* ... else the 64-bit window's, or the first free place above it */
    return window_slide(u, size, align, sphb->dma64_win_addr, UINT64_MAX,
                        start);
}

static uint64_t available_tces(SpaprPhbState *sphb, const WindowUse *u)
{
    return sphb->ddw_max_tces > u->tces ? sphb->ddw_max_tces - u->tces : 0;
}

/*
 * The largest block query reports: the TCEs of the largest window a
 * create at the largest page size offered would grant (see the top)
 */
static uint64_t largest_block(SpaprPciPe *pe, const WindowUse *u)
{
    SpaprPhbState *sphb = pe->sphb;
    uint64_t tces, start;
    unsigned shift;

    if (!sphb->page_size_mask) {
        return 0;
    }
    shift = 63 - clz64(sphb->page_size_mask);
    for (tces = pow2floor(available_tces(sphb, u)); tces; tces >>= 1) {
        if (tces <= (UINT64_MAX >> shift) &&
            window_place(pe, u, tces << shift, 1ULL << shift, &start)) {
            break;
        }
    }
    return tces;
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
    block = largest_block(pe, &u);
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
    if (window_shift < page_shift || window_shift >= 64) {
        ddw_refuse(rets, call, "window smaller than a page or too large",
                   window_shift, page_shift, RTAS_OUT_PARAM_ERROR);
        return;
    }
    tces = 1ULL << (window_shift - page_shift);
    u = window_use(pe);
    /* LoPAR create software note: more windows than possible is -3 */
    if (!available_windows(sphb, &u)) {
        ddw_refuse(rets, call, "no window available", u.active,
                   sphb->ddw_windows, RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (tces > available_tces(sphb, &u) || tces > UINT32_MAX) {
        ddw_refuse(rets, call, "more TCEs than the largest available block",
                   tces, available_tces(sphb, &u), RTAS_OUT_PARAM_ERROR);
        return;
    }
    if (!window_place(pe, &u, 1ULL << window_shift, 1ULL << page_shift,
                      &start)) {
        ddw_refuse(rets, call, pe->ddw_limited ?
                   "limited addressing: no room between 4 GiB and the MSI "
                   "window" : "no room for the window in the bus space",
                   window_shift, u.active, RTAS_OUT_PARAM_ERROR);
        return;
    }
    tcet = spapr_tce_find_by_liobn(u.free_liobn);
    if (!tcet) {
        ddw_refuse(rets, call, "no TCE table for a new window",
                   u.free_liobn, 0, RTAS_OUT_HW_ERROR);
        return;
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
    spapr_tce_table_disable(tcet);
    trace_spapr_iommu_ddw_remove(liobn);
    /*
     * LoPAR remove-pe-dma-window R3/R4: removing the last window, if it is
     * not the default one, restores the default window (same LIOBN,
     * location and size); no other window ever has its LIOBN
     */
    if (!window_use(pe).active && liobn != pe->dma_liobn[0]) {
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
