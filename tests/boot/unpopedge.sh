# SPDX-License-Identifier: GPL-2.0
# The crash class of XSA-369, QubesOS 7918 and XenServer's 2023 report:
# grant and foreign mappings on unpopulated-alloc's pages above the p2m.
# Needs the DEBUG=unpop kernels (config/unpop.config: unpopulated-alloc
# and ZONE_DEVICE as Debian builds, CONFIG_XEN_MEMORY_HOTPLUG_LIMIT=1 so
# that 6.12's list ends with the RAM).  A 2 GiB VM, dom0 given 1856 MiB
# and no extra memory: no free 128 MiB section is left below the end of
# RAM, so unpopulated-alloc's first fill takes the first free section of
# iomem_resource above it (0x180000000, "Xen scratch"), past 6.12's list.
# Then a domU with a vbd and a vif: xenstored and xenconsoled map its
# rings through gntdev, blkback and netback its data.  Each kernel's
# outcome is asserted (recipe: shared/reference/unpopulated-alloc-edge.md):
#   - 6.12 (BASE=1): the BUG_ON() in xen_alloc_p2m_entry() kills the
#     mapping task ("kernel BUG at arch/x86/xen/p2m.c", Oops: invalid
#     opcode); xl create fails; dom0 itself lives on;
#   - the fixes prefix (FIXES=1): no BUG, unpopulated-alloc finds no range
#     below the list ("Cannot allocate new IOMEM resource"), xl create
#     fails cleanly;
#   - the series: the tree grows over the scratch range; the domU boots,
#     its disk and network carry checked data both ways, the dump shows
#     the grown top and foreign frames above the boot tree's end.
# Run by make check-slow on all three kernels (DEBUG=unpop).
VM_MEM=2G
VM_CPUS=4
XEN_ARGS="dom0_mem=1856M,max:1856M sched=null"
DOM0_ROOTFS=debian
TIMEOUT=600
STRESS_S=${STRESS_S:-20}
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK edge-backends PASS" "P2M-CHECK edge-outcome PASS"
	"P2M-CHECK edge-dom0-alive PASS")
case "$(flavour)" in
p2m)
	KUNIT=required
	EXPECT+=("P2M-CHECK edge-scratch-above-ram PASS" "P2M-CHECK domu-ready PASS"
		"domU d1: P2M-CHECK stress-domu-disk PASS" "domU d1: P2M-CHECK stress-domu-tx PASS"
		"domU d1: P2M-CHECK stress-domu-rx PASS" "P2M-CHECK stress-net-tx-sums PASS"
		"P2M-CHECK edge-tree-grown PASS" "P2M-CHECK edge-foreign-above PASS"
		"P2M-CHECK view-edge PASS" "P2M-CHECK mfndump-matches-edge PASS"
		"P2M-CHECK domu-off PASS")
	;;
base)
	# The base's known bug, which the scenario asserts: its report is the
	# expected outcome, not a failure.
	# The workbench's config has no kallsyms: the oops names an address,
	# which host_post() finds in the base kernel's System.map.
	KERNEL_REPORTS_OK='Oops: invalid opcode|Call Trace:'
	EXPECT+=("P2M-CHECK edge-bug-site PASS")
	;;
esac

# The base: the oops' RIP must lie in xen_alloc_p2m_entry() (System.map).
host_post() {
	local site
	[ "$(flavour)" = base ] || return 0
	site=$(oops_site "$log")
	if [ "${site#* }" = xen_alloc_p2m_entry ]; then
		echo "P2M-CHECK edge-bug-site PASS RIP 0x${site% *} is in ${site#* } ($(obj_tree)/System.map)"
	else
		echo "P2M-CHECK edge-bug-site FAIL RIP 0x${site% *} is in '${site#* }', not xen_alloc_p2m_entry"
		return 1
	fi
}

