/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KLP_ELF_OPEN_H
#define KLP_ELF_OPEN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/*
 * The module's bytes, decompressed when the file is gzip, xz or zstd (the kernel's module
 * compressions). Output is capped at max (OBJ_MAX_FILE_SIZE at most) so a decompression bomb
 * ends in an error, not an out-of-memory kill.
 */
int obj_load_bytes(const char *path, size_t max, unsigned char **buf, size_t *size,
		   bool *compressed, struct errbuf *err) __attribute__((warn_unused_result));

#endif
