// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "target/target.h"

#define RULE(id, slug, sev, verdict, title, kernels, fn) \
	{ #id, slug, SEV_##sev, VERDICT_##verdict, title, kernels, fn },
const struct rule_def rule_catalog[NR_RULES] = {
#include "rules/catalog.def"
};
#undef RULE

#define SLEEPER(obj, fn, kernels, why) { obj, fn, kernels, why },
static const struct lint_sleeper sleepers[] = {
#include "rules/always-on-stack.def"
};
#undef SLEEPER

const struct lint_sleeper *lint_sleeper_at(const struct lint_opts *o, size_t i)
{
	if (i < ARRAY_SIZE(sleepers))
		return &sleepers[i];
	i -= ARRAY_SIZE(sleepers);
	return i < o->nr_extra_sleepers ? &o->extra_sleepers[i] : NULL;
}

/* The IDs the engine reports itself have no check to run. */
int check_none(struct rule_ctx *ctx)
{
	return 0;
}

const struct rule_def *rule_lookup(const char *name)
{
	for (size_t i = 0; i < NR_RULES; i++)
		if (!strcasecmp(rule_catalog[i].id, name) || !strcmp(rule_catalog[i].slug, name))
			return &rule_catalog[i];
	return NULL;
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_NOTE: return "note";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
	}
	return "error";
}

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_NONE: return "none";
	case VERDICT_REFUSED: return "refused";
	case VERDICT_STUCK: return "stuck";
	}
	return "none";
}

struct diag *diag_list_add(struct diag_list *l)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xrealloc(l->items, l->cap, sizeof(*l->items));
	}
	memset(&l->items[l->len], 0, sizeof(l->items[0]));
	return &l->items[l->len++];
}

void diag_release(struct diag *d)
{
	free(d->file);
	free(d->module);
	free(d->object);
	free(d->function);
	free(d->section);
	free(d->message);
	free(d->kernel_message);
	free(d->suppressed_by);
}

const char *notice_kind_name(enum notice_kind k)
{
	switch (k) {
	case NOTICE_INCOMPLETE: return "incomplete";
	case NOTICE_DEFERRED: return "deferred";
	case NOTICE_SUPPRESSED_REFUSAL: return "suppressed-refusal";
	}
	return "incomplete";
}

void diag_list_init(struct diag_list *l)
{
	*l = (struct diag_list)DIAG_LIST_INIT;
}

void diag_list_free(struct diag_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		diag_release(&l->items[i]);
	free(l->items);
	for (size_t i = 0; i < l->notices.len; i++) {
		struct lint_notice *n = array_at(&l->notices, struct lint_notice, i);

		free(n->file);
		free(n->module);
		free(n->input);
		free(n->message);
	}
	array_free(&l->notices);
	diag_list_init(l);
}

void diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->len; i++)
		*diag_list_add(dst) = src->items[i];
	for (size_t i = 0; i < src->notices.len; i++)
		*(struct lint_notice *)array_push(&dst->notices) =
			*array_at(&src->notices, struct lint_notice, i);
	free(src->items);
	array_free(&src->notices);
	diag_list_init(src);
}

bool diag_list_incomplete(const struct diag_list *l)
{
	for (size_t i = 0; i < l->notices.len; i++)
		if (array_at(&l->notices, struct lint_notice, i)->kind == NOTICE_INCOMPLETE)
			return true;
	return false;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return xstrdup("(out of memory)");
	return s;
}

static struct diag *new_diag(struct rule_ctx *c, const struct rule_def *rule, const char *object,
			     const char *function)
{
	struct diag *d = diag_list_add(c->out);

	d->rule = rule;
	d->severity = rule->severity;
	d->verdict = rule->verdict;
	d->file = xstrdup(c->file);
	d->module = c->patch ? xstrdup(c->patch->module_name) : NULL;
	d->object = object ? xstrdup(object) : NULL;
	d->function = function ? xstrdup(function) : NULL;
	return d;
}

struct diag *rule_report(struct rule_ctx *c, const char *object, const char *function,
			 const char *fmt, ...)
{
	struct diag *d = new_diag(c, c->rule, object, function);
	va_list ap;

	va_start(ap, fmt);
	d->message = vformat(fmt, ap);
	va_end(ap);
	return d;
}

