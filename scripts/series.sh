#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# series.sh [OUTDIR]: export the commits of build/linux above the tag "base"
# as patches/NNNN-*.patch + patches/series + patches/0000-cover-letter.patch.
# Deterministic: no commit ids (--zero-commit), no tool version, no dates
# other than the commits' own; exporting again without edits changes no byte.
# The cover letter's text is patches/cover-letter.txt (first line = subject);
# its shortlog and diffstat are generated.
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
[ -d "$LINUX/.git" ] || die "no kernel tree: run 'make tree' first"
[ -z "$(git -C "$LINUX" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted edits: commit them (git -C build/linux commit) first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(git -C "$LINUX" rev-list --count "$BASE_TAG..HEAD")
if [ "$n" -gt 0 ]; then
	git -C "$LINUX" -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
		--no-base -o "$tmp" "$BASE_TAG..HEAD"
fi

{
	echo "# Patches in order, applied with git am onto patches/BASE."
	(cd "$tmp" && ls -1 -- *.patch 2>/dev/null | LC_ALL=C sort) |
		awk -v n="${FIXES_PREFIX:-0}" '{ print } NR == n {
			print "# The patches above work on 6.12'"'"'s own linear p2m list (FIXES=1);"
			print "# those below replace it with the tree."
		}' || true
} >"$tmp/series"

# recipients: the cover letter's To: (the Xen entries of MAINTAINERS and
# xen-devel) and Cc: (everyone else get_maintainer.pl names for the
# patches, keywords aside), without the author.
recipients() {
	local author
	author=$(git -C "$LINUX" log -1 --format=%ae HEAD)
	(cd "$LINUX" && PATH=/usr/bin:/bin:$PATH ./scripts/get_maintainer.pl --no-git \
		--no-git-fallback --nokeywords "$tmp"/[0-9][0-9][0-9][1-9]-*.patch \
		"$tmp"/[0-9][0-9][1-9]0-*.patch 2>/dev/null) |
		grep -vF "<$author>" | awk -v to="$1" '
		/^$/ { next }
		{ xen = /XEN/; addr = $0; sub(/ \(.*\)$/, "", addr) }
		to == "To" && xen { out = out (out ? ", " : "") addr }
		to == "Cc" && !xen { out = out (out ? ", " : "") addr }
		END { if (out) print to ": " out }'
}

cover=$TOP/patches/cover-letter.txt
if [ -f "$cover" ] && [ "$n" -gt 0 ]; then
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		git -C "$LINUX" log -1 --format='From: %an <%ae>%nDate: %ad' --date=rfc2822 HEAD
		recipients To
		recipients Cc
		echo "Subject: [PATCH 0/$n] $(head -n 1 "$cover")"
		echo
		tail -n +3 "$cover"
		echo
		git -C "$LINUX" shortlog "$BASE_TAG..HEAD"
		git -C "$LINUX" diff --stat=72 --summary "$BASE_TAG..HEAD"
	} >"$tmp/0000-cover-letter.patch"
fi

mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
cp "$tmp"/*.patch "$out"/ 2>/dev/null || true
cp "$tmp/series" "$out/series"
[ "$out" = "$TOP/patches" ] && mark_applied
note "exported $n patches to $out"
