// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kpatch-build modules (livepatch flavour): kpatch's
 * kmod/patch/kpatch-patch.h, kpatch.lds.S and livepatch-patch-hook.c.
 *
 *   .kpatch.funcs      struct kpatch_patch_func, 56 bytes: new_addr, new_size, old_addr, old_size,
 *                      sympos (unsigned long), name, objname (char *); new_addr, name and objname
 *                      are relocations (to the new function, into .kpatch.strings)
 *   .kpatch.callbacks.{pre,post}_{patch,unpatch}   { fn, objname }, 16 bytes; the linker script
 *                      ends each with QUAD(0) and brackets the records with
 *                      __kpatch_callbacks_<kind> and __kpatch_callbacks_<kind>_end
 *   .kpatch.force      function pointers (KPATCH_FORCE_UNSAFE), QUAD(0)-padded likewise
 *
 * The hook's patch_init() groups the functions by objname ("vmlinux" is klp_object.name NULL)
 * with list_add(), which prepends: objects come out in reverse order of first appearance (those
 * only callbacks name after those of functions), and functions in reverse order within each
 * object. We build the model in that order, so it is what klp_enable_patch() sees.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "util/strmap.h"

#define KP_FUNC_SIZE 56
#define KP_FUNC_NEW_ADDR 0
#define KP_FUNC_SYMPOS 32
#define KP_FUNC_NAME 40
#define KP_FUNC_OBJNAME 48
#define KP_CALLBACK_SIZE 16

static const struct {
	const char *kind;      /* as in the section and the hook's messages */
	size_t field;          /* offsetof(struct lp_callbacks, ...) */
} callback_kinds[] = {
	{ "pre_patch", offsetof(struct lp_callbacks, pre_patch) },
	{ "post_patch", offsetof(struct lp_callbacks, post_patch) },
	{ "pre_unpatch", offsetof(struct lp_callbacks, pre_unpatch) },
	{ "post_unpatch", offsetof(struct lp_callbacks, post_unpatch) },
};

struct kp_object {
	char *name;            /* NULL is vmlinux */
	struct array funcs;    /* struct lp_func, in .kpatch.funcs order */
	struct lp_callbacks cb;
};

/* The objects in order of first appearance, and by name ("vmlinux" for NULL). */
struct kp_objects {
	struct array list; /* struct kp_object */
	struct strmap by_name;
};

static struct kp_object *find_object(struct kp_objects *objs, const char *objname)
{
	const char *name = strcmp(objname, "vmlinux") ? objname : NULL;
	struct kp_object *o;
	size_t i;

	if (strmap_get(&objs->by_name, objname, &i))
		return array_at(&objs->list, struct kp_object, i);
	o = array_push(&objs->list);
	memset(o, 0, sizeof(*o));
	o->name = name ? xstrdup(name) : NULL;
	o->funcs = (struct array)ARRAY_INIT(struct lp_func);
	strmap_put(&objs->by_name, o->name ? o->name : "vmlinux", objs->list.len - 1);
	return o;
}

static bool is_padding(const struct obj_section *sec, uint64_t off, uint64_t size)
{
	if (obj_reloc_lower_bound(sec, off) != obj_reloc_lower_bound(sec, off + size))
		return false;
	for (uint64_t i = 0; sec->data && i < size; i++)
		if (sec->data[off + i])
			return false;
	return true;
}

/*
 * The records of a QUAD(0)-padded section: between the linker script's start and end symbols
 * when the module has them, else every whole record that is not all zero.
 */
static void section_extent(const struct obj_file *obj, const struct obj_section *sec,
			   const char *start_sym, uint64_t *begin, uint64_t *end, bool *by_symbols)
{
	char *end_name = xasprintf("%s_end", start_sym);
	const struct obj_symbol *s = obj_find_symbol(obj, start_sym);
	const struct obj_symbol *e = obj_find_symbol(obj, end_name);

	free(end_name);
	*by_symbols = s && e && s->sec == sec && e->sec == sec && s->value <= e->value &&
		      e->value <= sec->size;
	*begin = *by_symbols ? s->value : 0;
	*end = *by_symbols ? e->value : sec->size;
}

static int read_string(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
		       const char *what, char **out)
{
	struct lp_ptr p;
	int ret = lp_read_ptr(d, sec, off, what, &p);

	return ret ? ret : lp_ptr_string(d, &p, what, out);
}

/* What the hook and klp_enable_patch() would do with a NULL the generator never writes. */
static int check_nulls(struct lp_decoder *d, uint64_t base, const struct lp_func *fn,
		       const char *objname, bool new_addr_null)
{
	const char *field = !fn->old_name ? "name" : new_addr_null ? "new_addr" : NULL;

	if (!objname)
		return err_set(d->err, -EINVAL, "kpatch_patch_func at .kpatch.funcs+0x%" PRIx64 " has no objname: the hook would dereference NULL",
			       base);
	if (field)
		return err_set(d->err, -EINVAL, "kpatch_patch_func at .kpatch.funcs+0x%" PRIx64 " has %s NULL: klp_enable_patch() fails with -EINVAL",
			       base, field);
	return 0;
}

