/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The functions of a patch by old name, so that rules comparing every function with every
 * other (duplicates, calls between replacements, a patch against the loaded ones) stay
 * O(n log n): kpatch-build patches carry thousands of functions.
 */
#ifndef KLP_INDEX_H
#define KLP_INDEX_H

#include <stddef.h>

#include "klp/klp.h"

struct lp_index_entry {
	const char *name;          /* old_name, never NULL */
	size_t seq;                /* position in the patch: objects, then functions, in order */
	const struct lp_object *obj;
	const struct lp_func *func;
};

/* Functions with an old name, by (name, seq). */
struct lp_index {
	struct lp_index_entry *entries;
	size_t len;
};

void lp_index_build(const struct lp_patch *p, struct lp_index *idx);
void lp_index_free(struct lp_index *idx);
/* The functions named `name`, in patch order: *n of them from the returned one (NULL if none). */
const struct lp_index_entry *lp_index_find(const struct lp_index *idx, const char *name, size_t *n);

#endif
