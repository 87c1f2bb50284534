# SPDX-License-Identifier: GPL-2.0
# Live migration, as osstest's "guest-localmigrate x10": a 2-vCPU PV domU
# (our kernel, or the base's with BASE=1) migrated to localhost RUNS times
# in a row (default 1; make check-slow: 10) with "xl migrate", which is
# always live: log-dirty rounds while the domU runs, then a last round
# with it paused.  That needs shadow paging, which Debian's current Xen
# lacks: this scenario boots the lab hypervisor (XEN_LAB=1,
# scripts/lab-xen.sh).  After each migration:
#   - xl migrate succeeded, d1 runs under a new domid, the sender's
#     d1--migratedaway is gone, the domU's heartbeat goes on and it did
#     not reboot;
#   - its data (pages filled with a pattern at boot) is intact;
#   - xen-mfndump (the toolstack's walk of the p2m the domU publishes)
#     equals the domU's own frames and Xen's count of its pages equals
#     them (check_mfndump).
# Each migration's time and downtime (the paused last round) go to
# the log as P2M-MIGRATE lines (bench/migrate.sh reads them).
# localmigrate-load.sh sources this file with MIGRATE_LOAD set and hooks
# of its own: the same migrations while the domU works.
VM_MEM=4G
# One emulated CPU per vCPU and Xen's null scheduler, as in domu.sh.
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
XEN_LAB=1
DOM0_ROOTFS=debian
RUNS=${RUNS:-1}
TIMEOUT=$((420 + RUNS * 120))
KUNIT=required
EXPECT=("P2M-CHECK domu-ready PASS" "P2M-CHECK mfndump-matches-boot PASS"
	"P2M-CHECK migrations PASS" "P2M-CHECK domu-off PASS")
for i in $(seq 1 "$RUNS"); do
	EXPECT+=("P2M-CHECK migrate-$i PASS" "P2M-CHECK domu-alive-$i PASS"
		 "domU d1: P2M-CHECK domu-data-intact-mig$i PASS"
		 "P2M-CHECK mfndump-matches-mig$i PASS" "P2M-CHECK migrate-mode-$i PASS")
done

guest() {
	echo "RUNS=$RUNS"
	echo "DOMU_CMDLINE='${MIGRATE_DOMU_CMDLINE:-}'"
	echo "MIGRATE_MODE=${MIGRATE_MODE:-list}"
	# The load's hooks (localmigrate-load.sh), or none.
	if [ -n "${MIGRATE_LOAD:-}" ]; then migrate_load; else
		echo 'load_setup() { :; }; load_start() { :; }; load_stop() { :; }'
	fi
	cat <<'GUEST'
load_setup
domu_cfg d1 256 512
domu_follow d1
# xenconsoled names a domain's console log by the first name it sees: the
# receiving side of each migration is "d1--incoming".  Point that name at
# d1's log, so that the domU's console stays in one file across migrations.
ln -sf guest-d1.log "$XL_LOG/guest-d1--incoming.log"
ok=0; xl create /tmp/d1.cfg && ok=1
check domu-create "xl create d1 (256 MiB, maxmem 512 MiB, 2 vCPUs)" [ $ok = 1 ]
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]
domu_cmd d1 dump boot && check_mfndump d1 boot

load_start
done_runs=0
for i in $(seq 1 $RUNS); do
	id0=$(xl domid d1)
	beat0=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
	ok=0; live_migrate d1 /tmp/migrate-$i.log && ok=1
	migrate_summary $i /tmp/migrate-$i.log
	[ $i = 1 ] && section migrate-1-log sh -c "grep -a ' xc: ' /tmp/migrate-$i.log | cut -d' ' -f2- |
		sed 's/0x[0-9a-f]*/X/g; s/[0-9][0-9]*/N/g' | sort | uniq -c | sort -rn | head -40"
	check migrate-$i "xl migrate d1 (domid $id0): $(grep -v 'XL-RC' /tmp/migrate-$i.log | tail -n 1 | cut -c1-160)" [ $ok = 1 ]
	# Which p2m the toolstack read: the linear list, or the frame list.
	mode=framelist
	grep -aq 'p2m list from' /tmp/migrate-$i.log && mode=list
	check migrate-mode-$i "the toolstack read the p2m as: $mode (want $MIGRATE_MODE)" [ $mode = $MIGRATE_MODE ]
	[ $ok = 1 ] || grep -aiE 'error|fail|abort|generation' /tmp/migrate-$i.log | head -20
	id1=$(xl domid d1 2>/dev/null || echo none)
	ok=0; domu_cmd d1 verify mig$i 60 && ok=1
	beat1=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
	[ "$id1" != none ] && [ "$id1" != "$id0" ] && ! xl domid d1--migratedaway >/dev/null 2>&1 &&
		[ "$(grep -c 'P2M-DOMU-START' $XL_LOG/guest-d1.log)" = 1 ] &&
		[ "${beat1:-0}" -gt "${beat0:-0}" ] || ok=0
	check domu-alive-$i "domid $id0 -> $id1, heartbeat $beat0 -> $beat1, one boot" [ $ok = 1 ]
	domu_cmd d1 dump mig$i && check_mfndump d1 mig$i
	[ $ok = 1 ] && done_runs=$((done_runs + 1))
done
check migrations "$done_runs of $RUNS live migrations completed with the domU alive" [ $done_runs = $RUNS ]
load_stop

domu_cmd d1 off bye 30
i=0; while xl domid d1 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d1 >/dev/null 2>&1 || ok=1
check domu-off "d1 gone after poweroff" [ $ok = 1 ]
section xl-list xl list
GUEST
}
