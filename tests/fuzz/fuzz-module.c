// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module decoder on outside bytes: obj_file_open() (decompression, ELF model, relocations,
 * .modinfo) then lp_decode() (DWARF layouts, disassembly, the klp_patch walk), then every rule
 * without a target (the .klp.rela and .klp.sym checks read names the module chose) and the
 * text and SARIF reports of what they found (escaping, URI encoding). A module that cannot be
 * read goes through the one-line input error instead.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "elf/model.h"
#include "klp/klp.h"
#include "lint/lint.h"
#include "report/report.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lint_and_report(const char *path, const struct obj_file *obj,
			    const struct lp_patch *patch)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct lint_opts lo;
	struct json_object *sarif;
	FILE *null = fopen("/dev/null", "w");

	lint_opts_init(&lo);
	lint_run(&lo, path, obj, patch, NULL, &diags);
	if (null) {
		report_findings_text(null, &diags, &lo, false);
		report_inspect_text(null, path, patch);
		fclose(null);
	}
	sarif = report_sarif(&diags, &lo, 0);
	json_object_put(sarif);
	diag_list_free(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obj_file *obj = NULL;
	struct lp_patch *patch;
	struct errbuf err = { "" };
	char path[64];
	int fd = fuzz_memfd("fuzz-module.ko", data, size, path, sizeof(path));

	if (obj_file_open(path, &obj, &err) == 0 && lp_decode(obj, &patch, &err) == 0) {
		lint_and_report(path, obj, patch);
		lp_patch_free(patch);
	} else {
		/* the reason carries section names and vermagic from the module: escaped */
		FILE *saved = stderr, *null = fopen("/dev/null", "w");

		if (null) {
			stderr = null;
			cli_input_error(path, err.msg);
			stderr = saved;
			fclose(null);
		}
	}
	obj_file_close(obj);
	close(fd);
	return 0;
}
