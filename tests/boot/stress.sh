# SPDX-License-Identifier: GPL-2.0
# Several CPUs of dom0 and of a domU on the p2m at once, for a bounded time
# (STRESS_S seconds), with real grant traffic:
#   - dom0 (2 vCPUs): balloon down and up in a loop, above what Xen gave
#     at boot too (first-time growth: new leaves and mids installed while
#     lookups run); p2m-stress fork+exec and mmap+touch+munmap, one per
#     CPU; debugfs dump reads in a loop;
#   - the domU (2 vCPUs, our kernel): the same page-table load and dump
#     reads; a disk backed by a file in dom0 (blkback on a loop device)
#     written and read back with O_DIRECT, 16 MiB blocks checked by md5; a
#     vif on dom0's bridge (netback): 16 MiB streams each way, checked by
#     md5; dom0 moves its balloon between 192 and 448 MiB (maxmem 512) with
#     xl mem-set;
#   - halfway, xl save + xl restore of the domU while all this runs: the
#     resume path re-publishes the frame list with the other CPUs up.
# At the end: every load reports bad=0; dom0's p2m showed foreign frames
# (blkback's persistent grants) while the domU ran and none after it
# stopped; the domU's frames equal xen-mfndump's view and Xen's count; the
# live KUnit suite passes again in dom0 and the domU; its data is intact.
# Any report of the kernel's checkers (DEBUG=1) fails the scenario.
VM_MEM=5G
# One emulated CPU per vCPU (dom0's 2 + the domU's 2) and Xen's null
# scheduler, so no two vCPUs share a CPU: under QEMU TCG a vCPU switch on a
# shared CPU corrupts user processes' TLS (FS base) in dom0 and domUs, the
# unpatched kernel alike (README, "SMP under QEMU TCG").
VM_CPUS=4
XEN_ARGS="dom0_mem=1536M,max:2G sched=null"
DOM0_ROOTFS=debian
TIMEOUT=700
KUNIT=required
KUNIT_DOMUS=(d1)
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK stress-backends PASS" "P2M-CHECK domu-ready PASS"
	"domU d1: P2M-CHECK domu-net-up PASS" "P2M-CHECK dom0-foreign-while-domu PASS"
	"P2M-CHECK stress-dom0-fork PASS" "P2M-CHECK stress-dom0-mmap PASS"
	"P2M-CHECK stress-dom0-dump PASS" "P2M-CHECK stress-dom0-balloon PASS"
	"P2M-CHECK stress-dom0-domu-balloon PASS"
	"P2M-CHECK xl-save-under-stress PASS" "P2M-CHECK xl-restore-under-stress PASS"
	"domU d1: P2M-CHECK stress-domu-fork PASS" "domU d1: P2M-CHECK stress-domu-mmap PASS"
	"domU d1: P2M-CHECK stress-domu-dump PASS" "domU d1: P2M-CHECK stress-domu-disk PASS"
	"domU d1: P2M-CHECK stress-domu-tx PASS" "domU d1: P2M-CHECK stress-domu-rx PASS"
	"P2M-CHECK stress-net-tx-sums PASS" "P2M-CHECK stress-net-rx-count PASS"
	"P2M-CHECK mfndump-matches-stress PASS" "domU d1: P2M-CHECK domu-data-intact-stress PASS"
	"P2M-CHECK frames-stress PASS" "P2M-CHECK dom0-foreign-after-domu PASS"
	"P2M-CHECK domu-off PASS" "P2M-CHECK save-mode-stress PASS")
# The live suite again, after the stress, in dom0 and the domU (our kernel).
[ "${BASE:-0}" = 1 ] || EXPECT+=("P2M-CHECK kunit-xen-p2m-live-dom0 PASS"
	"domU d1: P2M-CHECK kunit-xen-p2m-live-stress PASS" "P2M-CHECK view-stress-balloon-1 PASS")

