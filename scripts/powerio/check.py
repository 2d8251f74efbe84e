#!/usr/bin/env python3
"""Run every powerio test and end with one 'N passed, N failed' line.

Suites:
  qtest/NAME   QEMU qtest binaries (base tests for our machines, and ours),
               run against build/qemu/qemu-system-ppc64 with TAP output
  qtest-san/NAME  the torture and EEH qtests again, against the sanitizer
               build (ASan + UBSan, build/qemu-san); any sanitizer report
               fails them
  guest/MACH   boot the Debian kernel on MACH and run the in-guest checks
  guest-san/MACH  the same on the sanitizer build (a report fails it)
  harness      the guest harness's own test: synthetic guest streams it
               must judge right, and a boot of stand-in programs that
               crash, fail and bail out, which must fail

Each suite is bounded by a timeout; a crash, a hang or a missing plan is a
failure with the log tail printed.  TAP '# TODO' lines are known gaps: they
are counted and listed, never as passes.  Logs go to BUILD/test-logs/.
"""

import argparse
import concurrent.futures
import io
import os
import re
import subprocess
import sys
import time

TAP_RE = re.compile(r"^(ok|not ok)\b\s*(\d*)\s*-?\s*(.*)$")


class Result:
    def __init__(self, suite):
        self.suite = suite
        self.passed = self.failed = self.skipped = self.todo = 0
        self.lines = []
        self.secs = 0.0

    def add_tap(self, text):
        planned = False
        for line in text.splitlines():
            if re.match(r"^\s*1\.\.\d+", line):
                planned = True
            m = TAP_RE.match(line.strip())
            if not m:
                continue
            ok, desc = m.group(1) == "ok", m.group(3)
            if re.search(r"#\s*TODO", desc, re.I):
                self.todo += 1
                tag = "TODO"
            elif re.search(r"#\s*SKIP", desc, re.I):
                self.skipped += 1
                tag = "SKIP"
            elif ok:
                self.passed += 1
                tag = "ok"
            else:
                self.failed += 1
                tag = "FAIL"
            self.lines.append("%-4s %s: %s" % (tag, self.suite, desc))
        return planned

    def fail(self, why, log=None, text=None):
        self.failed += 1
        self.lines.append("FAIL %s: %s" % (self.suite, why))
        if text is not None:
            tail = text.splitlines()[-30:]
            self.lines += ["     | " + t for t in tail]
        if log:
            self.lines.append("     (log: %s)" % log)


def run(cmd, env, timeout, log):
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, start_new_session=True)
        out, rc, to = p.stdout.decode(errors="replace"), p.returncode, False
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        rc, to = None, True
    with open(log, "w") as f:
        f.write(out)
    return out, rc, to, time.monotonic() - start


# What AddressSanitizer and UndefinedBehaviorSanitizer print on a finding
SANITIZER_REPORT = re.compile(r"runtime error:|ERROR: AddressSanitizer|"
                              r"ERROR: LeakSanitizer|SUMMARY: \w+Sanitizer")


def run_env(san):
    """The environment of a QEMU run, for the sanitizer build if @san"""
    env = dict(os.environ)
    if san:
        # QEMU's own teardown leaks are not the models' findings
        env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    return env


def qtest(a, name, san=False):
    qbuild = a.san_build if san else a.qemu_build
    r = Result(("qtest-san/" if san else "qtest/") + name)
    binary = os.path.join(qbuild, "tests", "qtest", name)
    log = os.path.join(a.logs, "qtest-%s%s.log" % ("san-" if san else "",
                                                   name))
    if not os.access(binary, os.X_OK):
        r.fail("%s is not built" % binary)
        return r
    env = run_env(san)
    env["QTEST_QEMU_BINARY"] = os.path.join(qbuild, "qemu-system-ppc64")
    env.setdefault("MALLOC_PERTURB_", "73")
    cmd = [binary, "--tap", "-k"]
    for path in a.select.get(name, []):
        cmd += ["-p", path]
    out, rc, to, r.secs = run(cmd, env, a.timeout, log)
    planned = r.add_tap(out)
    if to:
        r.fail("timed out after %ds" % a.timeout, log, out)
    elif rc != 0 and r.failed == 0:
        r.fail("exited with status %s" % rc, log, out)
    elif not planned and r.failed == 0:
        r.fail("no TAP plan (crashed?)", log, out)
    elif not r.lines and not re.search(r"^1\.\.0\s*#\s*SKIP\s+\S", out,
                                       re.M):
        # a binary that ran no case says why ("1..0 # SKIP reason")
        r.fail("ran no test case and did not say why", log, out)
    found = SANITIZER_REPORT.search(out)
    if found:
        r.fail("sanitizer report: %s" % found.group(0), log, out)
    return r


def qtest_san(a, name):
    return qtest(a, name, san=True)


def docs(a, _=None):
    """Every reStructuredText file of ours parses without a warning."""
    r = Result("docs")
    start = time.monotonic()
    root = os.path.dirname(os.path.dirname(a.here))
    try:
        import docutils.core
    except ImportError:
        r.fail("python3-docutils is not installed (scripts/powerio/deps.sh)")
        return r
    for top, _, files in sorted(os.walk(os.path.join(root, "docs"))):
        for f in sorted(files):
            if not f.endswith(".rst"):
                continue
            path = os.path.join(top, f)
            rel = os.path.relpath(path, root)
            err = io.StringIO()
            with open(path) as fh:
                docutils.core.publish_doctree(
                    fh.read(), source_path=rel,
                    settings_overrides={"warning_stream": err,
                                        "report_level": 2,
                                        "halt_level": 5})
            if err.getvalue():
                r.fail("%s: %s" % (rel, err.getvalue().splitlines()[0]),
                       text=err.getvalue())
            else:
                r.passed += 1
                r.lines.append("ok   docs: %s parses" % rel)
    r.secs = time.monotonic() - start
    return r


