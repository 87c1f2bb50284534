# SPDX-License-Identifier: GPL-2.0
# Small dom0: dom0_mem=1G on a 2 GiB VM.  Boots, prints the p2m dump, runs
# the built-in KUnit suites (any failure fails the scenario) and checks the
# dump against /proc/iomem: every System RAM page is backed (type pfn).
# Loads the kernel's modules (the Xen backends).
VM_MEM=2G
XEN_ARGS="dom0_mem=1G,max:1G"
TIMEOUT=180
KUNIT=required
EXPECT=("P2M-CHECK p2m-dump-present PASS" "P2M-CHECK ram-is-pfn PASS" "P2M-CHECK modules-load PASS"
	"P2M-CHECK work-dump PASS")

guest() {
	cat <<'GUEST'
check_ram_is_pfn
check_modules
run_p2m_bench
# The dump read whole, timed (a figure of make bench-guest).
check work-dump "$P2M_DUMP" /tools/p2m-work read "$P2M_DUMP"
GUEST
}
