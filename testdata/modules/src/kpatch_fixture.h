/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpatch_fixture.h - the kpatch-build module format for the kp_* fixtures, written for klpcheck.
 *
 * Mirrors kpatch-build as of dynup/kpatch master 7085e9d (March 2026; the livepatch flavour, as
 * since kpatch 0.9): the records create-diff-object writes (kmod/patch/kpatch-patch.h,
 * kpatch-macros.h) and a hook that builds the struct klp_patch at load time the way
 * kmod/patch/livepatch-patch-hook.c does (objects grouped by objname, "vmlinux" = NULL,
 * everything in reverse order because the real hook list_add()s; replace = KLP_REPLACE_ENABLE,
 * true unless kpatch-build -R passes -DKLP_REPLACE_ENABLE=false). The code is ours.
 *
 * Include it once, from the module's only source file, after defining the tables:
 *   KP_STRING(name, "text")     a string in .kpatch.strings
 *   struct kpatch_patch_func    entries in .kpatch.funcs (KP_FUNCS)
 *   KP_CALLBACK(kind, fn, obj)  a record in .kpatch.callbacks.<kind>
 *   KP_FORCE(fn)                a pointer in .kpatch.force (KPATCH_FORCE_UNSAFE)
 *
 * What a real kpatch-build module also has and these lack: the new functions in their own
 * .text.<name> sections (-ffunction-sections); new_size/old_addr/old_size filled from the
 * patched object and the target's symbol table (0 here: the livepatch hook never reads them on
 * 4.5+); .klp.rela.<obj>.<sec> sections and .klp.sym symbols for references to non-exported
 * symbols (create-klp-module); .kpatch.funcs/.kpatch.strings with SHF_ALLOC only (GCC makes
 * them writable here); the hook in its own patch-hook.o.
 */
#ifndef KPATCH_FIXTURE_H
#define KPATCH_FIXTURE_H

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/slab.h>
#include <linux/string.h>

/* kpatch-patch.h: 56 bytes. */
struct kpatch_patch_func {
	unsigned long new_addr;
	unsigned long new_size;
	unsigned long old_addr;
	unsigned long old_size;
	unsigned long sympos;
	char *name;
	char *objname;
};
_Static_assert(sizeof(struct kpatch_patch_func) == 56, "struct kpatch_patch_func is 56 bytes");

/* kpatch-patch.h: the four callback records share this 16-byte shape. */
struct kpatch_callback_rec {
	void *callback;
	char *objname;
};
_Static_assert(sizeof(struct kpatch_callback_rec) == 16, "callback records are 16 bytes");

#define KP_STRING(id, text) static char id[] __section(".kpatch.strings") __aligned(1) __used = text
#define KP_FUNCS static struct kpatch_patch_func kp_funcs[] __section(".kpatch.funcs") __used
#define KP_FUNC(fn, pos, namestr, objstr) \
	{ .new_addr = (unsigned long)(fn), .sympos = (pos), .name = (namestr), .objname = (objstr) }
#define KP_CALLBACK(kind, fn, objstr)                                                          \
	static struct kpatch_callback_rec kp_cb_##kind##_##fn __section(".kpatch.callbacks." #kind) \
		__used = { .callback = (void *)(fn), .objname = (objstr) }
#define KP_FORCE(fn) static void *kp_force_##fn __section(".kpatch.force") __used = (void *)(fn)

#ifndef KLP_REPLACE_ENABLE
#define KLP_REPLACE_ENABLE true
#endif

/* Bounds from kpatch_fixture.lds. */
extern struct kpatch_patch_func __kpatch_funcs[], __kpatch_funcs_end[];
extern struct kpatch_callback_rec __kpatch_callbacks_pre_patch[], __kpatch_callbacks_pre_patch_end[];
extern struct kpatch_callback_rec __kpatch_callbacks_post_patch[], __kpatch_callbacks_post_patch_end[];
extern struct kpatch_callback_rec __kpatch_callbacks_pre_unpatch[], __kpatch_callbacks_pre_unpatch_end[];
extern struct kpatch_callback_rec __kpatch_callbacks_post_unpatch[], __kpatch_callbacks_post_unpatch_end[];

#define KP_MAX_OBJS 8

static struct klp_patch *kp_lpatch;

static const char *kp_names[KP_MAX_OBJS];
static int kp_nr_names;

static int kp_name_index(const char *objname)
{
	int i;

	for (i = 0; i < kp_nr_names; i++)
		if (!strcmp(kp_names[i], objname))
			return i;
	if (kp_nr_names == KP_MAX_OBJS)
		return -1;
	kp_names[kp_nr_names] = objname;
	return kp_nr_names++;
}

