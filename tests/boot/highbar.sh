# SPDX-License-Identifier: GPL-2.0
# High MMIO (seed 001): an ivshmem PCI device whose 64-bit BAR2 (4 GiB,
# backed by a host file) lies above the end of dom0's RAM, in an E820 gap.
# dom0 writes a pattern through /dev/mem (devmem): that works only if the
# BAR's pfns are identity, so that the PTEs point at the BAR's machine
# frames.  The host then finds the pattern in the file.  The dump must call
# the BAR's range identity (upstream calls it missing).
VM_MEM=2G
XEN_ARGS="dom0_mem=1G,max:1G"
BAR_FILE=/dev/shm/xen-p2m-highbar-$$
QEMU_ARGS=(-object "memory-backend-file,id=hostmem,share=on,mem-path=$BAR_FILE,size=4G"
	-device ivshmem-plain,memdev=hostmem)
TIMEOUT=180
EXPECT=("P2M-CHECK bar-found PASS" "P2M-CHECK bar-is-identity PASS"
	"P2M-CHECK bar-written PASS" "P2M-CHECK host-sees-pattern PASS")
[ "$(flavour)" = p2m ] && EXPECT+=("P2M-CHECK p2m-bench-ran PASS" "P2M-CHECK bar-tree-grown PASS"
	"P2M-CHECK bar-is-identity-grown PASS" "P2M-CHECK bar-written-grown PASS" "P2M-CHECK view-bench PASS")

host_pre() {
	rm -f "$BAR_FILE"
}

host_post() {
	local got want="50324d21 0badc0de"
	[ "$(flavour)" = p2m ] && want="$want 47524f57 00c0ffee"
	got=$(od -A n -t x4 -N $(( $(echo "$want" | wc -w) * 4 )) "$BAR_FILE" 2>/dev/null | tr -s ' ' | sed 's/^ //')
	rm -f "$BAR_FILE"
	if [ "$got" = "$want" ]; then
		echo "P2M-CHECK host-sees-pattern PASS $got"
	else
		echo "P2M-CHECK host-sees-pattern FAIL got '$got'"
		return 1
	fi
}

guest() {
	echo "FLAVOUR=$(flavour)"
	cat <<'GUEST'
# ivshmem: vendor 0x1af4, device 0x1110; BAR2 is the third resource line.
dev=""
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor)" = 0x1af4 ] && [ "$(cat $d/device)" = 0x1110 ] && dev=$d
done
bar=$(sed -n 3p "$dev/resource" 2>/dev/null | cut -d' ' -f1-2)
start=$(( ${bar% *} )) end=$(( ${bar#* } + 1 ))
check bar-found "device ${dev##*/} BAR2 ${bar}" [ -n "$dev" ]
section iomem-bar grep -i "$(printf '%x' $start)" /proc/iomem
# The BAR's pfns must all be identity in the dump.  Above the pfns the
# tree covers ("# p2m memory: ... pfns covered:", our dump only) every pfn
# is identity by definition: the tree grows only when one gets an entry.
cov=$(sed -n 's/^# p2m memory: .*pfns covered: \(0x[0-9a-f]*\)$/\1/p' "$P2M_DUMP")
cov=$((${cov:-0}))
echo "P2M-NOTE the dump covers pfns below $cov (0: the whole BAR must be in it)"
[ "$cov" -gt 0 ] && [ "$cov" -lt $((end / 4096)) ] || cov=$((end / 4096))
# not_identity COVERED: pages of the BAR below COVERED that the dump does
# not call identity (or does not list).
not_identity() {
	awk -v s=$((start / 4096)) -v e=$((end / 4096)) -v c=$1 '
	BEGIN { if (c > e) c = e }
	/^ \[0x[0-9a-f]+->0x[0-9a-f]+\] / {
		split(substr($1, 2), r, "->"); sub(/\]$/, "", r[2])
		a = r[1] + 0; b = r[2] + 0
		lo = a > s ? a : s; hi = b < e ? b : e
		if (lo < hi && $2 != "identity") bad += hi - lo
		if (lo < hi) seen += hi - lo
	}
	END { above = e - (c > s ? c : s); print bad + (e - s - seen - above) }' "$P2M_DUMP"
}
bad=$(not_identity $cov)
check bar-is-identity "pages_not_identity=$bad of $(( (end - start) / 4096 ))" [ "$bad" = 0 ]
devmem $start 32 0x50324d21
devmem $((start + 4)) 32 0x0badc0de
got=$(devmem $start 32)
check bar-written "read back $got" [ "$got" = 0x50324D21 ]

if [ "$FLAVOUR" = p2m ]; then
# Grow the tree past the BAR: leaves installed from the first whole GiB
# above its end (a small loops= keeps the module's timings short).
above=$(( (end / 4096 + 262143) / 262144 * 262144 ))
top0=$(sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p' "$P2M_DUMP")
run_p2m_bench loops=4096 install_pfn=$above
cov=$(sed -n 's/^# p2m memory: .*pfns covered: \(0x[0-9a-f]*\)$/\1/p' "$P2M_DUMP")
top1=$(sed -n 's/^# top: .*, \([0-9]*\) entries.*/\1/p' "$P2M_DUMP")
check bar-tree-grown "top entries $top0 -> $top1; pfns covered below ${cov:-?}, the BAR ends at pfn $((end / 4096))" \
	[ $((${cov:-0})) -gt $((end / 4096)) ]
bad=$(not_identity $((${cov:-0})))
check bar-is-identity-grown "pages_not_identity=$bad of $(( (end - start) / 4096 )), all inside the grown tree" [ "$bad" = 0 ]
devmem $((start + 8)) 32 0x47524f57
devmem $((start + 12)) 32 0x00c0ffee
got=$(devmem $((start + 8)) 32)
check bar-written-grown "read back $got" [ "$got" = 0x47524F57 ]
fi
GUEST
}
