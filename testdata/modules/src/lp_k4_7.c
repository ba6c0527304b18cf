// SPDX-License-Identifier: GPL-2.0
/*
 * lp_k4_7 - klpcheck old-layout fixture standing for Linux 4.7-4.11
 * (vermagic of Debian 9's 4.9.0-3-amd64).
 *
 * Covers: the ABI after the 4.7 module ELF format and before the
 * consistency model: every struct carries an `enum klp_state state`, no
 * immediate, no callbacks, no replace, no states:
 *   klp_patch  4.0-4.11: mod, objs | list, kobj, state
 *   klp_object 4.7-4.11: name, funcs | kobj, mod, state
 *   klp_func   4.5-4.11: old_name, new_func, old_sympos | old_addr, kobj,
 *                        state, stack_node
 * Declared here field for field as 4.9 declared them (no
 * <linux/livepatch.h>; internal fields use the real kernel types), so the
 * DWARF and array strides are those of a 4.7-4.11 module.
 * One object (vmlinux), two functions: cmdline_proc_show with
 * old_sympos = 1 (explicit first occurrence), meminfo_proc_show.
 * API of the era: klp_register_patch() + klp_enable_patch() in init,
 * klp_disable_patch() + klp_unregister_patch() in exit, declared extern by
 * hand (KBUILD_MODPOST_WARN=1). build.sh rewrites vermagic to
 * "4.9.0-3-amd64 SMP mod_unload modversions ".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

/* include/linux/livepatch.h as of v4.9 */
enum klp_state {
	KLP_DISABLED,
	KLP_ENABLED
};

struct klp_func {
	/* external */
	const char *old_name;
	void *new_func;
	unsigned long old_sympos;

	/* internal */
	unsigned long old_addr;
	struct kobject kobj;
	enum klp_state state;
	struct list_head stack_node;
};

struct klp_object {
	/* external */
	const char *name;
	struct klp_func *funcs;

	/* internal */
	struct kobject kobj;
	struct module *mod;
	enum klp_state state;
};

struct klp_patch {
	/* external */
	struct module *mod;
	struct klp_object *objs;

	/* internal */
	struct list_head list;
	struct kobject kobj;
	enum klp_state state;
};

/* x86_64 sizes and author-field offsets (docs/design.md, struct layout eras) */
_Static_assert(sizeof(struct klp_func) == 120, "klp_func 4.5-4.11 is 120 bytes");
_Static_assert(offsetof(struct klp_func, old_sympos) == 16, "klp_func.old_sympos");
_Static_assert(sizeof(struct klp_object) == 96, "klp_object 4.7-4.14 is 96 bytes");
_Static_assert(sizeof(struct klp_patch) == 104, "klp_patch 4.0-4.11 is 104 bytes");
_Static_assert(offsetof(struct klp_patch, objs) == 8, "klp_patch.objs");

/* the 4.7-4.11 API, absent from the kernel this is built against */
extern int klp_register_patch(struct klp_patch *patch);
extern int klp_unregister_patch(struct klp_patch *patch);
extern int klp_enable_patch(struct klp_patch *patch);
extern int klp_disable_patch(struct klp_patch *patch);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_k4_7");
	return 0;
}

static int livepatch_meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by lp_k4_7");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
		.old_sympos = 1,
	},
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show,
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
	int ret;

	ret = klp_register_patch(&patch);
	if (ret)
		return ret;
	ret = klp_enable_patch(&patch);
	if (ret) {
		WARN_ON(klp_unregister_patch(&patch));
		return ret;
	}
	return 0;
}

static void livepatch_exit(void)
{
	WARN_ON(klp_disable_patch(&patch));
	WARN_ON(klp_unregister_patch(&patch));
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: Linux 4.7-4.11 livepatch layout");
