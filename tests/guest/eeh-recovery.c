/*
 * eeh-recovery: Linux's own EEH recovery of the guest's devices
 *
 * A static ppc64le program run by the guest init in test mode.  It does what
 * Linux's kselftest does (tools/testing/selftests/powerpc/eeh/eeh-basic.sh):
 * for the e1000e and the nvme of the guest, it writes the device's address
 * to /sys/kernel/debug/powerpc/eeh_dev_break, which clears the device's
 * memory space enable and does an MMIO load: the device does not claim it,
 * the PHB answers an Unsupported Request and freezes the device's PE.  Then
 * Linux's EEH core must notice (the PHB's error interrupt raises OPAL's PCI
 * error event; or the kselftest's forced check through eeh_dev_check), and
 * recover the PE: the driver is told, the PE reset, the driver resumes.
 * Checked, one TAP line each: EEH is enabled; per device, that the kernel
 * learns of the frozen PE by itself (without eeh_dev_check), that it logs
 * the recovery and "EEH: Recovery successful.", that the PE state is normal
 * again, the device still bound to its driver, and that it works: the nvme
 * reads back what was written through O_DIRECT, the e1000e's link comes up.
 *
 * Only PowerNV has EEH for these devices; on pseries (no EEH for emulated
 * devices yet) the checks are reported as "# TODO" without breaking
 * anything.  Every wait is bounded; block I/O runs in a child process that
 * is killed if it does not finish; a watchdog ends the program.
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE             /* O_DIRECT */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
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
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#define WATCHDOG_S          400     /* the whole program */
#define DETECT_S            10      /* the kernel noticing by itself */
#define RECOVER_S           60      /* kselftest's EEH_MAX_WAIT default */
#define LINK_S              10      /* an e1000e's link coming up */
#define IO_S                30      /* one block I/O check */
#define IO_LEN              (64 * 1024)
#define IO_OFFSET           (4 * 1024 * 1024)
#define MAX_LOG             256     /* kernel log lines kept per device */

#define DBG                 "/sys/kernel/debug/powerpc/"
#define TODO_PSERIES        "pseries EEH for emulated devices is not " \
                            "modelled yet"

/* ------------------------------------------------------------------------ */
/* TAP */

static int tap_n;
static int tap_failed;

static bool tap_v(bool ok, const char *todo, const char *fmt, va_list ap)
{
    char desc[768];

    vsnprintf(desc, sizeof(desc), fmt, ap);
    tap_n++;
    if (!ok && !todo) {
        tap_failed++;
    }
    printf("%s %d - %s", ok ? "ok" : "not ok", tap_n, desc);
    if (!ok && todo) {
        printf(" # TODO %s", todo);
    }
    printf("\n");
    return ok;
}

static bool tap(bool ok, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_v(ok, NULL, fmt, ap);
    va_end(ap);
    return ok;
}

static void tap_todo(const char *reason, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_v(false, reason, fmt, ap);
    va_end(ap);
}

static void diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/*
 * The console is shared with the kernel, whose EEH messages would land in
 * the middle of TAP lines: while the program runs only emergencies reach
 * the console (the kernel log keeps everything, and is read from
 * /dev/kmsg).
 */
static char printk_saved[64];

static int read_file(const char *path, char *buf, size_t size);
static int write_file(const char *path, const char *text);

static void console_quiet(bool quiet)
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

static void watchdog(int sig)
{
    static const char msg[] = "Bail out! eeh-recovery: watchdog expired\n";

    (void)sig;
    console_quiet(false);
    if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
        /* nothing more we can do */
    }
    _exit(2);
}

/* ------------------------------------------------------------------------ */
/* small helpers */

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

static int write_file(const char *path, const char *text)
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

static int read_file(const char *path, char *buf, size_t size)
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

static const char *err_str(int err)
{
    return err ? strerror(-err) : "ok";
}

/* Copy src into out[size], cut if it does not fit */
static void copy_str(char *out, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size) {
        n = size - 1;
    }
    memcpy(out, src, n);
    out[n] = 0;
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
    copy_str(out, size, p);
}

/* The first entry of directory path (not "." or ".."), or "" */
static void first_entry(const char *path, char *out, size_t size)
{
    DIR *dir = opendir(path);
    struct dirent *de;

    out[0] = 0;
    while (dir && (de = readdir(dir))) {
        if (de->d_name[0] != '.' &&
            (!out[0] || strcmp(de->d_name, out) < 0)) {
            copy_str(out, size, de->d_name);
        }
    }
    if (dir) {
        closedir(dir);
    }
}

