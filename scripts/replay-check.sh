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
#
# replay-check.sh --domu NAME --map FILE --tag TAG LOG: the same for domU
# NAME (tests/boot/e820map.sh), on FILE, the map dom0 set for it (not the
# one the kernel printed), with replay --domu; the domU's layout line and
# its dump "P2M-DOMU-BEGIN TAG" from its console lines in LOG.  The line
# is "P2M-CHECK replay-matches-boot-NAME".
. "$(dirname "$0")/lib.sh"

domu="" mapfile="" dtag=""
while [ $# -gt 1 ]; do
	case $1 in
	--domu) domu=$2; shift 2 ;;
	--map) mapfile=$2; shift 2 ;;
	--tag) dtag=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# = 1 ] || die "usage: replay-check.sh [--domu NAME --map FILE --tag TAG] LOG"
log=$1
h=$LINUX/tools/testing/xen-p2m
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
name=replay-matches-boot${domu:+-$domu}

# The lines of the kernel under test: dom0's, or domU NAME's console.
if [ -n "$domu" ]; then
	[ -n "$mapfile" ] && [ -n "$dtag" ] || die "--domu needs --map and --tag"
	sed -e 's/^\[ *[0-9.]*\] //' -e 's/\r//g' "$log" | sed -n "s/^domU $domu: //p" >"$tmp/lines"
	begin="P2M-DOMU-BEGIN $dtag" end="P2M-DOMU-END $dtag" domu_opt=--domu
else
	# Not the domUs' lines (their maps and layout lines are theirs).
	sed -e 's/^\[ *[0-9.]*\] //' "$log" | grep -av '^domU ' >"$tmp/lines"
	begin="P2M-BEGIN p2m" end="P2M-END p2m" domu_opt=""
fi
if ! grep -aq 'p2m: .*; E820 layout: [0-9]* pages, reservation [0-9]*:' "$tmp/lines"; then
	echo "P2M-CHECK $name FAIL no 'p2m: ... E820 layout:' line in the log"
	exit 1
fi
make -s -C "$h" replay >"$tmp/make.log" 2>&1 || {
	cat "$tmp/make.log"
	echo "P2M-CHECK $name FAIL cannot build $h/replay"
	exit 1
}

map=$tmp/map.e820
if [ -n "$domu" ]; then
	map=$mapfile
	[ -r "$map" ] || { echo "P2M-CHECK $name FAIL cannot read $map"; exit 1; }
else
	sed -n 's/.*Xen: \[mem 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)\] \(.*\)$/\1 \2 \3/p' "$tmp/lines" |
		sed -e 's/ ACPI data$/ ACPI/' -e 's/ ACPI NVS$/ NVS/' -e 's/ persistent.*$/ pmem/' \
		>"$map"
fi
read -r given max < <(sed -n 's/.*p2m: .*; E820 layout: \([0-9]*\) pages, reservation \([0-9]*\):.*/\1 \2/p' "$tmp/lines" | head -1)

"$h/replay" --e820 "$map" --nr-pages "$given" --max-pages "$max" $domu_opt \
	>"$tmp/replay.out" 2>"$tmp/replay.err"
rc=$?
grep -E '^ \[0x' "$tmp/replay.out" >"$tmp/replay.ranges" || true
# The first dump block (a marker may follow a kernel message on its line).
awk -v b="$begin" -v e="$end" '
	function ends(s, t) { return length(s) >= length(t) && substr(s, length(s) - length(t) + 1) == t }
	!done && ends($0, b) { on = 1; next }
	on && ends($0, e) { on = 0; done = 1 }
	on' "$tmp/lines" |
	grep -E '^ \[0x' >"$tmp/guest.ranges" || true

# The last line: same start and type, any end.
last() { sed '$s/->0x[0-9a-f]*\]/->END]/' "$1"; }
if [ "$rc" = 0 ] && [ -s "$tmp/guest.ranges" ] &&
   diff <(last "$tmp/replay.ranges") <(last "$tmp/guest.ranges") >"$tmp/diff"; then
	echo "P2M-CHECK $name PASS $(wc -l <"$tmp/guest.ranges") ranges, given=$given max=$max; $(grep '^# nothing' "$tmp/replay.out" | cut -c3-)"
else
	echo "replay --e820 (map below) --nr-pages $given --max-pages $max $domu_opt: exit $rc"
	cat "$map" "$tmp/replay.err"
	head -20 "$tmp/diff"
	echo "P2M-CHECK $name FAIL see the diff above"
	exit 1
fi
