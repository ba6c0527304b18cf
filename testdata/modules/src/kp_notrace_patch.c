// SPDX-License-Identifier: GPL-2.0
/*
 * kp_notrace - klpcheck test module: lp_notrace in the kpatch-build format.
 *
 * One struct kpatch_patch_func for tracing_is_on (objname "vmlinux", sympos 0): in kallsyms,
 * not in available_filter_functions on Debian 6.1 and 6.12, as in lp_notrace. kpatch-build
 * would refuse it earlier ("function tracing_is_on doesn't have patchable function entry");
 * the module stands for one that bypassed that check. Built with -R (replace = false).
 * Differences from a real kpatch-build module: see kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "kpatch_fixture.h"

/* Global, like the function it replaces (declared in <linux/kernel.h>). */
int tracing_is_on(void)
{
	return 0;
}

KP_STRING(kp_s_tracing_is_on, "tracing_is_on");
KP_STRING(kp_s_vmlinux, "vmlinux");

KP_FUNCS = {
	KP_FUNC(tracing_is_on, 0, kp_s_tracing_is_on, kp_s_vmlinux),
};

MODULE_DESCRIPTION("klpcheck fixture: lp_notrace in the kpatch-build format");
