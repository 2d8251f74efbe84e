/*
 * DMA/MSI-X exerciser: a PCIe endpoint that performs exactly the DMA and
 * interrupt traffic a test asks for, and reports how each transfer ended.
 *
 * It is a test instrument for the IOMMU (TCE) and interrupt (MSI) paths of
 * the PowerNV PHBs and the sPAPR PHB: every memory access it makes carries
 * its own requester ID and goes through the bus master address space the
 * PHB gives it, so translation faults, permission faults and MSI checks
 * apply to it as to any real device.  The register map is in
 * include/hw/misc/dma_exerciser_regs.h and docs/specs/dma-exerciser.rst.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "hw/pci/pci_io_report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "hw/misc/dma_exerciser_regs.h"
#include "hw/misc/dma_exerciser_hostmap.h"
#include "trace.h"

#define TYPE_DMA_EXERCISER "dma-exerciser"
OBJECT_DECLARE_SIMPLE_TYPE(DmaExerciserState, DMA_EXERCISER)

/* Work done per bottom-half run, so a long command never stalls the VM */
#define DXR_SLICE_BYTES     (4 * MiB)
/* Accesses never cross this boundary, so a fault names its IOVA page */
#define DXR_CHUNK           4096

#define DXR_PATTERN_MUL     0x9e3779b97f4a7c15ULL

struct DmaExerciserState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    MemoryRegion regs;
    MemoryRegion buf_mr;
    uint8_t *buf;
    uint8_t *bounce;
    QEMUBH *bh;

    /* properties */
    uint8_t dma_bits;
    uint32_t host_map_entries;

    /* a host IOMMU, as if passed through (dma_exerciser_hostmap.c) */
    DxrHostMap hostmap;

    /* registers */
    uint64_t src, dst, len, count, stride, pattern, raw_data, err_sel;
    uint64_t status, done_count, err_count, mismatch_iova;
    uint64_t bytes, irq_count;
    uint64_t busy_ns;       /* host time spent running the last command */

    /* the command in progress (a snapshot of the registers at start) */
    uint64_t cmd;
    uint64_t c_src, c_dst, c_len, c_count, c_stride, c_pattern;
    uint64_t cur;           /* next transfer */

    /* the first failures of the current command */
    uint64_t err_iova[DXR_ERRLOG_SIZE];
    uint64_t err_info[DXR_ERRLOG_SIZE];
};

static uint8_t dxr_pattern_byte(uint64_t seed, uint64_t j)
{
    uint64_t w = seed ^ ((j >> 3) * DXR_PATTERN_MUL);

    return w >> ((j & 7) * 8);
}

/* The pattern of bytes [j0, j0 + len) of a command's stream */
static void dxr_pattern_fill(uint8_t *buf, uint64_t len, uint64_t seed,
                             uint64_t j0)
{
    uint64_t i = 0;

    while (i < len) {
        uint64_t j = j0 + i;

        if (!(j & 7) && len - i >= 8) {
            stq_le_p(buf + i, seed ^ ((j >> 3) * DXR_PATTERN_MUL));
            i += 8;
        } else {
            buf[i++] = dxr_pattern_byte(seed, j);
        }
    }
}

static bool dxr_beyond_mask(DmaExerciserState *s, uint64_t iova, uint64_t len)
{
    if (s->dma_bits >= 64) {
        return false;
    }
    return ((iova + len - 1) >> s->dma_bits) != 0 || iova + len < iova;
}

static void dxr_log_error(DmaExerciserState *s, uint64_t k, uint64_t iova,
                          MemTxResult r, bool write, bool mask)
{
    uint64_t info = (r & 0xffffffffULL) | (write ? DXR_ERR_INFO_WRITE : 0) |
                    (mask ? DXR_ERR_INFO_MASK : 0) |
                    ((k & 0xffffffULL) << 40);

    if (s->err_count < DXR_ERRLOG_SIZE) {
        s->err_iova[s->err_count] = iova;
        s->err_info[s->err_count] = info;
    }
    s->err_count++;
    s->status |= DXR_STATUS_ERROR;
    trace_dma_exerciser_fault(pci_requester_id(PCI_DEVICE(s)), k, iova,
                              write, r, mask);
}

