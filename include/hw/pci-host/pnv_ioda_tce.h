/*
 * PowerNV IODA TCE translation engine, shared by the PHB generations
 *
 * What IODA2 (PHB3) and IODA3 (PHB4/5) share: a translation window per TVE,
 * either a multi-level TCE table or a non-translating (bypass) range; the
 * TCE format (RPN | W | R); the walk from the top level to the leaf; a TCE
 * cache that keeps serving a translation until software kills it; and the
 * classification of translation errors.  A PHB front end decodes its own
 * TVE layout into a PnvIodaWindow and hands every DMA to
 * pnv_ioda_tce_translate(); it turns its TCE kill register writes into
 * pnv_ioda_tce_kill_*() calls.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_IODA_TCE_H
#define HW_PCI_HOST_PNV_IODA_TCE_H

#include "qemu/bitops.h"
#include "exec/memory.h"

/* TCE permission bits (skiboot include/phb3.h TCE_R/TCE_W, Linux TCE_PCI_*) */
#define PNV_TCE_READ            0x1ULL
#define PNV_TCE_WRITE           0x2ULL
#define PNV_TCE_PERM_MASK       0x3ULL
#define PNV_TCE_RPN_MASK        0x00fffffffffff000ULL

/* IODA2/3 select the TVE of a PE with DMA address bit 59 */
#define PNV_IODA_WINDOW_BIT     59
#define PNV_IODA_MAX_LEVELS     5

typedef enum PnvIodaWindowType {
    PNV_IODA_WIN_INVALID,       /* no DMA possible through this TVE */
    PNV_IODA_WIN_TRANSLATE,     /* TCE table */
    PNV_IODA_WIN_BYPASS,        /* non-translate, bounded */
} PnvIodaWindowType;

/* A TVE as the front end decoded it */
typedef struct PnvIodaWindow {
    PnvIodaWindowType type;
    uint64_t tve;               /* raw, for reports */
    /* PNV_IODA_WIN_TRANSLATE */
    uint64_t table_addr;        /* top level, guest physical */
    unsigned levels;            /* 1..PNV_IODA_MAX_LEVELS */
    unsigned entries_shift;     /* log2(TCEs per level) */
    unsigned page_shift;        /* IO page size */
    /* PNV_IODA_WIN_BYPASS: [start, end) of the offset within the window */
    uint64_t bypass_start;
    uint64_t bypass_end;
    /* PNV_IODA_WIN_INVALID: why, for the report */
    const char *invalid_reason;
    /*
     * DMA address bits from here to 59 select the PE's TVE; the window
     * covers the bits below (0: PNV_IODA_WINDOW_BIT, two TVEs per PE)
     */
    unsigned sel_shift;
} PnvIodaWindow;

/*
 * The TVE as IODA2 and IODA3 both lay it out (skiboot IODA2_TVT_* and
 * IODA3_TVT_*): table address 0:47 (>> 12), levels - 1 in 48:50, TCE
 * table size 51:55 (2^(TTS + 8) TCEs per level), IO page size code 59:63
 * (page shift = code + 11); code 0 is non-translate, enabled by bit 51,
 * its bounds in 16 MB units: start bits 24:49 in TVE 52:53 || 0:23, end
 * in TVE 54:55 || 24:47 (phb3/phb4_map_pe_dma_window_real).  IODA3 adds
 * NON_TRANSLATE_50 (bit 56), which skiboot sets with bit 51.
 */
#define PNV_IODA_TVE_TABLE_ADDR         0xffffffffffff0000ULL
#define PNV_IODA_TVE_BYPASS_EN          (1ULL << (63 - 51))
#define PNV_IODA_TVE_NON_TRANSLATE_50   (1ULL << (63 - 56))
/* PHB_RTT_BAR's enable, bit 0 on both */
#define PNV_IODA_RTT_BAR_ENABLE         (1ULL << 63)
/* A bit for each IO page size code a PHB takes */
#define PNV_IODA_PSIZE(code)            (1u << (code))

