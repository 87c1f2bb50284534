#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install what the workbench needs from Debian's packages (only what is missing).
. "$(dirname "$0")/lib.sh"

PKGS=(
	"$BASE_PKG"
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils kmod rsync perl git
	python3-ply python3-git
	ccache
	qemu-system-x86
	xen-hypervisor-4.17-amd64
	busybox-static
	debootstrap
	clang libclang-rt-14-dev
	sparse linux-config-6.12
	# tests/boot/dumpcore.sh: a domU's core read by a real external tool
	crash
	# gdb-add-index: an index for crash's embedded gdb (see dumpcore.sh)
	gdb
	# scripts/p2m-picture (issue 15): the pictures of a p2m dump
	python3-matplotlib
	# make check: the series' Documentation through "make htmldocs"
	python3-sphinx
	# make check: the series as b4 reads it from a mailing list
	b4
	# tests/tools/xen-set-e820.c (issue 30): a domU's E820 map, set
	# through libxenctrl (its static libraries)
	libxen-dev
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -gt 0 ]; then
	stage "installing ${missing[*]}"
	[ "$(id -u)" = 0 ] || die "need root to apt-get install: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	run_logged "$LOGS/apt-update.log" apt-get update
	run_logged "$LOGS/apt-install.log" apt-get install -y --no-install-recommends "${missing[@]}"
fi

have=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
if [ "$have" != "$BASE_VERSION" ]; then
	warn "installed $BASE_PKG is $have but the series was made on $BASE_VERSION (patches/BASE);"
	warn "it may not apply: rebase it with 'make tree' + 'make series' and update patches/BASE"
fi
exit 0
