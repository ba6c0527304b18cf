// SPDX-License-Identifier: GPL-2.0
/*
 * kp_multi - klpcheck test module: lp_multi in the kpatch-build format.
 *
 * .kpatch.funcs, in the order create-diff-object would list them here:
 *   cmdline_proc_show, meminfo_proc_show, version_proc_show   objname "vmlinux", sympos 0
 *   klpc_target_mul (sympos 0), klpc_helper (sympos 2)       objname "klpc_target"
 * Built with -R (replace = false), no callbacks, no force. The hook list_add()s, so the
 * klp_patch it builds has object klpc_target first (klpc_helper, klpc_target_mul), then vmlinux
 * (version_proc_show, meminfo_proc_show, cmdline_proc_show).
 * A real kpatch-build run builds one patch module per patch, and a module object only when the
 * patch touches that module's sources; the klpc_target part stands for such a change.
 * Differences from a real kpatch-build module: see kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/seq_file.h>

#include "kpatch_fixture.h"

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by kp_multi");
	return 0;
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kp_multi");
	return 0;
}

static int version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "version patched by kp_multi");
	return 0;
}

static int klpc_target_mul(int a, int b)
{
	return a * b + 1;
}

static int klpc_helper(int x)
{
	return x + 2002;
}

KP_STRING(kp_s_cmdline_proc_show, "cmdline_proc_show");
KP_STRING(kp_s_meminfo_proc_show, "meminfo_proc_show");
KP_STRING(kp_s_version_proc_show, "version_proc_show");
KP_STRING(kp_s_klpc_target_mul, "klpc_target_mul");
KP_STRING(kp_s_klpc_helper, "klpc_helper");
KP_STRING(kp_s_vmlinux, "vmlinux");
KP_STRING(kp_s_klpc_target, "klpc_target");

KP_FUNCS = {
	KP_FUNC(cmdline_proc_show, 0, kp_s_cmdline_proc_show, kp_s_vmlinux),
	KP_FUNC(meminfo_proc_show, 0, kp_s_meminfo_proc_show, kp_s_vmlinux),
	KP_FUNC(version_proc_show, 0, kp_s_version_proc_show, kp_s_vmlinux),
	KP_FUNC(klpc_target_mul, 0, kp_s_klpc_target_mul, kp_s_klpc_target),
	KP_FUNC(klpc_helper, 2, kp_s_klpc_helper, kp_s_klpc_target),
};

MODULE_DESCRIPTION("klpcheck fixture: lp_multi in the kpatch-build format");
