#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# replay-check.sh LOG: replay a booted dom0's E820 layout in user space and
# compare with what the guest's debugfs dump showed.
#
# From the boot log: the kernel's E820 map ("Xen: [mem ...]" lines), the
# layout's inputs (the end of the accounting line, "p2m: ... E820 layout:
# N pages, reservation M: ...") and the p2m dump.
# tools/testing/xen-p2m/replay runs the same
# p2m-e820.c and p2m.c on them; every range line must match, but for the
# end of the last one (the user-space tree stops at the map's end, dom0's
# at its hotplug limit: identity either way).  Prints one P2M-CHECK line.
. "$(dirname "$0")/lib.sh"

log=$1
h=$LINUX/tools/testing/xen-p2m
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! grep -aq 'p2m: .*; E820 layout: [0-9]* pages, reservation [0-9]*:' "$log"; then
	echo "P2M-CHECK replay-matches-boot FAIL no 'p2m: ... E820 layout:' line in the log"
	exit 1
fi
make -s -C "$h" replay >"$tmp/make.log" 2>&1 || {
	cat "$tmp/make.log"
	echo "P2M-CHECK replay-matches-boot FAIL cannot build $h/replay"
	exit 1
}

sed -n 's/.*Xen: \[mem 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)\] \(.*\)$/\1 \2 \3/p' "$log" |
	sed -e 's/ ACPI data$/ ACPI/' -e 's/ ACPI NVS$/ NVS/' -e 's/ persistent.*$/ pmem/' \
	>"$tmp/map.e820"
read -r given max < <(sed -n 's/.*p2m: .*; E820 layout: \([0-9]*\) pages, reservation \([0-9]*\):.*/\1 \2/p' "$log" | head -1)

"$h/replay" --e820 "$tmp/map.e820" --nr-pages "$given" --max-pages "$max" \
	>"$tmp/replay.out" 2>"$tmp/replay.err"
rc=$?
grep -E '^ \[0x' "$tmp/replay.out" >"$tmp/replay.ranges" || true
sed -n '/P2M-BEGIN p2m$/,/P2M-END p2m$/p' "$log" | sed 's/^\[ *[0-9.]*\] //' |
	grep -E '^ \[0x' >"$tmp/guest.ranges" || true

# The last line: same start and type, any end.
last() { sed '$s/->0x[0-9a-f]*\]/->END]/' "$1"; }
if [ "$rc" = 0 ] && [ -s "$tmp/guest.ranges" ] &&
   diff <(last "$tmp/replay.ranges") <(last "$tmp/guest.ranges") >"$tmp/diff"; then
	echo "P2M-CHECK replay-matches-boot PASS $(wc -l <"$tmp/guest.ranges") ranges, given=$given max=$max; $(grep '^# nothing' "$tmp/replay.out" | cut -c3-)"
else
	echo "replay --e820 (map below) --nr-pages $given --max-pages $max: exit $rc"
	cat "$tmp/map.e820" "$tmp/replay.err"
	head -20 "$tmp/diff"
	echo "P2M-CHECK replay-matches-boot FAIL see the diff above"
	exit 1
fi
