#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench/guest.sh [SCENARIO...]: the in-guest figures, this series against the
# unpatched base, in one run.  Each round boots every scenario with both
# kernels, one after the other (ROUNDS=n, default 2), and reads from the
# serial logs:
#   - the p2m_bench module's figures (tests/modules/p2m_bench.c);
#   - linux_to_init: host seconds from "Linux version" to "Run /init", i.e.
#     the dom0 kernel's own boot, without Xen's start (which varies by
#     seconds between identical runs under TCG);
#   - kunit_at_boot: the KUnit suites' share of that (the live-p2m suite
#     walks every RAM page; the base kernel has none), and
#     linux_to_init_without_kunit;
#   - dom0_init: host seconds from QEMU's start to dom0's /init (boot_s of
#     the scenario's result file, written by scripts/boot.sh);
#   - work_*: the end-to-end workloads of tests/tools/p2m-work.c (the
#     workload scenario), those whose own checks held (bad=0).
# Prints every round's value, then one "BENCH guest_<scenario>_<figure>
# <median> <unit> [ratio_base=<x>]" line per figure (the base's lines end in
# _base).  Under QEMU TCG only ratios mean anything, and single runs vary a
# lot: read the spread before the median.  Saved in
# build/results/bench-guest-<scenarios>.txt.  Reports; never fails on a time.
# Default scenarios: small large130 (about 6 minutes for two rounds).
# LOGS_ONLY=1 boots nothing and reads the scenarios' last logs (one round).
# VS_OBJ=DIR compares with a kernel of this series built in DIR instead of
# the base (an A/B of one patch: e.g. build/kbuild-bisect at the patch
# before it); that kernel's figures take the base's place, its logs end in
# -vs, and the results' name says vs-<DIR's name>.
# ICOUNT=N runs QEMU with -icount shift=N (scripts/boot.sh): the guest's
# clocks count instructions (2^N ns each), so every guest-timed figure is
# an instruction count, the same from one run to the next within a few
# tenths of a percent, where host time varies by 30 %; the results' name
# says icount<N>.  Host-timed figures (linux_to_init, dom0_init) stay host
# time.  Odd rounds boot this series first, even rounds the other kernel
# first: neither always runs on a host warmed up by the other.
. "$(dirname "$0")/../scripts/lib.sh"

ROUNDS=${ROUNDS:-2}
if [ -n "${LOGS_ONLY:-}" ]; then ROUNDS=1; fi
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(small large130)
tag=$(IFS=-; echo "${scenarios[*]}")
other=base  # the kernel compared with
if [ -n "${VS_OBJ:-}" ]; then
	VS_OBJ=$(cd "$VS_OBJ" && pwd) || die "VS_OBJ=$VS_OBJ: no such directory"
	[ -f "$VS_OBJ/arch/x86/boot/bzImage" ] || die "VS_OBJ: no bzImage in $VS_OBJ"
	other=$(basename "$VS_OBJ")
	tag=$tag-vs-$other
fi
if [ -n "${ICOUNT:-}" ]; then tag=$tag-icount$ICOUNT; fi
out=$BUILD/results/bench-guest-$tag.txt
raw=$BUILD/results/bench-guest-$tag.raw
mkdir -p "$BUILD/results"
: >"$raw"

