// SPDX-License-Identifier: GPL-2.0
/*
 * lp_ambig - klpcheck test module (kernel verdict tier, tests/kernel/).
 *
 * Covers: an ambiguous vmlinux target without old_sympos. vmlinux has two
 * static ipmr_expire_process() (net/ipv4/ipmr.c and net/ipv6/ip6mr.c, both
 * void (struct timer_list *), both ftrace-able) in Debian 6.1 and 6.12 amd64,
 * and no other symbol of that name. With old_sympos 0 the kernel refuses the
 * patch: "livepatch: unresolvable ambiguity for symbol 'ipmr_expire_process'
 * in object '(null)'" (objname NULL for vmlinux), EINVAL.
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
		.old_sympos = 0,
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
MODULE_DESCRIPTION("klpcheck fixture: ambiguous vmlinux target, old_sympos 0");
