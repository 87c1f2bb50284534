# SPDX-License-Identifier: GPL-2.0
# Real machines' memory maps in a PV domU (issue 30).  A PV domU always
# gets a single RAM entry from libxl; Xen lets dom0 replace it
# (XENMEM_set_memory_map), and the domU's kernel reads it once, in
# xen_memory_setup().  For each map of E820_MAPS (files of tests/e820/,
# default: e820_host and two of the corpus; E820_MAPS=all: e820_host and
# every one), in turn:
#   - xl create -p of a domU named after the map (m01, m02, ...): memory
#     the map's RAM but at most E820_MEM_MB (default 256 MiB: what the
#     VM affords for many boots), maxmem 256 MiB above it (extra memory);
#   - tests/tools/xen-set-e820 gives it the map, then xl unpause;
#   - it boots (its own checks and KUnit suites pass), its dump and walk
#     (every entry through __pfn_to_mfn()) are taken, and check_mfndump:
#     the toolstack's view = its frames = Xen's count of its pages;
#   - it powers off.
# The name e820_host in E820_MAPS is libxl's own way to give a PV domU
# holes (xl.cfg's e820_host = 1: the host's map, reshaped by libxl, which
# drops everything below 1 MiB): no xen-set-e820; the map the domU got is
# the one libxl logs in "xl -vvv create" (e820_sanitize's lines), which
# the checks below are given instead of a file of tests/e820.
# Then, on the host (host_post), against the map it was given:
#   - tests/xen-map-check --domu (shares no code with the series): every
#     page of a non-RAM entry or a gap is identity, RAM within the budget
#     pfn or missing, never pfn past it, the dump's pfn pages = the walk's
#     frames = Xen's count, the dump's types = the lookups' (our kernel);
#     RAM whatever the map says: below 1 MiB, and the kernel, start info
#     and page tables where the domain builder's log (its "builder-mNN"
#     block) put them;
#   - scripts/replay-check.sh --domu (our kernel): replay --domu of the
#     same map and page counts gives the domU's very dump.
# MAP_DOMU_ARGS: the domU's command-line arguments (default earlyprintk=xen:
# a panic before the domU's console is up is seen in its console log).
#
# Each kernel's known outcome is asserted, per map.  A map file may say it
# in its header: "# expect-p2m: boot [ERE]" or "# expect-p2m: panic ERE"
# for the series and its fixes prefix, "# expect-base: ..." for 6.12
# (BASE=1); boot: the domU boots, passes every check, and its console has
# a line matching ERE (a warning); panic: it dies before it is ready with a
# line matching ERE on its console (domu-panic); crash: it dies before it
# is ready, whatever its console says (a known defect, named in the map's
# header: domu-crash).  "# memory: N" gives the domU N MiB whatever the
# map's RAM, "# maxmem: N" a maximum of N MiB (default: 256 above memory);
# "# no-replay: WHY" leaves out the replay of the boot's layout, for a
# domU whose p2m changes as it boots or whose layout replay cannot know
# (where the builder put the kernel).  Without a header: the series boots;
# 6.12.118 panics on any map with the legacy hole below 1 MiB (every
# firmware map): the pfns there become identity, init_mem_mapping() maps
# the ISA range regardless, and Xen refuses a domU's entry for a machine
# frame it does not own ("PANIC: early exception 0x0e" in
# xen_set_pte_init()).  The series fixes that in part 1 ("x86/xen: take a
# PV domU's own frames as RAM whatever its E820 map says"), and
# tests/xen-map-check --domu holds it to that rule.  libxl's e820_host map
# has no hole below 1 MiB: both kernels boot it.
VM_MEM=4G
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
DOM0_ROOTFS=debian
KUNIT=required
E820_MEM_MB=${E820_MEM_MB:-256}
E820_DIR=${E820_DIR:-$TOP/tests/e820}
if [ "${E820_MAPS:-}" = all ]; then
	E820_MAPS="e820_host $(cd "$E820_DIR" && ls -- *.e820)"
fi
E820_MAPS=${E820_MAPS:-"e820_host $(cd "$E820_DIR" && ls -- *.e820 | head -n 2)"}
MAP_DOMU_ARGS=${MAP_DOMU_ARGS-earlyprintk=xen}

# map_field MAP KEY: the value of MAP's header line "# KEY: value" (none
# for e820_host, which has no file).
map_field() {
	if [ "$1" != e820_host ]; then sed -n "s/^# $2: *//p" "$E820_DIR/$1" | head -n 1; fi
}

