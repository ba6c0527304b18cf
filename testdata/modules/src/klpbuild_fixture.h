/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klpbuild_fixture.h - the klp-build module format for the kb_* fixtures, written for klpcheck.
 *
 * Mirrors klp-build of Linux 6.19 (scripts/livepatch/klp-build, objtool klp diff and
 * post-link): struct klp_object_ext / klp_func_ext of include/linux/livepatch_external.h in
 *   __klp_objects / __klp_funcs            as first merged (6.19), or, with
 *   KB_INIT_SECTIONS defined,
 *   .init.klp_objects / .init.klp_funcs    the later naming (objtool's klp.h);
 * strings in .rodata.klp.str1.1; and init code that builds the klp_patch at load time the
 * way scripts/livepatch/init.c does: one klp_object per record, funcs copied, states never
 * set, replace = true unless KLP_NO_REPLACE (klp-build --no-replace). The code is ours.
 *
 * The Debian 6.1/6.12 headers predate livepatch_external.h, so the two structs are declared
 * here; struct klp_callbacks is the kernel's own (<linux/livepatch.h>, 40 bytes since 4.15).
 *
 * Include it at the top of the module's only source file; define the klp_object_ext array
 * with KB_OBJECTS_DECL, then include klpbuild_init.h (the init code) after it.
 *
 * What a real klp-build module also has and these lack: one klp_object_ext per changed object
 * file (a patch to three vmlinux files gives three vmlinux records; the fixtures use one per
 * target object); .rodata.klp.str1.1 with SHF_MERGE|SHF_STRINGS (plain SHF_ALLOC here); the
 * __klp_{pre,post}_{patch,unpatch}_callback_<obj> pointer variables KLP_*_CALLBACK() define;
 * .klp.rela.<obj>.<sec> sections and SHN_LIVEPATCH .klp.sym symbols made by post-link; the
 * functions in their own sections (-ffunction-sections -fdata-sections); init.c finding the
 * table by its section bounds (here: by the array's name); the .klp.checksum/.klp.symid
 * machinery of the build, which never reaches the module.
 */
#ifndef KLPBUILD_FIXTURE_H
#define KLPBUILD_FIXTURE_H

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/slab.h>

struct klp_func_ext {
	const char *old_name;
	void *new_func;
	unsigned long sympos;
};

struct klp_object_ext {
	const char *name;
	struct klp_func_ext *funcs;
	struct klp_callbacks callbacks;
	unsigned int nr_funcs;
};

_Static_assert(sizeof(struct klp_func_ext) == 24, "klp_func_ext is 24 bytes");
_Static_assert(sizeof(struct klp_object_ext) == 64, "klp_object_ext is 64 bytes");
_Static_assert(offsetof(struct klp_object_ext, nr_funcs) == 56, "nr_funcs at 56");

#ifdef KB_INIT_SECTIONS
#define KB_OBJECTS_SEC ".init.klp_objects"
#define KB_FUNCS_SEC ".init.klp_funcs"
#else
#define KB_OBJECTS_SEC "__klp_objects"
#define KB_FUNCS_SEC "__klp_funcs"
#endif

#define KB_STRING(id, text) static const char id[] __section(".rodata.klp.str1.1") __aligned(1) __used = text
#define KB_FUNCS(id) static struct klp_func_ext id[] __section(KB_FUNCS_SEC) __used
#define KB_OBJECTS_DECL static struct klp_object_ext kb_objects[] __section(KB_OBJECTS_SEC) __used

#endif