/* Translation error causes (PEST0 cause names, skiboot phb3-regs.h) */
typedef enum PnvIodaFault {
    PNV_IODA_FAULT_NONE = 0,
    PNV_IODA_FAULT_INVALID_TVE,     /* TVE disabled or invalid encoding */
    PNV_IODA_FAULT_OUT_OF_WINDOW,   /* beyond the table's reach */
    PNV_IODA_FAULT_BYPASS_RANGE,    /* outside a bypass window's bounds */
    PNV_IODA_FAULT_BAD_ADDRESS,     /* stray upper address bits */
    PNV_IODA_FAULT_PAGE,            /* TCE page fault: TCE not valid */
    PNV_IODA_FAULT_ACCESS,          /* TCE access fault: R/W mismatch */
    PNV_IODA_FAULT_TABLE_READ,      /* the TCE fetch itself failed */
    PNV_IODA_FAULT_PE_FROZEN,       /* the PE is DMA-stopped (EEH) */
    PNV_IODA_FAULT__MAX,
} PnvIodaFault;

const char *pnv_ioda_fault_name(PnvIodaFault f);

/* The last translation error, for the PHB's error capture (EEH) */
typedef struct PnvIodaError {
    uint32_t cause;             /* PnvIodaFault */
    uint32_t pe;
    uint32_t rid;
    uint32_t is_write;
    uint64_t iova;
    uint64_t tve;
    uint64_t tce;               /* the faulting TCE, if one was read */
} PnvIodaError;

typedef struct PnvIodaTceStats {
    uint64_t translations;
    uint64_t hits;
    uint64_t misses;
    uint64_t kills;
    uint64_t invalidated;       /* entries dropped by kills */
    uint64_t evictions;         /* entries replaced to make room */
    uint64_t faults;
    uint64_t stale;             /* stale-TCE uses detected */
    uint64_t frozen;            /* accesses of frozen PEs refused */
} PnvIodaTceStats;

/* One cached leaf TCE */
typedef struct PnvIodaTceEntry {
    uint64_t page;              /* window offset >> page_shift */
    uint64_t tce;               /* may be invalid: a negative entry */
    uint64_t tve;               /* the TVE it was filled under */
    uint32_t pe;
    uint8_t window;             /* TVE of the PE: DMA address bit 59 */
    uint8_t page_shift;
    uint8_t valid;
    uint8_t pad;
} PnvIodaTceEntry;

/* The front end's error capture (EEH): told of each translation fault */
typedef void (*PnvIodaFaultFn)(void *opaque, PnvIodaFault f, uint32_t pe,
                               uint32_t rid, hwaddr addr, bool is_write);

/* The cache is set-associative: PNV_IODA_TCE_WAYS entries per set */
#define PNV_IODA_TCE_WAYS       4

typedef struct PnvIodaTce {
    Object *owner;              /* for reports */
    const char *name;
    int phb_index;              /* for reports (pci_io_report.h) */
    /* configuration */
    uint32_t cache_size;        /* entries; 0 = no TCE cache */
    bool stale_check;           /* compare each hit with memory */
    AddressSpace *table_as;     /* where TCE tables live */
    PnvIodaFaultFn fault_fn;    /* optional, after the fault is reported */
    void *fault_opaque;
    /* state */
    PnvIodaTceEntry *entries;   /* nr_sets * PNV_IODA_TCE_WAYS */
    uint32_t nr_sets;
    uint32_t nr_valid;
    uint8_t *victim;            /* next way to replace, per set */
    PnvIodaTceStats stats;
    PnvIodaError last_error;
    uint64_t error_count;
    PnvIodaError last_frozen;   /* the last refusal reported */
    PnvIodaError last_stale;    /* the last faulting stale use reported */
    uint64_t piece_addr;        /* the last faulting piece (same_event) */
    uint64_t piece_seq;         /* stats.translations at that piece */
    /* migration: the cache as a flat array */
    int32_t mig_nr;
    PnvIodaTceEntry *mig_entries;
    /*
     * The RTT cache (the PE each requester resolved to) across migration:
     * RID << 16 | PE, filled by the front end before saving, consumed by
     * its PE lookups after loading (pnv_ioda_rtc_*)
     */
    uint32_t rtc_nr;
    uint32_t *rtc;
} PnvIodaTce;

