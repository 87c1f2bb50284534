# SPDX-License-Identifier: GPL-2.0
# A PV domU whose populated pfns reach above 512 GiB, saved, restored and
# migrated (issue 11).  Above 512 GiB the frame-list tree that Xen 4.17's
# toolstack falls back to when a guest publishes no linear view
# (p2m_cr3 == 0) cannot reach: "max_pfn ... too large for p2m tree".
#
# The cheapest way there, measured (README, "A domU above 512 GiB"): not
# extra memory (Linux caps it at EXTRA_MEM_RATIO = 10 times the initial
# size, so a domU would need about 47 GiB of real memory, and the save file
# holds every page) but memory hotplug, placed above 512 GiB:
#   - the domU boots with 256 MiB and maxmem = memory (no extra memory);
#   - "memmap=525056M#256M" on its command line claims 256 MiB .. 513 GiB
#     of physical address space, from the end of its RAM (an E820
#     ACPI-data range: a busy resource, so nothing else is placed there;
#     the p2m leaves it identity, which costs no page);
#   - "xl mem-max" raises Xen's limit, "xl mem-set" asks for 1 GiB more:
#     with no ballooned page left the balloon hotplugs 1 GiB at the first
#     free physical address, 513 GiB (pfn 0x8040000), onlines it
#     (memhp_default_state=online_movable: user pages come from it first)
#     and populates it.  1 GiB, not one 128 MiB section: the domU's memory
#     block size is 1 GiB (its log: "x86/mm: Memory block size: 1024MB"),
#     and add_memory_resource() refuses a range that is not whole blocks
#     ("Block size [0x40000000] unaligned hotplug range", seen with 128 MiB);
#   - /tools/p2m-hold pins 96 MiB of a known pattern and reports how many
#     of its pfns are above 512 GiB (from /proc/self/pagemap).
# Then xl save + xl restore and a FIFO migration: the pattern intact and at
# the same pfns, the heartbeat going on, and the toolstack's view of the
# domU (xen-mfndump) equal to its own entries, frame by frame.
#
# Both kernels need CONFIG_XEN_MEMORY_HOTPLUG_LIMIT above 513 GiB (1024 in
# config/xen-p2m.config) and xen_512gb_limit=0.  A kernel without the linear
# view (the series before "map the p2m tree as a linear view for the
# tools") fails at xl save.
VM_MEM=8G
# One emulated CPU per vCPU, Xen's null scheduler (see domu.sh).
VM_CPUS=4
# dom0 holds the save file (tmpfs) and the restore side's per-pfn arrays:
# with max_pfn above 0x8000000 these are about 1.5 GiB.
XEN_ARGS="dom0_mem=5G,max:5G sched=null"
DOM0_ROOTFS=debian
# Measured: ~15 min to the migration, then xen-mfndump 20+ min.
TIMEOUT=3600
KUNIT=required
KUNIT_DOMUS=(d1)
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK domu-ready PASS"
	"P2M-CHECK domu-hotplug-high PASS" "P2M-CHECK hold-high PASS"
	"P2M-CHECK hold-intact-balloon PASS" "P2M-CHECK xl-save PASS"
	"P2M-CHECK save-mode-save PASS" "P2M-CHECK xl-restore PASS"
	"P2M-CHECK domu-restored PASS" "P2M-CHECK hold-intact-restored PASS"
	"P2M-CHECK xen-pages-restored PASS" "P2M-CHECK xl-fifo-migration PASS"
	"P2M-CHECK save-mode-migrate PASS" "P2M-CHECK domu-migrated PASS"
	"P2M-CHECK hold-intact-migrated PASS" "P2M-CHECK mfndump-matches-migrated PASS"
	"P2M-CHECK toolstack-high-migrated PASS"
	"P2M-CHECK domu-off PASS")
[ "${BASE:-0}" = 1 ] || EXPECT+=("domU d1: P2M-CHECK view-boot PASS")

guest() {
	cat <<'GUEST'
# The domU's walk of every pfn (frames) covers its whole p2m: 2^28 pfns
# on the base (its dump ends at the 1 TiB hotplug limit), more than 60 s
# under TCG; a command resent every 20 s would queue walk after walk.
FRAMES_TIMEOUT=900 DOMU_RESEND=300
DOMU_CMDLINE="xen_512gb_limit=0 memmap=525056M#256M memhp_default_state=online_movable"
domu_cfg d1 256 256
domu_follow d1
ok=0; xl create /tmp/d1.cfg && ok=1
check domu-create "xl create d1 (256 MiB, maxmem 256 MiB)" [ $ok = 1 ]
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]
id=$(xl domid d1)
xen0=$(xen_pages "$id")

