#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lab-xen.sh: a Xen 4.17 hypervisor that can live-migrate a PV guest, for
# the migration scenarios only (tests/boot/localmigrate*.sh, XEN_LAB=1).
#
# PV log-dirty mode is shadow paging, and Debian's current
# xen-hypervisor-4.17-amd64 (4.17.7+13, the one every other scenario boots)
# is built without CONFIG_SHADOW_PAGING: "xl migrate" fails with "Failed to
# enable logdirty: 95".  The lab hypervisor is Debian's own earlier bookworm
# build of the same branch, 4.17.5+72-g01140da4e8-1, which has it.  It
# lacks the security fixes of 4.17.6 and later: a lab hypervisor, never
# for production (README, "Live migration").
#
# Two routes, LAB_XEN=binary|source (default: binary, source if the binary
# package cannot be downloaded):
#   binary  apt-get download of that version's binary package, unpacked
#           with dpkg-deb (no installation: the host's Xen is untouched);
#   source  the same version's source package through a deb-src line of
#           our own (bookworm main, in build/lab-xen/apt, not the host's
#           sources), built with Debian's hypervisor config plus
#           CONFIG_SHADOW_PAGING=y.  For the day the binary leaves the
#           archive.
# Either way the hypervisor's config must say CONFIG_SHADOW_PAGING=y.
#
# Output: build/xen/xen-4.17-lab (the multiboot ELF QEMU loads), its
# .config beside it, and build/xen/xen-4.17-lab.route (one line: which
# route and version).
. "$(dirname "$0")/lib.sh"

LAB_VERSION=4.17.5+72-g01140da4e8-1
PKG=xen-hypervisor-4.17-amd64
out=$BUILD/xen/xen-4.17-lab
work=$BUILD/lab-xen
route=${LAB_XEN:-auto}
mkdir -p "$BUILD/xen" "$work"

if [ -s "$out" ] && [ -s "$out.route" ] && { [ "$route" = auto ] ||
	grep -q "^$route " "$out.route"; }; then
	exit 0
fi

shadow_ok() {
	grep -qx 'CONFIG_SHADOW_PAGING=y' "$1"
}

from_binary() {
	local deb d=$work/binary

	rm -rf "$d" && mkdir -p "$d"
	stage "lab hypervisor: downloading $PKG=$LAB_VERSION"
	if ! (cd "$d" && apt-get download "$PKG=$LAB_VERSION") >"$LOGS/lab-xen-download.log" 2>&1; then
		# A fresh machine's package lists may be missing or stale.
		apt-get update >>"$LOGS/lab-xen-download.log" 2>&1 || true
		(cd "$d" && apt-get download "$PKG=$LAB_VERSION") >>"$LOGS/lab-xen-download.log" 2>&1 ||
			return 1
	fi
	deb=$(ls "$d"/*.deb)
	dpkg-deb -x "$deb" "$d/root"
	[ -f "$d/root/boot/xen-4.17-amd64.config" ] || die "$deb: no boot/xen-4.17-amd64.config"
	shadow_ok "$d/root/boot/xen-4.17-amd64.config" ||
		die "$deb: built without CONFIG_SHADOW_PAGING=y: it cannot live-migrate"
	zcat "$d/root/boot/xen-4.17-amd64.gz" >"$out.tmp"
	cp "$d/root/boot/xen-4.17-amd64.config" "$out.config"
	mv "$out.tmp" "$out"
	echo "binary $PKG $LAB_VERSION ($(basename "$deb"))" >"$out.route"
}

from_source() {
	local d=$work/source apt=$work/apt src
	local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
		    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")

	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	# Our own deb-src line: the host's sources.list stays as it is.
	echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
	stage "lab hypervisor: Debian's source package xen=$LAB_VERSION"
	run_logged "$LOGS/lab-xen-apt-update.log" apt-get "${opts[@]}" update
	rm -rf "$d" && mkdir -p "$d"
	(cd "$d" && apt-get "${opts[@]}" source --download-only "xen=$LAB_VERSION") \
		>"$LOGS/lab-xen-source.log" 2>&1 || die "cannot download xen=$LAB_VERSION's source: $LOGS/lab-xen-source.log"
	(cd "$d" && dpkg-source -x ./*.dsc src) >>"$LOGS/lab-xen-source.log" 2>&1 ||
		die "cannot unpack xen's source: $LOGS/lab-xen-source.log"
	src=$d/src
	cp "$src/debian/xen-kconfig" "$src/xen/.config"
	echo CONFIG_SHADOW_PAGING=y >>"$src/xen/.config"
	stage "lab hypervisor: building xen/xen with CONFIG_SHADOW_PAGING=y"
	run_logged "$LOGS/lab-xen-build.log" make -C "$src/xen" XEN_TARGET_ARCH=x86_64 olddefconfig
	shadow_ok "$src/xen/.config" || die "olddefconfig dropped CONFIG_SHADOW_PAGING"
	run_logged "$LOGS/lab-xen-build.log" make -C "$src/xen" -j"$(nproc)" XEN_TARGET_ARCH=x86_64
	cp "$src/xen/.config" "$out.config"
	cp "$src/xen/xen" "$out.tmp" && mv "$out.tmp" "$out"
	echo "source xen $LAB_VERSION (apt-get source, built here)" >"$out.route"
}

rm -f "$out" "$out.route"
case "$route" in
binary) from_binary || die "cannot download $PKG=$LAB_VERSION: $LOGS/lab-xen-download.log" ;;
source) from_source ;;
auto)
	if ! from_binary; then
		warn "$PKG=$LAB_VERSION cannot be downloaded ($LOGS/lab-xen-download.log): building it from source"
		from_source
	fi
	;;
*) die "LAB_XEN=$route: binary or source" ;;
esac
note "lab hypervisor: $(cat "$out.route")"
