// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lint.h"

#define ALLOW_KEY "klpcheck_allow"

struct allow {
	char *token;
	const char *entry; /* the whole .modinfo value the token is part of */
	bool used;
};

static bool allow_names_a_rule(const char *token)
{
	struct lint_opts probe;

	lint_opts_init(&probe);
	return lint_opts_set(&probe, token, false) == 0;
}

static bool allow_matches(const char *token, const struct rule_def *r)
{
	struct lint_opts probe;

	lint_opts_init(&probe);
	return lint_opts_set(&probe, token, false) == 0 && !probe.enabled[r - rule_catalog];
}

/* MODULE_INFO(klpcheck_allow, "KLP105 KLP3xx") lands in .modinfo as klpcheck_allow=...; */
static size_t read_allows(const struct obj_file *obj, struct allow **out)
{
	struct array a = ARRAY_INIT(struct allow);

	for (size_t i = 0; obj && i < obj->nr_modinfo; i++) {
		const struct obj_modinfo *m = &obj->modinfo[i];
		const char *p = m->value;

		if (m->key_len != strlen(ALLOW_KEY) || memcmp(m->key, ALLOW_KEY, m->key_len))
			continue;
		while (*p) {
			size_t n;

			p += strspn(p, " \t,");
			n = strcspn(p, " \t,");
			if (n) {
				struct allow *al = array_push(&a);

				al->token = xstrndup(p, n);
				al->entry = m->value;
			}
			p += n;
		}
	}
	*out = a.data;
	return a.len;
}

static struct lint_notice *add_notice(struct rule_ctx *c, enum notice_kind kind)
{
	struct lint_notice *n = array_push(&c->out->notices);

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->file = xstrdup(c->file);
	n->module = c->patch ? xstrdup(c->patch->module_name) : NULL;
	return n;
}

/*
 * A suppression hides a finding from the report, not from the kernel: one the kernel refuses
 * the module for is still said, as a notice, and still fails the run (docs/rules/KLP002.md).
 */
static void notice_refusal(struct rule_ctx *c, const struct diag *d)
{
	struct lint_notice *n = add_notice(c, NOTICE_SUPPRESSED_REFUSAL);

	n->rules[n->nr_rules++] = d->rule;
	if (d->suppressed_externally)
		n->message = xasprintf("%s is suppressed (%s), but the kernel will still refuse the module: %s",
				       d->rule->id, d->suppressed_by, d->message);
	else
		n->message = xasprintf("%s is suppressed (%s=%s), but the kernel will still refuse the module: %s",
				       d->rule->id, ALLOW_KEY, d->suppressed_by, d->message);
}

/* Marks this module's findings that an allow names: reports show them as suppressed. */
static void apply_allows(struct rule_ctx *c, size_t first, struct allow *allows, size_t n)
{
	for (size_t r = first; r < c->out->len; r++) {
		struct diag *d = &c->out->items[r];

		for (size_t i = 0; i < n; i++) {
			if (!allow_matches(allows[i].token, d->rule))
				continue;
			allows[i].used = true;
			if (!d->suppressed_by)
				d->suppressed_by = xstrdup(allows[i].entry);
		}
		if (!d->suppressed_by && c->opts->allowed_by[d->rule - rule_catalog]) {
			d->suppressed_by = xstrdup(c->opts->allowed_by[d->rule - rule_catalog]);
			d->suppressed_externally = true;
		}
		if (d->suppressed_by && d->verdict == VERDICT_REFUSED)
			notice_refusal(c, d);
	}
}

static void report_unused(struct rule_ctx *c, struct allow *allows, size_t n)
{
	c->rule = &rule_catalog[RULE_KLP002];
	for (size_t i = 0; i < n; i++) {
		if (allows[i].used)
			continue;
		if (!allow_names_a_rule(allows[i].token))
			rule_report(c, NULL, NULL, "suppression '%s' in .modinfo %s names no rule",
				    allows[i].token, ALLOW_KEY);
		else
			rule_report(c, NULL, NULL, "suppression '%s' in .modinfo %s matched no finding",
				    allows[i].token, ALLOW_KEY);
	}
}

/* "KLP401, KLP402 did not run: they need the target's symbols (...)" */
static void report_needs(struct rule_ctx *c)
{
	for (size_t i = 0; i < c->needs->len; i++) {
		const struct lint_need *need = array_at(c->needs, struct lint_need, i);
		struct lint_notice *n = add_notice(c, need->deferred ? NOTICE_DEFERRED : NOTICE_INCOMPLETE);
		char ids[NR_RULES * 8] = "";

		for (size_t k = 0; k < need->nr_rules; k++) {
			if (k)
				strcat(ids, ", ");
			strcat(ids, need->rules[k]->id);
			n->rules[n->nr_rules++] = need->rules[k];
		}
		n->input = xstrdup(need->what);
		n->message = xasprintf("%s did not run: %s %s", ids,
				       need->nr_rules > 1 ? "they need" : "it needs", need->what);
	}
}

/*
 * A module parameter decides klp_patch.replace (test_klp_atomic_replace): the rules that depend
 * on it run again with the other value, and say so.
 */
static void judge_other_replace(struct rule_ctx *c, const struct lp_patch *patch)
{
	static const enum rule_index depend[] = {
		RULE_KLP203, RULE_KLP302, RULE_KLP304, RULE_KLP305, RULE_KLP306,
	};
	struct lp_patch other = *patch;
	size_t first = c->out->len;

	if (!patch->replace_param || patch->replace == LP_ABSENT)
		return;
	other.replace = patch->replace == LP_YES ? LP_NO : LP_YES;
	c->patch = &other;
	for (size_t i = 0; i < ARRAY_SIZE(depend); i++) {
		if (!c->opts->enabled[depend[i]])
			continue;
		c->rule = &rule_catalog[depend[i]];
		c->rule->check(c);
	}
	c->patch = patch;
	for (size_t i = first; i < c->out->len; i++) {
		struct diag *d = &c->out->items[i];
		char *m = xasprintf("%s (when loaded with %s=%d)", d->message, patch->replace_param,
				    other.replace == LP_YES);

		free(d->message);
		d->message = m;
		/* not what this load does: what another load of the same file would */
		d->severity = SEV_NOTE;
		d->verdict = VERDICT_NONE;
	}
}

void lint_run(const struct lint_opts *o, const char *file, const struct obj_file *obj,
	      const struct lp_patch *patch, const struct target *tgt, struct diag_list *out)
{
	struct array needs = ARRAY_INIT(struct lint_need);
	struct lp_index funcs;
	struct rule_ctx c = { file, obj, patch, &funcs, tgt, NULL, o, out, &needs };
	size_t first = out->len, nr_allows;
	struct allow *allows;

	lp_index_build(patch, &funcs);
	for (size_t i = 0; i < NR_RULES; i++) {
		if (!o->enabled[i])
			continue;
		c.rule = &rule_catalog[i];
		c.rule->check(&c);
	}
	judge_other_replace(&c, patch);
	report_needs(&c);
	array_free(&needs);
	lp_index_free(&funcs);
	nr_allows = read_allows(obj, &allows);
	apply_allows(&c, first, allows, nr_allows);
	if (o->enabled[RULE_KLP002])
		report_unused(&c, allows, nr_allows);
	for (size_t i = 0; i < nr_allows; i++)
		free(allows[i].token);
	free(allows);
}
