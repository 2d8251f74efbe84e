#!/usr/bin/env python3
"""Assemble the fork's source tree: pristine base + patch series + our files.

build/src starts as a copy of the unpacked, checksum-verified base.  The
numbered patches in patches/ are applied in order; every file we own (under
the overlay directories) is symlinked into place, replacing the base file
when we rewrote it.  The tree is updated incrementally so that ninja only
rebuilds what really changed:

  - symlinks that are already correct are left alone (an edit to one of our
    files reaches the build through the link, with no re-assembly);
  - when the patch series changes, only the files the old and new series
    touch are restored from the pristine base and patched again, and a
    file that comes out as it was keeps its old mtime (a patch whose header
    alone changed rebuilds nothing);
  - when one of our files disappears, its link is removed and the base file
    (if any) comes back.

Usage: assemble.py [--comparator] REPO PRISTINE_DIR SRC_DIR
  --comparator: the benchmark's reference tree, the base's models with only
  the patches the benchmark needs: those whose header carries the trailer
  line "Comparator: kept (WHY)"; every other patch is left out.
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys

OVERLAY_DIRS = ["hw", "include", "tests/qtest", "docs", "qapi", "system",
                "migration", "monitor", "util", "target", "scripts/ppc"]
STATE = ".powerio"
COMPARATOR_RE = re.compile(r"^Comparator:[ \t]*kept[ \t]*\(\S.*\)[ \t]*$")


def die(msg):
    sys.stderr.write("assemble: %s\n" % msg)
    sys.exit(1)


def patch_files(path):
    """Files a unified diff touches (paths relative to the tree root)."""
    files = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^(?:\+\+\+|---) (?:[ab]/)?(\S+)", line)
            if m and m.group(1) != "/dev/null":
                files.add(m.group(1))
    return files


def comparator_kept(path):
    """Whether a patch's header says the comparator tree applies it."""
    kept = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if re.match(r"^(?:--- |\+\+\+ |diff |@@ )", line):
                break
            if line.startswith("Comparator:"):
                if not COMPARATOR_RE.match(line.rstrip("\n")):
                    die("%s: malformed trailer %r (want "
                        "'Comparator: kept (why)')" % (path, line.strip()))
                kept = True
    return kept


def restore(pristine, src, rel):
    """Put the pristine version of rel back (or remove it), with a new mtime."""
    dst = os.path.join(src, rel)
    if os.path.lexists(dst):
        os.unlink(dst)
    orig = os.path.join(pristine, rel)
    if os.path.exists(orig):
        shutil.copyfile(orig, dst)
        shutil.copymode(orig, dst)


def our_files(repo):
    out = []
    for d in OVERLAY_DIRS:
        top = os.path.join(repo, d)
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".orig", ".rej", "~")):
                    continue
                out.append(os.path.relpath(os.path.join(root, name), repo))
    return out


def main():
    args = sys.argv[1:]
    comparator = args[:1] == ["--comparator"]
    if comparator:
        args = args[1:]
    if len(args) != 3:
        die(__doc__.strip().splitlines()[-4])
    repo, pristine, src = (os.path.abspath(a) for a in args)
    state = os.path.join(src, STATE)
    if not os.path.isdir(pristine):
        die("pristine base %s is missing (run the fetch step)" % pristine)

    stamp = os.path.join(state, "base")
    if not os.path.exists(stamp) or open(stamp).read() != pristine:
        if os.path.exists(src):
            shutil.rmtree(src)
        print("assemble: copying base into %s" % src)
        shutil.copytree(pristine, src, symlinks=True)
        os.makedirs(state)
        with open(stamp, "w") as f:
            f.write(pristine)

    # --- the patch series -------------------------------------------------
    pdir = os.path.join(repo, "patches")
    want = sorted(p for p in os.listdir(pdir) if p.endswith(".patch")) \
        if os.path.isdir(pdir) else []
    if comparator:
        want = [p for p in want if comparator_kept(os.path.join(pdir, p))]
    adir = os.path.join(state, "applied")
    os.makedirs(adir, exist_ok=True)
    have = sorted(os.listdir(adir))
    same = want == have and all(
        filecmp.cmp(os.path.join(pdir, p), os.path.join(adir, p), shallow=False)
        for p in want)

    ours = our_files(repo)
    ours_set = set(ours)
    patched = set()
    for p in want:
        patched |= patch_files(os.path.join(pdir, p))
    clash = patched & ours_set
    if clash:
        die("these files are both patched and overlaid: %s" % sorted(clash))

    if not same:
        touched = set(patched)
        for p in have:
            touched |= patch_files(os.path.join(adir, p))
        before = {}
        for rel in sorted(touched):
            dst = os.path.join(src, rel)
            if os.path.isfile(dst) and not os.path.islink(dst):
                with open(dst, "rb") as f:
                    before[rel] = (f.read(), os.stat(dst))
            restore(pristine, src, rel)
        for p in have:
            os.unlink(os.path.join(adir, p))
        for p in want:
            print("assemble: applying %s" % p)
            r = subprocess.run(["patch", "-p1", "-s", "-N", "-f",
                                "--no-backup-if-mismatch", "-d", src,
                                "-i", os.path.join(pdir, p)])
            if r.returncode != 0:
                die("patch %s does not apply to the base; refresh it "
                    "(docs/devel/powerio-workflow.rst)" % p)
            shutil.copyfile(os.path.join(pdir, p), os.path.join(adir, p))
        # unchanged content keeps its mtime: ninja need not rebuild it
        for rel, (data, st) in before.items():
            dst = os.path.join(src, rel)
            if os.path.isfile(dst):
                with open(dst, "rb") as f:
                    if f.read() == data:
                        os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))

    # --- our files, linked into place -----------------------------------
    lfile = os.path.join(state, "links")
    old = set(open(lfile).read().split()) if os.path.exists(lfile) else set()
    for rel in sorted(old - ours_set):
        restore(pristine, src, rel)
    for rel in ours:
        dst = os.path.join(src, rel)
        target = os.path.join(repo, rel)
        if os.path.islink(dst) and os.readlink(dst) == target:
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.lexists(dst):
            os.unlink(dst)
        os.symlink(target, dst)
    with open(lfile + ".tmp", "w") as f:
        f.write("\n".join(ours) + "\n")
    os.replace(lfile + ".tmp", lfile)


if __name__ == "__main__":
    main()
