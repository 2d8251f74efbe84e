/*
 * libqos helpers for the DMA/MSI-X exerciser
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../libqtest.h"
#include "dma-exerciser.h"
#include "standard-headers/linux/pci_regs.h"

/* A command runs in bottom halves; qtest commands let them run */
#define QDX_POLL_LIMIT  100000

void qdx_init(QDmaExerciser *dx, QPCIBus *bus, int devfn)
{
    dx->qts = bus->qts;
    dx->dev = qpci_device_find(bus, devfn);
    g_assert_nonnull(dx->dev);
    g_assert_cmphex(qpci_config_readw(dx->dev, PCI_VENDOR_ID), ==,
                    DXR_VENDOR_ID);
    g_assert_cmphex(qpci_config_readw(dx->dev, PCI_DEVICE_ID), ==,
                    DXR_DEVICE_ID);
    dx->bar0 = qpci_iomap(dx->dev, 0, NULL);
    dx->bar2 = qpci_iomap(dx->dev, 2, NULL);
    qpci_config_writew(dx->dev, PCI_COMMAND,
                       PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void qdx_uninit(QDmaExerciser *dx)
{
    g_free(dx->dev);
    dx->dev = NULL;
}

uint64_t qdx_read(QDmaExerciser *dx, uint64_t reg)
{
    return qpci_io_readq(dx->dev, dx->bar0, reg);
}

void qdx_write(QDmaExerciser *dx, uint64_t reg, uint64_t val)
{
    qpci_io_writeq(dx->dev, dx->bar0, reg, val);
}

uint64_t qdx_run(QDmaExerciser *dx, uint64_t cmd)
{
    uint64_t status = DXR_STATUS_BUSY;
    int i;

    qdx_write(dx, DXR_CMD, cmd);
    for (i = 0; i < QDX_POLL_LIMIT && (status & DXR_STATUS_BUSY); i++) {
        status = qdx_read(dx, DXR_STATUS);
        /* all-ones: the device is unreachable (frozen PE, fenced PHB) */
        if (status == UINT64_MAX) {
            return status;
        }
    }
    g_assert_false(status & DXR_STATUS_BUSY);
    return status;
}

void qdx_program(QDmaExerciser *dx, uint64_t src, uint64_t dst,
                 uint64_t len, uint64_t count, uint64_t stride,
                 uint64_t seed)
{
    qdx_write(dx, DXR_SRC, src);
    qdx_write(dx, DXR_DST, dst);
    qdx_write(dx, DXR_LEN, len);
    qdx_write(dx, DXR_COUNT, count);
    qdx_write(dx, DXR_STRIDE, stride);
    qdx_write(dx, DXR_PATTERN, seed);
}

static uint64_t qdx_one(QDmaExerciser *dx, uint64_t cmd, uint64_t src,
                        uint64_t dst, uint64_t len, uint64_t seed)
{
    qdx_program(dx, src, dst, len, 1, 0, seed);
    return qdx_run(dx, cmd);
}

uint64_t qdx_fill(QDmaExerciser *dx, uint64_t iova, uint64_t len,
                  uint64_t seed)
{
    return qdx_one(dx, DXR_OP_FILL, 0, iova, len, seed);
}

uint64_t qdx_fill_irq(QDmaExerciser *dx, uint64_t iova, uint64_t len,
                      uint64_t seed, unsigned vector)
{
    return qdx_one(dx, DXR_OP_FILL | DXR_CMD_IRQ | DXR_CMD_VECTOR(vector),
                   0, iova, len, seed);
}

uint64_t qdx_verify(QDmaExerciser *dx, uint64_t iova, uint64_t len,
                    uint64_t seed)
{
    return qdx_one(dx, DXR_OP_VERIFY, iova, 0, len, seed);
}

uint64_t qdx_copy_to_buf(QDmaExerciser *dx, uint64_t iova, uint64_t buf_off,
                         uint64_t len)
{
    return qdx_one(dx, DXR_OP_MEM_TO_BUF, iova, buf_off, len, 0);
}

uint64_t qdx_copy_from_buf(QDmaExerciser *dx, uint64_t buf_off,
                           uint64_t iova, uint64_t len)
{
    return qdx_one(dx, DXR_OP_BUF_TO_MEM, buf_off, iova, len, 0);
}

uint64_t qdx_raw_write(QDmaExerciser *dx, uint64_t addr, uint64_t data,
                       unsigned size)
{
    qdx_write(dx, DXR_RAW_DATA, data);
    return qdx_one(dx, DXR_OP_RAW_WRITE, 0, addr, size, 0);
}

uint8_t qdx_buf_readb(QDmaExerciser *dx, uint64_t off)
{
    return qpci_io_readb(dx->dev, dx->bar2, off);
}

void qdx_buf_writeb(QDmaExerciser *dx, uint64_t off, uint8_t v)
{
    qpci_io_writeb(dx->dev, dx->bar2, off, v);
}

void qdx_msix_enable(QDmaExerciser *dx)
{
    uint8_t cap = qpci_find_capability(dx->dev, PCI_CAP_ID_MSIX, 0);
    uint16_t ctrl;

    g_assert_cmpint(cap, !=, 0);
    ctrl = qpci_config_readw(dx->dev, cap + PCI_MSIX_FLAGS);
    g_assert_cmpint((ctrl & PCI_MSIX_FLAGS_QSIZE) + 1, ==, DXR_MSIX_VECTORS);
    /* the table and the PBA are in BAR0, at the offsets the spec gives */
    g_assert_cmphex(qpci_config_readl(dx->dev, cap + PCI_MSIX_TABLE), ==,
                    DXR_MSIX_TABLE_OFFSET);
    g_assert_cmphex(qpci_config_readl(dx->dev, cap + PCI_MSIX_PBA), ==,
                    DXR_MSIX_PBA_OFFSET);
    qpci_config_writew(dx->dev, cap + PCI_MSIX_FLAGS,
                       (ctrl & ~PCI_MSIX_FLAGS_MASKALL) |
                       PCI_MSIX_FLAGS_ENABLE);
}

void qdx_msix_set_vector(QDmaExerciser *dx, unsigned vector, uint64_t addr,
                         uint32_t data)
{
    uint64_t e = DXR_MSIX_TABLE_OFFSET + vector * PCI_MSIX_ENTRY_SIZE;

    g_assert_cmpint(vector, <, DXR_MSIX_VECTORS);
    qpci_io_writel(dx->dev, dx->bar0, e + PCI_MSIX_ENTRY_LOWER_ADDR,
                   (uint32_t)addr);
    qpci_io_writel(dx->dev, dx->bar0, e + PCI_MSIX_ENTRY_UPPER_ADDR,
                   addr >> 32);
    qpci_io_writel(dx->dev, dx->bar0, e + PCI_MSIX_ENTRY_DATA, data);
    qpci_io_writel(dx->dev, dx->bar0, e + PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
}

/* docs/specs/dma-exerciser.rst, "Commands" */
uint8_t qdx_pattern_byte(uint64_t seed, uint64_t j)
{
    uint64_t w = seed ^ ((j >> 3) * 0x9e3779b97f4a7c15ULL);

    return w >> ((j & 7) * 8);
}

void qdx_assert_pattern_at(QTestState *qts, uint64_t gpa, uint64_t len,
                           uint64_t seed, uint64_t j0)
{
    g_autofree uint8_t *buf = g_malloc(len);
    uint64_t i;

    qtest_memread(qts, gpa, buf, len);
    for (i = 0; i < len; i++) {
        if (buf[i] != qdx_pattern_byte(seed, j0 + i)) {
            g_test_message("pattern mismatch at 0x%" PRIx64 " (+0x%" PRIx64
                           "): 0x%02x, expected 0x%02x", gpa + i, i, buf[i],
                           qdx_pattern_byte(seed, j0 + i));
            g_assert_not_reached();
        }
    }
}

void qdx_assert_pattern(QTestState *qts, uint64_t gpa, uint64_t len,
                        uint64_t seed)
{
    qdx_assert_pattern_at(qts, gpa, len, seed, 0);
}

void qdx_assert_zero(QTestState *qts, uint64_t gpa, uint64_t len)
{
    g_autofree uint8_t *buf = g_malloc(len);
    uint64_t i;

    qtest_memread(qts, gpa, buf, len);
    for (i = 0; i < len; i++) {
        if (buf[i]) {
            g_test_message("unexpected data at 0x%" PRIx64 ": 0x%02x",
                           gpa + i, buf[i]);
            g_assert_not_reached();
        }
    }
}
