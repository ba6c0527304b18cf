// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klpc-load - the guest's module loader for the kernel verdict tier.
 *
 *   klpc-load load FILE.ko     finit_module(fd, "", 0) exactly once
 *   klpc-load unload NAME      delete_module(NAME, O_NONBLOCK) exactly once
 *
 * Prints one line "rc=<0|-1> errno=<n> name=<E...>" and exits 0 on success,
 * 1 when the call failed, 2 on a usage or open error. Unlike busybox insmod it
 * never retries a failed finit_module(2) with init_module(2), so a refused
 * module's init runs once and every kernel message is logged once.
 * Built by tests/kernel/run.py with `gcc -static -O2`.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *errno_name(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ENOEXEC: return "ENOEXEC";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENOSYS: return "ENOSYS";
	case ENOKEY: return "ENOKEY";
	case EKEYREJECTED: return "EKEYREJECTED";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "E?";
	}
}

static int report(long rc, int err)
{
	printf("rc=%ld errno=%d name=%s\n", rc, rc ? err : 0, rc ? errno_name(err) : "OK");
	fflush(stdout);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	long rc;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: klpc-load load FILE.ko | unload NAME\n");
		return 2;
	}
	if (!strcmp(argv[1], "load")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "klpc-load: %s: %s\n", argv[2], strerror(errno));
			return 2;
		}
		rc = syscall(SYS_finit_module, fd, "", 0);
		return report(rc, errno);
	}
	if (!strcmp(argv[1], "unload")) {
		rc = syscall(SYS_delete_module, argv[2], O_NONBLOCK);
		return report(rc, errno);
	}
	fprintf(stderr, "klpc-load: unknown command '%s'\n", argv[1]);
	return 2;
}
