/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klpbuild_init.h - the kb_* fixtures' init code: what the kernel's scripts/livepatch/init.c
 * does (see klpbuild_fixture.h), written for klpcheck. Included after kb_objects[].
 */
#ifndef KLPBUILD_INIT_H
#define KLPBUILD_INIT_H

static struct klp_patch *kb_patch;

static int __init kb_mod_init(void)
{
	unsigned int nr_objs = ARRAY_SIZE(kb_objects), i, j;
	struct klp_object *objs;

	if (!nr_objs) {
		pr_err("nothing to patch!\n");
		return -EINVAL;
	}
	kb_patch = kzalloc(sizeof(*kb_patch), GFP_KERNEL);
	if (!kb_patch)
		return -ENOMEM;
	objs = kcalloc(nr_objs + 1, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		goto err;
	for (i = 0; i < nr_objs; i++) {
		struct klp_object_ext *ext = &kb_objects[i];
		struct klp_func *funcs = kcalloc(ext->nr_funcs + 1, sizeof(*funcs), GFP_KERNEL);

		if (!funcs)
			goto err_objs;
		for (j = 0; j < ext->nr_funcs; j++) {
			funcs[j].old_name = ext->funcs[j].old_name;
			funcs[j].new_func = ext->funcs[j].new_func;
			funcs[j].old_sympos = ext->funcs[j].sympos;
		}
		objs[i].name = ext->name;
		objs[i].funcs = funcs;
		objs[i].callbacks = ext->callbacks;
	}
	kb_patch->mod = THIS_MODULE;
	kb_patch->objs = objs;
#ifdef KLP_NO_REPLACE
	kb_patch->replace = false;
#else
	kb_patch->replace = true;
#endif
	return klp_enable_patch(kb_patch);

err_objs:
	for (i = 0; i < nr_objs; i++)
		kfree(objs[i].funcs);
	kfree(objs);
err:
	kfree(kb_patch);
	return -ENOMEM;
}

static void __exit kb_mod_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kb_objects); i++)
		kfree(kb_patch->objs[i].funcs);
	kfree(kb_patch->objs);
	kfree(kb_patch);
}

module_init(kb_mod_init);
module_exit(kb_mod_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");

#endif
