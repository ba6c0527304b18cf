// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klp-build modules (Linux 6.19+): the
 * kernel's include/linux/livepatch_external.h and scripts/livepatch/init.c.
 *
 *   struct klp_object_ext, 64 bytes: name (char *, NULL = vmlinux) at 0, funcs at 8,
 *       struct klp_callbacks at 16 (four pointers, post_unpatch_enabled), nr_funcs (u32) at 56
 *   struct klp_func_ext, 24 bytes: old_name, new_func, sympos (unsigned long)
 *
 * in sections __klp_objects / __klp_funcs as first merged (init.c walks __start_klp_objects to
 * __stop_klp_objects, which scripts/module.lds.S puts around the whole section), renamed
 * .init.klp_objects / .init.klp_funcs later (init.c finds the section by name). Either way the
 * whole objects section is the array. objtool emits one klp_object_ext per changed object file,
 * with the strings in .rodata.klp.str1.1.
 *
 * livepatch_mod_init() copies each record into a kzalloc()ed klp_object (funcs always a
 * kzalloc()ed array, empty when nr_funcs is 0), never sets states, and sets replace = true,
 * or false when klp-build ran with --no-replace (-DKLP_NO_REPLACE): that store is the only trace
 * of the choice in the module.
 *
 * Normal in these modules, and no concern of ours: the intermediate __klp_relocs.* sections,
 * weak .klp.tombstone.* symbols and the R_*_NONE relocations objtool klp post-link leaves where
 * it moved a relocation into a .klp.rela section.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define KB_OBJECT_SIZE 64
#define KB_OBJECT_NAME 0
#define KB_OBJECT_FUNCS 8
#define KB_OBJECT_CALLBACKS 16
#define KB_OBJECT_NR_FUNCS 56
#define KB_FUNC_SIZE 24
#define KB_FUNC_OLD_NAME 0
#define KB_FUNC_NEW_FUNC 8
#define KB_FUNC_SYMPOS 16

/* An object's klp_func_ext array, checked before any of it is read. */
struct kb_funcs {
	const struct obj_section *sec;  /* NULL when nr_funcs is 0 */
	uint64_t start, nr;
	uint64_t object;                /* the klp_object_ext's offset in the objects section */
};

static int read_callback(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
			 const char *what, char **out)
{
	struct lp_ptr p;
	int ret = lp_read_ptr(d, sec, off, what, &p);

	if (!ret)
		*out = lp_ptr_symbol_name(d, &p);
	return ret;
}

static int read_callbacks(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
			  struct lp_callbacks *cb)
{
	uint64_t at = base + KB_OBJECT_CALLBACKS;
	int ret;

	ret = read_callback(d, sec, at, "klp_object_ext.callbacks.pre_patch", &cb->pre_patch);
	if (!ret)
		ret = read_callback(d, sec, at + 8, "klp_object_ext.callbacks.post_patch", &cb->post_patch);
	if (!ret)
		ret = read_callback(d, sec, at + 16, "klp_object_ext.callbacks.pre_unpatch",
				    &cb->pre_unpatch);
	if (!ret)
		ret = read_callback(d, sec, at + 24, "klp_object_ext.callbacks.post_unpatch",
				    &cb->post_unpatch);
	return ret;
}

