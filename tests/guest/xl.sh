# SPDX-License-Identifier: GPL-2.0
# Helpers for dom0 scenarios that run PV domUs with the Xen toolstack
# (their variables are local: scenarios keep theirs, e.g. loop counters)
# (Debian's xen-utils-4.17).  The domUs run our kernel (/domu/vmlinuz) with
# a busybox initramfs (/domu/initrd.gz, /init = tests/guest/domu-init) and
# talk to dom0 through their console: xenconsoled logs it, a background
# "tail" copies it to dom0's console with a "domU NAME: " prefix (so the
# host sees the domU's checks and kernel messages), and dom0 writes
# commands to its pty.

XL_LOG=/var/log/xen/console
XEN_BIN=/usr/lib/xen-4.17/bin

xl_start() {
	mkdir -p /var/run/xen /var/run/xenstored /var/lib/xen /var/lib/xenstored \
		/var/log/xen/console /run/xen
	"$XEN_BIN/xenstored" --pid-file=/run/xenstored.pid || return 1
	"$XEN_BIN/xen-init-dom0" >/dev/null || return 1
	"$XEN_BIN/xenconsoled" --pid-file=/run/xenconsoled.pid --log=guest \
		--log-dir="$XL_LOG" || return 1
	xl info >/tmp/xl-info 2>&1 || { cat /tmp/xl-info; return 1; }
	pass xl-start "$(grep -E '^(xen_version|free_memory)' /tmp/xl-info | tr -s ' ' | tr '\n' ' ')"
}

xl_stop() {
	for p in $(cat /run/xl-tails 2>/dev/null); do kill "$p" 2>/dev/null; done
}

# domu_cfg NAME MEMORY_MB MAXMEM_MB: a PV domU config in /tmp/NAME.cfg
# (DOMU_VCPUS vCPUs, default 2; DOMU_EXTRA: more lines, e.g. disk, vif).
domu_cfg() {
	cat >/tmp/$1.cfg <<CFG
name = "$1"
type = "pv"
kernel = "/domu/vmlinuz"
ramdisk = "/domu/initrd.gz"
extra = "console=hvc0 loglevel=7 ${DOMU_CMDLINE:-}"
memory = $2
maxmem = $3
vcpus = ${DOMU_VCPUS:-2}
on_poweroff = "destroy"
on_crash = "destroy"
on_reboot = "destroy"
${DOMU_EXTRA:-}
CFG
}

# domu_follow NAME: copy NAME's console log to dom0's console.
domu_follow() {
	touch "$XL_LOG/guest-$1.log"
	tail -n +1 -F "$XL_LOG/guest-$1.log" 2>/dev/null | sed -u "s/^/domU $1: /" &
	echo $! >>/run/xl-tails
}

# domu_wait NAME REGEX SECONDS: wait for a line of NAME's console log
# (whose lines end in "\r\n": anchor with [[:space:]]*$).
domu_wait() {
	local n=0
	while ! grep -aqE "$2" "$XL_LOG/guest-$1.log" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt $(($3 * 2)) ] && return 1
		sleep 0.5
	done
}

# domu_cmd NAME COMMAND TAG [SECONDS]: send a command, wait for its ack
# ("P2M-DOMU-ACK COMMAND TAG").  A command line written to the console can
# get lost (seen in CI after "xl restore": no ack in 60 s while heartbeats
# went on; and in one domu run two of twelve commands were acked only
# after a resend, probably the domU's "read -t 1" timing out mid-line), so
# it is sent again every 20 s (DOMU_RESEND) until acked; commands are
# idempotent (a long one, resent, runs again: raise DOMU_RESEND), and
# domu_block reads the first of repeated blocks.
domu_cmd() {
	local id pty left=${4:-30} step
	id=$(xl domid "$1" 2>/dev/null) || return 1
	pty=$(xenstore-read "/local/domain/$id/console/tty" 2>/dev/null) || return 1
	while [ "$left" -gt 0 ]; do
		echo "$2 $3" >"$pty"
		step=${DOMU_RESEND:-20}
		step=$((left < step ? left : step))
		domu_wait "$1" "P2M-DOMU-ACK $2 $3[[:space:]]*\$" "$step" && return 0
		left=$((left - step))
	done
	return 1
}

