# SPDX-License-Identifier: GPL-2.0
# A dom0 on a host of two NUMA nodes, with 8 vCPUs (issue 30 item 4).
# QEMU gives Xen an SRAT (boot.sh's NUMA_NODES): two nodes of 2 GiB with
# four CPUs each.  Xen's NUMA is on; a PV dom0 sees no NUMA itself (Linux
# ignores the SRAT in a PV guest), but Xen builds it from memory of both
# nodes, so dom0's p2m maps frames of both.  dom0 gets 8 vCPUs on the
# VM's 8 CPUs (TCG threads on the host's 2 cores: slow, the timeout
# bounded).  Eight CPUs because a PV dom0 runs as many vCPUs as the host's
# ACPI MADT lists, whatever dom0_max_vcpus gave it (Linux's possible map
# comes from the MADT): with 4 CPUs and dom0_max_vcpus=8, Xen said "Dom0
# has maximum 8 VCPUs" and Linux ran 4 ("nr_cpu_ids:4"; 2026-12-07).
# Every dom0 check of every scenario runs (dump, frames = Xen's count, the
# view, Xen's map, replay, KUnit), and:
#   - dom0-vcpus: dom0's kernel runs 8 CPUs;
#   - on the host, from Xen's own serial lines: the SRAT gave Xen two
#     nodes, and its NUMA dump ('u' debug key, xl debug-keys) has dom0's
#     pages on both nodes, adding up to its total.
VM_MEM=4G
VM_CPUS=8
NUMA_NODES=2
DOM0_VCPUS=8
XEN_ARGS="dom0_mem=3G,max:3G"
DOM0_ROOTFS=debian
TIMEOUT=900
KUNIT=required
EXPECT=("P2M-CHECK xl-start PASS" "P2M-CHECK dom0-vcpus PASS" "P2M-CHECK ram-is-pfn PASS"
	"P2M-CHECK numa-xen-nodes PASS" "P2M-CHECK numa-dom0-spread PASS")

guest() {
	cat <<'GUEST'
check dom0-vcpus "online CPUs: $(nproc)" [ "$(nproc)" = 8 ]
check_ram_is_pfn
section xl-info-n xl info -n
# Xen prints where each domain's pages are on its console.
xl debug-keys u
sleep 3
GUEST
}

host_post() {
	python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], errors='replace').read()
lines = [re.sub(r'^\[ *[0-9.]+\] ', '', l) for l in text.splitlines()]
nodes = {int(m.group(1)) for l in lines for m in [re.search(r'\(XEN\) SRAT: Node (\d+) PXM \d+ ', l)] if m}
nodes_ok = len(nodes) >= 2
print(f"P2M-CHECK numa-xen-nodes {'PASS' if nodes_ok else 'FAIL'} Xen's SRAT lines name nodes {sorted(nodes)}")
total, per = None, {}
for i, l in enumerate(lines):
    m = re.search(r'\(XEN\) (?:d0|Domain 0) \(total: (\d+)\):', l)
    if not m:
        continue
    total, per = int(m.group(1)), {}
    for n in lines[i + 1:i + 9]:
        k = re.search(r'\(XEN\)\s+Node (\d+): (\d+)', n)
        if not k:
            break
        per[int(k.group(1))] = int(k.group(2))
ok = total is not None and len(per) >= 2 and all(v > 0 for v in per.values()) \
    and sum(per.values()) == total
print(f"P2M-CHECK numa-dom0-spread {'PASS' if ok else 'FAIL'} Xen: dom0 has {total} pages, "
      f"by node {per}")
sys.exit(0 if ok and nodes_ok else 1)
PY
}
