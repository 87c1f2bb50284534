# SPDX-License-Identifier: GPL-2.0
# Helpers for the checks that run inside the guest (busybox sh).
# Every check prints one machine-readable line:
#   P2M-CHECK <name> PASS|FAIL <detail>

P2M_DUMP=/sys/kernel/debug/xen/mmu/p2m
BALLOON=/sys/devices/system/xen_memory/xen_memory0

pass() { echo "P2M-CHECK $1 PASS ${2:-}"; }
fail() { echo "P2M-CHECK $1 FAIL ${2:-}"; }

# check NAME DETAIL CMD...: PASS when CMD succeeds.
check() {
	name=$1 detail=$2
	shift 2
	if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}

# section NAME CMD...: print CMD's output between markers the host extracts.
section() {
	name=$1
	shift
	echo "P2M-BEGIN $name"
	"$@" 2>&1
	echo "P2M-END $name"
}

# The standard block every scenario prints: versions, E820, the p2m dump.
guest_info() {
	section kernel uname -a
	section xen cat /sys/hypervisor/version/major /sys/hypervisor/version/minor \
		/sys/hypervisor/version/extra
	section e820 sh -c 'dmesg | grep -E "Xen: \[mem|BIOS-e820"'
	section iomem cat /proc/iomem
	section p2m cat "$P2M_DUMP"
	section balloon sh -c "cd $BALLOON && for f in target_kb info/current_kb info/low_kb info/high_kb; do echo \$f \$(cat \$f); done"
	check p2m-dump-present "$P2M_DUMP" grep -q '^ \[0x' "$P2M_DUMP"
}

balloon_current() { cat $BALLOON/info/current_kb; }
balloon_target() { cat $BALLOON/target_kb; }

# balloon_wait KB SECONDS: wait until current_kb equals KB.
balloon_wait() {
	i=0
	while [ "$(balloon_current)" != "$1" ]; do
		i=$((i + 1))
		[ $i -gt $(($2 * 2)) ] && return 1
		sleep 0.5
	done
	return 0
}
