// SPDX-License-Identifier: GPL-2.0
/*
 * kb_multi - klpcheck test module: lp_multi in the klp-build format, later section naming
 * (.init.klp_objects / .init.klp_funcs), with the leftovers of objtool klp post-link.
 *
 * klp_object_ext[0]: name NULL (vmlinux), nr_funcs 3: cmdline_proc_show,
 *                    meminfo_proc_show, version_proc_show (sympos 0)
 * klp_object_ext[1]: name "klpc_target", nr_funcs 2: klpc_target_mul (sympos 0),
 *                    klpc_helper (sympos 2)
 * A real klp-build run emits one record per changed object file: these three fs/proc
 * functions live in three files, so it would emit three vmlinux records; the fixture keeps
 * lp_multi's shape (one vmlinux object) so that it is lp_multi's twin.
 * Leftovers that are normal in klp-build output: a __klp_relocs.vmlinux section (struct
 * klp_reloc: offset, sym, u32 type), a weak undefined .klp.tombstone.version_proc_show symbol
 * and an R_X86_64_NONE relocation against it in version_proc_show.
 * Built with KLP_NO_REPLACE: replace = false, as lp_multi.
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define KB_INIT_SECTIONS

#include <linux/module.h>
#include <linux/seq_file.h>

#include "klpbuild_fixture.h"

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "cmdline patched by kb_multi");
	return 0;
}

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "meminfo patched by kb_multi");
	return 0;
}

static int version_proc_show(struct seq_file *m, void *v)
{
	/* Where post-link moved a relocation out: R_X86_64_NONE against the tombstone. */
	asm volatile(".reloc ., R_X86_64_NONE, .klp.tombstone.version_proc_show");
	seq_printf(m, "%s\n", "version patched by kb_multi");
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

asm(".weak .klp.tombstone.version_proc_show\n"
    ".pushsection __klp_relocs.vmlinux, \"a\", @progbits\n"
    ".balign 8\n"
    ".quad version_proc_show\n"
    ".quad .klp.tombstone.version_proc_show\n"
    ".long 2\n"
    ".long 0\n"
    ".popsection\n");

KB_STRING(kb_s_cmdline_proc_show, "cmdline_proc_show");
KB_STRING(kb_s_meminfo_proc_show, "meminfo_proc_show");
KB_STRING(kb_s_version_proc_show, "version_proc_show");
KB_STRING(kb_s_klpc_target_mul, "klpc_target_mul");
KB_STRING(kb_s_klpc_helper, "klpc_helper");
KB_STRING(kb_s_klpc_target, "klpc_target");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_cmdline_proc_show, .new_func = cmdline_proc_show, .sympos = 0 },
	{ .old_name = kb_s_meminfo_proc_show, .new_func = meminfo_proc_show, .sympos = 0 },
	{ .old_name = kb_s_version_proc_show, .new_func = version_proc_show, .sympos = 0 },
};

KB_FUNCS(kb_target_funcs) = {
	{ .old_name = kb_s_klpc_target_mul, .new_func = klpc_target_mul, .sympos = 0 },
	{ .old_name = kb_s_klpc_helper, .new_func = klpc_helper, .sympos = 2 },
};

KB_OBJECTS_DECL = {
	{ .name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs) },
	{ .name = kb_s_klpc_target, .funcs = kb_target_funcs, .nr_funcs = ARRAY_SIZE(kb_target_funcs) },
};

MODULE_DESCRIPTION("klpcheck fixture: lp_multi in the klp-build format");

#include "klpbuild_init.h"
