#!/usr/bin/env python3
"""Boot the powerio guest on a ppc64 machine of the fork (or the base).

  boot.py run   --machine powernv8   boot, print the guest's IO report
  boot.py shell --machine pseries    interactive shell on the console
  boot.py test  --machine powernv8   run the in-guest checks, print TAP

Every boot is bounded by --timeout; on a timeout or a guest that never
reaches its init, the tail of the console log is printed and the exit
status is non-zero, so no caller ever hangs.

KERNEL=/path/to/vmlinux (and APPEND="extra args") in the environment select
a user kernel, with build/guest/initramfs-user.cpio.gz built for it.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time

# The PCI devices every default guest gets
E1000E = "8086:10d3"
NVME = "1b36:0010"
EXERCISER = "1234:50e0"


def SWITCH(bus):
    """A PCIe switch on @bus: the exerciser and an e1000e on its ports."""
    return ["-device", "x3130-upstream,id=sw0,bus=%s,addr=0x0" % bus,
            "-device", "xio3130-downstream,id=sw0p0,bus=sw0,chassis=8,slot=0",
            "-device", "xio3130-downstream,id=sw0p1,bus=sw0,chassis=8,slot=1",
            "-device", "dma-exerciser,bus=sw0p0,addr=0x0",
            "-netdev", "user,id=net1,restrict=on",
            "-device", "e1000e,romfile=,netdev=net1,bus=sw0p1,addr=0x0"]

def POWERNV_P9_P10(model):
    """POWER9 (PHB4) or POWER10 (PHB5; -M powernv): DMA on the precise
    engine (hw/pci-host/pnv_phb4_dma.c), PE isolation, MSI validation and
    EEH (pnv_phb4_eeh.c, pnv_phb4_mmio.c), devices laid out as on
    powernv8; every in-guest program runs."""
    return {
        # 3G: with 2G, skiboot's reservations leave no free, aligned 1G
        # block, and vfio-exerciser's 1G IOMMU pages need a 1G hugetlb page
        "args": ["-M", model, "-m", "3G", "-smp", "1"],
        "devices": [["-netdev", "user,id=net0,restrict=on",
                     "-device", "e1000e,romfile=,netdev=net0,bus=pcie.0,"
                     "addr=0x0"],
                    ["-device", "nvme,bus=pcie.1,addr=0x0,serial=powerio0,"
                     "drive=nvm0"],
                    SWITCH("pcie.2")],
        # (vfio-exerciser's 2M and 1G DMA windows rest on hugetlb pages of
        # those sizes, which the radix page sizes of patch 0011 give the
        # kernel)
        "dmesg": [("EEH takes up a PE frozen by eeh_dev_break",
                   r"EEH: Recovering PHB#\d+-PE#", "eeh-recovery"),
                  ("EEH recovers it", r"EEH: Recovery successful",
                   "eeh-recovery")],
    }


# TCG cannot provide the speculation mitigations; say so up front instead
# of printing warnings on every boot.
PSERIES_ARGS = ["-M", "pseries,cap-cfpc=broken,cap-sbbc=broken,"
                "cap-ibs=broken,cap-ccf-assist=off", "-m", "2G", "-smp", "1",
                "-vga", "none"]

MACHINES = {
    "powernv8": {
        "args": ["-M", "powernv8", "-m", "2G", "-smp", "1"],
        # Linux's EEH selftest (tests/guest/kselftest-run)
        "kselftests": ["powerpc/eeh/eeh-basic.sh"],
        # one device per PHB root port, so each gets its own PE; on PHB2 a
        # PCIe switch puts the exerciser and a second e1000e behind one PHB
        # in two PEs, where one can aim an MSI at the other's vector
        "devices": [["-netdev", "user,id=net0,restrict=on",
                     "-device", "e1000e,romfile=,netdev=net0,bus=pcie.0,"
                     "addr=0x0"],
                    ["-device", "nvme,bus=pcie.1,addr=0x0,serial=powerio0,"
                     "drive=nvm0"],
                    SWITCH("pcie.2")],
        # Linux's EEH core recovers the devices eeh-recovery breaks (the
        # third element: the program whose run the check needs)
        "dmesg": [("EEH takes up a PE frozen by eeh_dev_break",
                   r"EEH: Recovering PHB#\d+-PE#", "eeh-recovery"),
                  ("EEH recovers it", r"EEH: Recovery successful",
                   "eeh-recovery")],
    },
    "powernv9": POWERNV_P9_P10("powernv9"),
    "powernv10": POWERNV_P9_P10("powernv10"),
    # The kernel's drivers through TCE tables, every cache hit checked
    "powernv9-nobypass": {
        "base": "powernv9",
        "family": "powernv9",
        "append": ["iommu=nobypass"],
        "args": ["-global", "pnv-phb4.stale-tce-check=on"],
    },
    "powernv10-nobypass": {
        "base": "powernv10",
        "family": "powernv10",
        "append": ["iommu=nobypass"],
        "args": ["-global", "pnv-phb5.stale-tce-check=on"],
    },
    # The kernel's own drivers through the TCE tables (PHB3: the 64-bit
    # "bypass" through TVE#0 with 256 MB TCEs, and the 32-bit window), with
    # the model checking every TCE cache hit against memory.
    "powernv8-nobypass": {
        "base": "powernv8",
        "family": "powernv8",
        "append": ["iommu=nobypass"],
        "args": ["-global", "pnv-phb3.stale-tce-check=on"],
    },
    # Linux's enable_ddw paths (arch/powerpc/platforms/pseries/iommu.c),
    # steered by the DDW resource model (hw/ppc/spapr_ddw.c)
    "pseries-ddw-limited": {
        "base": "pseries",
        # 64 TCEs beyond the default window's 2^18: too few to map 2 GiB of
        # RAM even with 16 MB pages, so Linux builds a smaller window
        "args": ["-global", "spapr-pci-host-bridge.ddw-max-tces=0x40040"],
        # every program; vfio-exerciser sizes its dynamic windows to the
        # 64 TCEs left beside its default window
        "dmesg": [("a limited dynamic window, not direct mapping",
                   r"create-pe-dma-window.*returned 0"),
                  ("no direct mapping", r"direct mapping: 0")],
    },
    # A pool that is not a power of two: 0x50 TCEs beside the default
    # window's 2^18.  The model reports the largest window create grants,
    # 0x40 TCEs (hw/ppc/spapr_ddw.c), so enable_ddw's order_base_2(block
    # << page shift), which rounds up, asks for exactly that: a 1 GiB
    # dynamic window of 16 MB pages.  Had it been told 0x50, it would have
    # asked for 2 GiB (0x80 TCEs: direct mapping), been refused and fallen
    # back to the default window.
    "pseries-ddw-rounding": {
        "base": "pseries",
        "args": ["-global", "spapr-pci-host-bridge.ddw-max-tces=0x40050"],
        # every program; vfio-exerciser sizes its windows to the block
        "dmesg": [("the 0x50 TCEs left are reported as a block of 0x40",
                   r"query-pe-dma-windows.* returned 0, lb=40 "),
                  ("Linux's rounded-up request is that block: a 1 GiB "
                   "window of 16 MB pages (shifts 18, 1e) is created",
                   r"create-pe-dma-window\(\w+\) \w+ \w+ \w+ 18 1e "
                   r"returned 0"),
                  ("a dynamic window, not direct mapping",
                   r"direct mapping: 0")],
    },
    "pseries-ddw-one-window": {
        "base": "pseries",
        # one window per PE: Linux removes the default window first
        "args": ["-global", "spapr-pci-host-bridge.ddw-windows=1"],
        # every program; vfio-exerciser removes its default window before
        # it may create a dynamic one
        "dmesg": [("no window available at first", r"query-pe-dma-window.*wn=0"),
                  ("a window after removing the default",
                   r"create-pe-dma-window.*returned 0"),
                  ("direct mapping", r"direct mapping: 1")],
    },
    # One PE per device (hw/ppc/spapr_pci_pe.c): each device's node has its
    # own ibm,dma-window, so Linux gives each its own TCE table, IOMMU
    # group, dynamic window (a LIOBN of its PE: devfn + 1 in bits 16..24)
    # and EEH PE.  And the hash MMU with 16M pages (POWER10 in HPT mode),
    # whose 16M hugetlb pages back vfio-exerciser's 64K, 2M and 16M DMA
    # windows: under radix (the other pseries machines) the hugetlb sizes
    # are 2M and 1G, and a 2G guest gets no 1G page, at run time or with
    # hugepagesz=1G hugepages=1 ("HugeTLB: allocating 1 of page size
    # 1.00 GiB failed")
    "pseries-pe-per-device": {
        "base": "pseries",
        "args": ["-global", "spapr-pci-host-bridge.pe-per-device=on",
                 "-machine", "cap-hpt-max-page-size=16M"],
        "append": ["disable_radix"],
        # the other PE layout: one PE per device
        "kselftests": ["powerpc/eeh/eeh-basic.sh"],
        "append-own": ["powerio.errinjct=all"],
        "dmesg": [("the e1000e (00.0) maps RAM through its own PE's window",
                   r"e1000e 0000:00:00\.0: ibm,create-pe-dma-window.*"
                   r"returned 0 \(liobn = 0x80010001"),
                  ("the nvme (01.0) through its own",
                   r"nvme 0000:00:01\.0: ibm,create-pe-dma-window.*"
                   r"returned 0 \(liobn = 0x80090001"),
                  # PE addresses are the function's config address | 1
                  # (the PHB-wide PE is PE#1 for every device)
                  ("EEH recovers the nvme as a PE of its own (PE#801)",
                   r"EEH: Recovering PHB#0-PE#801\b", "eeh-recovery")],
    },
    # The layout of #16's report: a PHB-wide PE (the base's) holding
    # devices whose drivers are EEH-aware (e1000e, nvme) and one without a
    # driver (the exerciser).  Linux's eeh-basic.sh only: Linux 6.12's
    # eehd deadlocks there (tests/guest/kselftest-run, linux_deadlock:
    # eeh_rmv_device retakes pci_lock_rescan_remove, which
    # eeh_handle_normal_event holds); the runner requires eehd's stack to
    # show it, and the selftest to wait 20 s, not 60, for what never comes
    "pseries-shared-pe": {
        "args": PSERIES_ARGS,
        "devices": [["-netdev", "user,id=net0,restrict=on",
                     "-device", "e1000e,romfile=,netdev=net0"],
                    ["-device", "nvme,serial=powerio0,drive=nvm0"],
                    ["-device", "dma-exerciser"]],
        "tests": "none",
        "kselftests": ["powerpc/eeh/eeh-basic.sh"],
        "append-own": ["powerio.eeh_max_wait=20"],
        # (the reason, and the function poweroff must be seen waiting in)
        "poweroff-hangs": ("Linux 6.12: poweroff's device_shutdown -> "
                           "nvme_shutdown -> nvme_wait_reset waits for the "
                           "reset of the nvme's EEH recovery, which eehd, "
                           "deadlocked in eeh_rmv_device, never does",
                           "nvme_wait_reset"),
    },
    "pseries": {
        "dmesg": [("Linux maps all RAM through a dynamic window",
                   r"direct mapping: 1")],
        # Linux's EEH selftest, and eeh-recovery's errinjct with every
        # function of both classes (the variants: one per kind); neither
        # inherited by the variants
        "kselftests": ["powerpc/eeh/eeh-basic.sh"],
        "append-own": ["powerio.errinjct=all"],
        "args": PSERIES_ARGS,
        "devices": [["-netdev", "user,id=net0,restrict=on",
                     "-device", "e1000e,romfile=,netdev=net0"],
                    ["-device", "nvme,serial=powerio0,drive=nvm0"],
                    # a PHB of its own: the base puts every device of a PHB
                    # in one PE (one IOMMU group), which vfio would need
                    # whole
                    ["-device", "spapr-pci-host-bridge,index=1,id=phb1",
                     "-device", "dma-exerciser,bus=phb1.0"]],
    },
}


# A report of a precise model (include/hw/pci/pci_io_report.h): one line
# "[KIND phb=D pe=0xN] text" (- for a PHB or PE the model does not know).  QEMU writes it to its
# stderr, the same pipe as the console, so its place in the stream says
# which program's IO caused it; it may land inside a console line (the
# console is written a few characters at a time), so it is cut out
# wherever it is, and the console line joined again.
MODEL_REPORT = re.compile(r"\[([a-z0-9-]+) (phb=(?:\d+|-) pe=(?:0x[0-9a-f]+|-))"
                          r"\] [^\n]*\n?")
# Other lines QEMU's guest-error log prints during the test boots (the
# base's PBCQ registers skiboot writes, SPRs TCG does not have): no model
# report, but cut out of the console stream like one, wherever they land.
QEMU_LOG_LINE = re.compile(r"phb3_pbcq\[\d+:\d+\]: [^\n]*\n|"
                           r"Trying to (?:read|write) invalid spr \d+ "
                           r"\(0x[0-9a-f]+\) at [0-9a-fx]+\n|"
                           # skiboot's own console lines ("[secs.nsecs,level]
                           # text", core/console-log.c): OPAL writes each
                           # whole, between the kernel's console chunks of a
                           # program's line (its EEH diag dump on PHB4,
                           # phb4_eeh_dump_regs, comes while a program runs)
                           r"\[ *\d+\.\d{9},\d\] [^\n]*\n")
# What AddressSanitizer and UndefinedBehaviorSanitizer print on a finding
SANITIZER_REPORT = re.compile(r"runtime error:|ERROR: AddressSanitizer|"
                              r"ERROR: LeakSanitizer|SUMMARY: \w+Sanitizer")


def machine(name):
    """A machine entry, variants ("base") resolved: devices, arguments,
    kernel arguments and programs inherited (not the dmesg checks, the
    kselftests, append-own)"""
    m = dict(MACHINES[name])
    if "base" in m:
        b = machine(m["base"])
        m["devices"] = b["devices"]
        m["args"] = b["args"] + m.get("args", [])
        m["append"] = b.get("append", []) + m.get("append", [])
        if b.get("tests"):
            m.setdefault("tests", b["tests"])
        m.setdefault("family", b.get("family", m["base"]))
    return m


def qemu_cmdline(a, mode):
    m = machine(a.machine)
    g = os.path.join(a.build, "guest")
    kernel = os.environ.get("KERNEL") or os.path.join(g, "vmlinux")
    initrd = a.initrd or os.path.join(
        g, "initramfs-user.cpio.gz" if os.environ.get("KERNEL")
        else "initramfs.cpio.gz")
    # A scratch disk per boot, so that boots can run side by side.
    disk = os.path.join(g, "disks", "nvme-%s-%d.img" % (a.machine, os.getpid()))
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    with open(disk, "wb") as f:
        f.truncate(64 << 20)
    a.scratch = disk
    append = ["console=hvc0", "powerio.mode=" + mode,
              "powerio.expect=%s,%s,%s" % (E1000E, NVME, EXERCISER)]
    if mode == "test":
        append.append("quiet")
    tests = a.tests or m.get("tests")
    if tests:
        append.append("powerio.tests=" + tests)
    # Linux's own selftests this machine runs besides (not inherited by
    # variants: tests/guest/kselftest-run)
    kst = a.kselftests if a.kselftests is not None else \
        ",".join(m.get("kselftests", []))
    if kst:
        append.append("powerio.kselftests=" + kst)
    append += m.get("append", []) + m.get("append-own", [])
    if os.environ.get("APPEND"):
        append.append(os.environ["APPEND"])
    if a.append:
        append.append(a.append)
    cmd = [a.qemu] + m["args"] + [
        "-kernel", kernel, "-initrd", initrd, "-append", " ".join(append),
        "-drive", "if=none,id=nvm0,format=raw,file=" + disk]
    for d in m["devices"]:
        cmd += d
    if mode == "test":
        # the models' reports of guest IO errors, on QEMU's stderr: in the
        # console stream, in the order they happen (MODEL_REPORT)
        cmd += ["-d", "guest_errors"]
    cmd += a.extra
    return cmd


def run_bounded(cmd, log, timeout, echo):
    """Run QEMU with its console on a pipe, into @log; @echo (if any) is
    given each chunk as it comes.  Return (status, timed_out, seconds)."""
    cmd = cmd + ["-display", "none", "-monitor", "none", "-serial", "stdio",
                 "-no-reboot"]
    start = time.monotonic()
    with open(log, "wb") as out:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
        timed_out = False
        os.set_blocking(p.stdout.fileno(), False)
        while True:
            chunk = p.stdout.read(65536)
            if chunk:
                out.write(chunk)
                out.flush()
                if echo:
                    echo(chunk)
            elif p.poll() is not None:
                break
            else:
                if time.monotonic() - start > timeout:
                    timed_out = True
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
                    break
                time.sleep(0.05)
    return p.returncode, timed_out, time.monotonic() - start


def tail(log, n=40):
    with open(log, "rb") as f:
        lines = f.read().decode(errors="replace").splitlines()
    return "\n".join(lines[-n:])


def check_binary(a):
    if not os.access(a.qemu, os.X_OK):
        sys.exit("boot: %s is not built (run 'make qemu')" % a.qemu)


class Progress:
    """What ./powerio run shows: a line per boot stage, then the guest's
    IO report; the whole console goes to the log file only."""

    STAGES = [(re.compile(r"OPAL v|SkiBoot|SLOF"), "firmware running"),
              (re.compile(r"Linux version \S+"), "kernel booting"),
              (re.compile(r"Run /init as init process|powerio: insmod"),
               "init loading modules"),
              (re.compile(r"=+ powerio: IO report"), "report:")]

    def __init__(self, log):
        self.start = time.monotonic()
        self.seen = set()
        self.buf = ""
        self.in_report = False
        print("boot: console log in %s" % log, flush=True)

    def __call__(self, chunk):
        self.buf += chunk.decode(errors="replace")
        lines = self.buf.split("\n")
        self.buf = lines.pop()
        for line in lines:
            line = line.rstrip("\r")
            for i, (rx, what) in enumerate(self.STAGES):
                m = rx.search(line)
                if not m or i in self.seen:
                    continue
                self.seen.add(i)
                if i == 1:
                    what += " (%s)" % m.group(0)
                print("boot: [%4.0fs] %s" % (time.monotonic() - self.start,
                                             what), flush=True)
                if i == len(self.STAGES) - 1:
                    self.in_report = True
            if self.in_report:
                print(line, flush=True)
                if "end of report" in line:
                    self.in_report = False


def cmd_run(a):
    check_binary(a)
    log = a.log or os.path.join(a.build, "guest", "boot-%s.log" % a.machine)
    rc, to, secs = run_bounded(qemu_cmdline(a, "info"), log, a.timeout,
                               Progress(log))
    if to or "end of report" not in open(log, errors="replace").read():
        sys.stderr.write("\nboot: the guest did not finish its report within "
                         "%ds; last console lines:\n%s\n" % (a.timeout, tail(log)))
        return 1
    print("boot: %s done in %.0fs (console log: %s)" % (a.machine, secs, log))
    return 0


def cmd_shell(a):
    check_binary(a)
    cmd = qemu_cmdline(a, "shell") + ["-nographic", "-no-reboot"]
    print("boot: Ctrl-A x quits QEMU; 'poweroff -f' in the guest stops it")
    return subprocess.call(cmd)


class Program:
    """What one in-guest program printed and how it ended."""

    def __init__(self, name):
        self.name = name
        self.results = 0
        self.plan = None            # the N of its "1..N"
        self.plan_early = False     # printed before its first result
        self.plans = 0
        self.bail = None
        self.status = None          # exit status; 128 + signal if killed
        self.expect = set()         # (kind, pe) it must provoke
        self.may = set()            # (kind, pe) it may provoke
        self.reports = []


def split_reports(text):
    """The console text without the models' reports, and the reports, each
    (offset in that console text, kind, pe, line)."""
    console, reports, pos, clen = [], [], 0, 0
    either = re.compile(MODEL_REPORT.pattern + "|" + QEMU_LOG_LINE.pattern)
    for m in either.finditer(text):
        console.append(text[pos:m.start()])
        clen += m.start() - pos
        if m.group(1):
            reports.append((clen, m.group(1), m.group(2),
                            m.group(0).rstrip("\n")))
        pos = m.end()
    console.append(text[pos:])
    return "".join(console), reports


def signal_name(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "signal %d" % n


class Tap:
    """The TAP stream this harness prints, with its failures counted."""

    def __init__(self, machine):
        self.machine = machine
        self.n = 0
        self.fails = 0

    def line(self, ok, desc):
        """One result; a failing "# TODO" line is a known gap, no failure"""
        self.n += 1
        print("%s %d - %s: %s" % ("ok" if ok else "not ok", self.n,
                                  self.machine, desc))
        if not ok and not re.search(r"#\s*TODO", desc):
            self.fails += 1
        return ok

    def diag(self, lines, limit=10):
        for ln in lines[:limit]:
            print("#   " + ln)
        if len(lines) > limit:
            print("#   (%d more)" % (len(lines) - limit))


def check_reports(tap, who, reports, expect=(), may=()):
    """Every declared report came, and no other."""
    seen = {}
    unexpected = []
    for _, kind, pe, line in reports:
        if (kind, pe) in expect or (kind, pe) in may:
            seen[(kind, pe)] = seen.get((kind, pe), 0) + 1
        else:
            unexpected.append(line)
    for kind, pe in sorted(expect):
        tap.line((kind, pe) in seen, "%s: the models reported %s for %s "
                 "(%d times)" % (who, kind, pe, seen.get((kind, pe), 0)))
    tap.line(not unexpected, "%s: no model report it did not declare (%d)"
             % (who, len(unexpected)))
    tap.diag(unexpected)


def check_plan(tap, p):
    """One plan, and as many results as it announced: each planned result
    never printed is a failure of its own"""
    if p.plans == 0:
        tap.line(False, "%s: printed its plan (1..N), %d results seen" % (
            p.name, p.results))
        return
    if p.plans > 1:
        tap.line(False, "%s: printed one plan (printed %d)" % (
            p.name, p.plans))
    if p.results < p.plan:
        for k in range(p.results + 1, p.plan + 1):
            tap.line(False, "%s: result %d of its %d planned was never "
                     "printed" % (p.name, k, p.plan))
    else:
        tap.line(p.results == p.plan, "%s: %d results, as planned (1..%d%s)"
                 % (p.name, p.results, p.plan, ", before its first result"
                    if p.plan_early else ", at its end"))


def cmd_test(a):
    """Print the guest's TAP stream, prefixed by the machine name."""
    check_binary(a)
    log = a.log or os.path.join(a.build, "guest", "test-%s.log" % a.machine)
    rc, to, secs = run_bounded(qemu_cmdline(a, "test"), log, a.timeout, False)
    raw = open(log, errors="replace").read()
    tap = judge(a.machine, raw, rc, to, a.timeout, log)
    print("# %s: guest ran %d checks in %.0fs" % (a.machine, tap.n, secs))
    print("1..%d" % tap.n)
    return 1 if tap.fails else 0


