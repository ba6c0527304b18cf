// SPDX-License-Identifier: GPL-2.0
/*
 * lp_bsd - klpcheck test module.
 *
 * Covers: lp_single under MODULE_LICENSE("BSD"), a license the kernel does not
 * count as GPL-compatible (include/linux/license.h): the loader taints the
 * module proprietary and then finds no GPL-only export for it, and
 * klp_enable_patch() is EXPORT_SYMBOL_GPL (KLP112). modpost refuses to link
 * a GPL-incompatible module that uses a GPL-only symbol, even with
 * KBUILD_MODPOST_WARN=1, so the source says "GPL" and build.sh rewrites the
 * .modinfo entry to "BSD" afterwards, as a module built by another tool, or
 * edited, would have it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by lp_bsd");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
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
MODULE_LICENSE("GPL"); /* "BSD" once built */
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: a BSD-licensed patch calling the GPL-only klp_enable_patch");