static bool compatible_has(const char *what)
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

/* ------------------------------------------------------------------------ */
/* the kernel log, through /dev/kmsg */

typedef struct Klog {
    int fd;
    char *line[MAX_LOG];
    int n;
} Klog;

/* Start collecting what the kernel logs from now on */
static void klog_open(Klog *k)
{
    memset(k, 0, sizeof(*k));
    k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
    if (k->fd >= 0) {
        lseek(k->fd, 0, SEEK_END);
    }
}

/* Collect the records logged since the last call */
static void klog_poll(Klog *k)
{
    char rec[2048];

    while (k->fd >= 0) {
        ssize_t n = read(k->fd, rec, sizeof(rec) - 1);
        char *msg, *nl;

        if (n < 0 && errno == EPIPE) {
            continue;           /* overwritten records: go on */
        }
        if (n <= 0) {
            break;
        }
        rec[n] = 0;
        /* "prio,seq,usec,flags;message\n" (then " KEY=value" lines) */
        msg = strchr(rec, ';');
        msg = msg ? msg + 1 : rec;
        nl = strchr(msg, '\n');
        if (nl) {
            *nl = 0;
        }
        if (k->n < MAX_LOG) {
            k->line[k->n++] = strdup(msg);
        }
    }
}

/*
 * The first collected line from index *from on that contains s, or NULL;
 * *from becomes its index
 */
static const char *klog_find(Klog *k, int *from, const char *s)
{
    int i;

    klog_poll(k);
    for (i = *from; i < k->n; i++) {
        if (strstr(k->line[i], s)) {
            *from = i;
            return k->line[i];
        }
    }
    return NULL;
}

static void klog_close(Klog *k)
{
    int i;

    for (i = 0; i < k->n; i++) {
        free(k->line[i]);
    }
    if (k->fd >= 0) {
        close(k->fd);
    }
    k->n = 0;
    k->fd = -1;
}

/* How often the kernel took OPAL's PCI error event interrupt ("opal-eeh") */
static long opal_eeh_irqs(void)
{
    FILE *f = fopen("/proc/interrupts", "r");
    char line[1024];
    long sum = -1;

    while (f && fgets(line, sizeof(line), f)) {
        char *p = strchr(line, ':');

        if (!p || !strstr(line, "opal-eeh")) {
            continue;
        }
        sum = sum < 0 ? 0 : sum;
        for (p++; ; ) {
            char *end;
            long v = strtol(p, &end, 10);

            if (end == p) {
                break;
            }
            sum += v;
            p = end;
        }
    }
    if (f) {
        fclose(f);
    }
    return sum;
}

/* ------------------------------------------------------------------------ */
/* the devices */

typedef struct Dev {
    char bdf[32];
    const char *driver;
    char netdev[IFNAMSIZ];          /* e1000e */
    char disk[64];                  /* nvme: /dev/nvmeXnY */
} Dev;

/* The device bound to driver drv with the lowest address */
static bool find_dev(Dev *d, const char *drv)
{
    char path[300], name[64];

    memset(d, 0, sizeof(*d));
    d->driver = drv;
    snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s", drv);
    {
        DIR *dir = opendir(path);
        struct dirent *de;

        while (dir && (de = readdir(dir))) {
            /* the bound devices are links named by their address */
            if (strchr(de->d_name, ':') &&
                (!d->bdf[0] || strcmp(de->d_name, d->bdf) < 0)) {
                snprintf(d->bdf, sizeof(d->bdf), "%.31s", de->d_name);
            }
        }
        if (dir) {
            closedir(dir);
        }
    }
    if (!d->bdf[0]) {
        return false;
    }
    if (!strcmp(drv, "e1000e")) {
        snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/net", d->bdf);
        first_entry(path, d->netdev, sizeof(d->netdev));
    } else if (!strcmp(drv, "nvme")) {
        snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/nvme", d->bdf);
        first_entry(path, name, sizeof(name));
        if (name[0]) {
            char ctrl[64];

            snprintf(ctrl, sizeof(ctrl), "%s", name);
            snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/nvme/%s",
                     d->bdf, ctrl);
            {
                DIR *dir = opendir(path);
                struct dirent *de;

                name[0] = 0;
                while (dir && (de = readdir(dir))) {
                    /* the namespaces: nvme0n1 ... */
                    if (!strncmp(de->d_name, ctrl, strlen(ctrl)) &&
                        de->d_name[strlen(ctrl)] == 'n' &&
                        (!name[0] || strcmp(de->d_name, name) < 0)) {
                        snprintf(name, sizeof(name), "%.40s", de->d_name);
                    }
                }
                if (dir) {
                    closedir(dir);
                }
            }
            if (name[0]) {
                snprintf(d->disk, sizeof(d->disk), "/dev/%s", name);
            }
        }
    }
    return true;
}

