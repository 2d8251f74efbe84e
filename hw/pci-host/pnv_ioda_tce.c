/*
 * PowerNV IODA TCE translation engine, shared by the PHB generations
 *
 * Sources for the behaviour modelled here:
 *  - TCE format and walk: skiboot include/phb3.h (TCE_R/TCE_W),
 *    hw/phb3.c phb3_map_pe_dma_window (levels, TTS, IO page size), Linux
 *    arch/powerpc/platforms/powernv/pci-ioda-tce.c pnv_tce() (every level
 *    indexed by the same number of address bits; indirect TCEs carry R|W).
 *  - Window bounds: a table reaches entries^levels IO pages; hardware does
 *    not wrap an index into the table, a DMA beyond it is an error.
 *  - TCE cache: the PHB caches TCEs and keeps using a cached one until a
 *    TCE kill names it (Linux pnv_pci_phb3_tce_invalidate[_pe] writes a
 *    kill after every map/unmap for exactly that reason).
 *
 * Not modelled: the hardware cache's geometry.  Here it is 4-way set
 * associative with round-robin replacement, cache_size entries in all
 * (default larger than silicon's, so that a stale TCE stays in use until
 * it is killed, as hardware allows, instead of falling out by chance).
 *
 * Negative entries: an invalid leaf TCE a device access fetched is cached
 * like a valid one, and keeps faulting until a kill names it.  skiboot
 * enables DMA address speculation (hw/phb3.c Init_141, PHB_TCE_SPEC_CTL),
 * so silicon may hold an invalid TCE it fetched ahead of the DMA, and
 * Linux kills after every map (pnv_ioda2_tce_build) for that reason.  The
 * speculative fetch itself is not modelled: only a TCE a DMA touched is
 * held.  Each entry remembers the TVE it was filled under; the stale-TCE
 * check reports a TVE reprogrammed without a kill (skiboot
 * phb3_map_pe_dma_window does not kill, Linux's
 * pnv_pci_ioda_dma_64bit_bypass rewrites TVE#0 without one).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "system/dma.h"
#include "migration/vmstate.h"
#include "qom/object.h"
#include "hw/pci-host/pnv_ioda_tce.h"
#include "trace.h"

/* IO page sizes a kill-one-page may refer to (IODA2 and IODA3) */
static const unsigned kill_page_shifts[] = { 12, 16, 21, 24, 28, 30 };

static const char *const fault_names[PNV_IODA_FAULT__MAX] = {
    [PNV_IODA_FAULT_NONE] = "none",
    [PNV_IODA_FAULT_INVALID_TVE] = "invalid TVE",
    [PNV_IODA_FAULT_OUT_OF_WINDOW] = "DMA beyond the TCE table's window",
    [PNV_IODA_FAULT_BYPASS_RANGE] = "DMA outside the bypass window",
    [PNV_IODA_FAULT_BAD_ADDRESS] = "stray upper DMA address bits",
    [PNV_IODA_FAULT_PAGE] = "TCE page fault (TCE not valid)",
    [PNV_IODA_FAULT_ACCESS] = "TCE access fault (permission)",
    [PNV_IODA_FAULT_TABLE_READ] = "TCE fetch failed",
    [PNV_IODA_FAULT_PE_FROZEN] = "PE frozen (DMA stopped)",
};

const char *pnv_ioda_fault_name(PnvIodaFault f)
{
    return f < PNV_IODA_FAULT__MAX ? fault_names[f] : "?";
}

static uint32_t tce_set(const PnvIodaTce *t, uint32_t pe, uint32_t window,
                        unsigned page_shift, uint64_t page)
{
    /* consecutive pages of a PE land in consecutive sets */
    uint64_t h = page + pe * 0x9e3779b1ULL + window * 0x85ebca6bULL +
                 page_shift * 0xc2b2ae35ULL;

    /* the default geometry has a power of two sets: no division */
    if (!(t->nr_sets & (t->nr_sets - 1))) {
        return h & (t->nr_sets - 1);
    }
    return h % t->nr_sets;
}

static PnvIodaTceEntry *tce_lookup(PnvIodaTce *t, uint32_t pe,
                                   uint32_t window, unsigned page_shift,
                                   uint64_t page)
{
    PnvIodaTceEntry *e;
    int w;

    if (!t->nr_sets) {
        return NULL;
    }
    e = &t->entries[tce_set(t, pe, window, page_shift, page) *
                    PNV_IODA_TCE_WAYS];
    for (w = 0; w < PNV_IODA_TCE_WAYS; w++, e++) {
        if (e->valid && e->page == page && e->pe == pe &&
            e->window == window && e->page_shift == page_shift) {
            return e;
        }
    }
    return NULL;
}

static void tce_invalidate(PnvIodaTce *t, PnvIodaTceEntry *e)
{
    e->valid = 0;
    t->nr_valid--;
    t->stats.invalidated++;
}