# map_outcome MAP: "boot [ERE]", "panic ERE" or "crash", this kernel's on MAP.
map_outcome() {
	local key=p2m line
	[ "$(flavour)" = base ] && key=base
	[ "$1" = e820_host ] && { echo boot; return; }
	line=$(map_field "$1" "expect-$key")
	if [ -n "$line" ]; then
		echo "$line"
	elif [ $key = base ]; then
		echo 'panic PANIC: early exception 0x0e'
	else
		echo boot
	fi
}

# no_replay MAP: MAP's header leaves out the replay.
no_replay() { [ -n "$(map_field "$1" no-replay)" ]; }

KUNIT_DOMUS=()
EXPECT=()
panics=""
n=0
for m in $E820_MAPS; do
	[ "$m" = e820_host ] || [ -f "$E820_DIR/$m" ] || die "E820_MAPS: no map $E820_DIR/$m"
	n=$((n + 1))
	d=$(printf 'm%02d' $n)
	EXPECT+=("P2M-CHECK e820-set-$d PASS" "P2M-CHECK domu-off-$d PASS")
	out=$(map_outcome "$m")
	case $out in
	panic\ ?*)
		EXPECT+=("P2M-CHECK domu-panic-$d PASS")
		panics="$panics${panics:+|}$d"
		continue ;;
	crash)
		EXPECT+=("P2M-CHECK domu-crash-$d PASS")
		panics="$panics${panics:+|}$d"
		continue ;;
	boot) ;;
	boot\ ?*) EXPECT+=("P2M-CHECK domu-says-$d PASS") ;;
	*) die "$m: bad expectation '$out'" ;;
	esac
	KUNIT_DOMUS+=("$d")
	EXPECT+=("P2M-CHECK domu-ready-$d PASS" "P2M-CHECK mfndump-matches-$d PASS"
		"P2M-CHECK xen-map-identity-walk-$d PASS" "P2M-CHECK xen-map-ram-walk-$d PASS"
		"P2M-CHECK xen-map-pages-$d PASS" "P2M-CHECK xen-map-walk-covers-ram-$d PASS")
	if [ "$(flavour)" = p2m ]; then
		EXPECT+=("P2M-CHECK xen-map-identity-dump-$d PASS" "P2M-CHECK xen-map-ram-dump-$d PASS"
			"P2M-CHECK xen-map-dump-is-walk-$d PASS")
		no_replay "$m" || EXPECT+=("P2M-CHECK replay-matches-boot-$d PASS")
	fi
