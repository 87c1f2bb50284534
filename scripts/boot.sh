#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh SCENARIO: boot Xen 4.17 + our kernel (BASE=1: the unpatched base;
# FIXES=1: the series' fixes prefix alone, on 6.12's linear list)
# as a PV dom0 under QEMU TCG, run the scenario's checks inside dom0 and
# decide PASS/FAIL from the serial log alone.
#
# A scenario (tests/boot/NAME.sh) is a bash file that sets:
#   VM_MEM      QEMU memory (allocated lazily: may exceed host RAM)
#   XEN_ARGS    added to the Xen command line (dom0_mem=... etc.)
#   DOM0_ARGS   added to the dom0 kernel command line
#   QEMU_ARGS   array of extra QEMU arguments (devices)
#   TIMEOUT     seconds before QEMU is stopped and the scenario fails
#   EXPECT      array of strings that must appear in the log
#   KUNIT       "required": the log must hold KUnit's KTAP output (our
#               kernel always: every suite of tests/boot/kunit-suites, whole)
#   KUNIT_DOMUS domUs whose KUnit suites are checked too (e.g. (d1))
#   KUNIT_SKIPS skips a scenario allows: "suite:count ..." (default none)
#   KERNEL_REPORTS_OK  an ERE of kernel reports (Oops, BUG, Call Trace) that
#               do not fail the scenario: a known bug of the base that the
#               scenario asserts with an EXPECT of its own (default none)
#   VM_CPUS     QEMU CPUs, multi-threaded TCG (default 2: the machine's cores)
#   (the environment may set TCG_THREAD=single|multi and QEMU_CPU, default
#   max,-smap: used to find the TCG fault in the README's "SMP under QEMU TCG")
#   (ICOUNT=N, from the environment: QEMU's -icount shift=N,sleep=off on
#   single-threaded TCG; the guest's clocks then count instructions, 2^N ns
#   each, instead of host time: guest-timed figures become instruction
#   counts, free of the host's noise; used by make bench-guest ICOUNT=N)
#   XEN_LAB     1: boot the lab hypervisor with shadow paging, which can
#               live-migrate PV guests (scripts/lab-xen.sh; default 0:
#               Debian's current xen-hypervisor-4.17-amd64)
#   NUMA_NODES  NUMA nodes of the VM (default 1), sharing VM_MEM and
#               VM_CPUS evenly: QEMU gives Xen an SRAT
#   DOM0_VCPUS  dom0's vCPUs (dom0_max_vcpus, default 2; Xen may give a
#               guest more vCPUs than the VM has CPUs)
#   DOM0_ROOTFS "debian": dom0 runs from build/rootfs (Debian with the Xen
#               toolstack, scripts/rootfs.sh) with tests/guest/init-xl and
#               xl.sh, and carries a domU kernel (the same build as dom0)
#               and domU initramfs (tests/guest/domu-init) under /domu
# and defines guest() printing the script dom0 runs (sh, see tests/guest),
# optionally host_pre() and host_post() (run around QEMU; host_post prints
# P2M-CHECK lines and fails the scenario by returning non-zero).
#
# BISECT_PATCH=N (from scripts/bisect-boot.sh, with OBJ_DIR and TAG_SUFFIX):
# the kernel is the series at its patch N, which publishes what that patch
# publishes: the checks of what comes later are not asked of it (the view's
# check before 20, the dump's true types and the replay before 21), and
# KUNIT_SUITES names the file of the suites it has; the guest finds N in
# /bisect-patch.
#
# Output: build/logs/NAME[-base|-fixes].log (serial console, with host timestamps),
# build/results/NAME[-base|-fixes].result (one line: status, times, peak memory).
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: boot.sh SCENARIO (see tests/boot/)"
name=$(basename "$1" .sh)
file=$TOP/tests/boot/$name.sh
[ -f "$file" ] || die "no scenario $file"

VM_MEM=2G XEN_ARGS="" DOM0_ARGS="" QEMU_ARGS=() TIMEOUT=240 EXPECT=() KUNIT="" DOM0_ROOTFS=""
VM_CPUS=2 DOM0_VCPUS=2 XEN_LAB=0 NUMA_NODES=1
KUNIT_DOMUS=() KUNIT_SKIPS="" KERNEL_REPORTS_OK=""
host_pre() { :; }
host_post() { :; }
. "$file"

