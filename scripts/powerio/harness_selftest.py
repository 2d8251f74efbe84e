#!/usr/bin/env python3
"""The guest harness's own test: its verdicts must fail what they should.

  harness_selftest.py                 judge synthetic guest streams (seconds)
  harness_selftest.py --boot ARGS...  also boot the stand-in programs of
                                      tests/guest/selftest on a machine
                                      (ARGS: boot.py's, e.g. --machine
                                      pseries --build build)

Every case feeds boot.py's judge() a console stream as the guest's init
and QEMU write it, and checks the verdict: a crashed, failing or bailing
program, results never printed, a hang, a model report nobody declared
(or a declared one that never came), a QEMU that crashed at power-off or
printed a sanitizer report must each fail; a clean run must pass.  Prints
TAP.
"""

import contextlib
import io
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot  # noqa: E402

BEGIN = "@@TAP-BEGIN\r\n" \
    "@@DMESG pci 0000:00:02.0: ibm,create-pe-dma-window: direct mapping: 1" \
    "\r\n@@TAP ok 1 - kernel: vfio is loaded or built in\r\n"
END = "@@TAP-END\r\n"


def prog(name, *lines, status=0):
    """A program's part of the stream, as tests/guest/init writes it"""
    out = ["@@PROG-START %s" % name]
    for ln in lines:
        if ln.startswith("ok ") or ln.startswith("not ok "):
            out.append("@@TAP-SUB %s %s" % (name, ln))
        elif ln.startswith("1.."):
            out.append("@@TAP-PLAN %s %s" % (name, ln[3:]))
        elif ln.startswith("Bail out!"):
            out.append("@@TAP-BAIL %s %s" % (name, ln[9:]))
        elif ln.startswith("@@") or ln.startswith("["):
            out.append(ln)
        else:
            out.append("# %s: %s" % (name, ln))
    if status is not None:
        out.append("@@PROG-END %s %d" % (name, status))
    return "\r\n".join(out) + "\r\n"


REPORT = "[dma-fault phb=2 pe=0x3] phb3[0:2]: PE#3 RID 03:00.0: DMA write at " \
         "IOVA 0x1000: no TCE; hardware fails the access and freezes the PE\n"
GOOD = prog("good", "1..2", "ok 1 - first", "ok 2 - second")

# (description, stream, QEMU status, timed out, should pass, a line the
# verdict must contain)
CASES = [
    ("a clean program passes", BEGIN + GOOD + END, 0, False, True,
     r"ok \d+ - pseries: good: 2 results, as planned"),
    ("a program killed by SIGSEGV after two results fails",
     BEGIN + prog("crash", "ok 1 - first", "ok 2 - second", status=139) +
     END, 0, False, False, r"not ok \d+ - .*crash: finished \(killed by "
     r"SIGSEGV\)"),
    ("a program that exits with status 3 fails",
     BEGIN + prog("exit3", "ok 1 - first", "ok 2 - second", "1..2",
                  status=3) + END, 0, False, False,
     r"not ok \d+ - .*exit3: exited with status 3"),
    ("a Bail out! fails", BEGIN + prog("bail", "1..2", "ok 1 - a", "ok 2 - b",
                                        "Bail out! gave up") + END,
     0, False, False, r"not ok \d+ - .*bail: Bail out! gave up"),
    ("results a program planned but never printed fail, one each",
     BEGIN + prog("short", "1..4", "ok 1 - a", "ok 2 - b") + END, 0, False,
     False, r"not ok \d+ - .*short: result 4 of its 4 planned"),
    ("a program with no plan fails",
     BEGIN + prog("noplan", "ok 1 - a") + END, 0, False, False,
     r"not ok \d+ - .*noplan: printed its plan"),
    ("a program still running when the boot times out fails by name",
     BEGIN + prog("hang", "1..2", "ok 1 - a", status=None), None, True,
     False, r"not ok \d+ - .*hang: finished \(the boot timed out"),
    ("an empty /tests fails",
     BEGIN + "@@TAP not ok 2 - the initramfs holds test programs (/tests "
     "is empty)\r\n" + END, 0, False, False, r"not ok 2 - .*/tests is empty"),
    ("a failing result with a TODO directive is a known gap, no failure",
     BEGIN + prog("todo", "1..1", "not ok 1 - gap # TODO kernel bug") + END,
     0, False, True, r"not ok \d+ - .*todo: gap # TODO kernel bug"),
    ("a declared model report, cut into a result line, passes and the line "
     "is whole again",
     BEGIN + prog("fault", "1..1", "# expect-report dma-fault phb=2 pe=0x3",
                  "@@TAP-SUB fault ok 1 - DMA to an unmapped " + REPORT +
                  "IOVA faults") + END, 0, False, True,
     r"ok \d+ - .*fault: DMA to an unmapped IOVA faults"),
    ("another QEMU guest-error line cut into a result line is taken out",
     BEGIN + prog("cut", "1..1", "@@TAP-SUB cut ok 1 - a re"
                  "phb3_pbcq[0:1]: pnv_pbcq_nest_xscom_write @0x58=0\n"
                  "sult line") + END, 0, False, True,
     r"ok \d+ - .*cut: a result line"),
    ("skiboot's console lines cut into a result line are taken out",
     BEGIN + prog("opal", "1..1", "@@TAP-SUB opal ok 1 - a re"
                  "[   23.191316092,3] PHB#0000[0:0]:  brdgCtl = 00000002\n"
                  "[   23.191634159,3] PHB#0000[0:0]:  deviceStatus = 0f\n"
                  "sult line") + END, 0, False, True,
     r"ok \d+ - .*opal: a result line"),
    ("a model report the program did not declare fails",
     BEGIN + prog("quiet", "1..1", "ok 1 - a", REPORT.rstrip("\n")) + END,
     0, False, False, r"not ok \d+ - .*quiet: no model report it did not "
     r"declare \(1\)"),
    ("a report of another PE than the declared one fails",
     BEGIN + prog("other", "1..1", "# expect-report dma-fault phb=2 pe=0x4",
                  "ok 1 - a", REPORT.rstrip("\n")) + END, 0, False, False,
     r"not ok \d+ - .*other: the models reported dma-fault for phb=2 pe=0x4"),
    ("a declared report that never comes fails",
     BEGIN + prog("missing", "1..1", "# expect-report stale-tce phb=2 pe=0x3",
                  "ok 1 - a") + END, 0, False, False,
     r"not ok \d+ - .*missing: the models reported stale-tce"),
    ("a report of another PHB's PE of that number fails",
     BEGIN + prog("phb", "1..1", "# expect-report dma-fault phb=1 pe=0x3",
                  "ok 1 - a", REPORT.rstrip("\n")) + END, 0, False, False,
     r"not ok \d+ - .*phb: no model report it did not declare \(1\)"),
    ("a report while no program runs fails", BEGIN + REPORT + GOOD + END, 0,
     False, False, r"not ok \d+ - .*boot and init: no model report"),
    ("QEMU failing at power-off fails the boot", BEGIN + GOOD + END, -6,
     False, False, r"not ok \d+ - .*QEMU exited cleanly .*SIGABRT"),
    ("a guest whose poweroff hung (the init's emergency restart) fails",
     BEGIN + GOOD + END + "powerio: poweroff did not finish in 20 s; "
     "emergency restart (sysrq b)\r\npowerio: poweroff waits in [<0>] "
     "device_shutdown+0x220/0x3b4\r\n", 0, False, False,
     r"not ok \d+ - .*the guest powered off \(poweroff -f did not finish.*"
     r"waited in device_shutdown"),
    ("a sanitizer report fails the boot",
     BEGIN + GOOD + END + "==1==ERROR: AddressSanitizer: heap-use-after-free"
     "\n", 0, False, False, r"not ok \d+ - .*no sanitizer report"),
    ("a guest that never reaches the checks fails", "OPAL v7\r\n", None, True,
     False, r"not ok \d+ - .*init started its checks"),
]


