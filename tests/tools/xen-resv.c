// SPDX-License-Identifier: GPL-2.0
/*
 * xen-resv [DOMID]: Xen's own count of a domain's pages, for the boot
 * checks to compare with what the guest kernel says.
 * xen-resv --ram-end: dom0 only, the end (exclusive, in pages) of the last
 * RAM entry of the machine's E820 map as Xen hands it to dom0
 * (XENMEM_machine_memory_map), so that a walk of dom0's p2m can reach it.
 *
 * Asks the hypervisor directly (XENMEM_current_reservation and
 * XENMEM_maximum_reservation through privcmd's hypercall ioctl), so the
 * figures come from Xen's accounting of the domain, not from anything the
 * guest kernel computed.  Without DOMID it asks about the calling domain
 * (DOMID_SELF); a domain other than itself needs dom0.
 *
 * Prints one line: "xen-resv domid=D current=N max=M" (pages) and exits 0,
 * or a message on stderr and exits 1.  Built statically on the host and put
 * into the guests' initramfs by scripts/boot.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define HYPERVISOR_memory_op		12
#define XENMEM_current_reservation	3
#define XENMEM_maximum_reservation	4
#define XENMEM_machine_memory_map	10
#define E820_RAM			1
#define MAX_ENTRIES			1024
#define DOMID_SELF			0x7ff0

/* Xen's public/memory.h and the E820 entry layout it fills in. */
struct xen_memory_map {
	unsigned int nr_entries;
	uint64_t buffer;
};

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

/* Linux's privcmd ABI (include/uapi/xen/privcmd.h). */
struct privcmd_hypercall {
	__u64 op;
	__u64 arg[5];
};

#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

static long memory_op(int fd, unsigned int cmd, void *arg)
{
	struct privcmd_hypercall call = {
		.op = HYPERVISOR_memory_op,
		.arg = { cmd, (uintptr_t)arg },
	};

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

static int ram_end(int fd)
{
	static struct e820_entry map[MAX_ENTRIES];
	struct xen_memory_map mm = { .nr_entries = MAX_ENTRIES, .buffer = (uintptr_t)map };
	uint64_t end = 0;
	unsigned int i;

	if (memory_op(fd, XENMEM_machine_memory_map, &mm) < 0) {
		fprintf(stderr, "xen-resv: XENMEM_machine_memory_map: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < mm.nr_entries && i < MAX_ENTRIES; i++)
		if (map[i].type == E820_RAM && map[i].addr + map[i].size > end)
			end = map[i].addr + map[i].size;
	printf("xen-resv ram_end=0x%llx entries=%u\n",
	       (unsigned long long)((end + 4095) / 4096), mm.nr_entries);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const paths[] = { "/dev/xen/privcmd", "/proc/xen/privcmd" };
	uint16_t domid = DOMID_SELF;
	long cur, max;
	int fd = -1;
	unsigned int i;

	unsigned long id;
	char *endp;

	if (argc > 2 || (argc == 2 && !strcmp(argv[1], "-h"))) {
		fprintf(stderr, "usage: xen-resv [DOMID | --ram-end]\n");
		return 1;
	}
	if (argc == 2 && strcmp(argv[1], "--ram-end")) {
		id = strtoul(argv[1], &endp, 0);
		if (!*argv[1] || *endp || id >= DOMID_SELF) {
			fprintf(stderr, "xen-resv: bad domid '%s'\n", argv[1]);
			return 1;
		}
		domid = id;
	}
	for (i = 0; fd < 0 && i < sizeof(paths) / sizeof(paths[0]); i++)
		fd = open(paths[i], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "xen-resv: no privcmd device (%s)\n", strerror(errno));
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "--ram-end"))
		return ram_end(fd);
	cur = memory_op(fd, XENMEM_current_reservation, &domid);
	if (cur < 0) {
		fprintf(stderr, "xen-resv: XENMEM_current_reservation: %s\n", strerror(errno));
		return 1;
	}
	max = memory_op(fd, XENMEM_maximum_reservation, &domid);
	if (max < 0) {
		fprintf(stderr, "xen-resv: XENMEM_maximum_reservation: %s\n", strerror(errno));
		return 1;
	}
	printf("xen-resv domid=%s current=%ld max=%ld\n",
	       domid == DOMID_SELF ? "self" : argv[1], cur, max);
	return 0;
}