static int read_func(struct lp_decoder *d, const struct lp_layout *l, const struct obj_section *sec,
		     uint64_t base, struct lp_func *fn, char **objname)
{
	struct lp_ptr new_addr;
	int ret;

	*fn = (struct lp_func){ .section = sec->name, .offset = base };
	fn->immediate = l->func.immediate.off < 0 ? LP_ABSENT : LP_NO;
	ret = lp_read_ptr(d, sec, base + KP_FUNC_NEW_ADDR, "kpatch_patch_func.new_addr", &new_addr);
	if (!ret)
		ret = read_string(d, sec, base + KP_FUNC_NAME, "kpatch_patch_func.name", &fn->old_name);
	if (!ret)
		ret = read_string(d, sec, base + KP_FUNC_OBJNAME, "kpatch_patch_func.objname", objname);
	if (!ret)
		ret = check_nulls(d, base, fn, *objname, new_addr.null);
	/* Before 4.5 the hook sets old_addr instead; the model has no such field. */
	if (!ret && l->func.old_sympos.off >= 0)
		ret = lp_read_field(d, sec, base, (struct lp_field){ KP_FUNC_SYMPOS, 8 }, &fn->old_sympos);
	if (!ret)
		fn->new_func = lp_ptr_symbol_name(d, &new_addr);
	return ret;
}

static int read_funcs(struct lp_decoder *d, const struct lp_layout *l, struct kp_objects *objs)
{
	const struct obj_section *sec = obj_find_section(d->obj, ".kpatch.funcs");
	int ret = lp_check_contents(d, sec);

	if (!ret && sec->size % KP_FUNC_SIZE)
		return err_set(d->err, -EINVAL, ".kpatch.funcs holds %" PRIu64 " bytes, not a whole number of %d-byte struct kpatch_patch_func",
			       sec->size, KP_FUNC_SIZE);
	for (uint64_t base = 0; base < sec->size && !ret; base += KP_FUNC_SIZE) {
		char *objname = NULL;
		struct lp_func fn;

		ret = read_func(d, l, sec, base, &fn, &objname);
		if (!ret && objs->list.len >= LP_MAX_OBJECTS && !strmap_get(&objs->by_name, objname, &(size_t){ 0 }))
			ret = err_set(d->err, -E2BIG, ".kpatch.funcs names more than %d objects, refused (docs/limits.md)",
				      LP_MAX_OBJECTS);
		if (ret) {
			free(fn.old_name);
			free(objname);
			break;
		}
		*(struct lp_func *)array_push(&find_object(objs, objname)->funcs) = fn;
		free(objname);
	}
	return ret;
}

/* One callback section: its kind, and the struct's name as messages show it. */
struct cb_table {
	size_t kind;
	const struct obj_section *sec;
	char *type;
};

/* One {fn, objname} record, attached to its object the way the hook does. */
static int read_callback(struct lp_decoder *d, const struct lp_layout *l, struct kp_objects *objs,
			 const struct cb_table *t, uint64_t off)
{
	const char *kind = callback_kinds[t->kind].kind;
	char *fn_field = xasprintf("%s.fn", t->type), *objname_field = xasprintf("%s.objname", t->type);
	char *objname = NULL, **slot;
	struct kp_object *o;
	struct lp_ptr fn;
	int ret;

	ret = lp_read_ptr(d, t->sec, off, fn_field, &fn);
	if (!ret)
		ret = read_string(d, t->sec, off + 8, objname_field, &objname);
	if (!ret && !objname)
		ret = err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " has no objname (create-diff-object fills it in): the hook would dereference NULL",
			      t->type, t->sec->name, off);
	free(fn_field);
	free(objname_field);
	if (ret)
		return ret;
	if (l->object.callbacks.off < 0)
		lp_remark(d->patch, "%s callback on a kernel without callbacks (before 4.15): the hook fails with \"patch callbacks are not supported\"",
			  kind);
	o = find_object(objs, objname);
	slot = (char **)((char *)&o->cb + callback_kinds[t->kind].field);
	if (*slot)
		lp_remark(d->patch, "extra %s callback for object %s: the hook fails with -EINVAL",
			  kind, o->name ? o->name : "vmlinux");
	else
		*slot = lp_ptr_symbol_name(d, &fn);
	free(objname);
	return 0;
}

static int read_callbacks(struct lp_decoder *d, const struct lp_layout *l, struct kp_objects *objs)
{
	int ret = 0;

	for (size_t k = 0; k < ARRAY_SIZE(callback_kinds) && !ret; k++) {
		char *secname = xasprintf(".kpatch.callbacks.%s", callback_kinds[k].kind);
		char *start = xasprintf("__kpatch_callbacks_%s", callback_kinds[k].kind);
		struct cb_table t = { k, obj_find_section(d->obj, secname),
				      xasprintf("kpatch_%s_callback", callback_kinds[k].kind) };
		uint64_t begin = 0, end = 0;
		bool by_symbols = false;

		ret = lp_check_contents(d, t.sec);
		if (t.sec)
			section_extent(d->obj, t.sec, start, &begin, &end, &by_symbols);
		for (uint64_t off = begin; t.sec && off + KP_CALLBACK_SIZE <= end && !ret;
		     off += KP_CALLBACK_SIZE)
			if (by_symbols || !is_padding(t.sec, off, KP_CALLBACK_SIZE))
				ret = read_callback(d, l, objs, &t, off);
		free(secname);
		free(start);
		free(t.type);
	}
	return ret;
}