tag=$name
[ "$(flavour)" != p2m ] && tag=$name-$(flavour)
tag=$tag$(variant)
# TAG_SUFFIX: logs and results of another kernel (OBJ_DIR) beside the usual.
tag=$tag${TAG_SUFFIX:-}
OBJ=$(obj_tree)
log=$LOGS/$tag.log
result=$BUILD/results/$tag.result
mkdir -p "$LOGS" "$BUILD/results" "$BUILD/xen" "$BUILD/initramfs"
rm -f "$result"  # no stale verdict if this run stops early
bzimage=$OBJ/arch/x86/boot/bzImage
[ -f "$bzimage" ] || die "$bzimage missing: run 'make build' (BASE=${BASE:-0})"

# JUDGE_ONLY=1: judge the log of an earlier run again without booting (a
# verdict lost to a crash of this script, or a checker changed since).
if [ "${JUDGE_ONLY:-0}" = 1 ]; then
	[ -s "$log" ] || die "JUDGE_ONLY=1: no log $log to judge"
	note "judging $log again, without booting"
	exit_s=rejudged peak_kb=0 reason=""
else

# Xen as a multiboot ELF: QEMU loads the gunzipped image from the package;
# XEN_LAB=1, a hypervisor that can live-migrate (scripts/lab-xen.sh).
if [ "$XEN_LAB" = 1 ]; then
	"$TOP/scripts/lab-xen.sh"
	xen=$BUILD/xen/xen-4.17-lab
	note "lab hypervisor: $(cat "$xen.route")"
else
	xen=$BUILD/xen/xen-4.17
	if [ ! -f "$xen" ] || [ /boot/xen-4.17-amd64.gz -nt "$xen" ]; then
		[ -f /boot/xen-4.17-amd64.gz ] || die "/boot/xen-4.17-amd64.gz missing: run 'make deps'"
		zcat /boot/xen-4.17-amd64.gz >"$xen"
	fi
fi

