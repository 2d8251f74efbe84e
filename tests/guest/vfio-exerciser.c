/*
 * vfio-exerciser: drive the dma-exerciser from guest userspace through vfio
 *
 * A static ppc64le program run by the guest init in test mode.  It binds the
 * exerciser (1234:50e0) to vfio-pci, sets up an sPAPR TCE v2 container, and
 * checks, one TAP line each: the container and device information, DMA both
 * ways through the default 32-bit window and through a dynamic window for
 * every IOMMU page size the platform offers (as large as the platform's
 * largest block allows; where the PE has one window only, in place of the
 * default window, which is put back afterwards), that an unmapped IOVA does
 * not reach memory, MSI-X delivery to eventfds, direct programming of the
 * MSI-X table through the BAR mmap, and whether a forged MSI reaches an
 * interrupt that does not belong to the exerciser's PE.
 *
 * EEH: on POWER, the faulting DMA and the forged MSI freeze the exerciser's
 * PE.  After each, through VFIO_EEH_PE_OP on the container, the PE must be
 * reported frozen and its registers read all-ones; it is brought back by
 * unfreezing IO then DMA, or (after the forged MSI) by a PE reset, and must
 * work again.  Then an error is injected through VFIO_EEH_PE_INJECT_ERR (an
 * MMIO load error: powernv arms the PHB's PAPR error injection through
 * OPAL, pseries Linux breaks the device): the next BAR0 load must read
 * all-ones and the PE be reported frozen; unfrozen, the registers and DMA
 * must work again.  This is the pseries injection check (eeh-recovery has
 * none there: no err_injct debugfs file).
 *
 * Build: powerpc64le-linux-gnu-gcc -static -O2 -Wall -Werror -Iinclude \
 *            -o vfio-exerciser tests/guest/vfio-exerciser.c
 *
 * The forged-MSI check needs a victim: on powernv another PE behind the
 * exerciser's PHB with MSIs in use (e.g. an e1000e on a second port of a
 * PCIe switch; its interface is brought up for the test), on pseries a
 * platform interrupt (the console's).  Without one it is skipped.
 *
 * Every wait is bounded: DXR_STATUS and eventfd polls time out after two
 * seconds, pinning a hugetlb page (which livelocks Linux 6.12 hash-MMU
 * kernels in REGISTER_MEMORY when the mapping is private: see map_huge) is
 * first tried in a child process that can be killed, and a watchdog ends
 * the program.  Known gaps of the platform models, and
 * memory the guest kernel cannot provide, are reported as "# TODO".
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/auxv.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <asm/eeh.h>          /* EEH_ERR_TYPE_*, EEH_ERR_FUNC_* */

#include "powerio-guest.h"

#include "hw/misc/dma_exerciser_regs.h"

#define TIMEOUT_MS          2000    /* any wait for the device */
#define QUIET_MS            300     /* how long "nothing else fired" waits */
#define WATCHDOG_S          100     /* the whole program */
#define DMA_BUF_SIZE        (1024 * 1024)
#define XFER_LEN            0x10000

/*
 * The exerciser's FILL/VERIFY pattern (docs/specs/dma-exerciser.rst): byte j
 * of a command is byte (j % 8) of the little-endian word
 * PATTERN ^ ((j / 8) * DXR_PATTERN_MUL).
 */
#define DXR_PATTERN_MUL     0x9e3779b97f4a7c15ULL

#define KiB                 ((uint64_t)1024)
#define MiB                 (1024 * KiB)
#define GiB                 (1024 * MiB)

/* ------------------------------------------------------------------------ */
/* TAP */

/* A check of a known gap: "not ok ... # TODO reason" when it fails */
static bool tap_todo(bool ok, const char *reason, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_line(ok, ok ? NULL : "TODO", reason, fmt, ap);
    va_end(ap);
    return ok;
}

/* A check whose failure is a known gap ("# TODO reason") only if known */
static bool tap_todo_if(bool ok, bool known, const char *reason,
                        const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_line(ok, !ok && known ? "TODO" : NULL, reason, fmt, ap);
    va_end(ap);
    return ok;
}

/* A check that cannot be made here: "ok ... # SKIP reason" */
static void tap_skip(const char *reason, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_line(true, "SKIP", reason, fmt, ap);
    va_end(ap);
}

/*
 * The console is shared with the kernel, whose messages (pseries prints one
 * at error level for every DMA window vfio creates) can land in the middle
 * of a TAP line.  While the program runs, only emergencies reach the
 * console; the kernel log keeps everything.
 */

/* ------------------------------------------------------------------------ */
/* small helpers */

static long read_long(const char *path, long dflt)
{
    char buf[64];
    long v;

    if (read_file(path, buf, sizeof(buf)) < 0 ||
        sscanf(buf, "%li", &v) != 1) {
        return dflt;
    }
    return v;
}

/* The last component of the link at path, or "" */
static void link_name(const char *path, char *out, size_t size)
{
    char buf[512];
    ssize_t n = readlink(path, buf, sizeof(buf) - 1);
    const char *p;

    out[0] = 0;
    if (n <= 0) {
        return;
    }
    buf[n] = 0;
    p = strrchr(buf, '/');
    p = p ? p + 1 : buf;
    if (strlen(p) < size) {
        strcpy(out, p);
    }
}

static const char *size_str(uint64_t size)
{
    static char bufs[4][32];
    static int i;
    char *b = bufs[i++ % 4];

    if (size >= GiB && !(size % GiB)) {
        snprintf(b, 32, "%" PRIu64 "G", size / GiB);
    } else if (size >= MiB && !(size % MiB)) {
        snprintf(b, 32, "%" PRIu64 "M", size / MiB);
    } else if (size >= KiB && !(size % KiB)) {
        snprintf(b, 32, "%" PRIu64 "K", size / KiB);
    } else {
        snprintf(b, 32, "%" PRIu64, size);
    }
    return b;
}

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fill_random(uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i += 8) {
        uint64_t v = rng();

        memcpy(p + i, &v, len - i < 8 ? len - i : 8);
    }
}

static uint8_t pattern_byte(uint64_t seed, uint64_t j)
{
    uint64_t w = seed ^ ((j >> 3) * DXR_PATTERN_MUL);

    return w >> ((j & 7) * 8);
}

/* Offset of the first byte of p[0..len) that differs from the pattern */
static int64_t pattern_mismatch(const uint8_t *p, size_t len, uint64_t seed)
{
    size_t j;

    for (j = 0; j < len; j++) {
        if (p[j] != pattern_byte(seed, j)) {
            return j;
        }
    }
    return -1;
}

static void pattern_write(uint8_t *p, size_t len, uint64_t seed)
{
    size_t j;

    for (j = 0; j < len; j++) {
        p[j] = pattern_byte(seed, j);
    }
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] != v) {
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* ------------------------------------------------------------------------ */
/* sysfs: find the device, bind it to vfio-pci */

typedef struct Rebound {
    char bdf[32];
    char old_driver[64];
} Rebound;

static Rebound rebound[16];
static int n_rebound;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int find_exercisers(char bdfs[][32], int max)
{
    DIR *dir = opendir("/sys/bus/pci/devices");
    struct dirent *de;
    int n = 0;

    if (!dir) {
        return 0;
    }
    while ((de = readdir(dir)) && n < max) {
        char path[512];

        if (de->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
                 de->d_name);
        if (read_long(path, -1) != DXR_VENDOR_ID) {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
                 de->d_name);
        if (read_long(path, -1) != DXR_DEVICE_ID) {
            continue;
        }
        snprintf(bdfs[n++], 32, "%.31s", de->d_name);
    }
    closedir(dir);
    /* lowest address first, so the choice is stable */
    qsort(bdfs, n, 32, cmp_str);
    return n;
}

static void dev_driver(const char *bdf, char *out, size_t size)
{
    char path[512];

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
    link_name(path, out, size);
}

static int dev_group(const char *bdf)
{
    char path[512], name[64];

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
    link_name(path, name, sizeof(name));
    return name[0] ? atoi(name) : -1;
}

/* Bind bdf to vfio-pci, remembering its driver; 0 or -errno */
static int bind_vfio(const char *bdf)
{
    char path[512], drv[64];
    int err;

    dev_driver(bdf, drv, sizeof(drv));
    if (!strcmp(drv, "vfio-pci")) {
        return 0;
    }
    if (drv[0]) {
        snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind",
                 bdf);
        err = write_file(path, bdf);
        if (err) {
            diag("unbind %s from %s: %s", bdf, drv, strerror(-err));
            return err;
        }
    }
    if (n_rebound < (int)(sizeof(rebound) / sizeof(rebound[0]))) {
        snprintf(rebound[n_rebound].bdf, 32, "%s", bdf);
        snprintf(rebound[n_rebound].old_driver, 64, "%s", drv);
        n_rebound++;
    }
    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override",
             bdf);
    err = write_file(path, "vfio-pci");
    if (err) {
        diag("driver_override for %s: %s", bdf, strerror(-err));
        return err;
    }
    err = write_file("/sys/bus/pci/drivers_probe", bdf);
    if (err) {
        diag("drivers_probe %s: %s", bdf, strerror(-err));
    }
    dev_driver(bdf, drv, sizeof(drv));
    return strcmp(drv, "vfio-pci") ? -ENODEV : 0;
}

/*
 * The host's EEH state of @bdf's PE once vfio released it: normal, as
 * Linux's kselftest pe_ok() has it (firmware state MMIO and DMA active,
 * 0x18; neither isolated nor recovering, 0x3), or the host would ignore
 * the PE's next errors.  Known gap, Linux's: on powernv the PE stays
 * isolated after the freezes this program made and thawed through vfio.
 */
#define PASSED_PE_ISOLATED \
    "Linux 6.12: pnv_eeh_get_state marks a PE isolated (EEH_PE_ISOLATED) " \
    "when it finds it frozen, passed through or not (VFIO_EEH_PE_GET_STATE " \
    "after a freeze); VFIO_EEH_PE_UNFREEZE_IO/_DMA (eeh_pci_enable) does " \
    "not clear the flag, nor does eeh_pe_change_owner when vfio releases " \
    "a PE that is active (arch/powerpc/kernel/eeh.c), so the host ignores " \
    "the PE's next freezes (pnv_eeh_next_error skips isolated PEs)"

static void check_host_pe_state(const char *bdf)
{
    char path[512], st[64] = "";
    unsigned fw = 0, sw = 0;
    bool read, active, ok;

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/eeh_pe_state",
             bdf);
    read = !read_file(path, st, sizeof(st)) &&
           sscanf(st, "%x %x", &fw, &sw) == 2;
    active = (fw & 0x18) == 0x18;
    ok = read && active && !(sw & 0x3);
    tap_todo_if(ok, read && active && (sw & 0x3) == 0x1 &&
                compatible_has("ibm,powernv"), PASSED_PE_ISOLATED,
                "%s: the host's EEH state of its PE is normal once vfio "
                "released it (eeh_pe_state %s)", bdf,
                read ? st : "unreadable");
}

/* Give every device we took its old driver back (or none) */
static void restore_drivers(void)
{
    char path[512], drv[64];
    int i;

    for (i = n_rebound - 1; i >= 0; i--) {
        Rebound *r = &rebound[i];

        dev_driver(r->bdf, drv, sizeof(drv));
        if (drv[0]) {
            snprintf(path, sizeof(path),
                     "/sys/bus/pci/devices/%s/driver/unbind", r->bdf);
            write_file(path, r->bdf);
        }
        snprintf(path, sizeof(path),
                 "/sys/bus/pci/devices/%s/driver_override", r->bdf);
        write_file(path, "\n");
        if (r->old_driver[0]) {
            write_file("/sys/bus/pci/drivers_probe", r->bdf);
        }
        dev_driver(r->bdf, drv, sizeof(drv));
        diag("%s returned to driver '%s' (was '%s')", r->bdf,
             drv[0] ? drv : "none",
             r->old_driver[0] ? r->old_driver : "none");
        check_host_pe_state(r->bdf);
    }
    n_rebound = 0;
}

/* ------------------------------------------------------------------------ */
/* the vfio device */

typedef struct Dev {
    char bdf[32];
    int group_id;
    int container;
    int group;
    int fd;
    struct vfio_region_info *bar0;
    struct vfio_region_info *bar2;
    struct vfio_region_info *cfg;
    bool msix_mappable;
    uint8_t *bar0_map;              /* NULL: registers through pread/pwrite */
    uint8_t *bar2_map;              /* NULL: buffer through pread/pwrite */
    int efd[DXR_MSIX_VECTORS];
    unsigned nvec;                  /* MSI-X vectors enabled through vfio */
    bool io_error;                  /* a pread/pwrite of a register failed */
    bool eeh;                       /* VFIO_EEH_PE_OP works on its PE */
} Dev;

static uint64_t rd(Dev *d, unsigned reg)
{
    uint64_t v = ~0ULL;

    if (d->bar0_map) {
        return mmio_ld64(d->bar0_map, reg);
    }
    if (pread(d->fd, &v, 8, d->bar0->offset + reg) != 8) {
        d->io_error = true;
    }
    return v;
}

static void wr(Dev *d, unsigned reg, uint64_t v)
{
    if (d->bar0_map) {
        mmio_st64(d->bar0_map, reg, v);
        return;
    }
    mb();
    if (pwrite(d->fd, &v, 8, d->bar0->offset + reg) != 8) {
        d->io_error = true;
    }
}

static void buf_write(Dev *d, uint64_t off, const uint8_t *src, size_t len)
{
    size_t i;

    if (d->bar2_map) {
        for (i = 0; i < len; i += 8) {
            uint64_t v;

            memcpy(&v, src + i, 8);
            mmio_st64(d->bar2_map, off + i, v);
        }
        return;
    }
    if (pwrite(d->fd, src, len, d->bar2->offset + off) != (ssize_t)len) {
        d->io_error = true;
    }
}

static void buf_read(Dev *d, uint64_t off, uint8_t *dst, size_t len)
{
    size_t i;

    if (d->bar2_map) {
        for (i = 0; i < len; i += 8) {
            uint64_t v = mmio_ld64(d->bar2_map, off + i);

            memcpy(dst + i, &v, 8);
        }
        return;
    }
    if (pread(d->fd, dst, len, d->bar2->offset + off) != (ssize_t)len) {
        d->io_error = true;
    }
}

/*
 * Run one command and wait (bounded) for DONE.  Returns the final status,
 * or ~0 on a timeout.
 */
