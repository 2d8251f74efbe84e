#!/bin/sh
# Configure a QEMU build directory once; again only when the flags change.
# Usage: configure.sh SRC_DIR BUILD_DIR CC FLAGS...
set -eu
src=$1; out=$2; cc=$3; shift 3
want="CC=$cc $*"
if [ -f "$out/build.ninja" ] && [ "$(cat "$out/powerio-configured" 2>/dev/null)" = "$want" ]; then
    exit 0
fi
rm -rf "$out"
mkdir -p "$out"
echo "configure: $src -> $out"
if ! (cd "$out" && CC="$cc" "$src/configure" "$@" >configure.log 2>&1); then
    tail -n 40 "$out/configure.log" >&2
    exit 1
fi
echo "$want" >"$out/powerio-configured"
