# SPDX-License-Identifier: GPL-2.0
# Helpers for the checks that run inside the guest (busybox sh).
# Every check prints one machine-readable line:
#   P2M-CHECK <name> PASS|FAIL <detail>

P2M_DUMP=/sys/kernel/debug/xen/mmu/p2m
BALLOON=/sys/devices/system/xen_memory/xen_memory0

pass() { echo "P2M-CHECK $1 PASS ${2:-}"; }
fail() { echo "P2M-CHECK $1 FAIL ${2:-}"; }

# check NAME DETAIL CMD...: PASS when CMD succeeds.
check() {
	name=$1 detail=$2
	shift 2
	if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}

# section NAME CMD...: print CMD's output between markers the host extracts.
section() {
	name=$1
	shift
	echo "P2M-BEGIN $name"
	"$@" 2>&1
	echo "P2M-END $name"
}

# The standard block every scenario prints: versions, E820, the p2m dump.
guest_info() {
	section kernel uname -a
	section xen cat /sys/hypervisor/version/major /sys/hypervisor/version/minor \
		/sys/hypervisor/version/extra
	section e820 sh -c 'dmesg | grep -E "Xen: \[mem|BIOS-e820"'
	section iomem cat /proc/iomem
	section p2m cat "$P2M_DUMP"
	section balloon sh -c "cd $BALLOON && for f in target_kb info/current_kb info/low_kb info/high_kb; do echo \$f \$(cat \$f); done"
	check p2m-dump-present "$P2M_DUMP" grep -q '^ \[0x' "$P2M_DUMP"
	xen_resv boot
	check_frames boot
	check_nothing_lost
}

# xen_resv TAG [DOMID]: Xen's own count of the domain's pages (hypercall
# XENMEM_current/maximum_reservation, tests/tools/xen-resv.c), as a line
# "P2M-XEN-RESV TAG domid=D current=N max=M" that the host-side checker
# (tests/xen-map-check) compares with the dump and the frames.
xen_resv() {
	if out=$(/tools/xen-resv $2 2>&1); then
		echo "P2M-XEN-RESV $1 ${out#xen-resv }"
	else
		fail "xen-resv-$1" "cannot ask Xen: $out"
	fi
}

# dump_end [FILE]: the end (exclusive, decimal) of the dump's last "pfn" range.
dump_end() {
	busybox awk '/^ \[0x[0-9a-f]+->0x[0-9a-f]+\] pfn/ {
		split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2]); e = r[2] + 0
	} END { printf "%d\n", e }' "${1:-$P2M_DUMP}"
}

# check_frames TAG [quiet]: every entry of the p2m through __pfn_to_mfn()
# (module p2m_frames, tests/modules, built against whichever kernel runs),
# from pfn 0 to the end of the dump's last "pfn" range, and in dom0 at least
# to the end of the machine's RAM (xen-resv --ram-end).  Prints the runs
# between P2M-BEGIN/END p2m-frames-TAG, for the host and dom0 to compare
# with Xen's and the toolstack's view (quiet: only the summary line), and
# checks, counted: every frame comes back through Xen's M2P to its pfn (so
# no mfn is mapped twice), identity entries name their own pfn, and there
# are as many frames as the dump calls "pfn" pages.
# frames_walk FILE: the walk of p2m_frames into FILE (loads the module the
# first time), to the dump's last pfn and, in dom0, at least to the end of
# the RAM of the machine's map as Xen gives it (not from the code under
# test; a domU may not ask).  Fails with the reason on stderr.
frames_walk() {
	local end ram
	[ -e /sys/kernel/debug/p2m_frames ] || insmod /bench/p2m_frames.ko || return 1
	end=$(dump_end)
	ram=$(/tools/xen-resv --ram-end 2>/dev/null | sed -n 's/.*ram_end=\(0x[0-9a-f]*\).*/\1/p')
	[ -n "$ram" ] && [ $((ram)) -gt "$end" ] && end=$((ram))
	echo "$end" >/sys/module/p2m_frames/parameters/end
	cat /sys/kernel/debug/p2m_frames >"$1"
}

