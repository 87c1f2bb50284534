#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bisect-boot.sh: every patch of part 2 (the tree: after the fixes prefix)
# boots, and gives the tools outside the guest what it should (issue 28
# item 3).  Each commit is built as scripts/bisect-check.sh builds it
# (worktree build/linux-bisect, objects in build/kbuild-bisect) and booted
# in the bisectview scenario with BISECT_PATCH=N: a dom0 and a domU of that
# kernel, the domU saved by the toolstack, whose log says which p2m it
# read.  The KUnit suites a patch must run are those its own source
# declares (every KUNIT_CASE of every suite in arch/x86/xen/).  One TEST
# line per patch.  PATCHES="N M ...": only those patches.
. "$(dirname "$0")/lib.sh"

bisect_prepare

# kunit_suites DIR: "suite cases" for every kunit_suite of DIR's C files
# (the cases of its test_cases array: KUNIT_CASE* entries).
kunit_suites() {
	cat "$1"/*.c | python3 -c '
import re, sys
src = sys.stdin.read()
arrays = {m.group(1): len(re.findall(r"\bKUNIT_CASE\w*\s*\(", m.group(2)))
          for m in re.finditer(r"struct\s+kunit_case\s+(?:__\w+\s+)*(\w+)\s*\[\]\s*=\s*\{(.*?)\};", src, re.S)}
for m in re.finditer(r"struct\s+kunit_suite\s+(?:__\w+\s+)*\w+\s*=\s*\{(.*?)\};", src, re.S):
    name = re.search(r"\.name\s*=\s*\"([^\"]+)\"", m.group(1))
    cases = re.search(r"\.test_cases\s*=\s*(\w+)", m.group(1))
    if name and cases:
        print(name.group(1), arrays[cases.group(1)])
'
}

rc=0 n=0
for c in $(git -C "$LINUX" rev-list --reverse "$BASE_TAG..HEAD"); do
	n=$((n + 1))
	[ "$n" -gt "$FIXES_PREFIX" ] || continue
	[ -z "${PATCHES:-}" ] || [[ " $PATCHES " == *" $n "* ]] || continue
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	stage "patch $n: $subject"
	log=$LOGS/bisect-$n.log
	if ! bisect_build "$c" "$log"; then
		tail -n 20 "$log"
		printf 'TEST %-40s FAIL (does not build, log: %s)\n' "boots: patch $n" "$log"
		rc=1
		continue
	fi
	suites=$BUILD/results/bisect-$n.kunit-suites
	kunit_suites "$WT/arch/x86/xen" >"$suites"
	if [ ! -s "$suites" ]; then
		printf 'TEST %-40s FAIL (no KUnit suite found in its source)\n' "boots: patch $n"
		rc=1
		continue
	fi
	if BISECT_PATCH=$n OBJ_DIR=$OBJ TAG_SUFFIX=-bisect-$n KUNIT_SUITES=$suites \
		"$TOP/scripts/boot.sh" bisectview; then
		printf 'TEST %-40s PASS %s\n' "boots: patch $n" "$(cat "$BUILD/results/bisectview-bisect-$n.result")"
	else
		printf 'TEST %-40s FAIL (log: %s)\n' "boots: patch $n" "$LOGS/bisectview-bisect-$n.log"
		rc=1
	fi
done
exit $rc