# figures LOG RESULT: "<name> <value> <unit>" lines from one serial log
# and its result file.
figures() {
	awk '
		/p2m_bench: .* ns per call/ {
			s = $0
			sub(/.*p2m_bench: /, "", s)
			name = s; sub(/: [0-9.]+ ns per call.*/, "", name)
			gsub(/[^a-z0-9]+/, "_", name)
			for (i = 2; i < NF; i++)
				if ($(i + 1) == "ns" && $(i + 2) == "per")
					v = $i
			if (!(name in seen)) print name, v, "ns"
			seen[name] = 1
		}
		# The tools linear view (this series): its page-table pages,
		# and the p2m memory of the dump, for the view memory per GiB.
		/p2m: linear view for the tools: [0-9]+ pfns, [0-9]+ PTE pages/ && !vw {
			s = $0; sub(/.*pfns, /, "", s); sub(/ PTE pages.*/, "", s)
			print "view_pte_pages", s, "pages"; vw = 1
		}
		/^(\[ *[0-9.]+\] )?# p2m memory: [0-9]+ bytes/ && !pm {
			s = $0; sub(/.*# p2m memory: /, "", s); sub(/ bytes.*/, "", s)
			print "p2m_memory_boot", s / 1024, "KiB"; pm = 1
		}
		# End-to-end workloads (tests/tools/p2m-work.c), checked ones only.
		/P2M-WORK [A-Za-z0-9_]+ [0-9.]+ [A-Za-z]+ bad=0/ {
			s = $0; sub(/.*P2M-WORK /, "", s); split(s, w, " ")
			if (!(("work_" w[1]) in seen)) print "work_" w[1], w[2], w[3]
			seen["work_" w[1]] = 1
		}
		/\] Linux version / && !lv { lv = host($0) }
		/\] Run \/init as init process/ && !ri { ri = host($0) }
		# the KUnit lines of dom0 only: the console of a domU is copied in too.
		/\] KTAP version 1$/ && !/domU / && !k0 { k0 = host($0) }
		/\] ok [0-9]+ xen-p2m-/ && !/domU / { k1 = host($0) }
		function host(l) { sub(/^\[ */, "", l); sub(/\].*/, "", l); return l + 0 }
		END {
			kunit = (k0 && k1 > k0) ? k1 - k0 : 0
			if (lv && ri) {
				printf "linux_to_init %.3f s\n", ri - lv
				printf "linux_to_init_without_kunit %.3f s\n", ri - lv - kunit
			}
			printf "kunit_at_boot %.3f s\n", kunit
		}' "$1"
	sed -n 's/.* boot_s=\([0-9.]*\) .*/dom0_init \1 s/p' "$2"
}

for ((r = 1; r <= ROUNDS; r++)); do
	for s in "${scenarios[@]}"; do
		order=("" 1)
		if ((r % 2 == 0)); then order=(1 ""); fi
		for base in "${order[@]}"; do
			flav=p2m suffix='' name=p2m
			if [ -n "$base" ]; then flav=base suffix=-base name=$other; fi
			if [ -n "$base" ] && [ -n "${VS_OBJ:-}" ]; then suffix=-vs; fi
			stage "round $r/$ROUNDS: $s, $name kernel"
			if [ -n "${LOGS_ONLY:-}" ]; then
				note "LOGS_ONLY: reading the last logs, no boot"
			elif [ -n "$base" ] && [ -n "${VS_OBJ:-}" ]; then
				OBJ_DIR=$VS_OBJ TAG_SUFFIX=-vs "$TOP/scripts/boot.sh" "$s" ||
					note "$s ($name) did not pass; its figures are kept if it printed them"
			elif ! BASE=$base "$TOP/scripts/build.sh" || ! BASE=$base "$TOP/scripts/boot.sh" "$s"; then
				note "$s ($flav) did not pass; its figures are kept if it printed them"
			fi
			figures "$LOGS/$s$suffix.log" "$BUILD/results/$s$suffix.result" |
				sed "s/^/$s $flav $r /" >>"$raw"
		done
	done
done

# raw: scenario flavour round name value unit.  Medians per figure.
awk '
	{ k = $1 " " $4; v[k, $2, ++n[k, $2]] = $5; unit[k] = $6; keys[k] = 1
	  all[k, $2] = all[k, $2] (all[k, $2] == "" ? "" : " ") $5 }
	function median(k, f,   m, i, j, t, a) {
		m = n[k, f]
		if (!m) return ""
		for (i = 1; i <= m; i++) a[i] = v[k, f, i] + 0
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		for (k in keys) {
			split(k, p, " ")
			name = "guest_" p[1] "_" p[2]
			mp = median(k, "p2m"); mb = median(k, "base")
			printf "%s\t0\t# %s (%s): this series %s; base %s\n", name, name,
				unit[k], all[k, "p2m"], all[k, "base"]
			if (mp != "") {
				printf "%s\t1\tBENCH %s %.3f %s", name, name, mp, unit[k]
				if (mb > 0) printf (mp / mb < 0.1 ? " ratio_base=%.4f" : " ratio_base=%.2f"), mp / mb
				printf "\n"
			}
			if (mb != "") printf "%s\t2\tBENCH %s_base %.3f %s\n", name, name, mb, unit[k]
		}
	}' "$raw" | sort -t "$(printf '\t')" -k1,1 -k2,2n | cut -f3 | tee "$out"
# A chart of the ratios to the base.
"$TOP/scripts/bench-chart" --title "make bench-guest ($tag): this series over $other, medians of $ROUNDS round(s)${ICOUNT:+, guest time in instructions}" \
	"$out" "$BUILD/results/bench-guest-$tag.svg" | sed 's/^/Chart: /'
