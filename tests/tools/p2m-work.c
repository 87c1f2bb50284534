// SPDX-License-Identifier: GPL-2.0
/*
 * p2m-work: end-to-end workloads for make bench-guest, each a fixed amount
 * of work timed with CLOCK_MONOTONIC.  In a Xen PV guest every PTE the
 * kernel writes goes through pfn_to_mfn() and every one it reads back
 * through mfn_to_pfn(); these are what a user runs, not the lookup alone.
 *
 *   p2m-work fork N             fork, exec /bin/true, wait, N times
 *   p2m-work mmap MIB ROUNDS    mmap MIB anonymous, write a word naming the
 *                               page into every page, read all back, munmap
 *   p2m-work copy DIR MIB       write a MIB file into DIR (tmpfs), copy it
 *                               with read/write in 1 MiB blocks, compare
 *   p2m-work read FILE          read FILE to its end (the debugfs dump)
 *   p2m-work balloon KB SECS    set the balloon target to KB and wait up
 *                               to SECS for current_kb to reach it
 *
 * Prints "P2M-WORK <figure> <value> <unit> bad=<n>", one line per figure,
 * and exits 0 only if every check held (bad=0): a child that failed, a
 * page or byte that read back wrong, a target not reached.  Times are
 * reported, never judged.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "p2m-load.h"

#define BALLOON "/sys/devices/system/xen_memory/xen_memory0"

static int usage(void)
{
	fprintf(stderr, "usage: p2m-work fork N | mmap MIB ROUNDS | copy DIR MIB | read FILE | balloon KB SECS\n");
	return 2;
}

static int report(const char *figure, double value, const char *unit, unsigned long bad)
{
	printf("P2M-WORK %s %.3f %s bad=%lu\n", figure, value, unit, bad);
	fflush(stdout);
	return bad ? 1 : 0;
}

static int work_fork(long n)
{
	unsigned long bad = 0;
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		int rc = fork_true();

		if (rc < 0)
			return report("fork_exec", 0, "us", 1);
		bad += rc;
	}
	return report("fork_exec", (now() - t0) / n * 1e6, "us", bad);
}

static int work_mmap(long mib, long rounds)
{
	size_t len = (size_t)mib << 20, psz = sysconf(_SC_PAGESIZE), n = len / psz;
	unsigned long bad = 0;
	char figure[32];
	double t0 = now();
	long r;

	for (r = 0; r < rounds; r++) {
		uint64_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			perror("mmap");
			bad++;
			break;
		}
		bad += touch_pages(p, n, psz, r);
		if (munmap(p, len)) {
			perror("munmap");
			bad++;
			break;
		}
	}
	snprintf(figure, sizeof(figure), "mmap_touch_%ldM", mib);
	return report(figure, (now() - t0) / rounds * 1e3, "ms", bad + (r < rounds));
}

/* The byte at @off of the test file: changes every byte, page after page. */
static unsigned char pattern(size_t off)
{
	return (unsigned char)(off * 7 + (off >> 12) * 13);
}

static int work_copy(const char *dir, long mib)
{
	size_t blk = 1 << 20, off, i;
	char src[256], dst[256], figure[32];
	unsigned char *buf = malloc(blk), *ref = malloc(blk);
	unsigned long bad = 0;
	int in, out;
	ssize_t got;
	double t0;
	long b;

	snprintf(src, sizeof(src), "%s/p2m-work.src", dir);
	snprintf(dst, sizeof(dst), "%s/p2m-work.dst", dir);
	snprintf(figure, sizeof(figure), "tmpfs_copy_%ldM", mib);
	out = open(src, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (!buf || !ref || out < 0) {
		perror(src);
		return report(figure, 0, "ms", 1);
	}
	for (b = 0; b < mib; b++) {
		for (i = 0; i < blk; i++)
			buf[i] = pattern(b * blk + i);
		if (write(out, buf, blk) != (ssize_t)blk)
			bad++;
	}
	close(out);

	t0 = now();
	in = open(src, O_RDONLY);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || out < 0) {
		perror(dst);
		return report(figure, 0, "ms", 1);
	}
	while ((got = read(in, buf, blk)) > 0)
		if (write(out, buf, got) != got)
			bad++;
	bad += got < 0;
	close(in);
	close(out);
	t0 = now() - t0;

	in = open(dst, O_RDONLY);
	for (off = 0; in >= 0 && (got = read(in, buf, blk)) > 0; off += got) {
		for (i = 0; i < (size_t)got; i++)
			ref[i] = pattern(off + i);
		bad += memcmp(buf, ref, got) != 0;
	}
	bad += in < 0 || off != (size_t)mib * blk;
	if (in >= 0)
		close(in);
	unlink(src);
	unlink(dst);
	return report(figure, t0 * 1e3, "ms", bad);
}

static int work_read(const char *file)
{
	static char buf[1 << 16];
	size_t total = 0;
	double t0 = now();
	ssize_t got;
	int fd = open(file, O_RDONLY);

	if (fd < 0) {
		perror(file);
		return report("dump_read", 0, "ms", 1);
	}
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		total += got;
	close(fd);
	return report("dump_read", (now() - t0) * 1e3, "ms", got < 0 || !total);
}

static long read_kb(const char *path)
{
	FILE *f = fopen(path, "r");
	long kb = -1;

	if (f) {
		if (fscanf(f, "%ld", &kb) != 1)
			kb = -1;
		fclose(f);
	}
	return kb;
}

static int work_balloon(long kb, double secs)
{
	long cur = read_kb(BALLOON "/info/current_kb");
	char figure[32];
	double t0 = now();
	FILE *f;

	snprintf(figure, sizeof(figure), "balloon_%s_%ldM",
		 kb < cur ? "down" : "up", labs(kb - cur) >> 10);
	f = fopen(BALLOON "/target_kb", "w");
	if (cur < 0 || !f || fprintf(f, "%ld\n", kb) < 0 || fclose(f)) {
		perror(BALLOON "/target_kb");
		return report(figure, 0, "s", 1);
	}
	while ((cur = read_kb(BALLOON "/info/current_kb")) != kb && now() - t0 < secs)
		usleep(10000);
	if (cur != kb)
		fprintf(stderr, "p2m-work: current_kb %ld, target %ld after %.0f s\n",
			cur, kb, secs);
	return report(figure, now() - t0, "s", cur != kb);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "fork") && atol(argv[2]) > 0)
		return work_fork(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "mmap") && atol(argv[2]) > 0 && atol(argv[3]) > 0)
		return work_mmap(atol(argv[2]), atol(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "copy") && atol(argv[3]) > 0)
		return work_copy(argv[2], atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "read"))
		return work_read(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "balloon") && atol(argv[2]) > 0 && atof(argv[3]) > 0)
		return work_balloon(atol(argv[2]), atof(argv[3]));
	return usage();
}
