/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the libFuzzer harnesses: the input as a file the parsers can open by path. */
#ifndef KLP_FUZZ_H
#define KLP_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* A memfd holding data; *path is /proc/self/fd/N, a regular file for open() and fstat(). */
static inline int fuzz_memfd(const char *name, const unsigned char *data, size_t size,
			     char *path, size_t path_size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	while (size) {
		ssize_t n = write(fd, data, size);

		if (n <= 0) {
			perror("write");
			abort();
		}
		data += n;
		size -= (size_t)n;
	}
	snprintf(path, path_size, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
