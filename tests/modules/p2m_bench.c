// SPDX-License-Identifier: GPL-2.0
/*
 * p2m_bench: time the P2M lookups of a Xen PV guest from inside it.
 *
 * Built out of tree against whichever kernel boots (the series' tree or
 * the unpatched linear list), so that the same loops run on both in the
 * same scenario.  On insmod it times, over the pfns Xen gave at boot:
 *   - pfn_to_mfn(), sequential and in a pseudo-random order;
 *   - the M2P read alone, then mfn_to_pfn() (the M2P read plus the p2m
 *     check it makes), of the mfns of pfns in a pseudo-random order, and
 *     how many of those round trips did not return the pfn;
 *   - pfn_to_mfn() of identity pfns, in a pseudo-random order within a
 *     leaf that is all identity (the path of lookups that miss);
 *   - xen_alloc_p2m_entry() of pfns Xen gave, sequential: on both kernels
 *     their p2m page exists, so this is the call's cost alone, which the
 *     series' balloon (patch 17) adds to every page it populates;
 *   - xen_alloc_p2m_entry() over install_gib fresh GiBs of identity
 *     space above what Xen gave: the structural installs (a leaf each, a
 *     mid per GiB) with what each kernel keeps in step (the linear list's
 *     page tables or the tree's linear view and frame list); the leaves
 *     stay (identity, as before);
 * prints one "p2m_bench:" line per figure (ns per call, and a checksum so
 * the loops cannot be optimised away) and stays loaded; nothing is
 * asserted about the times.  Under QEMU TCG only ratios mean anything.
 */
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <asm/xen/hypervisor.h>
#include <asm/xen/page.h>
#include <xen/xen.h>

static unsigned long loops = 1 << 22;
module_param(loops, ulong, 0444);
MODULE_PARM_DESC(loops, "calls per figure (default 4M)");

static unsigned long install_pfn;
module_param(install_pfn, ulong, 0444);
MODULE_PARM_DESC(install_pfn,
		 "first pfn of the structural installs (default: 4 GiB above what Xen gave; given, it may lie above 6.12's list, which BUG()s there)");

static unsigned long install_gib = 4;
module_param(install_gib, ulong, 0444);
MODULE_PARM_DESC(install_gib, "GiBs of pfns of the structural installs (default 4)");

static unsigned long install_stride = 1;
module_param(install_stride, ulong, 0444);
MODULE_PARM_DESC(install_stride, "install one leaf in every install_stride (default 1: every leaf)");

/* Pfns per GiB. */
#define GIB_PFNS	(1UL << (30 - PAGE_SHIFT))
/*
 * Both kernels cover at least 512 GiB of pfns (the hotplug limit); 6.12
 * BUG()s on a pfn beyond its list, so stay well inside.
 */
#define INSTALL_BELOW	(448 * GIB_PFNS)

/* xorshift64: a fixed pseudo-random sequence, the same on every kernel. */
static inline u64 bench_next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void bench_report(const char *what, u64 ns, unsigned long n, unsigned long sum)
{
	u64 ps = div64_u64(ns * 1000, n ?: 1);

	pr_info("p2m_bench: %s: %llu.%03llu ns per call (%lu calls, checksum %lx)\n",
		what, ps / 1000, ps % 1000, n, sum);
}