# domu_info NAME TAG: "current_kb missing" of the domU, after an info command.
# Only a whole line counts: with several vCPUs a kernel message can land in
# the middle of the domU's line on the console (seen: "current_kb
# P2M-DOMU-INFO, ..."); then the command is asked again, under TAG.r1 ...
domu_info() {
	local n=0 t=$2 re
	while [ $n -lt 3 ]; do
		domu_cmd "$1" info "$t" || return 1
		re="^P2M-DOMU-INFO $t current_kb=[0-9]+ target_kb=[0-9]+ pfn=[0-9]+ missing=[0-9]+[[:space:]]*\$"
		if domu_last "$1" "$re" | grep -q .; then
			domu_last "$1" "$re" |
				sed 's/.*current_kb=\([0-9]*\) .* missing=\([0-9]*\).*/\1 \2/'
			return 0
		fi
		n=$((n + 1))
		t=$2.r$n
	done
	return 1
}

# xen_pages DOMID: Xen's own count of the domain's pages (xen-resv).
xen_pages() { /tools/xen-resv "$1" | sed -n 's/.* current=\([0-9]*\) .*/\1/p'; }

# domu_balloon NAME MIB TAG [TRIES]: set the target, then ask (info TAG-0,
# TAG-1, ...; a second apart) until the domU's current_kb is there.
domu_balloon() {
	local n=0 cur
	xl mem-set "$1" "${2}m" || return 1
	while [ $n -lt "${4:-40}" ]; do
		cur=$(domu_info "$1" "$3-$n" | cut -d' ' -f1)
		[ "${cur:-0}" = $(($2 * 1024)) ] && return 0
		n=$((n + 1))
		sleep 1
	done
	return 1
}

# domu_block NAME TAG: the lines between the first P2M-DOMU-BEGIN/END TAG,
# unprefixed.
domu_block() {
	tr -d '\r' <"$XL_LOG/guest-$1.log" |
		awk -v b="P2M-DOMU-BEGIN $2" -v e="P2M-DOMU-END $2" \
			'$0 == b { on = 1; next } $0 == e && on { exit } on && !/^P2M-DOMU-/'
}

# domu_last NAME REGEX: the last line matching REGEX in NAME's console.
domu_last() {
	grep -aE "$2" "$XL_LOG/guest-$1.log" | tail -n 1 | tr -d '\r'
}

# check_save_mode TAG DOMU LOG: which p2m the toolstack read to save DOMU,
# from "xl -vvv save"'s LOG: libxenguest's map_p2m_list() prints "p2m list
# from VADDR to END, root at MFN" when the guest publishes a linear view
# (p2m_cr3 != 0), map_p2m_tree() nothing of the kind.  6.12 publishes a
# view, and so does our series: the list mode is what both must use, at
# the address the domU itself published (its view-boot line; our kernel).
check_save_mode() {
	local line vaddr want
	line=$(grep -m1 'p2m list from' "$3" | sed 's/.*\(p2m list from\)/\1/')
	vaddr=$(echo "$line" | sed -n 's/p2m list from \(0x[0-9a-f]*\) .*/\1/p')
	want=$(domu_last "$2" 'P2M-CHECK view-boot ' | sed -n 's/.* p2m_vaddr=\(0x[0-9a-f]*\).*/\1/p')
	case "$(uname -r)" in *-base*) want=$vaddr ;; esac
	check "save-mode-$1" "toolstack: ${line:-no 'p2m list' line (frame-list mode)}; domU published p2m_vaddr=${want:-?}" \
		[ -n "$vaddr" ] && [ "$vaddr" = "$want" ]
}

