// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "open.h"
#include "util/decompress.h"

int obj_load_bytes(const char *path, size_t max, unsigned char **buf, size_t *size,
		   bool *compressed, struct errbuf *err)
{
	unsigned char *p;
	size_t n;
	int ret;

	ret = util_read_file(path, max, &p, &n, err);
	if (ret)
		return ret;
	*compressed = util_is_compressed(p, n);
	if (!*compressed) {
		*buf = p;
		*size = n;
		return 0;
	}
	ret = util_decompress(p, n, max, buf, size, err);
	free(p);
	return ret;
}
