// SPDX-License-Identifier: GPL-2.0
/*
 * p2m_frames: every pfn -> mfn entry of a Xen PV guest, for the boot checks
 * to compare frame by frame with what the toolstack and Xen see.
 *
 * Built out of tree against whichever kernel boots (the series' tree or the
 * unpatched linear list), like p2m_bench.  It uses only the lookup every
 * caller uses (__pfn_to_mfn()) and the M2P that Xen keeps, never the p2m's
 * own dump or counters.  Reading /sys/kernel/debug/p2m_frames walks pfns
 * 0 to end (module parameter) and prints:
 *
 *   F <pfn> <mfn> <count>   a run of frames: pfn + i -> mfn + i, i < count
 *   I <pfn> <count>         a run of identity entries (1:1, not RAM)
 *   M <pfn> <count>         a run of missing entries (no frame)
 *   X <pfn> <count>         a run of foreign entries (grant mappings)
 *                           all numbers in hex
 *   # p2m_frames end=... frames=N missing=N identity=N foreign=N
 *     identity_bad=N roundtrip_bad=N runs=N
 *
 * roundtrip_bad counts frames whose M2P entry does not lead back to their
 * pfn: a stale M2P entry, or one mfn mapped by two pfns (the M2P names one
 * pfn per mfn, so with roundtrip_bad=0 every mfn appears once).
 * identity_bad counts identity entries that do not name their own pfn.
 */
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/sched.h>
#include <asm/xen/hypervisor.h>
#include <asm/xen/page.h>
#include <xen/xen.h>

static unsigned long end;
module_param(end, ulong, 0644);
MODULE_PARM_DESC(end, "walk pfns below this one (default: the pages Xen gave at boot)");

static struct dentry *frames_file;

struct frames_walk {
	unsigned long frames, missing, identity, foreign;
	unsigned long identity_bad, roundtrip_bad, runs;
	char run_type;
	unsigned long run_pfn, run_mfn, run_len;
};

static void frames_flush(struct seq_file *m, struct frames_walk *w)
{
	if (!w->run_len)
		return;
	if (w->run_type == 'F')
		seq_printf(m, "F %lx %lx %lx\n", w->run_pfn, w->run_mfn, w->run_len);
	else
		seq_printf(m, "%c %lx %lx\n", w->run_type, w->run_pfn, w->run_len);
	w->runs++;
	w->run_len = 0;
}

/* Extend the current run with pfn, or start a new one (mfn: frames only). */
static void frames_add(struct seq_file *m, struct frames_walk *w, char type,
		       unsigned long pfn, unsigned long mfn)
{
	if (w->run_len && type == w->run_type && pfn == w->run_pfn + w->run_len &&
	    (type != 'F' || mfn == w->run_mfn + w->run_len)) {
		w->run_len++;
		return;
	}
	frames_flush(m, w);
	w->run_type = type;
	w->run_pfn = pfn;
	w->run_mfn = mfn;
	w->run_len = 1;
}

static int frames_show(struct seq_file *m, void *v)
{
	unsigned long pfn, mfn, last = end ?: xen_start_info->nr_pages;
	struct frames_walk w = { };

	for (pfn = 0; pfn < last; pfn++) {
		mfn = __pfn_to_mfn(pfn);
		if (mfn == INVALID_P2M_ENTRY) {
			w.missing++;
			frames_add(m, &w, 'M', pfn, 0);
		} else if (mfn & IDENTITY_FRAME_BIT) {
			w.identity++;
			if (mfn != IDENTITY_FRAME(pfn))
				w.identity_bad++;
			frames_add(m, &w, 'I', pfn, 0);
		} else if (mfn & FOREIGN_FRAME_BIT) {
			w.foreign++;
			frames_add(m, &w, 'X', pfn, 0);
		} else {
			w.frames++;
			if (mfn_to_pfn_no_overrides(mfn) != pfn)
				w.roundtrip_bad++;
			frames_add(m, &w, 'F', pfn, mfn);
		}
		if (!(pfn & 0xffff)) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	frames_flush(m, &w);
	seq_printf(m, "# p2m_frames end=0x%lx frames=%lu missing=%lu identity=%lu foreign=%lu identity_bad=%lu roundtrip_bad=%lu runs=%lu\n",
		   last, w.frames, w.missing, w.identity, w.foreign,
		   w.identity_bad, w.roundtrip_bad, w.runs);
	return 0;
}

static int frames_open(struct inode *inode, struct file *file)
{
	/*
	 * A fragmented guest has many runs: start with a big buffer (when it
	 * overflows, seq_file walks again with twice the size).
	 */
	return single_open_size(file, frames_show, NULL, 1 << 20);
}

static const struct file_operations frames_fops = {
	.owner = THIS_MODULE,
	.open = frames_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static int __init p2m_frames_init(void)
{
	if (!xen_pv_domain())
		return -ENODEV;
	frames_file = debugfs_create_file("p2m_frames", 0400, NULL, NULL, &frames_fops);
	return 0;
}

static void __exit p2m_frames_exit(void)
{
	debugfs_remove(frames_file);
}

module_init(p2m_frames_init);
module_exit(p2m_frames_exit);
MODULE_DESCRIPTION("List every frame of a Xen PV guest's p2m, for boot checks");
MODULE_LICENSE("GPL");
