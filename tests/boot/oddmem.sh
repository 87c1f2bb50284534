# SPDX-License-Identifier: GPL-2.0
# Bad input at boot: dom0_mem=1025M, not a multiple of 2 MiB (a leaf of the
# tree covers 2 MiB), so the last leaf of RAM is half full.  Must boot with
# every check passing: the dump and every lookup against Xen's map and
# count (tests/xen-map-check), KUnit, nothing lost.
VM_MEM=2G
XEN_ARGS="dom0_mem=1025M,max:1025M"
TIMEOUT=180
KUNIT=required
EXPECT=("P2M-CHECK p2m-dump-present PASS" "P2M-CHECK ram-is-pfn PASS")

guest() {
	cat <<'GUEST'
check_ram_is_pfn
GUEST
}
