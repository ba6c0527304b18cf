// SPDX-License-Identifier: GPL-2.0
/*
 * lp_k4_12 - klpcheck old-layout fixture standing for Linux 4.12-4.14
 * (vermagic of Debian's 4.12.0-1-amd64).
 *
 * Covers: the consistency-model ABI before callbacks:
 *   klp_patch  4.12-4.15: mod, objs, immediate | list, kobj, enabled, finish
 *   klp_object 4.12-4.14: name, funcs | kobj, mod, patched
 *   klp_func   4.12-4.15: old_name, new_func, old_sympos, immediate |
 *                         old_addr, kobj, stack_node, old_size, new_size,
 *                         patched, transition
 * Declared here field for field as 4.12 declared them (no
 * <linux/livepatch.h>; internal fields use the real kernel types), so the
 * DWARF and array strides are those of a 4.12 module.
 * Flags: the PATCH is immediate (klp_patch.immediate = true); no func sets
 * immediate. One object (vmlinux), two functions (cmdline_proc_show,
 * version_proc_show). No callbacks (the layout has none).
 * API of the era: klp_register_patch() + klp_enable_patch() in init,
 * klp_unregister_patch() in exit, declared extern by hand
 * (KBUILD_MODPOST_WARN=1). build.sh rewrites vermagic to
 * "4.12.0-1-amd64 SMP mod_unload modversions ".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/completion.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

/* include/linux/livepatch.h as of v4.12 */
struct klp_func {
	/* external */
	const char *old_name;
	void *new_func;
	unsigned long old_sympos;
	bool immediate;

	/* internal */
	unsigned long old_addr;
	struct kobject kobj;
	struct list_head stack_node;
	unsigned long old_size, new_size;
	bool patched;
	bool transition;
};

struct klp_object {
	/* external */
	const char *name;
	struct klp_func *funcs;

	/* internal */
	struct kobject kobj;
	struct module *mod;
	bool patched;
};

struct klp_patch {
	/* external */
	struct module *mod;
	struct klp_object *objs;
	bool immediate;

	/* internal */
	struct list_head list;
	struct kobject kobj;
	bool enabled;
	struct completion finish;
};

/* x86_64 sizes and author-field offsets (docs/design.md, struct layout eras) */
_Static_assert(sizeof(struct klp_func) == 144, "klp_func 4.12-4.15 is 144 bytes");
_Static_assert(offsetof(struct klp_func, immediate) == 24, "klp_func.immediate");
_Static_assert(sizeof(struct klp_object) == 96, "klp_object 4.7-4.14 is 96 bytes");
_Static_assert(offsetof(struct klp_object, funcs) == 8, "klp_object.funcs");
_Static_assert(sizeof(struct klp_patch) == 144, "klp_patch 4.12-4.15 is 144 bytes");
_Static_assert(offsetof(struct klp_patch, immediate) == 16, "klp_patch.immediate");

/* the 4.12 API, absent from the kernel this is built against */
extern int klp_register_patch(struct klp_patch *patch);
extern int klp_unregister_patch(struct klp_patch *patch);
extern int klp_enable_patch(struct klp_patch *patch);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_k4_12");
	return 0;
}

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "version patched by lp_k4_12");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
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
	.immediate = true,
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
	WARN_ON(klp_unregister_patch(&patch));
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: Linux 4.12-4.14 livepatch layout, immediate patch");
