// SPDX-License-Identifier: GPL-2.0
/*
 * xen-resv [DOMID]: Xen's own count of a domain's pages, for the boot
 * checks to compare with what the guest kernel says.
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
#define DOMID_SELF			0x7ff0

/* Linux's privcmd ABI (include/uapi/xen/privcmd.h). */
struct privcmd_hypercall {
	__u64 op;
	__u64 arg[5];
};

#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

static long memory_op(int fd, unsigned int cmd, uint16_t *domid)
{
	struct privcmd_hypercall call = {
		.op = HYPERVISOR_memory_op,
		.arg = { cmd, (uintptr_t)domid },
	};

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

int main(int argc, char **argv)
{
	static const char *const paths[] = { "/dev/xen/privcmd", "/proc/xen/privcmd" };
	uint16_t domid = DOMID_SELF;
	long cur, max;
	int fd = -1;
	unsigned int i;

	if (argc > 2 || (argc == 2 && !strcmp(argv[1], "-h"))) {
		fprintf(stderr, "usage: xen-resv [DOMID]\n");
		return 1;
	}
	if (argc == 2)
		domid = strtoul(argv[1], NULL, 0);
	for (i = 0; fd < 0 && i < sizeof(paths) / sizeof(paths[0]); i++)
		fd = open(paths[i], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "xen-resv: no privcmd device (%s)\n", strerror(errno));
		return 1;
	}
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