static int kp_add_names(struct kpatch_callback_rec *b, struct kpatch_callback_rec *e)
{
	for (; b < e; b++)
		if (kp_name_index(b->objname) < 0)
			return -EINVAL;
	return 0;
}

/* The callbacks of one kind for objname, into *slot; a second one is an error, as in kpatch. */
static int kp_set_callback(struct kpatch_callback_rec *b, struct kpatch_callback_rec *e,
			   const char *objname, void **slot)
{
	for (; b < e; b++) {
		if (strcmp(b->objname, objname))
			continue;
		if (*slot) {
			pr_err("extra callback for object: %s\n", objname);
			return -EINVAL;
		}
		*slot = b->callback;
	}
	return 0;
}

static void kp_free(struct klp_patch *p)
{
	struct klp_object *o;

	if (!p)
		return;
	for (o = p->objs; o && o->funcs; o++)
		kfree(o->funcs);
	kfree(p->objs);
	kfree(p);
}

static int __init kp_patch_init(void)
{
	struct kpatch_patch_func *kf;
	struct klp_object *objs;
	int i, j, n, ret = -EINVAL;

	for (kf = __kpatch_funcs; kf < __kpatch_funcs_end; kf++)
		if (kp_name_index(kf->objname) < 0)
			return -EINVAL;
	if (kp_add_names(__kpatch_callbacks_pre_patch, __kpatch_callbacks_pre_patch_end) ||
	    kp_add_names(__kpatch_callbacks_post_patch, __kpatch_callbacks_post_patch_end) ||
	    kp_add_names(__kpatch_callbacks_pre_unpatch, __kpatch_callbacks_pre_unpatch_end) ||
	    kp_add_names(__kpatch_callbacks_post_unpatch, __kpatch_callbacks_post_unpatch_end))
		return -EINVAL;
	n = kp_nr_names;

	kp_lpatch = kzalloc(sizeof(*kp_lpatch), GFP_KERNEL);
	if (!kp_lpatch)
		return -ENOMEM;
	objs = kcalloc(n + 1, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		goto err;
	kp_lpatch->mod = THIS_MODULE;
	kp_lpatch->objs = objs;
	kp_lpatch->replace = KLP_REPLACE_ENABLE;

	/* Objects and functions in reverse order of appearance, as list_add() leaves them. */
	for (i = 0; i < n; i++) {
		struct klp_object *o = &objs[n - 1 - i];
		const char *name = kp_names[i];
		int nr = 0;

		for (kf = __kpatch_funcs; kf < __kpatch_funcs_end; kf++)
			nr += !strcmp(kf->objname, name);
		o->funcs = kcalloc(nr + 1, sizeof(*o->funcs), GFP_KERNEL);
		if (!o->funcs) {
			ret = -ENOMEM;
			goto err;
		}
		o->name = strcmp(name, "vmlinux") ? name : NULL;
		j = 0;
		for (kf = __kpatch_funcs_end - 1; kf >= __kpatch_funcs; kf--) {
			if (strcmp(kf->objname, name))
				continue;
			o->funcs[j].old_name = kf->name;
			o->funcs[j].new_func = (void *)kf->new_addr;
			o->funcs[j].old_sympos = kf->sympos;
			j++;
		}
		if (kp_set_callback(__kpatch_callbacks_pre_patch, __kpatch_callbacks_pre_patch_end,
				    name, (void **)&o->callbacks.pre_patch) ||
		    kp_set_callback(__kpatch_callbacks_post_patch, __kpatch_callbacks_post_patch_end,
				    name, (void **)&o->callbacks.post_patch) ||
		    kp_set_callback(__kpatch_callbacks_pre_unpatch, __kpatch_callbacks_pre_unpatch_end,
				    name, (void **)&o->callbacks.pre_unpatch) ||
		    kp_set_callback(__kpatch_callbacks_post_unpatch, __kpatch_callbacks_post_unpatch_end,
				    name, (void **)&o->callbacks.post_unpatch))
			goto err;
	}
	ret = klp_enable_patch(kp_lpatch);
	if (!ret)
		return 0;
err:
	kp_free(kp_lpatch);
	kp_lpatch = NULL;
	return ret;
}

static void __exit kp_patch_exit(void)
{
	kp_free(kp_lpatch);
}

module_init(kp_patch_init);
module_exit(kp_patch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");

#endif
