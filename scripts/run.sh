#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: install what is missing, build the patched kernel (BASE=1: the
# unpatched base), boot it as Xen dom0 in QEMU (scenario "balloon", or
# SCENARIO=name), print a short summary of what dom0 saw and draw each
# p2m dump it shows as an SVG (build/results/TAG-SECTION.svg).
. "$(dirname "$0")/lib.sh"
scenario=${SCENARIO:-balloon}
tag=$scenario
[ "$(flavour)" = base ] && tag=$scenario-base
tag=$tag$(variant)
"$TOP/scripts/deps.sh"
"$TOP/scripts/build.sh"
rc=0
"$TOP/scripts/boot.sh" "$scenario" || rc=$?
echo
"$TOP/scripts/summary.sh" "$LOGS/$tag.log"
# A picture of each dump the summary showed (scripts/p2m-picture).
for sec in p2m p2m-ballooned p2m-grown; do
	grep -aq "P2M-BEGIN $sec\$" "$LOGS/$tag.log" || continue
	svg=$BUILD/results/$tag-$sec.svg
	if "$TOP/scripts/p2m-picture" --section "$sec" --title "$tag: $sec" -o "$svg" \
		"$LOGS/$tag.log" >/dev/null; then
		echo "Picture: $svg"
	else
		echo "Picture: FAIL, scripts/p2m-picture could not draw $sec"
		rc=1
	fi
done
echo "Result:  $(cat "$BUILD/results/$tag.result")"
exit $rc
