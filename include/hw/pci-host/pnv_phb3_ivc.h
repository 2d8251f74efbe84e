/*
 * PowerNV PHB3 Interrupt Vector Cache (IVC): the PHB's cache of IVEs
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PCI_HOST_PNV_PHB3_IVC_H
#define HW_PCI_HOST_PNV_PHB3_IVC_H

#include "migration/vmstate.h"

typedef struct PnvPHB3 PnvPHB3;

/* Entries the model can hold; the ivc-entries property picks how many */
#define PNV_PHB3_IVC_MAX        64
#define PNV_PHB3_IVC_DEFAULT    16

typedef struct PnvPhb3Ivc {
    /* Entry i caches the first doubleword of IVE tag[i] - 1 (0: empty) */
    uint32_t tag[PNV_PHB3_IVC_MAX];
    uint64_t ive[PNV_PHB3_IVC_MAX];
    uint32_t victim;            /* next entry a fill replaces */
    uint32_t entries;           /* property ivc-entries, 1..MAX */
    /* QOM counters */
    uint64_t hits;
    uint64_t misses;
    uint64_t updates_dropped;   /* IVC_UPDATE conditional on a stale gen */
} PnvPhb3Ivc;

extern const VMStateDescription vmstate_pnv_phb3_ivc;

/*
 * The IVE (first doubleword, host order) of interrupt source @src as the
 * PHB sees it: from the IVC, filled from the IVT on a miss.  False when
 * the IVT is disabled, too short for @src, or cannot be read.
 */
bool pnv_phb3_ivc_get(PnvPHB3 *phb, uint32_t src, uint64_t *ive);
/*
 * The PHB presents source @src: P set (with the IVE's generation) or, for
 * a source already pending or masked, Q set; in the IVC and written
 * through to the IVT, where skiboot reads them (phb3_pci_msi_check_q).
 */
void pnv_phb3_ivc_set_p(PnvPHB3 *phb, uint32_t src);
void pnv_phb3_ivc_set_q(PnvPHB3 *phb, uint32_t src);

/* PHB_IVC_INVALIDATE and PHB_IVC_UPDATE writes */
void pnv_phb3_ivc_invalidate(PnvPHB3 *phb, uint64_t val);
void pnv_phb3_ivc_update(PnvPHB3 *phb, uint64_t val);

void pnv_phb3_ivc_reset(PnvPHB3 *phb);
void pnv_phb3_ivc_add_properties(PnvPHB3 *phb);

#endif
