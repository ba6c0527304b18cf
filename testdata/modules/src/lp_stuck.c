// SPDX-License-Identifier: GPL-2.0
/*
 * lp_stuck - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: a patch whose transition never completes by itself. It replaces
 * kthreadd() (kernel/kthread.c, int kthreadd(void *unused), ftrace-able in
 * Debian 6.1 and 6.12 amd64), the main loop of PID 2, which sleeps in
 * schedule() called from kthreadd() forever: the stack check always finds
 * kthreadd on kthreadd's stack ("kthreadd:2 is sleeping on function
 * kthreadd"), so the transition stays in progress until it is reversed
 * (enabled=0) or forced (force=1). The new function is never called: kthreadd
 * is started once at boot. It only exists to be a valid replacement.
 * One object (vmlinux), one function, no replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static int livepatch_kthreadd(void *unused)
{
	/* unreachable: kthreadd() is entered once, at boot */
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "kthreadd",
		.new_func = livepatch_kthreadd,
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
MODULE_DESCRIPTION("klpcheck fixture: transition blocked by a sleeping kthread (kthreadd)");
