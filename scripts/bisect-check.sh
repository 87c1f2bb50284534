#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bisect-check.sh: every patch of the series must build on its own.  Builds
# each commit base..HEAD of build/linux in a worktree (build/linux-bisect,
# objects in build/kbuild-bisect, with the config of build/kbuild), and the
# user-space harness where the commit has it.  One TEST line per patch.
# PATCHES="N M ...": only those patches.
. "$(dirname "$0")/lib.sh"

bisect_prepare

rc=0 n=0
for c in $(git -C "$LINUX" rev-list --reverse "$BASE_TAG..HEAD"); do
	n=$((n + 1))
	# PATCHES="13 32": only those patches (a quick check of new ones).
	[ -z "${PATCHES:-}" ] || [[ " $PATCHES " == *" $n "* ]] || continue
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	stage "patch $n: $subject"
	log=$LOGS/bisect-$n.log
	if bisect_build "$c" "$log" &&
	   { [ ! -d "$WT/tools/testing/xen-p2m" ] ||
	     make -C "$WT/tools/testing/xen-p2m" xen-p2m-test >>"$log" 2>&1; }; then
		printf 'TEST %-40s PASS\n' "builds: patch $n"
	else
		tail -n 20 "$log"
		printf 'TEST %-40s FAIL (log: %s)\n' "builds: patch $n" "$log"
		rc=1
	fi
done
exit $rc
