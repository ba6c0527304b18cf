// SPDX-License-Identifier: GPL-2.0
/*
 * klpc_target (first translation unit, klpc_target_main.c) - klpcheck test module.
 *
 * NOT a livepatch. A plain module whose functions other fixtures patch as
 * the module object "klpc_target":
 *   klpc_target_add()   global, EXPORT_SYMBOL_GPL, noinline (lp_recursive
 *                       patches it and calls it back by name)
 *   klpc_target_mul()   global, noinline
 *   klpc_target_show()  global, noinline: the seq_file show of /proc/klpc_target
 *   klpc_helper()       static noinline; a second static klpc_helper() lives in
 *                       klpc_target_dup.c, so the name occurs twice in the
 *                       module's symbol table (this one first: old_sympos 1,
 *                       the one in klpc_target_dup.c: old_sympos 2)
 * Reading /proc/klpc_target calls all of them, so a qemu test can see which
 * version of each function runs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "klpc_target.h"

static noinline __noclone int klpc_helper(int x)
{
	return x + 1000;
}

noinline __noclone int klpc_target_add(int a, int b)
{
	return a + b;
}
EXPORT_SYMBOL_GPL(klpc_target_add);

noinline __noclone int klpc_target_mul(int a, int b)
{
	return a * b;
}

noinline __noclone int klpc_target_show(struct seq_file *m, void *v)
{
	int x = (int)(long)m->private;

	seq_printf(m, "add=%d mul=%d helper1=%d helper2=%d\n",
		   klpc_target_add(x + 2, 3), klpc_target_mul(x + 2, 3),
		   klpc_helper(x + 1), klpc_target_dup_call(x + 1));
	return 0;
}

static struct proc_dir_entry *klpc_proc;

static int __init klpc_target_init(void)
{
	klpc_proc = proc_create_single("klpc_target", 0444, NULL, klpc_target_show);
	if (!klpc_proc)
		return -ENOMEM;
	pr_info("loaded\n");
	return 0;
}

static void __exit klpc_target_exit(void)
{
	proc_remove(klpc_proc);
}

module_init(klpc_target_init);
module_exit(klpc_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpcheck fixture: target module for module-object livepatches (not a livepatch)");
