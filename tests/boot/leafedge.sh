# SPDX-License-Identifier: GPL-2.0
# Bad input at boot: dom0_mem=1048572K, 262143 pages, one page below a
# whole number of leaves (512 pages each), and dom0_max_vcpus=4 on a VM of
# 2 CPUs.  Xen gives dom0 the 4 vCPUs ("Dom0 has maximum 4 VCPUs"), Linux
# detects them but, as a dom0, brings up only the CPUs of the machine's ACPI
# tables (2: "Allowing 2 present CPUs").  Must boot with every check
# passing and CPUs 0-1 online.
VM_MEM=2G
XEN_ARGS="dom0_mem=1048572K,max:1048572K"
DOM0_VCPUS=4
TIMEOUT=240
KUNIT=required
EXPECT=("P2M-CHECK p2m-dump-present PASS" "P2M-CHECK ram-is-pfn PASS" "P2M-CHECK vcpus-online PASS")

guest() {
	cat <<'GUEST'
check_ram_is_pfn
check vcpus-online "online: $(cat /sys/devices/system/cpu/online); $(dmesg | grep -o 'Detected [0-9]* vCPUS')" [ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]
GUEST
}
