// SPDX-License-Identifier: GPL-2.0-or-later
/* The ELF model on a real module built with kbuild against Debian 6.1 headers. */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "elf/model.h"
#include "report/report.h"
#include "tap.h"

static void test_real_module(void)
{
	const char *path = tap_srcpath("testdata/modules/6.1/lp_single.ko");
	struct obj_file *f = NULL;
	struct errbuf err = { "" };
	const struct obj_section *data, *rela;
	const struct obj_symbol *sym;
	size_t klp_relocs = 0;

	ok(!obj_file_open(path, &f, &err), "opens lp_single.ko (%s)", err.msg);
	if (!f)
		return;
	ok(f->machine == EM_X86_64 && !f->big_endian, "x86_64, little endian");
	ok(obj_modinfo_get(f, "livepatch") && !strcmp(obj_modinfo_get(f, "livepatch"), "Y"),
	   ".modinfo has livepatch=Y");
	ok(obj_modinfo_get(f, "vermagic") && str_has_prefix(obj_modinfo_get(f, "vermagic"), "6.1.0-"),
	   "vermagic names a 6.1 kernel");
	ok(obj_modinfo_get(f, "name") && !strcmp(obj_modinfo_get(f, "name"), "lp_single"),
	   "modinfo name is lp_single");
	ok(f->nr_versions > 0, "__versions holds %zu CRCs (CONFIG_MODVERSIONS=y)", f->nr_versions);
	sym = obj_find_symbol(f, "klp_enable_patch");
	ok(sym && sym->shndx == SHN_UNDEF, "klp_enable_patch is an undefined symbol");
	data = obj_find_section(f, ".data");
	rela = obj_find_section(f, ".rela.data");
	ok(data && rela && rela->target == data, ".rela.data applies to .data");
	ok(data && data->nr_relocs == rela->nr_relas, ".data indexes all %zu of its relocations",
	   rela ? rela->nr_relas : 0);
	for (size_t i = 1; data && i < data->nr_relocs; i++)
		klp_relocs += data->relocs[i - 1]->offset > data->relocs[i]->offset;
	ok(klp_relocs == 0, "the relocation index is sorted by offset");
	ok(data && data->nr_relocs && obj_reloc_at(data, data->relocs[0]->offset) == data->relocs[0],
	   "obj_reloc_at finds a relocation by its offset");
	ok(data && !obj_reloc_at(data, data->size + 8), "no relocation past the section");
	obj_file_close(f);
}

static void test_json_strings(void)
{
	struct json_object *o = report_json_string("a\x01" "b\xff" "c\xe2\x82\xac");
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);

	ok(!strcmp(s, "\"a\\u0001b\xef\xbf\xbd" "c\xe2\x82\xac\""),
	   "control bytes escaped, invalid UTF-8 replaced, valid UTF-8 kept: %s", s);
	json_object_put(o);
	o = report_json_string("\xc0\xaf\xed\xa0\x80");
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	ok(!strcmp(s, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""),
	   "overlong and surrogate sequences are replaced byte by byte");
	json_object_put(o);
}

int main(void)
{
	struct obj_file *f = NULL;
	struct errbuf err;

	test_real_module();
	test_json_strings();
	ok(obj_file_open(tap_srcpath("no/such/file.ko"), &f, &err) == -ENOENT,
	   "a missing file is -ENOENT: %s", err.msg);
	return tap_done();
}