done
# The reports of the domUs that must panic are their asserted outcome.
[ -n "$panics" ] && KERNEL_REPORTS_OK="domU ($panics): "
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
		echo "mkdir -p /tmp/maps"
		if [ "$m" = e820_host ]; then
			mem=$E820_MEM_MB
		else
			mem=$(map_field "$m" memory)
			if [ -z "$mem" ]; then
				mem=$(map_ram_mb "$E820_DIR/$m")
				[ "$mem" -gt "$E820_MEM_MB" ] && mem=$E820_MEM_MB
			fi
			echo "cat >/tmp/maps/$d.e820 <<'MAP'"
			grep -v '^#' "$E820_DIR/$m"
			echo "MAP"
		fi
		out=$(map_outcome "$m")
		re=""
		case $out in *" "*) re=${out#* } ;; esac
		echo "cat >/tmp/maps/$d.re <<'RE'"
		[ -n "$re" ] && echo "$re"
		echo "RE"
		maxmem=$(map_field "$m" maxmem)
		maxmem=${maxmem:-$((mem + 256))}
		echo "echo '$d $m $mem $maxmem ${out%% *} ${MAP_DOMU_ARGS:-}' >>/tmp/maps/list"
	done
	cat <<'GUEST'
# (fd 3: nothing in the loop may eat the list)
while read -r d m mem maxmem outcome args <&3; do
	echo "P2M-E820-MAP $d $m memory=${mem}M maxmem=${maxmem}M args='$args'"
	t0=$(date +%s%N)
	DOMU_EXTRA=
	[ "$m" = e820_host ] && DOMU_EXTRA='e820_host = 1'
	DOMU_CMDLINE="$args" domu_cfg $d $mem $maxmem
	domu_follow $d
	ok=0; xl -vvv create -p /tmp/$d.cfg 2>/tmp/$d.create.log && ok=1
	check domu-create-$d "xl create -p $d ($m)" [ $ok = 1 ]
	id=$(xl domid $d 2>/dev/null)
	if [ "$m" = e820_host ]; then
		# libxl's map, from its own log: "[START -> END] TYPE" in pfns.
		sed -n 's/.*\[\([0-9a-f]*\) -> \([0-9a-f]*\)\] \(.*\)$/\1 \2 \3/p' /tmp/$d.create.log |
		while read -r s e t; do
			case $t in RAM) t=usable ;; ACPI) ;; "ACPI NVS") t=NVS ;;
				Unusable) t=unusable ;; *) t=reserved ;; esac
			printf '%016x %016x %s\n' $((0x$s << 12)) $(((0x$e << 12) - 1)) $t
		done >/tmp/maps/$d.e820
		section e820-$d cat /tmp/maps/$d.e820
		ok=0; [ -s /tmp/maps/$d.e820 ] && ok=1
		check e820-set-$d "libxl's e820_host map: $(wc -l </tmp/maps/$d.e820) entries" [ $ok = 1 ]
	else
		ok=0; out=$(/tools/xen-set-e820 "$id" /tmp/maps/$d.e820 2>&1) && ok=1
		check e820-set-$d "$out" [ $ok = 1 ]
	fi
	xl unpause $d
	# Ready, or gone (on_crash = destroy): no need to wait for a crash.
	ok=0 n=0
	while [ $n -lt 360 ] && xl domid $d >/dev/null 2>&1; do
		grep -aq 'P2M-DOMU-READY' "$XL_LOG/guest-$d.log" 2>/dev/null && { ok=1; break; }
		sleep 0.5; n=$((n + 1))
	done
	# From xl create -p to ready (or gone), for the results table.
	echo "P2M-E820-TIME $d $m ready=$ok ms=$((($(date +%s%N) - t0) / 1000000))"
	# Where the domain builder put the kernel and the bootstrap elements
	# (xl's log is complete only once the domain runs).
	section builder-$d grep -E 'xc_dom_alloc_(segment|page)' /tmp/$d.create.log
	why=$(domu_last $d 'P2M-DOMU-START')
	panic=$(grep -a -m1 -E 'PANIC|Kernel panic|BUG' $XL_LOG/guest-$d.log | tr -d '\r' | cut -c1-120)
	[ $ok = 1 ] || why="${why:-no P2M-DOMU-START}; $panic"
	# The line the map's expectation names (a warning, or the panic's).
	said=""
	[ -s /tmp/maps/$d.re ] && said=$(tr -d '\r' <$XL_LOG/guest-$d.log | grep -a -m1 -E -f /tmp/maps/$d.re)
	if [ "$outcome" = crash ]; then
		gone=0
		[ $ok = 0 ] && ! xl domid $d >/dev/null 2>&1 && gone=1
		check domu-crash-$d "not ready, domain gone=$gone; console: ${panic:-nothing}" [ $gone = 1 ]
	elif [ "$outcome" = panic ]; then
		seen=0
		[ $ok = 0 ] && [ -n "$said" ] && seen=1
		check domu-panic-$d "${said:-no line matching $(cat /tmp/maps/$d.re)}; ${panic:-no panic}" [ $seen = 1 ]
	else
		check domu-ready-$d "$why" [ $ok = 1 ]
		[ -s /tmp/maps/$d.re ] &&
			check domu-says-$d "${said:-no line matching $(cat /tmp/maps/$d.re)}" [ -n "$said" ]
	fi
	if [ $ok = 1 ]; then
		domu_cmd $d dump $d && check_mfndump $d $d
		domu_cmd $d walk $d
	else
		section xl-list-$d xl list
		section xl-dmesg-$d sh -c 'xl dmesg | tail -n 60'
		# Where a domU that is still there runs (before its console,
		# nothing else tells): its vCPU 0's registers and stack.
		xl domid $d >/dev/null 2>&1 &&
			section xenctx-$d /usr/lib/xen-4.17/bin/xenctx -a -S "$id" 0
		section create-log-$d tail -n 80 /tmp/$d.create.log
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
	for m in $E820_MAPS; do
		i=$((i + 1))
		d=$(printf 'm%02d' $i)
		# A domU that must panic: nothing to judge but that (domu-panic).
		case $(map_outcome "$m") in panic* | crash) continue ;; esac
		f=$E820_DIR/$m
		if [ "$m" = e820_host ]; then
			# The map libxl gave, as the domU's dom0 printed it.
			f=$BUILD/results/$tag-$d.e820
			sed -e 's/^\[ *[0-9.]*\] //' -e 's/\r//g' "$log" |
				awk -v b="P2M-BEGIN e820-$d" -v e="P2M-END e820-$d" \
					'$0 == b { on = 1; next } $0 == e { on = 0 } on' >"$f"
		fi
		"$TOP/tests/xen-map-check" --flavour $flav --domu $d --map "$f" --tag $d "$log" || rc=1
		if [ $flav = p2m ] && ! no_replay "$m"; then
			"$TOP/scripts/replay-check.sh" --domu $d --map "$f" --tag $d "$log" || rc=1
		fi
	done
	return $rc
}
