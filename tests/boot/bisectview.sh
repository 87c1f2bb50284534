# SPDX-License-Identifier: GPL-2.0
# One boot of one patch of part 2 (scripts/bisect-boot.sh sets BISECT_PATCH,
# OBJ_DIR and TAG_SUFFIX): what that patch gives the tools outside the
# guest, judged by the toolstack (issue 28 item 3: the view lands with the
# tree).  dom0 (Debian's toolstack) boots the patch's kernel, with the
# usual dom0 checks (dump, frames, Xen's map and count, KUnit of the
# suites the patch has), and runs a 256 MiB domU of the same kernel:
#   - xl -vvv save d1: libxenguest's log says which p2m it read.  Known
#     outcome per patch, each asserted:
#       17     the tree alone publishes ~0 and no view: the save fails and
#              the domU runs on, its data intact (save-refused);
#       18     the frame list, no view: saved in frame-list mode;
#       19-    the linear view (p2m_cr3 != 0): saved in list mode, from
#              20 on at the p2m_vaddr the domU's own view check printed;
#   - where it was saved: xl restore, heartbeat on, data intact, and
#     xen-mfndump (the toolstack's walk) = the domU's frames = Xen's count.
# Without BISECT_PATCH (the series' tip) it is the 19- case.
VM_MEM=3G
VM_CPUS=4
XEN_ARGS="dom0_mem=1536M,max:1536M sched=null"
DOM0_ROOTFS=debian
TIMEOUT=420
KUNIT=required
KUNIT_DOMUS=(d1)
bisect_n=${BISECT_PATCH:-99}
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK domu-ready PASS"
	"domU d1: P2M-CHECK frames-boot PASS" "P2M-CHECK domu-off PASS")
if [ "$bisect_n" -le 17 ]; then
	EXPECT+=("P2M-CHECK save-refused PASS" "domU d1: P2M-CHECK domu-data-intact-refused PASS")
else
	EXPECT+=("P2M-CHECK save-mode-bisect PASS" "P2M-CHECK domu-restored PASS"
		"domU d1: P2M-CHECK domu-data-intact-restored PASS"
		"P2M-CHECK mfndump-matches-restored PASS")
fi
[ "$bisect_n" -ge 20 ] && EXPECT+=("domU d1: P2M-CHECK view-boot PASS")

guest() {
	echo "bisect_n=$bisect_n"
	cat <<'GUEST'
domu_cfg d1 256 256
domu_follow d1
ok=0; xl create /tmp/d1.cfg && ok=1
check domu-create "xl create d1 (256 MiB)" [ $ok = 1 ]
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]

domu_wait d1 'P2M-DOMU-BEAT' 60 || fail domu-beat "no heartbeat from d1"
beat0=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
ok=0; xl -vvv save d1 /tmp/d1.save >/tmp/save.log 2>&1 && ok=1
# What libxenguest said of the p2m, and any error, for the record.
section save-log grep -iE 'p2m|frame list|error|fail' /tmp/save.log
line=$(grep -m1 'p2m list from' /tmp/save.log | sed 's/.*\(p2m list from\)/\1/')
vaddr=$(echo "$line" | sed -n 's/p2m list from \(0x[0-9a-f]*\) .*/\1/p')
if [ "$bisect_n" -le 17 ]; then
	# Nothing to read: the save must fail, and leave the domU running.
	alive=0; xl domid d1 >/dev/null 2>&1 && alive=1
	check save-refused "patch $bisect_n: xl save rc ok=$ok, domU alive=$alive; $(grep -iE 'error|fail' /tmp/save.log | tail -n 1)" \
		[ $ok = 0 ] && [ $alive = 1 ]
	ok=0; domu_cmd d1 verify refused 60 && ok=1
	beat1=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
	[ "${beat1:-0}" -gt "${beat0:-0}" ] || ok=0
	check domu-runs-on "heartbeat $beat0 before the save, $beat1 after" [ $ok = 1 ]
else
	check xl-save "$(tail -n 1 /tmp/save.log)" [ $ok = 1 ]
	want=$(domu_last d1 'P2M-CHECK view-boot ' | sed -n 's/.* p2m_vaddr=\(0x[0-9a-f]*\).*/\1/p')
	ok=0
	if [ "$bisect_n" = 18 ]; then
		[ -z "$line" ] && ok=1
	elif [ "$bisect_n" = 19 ]; then
		[ -n "$vaddr" ] && ok=1
	else
		[ -n "$vaddr" ] && [ "$vaddr" = "$want" ] && ok=1
	fi
	check save-mode-bisect "patch $bisect_n: toolstack: ${line:-no 'p2m list' line (frame-list mode)}; domU published p2m_vaddr=${want:-?}" [ $ok = 1 ]
	ok=0; xl restore /tmp/d1.save >/tmp/restore.log 2>&1 && ok=1
	check xl-restore "$(tail -n 1 /tmp/restore.log)" [ $ok = 1 ]
	ok=0; domu_cmd d1 verify restored 60 && ok=1
	beat1=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
	[ "$(grep -c 'P2M-DOMU-START' $XL_LOG/guest-d1.log)" = 1 ] && [ "${beat1:-0}" -gt "${beat0:-0}" ] || ok=0
	check domu-restored "heartbeat $beat0 before save, $beat1 after restore, no reboot" [ $ok = 1 ]
	domu_cmd d1 dump restored && check_mfndump d1 restored
fi
rm -f /tmp/d1.save

domu_cmd d1 off bye 30
i=0; while xl domid d1 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d1 >/dev/null 2>&1 || ok=1
check domu-off "d1 gone after poweroff" [ $ok = 1 ]
GUEST
}
