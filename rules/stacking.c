// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP3xx: the patch against the patches already loaded on the target (kernel/livepatch/core.c:
 * klp_enable_patch(), __klp_enable_patch(), klp_add_nops(); state.c: klp_is_patch_compatible();
 * patch.c: the func_stack; 6.1 and 6.12; tests/kernel/scenarios/ stacked, replace-drop, states
 * and stuck for what Debian's kernels did). The live stack comes from sysfs (what is enabled, in transition, and
 * which functions each patch has) and from --existing modules (their replace flag, states and
 * callbacks, which sysfs does not show).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "target/target.h"

static bool have_stack(struct rule_ctx *c)
{
	if (c->tgt && tgt_has_live_state(c->tgt))
		return true;
	rule_needs(c, NEED_LOADED_PATCHES);
	return false;
}

/* On klp_patches: enabled, or in transition (a disabled patch leaves the list when it ends). */
static bool is_loaded(const struct tgt_live_patch *lp)
{
	return lp->enabled != 0 || lp->transition == 1;
}

static bool is_self(const struct rule_ctx *c, const struct tgt_live_patch *lp)
{
	return !strcmp(lp->name, c->patch->module_name);
}

#define for_each_live(c, i, lp)                                                         \
	for (size_t i = 0; i < tgt_nr_live_patches((c)->tgt); i++)                      \
		if (((lp) = tgt_live_patch((c)->tgt, i)), is_loaded(lp) && !is_self(c, lp))

/* sysfs shows old_sympos 0 as 1, so 0 and 1 are the same function to us. */
static bool same_sympos(unsigned long a, long b)
{
	return (long)a == b || (b <= 1 && a <= 1);
}

/* Whether the patch's function e replaces live function lf of object obj. */
static bool replaces_live(const struct lp_index_entry *e, const char *obj,
			  const struct tgt_live_func *lf)
{
	return !strcmp(lp_object_name(e->obj), obj) && same_sympos(e->func->old_sympos, lf->sympos);
}

/* The patch's first function replacing a live function, NULL if none. */
static const struct lp_index_entry *find_live(const struct lp_index *idx, const char *obj,
					      const struct tgt_live_func *lf)
{
	size_t n;
	const struct lp_index_entry *e = lp_index_find(idx, lf->name, &n);

	for (; n; e++, n--)
		if (replaces_live(e, obj, lf))
			return e;
	return NULL;
}

/* __klp_enable_patch(): another patch in transition is -EBUSY, and nothing is logged. */
int check_transition_in_progress(struct rule_ctx *c)
{
	const struct tgt_live_patch *lp;

	if (!have_stack(c))
		return 0;
	for_each_live(c, i, lp)
		if (lp->transition == 1)
			rule_report(c, NULL, NULL, "patch '%s' is still in transition on the target: the kernel refuses every new patch with -EBUSY (insmod: Device or resource busy) until it finishes",
				    lp->name);
	return 0;
}

/*
 * klp_add_nops(): for every function a loaded patch patches and the replace patch lacks, a nop
 * takes its place, and when the transition ends that function runs its original code again.
 */
int check_replace_drops_function(struct rule_ctx *c)
{
	const struct tgt_live_patch *lp;

	if (c->patch->replace != LP_YES || !have_stack(c))
		return 0;
	for_each_live(c, i, lp) {
		for (size_t k = 0; k < lp->nr_objects; k++) {
			const struct tgt_live_object *o = &lp->objects[k];

			for (size_t j = 0; j < o->nr_funcs; j++) {
				const struct tgt_live_func *f = &o->funcs[j];

				if (find_live(c->funcs, o->name, f))
					continue;
				rule_report(c, o->name, f->name, "this atomic-replace patch does not carry '%s' (in %s), which loaded patch '%s' replaces: once it is loaded, '%s' runs its original code again",
					    f->name, o->name, lp->name, f->name);
			}
		}
	}
	return 0;
}

/* A function of this patch that a loaded patch already replaces, in the order to report it. */
struct stacked {
	size_t seq, live, obj, func;
	const struct lp_index_entry *e;
	const struct tgt_live_patch *lp;
};

static int cmp_stacked(const void *a, const void *b)
{
	const struct stacked *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if (x->live != y->live)
		return x->live < y->live ? -1 : 1;
	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	return x->func < y->func ? -1 : x->func > y->func;
}

/* Every (function of this patch, live function it replaces again), in patch order. */
static void find_stacked(struct rule_ctx *c, struct array *out)
{
	const struct tgt_live_patch *lp;

	for_each_live(c, i, lp) {
		for (size_t k = 0; k < lp->nr_objects; k++) {
			const struct tgt_live_object *lo = &lp->objects[k];

			for (size_t j = 0; j < lo->nr_funcs; j++) {
				size_t n;
				const struct lp_index_entry *e = lp_index_find(c->funcs, lo->funcs[j].name, &n);

				for (; n; e++, n--)
					if (replaces_live(e, lo->name, &lo->funcs[j]))
						*(struct stacked *)array_push(out) =
							(struct stacked){ e->seq, i, k, j, e, lp };
			}
		}
	}
	if (out->len)
		qsort(out->data, out->len, sizeof(struct stacked), cmp_stacked);
}

/*
 * Non-replace patches stack: the newest enabled one runs (klp_ftrace_handler() takes the head of
 * func_stack); the older fix must be inside.
 */