# high_frames FILE: frames at or above pfn 0x8000000 in a list of runs
# "F pfn mfn count" (hex), from the toolstack or from the domU.
high_frames() {
	busybox awk '$1 == "F" { p = ("0x" $2) + 0; n = ("0x" $4) + 0
		if (p + n > 134217728) h += p + n - (p > 134217728 ? p : 134217728) }
		END { print h + 0 }' "$1"
}

# 1 GiB more: hotplugged at 513 GiB and populated there.
xl mem-max d1 600g
ok=0; domu_balloon d1 1280 high 300 && ok=1
xen1=$(xen_pages "$id")
[ "$((xen1 - xen0))" -ge 262144 ] || ok=0
check domu-hotplug-high "Xen's count of d1's pages $xen0 -> $xen1 (want +262144 or more); $(domu_last d1 'P2M-DOMU-INFO high-')" [ $ok = 1 ]
domu_cmd d1 dump high 120
domu_block d1 high | grep '^#' | sed 's/^/d1 dump after hotplug: /'

ok=0; domu_cmd d1 hold 96 && domu_wait d1 'P2M-HOLD start' 120 && ok=1
hold=$(domu_last d1 'P2M-HOLD start')
high=$(echo "$hold" | sed -n 's/.* high=\([0-9]*\) .*/\1/p')
[ "${high:-0}" -ge 4096 ] && echo "$hold" | grep -q ' unmapped=0$' || ok=0
check hold-high "$hold (want 4096 pages or more above 512 GiB)" [ $ok = 1 ]

# hold_check TAG DOMU: the pattern read back, at the same pfns.
hold_check() {
	local line ok=0
	domu_cmd "$2" holdcheck "$1" 60 && domu_wait "$2" "P2M-HOLD check $1 " 120 && ok=1
	line=$(domu_last "$2" "P2M-HOLD check $1 ")
	echo "$line" | grep -qE " high=$high bad_words=0 moved=0 unmapped=0\$" || ok=0
	check "hold-intact-$1" "$line (want high=$high, nothing bad or moved)" [ $ok = 1 ]
}

# mfndump_high TAG DOMU: check_mfndump, and the toolstack sees frames
# above 512 GiB.  Once, on the migrated domain: xen-mfndump prints a line
# for each of the 2^27 pfns below max_pfn, over 10 minutes under TCG.
mfndump_high() {
	local h t0=$(date +%s)
	check_mfndump "$2" "$1"
	echo "mfndump of $2 took $(($(date +%s) - t0)) s"
	h=$(high_frames /tmp/mfndump.$1)
	check "toolstack-high-$1" "xen-mfndump: $h frames at or above pfn 0x8000000" [ "$h" -ge 262144 ]
}
hold_check balloon d1

beat0=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
t0=$(date +%s)
ok=0; xl -vvv save d1 /tmp/d1.save >/tmp/save.log 2>&1 && ok=1
t1=$(date +%s)
grep -E 'too large|p2m' /tmp/save.log | head -n 5
check xl-save "$(tail -n 1 /tmp/save.log); $((t1 - t0)) s, $(stat -c %s /tmp/d1.save 2>/dev/null) bytes" [ $ok = 1 ]
check_save_mode save d1 /tmp/save.log
t0=$(date +%s)
ok=0; xl restore /tmp/d1.save >/tmp/restore.log 2>&1 && ok=1
t1=$(date +%s)
check xl-restore "$(tail -n 1 /tmp/restore.log); $((t1 - t0)) s" [ $ok = 1 ]
rm -f /tmp/d1.save
ok=0; domu_cmd d1 verify restored 60 && ok=1
beat1=$(domu_last d1 'P2M-DOMU-BEAT' | sed 's/.*BEAT //')
[ "$(grep -c 'P2M-DOMU-START' $XL_LOG/guest-d1.log)" = 1 ] && [ "${beat1:-0}" -gt "${beat0:-0}" ] || ok=0
check domu-restored "heartbeat $beat0 before save, $beat1 after restore, no reboot" [ $ok = 1 ]
hold_check restored d1
xen2=$(xen_pages "$(xl domid d1)")
check xen-pages-restored "Xen's count of the restored d1's pages: $xen2 (was $xen1)" [ "$xen2" = "$xen1" ]

# The new domain must be allowed d1's pages now (1280 MiB), not its boot
# config's 256 MiB (else Xen: "Over-allocation for dN").
sed -e 's/^name = "d1"/name = "d2"/' -e 's/^memory = .*/memory = 1280/' \
	-e 's/^maxmem = .*/maxmem = 1280/' /tmp/d1.cfg >/tmp/d2.cfg
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
hold_check migrated d2
domu_cmd d2 dump migrated 120
mfndump_high migrated d2

domu_cmd d2 off bye 30
i=0; while xl domid d2 >/dev/null 2>&1 && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
ok=0; xl domid d2 >/dev/null 2>&1 || ok=1
check domu-off "d2 gone after poweroff" [ $ok = 1 ]
section xl-list xl list
GUEST
}