void diag_kernel_message(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	free(d->kernel_message);
	va_start(ap, fmt);
	d->kernel_message = vformat(fmt, ap);
	va_end(ap);
}

size_t rule_ksym_name_len(const struct rule_ctx *c)
{
	int v = rule_target_version(c);

	return v && v < 6001 ? 128 : 512;
}

bool rule_object_has_long_name(const struct rule_ctx *c, const struct lp_object *o)
{
	const struct lp_func *f;

	for_each_func(o, f)
		if (f->old_name && strlen(f->old_name) >= rule_ksym_name_len(c))
			return true;
	return false;
}

int rule_target_version(const struct rule_ctx *c)
{
	const char *release = c->tgt ? tgt_version(c->tgt, NULL) : NULL;
	int major, minor;

	if (!release || sscanf(release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 1000 + minor;
}

static void need(struct rule_ctx *c, const char *what, bool deferred)
{
	struct lint_need *n = NULL;

	for (size_t i = 0; i < c->needs->len; i++)
		if (!strcmp(array_at(c->needs, struct lint_need, i)->what, what))
			n = array_at(c->needs, struct lint_need, i);
	if (!n) {
		n = array_push(c->needs);
		n->what = what;
		n->deferred = deferred;
	}
	for (size_t i = 0; i < n->nr_rules; i++)
		if (n->rules[i] == c->rule)
			return;
	n->rules[n->nr_rules++] = c->rule;
}

void rule_needs(struct rule_ctx *c, const char *what)
{
	need(c, what, false);
}

void rule_deferred(struct rule_ctx *c, const char *what)
{
	need(c, what, true);
}

void lint_opts_init(struct lint_opts *o)
{
	for (size_t i = 0; i < NR_RULES; i++)
		o->enabled[i] = true;
	o->fail_on = SEV_ERROR;
	o->werror = false;
	o->allow_incomplete = false;
	o->show = SEV_NOTE;
	memset(o->allowed_by, 0, sizeof(o->allowed_by));
	o->extra_sleepers = NULL;
	o->nr_extra_sleepers = 0;
}

void lint_opts_release(struct lint_opts *o)
{
	for (size_t i = 0; i < NR_RULES; i++) {
		free(o->allowed_by[i]);
		o->allowed_by[i] = NULL;
	}
}

/* "KLP1xx" names the family of KLP100-KLP199. */
static bool in_family(const char *id, const char *family)
{
	return strlen(family) == 6 && !strncasecmp(family, "KLP", 3) && isdigit((unsigned char)family[3]) &&
	       tolower((unsigned char)family[4]) == 'x' && tolower((unsigned char)family[5]) == 'x' &&
	       id[3] == family[3];
}

int lint_opts_set(struct lint_opts *o, const char *name, bool enable)
{
	int found = 0;

	for (size_t i = 0; i < NR_RULES; i++) {
		const struct rule_def *r = &rule_catalog[i];

		if (!strcasecmp(r->id, name) || !strcmp(r->slug, name) || in_family(r->id, name)) {
			o->enabled[i] = enable;
			found = 1;
		}
	}
	return found ? 0 : -ENOENT;
}

enum severity lint_effective_severity(const struct lint_opts *o, const struct diag *d)
{
	return o->werror && d->severity == SEV_WARNING ? SEV_ERROR : d->severity;
}

bool lint_shown(const struct lint_opts *o, const struct diag *d)
{
	return lint_effective_severity(o, d) >= o->show;
}

void lint_not_a_livepatch(struct diag_list *out, const char *file, const char *module,
			  const char *reason)
{
	struct rule_ctx c = { .file = file, .rule = &rule_catalog[RULE_KLP003], .out = out };
	struct diag *d = rule_report(&c, NULL, NULL, "%s", reason);

	d->module = module ? xstrdup(module) : NULL;
}

void lint_unreadable(struct diag_list *out, const char *file, const char *reason)
{
	struct rule_ctx c = { .file = file, .rule = &rule_catalog[RULE_KLP001], .out = out };

	rule_report(&c, NULL, NULL, "%s", reason);
}