check_frames() {
	local sum frames rt idb pfns
	frames_walk /tmp/frames.$1 2>/tmp/frames.err ||
		{ fail "frames-$1" "p2m_frames: $(cat /tmp/frames.err)"; return; }
	# The runs only where the host reads them (the boot's): a grown
	# balloon has tens of thousands, seconds of serial output.
	if [ "${2:-}" = quiet ]; then grep '^# ' /tmp/frames.$1; else section "p2m-frames-$1" cat /tmp/frames.$1; fi
	sum=$(grep '^# p2m_frames ' /tmp/frames.$1)
	frames=$(echo "$sum" | sed -n 's/.* frames=\([0-9]*\) .*/\1/p')
	rt=$(echo "$sum" | sed -n 's/.* roundtrip_bad=\([0-9]*\) .*/\1/p')
	idb=$(echo "$sum" | sed -n 's/.* identity_bad=\([0-9]*\) .*/\1/p')
	pfns=$(dump_pages pfn)
	ok=0
	[ -n "$frames" ] && [ "$frames" -gt 0 ] && [ "$frames" = "$pfns" ] &&
		[ "$rt" = 0 ] && [ "$idb" = 0 ] && ok=1
	check "frames-$1" "frames=$frames dump_pfn_pages=$pfns m2p_roundtrip_bad=$rt identity_bad=$idb; $(echo "$sum" | sed 's/.* \(end=[^ ]*\).*/\1/')" [ $ok = 1 ]
	check_view "$1"
}

# check_view TAG: the tools' linear view (p2m_vaddr at p2m_cr3), walked
# down from p2m_cr3 the way the toolstack walks it, maps the tree's leaves
# and agrees with the frame list where it is built (debugfs p2m_verify of
# our series: "# p2m_view leaves=N frame_list_leaves=N bad=N ...").  The
# toolstack itself is the other judge: save/restore and migration of a
# domU go through the view.
check_view() {
	local f=/sys/kernel/debug/xen/mmu/p2m_verify line leaves bad
	case "$(uname -r)" in
	*-base*|*-fixes*) echo "P2M-NOTE view-$1: not a check of 6.12's list (no p2m_verify)"; return ;;
	esac
	# A bisection boot of a patch before the view's check (20): the file
	# must not be there yet; the toolstack judges the view (bisectview).
	if [ -f /bisect-patch ] && [ "$(cat /bisect-patch)" -lt 20 ]; then
		check "view-$1-absent" "patch $(cat /bisect-patch): no $f before patch 20" [ ! -e "$f" ]
		return
	fi
	cat "$f" >/tmp/view.$1 2>&1
	if grep -q 'xen_p2m_view=off' /proc/cmdline; then
		# Frame-list mode asked for: no view may be published.
		line=$(grep '^# p2m_view none' /tmp/view.$1)
		check "view-$1" "xen_p2m_view=off: ${line:-$(head -c 200 /tmp/view.$1)}" [ -n "$line" ]
		return
	fi
	grep '^# bad:' /tmp/view.$1
	line=$(grep '^# p2m_view ' /tmp/view.$1)
	leaves=$(echo "$line" | sed -n 's/.* leaves=\([0-9]*\) .*/\1/p')
	bad=$(echo "$line" | sed -n 's/.* bad=\([0-9-]*\) .*/\1/p')
	ok=0
	[ -n "$leaves" ] && [ "$leaves" -gt 0 ] && [ "$bad" = 0 ] && ok=1
	check "view-$1" "${line:-$(head -c 200 /tmp/view.$1)}" [ $ok = 1 ]
}

# Every page Xen gave is mapped or released: the boot line of our series
# ("p2m: N pages from Xen: M mapped (R remapped), L released: nothing lost")
# must add up, and agree with the balloon driver, which counts Xen's pages
# as start_info's nr_pages less the released ones.  Upstream has no such line.
check_nothing_lost() {
	case "$(uname -r)" in
	*-base | *-base-*) echo "P2M-NOTE nothing-lost: not a check of the upstream kernel (no accounting line)"; return ;;
	esac
	set -- $(dmesg | sed -n 's/.*p2m: \([0-9]*\) pages from Xen: \([0-9]*\) mapped ([0-9]* remapped), \([0-9]*\) released: nothing lost.*/\1 \2 \3/p')
	given=${1:-0} mapped=${2:-0} released=${3:-0}
	cur=$(($(balloon_current) / 4))
	ok=0
	[ "$given" -gt 0 ] && [ $((mapped + released)) = "$given" ] &&
		[ $((cur + released)) = "$given" ] && ok=1
	check nothing-lost "given=$given mapped=$mapped released=$released balloon_current_pages=$cur" [ $ok = 1 ]
}

