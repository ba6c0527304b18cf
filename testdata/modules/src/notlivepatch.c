// SPDX-License-Identifier: GPL-2.0
/*
 * notlivepatch - klpcheck test module.
 *
 * Covers: a plain hello-world module with no livepatch at all: no
 * <linux/livepatch.h>, no klp_* symbols, no livepatch=Y in .modinfo.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>

static int __init notlivepatch_init(void)
{
	pr_info("hello\n");
	return 0;
}

static void __exit notlivepatch_exit(void)
{
	pr_info("goodbye\n");
}

module_init(notlivepatch_init);
module_exit(notlivepatch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpcheck fixture: not a livepatch");
