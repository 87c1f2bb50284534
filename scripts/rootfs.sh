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

if [ "${FORCE:-0}" != 1 ] && [ -f "$ROOTFS/.p2m-rootfs" ] &&
   [ "$(cat "$ROOTFS/.p2m-rootfs")" = "$stamp" ]; then
	note "rootfs: $ROOTFS (cached)"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap missing: run 'make deps'"

# The Debian mirror apt uses here.
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\{0,1\}$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(http[^ ]*\) bookworm .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}

stage "debootstrap $INCLUDE from $mirror into $ROOTFS"
rm -rf "$ROOTFS"
run_logged "$LOGS/debootstrap.log" debootstrap --variant=minbase --include="$INCLUDE" \
	bookworm "$ROOTFS" "$mirror"
# Not needed in an initramfs: documentation, locales, apt's lists.
rm -rf "$ROOTFS"/usr/share/{doc,man,info,locale} "$ROOTFS"/var/cache/apt/*.bin \
	"$ROOTFS"/var/lib/apt/lists/*
echo "$stamp" >"$ROOTFS/.p2m-rootfs"
note "rootfs: $(du -sh "$ROOTFS" | cut -f1) in $ROOTFS"
