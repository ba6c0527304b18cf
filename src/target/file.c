// SPDX-License-Identifier: GPL-2.0-or-later
/* Bounded reading of untrusted files: /proc and /sys files (size 0 in stat), snapshots. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "internal.h"
#include "util/decompress.h"

int tgt_read_file(const struct tgt_file *f, size_t max, char **buf, size_t *len,
		  struct errbuf *err)
{
	size_t cap = 4096, done = 0;
	struct errbuf why;
	struct stat st;
	char *p;
	int fd, ret;

	/* A FIFO or device in a hostile tree would block or never end: util_open_regular(). */
	ret = util_open_regular(f->dirfd, f->name, f->nofollow ? O_NOFOLLOW : 0, &fd, &st, &why);
	if (ret == -ELOOP && f->nofollow)
		return err_set(err, -ELOOP, "%s: is a symbolic link, refused", f->shown);
	if (ret)
		return err_set(err, ret, "%s: %s", f->shown, why.msg);
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

static int maybe_decompress(const char *shown, size_t max, char **buf, size_t *len,
			    struct errbuf *err)
{
	struct errbuf why;
	unsigned char *out;
	size_t n;
	int ret;

	if (!util_is_compressed((unsigned char *)*buf, *len))
		return 0;
	ret = util_decompress((unsigned char *)*buf, *len, max, &out, &n, &why);
	if (ret)
		return err_set(err, ret, "%s: %s", shown, why.msg);
	free(*buf);
	*buf = (char *)out;
	*len = n;
	return 0;
}

int tgt_read_kept(struct target *t, const struct tgt_file *f, size_t max, char **buf, size_t *len,
		  struct errbuf *err)
{
	int ret = tgt_read_file(f, max, buf, len, err);

	if (ret)
		return ret;
	ret = maybe_decompress(f->shown, max, buf, len, err);
	if (ret) {
		free(*buf);
		return ret;
	}
	tgt_keep_buf(t, *buf);
	return 0;
}
