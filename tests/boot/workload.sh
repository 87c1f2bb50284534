# SPDX-License-Identifier: GPL-2.0
# End-to-end workloads in dom0, for make bench-guest (issue 15): fixed
# amounts of what users run, each timed by tests/tools/p2m-work.c, which
# also checks the work (children's exit codes, every page and byte read
# back); a check fails only on wrong results, never on a time.
#   - fork+exec+exit of /bin/true, 300 times (a new mm and its page tables
#     each time: every PTE through pfn_to_mfn, every read back through the
#     M2P);
#   - mmap, touch every page, munmap of 256 MiB, 4 rounds;
#   - a 256 MiB file copied in tmpfs with read/write (page cache);
#   - a read of the debugfs dump;
#   - the balloon 1 GiB down and back up (time to reach the target).
# Two vCPUs on two emulated CPUs with Xen's null scheduler (see stress.sh).
VM_MEM=4G
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
TIMEOUT=600
EXPECT=("P2M-CHECK work-fork PASS" "P2M-CHECK work-mmap PASS" "P2M-CHECK work-copy PASS"
	"P2M-CHECK work-dump PASS" "P2M-CHECK work-balloon-down PASS"
	"P2M-CHECK work-balloon-up PASS")

guest() {
	cat <<'GUEST'
check work-fork "fork+exec+exit x300" /tools/p2m-work fork 300
check work-mmap "256 MiB x4" /tools/p2m-work mmap 256 4
mkdir -p /mnt/work && mount -t tmpfs -o size=600m work /mnt/work
check work-copy "256 MiB in tmpfs" /tools/p2m-work copy /mnt/work 256
umount /mnt/work
check work-dump "$P2M_DUMP" /tools/p2m-work read $P2M_DUMP
cur=$(balloon_current)
check work-balloon-down "from $cur KiB" /tools/p2m-work balloon $((cur - 1048576)) 400
check work-balloon-up "to $cur KiB" /tools/p2m-work balloon $cur 400
GUEST
}
