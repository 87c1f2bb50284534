#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the dom0/domU kernel: ours (build/linux, the series applied), with
# BASE=1 the unpatched base (a worktree of the tag "base"), with
# FIXES=1 the series' fixes prefix alone (patches/BASE: fixes-prefix,
# a worktree of build/linux at its last patch); DEBUG=1 adds
# the kernel's checkers (config/debug.config), DEBUG=kasan adds KASAN
# (config/kasan.config), DEBUG=unpop unpopulated-alloc (config/unpop.config).
# Out-of-tree in build/kbuild[-base|-fixes][-debug|-kasan|-info|-unpop],
# with ccache.  The config is config/*.config merged
# onto tinyconfig; every requested option is verified in the final .config.
. "$(dirname "$0")/lib.sh"

SRC=$(src_tree)
OBJ=$(obj_tree)
FLAVOUR=$(flavour)
FRAGMENTS=("$TOP/config/xen-p2m.config")
[ "$FLAVOUR" != base ] && FRAGMENTS+=("$TOP/config/p2m.config")
case "$(variant)" in
-debug) FRAGMENTS+=("$TOP/config/debug.config") ;;
-kasan) FRAGMENTS+=("$TOP/config/kasan.config") ;;
-info) FRAGMENTS+=("$TOP/config/debuginfo.config") ;;
-unpop) FRAGMENTS+=("$TOP/config/unpop.config") ;;
-kcsan) FRAGMENTS+=("$TOP/config/kcsan.config") ;;
esac

"$TOP/scripts/tree.sh"
if [ "$FLAVOUR" = base ]; then
	if [ ! -d "$SRC" ]; then
		git -C "$LINUX" worktree prune
		git -C "$LINUX" worktree add -q --detach "$SRC" "$BASE_TAG"
	fi
	[ "$(git -C "$SRC" rev-parse HEAD)" = "$(git -C "$LINUX" rev-parse "$BASE_TAG^{commit}")" ] ||
		die "$SRC is not at the base commit"
fi
if [ "$FLAVOUR" = fixes ]; then
	# A worktree of build/linux at the last patch of the fixes prefix.
	want=$(fixes_commit)
	[ -n "$want" ] || die "build/linux has fewer than $FIXES_PREFIX patches"
	# A worktree whose build/linux was made anew (tree.sh --force) is dead.
	[ -d "$SRC" ] && ! git -C "$SRC" rev-parse -q HEAD >/dev/null 2>&1 && rm -rf "$SRC"
	if [ ! -d "$SRC" ]; then
		git -C "$LINUX" worktree prune
		git -C "$LINUX" worktree add -q --detach "$SRC" "$want"
	fi
	[ "$(git -C "$SRC" rev-parse HEAD)" = "$want" ] || git -C "$SRC" checkout -q --detach "$want"
	note "fixes prefix: $(git -C "$SRC" log -1 --format='%h %s')"
fi

export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content
export KBUILD_BUILD_USER=xen-p2m KBUILD_BUILD_HOST=workbench
MAKE=(make -C "$SRC" O="$OBJ" CC="ccache gcc" LOCALVERSION="-$FLAVOUR$(variant)" -j"$(nproc)")
mkdir -p "$OBJ"

# Regenerate the config when a fragment changed.
cfg_hash=$(cat "${FRAGMENTS[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$OBJ/.config" ] || [ "$(cat "$OBJ/.fragments" 2>/dev/null)" != "$cfg_hash" ]; then
	stage "configuring $FLAVOUR kernel (tinyconfig + ${FRAGMENTS[*]##*/})"
	run_logged "$LOGS/config-$FLAVOUR$(variant).log" "${MAKE[@]}" tinyconfig
	(cd "$SRC" && run_logged "$LOGS/config-$FLAVOUR$(variant)-merge.log" \
		scripts/kconfig/merge_config.sh -n -O "$OBJ" "$OBJ/.config" "${FRAGMENTS[@]}")
	run_logged "$LOGS/config-$FLAVOUR$(variant).log" "${MAKE[@]}" olddefconfig
	echo "$cfg_hash" >"$OBJ/.fragments"
fi

# Every option we asked for must really be set: Kconfig silently drops
# options whose dependencies are missing.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$OBJ/.config" || {
			echo "  wanted $line, got: $(grep -E "^(# )?${line%%=*}[= ]" "$OBJ/.config" || echo unset)"
			bad=1
		} ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }; sym=${sym%% *}
		! grep -q "^$sym=" "$OBJ/.config" || { echo "  wanted $sym off, got it on"; bad=1; } ;;
	esac
done < <(cat "${FRAGMENTS[@]}" | tac | awk '
	# The last fragment that sets an option wins, as in merge_config.sh.
	{ s = $0; sub(/^# /, "", s); sub(/[= ].*/, "", s) }
	/^(CONFIG_|# CONFIG_)/ && !seen[s]++')
if [ $bad = 1 ]; then
	rm -f "$OBJ/.fragments"
	die "the kernel config lacks options requested by config/*.config (see above)"
fi

stage "building $FLAVOUR kernel ($SRC -> $OBJ)"
t=$(date +%s)
run_logged "$LOGS/build-$FLAVOUR$(variant).log" "${MAKE[@]}" bzImage modules
note "built $(cat "$OBJ/include/config/kernel.release") in $(( $(date +%s) - t ))s: $OBJ/arch/x86/boot/bzImage"
