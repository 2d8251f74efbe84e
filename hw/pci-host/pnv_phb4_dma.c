/*
 * PowerNV PHB4/PHB5 DMA front end: RID to PE, IODA3 TVE decode, TCE kill
 *
 * POWER9's PHB4 and POWER10's PHB5 translate DMA alike (skiboot drives
 * both with hw/phb4.c); this front end serves both, the generation only
 * deciding the PHB's size.  Every device under the PHB gets its own DMA
 * address space, translated here: the requester ID gives the PE through
 * the RTT (cached per RID until PHB_RTC_INVALIDATE), the DMA address
 * picks one of the PE's TVEs, and the shared IODA engine (pnv_ioda_tce.c)
 * walks the TCE table through its TCE cache.
 *
 * TVE selection (PHB_CTRLR TVT_ADDR_SEL, bits 17:19): 0, 1, 2, 3 give a
 * PE 2, 4, 8 or 16 TVEs, at TVT index PE * n + the DMA address bits just
 * below bit 60 (bit 59 for two, the only mode skiboot and Linux use:
 * phb4_init_hw writes TVT_2_PER_PE, phb4_map_pe_dma_window checks
 * window_id >> 1 == PE).  That the wider modes take bits 58:59, 57:59 and
 * 56:59 is inferred from the two-TVE mode, as documented in
 * docs/system/ppc/powerio-phb4.rst.
 *
 * IODA3 TVE, IBM bit numbering (skiboot include/phb4-regs.h IODA3_TVT_*):
 *   translated:  TABLE_ADDR 0:47 (address >> 12), NUM_LEVELS 48:50
 *                (levels - 1), TCE_TABLE_SIZE 51:55 (2^(TTS + 8) TCEs per
 *                level, skiboot: ilog2(bytes) - 11), IO_PSIZE 59:63 (1 =
 *                4K, 5 = 64K, 10 = 2M, 19 = 1G: phb4_map_pe_dma_window
 *                and the ibm,supported-tce-sizes skiboot gives Linux).
 *   bypass:      IO_PSIZE 0, bit 51 and NON_TRANSLATE_50 (bit 56) set
 *                (phb4_map_pe_dma_window_real): start address bits 24:49
 *                in TVE 52:53 || 0:23, end address bits 24:49 in TVE
 *                54:55 || 24:47, 16 MB units; the window is [start, end).
 *
 * PHB_TCE_KILL (skiboot phb4_tce_kill): bit 0 kills all, bit 1 the PE of
 * bits 55:63, bit 2 one page: the DMA address written in place (bits
 * 4:51), of the page size bits 48:51 give when PSEL (bit 3) is set (1 =
 * 64K, 2 = 2M, 3 = 1G; 4K without PSEL).  skiboot turns every page kill
 * into a PE kill (erratum HW560152); the PHB's page kill is modelled
 * anyway.  The kill completes at once: the register reads its operation
 * bits clear, PHB_Q_DMA_R's kill status and the DMA read sync read done.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "hw/pci/pci_bus.h"
#include "hw/pci-host/pnv_phb4.h"
#include "hw/pci-host/pnv_phb4_regs.h"
#include "hw/pci-host/pnv_phb4_dma.h"
#include "hw/pci-host/pnv_phb4_eeh.h"
#include "system/dma.h"
#include "trace.h"

#define TYPE_PNV_PHB4_IOMMU_MEMORY_REGION "pnv-phb4-iommu-memory-region"
DECLARE_INSTANCE_CHECKER(IOMMUMemoryRegion, PNV_PHB4_IOMMU_MEMORY_REGION,
                         TYPE_PNV_PHB4_IOMMU_MEMORY_REGION)

#define PHB4_TCE_KILL_ADDR      PPC_BITMASK(4, 51)
#define PHB4_TCE_KILL_PSIZE     PPC_BITMASK(48, 51)

/* Notifier replay never visits more table entries than this */
#define PHB4_REPLAY_BUDGET      (1ULL << 22)

uint16_t pnv_phb4_ds_rid(PnvPhb4DMASpace *ds)
{
    return (pci_bus_num(ds->bus) << 8) | ds->devfn;
}

uint32_t pnv_phb4_num_pes(PnvPHB4 *phb)
{
    return phb->big_phb ? PNV_PHB4_MAX_PEs : PNV_PHB4_MAX_PEs / 2;
}

/* IO page sizes: 4K, 64K, 2M, 1G (skiboot phb4_map_pe_dma_window) */
#define PHB4_PSIZES     (PNV_IODA_PSIZE(1) | PNV_IODA_PSIZE(5) | \
                         PNV_IODA_PSIZE(10) | PNV_IODA_PSIZE(19))

