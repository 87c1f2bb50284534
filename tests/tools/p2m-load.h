/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page-table loads that p2m-stress (for a time) and p2m-work (a fixed
 * amount, timed) both run.  In a Xen PV guest every PTE the kernel writes
 * goes through pfn_to_mfn() and every one it reads back through
 * mfn_to_pfn().
 */
#ifndef P2M_LOAD_H
#define P2M_LOAD_H

#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * fork, exec /bin/true, wait: a new mm, its page tables built and torn
 * down.  Returns 0 if the child exited 0, 1 if not, -1 if fork failed.
 */
static inline int fork_true(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (!pid) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	return waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	       WEXITSTATUS(status);
}

/*
 * Write into each of the @n pages of @p (@psz bytes each) a word naming
 * the page and @round, then read them all back: a wrong translation maps
 * some other frame and reads someone else's data.  Returns the pages that
 * read back wrong.
 */
static inline unsigned long touch_pages(uint64_t *p, size_t n, size_t psz, uint64_t round)
{
	unsigned long bad = 0;
	size_t i;

	for (i = 0; i < n; i++)
		p[i * psz / 8] = (round << 32) | i;
	for (i = 0; i < n; i++)
		bad += p[i * psz / 8] != ((round << 32) | i);
	return bad;
}

#endif /* P2M_LOAD_H */
