// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Compressed modules. libdwfl can open them too, but for an ET_REL file it applies the
 * relocations to SHF_ALLOC sections when it hands out the Elf, which erases exactly the
 * relocation-carried pointers the patch decoder reads; it also has no output cap and, in
 * elfutils 0.188, no zstd. So we use the compression libraries' own streaming decoders.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "model.h"
#include "open.h"

/* A growing output buffer that refuses to pass OBJ_MAX_FILE_SIZE. */
struct sink {
	unsigned char *buf;
	size_t len, cap;
};

static int sink_room(struct sink *s, struct errbuf *err)
{
	if (s->len < s->cap)
		return 0;
	if (s->cap >= OBJ_MAX_FILE_SIZE)
		return err_set(err, -EFBIG, "module expands to more than %lu MiB",
			       OBJ_MAX_FILE_SIZE >> 20);
	s->cap = s->cap ? s->cap * 2 : 1 << 20;
	if (s->cap > OBJ_MAX_FILE_SIZE)
		s->cap = OBJ_MAX_FILE_SIZE;
	s->buf = xrealloc(s->buf, s->cap, 1);
	return 0;
}

static int gunzip(const unsigned char *in, size_t n, struct sink *s, struct errbuf *err)
{
	z_stream z = { 0 };
	int zr = Z_OK, ret = 0;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return err_set(err, -ENOMEM, "inflateInit2 failed");
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	while (zr != Z_STREAM_END && !ret) {
		ret = sink_room(s, err);
		if (ret)
			break;
		z.next_out = s->buf + s->len;
		z.avail_out = (uInt)(s->cap - s->len);
		zr = inflate(&z, Z_NO_FLUSH);
		s->len = s->cap - z.avail_out;
		if (zr != Z_OK && zr != Z_STREAM_END)
			ret = err_set(err, -EINVAL, "gzip data is corrupt: %s", z.msg ? z.msg : "inflate failed");
	}
	inflateEnd(&z);
	return ret;
}

static int unxz(const unsigned char *in, size_t n, struct sink *s, struct errbuf *err)
{
	lzma_stream z = LZMA_STREAM_INIT;
	lzma_ret lr = LZMA_OK;
	int ret = 0;

	if (lzma_stream_decoder(&z, 256 << 20, 0) != LZMA_OK)
		return err_set(err, -ENOMEM, "lzma_stream_decoder failed");
	z.next_in = in;
	z.avail_in = n;
	while (lr != LZMA_STREAM_END && !ret) {
		ret = sink_room(s, err);
		if (ret)
			break;
		z.next_out = s->buf + s->len;
		z.avail_out = s->cap - s->len;
		lr = lzma_code(&z, LZMA_FINISH);
		s->len = s->cap - z.avail_out;
		if (lr != LZMA_OK && lr != LZMA_STREAM_END)
			ret = err_set(err, -EINVAL, "xz data is corrupt (lzma error %d)", (int)lr);
	}
	lzma_end(&z);
	return ret;
}

static int unzstd(const unsigned char *in, size_t n, struct sink *s, struct errbuf *err)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	ZSTD_inBuffer zin = { in, n, 0 };
	size_t zr = 1;
	int ret = 0;

	if (!z)
		return err_set(err, -ENOMEM, "ZSTD_createDStream failed");
	while (zr != 0 && !ret) {
		ZSTD_outBuffer zout;

		ret = sink_room(s, err);
		if (ret)
			break;
		zout = (ZSTD_outBuffer){ s->buf, s->cap, s->len };
		zr = ZSTD_decompressStream(z, &zout, &zin);
		s->len = zout.pos;
		if (ZSTD_isError(zr))
			ret = err_set(err, -EINVAL, "zstd data is corrupt: %s", ZSTD_getErrorName(zr));
		else if (zr && zin.pos == zin.size && zout.pos < zout.size)
			ret = err_set(err, -EINVAL, "zstd data is truncated");
	}
	ZSTD_freeDStream(z);
	return ret;
}

static const struct {
	const char *name;
	const unsigned char *magic;
	size_t len;
	int (*decode)(const unsigned char *, size_t, struct sink *, struct errbuf *);
} codecs[] = {
	{ "gzip", (const unsigned char *)"\x1f\x8b", 2, gunzip },
	{ "xz", (const unsigned char *)"\xfd" "7zXZ\0", 6, unxz },
	{ "zstd", (const unsigned char *)"\x28\xb5\x2f\xfd", 4, unzstd },
};

int obj_load_bytes(const char *path, unsigned char **buf, size_t *size, bool *compressed,
		   struct errbuf *err)
{
	struct sink s = { 0 };
	unsigned char *p;
	size_t n;
	int ret;

	ret = util_read_file(path, OBJ_MAX_FILE_SIZE, &p, &n);
	if (ret == -EFBIG)
		return err_set(err, ret, "file is larger than %lu MiB", OBJ_MAX_FILE_SIZE >> 20);
	if (ret)
		return err_set(err, ret, "%s", strerror(-ret));
	*compressed = false;
	for (size_t i = 0; i < ARRAY_SIZE(codecs); i++) {
		if (n < codecs[i].len || memcmp(p, codecs[i].magic, codecs[i].len))
			continue;
		*compressed = true;
		ret = codecs[i].decode(p, n, &s, err);
		free(p);
		if (ret) {
			free(s.buf);
			return ret;
		}
		*buf = s.buf;
		*size = s.len;
		return 0;
	}
	*buf = p;
	*size = n;
	return 0;
}
