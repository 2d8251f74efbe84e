/*
 * sPAPR RTAS error injection: ibm,open-errinjct, ibm,errinjct and
 * ibm,close-errinjct, for the IOA bus errors of emulated PCI devices
 *
 * LoPAR "Error Injection Option" (the RTAS calls) and "ERRINJCT Option"
 * (the PHB side); the client is powerpc-utils' errinjct through librtas,
 * or a kernel that drives the calls itself (Linux 6.12's
 * pseries_eeh_err_inject does not: it breaks the device instead).
 *
 * - ibm,open-errinjct (0 in, 2 out): the open token comes first, the
 *   status second (LoPAR notes the reversed order); one session at a
 *   time, -4 (and token 0) while one is open.
 * - ibm,close-errinjct (1 in: the open token): -4 unless it names the
 *   open session (which then stays open for its owner).
 * - ibm,errinjct (3 in: error class token, open token, work buffer):
 *   -4 unless the session is open and the token is its own; -3 for an
 *   error class or a work buffer not modelled, a buffer not in RAM or not
 *   on a 1 KiB boundary, a PHB or PE that does not exist, a PE without
 *   EEH enabled (LoPAR allows injection only with EEH enabled).
 *
 * Error classes: /rtas "ibm,errinjct-tokens" lists the ones modelled,
 * "ioa-bus-error" (7) and "ioa-bus-error-64" (8); LoPAR fixes the names,
 * not the values (these are the classes' places in LoPAR's list).
 *
 * Work buffer, 32-bit big-endian words:
 *   ioa-bus-error:    address, mask, config address, BUID hi, BUID lo,
 *                     function
 *   ioa-bus-error-64: address hi, lo, mask hi, lo, config address,
 *                     BUID hi, BUID lo, function
 * A mask bit 1 compares that address bit, 0 ignores it (so a mask of 0
 * matches any address).  The 32-bit form compares the low 32 bits.
 *
 * Functions (LoPAR table of the sixth / eighth word): 0/1 load memory
 * (address/data parity), 4/5 load config, 6/7 store memory, 10/11 store
 * config, 12..15 DMA read (address, data, master abort, target abort),
 * 16..19 DMA write; 20 disables the PE's injection, 21 reads it back into
 * the buffer (address, mask, function in the request's layout; function
 * 0xffffffff when none is armed).  IO space (2, 3, 8, 9) is not modelled
 * (-3, as LoPAR R1-17 lets callers expect).
 *
 * What happens: the injection is armed on the PE (hw/ppc/spapr_pci_eeh.c).
 * The next access of that kind by the PE whose address matches gets the
 * error: an error of the PE as if the hardware had seen the parity/ECRC
 * error or the abort, so the PE stops (MMIO and DMA, EEH), the load
 * returns all-ones, the store or DMA is dropped.  It fires at most once
 * (LoPAR R1-18); a PE reset or a machine reset disarms it.
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
#include "hw/ppc/fdt.h"
#include "hw/ppc/spapr.h"
#include "hw/pci-host/spapr.h"
#include "hw/ppc/spapr_errinjct.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "migration/vmstate.h"
#include "trace.h"
#include <libfdt.h>

/* Error class tokens (ibm,errinjct-tokens) */
#define ERRINJCT_IOA_BUS_ERROR          7
#define ERRINJCT_IOA_BUS_ERROR_64       8

/* Status of the errinjct calls (LoPAR) */
#define ERRINJCT_CALL_ERROR             (-4)    /* not open / not the opener */
#define ERRINJCT_BUF_SIZE               1024
#define ERRINJCT_BUF_WORDS              8

/* Functions beyond the error kinds */
#define ERRINJCT_FN_DISABLE             20
#define ERRINJCT_FN_READ_BACK           21

static void errinjct_refuse(target_ulong rets, int status, const char *why,
                            uint64_t a, uint64_t b)
{
    pci_io_report(PCI_IO_REPORT_RTAS_REFUSED,
                  PCI_IO_REPORT_NO_PHB, PCI_IO_REPORT_NO_PE,
                  "ibm,errinjct: %s (0x%" PRIx64 ", 0x%"
                  PRIx64 "): status %d\n", why, a, b, status);
    trace_spapr_errinjct_refused(why, a, b, status);
    rtas_st(rets, 0, status);
}

