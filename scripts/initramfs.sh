#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh OUT.cpio.gz SCENARIO_GUEST_SCRIPT [EXTRA_DIR]
# A busybox initramfs: tests/guest/{init,lib.sh}, the scenario's guest script
# as /scenario.sh, and the files of EXTRA_DIR (e.g. test modules) under /.
# INIT=FILE uses another /init (tests/guest/domu-init for domUs); NO_BUSYBOX=1
# leaves busybox out (an overlay for the Debian rootfs, which has its own).
. "$(dirname "$0")/lib.sh"

out=$1 script=$2 extra=${3:-}
bb=/bin/busybox
[ -x "$bb" ] || die "$bb not found: run 'make deps' (busybox-static)"
init=${INIT:-$TOP/tests/guest/init}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt}
[ "${NO_BUSYBOX:-0}" = 1 ] || cp "$bb" "$root/bin/busybox"
[ "${NO_BUSYBOX:-0}" = 1 ] && rmdir "$root/bin"
install -m 755 "$init" "$root/init"
install -m 644 "$TOP/tests/guest/lib.sh" "$root/lib.sh"
install -m 644 "$script" "$root/scenario.sh"
[ -n "$extra" ] && [ -d "$extra" ] && cp -a "$extra/." "$root/"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner 0:0 --quiet | gzip -n -1) >"$out"
