/*
 * sPAPR TCE hypercalls with PAPR validation
 *
 * H_PUT_TCE, H_GET_TCE, H_PUT_TCE_INDIRECT and H_STUFF_TCE validate the
 * whole request before they store anything, and answer with the return
 * codes PAPR gives.  Where PAPR allows more than one answer they answer
 * as KVM does (Linux arch/powerpc/kvm/book3s_64_vio.c), so that a guest
 * sees the same thing under TCG and under KVM:
 *
 *  - the LIOBN must name a TCE table (H_PARAMETER);
 *  - the IOBA must be aligned to the table's IO page and the range must
 *    lie inside its window, without wrapping (kvmppc_ioba_validate);
 *  - a TCE that grants access (R or W) must name guest RAM aligned to the
 *    IO page: no reserved bits (LoPAR TCE format: RPN, reserved, R/W),
 *    not outside the partition (kvmppc_tce_validate); a fault TCE
 *    (neither R nor W) is taken as it is;
 *  - H_PUT_TCE_INDIRECT: at most 512 TCEs, the TCE list 4 KiB aligned and
 *    in guest RAM; every TCE of the list is validated before any is
 *    stored (no partial update); a count of 0 succeeds; a negative LIOBN
 *    asks for the MTT option, which is not offered: H_FUNCTION;
 *  - H_STUFF_TCE: more than 512 TCEs is H_P4 (LoPAR); a value that grants
 *    access is refused with H_PARAMETER (KVM only clears with it, as
 *    Linux does).
 *
 * The base's handlers stored the TCE unchecked, masked a misaligned IOBA
 * and updated the table partially before failing.  A refusal is traced
 * and logged as a guest error with the reason.
 *
 * A valid request the host side cannot carry out (a notifier, VFIO's
 * for a passed-through device, fails to map a TCE: host IOMMU or
 * locked-memory limits, reported through IOMMUNotifier.map_error,
 * patches/0009) is undone whole: every TCE the request stored goes back
 * to its old value (a TCE that cannot go back becomes a fault TCE), and
 * the hypercall returns H_NOT_ENOUGH_RESOURCES, the answer Linux's
 * tce_build(multi)_pSeriesLP expects for it (it then frees the range and
 * fails the DMA mapping).  The base returned H_SUCCESS, and the device's
 * DMA then faulted in the host IOMMU.  KVM's in-kernel H_PUT_TCE clears
 * the failing TCE and passes the call to QEMU (H_TOO_HARD), whose answer
 * this is.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "exec/address-spaces.h"
#include "system/dma.h"
#include "hw/ppc/spapr.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "trace.h"

#define TCE_R           0x1ULL
#define TCE_W           0x2ULL
#define TCE_RW          (TCE_R | TCE_W)
#define TCE_LIST_MAX    512     /* LoPAR: TCEs per INDIRECT / STUFF call */
#define TCE_LIST_ALIGN  4096

static SpaprTceTable *find_table(target_ulong liobn)
{
    return liobn > UINT32_MAX ? NULL : spapr_tce_find_by_liobn(liobn);
}

static target_ulong refuse(const char *hcall, target_ulong liobn,
                           target_ulong ioba, uint64_t arg, const char *why,
                           target_ulong ret)
{
    SpaprTceTable *tcet = NULL;
    int64_t rpe = PCI_IO_REPORT_NO_PE;
    int rphb = PCI_IO_REPORT_NO_PHB;

    trace_spapr_tce_hcall_refused(hcall, liobn, ioba, arg, why, ret);
    /* the PE is looked up for the report only, and only for a real LIOBN */
    if (qemu_loglevel_mask(LOG_GUEST_ERROR)) {
        tcet = find_table(liobn);
    }
    if (tcet) {
        spapr_pci_pe_report_ids(tcet, &rphb, &rpe);
    }
    pci_io_report(PCI_IO_REPORT_HCALL_REFUSED, rphb, rpe,
                  "%s LIOBN 0x" TARGET_FMT_lx " IOBA 0x"
                  TARGET_FMT_lx " (0x%" PRIx64 "): %s: returns %" PRId64 "\n",
                  hcall, liobn, ioba, arg, why, (int64_t)ret);
    return ret;
}

/* The index of @ioba, if it and the @npages after it are in the window */
static const char *check_ioba(SpaprTceTable *t, target_ulong ioba,
                              uint64_t npages, uint64_t *index)
{
    uint64_t idx;

    if (ioba & ((1ULL << t->page_shift) - 1)) {
        return "IOBA not aligned to the IO page";
    }
    if (ioba < t->bus_offset) {
        return "IOBA below the DMA window";
    }
    idx = (ioba - t->bus_offset) >> t->page_shift;
    if (idx > t->nb_table || npages > t->nb_table - idx) {
        return "IOBA range beyond the DMA window";
    }
    *index = idx;
    return NULL;
}

