/*
 * libqos helpers for PAPR hypercalls and RTAS calls made from a qtest
 * (the "hcall" qtest command, see patches/0002-qtest-hcall.patch)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef LIBQOS_SPAPR_HCALL_H
#define LIBQOS_SPAPR_HCALL_H

#include "libqos-malloc.h"

/* PAPR hypercall numbers and return codes (LoPAR; include/hw/ppc/spapr.h) */
#define QH_GET_TCE              0x1c
#define QH_PUT_TCE              0x20
#define QH_CPPR                 0x68
#define QH_IPOLL                0x70
#define QH_STUFF_TCE            0x138
#define QH_PUT_TCE_INDIRECT     0x13c

#define QH_SUCCESS              0
#define QH_PARAMETER            ((uint64_t)-4)
#define QH_P2                   ((uint64_t)-55)
#define QH_P3                   ((uint64_t)-56)
#define QH_P4                   ((uint64_t)-57)

/* TCE permission bits 62:63 (LoPAR "TCE format") */
#define QSPAPR_TCE_R            0x1ULL
#define QSPAPR_TCE_W            0x2ULL
#define QSPAPR_TCE_RW           0x3ULL

/* The default DMA window of PHB @index (hw/ppc/spapr.h SPAPR_PCI_LIOBN) */
#define QSPAPR_PCI_LIOBN(index, window) (0x80000000 | ((index) << 8) | (window))

uint64_t qh_put_tce(QTestState *qts, uint64_t liobn, uint64_t ioba,
                    uint64_t tce);
uint64_t qh_get_tce(QTestState *qts, uint64_t liobn, uint64_t ioba,
                    uint64_t *tce);
uint64_t qh_put_tce_indirect(QTestState *qts, uint64_t liobn, uint64_t ioba,
                             uint64_t tce_list, uint64_t count);
uint64_t qh_stuff_tce(QTestState *qts, uint64_t liobn, uint64_t ioba,
                      uint64_t value, uint64_t count);

/*
 * Any RTAS call: @args and @rets (32-bit cells) go through guest memory
 * taken from @alloc.  Returns the call's status (rets[0]).
 */
int32_t qspapr_rtas(QTestState *qts, QGuestAllocator *alloc,
                    const char *name, uint32_t nargs, const uint32_t *args,
                    uint32_t nret, uint32_t *rets);

/* ibm,query-pe-dma-window, ibm,create-pe-dma-window, ibm,remove-... */
int32_t qspapr_ddw_query(QTestState *qts, QGuestAllocator *alloc,
                         uint32_t config_addr, uint64_t buid,
                         uint32_t *rets /* 5 */);
int32_t qspapr_ddw_create(QTestState *qts, QGuestAllocator *alloc,
                          uint32_t config_addr, uint64_t buid,
                          uint32_t page_shift, uint32_t window_shift,
                          uint32_t *liobn, uint64_t *start);
int32_t qspapr_ddw_remove(QTestState *qts, QGuestAllocator *alloc,
                          uint32_t liobn);
int32_t qspapr_ddw_reset(QTestState *qts, QGuestAllocator *alloc,
                         uint32_t config_addr, uint64_t buid);

/*
 * The PCI RTAS calls of the pseries IO models with their numbers of
 * arguments and results (LoPAR), for tests that call them all
 */
typedef struct QSpaprRtasCall {
    const char *name;
    uint8_t nargs, nret;
} QSpaprRtasCall;

extern const QSpaprRtasCall qspapr_pci_rtas_calls[];
extern const size_t qspapr_pci_rtas_ncalls;

/*
 * The machine's device tree (QMP dumpdtb), g_free() it; and a property of
 * the node at @path in it: components after "/", where a component
 * "*@UNIT" matches any node name with that unit address (so "*@4" below
 * "/pci@800000020000000" is the PHB's device in slot 4).
 * Returns the value and sets @len, or NULL.
 */
uint8_t *qspapr_dumpdtb(QTestState *qts);
const uint8_t *qspapr_dt_prop(const uint8_t *blob, const char *path,
                              const char *prop, int *len);

#endif
