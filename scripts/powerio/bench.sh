#!/bin/sh
# Run a PHB DMA benchmark against the fork and the reference binary, three
# times each, interleaved, and print the best MB/s of each case and the
# ratio fork/reference.
# Usage: bench.sh BENCH_BINARY FORK_QEMU REFERENCE_QEMU
set -eu
bench=$1; fork=$2; ref=$3
out=$(mktemp)
for i in 1 2 3; do
    QTEST_QEMU_BINARY=$fork "$bench" | sed -n 's/^bench /fork /p' >>"$out"
    QTEST_QEMU_BINARY=$ref "$bench" | sed -n 's/^bench /base /p' >>"$out"
done
printf "%-22s %12s %12s %8s\n" "case (MB/s)" "fork" "base" "ratio"
awk '
    { v = $3 + 0; k = $1 " " $2; if (!(k in best) || v > best[k]) best[k] = v
      cases[$2] = 1 }
    END {
        for (c in cases) {
            f = best["fork " c]; b = best["base " c]
            printf "%-22s %12.1f %12.1f %8.2f\n", c, f, b, b ? f / b : 0
        }
    }' "$out" | sort
rm -f "$out"
