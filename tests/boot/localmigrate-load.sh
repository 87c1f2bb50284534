# SPDX-License-Identifier: GPL-2.0
# localmigrate.sh while the domU works, with the stress scenario's loads:
# its fork/mmap page-table load on both vCPUs, its disk (blkback on a loop
# device in dom0) written and read back with checksums, and network
# streams both ways through netback and a bridge, each checked by md5 at
# the other end.  The load starts before the first migration and runs
# through all of them (STRESS_S: 100 s per migration); then every stream
# must have arrived whole, the disk's data must be intact, and each
# migration must end as in localmigrate.sh.
MIGRATE_LOAD=stress
. "$(dirname "${BASH_SOURCE[0]}")/localmigrate.sh"
TIMEOUT=$((TIMEOUT + RUNS * 100 + 240))
EXPECT+=("P2M-CHECK stress-backends PASS" "domU d1: P2M-CHECK stress-domu-disk PASS"
	"domU d1: P2M-CHECK stress-domu-tx PASS" "domU d1: P2M-CHECK stress-domu-rx PASS"
	"P2M-CHECK stress-net-tx-sums PASS" "P2M-CHECK stress-net-rx-count PASS"
	"P2M-CHECK domu-stress-reported PASS")

migrate_load() {
	echo "STRESS_S=$((RUNS * 100))"
	cat <<'HOOKS'
load_setup() {
	backends_start stress
	DOMU_EXTRA="disk = [ 'phy:$loop,xvda,w' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:02' ]"
}
load_start() {
	sum_random=$(domu_last d1 'P2M-DOMU-READY' | sed 's/.*random=\([0-9a-f]*\).*/\1/')
	domu_cmd d1 net up
	net_peers_start
	domu_cmd d1 stress "$STRESS_S"
	echo "P2M-NOTE load started: $STRESS_S s of domU stress, disk and network streams"
}
load_stop() {
	ok=0; domu_cmd d1 report r $((STRESS_S + 240)) && ok=1
	check domu-stress-reported "domU answered 'report' after the stress" [ $ok = 1 ]
	net_peers_stop
	check_net_tx_sums d1 "$sum_random"
	recv=$(domu_last d1 'P2M-STRESS net-rx ' | sed -n 's/.* receives=\([0-9]*\) .*/\1/p')
	sent=$(cat /tmp/rx.sent)
	ok=0
	[ -n "$recv" ] && [ "$recv" -gt 0 ] && [ "$recv" -ge $((sent - 1)) ] && [ "$recv" -le "$sent" ] && ok=1
	check stress-net-rx-count "dom0 sent $sent streams; the domU checked $recv" [ $ok = 1 ]
	domu_cmd d1 verify load
}
HOOKS
}
