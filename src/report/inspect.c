// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>

#include "report.h"

static struct json_object *json_flag(enum lp_flag f)
{
	return f == LP_ABSENT ? NULL : json_object_new_boolean(f == LP_YES);
}

static struct json_object *json_callbacks(const struct lp_object *o)
{
	struct json_object *cb;

	if (!o->has_callbacks)
		return NULL;
	cb = json_object_new_object();
	json_object_object_add(cb, "pre_patch", report_json_string(o->callbacks.pre_patch));
	json_object_object_add(cb, "post_patch", report_json_string(o->callbacks.post_patch));
	json_object_object_add(cb, "pre_unpatch", report_json_string(o->callbacks.pre_unpatch));
	json_object_object_add(cb, "post_unpatch", report_json_string(o->callbacks.post_unpatch));
	return cb;
}

static struct json_object *json_object_of(const struct lp_object *o)
{
	struct json_object *jo = json_object_new_object(), *funcs = json_object_new_array();
	const struct lp_func *fn;

	json_object_object_add(jo, "name", report_json_string(lp_object_name(o)));
	json_object_object_add(jo, "callbacks", json_callbacks(o));
	for_each_func(o, fn) {
		struct json_object *jf = json_object_new_object();

		json_object_object_add(jf, "old_name", report_json_string(fn->old_name));
		json_object_object_add(jf, "new_func", report_json_string(fn->new_func));
		json_object_object_add(jf, "old_sympos", json_object_new_uint64(fn->old_sympos));
		json_object_object_add(jf, "immediate", json_flag(fn->immediate));
		json_object_array_add(funcs, jf);
	}
	json_object_object_add(jo, "funcs_null", json_object_new_boolean(o->funcs_null));
	json_object_object_add(jo, "funcs", funcs);
	return jo;
}

static struct json_object *json_states(const struct lp_patch *p)
{
	struct json_object *a;

	if (!p->has_states_field)
		return NULL;
	a = json_object_new_array();
	for (size_t i = 0; i < p->nr_states; i++) {
		struct json_object *s = json_object_new_object();

		json_object_object_add(s, "id", json_object_new_uint64(p->states[i].id));
		json_object_object_add(s, "version", json_object_new_uint64(p->states[i].version));
		json_object_array_add(a, s);
	}
	return a;
}

static struct json_object *json_klp_relocs(const struct lp_patch *p)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < p->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &p->klp_relas[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "section", report_json_string(r->section));
		json_object_object_add(o, "object", report_json_string(r->objname));
		json_object_object_add(o, "shf_rela_livepatch",
				       json_object_new_boolean(r->has_livepatch_flag));
		json_object_object_add(o, "count", json_object_new_uint64(r->nr_relas));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *json_klp_syms(const struct lp_patch *p)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < p->nr_klp_syms; i++) {
		const struct lp_klp_sym *k = &p->klp_syms[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", report_json_string(k->name));
		json_object_object_add(o, "object", report_json_string(k->objname));
		json_object_object_add(o, "symbol", report_json_string(k->symname));
		json_object_object_add(o, "sympos", k->name_ok ? json_object_new_uint64(k->sympos) : NULL);
		json_object_object_add(o, "shn_livepatch",
				       json_object_new_boolean(k->shndx == KLP_SHN_LIVEPATCH));
		json_object_object_add(o, "referenced", json_object_new_boolean(k->referenced));
		json_object_array_add(a, o);
	}
	return a;
}

struct json_object *report_inspect_json(const char *file, const struct lp_patch *p)
{
	struct json_object *m = json_object_new_object(), *objs = json_object_new_array();
	struct json_object *remarks = json_object_new_array();
	const struct lp_object *o;

