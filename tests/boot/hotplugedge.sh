# SPDX-License-Identifier: GPL-2.0
# Memory hotplug above CONFIG_XEN_MEMORY_HOTPLUG_LIMIT in a PV domU (issue
# 27): the balloon's half of the crash class that unpopedge shows for
# unpopulated-alloc.  Needs the DEBUG=unpop kernels (config/unpop.config,
# CONFIG_XEN_MEMORY_HOTPLUG_LIMIT=1: 6.12's list covers the first GiB of
# pfns in a small guest, the virtual area being sized in whole GiBs).
#
# The domU boots with 256 MiB and maxmem = memory (no extra memory, so the
# balloon must hotplug); "memmap=768M#256M" claims 256 MiB .. 1 GiB of
# its physical address space (ACPI data: busy, identity in the p2m, no
# page), so that the balloon's first-fit hotplug of one 128 MiB section
# lands at 1 GiB, pfn 0x40000: just above 6.12's list.  "xl mem-max" and
# "xl mem-set" ask for 128 MiB more.  Each kernel's outcome is asserted:
#   - 6.12 (BASE=1): the balloon stores INVALID_P2M_ENTRY above the list
#     (allowed), adds the memory, and its first populate calls
#     xen_alloc_p2m_entry(), whose BUG_ON() kills the balloon's worker in
#     the domU ("Oops: invalid opcode", RIP in xen_alloc_p2m_entry());
#   - the fixes prefix (FIXES=1): patch 14 keeps the balloon's hotplug
#     below what the p2m describes: no range is free there, the domU says
#     "Cannot allocate new System RAM resource", its pages and Xen's count
#     stay as they were, the toolstack's view of it = its own;
#   - the series: the tree grows; the 128 MiB come from above pfn 0x40000,
#     a pattern held there survives xl save + restore, the domU's dump
#     shows the grown top and the toolstack's view = the domU's entries.
# Run by make check-slow on all three kernels (DEBUG=unpop).
VM_MEM=2G
# One emulated CPU per vCPU, Xen's null scheduler (see domu.sh).
VM_CPUS=4
XEN_ARGS="dom0_mem=1G,max:1G sched=null"
DOM0_ROOTFS=debian
TIMEOUT=900
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK domu-ready PASS" "P2M-CHECK hotplug-outcome PASS"
	"P2M-CHECK hotplug-dom0-alive PASS")
case "$(flavour)" in
p2m)
	KUNIT=required
	KUNIT_DOMUS=(d1)
	EXPECT+=("P2M-CHECK hotplug-tree-grown PASS" "P2M-CHECK hold-above PASS"
		"P2M-CHECK mfndump-matches-grown PASS" "P2M-CHECK xl-save PASS"
		"P2M-CHECK save-mode-save PASS" "P2M-CHECK xl-restore PASS"
		"P2M-CHECK hold-intact-restored PASS" "P2M-CHECK mfndump-matches-restored PASS"
		"P2M-CHECK domu-off PASS")
	;;
fixes)
	KUNIT=required
	KUNIT_DOMUS=(d1)
	EXPECT+=("P2M-CHECK mfndump-matches-refused PASS" "P2M-CHECK domu-off PASS")
	;;
base)
	# The base's known bug, which the scenario asserts: the domU's oops is
	# the expected outcome, not a failure of the suite.
	KERNEL_REPORTS_OK='Oops: invalid opcode|Call Trace:'
	EXPECT+=("P2M-CHECK hotplug-bug-site PASS")
	;;
esac

# The base: the domU's oops' RIP must lie in xen_alloc_p2m_entry()
# (System.map of the kernel the domU runs: the same build as dom0's).
host_post() {
	local site
	[ "$(flavour)" = base ] || return 0
	site=$(oops_site "$log" 'domU d1: ')
	if [ "${site#* }" = xen_alloc_p2m_entry ]; then
		echo "P2M-CHECK hotplug-bug-site PASS the domU's RIP 0x${site% *} is in ${site#* } ($(obj_tree)/System.map)"
	else
		echo "P2M-CHECK hotplug-bug-site FAIL the domU's RIP 0x${site% *} is in '${site#* }', not xen_alloc_p2m_entry"
		return 1
	fi
}

