// SPDX-License-Identifier: GPL-2.0
/*
 * lp_k4_15 - klpcheck old-layout fixture standing for Linux 4.15
 * (e.g. Ubuntu 18.04's 4.15.0-20-generic).
 *
 * Covers: the 4.15 livepatch ABI, the only release that has both
 * `immediate` (4.12-4.15) and `struct klp_callbacks` (4.15+):
 *   klp_patch  4.12-4.15: mod, objs, immediate | list, kobj, enabled, finish
 *   klp_object 4.15-5.0:  name, funcs, callbacks | kobj, mod, patched
 *   klp_func   4.12-4.15: old_name, new_func, old_sympos, immediate |
 *                         old_addr, kobj, stack_node, old_size, new_size,
 *                         patched, transition
 * The structs are declared here field for field as 4.15 declared them (it
 * does NOT include <linux/livepatch.h>; the kernel-internal fields use the
 * real kernel types of the headers it is built against), so the module's
 * DWARF and the array strides are those of a 4.15 module.
 * Flags: the patch is NOT immediate; meminfo_proc_show has
 * klp_func.immediate = true, cmdline_proc_show has not. The vmlinux object
 * has pre_patch and post_unpatch callbacks, post_patch/pre_unpatch NULL.
 * API of the era: klp_register_patch() + klp_enable_patch() in init,
 * klp_unregister_patch() in exit (declared extern by hand; undefined on
 * the 6.1 headers it is built with, hence KBUILD_MODPOST_WARN=1).
 * build.sh rewrites vermagic to "4.15.0-20-generic SMP mod_unload ".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/completion.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

/* include/linux/livepatch.h as of v4.15 */
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
_Static_assert(offsetof(struct klp_func, old_sympos) == 16, "klp_func.old_sympos");
_Static_assert(offsetof(struct klp_func, immediate) == 24, "klp_func.immediate");
_Static_assert(offsetof(struct klp_func, old_addr) == 32, "klp_func.old_addr");
_Static_assert(sizeof(struct klp_callbacks) == 40, "klp_callbacks is 40 bytes");
_Static_assert(sizeof(struct klp_object) == 136, "klp_object 4.15-5.0 is 136 bytes");
_Static_assert(offsetof(struct klp_object, callbacks) == 16, "klp_object.callbacks");
_Static_assert(sizeof(struct klp_patch) == 144, "klp_patch 4.12-4.15 is 144 bytes");
_Static_assert(offsetof(struct klp_patch, immediate) == 16, "klp_patch.immediate");

/* the 4.15 API, absent from the kernel this is built against */
extern int klp_register_patch(struct klp_patch *patch);
extern int klp_unregister_patch(struct klp_patch *patch);
extern int klp_enable_patch(struct klp_patch *patch);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by lp_k4_15");
	return 0;
}

static int livepatch_meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by lp_k4_15 (immediate)");
	return 0;
}

static int vmlinux_pre_patch(struct klp_object *obj)
{
	pr_info("vmlinux pre_patch\n");
	return 0;
}

static void vmlinux_post_unpatch(struct klp_object *obj)
{
	pr_info("vmlinux post_unpatch\n");
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show,
		.immediate = true,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
		.callbacks = {
			.pre_patch = vmlinux_pre_patch,
			.post_unpatch = vmlinux_post_unpatch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	/* .immediate = false: consistency model, except for one func */
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
MODULE_DESCRIPTION("klpcheck fixture: Linux 4.15 livepatch layout");