void pnv_phb4_decode_tve(uint64_t tve, PnvIodaWindow *win)
{
    pnv_ioda_decode_tve(tve, PHB4_PSIZES, "IO page size not 4K, 64K, 2M or 1G",
                        true, win);
}

unsigned pnv_phb4_tves_per_pe_shift(PnvPHB4 *phb)
{
    return 1 + GETFIELD(PHB_CTRLR_TVT_ADDR_SEL, phb->regs[PHB_CTRLR >> 3]);
}

void pnv_phb4_dma_window(PnvPHB4 *phb, uint32_t pe, hwaddr addr,
                         PnvIodaWindow *win)
{
    unsigned n = pnv_phb4_tves_per_pe_shift(phb);
    uint64_t index;

    if (n > 4) {
        memset(win, 0, sizeof(*win));
        win->type = PNV_IODA_WIN_INVALID;
        win->invalid_reason = "PHB_CTRLR TVT address select beyond 16 "
                              "TVEs per PE";
        return;
    }
    index = ((uint64_t)pe << n) + extract64(addr, 60 - n, n);
    if (index >= 2 * pnv_phb4_num_pes(phb)) {
        memset(win, 0, sizeof(*win));
        win->type = PNV_IODA_WIN_INVALID;
        win->invalid_reason = "PE beyond the TVT at this TVT address select";
        return;
    }
    pnv_phb4_decode_tve(phb->ioda_TVT[index], win);
    win->sel_shift = 60 - n;
}

bool pnv_phb4_resolve_pe(PnvPhb4DMASpace *ds)
{
    PnvPHB4 *phb = ds->phb;
    uint32_t pe;

    if (ds->pe_num != PHB_INVALID_PE) {
        return true;
    }
    if (!pnv_ioda_rtt_lookup(&phb->tce, phb->regs[PHB_RTT_BAR >> 3],
                             PHB_RTT_BASE_ADDRESS_MASK, pnv_phb4_ds_rid(ds),
                             pnv_phb4_num_pes(phb), &pe)) {
        return false;
    }
    ds->pe_num = pe;
    trace_pnv_phb4_rtt(phb->chip_id, phb->phb_id, pnv_phb4_ds_rid(ds), pe);
    return true;
}

/* Linux and skiboot invalidate all (phb4_init_ioda_cache); one RID too */
void pnv_phb4_dma_rtc_invalidate(PnvPHB4 *phb, uint64_t val)
{
    PnvPhb4DMASpace *ds;
    uint16_t rid = GETFIELD(PHB_RTC_INVALIDATE_RID, val);

    pnv_ioda_rtc_forget(&phb->tce, val & PHB_RTC_INVALIDATE_ALL, rid);
    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        if ((val & PHB_RTC_INVALIDATE_ALL) || pnv_phb4_ds_rid(ds) == rid) {
            ds->pe_num = PHB_INVALID_PE;
        }
    }
}

/*
 * Migration: the PE each requester's RTC entry holds goes with the
 * machine (pnv_ioda_rtc_save), and after loading every requester looks
 * its PE up again, the migrated entries first
 */
void pnv_phb4_dma_pre_save(PnvPHB4 *phb)
{
    PnvPhb4DMASpace *ds;

    pnv_ioda_rtc_forget(&phb->tce, true, 0);
    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        if (ds->pe_num != PHB_INVALID_PE) {
            pnv_ioda_rtc_save(&phb->tce, pnv_phb4_ds_rid(ds), ds->pe_num);
        }
    }
}

void pnv_phb4_dma_post_load(PnvPHB4 *phb)
{
    PnvPhb4DMASpace *ds;

    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        ds->pe_num = PHB_INVALID_PE;
    }
}

/*
 * Inbound traffic (DMA, MSIs) the PHB stops: all of it while the PHB is
 * fenced, and a PE's while its DMA is stopped (PESTB bit 0; skiboot
 * phb4_eeh_freeze_status).  Reported as refused, raising no new error.
 */
bool pnv_phb4_dma_refused(PnvPhb4DMASpace *ds, hwaddr addr, bool is_write)
{
    PnvPHB4 *phb = ds->phb;
    bool fenced = pnv_phb4_fenced(phb);

    if (!fenced && !pnv_phb4_pe_dma_stopped(phb, ds->pe_num)) {
        return false;
    }
    pnv_ioda_tce_report_frozen(&phb->tce, ds->pe_num, pnv_phb4_ds_rid(ds),
                               addr, is_write, fenced);
    return true;
}