balloon_current() { cat $BALLOON/info/current_kb; }
balloon_target() { cat $BALLOON/target_kb; }

# balloon_wait KB SECONDS: wait until current_kb equals KB.
balloon_wait() {
	i=0
	while [ "$(balloon_current)" != "$1" ]; do
		i=$((i + 1))
		[ $i -gt $(($2 * 2)) ] && return 1
		sleep 0.5
	done
	return 0
}

# Load every module of the initramfs (/modules): the Xen backends use the p2m
# through inline lookups, so this proves the exports, and a module area free
# of the p2m (seed 002: a p2m left in __ka made module loading fail).
check_modules() {
	n=0 bad=""
	for m in /modules/*.ko; do
		[ -e "$m" ] || continue
		n=$((n + 1))
		insmod "$m" 2>/tmp/insmod.err || bad="$bad $(basename "$m"):$(cat /tmp/insmod.err)"
	done
	section modules cat /proc/modules
	ok=0
	[ "$n" -gt 0 ] && [ -z "$bad" ] && ok=1
	check modules-load "$n modules${bad:+, failed:$bad}" [ $ok = 1 ]
}

# Every whole page that the E820 map (the "Xen: [mem ...]" lines) does not
# call usable - non-RAM entries, gaps between entries, and everything from
# the last entry to the end of the dump - must be identity in the dump.
check_identity_vs_e820() {
	local src=$P2M_DUMP
	dmesg | grep -E 'Xen: \[mem 0x[0-9a-f]+-0x[0-9a-f]+\]' >/tmp/e820
	case "$(uname -r)" in
	*-base*|*-fixes*)
		# 6.12's list: its dump calls the shared identity pages
		# "missing".  Read every entry through __pfn_to_mfn() instead
		# (p2m_frames), in the dump's format.
		frames_walk /tmp/frames.identity 2>/tmp/frames.err ||
			{ fail nonram-is-identity "p2m_frames: $(cat /tmp/frames.err)"; return; }
		awk '$1 == "F" { printf " [0x%x->0x%x] pfn\n", ("0x" $2) + 0, ("0x" $2) + ("0x" $4) }
			$1 ~ /^[MIX]$/ { t = $1 == "M" ? "missing" : $1 == "I" ? "identity" : "foreign"
				printf " [0x%x->0x%x] %s\n", ("0x" $2) + 0, ("0x" $2) + ("0x" $3), t }' \
			/tmp/frames.identity >/tmp/walk.identity
		src=/tmp/walk.identity
		;;
	esac
	bad=$(awk '
		FNR == NR {
			if ($0 ~ /^ \[0x[0-9a-f]+->0x[0-9a-f]+\] /) {
				split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
				n++; s[n] = r[1] + 0; e[n] = r[2] + 0; t[n] = $2
				if (e[n] > end) end = e[n]
			}
			next
		}
		{
			match($0, /\[mem 0x[0-9a-f]+-0x[0-9a-f]+\]/)
			split(substr($0, RSTART + 5, RLENGTH - 6), a, "-")
			lo = ("0x" substr(a[1], 3)) + 0; hi = ("0x" substr(a[2], 3)) + 1
			type = substr($0, RSTART + RLENGTH + 1)
			m++; es[m] = lo; ee[m] = hi; et[m] = type
		}
		function want_identity(ps, pe,   i, a, b) {
			for (i = 1; i <= n; i++) {
				a = s[i] > ps ? s[i] : ps; b = e[i] < pe ? e[i] : pe
				if (a < b && t[i] != "identity") bad += b - a
			}
		}
		END {
			prev = 0
			for (j = 1; j <= m; j++) {
				# the gap before this entry, then the entry if not RAM
				want_identity(int((prev + 4095) / 4096), int(es[j] / 4096))
				if (et[j] != "usable")
					want_identity(int((es[j] + 4095) / 4096), int(ee[j] / 4096))
				if (ee[j] > prev) prev = ee[j]
			}
			want_identity(int((prev + 4095) / 4096), end)
			print bad + 0 " " m + 0
		}' "$src" /tmp/e820)
	ok=0
	[ "${bad% *}" = 0 ] && [ "${bad#* }" -gt 0 ] && ok=1
	check nonram-is-identity "pages_not_identity=${bad% *} e820_entries=${bad#* }" [ $ok = 1 ]
}

# RAM pages (top-level "System RAM" in /proc/iomem) that the dump does not
# call "pfn": must be none when dom0_mem has no headroom to balloon into.
check_ram_is_pfn() {
	unbacked=$(awk '
		FNR == NR {
			if ($0 ~ /^ \[0x[0-9a-f]+->0x[0-9a-f]+\] /) {
				split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
				n++; s[n] = (r[1] + 0); e[n] = (r[2] + 0); t[n] = $2
			}
			next
		}
		/^[0-9a-f]+-[0-9a-f]+ : System RAM$/ {
			split($1, a, "-")
			rs = int((("0x" a[1]) + 0) / 4096); re = int(((("0x" a[2]) + 0) + 1) / 4096)
			for (i = 1; i <= n; i++) {
				lo = s[i] > rs ? s[i] : rs; hi = e[i] < re ? e[i] : re
				if (lo < hi && t[i] != "pfn") bad += hi - lo
				if (lo < hi) seen += hi - lo
			}
			total += re - rs
		}
		END { print bad + (total - seen) }' "$P2M_DUMP" /proc/iomem)
	check ram-is-pfn "unbacked_ram_pages=$unbacked" [ "$unbacked" = 0 ]
}

# dump_pages TYPE: pages of TYPE (pfn, missing, identity, foreign) in the dump.
dump_pages() {
	busybox awk -v t="$1" '/^ \[0x[0-9a-f]+->0x[0-9a-f]+\] / {
		split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
		if ($2 == t) n += (r[2] + 0) - (r[1] + 0)
	} END { print n + 0 }' "${2:-$P2M_DUMP}"
}

# run_p2m_bench [PARAM=VALUE...]: insmod tests/modules/p2m_bench.ko (built against whichever
# kernel boots) and print its timings of pfn_to_mfn/mfn_to_pfn.  Asserts
# nothing about times; PASS means the module ran, printed its figures and
# every one of its pfn -> mfn -> pfn round trips came back.
run_p2m_bench() {
	local n bad calls
	ok=0
	insmod /bench/p2m_bench.ko "$@" && ok=1
	section p2m-bench sh -c 'dmesg | grep "p2m_bench:"'
	n=$(dmesg | grep -c 'p2m_bench: pfn')
	set -- $(dmesg | sed -n 's/.*p2m_bench: mfn_to_pfn(pfn_to_mfn(pfn)) != pfn for \([0-9]*\) of \([0-9]*\) calls.*/\1 \2/p')
	bad=${1:-none} calls=${2:-0}
	[ "$n" -ge 4 ] && [ "$bad" = 0 ] && [ "$calls" -gt 0 ] || ok=0
	# The structural installs, where the module made them: none failed.
	inst=$(dmesg | sed -n 's/.*p2m_bench: installs over .*: \([0-9]*\) failed.*/\1/p')
	[ -z "$inst" ] || [ "$inst" = 0 ] || ok=0
	check p2m-bench-ran "$n figures; round trips that did not come back: $bad of $calls; failed installs: ${inst:-not made}" [ $ok = 1 ]
	# The tools' view after those installs (4 new mids, 2048 leaves).
	[ -n "$inst" ] && check_view bench
}

