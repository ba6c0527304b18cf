// SPDX-License-Identifier: GPL-2.0
/*
 * kb_notrace - klpcheck test module: lp_notrace in the klp-build format (__klp_objects).
 *
 * One klp_object_ext (vmlinux), one klp_func_ext: tracing_is_on, in kallsyms but not in
 * available_filter_functions on Debian 6.1 and 6.12. Built with KLP_NO_REPLACE
 * (replace = false), as lp_notrace.
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "klpbuild_fixture.h"

/* Global, like the function it replaces (declared in <linux/kernel.h>). */
int tracing_is_on(void)
{
	return 0;
}

KB_STRING(kb_s_tracing_is_on, "tracing_is_on");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_tracing_is_on, .new_func = tracing_is_on, .sympos = 0 },
};

KB_OBJECTS_DECL = {
	{ .name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs) },
};

MODULE_DESCRIPTION("klpcheck fixture: lp_notrace in the klp-build format");

#include "klpbuild_init.h"
