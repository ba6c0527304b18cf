// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sysfs tree reader and the snapshot reader on a tree the input describes. The input is
 * a small archive (tests/fuzz/README.md): a mode byte, 's' for --sysfs ROOT or 't' for
 * --target ROOT, then entries separated by NUL bytes, each "K path\ncontent" with K 'd'
 * (directory), 'f' (file holding content) or 'l' (symbolic link to content). The tree is
 * unpacked into a fresh temporary directory; paths with empty, "." or ".." components are
 * skipped, since they would test the unpacker rather than klpcheck.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "target/target.h"

#define MAX_ENTRIES 512
#define MAX_PATH 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base[64];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p) < 0 && errno != ENOENT ? -1 : 0;
}

static void cleanup(void)
{
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}


/* Creates the directories above root/rel; false if rel is not a plain relative path. */
static bool make_parents(const char *root, char *rel)
{
	char *p = rel, *slash;
	int depth = 0;

	for (;;) {
		size_t n;

		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.') ||
		    ++depth > 16)
			return false;
		if (!slash)
			return true;
		*slash = '\0';
		{
			char full[MAX_PATH + 80];

			snprintf(full, sizeof(full), "%s/%s", root, rel);
			mkdir(full, 0755);
		}
		*slash = '/';
		p = slash + 1;
	}
}

static void unpack(const char *root, const uint8_t *data, size_t size)
{
	size_t pos = 0;

	for (int i = 0; i < MAX_ENTRIES && pos < size; i++) {
		const uint8_t *end = memchr(data + pos, '\0', size - pos);
		size_t len = end ? (size_t)(end - (data + pos)) : size - pos;
		const char *e = (const char *)data + pos;
		const char *nl = memchr(e, '\n', len);
		char rel[MAX_PATH], full[MAX_PATH + 80];
		size_t plen, clen;
		int fd;

		pos += len + 1;
		if (len < 3 || e[1] != ' ' || !nl)
			continue;
		plen = (size_t)(nl - (e + 2));
		if (plen == 0 || plen >= MAX_PATH)
			continue;
		memcpy(rel, e + 2, plen);
		rel[plen] = '\0';
		if (!make_parents(root, rel))
			continue;
		snprintf(full, sizeof(full), "%s/%s", root, rel);
		clen = len - (size_t)(nl + 1 - e);
		switch (e[0]) {
		case 'd':
			mkdir(full, 0755);
			break;
		case 'f':
			fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
			if (fd >= 0) {
				if (clen && write(fd, nl + 1, clen) < 0)
					abort();
				close(fd);
			}
			break;
		case 'l': {
			char target[MAX_PATH];

			if (clen == 0 || clen >= MAX_PATH)
				break;
			memcpy(target, nl + 1, clen);
			target[clen] = '\0';
			if (symlink(target, full) < 0)
				break;
			break;
		}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tgt_opts o = { 0 };
	struct target *t;
	struct errbuf err;
	char root[96];

	if (size < 1)
		return 0;
	if (!base[0]) {
		const char *tmp = getenv("TMPDIR");

		snprintf(base, sizeof(base), "%s/klpfuzz-XXXXXX", tmp ? tmp : "/tmp");
		if (!mkdtemp(base))
			abort();
		atexit(cleanup);
	}
	snprintf(root, sizeof(root), "%s/root", base);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (mkdir(root, 0755) < 0)
		abort();
	unpack(root, data + 1, size - 1);
	if (data[0] == 't')
		o.snapshot = root;
	else
		o.sysfs = root;
	if (tgt_load(&o, NULL, &t, &err) == 0) {
		for (size_t i = 0; i < tgt_nr_live_patches(t); i++)
			tgt_live_patch(t, i);
		tgt_free(t);
	}
	tgt_opts_free(&o);
	return 0;
}
