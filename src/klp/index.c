// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "klp/index.h"
#include "util/util.h"

static int cmp_entry(const void *a, const void *b)
{
	const struct lp_index_entry *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

void lp_index_build(const struct lp_patch *p, struct lp_index *idx)
{
	const struct lp_object *o;
	const struct lp_func *f;
	size_t n = 0, seq = 0;

	for_each_object(p, o)
		n += o->nr_funcs;
	idx->entries = xcalloc(n ? n : 1, sizeof(*idx->entries));
	idx->len = 0;
	for_each_object(p, o) {
		for_each_func(o, f) {
			if (f->old_name)
				idx->entries[idx->len++] = (struct lp_index_entry){ f->old_name, seq, o, f };
			seq++;
		}
	}
	if (idx->len)
		qsort(idx->entries, idx->len, sizeof(*idx->entries), cmp_entry);
}

void lp_index_free(struct lp_index *idx)
{
	free(idx->entries);
	idx->entries = NULL;
	idx->len = 0;
}

const struct lp_index_entry *lp_index_find(const struct lp_index *idx, const char *name, size_t *n)
{
	size_t lo = 0, hi = idx->len, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(idx->entries[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < idx->len && !strcmp(idx->entries[end].name, name); end++)
		;
	*n = end - lo;
	return *n ? &idx->entries[lo] : NULL;
}
