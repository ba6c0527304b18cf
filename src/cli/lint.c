// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "klp/klp.h"
#include "report/report.h"

static bool use_color(const struct cli_opts *o, FILE *out)
{
	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
}

/* Decodes and checks one module; false when it could not be read. */
static bool lint_one(const struct cli_opts *o, const struct lint_opts *lo, const char *file,
		     struct diag_list *diags)
{
	struct errbuf err = { "" };
	struct obj_file *obj = NULL;
	struct lp_patch *patch = NULL;

	if (obj_file_open(file, &obj, &err) || lp_decode(obj, &patch, &err)) {
		cli_input_error(file, err.msg);
		if (o->format != FORMAT_TEXT)
			lint_unreadable(diags, file, err.msg);
		obj_file_close(obj);
		return false;
	}
	lint_run(lo, file, obj, patch, NULL, diags);
	lp_patch_free(patch);
	obj_file_close(obj);
	return true;
}

static void emit(const struct cli_opts *o, const struct lint_opts *lo, FILE *out,
		 const struct diag_list *diags)
{
	struct json_object *doc;

	switch (o->format) {
	case FORMAT_TEXT:
		report_findings_text(out, diags, lo, use_color(o, out));
		return;
	case FORMAT_JSON:
		doc = report_json_document("findings", report_findings_json(diags, lo));
		break;
	case FORMAT_SARIF:
		doc = report_sarif(diags, lo);
		break;
	default:
		return;
	}
	report_json_print(out, doc);
	json_object_put(doc);
}

static int exit_status(const struct lint_opts *lo, const struct diag_list *diags, bool unreadable)
{
	if (unreadable)
		return EXIT_BAD_INPUT;
	for (size_t i = 0; i < diags->len; i++)
		if (lint_effective_severity(lo, &diags->items[i]) >= lo->fail_on)
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

int cli_lint(struct cli_opts *o)
{
	struct diag_list diags = { 0 };
	struct lint_opts lo;
	bool unreadable = false;
	FILE *out;
	int ret;

	ret = cli_lint_opts(o, &lo);
	if (!ret)
		ret = cli_open_output(o, &out);
	if (ret)
		return ret;
	for (int i = 0; i < o->nr_files; i++)
		unreadable |= !lint_one(o, &lo, o->files[i], &diags);
	emit(o, &lo, out, &diags);
	ret = exit_status(&lo, &diags, unreadable);
	diag_list_free(&diags);
	if (cli_close_output(o, out))
		ret = EXIT_BAD_INPUT;
	return ret;
}

int cli_list_rules(void)
{
	for (size_t i = 0; i < NR_RULES; i++) {
		const struct rule_def *r = &rule_catalog[i];

		printf("%s  %-24s %-7s %-6s %s\n", r->id, r->slug, severity_name(r->severity),
		       r->kernels, r->title);
	}
	return EXIT_CLEAN;
}

/* Prints the rule's page: installed copy first, the source tree's when run uninstalled. */
int cli_explain(const char *name)
{
	const char *dirs[] = { getenv("KLPCHECK_DOCDIR"), KLP_PKGDATADIR "/rules", KLP_SRCDIR "/docs/rules" };
	const struct rule_def *r = rule_lookup(name);
	unsigned char *text;
	size_t len;

	if (!r) {
		fprintf(stderr, "klpcheck: unknown rule '%s' (klpcheck --list-rules)\n", name);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *path;
		int ret;

		if (!dirs[i])
			continue;
		path = xasprintf("%s/%s.md", dirs[i], r->id);
		ret = util_read_file(path, 1 << 20, &text, &len);
		free(path);
		if (ret)
			continue;
		fwrite(text, 1, len, stdout);
		free(text);
		return EXIT_CLEAN;
	}
	fprintf(stderr, "klpcheck: no documentation page for %s installed\n", r->id);
	return EXIT_BAD_INPUT;
}