/* A translation error freezes the PE (skiboot phb4_init_errors) */
static void pnv_phb4_tce_fault(void *opaque, PnvIodaFault f, uint32_t pe,
                               uint32_t rid, hwaddr addr, bool is_write)
{
    pnv_phb4_eeh_dma_fault(opaque, f, pe, rid, addr, is_write);
}

static IOMMUTLBEntry pnv_phb4_translate(IOMMUMemoryRegion *iommu, hwaddr addr,
                                        IOMMUAccessFlags flag, int iommu_idx)
{
    PnvPhb4DMASpace *ds = container_of(iommu, PnvPhb4DMASpace, dma_mr);
    PnvPHB4 *phb = ds->phb;
    IOMMUTLBEntry none = {
        .target_as = &address_space_memory,
        .iova = addr,
        .addr_mask = 0xfff,
        .perm = IOMMU_NONE,
    };
    PnvIodaWindow win;
    PnvIodaFault fault;
    uint16_t rid;

    if (!pnv_phb4_resolve_pe(ds)) {
        return none;
    }
    /* a DMA-stopped (frozen) PE's DMA is refused, reads and writes */
    if (pnv_phb4_dma_refused(ds, addr, flag & IOMMU_WO)) {
        return none;
    }
    rid = pnv_phb4_ds_rid(ds);
    /* an armed PAPR error injection fails a matching DMA */
    if (flag != IOMMU_NONE &&
        pnv_phb4_eeh_inject_hit(phb, PNV_IODA_INJ_DMA, flag & IOMMU_WO, addr,
                                ds->pe_num, rid)) {
        return none;
    }
    pnv_phb4_dma_window(phb, ds->pe_num, addr, &win);
    /* bits 60:63 select the 64-bit MSI window (a subregion) or nothing */
    if (addr >> 60) {
        pnv_ioda_tce_report_fault(&phb->tce, &win, PNV_IODA_FAULT_BAD_ADDRESS,
                                  ds->pe_num, rid, addr, flag & IOMMU_WO, 0);
        pnv_phb4_eeh_dma_fault(phb, PNV_IODA_FAULT_BAD_ADDRESS, ds->pe_num,
                               rid, addr, flag & IOMMU_WO);
        return none;
    }
    /* a fault goes to pnv_phb4_tce_fault() */
    return pnv_ioda_tce_translate(&phb->tce, &win, ds->pe_num, rid, addr,
                                  flag, &fault);
}

/*
 * Replay the valid TCEs of every TVE of the device's PE, bounded: the
 * default replay would step through the whole 64-bit address space.
 */
static void pnv_phb4_replay(IOMMUMemoryRegion *iommu, IOMMUNotifier *n)
{
    PnvPhb4DMASpace *ds = container_of(iommu, PnvPhb4DMASpace, dma_mr);
    PnvPHB4 *phb = ds->phb;
    unsigned sh = pnv_phb4_tves_per_pe_shift(phb), w;

    if (!pnv_phb4_resolve_pe(ds) || sh > 4) {
        return;
    }
    for (w = 0; w < (1u << sh); w++) {
        uint64_t base = (uint64_t)w << (60 - sh);
        PnvIodaWindow win;

        pnv_phb4_dma_window(phb, ds->pe_num, base, &win);
        if (!pnv_ioda_tce_walk_all(&phb->tce, &win, base, PHB4_REPLAY_BUDGET,
                                   pnv_ioda_notify_replay_leaf, n)) {
            pci_io_report(PCI_IO_REPORT_MODEL_LIMIT, phb->phb_id, ds->pe_num,
                          "phb4[%d:%d]: PE#%d TVE#%u: TCE table too large "
                          "to replay (more than %llu entries): replay "
                          "truncated\n", phb->chip_id, phb->phb_id,
                          ds->pe_num, w, PHB4_REPLAY_BUDGET);
        }
    }
}

/* The IO page size of a kill-one: 4K, or the PSEL code in bits 48:51 */
static int kill_page_shift(uint64_t val)
{
    static const int shift[] = { 12, 16, 21, 30 };
    unsigned code = GETFIELD(PHB4_TCE_KILL_PSIZE, val);

    if (!(val & PHB_TCE_KILL_PSEL)) {
        return 12;
    }
    return code < ARRAY_SIZE(shift) ? shift[code] : -1;
}

