# SPDX-License-Identifier: GPL-2.0
# Real machines' memory maps in a PV domU (issue 30).  A PV domU always
# gets a single RAM entry from libxl; Xen lets dom0 replace it
# (XENMEM_set_memory_map), and the domU's kernel reads it once, in
# xen_memory_setup().  For each map of E820_MAPS (files of tests/e820/,
# default: a few of the corpus; E820_MAPS=all: every one), in turn:
#   - xl create -p of a domU named after the map (m01, m02, ...): memory
#     the map's RAM but at most E820_MEM_MB (default 256 MiB: what the
#     VM affords for many boots), maxmem 256 MiB above it (extra memory);
#   - tests/tools/xen-set-e820 gives it the map, then xl unpause;
#   - it boots (its own checks and KUnit suites pass), its dump and walk
#     (every entry through __pfn_to_mfn()) are taken, and check_mfndump:
#     the toolstack's view = its frames = Xen's count of its pages;
#   - it powers off.
# Then, on the host (host_post), against the map it was given:
#   - tests/xen-map-check --domu (shares no code with the series): every
#     page of a non-RAM entry or a gap is identity, RAM within the budget
#     pfn or missing, never pfn past it, the dump's pfn pages = the walk's
#     frames = Xen's count, the dump's types = the lookups' (our kernel);
#   - scripts/replay-check.sh --domu (our kernel): replay --domu of the
#     same map and page counts gives the domU's very dump.
# MAP_DOMU_ARGS: the domU's command-line arguments (default earlyprintk=xen:
# a panic before the domU's console is up is seen in its console log).
#
# Each kernel's known outcome is asserted.  6.12.118 (BASE=1) panics on any
# map with the legacy hole below 1 MiB (every firmware map): the pfns there
# become identity, init_mem_mapping() maps the ISA range regardless, and Xen
# refuses a domU's entry for a machine frame it does not own ("PANIC: early
# exception 0x0e" in xen_set_pte_init()); the scenario checks that panic
# (domu-isa-panic) instead of the boot.  The series fixes it in part 1
# ("x86/xen: take a PV domU's ISA range as RAM whatever its E820 map
# says"), so ours and the fixes prefix (FIXES=1) must boot, and
# tests/xen-map-check --domu holds them to that rule.
VM_MEM=4G
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
DOM0_ROOTFS=debian
KUNIT=required
E820_MEM_MB=${E820_MEM_MB:-256}
E820_DIR=${E820_DIR:-$TOP/tests/e820}
if [ "${E820_MAPS:-}" = all ]; then
	E820_MAPS=$(cd "$E820_DIR" && ls -- *.e820)
fi
E820_MAPS=${E820_MAPS:-"$(cd "$E820_DIR" && ls -- *.e820 | head -n 3)"}
MAP_DOMU_ARGS=${MAP_DOMU_ARGS-earlyprintk=xen}
KUNIT_DOMUS=()
EXPECT=()
isa_panic=0
if [ "$(flavour)" = base ]; then
	isa_panic=1
	KERNEL_REPORTS_OK='domU m[0-9]+: .*(PANIC: early exception 0x0e|Call Trace:)'
fi
n=0
for m in $E820_MAPS; do
	[ -f "$E820_DIR/$m" ] || die "E820_MAPS: no map $E820_DIR/$m"
	n=$((n + 1))
	d=$(printf 'm%02d' $n)
	EXPECT+=("P2M-CHECK e820-set-$d PASS" "P2M-CHECK domu-off-$d PASS")
	if [ $isa_panic = 1 ]; then
		EXPECT+=("P2M-CHECK domu-isa-panic-$d PASS")
		continue
	fi
	KUNIT_DOMUS+=("$d")
	EXPECT+=("P2M-CHECK domu-ready-$d PASS" "P2M-CHECK mfndump-matches-$d PASS"
		"P2M-CHECK xen-map-identity-walk-$d PASS" "P2M-CHECK xen-map-ram-walk-$d PASS"
		"P2M-CHECK xen-map-pages-$d PASS" "P2M-CHECK xen-map-walk-covers-ram-$d PASS")
	if [ "$(flavour)" = p2m ]; then
		EXPECT+=("P2M-CHECK xen-map-identity-dump-$d PASS" "P2M-CHECK xen-map-ram-dump-$d PASS"
			"P2M-CHECK xen-map-dump-is-walk-$d PASS" "P2M-CHECK replay-matches-boot-$d PASS")
	fi
