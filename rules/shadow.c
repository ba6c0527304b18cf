// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP307: one shadow variable id, two sizes. Shadow variables (kernel/livepatch/shadow.c,
 * 4.13+) are found by (object, id) alone: klp_shadow_get() returns whatever was attached under
 * that id, and klp_shadow_get_or_alloc() returns an existing variable without looking at the
 * size it is asked for. Two patches that use one id with different sizes therefore share one
 * allocation of whichever size came first, and the one that believes it larger writes past it.
 * The ids and sizes are read off the code: the constants in the id and size argument registers
 * at each klp_shadow_alloc()/klp_shadow_get_or_alloc() call (src/disasm/).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm/disasm.h"
#include "lint/lint.h"
#include "target/target.h"

/* (obj, id, size, gfp, ctor, ctor_data): the id is the second argument, the size the third. */
#define ARG_ID 1
#define ARG_SIZE 2

/* Bounds the work when hostile modules have very many call sites, or there are very many. */
#define MAX_USES 256
#define MAX_COMPARED (1UL << 24) /* pairs of uses, over all pairs of patches */

struct shadow_use {
	uint64_t id;
	uint64_t size;
	const char *func; /* the function of the call, borrowed from its module */
};

static const char *const allocators[] = { "klp_shadow_alloc", "klp_shadow_get_or_alloc" };

/* The (id, size) pairs of f's allocations whose id and size are constants. */
static void collect_uses(const struct obj_file *f, struct array *uses)
{
	for (size_t k = 0; k < sizeof(allocators) / sizeof(allocators[0]); k++) {
		struct array calls = ARRAY_INIT(struct dis_call_args);
		struct errbuf err;

		if (dis_find_call_args(f, allocators[k], &calls, &err) == 0) {
			for (size_t i = 0; i < calls.len && uses->len < MAX_USES; i++) {
				const struct dis_call_args *a = array_at(&calls, struct dis_call_args, i);
				struct shadow_use *u;

				if (!a->known[ARG_ID] || !a->known[ARG_SIZE])
					continue;
				u = array_push(uses);
				u->id = a->value[ARG_ID];
				u->size = a->value[ARG_SIZE];
				u->func = a->func ? a->func->name : "?";
			}
		}
		array_free(&calls);
	}
}

/* The first use in b of a's id with another size; NULL if none. */
static const struct shadow_use *conflict(const struct shadow_use *a, const struct array *b)
{
	for (size_t i = 0; i < b->len; i++) {
		const struct shadow_use *u = array_at(b, struct shadow_use, i);

		if (u->id == a->id && u->size != a->size)
			return u;
	}
	return NULL;
}

/* Whether a use before a[i] has its id and size: the finding for a[i] is already said. */
static bool said_before(const struct array *a, size_t i)
{
	const struct shadow_use *u = array_at(a, struct shadow_use, i);

	for (size_t j = 0; j < i; j++) {
		const struct shadow_use *w = array_at(a, struct shadow_use, j);

		if (w->id == u->id && w->size == u->size)
			return true;
	}
	return false;
}

/* Says each (id, size) of a that b uses at another size once; *budget bounds the work. */
static void report_pair(struct rule_ctx *c, const char *name_a, const struct array *a,
			const char *name_b, const struct array *b, bool both_loaded, size_t *budget)
{
	size_t cost = a->len * (a->len + b->len);

	if (cost > *budget)
		return;
	*budget -= cost;
	for (size_t i = 0; i < a->len; i++) {
		const struct shadow_use *u = array_at(a, struct shadow_use, i), *v = conflict(u, b);

		if (!v || said_before(a, i))
			continue;
		rule_report(c, NULL, both_loaded ? NULL : u->func, "shadow variable id 0x%" PRIx64 " is allocated with %" PRIu64 " bytes by %s%s (in %s) and with %" PRIu64 " bytes by loaded patch '%s' (in %s): the kernel finds shadow variables by object and id only, so both patches get the one allocated first and the one that expects more bytes reads and writes past it",
			    u->id, u->size, both_loaded ? "loaded patch " : "", name_a, u->func, v->size,
			    name_b, v->func);
	}
}

static bool is_loaded(const struct tgt_live_patch *lp)
{
	return lp->enabled != 0 || lp->transition == 1;
}

/* A loaded patch other than this one whose code we have (--existing). */
static bool is_readable_other(const struct rule_ctx *c, const struct tgt_live_patch *lp)
{
	return is_loaded(lp) && lp->decoded_obj &&
	       !(c->patch->module_name && !strcmp(lp->name, c->patch->module_name));
}

int check_shadow_size_conflict(struct rule_ctx *c)
{
	struct array mine = ARRAY_INIT(struct shadow_use), *theirs;
	size_t n, budget = MAX_COMPARED;

	if (!c->tgt || !tgt_has_live_state(c->tgt)) {
		rule_needs(c, "the target's loaded patches (--sysfs, --existing, --target or --live)");
		return 0;
	}
	n = tgt_nr_live_patches(c->tgt);
	theirs = xcalloc(n ? n : 1, sizeof(*theirs));
	collect_uses(c->obj, &mine);
	for (size_t i = 0; i < n; i++) {
		const struct tgt_live_patch *lp = tgt_live_patch(c->tgt, i);

		theirs[i] = (struct array)ARRAY_INIT(struct shadow_use);
		if (!is_readable_other(c, lp))
			continue;
		collect_uses(lp->decoded_obj, &theirs[i]);
		report_pair(c, c->patch->module_name, &mine, lp->name, &theirs[i], false, &budget);
		/* Two loaded patches already in conflict: said by the later one. */
		for (size_t j = 0; j < i; j++)
			if (theirs[j].len)
				report_pair(c, lp->name, &theirs[i], tgt_live_patch(c->tgt, j)->name,
					    &theirs[j], true, &budget);
	}
	for (size_t i = 0; i < n; i++)
		array_free(&theirs[i]);
	free(theirs);
	array_free(&mine);
	return 0;
}
