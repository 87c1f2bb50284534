# SPDX-License-Identifier: GPL-2.0
# End-to-end toolstack workloads on a 2 GiB PV domU, for make bench-guest
# (issue 15): dom0 (Debian's toolstack, 3 GiB) times
#   - xl create to the domU's init being ready (P2M-DOMU-READY);
#   - xl save of the running domU to a file in dom0's tmpfs (time, and the
#     image's size in MiB);
#   - xl restore of that image to the domU answering a command.
# The domU runs the kernel of the dom0 being measured.  Checks: every
# step succeeds, the restored domU's data is intact (its own md5 check);
# times are reported, never judged.  One emulated CPU per vCPU, Xen's null
# scheduler (README, "SMP under QEMU TCG").
VM_MEM=7G
VM_CPUS=4
XEN_ARGS="dom0_mem=3G,max:3G sched=null"
DOM0_ROOTFS=debian
TIMEOUT=900
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK work-xl-create PASS"
	"P2M-CHECK work-xl-save PASS" "P2M-CHECK work-xl-restore PASS"
	"domU d1: P2M-CHECK domu-data-intact-work PASS" "P2M-CHECK domu-off PASS")

guest() {
	cat <<'GUEST'
# now: dom0's uptime in seconds (10 ms resolution).
now() { cut -d' ' -f1 /proc/uptime; }
# work FIGURE T0 T1: a P2M-WORK line, T1 - T0 seconds.
work() { awk -v f="$1" -v a="$2" -v b="$3" 'BEGIN { printf "P2M-WORK %s %.3f s bad=0\n", f, b - a }'; }
workload_domu() {
domu_cfg d1 2048 2048
domu_follow d1
t0=$(now)
ok=0; xl create /tmp/d1.cfg >/tmp/create.log 2>&1 && domu_wait d1 'P2M-DOMU-READY' 300 && ok=1
t1=$(now)
[ $ok = 1 ] && work xl_create_2G_to_ready "$t0" "$t1"
check work-xl-create "xl create of a 2 GiB domU to its init: $(tail -n 1 /tmp/create.log)" [ $ok = 1 ]
[ $ok = 1 ] || { section xl-create cat /tmp/create.log /var/log/xen/xl-d1.log; return; }
mkdir -p /mnt/save && mount -t tmpfs -o size=2300m save /mnt/save
t0=$(now)
ok=0; xl save d1 /mnt/save/d1.img >/tmp/save.log 2>&1 && ok=1
t1=$(now)
mib=$(($(stat -c %s /mnt/save/d1.img 2>/dev/null || echo 0) / 1048576))
if [ $ok = 1 ]; then
	work xl_save_2G "$t0" "$t1"
	echo "P2M-WORK xl_save_2G_image $mib mib bad=0"
fi
check work-xl-save "xl save: $mib MiB; $(tail -n 1 /tmp/save.log)" [ $ok = 1 ]
[ $ok = 1 ] || return
t0=$(now)
ok=0; xl restore /mnt/save/d1.img >/tmp/restore.log 2>&1 && domu_cmd d1 verify work 120 && ok=1
t1=$(now)
[ $ok = 1 ] && work xl_restore_2G_to_answer "$t0" "$t1"
check work-xl-restore "xl restore to the domU's answer: $(tail -n 1 /tmp/restore.log)" [ $ok = 1 ]
rm -f /mnt/save/d1.img
domu_cmd d1 off bye 30
i=0; while xl domid d1 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d1 >/dev/null 2>&1 || ok=1
check domu-off "d1 gone after poweroff" [ $ok = 1 ]
}
workload_domu
GUEST
}
