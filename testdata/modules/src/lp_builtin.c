// SPDX-License-Identifier: GPL-2.0
/*
 * lp_builtin - klpcheck test module.
 *
 * Covers: an object named after a module that Debian builds into vmlinux
 * (binfmt_script, listed in modules.builtin): klp_find_object_module() never
 * finds such a module, so the object is never patched and the kernel says
 * nothing; load_script would have to be patched as part of vmlinux (KLP407).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/binfmts.h>

static int livepatch_load_script(struct linux_binprm *bprm)
{
	return -ENOEXEC;
}

static struct klp_func funcs[] = {
	{
		.old_name = "load_script",
		.new_func = livepatch_load_script,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "binfmt_script",
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
MODULE_DESCRIPTION("klpcheck fixture: an object built into vmlinux");
