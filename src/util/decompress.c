// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The compression libraries' own streaming decoders, capped. (libdwfl can open compressed
 * modules too, but it relocates an ET_REL module's SHF_ALLOC sections when it hands out the
 * Elf, which erases the relocation-carried pointers the patch decoder reads; it has no output
 * cap, and elfutils 0.188 has no zstd.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "decompress.h"

/* A growing output buffer that refuses to pass max. */
struct sink {
	unsigned char *buf;
	size_t len, cap, max;
};

static int sink_room(struct sink *s, struct errbuf *err)
{
	if (s->len < s->cap)
		return 0;
	if (s->cap >= s->max)
		return err_set(err, -EFBIG, "decompresses to more than %zu bytes, refused", s->max);
	s->cap = s->cap ? s->cap * 2 : 1 << 20;
	if (s->cap > s->max)
		s->cap = s->max;
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
		if (zr == Z_BUF_ERROR && z.avail_in == 0)
			ret = err_set(err, -EINVAL, "gzip data is truncated");
		else if (zr != Z_OK && zr != Z_STREAM_END)
			ret = err_set(err, -EINVAL, "gzip data is corrupt: %s", z.msg ? z.msg : "inflate failed");
	}
	inflateEnd(&z);
	return ret;
}

/* The kernel's modules use xz -6 at most (a 9 MiB decoder); xz -9e needs 65 MiB. */
#define XZ_MEMLIMIT (256 << 20)

static int unxz(const unsigned char *in, size_t n, struct sink *s, struct errbuf *err)
{
	lzma_stream z = LZMA_STREAM_INIT;
	lzma_ret lr = LZMA_OK;
	int ret = 0;

	if (lzma_stream_decoder(&z, XZ_MEMLIMIT, 0) != LZMA_OK)
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
		if (lr == LZMA_BUF_ERROR && z.avail_in == 0)
			ret = err_set(err, -EINVAL, "xz data is truncated");
		else if (lr == LZMA_MEMLIMIT_ERROR)
			ret = err_set(err, -EFBIG, "xz data needs %llu MiB to decompress, over the limit of %d MiB, refused",
				      (unsigned long long)((lzma_memusage(&z) + (1 << 20) - 1) >> 20),
				      XZ_MEMLIMIT >> 20);
		else if (lr != LZMA_OK && lr != LZMA_STREAM_END)
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
	/* Frame after frame, as zstd -dc reads them: a skippable frame may come first. */
	while (!ret && (zr != 0 || zin.pos < zin.size)) {
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

/* zstd's skippable frames (magic 0x184D2A50 to 0x184D2A5F, little-endian) may precede its data. */
static bool codec_matches(size_t i, const unsigned char *in, size_t n)
{
	if (n >= codecs[i].len && !memcmp(in, codecs[i].magic, codecs[i].len))
		return true;
	return codecs[i].decode == unzstd && n >= 8 && (in[0] & 0xf0) == 0x50 && in[1] == 0x2a &&
	       in[2] == 0x4d && in[3] == 0x18;
}

bool util_is_compressed(const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(codecs); i++)
		if (codec_matches(i, in, n))
			return true;
	return false;
}

int util_decompress(const unsigned char *in, size_t n, size_t max, unsigned char **out,
		    size_t *out_len, struct errbuf *err)
{
	struct sink s = { NULL, 0, 0, max };

	for (size_t i = 0; i < ARRAY_SIZE(codecs); i++) {
		int ret;

		if (!codec_matches(i, in, n))
			continue;
		ret = codecs[i].decode(in, n, &s, err);
		if (!ret && s.len == s.cap)
			ret = sink_room(&s, err);
		if (ret) {
			free(s.buf);
			return ret;
		}
		s.buf[s.len] = '\0';
		*out = s.buf;
		*out_len = s.len;
		return 0;
	}
	return err_set(err, -EINVAL, "not compressed");
}
