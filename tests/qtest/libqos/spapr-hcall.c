/*
 * libqos helpers for PAPR hypercalls and RTAS calls made from a qtest
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "../libqtest.h"
#include "spapr-hcall.h"

uint64_t qh_put_tce(QTestState *qts, uint64_t liobn, uint64_t ioba,
                    uint64_t tce)
{
    uint64_t args[] = { liobn, ioba, tce };

    return qtest_hcall(qts, QH_PUT_TCE, 3, args, NULL);
}

uint64_t qh_get_tce(QTestState *qts, uint64_t liobn, uint64_t ioba,
                    uint64_t *tce)
{
    uint64_t args[] = { liobn, ioba };
    uint64_t rets[9];
    uint64_t rc = qtest_hcall(qts, QH_GET_TCE, 2, args, rets);

    if (tce) {
        *tce = rets[0];
    }
    return rc;
}

uint64_t qh_put_tce_indirect(QTestState *qts, uint64_t liobn, uint64_t ioba,
                             uint64_t tce_list, uint64_t count)
{
    uint64_t args[] = { liobn, ioba, tce_list, count };

    return qtest_hcall(qts, QH_PUT_TCE_INDIRECT, 4, args, NULL);
}

uint64_t qh_stuff_tce(QTestState *qts, uint64_t liobn, uint64_t ioba,
                      uint64_t value, uint64_t count)
{
    uint64_t args[] = { liobn, ioba, value, count };

    return qtest_hcall(qts, QH_STUFF_TCE, 4, args, NULL);
}

int32_t qspapr_rtas(QTestState *qts, QGuestAllocator *alloc,
                    const char *name, uint32_t nargs, const uint32_t *args,
                    uint32_t nret, uint32_t *rets)
{
    uint64_t a = guest_alloc(alloc, MAX(nargs, 1) * 4);
    uint64_t r = guest_alloc(alloc, MAX(nret, 1) * 4);
    uint32_t i;

    for (i = 0; i < nargs; i++) {
        qtest_writel(qts, a + 4 * i, args[i]);
    }
    for (i = 0; i < nret; i++) {
        qtest_writel(qts, r + 4 * i, 0xdeadbeef);
    }
    qtest_rtas_call(qts, name, nargs, a, nret, r);
    for (i = 0; i < nret; i++) {
        rets[i] = qtest_readl(qts, r + 4 * i);
    }
    guest_free(alloc, a);
    guest_free(alloc, r);
    return nret ? (int32_t)rets[0] : 0;
}

int32_t qspapr_ddw_query(QTestState *qts, QGuestAllocator *alloc,
                         uint32_t config_addr, uint64_t buid, uint32_t *rets)
{
    uint32_t args[] = { config_addr, buid >> 32, (uint32_t)buid };

    return qspapr_rtas(qts, alloc, "ibm,query-pe-dma-window", 3, args, 5,
                       rets);
}

int32_t qspapr_ddw_create(QTestState *qts, QGuestAllocator *alloc,
                          uint32_t config_addr, uint64_t buid,
                          uint32_t page_shift, uint32_t window_shift,
                          uint32_t *liobn, uint64_t *start)
{
    uint32_t args[] = { config_addr, buid >> 32, (uint32_t)buid, page_shift,
                        window_shift };
    uint32_t rets[4];
    int32_t st = qspapr_rtas(qts, alloc, "ibm,create-pe-dma-window", 5, args,
                             4, rets);

    *liobn = rets[1];
    *start = ((uint64_t)rets[2] << 32) | rets[3];
    return st;
}

int32_t qspapr_ddw_remove(QTestState *qts, QGuestAllocator *alloc,
                          uint32_t liobn)
{
    uint32_t rets[1];

    return qspapr_rtas(qts, alloc, "ibm,remove-pe-dma-window", 1, &liobn, 1,
                       rets);
}

int32_t qspapr_ddw_reset(QTestState *qts, QGuestAllocator *alloc,
                         uint32_t config_addr, uint64_t buid)
{
    uint32_t args[] = { config_addr, buid >> 32, (uint32_t)buid };
    uint32_t rets[1];

    return qspapr_rtas(qts, alloc, "ibm,reset-pe-dma-window", 3, args, 1,
                       rets);
}
