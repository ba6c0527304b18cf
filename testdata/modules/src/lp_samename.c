// SPDX-License-Identifier: GPL-2.0
/*
 * lp_samename - klpcheck test module.
 *
 * Covers: a replacement that calls another function OF THE SAME NAME. klpc_target has two
 * static klpc_helper() (sympos 1 in klpc_target_main.c, sympos 2 in klpc_target_dup.c); this
 * patch replaces the second (old_sympos 2) with livepatch_klpc_helper(), which calls the first
 * through a klp relocation: build.sh runs ../../klp/klp-convert.py on the module, turning the
 * weak undefined klpc_helper into .klp.sym.klpc_target.klpc_helper,1 in
 * .klp.rela.klpc_target..text. Not recursion: the call reaches klpc_helper,1, which no patch
 * replaces. /proc/klpc_target then prints helper2 = (x + 1) + 1000 + 7.
 * lp_samename_self.ko is the same module converted with sympos 2: that call does recurse.
 * Object "klpc_target"; no replace, no callbacks, no states.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

/* Weak: modpost says nothing of it; klp-convert.py makes the reference a klp relocation. */
extern int klpc_helper(int x) __attribute__((weak));

static noinline int livepatch_klpc_helper(int x)
{
	return klpc_helper(x) + 7;
}

static struct klp_func funcs[] = {
	{
		.old_name = "klpc_helper",
		.new_func = livepatch_klpc_helper,
		.old_sympos = 2,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "klpc_target",
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