/* Where nr_funcs records from funcs would be read: all of them inside one section with data. */
static int check_funcs(struct lp_decoder *d, const struct obj_section *objs, uint64_t base,
		       const struct lp_ptr *funcs, uint64_t nr, struct kb_funcs *out)
{
	const struct obj_section *sec = funcs->sec;

	*out = (struct kb_funcs){ NULL, 0, 0, base };
	if (!nr)
		return 0;
	if (funcs->null)
		return err_set(d->err, -EINVAL, "klp_object_ext at %s+0x%" PRIx64 " has funcs NULL and nr_funcs %" PRIu64 ": livepatch_mod_init() would dereference it",
			       objs->name, base, nr);
	if (!sec)
		return err_set(d->err, -EINVAL, "klp_object_ext.funcs at %s+0x%" PRIx64 " points to undefined symbol '%s'",
			       objs->name, base + KB_OBJECT_FUNCS, funcs->sym->name);
	if (!sec->data && sec->size)
		return err_set(d->err, -EINVAL, "klp_object_ext.funcs at %s+0x%" PRIx64 " points to %s+0x%" PRIx64 ", a section without contents in the file (SHT_NOBITS)",
			       objs->name, base + KB_OBJECT_FUNCS, sec->name, funcs->off);
	if (sec == objs)
		return err_set(d->err, -EINVAL, "klp_object_ext.funcs at %s+0x%" PRIx64 " points into %s, the klp_object_ext table",
			       objs->name, base + KB_OBJECT_FUNCS, objs->name);
	if (nr > (sec->size - funcs->off) / KB_FUNC_SIZE)
		return err_set(d->err, -EINVAL, "klp_object_ext at %s+0x%" PRIx64 " has nr_funcs %" PRIu64 ", but %s has room for %" PRIu64 " klp_func_ext from +0x%" PRIx64,
			       objs->name, base, nr, sec->name, (sec->size - funcs->off) / KB_FUNC_SIZE,
			       funcs->off);
	*out = (struct kb_funcs){ sec, funcs->off, nr, base };
	return 0;
}

static int read_func(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
		     struct lp_func *fn)
{
	struct lp_ptr name, new_func;
	int ret;

	fn->section = sec->name;
	fn->offset = base;
	fn->immediate = LP_ABSENT;
	ret = lp_read_ptr(d, sec, base + KB_FUNC_OLD_NAME, "klp_func_ext.old_name", &name);
	if (!ret)
		ret = lp_read_ptr(d, sec, base + KB_FUNC_NEW_FUNC, "klp_func_ext.new_func", &new_func);
	if (!ret)
		ret = lp_ptr_string(d, &name, "klp_func_ext.old_name", &fn->old_name);
	if (!ret)
		ret = lp_read_field(d, sec, base, (struct lp_field){ KB_FUNC_SYMPOS, 8 }, &fn->old_sympos);
	if (ret)
		return ret;
	/* livepatch_mod_init() copies them as they are; klp_init_func() refuses a NULL. */
	if (!fn->old_name || new_func.null)
		return err_set(d->err, -EINVAL, "klp_func_ext at %s+0x%" PRIx64 " has %s NULL: klp_enable_patch() fails with -EINVAL",
			       sec->name, base, !fn->old_name ? "old_name" : "new_func");
	fn->new_func = lp_ptr_symbol_name(d, &new_func);
	return 0;
}

static int read_funcs(struct lp_decoder *d, const struct kb_funcs *f, struct lp_object *o)
{
	int ret = 0;

	if (!f->nr)
		return 0;
	o->funcs = xcalloc(f->nr, sizeof(*o->funcs));
	for (uint64_t i = 0; i < f->nr && !ret; i++) {
		ret = read_func(d, f->sec, f->start + i * KB_FUNC_SIZE, &o->funcs[i]);
		o->nr_funcs = i + 1;
	}
	return ret;
}

static int read_object(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
		       struct lp_object *o, struct kb_funcs *f)
{
	struct lp_ptr name, funcs;
	uint64_t nr = 0;
	int ret;

	o->has_callbacks = true;
	ret = lp_read_ptr(d, sec, base + KB_OBJECT_NAME, "klp_object_ext.name", &name);
	if (!ret)
		ret = lp_ptr_string(d, &name, "klp_object_ext.name", &o->name);
	if (!ret)
		ret = lp_read_ptr(d, sec, base + KB_OBJECT_FUNCS, "klp_object_ext.funcs", &funcs);
	if (!ret)
		ret = lp_read_field(d, sec, base, (struct lp_field){ KB_OBJECT_NR_FUNCS, 4 }, &nr);
	if (!ret)
		ret = read_callbacks(d, sec, base, &o->callbacks);
	return ret ? ret : check_funcs(d, sec, base, &funcs, nr, f);
}

static int cmp_funcs(const void *a, const void *b)
{
	const struct kb_funcs *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec->index < y->sec->index ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->object < y->object ? -1 : x->object > y->object;
}