static void dev_driver(const Dev *d, char *out, size_t size)
{
    char path[300];

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", d->bdf);
    link_name(path, out, size);
}

/*
 * The PE state as the kernel shows it (eeh_pe_state: the platform's state,
 * then the kernel's PE flags).  Normal, as kselftest's pe_ok() has it:
 * neither isolated nor recovering (flags 0x3), MMIO and DMA active
 * (0x18).
 */
static bool pe_ok(const Dev *d, char *state, size_t size)
{
    char path[300];
    unsigned fw, sw;

    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/eeh_pe_state",
             d->bdf);
    if (read_file(path, state, size) < 0) {
        snprintf(state, size, "no eeh_pe_state");
        return false;
    }
    if (sscanf(state, "%x %x", &fw, &sw) != 2) {
        return false;
    }
    return !(sw & 0x3) && (fw & 0x18) == 0x18;
}

/* ------------------------------------------------------------------------ */
/* does the device work */

static bool if_set(const char *ifname, bool up)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    bool ok = false;

    if (s < 0) {
        return false;
    }
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%.15s", ifname);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags = up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP;
        ok = ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
    }
    close(s);
    return ok;
}

/* e1000e: the interface comes up and gets a carrier; then down again */
static bool check_link(const Dev *d, char *why, size_t size)
{
    char path[300], carrier[16] = "";
    int64_t start = now_ms(), end = start + LINK_S * 1000;
    bool up, ok = false;

    if (!d->netdev[0]) {
        snprintf(why, size, "no network interface");
        return false;
    }
    up = if_set(d->netdev, true);
    snprintf(path, sizeof(path), "/sys/class/net/%s/carrier", d->netdev);
    while (up && now_ms() < end) {
        if (!read_file(path, carrier, sizeof(carrier)) &&
            !strcmp(carrier, "1")) {
            ok = true;
            break;
        }
        sleep_ms(100);
    }
    snprintf(why, size, "%s: %s, carrier %s after %.1f s", d->netdev,
             up ? "set up" : "cannot be set up", carrier[0] ? carrier : "?",
             (now_ms() - start) / 1000.0);
    if_set(d->netdev, false);
    return ok;
}

/*
 * nvme: IO_LEN bytes written at IO_OFFSET with O_DIRECT (to the device,
 * not the page cache) and read back the same.  In a child process, killed
 * if it does not finish: I/O to a device in trouble can hang.
 */
static bool check_disk(const Dev *d, unsigned seed, char *why, size_t size)
{
    int64_t end;
    int status = 0;
    pid_t pid, r;

    if (!d->disk[0]) {
        snprintf(why, size, "no namespace block device");
        return false;
    }
    pid = fork();
    if (pid < 0) {
        snprintf(why, size, "fork: %s", strerror(errno));
        return false;
    }
    if (pid == 0) {
        uint8_t *w, *rd;
        int fd, i;

        if (posix_memalign((void **)&w, 4096, IO_LEN) ||
            posix_memalign((void **)&rd, 4096, IO_LEN)) {
            _exit(2);
        }
        for (i = 0; i < IO_LEN; i++) {
            w[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 9));
        }
        memset(rd, 0, IO_LEN);
        fd = open(d->disk, O_RDWR | O_DIRECT);
        if (fd < 0) {
            _exit(3);
        }
        if (pwrite(fd, w, IO_LEN, IO_OFFSET) != IO_LEN) {
            _exit(4);
        }
        if (pread(fd, rd, IO_LEN, IO_OFFSET) != IO_LEN) {
            _exit(5);
        }
        _exit(memcmp(w, rd, IO_LEN) ? 6 : 0);
    }
    end = now_ms() + IO_S * 1000;
    while ((r = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < end) {
        sleep_ms(50);
    }
    if (r == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        snprintf(why, size, "%s: the I/O did not finish in %d s", d->disk,
                 IO_S);
        return false;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        snprintf(why, size, "%s: %d KiB written with O_DIRECT at %d MiB "
                 "read back the same", d->disk, IO_LEN / 1024,
                 IO_OFFSET >> 20);
        return true;
    }
    snprintf(why, size, "%s: %s", d->disk,
             !WIFEXITED(status) ? "killed" :
             WEXITSTATUS(status) == 3 ? "cannot be opened" :
             WEXITSTATUS(status) == 4 ? "the write failed" :
             WEXITSTATUS(status) == 5 ? "the read failed" :
             WEXITSTATUS(status) == 6 ? "read back other data" :
             "out of memory");
    return false;
}

