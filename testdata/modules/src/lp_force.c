// SPDX-License-Identifier: GPL-2.0
/*
 * lp_force - klpcheck test module.
 *
 * Covers: kpatch's KPATCH_FORCE_UNSAFE(). kpatch-build's kpatch-macros.h
 * defines it as a pointer to the function placed in the ".kpatch.force"
 * section, which tells create-diff-object to skip its safety checks for that
 * function. This module is a hand-written klp_patch (so it decodes like the
 * others) that carries such a section, as a kpatch patch source would.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "cmdline patched by lp_force\n");
	return 0;
}

/* As KPATCH_FORCE_UNSAFE(livepatch_cmdline_proc_show) expands. */
static void *__kpatch_force_func_livepatch_cmdline_proc_show
	__section(".kpatch.force") __used = livepatch_cmdline_proc_show;

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = livepatch_cmdline_proc_show, },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs, },
	{ }
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
MODULE_DESCRIPTION("klpcheck fixture: a .kpatch.force section");
