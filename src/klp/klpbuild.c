// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * klp-build modules (Linux 6.19+): livepatch-tools.md §2.3, kernel-livepatch.md §2.7, the
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

static int read_callback(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
			 char **out)
{
	struct lp_ptr p;
	int ret = lp_read_ptr(d, sec, off, &p);

	if (!ret)
		*out = lp_ptr_symbol_name(d, &p);
	return ret;
}

static int read_funcs(struct lp_decoder *d, const struct lp_ptr *funcs, uint64_t nr,
		      struct lp_object *o)
{
	const struct obj_section *sec = funcs->sec;
	int ret = 0;

	if (!nr)
		return 0;
	if (funcs->null)
		return err_set(d->err, -EINVAL, "klp_object_ext.funcs is NULL with nr_funcs %" PRIu64 ": livepatch_mod_init() would dereference it",
			       nr);
	if (!sec)
		return err_set(d->err, -EINVAL, "klp_object_ext.funcs points to undefined symbol '%s'",
			       funcs->sym->name);
	if (funcs->off > sec->size || nr > (sec->size - funcs->off) / KB_FUNC_SIZE)
		return err_set(d->err, -EINVAL, "%" PRIu64 " klp_func_ext at %s+0x%" PRIx64 " run past the end of the section",
			       nr, sec->name, funcs->off);
	o->funcs = xcalloc(nr, sizeof(*o->funcs));
	for (uint64_t i = 0; i < nr && !ret; i++) {
		uint64_t base = funcs->off + i * KB_FUNC_SIZE;
		struct lp_func *fn = &o->funcs[i];
		struct lp_ptr name, new_func;

		fn->section = sec->name;
		fn->offset = base;
		fn->immediate = LP_ABSENT;
		ret = lp_read_ptr(d, sec, base + KB_FUNC_OLD_NAME, &name);
		if (!ret)
			ret = lp_read_ptr(d, sec, base + KB_FUNC_NEW_FUNC, &new_func);
		if (!ret)
			ret = lp_ptr_string(d, &name, "klp_func_ext.old_name", &fn->old_name);
		if (!ret)
			ret = lp_read_field(d, sec, base, (struct lp_field){ KB_FUNC_SYMPOS, 8 },
					    &fn->old_sympos);
		if (!ret)
			fn->new_func = lp_ptr_symbol_name(d, &new_func);
		o->nr_funcs = i + 1;
	}
	return ret;
}

static int read_object(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
		       struct lp_object *o)
{
	struct lp_ptr name, funcs;
	uint64_t nr = 0;
	int ret;

	o->has_callbacks = true;
	ret = lp_read_ptr(d, sec, base + KB_OBJECT_NAME, &name);
	if (!ret)
		ret = lp_ptr_string(d, &name, "klp_object_ext.name", &o->name);
	if (!ret)
		ret = lp_read_ptr(d, sec, base + KB_OBJECT_FUNCS, &funcs);
	if (!ret)
		ret = lp_read_field(d, sec, base, (struct lp_field){ KB_OBJECT_NR_FUNCS, 4 }, &nr);
	if (!ret)
		ret = read_callback(d, sec, base + KB_OBJECT_CALLBACKS, &o->callbacks.pre_patch);
	if (!ret)
		ret = read_callback(d, sec, base + KB_OBJECT_CALLBACKS + 8, &o->callbacks.post_patch);
	if (!ret)
		ret = read_callback(d, sec, base + KB_OBJECT_CALLBACKS + 16, &o->callbacks.pre_unpatch);
	if (!ret)
		ret = read_callback(d, sec, base + KB_OBJECT_CALLBACKS + 24, &o->callbacks.post_unpatch);
	return ret ? ret : read_funcs(d, &funcs, nr, o);
}

int lp_decode_klpbuild(struct lp_decoder *d)
{
	const struct obj_section *sec = obj_find_section(d->obj, ".init.klp_objects");
	const struct obj_section *old = obj_find_section(d->obj, "__klp_objects");
	struct lp_patch *p = d->patch;
	struct lp_layout l;
	size_t n;
	int ret = 0;

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
	if (sec->size % KB_OBJECT_SIZE)
		return err_set(d->err, -EINVAL, "%s holds %" PRIu64 " bytes, not a whole number of %d-byte struct klp_object_ext",
			       sec->name, sec->size, KB_OBJECT_SIZE);
	n = (size_t)(sec->size / KB_OBJECT_SIZE);
	if (!n)
		lp_remark(p, "%s is empty: livepatch_mod_init() fails with \"nothing to patch!\"",
			  sec->name);
	p->objects = xcalloc(n ? n : 1, sizeof(*p->objects));
	for (size_t i = 0; i < n && !ret; i++) {
		ret = read_object(d, sec, i * KB_OBJECT_SIZE, &p->objects[i]);
		p->nr_objects = i + 1;
	}
	if (!ret)
		ret = lp_hook_replace(d, &l, "klp-build", true);
	return ret;
}
