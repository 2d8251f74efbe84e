#!/bin/sh
# Make the firmware visible to a built (not installed) QEMU without -L.
# A binary run from its build directory looks up its configured firmware
# path inside BUILD/qemu-bundle (util/cutils.c get_relocated_path), and the
# default firmware path is PREFIX/share/qemu-firmware.
# Usage: link-firmware.sh QEMU_BUILD_DIR FILE|DIR...  (a DIR: all its files)
set -eu
qb=$1; shift
prefix=$(sed -n 's/^#define CONFIG_PREFIX "\(.*\)"/\1/p' "$qb/config-host.h" 2>/dev/null)
[ -n "$prefix" ] || prefix=/usr/local
dest=$qb/qemu-bundle$prefix/share/qemu-firmware
mkdir -p "$dest"
for arg in "$@"; do
    if [ -d "$arg" ]; then
        for f in "$arg"/*; do
            [ -f "$f" ] && sh "$0" "$qb" "$f"
        done
        continue
    fi
    f=$(realpath "$arg")
    [ -f "$f" ] || { echo "link-firmware: $f is missing" >&2; exit 1; }
    name=${f##*/}
    [ "$(readlink "$dest/$name" 2>/dev/null)" = "$f" ] || ln -sfn "$f" "$dest/$name"
done
