// SPDX-License-Identifier: GPL-2.0
/*
 * kp_dup_func - klpcheck test module: lp_dup_func in the kpatch-build format.
 *
 * Two struct kpatch_patch_func for meminfo_proc_show (objname "vmlinux", sympos 0) with two
 * different new functions, as in lp_dup_func. create-diff-object lists each changed function
 * once, so kpatch-build itself never emits this: it stands for a hand-edited or merged module.
 * The kernel refuses it as it refuses lp_dup_func. Built with -R (replace = false).
 * Differences from a real kpatch-build module: see kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/seq_file.h>

#include "kpatch_fixture.h"

static int meminfo_proc_show_a(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kp_dup_func (a)");
	return 0;
}

static int meminfo_proc_show_b(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kp_dup_func (b)");
	return 0;
}

KP_STRING(kp_s_meminfo_proc_show, "meminfo_proc_show");
KP_STRING(kp_s_vmlinux, "vmlinux");

KP_FUNCS = {
	KP_FUNC(meminfo_proc_show_a, 0, kp_s_meminfo_proc_show, kp_s_vmlinux),
	KP_FUNC(meminfo_proc_show_b, 0, kp_s_meminfo_proc_show, kp_s_vmlinux),
};

MODULE_DESCRIPTION("klpcheck fixture: lp_dup_func in the kpatch-build format");