static uint64_t run_cmd(Dev *d, uint64_t cmd)
{
    int64_t end;
    uint64_t st;

    mb();   /* the CPU's memory writes before the device reads them */
    wr(d, DXR_CMD, cmd);
    end = now_ms() + TIMEOUT_MS;
    for (;;) {
        st = rd(d, DXR_STATUS);
        if (st & DXR_STATUS_DONE) {
            mb();   /* and the device's writes before the CPU reads them */
            return st;
        }
        if (now_ms() > end) {
            diag("command 0x%" PRIx64 " timed out, status 0x%" PRIx64,
                 cmd, st);
            return ~0ULL;
        }
        sleep_ms(1);
    }
}

/*
 * Wait (bounded) for DONE of the command already started, without starting
 * another: the status of a command whose completion could not be read (its
 * PE was frozen), once MMIO answers again.  ~0 on a timeout.
 */
static uint64_t wait_done(Dev *d)
{
    int64_t end = now_ms() + TIMEOUT_MS;
    uint64_t st;

    for (;;) {
        st = rd(d, DXR_STATUS);
        if (st != ~0ULL && (st & DXR_STATUS_DONE)) {
            mb();
            return st;
        }
        if (now_ms() > end) {
            return ~0ULL;
        }
        sleep_ms(1);
    }
}

static void set_xfer(Dev *d, uint64_t src, uint64_t dst, uint64_t len,
                     uint64_t count, uint64_t stride, uint64_t pattern)
{
    wr(d, DXR_SRC, src);
    wr(d, DXR_DST, dst);
    wr(d, DXR_LEN, len);
    wr(d, DXR_COUNT, count);
    wr(d, DXR_STRIDE, stride);
    wr(d, DXR_PATTERN, pattern);
}

static bool st_ok(uint64_t st)
{
    return st != ~0ULL && (st & DXR_STATUS_DONE) &&
           !(st & (DXR_STATUS_ERROR | DXR_STATUS_MISMATCH |
                   DXR_STATUS_BAD_CMD));
}

static struct vfio_region_info *region_info(int fd, unsigned index)
{
    struct vfio_region_info *ri = calloc(1, sizeof(*ri));

    ri->argsz = sizeof(*ri);
    ri->index = index;
    if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, ri) < 0) {
        free(ri);
        return NULL;
    }
    if (ri->argsz > sizeof(*ri)) {
        uint32_t argsz = ri->argsz;

        ri = realloc(ri, argsz);
        memset(ri, 0, argsz);
        ri->argsz = argsz;
        ri->index = index;
        if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, ri) < 0) {
            free(ri);
            return NULL;
        }
    }
    return ri;
}

static bool region_has_cap(struct vfio_region_info *ri, uint16_t id)
{
    uint32_t off;
    int guard = 0;

    if (!(ri->flags & VFIO_REGION_INFO_FLAG_CAPS)) {
        return false;
    }
    for (off = ri->cap_offset; off && off + 8 <= ri->argsz && guard < 32;
         guard++) {
        struct vfio_info_cap_header *h = (void *)((char *)ri + off);

        if (h->id == id) {
            return true;
        }
        off = h->next;
    }
    return false;
}

static void *map_region(Dev *d, struct vfio_region_info *ri)
{
    void *p;

    if (!(ri->flags & VFIO_REGION_INFO_FLAG_MMAP)) {
        errno = ENOTSUP;
        return NULL;
    }
    p = mmap(NULL, ri->size, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
             ri->offset);
    return p == MAP_FAILED ? NULL : p;
}

/* ------------------------------------------------------------------------ */
/* MSI-X */

static int set_msix(Dev *d, unsigned nvec)
{
    char buf[sizeof(struct vfio_irq_set) + DXR_MSIX_VECTORS * sizeof(int32_t)];
    struct vfio_irq_set *set = (void *)buf;
    unsigned i;

    memset(buf, 0, sizeof(buf));
    set->argsz = sizeof(*set) + nvec * sizeof(int32_t);
    set->index = VFIO_PCI_MSIX_IRQ_INDEX;
    set->start = 0;
    set->count = nvec;
    set->flags = VFIO_IRQ_SET_ACTION_TRIGGER |
                 (nvec ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE);
    for (i = 0; i < nvec; i++) {
        ((int32_t *)set->data)[i] = d->efd[i];
    }
    if (ioctl(d->fd, VFIO_DEVICE_SET_IRQS, set) < 0) {
        return -errno;
    }
    d->nvec = nvec;
    return 0;
}

/* Drain every eventfd; counts[] gets how many times each fired */
static void drain_efds(Dev *d, uint64_t *counts)
{
    unsigned i;

    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        uint64_t v = 0;

        counts[i] = 0;
        if (read(d->efd[i], &v, sizeof(v)) == sizeof(v)) {
            counts[i] = v;
        }
    }
}

/*
 * Wait (bounded) until eventfd 'want' fires, or until any fires when want
 * is negative; then give the others QUIET_MS to show up, and collect all
 * counts.  Returns true if something fired.
 */
static bool wait_efds(Dev *d, int want, int timeout_ms, uint64_t *counts)
{
    struct pollfd pfd[DXR_MSIX_VECTORS];
    int64_t end = now_ms() + timeout_ms;
    bool fired = false;
    unsigned i;

    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        pfd[i].fd = d->efd[i];
        pfd[i].events = POLLIN;
    }
    while (!fired) {
        int left = end - now_ms();

        if (left <= 0 || poll(pfd, DXR_MSIX_VECTORS, left) <= 0) {
            break;
        }
        for (i = 0; i < DXR_MSIX_VECTORS; i++) {
            if ((pfd[i].revents & POLLIN) && (want < 0 || (int)i == want)) {
                fired = true;
            }
        }
        if (!fired) {
            /* another fired first: keep it, it is reported below */
            sleep_ms(10);
        }
    }
    sleep_ms(QUIET_MS);
    drain_efds(d, counts);
    return fired;
}

static void counts_str(const uint64_t *counts, char *out, size_t size)
{
    unsigned i;
    size_t n = 0;

    out[0] = 0;
    for (i = 0; i < DXR_MSIX_VECTORS && n < size; i++) {
        n += snprintf(out + n, size - n, "%s%" PRIu64, i ? "," : "",
                      counts[i]);
    }
}

/* counts[] is exactly one interrupt on 'only' (none if only is -1) */
static bool only_fired(const uint64_t *counts, int only)
{
    int i;

    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        if (counts[i] != (i == only ? 1 : 0)) {
            return false;
        }
    }
    return true;
}

typedef struct MsixEntry {
    uint64_t addr;
    uint32_t data;
    uint32_t ctrl;
} MsixEntry;

/* Entry v of the MSI-X table, through the BAR0 mmap */
static uint64_t msix_entry(unsigned v)
{
    return DXR_MSIX_TABLE_OFFSET + PCI_MSIX_ENTRY_SIZE * v;
}

static MsixEntry msix_read(Dev *d, unsigned v)
{
    uint64_t e = msix_entry(v);
    MsixEntry m;

    m.addr = mmio_ld32(d->bar0_map, e + PCI_MSIX_ENTRY_LOWER_ADDR) |
             (uint64_t)mmio_ld32(d->bar0_map,
                                 e + PCI_MSIX_ENTRY_UPPER_ADDR) << 32;
    m.data = mmio_ld32(d->bar0_map, e + PCI_MSIX_ENTRY_DATA);
    m.ctrl = mmio_ld32(d->bar0_map, e + PCI_MSIX_ENTRY_VECTOR_CTRL);
    return m;
}

static void msix_write(Dev *d, unsigned v, uint64_t addr, uint32_t data)
{
    uint64_t e = msix_entry(v);

    mmio_st32(d->bar0_map, e + PCI_MSIX_ENTRY_LOWER_ADDR, addr);
    mmio_st32(d->bar0_map, e + PCI_MSIX_ENTRY_UPPER_ADDR, addr >> 32);
    mmio_st32(d->bar0_map, e + PCI_MSIX_ENTRY_DATA, data);
}

static void msix_set_mask(Dev *d, unsigned v, bool masked)
{
    uint64_t e = msix_entry(v) + PCI_MSIX_ENTRY_VECTOR_CTRL;
    uint32_t ctrl = mmio_ld32(d->bar0_map, e);

    mmio_st32(d->bar0_map, e, masked ? ctrl | PCI_MSIX_ENTRY_CTRL_MASKBIT :
                                       ctrl & ~PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

static uint64_t msix_pba(Dev *d)
{
    return mmio_ld64(d->bar0_map, DXR_MSIX_PBA_OFFSET);
}

static bool msix_pending(Dev *d, unsigned v)
{
    return (msix_pba(d) >> v) & 1;
}

/* ------------------------------------------------------------------------ */
/* memory for DMA */

typedef struct DmaMem {
    uint8_t *va;
    uint64_t size;
    uint64_t backing;       /* page size backing it */
    bool registered;
    /* hugetlb bookkeeping, to give the pages back */
    char nr_path[128];
    long nr_old;
} DmaMem;

static uint64_t sys_page_size(void)
{
    return getauxval(AT_PAGESZ);
}

/* The hugetlb page sizes of the kernel, ascending; returns how many */
static int hugetlb_sizes(uint64_t *sizes, int max)
{
    DIR *dir = opendir("/sys/kernel/mm/hugepages");
    struct dirent *de;
    int n = 0, i, j;

    if (!dir) {
        return 0;
    }
    while ((de = readdir(dir)) && n < max) {
        unsigned long kb;

        if (sscanf(de->d_name, "hugepages-%lukB", &kb) == 1) {
            sizes[n++] = kb * KiB;
        }
    }
    closedir(dir);
    for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
            if (sizes[j] < sizes[i]) {
                uint64_t t = sizes[i];

                sizes[i] = sizes[j];
                sizes[j] = t;
            }
        }
    }
    return n;
}

static int alloc_normal(DmaMem *m, uint64_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    memset(m, 0, sizeof(*m));
    if (p == MAP_FAILED) {
        return -errno;
    }
    memset(p, 0, size);
    m->va = p;
    m->size = size;
    m->backing = sys_page_size();
    return 0;
}

/*
 * A hugetlb page for DMA is mapped shared, never private.  In a hash-MMU
 * kernel with 4K pages (Debian's 6.12 on powernv8, and on pseries with
 * disable_radix) a 16M hugetlb page is eight 2M PMD entries, all written by
 * set_huge_pte_at (arch/powerpc/mm/pgtable.c).  The first write to a
 * private mapping breaks COW in hugetlb_no_page -> hugetlb_wp ->
 * set_huge_ptep_writable, whose huge_ptep_set_access_flags updates only the
 * first of the eight: the other seven stay read-only.  The CPU never
 * notices (hash_page_mm aligns the address to 16M and hashes the first
 * entry), get_user_pages does: follow_huge_pmd on the second 2M finds its
 * entry read-only (can_follow_write_pmd), faultin_page -> handle_mm_fault
 * -> hugetlb_fault finds the first entry writable and dirty and changes
 * nothing, and __get_user_pages retries for ever (until SIGKILL): a
 * REGISTER_MEMORY (pin_user_pages), MAP_POPULATE or MADV_POPULATE_WRITE of
 * the page never returns.  Seen with QEMU's gdbstub on powernv8: the loop
 * calls handle_mm_fault from __get_user_pages for the page's second 2M
 * over and over; the first entry's flags read 0x386 (read, write, dirty,
 * accessed), the seven others' 0x104 (read, accessed).  A shared mapping
 * has no COW: hugetlb_no_page writes all eight entries writable and dirty
 * (make_huge_pte), and pins of it finish.
 */
static void *map_huge(uint64_t hsize)
{
    void *p = mmap(NULL, hsize, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB |
                   (__builtin_ctzll(hsize) << MAP_HUGE_SHIFT), -1, 0);
    uint64_t off;

    if (p != MAP_FAILED) {
        for (off = 0; off < hsize; off += sys_page_size()) {
            ((uint8_t *)p)[off] = 0;
        }
    }
    return p;
}

/*
 * A pin that does not return cannot be interrupted from here (see
 * map_huge), so a child process first pins a hugetlb page of its own,
 * killably (MADV_POPULATE_WRITE, the same get_user_pages walk as
 * REGISTER_MEMORY's pin_user_pages), and is killed if it does not finish.
 * Returns 0 if pinning works.
 */