guest() {
	cat <<'GUEST'
STRESS_S=${STRESS_S:-50}
stress_scenario() {
# Backends, a bridge (busybox's ip and brctl for Xen's hotplug scripts),
# a 64 MiB file on a loop device for the domU's disk.
backends_start stress

DOMU_EXTRA="disk = [ 'phy:$loop,xvda,w' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:02' ]"
domu_cfg d1 256 512
domu_follow d1
ok=0; xl create /tmp/d1.cfg >/tmp/create.log 2>&1 && ok=1
check domu-create "xl create d1 (256 MiB, maxmem 512 MiB, 2 vCPUs, vbd, vif): $(tail -n 1 /tmp/create.log)" [ $ok = 1 ]
if [ $ok != 1 ]; then
	section xl-create cat /tmp/create.log /var/log/xen/xl-d1.log /var/log/xen/xen-hotplug.log
	return
fi
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]
[ $ok = 1 ] || return
sum_random=$(domu_last d1 'P2M-DOMU-READY' | sed 's/.*random=\([0-9a-f]*\).*/\1/')
domu_cmd d1 net up

net_peers_start

t0=$(cut -d' ' -f1 /proc/uptime)
domu_cmd d1 stress "$STRESS_S"
stress_bg "$STRESS_S"
# dom0's balloon: down, then above the boot's 1536 MiB (max 2 GiB), ...
(
	end=$(($(date +%s) + STRESS_S)) n=0 bad=0
	for t in 1400 1800 1500 1950 1536 1700 1536 1536 1536 1536; do
		[ "$(date +%s)" -lt $end ] || break
		echo $((t * 1024)) >$BALLOON/target_kb
		balloon_wait $((t * 1024)) 30 || bad=$((bad + 1))
		n=$((n + 1))
		# The tools' view after each step, while the rest runs.
		check_view "stress-balloon-$n" >>/tmp/view.steps
	done
	echo $((1536 * 1024)) >$BALLOON/target_kb
	balloon_wait $((1536 * 1024)) 60 || bad=$((bad + 1))
	echo "P2M-STRESS balloon steps=$n bad=$bad high=1950MiB"
) >/tmp/st.balloon 2>&1 &
STRESS_PIDS="$STRESS_PIDS $!"
# ... and the domU's, with xl mem-set (first-time growth up to 448 MiB).
# Between xl save and xl restore there is no domain d1 to set, so the
# two take turns on /tmp/d1.lock (seen on a fast CI machine: a step that
# fell in that gap failed with bad=1).
(
	end=$(($(date +%s) + STRESS_S)) n=0 bad=0
	for t in 192 320 224 384 256 448 256; do
		[ "$(date +%s)" -lt $end ] || break
		flock /tmp/d1.lock xl mem-set d1 ${t}m || bad=$((bad + 1))
		n=$((n + 1))
		sleep 4
	done
	echo "P2M-STRESS domu-balloon steps=$n bad=$bad high=448MiB"
) >/tmp/st.domu-balloon 2>&1 &
STRESS_PIDS="$STRESS_PIDS $!"

# dom0's p2m while the domU's disk is connected: blkback keeps its
# persistent grants mapped, so some of dom0's entries are foreign frames.
sleep 8
frames_walk /tmp/frames.foreign
foreign=$(sed -n 's/^# p2m_frames .* foreign=\([0-9]*\) .*/\1/p' /tmp/frames.foreign)
check dom0-foreign-while-domu "p2m_frames: foreign=$foreign; dump: foreign pages $(dump_pages foreign)" [ "${foreign:-0}" -gt 0 ]

# Save and restore the domU while everything runs (the domU's balloon
# loop waits on the lock meanwhile).
exec 9>/tmp/d1.lock
flock 9
ok=0; xl -vvv save d1 /tmp/d1.save >/tmp/save.log 2>&1 && ok=1
check xl-save-under-stress "$(tail -n 1 /tmp/save.log)" [ $ok = 1 ]
check_save_mode stress d1 /tmp/save.log
ok=0; xl restore /tmp/d1.save >/tmp/restore.log 2>&1 && ok=1
check xl-restore-under-stress "$(tail -n 1 /tmp/restore.log)" [ $ok = 1 ]
flock -u 9
exec 9>&-
rm -f /tmp/d1.save

stress_report dom0
cat /tmp/view.steps 2>/dev/null
ok=0; domu_cmd d1 report r 240 && ok=1
check domu-stress-reported "domU answered 'report' after the stress" [ $ok = 1 ]
net_peers_stop
t1=$(cut -d' ' -f1 /proc/uptime)
echo "P2M-NOTE stress ran from $t0 to $t1 s of dom0 uptime"
# Every stream the domU sent arrived whole; the domU got what dom0 sent.
check_net_tx_sums d1 "$sum_random"
recv=$(domu_last d1 'P2M-STRESS net-rx ' | sed -n 's/.* receives=\([0-9]*\) .*/\1/p')
sent=$(cat /tmp/rx.sent)
ok=0
[ -n "$recv" ] && [ "$recv" -gt 0 ] && [ "$recv" -ge $((sent - 1)) ] && [ "$recv" -le "$sent" ] && ok=1
check stress-net-rx-count "dom0 sent $sent streams; the domU checked $recv" [ $ok = 1 ]

ok=0; domu_balloon d1 256 settle && ok=1
check stress-dom0-domu-balloon-settled "d1 back at 256 MiB" [ $ok = 1 ]
domu_cmd d1 verify stress
domu_cmd d1 kunit stress
domu_cmd d1 dump stress && check_mfndump d1 stress
kunit_rerun xen-p2m-live 4 dom0

domu_cmd d1 off bye 30
i=0; while xl domid d1 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d1 >/dev/null 2>&1 || ok=1
check domu-off "d1 gone after poweroff" [ $ok = 1 ]
# dom0's whole p2m after the stress (upstream's dump calls foreign frames
# "pfn", so only now that none is left can both kernels be compared).
check_frames stress quiet
foreign=$(sed -n 's/^# p2m_frames .* foreign=\([0-9]*\) .*/\1/p' /tmp/frames.stress)
check dom0-foreign-after-domu "p2m_frames: foreign=$foreign; dump: foreign pages $(dump_pages foreign)" [ "$foreign" = 0 ]
losetup -d "$loop"
}
stress_scenario
GUEST
}
