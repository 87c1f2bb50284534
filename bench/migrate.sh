#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/migrate.sh: an idle domU's live migration (issue 28), this series
# and the base, on the lab hypervisor: tests/boot/localmigrate.sh with
# RUNS migrations per boot (default 3), the base booted first, then ours.
# Prints, per kernel, the median of the P2M-MIGRATE figures of its boot:
#   total_s     xl migrate from start to end (both sides, in dom0)
#   downtime_s  from the sender's suspend request to the receiver's
#               unpause: the paused last round
# and BENCH lines with ratio_base= (ours over the base's).  With ICOUNT=N
# (scripts/boot.sh: QEMU -icount on one host thread) guest time counts
# instructions, 2^N ns each, free of the host's noise; without it the
# figures are wall-clock seconds of an emulated machine.  NO_BOOT=1
# summarises the last boots' logs again.  A benchmark: it reports, it
# does not pass or fail on the figures.
. "$(dirname "$0")/../scripts/lib.sh"

RUNS=${RUNS:-3}
sfx=${ICOUNT:+-icount$ICOUNT}
export RUNS
if [ "${NO_BOOT:-0}" != 1 ]; then
	for b in 1 0; do
		BASE=$b "$TOP/scripts/build.sh" >/dev/null
		BASE=$b TAG_SUFFIX=$sfx "$TOP/scripts/boot.sh" localmigrate ||
			die "localmigrate (BASE=$b) failed: no figures"
	done
fi

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fig() { # LOG FIELD
	grep -a 'P2M-MIGRATE run=' "$1" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p" | median
}
ours=$LOGS/localmigrate$sfx.log base=$LOGS/localmigrate-base$sfx.log
for f in total_s downtime_s; do
	o=$(fig "$ours" $f) b=$(fig "$base" $f)
	n=$(grep -ac 'P2M-MIGRATE run=' "$ours")
	[ -n "$o" ] && [ -n "$b" ] || die "no P2M-MIGRATE $f figures in $ours or $base"
	echo "BENCH migrate_idle_domu_$f${sfx} ours=$o base=$b runs=$n ratio_base=$(awk -v o="$o" -v b="$b" 'BEGIN { printf "%.3f", o / b }')"
done
