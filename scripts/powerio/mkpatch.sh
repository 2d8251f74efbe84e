#!/bin/sh
# Write (or refresh) a patch of the series from files edited in build/src.
# Usage: mkpatch.sh patches/NNNN-name.patch HEADER_FILE|- FILE...
#   HEADER_FILE: the free-text "why" header ('-' keeps the existing one)
#   FILE...:     base files, relative to the tree root, as edited in build/src
# The diff is taken against the pristine base with the series' earlier
# patches (those numbered below NNNN) applied, and build/src with the later
# patches' hunks taken out, so that two patches may change one file (a
# meson.build, a trace-events) and each holds only its own hunks.  See docs/devel/powerio-workflow.rst, "Changing a base file".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
. "$here/base.conf"
out=$1; header=$2; shift 2
pristine=$repo/build/base/qemu-$BASE_UPSTREAM
src=$repo/build/src

tmp=$(mktemp)
before=$(mktemp -d)
after=$(mktemp -d)
trap 'rm -rf "$before" "$after"' EXIT
if [ "$header" = - ]; then
    [ -f "$out" ] || { echo "mkpatch: $out has no header to keep" >&2; exit 1; }
    sed '/^--- a\//,$d' "$out" >"$tmp"
else
    cat "$header" >"$tmp"
    echo >>"$tmp"
fi
for f in "$@"; do
    [ -L "$src/$f" ] && { echo "mkpatch: $f is one of our files, not a base file" >&2; exit 1; }
done
# The files as the earlier patches leave them, and as this one does (the
# later patches' hunks taken out of build/src)
/usr/bin/python3 "$here/series_before.py" "$repo/patches" "$(basename "$out")" \
    "$pristine" "$before" "$@"
/usr/bin/python3 "$here/series_before.py" --after "$repo/patches" \
    "$(basename "$out")" "$src" "$after" "$@"
for f in "$@"; do
    diff -u "$before/$f" "$after/$f" |
        sed -e "1s|^--- [^	]*|--- a/$f|" -e "2s|^+++ [^	]*|+++ b/$f|" \
            -e '1,2s|	.*$||' >>"$tmp" || true
done
mv "$tmp" "$out"
echo "mkpatch: wrote $out"
