// SPDX-License-Identifier: GPL-2.0
/*
 * kp_staticcall - klpcheck test module: a kpatch-build patch whose new function holds a static
 * call site, reached through a vmlinux klp relocation.
 *
 * version_proc_show's replacement disables and re-enables preemption; on Debian's
 * PREEMPT_DYNAMIC kernels preempt_enable() calls the static call trampoline
 * __SCT__preempt_schedule, and objtool records the site in .static_call_sites. build.sh then
 * runs ../../klp/klp-convert.py, which moves the relocations against the trampoline into
 * .klp.rela.vmlinux..text and .klp.rela.vmlinux..static_call_sites, against
 * .klp.sym.vmlinux.__SCT__preempt_schedule,0: the shape kpatch-build's create-klp-module gives
 * the static call sites of tracepoints, whose keys vmlinux does not export. Since 5.8 the
 * kernel applies vmlinux klp relocations while loading the module, before it sets up the
 * module's static calls, so this loads and runs.
 * Built as with kpatch-build -R (replace = false). See kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/preempt.h>
#include <linux/seq_file.h>

#include "kpatch_fixture.h"

static int version_proc_show(struct seq_file *m, void *v)
{
	preempt_disable();
	seq_printf(m, "%s\n", "version patched by kp_staticcall");
	preempt_enable();
	return 0;
}

KP_STRING(kp_s_version_proc_show, "version_proc_show");
KP_STRING(kp_s_vmlinux, "vmlinux");

KP_FUNCS = {
	KP_FUNC(version_proc_show, 0, kp_s_version_proc_show, kp_s_vmlinux),
};

MODULE_DESCRIPTION("klpcheck fixture: a kpatch-build module with vmlinux klp relocations in .static_call_sites");