void pnv_ioda_tce_init(PnvIodaTce *t, Object *owner, const char *name,
                       AddressSpace *table_as)
{
    t->owner = owner;
    t->name = name;
    t->table_as = table_as;
    t->nr_sets = t->cache_size / PNV_IODA_TCE_WAYS;
    t->entries = g_new0(PnvIodaTceEntry, t->nr_sets * PNV_IODA_TCE_WAYS);
    t->victim = g_new0(uint8_t, t->nr_sets);
}

void pnv_ioda_tce_finalize(PnvIodaTce *t)
{
    g_free(t->entries);
    t->entries = NULL;
    g_free(t->victim);
    t->victim = NULL;
    g_free(t->mig_entries);
    t->mig_entries = NULL;
    g_free(t->rtc);
    t->rtc = NULL;
    t->rtc_nr = 0;
}

static void tce_clear(PnvIodaTce *t)
{
    if (t->nr_sets) {
        memset(t->entries, 0,
               sizeof(*t->entries) * t->nr_sets * PNV_IODA_TCE_WAYS);
        memset(t->victim, 0, t->nr_sets);
    }
    t->nr_valid = 0;
}

void pnv_ioda_tce_reset(PnvIodaTce *t)
{
    tce_clear(t);
    memset(&t->stats, 0, sizeof(t->stats));
    memset(&t->last_error, 0, sizeof(t->last_error));
    memset(&t->last_frozen, 0, sizeof(t->last_frozen));
    memset(&t->last_stale, 0, sizeof(t->last_stale));
    t->error_count = 0;
    pnv_ioda_rtc_forget(t, true, 0);
}

/* The lowest DMA address bit selecting the TVE (IODA3: PHB_CTRLR) */
static unsigned sel_shift(const PnvIodaWindow *win)
{
    return win->sel_shift ? win->sel_shift : PNV_IODA_WINDOW_BIT;
}

uint64_t pnv_ioda_window_size(const PnvIodaWindow *win)
{
    unsigned bits;

    if (win->type != PNV_IODA_WIN_TRANSLATE) {
        return 0;
    }
    bits = win->entries_shift * win->levels + win->page_shift;
    return bits >= sel_shift(win) ? 1ULL << sel_shift(win) : 1ULL << bits;
}

/* The offset of @addr within the window its TVE covers */
static uint64_t window_offset(const PnvIodaWindow *win, hwaddr addr)
{
    return addr & ((1ULL << sel_shift(win)) - 1);
}

/* Which of its PE's TVEs @addr selects (bit 59 for two per PE) */
static uint32_t window_index(const PnvIodaWindow *win, hwaddr addr)
{
    return extract64(addr, sel_shift(win), 60 - sel_shift(win));
}

/*
 * Walk the table for the leaf TCE of @offset.  Returns a fault if an
 * indirect level is not valid or a fetch fails; the leaf is not checked.
 */
static PnvIodaFault tce_walk(PnvIodaTce *t, const PnvIodaWindow *win,
                             uint64_t offset, uint64_t *tce_out)
{
    uint64_t base = win->table_addr;
    uint64_t mask = (1ULL << win->entries_shift) - 1;
    int lev;

    for (lev = win->levels - 1; lev >= 0; lev--) {
        unsigned shift = win->page_shift + win->entries_shift * lev;
        /*
         * The index is ORed into the level's address, as hardware does.
         * Upper levels of a table that reaches beyond 64 bits index with
         * address bits that do not exist: index 0.
         */
        uint64_t idx = shift < 64 ? (offset >> shift) & mask : 0;
        uint64_t slot = base | (8 * idx);
        MemTxResult r;
        /*
         * One aligned big-endian load: the value and result
         * dma_memory_read() gives, without its barrier and byte copy (the
         * DMA being translated passed its own barrier, dma_memory_rw(),
         * before the memory core asked for the translation)
         */
        uint64_t tce = address_space_ldq_be(t->table_as, slot,
                                            MEMTXATTRS_UNSPECIFIED, &r);

        if (r != MEMTX_OK) {
            *tce_out = slot;
            return PNV_IODA_FAULT_TABLE_READ;
        }
        *tce_out = tce;
        trace_pnv_ioda_tce_fetch(lev, slot, tce);
        if (lev == 0) {
            return PNV_IODA_FAULT_NONE;
        }
        /* indirect TCEs must allow both (Linux pnv_tce sets R|W) */
        if ((tce & PNV_TCE_PERM_MASK) != PNV_TCE_PERM_MASK) {
            return PNV_IODA_FAULT_PAGE;
        }
        base = tce & PNV_TCE_RPN_MASK;
    }
    g_assert_not_reached();
}

static PnvIodaFault tce_check_leaf(uint64_t tce, IOMMUAccessFlags flag)
{
    if (!(tce & PNV_TCE_PERM_MASK)) {
        return PNV_IODA_FAULT_PAGE;
    }
    if (((flag & IOMMU_RO) && !(tce & PNV_TCE_READ)) ||
        ((flag & IOMMU_WO) && !(tce & PNV_TCE_WRITE))) {
        return PNV_IODA_FAULT_ACCESS;
    }
    return PNV_IODA_FAULT_NONE;
}