guest() {
	echo "FLAVOUR=$(flavour) STRESS_S=$STRESS_S"
	cat <<'GUEST'
# scratch_max 1|2: the highest start (1) or end (2) of unpopulated-alloc's ranges.
scratch_max() {
	m=0
	for v in $(sed -n "s/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : Xen scratch$/\\$1/p" /proc/iomem); do
		[ $((0x$v)) -gt $((0x$m)) ] && m=$v
	done
	echo $m
}

edge_scenario() {
backends_start edge
cp "$P2M_DUMP" /tmp/dump.boot
ram_end=$(sed -n 's/^ *[0-9a-f]*-\([0-9a-f]*\) : System RAM$/\1/p' /proc/iomem | tail -n 1)
free=$(xl info | sed -n 's/^free_memory *: *//p')
mem=$(( free > 144 ? 128 : free - 16 ))
echo "P2M-NOTE Xen's free memory ${free} MiB: the domU gets $mem MiB; dom0's RAM ends at 0x$ram_end"

DOMU_EXTRA="disk = [ 'phy:$loop,xvda,w' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:02' ]"
DOMU_VCPUS=2
domu_cfg d1 $mem $mem
domu_follow d1
created=0; timeout 180 xl create /tmp/d1.cfg >/tmp/create.log 2>&1 && created=1
section xl-create tail -n 5 /tmp/create.log
section iomem-scratch grep -i 'scratch' /proc/iomem
section dmesg-edge sh -c "dmesg | grep -aiE 'scratch|IOMEM|set_phys_to_machine|p2m|kernel BUG|invalid opcode|RIP' | tail -n 20"
scratch=$(scratch_max 1)

case $FLAVOUR in
base)
	ok=0
	# BUG_ON() is an invalid opcode (ud2); where it is, host_post() says.
	dmesg | grep -aq 'Oops: invalid opcode' && [ $created = 0 ] && ok=1
	check edge-outcome "6.12: $(dmesg | grep -a -m1 'Comm:' | sed 's/.*\(Comm: [^ ]*\).*/\1/') oopsed on an invalid opcode, xl create failed ($created), scratch at 0x$scratch" [ $ok = 1 ]
	;;
fixes)
	ok=0
	dmesg | grep -aq 'Cannot allocate new IOMEM resource' &&
		! dmesg | grep -aq 'kernel BUG' && [ $created = 0 ] && ok=1
	check edge-outcome "fixes: no range below the list, no BUG, xl create failed cleanly ($created)" [ $ok = 1 ]
	;;
p2m)
	check edge-outcome "the series: xl create $created" [ $created = 1 ]
	ok=0; [ $((0x$scratch)) -gt $((0x$ram_end)) ] && ok=1
	check edge-scratch-above-ram "Xen scratch at 0x$scratch, RAM ends at 0x$ram_end" [ $ok = 1 ]
	;;
esac
# dom0 survives on every kernel: its shell runs, and it still answers for
# the toolstack (Xen's count of its pages).
check edge-dom0-alive "dom0 runs and asks Xen: $(/tools/xen-resv 2>&1)" /tools/xen-resv
[ $created = 1 ] || { section xl-create-log cat /tmp/create.log /var/log/xen/xl-d1.log; return; }

ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]
[ $ok = 1 ] || return
sum_random=$(domu_last d1 'P2M-DOMU-READY' | sed 's/.*random=\([0-9a-f]*\).*/\1/')
domu_cmd d1 net up
net_peers_start
domu_cmd d1 stress "$STRESS_S"
sleep "$STRESS_S"
ok=0; domu_cmd d1 report r 240 && ok=1
check domu-stress-reported "domU answered 'report' after the stress" [ $ok = 1 ]
net_peers_stop
check_net_tx_sums d1 "$sum_random"

# dom0's tree grew over the scratch range, and the domU's frames are
# mapped there (foreign), above what the tree covered at boot.
cat /sys/kernel/debug/xen/mmu/p2m >/tmp/dump.edge
section dump-edge cat /tmp/dump.edge
# At boot the tree covered what dom0 has (RAM up to 2 GiB, no extra
# memory); now it must reach past the scratch range.
top1=$(sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p' /tmp/dump.edge)
end0=$(( (0x$ram_end / 1073741824 + 1) * 262144 ))
end1=$(sed -n 's/^# p2m memory: .*pfns covered: \(0x[0-9a-f]*\)$/\1/p' /tmp/dump.edge)
scratch_end=$(scratch_max 2)
ok=0; [ $((end1)) -gt $((0x$scratch_end / 4096)) ] && [ $((end1)) -gt $end0 ] && ok=1
check edge-tree-grown "covers pfns below $end1 ($top1 top entries): past the scratch end 0x$scratch_end and dom0's RAM (pfn $end0)" [ $ok = 1 ]
above=$(awk -v e=$((end0)) '
	/^ \[0x[0-9a-f]+->0x[0-9a-f]+\] foreign/ {
		split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
		a = r[1] + 0; b = r[2] + 0
		if (a >= e) n += b - a
	}
	END { print n + 0 }' /tmp/dump.edge)
check edge-foreign-above "foreign pages above pfn $end0 (dom0's RAM): $above" [ "$above" -gt 0 ]
check_view edge
domu_cmd d1 dump edge && check_mfndump d1 edge
domu_cmd d1 off bye 30
i=0; while xl domid d1 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d1 >/dev/null 2>&1 || ok=1
check domu-off "d1 gone after poweroff" [ $ok = 1 ]
losetup -d "$loop"
}
edge_scenario
GUEST
}
