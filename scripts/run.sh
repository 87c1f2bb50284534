#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run: install what is missing, build the patched kernel (BASE=1: the
# unpatched base), boot it as Xen dom0 in QEMU (scenario "balloon", or
# SCENARIO=name) and print a short summary of what dom0 saw.
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
echo "Result:  $(cat "$BUILD/results/$tag.result")"
exit $rc