/*
 * The memory core retries a failed access in small pieces, each one
 * translated again: the pieces of one access to one page are the same
 * event as the last one reported in @e.
 */
static bool same_event(const PnvIodaError *e, uint32_t cause, uint32_t pe,
                       uint32_t rid, bool is_write, hwaddr addr)
{
    return e->cause == cause && e->pe == pe && e->rid == rid &&
           e->is_write == is_write && (e->iova >> 12) == (addr >> 12);
}

void pnv_ioda_tce_report_fault(PnvIodaTce *t, const PnvIodaWindow *win,
                               PnvIodaFault f, uint32_t pe, uint32_t rid,
                               hwaddr addr, bool is_write, uint64_t tce)
{
    PnvIodaError *e = &t->last_error;
    /*
     * The memory core retries a failed access in pieces of at most 8
     * bytes, each translated at once after the one before: only those
     * continue the last fault.  A new access that fails the same way on
     * the same page (the device retried, the PE was thawed) is a new
     * error; one that reused the old report went unreported and uncounted
     * (issue #13 item 11, qtest pnv-phb3/torture/unmap-race).
     */
    bool piece = same_event(e, f, pe, rid, is_write, addr) &&
                 addr > t->piece_addr && addr - t->piece_addr <= 8 &&
                 t->stats.translations - t->piece_seq <= 1;

    t->stats.faults++;
    t->piece_addr = addr;
    t->piece_seq = t->stats.translations;
    if (piece) {
        return;
    }
    e->cause = f;
    e->pe = pe;
    e->rid = rid;
    e->is_write = is_write;
    e->iova = addr;
    e->tve = win->tve;
    e->tce = tce;
    t->error_count++;
    trace_pnv_ioda_tce_fault(t->name, pe, rid, addr, is_write, f, win->tve,
                             tce);
    pci_io_report(PCI_IO_REPORT_DMA_FAULT, t->phb_index, pe,
                  "%s: PE#%u RID %02x:%02x.%x: DMA %s at IOVA 0x%" PRIx64
                  ": %s%s%s (TVE#%u 0x%016" PRIx64 ", TCE 0x%016" PRIx64
                  "); hardware fails the access and freezes the PE\n",
                  t->name, pe, rid >> 8, (rid >> 3) & 0x1f, rid & 7,
                  is_write ? "write" : "read", (uint64_t)addr,
                  pnv_ioda_fault_name(f),
                  win->invalid_reason ? ": " : "",
                  win->invalid_reason ? win->invalid_reason : "",
                  window_index(win, addr), win->tve,
                  tce);
}

void pnv_ioda_tce_report_frozen(PnvIodaTce *t, uint32_t pe, uint32_t rid,
                                hwaddr addr, bool is_write, bool fenced)
{
    PnvIodaError *e = &t->last_frozen;

    t->stats.frozen++;
    if (same_event(e, PNV_IODA_FAULT_PE_FROZEN, pe, rid, is_write, addr)) {
        return;
    }
    *e = (PnvIodaError) {
        .cause = PNV_IODA_FAULT_PE_FROZEN, .pe = pe, .rid = rid,
        .is_write = is_write, .iova = addr,
    };
    trace_pnv_ioda_tce_frozen(t->name, pe, rid, addr, is_write);
    pci_io_report(fenced ? PCI_IO_REPORT_PHB_FENCED : PCI_IO_REPORT_PE_FROZEN,
                  t->phb_index, pe,
                  "%s: PE#%u RID %02x:%02x.%x: %s at 0x%" PRIx64 " refused: "
                  "%s\n", t->name, pe, rid >> 8, (rid >> 3) & 0x1f, rid & 7,
                  is_write ? "DMA write or MSI" : "DMA read", (uint64_t)addr,
                  fenced ? "the PHB is fenced (no DMA, MSI, MMIO or config "
                  "until a complete reset)" :
                  "the PE is frozen (DMA stopped, EEH); it stays refused "
                  "until the freeze is cleared");
}

static void cache_insert(PnvIodaTce *t, uint32_t pe, uint32_t window,
                         unsigned page_shift, uint64_t page, uint64_t tce,
                         uint64_t tve)
{
    uint32_t set;
    PnvIodaTceEntry *ways, *e = NULL;
    int w;

    if (!t->nr_sets) {
        return;
    }
    set = tce_set(t, pe, window, page_shift, page);
    ways = &t->entries[set * PNV_IODA_TCE_WAYS];
    for (w = 0; w < PNV_IODA_TCE_WAYS && !e; w++) {
        if (!ways[w].valid) {
            e = &ways[w];
        }
    }
    if (!e) {
        e = &ways[t->victim[set]];
        t->victim[set] = (t->victim[set] + 1) % PNV_IODA_TCE_WAYS;
        t->stats.evictions++;
    } else {
        t->nr_valid++;
    }
    *e = (PnvIodaTceEntry) {
        .page = page, .tce = tce, .tve = tve, .pe = pe, .window = window,
        .page_shift = page_shift, .valid = 1,
    };
}

