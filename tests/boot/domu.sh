# SPDX-License-Identifier: GPL-2.0
# PV domUs on the tree, with Debian's Xen 4.17 toolstack in dom0 (a
# debootstrap'd rootfs, scripts/rootfs.sh).  One domU runs our kernel
# (the same build as dom0) with a busybox initramfs (tests/guest/domu-init)
# and is driven through its console:
#   - xl create: it boots, its own checks pass (dump present, nothing lost);
#   - xen-mfndump (the toolstack's view through the frame-list tree the
#     domU publishes) equals the domU's own entries frame by frame, and
#     Xen's count of the domain's pages equals its frames;
#   - xl mem-set down by 64 MiB and back: the dump follows, data intact;
#   - xl save + xl restore: the heartbeat goes on, data intact, the
#     toolstack's view of the restored domain agrees with its dump;
#   - a local migration through a FIFO (xl restore <cfg> FIFO & xl save):
#     the same on the new domain.  (Live "xl migrate" cannot work here:
#     Debian's Xen 4.17 has no shadow paging, "Failed to enable logdirty".)
#   - the domU powers off cleanly.
VM_MEM=4G
# One emulated CPU per vCPU (dom0's 2 + the domU's 2) and Xen's null
# scheduler, so no two vCPUs share a CPU: under QEMU TCG a vCPU switch on a
# shared CPU corrupts user processes' TLS (FS base) in dom0 and domUs, the
# unpatched kernel alike (README, "SMP under QEMU TCG").
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
DOM0_ROOTFS=debian
TIMEOUT=600
KUNIT=required
KUNIT_DOMUS=(d1)
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK domu-ready PASS"
	"P2M-CHECK mfndump-matches-boot PASS" "P2M-CHECK domu-balloon-down PASS"
	"P2M-CHECK domu-balloon-up PASS" "P2M-CHECK domu-restored PASS"
	"P2M-CHECK mfndump-matches-restored PASS" "P2M-CHECK domu-migrated PASS"
	"P2M-CHECK mfndump-matches-migrated PASS" "P2M-CHECK mfndump-matches-down PASS"
	"domU d1: P2M-CHECK domu-data-intact-balloon PASS"
	"domU d1: P2M-CHECK domu-data-intact-restored PASS"
	"domU d2: P2M-CHECK domu-data-intact-migrated PASS" "domU d1: P2M-CHECK frames-boot PASS"
	"P2M-CHECK domu-off PASS" "P2M-CHECK save-mode-save PASS" "P2M-CHECK save-mode-migrate PASS")
[ "${BASE:-0}" = 1 ] || EXPECT+=("domU d1: P2M-CHECK view-boot PASS")

guest() {
	cat <<'GUEST'
domu_cfg d1 256 512
domu_follow d1
ok=0; xl create /tmp/d1.cfg && ok=1
check domu-create "xl create d1 (256 MiB, maxmem 512 MiB)" [ $ok = 1 ]
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]

domu_cmd d1 dump boot && check_mfndump d1 boot

set -- $(domu_info d1 before)
kb0=$1 missing0=$2
ok=0; domu_balloon d1 192 down && ok=1
set -- $(domu_info d1 down)
[ "$(( $2 - missing0 ))" = 16384 ] || ok=0
check domu-balloon-down "current_kb $kb0 -> $1, missing pages $missing0 -> $2 (want +16384)" [ $ok = 1 ]
domu_cmd d1 dump down && check_mfndump d1 down
ok=0; domu_balloon d1 256 up && ok=1
set -- $(domu_info d1 up)
[ "$2" = "$missing0" ] || ok=0
check domu-balloon-up "current_kb $1, missing pages $2 (want $missing0)" [ $ok = 1 ]
domu_cmd d1 verify balloon

beat0=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
ok=0; xl -vvv save d1 /tmp/d1.save >/tmp/save.log 2>&1 && ok=1
check xl-save "$(tail -n 1 /tmp/save.log)" [ $ok = 1 ]
check_save_mode save d1 /tmp/save.log
ok=0; xl restore /tmp/d1.save >/tmp/restore.log 2>&1 && ok=1
check xl-restore "$(tail -n 1 /tmp/restore.log)" [ $ok = 1 ]
rm -f /tmp/d1.save
ok=0; domu_cmd d1 verify restored 60 && ok=1
beat1=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
[ "$(grep -c 'P2M-DOMU-START' $XL_LOG/guest-d1.log)" = 1 ] && [ "${beat1:-0}" -gt "${beat0:-0}" ] || ok=0
check domu-restored "heartbeat $beat0 before save, $beat1 after restore, no reboot" [ $ok = 1 ]
domu_cmd d1 dump restored && check_mfndump d1 restored

sed 's/^name = "d1"/name = "d2"/' /tmp/d1.cfg >/tmp/d2.cfg
domu_follow d2
mkfifo /tmp/fifo
xl restore /tmp/d2.cfg /tmp/fifo >/tmp/migrate-in.log 2>&1 &
in=$!
ok=0; xl -vvv save d1 /tmp/fifo >/tmp/migrate-out.log 2>&1 && wait $in && ok=1
check xl-fifo-migration "$(tail -n 1 /tmp/migrate-in.log)" [ $ok = 1 ]
check_save_mode migrate d1 /tmp/migrate-out.log
ok=0; domu_cmd d2 verify migrated 60 && ok=1
beat2=$(domu_last d2 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
[ "${beat2:-0}" -gt "${beat1:-0}" ] || ok=0
check domu-migrated "d2: heartbeat $beat2 (was $beat1 on d1)" [ $ok = 1 ]
domu_cmd d2 dump migrated && check_mfndump d2 migrated

domu_cmd d2 off bye 30
i=0; while xl domid d2 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d2 >/dev/null 2>&1 || ok=1
check domu-off "d2 gone after poweroff" [ $ok = 1 ]
section xl-list xl list
GUEST
}
