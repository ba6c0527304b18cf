// SPDX-License-Identifier: GPL-2.0-or-later
/* The ELF model on a real module built with kbuild against Debian 6.1 headers. */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "elf/model.h"
#include "klp/index.h"
#include "klp/klp.h"
#include "report/report.h"
#include "util/strmap.h"
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

/* Real modules, of every producer, that the lookups below are checked on. */
static const char *const modules[] = {
	"testdata/modules/6.1/lp_single.ko", "testdata/modules/6.1/lp_multi.ko",
	"testdata/modules/6.1/lp_dup_func.ko", "testdata/modules/6.1/lp_dup_obj.ko",
	"testdata/modules/6.12/kp_multi.ko", "testdata/modules/6.12/kb_multi.ko",
	"testdata/modules/6.1/lp_k4_7-nodwarf.ko",
};

static const struct obj_symbol *first_named(const struct obj_file *f, const char *name)
{
	for (size_t i = 1; i < f->nr_symbols; i++)
		if (!strcmp(f->symbols[i].name, name))
			return &f->symbols[i];
	return NULL;
}

/* By name is a binary search; it must still give the first of equal names, as a scan did. */
static void test_find_by_name(const char *path, const struct obj_file *f)
{
	size_t wrong = 0, dups = 0;

	for (size_t i = 1; i < f->nr_symbols; i++) {
		const struct obj_symbol *s = &f->symbols[i];

		wrong += obj_find_symbol(f, s->name) != first_named(f, s->name);
		dups += first_named(f, s->name) != s;
	}
	ok(wrong == 0 && !obj_find_symbol(f, "klpcheck_no_such_symbol"),
	   "%s: obj_find_symbol gives the first of %zu symbols by name (%zu share a name)", path,
	   f->nr_symbols - 1, dups);
}

/* The patch's functions by old name: exactly those of a scan, in patch order. */
static void test_func_index(const char *path, const struct lp_patch *p)
{
	struct lp_index idx;
	const struct lp_object *o, *o2;
	const struct lp_func *f, *g;
	size_t wrong = 0, total = 0;

	lp_index_build(p, &idx);
	for_each_object(p, o) {
		for_each_func(o, f) {
			size_t n;
			const struct lp_index_entry *e;

			if (!f->old_name)
				continue;
			total++;
			e = lp_index_find(&idx, f->old_name, &n);
			for_each_object(p, o2) {
				for_each_func(o2, g) {
					if (!g->old_name || strcmp(g->old_name, f->old_name))
						continue;
					if (!n || e->func != g || e->obj != o2)
						wrong++;
					else
						e++, n--;
				}
			}
			wrong += n;
		}
	}
	ok(wrong == 0 && total == idx.len, "%s: the index finds each of %zu functions' namesakes in patch order",
	   path, total);
	lp_index_free(&idx);
}

static void test_lookups(void)
{
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		struct obj_file *f = NULL;
		struct lp_patch *p = NULL;
		struct errbuf err = { "" };

		if (obj_file_open(tap_srcpath(modules[i]), &f, &err)) {
			ok(0, "%s: %s", modules[i], err.msg);
			continue;
		}
		test_find_by_name(modules[i], f);
		if (lp_decode(f, &p, &err) == 0 && p)
			test_func_index(modules[i], p);
		else
			ok(0, "%s decodes: %s", modules[i], err.msg);
		lp_patch_free(p);
		obj_file_close(f);
	}
}

/* The name map of the decoders and rules: every key found, with its last value. */
static void test_strmap(void)
{
	enum { N = 20000 };
	static char keys[N][16];
	struct strmap m = STRMAP_INIT;
	size_t v, wrong = 0;

	for (size_t i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), i ? "k%zu" : "", i);
		strmap_put(&m, keys[i], i);
	}
	strmap_put(&m, keys[7], 70);
	for (size_t i = 0; i < N; i++)
		wrong += !strmap_get(&m, keys[i], &v) || v != (i == 7 ? 70 : i);
	ok(wrong == 0 && m.len == N, "strmap: %d keys (one empty) found, one replaced", N);
	ok(!strmap_get(&m, "k20000", &v) && !strmap_get(&m, "k", &v), "strmap: absent keys are absent");
	strmap_free(&m);
	ok(!strmap_get(&m, "k1", &v), "strmap: empty after strmap_free");
}

int main(void)
{
	struct obj_file *f = NULL;
	struct errbuf err;

	test_real_module();
	test_json_strings();
	test_lookups();
	test_strmap();
	ok(obj_file_open(tap_srcpath("no/such/file.ko"), &f, &err) == -ENOENT,
	   "a missing file is -ENOENT: %s", err.msg);
	return tap_done();
}