done
TIMEOUT=$((300 + n * 150))

# map_ram_mb FILE: the map's RAM in whole MiB (whole pages of usable entries).
map_ram_mb() {
	local s e t rest p=0
	while read -r s e t rest; do
		case $s in '#'* | '') continue ;; esac
		[ "$t" = usable ] || [ "$t" = 1 ] || continue
		s=$(((16#$s + 4095) / 4096)) e=$(((16#$e + 1) / 4096))
		[ $e -gt $s ] && p=$((p + e - s))
	done <"$1"
	echo $((p / 256))
}

guest() {
	local i=0 m d mem
	for m in $E820_MAPS; do
		i=$((i + 1))
		d=$(printf 'm%02d' $i)
		mem=$(map_ram_mb "$E820_DIR/$m")
		[ "$mem" -gt "$E820_MEM_MB" ] && mem=$E820_MEM_MB
		echo "mkdir -p /tmp/maps; cat >/tmp/maps/$d.e820 <<'MAP'"
		grep -v '^#' "$E820_DIR/$m"
		echo "MAP"
		echo "echo '$d $m $mem ${MAP_DOMU_ARGS:-}' >>/tmp/maps/list"
	done
	echo "isa_panic=$isa_panic"
	cat <<'GUEST'
# (fd 3: nothing in the loop may eat the list)
while read -r d m mem args <&3; do
	echo "P2M-E820-MAP $d $m memory=${mem}M maxmem=$((mem + 256))M args='$args'"
	DOMU_CMDLINE="$args" domu_cfg $d $mem $((mem + 256))
	domu_follow $d
	ok=0; xl create -p /tmp/$d.cfg && ok=1
	check domu-create-$d "xl create -p $d ($m)" [ $ok = 1 ]
	id=$(xl domid $d 2>/dev/null)
	ok=0; out=$(/tools/xen-set-e820 "$id" /tmp/maps/$d.e820 2>&1) && ok=1
	check e820-set-$d "$out" [ $ok = 1 ]
	xl unpause $d
	# Ready, or gone (on_crash = destroy): no need to wait for a crash.
	ok=0 n=0
	while [ $n -lt 360 ] && xl domid $d >/dev/null 2>&1; do
		grep -aq 'P2M-DOMU-READY' "$XL_LOG/guest-$d.log" 2>/dev/null && { ok=1; break; }
		sleep 0.5; n=$((n + 1))
	done
	why=$(domu_last $d 'P2M-DOMU-START')
	panic=$(grep -a -m1 -E 'PANIC|Kernel panic|BUG' $XL_LOG/guest-$d.log | tr -d '\r' | cut -c1-120)
	[ $ok = 1 ] || why="${why:-no P2M-DOMU-START}; $panic"
	if [ "$isa_panic" = 1 ]; then
		# 6.12's known outcome: the early panic in init_mem_mapping().
		seen=0
		[ $ok = 0 ] && echo "$panic" | grep -q 'PANIC: early exception 0x0e' && seen=1
		check domu-isa-panic-$d "${panic:-no panic}" [ $seen = 1 ]
	else
		check domu-ready-$d "$why" [ $ok = 1 ]
	fi
	if [ $ok = 1 ]; then
		domu_cmd $d dump $d && check_mfndump $d $d
		domu_cmd $d walk $d
	else
		section xl-list-$d xl list
		section xl-dmesg-$d sh -c 'xl dmesg | tail -n 60'
	fi
	domu_cmd $d off bye 30
	i=0; while xl domid $d >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
	ok=0; xl domid $d >/dev/null 2>&1 || ok=1
	check domu-off-$d "$d gone after poweroff" [ $ok = 1 ]
	xl destroy $d 2>/dev/null
done 3</tmp/maps/list
section xl-list xl list
GUEST
}

host_post() {
	local i=0 m d rc=0 flav=base
	[ "$(flavour)" = p2m ] && flav=p2m
	# 6.12's domUs panicked: nothing to judge but that (domu-isa-panic).
	[ $isa_panic = 1 ] && return 0
	for m in $E820_MAPS; do
		i=$((i + 1))
		d=$(printf 'm%02d' $i)
		"$TOP/tests/xen-map-check" --flavour $flav --domu $d --map "$E820_DIR/$m" --tag $d "$log" || rc=1
		if [ $flav = p2m ]; then
			"$TOP/scripts/replay-check.sh" --domu $d --map "$E820_DIR/$m" --tag $d "$log" || rc=1
		fi
	done
	return $rc
}
