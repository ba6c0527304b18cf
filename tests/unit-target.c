// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The target API as rules call it, on the committed fixtures (testdata/target/README.md says
 * where each expected value comes from).
 */
#include <errno.h>
#include <string.h>

#include "target/target.h"
#include "tap.h"

static char paths[4][4096];

static const char *src(int i, const char *rel)
{
	snprintf(paths[i], sizeof(paths[i]), "%s", tap_srcpath(rel));
	return paths[i];
}

int main(void)
{
	struct tgt_opts o = { 0 };
	const struct tgt_symbol *hits[4];
	const struct tgt_export *e;
	struct tgt_wanted *w;
	struct errbuf err = { "" };
	struct target *t;
	size_t n;
	int ret;

	ok(tgt_opts_empty(&o), "no option is an empty target");
	o.kallsyms = src(0, "testdata/target/kallsyms");
	o.kconfig = src(1, "testdata/target/debian-6.1/config-6.1.0-54-amd64.gz");
	o.symvers = src(2, "testdata/target/debian-6.1/Module.symvers.excerpt");
	o.ftrace_functions = src(3, "testdata/target/available_filter_functions");
	ok(!tgt_opts_empty(&o), "a file makes the target non-empty");

	w = tgt_wanted_new();
	tgt_wanted_add(w, "type_show");
	tgt_wanted_add(w, "klpc_helper");
	tgt_wanted_add(w, "type_show"); /* twice: kept once */
	for (int i = 0; i < 200; i++) {
		char name[32];

		snprintf(name, sizeof(name), "filler_%d", i); /* forces the set to grow */
		tgt_wanted_add(w, name);
	}
	ret = tgt_load(&o, w, &t, &err);
	ok(ret == 0, "load kallsyms, config.gz, symvers and ftrace list: %s", err.msg);
	if (ret)
		return tap_done();

	ok(tgt_has_symbols(t, "vmlinux") && tgt_has_symbols(t, "klpc_target") &&
	   !tgt_has_symbols(t, "ext4"), "symbols for vmlinux and the listed module, none for ext4");
	n = tgt_find_symbols(t, "vmlinux", "type_show", hits, 4);
	ok(n == 17 && hits[0]->sympos == 1 && hits[3]->sympos == 4 &&
	   hits[0]->addr == 0xffffffff81039e20ULL && hits[0]->nr_same == 17,
	   "17 type_show, the first 4 returned in sympos order");
	ok(tgt_find_symbols(t, NULL, "type_show", NULL, 0) == 17, "NULL object is vmlinux");
	n = tgt_find_symbols(t, "klpc_target", "klpc_helper", hits, 4);
	ok(n == 2 && hits[1]->addr == 0xffffffffc0a2e000ULL && !strcmp(hits[1]->object, "klpc_target"),
	   "module symbols in symbol table order");
	ok(tgt_find_symbols(t, "vmlinux", "do_syscall_64", hits, 4) == 0,
	   "a name that was not wanted is not kept");
	ok(tgt_has_ftrace_site(t, hits[0]) == TGT_YES || n != 2, "klpc_helper has an ftrace site");

	ok(tgt_has_config(t), "config known");
	ok(!strcmp(tgt_config_get(t, "CONFIG_LIVEPATCH"), "y"), "CONFIG_LIVEPATCH=y");
	ok(!strcmp(tgt_config_get(t, "CONFIG_LOCALVERSION"), "\"\""), "string values stay as written");
	ok(tgt_config_get(t, "CONFIG_UNWINDER_FRAME_POINTER") == NULL, "'is not set' is NULL");
	ok(!strcmp(tgt_arch(t), "x86_64"), "arch from CONFIG_X86_64");

	ok(tgt_has_exports(t) && tgt_nr_exports(t) == 7, "7 exports");
	e = tgt_find_export(t, "usb_stor_host_template_init");
	ok(e && e->crc == 0x8895b488 && !strcmp(e->module, "drivers/usb/storage/usb-storage") &&
	   !strcmp(e->export_type, "EXPORT_SYMBOL_GPL") && e->ns && !strcmp(e->ns, "USB_STORAGE"),
	   "an export with a namespace");
	e = tgt_find_export(t, "_printk");
	ok(e && e->crc == 0x92997ed8 && !strcmp(e->module, "vmlinux") && e->ns == NULL,
	   "an export without a namespace (empty last field)");
	ok(tgt_find_export(t, "no_such_export") == NULL, "an unknown export is NULL");

	ok(!tgt_has_live_state(t) && tgt_nr_live_patches(t) == 0 && tgt_live_patch(t, 0) == NULL,
	   "no live state without sysfs, --existing or --live");
	tgt_sources(t, &n);
	ok(n == 4, "four sources listed");
	tgt_free(t);
	tgt_wanted_free(w);
	tgt_free(NULL);

	/* A bad file: negative errno, one line naming it. */
	memset(&o, 0, sizeof(o));
	o.symvers = src(0, "testdata/target/kallsyms");
	ret = tgt_load(&o, NULL, &t, &err);
	ok(ret == -EINVAL && strstr(err.msg, "kallsyms: line 1: not 'crc"),
	   "a kallsyms given as symvers is refused: %s", err.msg);
	o.symvers = "/nonexistent/Module.symvers";
	ret = tgt_load(&o, NULL, &t, &err);
	ok(ret == -ENOENT && strstr(err.msg, "/nonexistent/Module.symvers"), "a missing file: %s",
	   err.msg);

	/* Discovery refuses a release that is not one path component. */
	memset(&o, 0, sizeof(o));
	ok(tgt_opts_discover(&o, "../x", NULL, &err) == -EINVAL, "release with a slash refused");
	ok(tgt_opts_discover(&o, "..", NULL, &err) == -EINVAL, "release '..' refused");
	tgt_opts_free(&o);
	return tap_done();
}
