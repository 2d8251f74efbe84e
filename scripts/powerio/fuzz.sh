#!/bin/sh
# On demand (never part of check): build QEMU's libFuzzer binary with our
# targets and fuzz one for SECONDS (default 1800): FUZZ_TARGET, the PHB3
# model (powerio-pnv-phb3, the default), the PHB4 or PHB5 model
# (powerio-pnv-phb4 on powernv9, powerio-pnv-phb5 on powernv10) or the
# pseries interfaces (powerio-spapr).
# Usage: fuzz.sh BUILD_DIR SECONDS CONFIGURE_FLAGS...
# Corpus: BUILD/fuzz/TARGET/corpus, seeded from the committed corpus
# tests/qtest/fuzz/corpus/TARGET (which check replays); a crash or hang
# input: BUILD/fuzz/TARGET/artifacts/ (replay one with:
# qemu-fuzz-ppc64 --fuzz-target=TARGET FILE, or on any build with
# POWERIO_FUZZ_REPLAY=TARGET:FILE tests/qtest/powerio-fuzz-replay-test).
# FUZZ_ARGS: more libFuzzer options (-runs=N, -seed=N, ...).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seeds=$(cd "$here/../../tests/qtest/fuzz/corpus" && pwd)
build=$1; secs=$2; shift 2
target=${FUZZ_TARGET:-powerio-pnv-phb3}

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

mkdir -p "$build/fuzz/$target/corpus" "$build/fuzz/$target/artifacts"
cd "$build/fuzz/$target"
echo "fuzz: $target for ${secs}s (corpus $build/fuzz/$target/corpus)"
# Each input runs in a child forked from a machine set up once
# (tests/qtest/fuzz/powerio_fuzz.c), so the fuzzer's own RSS (which
# -rss_limit_mb bounds) stays that of the set-up machine.
# -max_len: 512 operations of 16 bytes; the seeds are up to 6.4 KB, and
# libFuzzer lets inputs grow from the largest one it has.
# FUZZ_SERIALIZE_QTEST: the framework's fast path reads guest memory in
# host byte order, which is wrong for this big-endian target; the qtest
# protocol path (slower) gives the values the CPU would see.
# malloc_context_size=0: no allocation stacks in ASan reports (a quarter
# of the time of each input goes to recording them); a finding's replay
# (see above) prints them.
FUZZ_SERIALIZE_QTEST=1 \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:malloc_context_size=0} \
    "$fb/qemu-fuzz-ppc64" --fuzz-target="$target" \
    -max_total_time="$secs" -timeout=20 -print_final_stats=1 \
    -rss_limit_mb=4096 -max_len=8192 ${FUZZ_ARGS:-} \
    -artifact_prefix=artifacts/ corpus/ "$seeds/$target"
