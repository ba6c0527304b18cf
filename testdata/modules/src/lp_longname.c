// SPDX-License-Identifier: GPL-2.0
/*
 * lp_longname - klpcheck test module.
 *
 * Covers: an old_name of 600 characters, longer than KSYM_NAME_LEN (512 on
 * 6.1 and 6.12): klp_init_func() returns -EINVAL before any lookup and logs
 * nothing (KLP117).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by lp_longname");
	return 0;
}

#define LP_LONG100 "cmdline_proc_show_" \
	"0123456789012345678901234567890123456789012345678901234567890123456789012345678901"
#define LP_LONGNAME LP_LONG100 LP_LONG100 LP_LONG100 LP_LONG100 LP_LONG100 LP_LONG100

static struct klp_func funcs[] = {
	{
		.old_name = LP_LONGNAME,
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
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: an old_name of 600 characters");
