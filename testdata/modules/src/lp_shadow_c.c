// SPDX-License-Identifier: GPL-2.0
/*
 * lp_shadow_c - klpcheck test module (KLP307).
 *
 * Covers: a shadow variable. The replacement of version_proc_show counts its calls in a
 * shadow variable attached to the seq_file, id KLPC_SHADOW_ID (0x4b4c5000),
 * allocated with klp_shadow_get_or_alloc() at 8 bytes. The same id and size as lp_shadow_a: no KLP307.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

#define KLPC_SHADOW_ID 0x4b4c5000UL

struct klpc_counter {
	unsigned long count[8 / sizeof(unsigned long)];
};

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	struct klpc_counter *c;

	c = klp_shadow_get_or_alloc(m, KLPC_SHADOW_ID, sizeof(*c), GFP_KERNEL, NULL, NULL);
	if (c)
		c->count[0]++;
	seq_printf(m, "%s\n", "this has been live patched by lp_shadow_c");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
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
MODULE_DESCRIPTION("klpcheck fixture: shadow variable 0x4b4c5000 of 8 bytes");
