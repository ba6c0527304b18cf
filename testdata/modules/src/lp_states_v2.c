// SPDX-License-Identifier: GPL-2.0
/*
 * lp_states_v2 - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: a klp_state upgrade that is compatible with lp_states: the same
 * state ids (1 version 1, 42 version 4; lp_states has 42 version 3), atomic
 * replace (.replace = true), one object (vmlinux), one function
 * (uptime_proc_show). Loaded over lp_states it is accepted and replaces it;
 * lp_states loaded over it is refused (its state 42 is older).
 * No callbacks, no shadow variables.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_uptime_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "uptime patched by lp_states_v2");
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
		.id = 1,
		.version = 1,
	},
	{
		.id = 42,
		.version = 4,
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
MODULE_DESCRIPTION("klpcheck fixture: klp_state upgrade (42 v3 -> v4), replace");
