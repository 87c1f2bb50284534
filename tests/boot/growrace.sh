# SPDX-License-Identifier: GPL-2.0
# The tree grows while lookups run (issue 27 item 4), meant for the KCSAN
# kernel (DEBUG=kcsan make boot S=growrace; make check-slow): dom0 (1 GiB,
# a tree of 2 mids) runs p2m-stress fork+exec on one CPU and mmap+touch of
# 32 MiB on the other (every PTE through pfn_to_mfn(), every page read
# back), and dump reads, while p2m_bench's installs over 4 GiB of pfns 5 GiB
# above the tree grow its top twice (2 -> 6 -> 12 entries).  Any KCSAN
# report, and any wrong translation or install, fails the scenario; the
# dump must show the grown top and the view must verify.
VM_MEM=2G
XEN_ARGS="dom0_mem=1G,max:1G"
TIMEOUT=600
KUNIT=required
EXPECT=("P2M-CHECK p2m-bench-ran PASS" "P2M-CHECK growrace-grown PASS" "P2M-CHECK view-bench PASS"
	"P2M-CHECK stress-dom0-fork PASS" "P2M-CHECK stress-dom0-mmap PASS")

guest() {
	cat <<'GUEST'
top0=$(sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p' "$P2M_DUMP")
stress_bg 40
sleep 5
run_p2m_bench
stress_report dom0
top1=$(sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p' "$P2M_DUMP")
check growrace-grown "top entries $top0 at boot, $top1 after the installs" [ "${top1:-0}" -gt "${top0:-0}" ]
grep -a 'kcsan' /proc/cmdline >/dev/null; section kcsan-state sh -c 'dmesg | grep -ai kcsan'
GUEST
}
