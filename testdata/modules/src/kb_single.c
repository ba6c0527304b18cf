// SPDX-License-Identifier: GPL-2.0
/*
 * kb_single - klpcheck test module: lp_single in the klp-build format (Linux 6.19 as first
 * merged: sections __klp_objects / __klp_funcs).
 *
 * One klp_object_ext: name NULL (vmlinux), nr_funcs 1, no callbacks; its klp_func_ext:
 * old_name "cmdline_proc_show", new_func -> cmdline_proc_show (objtool keeps the patched
 * function's name), sympos 0. Built with KLP_NO_REPLACE (klp-build --no-replace), so
 * replace = false, as lp_single.
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/seq_file.h>

#include "klpbuild_fixture.h"

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by kb_single");
	return 0;
}

KB_STRING(kb_s_cmdline_proc_show, "cmdline_proc_show");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_cmdline_proc_show, .new_func = cmdline_proc_show, .sympos = 0 },
};

KB_OBJECTS_DECL = {
	{ .name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs) },
};

MODULE_DESCRIPTION("klpcheck fixture: lp_single in the klp-build format");

#include "klpbuild_init.h"