/*
 * livepatch_mod_init() copies each array, so sharing would not hurt the kernel; but objtool
 * never shares one, and believing a module that does would let it make us decode the same
 * records once per object (testdata/bad/). Sorting keeps the check itself at n log n.
 */
static int check_overlaps(struct lp_decoder *d, const struct obj_section *objs,
			  const struct kb_funcs *f, size_t n)
{
	struct kb_funcs *sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	const struct kb_funcs *last = NULL;
	size_t m = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		if (f[i].nr)
			sorted[m++] = f[i];
	qsort(sorted, m, sizeof(*sorted), cmp_funcs);
	for (size_t i = 0; i < m && !ret; i++) {
		const struct kb_funcs *s = &sorted[i];

		if (last && last->sec == s->sec && s->start < last->start + last->nr * KB_FUNC_SIZE)
			ret = err_set(d->err, -EINVAL, "klp_object_ext.funcs at %s+0x%" PRIx64 " overlaps the klp_func_ext array of the klp_object_ext at %s+0x%" PRIx64,
				      objs->name, s->object + KB_OBJECT_FUNCS, objs->name, last->object);
		if (!last || last->sec != s->sec ||
		    s->start + s->nr * KB_FUNC_SIZE > last->start + last->nr * KB_FUNC_SIZE)
			last = s;
	}
	free(sorted);
	return ret;
}

static int read_objects(struct lp_decoder *d, const struct obj_section *sec, struct lp_patch *p)
{
	size_t n = (size_t)(sec->size / KB_OBJECT_SIZE);
	struct kb_funcs *funcs;
	int ret = 0;

	if (n > LP_MAX_OBJECTS)
		return err_set(d->err, -E2BIG, "%s holds %zu klp_object_ext, more than %d, refused (docs/limits.md)",
			       sec->name, n, LP_MAX_OBJECTS);
	funcs = xcalloc(n ? n : 1, sizeof(*funcs));

	p->objects = xcalloc(n ? n : 1, sizeof(*p->objects));
	for (size_t i = 0; i < n && !ret; i++) {
		ret = read_object(d, sec, i * KB_OBJECT_SIZE, &p->objects[i], &funcs[i]);
		p->nr_objects = i + 1;
	}
	if (!ret)
		ret = check_overlaps(d, sec, funcs, n);
	for (size_t i = 0; i < n && !ret; i++)
		ret = read_funcs(d, &funcs[i], &p->objects[i]);
	free(funcs);
	return ret;
}

int lp_decode_klpbuild(struct lp_decoder *d)
{
	const struct obj_section *sec = obj_find_section(d->obj, ".init.klp_objects");
	const struct obj_section *old = obj_find_section(d->obj, "__klp_objects");
	struct lp_patch *p = d->patch;
	struct lp_layout l;
	int ret;

	if (!sec)
		sec = old;
	else if (old)
		lp_remark(p, "both .init.klp_objects and __klp_objects present; decoding .init.klp_objects");
	if (!sec)
		return -ENOENT;
	p->format = LP_FORMAT_KLP_BUILD;
	lp_hook_layout(d, &l);
	if (l.object.callbacks.off < 0 || l.patch.replace.off < 0)
		lp_remark(p, "klp-build modules are for kernel 6.19 and later; this one says %s",
			  p->kernel_release ? p->kernel_release : "nothing");
	ret = lp_check_contents(d, sec);
	if (ret)
		return ret;
	if (sec->size % KB_OBJECT_SIZE)
		return err_set(d->err, -EINVAL, "%s holds %" PRIu64 " bytes, not a whole number of %d-byte struct klp_object_ext",
			       sec->name, sec->size, KB_OBJECT_SIZE);
	if (!sec->size)
		lp_remark(p, "%s is empty: livepatch_mod_init() fails with \"nothing to patch!\"",
			  sec->name);
	ret = read_objects(d, sec, p);
	if (!ret)
		ret = lp_hook_replace(d, &l, "klp-build", true);
	return ret;
}