# mfndump_frames DOMID: the toolstack's view of a domU's p2m (xen-mfndump
# dump-p2m: libxenguest's walk of what the domU publishes for save and
# restore) as runs of frames "F pfn mfn count" (hex), the format of the
# domU's p2m_frames: entries that are ~0 (missing), identity or foreign are
# not frames.
mfndump_frames() {
	# GNU grep drops the missing, identity and foreign entries first: a
	# domU above 512 GiB has 2^27 of them, too many lines for busybox awk.
	"$XEN_BIN/xen-mfndump" dump-p2m "$1" 2>/dev/null |
		grep -v -E 'mfn=0x[4-9a-f][0-9a-f]{15}' | busybox awk '
		function flush() { if (len) printf "F %x %x %x\n", p0, m0, len; len = 0 }
		/^ *pfn=0x[0-9a-f]+ ==> mfn=0x[0-9a-f]+/ {
			split($1, a, "="); split($3, b, "=")
			m = tolower(b[2])
			# 16 hex digits with bit 63 or 62 set: missing, foreign, identity.
			if (length(m) == 18 && substr(m, 3, 1) ~ /[4-9a-f]/) { flush(); next }
			# busybox awk reads 0x numbers (exact in a double below 2^53).
			pfn = a[2] + 0; mfn = m + 0
			if (len && pfn == p0 + len && mfn == m0 + len) { len++; next }
			flush(); p0 = pfn; m0 = mfn; len = 1
		}
		END { flush() }'
}

# check_mfndump NAME TAG: frame by frame, the toolstack's view of the domU
# equals the domU's own entries (its "frames TAG" walk: the md5 of its runs
# of frames, and the runs themselves when few), over every frame the domU
# has (a frame above the toolstack's max_pfn is a difference); Xen's count
# of the domain's pages (xen-resv, from dom0) equals that number of
# frames, and the pfn pages of the domU's dump TAG (taken just before) too.
check_mfndump() {
	local id ok frames xen dump_pfn dsum msum runs rt idb
	id=$(xl domid "$1") || { fail "mfndump-matches-$2" "no domain $1"; return; }
	domu_cmd "$1" frames "$2" "${FRAMES_TIMEOUT:-60}" || { fail "mfndump-matches-$2" "domU $1 did not answer 'frames $2'"; return; }
	domu_block "$1" "frames-$2" >/tmp/frames.$1.$2
	mfndump_frames "$id" >/tmp/mfndump.$2
	frames=$(sed -n 's/^# p2m_frames .* frames=\([0-9]*\) .*/\1/p' /tmp/frames.$1.$2)
	rt=$(sed -n 's/^# p2m_frames .* roundtrip_bad=\([0-9]*\) .*/\1/p' /tmp/frames.$1.$2)
	idb=$(sed -n 's/^# p2m_frames .* identity_bad=\([0-9]*\) .*/\1/p' /tmp/frames.$1.$2)
	dsum=$(sed -n 's/^F-md5 \([0-9a-f]*\) .*/\1/p' /tmp/frames.$1.$2)
	msum=$(md5sum </tmp/mfndump.$2 | cut -d' ' -f1)
	runs=$(wc -l </tmp/mfndump.$2)
	xen=$(/tools/xen-resv "$id" 2>&1)
	echo "P2M-XEN-RESV $1-$2 ${xen#xen-resv }"
	xen=$(echo "$xen" | sed -n 's/.* current=\([0-9]*\) .*/\1/p')
	domu_block "$1" "$2" >/tmp/dump.$1.$2
	dump_pfn=$(dump_pages pfn /tmp/dump.$1.$2)
	ok=0
	[ "$runs" -gt 0 ] && [ -n "$dsum" ] && [ "$msum" = "$dsum" ] && [ "$rt" = 0 ] && [ "$idb" = 0 ] &&
		[ "$frames" = "$xen" ] && [ "$frames" = "$dump_pfn" ] && ok=1
	if [ $ok != 1 ]; then
		echo "xen-mfndump dump-p2m $id (md5 $msum) against domU $1's frames (md5 ${dsum:-none}):"
		grep '^F ' /tmp/frames.$1.$2 | diff /tmp/mfndump.$2 - | head -20
	fi
	check "mfndump-matches-$2" "domid $id: $runs runs of frames, md5 $msum; domU: $(grep '^F-md5' /tmp/frames.$1.$2 | cut -c1-20)..., $frames frames (M2P round trips bad: ${rt:-?}, identity bad: ${idb:-?}); Xen says ${xen:-?} pages; domU's dump: $dump_pfn pfn pages" [ $ok = 1 ]
}

