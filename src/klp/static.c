// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hand-written livepatch modules: a statically initialised struct klp_patch, its klp_object
 * and klp_func arrays, callbacks and klp_state array, with every pointer carried by a
 * relocation against .data (docs/design.md, struct layout eras). We find the instance the
 * module passes to klp_enable_patch()/klp_register_patch(), then walk the arrays the way the
 * kernel does.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "disasm/disasm.h"
#include "dwarf/dbg.h"

static bool same_ref(const struct dis_ref *a, const struct dis_ref *b)
{
	return a->sec == b->sec && a->off == b->off;
}

static void add_unique(struct array *refs, const struct dis_ref *r)
{
	for (size_t i = 0; i < refs->len; i++)
		if (same_ref(array_at(refs, struct dis_ref, i), r))
			return;
	*(struct dis_ref *)array_push(refs) = *r;
}

/* The struct klp_patch instances, by the calls that take them, else by DWARF variables. */
static int find_patches(struct lp_decoder *d, struct array *out)
{
	static const char *const callees[] = { "klp_enable_patch", "klp_register_patch" };
	struct array refs = ARRAY_INIT(struct dis_ref);
	struct array names = ARRAY_INIT(char *);
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(callees) && !ret; i++)
		ret = dis_find_first_arg_refs(d->obj, callees[i], &refs, d->err);
	if (ret && ret != -ENOTSUP)
		goto out;
	for (size_t i = 0; i < refs.len; i++)
		add_unique(out, array_at(&refs, struct dis_ref, i));
	ret = 0;
	if (out->len || !d->dbg)
		goto out;
	ret = dbg_find_variables(d->dbg, "klp_patch", &names, d->err);
	if (ret == -EBADMSG) /* choose_layout() says it: DWARF unreadable */
		ret = 0;
	for (size_t i = 0; i < names.len && !ret; i++) {
		const struct obj_symbol *sym = obj_find_symbol(d->obj, *array_at(&names, char *, i));
		struct dis_ref r = { 0 };

		if (!sym || !sym->sec)
			continue;
		r.sec = sym->sec;
		r.off = sym->value;
		add_unique(out, &r);
	}
	if (out->len)
		lp_remark(d->patch, "klp_patch found by its DWARF type, not by a call to klp_enable_patch()");
out:
	for (size_t i = 0; i < names.len; i++)
		free(*array_at(&names, char *, i));
	array_free(&names);
	array_free(&refs);
	return ret;
}

static int choose_layout(struct lp_decoder *d, struct lp_layout *l)
{
	struct errbuf why;
	const char *era;
	int ret;

	if (d->dbg) {
		ret = lp_layout_from_dwarf(d->dbg, l, &why);
		if (ret == -EBADMSG) {
			/* DWARF that does not parse says nothing about the layout: the release does. */
			lp_remark(d->patch, "DWARF unreadable (%s); using built-in layouts", why.msg);
		} else if (ret != -ENODATA) {
			if (ret)
				err_set(d->err, ret, "%s", why.msg);
			return ret;
		}
	}
	ret = lp_era_from_release(d->patch->kernel_release, &era, &why);
	if (ret)
		return err_set(d->err, ret, "no DWARF layout and %s", why.msg);
	return lp_layout_builtin(era, l);
}

static bool is_zero(const struct obj_section *sec, uint64_t off, uint64_t size)
{
	if (!sec->data)
		return true;
	for (uint64_t i = 0; i < size; i++)
		if (sec->data[off + i])
			return false;
	return !obj_reloc_at(sec, off) && obj_reloc_lower_bound(sec, off) ==
					     obj_reloc_lower_bound(sec, off + size);
}

/* Bounds-checked struct access; every array walk goes through this. */
static int check_room(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
		      uint64_t size, const char *what)
{
	if (off > sec->size || size > sec->size - off)
		return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " runs past the end of the section without a terminating entry",
			       what, sec->name, off);
	return 0;
}

/*
 * What the walk has decoded so far. The kernel writes into every klp_patch, klp_object and
 * klp_func it is given (kobjects, lists), so no two of them may share bytes; refusing overlaps
 * also keeps a hostile module from making us decode one array many times over (testdata/bad/).
 */
struct span {
	const struct obj_section *sec;
	uint64_t start, end;
	const char *what;
};

/*
 * The claimed spans, disjoint: the older ones sorted (a binary search finds an overlap), the
 * last few in claim order, merged in by the batch. A scan of all of them per claim made
 * 100,000 objects quadratic.
 */
#define SPANS_BATCH 256

struct spans {
	struct array sorted; /* struct span, by (section, start) */
	struct array recent; /* struct span, at most SPANS_BATCH */
};

#define SPANS_INIT { ARRAY_INIT(struct span), ARRAY_INIT(struct span) }

