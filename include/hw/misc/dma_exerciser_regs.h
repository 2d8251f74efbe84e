/*
 * DMA/MSI-X exerciser: register map
 *
 * Shared by the device model (hw/misc/dma_exerciser.c), the qtests and the
 * in-guest test programs, so it holds only plain definitions.
 * The specification is docs/specs/dma-exerciser.rst.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_DMA_EXERCISER_REGS_H
#define HW_MISC_DMA_EXERCISER_REGS_H

#define DXR_VENDOR_ID           0x1234  /* PCI_VENDOR_ID_QEMU */
#define DXR_DEVICE_ID           0x50e0
#define DXR_CLASS               0xff00   /* class ff: unassigned */

/*
 * BAR0: registers, MSI-X table and PBA, all within its first 4 KiB, so the
 * table shares a page with the doorbells whatever the kernel page size.
 * The BAR is 64 KiB: one whole page on a 64K-page kernel (mmappable by vfio).
 */
#define DXR_BAR0_SIZE           0x10000
#define DXR_MSIX_TABLE_OFFSET   0x800
#define DXR_MSIX_PBA_OFFSET     0xc00
#define DXR_MSIX_VECTORS        8

/* BAR2: the device buffer, read and written by the CPU as plain memory */
#define DXR_BUF_SIZE            0x10000

/* 64-bit registers in BAR0, little-endian; 4- and 8-byte accesses */
#define DXR_ID                  0x000   /* RO: DXR_ID_VALUE */
#define DXR_CAPS                0x008   /* RO: see DXR_CAPS_* */
#define DXR_SRC                 0x010   /* RW: source IOVA or buffer offset */
#define DXR_DST                 0x018   /* RW: destination IOVA or offset */
#define DXR_LEN                 0x020   /* RW: bytes per transfer */
#define DXR_COUNT               0x028   /* RW: transfers per command (>= 1) */
#define DXR_STRIDE              0x030   /* RW: IOVA step between transfers */
#define DXR_PATTERN             0x038   /* RW: FILL/VERIFY seed */
#define DXR_CMD                 0x040   /* WO: start a command, DXR_CMD_* */
#define DXR_STATUS              0x048   /* RO: DXR_STATUS_*; write 1s clear */
#define DXR_DONE_COUNT          0x050   /* RO: transfers that succeeded */
#define DXR_ERR_COUNT           0x058   /* RO: transfers that failed */
#define DXR_MISMATCH_IOVA       0x060   /* RO: first VERIFY mismatch */
#define DXR_RAW_DATA            0x068   /* RW: data for DXR_OP_RAW_WRITE */
#define DXR_ERR_SEL             0x070   /* RW: error log index */
#define DXR_ERR_IOVA            0x078   /* RO: IOVA of logged failure */
#define DXR_ERR_INFO            0x080   /* RO: DXR_ERR_INFO_* of it */
#define DXR_BYTES               0x088   /* RO: bytes moved since reset */
#define DXR_IRQ_COUNT           0x090   /* RO: MSI-X messages sent */
#define DXR_DOORBELL            0x098   /* WO: send MSI-X vector N now */
#define DXR_BUSY_NS             0x0a0   /* RO: host ns the last command ran */

#define DXR_ID_VALUE            0x0000000152584444ULL /* "DDXR", version 1 */

#define DXR_CAPS_VECTORS(c)     ((c) & 0xff)
#define DXR_CAPS_DMA_BITS(c)    (((c) >> 8) & 0xff)
#define DXR_CAPS_ERRLOG(c)      (((c) >> 16) & 0xff)
#define DXR_CAPS_BUF_SIZE(c)    ((c) >> 32)

/* DXR_CMD */
#define DXR_CMD_OP_MASK         0xfULL
#define DXR_OP_BUF_TO_MEM       1  /* device writes memory from its buffer */
#define DXR_OP_MEM_TO_BUF       2  /* device reads memory into its buffer */
#define DXR_OP_MEM_TO_MEM       3  /* device reads SRC, writes DST */
#define DXR_OP_FILL             4  /* device writes the pattern to DST */
#define DXR_OP_VERIFY           5  /* device reads SRC, compares to pattern */
/* one write of LEN (1, 2, 4, 8) bytes of RAW_DATA to DST: a forged MSI */
#define DXR_OP_RAW_WRITE        6
#define DXR_CMD_IRQ             (1ULL << 4)  /* MSI-X on completion */
#define DXR_CMD_VECTOR_SHIFT    8
#define DXR_CMD_VECTOR(v)       ((uint64_t)(v) << DXR_CMD_VECTOR_SHIFT)

/* DXR_STATUS */
#define DXR_STATUS_BUSY         (1ULL << 0)
#define DXR_STATUS_DONE         (1ULL << 1)
#define DXR_STATUS_ERROR        (1ULL << 2)  /* a transfer failed */
#define DXR_STATUS_MISMATCH     (1ULL << 3)  /* VERIFY found other data */
#define DXR_STATUS_BAD_CMD      (1ULL << 4)  /* rejected, nothing done */

/* DXR_ERR_INFO */
#define DXR_ERR_INFO_RESULT(i)  ((i) & 0xffffffffULL) /* MemTxResult bits */
#define DXR_ERR_INFO_WRITE      (1ULL << 32)  /* the failed access wrote */
#define DXR_ERR_INFO_MASK       (1ULL << 33)  /* IOVA beyond the DMA mask */
#define DXR_ERR_INFO_TRANSFER(i) (((i) >> 40) & 0xffffffULL)

#define DXR_ERRLOG_SIZE         16
#define DXR_MAX_LEN             0x100000      /* 1 MiB per transfer */
#define DXR_MAX_COUNT           0x10000

/* MemTxResult bits as reported in DXR_ERR_INFO_RESULT */
#define DXR_MEMTX_ERROR         (1U << 0)
#define DXR_MEMTX_DECODE_ERROR  (1U << 1)
#define DXR_MEMTX_ACCESS_ERROR  (1U << 2)

#endif
