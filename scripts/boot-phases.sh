#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# boot-phases.sh OURS.log BASE.log [SECONDS]: where one dom0 kernel spends
# longer than the other.  Aligns the printk lines of two serial logs by
# their text (digits and hex stripped, first occurrence), and prints, in
# the order of OURS, each common line's kernel time in both, the running
# difference and its step since the previous common line; with SECONDS,
# only the steps larger than that.  E.g. after "make bench-guest
# S=large520": scripts/boot-phases.sh build/logs/large520.log
# build/logs/large520-base.log 1
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OURS.log BASE.log [SECONDS]" >&2; exit 2; }
norm() {
	sed -n 's/^\[ *[0-9.]*\] \[ *\([0-9]*\.[0-9]*\)\] \(.*\)$/\1\t\2/p' "$1" |
	awk -F'\t' '{ k = $2; gsub(/0x[0-9a-f]+|[0-9]+/, "#", k)
		      if (!(k in seen)) { seen[k] = 1; print $1 "\t" k } }'
}
base=$(mktemp)
trap 'rm -f "$base"' EXIT
norm "$2" >"$base"
echo "    ours_s     base_s     diff     step  line"
norm "$1" | awk -F'\t' -v min="${3:-0}" '
	NR == FNR { b[$2] = $1; next }
	($2 in b) {
		d = $1 - b[$2]; step = d - last; last = d
		if (step >= min || -step >= min)
			printf "%10.3f %10.3f %+8.3f %+8.3f  %s\n", $1, b[$2], d, step, substr($2, 1, 90)
	}' "$base" -
