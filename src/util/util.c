// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void __attribute__((noreturn)) oom(void)
{
	fputs("klpcheck: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	p = realloc(p, n && size ? n * size : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

void *array_push(struct array *a)
{
	if (a->len == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->data = xrealloc(a->data, a->cap, a->elem);
	}
	memset((char *)a->data + a->len * a->elem, 0, a->elem);
	return (char *)a->data + a->len++ * a->elem;
}

void array_free(struct array *a)
{
	free(a->data);
	a->data = NULL;
	a->len = a->cap = 0;
}

const char *util_file_type(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

int util_open_regular(int dirfd, const char *name, int flags, int *fd, struct stat *st,
		      struct errbuf *err)
{
	/*
	 * O_NONBLOCK: opening a FIFO for reading would wait for a writer forever, and a device
	 * could block too; it changes nothing for a regular file. The type is checked on the
	 * descriptor, so nothing can swap the file between a stat() and the open().
	 */
	int d = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);

	if (d < 0)
		return err_set(err, -errno, "%s", strerror(errno));
	if (fstat(d, st) < 0) {
		int ret = err_set(err, -errno, "%s", strerror(errno));

		close(d);
		return ret;
	}
	if (!S_ISREG(st->st_mode)) {
		close(d);
		return err_set(err, S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL,
			       "not a regular file (%s), refused", util_file_type(st->st_mode));
	}
	*fd = d;
	return 0;
}

int util_read_file(const char *path, size_t max_size, unsigned char **buf, size_t *len,
		   struct errbuf *err)
{
	struct stat st;
	unsigned char *p;
	size_t done = 0;
	int fd, ret;

	ret = util_open_regular(AT_FDCWD, path, 0, &fd, &st, err);
	if (ret)
		return ret;
	if ((uint64_t)st.st_size > max_size) {
		ret = err_set(err, -EFBIG, "file is larger than %zu MiB, refused", max_size >> 20);
		goto err_close;
	}
	p = xmalloc((size_t)st.st_size + 1);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, p + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? err_set(err, -errno, "%s", strerror(errno))
				    : err_set(err, -EIO, "file shrank while it was read");
			free(p);
			goto err_close;
		}
		done += (size_t)n;
	}
	p[done] = '\0';
	close(fd);
	*buf = p;
	*len = done;
	return 0;
err_close:
	close(fd);
	return ret;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int err_set(struct errbuf *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}