/*
 * A cached entry filled under another TVE than the current one: the TVE
 * was reprogrammed without a TCE kill.  @used: the model translates
 * through the entry (same IO page size), else through the new TVE.
 */
static void stale_tve(PnvIodaTce *t, const PnvIodaWindow *win,
                      const PnvIodaTceEntry *e, uint32_t rid, hwaddr addr,
                      bool is_write, bool used)
{
    uint32_t tve_index = (e->pe << (60 - sel_shift(win))) + e->window;

    t->stats.stale++;
    trace_pnv_ioda_tce_stale_tve(t->name, e->pe, rid, addr, tve_index, e->tve,
                                 win->tve);
    pci_io_report(PCI_IO_REPORT_STALE_TCE, t->phb_index, e->pe,
                  "%s: stale TCE %s: PE#%u RID %02x:%02x.%x DMA %s at IOVA "
                  "0x%" PRIx64 ": TVE#%u (window %u) was 0x%016" PRIx64
                  " when the cache took TCE 0x%016" PRIx64 " and is now "
                  "0x%016" PRIx64 ": the TVE was reprogrammed without a TCE "
                  "kill; hardware may keep using the cached TCE until it is "
                  "killed%s (kernel bug)\n", t->name, used ? "used" : "held",
                  e->pe, rid >> 8, (rid >> 3) & 0x1f, rid & 7,
                  is_write ? "write" : "read", (uint64_t)addr,
                  tve_index, e->window, e->tve, e->tce, win->tve,
                  used ? "" : " (the model translates through the new TVE)");
}

/*
 * On a hit, compare the cached TCE and its TVE with the current ones: a
 * kernel bug if unequal (a negative entry made valid included)
 */
static void stale_check(PnvIodaTce *t, const PnvIodaWindow *win,
                        const PnvIodaTceEntry *e, uint32_t rid, hwaddr addr,
                        bool is_write)
{
    uint64_t now = 0;

    if (e->tve != win->tve) {
        stale_tve(t, win, e, rid, addr, is_write, true);
        return;
    }
    if (tce_walk(t, win, window_offset(win, addr), &now) ==
        PNV_IODA_FAULT_NONE &&
        now == e->tce) {
        return;
    }
    /* a faulting access is retried in pieces: one use (see same_event) */
    if (!(e->tce & PNV_TCE_PERM_MASK)) {
        if (same_event(&t->last_stale, PNV_IODA_FAULT_PAGE, e->pe, rid,
                       is_write, addr)) {
            return;
        }
        t->last_stale = (PnvIodaError) {
            .cause = PNV_IODA_FAULT_PAGE, .pe = e->pe, .rid = rid,
            .is_write = is_write, .iova = addr, .tce = now,
        };
    }
    t->stats.stale++;
    trace_pnv_ioda_tce_stale(t->name, e->pe, rid, addr, e->tce, now);
    pci_io_report(PCI_IO_REPORT_STALE_TCE, t->phb_index, e->pe,
                  "%s: stale TCE used: PE#%u RID %02x:%02x.%x DMA %s at IOVA "
                  "0x%" PRIx64 " translated by cached TCE 0x%016" PRIx64
                  " but the table now holds 0x%016" PRIx64 ": the TCE was "
                  "%s without a TCE kill; hardware keeps using the "
                  "cached TCE until it is killed%s (kernel bug)\n",
                  t->name, e->pe, rid >> 8, (rid >> 3) & 0x1f, rid & 7,
                  is_write ? "write" : "read", (uint64_t)addr, e->tce, now,
                  e->tce & PNV_TCE_PERM_MASK ? "changed" : "made valid",
                  e->tce & PNV_TCE_PERM_MASK ? "" :
                  " (an invalid TCE, which DMA address speculation may "
                  "fetch early: the DMA fails)");
}

/*
 * A lookup that found no entry for the current TVE (or a TVE that does
 * not translate): an entry of another IO page size holding @addr, filled
 * under another TVE, is a TVE reprogrammed without a kill.
 */
static void stale_tve_probe(PnvIodaTce *t, const PnvIodaWindow *win,
                            uint32_t pe, uint32_t rid, hwaddr addr,
                            bool is_write)
{
    uint32_t window = window_index(win, addr);
    int i;

    for (i = 0; i < ARRAY_SIZE(kill_page_shifts); i++) {
        unsigned shift = kill_page_shifts[i];
        PnvIodaTceEntry *e = tce_lookup(t, pe, window, shift,
                                        window_offset(win, addr) >> shift);

        if (e && e->tve != win->tve) {
            stale_tve(t, win, e, rid, addr, is_write, false);
            return;
        }
    }
}

