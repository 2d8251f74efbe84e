/*
 * libqos helpers for PAPR hypercalls and RTAS calls made from a qtest
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qobject/qdict.h"
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

const QSpaprRtasCall qspapr_pci_rtas_calls[] = {
    { "ibm,change-msi", 6, 4 },
    { "ibm,query-interrupt-source-number", 4, 3 },
    { "ibm,query-pe-dma-window", 3, 6 },
    { "ibm,create-pe-dma-window", 5, 4 },
    { "ibm,remove-pe-dma-window", 1, 1 },
    { "ibm,reset-pe-dma-window", 4, 1 },
    { "ibm,set-eeh-option", 4, 1 },
    { "ibm,get-config-addr-info2", 4, 2 },
    { "ibm,read-slot-reset-state2", 3, 4 },
    { "ibm,set-slot-reset", 4, 1 },
    { "ibm,configure-pe", 3, 1 },
    { "ibm,slot-error-detail", 8, 1 },
    { "ibm,open-errinjct", 0, 2 },
    { "ibm,errinjct", 3, 1 },
    { "ibm,close-errinjct", 1, 1 },
    { "ibm,read-pci-config", 2, 2 },
    { "ibm,write-pci-config", 3, 1 },
};
const size_t qspapr_pci_rtas_ncalls = ARRAY_SIZE(qspapr_pci_rtas_calls);

/* ---- the flattened device tree (dumpdtb) -------------------------------- */

enum { FDT_BEGIN = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4 };

#define FDT_MAX_DEPTH   16

uint8_t *qspapr_dumpdtb(QTestState *qts)
{
    g_autofree char *path = NULL;
    uint8_t *blob;
    gsize size;
    int fd = g_file_open_tmp("qspapr-XXXXXX.dtb", &path, NULL);
    QDict *rsp;

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    rsp = qtest_qmp(qts, "{ 'execute': 'dumpdtb', "
                    "'arguments': { 'filename': %s } }", path);
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    g_assert(g_file_get_contents(path, (char **)&blob, &size, NULL));
    unlink(path);
    g_assert_cmpuint(size, >=, 40);
    g_assert_cmphex((uint32_t)ldl_be_p(blob), ==, 0xd00dfeed);
    g_assert_cmpuint((uint32_t)ldl_be_p(blob + 4), <=, size);
    return blob;
}

static bool name_matches(const char *pattern, const char *name)
{
    const char *at;

    if (g_str_has_prefix(pattern, "*@")) {
        at = strchr(name, '@');
        return at && !strcmp(at + 1, pattern + 2);
    }
    return !strcmp(pattern, name);
}

const uint8_t *qspapr_dt_prop(const uint8_t *blob, const char *path,
                              const char *prop, int *len)
{
    g_auto(GStrv) want = g_strsplit(path + 1, "/", -1);
    int want_depth = *want[0] ? g_strv_length(want) : 0;
    const uint8_t *p = blob + (uint32_t)ldl_be_p(blob + 8);
    const char *strings = (const char *)blob + (uint32_t)ldl_be_p(blob + 12);
    const uint8_t *end = blob + (uint32_t)ldl_be_p(blob + 4);
    bool match[FDT_MAX_DEPTH + 1];
    int depth = -1;

    while (p + 4 <= end) {
        uint32_t tok = (uint32_t)ldl_be_p(p);

        p += 4;
        if (tok == FDT_BEGIN) {
            const char *name = (const char *)p;

            depth++;
            g_assert_cmpint(depth, <=, FDT_MAX_DEPTH);
            /* the root matches; a node matches if its parent does */
            match[depth] = !depth ||
                (match[depth - 1] && depth <= want_depth &&
                 name_matches(want[depth - 1], name));
            p += QEMU_ALIGN_UP(strlen(name) + 1, 4);
        } else if (tok == FDT_END_NODE) {
            depth--;
        } else if (tok == FDT_PROP) {
            uint32_t plen = (uint32_t)ldl_be_p(p);
            uint32_t nameoff = (uint32_t)ldl_be_p(p + 4);
            const uint8_t *val = p + 8;

            p += 8 + QEMU_ALIGN_UP(plen, 4);
            if (depth == want_depth && match[depth] &&
                !strcmp(strings + nameoff, prop)) {
                *len = plen;
                return val;
            }
        } else if (tok != FDT_NOP) {
            break;
        }
    }
    return NULL;
}
