// SPDX-License-Identifier: GPL-2.0
/*
 * lp_cloneonly - klpcheck test module (KLP401 with a clone hint, kernel verdict tier: clones).
 *
 * Covers: a function that exists only as a compiler clone. On Debian 6.1 and
 * 6.12, arch/x86/events/intel/ds.c's intel_pmu_save_and_restart_reload() is
 * in kallsyms only as intel_pmu_save_and_restart_reload.isra.0. This patch
 * names the source name: the kernel refuses it with "symbol ... not found in
 * symbol table", and klpcheck says which name is there to patch (KLP401).
 * Its second function, fs/binfmt_elf.c's elf_map, is in Debian 6.1's kallsyms
 * as elf_map, elf_map.isra.0, elf_map.cold and elf_map.isra.0.cold: KLP408
 * names elf_map.isra.0 only, since a .cold part is entered from its own
 * function alone. (6.12 has no elf_map: a second KLP401 there.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

static int livepatch_intel_pmu_save_and_restart_reload(void)
{
	return 0;
}

static int livepatch_elf_map(void)
{
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "intel_pmu_save_and_restart_reload",
		.new_func = livepatch_intel_pmu_save_and_restart_reload,
	}, {
		.old_name = "elf_map",
		.new_func = livepatch_elf_map,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: patches a function that exists only as a clone");
