// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module decoder on outside bytes: obj_file_open() (decompression, ELF model, relocations,
 * .modinfo) then lp_decode() (DWARF layouts, disassembly, the klp_patch walk).
 */
#include <stdint.h>
#include <unistd.h>

#include "elf/model.h"
#include "klp/klp.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obj_file *obj;
	struct lp_patch *patch;
	struct errbuf err;
	char path[64];
	int fd = fuzz_memfd("fuzz-module.ko", data, size, path, sizeof(path));

	if (obj_file_open(path, &obj, &err) == 0) {
		if (lp_decode(obj, &patch, &err) == 0)
			lp_patch_free(patch);
		obj_file_close(obj);
	}
	close(fd);
	return 0;
}
