// SPDX-License-Identifier: GPL-2.0
/*
 * lp_no_objs - klpcheck test module.
 *
 * Covers: a struct klp_patch whose objs pointer is NULL. klp_enable_patch()
 * returns -EINVAL at its first check without logging anything (5.1+).
 * Layout: real <linux/livepatch.h> (5.5+ layout).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = NULL,
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
MODULE_DESCRIPTION("klpcheck fixture: klp_patch.objs is NULL");