static bool span_before(const struct span *a, const struct obj_section *sec, uint64_t start)
{
	return a->sec->index < sec->index || (a->sec == sec && a->start < start);
}

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return span_before(x, y->sec, y->start) ? -1 : span_before(y, x->sec, x->start);
}

/* The sorted span that [start, end) overlaps, the lowest first; NULL if none. */
static const struct span *sorted_overlap(const struct spans *sp, const struct obj_section *sec,
					 uint64_t start, uint64_t end)
{
	size_t lo = 0, hi = sp->sorted.len;
	const struct span *s;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (span_before(array_at(&sp->sorted, struct span, mid), sec, start))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && (s = array_at(&sp->sorted, struct span, lo - 1))->sec == sec && s->end > start)
		return s;
	if (lo < sp->sorted.len && (s = array_at(&sp->sorted, struct span, lo))->sec == sec &&
	    s->start < end)
		return s;
	return NULL;
}

/* Sorts the recent spans and merges them into the sorted ones: linear, once per batch. */
static void spans_merge(struct spans *sp)
{
	size_t n = sp->sorted.len, m = sp->recent.len, i = n, j = m, k = n + m;
	struct span *a, *b;

	qsort(sp->recent.data, m, sizeof(struct span), cmp_span);
	for (size_t x = 0; x < m; x++)
		array_push(&sp->sorted);
	a = sp->sorted.data;
	b = sp->recent.data;
	while (j > 0) {
		if (i > 0 && cmp_span(&a[i - 1], &b[j - 1]) > 0)
			a[--k] = a[--i];
		else
			a[--k] = b[--j];
	}
	sp->recent.len = 0;
}

static void spans_free(struct spans *sp)
{
	array_free(&sp->sorted);
	array_free(&sp->recent);
}

static int claim(struct lp_decoder *d, struct spans *sp, const struct obj_section *sec,
		 uint64_t start, uint64_t end, const char *ptr, const char *what)
{
	const struct span *s = sorted_overlap(sp, sec, start, end);

	for (size_t i = 0; !s && i < sp->recent.len; i++) {
		const struct span *r = array_at(&sp->recent, struct span, i);

		if (r->sec == sec && start < r->end && r->start < end)
			s = r;
	}
	if (s)
		return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " overlaps %s at %s+0x%" PRIx64,
			       ptr, sec->name, start, s->what, sec->name, s->start);
	*(struct span *)array_push(&sp->recent) = (struct span){ sec, start, end, what };
	if (sp->recent.len == SPANS_BATCH)
		spans_merge(sp);
	return 0;
}

static int read_flag(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
		     struct lp_field f, enum lp_flag *out)
{
	uint64_t v;
	int ret;

	*out = LP_ABSENT;
	if (f.off < 0)
		return 0;
	ret = lp_read_field(d, sec, base, f, &v);
	if (!ret)
		*out = v ? LP_YES : LP_NO;
	return ret;
}

static int read_callback(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
			 struct lp_field f, const char *what, char **out)
{
	struct lp_ptr p;
	int ret;

	if (f.off < 0)
		return 0;
	ret = lp_read_ptr(d, sec, base + (uint64_t)f.off, what, &p);
	if (!ret)
		*out = lp_ptr_symbol_name(d, &p);
	return ret;
}

static int read_callbacks(struct lp_decoder *d, const struct lp_layout *l,
			  const struct obj_section *sec, uint64_t base, struct lp_object *o)
{
	uint64_t cb = base + (uint64_t)l->object.callbacks.off;
	int ret;

	o->has_callbacks = true;
	ret = read_callback(d, sec, cb, l->callbacks.pre_patch, "klp_callbacks.pre_patch",
			    &o->callbacks.pre_patch);
	if (!ret)
		ret = read_callback(d, sec, cb, l->callbacks.post_patch, "klp_callbacks.post_patch",
				    &o->callbacks.post_patch);
	if (!ret)
		ret = read_callback(d, sec, cb, l->callbacks.pre_unpatch, "klp_callbacks.pre_unpatch",
				    &o->callbacks.pre_unpatch);
	if (!ret)
		ret = read_callback(d, sec, cb, l->callbacks.post_unpatch, "klp_callbacks.post_unpatch",
				    &o->callbacks.post_unpatch);
	return ret;
}

