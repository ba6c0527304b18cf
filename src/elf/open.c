// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <elfutils/libdwfl.h>
#include <libelf.h>

#include "model.h"
#include "open.h"

static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
			const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
			char **debuginfo_file_name)
{
	return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static bool is_compressed(const unsigned char *p, size_t n)
{
	static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };

	return (n >= 6 && !memcmp(p, xz, 6)) || (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) ||
	       (n >= 3 && !memcmp(p, "BZh", 3));
}

static bool is_zstd(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd;
}

/* libdwfl decompresses while opening; its in-memory image is the module we model. */
static int decompress(const char *path, unsigned char **buf, size_t *size, struct errbuf *err)
{
	Dwfl *dwfl = dwfl_begin(&offline_callbacks);
	Dwfl_Module *mod;
	GElf_Addr bias;
	Elf *elf;
	char *raw;
	size_t n;
	int ret = 0;

	if (!dwfl)
		return err_set(err, -ENOMEM, "dwfl_begin failed: %s", dwfl_errmsg(-1));
	mod = dwfl_report_offline(dwfl, "module", path, -1);
	dwfl_report_end(dwfl, NULL, NULL);
	elf = mod ? dwfl_module_getelf(mod, &bias) : NULL;
	raw = elf ? elf_rawfile(elf, &n) : NULL;
	if (!raw) {
		ret = err_set(err, -EINVAL, "compressed file does not hold an ELF module: %s",
			      dwfl_errmsg(-1));
	} else if (n > OBJ_MAX_FILE_SIZE) {
		ret = err_set(err, -EFBIG, "module expands to more than %lu MiB",
			      OBJ_MAX_FILE_SIZE >> 20);
	} else {
		*buf = xmalloc(n);
		memcpy(*buf, raw, n);
		*size = n;
	}
	dwfl_end(dwfl);
	return ret;
}

int obj_load_bytes(const char *path, unsigned char **buf, size_t *size, bool *compressed,
		   struct errbuf *err)
{
	unsigned char *p;
	size_t n;
	int ret;

	ret = util_read_file(path, OBJ_MAX_FILE_SIZE, &p, &n);
	if (ret == -EFBIG)
		return err_set(err, ret, "file is larger than %lu MiB", OBJ_MAX_FILE_SIZE >> 20);
	if (ret)
		return err_set(err, ret, "%s", strerror(-ret));
	*compressed = is_compressed(p, n);
	if (is_zstd(p, n)) {
		free(p);
		return err_set(err, -ENOTSUP, "zstd-compressed module: this libdw cannot decompress zstd; run 'zstd -d' first");
	}
	if (!*compressed) {
		*buf = p;
		*size = n;
		return 0;
	}
	free(p);
	return decompress(path, buf, size, err);
}
