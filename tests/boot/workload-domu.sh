# SPDX-License-Identifier: GPL-2.0
# End-to-end toolstack and grant workloads on a 2 GiB PV domU, for make
# bench-guest (issue 15): dom0 (Debian's toolstack, 3.5 GiB) times
#   - xl create to the domU's init being ready (P2M-DOMU-READY);
#   - grant traffic: the domU's disk through blkback (a loop device on a
#     file in dom0), 256 MiB written and read with O_DIRECT; its vif on
#     dom0's bridge through netback, 64 MiB each way (nc);
#   - xl save of the running domU to a file in dom0's tmpfs (time, and the
#     image's size in MiB);
#   - xl restore of that image to the domU answering a command.
# The domU runs the kernel of the dom0 being measured.  Checks: every
# step succeeds; what the domU wrote is in dom0's file, chunk by chunk,
# what it reads back and what crosses the bridge either way is what was
# sent (md5 of each 16 MiB); the restored domU's data is intact.  Times are
# reported, never judged.  One emulated CPU per vCPU, Xen's null
# scheduler (README, "SMP under QEMU TCG").
VM_MEM=7G
VM_CPUS=4
XEN_ARGS="dom0_mem=3584M,max:3584M sched=null"
DOM0_ROOTFS=debian
TIMEOUT=1200
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK work-backends PASS" "P2M-CHECK work-xl-create PASS"
	"P2M-CHECK work-blk PASS" "P2M-CHECK work-blk-backing PASS"
	"P2M-CHECK work-net-tx PASS" "P2M-CHECK work-net-rx PASS"
	"P2M-CHECK work-xl-save PASS" "P2M-CHECK work-xl-restore PASS"
	"domU d1: P2M-CHECK domu-data-intact-work PASS" "P2M-CHECK domu-off PASS")

guest() {
	cat <<'GUEST'
workload_domu() {
# Backends, a bridge (busybox's ip and brctl for Xen's hotplug scripts),
# a sparse 256 MiB file on a loop device for the domU's disk.
ok=1
for m in xen-blkback xen-netback; do insmod /modules/$m.ko || ok=0; done
for a in ip brctl; do command -v $a >/dev/null || ln -s /bin/busybox /usr/sbin/$a; done
brctl addbr xenbr0 && ip addr add 10.0.0.1/24 dev xenbr0 && ip link set xenbr0 up || ok=0
truncate -s 256M /tmp/disk.img || ok=0
loop=$(losetup -f --show /tmp/disk.img) || ok=0
check work-backends "blkback, netback, xenbr0 10.0.0.1, disk $loop" [ $ok = 1 ]
[ $ok = 1 ] || return
DOMU_EXTRA="disk = [ 'phy:$loop,xvda,w' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:02' ]"
domu_cfg d1 2048 2048
domu_follow d1
t0=$(now)
ok=0; xl create /tmp/d1.cfg >/tmp/create.log 2>&1 && domu_wait d1 'P2M-DOMU-READY' 300 && ok=1
t1=$(now)
[ $ok = 1 ] && work xl_create_2G_to_ready "$t0" "$t1"
check work-xl-create "xl create of a 2 GiB domU to its init: $(tail -n 1 /tmp/create.log)" [ $ok = 1 ]
[ $ok = 1 ] || { section xl-create cat /tmp/create.log /var/log/xen/xl-d1.log /var/log/xen/xen-hotplug.log; return; }
sum=$(domu_last d1 'P2M-DOMU-READY' | sed 's/.*random=\([0-9a-f]*\).*/\1/')

# The disk: the domU times its two dd runs, in the background.
ok=0; domu_cmd d1 blk work 60 && domu_wait d1 'P2M-BLK-DONE work' 400 && ok=1
line=$(domu_last d1 'P2M-WORK blk_read')
case "$line" in *" bad=0") ;; *) ok=0 ;; esac
check work-blk "$(domu_last d1 'P2M-WORK blk_write'); $line" [ $ok = 1 ]
check work-blk-backing "dom0's file holds what the domU wrote: 16 x 16 MiB of md5 $sum" chunks_match /tmp/disk.img 16 "$sum"

# The network, domU to dom0: dom0 listens first, the domU times its send.
domu_cmd d1 net work 60
rm -f /tmp/net.bin
nc_recv 5001 /tmp/net.bin 400 &
pid=$!
ok=0; domu_cmd d1 nettx work 60 && domu_wait d1 'P2M-NETTX-DONE work' 400 && wait $pid && ok=1
bytes=$(wc -c </tmp/net.bin)
line=$(domu_last d1 'P2M-WORK net_tx')
ok2=0; [ $ok = 1 ] && [ "$bytes" = 67108864 ] && chunks_match /tmp/net.bin 4 "$sum" && ok2=1
check work-net-tx "$bytes bytes received, md5 of each 16 MiB $sum; $line" [ $ok2 = 1 ]
# dom0 to the domU: the domU listens, dom0 times its send of the same data.
ok=0
if [ $ok2 = 1 ] && domu_cmd d1 netrx work 60; then
	nc_send 10.0.0.2 5002 /tmp/net.bin
	t1=$(now)
	domu_wait d1 'P2M-NET-RX work bytes=67108864 bad=0' 120 && ok=1
	[ $ok = 1 ] && work net_rx_64M "$NC_T0" "$t1"
fi
check work-net-rx "$(domu_last d1 'P2M-NET-RX work')" [ $ok = 1 ]
rm -f /tmp/net.bin

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
