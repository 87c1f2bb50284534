# SPDX-License-Identifier: GPL-2.0
# Bad input: memory runs out while the balloon grows.  dom0_mem=1G,max:2G on
# a 3 GiB VM, the debug kernel (DEBUG=1: fault injection).  The page
# allocator is made to fail the balloon thread's allocations
# (fail_page_alloc, task-filter on the xen-balloon thread, 30 %, at most 12
# failures) while the target goes to 2 GiB, into extra memory, where the
# tree allocates a leaf for the first page of each 2 MiB.  The balloon must
# still reach the target, Xen's count of dom0's pages must equal the dump's
# pfn pages, and every frame found by lookup must come back through the M2P:
# a page populated without its p2m entry would be missing from the dump and
# mapped to no frame.  At least one failure must have been injected, or the
# check proves nothing and fails.
VM_MEM=3G
XEN_ARGS="dom0_mem=1G,max:2G"
TIMEOUT=420
EXPECT=("P2M-CHECK fault-injection-armed PASS" "P2M-CHECK balloonfail-grow PASS"
	"P2M-CHECK balloonfail-injected PASS" "P2M-CHECK balloonfail-xen PASS"
	"P2M-CHECK frames-balloonfail PASS" "P2M-CHECK view-balloonfail PASS")

guest() {
	cat <<'GUEST'
F=/sys/kernel/debug/fail_page_alloc
pid=$(busybox pidof xen-balloon)
ok=0
if [ -d $F ] && [ -n "$pid" ] && echo 1 >/proc/$pid/make-it-fail; then
	echo Y >$F/task-filter && echo N >$F/ignore-gfp-wait &&
	echo N >$F/ignore-gfp-highmem && echo 0 >$F/min-order &&
	echo 1 >$F/verbose && echo 30 >$F/probability &&
	echo 12 >$F/times && ok=1
fi
check fault-injection-armed "$F, xen-balloon pid ${pid:-none}" [ $ok = 1 ]
n0=$(dmesg | grep -c 'FAULT_INJECTION: forcing a failure')
t0=$(balloon_current)
grow=2097152
echo $grow >$BALLOON/target_kb
balloon_wait $grow 300; rc=$?
echo 0 >$F/probability
n1=$(dmesg | grep -c 'FAULT_INJECTION: forcing a failure')
check balloonfail-grow "target ${t0} -> ${grow} kB, current $(balloon_current)" [ $rc = 0 ]
check balloonfail-injected "allocation failures injected: $((n1 - n0))" [ $((n1 - n0)) -gt 0 ]
x=$(/tools/xen-resv 2>&1)
cur=$(echo "$x" | sed -n 's/.* current=\([0-9]*\) .*/\1/p')
pfns=$(dump_pages pfn)
ok=0
[ -n "$cur" ] && [ "$cur" = "$pfns" ] && [ "$((cur * 4))" = "$(balloon_current)" ] && ok=1
check balloonfail-xen "Xen: ${x#xen-resv }; dump pfn pages $pfns; balloon $(balloon_current) kB" [ $ok = 1 ]
check_frames balloonfail quiet
GUEST
}
