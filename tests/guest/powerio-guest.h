/*
 * Helpers shared by the in-guest test programs (static ppc64le, busybox
 * guest): time, sysfs/procfs files, a quiet console while tests print.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef POWERIO_GUEST_H
#define POWERIO_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

/* Write @text to @path: 0 or -errno */
static inline int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    ssize_t n;
    int err;

    if (fd < 0) {
        return -errno;
    }
    n = write(fd, text, strlen(text));
    err = n < 0 ? -errno : 0;
    close(fd);
    return err;
}

/* Read @path into @buf, trailing newlines and blanks cut: 0 or -errno */
static inline int read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if (fd < 0) {
        return -errno;
    }
    n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) {
        return -errno;
    }
    buf[n] = 0;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) {
        buf[--n] = 0;
    }
    return 0;
}

/* Whether /proc/device-tree/compatible names @what (e.g. "pseries") */
static inline bool compatible_has(const char *what)
{
    char compat[256];
    int fd = open("/proc/device-tree/compatible", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, compat, sizeof(compat) - 1) : -1;
    ssize_t i;

    if (fd >= 0) {
        close(fd);
    }
    if (n <= 0) {
        return false;
    }
    compat[n] = 0;
    for (i = 0; i < n; i++) {
        if (!compat[i]) {
            compat[i] = ' ';    /* the property is a list of strings */
        }
    }
    return strstr(compat, what) != NULL;
}

/*
 * Whether the PowerNV PHBs are PHB4/PHB5 (POWER9/POWER10: a pciex node
 * compatible with "ibm,power9-pciex" or "ibm,power10-pciex").  skiboot's
 * PAPR error injection on them offers only the config kind
 * (hw/phb4.c phb4_err_inject: MMIO and DMA return OPAL_UNSUPPORTED).
 */
static inline bool powernv_phb4(void)
{
    glob_t g;
    size_t i;
    bool found = false;

    if (glob("/proc/device-tree/pciex@*/compatible", 0, NULL, &g)) {
        return false;
    }
    for (i = 0; i < g.gl_pathc && !found; i++) {
        char compat[256];
        int fd = open(g.gl_pathv[i], O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, compat, sizeof(compat) - 1) : -1;

        if (fd >= 0) {
            close(fd);
        }
        if (n > 0) {
            compat[n] = 0;
            found = !strcmp(compat, "ibm,power9-pciex") ||
                    !strcmp(compat, "ibm,power10-pciex");
        }
    }
    globfree(&g);
    return found;
}

/*
 * MMIO through a vfio mmap.  The mapping is cache-inhibited and guarded;
 * each access must reach the device exactly once and in program order, so
 * it is a volatile access between full barriers.
 */

static inline void mb(void)
{
    __asm__ __volatile__("sync" : : : "memory");
}

static inline uint64_t mmio_ld64(uint8_t *base, uint64_t off)
{
    uint64_t v;

    mb();
    v = *(volatile uint64_t *)(base + off);     /* one device access */
    mb();
    return v;
}

static inline void mmio_st64(uint8_t *base, uint64_t off, uint64_t v)
{
    mb();
    *(volatile uint64_t *)(base + off) = v;     /* one device access */
    mb();
}

static inline uint32_t mmio_ld32(uint8_t *base, uint64_t off)
{
    uint32_t v;

    mb();
    v = *(volatile uint32_t *)(base + off);     /* one device access */
    mb();
    return v;
}

static inline void mmio_st32(uint8_t *base, uint64_t off, uint32_t v)
{
    mb();
    *(volatile uint32_t *)(base + off) = v;     /* one device access */
    mb();
}

/*
 * Kernel messages off the console while a program prints its TAP stream
 * (they would interleave with it), and back on at the end
 */
static char printk_saved[64];

static inline void console_quiet(bool quiet)
{
    static const char *path = "/proc/sys/kernel/printk";

    if (quiet) {
        if (read_file(path, printk_saved, sizeof(printk_saved)) < 0 ||
            write_file(path, "1") < 0) {
            printk_saved[0] = 0;
        }
    } else if (printk_saved[0]) {
        write_file(path, printk_saved);
    }
}

/* ---- TAP ------------------------------------------------------------- */

static int tap_n;
static int tap_failed;

