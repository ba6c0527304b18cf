// SPDX-License-Identifier: GPL-2.0
/*
 * lp_jumplabel - klpcheck test module.
 *
 * Covers: a replacement function that tests a static key of vmlinux
 * (cpuset_cgrp_subsys_enabled_key, exported by Debian 6.1 and 6.12), so the
 * module has a __jump_table entry relocated against that key. As built it is
 * a clean module; testdata/klp/make-fixtures.sh turns that key's relocation
 * into a livepatch relocation, which then lands in __jump_table (KLP507), as a
 * kpatch-build or klp-build patch referencing a non-exported key would.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/jump_label.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

DECLARE_STATIC_KEY_TRUE(cpuset_cgrp_subsys_enabled_key);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	if (static_branch_likely(&cpuset_cgrp_subsys_enabled_key))
		seq_puts(m, "cmdline patched by lp_jumplabel (cpuset on)\n");
	else
		seq_puts(m, "cmdline patched by lp_jumplabel (cpuset off)\n");
	return 0;
}

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
MODULE_DESCRIPTION("klpcheck fixture: a static key of vmlinux in new code");
