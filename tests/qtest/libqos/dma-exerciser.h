/*
 * libqos helpers for the DMA/MSI-X exerciser (docs/specs/dma-exerciser.rst)
 *
 * Bus-independent: the exerciser is found on any QPCIBus (sPAPR, PowerNV
 * PHB3, ...), and every helper that runs a command waits for it, bounded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef LIBQOS_DMA_EXERCISER_H
#define LIBQOS_DMA_EXERCISER_H

#include "pci.h"
#include "hw/misc/dma_exerciser_regs.h"

typedef struct QDmaExerciser {
    QTestState *qts;
    QPCIDevice *dev;
    QPCIBar bar0;           /* registers and MSI-X table */
    QPCIBar bar2;           /* buffer */
} QDmaExerciser;

void qdx_init(QDmaExerciser *dx, QPCIBus *bus, int devfn);
void qdx_uninit(QDmaExerciser *dx);

uint64_t qdx_read(QDmaExerciser *dx, uint64_t reg);
void qdx_write(QDmaExerciser *dx, uint64_t reg, uint64_t val);

/*
 * Start @cmd, wait until it is no longer busy; the final STATUS, or
 * all-ones as soon as the device stops answering (its PE froze)
 */
uint64_t qdx_run(QDmaExerciser *dx, uint64_t cmd);

/*
 * Program a command, not started: @count transfers of @len bytes from
 * @src to @dst (IOVAs or buffer offsets, by command), the memory-side
 * IOVA advancing by @stride, FILL/VERIFY pattern seed @seed
 */
void qdx_program(QDmaExerciser *dx, uint64_t src, uint64_t dst,
                 uint64_t len, uint64_t count, uint64_t stride,
                 uint64_t seed);

/* One transfer each; they return the final STATUS */
uint64_t qdx_fill(QDmaExerciser *dx, uint64_t iova, uint64_t len,
                  uint64_t seed);
uint64_t qdx_fill_irq(QDmaExerciser *dx, uint64_t iova, uint64_t len,
                      uint64_t seed, unsigned vector);
uint64_t qdx_verify(QDmaExerciser *dx, uint64_t iova, uint64_t len,
                    uint64_t seed);
uint64_t qdx_copy_to_buf(QDmaExerciser *dx, uint64_t iova, uint64_t buf_off,
                         uint64_t len);
uint64_t qdx_copy_from_buf(QDmaExerciser *dx, uint64_t buf_off,
                           uint64_t iova, uint64_t len);
uint64_t qdx_raw_write(QDmaExerciser *dx, uint64_t addr, uint64_t data,
                       unsigned size);

uint8_t qdx_buf_readb(QDmaExerciser *dx, uint64_t off);
void qdx_buf_writeb(QDmaExerciser *dx, uint64_t off, uint8_t v);

/* MSI-X: enable the function, program one table entry (unmasked) */
void qdx_msix_enable(QDmaExerciser *dx);
void qdx_msix_set_vector(QDmaExerciser *dx, unsigned vector, uint64_t addr,
                         uint32_t data);

/* The FILL/VERIFY pattern, and checks of guest memory against it */
uint8_t qdx_pattern_byte(uint64_t seed, uint64_t j);
void qdx_assert_pattern(QTestState *qts, uint64_t gpa, uint64_t len,
                        uint64_t seed);
void qdx_assert_zero(QTestState *qts, uint64_t gpa, uint64_t len);
/* ... the pattern from byte @j0 of the command's stream on */
void qdx_assert_pattern_at(QTestState *qts, uint64_t gpa, uint64_t len,
                           uint64_t seed, uint64_t j0);

#endif
