// SPDX-License-Identifier: GPL-2.0
/*
 * klpc_target (second translation unit, klpc_target_dup.c) - klpcheck test module.
 *
 * Holds the second static klpc_helper() of module klpc_target (the first is in
 * klpc_target_main.c), so the name is ambiguous inside the module object and
 * a patch of this one needs old_sympos = 2. klpc_target_dup_call() is the
 * global entry that reaches it.
 */
#include <linux/module.h>
#include <linux/kernel.h>

#include "klpc_target.h"

static noinline __noclone int klpc_helper(int x)
{
	return x + 2000;
}

noinline __noclone int klpc_target_dup_call(int x)
{
	return klpc_helper(x);
}
