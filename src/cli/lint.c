// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "klp/klp.h"
#include "report/report.h"

bool cli_use_color(const struct cli_opts *o, FILE *out)
{
	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
}

void cli_modules_free(struct cli_module *mods, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lp_patch_free(mods[i].patch);
		obj_file_close(mods[i].obj);
	}
	free(mods);
}

enum decoded { DECODED, NOT_A_PATCH, UNREADABLE };

/* Decodes one module; UNREADABLE (after saying why) when it could not be read. */
static enum decoded decode(const struct cli_opts *o, const char *file, struct cli_module *out,
			   struct diag_list *diags)
{
	struct errbuf err = { "" };
	struct lp_decode_opts dopts;
	int ret;

	cli_decode_opts(o, &dopts);
	out->file = file;
	out->obj = NULL;
	out->patch = NULL;
	ret = obj_file_open(file, &out->obj, &err);
	if (!ret)
		ret = lp_decode_with(out->obj, &dopts, &out->patch, &err);
	/* A module that reads fine but holds no patch is the check's finding, not bad input. */
	if (ret == -ENOENT && out->obj && o->no_livepatch_is_finding) {
		lint_not_a_livepatch(diags, file, obj_modinfo_get(out->obj, "name"), err.msg);
		obj_file_close(out->obj);
		out->obj = NULL;
		return NOT_A_PATCH;
	}
	if (ret) {
		cli_input_error(file, err.msg);
		if (o->format != FORMAT_TEXT)
			lint_unreadable(diags, file, err.msg);
		obj_file_close(out->obj);
		out->obj = NULL;
		return UNREADABLE;
	}
	return DECODED;
}

/* The names the rules will look up in the target: so it reads only those symbols. */
static struct tgt_wanted *wanted_names(const struct cli_module *mods, size_t n)
{
	struct tgt_wanted *w = tgt_wanted_new();

	for (size_t i = 0; i < n; i++) {
		const struct lp_patch *p = mods[i].patch;
		const struct lp_object *obj;
		const struct lp_func *f;

		for_each_object(p, obj)
			for_each_func(obj, f)
				if (f->old_name)
					tgt_wanted_add(w, f->old_name);
		for (size_t k = 0; k < p->nr_klp_syms; k++)
			if (p->klp_syms[k].symname)
				tgt_wanted_add(w, p->klp_syms[k].symname);
	}
	return w;
}

/*
 * With no target option, the usual places for the module's own release (docs/target.md). A
 * release with none of its files there says nothing about the target, so it is dropped.
 */
static void discover_target(struct cli_opts *o, const char *release)
{
	struct tgt_opts *t = &o->target;
	struct errbuf err;

	if (!release || tgt_opts_discover(t, release, t->sysroot, &err))
		return;
	if (!t->vmlinux && !t->system_map && !t->kconfig && !t->symvers) {
		if (o->verbose)
			cli_notice("no target given and none found for %s", release);
		t->release = NULL;
	}
}

int cli_load_target(struct cli_opts *o, const struct cli_module *mods, size_t n,
		    struct target **tgt)
{
	struct tgt_wanted *w;
	int ret;

	*tgt = NULL;
	if (tgt_opts_empty(&o->target) && n)
		discover_target(o, mods[0].patch->kernel_release);
	if (tgt_opts_empty(&o->target))
		return 0;
	w = wanted_names(mods, n);
	ret = cli_target_load(&o->target, w, tgt);
	tgt_wanted_free(w);
	if (!ret && o->verbose) {
		size_t ns;
		const char *const *src = tgt_sources(*tgt, &ns);
		const char *vsrc, *version = tgt_version(*tgt, &vsrc);

		for (size_t i = 0; i < ns; i++)
			cli_notice("target %s", src[i]);
		if (version)
			cli_notice("target %s %s, from %s", tgt_release(*tgt) ? "release" : "version",
				   version, vsrc);
	}
	if (!ret) {
		size_t nd;
		const char *const *d = tgt_disagreements(*tgt, &nd);

		/* the rules judge by one of them: the user must know there was a choice */
		for (size_t i = 0; i < nd; i++)
			fprintf(stderr, "klpcheck: target: %s\n", d[i]);
	}
	return ret;
}

/* The JSON document of a check or a plan: the payload, then the run's notices. */
struct json_object *cli_json_document(const char *key, struct json_object *value,
				      const struct diag_list *diags)
{
	struct json_object *doc = report_json_document(key, value);

	json_object_object_add(doc, "notices", report_notices_json(diags));
	return doc;
}

static void emit(const struct cli_opts *o, const struct lint_opts *lo, FILE *out,
		 const struct diag_list *diags, int status)
{
	struct json_object *doc;

	switch (o->format) {
	case FORMAT_TEXT:
		report_findings_text(out, diags, lo, cli_use_color(o, out));
		report_notices_text(stderr, diags);
		return;
	case FORMAT_JSON:
		doc = cli_json_document("findings", report_findings_json(diags, lo), diags);
		break;
	case FORMAT_SARIF:
		doc = report_sarif(diags, lo, status);
		break;
	case FORMAT_CODEQUALITY:
		doc = report_codequality(diags, lo);
		break;
	default:
		return;
	}
	report_json_print(out, doc);
	json_object_put(doc);
}

static bool refusal_suppressed(const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->notices.len; i++)
		if (array_at(&diags->notices, struct lint_notice, i)->kind == NOTICE_SUPPRESSED_REFUSAL)
			return true;
	return false;
}

