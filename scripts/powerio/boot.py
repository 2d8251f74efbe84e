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

MACHINES = {
    "powernv8": {
        "args": ["-M", "powernv8", "-m", "2G", "-smp", "1"],
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
    "powernv9": {
        "args": ["-M", "powernv9", "-m", "2G", "-smp", "1"],
        "devices": [["-netdev", "user,id=net0,restrict=on",
                     "-device", "e1000e,romfile=,netdev=net0,bus=pcie.0,addr=0x0"],
                    ["-device", "nvme,bus=pcie.1,addr=0x0,serial=powerio0,"
                     "drive=nvm0"],
                    SWITCH("pcie.2")],
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
    # and EEH PE
    "pseries-pe-per-device": {
        "base": "pseries",
        "args": ["-global", "spapr-pci-host-bridge.pe-per-device=on"],
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
    "pseries": {
        "dmesg": [("Linux maps all RAM through a dynamic window",
                   r"direct mapping: 1")],
        # TCG cannot provide the speculation mitigations; say so up front
        # instead of printing warnings on every boot.
        "args": ["-M", "pseries,cap-cfpc=broken,cap-sbbc=broken,"
                 "cap-ibs=broken,cap-ccf-assist=off", "-m", "2G", "-smp", "1",
                 "-vga", "none"],
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


# What the precise models report when the guest's IO goes wrong
MODEL_ERRORS = re.compile(r"hardware fails the access|stale TCE used")
# The exerciser's own faults are deliberate (tests aim it at unmapped
# IOVAs); its stale-TCE uses are not, they show a missing kill in the kernel.
INSTRUMENT_FAULT = {
    "powernv8": re.compile(r"phb3\[0:2\]: PE#\d+ RID 03:00\.0: DMA"),
}


def machine(name):
    """A machine entry, variants ("base") resolved."""
    m = dict(MACHINES[name])
    if "base" in m:
        b = MACHINES[m["base"]]
        m["devices"] = b["devices"]
        m["args"] = b["args"] + m.get("args", [])
        m.setdefault("family", m["base"])
    return m


def qemu_cmdline(a, mode):
    m = machine(a.machine)
    g = os.path.join(a.build, "guest")
    kernel = os.environ.get("KERNEL") or os.path.join(g, "vmlinux")
    initrd = os.path.join(g, "initramfs-user.cpio.gz"
                          if os.environ.get("KERNEL") else "initramfs.cpio.gz")
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
    append += m.get("append", [])
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
        # the models' reports of guest IO errors, in a file of their own so
        # that they never cut into a console line
        cmd += ["-d", "guest_errors", "-D", a.qemu_log]
    cmd += a.extra
    return cmd


def run_bounded(cmd, log, timeout, echo):
    """Run QEMU with its console on a pipe; return (status, timed_out)."""
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
                    sys.stdout.buffer.write(chunk)
                    sys.stdout.flush()
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


def cmd_run(a):
    check_binary(a)
    log = a.log or os.path.join(a.build, "guest", "boot-%s.log" % a.machine)
    rc, to, secs = run_bounded(qemu_cmdline(a, "info"), log, a.timeout, True)
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


def cmd_test(a):
    """Print the guest's TAP stream, prefixed by the machine name."""
    check_binary(a)
    log = a.log or os.path.join(a.build, "guest", "test-%s.log" % a.machine)
    a.qemu_log = log + ".qemu"
    if os.path.exists(a.qemu_log):
        os.unlink(a.qemu_log)
    rc, to, secs = run_bounded(qemu_cmdline(a, "test"), log, a.timeout, False)
    text = open(log, errors="replace").read()
    qemu_text = open(a.qemu_log, errors="replace").read() \
        if os.path.exists(a.qemu_log) else ""
    n = 0
    fails = 0
    for m in re.finditer(r"@@TAP(?:-SUB (\S+))? ((?:not )?ok)\b[ \d]*(.*)",
                         text):
        prog, res, desc = m.group(1), m.group(2), m.group(3).strip()
        desc = desc.lstrip("- ").strip()
        n += 1
        name = "%s: %s%s" % (a.machine, prog + ": " if prog else "", desc)
        print("%s %d - %s" % (res, n, name))
        if res != "ok" and "# TODO" not in desc:
            fails += 1
    complete = "@@TAP-END" in text
    # Every program's plan must be met: a result line lost (or garbled) on
    # the console must not pass unseen.
    seen = {}
    for m in re.finditer(r"@@TAP-SUB (\S+) (?:not )?ok\b", text):
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
    for m in re.finditer(r"# (\S+): 1\.\.(\d+)", text):
        prog, planned = m.group(1), int(m.group(2))
        n += 1
        if seen.get(prog, 0) == planned:
            print("ok %d - %s: %s: all %d planned results seen" % (
                n, a.machine, prog, planned))
        else:
            print("not ok %d - %s: %s: all %d planned results seen (got %d)"
                  % (n, a.machine, prog, planned, seen.get(prog, 0)))
            fails += 1
    # Whatever the checks say, the DMA of a correct kernel never faults or
    # uses a stale TCE: each model report is a failure with its text.
    # The kernel's DMA window decisions this machine must lead to
    dmesg = "\n".join(m.group(1) for m in
                      re.finditer(r"@@DMESG (.*)", text))
    planned = set(re.findall(r"# (\S+): 1\.\.\d+", text))
    for check in machine(a.machine).get("dmesg", []):
        desc, pattern = check[:2]
        what = "kernel DMA windows"
        if len(check) > 2:
            # a check of what a test program makes the kernel do
            if check[2] not in planned:
                continue
            what = "kernel log after %s" % check[2]
        n += 1
        found = re.search(pattern, dmesg)
        print("%s %d - %s: %s: %s" % (
            "ok" if found else "not ok", n, a.machine, what, desc))
        if not found:
            fails += 1
            for ln in dmesg.splitlines()[:10]:
                print("#   " + ln)
    mine = INSTRUMENT_FAULT.get(machine(a.machine).get("family", a.machine))
    reports = [ln for ln in qemu_text.splitlines()
               if MODEL_ERRORS.search(ln) and not (mine and mine.search(ln))]
    n += 1
    if reports:
        print("not ok %d - %s: the PHB models reported no DMA fault or stale "
              "TCE (%d reports)" % (n, a.machine, len(reports)))
        for ln in reports[:10]:
            print("#   " + ln)
        fails += 1
    else:
        print("ok %d - %s: the PHB models reported no DMA fault or stale TCE"
              % (n, a.machine))
    if not complete:
        n += 1
        why = "timed out after %ds" % a.timeout if to else \
            "QEMU exited with status %s" % rc
        print("not ok %d - %s: guest finished its checks (%s)" % (
            n, a.machine, why))
        print("# last console lines of %s:" % log)
        for line in tail(log).splitlines():
            print("#   " + line)
        fails += 1
    else:
        print("# %s: guest ran %d checks in %.0fs" % (a.machine, n, secs))
    print("1..%d" % n)
    return 1 if fails else 0


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
    ap.add_argument("--append", help="extra kernel command line")
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