# now: seconds since boot (10 ms resolution), for timed workloads.
now() { cut -d' ' -f1 /proc/uptime; }

# work FIGURE T0 T1 [BAD]: a P2M-WORK line of T1 - T0 seconds, which
# make bench-guest reads (BAD: checks of that workload that failed, 0 if
# none; a figure with bad>0 is not taken).
work() {
	awk -v f="$1" -v a="$2" -v b="$3" -v n="${4:-0}" \
		'BEGIN { printf "P2M-WORK %s %.3f s bad=%d\n", f, b - a, n }'
}

# chunks_match FILE N SUM: the first N 16 MiB chunks of FILE (a file or a
# block device) all have the md5 SUM.
chunks_match() {
	local i=0
	while [ $i -lt "$2" ]; do
		[ "$(dd if="$1" bs=1048576 skip=$((i * 16)) count=16 2>/dev/null | md5sum | cut -d' ' -f1)" = "$3" ] ||
			return 1
		i=$((i + 1))
	done
}

# nc_send HOST PORT FILE: send FILE to HOST:PORT, trying again every 0.2 s
# (50 tries) until the listener is there.  NC_T0: when the attempt that
# got through started, so that timing leaves the waits out.
nc_send() {
	local n=0
	NC_T0=$(now)
	until busybox nc "$1" "$2" <"$3"; do
		n=$((n + 1))
		[ $n -lt 50 ] || return 1
		sleep 0.2
		NC_T0=$(now)
	done
}

