// SPDX-License-Identifier: GPL-2.0
/*
 * kp_nosym - klpcheck test module: lp_nosym in the kpatch-build format.
 *
 * One struct kpatch_patch_func for klpc_no_such_function (objname "vmlinux", sympos 0), a
 * function no kernel has, as in lp_nosym. kpatch-build would stop earlier (create-diff-object
 * cannot find it in the target's symbol table); the module stands for one built against the
 * wrong kernel. Built with -R (replace = false).
 * Differences from a real kpatch-build module: see kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "kpatch_fixture.h"

static int klpc_no_such_function(int x)
{
	return x + 1;
}

KP_STRING(kp_s_klpc_no_such_function, "klpc_no_such_function");
KP_STRING(kp_s_vmlinux, "vmlinux");

KP_FUNCS = {
	KP_FUNC(klpc_no_such_function, 0, kp_s_klpc_no_such_function, kp_s_vmlinux),
};

MODULE_DESCRIPTION("klpcheck fixture: lp_nosym in the kpatch-build format");
