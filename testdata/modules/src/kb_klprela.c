// SPDX-License-Identifier: GPL-2.0
/*
 * kb_klprela - klpcheck test module: a klp-build (Linux 7.x) patch of cmdline_proc_show that
 * reads an unexported vmlinux variable, saved_command_line, through a klp relocation.
 *
 * klp_object_ext[0]: vmlinux, cmdline_proc_show (sympos 0); default replace (true).
 * The C code reads saved_command_line as a weak undefined symbol; build.sh then runs
 * ../../klp/klp-build-post-link.py on the linked module, which leaves what objtool's
 * klp diff (clone_reloc_klp()) and klp post-link (fix_klp_reloc_sec()) leave in a real
 * klp-build module (../../klp/README.md):
 *   - the symbol renamed .klp.tombstone.saved_command_line, weak, SHN_LIVEPATCH, its
 *     relocation in .rela.text turned into R_X86_64_NONE;
 *   - a weak SHN_LIVEPATCH .klp.sym.vmlinux.saved_command_line,0 and the relocation against it
 *     in .klp.rela.vmlinux..text (two dots: ".klp.rela.vmlinux." + ".text");
 *   - __klp_relocs.vmlinux (struct klp_reloc { offset, sym, type }) and its .rela section.
 * The import_ns entry stands for the ones klp diff copies from the patched object's .modinfo
 * (copy_import_ns()): the kernel never checks an import the module does not use.
 * Differences from a real klp-build module: see klpbuild_fixture.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define KB_INIT_SECTIONS

#include <linux/module.h>
#include <linux/seq_file.h>

#include "klpbuild_fixture.h"

/* Weak: modpost then says nothing of it; post-link makes the reference a klp relocation. */
extern char *saved_command_line __attribute__((weak));

static int cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "cmdline patched by kb_klprela: %s\n", saved_command_line);
	return 0;
}

KB_STRING(kb_s_cmdline_proc_show, "cmdline_proc_show");

KB_FUNCS(kb_vmlinux_funcs) = {
	{ .old_name = kb_s_cmdline_proc_show, .new_func = cmdline_proc_show, .sympos = 0 },
};

KB_OBJECTS_DECL = {
	{ .name = NULL, .funcs = kb_vmlinux_funcs, .nr_funcs = ARRAY_SIZE(kb_vmlinux_funcs) },
};

MODULE_DESCRIPTION("klpcheck fixture: a klp-build module with a klp relocation and its tombstone");
MODULE_IMPORT_NS(CRYPTO_INTERNAL);

#include "klpbuild_init.h"