/* The call's numbers of arguments and results; a parameter error if not */
static bool counts_ok(uint32_t nargs, uint32_t want_args, uint32_t nret,
                      uint32_t want_ret, target_ulong rets)
{
    if (nargs == want_args && nret == want_ret) {
        return true;
    }
    if (nret) {
        rtas_st(rets, 0, RTAS_OUT_PARAM_ERROR);
    }
    return false;
}

static void rtas_open_errinjct(PowerPCCPU *cpu, SpaprMachineState *spapr,
                               uint32_t token, uint32_t nargs,
                               target_ulong args, uint32_t nret,
                               target_ulong rets)
{
    if (!counts_ok(nargs, 0, nret, 2, rets)) {
        return;
    }
    if (spapr->errinjct_token) {
        rtas_st(rets, 0, 0);
        rtas_st(rets, 1, ERRINJCT_CALL_ERROR);     /* already open */
        return;
    }
    /* a new token for each session, never 0 */
    spapr->errinjct_last = spapr->errinjct_last + 1 ?: 1;
    spapr->errinjct_token = spapr->errinjct_last;
    trace_spapr_errinjct_open(spapr->errinjct_token);
    rtas_st(rets, 0, spapr->errinjct_token);   /* token first (LoPAR) */
    rtas_st(rets, 1, RTAS_OUT_SUCCESS);
}

static void rtas_close_errinjct(PowerPCCPU *cpu, SpaprMachineState *spapr,
                                uint32_t token, uint32_t nargs,
                                target_ulong args, uint32_t nret,
                                target_ulong rets)
{
    if (!counts_ok(nargs, 1, nret, 1, rets)) {
        return;
    }
    if (!spapr->errinjct_token || rtas_ld(args, 0) != spapr->errinjct_token) {
        errinjct_refuse(rets, ERRINJCT_CALL_ERROR, "close: not the open "
                        "session", rtas_ld(args, 0), spapr->errinjct_token);
        return;
    }
    trace_spapr_errinjct_close(spapr->errinjct_token);
    spapr->errinjct_token = 0;
    rtas_st(rets, 0, RTAS_OUT_SUCCESS);
}

static void rtas_errinjct(PowerPCCPU *cpu, SpaprMachineState *spapr,
                          uint32_t token, uint32_t nargs, target_ulong args,
                          uint32_t nret, target_ulong rets)
{
    uint32_t class, buf, w[ERRINJCT_BUF_WORDS], fn, config_addr;
    uint64_t addr, mask, buid;
    SpaprPciPe *pe;
    bool wide;
    int i;

    if (!counts_ok(nargs, 3, nret, 1, rets)) {
        return;
    }
    class = rtas_ld(args, 0);
    buf = rtas_ld(args, 2);
    if (!spapr->errinjct_token || rtas_ld(args, 1) != spapr->errinjct_token) {
        errinjct_refuse(rets, ERRINJCT_CALL_ERROR, "not the open session",
                        rtas_ld(args, 1), spapr->errinjct_token);
        return;
    }
    if (class != ERRINJCT_IOA_BUS_ERROR && class != ERRINJCT_IOA_BUS_ERROR_64) {
        errinjct_refuse(rets, RTAS_OUT_PARAM_ERROR, "error class not "
                        "modelled", class, 0);
        return;
    }
    if (buf & (ERRINJCT_BUF_SIZE - 1) ||
        address_space_read(&address_space_memory, ppc64_phys_to_real(buf),
                           MEMTXATTRS_UNSPECIFIED, w, sizeof(w)) != MEMTX_OK) {
        errinjct_refuse(rets, RTAS_OUT_PARAM_ERROR, "work buffer not 1 KiB "
                        "aligned in RAM", buf, 0);
        return;
    }
    for (i = 0; i < ERRINJCT_BUF_WORDS; i++) {
        w[i] = be32_to_cpu(w[i]);
    }
    wide = class == ERRINJCT_IOA_BUS_ERROR_64;
    if (wide) {
        addr = (uint64_t)w[0] << 32 | w[1];
        mask = (uint64_t)w[2] << 32 | w[3];
    } else {
        addr = w[0];
        mask = w[1];
    }
    config_addr = w[wide ? 4 : 2];
    buid = (uint64_t)w[wide ? 5 : 3] << 32 | w[wide ? 6 : 4];
    fn = w[wide ? 7 : 5];

    pe = spapr_pci_pe_find(spapr, buid, config_addr);
    if (!pe) {
        errinjct_refuse(rets, RTAS_OUT_PARAM_ERROR, "no such PE (config "
                        "address, BUID)", config_addr, buid);
        return;
    }
    if (fn == ERRINJCT_FN_DISABLE) {
        spapr_pe_errinjct_arm(pe, SPAPR_ERRINJCT_NONE, 0, 0);
        rtas_st(rets, 0, RTAS_OUT_SUCCESS);
        return;
    }
    if (fn == ERRINJCT_FN_READ_BACK) {
        SpaprPeEeh *e = &pe->eeh;
        uint32_t out[4];
        int n = 0;

        if (wide) {
            out[n++] = cpu_to_be32(e->inj_addr >> 32);
        }
        out[n++] = cpu_to_be32(e->inj_addr);
        if (wide) {
            out[n++] = cpu_to_be32(e->inj_mask >> 32);
        }
        out[n++] = cpu_to_be32(e->inj_mask);
        address_space_write(&address_space_memory, ppc64_phys_to_real(buf),
                            MEMTXATTRS_UNSPECIFIED, out, n * 4);
        address_space_stl_be(&address_space_memory,
                             ppc64_phys_to_real(buf + (wide ? 28 : 20)),
                             e->inj_fn,
                             MEMTXATTRS_UNSPECIFIED, NULL);
        rtas_st(rets, 0, RTAS_OUT_SUCCESS);
        return;
    }
    if (spapr_errinjct_kind(fn) < 0) {
        errinjct_refuse(rets, RTAS_OUT_PARAM_ERROR, "function not modelled "
                        "(IO space, or unknown)", fn, 0);
        return;
    }
    if (!pe->eeh.enabled) {
        errinjct_refuse(rets, RTAS_OUT_PARAM_ERROR, "EEH is not enabled for "
                        "the PE (LoPAR: injection needs it)", config_addr, fn);
        return;
    }
    /* the 32-bit form's mask (a 32-bit word) compares the low 32 bits */
    spapr_pe_errinjct_arm(pe, fn, addr, mask);
    rtas_st(rets, 0, RTAS_OUT_SUCCESS);
}

