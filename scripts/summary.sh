#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# summary.sh LOG: a short human summary of one boot log.
. "$(dirname "$0")/lib.sh"
log=$1

# section NAME: the lines dom0 printed between P2M-BEGIN/P2M-END NAME.
section() {
	awk -v n="$1" '
		$0 ~ "P2M-BEGIN " n "$" { on = 1; next }
		$0 ~ "P2M-END " n "$" { on = 0 }
		on { sub(/^\[ *[0-9.]+\] /, ""); sub(/^\[ *[0-9.]+\] /, ""); print "    " $0 }' "$log"
}

echo "Xen:     $(grep -a -m1 -o 'Xen version [^ ]* ([^)]*)' "$log" || echo '?')"
set +o pipefail # a missing section prints nothing, it is no error here
echo "Kernel:  $(section kernel | sed 's/^ *//' | head -1)"
echo "E820 as dom0 sees it:"
section e820 | sed 's/^ *\[ *[0-9.]*\] /    /'
echo "p2m dump (/sys/kernel/debug/xen/mmu/p2m):"
section p2m
if grep -aq 'P2M-BEGIN p2m-ballooned' "$log"; then
	echo "p2m dump with 256 MiB ballooned out:"
	section p2m-ballooned
fi
if grep -aq 'P2M-BEGIN p2m-grown' "$log"; then
	echo "p2m dump grown to 3 GiB, above what Xen gave at boot:"
	section p2m-grown
fi
echo "Xen's count of dom0's pages (xen-resv):"
grep -a 'P2M-XEN-RESV' "$log" | sed -e 's/^\[ *[0-9.]*\] //' -e 's/^/    /'
echo "Balloon (sysfs):"
section balloon
echo "Checks:"
grep -a 'P2M-CHECK' "$log" | sed -e 's/^\[ *[0-9.]*\] //' -e 's/^/    /'
kt=$(grep -a '# Totals: ' "$log" | sed 's/.*# Totals: //' | awk -F'[: ]+' '
	{ for (i = 1; i < NF; i += 2) n[$i] += $(i + 1) }
	END { if (NR) printf "pass:%d fail:%d skip:%d total:%d", n["pass"], n["fail"], n["skip"], n["total"] }' || true)
if [ -n "$kt" ]; then echo "KUnit:   $kt"; fi
echo "Boot:    dom0 ran init at $(grep -a -m1 'P2M-GUEST-START' "$log" | sed 's/^\[ *\([0-9.]*\)\].*/\1/') s after QEMU started"
echo "Log:     $log"