IOMMUTLBEntry pnv_ioda_tce_translate(PnvIodaTce *t, const PnvIodaWindow *win,
                                     uint32_t pe, uint32_t rid, hwaddr addr,
                                     IOMMUAccessFlags flag,
                                     PnvIodaFault *fault_out)
{
    bool is_write = flag & IOMMU_WO;
    IOMMUTLBEntry tlb = {
        .target_as = t->table_as,
        .iova = addr,
        .addr_mask = 0xfff,
        .perm = IOMMU_NONE,
    };
    PnvIodaFault fault;
    uint64_t offset = window_offset(win, addr);
    uint32_t window = window_index(win, addr);
    uint64_t tce = 0, page, psize;
    PnvIodaTceEntry *e;

    t->stats.translations++;
    if (t->stale_check && win->type != PNV_IODA_WIN_TRANSLATE) {
        stale_tve_probe(t, win, pe, rid, addr, is_write);
    }
    switch (win->type) {
    case PNV_IODA_WIN_INVALID:
        fault = PNV_IODA_FAULT_INVALID_TVE;
        break;
    case PNV_IODA_WIN_BYPASS:
        if (offset < win->bypass_start || offset >= win->bypass_end) {
            fault = PNV_IODA_FAULT_BYPASS_RANGE;
            break;
        }
        tlb.iova = addr & ~0xfffULL;
        tlb.translated_addr = offset & ~0xfffULL;
        tlb.perm = IOMMU_RW;
        trace_pnv_ioda_tce_bypass(pe, addr);
        *fault_out = PNV_IODA_FAULT_NONE;
        return tlb;
    case PNV_IODA_WIN_TRANSLATE:
        if (offset >= pnv_ioda_window_size(win)) {
            fault = PNV_IODA_FAULT_OUT_OF_WINDOW;
            break;
        }
        psize = 1ULL << win->page_shift;
        page = offset >> win->page_shift;
        e = tce_lookup(t, pe, window, win->page_shift, page);
        if (e) {
            t->stats.hits++;
            tce = e->tce;
            trace_pnv_ioda_tce_hit(pe, addr, tce);
            if (t->stale_check) {
                stale_check(t, win, e, rid, addr, is_write);
            }
        } else {
            t->stats.misses++;
            if (t->stale_check) {
                stale_tve_probe(t, win, pe, rid, addr, is_write);
            }
            fault = tce_walk(t, win, offset, &tce);
            if (fault) {
                break;
            }
            trace_pnv_ioda_tce_miss(pe, addr, tce);
            /* a device's access caches an invalid TCE too (see the top) */
            if ((tce & PNV_TCE_PERM_MASK) || flag != IOMMU_NONE) {
                cache_insert(t, pe, window, win->page_shift, page, tce,
                             win->tve);
            }
        }
        fault = tce_check_leaf(tce, flag);
        if (fault) {
            break;
        }
        tlb.iova = addr & ~(psize - 1);
        tlb.translated_addr = tce & PNV_TCE_RPN_MASK & ~(psize - 1);
        tlb.addr_mask = psize - 1;
        tlb.perm = (tce & PNV_TCE_READ ? IOMMU_RO : 0) |
                   (tce & PNV_TCE_WRITE ? IOMMU_WO : 0);
        *fault_out = PNV_IODA_FAULT_NONE;
        return tlb;
    default:
        g_assert_not_reached();
    }
    pnv_ioda_tce_report_fault(t, win, fault, pe, rid, addr, is_write, tce);
    *fault_out = fault;
    if (t->fault_fn) {
        t->fault_fn(t->fault_opaque, fault, pe, rid, addr, is_write);
    }
    return tlb;
}

typedef struct WalkAll {
    PnvIodaTce *t;
    const PnvIodaWindow *win;
    uint64_t budget;
    PnvIodaLeafFn fn;
    void *opaque;
} WalkAll;

static bool walk_level(WalkAll *w, uint64_t base, int lev, uint64_t iova)
{
    const PnvIodaWindow *win = w->win;
    unsigned shift = win->page_shift + win->entries_shift * lev;
    uint64_t n = 1ULL << win->entries_shift, i;

    /* above bit 63 only index 0 names an address */
    if (shift >= 64) {
        n = 1;
    }
    for (i = 0; i < n; i++) {
        uint64_t tce;

        if (!w->budget--) {
            return false;
        }
        if (dma_memory_read(w->t->table_as, base | (8 * i), &tce,
                            sizeof(tce), MEMTXATTRS_UNSPECIFIED)) {
            continue;
        }
        tce = be64_to_cpu(tce);
        if (lev == 0) {
            /* a leaf level indexes with the IO page size: shift < 64 */
            if (tce & PNV_TCE_PERM_MASK) {
                w->fn(w->opaque, iova + (i << shift), (1ULL << shift) - 1,
                      tce);
            }
        } else if ((tce & PNV_TCE_PERM_MASK) == PNV_TCE_PERM_MASK) {
            if (!walk_level(w, tce & PNV_TCE_RPN_MASK, lev - 1,
                            iova + (shift < 64 ? i << shift : 0))) {
                return false;
            }
        }
    }
    return true;
}

bool pnv_ioda_tce_walk_all(PnvIodaTce *t, const PnvIodaWindow *win,
                           uint64_t window_base, uint64_t budget,
                           PnvIodaLeafFn fn, void *opaque)
{
    WalkAll w = { t, win, budget, fn, opaque };

    if (win->type != PNV_IODA_WIN_TRANSLATE) {
        return true;
    }
    return walk_level(&w, win->table_addr, win->levels - 1, window_base);
}

