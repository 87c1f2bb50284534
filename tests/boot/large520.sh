# SPDX-License-Identifier: GPL-2.0
# A dom0 above 512 GiB, the cap of the historical p2m tree (seed 003):
# dom0_mem=520G on a 540 GiB VM.  Upstream needed ~19 GB of host memory for
# this; the harness stops QEMU before the host runs out.  The tree needs a
# top of two pages: the dump's statistics must say so.
VM_MEM=540G
XEN_ARGS="dom0_mem=520G,max:520G"
TIMEOUT=900
KUNIT=required
EXPECT=("P2M-CHECK modules-load PASS" "P2M-CHECK nonram-is-identity PASS"
	"P2M-CHECK ram-is-pfn PASS" "P2M-CHECK multi-page-top PASS"
	"P2M-CHECK work-dump PASS")

guest() {
	cat <<'GUEST'
check_modules
run_p2m_bench
# The dump read whole, timed (a figure of make bench-guest).
check work-dump "$P2M_DUMP" /tools/p2m-work read "$P2M_DUMP"
check_identity_vs_e820
check_ram_is_pfn
top=$(sed -n 's/^# top: \([0-9]*\) page.*/\1/p' "$P2M_DUMP")
check multi-page-top "top pages: $top" [ "${top:-0}" -ge 2 ]
GUEST
}
