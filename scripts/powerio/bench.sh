#!/bin/sh
# Run PHB DMA benchmarks against the fork and the reference binary,
# BENCH_RUNS times each (3 unless told), interleaved (each benchmark on the
# fork, then on the reference, then the next one), and print one table: the
# best result of each case and the speed ratio fork/reference (above 1:
# the fork is faster), the cases in the order the benchmarks print them.
# A case is measured in MB/s (higher is better) or, with the unit "ns" on
# its line, in ns per transfer (lower is better).  A benchmark given as
# LABEL=BINARY has its case names printed as LABEL/case (the PHB3
# benchmark's cases carry no machine name; the PHB4 benchmark's do), and
# BENCH_ONLY=LABEL/TEXT runs TEXT in that one.  BENCH_ONLY (the cases whose
# name contains it) and BENCH_PASSES reach the benchmarks.
# Usage: bench.sh FORK_QEMU REFERENCE_QEMU [LABEL=]BENCH_BINARY...
set -eu
fork=$1; ref=$2; shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "${BENCH_RUNS:-3}" ]; do
    for b in "$@"; do
        case $b in
        *=*) label=${b%%=*}/; bin=${b#*=} ;;
        *) label=; bin=$b ;;
        esac
        # BENCH_ONLY=LABEL/TEXT: TEXT for that benchmark, none of the others
        only=${BENCH_ONLY-}
        case $label:$only in
        ?*:*/*)
            [ "${only#"$label"}" != "$only" ] || continue
            only=${only#"$label"} ;;
        esac
        for side in fork base; do
            if [ "$side" = fork ]; then qemu=$fork; else qemu=$ref; fi
            BENCH_ONLY=$only QTEST_QEMU_BINARY=$qemu "$bin" |
                sed -n "s|^bench |$side $label|p" >>"$out"
        done
    done
    i=$((i + 1))
done
printf "%-36s %10s %10s %7s\n" "case" "fork" "base" "ratio"
awk '
    {
        v = $3 + 0; k = $1 " " $2; ns = $4 == "ns"; unit[$2] = ns
        if (!(k in best) || (ns ? v < best[k] : v > best[k])) best[k] = v
        if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 }
    }
    END {
        for (i = 0; i < n; i++) {
            c = order[i]; f = best["fork " c]; b = best["base " c]
            r = unit[c] ? (f ? b / f : 0) : (b ? f / b : 0)
            printf "%-36s %10.1f %10.1f %7.2f\n",
                   c (unit[c] ? " (ns)" : " (MB/s)"), f, b, r
        }
    }' "$out"