void pnv_ioda_tce_kill_all(PnvIodaTce *t)
{
    t->stats.kills++;
    t->last_stale.cause = PNV_IODA_FAULT_NONE;   /* a new use is new */
    t->stats.invalidated += t->nr_valid;
    tce_clear(t);
    trace_pnv_ioda_tce_kill(t->name, "all", 0, 0);
}

void pnv_ioda_tce_kill_pe(PnvIodaTce *t, uint32_t pe)
{
    uint32_t i;

    t->stats.kills++;
    t->last_stale.cause = PNV_IODA_FAULT_NONE;
    for (i = 0; i < t->nr_sets * PNV_IODA_TCE_WAYS; i++) {
        if (t->entries[i].valid && t->entries[i].pe == pe) {
            tce_invalidate(t, &t->entries[i]);
        }
    }
    trace_pnv_ioda_tce_kill(t->name, "pe", pe, 0);
}

/*
 * The kill names a PE and an IOVA (bit 59 included, Linux
 * pnv_pci_phb3_tce_invalidate), not a page size: drop the entry of that PE
 * and window holding the address, whatever the IO page size of its TVE.
 */
void pnv_ioda_tce_kill_page(PnvIodaTce *t, uint32_t pe, uint64_t addr)
{
    const PnvIodaWindow two = { 0 };    /* two TVEs per PE: bit 59 */
    uint32_t window = window_index(&two, addr);
    int i;

    t->stats.kills++;
    t->last_stale.cause = PNV_IODA_FAULT_NONE;
    for (i = 0; i < ARRAY_SIZE(kill_page_shifts); i++) {
        unsigned shift = kill_page_shifts[i];
        PnvIodaTceEntry *e = tce_lookup(t, pe, window, shift,
                                        window_offset(&two, addr) >> shift);

        if (e) {
            tce_invalidate(t, e);
        }
    }
    trace_pnv_ioda_tce_kill(t->name, "page", pe, addr);
}

void pnv_ioda_tce_kill_page_size(PnvIodaTce *t, uint32_t pe, uint64_t addr,
                                 unsigned shift, unsigned sel)
{
    const PnvIodaWindow w = { .sel_shift = sel };
    PnvIodaTceEntry *e;

    t->stats.kills++;
    t->last_stale.cause = PNV_IODA_FAULT_NONE;
    e = tce_lookup(t, pe, window_index(&w, addr), shift,
                   window_offset(&w, addr) >> shift);
    if (e) {
        tce_invalidate(t, e);
    }
    trace_pnv_ioda_tce_kill(t->name, "page", pe, addr);
}

void pnv_ioda_tce_add_properties(PnvIodaTce *t, Object *obj)
{
    static const struct {
        const char *name;
        size_t off;
    } counters[] = {
        { "tce-translations", offsetof(PnvIodaTceStats, translations) },
        { "tce-cache-hits", offsetof(PnvIodaTceStats, hits) },
        { "tce-cache-misses", offsetof(PnvIodaTceStats, misses) },
        { "tce-kills", offsetof(PnvIodaTceStats, kills) },
        { "tce-invalidated", offsetof(PnvIodaTceStats, invalidated) },
        { "tce-evictions", offsetof(PnvIodaTceStats, evictions) },
        { "tce-faults", offsetof(PnvIodaTceStats, faults) },
        { "tce-stale-uses", offsetof(PnvIodaTceStats, stale) },
        { "frozen-pe-refusals", offsetof(PnvIodaTceStats, frozen) },
    };
    int i;

    for (i = 0; i < ARRAY_SIZE(counters); i++) {
        object_property_add_uint64_ptr(obj, counters[i].name,
                                       (uint64_t *)((char *)&t->stats +
                                                    counters[i].off),
                                       OBJ_PROP_FLAG_READ);
    }
    object_property_add_uint64_ptr(obj, "dma-errors", &t->error_count,
                                   OBJ_PROP_FLAG_READ);
}

void pnv_ioda_window_print(GString *buf, uint32_t pe, unsigned n,
                           const PnvIodaWindow *win)
{
    g_string_append_printf(buf, "  PE#%-3u TVE#%u %016" PRIx64 " ", pe, n,
                           win->tve);
    switch (win->type) {
    case PNV_IODA_WIN_TRANSLATE:
        g_string_append_printf(buf, "table 0x%" PRIx64 " %u level(s) x %u "
                               "TCEs, %uK pages, window 0x%" PRIx64 "\n",
                               win->table_addr, win->levels,
                               1u << win->entries_shift,
                               1u << (win->page_shift - 10),
                               pnv_ioda_window_size(win));
        break;
    case PNV_IODA_WIN_BYPASS:
        g_string_append_printf(buf, "bypass [0x%" PRIx64 ", 0x%" PRIx64
                               ")\n", win->bypass_start, win->bypass_end);
        break;
    default:
        g_string_append_printf(buf, "invalid: %s\n", win->invalid_reason);
    }
}