def judge(stream, rc, to):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        tap = boot.judge("pseries", stream, rc, to, 60)
    return tap.fails == 0, out.getvalue()


def main():
    n = 0
    failed = 0
    for desc, stream, rc, to, should_pass, want in CASES:
        passed, out = judge(stream, rc, to)
        ok = passed == should_pass and re.search(want, out) is not None
        n += 1
        failed += not ok
        print("%s %d - judge: %s" % ("ok" if ok else "not ok", n, desc))
        if not ok:
            for ln in out.splitlines():
                print("#   " + ln)
    if sys.argv[1:2] == ["--boot"]:
        n, failed = boot_standins(n, failed, sys.argv[2:])
    print("1..%d" % n)
    return 1 if failed else 0


# What a boot of the stand-ins must show (tests/guest/selftest/*.c)
STANDIN_VERDICTS = [
    ("the passing stand-in passes", r"^ok \d+ - \S+: good: exited with "
     r"status 0"),
    ("the one that crashes after two results fails",
     r"^not ok \d+ - \S+: crash-after-two: finished \(killed by SIGSEGV\)"),
    ("... and its result never printed counts as a failure",
     r"^not ok \d+ - \S+: crash-after-two: printed its plan"),
    ("the one that exits with status 3 fails",
     r"^not ok \d+ - \S+: exit-three: exited with status 3"),
    ("the one that bails out fails", r"^not ok \d+ - \S+: bail-out: Bail "
     r"out!"),
    ("a requested program that is missing fails",
     r"^not ok \d+ - \S+: test program absent exists"),
]


def boot_standins(n, failed, args):
    here = os.path.dirname(os.path.abspath(__file__))
    build = "build"
    if "--build" in args:
        build = args[args.index("--build") + 1]
    initrd = os.path.join(build, "guest", "initramfs-selftest.cpio.gz")
    cmd = [sys.executable, os.path.join(here, "boot.py"), "test",
           "--initrd", initrd, "--kselftests", "",
           "--tests", "good,crash-after-two,exit-three,bail-out,absent"] + args
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=900)
    out = p.stdout.decode(errors="replace")
    n += 1
    ok = p.returncode != 0
    failed += not ok
    print("%s %d - boot: the stand-ins make the guest suite fail (boot.py "
          "status %d)" % ("ok" if ok else "not ok", n, p.returncode))
    for desc, want in STANDIN_VERDICTS:
        n += 1
        ok = re.search(want, out, re.M) is not None
        failed += not ok
        print("%s %d - boot: %s" % ("ok" if ok else "not ok", n, desc))
    # everything else of the boot passed: the stand-ins alone failed it
    others = [ln for ln in out.splitlines() if ln.startswith("not ok") and
              not re.search(r"crash-after-two|exit-three|bail-out|absent",
                            ln)]
    n += 1
    failed += bool(others)
    print("%s %d - boot: nothing but the stand-ins failed" % (
        "not ok" if others else "ok", n))
    if others or failed:
        for ln in out.splitlines():
            print("#   " + ln)
    return n, failed


if __name__ == "__main__":
    sys.exit(main())