/*
 * One memory access of the device, split at 4 KiB boundaries so that a
 * failure is reported with the IOVA of the page that failed.  Returns false
 * (and logs the failure) if any part failed; the rest is not attempted, as
 * a device aborts a transfer on an error completion.
 */
static bool dxr_dma(DmaExerciserState *s, uint64_t k, uint64_t iova,
                    uint8_t *data, uint64_t len, bool write)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    MemTxAttrs attrs = { .requester_id = pci_requester_id(pdev) };

    while (len) {
        uint64_t n = MIN(len, DXR_CHUNK - (iova & (DXR_CHUNK - 1)));
        MemTxResult r;

        if (dxr_beyond_mask(s, iova, n)) {
            dxr_log_error(s, k, iova, MEMTX_DECODE_ERROR, write, true);
            return false;
        }
        if (!dxr_hostmap_allows(&s->hostmap, iova, write)) {
            dxr_log_error(s, k, iova, MEMTX_DECODE_ERROR, write, false);
            return false;
        }
        r = pci_dma_rw(pdev, iova, data, n,
                       write ? DMA_DIRECTION_FROM_DEVICE :
                               DMA_DIRECTION_TO_DEVICE, attrs);
        if (r != MEMTX_OK) {
            dxr_log_error(s, k, iova, r, write, false);
            return false;
        }
        s->bytes += n;
        iova += n;
        data += n;
        len -= n;
    }
    return true;
}

static bool dxr_transfer(DmaExerciserState *s, uint64_t k)
{
    uint64_t op = s->cmd & DXR_CMD_OP_MASK;
    uint64_t len = s->c_len;
    uint64_t step = k * s->c_stride;
    uint64_t src = s->c_src + step, dst = s->c_dst + step;
    uint64_t i;

    switch (op) {
    case DXR_OP_BUF_TO_MEM:
        return dxr_dma(s, k, dst, s->buf + s->c_src, len, true);
    case DXR_OP_MEM_TO_BUF:
        return dxr_dma(s, k, src, s->buf + s->c_dst, len, false);
    case DXR_OP_MEM_TO_MEM:
        return dxr_dma(s, k, src, s->bounce, len, false) &&
               dxr_dma(s, k, dst, s->bounce, len, true);
    case DXR_OP_FILL:
        dxr_pattern_fill(s->bounce, len, s->c_pattern, k * len);
        return dxr_dma(s, k, dst, s->bounce, len, true);
    case DXR_OP_VERIFY:
        if (!dxr_dma(s, k, src, s->bounce, len, false)) {
            return false;
        }
        for (i = 0; i < len; i++) {
            /* compare a word at a time, find the byte when one differs */
            if (!((k * len + i) & 7) && len - i >= 8) {
                uint64_t w = s->c_pattern ^
                             (((k * len + i) >> 3) * DXR_PATTERN_MUL);

                if (ldq_le_p(s->bounce + i) == w) {
                    i += 7;
                    continue;
                }
            }
            if (s->bounce[i] != dxr_pattern_byte(s->c_pattern, k * len + i)) {
                if (!(s->status & DXR_STATUS_MISMATCH)) {
                    s->status |= DXR_STATUS_MISMATCH;
                    s->mismatch_iova = src + i;
                }
                return false;
            }
        }
        return true;
    case DXR_OP_RAW_WRITE: {
        uint8_t data[8];

        stq_le_p(data, s->raw_data);
        trace_dma_exerciser_raw_write(pci_requester_id(PCI_DEVICE(s)), dst,
                                      len, s->raw_data);
        return dxr_dma(s, k, dst, data, len, true);
    }
    default:
        g_assert_not_reached(); /* rejected by dxr_start() */
    }
}

