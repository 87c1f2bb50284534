# SPDX-License-Identifier: GPL-2.0
# A real external reader of a guest's p2m (issue 11): "xl dump-core" of a
# running PV domU, opened by Debian's "crash" on the host with the domU's
# vmlinux.  Run with DEBUG=info (config/debuginfo.config: DWARF debug info,
# and a virtio disk on which dom0 hands the core to the host):
#   DEBUG=info scripts/build.sh && DEBUG=info scripts/boot.sh dumpcore
# (and the same with BASE=1).
#
# dump-core walks the domU's p2m the way save does (list mode from the
# view the guest publishes, or the frame-list tree), and writes its pfn ->
# mfn table into the core; crash reads the kernel's symbols (it takes its
# 3.x path on a symbol named p2m_mid_missing, 6.12's on xen_p2m_addr) and
# translates every page-table entry it walks through that table.  Its
# answers are compared with what the domU itself said, not with anything
# the p2m code produced:
#   sys       RELEASE = the domU's uname -r;
#   kmem -i   TOTAL MEM = its MemTotal;
#   rd -a linux_banner  = its /proc/version;
#   vtop linux_banner   a physical address whose bytes (rd -p) are the
#             banner again.
#   rd -p     the first word of a page that the domU's p2m-hold filled
#             at a pfn above 1 GiB, in memory hotplugged after boot (the
#             lowest such pfn the program found in its pagemap): the
#             word p2m-hold says it wrote there.
# Before the dump the domU grows (issue 27, "dumpcore after growth"): it
# boots with 256 MiB and "memmap=768M#256M" (256 MiB .. 1 GiB claimed,
# identity), then the balloon hotplugs 128 MiB above it (at 4 GiB: the
# kernel keeps the gap below 4 GiB for PCI): our tree's top grows from
# one entry to five, and the toolstack must find the new leaves through
# the grown view.  The same checks pass for our kernel and the
# base (whose list, sized for the 1 TiB hotplug limit, needs no growth).
VM_MEM=4G
# One emulated CPU per vCPU, Xen's null scheduler (see domu.sh).
VM_CPUS=4
XEN_ARGS="dom0_mem=2G,max:2G sched=null"
DOM0_ROOTFS=debian
TIMEOUT=900
KUNIT=required
CORE_IMG=$BUILD/dumpcore-$(flavour).img
QEMU_ARGS=(-drive "file=$CORE_IMG,format=raw,if=none,id=core"
	-device virtio-blk-pci,drive=core)
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK domu-ready PASS"
	"P2M-CHECK xl-dump-core PASS" "P2M-CHECK core-on-disk PASS"
	"P2M-CHECK core-to-host PASS" "P2M-CHECK crash-opens PASS"
	"P2M-CHECK crash-sys PASS" "P2M-CHECK crash-kmem PASS"
	"P2M-CHECK crash-rd PASS" "P2M-CHECK crash-vtop PASS" "P2M-CHECK domu-hotplug PASS"
	"P2M-CHECK hold-above PASS" "P2M-CHECK crash-rd-hotplugged PASS")
[ "$(flavour)" = p2m ] && EXPECT+=("P2M-CHECK domu-tree-grown PASS")

host_pre() {
	[ "$(variant)" = -info ] || die "dumpcore needs the debug-info kernel: DEBUG=info scripts/boot.sh dumpcore"
	command -v crash >/dev/null || die "crash is not installed: run 'make deps'"
	rm -f "$CORE_IMG"
	truncate -s 1G "$CORE_IMG"
}

# crash_run OUT CMDS...: crash on the host, batch mode, one command a line.
# crash 8.0.2 itself sometimes dies of a corrupted heap (glibc's "malloc():
# smallbin double linked list corrupted", 1 run in 4 of "kmem -i" on the
# same core, 2026-12-02): then it is run again, at most three times, and
# the log says so.  Its answers are still compared with the domU's.
crash_run() {
	local out=$1 try
	shift
	printf '%s\n' "$@" quit >"$out.cmds"
	for try in 1 2 3; do
		# --no_modules: crash 8.0.2 predates 6.4's struct module
		# (mem[]) and stops at "invalid structure member offset:
		# module_core_size" otherwise, whatever the p2m (2026-12-02).
		timeout 600 crash -s --no_modules "$(crash_vmlinux)" \
			"$BUILD/dumpcore-$(flavour).core" -i "$out.cmds" </dev/null >"$out" 2>&1
		grep -qE '^(malloc|free|realloc)\(\)|corrupted (size|double)' "$out" || return 0
		echo "P2M-NOTE crash-died: try $try of '$*': $(grep -m1 -E '^(malloc|free|realloc)\(\)|corrupted' "$out")"
	done
}