int check_stacks_on_patched(struct rule_ctx *c)
{
	struct array hits = ARRAY_INIT(struct stacked);

	if (c->patch->replace == LP_YES || !have_stack(c))
		return 0;
	find_stacked(c, &hits);
	for (size_t i = 0; i < hits.len; i++) {
		const struct stacked *h = array_at(&hits, struct stacked, i);
		const struct lp_func *f = h->e->func;

		rule_report(c, lp_object_name(h->e->obj), f->old_name, "'%s' is already replaced by loaded patch '%s': this patch's %s runs instead, so it must contain that patch's fix too",
			    f->old_name, h->lp->name, f->new_func ? f->new_func : "version");
	}
	array_free(&hits);
	return 0;
}

static const struct lp_state *find_state(const struct lp_patch *p, uint64_t id)
{
	for (size_t i = 0; i < p->nr_states; i++)
		if (p->states[i].id == id)
			return &p->states[i];
	return NULL;
}

/* Which loaded patches we cannot judge, because sysfs does not show klp_states. */
static bool all_decoded(struct rule_ctx *c)
{
	const struct tgt_live_patch *lp;

	for_each_live(c, i, lp) {
		if (!lp->decoded) {
			rule_needs(c, "the modules of the loaded patches (--existing), whose callbacks and klp_states sysfs does not show");
			return false;
		}
	}
	return true;
}

static void report_incompatible(struct rule_ctx *c, const struct tgt_live_patch *lp,
				const struct lp_state *old, const struct lp_state *now)
{
	struct diag *d;

	if (now)
		d = rule_report(c, NULL, NULL, "klp_state %lu is version %lu here but version %lu in loaded patch '%s': a patch may not downgrade a state",
				(unsigned long)old->id, (unsigned long)now->version,
				(unsigned long)old->version, lp->name);
	else
		d = rule_report(c, NULL, NULL, "this atomic-replace patch lacks klp_state %lu (version %lu) of loaded patch '%s': a replace patch must take over every state",
				(unsigned long)old->id, (unsigned long)old->version, lp->name);
	diag_kernel_message(d, "livepatch: Livepatch patch (%s) is not compatible with the already installed livepatches.",
			    c->patch->module_name);
}

/* klp_is_patch_compatible() (5.5+, kernel/livepatch/state.c), exactly. */
int check_state_incompatible(struct rule_ctx *c)
{
	const struct tgt_live_patch *lp;

	if (!have_stack(c) || !all_decoded(c))
		return 0;
	for_each_live(c, i, lp) {
		for (size_t k = 0; k < lp->decoded->nr_states; k++) {
			const struct lp_state *old = &lp->decoded->states[k];
			const struct lp_state *now = find_state(c->patch, old->id);

			if ((!now && c->patch->replace == LP_YES) || (now && now->version < old->version))
				report_incompatible(c, lp, old, now);
		}
	}
	return 0;
}

/*
 * The state API (5.5+, kernel/livepatch/state.c) is how a replacing patch takes over what the
 * replaced one's callbacks set up: it carries the same klp_state ids, at a version
 * klp_is_patch_compatible() accepts, and reads them with klp_get_prev_state().
 */
static bool takes_over_states(const struct lp_patch *now, const struct lp_patch *old)
{
	if (!old->nr_states)
		return false;
	for (size_t k = 0; k < old->nr_states; k++) {
		const struct lp_state *s = find_state(now, old->states[k].id);

		if (!s || s->version < old->states[k].version)
			return false;
	}
	return true;
}

/*
 * Only the new cumulative patch's callbacks run; the replaced ones' unpatch callbacks never do
 * (klp_unpatch_replaced_patches(), kernel/livepatch/core.c). One finding per object.
 */
int check_replace_callbacks_lost(struct rule_ctx *c)
{
	const struct tgt_live_patch *lp;
	const struct lp_object *o;
	struct diag *d;

	if (c->patch->replace != LP_YES || !have_stack(c) || !all_decoded(c))
		return 0;
	for_each_live(c, i, lp) {
		bool handover = takes_over_states(c->patch, lp->decoded);

		for_each_object(lp->decoded, o) {
			if (!o->callbacks.pre_unpatch && !o->callbacks.post_unpatch)
				continue;
			if (handover) {
				d = rule_report(c, lp_object_name(o), NULL, "loaded patch '%s' has unpatch callbacks for '%s' that will not run when this patch replaces it; this patch carries all its klp_states at the same or a later version, so it takes over what they undo through the state API (klp_get_prev_state())",
						lp->name, lp_object_name(o));
				d->severity = SEV_NOTE;
				continue;
			}
			rule_report(c, lp_object_name(o), NULL, "loaded patch '%s' has unpatch callbacks for '%s' that will not run when this patch replaces it: undo what they undo in this patch's callbacks",
				    lp->name, lp_object_name(o));
		}
	}
	return 0;
}

/*
 * Shadow variables (klp_shadow_*(), 4.13+) outlive the patch that attached them; the core does
 * nothing with them on replace (kernel/livepatch/shadow.c, 6.1 and 6.12). A cumulative patch that calls no
 * klp_shadow_*() at all neither uses nor frees what the replaced patches left.
 */
int check_replace_shadow_dropped(struct rule_ctx *c)
{
	const struct tgt_live_patch *lp;

	if (c->patch->replace != LP_YES || c->patch->shadow_api || !have_stack(c) || !all_decoded(c))
		return 0;
	/* a patch that frees what it attaches within the same call leaves nothing behind */
	for_each_live(c, i, lp)
		if (lp->decoded->shadow_api && lp->decoded->shadow_kept)
			rule_report(c, NULL, NULL, "loaded patch '%s' uses shadow variables (%s) and this atomic-replace patch calls no klp_shadow_*(): what it attached stays attached, unused and never freed",
				    lp->name, lp->decoded->shadow_api);
	return 0;
}