guest() {
	echo "FLAVOUR=$(flavour)"
	cat <<'GUEST'
DOMU_CMDLINE="memmap=768M#256M memhp_default_state=online_movable"
domu_cfg d1 256 256
domu_follow d1
ok=0; xl create /tmp/d1.cfg && ok=1
check domu-create "xl create d1 (256 MiB, maxmem 256 MiB, 256 MiB .. 1 GiB claimed)" [ $ok = 1 ]
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]
id=$(xl domid d1)
xen0=$(xen_pages "$id")
domu_cmd d1 dump boot 60
top0=$(domu_block d1 boot | sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p')

# 128 MiB more: one section, hotplugged at the first free address above 1 GiB.
xl mem-max d1 512m
# The series reaches the target in seconds; elsewhere it is never reached,
# and each try is an info command through the domU's console (seconds):
# a few tries tell.
tries=120; [ $FLAVOUR = p2m ] || tries=8
ok=0; domu_balloon d1 384 hot $tries && ok=1
xen1=$(xen_pages "$id")
section domu-dmesg-hotplug sh -c "grep -aE 'hotplug|System RAM|set_phys_to_machine|p2m\.c|kernel BUG|invalid opcode|RIP|Call Trace|Cannot allocate' $XL_LOG/guest-d1.log | grep -v 'P2M-' | tail -n 20"

case $FLAVOUR in
base)
	bug=0; grep -aq 'Oops: invalid opcode' $XL_LOG/guest-d1.log && bug=1
	check hotplug-outcome "6.12: the domU's balloon oopsed (invalid opcode: $bug), target reached: $ok, Xen's count $xen0 -> $xen1" [ $bug = 1 ] && [ $ok = 0 ]
	;;
fixes)
	refused=0; grep -aq 'Cannot allocate new System RAM resource' $XL_LOG/guest-d1.log && refused=1
	grep -aqE 'kernel BUG|invalid opcode' $XL_LOG/guest-d1.log && refused=0
	check hotplug-outcome "fixes: hotplug refused below the list ($refused), no BUG, target reached: $ok, Xen's count $xen0 -> $xen1" [ $refused = 1 ] && [ $ok = 0 ] && [ "$xen1" = "$xen0" ]
	;;
p2m)
	check hotplug-outcome "the series: target 384 MiB reached: $ok, Xen's count $xen0 -> $xen1 (want +32768)" [ $ok = 1 ] && [ $((xen1 - xen0)) -ge 32768 ]
	;;
esac
check hotplug-dom0-alive "dom0 runs and asks Xen: $(/tools/xen-resv 2>&1)" /tools/xen-resv

case $FLAVOUR in
base)
	section xl-list xl list
	xl destroy d1
	;;
fixes)
	ok=0; domu_cmd d1 verify refused 60 && ok=1
	check domu-alive-refused "the domU answers after the refused hotplug" [ $ok = 1 ]
	domu_cmd d1 dump refused 60 && check_mfndump d1 refused
	;;
p2m)
	domu_cmd d1 dump grown 60
	domu_block d1 grown | grep '^#' | sed 's/^/d1 dump after hotplug: /'
	top1=$(domu_block d1 grown | sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p')
	cov=$(domu_block d1 grown | sed -n 's/^# p2m memory: .*pfns covered: \(0x[0-9a-f]*\)$/\1/p')
	ok=0; [ "${top1:-0}" -gt "${top0:-0}" ] && [ $((${cov:-0})) -gt $((0x40000)) ] && ok=1
	check hotplug-tree-grown "top entries $top0 at boot, $top1 after; pfns covered below ${cov:-?} (want above 0x40000)" [ $ok = 1 ]
	ok=0; domu_cmd d1 hold 96@0x40000 && domu_wait d1 'P2M-HOLD start' 120 && ok=1
	hold=$(domu_last d1 'P2M-HOLD start')
	high=$(echo "$hold" | sed -n 's/.* high=\([0-9]*\) .*/\1/p')
	[ "${high:-0}" -gt 0 ] && echo "$hold" | grep -q ' unmapped=0$' || ok=0
	check hold-above "$hold (want pages at or above pfn 0x40000)" [ $ok = 1 ]
	check_mfndump d1 grown
	ok=0; xl -vvv save d1 /tmp/d1.save >/tmp/save.log 2>&1 && ok=1
	check xl-save "$(tail -n 1 /tmp/save.log)" [ $ok = 1 ]
	check_save_mode save d1 /tmp/save.log
	ok=0; xl restore /tmp/d1.save >/tmp/restore.log 2>&1 && ok=1
	check xl-restore "$(tail -n 1 /tmp/restore.log)" [ $ok = 1 ]
	rm -f /tmp/d1.save
	ok=0; domu_cmd d1 holdcheck restored 60 && domu_wait d1 'P2M-HOLD check restored ' 120 && ok=1
	line=$(domu_last d1 'P2M-HOLD check restored ')
	echo "$line" | grep -qE " high=$high bad_words=0 moved=0 unmapped=0\$" || ok=0
	check hold-intact-restored "$line (want high=$high, nothing bad or moved)" [ $ok = 1 ]
	domu_cmd d1 dump restored 60 && check_mfndump d1 restored
	;;
esac
if [ "$FLAVOUR" != base ]; then
	domu_cmd d1 off bye 30
	i=0; while xl domid d1 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
	ok=0; xl domid d1 >/dev/null 2>&1 || ok=1
	check domu-off "d1 gone after poweroff" [ $ok = 1 ]
fi
GUEST
}