static int probe_hugetlb_pin(uint64_t hsize, char *why, size_t whylen)
{
    int64_t end;
    int status = 0;
    pid_t pid = fork(), r;

    if (pid < 0) {
        snprintf(why, whylen, "fork: %s", strerror(errno));
        return -errno;
    }
    if (pid == 0) {
        void *p = map_huge(hsize);

        if (p == MAP_FAILED) {
            _exit(2);
        }
        _exit(madvise(p, hsize, MADV_POPULATE_WRITE) ? 3 : 0);
    }
    end = now_ms() + TIMEOUT_MS;
    while ((r = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < end) {
        sleep_ms(20);
    }
    if (r == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return 0;
    }
    if (r == pid) {
        snprintf(why, whylen, "a test pin of a %s hugetlb page failed "
                 "(status 0x%x)", size_str(hsize), status);
        return -EIO;
    }
    kill(pid, SIGKILL);
    end = now_ms() + TIMEOUT_MS;
    while (waitpid(pid, &status, WNOHANG) == 0 && now_ms() < end) {
        sleep_ms(20);
    }
    snprintf(why, whylen, "pinning a shared %s hugetlb page "
             "(MADV_POPULATE_WRITE: __get_user_pages, as REGISTER_MEMORY's "
             "pin_user_pages) did not finish within %d ms in this guest "
             "kernel", size_str(hsize), TIMEOUT_MS);
    return -EDEADLK;
}

/* A "Name:  N kB" line of /proc/meminfo, in bytes (0 if none) */
static uint64_t meminfo(const char *name)
{
    char line[128];
    size_t n = strlen(name);
    uint64_t v = 0;
    FILE *f = fopen("/proc/meminfo", "r");

    while (f && fgets(line, sizeof(line), f)) {
        if (!strncmp(line, name, n) && line[n] == ':') {
            v = strtoull(line + n + 1, NULL, 10) * KiB;
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    return v;
}

/* The buddy allocator's largest block, in bytes (/proc/buddyinfo) */
static uint64_t buddy_max_block(void)
{
    char line[512], *p;
    int orders = 0;
    FILE *f = fopen("/proc/buddyinfo", "r");

    /* "Node 0, zone   Normal  n0 n1 ... nMAX" */
    if (f && fgets(line, sizeof(line), f) && (p = strstr(line, "zone"))) {
        strtok(p, " \t\n");           /* "zone" */
        strtok(NULL, " \t\n");        /* its name */
        while (strtok(NULL, " \t\n")) {
            orders++;
        }
    }
    if (f) {
        fclose(f);
    }
    return orders ? sys_page_size() << (orders - 1) : 0;
}

/*
 * One hugetlb page of hsize bytes, reserved on the fly.  On failure, why
 * says what went wrong.
 */
static int alloc_huge(DmaMem *m, uint64_t hsize, char *why, size_t whylen)
{
    char dir[96], path[160];
    long free_pages, nr;
    void *p;
    int err;

    memset(m, 0, sizeof(*m));
    snprintf(dir, sizeof(dir), "/sys/kernel/mm/hugepages/hugepages-%" PRIu64
             "kB", hsize / KiB);
    snprintf(path, sizeof(path), "%s/free_hugepages", dir);
    free_pages = read_long(path, -1);
    snprintf(m->nr_path, sizeof(m->nr_path), "%s/nr_hugepages", dir);
    m->nr_old = read_long(m->nr_path, -1);
    if (free_pages < 0 || m->nr_old < 0) {
        snprintf(why, whylen, "no %s hugetlb pool in sysfs", size_str(hsize));
        m->nr_path[0] = 0;
        return -ENOENT;
    }
    if (free_pages < 1) {
        uint64_t mem_free = meminfo("MemFree"), total = meminfo("MemTotal");
        char val[32];

        snprintf(val, sizeof(val), "%ld", m->nr_old + 1);
        write_file(m->nr_path, val);
        nr = read_long(m->nr_path, -1);
        if (nr <= m->nr_old) {
            /*
             * With the memory free, what is missing is one free range of
             * hsize, hsize-aligned: from the buddy allocator, or from
             * alloc_contig_pages for a page above its largest block (a 1G
             * page here, which a 2G pseries guest does not get at boot
             * either: hugepagesz=1G hugepages=1 logs "HugeTLB: allocating
             * 1 of page size 1.00 GiB failed").
             */
            if (hsize > total) {
                snprintf(why, whylen, "the kernel could not reserve a %s "
                         "hugetlb page (nr_hugepages stays %ld): it is larger "
                         "than all of the guest's %" PRIu64 "M of RAM",
                         size_str(hsize), nr, total / MiB);
            } else if (mem_free >= hsize) {
                uint64_t block = buddy_max_block();

                snprintf(why, whylen, "the kernel could not reserve a %s "
                         "hugetlb page (nr_hugepages stays %ld) though %"
                         PRIu64 "M of %" PRIu64 "M RAM is free: no free, "
                         "aligned %s range %s", size_str(hsize), nr,
                         mem_free / MiB, total / MiB, size_str(hsize),
                         block && hsize > block ? "for alloc_contig_pages "
                         "(larger than a buddy block)" :
                         "in the buddy allocator");
            } else {
                snprintf(why, whylen, "the kernel could not reserve a %s "
                         "hugetlb page (nr_hugepages stays %ld) with %"
                         PRIu64 "M of %" PRIu64 "M RAM free",
                         size_str(hsize), nr, mem_free / MiB, total / MiB);
            }
            m->nr_path[0] = 0;
            return -ENOMEM;
        }
    } else {
        m->nr_path[0] = 0;  /* nothing of ours to give back */
    }
    err = probe_hugetlb_pin(hsize, why, whylen);
    if (err) {
        return err;
    }
    p = map_huge(hsize);
    if (p == MAP_FAILED && errno == ENOMEM && !m->nr_path[0]) {
        /*
         * The free page the pool showed went (to the probe's page or
         * another user) before this mapping's reservation: reserve one of
         * our own, given back by free_mem, and map again
         */
        char val[32];

        snprintf(m->nr_path, sizeof(m->nr_path), "%s/nr_hugepages", dir);
        m->nr_old = read_long(m->nr_path, -1);
        snprintf(val, sizeof(val), "%ld", m->nr_old + 1);
        if (m->nr_old < 0 || write_file(m->nr_path, val) ||
            read_long(m->nr_path, -1) <= m->nr_old) {
            m->nr_path[0] = 0;
            errno = ENOMEM;
        } else {
            p = map_huge(hsize);
        }
    }
    if (p == MAP_FAILED) {
        snprintf(why, whylen, "mmap(MAP_HUGETLB, %s): %s", size_str(hsize),
                 strerror(errno));
        return -ENOMEM;
    }
    m->va = p;
    m->size = hsize;
    m->backing = hsize;
    return 0;
}

static void free_mem(DmaMem *m)
{
    if (m->va) {
        munmap(m->va, m->size);
        m->va = NULL;
    }
    if (m->nr_path[0]) {
        char val[32];

        snprintf(val, sizeof(val), "%ld", m->nr_old);
        write_file(m->nr_path, val);
        m->nr_path[0] = 0;
    }
}

static int reg_mem(Dev *d, DmaMem *m, bool on)
{
    struct vfio_iommu_spapr_register_memory r = {
        .argsz = sizeof(r),
        .vaddr = (uintptr_t)m->va,
        .size = m->size,
    };

    if (ioctl(d->container, on ? VFIO_IOMMU_SPAPR_REGISTER_MEMORY :
                                 VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY, &r) < 0) {
        return -errno;
    }
    m->registered = on;
    return 0;
}

static int map_dma(Dev *d, void *va, uint64_t iova, uint64_t size)
{
    struct vfio_iommu_type1_dma_map map = {
        .argsz = sizeof(map),
        .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
        .vaddr = (uintptr_t)va,
        .iova = iova,
        .size = size,
    };

    return ioctl(d->container, VFIO_IOMMU_MAP_DMA, &map) < 0 ? -errno : 0;
}

static int unmap_dma(Dev *d, uint64_t iova, uint64_t size)
{
    struct vfio_iommu_type1_dma_unmap unmap = {
        .argsz = sizeof(unmap),
        .iova = iova,
        .size = size,
    };

    return ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &unmap) < 0 ? -errno : 0;
}

/* ------------------------------------------------------------------------ */
/*
 * EEH through the container (VFIO_EEH_PE_OP).  On POWER, a DMA the IOMMU
 * refuses or an MSI naming another PE's interrupt freezes the PE of the
 * requester: its MMIO loads return all-ones, its stores, DMA and MSIs are
 * dropped, until the owner of the PE (here: this program, through vfio)
 * unfreezes it or resets it.  A vfio user on POWER must do this after every
 * error of its device.
 */

/* klogctl actions (include/linux/syslog.h, not exported to userspace) */
#define KLOG_READ_ALL       3
#define KLOG_SIZE_BUFFER    10

static bool is_pseries(void);

static int eeh_op(Dev *d, uint32_t op)
{
    struct vfio_eeh_pe_op o = { .argsz = sizeof(o), .op = op };
    int r = ioctl(d->container, VFIO_EEH_PE_OP, &o);

    return r < 0 ? -errno : r;
}

static const char *eeh_state_str(int st)
{
    switch (st) {
    case VFIO_EEH_PE_STATE_NORMAL:
        return "normal";
    case VFIO_EEH_PE_STATE_RESET:
        return "reset asserted";
    case VFIO_EEH_PE_STATE_STOPPED:
        return "frozen: MMIO and DMA stopped";
    case VFIO_EEH_PE_STATE_STOPPED_DMA:
        return "frozen: DMA stopped";
    case VFIO_EEH_PE_STATE_UNAVAIL:
        return "unavailable";
    default:
        return st < 0 ? strerror(-st) : "unknown";
    }
}

static const char *err_str(int err)
{
    return err ? strerror(-err) : "ok";
}


/*
 * Print the kernel's EEH messages logged since the last call (when NULL:
 * only note where the log is).  The kernel leaves a PE passed through to
 * vfio to its owner (pnv_eeh_next_error skips it), so there should be none.
 */
static void diag_kernel_eeh(const char *when)
{
    static size_t seen;
    int size = klogctl(KLOG_SIZE_BUFFER, NULL, 0);
    char *buf, *line, *save = NULL;
    int n, shown = 0;
    size_t len;

    if (size <= 0 || !(buf = malloc(size + 1))) {
        return;
    }
    n = klogctl(KLOG_READ_ALL, buf, size);
    if (n < 0) {
        free(buf);
        return;
    }
    buf[n] = 0;
    len = n;
    /* the ring may have wrapped: then show everything that matches */
    line = seen < len ? buf + seen : buf;
    seen = len;
    for (line = strtok_r(line, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (when && strstr(line, "EEH") && shown++ < 40) {
            diag("kernel (%s): %s", when, line);
        }
    }
    free(buf);
}

/*
 * The kernel log lines holding both a and b: returns how many (-1 if the
 * log cannot be read) and copies the nth of them (1: the first, 0: the
 * last) into out.
 */
static int klog_lines(const char *a, const char *b, int nth, char *out,
                      size_t size)
{
    int bufsize = klogctl(KLOG_SIZE_BUFFER, NULL, 0);
    char *buf, *line, *save = NULL;
    int n, count = 0;

    out[0] = 0;
    if (bufsize <= 0 || !(buf = malloc(bufsize + 1))) {
        return -1;
    }
    n = klogctl(KLOG_READ_ALL, buf, bufsize);
    if (n < 0) {
        free(buf);
        return -1;
    }
    buf[n] = 0;
    for (line = strtok_r(buf, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strstr(line, a) && strstr(line, b)) {
            count++;
            if (!nth || count == nth) {
                snprintf(out, size, "%s", line);
            }
        }
    }
    free(buf);
    return count;
}

/* Unfreeze IO then DMA, quietly; 0 if the PE is normal afterwards */
static int eeh_thaw(Dev *d)
{
    int err = eeh_op(d, VFIO_EEH_PE_UNFREEZE_IO), st;

    if (!err) {
        err = eeh_op(d, VFIO_EEH_PE_UNFREEZE_DMA);
    }
    st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
    return err ? err : st == VFIO_EEH_PE_STATE_NORMAL ? 0 : -EIO;
}

/* EEH on the container: supported, enabled, and the PE not frozen yet */
static void setup_eeh(Dev *d)
{
    int ext = ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_EEH);
    int en = eeh_op(d, VFIO_EEH_PE_ENABLE);
    int st = eeh_op(d, VFIO_EEH_PE_GET_STATE);

    d->eeh = ext > 0 && !en && st >= 0;
    if (!d->eeh) {
        diag("no EEH for the exerciser's PE: VFIO_CHECK_EXTENSION(VFIO_EEH) "
             "%d, VFIO_EEH_PE_ENABLE %s, VFIO_EEH_PE_GET_STATE %s", ext,
             err_str(en), eeh_state_str(st));
    }
    tap(ext > 0, "EEH: VFIO_CHECK_EXTENSION(VFIO_EEH) on the "
            "container reports EEH support (%d)", ext);
    tap(!en, "EEH: VFIO_EEH_PE_ENABLE on the exerciser's PE (%s)",
            err_str(en));
    tap(st == VFIO_EEH_PE_STATE_NORMAL, "EEH: VFIO_EEH_PE_GET_STATE "
            "before any fault: state %d (%s)", st, eeh_state_str(st));
}

/*
 * After a deliberate fault (cause): the exerciser's PE must be frozen, its
 * ID register must read all-ones, and the PE must come back through
 * VFIO_EEH_PE_OP, by unfreezing IO and then DMA, or by a PE reset (hot
 * reset asserted and deasserted, then configure).  Returns true if the ID
 * register reads right afterwards.
 */
static bool eeh_recover(Dev *d, const char *tag, const char *cause,
                        bool reset)
{
    int st = eeh_op(d, VFIO_EEH_PE_GET_STATE), st2, e1, e2, e3;
    uint64_t id = rd(d, DXR_ID);

    tap(st == VFIO_EEH_PE_STATE_STOPPED, "%s: after %s, "
            "VFIO_EEH_PE_GET_STATE reports the exerciser's PE frozen: "
            "state %d (%s)", tag, cause, st, eeh_state_str(st));
    tap(id == ~0ULL, "%s: while the PE is frozen, MMIO is stopped: "
            "the ID register reads 0x%" PRIx64, tag, id);
    if (!d->eeh) {
        tap(false, "%s: the PE %s through VFIO_EEH_PE_OP", tag,
                reset ? "reset (RESET_HOT, RESET_DEACTIVATE, CONFIGURE)" :
                "unfrozen (UNFREEZE_IO, UNFREEZE_DMA)");
    } else if (!reset) {
        e1 = eeh_op(d, VFIO_EEH_PE_UNFREEZE_IO);
        st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
        id = rd(d, DXR_ID);
        tap(!e1 && st == VFIO_EEH_PE_STATE_STOPPED_DMA && id == DXR_ID_VALUE,
            "%s: VFIO_EEH_PE_UNFREEZE_IO (%s) brings MMIO back with DMA "
            "still stopped: state %d (%s), ID reads 0x%" PRIx64, tag,
            err_str(e1), st, eeh_state_str(st), id);
        e2 = eeh_op(d, VFIO_EEH_PE_UNFREEZE_DMA);
        st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
        tap(!e2 && st == VFIO_EEH_PE_STATE_NORMAL, "%s: "
            "VFIO_EEH_PE_UNFREEZE_DMA (%s) makes the PE normal again: "
            "state %d (%s)", tag, err_str(e2), st, eeh_state_str(st));
    } else {
        e1 = eeh_op(d, VFIO_EEH_PE_RESET_HOT);
        st2 = eeh_op(d, VFIO_EEH_PE_GET_STATE);
        e2 = eeh_op(d, VFIO_EEH_PE_RESET_DEACTIVATE);
        e3 = eeh_op(d, VFIO_EEH_PE_CONFIGURE);
        st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
        tap(!e1 && !e2 && !e3 && st == VFIO_EEH_PE_STATE_NORMAL,
            "%s: PE reset through VFIO_EEH_PE_RESET_HOT (%s; state then %d, "
            "%s), RESET_DEACTIVATE (%s) and CONFIGURE (%s) makes the PE "
            "normal: state %d (%s)", tag, err_str(e1), st2,
            eeh_state_str(st2), err_str(e2), err_str(e3), st,
            eeh_state_str(st));
    }
    id = rd(d, DXR_ID);
    return tap(id == DXR_ID_VALUE, "%s: %s, the exerciser's ID register "
               "reads 0x%" PRIx64, tag, !d->eeh ? "with no EEH to recover "
               "through" : reset ? "after the PE reset" : "after unfreezing",
               id);
}

/* ------------------------------------------------------------------------ */
/* DMA checks on one mapping */

/*
 * The device writes len bytes of pattern at iova; the CPU checks them at va.
 * Bytes just beyond the range must stay untouched.
 */
static void check_fill(Dev *d, const char *tag, uint64_t iova, uint8_t *va,
                       uint64_t len, uint64_t guard)
{
    uint64_t seed = rng(), st, done;
    uint64_t chunk = len < XFER_LEN ? len : XFER_LEN;
    int64_t bad;

    memset(va, 0x5a, len + guard);
    set_xfer(d, 0, iova, chunk, len / chunk, chunk, seed);
    st = run_cmd(d, DXR_OP_FILL);
    done = rd(d, DXR_DONE_COUNT);
    bad = pattern_mismatch(va, len, seed);
    tap(st_ok(st) && done == len / chunk && bad < 0 &&
        all_bytes(va + len, guard, 0x5a),
        "%s: FILL of %s by DMA write at IOVA 0x%" PRIx64 ", checked by the "
        "CPU (status 0x%" PRIx64 ", %" PRIu64 "/%" PRIu64 " transfers%s)",
        tag, size_str(len), iova, st, done, len / chunk,
        bad >= 0 ? ", data differs" : "");
    if (bad >= 0) {
        diag("first difference at +0x%" PRIx64 ": 0x%02x, expected 0x%02x",
             bad, va[bad], pattern_byte(seed, bad));
    }
}

/* The CPU writes the pattern, the device reads and compares */
static void check_verify(Dev *d, const char *tag, uint64_t iova, uint8_t *va,
                         uint64_t len)
{
    uint64_t seed = rng(), st, done, miss;
    uint64_t chunk = len < XFER_LEN ? len : XFER_LEN;
    uint64_t off = (rng() % len) & ~7ULL;

    pattern_write(va, len, seed);
    set_xfer(d, iova, 0, chunk, len / chunk, chunk, seed);
    st = run_cmd(d, DXR_OP_VERIFY);
    done = rd(d, DXR_DONE_COUNT);
    tap(st_ok(st) && done == len / chunk,
        "%s: VERIFY of %s by DMA read matches what the CPU wrote (status 0x%"
        PRIx64 ", %" PRIu64 "/%" PRIu64 " transfers)", tag, size_str(len), st,
        done, len / chunk);

    /* one byte changed: the device must notice it, at that IOVA */
    va[off] ^= 0xff;
    st = run_cmd(d, DXR_OP_VERIFY);
    miss = rd(d, DXR_MISMATCH_IOVA);
    tap(st != ~0ULL && (st & DXR_STATUS_MISMATCH) && miss == iova + off,
        "%s: VERIFY finds a byte the CPU changed at IOVA 0x%" PRIx64
        " (status 0x%" PRIx64 ", mismatch at 0x%" PRIx64 ")", tag, iova + off,
        st, miss);
    va[off] ^= 0xff;
}

/* CPU -> device buffer -> memory, and memory -> device buffer -> CPU */
static void check_buf(Dev *d, const char *tag, uint64_t iova, uint8_t *va,
                      uint64_t len)
{
    uint64_t n = len < DXR_BUF_SIZE ? len : DXR_BUF_SIZE;
    uint8_t *want = malloc(n), *got = malloc(n);
    uint64_t st;

    /* BUF_TO_MEM: the device writes its buffer to memory */
    fill_random(want, n);
    buf_write(d, 0, want, n);
    memset(va, 0, n);
    set_xfer(d, 0, iova, n, 1, 0, 0);
    st = run_cmd(d, DXR_OP_BUF_TO_MEM);
    tap(st_ok(st) && !memcmp(va, want, n) && !d->io_error,
        "%s: BUF_TO_MEM of %s (BAR2 buffer -> memory) arrives intact "
        "(status 0x%" PRIx64 ")", tag, size_str(n), st);

    /* MEM_TO_BUF: the device reads memory into its buffer */
    fill_random(va, n);
    memset(got, 0, n);
    buf_write(d, 0, got, n);
    set_xfer(d, iova, 0, n, 1, 0, 0);
    st = run_cmd(d, DXR_OP_MEM_TO_BUF);
    buf_read(d, 0, got, n);
    tap(st_ok(st) && !memcmp(va, got, n) && !d->io_error,
        "%s: MEM_TO_BUF of %s (memory -> BAR2 buffer) arrives intact "
        "(status 0x%" PRIx64 ")", tag, size_str(n), st);
    free(want);
    free(got);
}

/* The first logged failure of the last command: count, IOVA, info */
static uint64_t first_error(Dev *d, uint64_t *iova, uint64_t *info)
{
    uint64_t errs = rd(d, DXR_ERR_COUNT);

    *iova = *info = 0;
    if (errs) {
        wr(d, DXR_ERR_SEL, 0);
        *iova = rd(d, DXR_ERR_IOVA);
        *info = rd(d, DXR_ERR_INFO);
    }
    return errs;
}

/*
 * After an unmap, the IOVA must reach memory neither way (this is what
 * matters).  On POWER the fault freezes the exerciser's PE (EEH): it is
 * checked frozen and unfrozen through vfio; then the exerciser must show
 * the failed access in its error log, and a DMA to the IOVA mapped again
 * must work.
 */
static void check_unmapped(Dev *d, const char *tag, uint64_t iova,
                           uint8_t *va, uint64_t len, uint64_t iommu_page)
{
    uint64_t maplen = len > iommu_page ? len : iommu_page;
    uint8_t *save = malloc(len), *got = malloc(len);
    uint64_t st, errs, eiova, einfo;
    char what[64];
    int err;

    expect_dma_fault(d->bdf);
    /* write: FILL must leave memory alone */
    memset(va, 0xc3, len);
    memcpy(save, va, len);
    set_xfer(d, 0, iova, len, 1, 0, rng());
    st = run_cmd(d, DXR_OP_FILL);
    tap(!memcmp(va, save, len),
        "%s: a DMA write to the unmapped IOVA 0x%" PRIx64 " does not reach "
        "memory (status 0x%" PRIx64 "%s)", tag, iova, st,
        st == ~0ULL ? ", all-ones" : "");
    eeh_recover(d, tag, "a DMA write to an unmapped IOVA", false);
    st = wait_done(d);
    errs = first_error(d, &eiova, &einfo);
    tap(st != ~0ULL && (st & DXR_STATUS_ERROR) && errs > 0 &&
        eiova == iova && (einfo & DXR_ERR_INFO_WRITE),
        "%s: the exerciser saw its write to the unmapped IOVA fail (status "
        "0x%" PRIx64 ", ERR_COUNT %" PRIu64 ", ERR_IOVA 0x%" PRIx64
        ", ERR_INFO 0x%" PRIx64 ")", tag, st, errs, eiova, einfo);

    /* the PE works again: DMA to the IOVA once it is mapped again */
    err = map_dma(d, va, iova, maplen);
    snprintf(what, sizeof(what), "%s, mapped again", tag);
    if (tap(!err, "%s: MAP_DMA of %s at the IOVA again (%s)", tag,
            size_str(maplen), err_str(err))) {
        check_fill(d, what, iova, va, len, 0);
        err = unmap_dma(d, iova, maplen);
        tap(!err, "%s: UNMAP_DMA again (%s)", tag, err_str(err));
    }

    /* read: MEM_TO_BUF must not bring memory's data into the buffer */
    fill_random(va, len);
    memset(got, 0, len);
    buf_write(d, 0, got, len);
    set_xfer(d, iova, 0, len, 1, 0, 0);
    st = run_cmd(d, DXR_OP_MEM_TO_BUF);
    eeh_recover(d, tag, "a DMA read of an unmapped IOVA", false);
    st = wait_done(d);
    errs = first_error(d, &eiova, &einfo);
    buf_read(d, 0, got, len);
    tap(st != ~0ULL && memcmp(va, got, len),
        "%s: a DMA read of the unmapped IOVA does not return memory's data "
        "(status 0x%" PRIx64 ")", tag, st);
    tap(st != ~0ULL && (st & DXR_STATUS_ERROR) && errs > 0 &&
        eiova == iova && !(einfo & DXR_ERR_INFO_WRITE),
        "%s: the exerciser saw its read of the unmapped IOVA fail (status "
        "0x%" PRIx64 ", ERR_COUNT %" PRIu64 ", ERR_IOVA 0x%" PRIx64
        ", ERR_INFO 0x%" PRIx64 ")", tag, st, errs, eiova, einfo);
    free(save);
    free(got);
}

/* ------------------------------------------------------------------------ */
/* /proc/interrupts through /sys/kernel/irq */

static uint64_t irq_count(int irq)
{
    char path[96], buf[4096];
    uint64_t sum = 0, v;
    int used, pos = 0;

    /* one count per CPU, separated by commas */
    snprintf(path, sizeof(path), "/sys/kernel/irq/%d/per_cpu_count", irq);
    if (read_file(path, buf, sizeof(buf)) < 0) {
        return 0;
    }
    while (sscanf(buf + pos, "%" SCNu64 "%n", &v, &used) == 1) {
        sum += v;
        pos += used;
        if (buf[pos] != ',') {
            break;
        }
        pos++;
    }
    return sum;
}

/*
 * How often the kernel took the OPAL event interrupt of PCI errors
 * ("opal-eeh", powernv): the PHB's error interrupt reaching the kernel.
 * -1 if there is none.
 */
static int64_t opal_eeh_irqs(void)
{
    DIR *dir = opendir("/sys/kernel/irq");
    struct dirent *de;
    int64_t sum = -1;

    while (dir && (de = readdir(dir))) {
        char path[300], act[64];

        snprintf(path, sizeof(path), "/sys/kernel/irq/%s/actions",
                 de->d_name);
        if (de->d_name[0] != '.' && !read_file(path, act, sizeof(act)) &&
            !strcmp(act, "opal-eeh")) {
            sum = (sum < 0 ? 0 : sum) + irq_count(atoi(de->d_name));
        }
    }
    if (dir) {
        closedir(dir);
    }
    return sum;
}

#define MAX_VICTIMS     32
#define FORGE_WRITES    16      /* writes of each forged message */

typedef struct Victim {
    int irq;
    char name[64];              /* its action, as in /proc/interrupts */
    char owner[32];             /* the PCI device, or "platform" */
    uint64_t c0, c1, c2;        /* baseline start, forging start, end */
} Victim;

typedef struct Forgery {
    Victim v[MAX_VICTIMS];
    int nv;
    uint64_t addr;              /* the forged messages: addr, data[i] */
    uint32_t data[64];
    int nd;
    char ifup[4][IFNAMSIZ];     /* interfaces brought up for the test */
    int nifup;
} Forgery;

static bool is_pseries(void)
{
    return compatible_has("pseries");
}

/* Bring a network interface up (so that its driver requests its MSIs) */
static bool if_up(const char *ifname)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    bool changed = false;

    if (s < 0) {
        return false;
    }
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.15s", ifname);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP;
        changed = ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
    }
    close(s);
    return changed;
}