/*
 * Decode a TVE: @psizes the IO page size codes the PHB takes (@psize_text
 * names them for the report), @nt50 whether a non-translate TVE needs
 * NON_TRANSLATE_50 (IODA3).  Inline: every translation decodes its TVE.
 */
static inline void pnv_ioda_decode_tve(uint64_t tve, uint32_t psizes,
                                       const char *psize_text, bool nt50,
                                       PnvIodaWindow *win)
{
    unsigned psize = extract64(tve, 0, 5);
    unsigned tts = extract64(tve, 8, 5);
    unsigned lev = extract64(tve, 13, 3);

    memset(win, 0, sizeof(*win));
    win->tve = tve;
    win->type = PNV_IODA_WIN_INVALID;
    if (psize == 0) {
        if (!(tve & PNV_IODA_TVE_BYPASS_EN)) {
            win->invalid_reason = tve ? "non-translate TVE without bit 51"
                                      : "TVE disabled";
            return;
        }
        if (nt50 && !(tve & PNV_IODA_TVE_NON_TRANSLATE_50)) {
            /* skiboot always sets it; the other mode is not public */
            win->invalid_reason = "non-translate TVE without "
                                  "NON_TRANSLATE_50 (not modelled)";
            return;
        }
        win->type = PNV_IODA_WIN_BYPASS;
        win->bypass_start = (extract64(tve, 40, 24) << 24) |
                            (extract64(tve, 10, 2) << 48);
        win->bypass_end = (extract64(tve, 16, 24) << 24) |
                          (extract64(tve, 8, 2) << 48);
        return;
    }
    if (!(psizes & PNV_IODA_PSIZE(psize))) {
        win->invalid_reason = psize_text;
        return;
    }
    if (tts == 0) {
        win->invalid_reason = "TCE table size 0";
        return;
    }
    if (lev + 1 > PNV_IODA_MAX_LEVELS) {
        win->invalid_reason = "more than 5 levels";
        return;
    }
    win->type = PNV_IODA_WIN_TRANSLATE;
    win->table_addr = (tve & PNV_IODA_TVE_TABLE_ADDR) >> 4;
    win->levels = lev + 1;
    win->entries_shift = tts + 8;
    win->page_shift = psize + 11;
}

/*
 * The PE of requester @rid through the RTT at @rtt_bar (enable bit 0,
 * base under @base_mask; two bytes per RID), the migrated RTC first
 * (pnv_ioda_rtc_restore).  False, with a report, when the PHB has no PE
 * for it: the access is dropped.
 */
bool pnv_ioda_rtt_lookup(PnvIodaTce *t, uint64_t rtt_bar, uint64_t base_mask,
                         uint16_t rid, uint32_t num_pes, uint32_t *pe);

/* IOMMU notifiers: a replayed valid TCE (a PnvIodaLeafFn, @n the notifier) */
void pnv_ioda_notify_replay_leaf(void *n, hwaddr iova, hwaddr mask,
                                 uint64_t tce);
/* ... and the unmap a kill means for the devices caching translations */
void pnv_ioda_notify_unmap(IOMMUMemoryRegion *mr, hwaddr iova, hwaddr mask);

void pnv_ioda_tce_init(PnvIodaTce *t, Object *owner, const char *name,
                       AddressSpace *table_as);
void pnv_ioda_tce_finalize(PnvIodaTce *t);
void pnv_ioda_tce_reset(PnvIodaTce *t);