def guest(a, machine, san=False):
    """One test boot; boot.py judges it (programs' ends, plans, the
    models' reports, QEMU's exit and sanitizer reports)"""
    qbuild = a.san_build if san else a.qemu_build
    # the extra boots on the sanitizer build: the programs, not Linux's
    # selftest, which (mostly waiting) the plain boot runs
    extra = ["--kselftests", ""] if san else []
    r = Result(("guest-san/" if san else "guest/") + machine)
    log = os.path.join(a.logs, "guest-%s%s.log" % ("san-" if san else "",
                                                   machine))
    # SANITIZE=1: every boot is on the sanitizer build
    san = san or a.qemu_build == a.san_build
    # the sanitizer build runs slower: twice the time
    timeout = a.timeout * (2 if san else 1)
    cmd = [sys.executable, os.path.join(a.here, "boot.py"), "test",
           "--machine", machine, "--build", a.build,
           "--qemu", os.path.join(qbuild, "qemu-system-ppc64"),
           "--timeout", str(timeout), "--log", log] + extra
    out, rc, to, r.secs = run(cmd, run_env(san), timeout + 60,
                              log + ".tap")
    r.add_tap(out)
    if to:
        r.fail("boot harness hung", log, out)
    elif rc != 0 and r.failed == 0:
        r.fail("boot harness exited with status %s" % rc, log, out)
    for line in out.splitlines():
        if line.startswith("#   "):
            r.lines.append("     |" + line[3:])
    return r


def guest_san(a, machine):
    return guest(a, machine, san=True)


def harness(a, machine):
    """The harness judges synthetic streams right, and fails a boot of
    the stand-in programs (tests/guest/selftest)"""
    r = Result("harness")
    log = os.path.join(a.logs, "harness.log")
    cmd = [sys.executable, os.path.join(a.here, "harness_selftest.py"),
           "--boot", "--machine", machine, "--build", a.build,
           "--qemu", os.path.join(a.qemu_build, "qemu-system-ppc64"),
           "--timeout", str(a.timeout),
           "--log", os.path.join(a.logs, "harness-boot.log")]
    out, rc, to, r.secs = run(cmd, run_env(a.qemu_build == a.san_build),
                              a.timeout + 120, log)
    planned = r.add_tap(out)
    if to:
        r.fail("timed out", log, out)
    elif rc != 0 and r.failed == 0:
        r.fail("exited with status %s" % rc, log, out)
    elif not planned:
        r.fail("no TAP plan", log, out)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--qtests", default="")
    ap.add_argument("--select", default="",
                    help="NAME=PATH,PATH ...: run only these test paths of "
                    "qtest NAME (the cases for machines we build)")
    ap.add_argument("--machines", default="powernv8 powernv8-nobypass "
                    "powernv9 powernv9-nobypass powernv10 powernv10-nobypass "
                    "pseries "
                    "pseries-ddw-limited pseries-ddw-rounding "
                    "pseries-ddw-one-window "
                    "pseries-pe-per-device pseries-shared-pe")
    ap.add_argument("--san-machines", default="powernv8 pseries",
                    help="machines booted on the sanitizer build too")
    ap.add_argument("--qemu-build", default=None,
                    help="the QEMU build directory (default BUILD/qemu)")
    ap.add_argument("--san-build", default=None,
                    help="the sanitizer build directory")
    ap.add_argument("--san-qtests", default="",
                    help="qtests to run against the sanitizer build too")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    a.qemu_build = os.path.abspath(a.qemu_build or
                                   os.path.join(a.build, "qemu"))
    a.san_build = os.path.abspath(a.san_build or
                                  os.path.join(a.build, "qemu-san"))
    select, a.select = a.select, {}
    for item in select.split():
        name, _, paths = item.partition("=")
        a.select[name] = [p for p in paths.split(",") if p]
    a.here = os.path.dirname(os.path.abspath(__file__))
    a.logs = os.path.join(a.build, "test-logs")
    os.makedirs(a.logs, exist_ok=True)

    # the long boots first, so that the short suites fill the gaps
    jobs = [(guest_san, m) for m in a.san_machines.split()
            if a.qemu_build != a.san_build] + \
           [(guest, m) for m in a.machines.split()] + \
           [(harness, "pseries"), (docs, None)] + \
           [(qtest, q) for q in a.qtests.split()] + \
           [(qtest_san, q) for q in a.san_qtests.split()]
    results = []
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        futs = [ex.submit(fn, a, arg) for fn, arg in jobs]
        for fut in concurrent.futures.as_completed(futs):
            r = fut.result()
            results.append(r)
            print("%-28s %3d passed, %d failed, %d todo, %d skipped  (%.0fs)" % (
                r.suite, r.passed, r.failed, r.todo, r.skipped, r.secs),
                flush=True)
    results.sort(key=lambda r: r.suite)

    print()
    for r in results:
        for line in r.lines:
            if not line.startswith("ok "):
                print(line)
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    todo = sum(r.todo for r in results)
    print()
    print("# %d known gaps (TODO), total time %.0fs" % (
        todo, time.monotonic() - start))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
