// SPDX-License-Identifier: GPL-2.0
/*
 * lp_states - klpcheck test module.
 *
 * Covers: klp_patch.states (struct klp_state, 5.5+) with two entries
 * (id 1 version 1, id 42 version 3, then the id-0 terminator), atomic
 * replace (.replace = true), and shadow variables: the new function uses
 * klp_shadow_get_or_alloc() and klp_shadow_free().
 * One object (vmlinux), one function (uptime_proc_show).
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>
#include <linux/gfp.h>

#define KLPC_STATE_COUNTER	1
#define KLPC_STATE_FORMAT	42
#define KLPC_SHADOW_CALLS	0x6b6c7063UL	/* "klpc" */

static int livepatch_uptime_proc_show(struct seq_file *m, void *v)
{
	int *calls;

	/* per-seq_file call counter kept in a shadow variable */
	calls = klp_shadow_get_or_alloc(m, KLPC_SHADOW_CALLS, sizeof(*calls),
					GFP_KERNEL, NULL, NULL);
	seq_printf(m, "uptime patched by lp_states (call %d)\n",
		   calls ? ++*calls : -1);
	/* the seq_file goes away after this read: drop the shadow now */
	klp_shadow_free(m, KLPC_SHADOW_CALLS, NULL);
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "uptime_proc_show",
		.new_func = livepatch_uptime_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_state states[] = {
	{
		.id = KLPC_STATE_COUNTER,
		.version = 1,
	},
	{
		.id = KLPC_STATE_FORMAT,
		.version = 3,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.states = states,
	.replace = true,
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
MODULE_DESCRIPTION("klpcheck fixture: klp_state array, replace, shadow variables");