/*
 * Translate one DMA access of @rid in @pe through @win (the TVE selected
 * by address bit 59); *@fault is the fault or PNV_IODA_FAULT_NONE.  @flag
 * is the access (IOMMU_RO read, IOMMU_WO write); IOMMU_NONE asks for the
 * mapping without an access (notifier replay).  On a fault the result has
 * IOMMU_NONE permission, and the error is recorded, counted, traced and
 * logged as a guest error, then handed to fault_fn.  (The entry is
 * returned, not written through a pointer: a front end that returns it as
 * it is, with fault_fn for its error capture, copies nothing.)
 */
IOMMUTLBEntry pnv_ioda_tce_translate(PnvIodaTce *t, const PnvIodaWindow *win,
                                     uint32_t pe, uint32_t rid, hwaddr addr,
                                     IOMMUAccessFlags flag,
                                     PnvIodaFault *fault);

/* Record and report a fault the front end found before the walk */
void pnv_ioda_tce_report_fault(PnvIodaTce *t, const PnvIodaWindow *win,
                               PnvIodaFault f, uint32_t pe, uint32_t rid,
                               hwaddr addr, bool is_write, uint64_t tce);

/*
 * An access of a frozen (DMA-stopped) PE, or of any PE of a fenced PHB
 * (@fenced): refused, counted, reported
 */
void pnv_ioda_tce_report_frozen(PnvIodaTce *t, uint32_t pe, uint32_t rid,
                                hwaddr addr, bool is_write, bool fenced);

/*
 * Call @fn for every valid leaf TCE of @win, visiting at most @budget
 * table entries (a guest can make its tables alias each other).  Returns
 * false if the budget ran out.
 */
typedef void (*PnvIodaLeafFn)(void *opaque, hwaddr iova, hwaddr mask,
                              uint64_t tce);
bool pnv_ioda_tce_walk_all(PnvIodaTce *t, const PnvIodaWindow *win,
                           uint64_t window_base, uint64_t budget,
                           PnvIodaLeafFn fn, void *opaque);

/* TCE kill: everything, one PE, or the page holding @addr in @pe */
void pnv_ioda_tce_kill_all(PnvIodaTce *t);
void pnv_ioda_tce_kill_pe(PnvIodaTce *t, uint32_t pe);
void pnv_ioda_tce_kill_page(PnvIodaTce *t, uint32_t pe, uint64_t addr);
/*
 * Kill the IO page of size 1 << @shift holding @addr in @pe (IODA3), the
 * TVE being selected from bit @sel up (PnvIodaWindow.sel_shift)
 */
void pnv_ioda_tce_kill_page_size(PnvIodaTce *t, uint32_t pe, uint64_t addr,
                                 unsigned shift, unsigned sel);

/*
 * The RTT cache across migration.  Before saving, the front end records
 * each requester's cached PE (pnv_ioda_rtc_save); after loading, a PE
 * lookup that finds no cached PE takes the migrated one first
 * (pnv_ioda_rtc_restore), so an RTT entry changed without an RTC
 * invalidate is still not seen; an invalidate forgets migrated entries too.
 */
void pnv_ioda_rtc_save(PnvIodaTce *t, uint16_t rid, uint32_t pe);
bool pnv_ioda_rtc_restore(PnvIodaTce *t, uint16_t rid, uint32_t *pe);
/* Forget the migrated entry of @rid, or all of them when @all */
void pnv_ioda_rtc_forget(PnvIodaTce *t, bool all, uint16_t rid);

/* The reach of a translated window, in bytes (0 if it is not one) */
uint64_t pnv_ioda_window_size(const PnvIodaWindow *win);

/* The engine's state: the cache contents, the statistics, the last error */
extern const VMStateDescription vmstate_pnv_ioda_tce;

void pnv_ioda_tce_print_stats(PnvIodaTce *t, GString *buf);
/* One valid TVE for "info pnv-phb": PE, its TVE number, raw, decoded */
void pnv_ioda_window_print(GString *buf, uint32_t pe, unsigned n,
                           const PnvIodaWindow *win);

/* Read-only QOM counters on @obj (tce-cache-hits, tce-stale-uses, ...) */
void pnv_ioda_tce_add_properties(PnvIodaTce *t, Object *obj);

#endif