def judge(name, raw, rc, to, timeout, log=None):
    """The verdicts on one test boot's output @raw (console and QEMU's
    stderr), QEMU's exit status @rc or a timeout @to; prints TAP lines."""
    text, reports = split_reports(raw)
    tap = Tap(name)
    progs = {}
    order = []
    current = None
    boot_reports = []
    dmesg = []
    began = complete = False
    pending = iter(reports)
    report = next(pending, None)
    pos = 0
    for line in text.split("\n") + [None]:
        # the reports written before this line ends (all of them, after the
        # last) belong to the program running then, or to the boot
        end = pos + len(line) + 1 if line is not None else len(text) + 1
        while report and report[0] < end:
            (progs[current].reports if current else boot_reports).append(
                report)
            report = next(pending, None)
        if line is None:
            break
        pos = end
        line = line.rstrip("\r")
        m = re.match(r"@@TAP ((?:not )?ok)\b[ \d]*(.*)", line)
        if m:
            desc = m.group(2).strip().lstrip("- ").strip()
            tap.line(m.group(1) == "ok", desc)
            continue
        m = re.match(r"@@PROG-START (\S+)", line)
        if m:
            current = m.group(1)
            progs[current] = Program(current)
            order.append(current)
            continue
        m = re.match(r"@@TAP-SUB (\S+) ((?:not )?ok)\b[ \d]*(.*)", line)
        if m and m.group(1) in progs:
            p = progs[m.group(1)]
            p.results += 1
            desc = m.group(3).strip().lstrip("- ").strip()
            tap.line(m.group(2) == "ok", "%s: %s" % (p.name, desc))
            continue
        m = re.match(r"@@TAP-PLAN (\S+) (\d+)", line)
        if m and m.group(1) in progs:
            p = progs[m.group(1)]
            p.plans += 1
            p.plan = int(m.group(2))
            p.plan_early = p.results == 0
            continue
        m = re.match(r"@@TAP-BAIL (\S+) ?(.*)", line)
        if m and m.group(1) in progs:
            progs[m.group(1)].bail = m.group(2).strip() or "(no reason)"
            continue
        m = re.match(r"# (\S+): # (expect|may)-report (\S+) (phb=\S+ pe=\S+)",
                     line)
        if m and m.group(1) in progs:
            p = progs[m.group(1)]
            (p.expect if m.group(2) == "expect" else p.may).add(
                (m.group(3), m.group(4)))
            continue
        m = re.match(r"@@PROG-END (\S+) (\d+)", line)
        if m and m.group(1) in progs:
            progs[m.group(1)].status = int(m.group(2))
            current = None
            continue
        if line.startswith("@@DMESG "):
            dmesg.append(line[8:])
        elif line.startswith("@@TAP-BEGIN"):
            began = True
        elif line.startswith("@@TAP-END"):
            complete = True

    # How each program ended: a crash, a failing exit, a bail out, a hang
    # or results it never printed fail it, whatever it printed before.
    for pname in order:
        p = progs[pname]
        if p.status is None:
            tap.line(False, "%s: finished (%s while it ran)" % (
                pname, "the boot timed out after %ds" % timeout if to
                else "QEMU exited with status %s" % rc))
        elif p.status > 128:
            tap.line(False, "%s: finished (killed by %s)" % (
                pname, signal_name(p.status - 128)))
        else:
            tap.line(p.status == 0, "%s: exited with status %d" % (
                pname, p.status))
        if p.bail is not None:
            tap.line(False, "%s: Bail out! %s" % (pname, p.bail))
        check_plan(tap, p)
        # a program's reports are judged however it ended
        check_reports(tap, pname, p.reports, p.expect, p.may)

    # The kernel's DMA window decisions this machine must lead to
    dmesg = "\n".join(dmesg)
    for check in machine(name).get("dmesg", []):
        desc, pattern = check[:2]
        what = "kernel DMA windows"
        if len(check) > 2:
            # a check of what a test program makes the kernel do
            if check[2] not in progs:
                continue
            what = "kernel log after %s" % check[2]
        if not tap.line(re.search(pattern, dmesg) is not None,
                        "%s: %s" % (what, desc)):
            tap.diag(dmesg.splitlines())
    # Outside the programs that declare them, a correct kernel on a
    # correct model provokes no report at all.
    check_reports(tap, "boot and init", boot_reports)

    if not began:
        tap.line(False, "the guest's init started its checks")
    if not complete:
        why = "timed out after %ds" % timeout if to else \
            "QEMU exited with status %s" % rc
        tap.line(False, "guest finished its checks (%s)" % why)
        print("# last console lines%s:" % (" of " + log if log else ""))
        for line in raw.splitlines()[-40:]:
            print("#   " + line)
    elif not to:
        # poweroff -f: QEMU ends by itself, with status 0
        tap.line(rc == 0, "QEMU exited cleanly after the checks (%s)" % (
            "status %d" % rc if rc >= 0 else "killed by %s" %
            signal_name(-rc)))
        # unless the kernel could not shut its devices down: the init's
        # emergency restart after 20 s (tests/guest/init)
        hung = "powerio: poweroff did not finish" in raw
        why, where = machine(name).get("poweroff-hangs", (None, None))
        waits = re.findall(r"powerio: poweroff waits in .*? (\w+)\+0x", raw)
        if hung and why and where in waits:
            tap.line(False, "the guest powered off (poweroff -f did not "
                     "finish; the init's emergency restart ended it) # TODO "
                     + why)
        else:
            tap.line(not hung, "the guest powered off (poweroff -f%s)" % (
                " did not finish; the init's emergency restart ended it; "
                "poweroff waited in %s" % " <- ".join(waits)
                if hung else " finished"))
    found = SANITIZER_REPORT.search(raw)
    tap.line(not found, "no sanitizer report in QEMU's output%s" % (
        ": " + found.group(0) if found else ""))
    if found:
        tap.diag(raw[found.start():].splitlines(), 20)
    return tap


def cleanup(a):
    if getattr(a, "scratch", None) and os.path.exists(a.scratch):
        os.unlink(a.scratch)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("action", choices=["run", "shell", "test"])
    ap.add_argument("--machine", default="powernv8", choices=sorted(MACHINES))
    ap.add_argument("--build", default="build")
    ap.add_argument("--qemu", default=None)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--log")
    ap.add_argument("--tests", help="comma-separated programs from /tests")
    ap.add_argument("--kselftests", help="comma-separated Linux selftests "
                    "(powerpc/eeh/eeh-basic.sh; the machine's by default, "
                    "'' for none)")
    ap.add_argument("--append", help="extra kernel command line")
    ap.add_argument("--initrd", help="another initramfs (the harness "
                    "self-test's)")
    a, extra = ap.parse_known_args()
    # extra QEMU arguments, after "--"
    a.extra = extra[1:] if extra[:1] == ["--"] else extra
    if a.qemu is None:
        a.qemu = os.path.join(a.build, "qemu", "qemu-system-ppc64")
    try:
        return {"run": cmd_run, "shell": cmd_shell, "test": cmd_test}[a.action](a)
    finally:
        cleanup(a)


if __name__ == "__main__":
    sys.exit(main())