static bool check_works(const Dev *d, unsigned seed, char *why, size_t size)
{
    return !strcmp(d->driver, "nvme") ? check_disk(d, seed, why, size) :
           check_link(d, why, size);
}

/* ------------------------------------------------------------------------ */
/* the test */

/* What the kernel logged meanwhile, but the saved call trace */
static void diag_klog(Klog *k)
{
    int i, shown = 0;

    klog_poll(k);
    for (i = 0; i < k->n && shown < 80; i++) {
        if (!strstr(k->line[i], "EEH: [")) {
            diag("kernel: %s", k->line[i]);
            shown++;
        }
    }
}

static void break_and_recover(Dev *d)
{
    char state[64], drv[64], why[256], path[300];
    char recovering[64], frozen[64];
    const char *det, *rec, *fail, *ok_line;
    int64_t t0, t;
    long irq0, irq1;
    unsigned dom;
    Klog k;
    int err, i;
    bool ok;

    ok = pe_ok(d, state, sizeof(state));
    dev_driver(d, drv, sizeof(drv));
    tap(ok && !strcmp(drv, d->driver), "%s (%s): bound to %s, EEH PE state "
        "normal before the break (eeh_pe_state %s)", d->bdf, d->driver,
        drv[0] ? drv : "no driver", state);
    ok = check_works(d, 1, why, sizeof(why));
    tap(ok, "%s (%s): works before the break (control): %s", d->bdf,
        d->driver, why);

    klog_open(&k);
    irq0 = opal_eeh_irqs();
    err = write_file(DBG "eeh_dev_break", d->bdf);
    tap(!err, "%s (%s): eeh_dev_break of the device (%s): memory space "
        "disabled and an MMIO load, which the device does not claim",
        d->bdf, d->driver, err_str(err));
    if (err) {
        klog_close(&k);
        return;
    }

    /*
     * By itself: the PHB froze the PE and raised its error interrupt;
     * skiboot turns that into OPAL's PCI error event, and the kernel's EEH
     * core looks for the frozen PE (opal_pci_next_error) and recovers it.
     * The drivers are idle (the interface is down, no disk I/O), so
     * nothing else notices.  The kernel names the PE by its PHB, whose
     * number is the PCI domain.
     */
    dom = strtoul(d->bdf, NULL, 16);
    snprintf(recovering, sizeof(recovering), "EEH: Recovering PHB#%x-PE#",
             dom);
    snprintf(frozen, sizeof(frozen), "on PHB#%x detected", dom);
    t0 = now_ms();
    det = NULL;
    while (now_ms() - t0 < DETECT_S * 1000) {
        i = 0;
        det = klog_find(&k, &i, recovering);
        if (!det) {
            i = 0;
            det = klog_find(&k, &i, frozen);
        }
        if (det) {
            break;
        }
        sleep_ms(200);
    }
    irq1 = opal_eeh_irqs();
    tap(det != NULL, "%s (%s): the kernel learns of the frozen PE by itself "
        "within %d s, through the PHB's error interrupt (OPAL PCI error "
        "event interrupts %ld -> %ld; %s%s%s)", d->bdf, d->driver,
        DETECT_S, irq0, irq1, det ? "logged \"" : "nothing logged",
        det ? det : "", det ? "\"" : "");

    /* as kselftest: force the check, a no-op if the kernel noticed */
    err = write_file(DBG "eeh_dev_check", d->bdf);
    if (err) {
        diag("eeh_dev_check of %s: %s", d->bdf, err_str(err));
    }

    /*
     * The recovery: "EEH: Recovering PHB#..-PE#..", then (the EEH core
     * handles one event at a time) "EEH: Recovery successful." or a
     * failure; and the PE state normal again.
     */
    t0 = now_ms();
    rec = ok_line = fail = NULL;
    for (;;) {
        int at = 0;

        rec = klog_find(&k, &at, recovering);
        if (rec) {
            int a = at, b = at, c = at;

            ok_line = klog_find(&k, &a, "EEH: Recovery successful");
            fail = klog_find(&k, &b, "EEH: Unable to recover");
            if (!fail) {
                fail = klog_find(&k, &c, "has been permanently disabled");
            }
        }
        ok = pe_ok(d, state, sizeof(state));
        if ((ok_line && ok) || fail || now_ms() - t0 > RECOVER_S * 1000) {
            break;
        }
        sleep_ms(250);
    }
    t = now_ms() - t0;
    tap(rec != NULL, "%s (%s): Linux EEH takes up the frozen PE: \"%s\"",
        d->bdf, d->driver, rec ? rec : "no 'EEH: Recovering PHB#' logged");
    tap(ok_line && !fail, "%s (%s): Linux EEH recovers it: \"%s\"%s%s%s",
        d->bdf, d->driver, ok_line ? ok_line :
        "no 'EEH: Recovery successful.' logged", fail ? ", but \"" : "",
        fail ? fail : "", fail ? "\"" : "");
    tap(ok, "%s (%s): the PE state is normal again, %.1f s after the check "
        "(eeh_pe_state %s)", d->bdf, d->driver, t / 1000.0, state);
    dev_driver(d, drv, sizeof(drv));
    snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", d->bdf);
    tap(!strcmp(drv, d->driver), "%s (%s): still bound to its driver after "
        "the recovery (%s)", d->bdf, d->driver,
        access(path, F_OK) ? "the device is gone" :
        drv[0] ? drv : "no driver");
    /* a driver that was removed and probed again may have new names */
    if (strcmp(d->driver, "nvme") || access(d->disk, F_OK)) {
        Dev again;

        if (find_dev(&again, d->driver) && !strcmp(again.bdf, d->bdf)) {
            *d = again;
        }
    }
    ok = check_works(d, 2, why, sizeof(why));
    tap(ok, "%s (%s): works after the recovery: %s", d->bdf, d->driver,
        why);
    diag_klog(&k);
    klog_close(&k);
}

