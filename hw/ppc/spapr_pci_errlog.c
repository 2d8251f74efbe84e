/*
 * sPAPR PHB: the error log of ibm,slot-error-detail
 *
 * When a PE is stopped, ibm,slot-error-detail returns an error log in the
 * RTAS error log format (LoPAR "ibm,slot-error-detail" R1-2: the format
 * event-scan uses; "RTAS Error Reporting": the fixed part and the
 * version 6 extended log), which Linux's pseries_eeh_get_log hands to
 * log_error (dmesg "RTAS: event: ..., Type: Platform Error (224)", and
 * /proc/powerpc/rtas/error_log for rtas_errd).  The log built here:
 *
 *   fixed part     version 6, severity ERROR (4; FATAL 5 for the
 *                  permanent function), disposition NOT RECOVERED,
 *                  extended log present, initiator and target PCI (2),
 *                  type 0xE0 (platform error);
 *   v6 header      valid, recoverable (unrecoverable: permanent), new log,
 *                  big endian, Platform Event Log format (14), "IBM";
 *   PH (Main-A)    creation date and time (when the log is read), creator
 *                  'H' (hypervisor), section count, platform log ID (PHB
 *                  index and the PHB's freeze count);
 *   UH (Main-B)    subsystem 0x30 (I/O hub/bridge/bus: the PHB detected
 *                  it), event severity 0x40 (unrecoverable, general), action
 *                  flags (service action and report externally for the
 *                  permanent function);
 *   PS             required with type 0xE0: SRC version 2, hex words 2..9
 *                  = PE configuration address, BUID hi, lo, failing
 *                  address hi, lo, LIOBN (0: not a TCE), flags (bit 31: a
 *                  write), 0; the reference code is the text "EEH PE
 *                  STOPPED" (IBM's SRC codes for this are not public);
 *   UD             the model's description of the first error, as text;
 *   UD             the device driver's data, last (LoPAR), truncated to
 *                  what the buffer holds.
 * The log is cut at the returned buffer's length (LoPAR R1-11).
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bcd.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "system/rtc.h"
#include "hw/pci-host/spapr.h"
#include "hw/ppc/spapr.h"
#include "hw/ppc/spapr_pci_pe.h"
#include "hw/ppc/spapr_pci_eeh.h"

#define LOG_VERSION_6           6
#define LOG_SEV_ERROR           4
#define LOG_SEV_FATAL           5
#define LOG_DISP_NOT_RECOVERED  2
#define LOG_EXTENDED            0x04
#define LOG_INIT_TARGET_PCI     0x22
#define LOG_TYPE_PLATFORM       0xe0

#define V6_VALID                0x80
#define V6_UNRECOVERABLE        0x40
#define V6_RECOVERABLE          0x20
#define V6_NEW_LOG              0x04
#define V6_BIG_ENDIAN           0x02
#define V6_PPC_FORMAT_PEL       0x8e

#define PH_SIZE                 48
#define UH_SIZE                 24
#define PS_SIZE                 80
#define SECTION_HDR             8

#define UH_SUBSYS_IO_HUB        0x30
#define UH_SEV_UNRECOVERABLE    0x40
#define UH_ACT_SERVICE          0x8000
#define UH_ACT_REPORT           0x2000

typedef struct LogBuf {
    uint8_t *p;
    size_t len, max;
} LogBuf;

/* A section header; returns the section's start */
static uint8_t *section(LogBuf *b, char c0, char c1, size_t len)
{
    uint8_t *s = b->p + b->len;

    s[0] = c0;
    s[1] = c1;
    stw_be_p(s + 2, len);
    s[4] = 1;                   /* version */
    b->len += len;
    return s;
}

/* Two decimal digits in BCD, as a 32-bit word's byte */
static uint32_t bcd(unsigned v)
{
    return to_bcd(v);
}

/* Data in a UD section, padded to 4 bytes; false if none fits */
static bool user_data(LogBuf *b, const void *data, size_t n)
{
    size_t len = SECTION_HDR + QEMU_ALIGN_UP(n, 4);
    uint8_t *s;

    if (len > b->max - b->len) {
        len = (b->max - b->len) & ~3;
        if (len <= SECTION_HDR) {
            return false;
        }
        n = len - SECTION_HDR;
    }
    s = section(b, 'U', 'D', len);
    memcpy(s + SECTION_HDR, data, n);
    return true;
}

