// SPDX-License-Identifier: GPL-2.0
/*
 * kb_dup_func - klpcheck test module: lp_dup_func in the klp-build format (__klp_objects).
 *
 * One klp_object_ext (vmlinux) with two klp_func_ext for meminfo_proc_show (sympos 0) and two
 * different new functions. objtool lists each changed function once, so klp-build never emits
 * this; it stands for a hand-edited module. Built with KLP_NO_REPLACE (replace = false).
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>

#include "klpbuild_fixture.h"

static int meminfo_proc_show_a(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kb_dup_func (a)");
	return 0;
}

static int meminfo_proc_show_b(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kb_dup_func (b)");
	return 0;
}

KB_STRING(kb_s_meminfo_proc_show, "meminfo_proc_show");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_meminfo_proc_show, .new_func = meminfo_proc_show_a, .sympos = 0 },
	{ .old_name = kb_s_meminfo_proc_show, .new_func = meminfo_proc_show_b, .sympos = 0 },
};

KB_OBJECTS_DECL = {
	{ .name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs) },
};

MODULE_DESCRIPTION("klpcheck fixture: lp_dup_func in the klp-build format");

#include "klpbuild_init.h"
