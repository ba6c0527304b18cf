// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `klpcheck plan A.ko B.ko ...`: the deployment gate. Each module is checked against the target
 * as it will be after the modules before it: a module predicted refused does not join the
 * stack, one predicted stuck stays in transition (so the next is refused with EBUSY), and an
 * atomic replace that finishes retires every patch below it (kernel/livepatch/core.c:
 * __klp_enable_patch() refuses with EBUSY, klp_unpatch_replaced_patches() retires; 6.1, 6.12).
 * Between loads, `disable:NAME` and `remove:NAME` steps (docs/klpcheck.1) change the target as
 * echo 0 > enabled and rmmod would, or fail as the kernel would; `load:FILE` is FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"

static enum verdict strongest(const struct diag_list *l)
{
	enum verdict v = VERDICT_NONE;

	for (size_t i = 0; i < l->len; i++) {
		if (l->items[i].verdict == VERDICT_REFUSED)
			return VERDICT_REFUSED;
		if (l->items[i].verdict == VERDICT_STUCK)
			v = VERDICT_STUCK;
	}
	return v;
}

static const char *outcome(enum verdict v)
{
	return v == VERDICT_REFUSED ? "refused" : v == VERDICT_STUCK ? "stuck" : "accepted";
}

/* One line per patched function: "object:function,sympos: oldest > ... > newest". */
struct stack_line {
	char *key;
	char *patches;
};

static void add_to_stack(struct array *lines, const char *obj, const struct tgt_live_func *f,
			 const char *patch)
{
	char *key = xasprintf("%s:%s,%ld", obj, f->name, f->sympos);
	struct stack_line *l;

	for (size_t i = 0; i < lines->len; i++) {
		l = array_at(lines, struct stack_line, i);
		if (!strcmp(l->key, key)) {
			char *more = xasprintf("%s > %s", l->patches, patch);

			free(l->patches);
			l->patches = more;
			free(key);
			return;
		}
	}
	l = array_push(lines);
	l->key = key;
	l->patches = xstrdup(patch);
}

static void stacks_of(const struct target *t, struct array *lines)
{
	for (size_t i = 0; i < tgt_nr_live_patches(t); i++) {
		const struct tgt_live_patch *p = tgt_live_patch(t, i);

		if (p->enabled == 0 && p->transition != 1)
			continue;
		for (size_t k = 0; k < p->nr_objects; k++)
			for (size_t j = 0; j < p->objects[k].nr_funcs; j++)
				add_to_stack(lines, p->objects[k].name, &p->objects[k].funcs[j], p->name);
	}
}

static void stacks_free(struct array *lines)
{
	for (size_t i = 0; i < lines->len; i++) {
		free(array_at(lines, struct stack_line, i)->key);
		free(array_at(lines, struct stack_line, i)->patches);
	}
	array_free(lines);
}

static void step_text(FILE *out, const struct cli_opts *o, const struct lint_opts *lo, size_t n,
		      const struct cli_module *m, const struct diag_list *d, enum verdict v,
		      const struct array *stacks)
{
	fprintf(out, "step %zu: %s (%s): %s\n", n, m->file, m->patch->module_name, outcome(v));
	report_findings_text(out, d, lo, cli_use_color(o, out));
	for (size_t i = 0; i < stacks->len; i++) {
		const struct stack_line *l = array_at(stacks, struct stack_line, i);

		fprintf(out, "  stack %s: %s\n", l->key, l->patches);
	}
}

static struct json_object *step_json(const struct lint_opts *lo, size_t n,
				     const struct cli_module *m, const struct diag_list *d,
				     enum verdict v, const struct array *stacks)
{
	struct json_object *s = json_object_new_object(), *st = json_object_new_array();

	json_object_object_add(s, "step", json_object_new_uint64(n));
	json_object_object_add(s, "file", report_json_string(m->file));
	json_object_object_add(s, "module", report_json_string(m->patch->module_name));
	json_object_object_add(s, "verdict", json_object_new_string(outcome(v)));
	json_object_object_add(s, "findings", report_findings_json(d, lo));
	for (size_t i = 0; i < stacks->len; i++) {
		const struct stack_line *l = array_at(stacks, struct stack_line, i);
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "function", report_json_string(l->key));
		json_object_object_add(e, "patches", report_json_string(l->patches));
		json_object_array_add(st, e);
	}
	json_object_object_add(s, "stacks_after", st);
	return s;
}

enum step_kind { STEP_LOAD, STEP_DISABLE, STEP_REMOVE };

struct plan_step {
	enum step_kind kind;
	const char *arg; /* the file, or the patch / module name */
	size_t mod;      /* STEP_LOAD: index into the decoded modules */
};

/* "disable:NAME", "remove:NAME", "load:FILE" or FILE; NULL for an empty name. */
static const char *step_of(const char *word, enum step_kind *kind)
{
	static const struct {
		const char *prefix;
		enum step_kind kind;
	} verbs[] = { { "disable:", STEP_DISABLE }, { "remove:", STEP_REMOVE }, { "load:", STEP_LOAD } };

	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++) {
		if (!strncmp(word, verbs[i].prefix, strlen(verbs[i].prefix))) {
			*kind = verbs[i].kind;
			word += strlen(verbs[i].prefix);
			return *word ? word : NULL;
		}
	}
	*kind = STEP_LOAD;
	return word;
}

static int other_step(struct cli_opts *o, size_t n, const struct plan_step *s, struct target *tgt,
		      struct json_object *steps, FILE *out)
{
	const char *why = NULL, *verb = s->kind == STEP_DISABLE ? "disable" : "remove";
	const char *err = s->kind == STEP_DISABLE ? tgt_plan_disable(tgt, s->arg, &why) :
						    tgt_plan_remove(tgt, s->arg, &why);

