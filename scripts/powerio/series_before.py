"""The two sides of one patch of the series, for files other patches share.

Usage: series_before.py PATCH_DIR PATCH_NAME PRISTINE OUT_DIR FILE...
       series_before.py --after PATCH_DIR PATCH_NAME SRC OUT_DIR FILE...

Without --after, each FILE is copied from the pristine base into OUT_DIR
and the hunks for it of every patch in PATCH_DIR sorted before PATCH_NAME
are applied with patch(1): the file as the series leaves it before this
patch.  With --after, each FILE is copied from the assembled tree SRC and
the hunks of every patch sorted after PATCH_NAME are reverted, latest
first: the file as this patch leaves it.  mkpatch.sh diffs the two, so
that a patch holds only its own hunks of a file it shares.
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
    args = sys.argv[1:]
    after = args[0] == "--after"
    if after:
        args = args[1:]
    pdir, name, tree, outdir = args[:4]
    files = args[4:]
    series = sorted(p for p in os.listdir(pdir) if p.endswith(".patch"))
    if after:
        others = [p for p in series if p > name][::-1]
    else:
        others = [p for p in series if p < name]
    for f in files:
        dst = os.path.join(outdir, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        src = os.path.join(tree, f)
        if os.path.exists(src):
            shutil.copy(src, dst)
        else:
            open(dst, "w").close()
        for p in others:
            with open(os.path.join(pdir, p), encoding="utf-8") as fh:
                sec = sections(fh.read()).get(f)
            if sec:
                subprocess.run(["patch", "-s", "-p1", "-d", outdir] +
                               (["-R"] if after else []),
                               input=sec.encode(), check=True)


if __name__ == "__main__":
    main()
