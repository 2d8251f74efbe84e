#!/usr/bin/env python3
"""Build the guest initramfs (newc cpio, gzip) deterministically.

Contents: busybox (static), our /init, the kernel modules the tests use with
their dependency closure (decompressed on the host, so any kernel can load
them whether or not it decompresses modules itself), the load order in
/etc/powerio/modules.load, static test programs in /tests, and Linux's
selftests (from the kernel source package) with our runner in /kselftest.

The output is rewritten only when its content changes, so make/ninja do
not redo work after a no-op rebuild.
"""

import argparse
import gzip
import io
import lzma
import os
import re
import stat
import sys

# Modules the guest loads, in the order the kernel needs them (the reference
# notes busybox insmod does not resolve dependencies); dependencies found in
# each module's .modinfo are loaded first.
WANTED = ["vfio", "vfio_iommu_spapr_tce", "vfio_pci_core", "vfio_pci",
          "e1000e", "nvme"]


def modname(path):
    base = os.path.basename(path)
    for ext in (".ko.xz", ".ko.zst", ".ko.gz", ".ko"):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return base.replace("-", "_")


def read_module(path):
    if path.endswith(".xz"):
        return lzma.open(path).read()
    if path.endswith(".gz"):
        return gzip.open(path).read()
    if path.endswith(".zst"):
        sys.exit("mkinitramfs: zstd modules are not supported: %s" % path)
    with open(path, "rb") as f:
        return f.read()


def depends(data):
    m = re.search(rb"(?:^|\0)depends=([^\0]*)\0", data)
    if not m or not m.group(1):
        return []
    return [d.decode().replace("-", "_") for d in m.group(1).split(b",") if d]


def module_closure(moddir):
    """Return ([(name, bytes)] in load order, [builtin names], [missing])."""
    index = {}
    for root, _, files in os.walk(moddir):
        for f in files:
            if re.search(r"\.ko(\.xz|\.gz|\.zst)?$", f):
                index.setdefault(modname(f), os.path.join(root, f))
    builtin = set()
    bpath = os.path.join(moddir, "modules.builtin")
    if os.path.exists(bpath):
        for line in open(bpath):
            builtin.add(modname(line.strip()))
    order, seen, missing, bins = [], set(), [], []

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        if name in builtin:
            bins.append(name)
            return
        if name not in index:
            missing.append(name)
            return
        data = read_module(index[name])
        for d in depends(data):
            visit(d)
        order.append((name, data))

    for w in WANTED:
        visit(w)
    return order, bins, missing


class Cpio:
    def __init__(self):
        self.buf = io.BytesIO()
        self.ino = 1
        self.dirs = set()

    def _entry(self, name, mode, data=b"", nlink=1):
        name_b = name.encode() + b"\0"
        hdr = "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X" % (
            self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0,
            len(name_b), 0)
        self.ino += 1
        self.buf.write(hdr.encode() + name_b)
        self.buf.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))
        self.buf.write(data)
        self.buf.write(b"\0" * ((4 - len(data) % 4) % 4))

    def dir(self, name):
        self._entry(name, stat.S_IFDIR | 0o755, nlink=2)
        self.dirs.add(name)

    def parents(self, path):
        """The directories above @path that are not there yet"""
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in self.dirs:
                self.dir(d)

    def copy(self, dest, src, mode=None):
        """File @src (symlinks followed) at @dest, executable if it is"""
        self.parents(dest)
        if mode is None:
            mode = 0o755 if os.access(src, os.X_OK) else 0o644
        self.file(dest, open(src, "rb").read(), mode)

    def file(self, name, data, mode=0o644):
        self._entry(name, stat.S_IFREG | mode, data)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor):
        name_b = name.encode() + b"\0"
        hdr = "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X" % (
            self.ino, stat.S_IFCHR | 0o600, 0, 0, 1, 0, 0, 0, 0, major, minor,
            len(name_b), 0)
        self.ino += 1
        self.buf.write(hdr.encode() + name_b)
        self.buf.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return self.buf.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--busybox", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--modules", help="lib/modules/VERSION of the kernel")
    ap.add_argument("--progs", action="append", default=[],
                    help="directory of static programs for /tests")
    ap.add_argument("--prog", action="append", default=[],
                    help="a static program for /tests")
    ap.add_argument("--kselftest", help="a tree of Linux's selftests "
                    "(COLLECTION/...) for /kselftest")
    ap.add_argument("--kselftest-run", help="the runner, /kselftest/run")
    ap.add_argument("--file", action="append", default=[],
                    help="SRC=DEST: a file of a Debian package's tree "
                    "(symlinks followed), at DEST")
    ap.add_argument("--symlink", action="append", default=[],
                    help="DEST=TARGET: a symbolic link")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    c = Cpio()
    for d in ["bin", "dev", "etc", "etc/powerio", "lib", "lib/modules",
              "proc", "sys", "tmp", "tests", "mnt"]:
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.file("bin/busybox", open(a.busybox, "rb").read(), 0o755)
    c.symlink("bin/sh", "busybox")
    c.file("init", open(a.init, "rb").read(), 0o755)

    load, builtin, missing = [], [], list(WANTED)
    if a.modules and os.path.isdir(a.modules):
        mods, builtin, missing = module_closure(a.modules)
        for name, data in mods:
            c.file("lib/modules/%s.ko" % name, data)
            load.append(name)
    c.file("etc/powerio/modules.load", "".join(n + "\n" for n in load).encode())
    c.file("etc/powerio/modules.builtin",
           "".join(n + "\n" for n in builtin).encode())
    c.file("etc/powerio/modules.missing",
           "".join(n + "\n" for n in missing).encode())

    for p in a.prog:
        c.file("tests/" + os.path.basename(p), open(p, "rb").read(), 0o755)
    for pdir in a.progs:
        if not os.path.isdir(pdir):
            continue
        for f in sorted(os.listdir(pdir)):
            p = os.path.join(pdir, f)
            if os.path.isfile(p) and os.access(p, os.X_OK):
                c.file("tests/" + f, open(p, "rb").read(), 0o755)

    if a.kselftest and os.path.isdir(a.kselftest):
        for root, dirs, files in os.walk(a.kselftest):
            dirs[:] = sorted(d for d in dirs if d != "dl")
            rel = os.path.relpath(root, a.kselftest)
            for f in sorted(files):
                if not f.startswith("."):
                    c.copy(os.path.normpath("kselftest/%s/%s" % (rel, f)),
                           os.path.join(root, f))
    if a.kselftest_run:
        c.copy("kselftest/run", a.kselftest_run, 0o755)
    for spec in a.file:
        src, _, dest = spec.partition("=")
        c.copy(dest.lstrip("/"), src)
    for spec in a.symlink:
        dest, _, target = spec.partition("=")
        dest = dest.lstrip("/")
        c.parents(dest)
        c.symlink(dest, target)

    raw = c.finish()
    data = gzip.compress(raw, compresslevel=6, mtime=0)
    if os.path.exists(a.out) and open(a.out, "rb").read() == data:
        return
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, a.out)
    print("mkinitramfs: %s (%d modules%s)" % (
        a.out, len(load), ", missing: " + " ".join(missing) if missing else ""))


if __name__ == "__main__":
    main()