int lp_read_kpatch_force(struct lp_decoder *d)
{
	const struct obj_section *sec = obj_find_section(d->obj, ".kpatch.force");
	struct array names = ARRAY_INIT(char *);
	uint64_t begin, end;
	bool by_symbols;
	int ret = 0;

	if (!sec)
		return 0;
	ret = lp_check_contents(d, sec);
	if (ret)
		return ret;
	d->patch->has_kpatch_force = true;
	section_extent(d->obj, sec, "__kpatch_force_funcs", &begin, &end, &by_symbols);
	for (uint64_t off = begin; off + 8 <= end && !ret; off += 8) {
		struct lp_ptr fn;

		if (!by_symbols && is_padding(sec, off, 8))
			continue;
		ret = lp_read_ptr(d, sec, off, "KPATCH_FORCE_UNSAFE pointer", &fn);
		if (!ret && !fn.null)
			*(char **)array_push(&names) = lp_ptr_symbol_name(d, &fn);
	}
	d->patch->kpatch_force = names.data;
	d->patch->nr_kpatch_force = names.len;
	if (names.len)
		lp_remark(d->patch, "%zu function(s) marked KPATCH_FORCE_UNSAFE in .kpatch.force: only the legacy kpatch.ko core reads it, the livepatch hook ignores it",
			  names.len);
	return ret;
}

/* The hook's lists are built with list_add(): everything comes out reversed. */
static void build_objects(struct lp_patch *p, const struct lp_layout *l, struct kp_objects *all)
{
	struct array *objs = &all->list;

	strmap_free(&all->by_name);
	p->nr_objects = objs->len;
	p->objects = xcalloc(objs->len ? objs->len : 1, sizeof(*p->objects));
	for (size_t i = 0; i < objs->len; i++) {
		struct kp_object *k = array_at(objs, struct kp_object, objs->len - 1 - i);
		struct lp_object *o = &p->objects[i];

		o->name = k->name;
		o->has_callbacks = l->object.callbacks.off >= 0;
		o->callbacks = k->cb;
		o->nr_funcs = k->funcs.len;
		o->funcs = xcalloc(k->funcs.len ? k->funcs.len : 1, sizeof(*o->funcs));
		for (size_t j = 0; j < k->funcs.len; j++)
			o->funcs[j] = *array_at(&k->funcs, struct lp_func, k->funcs.len - 1 - j);
		array_free(&k->funcs);
	}
	array_free(objs);
}

static void free_objects(struct kp_objects *all)
{
	struct array *objs = &all->list;

	strmap_free(&all->by_name);
	for (size_t i = 0; i < objs->len; i++) {
		struct kp_object *k = array_at(objs, struct kp_object, i);

		for (size_t j = 0; j < k->funcs.len; j++) {
			free(array_at(&k->funcs, struct lp_func, j)->old_name);
			free(array_at(&k->funcs, struct lp_func, j)->new_func);
		}
		array_free(&k->funcs);
		free(k->name);
		free(k->cb.pre_patch);
		free(k->cb.post_patch);
		free(k->cb.pre_unpatch);
		free(k->cb.post_unpatch);
	}
	array_free(objs);
}

int lp_decode_kpatch(struct lp_decoder *d)
{
	struct kp_objects objs = { ARRAY_INIT(struct kp_object), STRMAP_INIT };
	struct lp_patch *p = d->patch;
	struct lp_layout l;
	int ret;

	if (!obj_find_section(d->obj, ".kpatch.funcs"))
		return -ENOENT;
	p->format = LP_FORMAT_KPATCH;
	lp_hook_layout(d, &l);
	if (obj_find_section(d->obj, ".kpatch.dynrelas"))
		lp_remark(p, "legacy kpatch.ko flavour (.kpatch.dynrelas): loaded through kpatch.ko, not klp_enable_patch()");
	if (obj_find_section(d->obj, ".kpatch.relocations") || obj_find_section(d->obj, ".kpatch.symbols"))
		lp_remark(p, "intermediate .kpatch.relocations/.kpatch.symbols sections left in the module: create-klp-module did not run");
	/* patch_init() sets immediate only on ppc64le kernels 4.12-4.15. */
	if (p->immediate == LP_NO && d->obj->machine == EM_PPC64)
		p->immediate = LP_YES;
	ret = read_funcs(d, &l, &objs);
	if (!ret)
		ret = read_callbacks(d, &l, &objs);
	if (!ret)
		ret = lp_hook_replace(d, &l, "kpatch-build", true);
	if (ret) {
		free_objects(&objs);
		return ret;
	}
	build_objects(p, &l, &objs);
	return 0;
}