	json_object_object_add(m, "file", report_json_string(file));
	json_object_object_add(m, "name", report_json_string(p->module_name));
	json_object_object_add(m, "vermagic", report_json_string(p->vermagic));
	json_object_object_add(m, "kernel_release", report_json_string(p->kernel_release));
	json_object_object_add(m, "livepatch", json_object_new_boolean(p->livepatch_flag));
	json_object_object_add(m, "shadow_variables", json_object_new_boolean(p->shadow_api != NULL));
	json_object_object_add(m, "format", json_object_new_string(lp_format_name(p->format)));
	json_object_object_add(m, "layout_source", json_object_new_string(p->layout_source));
	json_object_object_add(m, "layout_era", json_object_new_string(p->layout_era));
	json_object_object_add(m, "patch_symbol", report_json_string(p->patch_symbol));
	json_object_object_add(m, "replace", json_flag(p->replace));
	json_object_object_add(m, "replace_assumed", json_object_new_boolean(p->replace_assumed));
	json_object_object_add(m, "replace_param", report_json_string(p->replace_param));
	json_object_object_add(m, "immediate", json_flag(p->immediate));
	json_object_object_add(m, "has_mod", json_object_new_boolean(p->has_mod));
	json_object_object_add(m, "objs_null", json_object_new_boolean(p->objs_null));
	for_each_object(p, o)
		json_object_array_add(objs, json_object_of(o));
	json_object_object_add(m, "objects", objs);
	json_object_object_add(m, "states", json_states(p));
	json_object_object_add(m, "klp_relocations", json_klp_relocs(p));
	json_object_object_add(m, "klp_symbols", json_klp_syms(p));
	if (p->has_kpatch_force) {
		struct json_object *force = json_object_new_array();

		for (size_t i = 0; i < p->nr_kpatch_force; i++)
			json_object_array_add(force, report_json_string(p->kpatch_force[i]));
		json_object_object_add(m, "kpatch_force", force);
	} else {
		json_object_object_add(m, "kpatch_force", NULL);
	}
	for (size_t i = 0; i < p->nr_remarks; i++)
		json_object_array_add(remarks, report_json_string(p->remarks[i]));
	json_object_object_add(m, "remarks", remarks);
	return m;
}

static const char *flag_text(enum lp_flag f)
{
	return f == LP_ABSENT ? "n/a" : f == LP_YES ? "yes" : "no";
}

static void text_callbacks(FILE *out, const struct lp_object *o)
{
	const struct lp_callbacks *c = &o->callbacks;

	if (!c->pre_patch && !c->post_patch && !c->pre_unpatch && !c->post_unpatch)
		return;
	fprintf(out, "    callbacks: pre_patch=%s post_patch=%s pre_unpatch=%s post_unpatch=%s\n",
		c->pre_patch ? c->pre_patch : "-", c->post_patch ? c->post_patch : "-",
		c->pre_unpatch ? c->pre_unpatch : "-", c->post_unpatch ? c->post_unpatch : "-");
}

static void text_object(FILE *out, const struct lp_object *o)
{
	const struct lp_func *fn;

	fprintf(out, "  object %s%s\n", lp_object_name(o), o->funcs_null ? " (funcs = NULL)" : "");
	if (o->has_callbacks)
		text_callbacks(out, o);
	for_each_func(o, fn) {
		fprintf(out, "    %s", fn->old_name ? fn->old_name : "(null)");
		if (fn->old_sympos)
			fprintf(out, ",%" PRIu64, fn->old_sympos);
		fprintf(out, " -> %s", fn->new_func ? fn->new_func : "(null)");
		if (fn->immediate == LP_YES)
			fputs(" [immediate]", out);
		fputc('\n', out);
	}
}

static void inspect_text(FILE *out, const char *file, const struct lp_patch *p);

/* Names come from the module: written to a buffer first, then out with control bytes escaped. */
void report_inspect_text(FILE *out, const char *file, const struct lp_patch *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem) {
		inspect_text(out, file, p);
		return;
	}
	inspect_text(mem, file, p);
	fclose(mem);
	report_put_safe(out, buf, len, true);
	free(buf);
}

static void inspect_text(FILE *out, const char *file, const struct lp_patch *p)
{
	const struct lp_object *o;

	fprintf(out, "%s: livepatch '%s' (%s format, layout of kernel %s from %s)\n", file,
		p->module_name, lp_format_name(p->format), p->layout_era, p->layout_source);
	fprintf(out, "  vermagic: %s\n", p->vermagic ? p->vermagic : "(none)");
	fprintf(out, "  livepatch=Y: %s  replace: %s%s  immediate: %s  patch: %s\n",
		p->livepatch_flag ? "yes" : "no", flag_text(p->replace),
		p->replace_assumed ? " (assumed)" : "", flag_text(p->immediate),
		p->patch_symbol ? p->patch_symbol : "(no symbol)");
	for_each_object(p, o)
		text_object(out, o);
	if (p->has_states_field) {
		fprintf(out, "  states:%s", p->nr_states ? "" : " none");
		for (size_t i = 0; i < p->nr_states; i++)
			fprintf(out, " %" PRIu64 "(v%" PRIu64 ")", p->states[i].id, p->states[i].version);
		fputc('\n', out);
	}
	for (size_t i = 0; i < p->nr_klp_relas; i++)
		fprintf(out, "  klp relocations: %s (%zu)\n", p->klp_relas[i].section,
			p->klp_relas[i].nr_relas);
	for (size_t i = 0; i < p->nr_remarks; i++)
		fprintf(out, "  remark: %s\n", p->remarks[i]);
}
