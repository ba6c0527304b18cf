// SPDX-License-Identifier: GPL-2.0
/*
 * lp_allow - klpcheck test module.
 *
 * Covers: an in-module suppression. The same function (uptime_proc_show) is
 * listed twice in vmlinux (what klpcheck's KLP105 reports), and the module
 * says MODULE_INFO(klpcheck_allow, "KLP105 KLP106"): KLP105 is suppressed,
 * KLP106 matches nothing (there is one object only) and must be reported as an
 * unused suppression. The kernel itself would still refuse this patch.
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static int livepatch_uptime_a(struct seq_file *m, void *v)
{
	seq_puts(m, "uptime patched by lp_allow (a)\n");
	return 0;
}

static int livepatch_uptime_b(struct seq_file *m, void *v)
{
	seq_puts(m, "uptime patched by lp_allow (b)\n");
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "uptime_proc_show", .new_func = livepatch_uptime_a, },
	{ .old_name = "uptime_proc_show", .new_func = livepatch_uptime_b, },
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
MODULE_INFO(klpcheck_allow, "KLP105 KLP106");
MODULE_DESCRIPTION("klpcheck fixture: in-module suppression of KLP105, unused KLP106");
