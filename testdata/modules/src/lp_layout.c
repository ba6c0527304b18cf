// SPDX-License-Identifier: GPL-2.0
/*
 * lp_layout - klpcheck test module (KLP603).
 *
 * Covers: a replacement that reads a struct whose layout changed between
 * kernels. livepatch_cmdline_proc_show reads the struct file behind the
 * seq_file (f_flags, f_mode). Built against Debian's 6.1 headers, f_flags is
 * at offset 64 of struct file; in Debian 6.12's BTF struct file was
 * reordered and f_flags is at 48. Checked against the 6.1 BTF: no finding;
 * against the 6.12 BTF: KLP603 names struct file, the member and both
 * offsets. (struct seq_file itself is the same in both.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>
#include <linux/fs.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	const struct file *file = m->file;

	seq_printf(m, "lp_layout: /proc/cmdline opened with flags %#x mode %#x\n",
		   file ? file->f_flags : 0, file ? (unsigned int)file->f_mode : 0);
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
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: reads struct file, whose layout differs in 6.12");
