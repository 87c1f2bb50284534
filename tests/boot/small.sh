# SPDX-License-Identifier: GPL-2.0
# Small dom0: dom0_mem=1G on a 2 GiB VM.  Boots, prints the p2m dump, runs
# the built-in KUnit suites (any failure fails the scenario) and checks the
# dump against /proc/iomem: every System RAM page is backed (type pfn).
VM_MEM=2G
XEN_ARGS="dom0_mem=1G,max:1G"
TIMEOUT=180
KUNIT=required
EXPECT=("P2M-CHECK p2m-dump-present PASS" "P2M-CHECK ram-is-pfn PASS")

guest() {
	cat <<'GUEST'
# RAM pages (top-level "System RAM" in /proc/iomem) that the dump does not
# call "pfn": must be none when dom0_mem has no headroom to balloon into.
unbacked=$(awk '
	FNR == NR {
		if ($0 ~ /^ \[0x[0-9a-f]+->0x[0-9a-f]+\] /) {
			split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
			n++; s[n] = (r[1] + 0); e[n] = (r[2] + 0); t[n] = $2
		}
		next
	}
	/^[0-9a-f]+-[0-9a-f]+ : System RAM$/ {
		split($1, a, "-")
		rs = int((("0x" a[1]) + 0) / 4096); re = int(((("0x" a[2]) + 0) + 1) / 4096)
		for (i = 1; i <= n; i++) {
			lo = s[i] > rs ? s[i] : rs; hi = e[i] < re ? e[i] : re
			if (lo < hi && t[i] != "pfn") bad += hi - lo
			if (lo < hi) seen += hi - lo
		}
		total += re - rs
	}
	END { print bad + (total - seen) }' /sys/kernel/debug/xen/mmu/p2m /proc/iomem)
check ram-is-pfn "unbacked_ram_pages=$unbacked" [ "$unbacked" = 0 ]
GUEST
}