static int read_func(struct lp_decoder *d, const struct lp_layout *l,
		     const struct obj_section *sec, uint64_t base, struct lp_func *fn)
{
	struct lp_ptr name, new_func;
	int ret;

	fn->section = sec->name;
	fn->offset = base;
	ret = lp_read_ptr(d, sec, base + (uint64_t)l->func.old_name.off, "klp_func.old_name", &name);
	if (!ret)
		ret = lp_read_ptr(d, sec, base + (uint64_t)l->func.new_func.off, "klp_func.new_func",
				  &new_func);
	if (!ret)
		ret = lp_ptr_string(d, &name, "klp_func.old_name", &fn->old_name);
	if (ret)
		return ret;
	fn->new_func = lp_ptr_symbol_name(d, &new_func);
	if (l->func.old_sympos.off >= 0)
		ret = lp_read_field(d, sec, base, l->func.old_sympos, &fn->old_sympos);
	if (!ret)
		ret = read_flag(d, sec, base, l->func.immediate, &fn->immediate);
	return ret;
}

static bool func_is_sentinel(const struct lp_layout *l, const struct obj_section *sec,
			     uint64_t base)
{
	if (l->strict_sentinel)
		return is_zero(sec, base + (uint64_t)l->func.old_name.off, 8) &&
		       is_zero(sec, base + (uint64_t)l->func.new_func.off, 8) &&
		       (l->func.old_sympos.off < 0 ||
			is_zero(sec, base + (uint64_t)l->func.old_sympos.off, l->func.old_sympos.size));
	return is_zero(sec, base + (uint64_t)l->func.old_name.off, 8);
}

static int read_funcs(struct lp_decoder *d, const struct lp_layout *l, const struct lp_ptr *p,
		      struct lp_object *o, struct spans *spans)
{
	struct array funcs = ARRAY_INIT(struct lp_func);
	uint64_t end;
	int ret = 0;

	if (!p->sec)
		return err_set(d->err, -EINVAL, "klp_object.funcs points to undefined symbol '%s'",
			       p->sym->name);
	for (end = p->off;; end += l->func.size) {
		ret = check_room(d, p->sec, end, l->func.size, "klp_func array");
		if (ret)
			return ret;
		if (func_is_sentinel(l, p->sec, end))
			break;
	}
	ret = claim(d, spans, p->sec, p->off, end, "klp_object.funcs", "a klp_func array");
	if (ret)
		return ret;
	for (uint64_t base = p->off;; base += l->func.size) {
		ret = check_room(d, p->sec, base, l->func.size, "klp_func array");
		if (ret || func_is_sentinel(l, p->sec, base))
			break;
		ret = read_func(d, l, p->sec, base, array_push(&funcs));
		if (ret)
			break;
	}
	o->funcs = funcs.data;
	o->nr_funcs = funcs.len;
	return ret;
}

static int read_object(struct lp_decoder *d, const struct lp_layout *l,
		       const struct obj_section *sec, uint64_t base, struct lp_object *o,
		       struct spans *spans)
{
	struct lp_ptr name, funcs;
	int ret;

	ret = lp_read_ptr(d, sec, base + (uint64_t)l->object.name.off, "klp_object.name", &name);
	if (!ret)
		ret = lp_read_ptr(d, sec, base + (uint64_t)l->object.funcs.off, "klp_object.funcs",
				  &funcs);
	if (!ret)
		ret = lp_ptr_string(d, &name, "klp_object.name", &o->name);
	if (!ret && l->object.callbacks.off >= 0)
		ret = read_callbacks(d, l, sec, base, o);
	if (ret)
		return ret;
	o->funcs_null = funcs.null;
	return funcs.null ? 0 : read_funcs(d, l, &funcs, o, spans);
}

static bool object_is_sentinel(const struct lp_layout *l, const struct obj_section *sec,
			       uint64_t base)
{
	bool no_funcs = is_zero(sec, base + (uint64_t)l->object.funcs.off, 8);

	if (l->strict_sentinel)
		return no_funcs && is_zero(sec, base + (uint64_t)l->object.name.off, 8);
	return no_funcs;
}

static int read_objects(struct lp_decoder *d, const struct lp_layout *l, const struct lp_ptr *p,
			struct spans *spans)
{
	struct array objs = ARRAY_INIT(struct lp_object);
	uint64_t end;
	int ret = 0;

	if (!p->sec)
		return err_set(d->err, -EINVAL, "klp_patch.objs points to undefined symbol '%s'",
			       p->sym->name);
	for (end = p->off;; end += l->object.size) {
		ret = check_room(d, p->sec, end, l->object.size, "klp_object array");
		if (ret)
			return ret;
		if (object_is_sentinel(l, p->sec, end))
			break;
		if ((end - p->off) / l->object.size >= LP_MAX_OBJECTS)
			return err_set(d->err, -E2BIG, "klp_patch.objs: more than %d objects, refused (docs/limits.md)",
				       LP_MAX_OBJECTS);
	}
	ret = claim(d, spans, p->sec, p->off, end, "klp_patch.objs", "the klp_object array");
	if (ret)
		return ret;
	for (uint64_t base = p->off;; base += l->object.size) {
		ret = check_room(d, p->sec, base, l->object.size, "klp_object array");
		if (ret || object_is_sentinel(l, p->sec, base))
			break;
		ret = read_object(d, l, p->sec, base, array_push(&objs), spans);
		if (ret)
			break;
	}
	d->patch->objects = objs.data;
	d->patch->nr_objects = objs.len;
	return ret;
}