static bool is_guest_ram(hwaddr addr, uint64_t size)
{
    MemoryRegionSection s;
    bool ram;

    if (addr + size < addr) {
        return false;
    }
    s = memory_region_find(get_system_memory(), addr, size);
    ram = s.mr && memory_region_is_ram(s.mr) && int128_get64(s.size) == size;
    if (s.mr) {
        memory_region_unref(s.mr);
    }
    return ram;
}

static const char *check_tce(SpaprTceTable *t, uint64_t tce)
{
    uint64_t psize = 1ULL << t->page_shift;
    uint64_t gpa = tce & ~TCE_RW;

    if (!(tce & TCE_RW)) {
        return NULL;
    }
    if (gpa & (psize - 1)) {
        return "TCE has reserved bits set or is not aligned to the IO page";
    }
    if (!is_guest_ram(gpa, psize)) {
        return "TCE names memory outside the partition";
    }
    return NULL;
}

/*
 * Store one TCE and tell the devices that cache translations (and the
 * host side).  Returns the first failure a notifier reported (negative
 * errno), 0 if every one carried it out.
 */
static int store_tce(SpaprTceTable *t, uint64_t index, uint64_t tce)
{
    hwaddr mask = (1ULL << t->page_shift) - 1;
    IOMMUTLBEvent ev = {
        .entry = {
            .target_as = &address_space_memory,
            .iova = index << t->page_shift,
            .translated_addr = tce & ~mask,
            .addr_mask = mask,
            .perm = (tce & TCE_R ? IOMMU_RO : 0) | (tce & TCE_W ? IOMMU_WO : 0),
        },
    };

    IOMMUNotifier *n;
    int err = 0;

    t->table[index] = tce;
    ev.type = ev.entry.perm ? IOMMU_NOTIFIER_MAP : IOMMU_NOTIFIER_UNMAP;
    memory_region_notify_iommu(&t->iommu, 0, ev);
    IOMMU_NOTIFIER_FOREACH(n, &t->iommu) {
        if (n->map_error && !err) {
            err = n->map_error;
        }
        n->map_error = 0;
    }
    return err;
}

/*
 * Store @npages TCEs from @index; if the host side fails one, put back
 * what the request changed and say so.
 */
static target_ulong store_all(const char *hcall, target_ulong liobn,
                              SpaprTceTable *t, uint64_t index,
                              uint64_t npages, const uint64_t *tces)
{
    uint64_t old[TCE_LIST_MAX];
    uint64_t i, j;
    int err = 0;

    g_assert(npages <= TCE_LIST_MAX);
    for (i = 0; i < npages && !err; i++) {
        old[i] = t->table[index + i];
        err = store_tce(t, index + i, tces[i]);
    }
    if (!err) {
        return H_SUCCESS;
    }
    for (j = 0; j < i; j++) {
        if (store_tce(t, index + j, old[j])) {
            store_tce(t, index + j, 0);     /* no way back: a fault TCE */
        }
    }
    return refuse(hcall, liobn, t->bus_offset + ((index + i - 1) <<
                                                 t->page_shift),
                  tces[i - 1],
                  "the host could not map it (the request is undone)",
                  H_NOT_ENOUGH_RESOURCES);
}

static target_ulong h_put_tce(PowerPCCPU *cpu, SpaprMachineState *spapr,
                              target_ulong opcode, target_ulong *args)
{
    target_ulong liobn = args[0], ioba = args[1], tce = args[2];
    SpaprTceTable *t = find_table(liobn);
    const char *why;
    uint64_t index;

    if (!t) {
        return refuse("H_PUT_TCE", liobn, ioba, tce, "no such LIOBN",
                      H_PARAMETER);
    }
    why = check_ioba(t, ioba, 1, &index);
    if (!why) {
        why = check_tce(t, tce);
    }
    if (why) {
        return refuse("H_PUT_TCE", liobn, ioba, tce, why, H_PARAMETER);
    }
    if (store_all("H_PUT_TCE", liobn, t, index, 1, &tce)) {
        return H_NOT_ENOUGH_RESOURCES;
    }
    trace_spapr_iommu_put(liobn, ioba, tce, H_SUCCESS);
    return H_SUCCESS;
}

static target_ulong h_get_tce(PowerPCCPU *cpu, SpaprMachineState *spapr,
                              target_ulong opcode, target_ulong *args)
{
    target_ulong liobn = args[0], ioba = args[1];
    SpaprTceTable *t = find_table(liobn);
    const char *why;
    uint64_t index;

    if (!t) {
        return refuse("H_GET_TCE", liobn, ioba, 0, "no such LIOBN",
                      H_PARAMETER);
    }
    why = check_ioba(t, ioba, 1, &index);
    if (why) {
        return refuse("H_GET_TCE", liobn, ioba, 0, why, H_PARAMETER);
    }
    args[0] = t->table[index];
    trace_spapr_iommu_get(liobn, ioba, H_SUCCESS, args[0]);
    return H_SUCCESS;
}