	if (o->format == FORMAT_JSON) {
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "step", json_object_new_uint64(n));
		json_object_object_add(j, "action", json_object_new_string(verb));
		json_object_object_add(j, "module", report_json_string(s->arg));
		json_object_object_add(j, "verdict", json_object_new_string(err ? "fails" : "ok"));
		json_object_object_add(j, "kernel_errno", err ? json_object_new_string(err) : NULL);
		json_object_object_add(j, "reason", why ? report_json_string(why) : NULL);
		json_object_array_add(steps, j);
	} else {
		fprintf(out, "step %zu: %s %s: %s%s%s%s%s\n", n, verb, s->arg, err ? "fails " : "ok",
			err ? err : "", why ? " (" : "", why ? why : "", why ? ")" : "");
	}
	return err ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int run_plan(struct cli_opts *o, const struct lint_opts *lo, struct cli_module *mods,
		    const struct plan_step *plan, size_t n, struct target *tgt, FILE *out)
{
	struct json_object *steps = json_object_new_array(), *doc;
	struct diag_list all = DIAG_LIST_INIT;
	int ret = EXIT_CLEAN;

	for (size_t i = 0; i < n; i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct array stacks = ARRAY_INIT(struct stack_line);
		struct cli_module *m = &mods[plan[i].mod];
		enum verdict v;

		if (plan[i].kind != STEP_LOAD) {
			if (other_step(o, i + 1, &plan[i], tgt, steps, out) == EXIT_FINDINGS)
				ret = EXIT_FINDINGS;
			continue;
		}
		lint_run(lo, m->file, m->obj, m->patch, tgt, &d);
		v = strongest(&d);
		if (v != VERDICT_REFUSED)
			tgt_plan_push(tgt, m->patch, v == VERDICT_STUCK);
		stacks_of(tgt, &stacks);
		if (o->format == FORMAT_JSON) {
			json_object_array_add(steps, step_json(lo, i + 1, m, &d, v, &stacks));
		} else if (o->format == FORMAT_TEXT) {
			step_text(out, o, lo, i + 1, m, &d, v, &stacks);
			report_notices_text(stderr, &d);
		}
		if (cli_exit_status(lo, &d, false) == EXIT_FINDINGS)
			ret = EXIT_FINDINGS;
		stacks_free(&stacks);
		diag_list_move(&all, &d);
	}
	if (ret == EXIT_CLEAN)
		ret = cli_exit_status(lo, &all, false);
	/* SARIF and Code Quality have no steps: every step's findings, in step order. */
	if (o->format == FORMAT_SARIF || o->format == FORMAT_CODEQUALITY) {
		json_object_put(steps);
		doc = o->format == FORMAT_SARIF ? report_sarif(&all, lo, ret) : report_codequality(&all, lo);
	} else {
		doc = cli_json_document("plan", steps, &all);
	}
	if (o->format != FORMAT_TEXT)
		report_json_print(out, doc);
	json_object_put(doc);
	diag_list_free(&all);
	return ret;
}

/* Splits the words into steps; files keeps the load steps' files, in order, for decoding. */
static int parse_steps(const struct cli_opts *o, struct plan_step *plan, char **files, int *nfiles)
{
	*nfiles = 0;
	for (int i = 0; i < o->nr_files; i++) {
		plan[i].arg = step_of(o->files[i], &plan[i].kind);
		if (!plan[i].arg) {
			fprintf(stderr, "klpcheck: plan: '%s' names nothing\n", o->files[i]);
			return EXIT_USAGE;
		}
		if (plan[i].kind == STEP_LOAD) {
			plan[i].mod = (size_t)*nfiles;
			files[(*nfiles)++] = (char *)plan[i].arg;
		}
	}
	return 0;
}

int cli_plan(struct cli_opts *o)
{
	struct plan_step *plan = xcalloc((size_t)o->nr_files + 1, sizeof(*plan));
	char **files = xcalloc((size_t)o->nr_files + 1, sizeof(*files));
	struct cli_opts loads = *o;
	struct diag_list bad = DIAG_LIST_INIT;
	struct cli_module *mods = NULL;
	struct target *tgt = NULL;
	struct lint_opts lo;
	size_t n = 0;
	FILE *out = NULL;
	int ret;

	ret = parse_steps(o, plan, files, &loads.nr_files);
	loads.files = files;
	if (ret)
		goto out_free;
	ret = cli_lint_opts(o, &lo);
	if (ret) {
		lint_opts_release(&lo);
		goto out_free;
	}
	if (!cli_decode_modules(&loads, &mods, &n, &bad))
		ret = EXIT_BAD_INPUT;
	if (!ret)
		ret = cli_load_target(o, mods, n, &tgt);
	if (!ret && !tgt)
		tgt = NULL;
	if (!ret)
		ret = cli_open_output(o, &out);
	if (!ret) {
		ret = tgt ? run_plan(o, &lo, mods, plan, (size_t)o->nr_files, tgt, out) : EXIT_USAGE;
		if (!tgt)
			fputs("klpcheck: plan needs a target (--release, --kallsyms, --sysfs, --target or --live)\n", stderr);
		if (cli_close_output(o, out))
			ret = EXIT_BAD_INPUT;
		cli_say_incomplete(ret);
	}
	cli_modules_free(mods, n);
	lint_opts_release(&lo);
	tgt_free(tgt);
	diag_list_free(&bad);
out_free:
	free(files);
	free(plan);
	return ret;
}