static void dxr_notify(DmaExerciserState *s, unsigned vector)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (!msix_enabled(pdev)) {
        pci_io_report(PCI_IO_REPORT_DEVICE_MISUSE,
                      PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                      "dma-exerciser %s: MSI-X vector %u "
                      "requested but MSI-X is disabled: no interrupt sent\n",
                      pdev->name, vector);
        return;
    }
    /* a masked vector only sets its pending bit: nothing is sent now */
    if (!msix_is_masked(pdev, vector)) {
        s->irq_count++;
    }
    msix_notify(pdev, vector);
    trace_dma_exerciser_irq(pci_requester_id(pdev), vector);
}

static void dxr_run(void *opaque)
{
    DmaExerciserState *s = opaque;
    uint64_t budget = 0;
    int64_t t0 = get_clock();

    if (!(s->status & DXR_STATUS_BUSY)) {
        return;
    }
    while (s->cur < s->c_count) {
        if (budget >= DXR_SLICE_BYTES) {
            s->busy_ns += get_clock() - t0;
            qemu_bh_schedule(s->bh);
            return;
        }
        if (dxr_transfer(s, s->cur)) {
            s->done_count++;
        }
        budget += s->c_len;
        s->cur++;
    }
    s->busy_ns += get_clock() - t0;
    s->status &= ~DXR_STATUS_BUSY;
    s->status |= DXR_STATUS_DONE;
    trace_dma_exerciser_done(pci_requester_id(PCI_DEVICE(s)),
                             s->done_count, s->err_count);
    if (s->cmd & DXR_CMD_IRQ) {
        dxr_notify(s, (s->cmd >> DXR_CMD_VECTOR_SHIFT) & 0xff);
    }
}

static bool dxr_check(DmaExerciserState *s, uint64_t op, unsigned vector)
{
    const char *why = NULL;
    bool buf_src = op == DXR_OP_BUF_TO_MEM, buf_dst = op == DXR_OP_MEM_TO_BUF;

    if (op < DXR_OP_BUF_TO_MEM || op > DXR_OP_RAW_WRITE) {
        why = "unknown operation";
    } else if ((s->cmd & DXR_CMD_IRQ) && vector >= DXR_MSIX_VECTORS) {
        why = "MSI-X vector out of range";
    } else if (op == DXR_OP_RAW_WRITE) {
        if (s->len != 1 && s->len != 2 && s->len != 4 && s->len != 8) {
            why = "raw write length must be 1, 2, 4 or 8";
        } else if (s->count != 1) {
            why = "raw write count must be 1";
        }
    } else if (s->len == 0 || s->len > DXR_MAX_LEN) {
        why = "length must be 1 to 1 MiB";
    } else if (s->count == 0 || s->count > DXR_MAX_COUNT) {
        why = "count must be 1 to 65536";
    } else if ((buf_src && (s->src > DXR_BUF_SIZE ||
                            s->len > DXR_BUF_SIZE - s->src)) ||
               (buf_dst && (s->dst > DXR_BUF_SIZE ||
                            s->len > DXR_BUF_SIZE - s->dst))) {
        why = "buffer range beyond the device buffer";
    }
    if (why) {
        pci_io_report(PCI_IO_REPORT_DEVICE_MISUSE,
                      PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                      "dma-exerciser %s: command 0x%" PRIx64
                      " rejected: %s (len 0x%" PRIx64 " count %" PRIu64 ")\n",
                      PCI_DEVICE(s)->name, s->cmd, why, s->len, s->count);
        return false;
    }
    return true;
}

