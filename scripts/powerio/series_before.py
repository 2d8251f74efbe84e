"""Copy base files into a directory as the earlier patches leave them.

Usage: series_before.py PATCH_DIR PATCH_NAME PRISTINE OUT_DIR FILE...

Each FILE is copied from the pristine base into OUT_DIR, and the hunks for
it of every patch in PATCH_DIR sorted before PATCH_NAME are applied with
patch(1), so that mkpatch.sh diffs a patch against what precedes it in the
series rather than against the pristine base.
"""

import os
import re
import shutil
import subprocess
import sys


def sections(text):
    """The per-file sections of a unified diff, by target path."""
    out = {}
    for part in re.split(r"(?m)^(?=--- a/)", text):
        m = re.match(r"--- a/(\S+)", part)
        if m:
            out[m.group(1)] = part
    return out


def main():
    pdir, name, pristine, outdir = sys.argv[1:5]
    files = sys.argv[5:]
    earlier = sorted(p for p in os.listdir(pdir)
                     if p.endswith(".patch") and p < name)
    for f in files:
        dst = os.path.join(outdir, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        src = os.path.join(pristine, f)
        if os.path.exists(src):
            shutil.copy2(src, dst)
        else:
            open(dst, "w").close()
        for p in earlier:
            with open(os.path.join(pdir, p), encoding="utf-8") as fh:
                sec = sections(fh.read()).get(f)
            if sec:
                subprocess.run(["patch", "-s", "-p1", "-d", outdir],
                               input=sec.encode(), check=True)


if __name__ == "__main__":
    main()
