#!/bin/sh
# On demand (never part of check): build QEMU's libFuzzer binary with our
# target and fuzz the PHB3 model for SECONDS (default 1800).
# Usage: fuzz.sh BUILD_DIR SECONDS CONFIGURE_FLAGS...
# Corpus: BUILD/fuzz/corpus; a crash or hang input: BUILD/fuzz/artifacts/
# (replay one with: qemu-fuzz-ppc64 --fuzz-target=powerio-pnv-phb3 FILE).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$1; secs=$2; shift 2

# clang and its libFuzzer runtime, from Debian
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
missing=
for p in clang libclang-rt-dev; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
        grep -q '^install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends $missing
fi

fb=$build/qemu-fuzz
sh "$here/configure.sh" "$build/src" "$fb" "ccache clang" "$@" \
    --enable-fuzzing --enable-asan --cxx=clang++ --disable-werror
ninja -C "$fb" qemu-fuzz-ppc64
sh "$here/link-firmware.sh" "$fb" "$build/firmware" \
    "$build/src/pc-bios/pnv-pnor.bin"

mkdir -p "$build/fuzz/corpus" "$build/fuzz/artifacts"
cd "$build/fuzz"
echo "fuzz: powerio-pnv-phb3 for ${secs}s (corpus $build/fuzz/corpus)"
# -rss_limit_mb: the machine's 1 GiB of RAM fills up as inputs DMA all
# over it, and ASan keeps freed memory in quarantine (256 MB): about 2 GB
# is the plateau, not a leak (a leak did show: see remap-bounded in
# tests/qtest/pnv-phb3-torture-test.c).
# FUZZ_SERIALIZE_QTEST: the framework's fast path reads guest memory in
# host byte order, which is wrong for this big-endian target; the qtest
# protocol path (slower) gives the values the CPU would see.
FUZZ_SERIALIZE_QTEST=1 ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
    "$fb/qemu-fuzz-ppc64" --fuzz-target=powerio-pnv-phb3 \
    -max_total_time="$secs" -timeout=20 -print_final_stats=1 \
    -rss_limit_mb=4096 \
    -artifact_prefix=artifacts/ corpus/