static int __init p2m_bench_init(void)
{
	unsigned long pfn, n = loops, sum = 0, i, end, mfn, back, other = 0;
	u64 t0, s = 0x9e3779b97f4a7c15ULL;

	if (!xen_pv_domain())
		return -ENODEV;
	end = xen_start_info->nr_pages;

	t0 = ktime_get_ns();
	for (i = 0, pfn = 0; i < n; i++) {
		sum += pfn_to_mfn(pfn);
		if (++pfn == end)
			pfn = 0;
	}
	bench_report("pfn_to_mfn sequential", ktime_get_ns() - t0, n, sum);

	sum = 0;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		sum += pfn_to_mfn(bench_next(&s) % end);
	bench_report("pfn_to_mfn random", ktime_get_ns() - t0, n, sum);

	/*
	 * The M2P read alone (mfn_to_pfn() without its p2m check), so that
	 * the next figure can be split into its parts.
	 */
	sum = 0;
	s = 0x9e3779b97f4a7c15ULL;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		mfn = pfn_to_mfn(bench_next(&s) % end);
		if (mfn != INVALID_P2M_ENTRY)
			sum += mfn_to_pfn_no_overrides(mfn);
	}
	bench_report("pfn_to_mfn+m2p read random", ktime_get_ns() - t0, n, sum);

	/* mfn_to_pfn on real mfns: collect them on the way (same cost on both). */
	sum = 0;
	s = 0x9e3779b97f4a7c15ULL;
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		pfn = bench_next(&s) % end;
		mfn = pfn_to_mfn(pfn);
		if (mfn == INVALID_P2M_ENTRY)
			continue;
		back = mfn_to_pfn(mfn);
		other += back != pfn;
		sum += back;
	}
	bench_report("pfn_to_mfn+mfn_to_pfn random", ktime_get_ns() - t0, n, sum);
	/*
	 * Round trips that did not come back: a stale M2P entry, or an mfn
	 * that two pfns map (identity pfns come back: mfn_to_pfn() returns
	 * an identity mfn as it is).
	 */
	pr_info("p2m_bench: mfn_to_pfn(pfn_to_mfn(pfn)) != pfn for %lu of %lu calls\n",
		other, n);

	/*
	 * Lookups in a leaf that is all identity, a GiB above what Xen gave:
	 * the tree's shared identity leaf or the list's shared identity page,
	 * i.e. the path of a lookup that misses (MMIO, ballooned pages).
	 */
	pfn = ALIGN(end, GIB_PFNS) + GIB_PFNS;
	for (i = 0, back = 0; i < P2M_PER_PAGE; i++)
		back += __pfn_to_mfn(pfn + i) != IDENTITY_FRAME(pfn + i);
	if (!back) {
		sum = 0;
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++)
			sum += pfn_to_mfn(pfn + bench_next(&s) % P2M_PER_PAGE);
		bench_report("pfn_to_mfn identity random", ktime_get_ns() - t0, n, sum);
	} else {
		pr_info("p2m_bench: %lu of the pfns from 0x%lx are not identity: no identity figure\n",
			back, pfn);
	}

	/* The call alone, where nothing needs allocating (any pfn Xen gave). */
	{
		unsigned long failed = 0, calls = min(n, end);

		t0 = ktime_get_ns();
		for (i = 0; i < calls; i++)
			failed += !!xen_alloc_p2m_entry(i);
		bench_report("xen_alloc_p2m_entry existing leaf", ktime_get_ns() - t0, calls, failed);
	}

	/* Structural installs: one leaf per P2M_PER_PAGE pfns of fresh GiBs. */
	pfn = install_pfn ?: ALIGN(end, GIB_PFNS) + 4 * GIB_PFNS;
	if (install_pfn || pfn + install_gib * GIB_PFNS <= INSTALL_BELOW) {
		unsigned long failed = 0, done = 0;

		t0 = ktime_get_ns();
		for (i = 0; i < install_gib * GIB_PFNS;
		     i += P2M_PER_PAGE * max(install_stride, 1UL), done++)
			failed += !!xen_alloc_p2m_entry(pfn + i);
		bench_report("xen_alloc_p2m_entry fresh leaf", ktime_get_ns() - t0, done, failed);
		pr_info("p2m_bench: installs over pfns 0x%lx to 0x%lx: %lu failed\n",
			pfn, pfn + install_gib * GIB_PFNS, failed);
	}
	pr_info("p2m_bench: over pfns 0 to 0x%lx\n", end);
	return 0;
}

static void __exit p2m_bench_exit(void)
{
}

module_init(p2m_bench_init);
module_exit(p2m_bench_exit);
MODULE_DESCRIPTION("Time Xen PV p2m lookups from inside the guest");
MODULE_LICENSE("GPL");