static void dxr_start(DmaExerciserState *s, uint64_t cmd)
{
    uint64_t op = cmd & DXR_CMD_OP_MASK;
    unsigned vector = (cmd >> DXR_CMD_VECTOR_SHIFT) & 0xff;

    if (s->status & DXR_STATUS_BUSY) {
        pci_io_report(PCI_IO_REPORT_DEVICE_MISUSE,
                      PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                      "dma-exerciser %s: command 0x%" PRIx64
                      " ignored: a command is in progress\n",
                      PCI_DEVICE(s)->name, cmd);
        return;
    }
    s->cmd = cmd;
    s->status = 0;
    s->done_count = 0;
    s->err_count = 0;
    s->mismatch_iova = 0;
    memset(s->err_iova, 0, sizeof(s->err_iova));
    memset(s->err_info, 0, sizeof(s->err_info));
    if (!dxr_check(s, op, vector)) {
        s->status = DXR_STATUS_DONE | DXR_STATUS_BAD_CMD;
        return;
    }
    s->c_src = s->src;
    s->c_dst = s->dst;
    s->c_len = s->len;
    s->c_count = s->count;
    s->c_stride = s->stride;
    s->c_pattern = s->pattern;
    s->cur = 0;
    s->busy_ns = 0;
    s->status = DXR_STATUS_BUSY;
    trace_dma_exerciser_cmd(pci_requester_id(PCI_DEVICE(s)), op, s->c_src,
                            s->c_dst, s->c_len, s->c_count);
    qemu_bh_schedule(s->bh);
}

static uint64_t *dxr_reg(DmaExerciserState *s, hwaddr addr)
{
    switch (addr) {
    case DXR_SRC:           return &s->src;
    case DXR_DST:           return &s->dst;
    case DXR_LEN:           return &s->len;
    case DXR_COUNT:         return &s->count;
    case DXR_STRIDE:        return &s->stride;
    case DXR_PATTERN:       return &s->pattern;
    case DXR_RAW_DATA:      return &s->raw_data;
    case DXR_ERR_SEL:       return &s->err_sel;
    default:                return NULL;
    }
}

static uint64_t dxr_read64(DmaExerciserState *s, hwaddr addr)
{
    uint64_t *r = dxr_reg(s, addr);
    unsigned sel = s->err_sel % DXR_ERRLOG_SIZE;

    if (r) {
        return *r;
    }
    switch (addr) {
    case DXR_ID:
        return DXR_ID_VALUE;
    case DXR_CAPS:
        return DXR_MSIX_VECTORS | ((uint64_t)s->dma_bits << 8) |
               ((uint64_t)DXR_ERRLOG_SIZE << 16) |
               ((uint64_t)DXR_BUF_SIZE << 32);
    case DXR_STATUS:        return s->status;
    case DXR_DONE_COUNT:    return s->done_count;
    case DXR_ERR_COUNT:     return s->err_count;
    case DXR_MISMATCH_IOVA: return s->mismatch_iova;
    case DXR_ERR_IOVA:      return s->err_iova[sel];
    case DXR_ERR_INFO:      return s->err_info[sel];
    case DXR_BYTES:         return s->bytes;
    case DXR_IRQ_COUNT:     return s->irq_count;
    case DXR_BUSY_NS:       return s->busy_ns;
    case DXR_CMD:
    case DXR_DOORBELL:
        return 0;
    default:
        pci_io_report(PCI_IO_REPORT_DEVICE_MISUSE,
                      PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                      "dma-exerciser: read of unknown "
                      "register 0x%" HWADDR_PRIx "\n", addr);
        return 0;
    }
}

static uint64_t dxr_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    DmaExerciserState *s = opaque;
    uint64_t v = dxr_read64(s, addr & ~7ULL);

    return size == 8 ? v : extract64(v, (addr & 4) * 8, 32);
}

