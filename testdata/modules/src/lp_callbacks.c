// SPDX-License-Identifier: GPL-2.0
/*
 * lp_callbacks - klpcheck test module.
 *
 * Covers: per-object callbacks (struct klp_callbacks inside klp_object),
 * some set and some NULL, on vmlinux and on a module object.
 *   object vmlinux:      pre_patch   = vmlinux_pre_patch
 *                        post_patch  = NULL
 *                        pre_unpatch = NULL
 *                        post_unpatch= vmlinux_post_unpatch
 *                        funcs: meminfo_proc_show
 *   object klpc_target:  pre_patch   = target_pre_patch
 *                        post_patch  = target_post_patch
 *                        pre_unpatch = target_pre_unpatch
 *                        post_unpatch= NULL
 *                        funcs: klpc_target_add
 * No replace, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int vmlinux_pre_patch(struct klp_object *obj)
{
	pr_info("vmlinux pre_patch\n");
	return 0;
}

static void vmlinux_post_unpatch(struct klp_object *obj)
{
	pr_info("vmlinux post_unpatch\n");
}

static int target_pre_patch(struct klp_object *obj)
{
	pr_info("%s pre_patch\n", obj->name);
	return 0;
}

static void target_post_patch(struct klp_object *obj)
{
	pr_info("%s post_patch\n", obj->name);
}

static void target_pre_unpatch(struct klp_object *obj)
{
	pr_info("%s pre_unpatch\n", obj->name);
}

static int livepatch_meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by lp_callbacks");
	return 0;
}

static int livepatch_klpc_target_add(int a, int b)
{
	return a + b + 100;
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show,
	}, { }
};

static struct klp_func target_funcs[] = {
	{
		.old_name = "klpc_target_add",
		.new_func = livepatch_klpc_target_add,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = vmlinux_funcs,
		.callbacks = {
			.pre_patch = vmlinux_pre_patch,
			.post_unpatch = vmlinux_post_unpatch,
		},
	},
	{
		.name = "klpc_target",
		.funcs = target_funcs,
		.callbacks = {
			.pre_patch = target_pre_patch,
			.post_patch = target_post_patch,
			.pre_unpatch = target_pre_unpatch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: object callbacks on vmlinux and a module");