int cli_exit_status(const struct lint_opts *lo, const struct diag_list *diags, bool unreadable)
{
	if (unreadable)
		return EXIT_BAD_INPUT;
	for (size_t i = 0; i < diags->len; i++)
		if (!diags->items[i].suppressed_by && lint_shown(lo, &diags->items[i]) &&
		    lint_effective_severity(lo, &diags->items[i]) >= lo->fail_on)
			return EXIT_FINDINGS;
	if (refusal_suppressed(diags))
		return EXIT_FINDINGS;
	if (diag_list_incomplete(diags) && !lo->allow_incomplete)
		return EXIT_INCOMPLETE;
	return EXIT_CLEAN;
}

void cli_say_incomplete(int status)
{
	if (status == EXIT_INCOMPLETE)
		fputs("klpcheck: incomplete: some rules did not run for lack of an input (exit status 4; --allow-incomplete accepts it)\n",
		      stderr);
}

bool cli_decode_modules(const struct cli_opts *o, struct cli_module **out, size_t *n,
			struct diag_list *diags)
{
	struct cli_module *mods = xcalloc((size_t)o->nr_files, sizeof(*mods));
	bool all = true;

	*n = 0;
	for (int i = 0; i < o->nr_files; i++) {
		switch (decode(o, o->files[i], &mods[*n], diags)) {
		case DECODED: (*n)++; break;
		case NOT_A_PATCH: break;
		case UNREADABLE: all = false; break;
		}
	}
	*out = mods;
	return all;
}

int cli_lint(struct cli_opts *o)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct cli_module *mods = NULL;
	struct target *tgt = NULL;
	struct lint_opts lo;
	bool unreadable;
	size_t n = 0;
	FILE *out = NULL;
	int ret;

	ret = cli_lint_opts(o, &lo);
	if (ret) {
		lint_opts_release(&lo);
		return ret;
	}
	o->no_livepatch_is_finding = true;
	unreadable = !cli_decode_modules(o, &mods, &n, &diags);
	ret = cli_load_target(o, mods, n, &tgt);
	if (!ret)
		ret = cli_open_output(o, &out);
	if (!ret) {
		for (size_t i = 0; i < n; i++)
			lint_run(&lo, mods[i].file, mods[i].obj, mods[i].patch, tgt, &diags);
		ret = cli_exit_status(&lo, &diags, unreadable);
		emit(o, &lo, out, &diags, ret);
		if (cli_close_output(o, out))
			ret = EXIT_BAD_INPUT;
		cli_say_incomplete(ret);
	}
	cli_modules_free(mods, n);
	lint_opts_release(&lo);
	tgt_free(tgt);
	diag_list_free(&diags);
	return ret;
}

static struct json_object *rules_json(void)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < NR_RULES; i++) {
		const struct rule_def *r = &rule_catalog[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_string(r->id));
		json_object_object_add(o, "name", json_object_new_string(r->slug));
		json_object_object_add(o, "severity", json_object_new_string(severity_name(r->severity)));
		json_object_object_add(o, "kernel_verdict", json_object_new_string(verdict_name(r->verdict)));
		json_object_object_add(o, "kernels", json_object_new_string(r->kernels));
		json_object_object_add(o, "title", json_object_new_string(r->title));
		json_object_array_add(a, o);
	}
	return a;
}

/* One rule a line, in columns as wide as their widest entry. */
int cli_list_rules(const struct cli_opts *o)
{
	int w_slug = 0, w_kernels = 0;

	if (o->format == FORMAT_JSON) {
		struct json_object *doc = report_json_document("rules", rules_json());

		report_json_print(stdout, doc);
		json_object_put(doc);
		return EXIT_CLEAN;
	}
	if (o->format != FORMAT_TEXT)
		return cli_usage_error("--list-rules prints text or json");
	for (size_t i = 0; i < NR_RULES; i++) {
		int ls = (int)strlen(rule_catalog[i].slug), lk = (int)strlen(rule_catalog[i].kernels);

		w_slug = ls > w_slug ? ls : w_slug;
		w_kernels = lk > w_kernels ? lk : w_kernels;
	}
	for (size_t i = 0; i < NR_RULES; i++) {
		const struct rule_def *r = &rule_catalog[i];

		printf("%s  %-*s  %-7s  %-*s  %s\n", r->id, w_slug, r->slug, severity_name(r->severity),
		       w_kernels, r->kernels, r->title);
	}
	return EXIT_CLEAN;
}

/*
 * Prints the rule's page from KLPCHECK_DOCDIR when set, else from the pages `make install` put
 * in the pkgdatadir: never from the tree it was built in, which may be gone or newer.
 */
int cli_explain(const char *name)
{
	const char *env = getenv("KLPCHECK_DOCDIR");
	const char *dir = env && *env ? env : KLP_PKGDATADIR "/rules";
	const struct rule_def *r = rule_lookup(name);
	unsigned char *text;
	size_t len;
	char *path;
	int ret;

	if (!r) {
		fprintf(stderr, "klpcheck: unknown rule '%s' (klpcheck --list-rules)\n", name);
		return EXIT_USAGE;
	}
	path = xasprintf("%s/%s.md", dir, r->id);
	ret = util_read_file(path, 1 << 20, &text, &len, NULL);
	if (ret) {
		fprintf(stderr, "klpcheck: %s: %s (%s)\n", path, strerror(-ret),
			env && *env ? "KLPCHECK_DOCDIR has no page for this rule"
				    : "rule pages not installed; set KLPCHECK_DOCDIR to docs/rules of the source");
		free(path);
		return EXIT_BAD_INPUT;
	}
	free(path);
	fwrite(text, 1, len, stdout);
	free(text);
	return EXIT_CLEAN;
}
