#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [fast|slow]: every test of the project, one result line each,
# ending with "N passed, N failed"; exits non-zero on any failure.
#   fast (make check): series export round trip, checkpatch --strict on every
#        patch, the self-test of the p2m checker against Xen's view, the
#        user-space harness (sanitizers, each fuzz target briefly), the
#        kernel build and the fast boot scenarios; the fixes prefix alone
#        (FIXES=1) built and booted in small, pcihole, balloon and oddmem.
#   slow (make check-slow): every patch built on its own, every patch of
#        part 2 booted with a domU (bisectview), the fuzz targets
#        for 10+ CPU-minutes, the slow boot scenarios, the debug variant's
#        boots, crash on a domU's dump-core (DEBUG=info, both kernels) and
#        unpopedge and hotplugedge on all three kernels (DEBUG=unpop),
#        growrace under KCSAN,
#        live migration on the lab hypervisor: localmigrate x10 and
#        migballoon on both kernels, localmigrate-fl (frame-list mode),
#        e820map on every real machine's map and e820bad on the three
#        kernels, numa.
. "$(dirname "$0")/lib.sh"

mode=${1:-fast}
FAST_SCENARIOS=(small balloon pcihole highbar domu stress oddmem leafedge localmigrate e820map)
SLOW_SCENARIOS=(large130 large520 domu-large domu-high suspendrace)
# The fixes prefix (FIXES=1) on 6.12's list, in make check.
FIXES_SCENARIOS=(small pcihole balloon oddmem)
# The debug variant (DEBUG=1: lockdep, KFENCE, UBSAN, ...) in check-slow.
DEBUG_SCENARIOS=(small balloon pcihole highbar domu stress balloonfail)
pass=0 failn=0 failed=()

result() { # NAME STATUS [DETAIL]
	printf 'TEST %-40s %s %s\n' "$1" "$2" "${3:-}"
	if [ "$2" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); failed+=("$1"); fi
}

# run_test NAME CMD...: a test passes when CMD exits 0; its output goes to
# build/logs/test-NAME.log.
run_test() {
	local name=$1 log=$LOGS/test-$1.log
	shift
	if "$@" >"$log" 2>&1; then result "$name" PASS; else
		tail -n 15 "$log" | sed 's/^/    | /'
		result "$name" FAIL "(log: $log)"
	fi
}

mkdir -p "$LOGS"
stage "make check ($mode)"
"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"

