// SPDX-License-Identifier: GPL-2.0
/*
 * kp_single - klpcheck test module: lp_single in the kpatch-build format.
 *
 * What kpatch-build (dynup/kpatch master 7085e9d, livepatch flavour) makes of a patch to
 * fs/proc/cmdline.c's cmdline_proc_show, built with -R (no atomic replace), as lp_single is:
 *   .kpatch.funcs    one struct kpatch_patch_func: new_addr -> cmdline_proc_show (the new
 *                    function keeps its name), sympos 0, name "cmdline_proc_show",
 *                    objname "vmlinux" (both in .kpatch.strings)
 *   .kpatch.callbacks.*, .kpatch.force   empty (8 zero bytes each, kpatch_fixture.lds)
 *   the hook (kpatch_fixture.h): klp_patch with one object (vmlinux), replace = false
 *                    (Kbuild: -DKLP_REPLACE_ENABLE=false, what -R does)
 * Differences from a real kpatch-build module: see kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/seq_file.h>

#include "kpatch_fixture.h"

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by kp_single");
	return 0;
}

KP_STRING(kp_s_cmdline_proc_show, "cmdline_proc_show");
KP_STRING(kp_s_vmlinux, "vmlinux");

KP_FUNCS = {
	KP_FUNC(cmdline_proc_show, 0, kp_s_cmdline_proc_show, kp_s_vmlinux),
};

MODULE_DESCRIPTION("klpcheck fixture: lp_single in the kpatch-build format");