void spapr_errinjct_dt(void *fdt, int rtas_node)
{
    /* pairs of a NUL-terminated name and a 32-bit big-endian token */
    static const char names[][20] = { "ioa-bus-error", "ioa-bus-error-64" };
    static const uint32_t tokens[] = {
        ERRINJCT_IOA_BUS_ERROR, ERRINJCT_IOA_BUS_ERROR_64
    };
    GByteArray *prop = g_byte_array_new();
    int i;

    for (i = 0; i < ARRAY_SIZE(names); i++) {
        uint32_t t = cpu_to_be32(tokens[i]);

        g_byte_array_append(prop, (const guint8 *)names[i],
                            strlen(names[i]) + 1);
        g_byte_array_append(prop, (const guint8 *)&t, sizeof(t));
    }
    _FDT(fdt_setprop(fdt, rtas_node, "ibm,errinjct-tokens", prop->data,
                     prop->len));
    g_byte_array_free(prop, true);
}

void spapr_errinjct_reset(SpaprMachineState *spapr)
{
    spapr->errinjct_token = 0;      /* firmware closes it before the OS */
}

static bool errinjct_needed(void *opaque)
{
    SpaprMachineState *spapr = opaque;

    return spapr->errinjct_token || spapr->errinjct_last;
}

/* A subsection of the machine's state */
const VMStateDescription vmstate_spapr_errinjct = {
    .name = "spapr/powerio-errinjct",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = errinjct_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(errinjct_token, SpaprMachineState),
        VMSTATE_UINT32(errinjct_last, SpaprMachineState),
        VMSTATE_END_OF_LIST()
    },
};

static void spapr_errinjct_register(void)
{
    spapr_rtas_register(RTAS_IBM_OPEN_ERRINJCT, "ibm,open-errinjct",
                        rtas_open_errinjct);
    spapr_rtas_register(RTAS_IBM_ERRINJCT, "ibm,errinjct", rtas_errinjct);
    spapr_rtas_register(RTAS_IBM_CLOSE_ERRINJCT, "ibm,close-errinjct",
                        rtas_close_errinjct);
}

type_init(spapr_errinjct_register)