if [ "$mode" = fast ]; then
	# patches/ must be exactly what build/linux exports, byte for byte.
	series_roundtrip() {
		local d
		d=$(mktemp -d)
		"$TOP/scripts/series.sh" "$d/p" && cp "$TOP/patches/cover-letter.txt" "$d/p/" 2>/dev/null
		cp "$TOP/patches/BASE" "$d/p/"
		diff -r "$TOP/patches" "$d/p"
		local rc=$?
		rm -rf "$d"
		return $rc
	}
	run_test series-export-roundtrip series_roundtrip

	# Shim headers of a user-space harness (tools/testing/) re-define kernel
	# macros, typedefs and exports for user space, as tools/testing/memblock's
	# do: those message types cannot apply there.  Everything else must be
	# clean, and kernel patches get no exception at all.  FILE_PATH_CHANGES:
	# the patch that adds the harness lists its directory in MAINTAINERS, so
	# files added there later need no MAINTAINERS change.
	USERSPACE_IGNORE=PREFER_DEFINED_ATTRIBUTE_MACRO,MACRO_ARG_UNUSED,MACRO_ARG_REUSE,NEW_TYPEDEFS,EXPORT_SYMBOL,COMPLEX_MACRO,AVOID_EXTERNS,BIT_MACRO,FILE_PATH_CHANGES
	# UNKNOWN_COMMIT_ID: build/linux is Debian's source on one commit, with
	# no upstream history, so the id of a Fixes: tag is never found there
	# (the form of the tag is still checked; the cover letter says where
	# each id was found).
	checkpatch() {
		local out added ignore=(--ignore UNKNOWN_COMMIT_ID)
		if ! grep -E '^diff --git a/' "$1" | grep -vqE ' a/(tools/testing/|MAINTAINERS)'; then
			ignore=(--ignore "UNKNOWN_COMMIT_ID,$USERSPACE_IGNORE")
		else
			# A kernel patch whose only new files are in the harness
			# (listed in MAINTAINERS): no MAINTAINERS change needed.
			added=$(grep -B1 -E '^new file mode' "$1" | grep -E '^diff --git a/' || true)
			if [ -n "$added" ] && ! grep -vqE ' a/tools/testing/xen-p2m/' <<<"$added" &&
			   ! grep -qE '^(deleted file mode|rename from)' "$1"; then
				ignore=(--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES)
			fi
		fi
		out=$(cd "$LINUX" && PATH=/usr/bin:/bin:$PATH ./scripts/checkpatch.pl --strict \
			--no-summary --terse "${ignore[@]}" "$1") || true
		[ -z "$out" ] || { echo "$out"; return 1; }
	}
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		run_test "checkpatch ${p%%-*}" checkpatch "$TOP/patches/$p"
	done <"$TOP/patches/series"

	# The checker of dom0's p2m against Xen's view, on a real boot's log
	# and on edits of it that must fail.
	run_test xen-map-check-selftest "$TOP/tests/xen-map-check-selftest"
	# The corpus of real machines' E820 maps: headers, sources, syntax.
	run_test e820-corpus "$TOP/tests/e820/check-corpus"
	# The p2m pictures: drawn from known dumps, read back from the SVG.
	run_test picture-check "$TOP/tests/picture-check"

	# The series' Documentation (Documentation/arch/x86/xen-p2m.rst) built
	# by "make htmldocs" for its directory: any warning or error fails
	# (but Sphinx's note that graphviz's dot is not installed).
	htmldocs() {
		local out=$BUILD/htmldocs
		rm -rf "$out" && mkdir -p "$out"
		PATH=/usr/bin:/bin:$PATH make -s -C "$LINUX" O="$out" SPHINXDIRS=arch/x86 \
			htmldocs >"$out/build.log" 2>&1 || { tail -n 20 "$out/build.log"; return 1; }
		! grep -v 'dot(1) not found' "$out/build.log" | grep -E 'WARNING|ERROR|CRITICAL' &&
			[ -s "$out/Documentation/output/arch/x86/xen-p2m.html" ]
	}
	run_test htmldocs-arch-x86 htmldocs
	# kernel-doc with every warning (-Wall: W=2's) on the files the series
	# adds: no output at all.
	kerneldoc() {
		local out
		out=$(cd "$LINUX" && PATH=/usr/bin:/bin:$PATH ./scripts/kernel-doc -none -Wall \
			arch/x86/include/asm/xen/p2m.h arch/x86/xen/p2m*.c arch/x86/xen/p2m-e820.h 2>&1)
		[ -z "$out" ] || { echo "$out"; return 1; }
	}
	run_test kernel-doc-new-files kerneldoc
	# The series as b4 reads it from the list: every patch, every trailer,
	# and git am of b4's output gives build/linux's tree.
	run_test b4-am "$TOP/scripts/b4-check.sh"

	# The series carries its harness: a tree without it fails here.
	stage "user-space harness (tools/testing/xen-p2m)"
	run_test harness make -C "$LINUX/tools/testing/xen-p2m" check

	run_test build-kernel "$TOP/scripts/build.sh"
	# W=1 and sparse on the files the series touches: nothing new over
	# the base.
	run_test static-touched-files "$TOP/scripts/static-check.sh" touched
	# The fixes prefix alone (FIXES=1): the series' first patches on
	# 6.12's own linear list, built and booted beside the whole series.
	run_test build-kernel-fixes env FIXES=1 "$TOP/scripts/build.sh"
	scenarios=("${FAST_SCENARIOS[@]}")