int main(void)
{
    static const char *drivers[] = { "e1000e", "nvme" };
    struct sigaction sa = { .sa_handler = watchdog };
    char text[4096] = "", en[32] = "";
    bool enabled;
    unsigned i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    sigaction(SIGALRM, &sa, NULL);
    alarm(WATCHDOG_S);
    console_quiet(true);

    read_file("/proc/powerpc/eeh", text, sizeof(text));
    read_file(DBG "eeh_enable", en, sizeof(en));
    enabled = strstr(text, "EEH Subsystem is enabled") != NULL;
    if (!compatible_has("ibm,powernv") && !enabled) {
        /* pseries: no EEH for emulated devices; nothing is broken */
        diag("/proc/powerpc/eeh: %s", text[0] ? strtok(text, "\n") : "none");
        tap_todo(TODO_PSERIES, "EEH is enabled (/proc/powerpc/eeh)");
        for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
            Dev d;

            find_dev(&d, drivers[i]);
            tap_todo(TODO_PSERIES, "%s (%s): Linux EEH recovers the device "
                     "after eeh_dev_break", d.bdf[0] ? d.bdf : "absent",
                     drivers[i]);
        }
        goto out;
    }

    tap(enabled, "EEH is enabled: /proc/powerpc/eeh says \"%s\"",
        text[0] ? strtok(text, "\n") : "nothing");
    tap(!strcmp(en, "0x1"), "EEH is enabled: debugfs powerpc/eeh_enable "
        "reads %s", en[0] ? en : "nothing");
    /* as kselftest: no "failed too often" while things are broken here */
    if (write_file(DBG "eeh_max_freezes", "5000")) {
        diag("cannot raise eeh_max_freezes");
    }
    for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
        Dev d;
        bool found = find_dev(&d, drivers[i]);

        if (!tap(found, "a device bound to %s: %s", drivers[i],
                 found ? d.bdf : "none")) {
            continue;
        }
        break_and_recover(&d);
    }
    diag("EEH statistics:");
    if (!read_file("/proc/powerpc/eeh", text, sizeof(text))) {
        char *line, *save = NULL;

        for (line = strtok_r(text, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            diag("  %s", line);
        }
    }
out:
    console_quiet(false);
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}
