// SPDX-License-Identifier: GPL-2.0
/*
 * lp_notrace - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: a target with no ftrace site. tracing_is_on() (kernel/trace/trace.c,
 * int tracing_is_on(void), exported) is in kallsyms of Debian 6.1 and 6.12
 * amd64 but not in available_filter_functions: kernel/trace/ is built without
 * -pg/-mfentry. The symbol resolves, so the patch passes klp_init_patch();
 * enabling it fails with "livepatch: failed to find location for function
 * 'tracing_is_on'" and the patch is cancelled (EINVAL).
 * One object (vmlinux), one function, no replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static int livepatch_tracing_is_on(void)
{
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "tracing_is_on",
		.new_func = livepatch_tracing_is_on,
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
MODULE_DESCRIPTION("klpcheck fixture: target without an ftrace site (tracing_is_on)");
