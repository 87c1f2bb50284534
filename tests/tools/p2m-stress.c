// SPDX-License-Identifier: GPL-2.0
/*
 * p2m-stress: page-table-heavy load for the stress scenario, on one CPU,
 * for a bounded time.  In a Xen PV guest every PTE the kernel writes goes
 * through pfn_to_mfn() and every PTE it reads back through mfn_to_pfn(), so
 * this drives the p2m's lookups from user space while other CPUs change it.
 *
 *   p2m-stress fork SECONDS      fork, exec /bin/true, wait: a new mm, its
 *                                page tables built and torn down each time
 *   p2m-stress mmap SECONDS MIB  mmap MIB of anonymous memory, write a
 *                                word into every page that names the page
 *                                and the round, read them all back, munmap
 *
 * Prints one line "P2M-STRESS <mode> ops=<n> pages=<n> bad=<n> secs=<s>" and exits 0 only if every child exited 0 and every
 * page read back what was written (bad=0): a wrong translation maps some
 * other frame and reads someone else's data.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "p2m-load.h"

static int usage(void)
{
	fprintf(stderr, "usage: p2m-stress fork SECONDS | mmap SECONDS MIB\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long ops = 0, pages = 0, bad = 0;
	double t0, secs;

	if (argc < 3)
		return usage();
	secs = atof(argv[2]);
	if (secs <= 0)
		return usage();
	t0 = now();

	if (!strcmp(argv[1], "fork")) {
		while (now() - t0 < secs) {
			int rc = fork_true();

			if (rc < 0) {
				bad++;
				break;
			}
			bad += rc;
			ops++;
		}
	} else if (!strcmp(argv[1], "mmap") && argc == 4) {
		size_t len = (size_t)atol(argv[3]) << 20;
		long psz = sysconf(_SC_PAGESIZE);
		size_t n = len / psz;

		if (!n)
			return usage();
		while (now() - t0 < secs) {
			uint64_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED) {
				perror("mmap");
				bad++;
				break;
			}
			bad += touch_pages(p, n, psz, ops);
			if (munmap(p, len)) {
				perror("munmap");
				bad++;
				break;
			}
			pages += n;
			ops++;
		}
	} else {
		return usage();
	}
	printf("P2M-STRESS %s ops=%lu pages=%lu bad=%lu secs=%.1f\n",
	       argv[1], ops, pages, bad, now() - t0);
	return bad || !ops;
}
