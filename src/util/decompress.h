/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KLP_UTIL_DECOMPRESS_H
#define KLP_UTIL_DECOMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The kernel's compressions for modules and config.gz: gzip, xz, zstd. */
bool util_is_compressed(const unsigned char *in, size_t n);

/*
 * Decompresses in (gzip, xz or zstd, by magic) into a new buffer with one NUL byte after the
 * data; output beyond max bytes is refused with -EFBIG, so a decompression bomb ends in an
 * error rather than an out-of-memory kill. -EINVAL when in is not compressed.
 */
int util_decompress(const unsigned char *in, size_t n, size_t max, unsigned char **out,
		    size_t *out_len, struct errbuf *err) __attribute__((warn_unused_result));

#endif
