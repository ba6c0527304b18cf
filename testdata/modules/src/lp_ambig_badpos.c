// SPDX-License-Identifier: GPL-2.0
/*
 * lp_ambig_badpos - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: the ambiguous vmlinux target of lp_ambig (ipmr_expire_process, two
 * static copies) with old_sympos = 3, a position that does not exist. Refused:
 * "livepatch: symbol position 3 for symbol 'ipmr_expire_process' in object
 * 'vmlinux' not found" (objname printed as vmlinux), EINVAL.
 * One object (vmlinux), one function, no replace, no callbacks, no states.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/timer.h>

static void livepatch_ipmr_expire_process(struct timer_list *t)
{
	/* never runs in the tests: no multicast routing is set up */
}

static struct klp_func funcs[] = {
	{
		.old_name = "ipmr_expire_process",
		.new_func = livepatch_ipmr_expire_process,
		.old_sympos = 3,
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
MODULE_DESCRIPTION("klpcheck fixture: ambiguous vmlinux target, old_sympos 3 (too large)");
