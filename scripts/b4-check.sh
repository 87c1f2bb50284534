#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# b4-check.sh: the series as a maintainer gets it from the list.  patches/
# is made into one thread (the cover letter first, each patch a reply to
# it, as git send-email sends them), read back with Debian's b4 ("b4 am"
# on the local mbox), and the am-ready mbox b4 writes is applied to the
# base with git am.  Passes when b4 finds every patch, keeps every
# Signed-off-by: and Fixes: trailer, warns of nothing, and the tree it
# gives is build/linux's.  b4 0.12 cannot copy a folded From: header (a
# Python email error), so headers are unfolded on the way, as a mail
# reader would show them.
. "$(dirname "$0")/lib.sh"

command -v b4 >/dev/null || die "b4 missing: run 'make deps'"
tmp=$(mktemp -d)
trap 'git -C "$LINUX" worktree remove --force "$tmp/tree" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

mapfile -t pats < <(grep -vE '^\s*(#|$)' "$TOP/patches/series")
n=${#pats[@]}
[ "$n" -gt 0 ] || die "patches/series lists no patch"
python3 - "$TOP/patches" "$tmp/thread.mbox" "${pats[@]}" <<'EOF'
import re, sys
pdir, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, 'w') as o:
    for n, name in enumerate(['0000-cover-letter.patch'] + names):
        head, body = open(pdir + '/' + name).read().split('\n\n', 1)
        head = re.sub(r'\n[ \t]+', ' ', head)
        head += '\nMessage-Id: <xen-p2m-%d@b4-check.invalid>' % n
        if n:
            head += ('\nIn-Reply-To: <xen-p2m-0@b4-check.invalid>'
                     '\nReferences: <xen-p2m-0@b4-check.invalid>')
        o.write(head + '\n\n' + body + ('' if body.endswith('\n') else '\n'))
EOF

mkdir -p "$tmp/out"
(cd "$tmp" && b4 am -m thread.mbox -o out xen-p2m-0@b4-check.invalid) >"$tmp/b4.log" 2>&1 ||
	{ cat "$tmp/b4.log"; echo "b4 am failed"; exit 1; }
fail=0
grep -q "^Total patches: $n\$" "$tmp/b4.log" ||
	{ echo "b4 did not find the $n patches:"; cat "$tmp/b4.log"; fail=1; }
if grep -E 'WARNING|ERROR|Traceback|✗' "$tmp/b4.log"; then
	echo "b4 warned (above)"
	fail=1
fi
mbx=$(ls "$tmp"/out/*.mbx 2>/dev/null | head -1)
[ -n "$mbx" ] || { echo "b4 wrote no am-ready mbox"; exit 1; }

# Every trailer of the exported patches is in what b4 hands to git am.
for t in Signed-off-by Fixes; do
	want=$(cat "${pats[@]/#/$TOP/patches/}" | grep -c "^$t: " || true)
	got=$(grep -c "^$t: " "$mbx" || true)
	[ "$want" = "$got" ] || { echo "$t: $want in patches/, $got in b4's mbox"; fail=1; }
done

# git am of b4's mbox on the base gives build/linux's tree.
git -C "$LINUX" worktree add -q --detach "$tmp/tree" "$BASE_TAG" || die "cannot make a worktree"
git -C "$tmp/tree" -c user.name=b4-check -c user.email=b4-check@invalid am -q "$mbx" \
	>"$tmp/am.log" 2>&1 || { cat "$tmp/am.log"; echo "git am of b4's mbox failed"; exit 1; }
got=$(git -C "$tmp/tree" rev-parse 'HEAD^{tree}')
want=$(git -C "$LINUX" rev-parse 'HEAD^{tree}')
[ "$got" = "$want" ] || { echo "b4's series gives tree $got, build/linux has $want"; fail=1; }
[ "$(git -C "$tmp/tree" rev-list --count "$BASE_TAG..HEAD")" = "$n" ] ||
	{ echo "git am made a different number of commits than $n"; fail=1; }
[ $fail = 0 ] && echo "b4 am: $n patches, trailers kept, same tree as build/linux"
exit $fail
