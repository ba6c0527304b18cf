// SPDX-License-Identifier: GPL-2.0
/*
 * lp_ns - klpcheck test module.
 *
 * Covers: a symbol exported in a namespace the module does not import: it
 * keeps the address of crypto_cipher_setkey (EXPORT_SYMBOL_NS_GPL in
 * CRYPTO_INTERNAL) and imports only CRYPTO_EXTERNAL, a namespace no one
 * exports in (KLP113). modpost refuses to link a module that lacks the
 * import, even with KBUILD_MODPOST_WARN=1, so the source imports
 * CRYPTO_INTERNAL and build.sh renames the .modinfo entry afterwards, as a
 * module built by another tool, or edited, would have it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>
#include <crypto/internal/cipher.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "this has been live patched by lp_ns");
	return 0;
}

/*
 * A reference the loader must resolve: crypto_cipher_setkey is exported in namespace
 * CRYPTO_INTERNAL (crypto/cipher.c).
 */
void *lp_ns_ref = crypto_cipher_setkey;

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
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
MODULE_IMPORT_NS(CRYPTO_INTERNAL); /* CRYPTO_EXTERNAL once built */
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpcheck fixture: uses a CRYPTO_INTERNAL symbol without importing the namespace");
