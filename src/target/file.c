// SPDX-License-Identifier: GPL-2.0-or-later
/* Bounded reading of untrusted files: /proc and /sys files (size 0 in stat), snapshots. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "internal.h"

int tgt_read_file(const struct tgt_file *f, size_t max, char **buf, size_t *len,
		  struct errbuf *err)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (f->nofollow ? O_NOFOLLOW : 0);
	size_t cap = 4096, done = 0;
	struct stat st;
	char *p;
	int fd, ret;

	fd = openat(f->dirfd, f->name, flags);
	if (fd < 0) {
		if (errno == ELOOP && f->nofollow)
			return err_set(err, -ELOOP, "%s: is a symbolic link, refused", f->shown);
		return err_set(err, -errno, "%s: %s", f->shown, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		ret = err_set(err, -errno, "%s: %s", f->shown, strerror(errno));
		goto err_close;
	}
	/* A FIFO or device in a hostile tree would block or never end. */
	if (!S_ISREG(st.st_mode)) {
		ret = err_set(err, S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL, "%s: not a regular file",
			      f->shown);
		goto err_close;
	}
	if ((uint64_t)st.st_size > max) {
		ret = err_set(err, -EFBIG, "%s: larger than %zu bytes, refused", f->shown, max);
		goto err_close;
	}
	if ((size_t)st.st_size + 1 > cap)
		cap = (size_t)st.st_size + 1;
	p = xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (done + 1 >= cap) {
			if (cap > max) {
				free(p);
				ret = err_set(err, -EFBIG, "%s: larger than %zu bytes, refused",
					      f->shown, max);
				goto err_close;
			}
			cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			p = xrealloc(p, cap, 1);
		}
		n = read(fd, p + done, cap - 1 - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = err_set(err, -errno, "%s: %s", f->shown, strerror(errno));
			free(p);
			goto err_close;
		}
		if (n == 0)
			break;
		done += (size_t)n;
		if (done > max) {
			free(p);
			ret = err_set(err, -EFBIG, "%s: larger than %zu bytes, refused", f->shown, max);
			goto err_close;
		}
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

int tgt_maybe_gunzip(const char *shown, size_t max, char **buf, size_t *len, struct errbuf *err)
{
	unsigned char *in = (unsigned char *)*buf;
	size_t cap = 65536, done = 0;
	z_stream zs = { 0 };
	char *out;
	int zret;

	if (*len < 2 || in[0] != 0x1f || in[1] != 0x8b)
		return 0;
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return err_set(err, -ENOMEM, "%s: inflateInit2 failed", shown);
	out = xmalloc(cap);
	zs.next_in = in;
	zs.avail_in = (uInt)(*len > UINT32_MAX ? UINT32_MAX : *len);
	for (;;) {
		if (cap - done < 2) {
			if (cap > max) {
				inflateEnd(&zs);
				free(out);
				return err_set(err, -EFBIG, "%s: decompresses to more than %zu bytes, refused",
					       shown, max);
			}
			cap *= 2;
			out = xrealloc(out, cap, 1);
		}
		zs.next_out = (unsigned char *)out + done;
		zs.avail_out = (uInt)(cap - 1 - done);
		zret = inflate(&zs, Z_NO_FLUSH);
		done = cap - 1 - zs.avail_out;
		if (zret == Z_STREAM_END)
			break;
		if (zret != Z_OK && zret != Z_BUF_ERROR) {
			inflateEnd(&zs);
			free(out);
			return err_set(err, -EINVAL, "%s: gzip data is corrupt: %s", shown,
				       zs.msg ? zs.msg : "inflate failed");
		}
		if (zret == Z_BUF_ERROR && zs.avail_in == 0) {
			inflateEnd(&zs);
			free(out);
			return err_set(err, -EINVAL, "%s: gzip data is truncated", shown);
		}
	}
	inflateEnd(&zs);
	if (done > max) {
		free(out);
		return err_set(err, -EFBIG, "%s: decompresses to more than %zu bytes, refused", shown,
			       max);
	}
	out[done] = '\0';
	free(*buf);
	*buf = out;
	*len = done;
	return 0;
}
