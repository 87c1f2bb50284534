# SPDX-License-Identifier: GPL-2.0
# Balloon: dom0_mem=1G,max:4G on a 5 GiB VM.  Lower the target by 256 MiB
# and wait for current_kb to follow; the dump must show exactly that many
# more missing pages; raise the target back and wait again.  Then grow
# above what Xen gave at boot, to 3 GiB: the tree installs new leaves and
# mids at runtime.  After each step Xen's own count of dom0's pages
# (xen-resv: XENMEM_current_reservation), the dump's pfn pages and the
# frames found by lookup (p2m_frames, each coming back through the M2P)
# must agree.  A tmpfs file's checksum taken before must be unchanged.
VM_MEM=5G
XEN_ARGS="dom0_mem=1G,max:4G"
TIMEOUT=300
EXPECT=("P2M-CHECK balloon-down PASS" "P2M-CHECK balloon-up PASS"
	"P2M-CHECK balloon-xen-down PASS" "P2M-CHECK balloon-xen-up PASS"
	"P2M-CHECK balloon-grow PASS" "P2M-CHECK balloon-xen-grow PASS"
	"P2M-CHECK frames-grow PASS" "P2M-CHECK tmpfs-intact PASS"
	"P2M-CHECK balloon-above-max PASS" "P2M-CHECK balloon-back-below-max PASS"
	"P2M-CHECK balloon-xen-below-max PASS")

guest() {
	cat <<'GUEST'
missing() { dump_pages missing; }
# xen_agrees NAME KB: Xen's count of dom0's pages is KB / 4, and so are the
# dump's pfn pages.
xen_agrees() {
	local x cur pfns
	x=$(/tools/xen-resv 2>&1)
	cur=$(echo "$x" | sed -n 's/.* current=\([0-9]*\) .*/\1/p')
	pfns=$(dump_pages pfn)
	ok=0
	[ "${cur:-0}" = $(($2 / 4)) ] && [ "$pfns" = $(($2 / 4)) ] && ok=1
	check "$1" "Xen: ${x#xen-resv }; want $(($2 / 4)) pages; dump pfn pages $pfns" [ $ok = 1 ]
}
dd if=/dev/urandom of=/tmp/pattern bs=1M count=64 2>/dev/null
sum0=$(md5sum /tmp/pattern | cut -d' ' -f1)
t0=$(balloon_target)
m0=$(missing)
down=$((t0 - 262144))
echo $down >$BALLOON/target_kb
balloon_wait $down 60; rc=$?
check balloon-down "target ${t0} -> ${down} kB, current $(balloon_current)" [ $rc = 0 ]
m1=$(missing)
section p2m-ballooned cat "$P2M_DUMP"
check balloon-dump-missing "missing pages ${m0} -> ${m1} (want +65536)" [ $((m1 - m0)) = 65536 ]
xen_agrees balloon-xen-down $down
echo $t0 >$BALLOON/target_kb
balloon_wait $t0 60; rc=$?
check balloon-up "target back to ${t0} kB, current $(balloon_current)" [ $rc = 0 ]
m2=$(missing)
check balloon-dump-back "missing pages back to ${m2} (was ${m0})" [ "$m2" = "$m0" ]
xen_agrees balloon-xen-up $t0

# Above what Xen gave at boot: 2 GiB of pfns that never had a frame.
grow=3145728
echo $grow >$BALLOON/target_kb
balloon_wait $grow 150; rc=$?
m3=$(missing)
ok=0
[ $rc = 0 ] && [ $((m0 - m3)) = $(((grow - t0) / 4)) ] && ok=1
check balloon-grow "target ${t0} -> ${grow} kB, current $(balloon_current); missing pages ${m0} -> ${m3} (want -$(((grow - t0) / 4)))" [ $ok = 1 ]
section p2m-grown cat "$P2M_DUMP"
xen_agrees balloon-xen-grow $grow
check_frames grow quiet

# Bad input: a target above the domain's maximum (max:4G): the balloon takes
# what Xen allows and stops there (no crash, no loop of errors); Xen's count
# stays within the maximum and equals the dump's pfn pages; the target can
# be lowered again.
echo $((6 * 1048576)) >$BALLOON/target_kb
prev=0 n=0
while [ "$(balloon_current)" != "$prev" ] && [ $n -lt 60 ]; do
	prev=$(balloon_current); sleep 3; n=$((n + 1))
done
x=$(/tools/xen-resv 2>&1)
cur=$(echo "$x" | sed -n 's/.* current=\([0-9]*\) .*/\1/p')
max=$(echo "$x" | sed -n 's/.* max=\([0-9]*\).*/\1/p')
pfns=$(dump_pages pfn)
ok=0
[ -n "$cur" ] && [ -n "$max" ] && [ "$cur" -le "$max" ] && [ "$cur" -gt $((grow / 4)) ] &&
	[ "$pfns" = "$cur" ] && [ "$(balloon_current)" = $((cur * 4)) ] && ok=1
check balloon-above-max "target 6 GiB, max 4 GiB: stopped at current $(balloon_current) kB; Xen: ${x#xen-resv }; dump pfn pages $pfns" [ $ok = 1 ]
echo $grow >$BALLOON/target_kb
balloon_wait $grow 150; rc=$?
check balloon-back-below-max "target back to $grow kB, current $(balloon_current)" [ $rc = 0 ]
xen_agrees balloon-xen-below-max $grow
sum1=$(md5sum /tmp/pattern | cut -d' ' -f1)
check tmpfs-intact "md5 $sum0 -> $sum1" [ "$sum0" = "$sum1" ]
GUEST
}
