// SPDX-License-Identifier: GPL-2.0
/*
 * p2m-hold MIB MINPFN: hold MIB MiB of anonymous memory with a known
 * pattern, and say which pseudo-physical frames (pfns) hold it, so that a
 * scenario can prove that data in pfns at or above MINPFN (hex, e.g.
 * 0x8000000 = 512 GiB) survives a save/restore or a migration of the domU.
 *
 * The pattern is a function of the word's index only (not of anything the
 * kernel says); the pfns come from /proc/self/pagemap (root).  Prints, on
 * standard output:
 *
 *   P2M-HOLD start pages=N high=H min_high=0x.. min_high_word=0x..
 *                  max_pfn=0x.. unmapped=U
 *
 * (min_high_word: the first word of the page at pfn min_high, for a reader
 * of the guest's memory from outside, such as crash on a dump-core)
 *
 * then reads commands on standard input, one a line:
 *
 *   check TAG   every word read back, every pfn looked up again:
 *               P2M-HOLD check TAG pages=N high=H bad_words=B moved=M
 *                 unmapped=U
 *               (moved: pages whose pfn changed since the start: a save and
 *               restore keeps pfns, so M must be 0)
 *   exit        (or end of input) leave
 *
 * Exits 1 with a message on standard error if it cannot set up.  Built
 * statically on the host and put into the guests' initramfs (/tools) by
 * scripts/boot.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE_SIZE	4096UL
#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)

static uint64_t word(uint64_t i)
{
	/* splitmix64 of the index: every word differs, no page is zero. */
	uint64_t z = i + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* pfns[i] = pfn of page i, or 0 when pagemap says it is not present. */
static int read_pfns(int fd, const char *buf, size_t pages, uint64_t *pfns)
{
	off_t off = (off_t)((uintptr_t)buf / PAGE_SIZE) * 8;
	size_t i;

	for (i = 0; i < pages; i++) {
		uint64_t e;

		if (pread(fd, &e, sizeof(e), off + (off_t)i * 8) != sizeof(e))
			return -1;
		pfns[i] = (e & PM_PRESENT) ? (e & PM_PFN_MASK) : 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t *buf, *pfns, *now, minpfn, min_high = ~0ULL, max_pfn = 0, min_word = 0;
	size_t mib, pages, words, i, high = 0, unmapped = 0;
	char line[256];
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: p2m-hold MIB MINPFN\n");
		return 1;
	}
	mib = strtoul(argv[1], NULL, 0);
	minpfn = strtoull(argv[2], NULL, 0);
	pages = mib * (1UL << 20) / PAGE_SIZE;
	words = pages * (PAGE_SIZE / 8);
	if (!pages) {
		fprintf(stderr, "p2m-hold: no memory asked for\n");
		return 1;
	}
	buf = mmap(NULL, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pfns = calloc(pages, sizeof(*pfns));
	now = calloc(pages, sizeof(*now));
	if (buf == MAP_FAILED || !pfns || !now) {
		fprintf(stderr, "p2m-hold: cannot allocate %zu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	/* Locked: the pfns must not change under us (no swap here anyway). */
	if (mlock(buf, pages * PAGE_SIZE)) {
		fprintf(stderr, "p2m-hold: mlock: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < words; i++)
		buf[i] = word(i);
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || read_pfns(fd, (char *)buf, pages, pfns)) {
		fprintf(stderr, "p2m-hold: /proc/self/pagemap: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < pages; i++) {
		if (!pfns[i]) {
			unmapped++;
			continue;
		}
		if (pfns[i] >= minpfn) {
			high++;
			if (pfns[i] < min_high) {
				min_high = pfns[i];
				min_word = word(i * (PAGE_SIZE / sizeof(*buf)));
			}
		}
		if (pfns[i] > max_pfn)
			max_pfn = pfns[i];
	}
	printf("P2M-HOLD start pages=%zu high=%zu min_high=0x%llx min_high_word=0x%llx max_pfn=0x%llx unmapped=%zu\n",
	       pages, high, high ? (unsigned long long)min_high : 0ULL,
	       (unsigned long long)min_word,
	       (unsigned long long)max_pfn, unmapped);
	fflush(stdout);

	while (fgets(line, sizeof(line), stdin)) {
		size_t bad = 0, moved = 0, h = 0, u = 0;
		char tag[128];

		if (!strncmp(line, "exit", 4))
			break;
		if (sscanf(line, "check %127s", tag) != 1)
			continue;
		for (i = 0; i < words; i++)
			bad += buf[i] != word(i);
		if (read_pfns(fd, (char *)buf, pages, now)) {
			fprintf(stderr, "p2m-hold: /proc/self/pagemap: %s\n", strerror(errno));
			return 1;
		}
		for (i = 0; i < pages; i++) {
			u += !now[i];
			h += now[i] >= minpfn;
			moved += now[i] != pfns[i];
		}
		printf("P2M-HOLD check %s pages=%zu high=%zu bad_words=%zu moved=%zu unmapped=%zu\n",
		       tag, pages, h, bad, moved, u);
		fflush(stdout);
	}
	return 0;
}