size_t spapr_pe_error_log(SpaprPciPe *pe, bool permanent, uint8_t *buf,
                          size_t max, const uint8_t *drv, size_t drv_len)
{
    SpaprPhbState *sphb = pe->sphb;
    SpaprPeEeh *e = &pe->eeh;
    LogBuf b = { .p = buf, .max = max };
    g_autofree char *text = NULL;
    uint8_t *ph, *uh, *ps;
    unsigned sections;
    struct tm tm;
    char name[32];

    g_assert(max >= 8 + 16 + PH_SIZE + UH_SIZE + PS_SIZE);
    memset(buf, 0, max);
    /* fixed part */
    buf[0] = LOG_VERSION_6;
    buf[1] = (permanent ? LOG_SEV_FATAL : LOG_SEV_ERROR) << 5 |
             LOG_DISP_NOT_RECOVERED << 3 | LOG_EXTENDED;
    buf[2] = LOG_INIT_TARGET_PCI;
    buf[3] = LOG_TYPE_PLATFORM;
    /* version 6 extended log header */
    buf[8] = V6_VALID | (permanent ? V6_UNRECOVERABLE : V6_RECOVERABLE) |
             V6_NEW_LOG | V6_BIG_ENDIAN;
    buf[10] = V6_PPC_FORMAT_PEL;
    memcpy(buf + 20, "IBM", 4);
    b.len = 24;

    ph = section(&b, 'P', 'H', PH_SIZE);
    qemu_get_timedate(&tm, 0);
    stl_be_p(ph + 8, bcd((tm.tm_year + 1900) / 100) << 24 |
             bcd((tm.tm_year + 1900) % 100) << 16 |
             bcd(tm.tm_mon + 1) << 8 | bcd(tm.tm_mday));
    stl_be_p(ph + 12, bcd(tm.tm_hour) << 24 | bcd(tm.tm_min) << 16 |
             bcd(tm.tm_sec) << 8);
    ph[24] = 'H';
    stl_be_p(ph + 40, sphb->index << 24 | (sphb->eeh.freezes & 0xffffff));

    uh = section(&b, 'U', 'H', UH_SIZE);
    uh[8] = UH_SUBSYS_IO_HUB;
    uh[10] = UH_SEV_UNRECOVERABLE;
    stw_be_p(uh + 18, permanent ? UH_ACT_SERVICE | UH_ACT_REPORT : 0);

    ps = section(&b, 'P', 'S', PS_SIZE);
    ps[8] = 2;                  /* SRC version */
    ps[11] = 9;                 /* hex words */
    stw_be_p(ps + 14, PS_SIZE - SECTION_HDR);
    stl_be_p(ps + 16, spapr_pci_pe_addr(pe));
    stl_be_p(ps + 20, sphb->buid >> 32);
    stl_be_p(ps + 24, sphb->buid);
    stl_be_p(ps + 28, e->err_addr >> 32);
    stl_be_p(ps + 32, e->err_addr);
    stl_be_p(ps + 36, e->err_liobn);
    stl_be_p(ps + 40, e->err_write ? 1 : 0);
    memset(ps + 48, ' ', 32);
    memcpy(ps + 48, "EEH PE STOPPED", 14);

    text = g_strdup_printf("spapr-pci[%u] %s: %s at 0x%" PRIx64 "%s",
                           sphb->index,
                           spapr_pci_pe_name(pe, name, sizeof(name)),
                           e->err_valid ? (const char *)e->err_what :
                           "permanently unavailable", e->err_addr,
                           e->err_write ? " (write)" : "");
    user_data(&b, text, strlen(text) + 1);
    sections = 4;               /* PH, UH, PS, UD */
    if (drv_len && user_data(&b, drv, drv_len)) {
        sections++;
    }
    ph[27] = sections;
    stl_be_p(buf + 4, b.len - 8);
    return b.len;
}
