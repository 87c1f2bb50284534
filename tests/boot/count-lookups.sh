# SPDX-License-Identifier: GPL-2.0
# How many p2m lookups each end-to-end workload makes (issue 15): not a
# scenario of the series' kernel, but of one built with
# bench/count-lookups.patch on top of the series (a counter in
# __pfn_to_mfn(), in debugfs as xen/mmu/p2m_lookups; a plain increment, so
# the two vCPUs may lose a few: two boots agreed to 0.1 %; see README,
# "Instruction counts"):
#   git -C build/linux worktree add --detach build/linux-count HEAD
#   git -C build/linux-count apply ../../bench/count-lookups.patch
#   mkdir -p build/kbuild-count && cp build/kbuild/.config build/kbuild-count/
#   make -C build/linux-count O=$PWD/build/kbuild-count CC="ccache gcc" \
#	LOCALVERSION=-p2m -j2 olddefconfig bzImage modules
#   OBJ_DIR=$PWD/build/kbuild-count TAG_SUFFIX=-count ICOUNT=0 \
#	scripts/boot.sh count-lookups
# Prints "P2M-COUNT <command> lookups=<n>" for each workload of workload.sh
# (the counter read before and after; each read is a fork+exec of cat, so
# a run of /bin/true gives what the reads themselves add).  Fails if the
# kernel has no counter or a workload fails.
VM_MEM=4G
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
TIMEOUT=600
EXPECT=("P2M-CHECK count-file PASS" "P2M-CHECK count-all PASS")

guest() {
	cat <<'GUEST'
C=/sys/kernel/debug/xen/mmu/p2m_lookups
check count-file "$C (a kernel with bench/count-lookups.patch)" [ -r $C ]
ok=1
cnt() {
	a=$(cat $C)
	"$@" >/tmp/count.out 2>&1 || ok=0
	b=$(cat $C)
	echo "P2M-COUNT $* lookups=$((b - a))"
	cat /tmp/count.out
}
cnt /bin/true
cnt /tools/p2m-work fork 1
cnt /tools/p2m-work fork 300
cnt /tools/p2m-work mmap 256 1
cnt /tools/p2m-work mmap 256 4
mkdir -p /mnt/work && mount -t tmpfs -o size=600m work /mnt/work
cnt /tools/p2m-work copy /mnt/work 256
umount /mnt/work
cur=$(balloon_current)
cnt /tools/p2m-work balloon $((cur - 1048576)) 400
cnt /tools/p2m-work balloon $cur 400
check count-all "every workload ran and checked its work" [ $ok = 1 ]
GUEST
}
