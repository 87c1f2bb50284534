// SPDX-License-Identifier: GPL-2.0
/*
 * xen-set-e820 DOMID FILE: give a (paused, not yet started) PV domain the
 * E820 map in FILE, through libxenctrl's xc_domain_set_memory_map()
 * (XENMEM_set_memory_map).  The domain's kernel reads it once, with
 * XENMEM_memory_map, in xen_memory_setup(): set it between "xl create -p"
 * and "xl unpause".
 *
 * FILE is in the format tools/testing/xen-p2m/replay reads: one entry a
 * line, "START END TYPE", START and END in hex, END inclusive; TYPE one
 * of usable, reserved, ACPI, NVS, unusable, pmem, or a number (the raw
 * E820 type, so that a test can hand the guest types Linux does not
 * know); "#" starts a comment.  The entries are passed as they are, in
 * the file's order: no sorting, merging or checking beyond the syntax,
 * because bad maps are what some scenarios test.  An END below START
 * (a wrapping or zero-length entry) is passed as size END - START + 1
 * modulo 2^64, so a line "1000 fff usable" is an entry of size 0.
 *
 * Prints "xen-set-e820 domid=D entries=N ram-pages=P" and exits 0, or a
 * message on stderr and exits 1 (2 on bad usage or an unreadable file).
 * Built statically against Debian's libxen-dev by scripts/boot.sh.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xenctrl.h>

#define MAX_ENTRIES	1024	/* Xen's E820MAX */
#define PAGE_SHIFT	12

static const struct {
	const char *name;
	uint32_t type;
} types[] = {
	{ "usable", 1 },
	{ "reserved", 2 },
	{ "ACPI", 3 },
	{ "NVS", 4 },
	{ "unusable", 5 },
	{ "pmem", 7 },
};

static int parse_type(const char *s, uint32_t *type)
{
	unsigned int i;
	char *end;
	unsigned long v;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (!strcasecmp(s, types[i].name)) {
			*type = types[i].type;
			return 0;
		}
	}
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > UINT32_MAX)
		return -1;
	*type = v;
	return 0;
}

static int read_map(const char *path, struct e820entry *map, unsigned int *nr)
{
	char line[512], tname[64];
	unsigned int n = 0, lineno = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "xen-set-e820: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end;
		uint32_t type;
		char *hash = strchr(line, '#');
		int k;

		lineno++;
		if (hash)
			*hash = '\0';
		k = sscanf(line, "%" SCNx64 " %" SCNx64 " %63s", &start, &end, tname);
		if (k == EOF)	/* a blank or comment-only line */
			continue;
		if (k != 3 || parse_type(tname, &type)) {
			fprintf(stderr, "xen-set-e820: %s:%u: want \"START END TYPE\"\n",
				path, lineno);
			fclose(f);
			return -1;
		}
		if (n == MAX_ENTRIES) {
			fprintf(stderr, "xen-set-e820: %s: more than %d entries (Xen's E820MAX)\n",
				path, MAX_ENTRIES);
			fclose(f);
			return -1;
		}
		map[n].addr = start;
		map[n].size = end - start + 1;
		map[n].type = type;
		n++;
	}
	fclose(f);
	*nr = n;
	return 0;
}

/* Whole pages of RAM in the map's usable entries (overlaps counted twice). */
static uint64_t ram_pages(const struct e820entry *map, unsigned int nr)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		uint64_t first = (map[i].addr + (1 << PAGE_SHIFT) - 1) >> PAGE_SHIFT;
		uint64_t last = (map[i].addr + map[i].size) >> PAGE_SHIFT;

		if (map[i].type == 1 && last > first)
			total += last - first;
	}
	return total;
}

int main(int argc, char **argv)
{
	static struct e820entry map[MAX_ENTRIES];
	unsigned int nr, domid;
	xc_interface *xch;
	char *end;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: xen-set-e820 DOMID FILE\n");
		return 2;
	}
	domid = strtoul(argv[1], &end, 0);
	if (*end || end == argv[1]) {
		fprintf(stderr, "xen-set-e820: bad domid '%s'\n", argv[1]);
		return 2;
	}
	if (read_map(argv[2], map, &nr))
		return 2;

	xch = xc_interface_open(NULL, NULL, 0);
	if (!xch) {
		fprintf(stderr, "xen-set-e820: cannot open libxenctrl: %s\n", strerror(errno));
		return 1;
	}
	rc = xc_domain_set_memory_map(xch, domid, map, nr);
	if (rc) {
		fprintf(stderr, "xen-set-e820: xc_domain_set_memory_map(%u, %u entries): %s\n",
			domid, nr, strerror(errno));
		xc_interface_close(xch);
		return 1;
	}
	xc_interface_close(xch);
	printf("xen-set-e820 domid=%u entries=%u ram-pages=%" PRIu64 "\n", domid, nr, ram_pages(map, nr));
	return 0;
}
