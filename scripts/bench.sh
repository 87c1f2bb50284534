#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the user-space benchmarks of the series' p2m.c (release build),
# as BENCH lines and a table.  BENCH_MAX_GIB=n limits the guest sizes.
# Reports numbers; never fails on a time.
. "$(dirname "$0")/lib.sh"
"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
H=$LINUX/tools/testing/xen-p2m
[ -d "$H" ] || die "the series has no tools/testing/xen-p2m"
stage "building and running $H/xen-p2m-bench (a few minutes for 2 TiB)"
make -s -C "$H" xen-p2m-bench
mkdir -p "$BUILD/results"
"$H/xen-p2m-bench" ${BENCH_MAX_GIB:-} | tee "$BUILD/results/bench.txt"
echo
awk '$1 == "BENCH" {
	printf "%-30s %14s %-10s %s %s\n", $2, $3, $4, $5, $6 }' "$BUILD/results/bench.txt"
# A chart of the ratios (tree over a flat array and over the list's model).
"$TOP/scripts/bench-chart" --title "make bench: the tree's costs over a flat array and 6.12's list (model)" \
	"$BUILD/results/bench.txt" "$BUILD/results/bench.svg" | sed 's/^/Chart: /'
