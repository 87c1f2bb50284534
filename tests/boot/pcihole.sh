# SPDX-License-Identifier: GPL-2.0
# PCI hole: a 6 GiB VM puts RAM below and above the 32-bit PCI hole;
# dom0_mem=4G takes RAM from both sides.  Every non-RAM E820 range and gap
# below the end of RAM, and everything above the last E820 entry, must be
# identity in the dump; every System RAM page must be "pfn".  On 6.12's
# list (BASE=1, FIXES=1) the identity check reads every entry through
# __pfn_to_mfn() instead: that dump calls shared identity pages "missing".
VM_MEM=6G
XEN_ARGS="dom0_mem=4G,max:4G"
TIMEOUT=240
KUNIT=required
EXPECT=("P2M-CHECK nonram-is-identity PASS" "P2M-CHECK ram-is-pfn PASS")

guest() {
	cat <<'GUEST'
check_identity_vs_e820
check_ram_is_pfn
GUEST
}