void pnv_ioda_tce_print_stats(PnvIodaTce *t, GString *buf)
{
    const PnvIodaTceStats *s = &t->stats;

    g_string_append_printf(buf, "TCE cache: %u/%u entries (%d-way)%s\n",
                           t->nr_valid, t->nr_sets * PNV_IODA_TCE_WAYS,
                           PNV_IODA_TCE_WAYS,
                           t->stale_check ? ", stale-TCE check on" : "");
    g_string_append_printf(buf, "  translations %" PRIu64 " hits %" PRIu64
                           " misses %" PRIu64 " kills %" PRIu64
                           " invalidated %" PRIu64 " evictions %" PRIu64
                           "\n", s->translations, s->hits, s->misses,
                           s->kills, s->invalidated, s->evictions);
    g_string_append_printf(buf, "  faults %" PRIu64 " stale-TCE uses %"
                           PRIu64 "\n", s->faults, s->stale);
    if (t->error_count) {
        const PnvIodaError *e = &t->last_error;

        g_string_append_printf(buf, "  last error: PE#%u RID %04x %s IOVA "
                               "0x%" PRIx64 ": %s (TVE 0x%016" PRIx64
                               " TCE 0x%016" PRIx64 ")\n", e->pe, e->rid,
                               e->is_write ? "write" : "read", e->iova,
                               pnv_ioda_fault_name(e->cause), e->tve, e->tce);
    }
}

/* --- requester to PE, IOMMU notifiers ------------------------------------ */

bool pnv_ioda_rtt_lookup(PnvIodaTce *t, uint64_t rtt_bar, uint64_t base_mask,
                         uint16_t rid, uint32_t num_pes, uint32_t *pe)
{
    uint64_t addr = (rtt_bar & base_mask) + 2 * rid;
    uint16_t rte;

    /* what the RTC held when the machine migrated */
    if (pnv_ioda_rtc_restore(t, rid, pe)) {
        return true;
    }
    if (!(rtt_bar & PNV_IODA_RTT_BAR_ENABLE)) {
        pci_io_report(PCI_IO_REPORT_RTT_DROP, t->phb_index,
                      PCI_IO_REPORT_NO_PE,
                      "%s: RID %04x: DMA or MSI with the RTT BAR disabled: "
                      "no PE, access dropped\n", t->name, rid);
        return false;
    }
    if (dma_memory_read(&address_space_memory, addr, &rte, sizeof(rte),
                        MEMTXATTRS_UNSPECIFIED)) {
        pci_io_report(PCI_IO_REPORT_RTT_DROP, t->phb_index,
                      PCI_IO_REPORT_NO_PE,
                      "%s: RID %04x: RTT entry at 0x%" PRIx64 " unreadable: "
                      "access dropped\n", t->name, rid, addr);
        return false;
    }
    rte = be16_to_cpu(rte);
    if (rte >= num_pes) {
        pci_io_report(PCI_IO_REPORT_RTT_DROP, t->phb_index,
                      PCI_IO_REPORT_NO_PE,
                      "%s: RID %04x: RTT entry 0x%04x is not a PE (< %u): "
                      "access dropped\n", t->name, rid, rte, num_pes);
        return false;
    }
    *pe = rte;
    return true;
}

void pnv_ioda_notify_replay_leaf(void *n, hwaddr iova, hwaddr mask,
                                 uint64_t tce)
{
    IOMMUTLBEvent ev = {
        .type = IOMMU_NOTIFIER_MAP,
        .entry = {
            .target_as = &address_space_memory,
            .iova = iova,
            .translated_addr = tce & PNV_TCE_RPN_MASK & ~mask,
            .addr_mask = mask,
            .perm = tce & PNV_TCE_PERM_MASK,
        },
    };

    memory_region_notify_iommu_one(n, &ev);
}

void pnv_ioda_notify_unmap(IOMMUMemoryRegion *mr, hwaddr iova, hwaddr mask)
{
    IOMMUTLBEvent ev = {
        .type = IOMMU_NOTIFIER_UNMAP,
        .entry = {
            .target_as = &address_space_memory,
            .iova = iova,
            .addr_mask = mask,
            .perm = IOMMU_NONE,
        },
    };

    memory_region_notify_iommu(mr, 0, ev);
}

/* --- migration ------------------------------------------------------------ */

void pnv_ioda_rtc_save(PnvIodaTce *t, uint16_t rid, uint32_t pe)
{
    t->rtc = g_renew(uint32_t, t->rtc, t->rtc_nr + 1);
    t->rtc[t->rtc_nr++] = (uint32_t)rid << 16 | (pe & 0xffff);
}

bool pnv_ioda_rtc_restore(PnvIodaTce *t, uint16_t rid, uint32_t *pe)
{
    uint32_t i;

    for (i = 0; i < t->rtc_nr; i++) {
        if (t->rtc[i] >> 16 == rid) {
            *pe = t->rtc[i] & 0xffff;
            t->rtc[i] = t->rtc[--t->rtc_nr];
            return true;
        }
    }
    return false;
}

