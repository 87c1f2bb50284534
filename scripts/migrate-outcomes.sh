#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# migrate-outcomes.sh OURS.log BASE.log: issue 28's rule on two
# migballoon logs (tests/boot/migballoon.sh), one per kernel: per
# direction (up, down), how many runs completed, aborted (the domU running
# on at the sender) or failed.  Fails if a log has no runs, if any run
# failed, or if ours completed fewer runs than 6.12 in a direction.
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: migrate-outcomes.sh OURS.log BASE.log"
rc=0
count() { # LOG DIR OUTCOME
	grep -a 'P2M-MIGRATE-OUTCOME balloon-' "$1" | grep -c "balloon-$2-[0-9]* $3 " || true
}
printf '%-6s %-5s %10s %8s %7s\n' kernel dir completed aborted failed
for d in up down; do
	for k in ours base; do
		log=$1; [ $k = base ] && log=$2
		[ -s "$log" ] || { echo "no log $log"; exit 1; }
		c=$(count "$log" $d completed) a=$(count "$log" $d aborted) f=$(count "$log" $d failed)
		printf '%-6s %-5s %10s %8s %7s\n' $k $d "$c" "$a" "$f"
		[ $((c + a + f)) -gt 0 ] || { echo "$log: no '$d' runs"; rc=1; }
		[ "$f" = 0 ] || rc=1
		eval "${k}_$d=$c"
	done
	if [ "$(eval echo "\$ours_$d")" -lt "$(eval echo "\$base_$d")" ]; then
		echo "ballooning $d: ours completed fewer migrations than 6.12"
		rc=1
	fi
done
exit $rc
