// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP2xx: the consistency model. Whether the kernel can switch tasks safely to the patch, and
 * whether it ever will (kernel/livepatch/transition.c: klp_try_switch_task(),
 * klp_force_transition(), 6.1 and 6.12; immediate: 4.12-4.15, removed by commit d0807da78e11;
 * tests/kernel/scenarios/stuck.scn for a stuck transition).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "target/target.h"
#include "util/util.h"

#define V(a, b) ((a) * 1000 + (b))

static bool func_immediate(const struct lp_patch *p, const struct lp_func *f)
{
	return p->immediate == LP_YES || f->immediate == LP_YES;
}

/* 4.12-4.15: immediate skips the stack check; the module reference is never dropped. */
int check_immediate(struct rule_ctx *c)
{
	const struct lp_object *o;
	const struct lp_func *f;
	int v = rule_target_version(c);

	/* 4.16 removed the field: such a target reads other fields there (KLP107), not immediate */
	if (v >= 4016 || (v && v < 4012))
		return 0;
	if (c->patch->immediate == LP_YES) {
		rule_report(c, NULL, NULL, "the patch is immediate: every function switches at once, even while tasks run in it, and the module can never be removed");
		return 0;
	}
	for_each_object(c->patch, o)
		for_each_func(o, f)
			if (f->immediate == LP_YES)
				rule_report(c, lp_object_name(o), f->old_name, "'%s' is immediate: tasks sleeping in it are switched without a stack check, and the module can never be removed",
					    f->old_name);
	return 0;
}

static bool live_func_immediate(const struct lp_patch *p, const struct lp_index *idx,
				const char *obj, const char *name, uint64_t sympos, bool *patches_it)
{
	size_t n;
	const struct lp_index_entry *e;

	*patches_it = false;
	for (e = lp_index_find(idx, name, &n); n; e++, n--) {
		if (!strcmp(lp_object_name(e->obj), obj) && e->func->old_sympos == sympos) {
			*patches_it = true;
			return func_immediate(p, e->func);
		}
	}
	return false;
}

/*
 * The hole that removed immediate (d0807da78e11, 4.16): klp_check_stack_func() checks only
 * the previous version of a function, so a task still running an older version that an
 * immediate patch never checked is switched unchecked. Needs --existing: sysfs does not show it.
 * live[i] indexes the functions of live patch i, when it was decoded.
 */
static void stack_hole(struct rule_ctx *c, const struct lp_index *live, const struct lp_object *o,
		       const struct lp_func *f)
{
	char chain[1024] = "original";
	bool hole = false, patches_it;

	for (size_t i = 0; i < tgt_nr_live_patches(c->tgt); i++) {
		const struct tgt_live_patch *lp = tgt_live_patch(c->tgt, i);
		bool imm;

		if (!lp->decoded || lp->enabled == 0)
			continue;
		imm = live_func_immediate(lp->decoded, &live[i], lp_object_name(o), f->old_name,
					  f->old_sympos, &patches_it);
		if (!patches_it)
			continue;
		hole |= imm;
		snprintf(chain + strlen(chain), sizeof(chain) - strlen(chain), " > %s%s", lp->name,
			 imm ? " (immediate)" : "");
	}
	if (hole)
		rule_report(c, lp_object_name(o), f->old_name, "'%s' is stacked %s > %s: the stack check looks only at the version just below, so tasks still in an older version an immediate patch never checked are switched unchecked",
			    f->old_name, chain, c->patch->module_name);
}

int check_immediate_stack_hole(struct rule_ctx *c)
{
	const struct lp_object *o;
	const struct lp_func *f;
	struct lp_index *live;
	size_t nr;

	if (c->patch->immediate == LP_YES || !c->tgt || !tgt_has_live_state(c->tgt))
		return 0;
	nr = tgt_nr_live_patches(c->tgt);
	live = xcalloc(nr ? nr : 1, sizeof(*live));
	for (size_t i = 0; i < nr; i++)
		if (tgt_live_patch(c->tgt, i)->decoded)
			lp_index_build(tgt_live_patch(c->tgt, i)->decoded, &live[i]);
	for_each_object(c->patch, o)
		for_each_func(o, f)
			if (f->old_name && f->immediate != LP_YES)
				stack_hole(c, live, o, f);
	for (size_t i = 0; i < nr; i++)
		lp_index_free(&live[i]);
	free(live);
	return 0;
}

static bool patch_has_immediate(const struct lp_patch *p)
{
	const struct lp_object *o;
	const struct lp_func *f;

	if (p->immediate == LP_YES)
		return true;
	for_each_object(p, o)
		for_each_func(o, f)
			if (f->immediate == LP_YES)
				return true;
	return false;
}

