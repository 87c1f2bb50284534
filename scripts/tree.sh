#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Make build/linux: Debian's linux-source-6.12 committed as the tag "base",
# with patches/series applied on top by git am.
#
#   tree.sh          create the tree if missing, re-apply when patches/ changed
#                    (never touches a tree holding commits or edits of yours)
#   tree.sh --force  throw build/linux away and start again from patches/
. "$(dirname "$0")/lib.sh"

force=0
[ "${1:-}" = --force ] && force=1
[ "${FORCE:-0}" = 1 ] && force=1

GIT_ID=(-c user.name="xen-p2m workbench" -c user.email="workbench@xen-p2m.invalid")
# Fixed dates make the base commit, and so the whole tree, reproducible.
export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"

make_base() {
	local tarball=/usr/src/$BASE_PKG.tar.xz
	[ -f "$tarball" ] || die "$tarball not found: run 'make deps' (installs $BASE_PKG)"
	local have
	have=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
	[ "$have" = "$BASE_VERSION" ] ||
		warn "base is $BASE_PKG $have, the series was made on $BASE_VERSION"
	stage "extracting $tarball"
	rm -rf "$LINUX" "$LINUX.tmp"
	mkdir -p "$LINUX.tmp"
	tar -C "$LINUX.tmp" --strip-components=1 -xJf "$tarball"
	# Debian's top-level .gitignore ignores every path ("/*"), which would
	# silently keep new files out of the commits of the series.  Drop that
	# packaging block; the rest of the tree is committed as shipped.
	perl -0pi -e 's{#\n# Debian packaging:.*?\n!/debian/\n}{}s' "$LINUX.tmp/.gitignore"
	stage "committing the base tree (tag $BASE_TAG)"
	(
		cd "$LINUX.tmp"
		git init -q -b master
		git config core.autocrlf false
		git config gc.auto 0
		git add -A -f .
		git "${GIT_ID[@]}" commit -q -m "Linux $(make -s kernelversion) from Debian $BASE_PKG $have"
		git tag "$BASE_TAG"
	)
	mv "$LINUX.tmp" "$LINUX"
}

apply_series() {
	stage "applying patches/series"
	git -C "$LINUX" reset -q --hard "$BASE_TAG"
	git -C "$LINUX" clean -qfdx
	local p n=0
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		n=$((n + 1))
		[ -f "$TOP/patches/$p" ] || die "patches/series names $p, which does not exist"
		if ! git -C "$LINUX" "${GIT_ID[@]}" am -q --committer-date-is-author-date \
			"$TOP/patches/$p" >"$LOGS/git-am.log" 2>&1; then
			local files
			files=$(grep -E '^(error|Applying|Patch failed)' "$LOGS/git-am.log" | head -5)
			git -C "$LINUX" am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$files" >&2
			die "patch $n ($p) does not apply to $BASE_PKG $(dpkg-query -W -f='${Version}' "$BASE_PKG"); see $LOGS/git-am.log"
		fi
	done <"$TOP/patches/series"
	note "$n patches applied"
	mark_applied
}

mkdir -p "$BUILD" "$LOGS"

if [ $force = 1 ] || [ ! -d "$LINUX/.git" ] || ! git -C "$LINUX" rev-parse -q --verify "$BASE_TAG" >/dev/null; then
	make_base
	apply_series
	exit 0
fi

head=$(git -C "$LINUX" rev-parse HEAD)
if [ -f "$BUILD/linux.applied" ] && grep -qx "series $(series_hash)" "$BUILD/linux.applied"; then
	exit 0 # up to date
fi
if [ -n "$(git -C "$LINUX" status --porcelain --untracked-files=no)" ] ||
   ! grep -qx "head $head" "$BUILD/linux.applied" 2>/dev/null; then
	warn "patches/ changed, but build/linux holds work that is not exported (commits or edits)."
	warn "Keeping build/linux as it is. Export it with 'make series', or start over with 'make tree FORCE=1'."
	exit 0
fi
apply_series
