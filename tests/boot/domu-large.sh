# SPDX-License-Identifier: GPL-2.0
# A large PV domU: 130 GiB (above 128 GiB, where a p2m left in the kernel
# mapping broke guests, seed 002) with maxmem 260 GiB, so that the balloon
# has to grow the tree into extra memory.  dom0 is small (2 GiB on a
# 150 GiB VM); QEMU allocates guest RAM lazily and bootscrub=0 keeps Xen
# off it.  The domU is never destroyed: Xen scrubs a dead domain's pages,
# which would make QEMU touch all 130 GiB; dom0 powers the machine off with
# the domU still running.
VM_MEM=150G
# One emulated CPU per vCPU (dom0's 2 + the domU's 2) and Xen's null
# scheduler, so no two vCPUs share a CPU: under QEMU TCG a vCPU switch on a
# shared CPU corrupts user processes' TLS (FS base) in dom0 and domUs, the
# unpatched kernel alike (README, "SMP under QEMU TCG").
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
DOM0_ROOTFS=debian
TIMEOUT=1200
KUNIT=required
KUNIT_DOMUS=(big)
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK domu-ready PASS"
	"P2M-CHECK domu-large-balloon-up PASS")
# The accounting line is the series' (upstream prints a note instead).
[ "${BASE:-0}" = 1 ] || EXPECT+=("domU big: P2M-CHECK nothing-lost PASS")

guest() {
	cat <<'GUEST'
domu_cfg big 133120 266240
domu_follow big
t0=$(cut -d' ' -f1 /proc/uptime)
ok=0; xl create /tmp/big.cfg && ok=1
check domu-create "xl create big (130 GiB, maxmem 260 GiB)" [ $ok = 1 ]
ok=0; domu_wait big 'P2M-DOMU-READY' 900 && ok=1
t1=$(cut -d' ' -f1 /proc/uptime)
check domu-ready "xl create to domU ready: $t0 -> $t1 s of dom0 uptime; $(domu_last big 'P2M-DOMU-START')" [ $ok = 1 ]

domu_cmd big dump boot 120
domu_block big boot | grep '^#' | sed 's/^/big boot dump: /'
domu_cmd big info before 60
before=$(domu_last big 'P2M-DOMU-INFO before ')
pfn0=$(echo "$before" | sed 's/.* pfn=\([0-9]*\).*/\1/')

# 2 GiB more than Xen gave at boot: new leaves above the initial memory.
ok=0; domu_balloon big 135168 up 120 && ok=1
after=$(domu_last big 'P2M-DOMU-INFO up-')
pfn1=$(echo "$after" | sed 's/.* pfn=\([0-9]*\).*/\1/')
[ "$((pfn1 - pfn0))" = 524288 ] || ok=0
check domu-large-balloon-up "pfn pages $pfn0 -> $pfn1 (want +524288); $after" [ $ok = 1 ]
domu_cmd big dump up 120
domu_block big up | grep '^#' | sed 's/^/big dump after balloon up: /'
domu_cmd big verify up 60
section xl-list xl list
GUEST
}