static int read_states(struct lp_decoder *d, const struct lp_layout *l, const struct lp_ptr *p)
{
	struct array states = ARRAY_INIT(struct lp_state);
	int ret = 0;

	if (p->null)
		goto out;
	if (!p->sec)
		return err_set(d->err, -EINVAL, "klp_patch.states points to undefined symbol '%s'",
			       p->sym->name);
	for (uint64_t base = p->off;; base += l->state.size) {
		struct lp_state st = { 0 };

		ret = check_room(d, p->sec, base, l->state.size, "klp_state array");
		if (!ret)
			ret = lp_read_field(d, p->sec, base, l->state.id, &st.id);
		if (ret || !st.id)
			break;
		if (l->state.version.off >= 0)
			ret = lp_read_field(d, p->sec, base, l->state.version, &st.version);
		if (ret)
			break;
		*(struct lp_state *)array_push(&states) = st;
	}
out:
	d->patch->states = states.data;
	d->patch->nr_states = states.len;
	return ret;
}

/* The initializer may not be the last word: init code can set patch.replace before enabling. */
static int replace_in_init(struct lp_decoder *d, const struct lp_layout *l, const struct dis_ref *at)
{
	struct array stores = ARRAY_INIT(struct dis_store);
	struct dis_field field = { .sec = at->sec, .off = at->off + (uint64_t)l->patch.replace.off,
				   .size = l->patch.replace.size };
	int ret = dis_find_field_stores(d->obj, "klp_enable_patch", &field, &stores, d->err);

	if (ret == -ENOTSUP)
		ret = 0;
	if (!ret)
		(void)lp_replace_from_stores(d, &stores);
	array_free(&stores);
	return ret;
}

static int read_patch(struct lp_decoder *d, const struct lp_layout *l, const struct dis_ref *at)
{
	struct lp_patch *p = d->patch;
	struct lp_ptr mod, objs, states = { .null = true };
	struct spans spans = SPANS_INIT;
	const struct obj_symbol *sym;
	int ret;

	ret = check_room(d, at->sec, at->off, l->patch.size, "struct klp_patch");
	if (ret)
		return ret;
	sym = obj_find_symbol_at(d->obj, at->sec, at->off);
	p->patch_symbol = sym ? xstrdup(sym->name) : NULL;
	p->patch_section = at->sec->name;
	p->patch_offset = at->off;
	ret = lp_read_ptr(d, at->sec, at->off + (uint64_t)l->patch.mod.off, "klp_patch.mod", &mod);
	if (!ret)
		ret = lp_read_ptr(d, at->sec, at->off + (uint64_t)l->patch.objs.off, "klp_patch.objs",
				  &objs);
	if (!ret && l->patch.states.off >= 0)
		ret = lp_read_ptr(d, at->sec, at->off + (uint64_t)l->patch.states.off,
				  "klp_patch.states", &states);
	if (!ret)
		ret = read_flag(d, at->sec, at->off, l->patch.replace, &p->replace);
	if (!ret && l->patch.replace.off >= 0)
		ret = replace_in_init(d, l, at);
	if (!ret)
		ret = read_flag(d, at->sec, at->off, l->patch.immediate, &p->immediate);
	if (ret)
		return ret;
	p->has_mod = !mod.null;
	p->objs_null = objs.null;
	p->has_states_field = l->patch.states.off >= 0;
	ret = claim(d, &spans, at->sec, at->off, at->off + l->patch.size, "klp_patch",
		    "struct klp_patch");
	if (!ret && !objs.null)
		ret = read_objects(d, l, &objs, &spans);
	if (!ret)
		ret = read_states(d, l, &states);
	spans_free(&spans);
	return ret;
}

int lp_decode_static(struct lp_decoder *d)
{
	struct array found = ARRAY_INIT(struct dis_ref);
	struct lp_layout layout;
	int ret;

	ret = find_patches(d, &found);
	if (!ret && !found.len)
		ret = -ENOENT;
	if (!ret)
		ret = choose_layout(d, &layout);
	if (ret)
		goto out;
	d->patch->format = LP_FORMAT_KLP_PATCH;
	d->patch->layout_source = layout.source;
	d->patch->layout_era = layout.era;
	if (found.len > 1)
		lp_remark(d->patch, "%zu struct klp_patch instances are enabled; only the first is decoded",
			  found.len);
	ret = read_patch(d, &layout, array_at(&found, struct dis_ref, 0));
out:
	array_free(&found);
	return ret;
}
