// SPDX-License-Identifier: GPL-2.0
/*
 * lp_k5_1 - klpcheck old-layout fixture standing for Linux 5.1-5.4
 * (vermagic of Ubuntu 19.10's 5.3.0-18-generic).
 *
 * Covers: the atomic-replace ABI before klp_state:
 *   klp_patch  5.1-5.4: mod, objs, replace | list, kobj, obj_list, enabled,
 *                       forced, free_work, finish
 *   klp_object 5.1+:    name, funcs, callbacks | kobj, func_list, node, mod,
 *                       dynamic, patched
 *   klp_func   5.1+:    old_name, new_func, old_sympos | old_func, kobj,
 *                       node, stack_node, old_size, new_size, nop, patched,
 *                       transition
 * Declared here field for field as 5.3 declared them (no
 * <linux/livepatch.h>; internal fields use the real kernel types), so the
 * DWARF and array strides are those of a 5.1-5.4 module.
 * Flags: replace = true. One object (vmlinux) with a post_patch callback
 * (the other three NULL), two functions (uptime_proc_show,
 * version_proc_show).
 * API of the era: only klp_enable_patch() in init (declared extern by hand:
 * it exists in 6.1 too, but with the 5.5+ struct layout); empty exit.
 * build.sh rewrites vermagic to "5.3.0-18-generic SMP mod_unload ".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

/* include/linux/livepatch.h as of v5.3 */
struct klp_func {
	/* external */
	const char *old_name;
	void *new_func;
	unsigned long old_sympos;

	/* internal */
	void *old_func;
	struct kobject kobj;
	struct list_head node;
	struct list_head stack_node;
	unsigned long old_size, new_size;
	bool nop;
	bool patched;
	bool transition;
};

struct klp_object;

struct klp_callbacks {
	int (*pre_patch)(struct klp_object *obj);
	void (*post_patch)(struct klp_object *obj);
	void (*pre_unpatch)(struct klp_object *obj);
	void (*post_unpatch)(struct klp_object *obj);
	bool post_unpatch_enabled;
};

struct klp_object {
	/* external */
	const char *name;
	struct klp_func *funcs;
	struct klp_callbacks callbacks;

	/* internal */
	struct kobject kobj;
	struct list_head func_list;
	struct list_head node;
	struct module *mod;
	bool dynamic;
	bool patched;
};

struct klp_patch {
	/* external */
	struct module *mod;
	struct klp_object *objs;
	bool replace;

	/* internal */
	struct list_head list;
	struct kobject kobj;
	struct list_head obj_list;
	bool enabled;
	bool forced;
	struct work_struct free_work;
	struct completion finish;
};

/* x86_64 sizes and author-field offsets (docs/design.md, struct layout eras) */
_Static_assert(sizeof(struct klp_func) == 152, "klp_func 5.1+ is 152 bytes");
_Static_assert(offsetof(struct klp_func, old_func) == 24, "klp_func.old_func");
_Static_assert(offsetof(struct klp_func, nop) == 144, "klp_func.nop");
_Static_assert(sizeof(struct klp_callbacks) == 40, "klp_callbacks is 40 bytes");
_Static_assert(sizeof(struct klp_object) == 168, "klp_object 5.1+ is 168 bytes");
_Static_assert(offsetof(struct klp_object, kobj) == 56, "klp_object.kobj");
_Static_assert(sizeof(struct klp_patch) == 192, "klp_patch 5.1-5.4 is 192 bytes");
_Static_assert(offsetof(struct klp_patch, replace) == 16, "klp_patch.replace");

/* the 5.1 API: only klp_enable_patch() is left */
extern int klp_enable_patch(struct klp_patch *patch);

static int livepatch_uptime_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "uptime replaced by lp_k5_1");
	return 0;
}

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "version replaced by lp_k5_1");
	return 0;
}

static void vmlinux_post_patch(struct klp_object *obj)
{
	pr_info("vmlinux post_patch\n");
}

static struct klp_func funcs[] = {
	{
		.old_name = "uptime_proc_show",
		.new_func = livepatch_uptime_proc_show,
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
		.callbacks = {
			.post_patch = vmlinux_post_patch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.replace = true,
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
MODULE_DESCRIPTION("klpcheck fixture: Linux 5.1-5.4 livepatch layout, atomic replace");
