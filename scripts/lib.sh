# SPDX-License-Identifier: GPL-2.0
# Common helpers for the xen-p2m workbench scripts (sourced, not run).

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
LINUX=$BUILD/linux
LINUX_BASE=$BUILD/linux-base
LOGS=$BUILD/logs
BASE_FILE=$TOP/patches/BASE
BASE_TAG=base

# The Debian package that provides the base tree, and the version we
# recorded when the series was last rebased.
BASE_PKG=$(sed -n 's/^package: *//p' "$BASE_FILE")
BASE_VERSION=$(sed -n 's/^version: *//p' "$BASE_FILE")
# The first FIXES_PREFIX patches apply to and work on 6.12's own linear
# p2m list; FIXES=1 builds and boots them alone (issue 14).
FIXES_PREFIX=$(sed -n 's/^fixes-prefix: *//p' "$BASE_FILE")
LINUX_FIXES=$BUILD/linux-fixes

_t0=${_T0:-$(date +%s)}
export _T0=$_t0

# stage NAME: print a progress line with the elapsed time of the whole run.
stage() {
	printf '[%4ds] == %s\n' "$(( $(date +%s) - _t0 ))" "$*"
}

note() {
	printf '[%4ds]    %s\n' "$(( $(date +%s) - _t0 ))" "$*"
}

die() {
	printf 'ERROR: %s\n' "$*" >&2
	exit 1
}

warn() {
	printf 'WARNING: %s\n' "$*" >&2
}

# run_logged LOGFILE CMD...: run a long command with its output in a log;
# on failure show the tail and say where the whole log is.
run_logged() {
	local log=$1
	shift
	mkdir -p "$(dirname "$log")"
	if ! "$@" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "'$*' failed; full log: $log"
	fi
}

# kernel_tree [BASE]: the source tree to build (ours, or the unpatched base).
src_tree() {
	case "$(flavour)" in
	base) echo "$LINUX_BASE" ;;
	fixes) echo "$LINUX_FIXES" ;;
	*) echo "$LINUX" ;;
	esac
}

# OBJ_DIR=DIR boots a kernel built elsewhere (e.g. a throwaway mutation of
# the series, to see a check fail); it must be of the same flavour.
# DEBUG=1 builds and boots the debug variant (config/debug.config: lockdep,
# atomic-sleep, list, VM and slab checks, KFENCE, UBSAN) in its own build
# directory, beside the normal one.
obj_tree() {
	if [ -n "${OBJ_DIR:-}" ]; then echo "$OBJ_DIR"; return; fi
	case "$(flavour)" in
	base) echo "$BUILD/kbuild-base$(variant)" ;;
	fixes) echo "$BUILD/kbuild-fixes$(variant)" ;;
	*) echo "$BUILD/kbuild$(variant)" ;;
	esac
}

# variant: "-debug" with DEBUG=1, else nothing (names of dirs, logs, results).
# DEBUG=1: the kernel's checkers (config/debug.config); DEBUG=kasan: KASAN
# (config/kasan.config), to find out whether it boots as a Xen PV guest;
# DEBUG=info: debug info for crash and a virtio disk (config/debuginfo.config);
# DEBUG=unpop: unpopulated-alloc and ZONE_DEVICE, as Debian builds (config/unpop.config).
variant() {
	case "${DEBUG:-0}" in
	0) ;;
	1) echo -debug ;;
	kasan) echo -kasan ;;
	info) echo -info ;;
	unpop) echo -unpop ;;
	kcsan) echo -kcsan ;;
	*) echo "DEBUG=$DEBUG: want 0, 1, kasan, info, unpop or kcsan" >&2; exit 2 ;;
	esac
}

# flavour: which kernel: "p2m" (the series), "base" (BASE=1: Debian's 6.12
# as shipped) or "fixes" (FIXES=1: 6.12 with the series' first
# FIXES_PREFIX patches, those that work on 6.12's linear list).
flavour() {
	if [ "${BASE:-0}" = 1 ]; then
		echo base
	elif [ "${FIXES:-0}" = 1 ]; then
		echo fixes
	else
		echo p2m
	fi
}

# fixes_commit: the commit of build/linux that ends the fixes prefix.
fixes_commit() {
	[ -n "$FIXES_PREFIX" ] || die "patches/BASE has no fixes-prefix line"
	git -C "$LINUX" rev-list --reverse "$BASE_TAG..HEAD" | sed -n "${FIXES_PREFIX}p"
}

# series_hash: identifies the content of patches/ (series + every patch).
series_hash() {
	(cd "$TOP/patches" && cat series $(grep -vE '^\s*(#|$)' series) 2>/dev/null) |
		sha256sum | cut -d' ' -f1
}

# mark_applied: record that build/linux holds exactly patches/ at its HEAD.
mark_applied() {
	printf 'series %s\nhead %s\n' "$(series_hash)" "$(git -C "$LINUX" rev-parse HEAD)" \
		>"$BUILD/linux.applied"
}

# bisect_prepare: the worktree (build/linux-bisect, $WT) and object dir
# (build/kbuild-bisect, $OBJ) in which scripts/bisect-check.sh and
# scripts/bisect-boot.sh build one patch at a time, with build/kbuild's
# config (built first, so that it exists and build/linux is in step).
bisect_prepare() {
	"$TOP/scripts/build.sh" >/dev/null
	WT=$BUILD/linux-bisect
	OBJ=$BUILD/kbuild-bisect
	if [ ! -d "$WT" ]; then
		git -C "$LINUX" worktree prune
		git -C "$LINUX" worktree add -q --detach "$WT" "$BASE_TAG"
	fi
	mkdir -p "$OBJ" "$BUILD/results"
	export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content
}

# bisect_build COMMIT LOG: the kernel and modules of COMMIT in $OBJ.
bisect_build() {
	git -C "$WT" checkout -q --detach "$1"
	cp "$BUILD/kbuild/.config" "$OBJ/.config"
	make -C "$WT" O="$OBJ" CC="ccache gcc" LOCALVERSION=-bisect -j"$(nproc)" \
		olddefconfig bzImage modules >"$2" 2>&1
}

# oops_site LOG [PREFIX]: "RIP SYMBOL" of the first oops in LOG (only its
# lines starting with PREFIX, e.g. a domU's "domU d1: "): the address of
# its "RIP: e030:0x..." line and the function of obj_tree's System.map
# that holds it (the workbench's config has no kallsyms).  Prints nothing
# if LOG has no such line.
oops_site() {
	local rip
	rip=$(grep -a -- "${2:-}" "$1" | grep -aom1 'RIP: e030:0x[0-9a-f]*' | sed 's/.*:0x//')
	[ -n "$rip" ] || return 0
	echo "$rip $(awk -v r="$rip" 'BEGIN { r = tolower(r) }
		$2 ~ /^[tTwW]$/ { if (length($1) == length(r) && $1 <= r) s = $3 }
		END { print s }' "$(obj_tree)/System.map" 2>/dev/null)"
}