int check_replace_over_immediate(struct rule_ctx *c)
{
	if (c->patch->replace != LP_YES || !c->tgt)
		return 0;
	for (size_t i = 0; i < tgt_nr_live_patches(c->tgt); i++) {
		const struct tgt_live_patch *lp = tgt_live_patch(c->tgt, i);

		if (lp->decoded && lp->enabled != 0 && patch_has_immediate(lp->decoded))
			rule_report(c, NULL, NULL, "this atomic-replace patch replaces immediate patch '%s': tasks may still run its functions unchecked, and its module can never be removed",
				    lp->name);
	}
	return 0;
}

/* kpatch's KPATCH_FORCE_UNSAFE() puts the function in .kpatch.force: create-diff-object's checks were skipped. */
int check_forced_unsafe(struct rule_ctx *c)
{
	/* Every kpatch-build module has the section (kpatch.lds pads it with QUAD(0)): entries count. */
	if (c->patch->nr_kpatch_force)
		rule_report(c, NULL, NULL, "the module lists functions in .kpatch.force (KPATCH_FORCE_UNSAFE()), which its author expected to be always busy: only the old kpatch.ko core skipped its activeness check for them; livepatch ignores the list and, as for any function, waits until no task runs them, so the transition may never end while they stay busy");
	return 0;
}

static bool config_is(const struct rule_ctx *c, const char *name, const char *value)
{
	const char *v = tgt_config_get(c->tgt, name);

	return v && !strcmp(v, value);
}

/*
 * klp_have_reliable_stack() is CONFIG_STACKTRACE && CONFIG_HAVE_RELIABLE_STACKTRACE: 4.12-4.15
 * refuse a non-immediate patch without it, 4.16-5.1 refuse every patch, 5.2+ warn and the
 * transition may never complete (kernel/livepatch/core.c: klp_enable_patch(), 6.1 and 6.12:
 * a warning; without reliable stacks klp_try_switch_task() switches no sleeping task).
 */
int check_no_reliable_stacktrace(struct rule_ctx *c)
{
	const char *why;
	int v = rule_target_version(c);
	struct diag *d;

	if (!c->tgt || !tgt_has_config(c->tgt)) {
		rule_needs(c, NEED_CONFIG);
		return 0;
	}
	if (config_is(c, "CONFIG_HAVE_RELIABLE_STACKTRACE", "y") && config_is(c, "CONFIG_STACKTRACE", "y"))
		return 0;
	why = config_is(c, "CONFIG_UNWINDER_GUESS", "y") ? " (it uses the guess unwinder)" : "";
	if (v && v < V(4, 16) && c->patch->immediate == LP_YES)
		return 0;
	if (v && v < V(5, 2)) {
		d = rule_report(c, NULL, NULL, "the target has no reliable stack traces%s: this kernel refuses the patch (-ENOSYS)", why);
	} else {
		d = rule_report(c, NULL, NULL, "the target has no reliable stack traces%s: the kernel warns and the transition may never complete (kernel threads never switch until the patch is forced)",
				why);
		d->severity = SEV_WARNING;
		d->verdict = VERDICT_STUCK;
	}
	diag_kernel_message(d, "livepatch: This architecture doesn't have support for the livepatch consistency model.");
	return 0;
}

int check_livepatch_disabled(struct rule_ctx *c)
{
	struct diag *d;

	if (!c->tgt || !tgt_has_config(c->tgt)) {
		rule_needs(c, NEED_CONFIG);
		return 0;
	}
	if (config_is(c, "CONFIG_LIVEPATCH", "y"))
		return 0;
	if (c->patch->livepatch_flag) {
		d = rule_report(c, NULL, NULL, "the target is built without CONFIG_LIVEPATCH: the module loader refuses every livepatch module (-ENOEXEC)");
		diag_kernel_message(d, "%s: module is marked as livepatch module, but livepatch support is disabled",
				    c->patch->module_name);
	} else {
		d = rule_report(c, NULL, NULL, "the target is built without CONFIG_LIVEPATCH: klp_enable_patch does not exist there and the module cannot load");
		diag_kernel_message(d, "%s: Unknown symbol klp_enable_patch (err -2)", c->patch->module_name);
	}
	return 0;
}

int check_always_on_stack(struct rule_ctx *c)
{
	const struct lint_sleeper *s;
	const struct lp_object *o;
	const struct lp_func *f;
	struct diag *d;

	for_each_object(c->patch, o) {
		for_each_func(o, f) {
			for (size_t i = 0; f->old_name && (s = lint_sleeper_at(c->opts, i)); i++) {
				if (strcmp(s->object, lp_object_name(o)) || strcmp(s->function, f->old_name))
					continue;
				d = rule_report(c, lp_object_name(o), f->old_name, "'%s' is always on some task's stack (%s): the transition will not finish until the patch is forced or disabled",
						f->old_name, s->why);
				diag_kernel_message(d, "livepatch: signaling remaining tasks");
				break;
			}
		}
	}
	return 0;
}
