#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# rootfs.sh: build/rootfs, a Debian bookworm minbase with the Xen 4.17
# toolstack (xl, xenstored, xenconsoled, xen-mfndump), for the dom0 of the
# domU scenarios.  Made once with debootstrap (~75 s) and kept: it depends
# on nothing of ours.  FORCE=1 makes it again.
. "$(dirname "$0")/lib.sh"

ROOTFS=$BUILD/rootfs
INCLUDE=xen-utils-4.17,kmod,busybox
stamp="debootstrap --variant=minbase --include=$INCLUDE bookworm"

# mounts_below DIR: the mount points at or below DIR, deepest first.
mounts_below() {
	local d
	d=$(realpath -m "$1")
	awk -v d="$d" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts |
		sort -r
}

# unmount_below DIR: debootstrap mounts proc, sys and dev/pts inside the
# target and leaves them if it fails or is killed; a pack of a rootfs with
# proc mounted in it carries the host's /proc into the guest.  Unmount
# everything below DIR, or stop.
unmount_below() {
	local m left
	for m in $(mounts_below "$1"); do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
	left=$(mounts_below "$1")
	[ -z "$left" ] || die "cannot unmount below $1: $left"
}

# A cached rootfs is used only if it is whole: the stamp written last by a
# finished debootstrap matches, nothing is mounted below it, and the
# toolstack's binaries are there.
NEEDED=(usr/lib/xen-4.17/bin/xenstored usr/sbin/xl usr/lib/xen-4.17/bin/xen-mfndump)
has_needed() {
	local f
	for f in "${NEEDED[@]}"; do [ -x "$ROOTFS/$f" ] || return 1; done
}
cached_ok() {
	[ -f "$ROOTFS/.p2m-rootfs" ] && [ "$(cat "$ROOTFS/.p2m-rootfs")" = "$stamp" ] &&
		[ -z "$(mounts_below "$ROOTFS")" ] && has_needed
}

if [ -d "$ROOTFS" ] && [ -n "$(mounts_below "$ROOTFS")" ]; then
	warn "rootfs: mounts left below $ROOTFS: $(mounts_below "$ROOTFS" | tr '\n' ' ')- unmounting, rebuilding"
	[ "$(id -u)" = 0 ] || die "unmounting needs root"
	unmount_below "$ROOTFS"
	rm -f "$ROOTFS/.p2m-rootfs"
fi
if [ "${FORCE:-0}" != 1 ] && cached_ok; then
	note "rootfs: $ROOTFS (cached)"
	exit 0
fi
[ -f "$ROOTFS/.p2m-rootfs" ] && warn "rootfs: $ROOTFS is incomplete, rebuilding"
[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap missing: run 'make deps'"

# The Debian mirror apt uses here.
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\{0,1\}$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(http[^ ]*\) bookworm .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}

stage "debootstrap $INCLUDE from $mirror into $ROOTFS"
rm -rf --one-file-system "$ROOTFS"
trap 'unmount_below "$ROOTFS"' EXIT
run_logged "$LOGS/debootstrap.log" debootstrap --variant=minbase --include="$INCLUDE" \
	bookworm "$ROOTFS" "$mirror"
unmount_below "$ROOTFS"
trap - EXIT
# Not needed in an initramfs: documentation, locales, apt's lists.
rm -rf "$ROOTFS"/usr/share/{doc,man,info,locale} "$ROOTFS"/var/cache/apt/*.bin \
	"$ROOTFS"/var/lib/apt/lists/*
has_needed || die "debootstrap left no ${NEEDED[*]} in $ROOTFS"
echo "$stamp" >"$ROOTFS/.p2m-rootfs"
note "rootfs: $(du -sh "$ROOTFS" | cut -f1) in $ROOTFS"