static void if_down(const char *ifname)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM, 0);

    if (s < 0) {
        return;
    }
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.15s", ifname);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags &= ~IFF_UP;
        ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    close(s);
}

static void add_victim(Forgery *f, int irq, const char *name,
                       const char *owner)
{
    Victim *v;

    if (f->nv >= MAX_VICTIMS) {
        return;
    }
    v = &f->v[f->nv++];
    v->irq = irq;
    snprintf(v->name, sizeof(v->name), "%s", name);
    snprintf(v->owner, sizeof(v->owner), "%.31s", owner);
}

/*
 * pseries: QEMU's sPAPR PHB gives every MSI the same address and the global
 * interrupt number as data, and the hwirq of an interrupt of the XIVE or
 * XICS controller is that number.  So a platform interrupt (the console's)
 * is a victim whose message is exactly (our address, its hwirq).  The MSIs
 * of other PCI devices are not: the kernel does not show their global
 * numbers.
 */
static void victims_pseries(Forgery *f, const MsixEntry *own)
{
    DIR *dir = opendir("/sys/kernel/irq");
    struct dirent *de;
    int best = -1;
    unsigned long best_hw = 0, hwirq;
    char best_name[64] = "";

    while (dir && (de = readdir(dir))) {
        char path[512], chip[32], act[64], hw[32];

        if (de->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/kernel/irq/%s/chip_name",
                 de->d_name);
        if (read_file(path, chip, sizeof(chip)) < 0 ||
            (strcmp(chip, "XIVE-IRQ") && strcmp(chip, "XICS"))) {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/kernel/irq/%s/actions",
                 de->d_name);
        /* not the RAS events: a spurious one makes the kernel call RTAS */
        if (read_file(path, act, sizeof(act)) < 0 || !act[0] ||
            !strncmp(act, "RAS_", 4) || !strncmp(act, "IPI", 3)) {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/kernel/irq/%s/hwirq", de->d_name);
        if (read_file(path, hw, sizeof(hw)) < 0 ||
            sscanf(hw, "%lu", &hwirq) != 1) {
            continue;
        }
        if (best < 0 || !strcmp(act, "hvc_console")) {
            best = atoi(de->d_name);
            best_hw = hwirq;
            snprintf(best_name, sizeof(best_name), "%s", act);
        }
    }
    if (dir) {
        closedir(dir);
    }
    if (best >= 0) {
        add_victim(f, best, best_name, "platform");
        f->addr = own->addr;
        f->data[f->nd++] = best_hw;
    }
}

/*
 * powernv: an MSI address/data names an IVE of the PHB the write goes
 * through (PHB3: IVE = address bits 4..19 | data bits 0..4), so only the
 * interrupts of other PEs behind the exerciser's own PHB can be hit.  The
 * kernel does not tell userspace which IVEs they use, so the forged
 * messages are the exerciser's own address with every data value of its
 * 32-IVE block that none of its own vectors uses; the victims are all the
 * MSIs in use by devices of the same PCI domain outside its IOMMU group.
 */
static void victims_powernv(Forgery *f, Dev *d, const MsixEntry *own)
{
    char dom[16];
    const char *colon = strchr(d->bdf, ':');
    DIR *dir;
    struct dirent *de;
    uint32_t used = 0;
    unsigned v;
    int pass;

    snprintf(dom, sizeof(dom), "%.*s:", colon ? (int)(colon - d->bdf) : 0,
             d->bdf);
    for (v = 0; v < DXR_MSIX_VECTORS; v++) {
        MsixEntry e = msix_read(d, v);

        if (e.addr == own->addr && e.data < 32) {
            used |= 1u << e.data;
        }
    }
    f->addr = own->addr;
    for (v = 0; v < 32; v++) {
        if (!(used & (1u << v))) {
            f->data[f->nd++] = v;
        }
    }

    /* pass 0: bring their interfaces up; pass 1: collect their MSIs */
    for (pass = 0; pass < 2; pass++) {
        dir = opendir("/sys/bus/pci/devices");
        while (dir && (de = readdir(dir))) {
            char path[512];
            DIR *sub;
            struct dirent *se;

            if (strncmp(de->d_name, dom, strlen(dom)) ||
                !strcmp(de->d_name, d->bdf) ||
                dev_group(de->d_name) == d->group_id) {
                continue;
            }
            snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s",
                     de->d_name, pass ? "msi_irqs" : "net");
            sub = opendir(path);
            while (sub && (se = readdir(sub))) {
                char apath[512], act[64];

                if (se->d_name[0] == '.') {
                    continue;
                }
                if (!pass) {
                    if (f->nifup < 4 && if_up(se->d_name)) {
                        snprintf(f->ifup[f->nifup++], IFNAMSIZ, "%.15s",
                                 se->d_name);
                    }
                    continue;
                }
                snprintf(apath, sizeof(apath), "/sys/kernel/irq/%s/actions",
                         se->d_name);
                if (read_file(apath, act, sizeof(act)) == 0 && act[0]) {
                    add_victim(f, atoi(se->d_name), act, de->d_name);
                }
            }
            if (sub) {
                closedir(sub);
            }
        }
        if (dir) {
            closedir(dir);
        }
        if (!pass && f->nifup) {
            sleep_ms(500);  /* let the drivers request their interrupts */
        }
    }
}

