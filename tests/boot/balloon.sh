# SPDX-License-Identifier: GPL-2.0
# Balloon: dom0_mem=1G,max:2G.  Lower the target by 256 MiB and wait for
# current_kb to follow; the dump must show at least that many more missing
# pages; raise the target back and wait again.  A tmpfs file's checksum
# taken before must be unchanged at the end.
VM_MEM=3G
XEN_ARGS="dom0_mem=1G,max:2G"
TIMEOUT=240
EXPECT=("P2M-CHECK balloon-down PASS" "P2M-CHECK balloon-up PASS" "P2M-CHECK tmpfs-intact PASS")

guest() {
	cat <<'GUEST'
missing() {
	awk '$2 == "missing" && $1 ~ /^\[/ {
		split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
		n += (r[2] + 0) - (r[1] + 0) } END { print n + 0 }' "$P2M_DUMP"
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
check balloon-dump-missing "missing pages ${m0} -> ${m1} (want +65536)" [ $((m1 - m0)) -ge 65536 ]
echo $t0 >$BALLOON/target_kb
balloon_wait $t0 60; rc=$?
check balloon-up "target back to ${t0} kB, current $(balloon_current)" [ $rc = 0 ]
m2=$(missing)
check balloon-dump-back "missing pages back to ${m2} (was ${m0})" [ "$m2" -le "$m0" ]
sum1=$(md5sum /tmp/pattern | cut -d' ' -f1)
check tmpfs-intact "md5 $sum0 -> $sum1" [ "$sum0" = "$sum1" ]
GUEST
}