/* One result line; @directive "TODO" or "SKIP" with its @reason */
static inline void tap_line(bool ok, const char *directive,
                            const char *reason, const char *fmt, va_list ap)
{
    char desc[768];

    vsnprintf(desc, sizeof(desc), fmt, ap);
    tap_n++;
    if (!ok && !directive) {
        tap_failed++;
    }
    printf("%s %d - %s", ok ? "ok" : "not ok", tap_n, desc);
    if (directive) {
        printf(" # %s %s", directive, reason);
    }
    printf("\n");
}

/* A plain check: "ok" or "not ok" */
static inline bool __attribute__((format(printf, 2, 3)))
tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_line(ok, NULL, NULL, fmt, ap);
    va_end(ap);
    return ok;
}

/* A comment line of the TAP stream */
static inline void __attribute__((format(printf, 1, 2)))
diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/*
 * Model reports this program provokes on purpose.  The precise models
 * report every guest IO error they catch on a line of QEMU's guest-error
 * log tagged "[KIND phb=D pe=0xN]" (include/hw/pci/pci_io_report.h); the
 * host harness (scripts/powerio/boot.py) fails a program that provokes a
 * report it did not declare, or declares one (expect) that never comes.
 * A declaration names the kind, and the device whose PE it concerns: the
 * PHB is the device's PCI domain, the PE its EEH PE as the kernel numbers
 * it (sysfs eeh_pe_config_addr: the PE number on powernv, the PE address
 * on pseries).  With no device (NULL), the report has neither.
 */

/* The EEH PE of PCI device @bdf ("0000:01:00.0"), or -1 */
static inline long pe_of(const char *bdf)
{
    char path[128], buf[32];

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/eeh_pe_config_addr",
             bdf);
    if (read_file(path, buf, sizeof(buf)) < 0) {
        return -1;
    }
    return strtol(buf, NULL, 0);
}

static inline void declare_report(const char *how, const char *kind,
                                  const char *bdf)
{
    long pe = bdf ? pe_of(bdf) : -1;

    if (!bdf) {
        printf("# %s-report %s phb=- pe=-\n", how, kind);
    } else if (pe < 0) {
        /* no EEH PE: the declaration cannot match, and says why */
        printf("# %s-report %s phb=%ld pe=unknown(%s)\n", how, kind,
               strtol(bdf, NULL, 16), bdf);
    } else {
        printf("# %s-report %s phb=%ld pe=0x%lx\n", how, kind,
               strtol(bdf, NULL, 16), pe);
    }
}

/* The models must report @kind for @bdf's PE while this program runs */
static inline void expect_report(const char *kind, const char *bdf)
{
    declare_report("expect", kind, bdf);
}

/* ... may report it (a consequence whose count depends on timing) */
static inline void may_report(const char *kind, const char *bdf)
{
    declare_report("may", kind, bdf);
}

/*
 * An error that freezes @bdf's PE (an Unsupported Request, an injected
 * error): PowerNV's PHB3 reports the error trap that froze it, pseries
 * the EEH stop of the PE
 */
static inline void expect_pe_stop(const char *bdf)
{
    expect_report(compatible_has("ibm,powernv") ? "error-trap" : "eeh-stop",
                  bdf);
}

/*
 * DMA through no valid TCE: a PowerNV PHB reports the fault, the error trap
 * that freezes the PE and maybe DMA refused while it is frozen; pseries
 * the EEH stop of the PE
 */
static inline void expect_dma_fault(const char *bdf)
{
    if (compatible_has("ibm,powernv")) {
        expect_report("dma-fault", bdf);
        expect_report("error-trap", bdf);
        may_report("pe-frozen", bdf);
    } else {
        expect_report("eeh-stop", bdf);
    }
}

/*
 * The watchdog's SIGALRM handler: the console back, a "Bail out!" line
 * naming the program (@watchdog_name, set by main), exit
 */
static const char *watchdog_name = "test";

static inline void watchdog(int sig)
{
    (void)sig;
    console_quiet(false);
    if (write(STDOUT_FILENO, "Bail out! ", 10) < 0 ||
        write(STDOUT_FILENO, watchdog_name, strlen(watchdog_name)) < 0 ||
        write(STDOUT_FILENO, ": watchdog expired\n", 19) < 0) {
        /* nothing more we can do */
    }
    _exit(2);
}

#endif
