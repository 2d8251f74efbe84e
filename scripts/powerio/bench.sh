#!/bin/sh
# Run a PHB DMA benchmark against the fork and the reference binary,
# BENCH_RUNS times each (3 unless told), interleaved, and print the best
# result of each case and the speed ratio fork/reference (above 1: the fork
# is faster).  A case is measured in MB/s (higher is better) or, with the
# unit "ns" on its line, in ns per transfer (lower is better).
# Usage: bench.sh BENCH_BINARY FORK_QEMU REFERENCE_QEMU
set -eu
bench=$1; fork=$2; ref=$3
out=$(mktemp)
i=0
while [ "$i" -lt "${BENCH_RUNS:-3}" ]; do
    QTEST_QEMU_BINARY=$fork "$bench" | sed -n 's/^bench /fork /p' >>"$out"
    QTEST_QEMU_BINARY=$ref "$bench" | sed -n 's/^bench /base /p' >>"$out"
    i=$((i + 1))
done
printf "%-26s %10s %10s %7s\n" "case" "fork" "base" "ratio"
awk '
    {
        v = $3 + 0; k = $1 " " $2; ns = $4 == "ns"; unit[$2] = ns
        if (!(k in best) || (ns ? v < best[k] : v > best[k])) best[k] = v
        cases[$2] = 1
    }
    END {
        for (c in cases) {
            f = best["fork " c]; b = best["base " c]
            r = unit[c] ? (f ? b / f : 0) : (b ? f / b : 0)
            printf "%-26s %10.1f %10.1f %7.2f\n",
                   c (unit[c] ? " (ns)" : " (MB/s)"), f, b, r
        }
    }' "$out" | sort
rm -f "$out"