# repeat_file FILE N: FILE N times over, on standard output.
repeat_file() {
	local i=0
	while [ $i -lt "$2" ]; do cat "$1"; i=$((i + 1)); done
}

# nc_recv PORT FILE [SECONDS]: receive one TCP stream on PORT into FILE.
# busybox nc quits as soon as its stdin ends, so its stdin is a FIFO that
# nobody writes (opened read-write: never EOF).
nc_recv() {
	[ -p /tmp/nc-hold ] || mkfifo /tmp/nc-hold
	if [ -n "${3:-}" ]; then
		timeout "$3" busybox nc -l -p "$1" <>/tmp/nc-hold >"$2"
	else
		busybox nc -l -p "$1" <>/tmp/nc-hold >"$2"
	fi
}

# kunit_rerun SUITE CASES TAG: run a KUnit suite again now (debugfs "run"),
# after the p2m has been through a scenario's changes: every one of its
# CASES cases must pass.  The base kernel has no suite of ours.
kunit_rerun() {
	local d=/sys/kernel/debug/kunit/$1 line
	case "$(uname -r)" in
	*-base*) echo "P2M-NOTE kunit-$1-$3: not a check of the upstream kernel (no suite)"; return ;;
	esac
	if [ ! -e "$d/run" ]; then
		fail "kunit-$1-$3" "no $d/run"
		return
	fi
	echo run >"$d/run"
	line=$(grep -E "^# $1: pass:" "$d/results" | tail -n 1)
	check "kunit-$1-$3" "$line" [ "$line" = "# $1: pass:$2 fail:0 skip:0 total:$2" ]
}

# stress_bg SECONDS: page-table load on each CPU (tools/p2m-stress: fork +
# exec on CPU 0, mmap + touch + munmap of 32 MiB on CPU 1) and debugfs
# dump reads in a loop, for SECONDS, in the background; stress_report
# waits for them and checks their lines.
stress_bg() {
	local s=$1
	rm -f /tmp/st.*
	taskset -c 0 /tools/p2m-stress fork "$s" >/tmp/st.fork 2>&1 &
	STRESS_PIDS="$!"
	taskset -c 1 /tools/p2m-stress mmap "$s" 32 >/tmp/st.mmap 2>&1 &
	STRESS_PIDS="$STRESS_PIDS $!"
	(
		n=0 end=$(($(date +%s) + s))
		while [ "$(date +%s)" -lt $end ]; do
			cat "$P2M_DUMP" >/dev/null && n=$((n + 1))
		done
		echo "P2M-STRESS dump reads=$n"
	) >/tmp/st.dump 2>&1 &
	STRESS_PIDS="$STRESS_PIDS $!"
}

# stress_report WHO: wait for stress_bg's jobs (and the caller's others
# writing /tmp/st.*, their pids added to STRESS_PIDS), print their lines,
# check each: bad=0 and something done.
stress_report() {
	local f line p
	for p in $STRESS_PIDS; do wait "$p"; done
	for f in /tmp/st.*; do
		line=$(grep '^P2M-STRESS ' "$f")
		echo "${line:-P2M-STRESS ${f#/tmp/st.} no report: $(head -c 200 "$f")}"
		case "$line" in
		*" bad=0"*|"P2M-STRESS dump reads="[1-9]*) ;;
		*) fail "stress-$1-${f#/tmp/st.}" "$line"; continue ;;
		esac
		case "$line" in
		*" ops=0 "*|*" rounds=0 "*|*" sends=0 "*|*" receives=0 "*) fail "stress-$1-${f#/tmp/st.}" "$line: nothing done" ;;
		*) pass "stress-$1-${f#/tmp/st.}" "$line" ;;
		esac
	done
}
