// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "klp/klp.h"
#include "report/report.h"

/* Decodes one file; on failure says why in one line and returns -1. */
static int decode_one(const struct cli_opts *o, const char *file, struct obj_file **obj,
		      struct lp_patch **patch)
{
	struct errbuf err = { "" };
	struct lp_decode_opts dopts;

	*obj = NULL;
	*patch = NULL;
	cli_decode_opts(o, &dopts);
	if (obj_file_open(file, obj, &err) || lp_decode_with(*obj, &dopts, patch, &err)) {
		cli_input_error(file, err.msg);
		obj_file_close(*obj);
		*obj = NULL;
		return -1;
	}
	return 0;
}

int cli_inspect(struct cli_opts *o)
{
	struct json_object *modules = json_object_new_array(), *doc;
	int status = EXIT_CLEAN, ret;
	FILE *out;

	if (o->format != FORMAT_TEXT && o->format != FORMAT_JSON) {
		fputs("klpcheck: inspect prints text or json\n", stderr);
		json_object_put(modules);
		return EXIT_USAGE;
	}
	ret = cli_open_output(o, &out);
	if (ret) {
		json_object_put(modules);
		return ret;
	}
	for (int i = 0; i < o->nr_files; i++) {
		struct obj_file *obj;
		struct lp_patch *patch;

		if (decode_one(o, o->files[i], &obj, &patch)) {
			status = EXIT_BAD_INPUT;
			continue;
		}
		if (o->format == FORMAT_JSON)
			json_object_array_add(modules, report_inspect_json(o->files[i], patch));
		else
			report_inspect_text(out, o->files[i], patch);
		lp_patch_free(patch);
		obj_file_close(obj);
	}
	doc = report_json_document("modules", modules);
	if (o->format == FORMAT_JSON)
		report_json_print(out, doc);
	json_object_put(doc);
	if (cli_close_output(o, out))
		return EXIT_BAD_INPUT;
	return status;
}
