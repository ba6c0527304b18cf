// SPDX-License-Identifier: GPL-2.0
/*
 * kp_callbacks - klpcheck test module: lp_callbacks in the kpatch-build format, plus
 * KPATCH_FORCE_UNSAFE and the default atomic replace.
 *
 * .kpatch.funcs:  meminfo_proc_show ("vmlinux"), klpc_target_add ("klpc_target")
 * .kpatch.callbacks.pre_patch:    vmlinux_pre_patch ("vmlinux"), target_pre_patch ("klpc_target")
 * .kpatch.callbacks.post_patch:   target_post_patch ("klpc_target")
 * .kpatch.callbacks.pre_unpatch:  target_pre_unpatch ("klpc_target")
 * .kpatch.callbacks.post_unpatch: vmlinux_post_unpatch ("vmlinux")
 *   (create-diff-object fills each record's objname; KPATCH_*_CALLBACK() leaves it NULL)
 * .kpatch.force:  meminfo_proc_show (KPATCH_FORCE_UNSAFE: the livepatch hook ignores it)
 * Built without -R: replace = true (lp_callbacks has replace = false; this is the only
 * difference of the klp_patch the hook builds). Objects come out klpc_target, then vmlinux.
 * Differences from a real kpatch-build module: see kpatch_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/seq_file.h>

#include "kpatch_fixture.h"

static int vmlinux_pre_patch(struct klp_object *obj)
{
	pr_info("vmlinux pre_patch\n");
	return 0;
}

static void vmlinux_post_unpatch(struct klp_object *obj)
{
	pr_info("vmlinux post_unpatch\n");
}

static int target_pre_patch(struct klp_object *obj)
{
	pr_info("%s pre_patch\n", obj->name);
	return 0;
}

static void target_post_patch(struct klp_object *obj)
{
	pr_info("%s post_patch\n", obj->name);
}

static void target_pre_unpatch(struct klp_object *obj)
{
	pr_info("%s pre_unpatch\n", obj->name);
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kp_callbacks");
	return 0;
}

static int klpc_target_add(int a, int b)
{
	return a + b + 100;
}

KP_STRING(kp_s_meminfo_proc_show, "meminfo_proc_show");
KP_STRING(kp_s_klpc_target_add, "klpc_target_add");
KP_STRING(kp_s_vmlinux, "vmlinux");
KP_STRING(kp_s_klpc_target, "klpc_target");

KP_FUNCS = {
	KP_FUNC(meminfo_proc_show, 0, kp_s_meminfo_proc_show, kp_s_vmlinux),
	KP_FUNC(klpc_target_add, 0, kp_s_klpc_target_add, kp_s_klpc_target),
};

KP_CALLBACK(pre_patch, vmlinux_pre_patch, kp_s_vmlinux);
KP_CALLBACK(pre_patch, target_pre_patch, kp_s_klpc_target);
KP_CALLBACK(post_patch, target_post_patch, kp_s_klpc_target);
KP_CALLBACK(pre_unpatch, target_pre_unpatch, kp_s_klpc_target);
KP_CALLBACK(post_unpatch, vmlinux_post_unpatch, kp_s_vmlinux);

KP_FORCE(meminfo_proc_show);

MODULE_DESCRIPTION("klpcheck fixture: lp_callbacks in the kpatch-build format, force, replace");