else
	run_test build-kernel "$TOP/scripts/build.sh"
	# W=1 and sparse on arch/x86/xen and drivers/xen in Debian's config.
	run_test static-debian-config "$TOP/scripts/static-check.sh" debian
	# Every patch builds on its own (bisectable).
	run_test bisect-every-patch-builds "$TOP/scripts/bisect-check.sh"
	# Every patch of part 2 boots with a domU, and gives the toolstack
	# what it should: from patch 19 on, the linear view (issue 28 item 3).
	run_test bisect-every-tree-patch-boots "$TOP/scripts/bisect-boot.sh"
	# The harness's fuzz targets for 10+ CPU-minutes in all, 0 crashes.
	run_test harness-fuzz-long make -C "$LINUX/tools/testing/xen-p2m" fuzz-long
	scenarios=("${SLOW_SCENARIOS[@]}")
fi

for s in "${scenarios[@]}"; do
	if "$TOP/scripts/boot.sh" "$s"; then result "boot $s" PASS "$(cat "$BUILD/results/$s.result")"
	else result "boot $s" FAIL "(log: $LOGS/$s.log)"; fi
done
if [ "$mode" = fast ]; then
	for s in "${FIXES_SCENARIOS[@]}"; do
		if FIXES=1 "$TOP/scripts/boot.sh" "$s"; then
			result "boot $s (fixes prefix)" PASS "$(cat "$BUILD/results/$s-fixes.result")"
		else result "boot $s (fixes prefix)" FAIL "(log: $LOGS/$s-fixes.log)"; fi
	done