static target_ulong h_put_tce_indirect(PowerPCCPU *cpu,
                                       SpaprMachineState *spapr,
                                       target_ulong opcode,
                                       target_ulong *args)
{
    target_ulong liobn = args[0], ioba = args[1], list = args[2];
    target_ulong npages = args[3];
    uint64_t tces[TCE_LIST_MAX], index, i;
    SpaprTceTable *t;
    const char *why;

    if ((int64_t)liobn < 0) {
        return refuse("H_PUT_TCE_INDIRECT", liobn, ioba, list,
                      "negative LIOBN: the MTT option is not offered",
                      H_FUNCTION);
    }
    t = find_table(liobn);
    if (!t) {
        return refuse("H_PUT_TCE_INDIRECT", liobn, ioba, list,
                      "no such LIOBN", H_PARAMETER);
    }
    if (npages > TCE_LIST_MAX) {
        return refuse("H_PUT_TCE_INDIRECT", liobn, ioba, npages,
                      "more than 512 TCEs", H_PARAMETER);
    }
    if (list & (TCE_LIST_ALIGN - 1)) {
        return refuse("H_PUT_TCE_INDIRECT", liobn, ioba, list,
                      "TCE list not 4 KiB aligned", H_PARAMETER);
    }
    why = check_ioba(t, ioba, npages, &index);
    if (why) {
        return refuse("H_PUT_TCE_INDIRECT", liobn, ioba, npages, why,
                      H_PARAMETER);
    }
    if (!npages) {
        return H_SUCCESS;
    }
    if (!is_guest_ram(list, npages * 8) ||
        dma_memory_read(&address_space_memory, list, tces, npages * 8,
                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        return refuse("H_PUT_TCE_INDIRECT", liobn, ioba, list,
                      "TCE list outside the partition", H_PARAMETER);
    }
    /* all or nothing: validate every TCE before storing any */
    for (i = 0; i < npages; i++) {
        tces[i] = be64_to_cpu(tces[i]);
        why = check_tce(t, tces[i]);
        if (why) {
            return refuse("H_PUT_TCE_INDIRECT", liobn,
                          ioba + (i << t->page_shift), tces[i], why,
                          H_PARAMETER);
        }
    }
    if (store_all("H_PUT_TCE_INDIRECT", liobn, t, index, npages, tces)) {
        return H_NOT_ENOUGH_RESOURCES;
    }
    trace_spapr_iommu_indirect(liobn, ioba, list,
                               ioba + ((npages - 1) << t->page_shift),
                               tces[npages - 1], H_SUCCESS);
    return H_SUCCESS;
}

static target_ulong h_stuff_tce(PowerPCCPU *cpu, SpaprMachineState *spapr,
                                target_ulong opcode, target_ulong *args)
{
    target_ulong liobn = args[0], ioba = args[1], value = args[2];
    target_ulong npages = args[3];
    SpaprTceTable *t = find_table(liobn);
    const char *why;
    uint64_t index, i;

    if (!t) {
        return refuse("H_STUFF_TCE", liobn, ioba, value, "no such LIOBN",
                      H_PARAMETER);
    }
    if (npages > TCE_LIST_MAX) {
        return refuse("H_STUFF_TCE", liobn, ioba, npages,
                      "more than 512 TCEs", H_P4);
    }
    why = check_ioba(t, ioba, npages, &index);
    if (why) {
        return refuse("H_STUFF_TCE", liobn, ioba, npages, why, H_PARAMETER);
    }
    if (value & TCE_RW) {
        return refuse("H_STUFF_TCE", liobn, ioba, value,
                      "only clearing values are accepted (as KVM)",
                      H_PARAMETER);
    }
    /* clearing only: nothing for the host to fail */
    for (i = 0; i < npages; i++) {
        store_tce(t, index + i, value);
    }
    trace_spapr_iommu_stuff(liobn, ioba, value, npages, H_SUCCESS);
    return H_SUCCESS;
}

static void spapr_tce_hcall_register(void)
{
    spapr_register_hypercall(H_PUT_TCE, h_put_tce);
    spapr_register_hypercall(H_GET_TCE, h_get_tce);
    spapr_register_hypercall(H_PUT_TCE_INDIRECT, h_put_tce_indirect);
    spapr_register_hypercall(H_STUFF_TCE, h_stuff_tce);
}

type_init(spapr_tce_hcall_register)