void pnv_phb4_dma_tce_kill(PnvPHB4 *phb, uint64_t val)
{
    uint32_t pe = GETFIELD(PHB_TCE_KILL_PENUM, val);
    uint64_t iova = 0, mask = ~0ULL;
    PnvPhb4DMASpace *ds;

    trace_pnv_phb4_tce_kill(phb->chip_id, phb->phb_id, val);
    if (val & PHB_TCE_KILL_ALL) {
        pnv_ioda_tce_kill_all(&phb->tce);
    } else if (val & PHB_TCE_KILL_PE) {
        pnv_ioda_tce_kill_pe(&phb->tce, pe);
    } else if (val & PHB_TCE_KILL_ONE) {
        int shift = kill_page_shift(val);

        if (shift < 0) {
            pci_io_report(PCI_IO_REPORT_BAD_PROGRAMMING, phb->phb_id, pe,
                          "phb4[%d:%d]: TCE kill 0x%016" PRIx64 " of one "
                          "page names no IO page size (PSEL code %u): "
                          "nothing killed\n", phb->chip_id, phb->phb_id, val,
                          (unsigned)GETFIELD(PHB4_TCE_KILL_PSIZE, val));
            return;
        }
        mask = (1ULL << shift) - 1;
        iova = val & PHB4_TCE_KILL_ADDR & ~mask;
        pnv_ioda_tce_kill_page_size(&phb->tce, pe, iova, shift,
                                    60 - pnv_phb4_tves_per_pe_shift(phb));
    } else {
        return;     /* nothing queued: skiboot polls with such writes */
    }

    /*
     * Devices caching translations (IOMMU notifiers) lose them too: the
     * whole space for a kill of all or of a PE, the page for a page kill.
     */
    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        if ((val & PHB_TCE_KILL_ALL) ||
            (pnv_phb4_resolve_pe(ds) && ds->pe_num == pe)) {
            pnv_ioda_notify_unmap(&ds->dma_mr, iova, mask);
        }
    }
}

AddressSpace *pnv_phb4_dma_iommu(PCIBus *bus, void *opaque, int devfn)
{
    PnvPHB4 *phb = opaque;
    PnvPhb4DMASpace *ds;
    g_autofree char *name = NULL;

    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        if (ds->bus == bus && ds->devfn == devfn) {
            return &ds->dma_as;
        }
    }
    name = g_strdup_printf("phb4-%d.%d-iommu", phb->chip_id, phb->phb_id);
    ds = g_new0(PnvPhb4DMASpace, 1);
    ds->bus = bus;
    ds->devfn = devfn;
    ds->pe_num = PHB_INVALID_PE;
    ds->phb = phb;
    memory_region_init_iommu(&ds->dma_mr, sizeof(ds->dma_mr),
                             TYPE_PNV_PHB4_IOMMU_MEMORY_REGION, OBJECT(phb),
                             name, UINT64_MAX);
    address_space_init(&ds->dma_as, MEMORY_REGION(&ds->dma_mr), name);
    pnv_phb4_msi_windows_init(ds);
    QLIST_INSERT_HEAD(&phb->dma_spaces, ds, list);
    return &ds->dma_as;
}

void pnv_phb4_dma_init(PnvPHB4 *phb)
{
    phb->tce_name = g_strdup_printf("phb4[%d:%d]", phb->chip_id, phb->phb_id);
    pnv_ioda_tce_init(&phb->tce, OBJECT(phb), phb->tce_name,
                      &address_space_memory);
    phb->tce.phb_index = phb->phb_id;
    phb->tce.fault_fn = pnv_phb4_tce_fault;
    phb->tce.fault_opaque = phb;
    pnv_ioda_tce_add_properties(&phb->tce, OBJECT(phb));
}

void pnv_phb4_dma_reset(PnvPHB4 *phb)
{
    PnvPhb4DMASpace *ds;

    pnv_ioda_tce_reset(&phb->tce);
    QLIST_FOREACH(ds, &phb->dma_spaces, list) {
        ds->pe_num = PHB_INVALID_PE;
    }
}

static void pnv_phb4_iommu_memory_region_class_init(ObjectClass *klass,
                                                    void *data)
{
    IOMMUMemoryRegionClass *imrc = IOMMU_MEMORY_REGION_CLASS(klass);

    imrc->translate = pnv_phb4_translate;
    imrc->replay = pnv_phb4_replay;
}

static const TypeInfo pnv_phb4_iommu_memory_region_info = {
    .parent = TYPE_IOMMU_MEMORY_REGION,
    .name = TYPE_PNV_PHB4_IOMMU_MEMORY_REGION,
    .class_init = pnv_phb4_iommu_memory_region_class_init,
};

static void pnv_phb4_dma_register_types(void)
{
    type_register_static(&pnv_phb4_iommu_memory_region_info);
}

type_init(pnv_phb4_dma_register_types)