fi
if [ "$mode" = slow ]; then
	f0=$failn
	run_test build-kernel-debug env DEBUG=1 "$TOP/scripts/build.sh"
	built=0; [ $failn = "$f0" ] && built=1
	for s in "${DEBUG_SCENARIOS[@]}"; do
		if [ $built = 0 ]; then result "boot $s (debug)" FAIL "(the debug kernel did not build)"
		elif DEBUG=1 "$TOP/scripts/boot.sh" "$s"; then
			result "boot $s (debug)" PASS "$(cat "$BUILD/results/$s-debug.result")"
		else result "boot $s (debug)" FAIL "(log: $LOGS/$s-debug.log)"; fi
	done
	# A real external reader of the p2m: crash on a domU's dump-core, for
	# this series and the base (DEBUG=info: kernels with debug info).
	for base in "" 1; do
		flav=p2m; [ -n "$base" ] && flav=base
		tag=dumpcore$([ -n "$base" ] && echo -base)-info
		if ! BASE=$base DEBUG=info "$TOP/scripts/build.sh" >"$LOGS/test-build-info-$flav.log" 2>&1; then
			result "boot dumpcore ($flav, info)" FAIL "(the debug-info kernel did not build: $LOGS/test-build-info-$flav.log)"
		elif BASE=$base DEBUG=info "$TOP/scripts/boot.sh" dumpcore; then
			result "boot dumpcore ($flav, info)" PASS "$(cat "$BUILD/results/$tag.result")"
		else result "boot dumpcore ($flav, info)" FAIL "(log: $LOGS/$tag.log)"; fi
	done
	# The tree growing while lookups run, under KCSAN (DEBUG=kcsan).
	if ! DEBUG=kcsan "$TOP/scripts/build.sh" >"$LOGS/test-build-kcsan.log" 2>&1; then
		result "boot growrace (kcsan)" FAIL "(the KCSAN kernel did not build: $LOGS/test-build-kcsan.log)"
	elif DEBUG=kcsan "$TOP/scripts/boot.sh" growrace; then
		result "boot growrace (kcsan)" PASS "$(cat "$BUILD/results/growrace-kcsan.result")"
	else result "boot growrace (kcsan)" FAIL "(log: $LOGS/growrace-kcsan.log)"; fi
	# The crash class of unpopulated-alloc above the p2m (DEBUG=unpop:
	# unpopulated-alloc and ZONE_DEVICE, as Debian builds), on the three
	# kernels, each asserting its own outcome: 6.12's BUG, the fixes
	# prefix's clean failure, the series' grown tree; and the same class
	# through the balloon's memory hotplug in a domU (hotplugedge).
	for flav in p2m fixes base; do
		b=""; f=""; [ $flav = base ] && b=1; [ $flav = fixes ] && f=1
		if ! BASE=$b FIXES=$f DEBUG=unpop "$TOP/scripts/build.sh" >"$LOGS/test-build-unpop-$flav.log" 2>&1; then
			result "boot unpopedge hotplugedge ($flav, unpop)" FAIL "(the kernel did not build: $LOGS/test-build-unpop-$flav.log)"
			continue
		fi
		for s in unpopedge hotplugedge; do
			tag=$s$([ $flav != p2m ] && echo "-$flav")-unpop
			if BASE=$b FIXES=$f DEBUG=unpop "$TOP/scripts/boot.sh" $s; then
				result "boot $s ($flav, unpop)" PASS "$(cat "$BUILD/results/$tag.result")"
			else result "boot $s ($flav, unpop)" FAIL "(log: $LOGS/$tag.log)"; fi
		done
	done
	# Live migration on the lab hypervisor (issue 28): ten in a row and
	# ballooning during migrations on both kernels, the ten in frame-list
	# mode on ours; then ours must complete wherever 6.12 completes.
	for flav in p2m base; do
		b=""; [ $flav = base ] && b=1
		sfx=$([ $flav = base ] && echo -base)
		if ! BASE=$b "$TOP/scripts/build.sh" >"$LOGS/test-build-$flav.log" 2>&1; then
			result "boot localmigrate ($flav)" FAIL "(the kernel did not build: $LOGS/test-build-$flav.log)"
			continue
		fi
		# scenario:migrations (the load's three: 100 s of load each)
		scen=(localmigrate:10 localmigrate-load:3 migballoon:-)
		[ $flav = p2m ] && scen+=(localmigrate-fl:10)
		for sr in "${scen[@]}"; do
			s=${sr%:*} runs=${sr#*:}
			if RUNS=$runs BASE=$b "$TOP/scripts/boot.sh" $s; then
				result "boot $s ($flav, runs $runs)" PASS "$(cat "$BUILD/results/$s$sfx.result")"
			else result "boot $s ($flav, runs $runs)" FAIL "(log: $LOGS/$s$sfx.log)"; fi
		done
	done
	# Real machines' maps in a PV domU (issue 30): every map of tests/e820
	# on the three kernels, each asserting its outcome: 6.12 panics on
	# each (the legacy hole), the fixes prefix and the series boot.
	for flav in p2m fixes base; do
		b=""; f=""; [ $flav = base ] && b=1; [ $flav = fixes ] && f=1
		sfx=$([ $flav != p2m ] && echo "-$flav")
		if ! BASE=$b FIXES=$f "$TOP/scripts/build.sh" >"$LOGS/test-build-e820-$flav.log" 2>&1; then
			result "boot e820map ($flav, all maps)" FAIL "(the kernel did not build: $LOGS/test-build-e820-$flav.log)"
		else
			if E820_MAPS=all BASE=$b FIXES=$f "$TOP/scripts/boot.sh" e820map; then
				result "boot e820map ($flav, all maps)" PASS "$(cat "$BUILD/results/e820map$sfx.result")"
			else result "boot e820map ($flav, all maps)" FAIL "(log: $LOGS/e820map$sfx.log)"; fi
			# The bad maps of tests/e820-bad, each kernel's outcome asserted.
			if BASE=$b FIXES=$f "$TOP/scripts/boot.sh" e820bad; then
				result "boot e820bad ($flav)" PASS "$(cat "$BUILD/results/e820bad$sfx.result")"
			else result "boot e820bad ($flav)" FAIL "(log: $LOGS/e820bad$sfx.log)"; fi
		fi
	done
	# A dom0 of 8 vCPUs on two NUMA nodes.
	if "$TOP/scripts/boot.sh" numa; then result "boot numa" PASS "$(cat "$BUILD/results/numa.result")"
	else result "boot numa" FAIL "(log: $LOGS/numa.log)"; fi
	run_test migballoon-ours-completes-where-6.12-does "$TOP/scripts/migrate-outcomes.sh" \
		"$LOGS/migballoon.log" "$LOGS/migballoon-base.log"
fi

stage "done"
if [ $failn -gt 0 ]; then printf 'failed: %s\n' "${failed[*]}"; fi
echo "$pass passed, $failn failed"
[ $failn -eq 0 ]
