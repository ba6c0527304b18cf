// SPDX-License-Identifier: GPL-2.0
/*
 * kb_callbacks - klpcheck test module: lp_callbacks in the klp-build format
 * (.init.klp_objects), with klp-build's default atomic replace.
 *
 * klp_object_ext[0]: vmlinux, meminfo_proc_show; callbacks pre_patch = vmlinux_pre_patch,
 *                    post_unpatch = vmlinux_post_unpatch
 * klp_object_ext[1]: "klpc_target", klpc_target_add; callbacks pre_patch = target_pre_patch,
 *                    post_patch = target_post_patch, pre_unpatch = target_pre_unpatch
 * Built without KLP_NO_REPLACE: replace = true (lp_callbacks has false).
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define KB_INIT_SECTIONS

#include <linux/module.h>
#include <linux/seq_file.h>

#include "klpbuild_fixture.h"

static int vmlinux_pre_patch(struct klp_object *obj)
{
	pr_info("vmlinux pre_patch\n");
	return 0;
}

static void vmlinux_post_unpatch(struct klp_object *obj)
{
	pr_info("vmlinux post_unpatch\n");
}

static int target_pre_patch(struct klp_object *obj)
{
	pr_info("%s pre_patch\n", obj->name);
	return 0;
}

static void target_post_patch(struct klp_object *obj)
{
	pr_info("%s post_patch\n", obj->name);
}

static void target_pre_unpatch(struct klp_object *obj)
{
	pr_info("%s pre_unpatch\n", obj->name);
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kb_callbacks");
	return 0;
}

static int klpc_target_add(int a, int b)
{
	return a + b + 100;
}

KB_STRING(kb_s_meminfo_proc_show, "meminfo_proc_show");
KB_STRING(kb_s_klpc_target_add, "klpc_target_add");
KB_STRING(kb_s_klpc_target, "klpc_target");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_meminfo_proc_show, .new_func = meminfo_proc_show, .sympos = 0 },
};

KB_FUNCS(kb_target_funcs) = {
	{ .old_name = kb_s_klpc_target_add, .new_func = klpc_target_add, .sympos = 0 },
};

KB_OBJECTS_DECL = {
	{
		.name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs),
		.callbacks = { .pre_patch = vmlinux_pre_patch, .post_unpatch = vmlinux_post_unpatch },
	},
	{
		.name = kb_s_klpc_target, .funcs = kb_target_funcs,
		.nr_funcs = ARRAY_SIZE(kb_target_funcs),
		.callbacks = {
			.pre_patch = target_pre_patch,
			.post_patch = target_post_patch,
			.pre_unpatch = target_pre_unpatch,
		},
	},
};

MODULE_DESCRIPTION("klpcheck fixture: lp_callbacks in the klp-build format, replace");

#include "klpbuild_init.h"
