#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# static-check.sh [touched|debian]: the compiler's extra warnings (W=1) and
# sparse (C=2: every named object is checked) on the series, against the
# same on the base: a warning the base does not have fails.
#   touched (make check): the kernel .c files the series changes, in the
#       workbench's config (that of build/kbuild), in build/kbuild-static
#       and build/kbuild-static-base: the build directories of the kernels
#       that boot are not touched (other flags, another kernel release).
#   debian (make check-slow): arch/x86/xen/ and drivers/xen/ built whole
#       with the config Debian ships for 6.12 (linux-config-6.12), ours in
#       build/kbuild-debian, the base in build/kbuild-debian-base.
# Warnings are compared without line numbers (file: message), so code that
# moved does not count as new.  Output: build/logs/static-*.log.
. "$(dirname "$0")/lib.sh"

mode=${1:-touched}
command -v sparse >/dev/null || die "sparse missing: run 'make deps'"
"$TOP/scripts/tree.sh"
if [ ! -d "$LINUX_BASE" ]; then
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$LINUX_BASE" "$BASE_TAG"
fi
export CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1 CCACHE_COMPILERCHECK=content

# warnings SRC OBJ LOG TARGET...: build TARGETs with W=1 C=2 and print the
# warnings, normalized: "path: message" (path relative to the source tree),
# sorted, unique.
warnings() {
	local src=$1 obj=$2 log=$3 t
	shift 3
	# The compiler warns only on what it compiles: remove the targets'
	# objects, so that both trees compile all of them (ccache replays a
	# cached compile's warnings), whatever was built before.
	for t in "$@"; do
		case "$t" in
		*/) [ -d "$obj/$t" ] && find "$obj/$t" -name '*.o' -delete ;;
		*) rm -f "$obj/$t" ;;
		esac
	done
	# C=2 checks what is named even when up to date.
	make -C "$src" O="$obj" CC="ccache gcc" LOCALVERSION=-static -j"$(nproc)" W=1 C=2 "$@" \
		>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "build of $* failed: $log"; }
	grep -E '^[^ :]+:[0-9]+(:[0-9]+)?: (warning|error): ' "$log" |
		sed -E -e "s|^$src/||" -e 's|^\.\./[^/]+/||' -e 's/^([^ :]+):[0-9]+(:[0-9]+)?: /\1: /' |
		LC_ALL=C sort -u
}

# configure SRC OBJ CONFIG: OBJ/.config from CONFIG (olddefconfig).
configure() {
	mkdir -p "$2"
	if ! cmp -s "$3" "$2/.config.src" 2>/dev/null; then
		cp "$3" "$2/.config"
		cp "$3" "$2/.config.src"
		run_logged "$LOGS/static-config.log" make -C "$1" O="$2" LOCALVERSION=-static olddefconfig
	fi
}

case "$mode" in
touched)
	[ -f "$BUILD/kbuild/.config" ] || die "build/kbuild has no .config: run 'make build'"
	# Only what the workbench's config builds (unpopulated-alloc.c is not:
	# the debian mode checks it, in Debian's config).
	mapfile -t files < <(git -C "$LINUX" diff --name-only "$BASE_TAG" HEAD -- '*.c' |
		grep -vE '^(tools|scripts|Documentation)/' |
		while read -r f; do [ -f "$BUILD/kbuild/${f%.c}.o" ] && echo "$f"; done)
	[ ${#files[@]} -gt 0 ] || die "the series touches no kernel .c file?"
	configure "$LINUX" "$BUILD/kbuild-static" "$BUILD/kbuild/.config"
	ours=$(warnings "$LINUX" "$BUILD/kbuild-static" "$LOGS/static-touched.log" "${files[@]/%.c/.o}")
	base_files=()
	for f in "${files[@]}"; do [ -f "$LINUX_BASE/$f" ] && base_files+=("${f%.c}.o"); done
	base=""
	if [ ${#base_files[@]} -gt 0 ]; then
		configure "$LINUX_BASE" "$BUILD/kbuild-static-base" "$BUILD/kbuild/.config"
		base=$(warnings "$LINUX_BASE" "$BUILD/kbuild-static-base" "$LOGS/static-touched-base.log" \
			"${base_files[@]}")
	fi
	what="${#files[@]} files the series touches (${files[*]##*/})"
	;;
debian)
	cfg=$(ls /usr/src/linux-config-6.12/config.amd64_none_amd64.xz 2>/dev/null) ||
		die "Debian's config missing: run 'make deps' (linux-config-6.12)"
	xz -dc "$cfg" >"$BUILD/debian.config"
	# Debian signs modules with its own key and builds BTF: neither is
	# needed to compile the objects.
	sed -i -e 's/^CONFIG_MODULE_SIG_KEY=.*/CONFIG_MODULE_SIG_KEY=""/' \
		-e 's/^CONFIG_SYSTEM_TRUSTED_KEYS=.*/CONFIG_SYSTEM_TRUSTED_KEYS=""/' \
		-e 's/^CONFIG_DEBUG_INFO_BTF=y/# CONFIG_DEBUG_INFO_BTF is not set/' "$BUILD/debian.config"
	configure "$LINUX" "$BUILD/kbuild-debian" "$BUILD/debian.config"
	configure "$LINUX_BASE" "$BUILD/kbuild-debian-base" "$BUILD/debian.config"
	ours=$(warnings "$LINUX" "$BUILD/kbuild-debian" "$LOGS/static-debian.log" arch/x86/xen/ drivers/xen/)
	base=$(warnings "$LINUX_BASE" "$BUILD/kbuild-debian-base" "$LOGS/static-debian-base.log" \
		arch/x86/xen/ drivers/xen/)
	what="arch/x86/xen/ and drivers/xen/ in Debian's 6.12 config"
	;;
*) die "usage: static-check.sh [touched|debian]" ;;
esac

new=$(comm -23 <(echo "$ours" | sed '/^$/d') <(echo "$base" | sed '/^$/d'))
echo "W=1 + sparse on $what: ours $(echo "$ours" | grep -c . || true) warnings, base $(echo "$base" | grep -c . || true)"
if [ -n "$new" ]; then
	echo "new warnings over the base:"
	echo "$new"
	exit 1
fi
echo "no new warning over the base"