void pnv_ioda_rtc_forget(PnvIodaTce *t, bool all, uint16_t rid)
{
    uint32_t i = 0;

    while (i < t->rtc_nr) {
        if (all || t->rtc[i] >> 16 == rid) {
            t->rtc[i] = t->rtc[--t->rtc_nr];
        } else {
            i++;
        }
    }
}

static int pnv_ioda_tce_pre_save(void *opaque)
{
    PnvIodaTce *t = opaque;
    uint32_t i;
    int32_t n = 0;

    g_free(t->mig_entries);
    t->mig_nr = t->nr_valid;
    t->mig_entries = g_new0(PnvIodaTceEntry, t->mig_nr);
    for (i = 0; i < t->nr_sets * PNV_IODA_TCE_WAYS && n < t->mig_nr; i++) {
        if (t->entries[i].valid) {
            t->mig_entries[n++] = t->entries[i];
        }
    }
    return 0;
}

static void free_mig_entries(PnvIodaTce *t)
{
    g_free(t->mig_entries);
    t->mig_entries = NULL;
    t->mig_nr = 0;
}

/* The saved RTC list was the source's: it goes once sent */
static int pnv_ioda_tce_post_save(void *opaque)
{
    PnvIodaTce *t = opaque;

    free_mig_entries(t);
    pnv_ioda_rtc_forget(t, true, 0);
    return 0;
}

static bool rtc_nr_ok(void *opaque, int version_id)
{
    PnvIodaTce *t = opaque;

    return t->rtc_nr <= 0x10000;
}

/* Refill from the saved entries (a smaller cache keeps what fits) */
static int pnv_ioda_tce_post_load(void *opaque, int version_id)
{
    PnvIodaTce *t = opaque;
    int32_t i;

    tce_clear(t);
    for (i = 0; i < t->mig_nr; i++) {
        const PnvIodaTceEntry *e = &t->mig_entries[i];

        cache_insert(t, e->pe, e->window, e->page_shift, e->page, e->tce,
                     e->tve);
    }
    free_mig_entries(t);
    return 0;
}

static const VMStateDescription vmstate_pnv_ioda_tce_entry = {
    .name = "pnv-ioda-tce-entry",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(page, PnvIodaTceEntry),
        VMSTATE_UINT64(tce, PnvIodaTceEntry),
        VMSTATE_UINT64(tve, PnvIodaTceEntry),
        VMSTATE_UINT32(pe, PnvIodaTceEntry),
        VMSTATE_UINT8(window, PnvIodaTceEntry),
        VMSTATE_UINT8(page_shift, PnvIodaTceEntry),
        VMSTATE_UINT8(valid, PnvIodaTceEntry),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_pnv_ioda_error = {
    .name = "pnv-ioda-error",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cause, PnvIodaError),
        VMSTATE_UINT32(pe, PnvIodaError),
        VMSTATE_UINT32(rid, PnvIodaError),
        VMSTATE_UINT32(is_write, PnvIodaError),
        VMSTATE_UINT64(iova, PnvIodaError),
        VMSTATE_UINT64(tve, PnvIodaError),
        VMSTATE_UINT64(tce, PnvIodaError),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_pnv_ioda_tce = {
    .name = "pnv-ioda-tce",
    .version_id = 2,
    .minimum_version_id = 2,
    .pre_save = pnv_ioda_tce_pre_save,
    .post_save = pnv_ioda_tce_post_save,
    .post_load = pnv_ioda_tce_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(stats.translations, PnvIodaTce),
        VMSTATE_UINT64(stats.hits, PnvIodaTce),
        VMSTATE_UINT64(stats.misses, PnvIodaTce),
        VMSTATE_UINT64(stats.kills, PnvIodaTce),
        VMSTATE_UINT64(stats.invalidated, PnvIodaTce),
        VMSTATE_UINT64(stats.evictions, PnvIodaTce),
        VMSTATE_UINT64(stats.faults, PnvIodaTce),
        VMSTATE_UINT64(stats.stale, PnvIodaTce),
        VMSTATE_UINT64(stats.frozen, PnvIodaTce),
        VMSTATE_STRUCT(last_error, PnvIodaTce, 1, vmstate_pnv_ioda_error,
                       PnvIodaError),
        VMSTATE_UINT64(error_count, PnvIodaTce),
        VMSTATE_INT32(mig_nr, PnvIodaTce),
        VMSTATE_STRUCT_VARRAY_ALLOC(mig_entries, PnvIodaTce, mig_nr, 1,
                                    vmstate_pnv_ioda_tce_entry,
                                    PnvIodaTceEntry),
        VMSTATE_UINT32(rtc_nr, PnvIodaTce),
        VMSTATE_VALIDATE("RTC entries", rtc_nr_ok),
        VMSTATE_VARRAY_UINT32_ALLOC(rtc, PnvIodaTce, rtc_nr, 0,
                                    vmstate_info_uint32, uint32_t),
        VMSTATE_END_OF_LIST()
    },
};