# Modules built with this kernel go into the initramfs under /modules.
extra=$BUILD/initramfs/$tag.extra
rm -rf "$extra"
mkdir -p "$extra/modules"
find "$OBJ" -name '*.ko' -not -path '*/.tmp*' -exec cp {} "$extra/modules/" \; 2>/dev/null || true
# Our test modules (tests/modules: p2m_bench), built against this kernel in
# a copy under build/, go to /bench.
mods=$BUILD/modules-$(flavour)$(variant)
rm -rf "$mods" && mkdir -p "$mods" "$extra/bench"
cp "$TOP"/tests/modules/*.c "$TOP/tests/modules/Makefile" "$mods/"
run_logged "$LOGS/modules-$(flavour)$(variant).log" make -C "$OBJ" M="$mods" modules
cp "$mods"/*.ko "$extra/bench/"
# Xen's own count of a domain's pages (tests/tools/xen-resv.c), static.
mkdir -p "$extra/tools"
# The stress scenario's page-table load (tests/tools/p2m-stress.c) and
# the domu-high scenario's pinned data (tests/tools/p2m-hold.c), and the
# workload scenario's end-to-end work (tests/tools/p2m-work.c), static.
for t in xen-resv p2m-stress p2m-hold p2m-work; do
	gcc -static -O2 -Wall -Werror -o "$extra/tools/$t" "$TOP/tests/tools/$t.c" ||
		die "cannot build tests/tools/$t.c"
done
guest >"$BUILD/initramfs/$tag.scenario.sh"
if [ -n "${BISECT_PATCH:-}" ]; then
	[[ $BISECT_PATCH =~ ^[0-9]+$ ]] || die "BISECT_PATCH=$BISECT_PATCH: want a patch number"
	echo "$BISECT_PATCH" >"$extra/bisect-patch"
fi
if [ "$DOM0_ROOTFS" = debian ]; then
	# A domU's E820 map from a file (tests/tools/xen-set-e820.c, issue 30):
	# libxenctrl, linked statically from Debian's libxen-dev; only this
	# dom0 has the toolstack to create the domU it is for.
	gcc -static -O2 -Wall -Werror -o "$extra/tools/xen-set-e820" "$TOP/tests/tools/xen-set-e820.c" \
		-lxenctrl -lxencall -lxenforeignmemory -lxendevicemodel -lxengnttab -lxenevtchn \
		-lxentoollog -lxentoolcore -lpthread -ldl ||
		die "cannot build tests/tools/xen-set-e820.c: run 'make deps' (libxen-dev)"
	# Debian's rootfs, packed once, then an overlay: init, tests, domU files.
	"$TOP/scripts/rootfs.sh"
	rootfs_gz=$BUILD/initramfs/rootfs.cpio.gz
	if [ ! -f "$rootfs_gz" ] || [ "$BUILD/rootfs/.p2m-rootfs" -nt "$rootfs_gz" ]; then
		note "packing $BUILD/rootfs into $rootfs_gz"
		# One filesystem only (-xdev), and proc, sys and dev packed
		# empty: nothing of the host may reach the guest through a
		# mount left below the rootfs.
		(cd "$BUILD/rootfs" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev \) \
			-prune -print0 -o -print0 | LC_ALL=C sort -z |
			cpio --null -o -H newc --quiet | gzip -n -1) >"$rootfs_gz.tmp"
		if zcat "$rootfs_gz.tmp" | cpio -it --quiet | grep -qE '^(proc|sys|dev)/.'; then
			rm -f "$rootfs_gz.tmp"
			die "the packed rootfs has files under proc, sys or dev: not packing the host"
		fi
		mv "$rootfs_gz.tmp" "$rootfs_gz"
	fi
	mkdir -p "$extra/domu"
	cp "$bzimage" "$extra/domu/vmlinuz"
	install -m 644 "$TOP/tests/guest/xl.sh" "$extra/xl.sh"
	echo ': no scenario of its own' >"$BUILD/initramfs/$tag.domu.sh"
	# The domU gets the test modules and tools too (p2m_frames, xen-resv).
	rm -rf "$extra.domu" && mkdir -p "$extra.domu"
	cp -a "$extra/bench" "$extra/tools" "$extra.domu/"
	[ ! -f "$extra/bisect-patch" ] || cp "$extra/bisect-patch" "$extra.domu/"
	INIT=$TOP/tests/guest/domu-init "$TOP/scripts/initramfs.sh" "$extra/domu/initrd.gz" \
		"$BUILD/initramfs/$tag.domu.sh" "$extra.domu"
	INIT=$TOP/tests/guest/init-xl NO_BUSYBOX=1 "$TOP/scripts/initramfs.sh" \
		"$BUILD/initramfs/$tag.overlay.cpio.gz" "$BUILD/initramfs/$tag.scenario.sh" "$extra"
	cat "$rootfs_gz" "$BUILD/initramfs/$tag.overlay.cpio.gz" >"$BUILD/initramfs/$tag.cpio.gz"
else
	"$TOP/scripts/initramfs.sh" "$BUILD/initramfs/$tag.cpio.gz" "$BUILD/initramfs/$tag.scenario.sh" "$extra"
fi

XEN_CMDLINE="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all dom0_max_vcpus=$DOM0_VCPUS bootscrub=0 $XEN_ARGS"
DOM0_CMDLINE="console=hvc0 earlyprintk=xen loglevel=7 $DOM0_ARGS"
# The debug variant's checkers make every boot slower under TCG.
case "$(variant)" in -debug | -kasan) TIMEOUT=$((TIMEOUT * 3)) ;; esac
ICOUNT_ARGS=()
if [ -n "${ICOUNT:-}" ]; then
	[[ $ICOUNT =~ ^[0-9]+$ ]] || die "ICOUNT=$ICOUNT: want the shift, a number (0: 1 ns per instruction)"
	# QEMU cannot count instructions with multi-threaded TCG.
	TCG_THREAD=single ICOUNT_ARGS=(-icount "shift=$ICOUNT,sleep=off")
	TIMEOUT=$((TIMEOUT * 3))
fi
# The VM's memory: one backend, or NUMA_NODES nodes sharing the memory and
# the CPUs evenly (an SRAT for Xen), each node with a backend of its own.
MEM_ARGS=(-object "memory-backend-ram,id=ram0,size=$VM_MEM,reserve=off" -machine pc,memory-backend=ram0)
if [ "$NUMA_NODES" -gt 1 ]; then
	mem_mb=$(numfmt --from=iec --to-unit=1Mi "$VM_MEM")
	[ $((mem_mb % NUMA_NODES)) = 0 ] && [ $((VM_CPUS % NUMA_NODES)) = 0 ] ||
		die "NUMA_NODES=$NUMA_NODES must divide VM_MEM=$VM_MEM and VM_CPUS=$VM_CPUS"
	MEM_ARGS=(-machine pc)
	per_cpus=$((VM_CPUS / NUMA_NODES))
	for ((n = 0; n < NUMA_NODES; n++)); do
		MEM_ARGS+=(-object "memory-backend-ram,id=ram$n,size=$((mem_mb / NUMA_NODES))M,reserve=off"
			-numa "node,nodeid=$n,cpus=$((n * per_cpus))-$((n * per_cpus + per_cpus - 1)),memdev=ram$n")
	done
fi
QEMU=(qemu-system-x86_64 -accel "tcg,thread=${TCG_THREAD:-multi}" -cpu "${QEMU_CPU:-max,-smap}" -smp "$VM_CPUS"
	"${ICOUNT_ARGS[@]}"
	-m "$VM_MEM" "${MEM_ARGS[@]}"
	-display none -serial stdio -monitor none -no-reboot -nodefaults
	-kernel "$xen" -append "$XEN_CMDLINE"
	-initrd "$bzimage $DOM0_CMDLINE,$BUILD/initramfs/$tag.cpio.gz"
	"${QEMU_ARGS[@]}")

# Stop QEMU before the host runs out: keep this much available (MiB).
HOST_RESERVE_MB=${HOST_RESERVE_MB:-1536}

host_pre
stage "boot $tag: VM $VM_MEM, Xen '$XEN_ARGS', dom0 '$DOM0_ARGS' (timeout ${TIMEOUT}s, log $log)"
fifo=$(mktemp -u)
mkfifo "$fifo"
# Host-side timestamps (seconds since QEMU started) on every serial line.
perl -MTime::HiRes=time -e '$|=1; $t0=time; while (<STDIN>) { s/\r//g; printf "[%8.3f] %s", time-$t0, $_ }' \
	<"$fifo" >"$log" &
tspid=$!
printf '%q ' "${QEMU[@]}" >"$log.cmd"
"${QEMU[@]}" </dev/null >"$fifo" 2>&1 &
qpid=$!

t0=$(date +%s.%N)
reason="" peak_kb=0 last=0
while kill -0 $qpid 2>/dev/null; do
	sleep 0.5
	now=$(date +%s.%N)
	el=$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%d", b - a }')
	hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/$qpid/status 2>/dev/null || echo 0)
	if [ -n "$hwm" ] && [ "$hwm" -gt "$peak_kb" ]; then peak_kb=$hwm; fi
	avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
	if [ "$avail" -lt "$HOST_RESERVE_MB" ]; then
		reason="host memory guard: only ${avail} MiB left on the host, QEMU (pid $qpid) stopped"
		kill $qpid
		break
	fi
	if [ "$el" -ge "$TIMEOUT" ]; then
		reason="timeout: no poweroff within ${TIMEOUT}s"
		kill $qpid
		break
	fi
	if [ $((el / 30)) -gt $last ]; then
		last=$((el / 30))
		note "  ${el}s, QEMU peak ${peak_kb} kB, last line: $(tail -n 1 "$log" | cut -c1-100)"
	fi
done
wait $qpid 2>/dev/null || true
wait $tspid 2>/dev/null || true
# Only now: removing the FIFO before both ends opened it made QEMU write a
# regular file and the timestamper wait for a writer for ever.
rm -f "$fifo"
exit_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
fi

# ---- verdict, from the log alone (host-side checks append to it first) ----
fails=()
if ! host_post >>"$log" 2>&1; then
	fails+=("host-side check failed")
fi
# Our kernel: the same layout code, replayed in user space on the map the
# guest saw, must give the same p2m (a boot without the layout line or the
# dump fails here).
# bisect_at_least N: the kernel has patch N of the series (always, but
# for a bisection boot of an earlier patch).
bisect_at_least() { [ -z "${BISECT_PATCH:-}" ] || [ "$BISECT_PATCH" -ge "$1" ]; }
if [ "$(flavour)" = p2m ] && bisect_at_least 21; then
	"$TOP/scripts/replay-check.sh" "$log" >>"$log" 2>&1 ||
		fails+=("replay of the E820 layout differs from the boot, or cannot run")
	# The tools' linear view, walked from p2m_cr3 as the toolstack does.
	EXPECT+=("P2M-CHECK replay-matches-boot PASS")
fi
[ "$(flavour)" = p2m ] && bisect_at_least 20 && EXPECT+=("P2M-CHECK view-boot PASS")
# The accounting line is in the fixes prefix too.
[ "$(flavour)" != base ] && EXPECT+=("P2M-CHECK nothing-lost PASS")
# Both kernels: dom0's p2m against Xen's own map and page count, by a
# checker that shares no code with the series.
# The fixes prefix keeps upstream's list, and its dump.
dump_flavour=base
[ "$(flavour)" = p2m ] && bisect_at_least 21 && dump_flavour=p2m
"$TOP/tests/xen-map-check" --flavour "$dump_flavour" "$log" >>"$log" 2>&1 ||
	fails+=("dom0's p2m disagrees with Xen's map or page count, or cannot be checked")
EXPECT+=("P2M-CHECK frames-boot PASS" "P2M-CHECK xen-map-identity-walk PASS"
	"P2M-CHECK xen-map-ram-walk PASS" "P2M-CHECK xen-map-pages PASS"
	"P2M-CHECK xen-map-walk-covers-ram PASS")
[ "$dump_flavour" = p2m ] && EXPECT+=("P2M-CHECK xen-map-identity-dump PASS"
	"P2M-CHECK xen-map-ram-dump PASS" "P2M-CHECK xen-map-dump-is-walk PASS")
[ -n "$reason" ] && fails+=("$reason")
grep -q 'P2M-GUEST-DONE' "$log" || fails+=("dom0 did not reach the end of its checks (no P2M-GUEST-DONE)")
# Any status but PASS fails: a check that cannot run says FAIL, never SKIP.
while IFS= read -r l; do fails+=("check failed: ${l#*P2M-CHECK }"); done \
	< <(grep -aoE 'P2M-CHECK [^ ]+ [^ ]+' "$log" | grep -av ' PASS$' || true)
# Markers match at the start of a line, after the host's timestamp: dom0's
# "P2M-CHECK x PASS" is not satisfied by a domU's "domU d1: P2M-CHECK x PASS".
# Or after the start of a kernel message that the console printed into the
# middle of the line (seen in make check: "[    4.683709] clocksource:
# Switched to clocksouP2M-CHECK bar-found PASS ... rce xen"), unless what
# stands before the marker is a domU's prefix.
sed -e 's/^\[ *[0-9.]*\] //' "$log" >"$log.lines"
for m in "${EXPECT[@]}"; do
	awk -v m="$m" '
		{ i = index($0, m) }
		i == 1 { found = 1; exit }
		i > 1 && /^\[ *[0-9]+\.[0-9]+\] / && substr($0, 1, i - 1) !~ /domU [^ ]+: $/ { found = 1; exit }
		END { exit !found }' "$log.lines" ||
		fails+=("expected marker missing: $m")
done
rm -f "$log.lines"
# The kernel's reports, dom0's and every domU's, including those of the
# debug variant's checkers: lockdep ("WARNING: possible circular locking
# dependency"), "BUG: sleeping function called from invalid context",
# KFENCE/KASAN ("BUG: KFENCE: ..."), UBSAN, list corruption, SLUB's "BUG
# <cache> (...): <what>", RCU stalls, lockups, hung tasks.
while IFS= read -r l; do fails+=("kernel: $l"); done < <(grep -aE \
	'(BUG:|WARNING:|Oops|Kernel panic|general protection fault|Unable to handle|kernel BUG|UBSAN:|list_(add|del) corruption|BUG [^ ]+ \(.*\): |INFO: (task .* blocked|rcu_|possible)|rcu: INFO|detected stall|soft lockup|hard LOCKUP|turning off the locking correctness validator|Call Trace:)' "$log" |
	grep -v 'P2M-' | { [ -n "$KERNEL_REPORTS_OK" ] && grep -avE "$KERNEL_REPORTS_OK" || cat; } |
	head -5 || true)
while IFS= read -r l; do fails+=("xen: $l"); done < <(grep -aE \
	'\(XEN\).*(Panic on CPU|Dom0 crashed|FATAL|Xen BUG|Assertion)' "$log" | head -5 || true)
# KUnit: every suite of tests/boot/kunit-suites ran whole in dom0 and in
# each domU of KUNIT_DOMUS, with no failure and no skip the scenario did not
# allow (KUNIT_SKIPS); the base kernel has no suite of ours.
# kunit_lines PREFIX: KTAP lines of dom0 ("") or of a domU ("domU NAME: "),
# without timestamps.
kunit_lines() {
	sed -e 's/^\[ *[0-9.]*\] //' "$log" |
		if [ -z "$1" ]; then grep -av '^domU '; else grep -a "^$1" | sed "s/^$1//"; fi |
		sed -e 's/^\[ *[0-9.]*\] //' -e 's/^ *//' | grep -aE '^(# |ok |not ok |KTAP)' || true
}
kunit_check() { # WHO PREFIX
	local who=$1 lines suite cases line p f sk t allowed
	lines=$(kunit_lines "$2")
	while read -r suite cases; do
		case "$suite" in ''|'#'*) continue ;; esac
		line=$(echo "$lines" | grep -aE "^# $suite: pass:" | tail -n 1 || true)
		if [ -z "$line" ]; then
			fails+=("kunit: suite $suite did not run in $who"); continue
		fi
		read -r p f sk t < <(echo "$line" | sed 's/.*pass:\([0-9]*\) fail:\([0-9]*\) skip:\([0-9]*\) total:\([0-9]*\).*/\1 \2 \3 \4/')
		allowed=$(echo " ${KUNIT_SKIPS:-} " | sed -n "s/.* $suite:\([0-9]*\) .*/\1/p")
		allowed=${allowed:-0}
		[ "$t" = "$cases" ] || fails+=("kunit: $who: $suite ran $t cases, $cases expected (tests/boot/kunit-suites$([ "$(flavour)" = fixes ] && echo -fixes))")
		[ "$f" = 0 ] || fails+=("kunit: $who: $suite: $f failed")
		[ "$sk" -le "$allowed" ] || fails+=("kunit: $who: $suite: $sk skipped, $allowed allowed")
		[ $((p + sk)) = "$t" ] || fails+=("kunit: $who: $suite: pass $p + skip $sk != total $t")
		echo "$lines" | grep -qaE "^ok [0-9]+ $suite\$" ||
			fails+=("kunit: $who: no 'ok N $suite' line")
		note "KUnit $who: $suite pass:$p fail:$f skip:$sk total:$t (want $cases)"
	done < <(case "$(flavour)" in
		p2m) cat "${KUNIT_SUITES:-$TOP/tests/boot/kunit-suites}" ;;
		fixes) cat "$TOP/tests/boot/kunit-suites-fixes" ;;
		esac)
	while IFS= read -r l; do fails+=("kunit: $who: $l"); done < <(echo "$lines" | grep -aE '^not ok [0-9]+' | head -10 || true)
}
if [ "$KUNIT" = required ] || [ "$(flavour)" != base ]; then
	grep -qa 'KTAP version' "$log" || fails+=("no KUnit (KTAP) output in the log")
	kunit_check dom0 ""
	for d in ${KUNIT_DOMUS[@]+"${KUNIT_DOMUS[@]}"}; do kunit_check "domU $d" "domU $d: "; done
fi

boot_s=$(grep -a -m1 'P2M-GUEST-START' "$log" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' || true)
npass=$(grep -ac 'P2M-CHECK .* PASS' "$log" || true)
status=PASS
[ ${#fails[@]} -gt 0 ] && status=FAIL
printf '%s %s %s boot_s=%s exit_s=%s peak_mb=%s checks_passed=%s\n' "$name" "$(flavour)$(variant)" \
	"$status" "${boot_s:-none}" "$exit_s" "$((peak_kb / 1024))" "$npass" >"$result"
if [ $status = PASS ]; then
	note "PASS $tag: dom0 init at ${boot_s}s, QEMU exit at ${exit_s}s, peak QEMU RSS $((peak_kb / 1024)) MiB, $npass checks passed"
	exit 0
fi
note "FAIL $tag (log: $log):"
for f in "${fails[@]}"; do note "  - $f"; done
exit 1