# net_peers_start: dom0's ends of a domU's network streams (the domU at
# 10.0.0.2, its "stress" command): receive its /tmp/random on 5001, each
# stream's md5 appended to /tmp/tx.sums; send 16 MiB of a pattern to its
# 5002 again and again, how many times in /tmp/rx.sent once stopped.
net_peers_start() {
	yes P2M-PATTERN-0123456789abcdef | head -c 16777216 >/tmp/pattern
	rm -f /tmp/stop /tmp/tx.sums /tmp/rx.sent
	(
		while [ ! -e /tmp/stop ]; do
			nc_recv 5001 /tmp/tx.bin || continue
			[ -s /tmp/tx.bin ] && md5sum </tmp/tx.bin | cut -d' ' -f1 >>/tmp/tx.sums
		done
	) &
	NET_TX_PID=$!
	(
		i=0
		while [ ! -e /tmp/stop ]; do
			if busybox nc 10.0.0.2 5002 </tmp/pattern 2>/dev/null; then i=$((i + 1)); else sleep 0.2; fi
		done
		echo $i >/tmp/rx.sent
	) &
	NET_RX_PID=$!
}

net_peers_stop() {
	touch /tmp/stop
	kill $NET_TX_PID 2>/dev/null; busybox killall nc 2>/dev/null
	wait $NET_RX_PID
}

# check_net_tx_sums NAME SUM: every stream domU NAME says it sent reached
# dom0 whole (md5 SUM, the domU's /tmp/random).
check_net_tx_sums() {
	local sends good all ok=0
	sends=$(domu_last "$1" 'P2M-STRESS net-tx ' | sed -n 's/.* sends=\([0-9]*\) .*/\1/p')
	good=$(grep -c "^$2\$" /tmp/tx.sums 2>/dev/null)
	all=$(wc -l </tmp/tx.sums 2>/dev/null)
	[ -n "$sends" ] && [ "$sends" -gt 0 ] && [ "$good" = "$all" ] && [ "$good" = "$sends" ] && ok=1
	check stress-net-tx-sums "domU sent $sends streams; dom0 got $all, $good with the domU's md5" [ $ok = 1 ]
}

# live_migrate NAME LOG: a live migration of NAME to this host ("xl
# migrate" with an empty ssh command runs the receiver through sh -c), both
# sides' -vvv output in LOG, each line stamped with the time it arrived
# (bash's $EPOCHREALTIME: dom0's sh is dash).  Returns xl's status.
live_migrate() {
	{ xl -vvv migrate -s '' "$1" 'xl -vvv migrate-receive' 2>&1; echo "XL-RC $?"; } |
		bash -c 'while IFS= read -r l; do printf "%s %s\n" "$EPOCHREALTIME" "$l"; done' >"$2"
	grep -q ' XL-RC 0$' "$2"
}

# migrate_summary RUN LOG: one P2M-MIGRATE line from a live_migrate log:
# the whole migration's time and the downtime, from the sender's suspend
# request to the receiver's unpause (libxenguest logs no per-round lines
# at -vvv without a terminal, so the rounds are not counted).
migrate_summary() {
	awk -v run="$1" '
		NR == 1 { t0 = $1 }
		{ t1 = $1 }
		/[Ss]uspending domain|issuing .*suspend request/ && !ts { ts = $1 }
		/[Uu]npaus|[Dd]omain resumed|resuming domain/ { tr = $1 }
		/p2m generation count changed/ { gen = 1 }
		END {
			down = (ts && tr > ts) ? sprintf("%.3f", tr - ts) : "?"
			printf "P2M-MIGRATE run=%s total_s=%.3f downtime_s=%s generation_abort=%d\n",
			       run, t1 - t0, down, gen
		}' "$2"
}

# backends_start NAME: blkback and netback loaded, a bridge xenbr0 at
# 10.0.0.1 (busybox's ip and brctl for Xen's hotplug scripts), and a
# 64 MiB file on a loop device ($loop) for a domU's disk; check NAME-backends.
backends_start() {
	local ok=1 m a
	for m in xen-blkback xen-netback; do insmod /modules/$m.ko || ok=0; done
	for a in ip brctl; do command -v $a >/dev/null || ln -s /bin/busybox /usr/sbin/$a; done
	brctl addbr xenbr0 && ip addr add 10.0.0.1/24 dev xenbr0 && ip link set xenbr0 up || ok=0
	dd if=/dev/zero of=/tmp/disk.img bs=1048576 count=64 2>/dev/null
	loop=$(losetup -f --show /tmp/disk.img) || ok=0
	check $1-backends "blkback, netback, xenbr0 10.0.0.1, disk $loop" [ $ok = 1 ]
}