# crash_vmlinux: a copy of the domU's vmlinux with a .gdb_index, made once
# per core.  crash 8.0.2's embedded gdb 10 segfaults in
# dwarf2_include_psymtab::readin_p() when a type lookup walks its partial
# symbol tables, on the base's vmlinux (sys, kmem -i and "ptype struct
# new_utsname" all die; the host's gdb 13 reads the same file fine).  With
# an index gdb looks names up there and never builds those tables.  The
# index is made by the host's gdb from the same DWARF, for both kernels
# alike; the kernel's own debug info is not touched.
crash_vmlinux() {
	local copy=$BUILD/dumpcore-$(flavour).vmlinux
	if [ ! -s "$copy" ] || [ "$copy" -ot "$OBJ/vmlinux" ]; then
		cp "$OBJ/vmlinux" "$copy.tmp" &&
			gdb-add-index "$copy.tmp" >/dev/null 2>&1 &&
			mv "$copy.tmp" "$copy" ||
			{ rm -f "$copy.tmp"; echo "$OBJ/vmlinux"; return; }
	fi
	echo "$copy"
}

host_post() {
	local line size md5 core got
	core=$BUILD/dumpcore-$(flavour).core
	line=$(grep -a 'P2M-CORE ' "$log" | tail -n 1)
	size=$(echo "$line" | sed -n 's/.* size=\([0-9]*\).*/\1/p')
	md5=$(echo "$line" | sed -n 's/.* md5=\([0-9a-f]*\).*/\1/p')
	rm -f "$core"
	[ -n "$size" ] && head -c "$size" "$CORE_IMG" >"$core"
	got=$(md5sum <"$core" 2>/dev/null | cut -d' ' -f1)
	if [ -z "$md5" ] || [ "$got" != "$md5" ]; then
		echo "P2M-CHECK core-to-host FAIL dom0 wrote size=${size:-?} md5=${md5:-?}, the host read md5=$got"
		return 1
	fi
	echo "P2M-CHECK core-to-host PASS $size bytes, md5 $md5"
	rm -f "$CORE_IMG"
	crash_checks "$log"
}

# crash_show PREFIX FILE LINES: crash's output into the log, each line
# prefixed and ended (its last line has no newline), its own "WARNING:"
# lines renamed: they are crash's, not the kernel's that boot.sh looks for.
crash_show() {
	sed 's/WARNING:/crash-warning:/' "$2" | awk -v p="$1" '{ print p $0 }' | head -n "$3"
}