/* ------------------------------------------------------------------------ */
/* the test */

static Dev dev = { .container = -1, .group = -1, .fd = -1 };

static bool setup_device(Dev *d)
{
    char path[128], members[512] = "", drv[64];
    struct vfio_group_status gs = { .argsz = sizeof(gs) };
    struct vfio_device_info di = { .argsz = sizeof(di) };
    struct vfio_irq_info ii = { .argsz = sizeof(ii),
                                .index = VFIO_PCI_MSIX_IRQ_INDEX };
    DIR *dir;
    struct dirent *de;
    int err, api;
    bool group_ok = true;
    uint16_t cmd;
    unsigned i;

    /* 1. vfio-pci and the IOMMU group */
    dev_driver(d->bdf, drv, sizeof(drv));
    err = bind_vfio(d->bdf);
    if (!tap(!err, "exerciser %s bound to vfio-pci (was: %s)", d->bdf,
             drv[0] ? drv : "no driver")) {
        return false;
    }
    d->group_id = dev_group(d->bdf);
    if (!tap(d->group_id >= 0, "exerciser %s is in IOMMU group %d", d->bdf,
             d->group_id)) {
        return false;
    }
    /* vfio needs every device of the group out of host drivers' hands */
    snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices",
             d->group_id);
    dir = opendir(path);
    while (dir && (de = readdir(dir))) {
        char odrv[64];
        size_t l = strlen(members);

        if (de->d_name[0] == '.' || !strcmp(de->d_name, d->bdf)) {
            continue;
        }
        dev_driver(de->d_name, odrv, sizeof(odrv));
        if (odrv[0] && strcmp(odrv, "vfio-pci")) {
            err = bind_vfio(de->d_name);
            if (err) {
                group_ok = false;
            }
        }
        snprintf(members + l, sizeof(members) - l, " %s(%s%s)", de->d_name,
                 odrv[0] ? odrv : "no driver",
                 odrv[0] && strcmp(odrv, "vfio-pci") ?
                 err ? ", could not release" : " -> vfio-pci" : "");
    }
    if (dir) {
        closedir(dir);
    }
    tap(group_ok, "IOMMU group %d is viable for vfio: other members:%s",
        d->group_id, members[0] ? members : " none");

    /* 2. container and group */
    d->container = open("/dev/vfio/vfio", O_RDWR);
    api = d->container >= 0 ? ioctl(d->container, VFIO_GET_API_VERSION) : -1;
    if (!tap(api == VFIO_API_VERSION &&
             ioctl(d->container, VFIO_CHECK_EXTENSION,
                   VFIO_SPAPR_TCE_v2_IOMMU) > 0,
             "container: vfio API %d, VFIO_SPAPR_TCE_v2_IOMMU supported",
             api)) {
        return false;
    }
    snprintf(path, sizeof(path), "/dev/vfio/%d", d->group_id);
    d->group = open(path, O_RDWR);
    if (!tap(d->group >= 0 &&
             ioctl(d->group, VFIO_GROUP_GET_STATUS, &gs) == 0 &&
             (gs.flags & VFIO_GROUP_FLAGS_VIABLE),
             "group %s opened and viable (flags 0x%x)", path, gs.flags)) {
        return false;
    }
    if (!tap(ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container) == 0,
             "VFIO_GROUP_SET_CONTAINER")) {
        return false;
    }
    err = ioctl(d->container, VFIO_SET_IOMMU, VFIO_SPAPR_TCE_v2_IOMMU) < 0 ?
          -errno : 0;
    if (!tap(!err, "VFIO_SET_IOMMU VFIO_SPAPR_TCE_v2_IOMMU (%s)",
             err ? strerror(-err) : "ok")) {
        return false;
    }

    /* 3. the device */
    d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->bdf);
    if (!tap(d->fd >= 0 && ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di) == 0 &&
             (di.flags & VFIO_DEVICE_FLAGS_PCI) &&
             di.num_regions > VFIO_PCI_CONFIG_REGION_INDEX &&
             di.num_irqs > VFIO_PCI_MSIX_IRQ_INDEX,
             "device fd: a vfio PCI device with %u regions, %u irq indexes",
             di.num_regions, di.num_irqs)) {
        return false;
    }
    d->bar0 = region_info(d->fd, VFIO_PCI_BAR0_REGION_INDEX);
    d->bar2 = region_info(d->fd, VFIO_PCI_BAR2_REGION_INDEX);
    d->cfg = region_info(d->fd, VFIO_PCI_CONFIG_REGION_INDEX);
    if (!tap(d->bar0 && d->bar0->size == DXR_BAR0_SIZE &&
             (d->bar0->flags & VFIO_REGION_INFO_FLAG_READ) &&
             (d->bar0->flags & VFIO_REGION_INFO_FLAG_WRITE),
             "BAR0 region: size 0x%llx, flags 0x%x (%s)",
             d->bar0 ? (unsigned long long)d->bar0->size : 0ULL,
             d->bar0 ? d->bar0->flags : 0,
             d->bar0 && (d->bar0->flags & VFIO_REGION_INFO_FLAG_MMAP) ?
             "mmappable" : "not mmappable")) {
        return false;
    }
    if (!tap(d->bar2 && d->bar2->size == DXR_BUF_SIZE,
             "BAR2 region: size 0x%llx, flags 0x%x",
             d->bar2 ? (unsigned long long)d->bar2->size : 0ULL,
             d->bar2 ? d->bar2->flags : 0) || !d->cfg) {
        return false;
    }
    d->msix_mappable = region_has_cap(d->bar0,
                                      VFIO_REGION_INFO_CAP_MSIX_MAPPABLE);
    tap(d->msix_mappable, "BAR0 (holding the MSI-X table and PBA) reports "
        "VFIO_REGION_INFO_CAP_MSIX_MAPPABLE");

    d->bar0_map = map_region(d, d->bar0);
    if (!d->bar0_map) {
        diag("mmap of BAR0 failed (%s): registers through pread/pwrite",
             strerror(errno));
    }
    tap(d->bar0_map != NULL, "BAR0 mmapped (registers and MSI-X table in "
        "one page)%s", d->bar0_map ? "" : ": falling back to pread/pwrite");
    d->bar2_map = map_region(d, d->bar2);
    tap(d->bar2_map != NULL, "BAR2 (device buffer) mmapped%s",
        d->bar2_map ? "" : ": falling back to pread/pwrite");

    /* memory decoding and bus mastering, which DMA and MSI-X need */
    if (pread(d->fd, &cmd, 2, d->cfg->offset + PCI_COMMAND) == 2) {
        cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
        if (pwrite(d->fd, &cmd, 2, d->cfg->offset + PCI_COMMAND) != 2) {
            diag("PCI_COMMAND write: %s", strerror(errno));
        }
        pread(d->fd, &cmd, 2, d->cfg->offset + PCI_COMMAND);
    }
    tap((cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
        (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
        "PCI_COMMAND: memory space and bus master enabled (0x%04x)", cmd);

    {
        uint64_t id = rd(d, DXR_ID), caps = rd(d, DXR_CAPS);

        if (!tap(id == DXR_ID_VALUE &&
                 DXR_CAPS_VECTORS(caps) == DXR_MSIX_VECTORS &&
                 DXR_CAPS_BUF_SIZE(caps) == DXR_BUF_SIZE,
                 "exerciser registers: ID 0x%" PRIx64 ", CAPS 0x%" PRIx64
                 " (%u vectors, %u DMA bits, %u error log entries)", id, caps,
                 (unsigned)DXR_CAPS_VECTORS(caps),
                 (unsigned)DXR_CAPS_DMA_BITS(caps),
                 (unsigned)DXR_CAPS_ERRLOG(caps))) {
            return false;
        }
    }

    if (d->bar0_map) {
        uint64_t v = ~0ULL;
        uint32_t t = 0;
        bool ok;

        /* the fallback path works too, and vfio keeps the table to itself */
        ok = pread(d->fd, &v, 8, d->bar0->offset + DXR_ID) == 8;
        tap(ok && v == DXR_ID_VALUE, "BAR0 through the region file: pread of "
            "ID gives 0x%" PRIx64, v);
        ok = pread(d->fd, &t, 4,
                   d->bar0->offset + DXR_MSIX_TABLE_OFFSET + 12) == 4;
        tap(ok && t == 0xffffffff, "the MSI-X table is hidden from the region "
            "file: pread of entry 0's vector control gives 0x%x", t);
    }

    ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii);
    tap(ii.count == DXR_MSIX_VECTORS && (ii.flags & VFIO_IRQ_INFO_EVENTFD),
        "MSI-X irq index: %u vectors, eventfd capable (flags 0x%x)",
        ii.count, ii.flags);
    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        d->efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }
    return true;
}

static struct vfio_iommu_spapr_tce_info tce_info = {
    .argsz = sizeof(tce_info),
};

static bool setup_iommu(Dev *d, DmaMem *mem)
{
    int err;

    if (!tap(!ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_GET_INFO, &tce_info),
             "VFIO_IOMMU_SPAPR_TCE_GET_INFO: dma32 window 0x%x + 0x%x (%s), "
             "flags 0x%x", tce_info.dma32_window_start,
             tce_info.dma32_window_size,
             size_str(tce_info.dma32_window_size), tce_info.flags)) {
        return false;
    }
    tap(tce_info.dma32_window_size > 0 &&
        !(tce_info.dma32_window_start & 0xfff),
        "dma32 window is non-empty and 4K aligned");
    if (tce_info.flags & VFIO_IOMMU_SPAPR_INFO_DDW) {
        char sizes[128] = "";
        size_t n = 0;
        int b;

        for (b = 0; b < 64; b++) {
            if (tce_info.ddw.pgsizes & (1ULL << b)) {
                n += snprintf(sizes + n, sizeof(sizes) - n, "%s%s",
                              n ? "," : "", size_str(1ULL << b));
            }
        }
        tap(tce_info.ddw.pgsizes && tce_info.ddw.max_dynamic_windows_supported,
            "DDW info: pgsizes 0x%llx (%s), max_dynamic_windows_supported %u, "
            "levels %u", (unsigned long long)tce_info.ddw.pgsizes, sizes,
            tce_info.ddw.max_dynamic_windows_supported, tce_info.ddw.levels);
    } else {
        tap(false, "DDW info: VFIO_IOMMU_SPAPR_INFO_DDW reported");
    }

    err = alloc_normal(mem, DMA_BUF_SIZE);
    if (!tap(!err, "%s of DMA memory allocated (%s pages)",
             size_str(DMA_BUF_SIZE), size_str(sys_page_size()))) {
        return false;
    }
    err = reg_mem(d, mem, true);
    if (!tap(!err, "VFIO_IOMMU_SPAPR_REGISTER_MEMORY of %s at %p (%s)",
             size_str(mem->size), mem->va, err ? strerror(-err) : "ok")) {
        return false;
    }
    /*
     * VFIO_IOMMU_ENABLE belongs to the v1 interface: on a v2 container the
     * kernel answers ENOTTY, and registering memory is what enables it
     * (MAP_DMA is refused with EPERM before).
     */
    err = ioctl(d->container, VFIO_IOMMU_ENABLE) < 0 ? -errno : 0;
    return tap(!err || err == -ENOTTY, "VFIO_IOMMU_ENABLE: %s",
               !err ? "ok" : err == -ENOTTY ?
               "ENOTTY, as a v2 container is enabled by REGISTER_MEMORY" :
               strerror(-err));
}

/* 4. DMA through the default 32-bit window */
static bool test_dma32(Dev *d, DmaMem *mem, uint64_t *iova_out)
{
    uint64_t iova = tce_info.dma32_window_start;
    uint64_t end = iova + tce_info.dma32_window_size;
    int err;

    err = map_dma(d, mem->va + DMA_BUF_SIZE / 2, end, 0x10000);
    tap(err, "MAP_DMA beyond the end of the dma32 window (IOVA 0x%" PRIx64
        ") is refused (%s)", end, err ? strerror(-err) : "accepted");
    if (!err) {
        unmap_dma(d, end, 0x10000);
    }
    err = map_dma(d, mem->va, iova, mem->size);
    if (!tap(!err, "MAP_DMA %s at IOVA 0x%" PRIx64 " in the dma32 window (%s)",
             size_str(mem->size), iova, err ? strerror(-err) : "ok")) {
        return false;
    }
    *iova_out = iova;
    check_fill(d, "dma32", iova, mem->va, mem->size - XFER_LEN, XFER_LEN);
    check_verify(d, "dma32", iova, mem->va, mem->size);
    check_buf(d, "dma32", iova + 0x30000, mem->va + 0x30000, DXR_BUF_SIZE);
    return true;
}

