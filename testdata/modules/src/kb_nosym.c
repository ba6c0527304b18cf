// SPDX-License-Identifier: GPL-2.0
/*
 * kb_nosym - klpcheck test module: lp_nosym in the klp-build format (.init.klp_objects).
 *
 * One klp_object_ext (vmlinux), one klp_func_ext: klpc_no_such_function, which no kernel has
 * (klp-build would stop at "can't find symbol"; this stands for a module built against the
 * wrong kernel). Built with KLP_NO_REPLACE (replace = false), as lp_nosym.
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define KB_INIT_SECTIONS

#include <linux/module.h>

#include "klpbuild_fixture.h"

static int klpc_no_such_function(int x)
{
	return x + 1;
}

KB_STRING(kb_s_klpc_no_such_function, "klpc_no_such_function");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_klpc_no_such_function, .new_func = klpc_no_such_function, .sympos = 0 },
};

KB_OBJECTS_DECL = {
	{ .name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs) },
};

MODULE_DESCRIPTION("klpcheck fixture: lp_nosym in the klp-build format");

#include "klpbuild_init.h"