# crash_checks LOG: crash on the core the host took out, compared with what
# the domU said of itself in LOG.
crash_checks() {
	local log=$1 out rel mem cpus ver addr phys got c t hold hpfn hword
	out=$BUILD/dumpcore-$(flavour).crash

	# What the domU said about itself (its console, through dom0's log).
	rel=$(grep -a 'domU d1: P2M-DOMU-START ' "$log" | tail -n 1 | sed 's/.*P2M-DOMU-START \([^ ]*\).*/\1/')
	mem=$(grep -a 'P2M-DOMU-MEMINFO core ' "$log" | tail -n 1 | sed -n 's/.* MemTotal_kb=\([0-9]*\).*/\1/p')
	cpus=$(grep -a 'P2M-DOMU-MEMINFO core ' "$log" | tail -n 1 | sed -n 's/.* cpus=\([0-9]*\).*/\1/p')
	ver=$(grep -a 'P2M-DOMU-VERSION core ' "$log" | tail -n 1 | sed 's/.*P2M-DOMU-VERSION core //')

	t=$(date +%s)
	crash_run "$out" sys
	if ! grep -q '^ *RELEASE:' "$out"; then
		echo "P2M-CHECK crash-opens FAIL crash did not open the core: $(grep -v '^$' "$out" | tail -n 3 | tr '\n' ' ')"
		return 1
	fi
	echo "P2M-CHECK crash-opens PASS in $(($(date +%s) - t)) s: $(grep -E '^ *(KERNEL|DUMPFILE):' "$out" | tr -s ' ' | tr '\n' ' ')"
	crash_show "crash: " "$out" 80

	# CPUS is not compared: crash 8.0.2 says "1 [OFFLINE: -1]" for this
	# 2-vCPU domU's dump-core (its xendump reader), shown as it is.
	got=$(sed -n 's/^ *RELEASE: *//p' "$out")
	c=$(sed -n 's/^ *CPUS: *//p' "$out")
	if [ -n "$rel" ] && [ "$got" = "$rel" ]; then
		echo "P2M-CHECK crash-sys PASS RELEASE $got = the domU's uname -r (crash's CPUS: $c; the domU has $cpus)"
	else
		echo "P2M-CHECK crash-sys FAIL RELEASE '$got'; the domU says '${rel:-?}'"
	fi

	# kmem -i: "TOTAL MEM  65319  255.2 MB  ----" (pages first).
	crash_run "$out.kmem" "kmem -i"
	crash_show "crash kmem: " "$out.kmem" 30
	got=$(awk '$1 == "TOTAL" && $2 == "MEM" { print $3 }' "$out.kmem")
	if [ -n "$mem" ] && [ -n "$got" ] && [ "$((got * 4))" = "$mem" ]; then
		echo "P2M-CHECK crash-kmem PASS TOTAL MEM $got pages = $((got * 4)) kB = the domU's MemTotal"
	else
		echo "P2M-CHECK crash-kmem FAIL TOTAL MEM ${got:-?} pages; the domU's MemTotal ${mem:-?} kB"
	fi

	# rd -a: "ffffffff82000100:  Linux version 6.12... " (may wrap).
	crash_run "$out.rd" "rd -a linux_banner"
	crash_show "crash rd: " "$out.rd" 20
	got=$(awk '/^[0-9a-f]+:  / { sub(/^[0-9a-f]+:  /, ""); printf "%s", $0 }' "$out.rd" | head -c ${#ver})
	if [ -n "$ver" ] && [ "$got" = "$ver" ]; then
		echo "P2M-CHECK crash-rd PASS linux_banner = the domU's /proc/version (${#ver} bytes)"
	else
		echo "P2M-CHECK crash-rd FAIL linux_banner '${got:0:80}'; the domU's /proc/version '${ver:0:80}'"
	fi

	# The symbol's address from the vmlinux itself, not from crash.
	addr=$(nm "$OBJ/vmlinux" | awk '$3 == "linux_banner" && !n++ { print $1 }')
	crash_run "$out.vtop" "vtop $addr"
	phys=$(awk 'f && NF >= 2 { print $2; exit } /VIRTUAL +PHYSICAL/ { f = 1 }' "$out.vtop")
	crash_show "crash vtop: " "$out.vtop" 20
	crash_run "$out.rdp" "rd -p -a $phys"
	got=$(awk '/^ *[0-9a-f]+:  / { sub(/^ *[0-9a-f]+:  /, ""); printf "%s", $0 }' "$out.rdp" | head -c ${#ver})
	if [ -n "$phys" ] && [ -n "$ver" ] && [ "$got" = "$ver" ]; then
		echo "P2M-CHECK crash-vtop PASS linux_banner $addr -> physical $phys, whose bytes are the banner"
	else
		echo "P2M-CHECK crash-vtop FAIL linux_banner ${addr:-?} -> physical ${phys:-?}: '${got:0:80}'"
		crash_show "crash rd -p: " "$out.rdp" 10
	fi

	# A page of the hotplugged memory: what p2m-hold wrote at its lowest
	# pfn above 1 GiB ("rd -p -64": "   40000000:  1234abcd..." ).
	hold=$(grep -a 'domU d1: P2M-HOLD start ' "$log" | tail -n 1)
	hpfn=$(echo "$hold" | sed -n 's/.* min_high=0x\([0-9a-f]*\) .*/\1/p')
	hword=$(echo "$hold" | sed -n 's/.* min_high_word=0x\([0-9a-f]*\) .*/\1/p')
	phys=$(printf '%x' $((0x${hpfn:-0} * 4096)))
	crash_run "$out.rdh" "rd -p -64 $phys"
	crash_show "crash rd -p hotplugged: " "$out.rdh" 5
	got=$(awk '/^ *[0-9a-f]+:  / { print $2; exit }' "$out.rdh")
	if [ -n "$hpfn" ] && [ "$hpfn" != 0 ] && [ -n "$hword" ] && [ "$((0x${got:-x}))" = "$((0x$hword))" ] 2>/dev/null; then
		echo "P2M-CHECK crash-rd-hotplugged PASS physical 0x$phys (pfn 0x$hpfn, hotplugged): 0x$got = what p2m-hold wrote"
	else
		echo "P2M-CHECK crash-rd-hotplugged FAIL physical 0x$phys (pfn 0x${hpfn:-?}): '${got:-?}', p2m-hold wrote 0x${hword:-?}"
	fi
}

guest() {
	echo "FLAVOUR=$(flavour)"
	cat <<'GUEST'
DOMU_CMDLINE="memmap=768M#256M memhp_default_state=online_movable"
domu_cfg d1 256 256
domu_follow d1
ok=0; xl create /tmp/d1.cfg && ok=1
check domu-create "xl create d1 (256 MiB, maxmem 256 MiB, 256 MiB .. 1 GiB claimed)" [ $ok = 1 ]
ok=0; domu_wait d1 'P2M-DOMU-READY' 180 && ok=1
check domu-ready "$(domu_last d1 'P2M-DOMU-START')" [ $ok = 1 ]
domu_cmd d1 dump boot 60
top0=$(domu_block d1 boot | sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p')
# 128 MiB hotplugged above 1 GiB (pfn 0x40000), a pattern held there.
xl mem-max d1 512m
ok=0; domu_balloon d1 384 grow 120 && ok=1
check domu-hotplug "d1's balloon at 384 MiB: $(domu_last d1 'P2M-DOMU-INFO grow-')" [ $ok = 1 ]
if [ "$FLAVOUR" = p2m ]; then
	domu_cmd d1 dump grown 60
	top1=$(domu_block d1 grown | sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p')
	check domu-tree-grown "d1's top entries $top0 at boot, $top1 after the hotplug" [ "${top1:-0}" -gt "${top0:-0}" ]
fi
ok=0; domu_cmd d1 hold 32@0x40000 && domu_wait d1 'P2M-HOLD start' 120 && ok=1
hold=$(domu_last d1 'P2M-HOLD start')
high=$(echo "$hold" | sed -n 's/.* high=\([0-9]*\) .*/\1/p')
[ "${high:-0}" -gt 0 ] && echo "$hold" | grep -q ' unmapped=0$' || ok=0
check hold-above "$hold (want pages at or above pfn 0x40000)" [ $ok = 1 ]
domu_cmd d1 meminfo core 60

t0=$(date +%s)
ok=0; xl dump-core d1 /tmp/d1.core >/tmp/dump-core.log 2>&1 && ok=1
t1=$(date +%s)
size=$(stat -c %s /tmp/d1.core 2>/dev/null || echo 0)
check xl-dump-core "$((t1 - t0)) s, $size bytes; $(tail -n 1 /tmp/dump-core.log)" [ $ok = 1 ] && [ "$size" -gt 0 ]
md5=$(md5sum </tmp/d1.core | cut -d' ' -f1)
ok=0
[ -b /dev/vda ] && dd if=/tmp/d1.core of=/dev/vda bs=1M conv=fsync 2>/dev/null &&
	[ "$(head -c "$size" /dev/vda | md5sum | cut -d' ' -f1)" = "$md5" ] && ok=1
check core-on-disk "$size bytes on /dev/vda (virtio), md5 $md5" [ $ok = 1 ]
echo "P2M-CORE size=$size md5=$md5"
rm -f /tmp/d1.core

domu_cmd d1 off bye 30
section xl-list xl list
GUEST
}