/* 7. MSI-X through eventfds */
static void test_msix(Dev *d, uint64_t iova)
{
    uint64_t counts[DXR_MSIX_VECTORS], before, st;
    char cs[64];
    int err;

    err = set_msix(d, DXR_MSIX_VECTORS);
    if (!tap(!err, "VFIO_DEVICE_SET_IRQS: MSI-X with %d eventfds (%s)",
             DXR_MSIX_VECTORS, err ? strerror(-err) : "ok")) {
        return;
    }
    drain_efds(d, counts);
    before = rd(d, DXR_IRQ_COUNT);
    set_xfer(d, 0, iova, 256, 1, 0, rng());
    st = run_cmd(d, DXR_OP_FILL | DXR_CMD_IRQ | DXR_CMD_VECTOR(3));
    wait_efds(d, 3, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(st_ok(st) && only_fired(counts, 3),
        "completion interrupt on vector 3 arrives on eventfd 3 only "
        "(eventfd counts %s)", cs);
    tap(rd(d, DXR_IRQ_COUNT) == before + 1,
        "exerciser counted one MSI-X message sent (IRQ_COUNT %" PRIu64
        " -> %" PRIu64 ")", before, rd(d, DXR_IRQ_COUNT));

    wr(d, DXR_DOORBELL, 5);
    wait_efds(d, 5, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(only_fired(counts, 5), "DOORBELL 5 arrives on eventfd 5 only "
        "(eventfd counts %s)", cs);

    wr(d, DXR_DOORBELL, 0);
    wr(d, DXR_DOORBELL, 7);
    wait_efds(d, 7, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(counts[0] == 1 && counts[7] == 1 && counts[1] + counts[2] +
        counts[3] + counts[4] + counts[5] + counts[6] == 0,
        "DOORBELL 0 and 7 arrive on eventfds 0 and 7 (eventfd counts %s)",
        cs);
}

/* 8. the MSI-X table through the BAR0 mmap */
static void test_msix_mmap(Dev *d)
{
    uint64_t counts[DXR_MSIX_VECTORS], irqs;
    MsixEntry e2, e3, e5;
    char cs[64];
    int err;

    if (!d->bar0_map) {
        /* the platform lets BAR0 be mmapped (checked above): a failure */
        tap(false, "MSI-X table through the mmap (BAR0 is not mmapped)");
        return;
    }
    e3 = msix_read(d, 3);
    tap(e3.addr && !(e3.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT),
        "MSI-X entry 3 as vfio programmed it, read through the mmap: "
        "address 0x%" PRIx64 " data 0x%x, unmasked (ctrl 0x%x)",
        e3.addr, e3.data, e3.ctrl);

    /*
     * Enable only vectors 0-3 through vfio: entries 4-7 stay masked and are
     * ours to program directly.  Entry 5 gets vector 2's message: the
     * platform routes by message, so what entry 5 sends arrives on eventfd 2
     * (no eventfd is attached to vector 5 any more).
     */
    err = set_msix(d, 0);
    if (!err) {
        err = set_msix(d, 4);
    }
    if (!tap(!err, "MSI-X re-enabled with 4 vectors through "
             "VFIO_DEVICE_SET_IRQS (%s)", err ? strerror(-err) : "ok")) {
        return;
    }
    drain_efds(d, counts);
    e2 = msix_read(d, 2);
    e5 = msix_read(d, 5);
    tap((e5.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT) &&
        !(e2.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT) && e2.addr,
        "entry 5 (not enabled by vfio) is masked, entry 2 holds address 0x%"
        PRIx64 " data 0x%x", e2.addr, e2.data);

    irqs = rd(d, DXR_IRQ_COUNT);
    wr(d, DXR_DOORBELL, 5);
    wait_efds(d, -1, 500, counts);
    counts_str(counts, cs, sizeof(cs));
    diag("IRQ_COUNT across the masked doorbell: %" PRIu64 " -> %" PRIu64,
         irqs, rd(d, DXR_IRQ_COUNT));
    tap(only_fired(counts, -1) && msix_pending(d, 5),
        "DOORBELL 5 while entry 5 is masked raises nothing and sets its PBA "
        "bit (eventfd counts %s, PBA 0x%" PRIx64 ")", cs,
        msix_pba(d));

    msix_write(d, 5, e2.addr, e2.data);
    e5 = msix_read(d, 5);
    tap(e5.addr == e2.addr && e5.data == e2.data,
        "entry 5 programmed through the mmap with vector 2's message "
        "(reads back address 0x%" PRIx64 " data 0x%x)", e5.addr, e5.data);
    msix_set_mask(d, 5, false);
    wait_efds(d, 2, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(only_fired(counts, 2) && !msix_pending(d, 5),
        "unmasking entry 5 through the mmap delivers its pending message "
        "on eventfd 2 (eventfd counts %s)", cs);

    wr(d, DXR_DOORBELL, 5);
    wait_efds(d, 2, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(only_fired(counts, 2),
        "DOORBELL 5 now arrives on eventfd 2, whose message entry 5 carries "
        "(eventfd counts %s)", cs);

    msix_set_mask(d, 5, true);
    err = set_msix(d, 0);
    if (!err) {
        err = set_msix(d, DXR_MSIX_VECTORS);
    }
    tap(!err, "MSI-X back to %d vectors through vfio (%s)", DXR_MSIX_VECTORS,
        err ? strerror(-err) : "ok");
}

/*
 * The exerciser after a PE reset: the reset cleared its command register
 * and MSI-X state, which the kernel does not restore for a vfio user.
 * Memory space and bus master are enabled again, MSI-X set up again; a
 * doorbell and a DMA must work.
 */
static void check_after_reset(Dev *d, const char *tag, uint64_t iova,
                              uint8_t *va)
{
    uint64_t counts[DXR_MSIX_VECTORS];
    uint16_t cmd = 0, cmd0 = 0;
    char cs[64];
    int err;

    if (pread(d->fd, &cmd0, 2, d->cfg->offset + PCI_COMMAND) == 2) {
        cmd = cmd0 | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
        if (pwrite(d->fd, &cmd, 2, d->cfg->offset + PCI_COMMAND) != 2) {
            diag("PCI_COMMAND write: %s", strerror(errno));
        }
        cmd = 0;
        if (pread(d->fd, &cmd, 2, d->cfg->offset + PCI_COMMAND) != 2) {
            cmd = 0;
        }
    }
    tap((cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
        (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
        "%s: PCI_COMMAND 0x%04x, memory space and bus master enabled "
        "again: 0x%04x", tag, cmd0, cmd);
    err = set_msix(d, 0);
    if (!err) {
        err = set_msix(d, DXR_MSIX_VECTORS);
    }
    tap(!err, "%s: MSI-X set up again with %d vectors through "
        "VFIO_DEVICE_SET_IRQS (%s)", tag, DXR_MSIX_VECTORS, err_str(err));
    drain_efds(d, counts);
    wr(d, DXR_DOORBELL, 6);
    wait_efds(d, 6, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(only_fired(counts, 6), "%s: DOORBELL 6 arrives on eventfd 6 only "
        "(eventfd counts %s)", tag, cs);
    check_fill(d, tag, iova, va, 64 * KiB, 4096);
}

/* 9. a forged MSI: RAW_WRITE of a message that is not the exerciser's */
static void test_forged_msi(Dev *d, uint64_t iova, uint8_t *va)
{
    uint64_t counts[DXR_MSIX_VECTORS], st, errs = 0;
    static Forgery f;
    MsixEntry own;
    char cs[64], list[512] = "", datas[160] = "";
    size_t n;
    int i, k, reached = 0, thaw_failed = 0, rejected = 0, mixed = 0;
    int frozen[64] = { 0 };
    char rejs[160] = "";
    int64_t oe;

    if (!d->bar0_map || d->nvec != DXR_MSIX_VECTORS) {
        tap(false, "forged MSI: the MSI-X table can be read (BAR0 mmapped, "
            "MSI-X on)");
        return;
    }
    /* control: the exerciser's own message, written as plain DMA */
    own = msix_read(d, 4);
    drain_efds(d, counts);
    wr(d, DXR_RAW_DATA, own.data);
    set_xfer(d, 0, own.addr, 4, 1, 0, 0);
    st = run_cmd(d, DXR_OP_RAW_WRITE);
    wait_efds(d, 4, TIMEOUT_MS, counts);
    counts_str(counts, cs, sizeof(cs));
    tap(st_ok(st) && only_fired(counts, 4),
        "control: RAW_WRITE of the exerciser's own vector-4 message "
        "(0x%x to 0x%" PRIx64 ") raises eventfd 4 (status 0x%" PRIx64
        ", eventfd counts %s)", own.data, own.addr, st, cs);

    memset(&f, 0, sizeof(f));
    if (is_pseries()) {
        victims_pseries(&f, &own);
    } else {
        victims_powernv(&f, d, &own);
    }
    if (!f.nv || !f.nd) {
        /* every test machine (boot.py) gives it one */
        tap(false, "forged MSI: a victim: %s",
            is_pseries() ? "a platform interrupt in use" :
            "an interrupt of another PE in use behind the exerciser's PHB "
            "(an MSI address/data only names an IVE of the PHB it goes "
            "through)");
        goto out;
    }
    /* the PHB refuses them as another PE's, and that stops the sender */
    expect_report("msi-wrong-pe", d->bdf);
    expect_pe_stop(d->bdf);
    may_report("pe-frozen", d->bdf);

    /*
     * A baseline, to tell a victim that fires by itself (a NIC just brought
     * up raises link and timer interrupts: let it settle first).
     */
    sleep_ms(2000);
    for (i = 0; i < f.nv; i++) {
        f.v[i].c0 = irq_count(f.v[i].irq);
    }
    sleep_ms(1000);
    for (i = 0; i < f.nv; i++) {
        f.v[i].c1 = irq_count(f.v[i].irq);
    }
    /*
     * Where the platform has EEH, a message the PHB rejects (its IVE
     * belongs to another PE) freezes the exerciser's PE, which is unfrozen
     * before the next write (a frozen PE's MSIs are dropped: without that,
     * only the first message would be tried).
     */
    oe = opal_eeh_irqs();
    for (k = 0; k < f.nd; k++) {
        for (i = 0; i < FORGE_WRITES; i++) {
            wr(d, DXR_RAW_DATA, f.data[k]);
            set_xfer(d, 0, f.addr, 4, 1, 0, 0);
            st = run_cmd(d, DXR_OP_RAW_WRITE);
            if (d->eeh) {
                int pst = eeh_op(d, VFIO_EEH_PE_GET_STATE);

                if (pst == VFIO_EEH_PE_STATE_STOPPED) {
                    frozen[k]++;
                }
                if (pst != VFIO_EEH_PE_STATE_NORMAL && eeh_thaw(d)) {
                    thaw_failed++;
                }
                st = wait_done(d);
            }
            errs += st == ~0ULL ? 1 : rd(d, DXR_ERR_COUNT);
        }
    }
    sleep_ms(QUIET_MS);
    drain_efds(d, counts);
    counts_str(counts, cs, sizeof(cs));
    for (i = 0; i < f.nv; i++) {
        Victim *v = &f.v[i];
        bool noisy = v->c1 != v->c0, hit;

        v->c2 = irq_count(v->irq);
        /*
         * A victim counts as hit if it fired clearly more during the
         * forging (shorter than the baseline second) than during the
         * baseline: its own interrupts (the e1000e's fire by themselves)
         * cannot make up half of the FORGE_WRITES forged ones.
         */
        hit = v->c2 - v->c1 > v->c1 - v->c0 + FORGE_WRITES / 2;
        reached += hit;
        diag("victim irq %d '%s' of %s: %" PRIu64 " -> %" PRIu64 " -> %"
             PRIu64 "%s%s", v->irq, v->name, v->owner, v->c0, v->c1, v->c2,
             noisy ? " (fires by itself)" : "", hit ? ": REACHED" : "");
        n = strlen(list);
        snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", v->name);
    }
    for (k = 0; k < f.nd; k++) {
        n = strlen(datas);
        snprintf(datas + n, sizeof(datas) - n, "%s0x%x", k ? "," : "",
                 f.data[k]);
        if (frozen[k] == FORGE_WRITES) {
            n = strlen(rejs);
            snprintf(rejs + n, sizeof(rejs) - n, "%s0x%x", rejected ? "," :
                     "", f.data[k]);
            rejected++;
        } else if (frozen[k]) {
            diag("data 0x%x froze the PE after %d of its %d writes",
                 f.data[k], frozen[k], FORGE_WRITES);
            mixed++;
        }
    }
    diag("forged writes: %d messages x %d, failed transfers %" PRIu64
         ", the exerciser's own eventfds meanwhile: %s", f.nd, FORGE_WRITES,
         errs, cs);
    if (d->eeh) {
        /*
         * Of the exerciser's 32-IVE block, the IVEs of other PEs' sources
         * (the victims') are rejected, freezing the sender's PE every time;
         * the IVEs no device uses carry PE number 0 (their reset value), so
         * they count as the exerciser's own when it is PE#0 (a masked IVE:
         * nothing is raised) and as another PE's otherwise.
         */
        tap(!reached && rejected > 0 && !mixed && !thaw_failed,
            "forged MSI: %d message(s) at 0x%" PRIx64 " (data %s) written by "
            "the exerciser reach none of %d interrupt(s) outside its PE "
            "(%s), and the PHB froze the exerciser's PE on every write of "
            "the %d it rejects as another PE's (data %s): %d reached, %d "
            "froze it on some writes only, %d unfreezes failed", f.nd,
            f.addr, datas, f.nv, list, rejected, rejs, reached, mixed,
            thaw_failed);
    } else {
        tap(!reached,
            "forged MSI: %d message(s) at 0x%" PRIx64 " (data %s) written by "
            "the exerciser reach none of %d interrupt(s) outside its PE "
            "(%s): %d reached", f.nd, f.addr, datas, f.nv, list, reached);
        tap(false, "forged MSI: each forged message froze the "
                "exerciser's PE (VFIO_EEH_PE_GET_STATE is unavailable)");
    }
    diag("PCI error interrupts (opal-eeh) taken by the kernel meanwhile: "
         "%" PRId64 " -> %" PRId64, oe, opal_eeh_irqs());
    diag_kernel_eeh("forged MSIs");

    /* once more (a message the PHB rejected), and this time reset the PE */
    for (k = 0; k < f.nd - 1 && frozen[k] != FORGE_WRITES; k++) {
        continue;
    }
    wr(d, DXR_RAW_DATA, f.data[k]);
    set_xfer(d, 0, f.addr, 4, 1, 0, 0);
    run_cmd(d, DXR_OP_RAW_WRITE);
    if (eeh_recover(d, "forged MSI", "a forged MSI", true)) {
        check_after_reset(d, d->eeh ? "forged MSI, after the PE reset" :
                          "forged MSI", iova, va);
    }
out:
    for (i = 0; i < f.nifup; i++) {
        if_down(f.ifup[i]);
    }
}

/*
 * 9b. an injected error: VFIO_EEH_PE_INJECT_ERR on the container, a 32-bit
 * MMIO load error.  Linux passes it to the platform: on powernv
 * pnv_eeh_err_inject -> opal_pci_err_inject, which arms the PHB's PAPR
 * error injection for addr under mask (the CPU address of BAR0, as
 * /sys/bus/pci/devices/<bdf>/resource shows it, and a mask of its size):
 * the next BAR0 load fails and freezes the PE.  On pseries
 * pseries_eeh_err_inject ignores addr and mask and breaks the device
 * (eeh_debugfs_break_device: memory space off, an MMIO load, memory space
 * on again), and the platform stops the PE on that load.  Either way the
 * next BAR0 load must read all-ones, the PE must be reported frozen, and
 * unfreezing it must give back the registers and DMA.  On PHB4/PHB5
 * skiboot offers only config errors (phb4_err_inject: the MMIO kinds are
 * OPAL_UNSUPPORTED; phb4_err_inject_cfg, given no address, targets the
 * PE's first RID): the injected error is a config read error, and the
 * next config read (the vendor ID through the vfio config region) must
 * read all-ones and freeze the PE.
 */
static void test_inject(Dev *d, uint64_t iova, uint8_t *va)
{
    struct vfio_eeh_pe_op o = {
        .argsz = sizeof(o),
        .op = VFIO_EEH_PE_INJECT_ERR,
        .err = {
            .type = EEH_ERR_TYPE_32,
            .func = EEH_ERR_FUNC_LD_MEM_ADDR,
        },
    };
    unsigned long long start = 0, end = 0, flags = 0;
    char path[128], res[256];
    int st, st1, err, e1, e2;
    bool cfg = powernv_phb4();
    uint32_t cls = 0;
    uint64_t id;

    expect_pe_stop(d->bdf);         /* the injected MMIO load error */
    /* the starting point: a normal PE and a working register */
    st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
    id = rd(d, DXR_ID);
    tap(st == VFIO_EEH_PE_STATE_NORMAL && id == DXR_ID_VALUE,
            "EEH injection: before it, the exerciser's PE is normal (state "
            "%d, %s) and its ID register reads 0x%" PRIx64, st,
            eeh_state_str(st), id);

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", d->bdf);
    if (read_file(path, res, sizeof(res)) < 0 ||
        sscanf(res, "%llx %llx %llx", &start, &end, &flags) != 3 ||
        end <= start) {
        diag("%s: no BAR0 address: injecting without one", path);
        start = end = 0;
    }
    o.err.addr = start;
    o.err.mask = end > start ? ~(uint64_t)(end - start) : 0;
    if (cfg) {
        o.err.func = EEH_ERR_FUNC_LD_CFG_ADDR;
        o.err.addr = o.err.mask = 0;
    }
    err = ioctl(d->container, VFIO_EEH_PE_OP, &o) < 0 ? -errno : 0;
    tap(!err, "EEH injection: VFIO_EEH_PE_OP INJECT_ERR of a 32-bit "
            "%s error (type %d, func %d) %s, addr 0x%" PRIx64
            " mask 0x%" PRIx64 ", is accepted (%s)",
            cfg ? "config read" : "MMIO load", EEH_ERR_TYPE_32,
            (int)o.err.func, cfg ? "for the PE's first RID" : "at BAR0",
            (uint64_t)o.err.addr, (uint64_t)o.err.mask, err_str(err));
    /* powernv: armed only, normal; pseries: the break already stopped it */
    st1 = eeh_op(d, VFIO_EEH_PE_GET_STATE);
    diag("EEH injection: PE state right after INJECT_ERR, before any "
         "load from this program: %d (%s)", st1, eeh_state_str(st1));

    if (cfg) {
        /*
         * the class code: vfio-pci reads it from the device (its vendor
         * and device IDs are virtualized, vfio_pci_config.c)
         */
        if (pread(d->fd, &cls, 4, d->cfg->offset + PCI_CLASS_REVISION) !=
            4) {
            cls = 0;
        }
        st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
        tap(cls == 0xffffffff, "EEH injection: the injected error makes the "
            "next config read fail: class and revision read 0x%08x "
            "(all-ones)", cls);
    } else {
        id = rd(d, DXR_ID);
        st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
        tap(id == ~0ULL, "EEH injection: the injected error makes the "
            "next BAR0 load fail: the ID register reads 0x%" PRIx64
            " (all-ones)", id);
    }
    tap(st == VFIO_EEH_PE_STATE_STOPPED, "EEH injection: after the "
            "failed access, VFIO_EEH_PE_GET_STATE reports the exerciser's PE "
            "frozen: state %d (%s)", st, eeh_state_str(st));
    diag_kernel_eeh("error injection");

    e1 = eeh_op(d, VFIO_EEH_PE_UNFREEZE_IO);
    e2 = eeh_op(d, VFIO_EEH_PE_UNFREEZE_DMA);
    st = eeh_op(d, VFIO_EEH_PE_GET_STATE);
    tap(!e1 && !e2 && st == VFIO_EEH_PE_STATE_NORMAL,
            "EEH injection: VFIO_EEH_PE_UNFREEZE_IO (%s) then "
            "VFIO_EEH_PE_UNFREEZE_DMA (%s) make the PE normal again: state "
            "%d (%s)", err_str(e1), err_str(e2), st, eeh_state_str(st));
    id = rd(d, DXR_ID);
    tap(id == DXR_ID_VALUE, "EEH injection: after unfreezing, the injection "
        "is spent: the exerciser's ID register reads 0x%" PRIx64, id);
    check_fill(d, "EEH injection, after unfreezing", iova, va, 64 * KiB,
               4096);
}

/* The MMU the kernel runs, from /proc/cpuinfo ("Hash", "Radix") */
static const char *mmu_name(void)
{
    static char name[16];
    char line[128];
    FILE *f;

    if (name[0]) {
        return name;
    }
    snprintf(name, sizeof(name), "unknown");
    f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "MMU", 3) && strchr(line, ':')) {
            sscanf(strchr(line, ':') + 1, "%15s", name);
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    return name;
}

/*
 * Memory for a window of ps-byte IOMMU pages: the kernel maps an IOMMU page
 * only onto memory whose own pages are at least that large, so above the
 * base page size it must be hugetlb.  On failure, why says what is missing.
 */
static int alloc_for_iommu_page(DmaMem *m, uint64_t ps, char *why,
                                size_t whylen)
{
    static struct {
        uint64_t size;
        int err;
        char why[320];
    } failed[8];
    static int nfailed;
    uint64_t hs[8];
    int nhs = hugetlb_sizes(hs, 8), i, j, n, err;

    memset(m, 0, sizeof(*m));
    if (ps <= sys_page_size()) {
        err = alloc_normal(m, DMA_BUF_SIZE);
        snprintf(why, whylen, "%s", strerror(-err));
        return err;
    }
    for (i = 0; i < nhs && hs[i] < ps; i++) {
        continue;
    }
    if (i == nhs) {
        snprintf(why, whylen, "no hugetlb page size >= %s on this kernel "
                 "(%s base pages)", size_str(ps), size_str(sys_page_size()));
        return -ENOENT;
    }
    /* the hugetlb sizes are the MMU's: hash 16M, 16G; radix 2M, 1G */
    n = hs[i] > ps ? snprintf(why, whylen, "%s IOMMU pages need hugetlb "
                              "pages of %s or more, the smallest of this "
                              "kernel (%s MMU) being %s: ", size_str(ps),
                              size_str(ps), mmu_name(), size_str(hs[i])) : 0;
    if (n < 0 || (size_t)n >= whylen) {
        n = 0;
    }
    /* a hugetlb size that failed once fails again: do not wait twice */
    for (j = 0; j < nfailed; j++) {
        if (failed[j].size == hs[i]) {
            snprintf(why + n, whylen - n, "%s", failed[j].why);
            return failed[j].err;
        }
    }
    err = alloc_huge(m, hs[i], why + n, whylen - n);
    if (err && nfailed < 8) {
        failed[nfailed].size = hs[i];
        failed[nfailed].err = err;
        snprintf(failed[nfailed].why, sizeof(failed[nfailed].why), "%s",
                 why + n);
        nfailed++;
    }
    return err;
}

/*
 * 5. a dynamic window for every IOMMU page size
 *
 * Window sizes come from what the platform accepts: a window is asked for
 * 1G (at least 16 IOMMU pages) and made smaller, down to 256K, while
 * CREATE answers EINVAL, which pseries Linux (arch/powerpc/platforms/
 * pseries/iommu.c, spapr_tce_create_table) returns for more TCEs than the
 * largest block of its ibm,query-pe-dma-window: the next size is what that
 * block holds (from the kernel's log), else half.  A refusal is right only
 * if the block the kernel logged for that very CREATE was too small.
 *
 * One window per PE (max_dynamic_windows_supported 1: the platform had no
 * window available beside the default one): as Linux's enable_ddw and
 * QEMU's vfio container do, the default window goes before a dynamic one
 * is created, which takes its place.  Removing the dynamic window, the PE's
 * last, makes the platform restore the default window (LoPAR), of which the
 * kernel's table group knows nothing: a CREATE of 4K pages no larger than
 * the dma32 window gets it back into the container (the kernel resets the
 * PE's windows for it), and it must be removed again before the next
 * dynamic window.  The order matters: the pseries kernel never retries a PE
 * whose ibm,create-pe-dma-window failed once (failed_ddw_pdn_list), so one
 * CREATE with no window available would fail every later one; so before
 * it, a CREATE too large for any PE asks the kernel's query (see
 * ddw_probe) whether the removal freed the window at the platform.  The
 * kernel takes a dynamic window of 4K pages no larger than the dma32 window
 * for the default window: it must be larger.
 *
 * On pseries the kernel logs its RTAS calls with their results: each
 * dynamic window must come from ibm,create-pe-dma-window with the page and
 * window shifts asked for, at the start CREATE reported.
 */

#define DDW_QUERY       "ibm,query-pe-dma-windows"
#define DDW_CREATE      "ibm,create-pe-dma-window"
#define DDW_MIN_WINDOW  (256 * KiB)     /* what the DMA checks need */

/* One RTAS call of the pseries kernel for the exerciser, from its log */
typedef struct DdwLog {
    bool valid;
    int ret;
    int wn;                 /* query: windows available */
    uint64_t lb;            /* query: largest block, in TCEs */
    unsigned page_shift;    /* create */
    unsigned window_shift;  /* create */
    uint32_t liobn;         /* create */
    uint64_t start;         /* create */
} DdwLog;

/*
 * How many calls the kernel logged for d (-1: no log); the nth of them
 * (1: the first, 0: the last) in l
 */
static int ddw_log(Dev *d, const char *call, int nth, DdwLog *l)
{
    char line[512];
    unsigned long long lb = 0;
    unsigned hi = 0, lo = 0;
    const char *p;
    int n = klog_lines(d->bdf, call, nth, line, sizeof(line));

    memset(l, 0, sizeof(*l));
    if (n <= 0) {
        return n;
    }
    if (!strcmp(call, DDW_QUERY)) {
        p = strstr(line, " returned ");
        l->valid = p && sscanf(p, " returned %d, lb=%llx ps=%*x wn=%d",
                               &l->ret, &lb, &l->wn) == 3;
        l->lb = lb;
    } else {
        p = strstr(line, DDW_CREATE "(");
        p = p ? strchr(p, ')') : NULL;
        l->valid = p && sscanf(p + 1, " %*x %*x %*x %x %x returned %d "
                               "(liobn = 0x%x starting addr = %x %x)",
                               &l->page_shift, &l->window_shift, &l->ret,
                               &l->liobn, &hi, &lo) == 6;
        l->start = (uint64_t)hi << 32 | lo;
    }
    return n;
}

/* One window per PE: the default window goes first */
static bool ddw_remove_default(Dev *d, DmaMem *small, const char *tag)
{
    struct vfio_iommu_spapr_tce_remove remove = {
        .argsz = sizeof(remove),
        .start_addr = tce_info.dma32_window_start,
    };
    int err;

    err = ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_REMOVE, &remove) < 0 ?
          -errno : 0;
    if (!tap(!err, "%s: one window per PE (max_dynamic_windows_supported "
             "%u): VFIO_IOMMU_SPAPR_TCE_REMOVE of the default window at "
             "0x%x first (%s)", tag,
             tce_info.ddw.max_dynamic_windows_supported,
             tce_info.dma32_window_start, err_str(err))) {
        return false;
    }
    err = map_dma(d, small->va, tce_info.dma32_window_start, 4096);
    tap(err, "%s: with the default window removed, MAP_DMA at IOVA 0x%x is "
        "refused (%s)", tag, tce_info.dma32_window_start,
        err ? strerror(-err) : "accepted");
    if (!err) {
        unmap_dma(d, tce_info.dma32_window_start, 4096);
    }
    return true;
}

/*
 * One window per PE, the dynamic window removed: the default window back
 * in the container, for what follows, and DMA through it
 */
static void ddw_restore_default(Dev *d, DmaMem *small, const char *tag)
{
    struct vfio_iommu_spapr_tce_create create = {
        .argsz = sizeof(create),
        .page_shift = 12,
        .window_size = tce_info.dma32_window_size,
        .levels = 1,
    };
    struct vfio_iommu_spapr_tce_remove remove = {
        .argsz = sizeof(remove),
    };
    uint64_t iova;
    char what[64];
    int err;

    err = ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_CREATE, &create) < 0 ?
          -errno : 0;
    iova = create.start_addr;
    if (!tap(!err && iova == tce_info.dma32_window_start, "%s: the default "
             "window back: VFIO_IOMMU_SPAPR_TCE_CREATE of %s of 4K pages "
             "gives start 0x%" PRIx64 ", the dma32 window's 0x%x (%s)", tag,
             size_str(tce_info.dma32_window_size), iova,
             tce_info.dma32_window_start, err_str(err))) {
        if (!err) {
            remove.start_addr = iova;
            ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_REMOVE, &remove);
        }
        return;
    }
    snprintf(what, sizeof(what), "%s, default window again", tag);
    err = map_dma(d, small->va, iova, small->size);
    if (tap(!err, "%s: MAP_DMA %s at IOVA 0x%" PRIx64 " (%s)", what,
            size_str(small->size), iova, err_str(err))) {
        check_fill(d, what, iova, small->va, 64 * KiB, 4096);
        err = unmap_dma(d, iova, small->size);
        tap(!err, "%s: UNMAP_DMA (%s)", what, err_str(err));
    }
}

/*
 * CREATE a window of 2^shift-byte pages: want bytes, halved while the
 * platform refuses it as too large (EINVAL), down to min.  Returns 0 with
 * the window's size and start (and on pseries, in q, the kernel's query
 * for it), or -errno; one TAP line tells.
 */
static int ddw_create(Dev *d, const char *tag, unsigned shift,
                      uint32_t levels, uint64_t want, uint64_t min,
                      bool klog, uint64_t *wsize, uint64_t *start, DdwLog *q)
{
    char refused[128] = "", block[128] = "";
    bool right = true;      /* every refusal was of more TCEs than lb */
    bool have_lb = false;
    int nq = klog ? ddw_log(d, DDW_QUERY, 0, q) : 0, n, err;
    size_t rn = 0;
    uint64_t w, next;

    for (w = want; ; w = next) {
        struct vfio_iommu_spapr_tce_create create = {
            .argsz = sizeof(create),
            .page_shift = shift,
            .window_size = w,
            .levels = levels,
        };

        err = ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_CREATE, &create) < 0 ?
              -errno : 0;
        if (klog) {
            /* the query the kernel made for this very CREATE */
            n = ddw_log(d, DDW_QUERY, 0, q);
            have_lb = n > nq && q->valid && !q->ret;
            nq = n > nq ? n : nq;
        }
        if (!err) {
            *start = create.start_addr;
            break;
        }
        if (err != -EINVAL) {
            break;
        }
        right = right && have_lb && (w >> shift) > q->lb;
        rn += snprintf(refused + rn, sizeof(refused) - rn, "%s%s",
                       rn ? ", " : "", size_str(w));
        next = w / 2;
        if (have_lb && q->lb && q->lb < (next >> shift)) {
            /* straight to the largest window the block holds */
            next = (1ULL << (63 - __builtin_clzll(q->lb))) << shift;
        }
        if (rn >= sizeof(refused) || next < min) {
            break;
        }
    }
    *wsize = w;
    if (have_lb) {
        snprintf(block, sizeof(block), "the largest block the kernel's "
                 "ibm,query-pe-dma-window reported: 0x%" PRIx64 " TCEs",
                 q->lb);
    } else if (klog) {
        snprintf(block, sizeof(block), "no ibm,query-pe-dma-window logged "
                 "for it");
    }
    if (err == -EINVAL && right) {
        /* nothing down to min fits, and rightly so */
        tap(true, "%s: no window of %s pages from %s down to %s fits: "
            "%s refused (EINVAL), each more TCEs than %s", tag,
            size_str(1ULL << shift), size_str(want), size_str(min), refused,
            block);
        return err;
    }
    tap(!err && right && (!klog || (have_lb && (w >> shift) <= q->lb)),
        "%s: VFIO_IOMMU_SPAPR_TCE_CREATE of a %s window (0x%" PRIx64
        " TCEs), %u level(s) of at most %u: start 0x%" PRIx64 " (%s)%s%s%s"
        "%s%s", tag, size_str(w), w >> shift, levels, tce_info.ddw.levels,
        err ? 0 : *start, err_str(err), block[0] ? "; " : "", block,
        rn ? "; refused first (EINVAL): " : "", refused,
        !rn ? "" : right ? ", each more TCEs than the block" :
        have_lb ? ", though the block would have held one" :
        ", with no largest block to tell why");
    return err;
}

/* The dynamic window of 2^shift-byte pages, and DMA through it */
static void ddw_window(Dev *d, DmaMem *small, const char *tag,
                       unsigned shift, uint32_t levels, bool one, bool klog)
{
    struct vfio_iommu_spapr_tce_remove remove = {
        .argsz = sizeof(remove),
    };
    uint64_t ps = 1ULL << shift, want, min, wsize, iova = 0, maplen, len;
    uint64_t tail;
    char why[320] = "";
    DmaMem m = { 0 };
    DdwLog q, c;
    uint8_t *va;
    int err, nc;

    want = 16 * ps > GiB ? 16 * ps : GiB;
    min = ps > DDW_MIN_WINDOW ? ps : DDW_MIN_WINDOW;
    if (one && ps == 4096) {
        /* not to be taken for the default window: larger than it */
        while (min <= tce_info.dma32_window_size) {
            min *= 2;
        }
        want = want > min ? want : min;
    }
    nc = klog ? ddw_log(d, DDW_CREATE, 0, &c) : 0;
    if (ddw_create(d, tag, shift, levels, want, min, klog, &wsize, &iova,
                   &q)) {
        return;
    }
    if (klog) {
        int n = ddw_log(d, DDW_CREATE, 0, &c);

        tap(n > nc && c.valid && !c.ret && c.page_shift == shift &&
            c.window_shift == __builtin_ctzll(wsize) && c.start == iova &&
            q.wn >= 1, "%s: the kernel made it a dynamic window: "
            "ibm,query-pe-dma-window found %d window(s) available, "
            "ibm,create-pe-dma-window (page shift %u, window shift %u) "
            "returned %d: LIOBN 0x%x at 0x%" PRIx64 ", where CREATE said",
            tag, q.wn, c.page_shift, c.window_shift, n > nc ? c.ret : -1,
            c.liobn, c.start);
    }

    /* memory with smaller pages than the IOMMU page is refused */
    va = (uint8_t *)(((uintptr_t)small->va + ps - 1) & ~(ps - 1));
    if (ps > small->backing && va + ps <= small->va + small->size) {
        err = map_dma(d, va, iova, ps);
        tap(err, "%s: MAP_DMA of %s-backed memory is refused (%s)", tag,
            size_str(small->backing), err ? strerror(-err) : "accepted");
        if (!err) {
            unmap_dma(d, iova, ps);
        }
    }

    err = alloc_for_iommu_page(&m, ps, why, sizeof(why));
    if (!tap_todo(!err, why, "%s: memory backed by %s pages for %s IOMMU "
                  "pages", tag, err ? "large enough" :
                  size_str(m.backing), size_str(ps))) {
        goto remove;
    }
    err = reg_mem(d, &m, true);
    if (!tap(!err, "%s: REGISTER_MEMORY of %s (%s)", tag, size_str(m.size),
             err_str(err))) {
        goto remove;
    }
    /* as much as the window holds */
    maplen = m.size < wsize ? m.size : wsize;
    len = maplen < 256 * KiB ? maplen : 256 * KiB;
    err = map_dma(d, m.va, iova, maplen);
    if (!tap(!err, "%s: MAP_DMA %s at IOVA 0x%" PRIx64 " (%s)", tag,
             size_str(maplen), iova, err_str(err))) {
        goto unregister;
    }
    check_fill(d, tag, iova, m.va, len, 4096);
    check_verify(d, tag, iova, m.va, len);
    check_buf(d, tag, iova + 0x10000, m.va + 0x10000, DXR_BUF_SIZE);
    if (maplen > MiB) {
        /* the far end of the mapping: another TCE, maybe another level */
        tail = maplen - 256 * KiB;
        check_fill(d, tag, iova + tail, m.va + tail, 256 * KiB, 0);
    }
    err = unmap_dma(d, iova, maplen);
    tap(!err, "%s: UNMAP_DMA (%s)", tag, err_str(err));
    if (!err) {
        check_unmapped(d, tag, iova, m.va, 4096, ps);
    }
unregister:
    err = reg_mem(d, &m, false);
    tap(!err, "%s: UNREGISTER_MEMORY (%s)", tag, err_str(err));
remove:
    remove.start_addr = iova;
    err = ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_REMOVE, &remove) < 0 ?
          -errno : 0;
    tap(!err, "%s: VFIO_IOMMU_SPAPR_TCE_REMOVE (%s)", tag, err_str(err));
    free_mem(&m);
}

/*
 * What the platform has left for a new window, without creating one: the
 * pseries kernel refuses a CREATE of more TCEs than any PE holds with
 * EINVAL ("retry with a smaller window") after its ibm,query-pe-dma-window,
 * whose answer it logs, and before ibm,create-pe-dma-window, whose failure
 * would make it give up on the PE for good.  True if the query was logged.
 * (The kernel first accounts the table as locked memory, and keeps it on
 * the failure: fine for root, CAP_IPC_LOCK.)
 */
static bool ddw_probe(Dev *d, DdwLog *q)
{
    struct vfio_iommu_spapr_tce_create create = {
        .argsz = sizeof(create),
        .page_shift = __builtin_ctzll(tce_info.ddw.pgsizes),
        .levels = 1,
    };
    struct vfio_iommu_spapr_tce_remove remove = {
        .argsz = sizeof(remove),
    };
    int n0 = ddw_log(d, DDW_QUERY, 0, q), n, err;

    create.window_size = 1ULL << (create.page_shift + 40);
    err = ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_CREATE, &create) < 0 ?
          -errno : 0;
    if (!err) {
        remove.start_addr = create.start_addr;
        ioctl(d->container, VFIO_IOMMU_SPAPR_TCE_REMOVE, &remove);
    }
    n = ddw_log(d, DDW_QUERY, 0, q);
    return err == -EINVAL && n > n0 && q->valid && !q->ret;
}

#define DDW_TODO_ONE_WINDOW "the guest kernel (Linux 6.12 pseries) never " \
    "calls ibm,remove-pe-dma-window for the default window on "            \
    "VFIO_IOMMU_SPAPR_TCE_REMOVE: remove_dma_window_named skips the 20-byte " \
    "ibm,dma-window, shorter than struct dynamic_dma_window_prop"

static void test_ddw(Dev *d, DmaMem *small)
{
    bool klog = is_pseries(), one, probed;
    uint32_t levels;
    char tag[32];
    DdwLog q;
    int b;

    if (!(tce_info.flags & VFIO_IOMMU_SPAPR_INFO_DDW) ||
        !tce_info.ddw.pgsizes) {
        /* both platforms have them (sPAPR DDW, IODA2 TVEs) */
        tap(false, "64-bit windows: the platform offers dynamic DMA "
            "windows (VFIO_IOMMU_SPAPR_INFO_DDW)");
        return;
    }
    /* the default window takes the only one */
    one = tce_info.ddw.max_dynamic_windows_supported < 2;
    if (klog) {
        /*
         * The kernel decides it from the platform's answer when it set the
         * device up: its first ibm,query-pe-dma-window for the exerciser
         */
        ddw_log(d, DDW_QUERY, 1, &q);
        tap(q.valid && !q.ret && (q.wn == 0) == one, "DDW: "
            "max_dynamic_windows_supported %u (%s) agrees with the "
            "platform: the kernel's first ibm,query-pe-dma-window for %s "
            "found %d window(s) available beside the default one",
            tce_info.ddw.max_dynamic_windows_supported,
            one ? "one window per PE" : "a dynamic window beside the default",
            d->bdf, q.valid ? q.wn : -1);
    }
    /* two levels where the platform has them (pseries has one) */
    levels = tce_info.ddw.levels >= 2 ? 2 : 1;
    for (b = 12; b < 64; b++) {
        if (!(tce_info.ddw.pgsizes & (1ULL << b))) {
            continue;
        }
        snprintf(tag, sizeof(tag), "ddw %s", size_str(1ULL << b));
        if (!one) {
            ddw_window(d, small, tag, b, levels, false, klog);
            continue;
        }
        /* one window per PE: the default window goes first */
        if (!ddw_remove_default(d, small, tag)) {
            tap(false, "%s and larger: dynamic windows (the default window "
                "could not be removed)", tag);
            return;
        }
        /* the known gap: the kernel's query, made, finds no window */
        probed = klog && ddw_probe(d, &q);
        if (klog && !tap_todo_if(probed && q.wn >= 1, probed,
                                 DDW_TODO_ONE_WINDOW, "%s: with the default "
                                 "window removed, the platform has a window "
                                 "for a dynamic one: the kernel's "
                                 "ibm,query-pe-dma-window finds %d available "
                                 "(largest block 0x%" PRIx64 " TCEs)", tag,
                                 probed ? q.wn : -1, q.lb)) {
            /*
             * A CREATE now would fail at the platform, and the kernel
             * would refuse every later one: the default window back, and
             * no dynamic window in this PE
             */
            ddw_restore_default(d, small, tag);
            tap_skip("no window available for it: " DDW_TODO_ONE_WINDOW,
                     "%s and larger: dynamic windows", tag);
            return;
        }
        ddw_window(d, small, tag, b, levels, true, klog);
        ddw_restore_default(d, small, tag);
    }
}

int main(void)
{
    struct sigaction sa = { .sa_handler = watchdog };
    char bdfs[8][32];
    DmaMem mem = { 0 };
    uint64_t iova32 = 0;
    bool mapped = false;
    int n, err, i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        dev.efd[i] = -1;
    }
    console_quiet(true);
    watchdog_name = "vfio-exerciser";
    sigaction(SIGALRM, &sa, NULL);
    alarm(WATCHDOG_S);
    rng_state ^= (uint64_t)time(NULL) * DXR_PATTERN_MUL;
    diag_kernel_eeh(NULL);

    n = find_exercisers(bdfs, 8);
    if (!tap(n > 0, "dma-exerciser %04x:%04x present (%d found)",
             DXR_VENDOR_ID, DXR_DEVICE_ID, n)) {
        goto out;
    }
    snprintf(dev.bdf, sizeof(dev.bdf), "%s", bdfs[0]);
    if (!setup_device(&dev)) {
        goto close;
    }
    if (!setup_iommu(&dev, &mem)) {
        goto close;
    }
    setup_eeh(&dev);
    mapped = test_dma32(&dev, &mem, &iova32);
    if (mapped) {
        test_msix(&dev, iova32);
        test_msix_mmap(&dev);
        test_forged_msi(&dev, iova32, mem.va);
        test_inject(&dev, iova32, mem.va);

        /* 6. unmap: the IOVA must not reach memory any more */
        err = unmap_dma(&dev, iova32, mem.size);
        tap(!err, "UNMAP_DMA of the dma32 mapping (%s)",
            err ? strerror(-err) : "ok");
        if (!err) {
            /* the default window has 4K IOMMU pages */
            check_unmapped(&dev, "dma32", iova32, mem.va, 4096, 4096);
        }
    }
    test_ddw(&dev, &mem);

close:
    /* 10. tear down */
    if (dev.fd >= 0) {
        if (dev.nvec) {
            err = set_msix(&dev, 0);
            tap(!err, "MSI-X disabled through VFIO_DEVICE_SET_IRQS (%s)",
                err ? strerror(-err) : "ok");
        }
        if (dev.bar0_map) {
            munmap(dev.bar0_map, dev.bar0->size);
        }
        if (dev.bar2_map) {
            munmap(dev.bar2_map, dev.bar2->size);
        }
        tap(close(dev.fd) == 0, "device fd closed");
    }
    if (mem.registered) {
        err = reg_mem(&dev, &mem, false);
        tap(!err, "VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY (%s)",
            err ? strerror(-err) : "ok");
    }
    if (dev.group >= 0) {
        err = ioctl(dev.group, VFIO_GROUP_UNSET_CONTAINER) < 0 ? -errno : 0;
        tap(!err, "VFIO_GROUP_UNSET_CONTAINER (%s)",
            err ? strerror(-err) : "ok");
        close(dev.group);
    }
    if (dev.container >= 0) {
        close(dev.container);
    }
    for (i = 0; i < DXR_MSIX_VECTORS; i++) {
        if (dev.efd[i] >= 0) {
            close(dev.efd[i]);
        }
    }
    free_mem(&mem);
    restore_drivers();
    diag_kernel_eeh("end");
out:
    console_quiet(false);
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}
