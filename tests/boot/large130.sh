# SPDX-License-Identifier: GPL-2.0
# A dom0 above 128 GiB (seed 002): dom0_mem=130G on a 140 GiB VM (QEMU
# allocates guest RAM lazily; bootscrub=0 keeps Xen off it).  Xen's p2m list
# no longer fits the kernel mapping's budget; the tree copies it out and
# frees it, so modules still load.  The dump must agree with E820 and
# /proc/iomem.
VM_MEM=140G
XEN_ARGS="dom0_mem=130G,max:130G"
TIMEOUT=600
KUNIT=required
EXPECT=("P2M-CHECK modules-load PASS" "P2M-CHECK nonram-is-identity PASS"
	"P2M-CHECK ram-is-pfn PASS"
	"P2M-CHECK work-dump PASS")

guest() {
	cat <<'GUEST'
check_modules
run_p2m_bench
# The dump read whole, timed (a figure of make bench-guest).
check work-dump "$P2M_DUMP" /tools/p2m-work read "$P2M_DUMP"
check_identity_vs_e820
check_ram_is_pfn
GUEST
}
