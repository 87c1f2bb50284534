#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# migrate-outcomes.sh OURS.log BASE.log: issue 28's rule on two
# migballoon logs (tests/boot/migballoon.sh), one per kernel: per
# direction (up, down), how many runs completed, aborted (the domU running
# on at the sender) or failed, and how many of the completed or aborted
# left the domain holding pages beyond its balloon (stale: the
# toolstack's known outcome).  Fails if a log has no runs, if any run
# failed, or if ours completed fewer runs than 6.12 in a direction, or
# left more stale ones.
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: migrate-outcomes.sh OURS.log BASE.log"
rc=0
count() { # LOG DIR OUTCOME
	grep -a 'P2M-MIGRATE-OUTCOME balloon-' "$1" | grep -c "balloon-$2-[0-9]* $3 " || true
}
printf '%-6s %-5s %10s %8s %7s %6s\n' kernel dir completed aborted failed stale
for d in up down; do
	for k in ours base; do
		log=$1; [ $k = base ] && log=$2
		[ -s "$log" ] || { echo "no log $log"; exit 1; }
		cs=$(count "$log" $d completed-stale) as=$(count "$log" $d aborted-stale)
		c=$(($(count "$log" $d completed) + cs)) a=$(($(count "$log" $d aborted) + as))
		f=$(count "$log" $d failed)
		printf '%-6s %-5s %10s %8s %7s %6s\n' $k $d "$c" "$a" "$f" $((cs + as))
		[ $((c + a + f)) -gt 0 ] || { echo "$log: no '$d' runs"; rc=1; }
		[ "$f" = 0 ] || rc=1
		eval "${k}_$d=$c ${k}_stale_$d=$((cs + as))"
	done
	if [ "$(eval echo "\$ours_$d")" -lt "$(eval echo "\$base_$d")" ]; then
		echo "ballooning $d: ours completed fewer migrations than 6.12"
		rc=1
	fi
	if [ "$(eval echo "\$ours_stale_$d")" -gt "$(eval echo "\$base_stale_$d")" ]; then
		echo "ballooning $d: ours left more stale runs than 6.12"
		rc=1
	fi
done
exit $rc
