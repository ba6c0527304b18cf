// SPDX-License-Identifier: GPL-2.0
/*
 * lp_multi - klpcheck test module.
 *
 * Covers: several objects and several functions per object, and old_sympos.
 *   object vmlinux (name NULL): cmdline_proc_show, meminfo_proc_show,
 *                               version_proc_show (fs/proc, ftrace-able)
 *   object "klpc_target" (module, see klpc_target_main.c/klpc_target_dup.c):
 *                               klpc_target_mul (old_sympos 0),
 *                               klpc_helper with old_sympos 2 (the static
 *                               klpc_helper of klpc_target_dup.c, the second
 *                               of the two same-name locals in that module)
 * No replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_multi");
	return 0;
}

static int livepatch_meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by lp_multi");
	return 0;
}

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "version patched by lp_multi");
	return 0;
}

static int livepatch_klpc_target_mul(int a, int b)
{
	return a * b + 1;
}

static int livepatch_klpc_helper2(int x)
{
	return x + 2002;
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show,
	},
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
	}, { }
};

static struct klp_func target_funcs[] = {
	{
		.old_name = "klpc_target_mul",
		.new_func = livepatch_klpc_target_mul,
	},
	{
		.old_name = "klpc_helper",
		.new_func = livepatch_klpc_helper2,
		.old_sympos = 2,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = vmlinux_funcs,
	},
	{
		.name = "klpc_target",
		.funcs = target_funcs,
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
MODULE_DESCRIPTION("klpcheck fixture: two objects, five functions, old_sympos");