static void dxr_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    DmaExerciserState *s = opaque;
    hwaddr reg = addr & ~7ULL;
    uint64_t *r = dxr_reg(s, reg);

    if (size == 4) {
        /* A 4-byte write changes its half of the 64-bit register */
        uint64_t old = r ? *r : 0;

        val = deposit64(old, (addr & 4) * 8, 32, val);
        if (!r && (addr & 4)) {
            /* upper halves of command registers do nothing */
            return;
        }
    }
    if (r) {
        *r = val;
        return;
    }
    switch (reg) {
    case DXR_CMD:
        dxr_start(s, val);
        break;
    case DXR_STATUS:
        s->status &= ~(val & (DXR_STATUS_DONE | DXR_STATUS_ERROR |
                              DXR_STATUS_MISMATCH | DXR_STATUS_BAD_CMD));
        break;
    case DXR_DOORBELL:
        if (val >= DXR_MSIX_VECTORS) {
            pci_io_report(PCI_IO_REPORT_DEVICE_MISUSE,
                          PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                          "dma-exerciser %s: doorbell for "
                          "vector %" PRIu64 " beyond the %d vectors\n",
                          PCI_DEVICE(s)->name, val, DXR_MSIX_VECTORS);
            break;
        }
        dxr_notify(s, val);
        break;
    default:
        pci_io_report(PCI_IO_REPORT_DEVICE_MISUSE,
                      PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                      "dma-exerciser: write of read-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", addr);
    }
}

static const MemoryRegionOps dxr_mmio_ops = {
    .read = dxr_mmio_read,
    .write = dxr_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 8,
        .unaligned = false,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 8,
    },
};

static void dxr_realize(PCIDevice *pdev, Error **errp)
{
    DmaExerciserState *s = DMA_EXERCISER(pdev);

    if (s->dma_bits < 32 || s->dma_bits > 64) {
        error_setg(errp, "dma-bits must be between 32 and 64");
        return;
    }
    pci_config_set_interrupt_pin(pdev->config, 1);

    memory_region_init(&s->bar0, OBJECT(s), "dma-exerciser.bar0",
                       DXR_BAR0_SIZE);
    memory_region_init_io(&s->regs, OBJECT(s), &dxr_mmio_ops, s,
                          "dma-exerciser.regs", DXR_MSIX_TABLE_OFFSET);
    memory_region_add_subregion(&s->bar0, 0, &s->regs);
    if (!memory_region_init_ram(&s->buf_mr, OBJECT(s), "dma-exerciser.buf",
                                DXR_BUF_SIZE, errp)) {
        return;
    }
    s->buf = memory_region_get_ram_ptr(&s->buf_mr);
    s->bounce = g_malloc(DXR_MAX_LEN);

    if (pcie_endpoint_cap_init(pdev, 0x80) < 0) {
        error_setg(errp, "dma-exerciser: cannot add the PCIe capability");
        return;
    }
    if (msix_init(pdev, DXR_MSIX_VECTORS, &s->bar0, 0, DXR_MSIX_TABLE_OFFSET,
                  &s->bar0, 0, DXR_MSIX_PBA_OFFSET, 0, errp)) {
        return;
    }
    /* every vector can be signalled at any time (msix_notify needs this) */
    for (unsigned v = 0; v < DXR_MSIX_VECTORS; v++) {
        msix_vector_use(pdev, v);
    }
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar0);
    pci_register_bar(pdev, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->buf_mr);
    s->bh = qemu_bh_new_guarded(dxr_run, s,
                                &DEVICE(pdev)->mem_reentrancy_guard);
    dxr_hostmap_init(&s->hostmap, pdev, s->host_map_entries);
}

static void dxr_exit(PCIDevice *pdev)
{
    DmaExerciserState *s = DMA_EXERCISER(pdev);

    dxr_hostmap_exit(&s->hostmap);
    if (s->bh) {
        qemu_bh_delete(s->bh);
        s->bh = NULL;
    }
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &s->bar0, &s->bar0);
    g_free(s->bounce);
    s->bounce = NULL;
}

static void dxr_reset_hold(Object *obj, ResetType type)
{
    DmaExerciserState *s = DMA_EXERCISER(obj);

    if (s->bh) {
        qemu_bh_cancel(s->bh);
    }
    s->src = s->dst = s->len = s->count = s->stride = 0;
    s->pattern = s->raw_data = s->err_sel = 0;
    s->status = s->done_count = s->err_count = s->mismatch_iova = 0;
    s->bytes = s->irq_count = s->busy_ns = 0;
    s->cmd = s->c_src = s->c_dst = s->c_len = s->c_count = 0;
    s->c_stride = s->c_pattern = s->cur = 0;
    memset(s->err_iova, 0, sizeof(s->err_iova));
    memset(s->err_info, 0, sizeof(s->err_info));
    if (s->buf) {
        memset(s->buf, 0, DXR_BUF_SIZE);
    }
    msix_reset(PCI_DEVICE(obj));
}

