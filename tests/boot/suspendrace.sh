# SPDX-License-Identifier: GPL-2.0
# Suspend and resume in the middle of structural installs (issue 28, item
# 2), under both preemption models a user runs: preempt=full and Debian's
# default, preempt=voluntary.  A suspend stops the guest wherever its
# tasks are (stop_machine()), and on resume xen_pv_post_suspend() rebuilds
# the frame list from the tree; an install seen by a lookup before its
# frame-list page was set made that rebuild write through NULL (the
# series before patch "publish a p2m mid or leaf only once the toolstack
# can find it"), and a preempted installer is where a suspend finds one.
#
# For each model, a 256 MiB domU of ours booted with preempt=MODEL runs
# p2m_bench's installs without pause (each round 64 fresh leaves, a new
# GiB and its mid every 8 rounds from 2 GiB up: the top grows as they
# go) while dom0 (2 GiB: its /tmp, in RAM, holds the saves) takes
# CHECKPOINTS checkpoints ("xl save -c": suspend, save, resume in place),
# then a save and a restore on the same host.  After each: the domU
# answers, its data intact; after the last the installs were still
# running (else the windows were not exercised), none failed, the
# toolstack's view of the domU (xen-mfndump) = its own entries = Xen's
# count.  Our kernel only (6.12 installs under its lock: no such window).
# The harness's install_complete_before_found is the deterministic test of
# the same window; this one shows a real guest with both models.
VM_MEM=4G
# One emulated CPU per vCPU, Xen's null scheduler (see domu.sh).
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
DOM0_ROOTFS=debian
CHECKPOINTS=${CHECKPOINTS:-5}
TIMEOUT=$((600 + CHECKPOINTS * 2 * 120))
KUNIT=required
EXPECT=("P2M-CHECK xl-start PASS")
for m in full voluntary; do
	EXPECT+=("P2M-CHECK domu-ready-$m PASS" "P2M-CHECK preempt-model-$m PASS"
		"P2M-CHECK installs-running-$m PASS" "P2M-CHECK installs-done-$m PASS"
		"P2M-CHECK xl-restore-$m PASS" "P2M-CHECK mfndump-matches-$m PASS" "P2M-CHECK domu-off-$m PASS")
	for i in $(seq 1 "$CHECKPOINTS"); do
		EXPECT+=("P2M-CHECK checkpoint-$m-$i PASS")
	done
done

guest() {
	echo "CHECKPOINTS=$CHECKPOINTS"
	cat <<'GUEST'
for m in full voluntary; do
	d=d$m
	DOMU_CMDLINE="preempt=$m"
	domu_cfg $d 256 256
	domu_follow $d
	ok=0; xl create /tmp/$d.cfg && domu_wait $d 'P2M-DOMU-READY' 180 && ok=1
	check domu-ready-$m "$(domu_last $d 'P2M-DOMU-START')" [ $ok = 1 ]
	[ $ok = 1 ] || continue
	line=$(domu_last $d 'Dynamic Preempt: ')
	check preempt-model-$m "${line:-no 'Dynamic Preempt' line}" sh -c "echo '$line' | grep -q 'Dynamic Preempt: $m'"
	domu_cmd $d installs start
	sleep 5
	for i in $(seq 1 $CHECKPOINTS); do
		beat0=$(domu_last $d 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
		ok=0; xl -vvv save -c $d /tmp/$d.ckpt >/tmp/ckpt.log 2>&1 && ok=1
		rm -f /tmp/$d.ckpt
		[ $ok = 1 ] || section ckpt-log-$m-$i sh -c "grep -aiE 'error|fail|p2m|max_pfn|generation' /tmp/ckpt.log | tail -n 30"
		domu_cmd $d verify ckpt-$i 60 || ok=0
		beat1=$(domu_last $d 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
		[ "${beat1:-0}" -gt "${beat0:-0}" ] || ok=0
		check checkpoint-$m-$i "xl save -c: $(tail -n 1 /tmp/ckpt.log); heartbeat $beat0 -> $beat1; $(grep -c 'p2m_bench: installs over' $XL_LOG/guest-$d.log) install rounds so far" [ $ok = 1 ]
	done
	ok=0; xl -vvv save $d /tmp/$d.save >/tmp/save.log 2>&1 && xl restore /tmp/$d.save >/tmp/restore.log 2>&1 && ok=1
	[ $ok = 1 ] || section save-log-$m sh -c "grep -aiE 'error|fail|p2m|max_pfn|generation' /tmp/save.log /tmp/restore.log | tail -n 30"
	rm -f /tmp/$d.save
	domu_cmd $d verify restored 60 || ok=0
	check xl-restore-$m "$(tail -n 1 /tmp/save.log) / $(tail -n 1 /tmp/restore.log)" [ $ok = 1 ]
	running=1; grep -aq 'P2M-INSTALLS done' $XL_LOG/guest-$d.log && running=0
	check installs-running-$m "the installs still ran after the last suspend: $running" [ $running = 1 ]
	domu_cmd $d installs stop
	ok=0; domu_wait $d 'P2M-INSTALLS done' 120 && ok=1
	line=$(domu_last $d 'P2M-INSTALLS done')
	echo "$line" | grep -q ' failed=0' || ok=0
	check installs-done-$m "${line:-no P2M-INSTALLS line}" [ $ok = 1 ]
	domu_cmd $d dump $m 60 && check_mfndump $d $m
	domu_cmd $d off bye 30
	i=0; while xl domid $d >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
	ok=0; xl domid $d >/dev/null 2>&1 || ok=1
	check domu-off-$m "$d gone after poweroff" [ $ok = 1 ]
done
GUEST
}
