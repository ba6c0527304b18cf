/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small generic helpers shared by every module: allocation that cannot fail and a growable array. */
#ifndef KLP_UTIL_H
#define KLP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Out of memory is a program failure, not a finding: these print one line and exit with
 * status 2 so that a CI gate never mistakes an OOM for a clean module.
 */
void *xmalloc(size_t size) __attribute__((malloc, returns_nonnull));
void *xcalloc(size_t n, size_t size) __attribute__((malloc, returns_nonnull));
void *xrealloc(void *p, size_t n, size_t size) __attribute__((returns_nonnull));
char *xstrdup(const char *s) __attribute__((malloc, returns_nonnull));
char *xstrndup(const char *s, size_t n) __attribute__((malloc, returns_nonnull));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2), returns_nonnull));

/* A growable array of fixed-size elements; the array owns its storage. */
struct array {
	void *data;
	size_t len;
	size_t cap;
	size_t elem;
};

#define ARRAY_INIT(type) { NULL, 0, 0, sizeof(type) }
void *array_push(struct array *a);
void array_free(struct array *a);
#define array_at(a, type, i) (&((type *)(a)->data)[i])

/*
 * Why an input could not be read: one line, shown to the user after the file name. Fallible
 * readers fill it and return a negative errno, so callers can both branch and explain.
 */
struct errbuf {
	char msg[512];
};

/*
 * The one way klpcheck opens an input file: name relative to dirfd (AT_FDCWD for a path),
 * read-only plus flags (O_NOFOLLOW, O_DIRECTORY is not for this), without blocking, and only
 * a regular file: a FIFO, device or socket is refused at once (-EINVAL), a directory with
 * -EISDIR. *st is the file's status; err says why, without the file name.
 */
int util_open_regular(int dirfd, const char *name, int flags, int *fd, struct stat *st,
		      struct errbuf *err) __attribute__((warn_unused_result));
/* "a FIFO", "a directory", ...: what a file of that mode is, for messages. */
const char *util_file_type(mode_t mode);
/*
 * Reads a whole regular file (util_open_regular()); refuses files larger than max_size with
 * -EFBIG. err says why, without the file name.
 */
int util_read_file(const char *path, size_t max_size, unsigned char **buf, size_t *len,
		   struct errbuf *err) __attribute__((warn_unused_result));
int err_set(struct errbuf *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

bool str_has_prefix(const char *s, const char *prefix);

#endif