static int dxr_post_load(void *opaque, int version_id)
{
    DmaExerciserState *s = opaque;

    if (s->c_len > DXR_MAX_LEN || s->c_count > DXR_MAX_COUNT) {
        return -EINVAL;
    }
    if (s->status & DXR_STATUS_BUSY) {
        qemu_bh_schedule(s->bh);
    }
    return 0;
}

static const VMStateDescription vmstate_dma_exerciser = {
    .name = TYPE_DMA_EXERCISER,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = dxr_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, DmaExerciserState),
        VMSTATE_MSIX(parent_obj, DmaExerciserState),
        VMSTATE_UINT64(src, DmaExerciserState),
        VMSTATE_UINT64(dst, DmaExerciserState),
        VMSTATE_UINT64(len, DmaExerciserState),
        VMSTATE_UINT64(count, DmaExerciserState),
        VMSTATE_UINT64(stride, DmaExerciserState),
        VMSTATE_UINT64(pattern, DmaExerciserState),
        VMSTATE_UINT64(raw_data, DmaExerciserState),
        VMSTATE_UINT64(err_sel, DmaExerciserState),
        VMSTATE_UINT64(status, DmaExerciserState),
        VMSTATE_UINT64(done_count, DmaExerciserState),
        VMSTATE_UINT64(err_count, DmaExerciserState),
        VMSTATE_UINT64(mismatch_iova, DmaExerciserState),
        VMSTATE_UINT64(bytes, DmaExerciserState),
        VMSTATE_UINT64(irq_count, DmaExerciserState),
        VMSTATE_UINT64(cmd, DmaExerciserState),
        VMSTATE_UINT64(c_src, DmaExerciserState),
        VMSTATE_UINT64(c_dst, DmaExerciserState),
        VMSTATE_UINT64(c_len, DmaExerciserState),
        VMSTATE_UINT64(c_count, DmaExerciserState),
        VMSTATE_UINT64(c_stride, DmaExerciserState),
        VMSTATE_UINT64(c_pattern, DmaExerciserState),
        VMSTATE_UINT64(cur, DmaExerciserState),
        VMSTATE_UINT64_ARRAY(err_iova, DmaExerciserState, DXR_ERRLOG_SIZE),
        VMSTATE_UINT64_ARRAY(err_info, DmaExerciserState, DXR_ERRLOG_SIZE),
        VMSTATE_END_OF_LIST()
    },
};

static const Property dxr_properties[] = {
    DEFINE_PROP_UINT8("dma-bits", DmaExerciserState, dma_bits, 64),
    /*
     * DMA through a host IOMMU of this many mappings, programmed from the
     * platform IOMMU's notifications (0: none); derived state, rebuilt by
     * the IOMMU's replay after migration
     */
    DEFINE_PROP_UINT32("host-map-entries", DmaExerciserState,
                       host_map_entries, 0),
};

static void dxr_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = dxr_realize;
    k->exit = dxr_exit;
    k->vendor_id = DXR_VENDOR_ID;
    k->device_id = DXR_DEVICE_ID;
    k->revision = 1;
    k->class_id = DXR_CLASS;
    rc->phases.hold = dxr_reset_hold;
    dc->desc = "DMA/MSI-X exerciser (test instrument)";
    dc->vmsd = &vmstate_dma_exerciser;
    device_class_set_props(dc, dxr_properties);
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo dxr_info = {
    .name = TYPE_DMA_EXERCISER,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(DmaExerciserState),
    .class_init = dxr_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void dxr_register_types(void)
{
    type_register_static(&dxr_info);
}

type_init(dxr_register_types)
