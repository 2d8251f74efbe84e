#!/bin/sh
# Write (or refresh) a patch of the series from files edited in build/src.
# Usage: mkpatch.sh patches/NNNN-name.patch HEADER_FILE|- FILE...
#   HEADER_FILE: the free-text "why" header ('-' keeps the existing one)
#   FILE...:     base files, relative to the tree root, as edited in build/src
# The diff is taken against the pristine base with the series' earlier
# patches (those numbered below NNNN) applied, so that two patches may
# change one file (a meson.build, a trace-events): each holds its own
# hunks.  A later patch touching the same file must then be refreshed
# too.  See docs/devel/powerio-workflow.rst, "Changing a base file".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
. "$here/base.conf"
out=$1; header=$2; shift 2
pristine=$repo/build/base/qemu-$BASE_UPSTREAM
src=$repo/build/src

tmp=$(mktemp)
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
if [ "$header" = - ]; then
    [ -f "$out" ] || { echo "mkpatch: $out has no header to keep" >&2; exit 1; }
    sed '/^--- a\//,$d' "$out" >"$tmp"
else
    cat "$header" >"$tmp"
    echo >>"$tmp"
fi
# The files as the earlier patches leave them
/usr/bin/python3 "$here/series_before.py" "$repo/patches" "$(basename "$out")" \
    "$pristine" "$before" "$@"
for f in "$@"; do
    [ -L "$src/$f" ] && { echo "mkpatch: $f is one of our files, not a base file" >&2; exit 1; }
    diff -u "$before/$f" "$src/$f" |
        sed -e "1s|^--- [^	]*|--- a/$f|" -e "2s|^+++ [^	]*|+++ b/$f|" \
            -e '1,2s|	.*$||' >>"$tmp" || true
done
mv "$tmp" "$out"
echo "mkpatch: wrote $out"
