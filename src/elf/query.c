// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <string.h>

#include "model.h"

struct obj_section *obj_find_section(const struct obj_file *f, const char *name)
{
	for (size_t i = 1; i < f->nr_sections; i++)
		if (!strcmp(f->sections[i].name, name))
			return &f->sections[i];
	return NULL;
}

struct obj_symbol *obj_find_symbol(const struct obj_file *f, const char *name)
{
	size_t lo = 0, hi = f->nr_by_name;

	/* the first of equal names in by_name is the first in the symbol table */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(f->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nr_by_name && !strcmp(f->by_name[lo]->name, name) ? f->by_name[lo] : NULL;
}

struct obj_symbol *obj_find_symbol_at(const struct obj_file *f, const struct obj_section *sec,
				      uint64_t off)
{
	struct obj_symbol *best = NULL, *sym;
	size_t lo = 0, hi = f->nr_by_addr;

	if (!sec)
		return NULL;
	/* The first entry at (sec, off) in by_addr; equal ones follow in symbol table order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct obj_symbol *m = f->by_addr[mid];

		if (m->sec->index < sec->index || (m->sec == sec && m->value < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->nr_by_addr && f->by_addr[lo]->sec == sec && f->by_addr[lo]->value == off; lo++) {
		sym = f->by_addr[lo];
		if (!sym->name[0])
			continue;
		if (sym->type == STT_SECTION || sym->type == STT_FILE)
			continue;
		if (sym->type == STT_FUNC)
			return sym;
		if (!best)
			best = sym;
	}
	return best;
}

/*
 * How far back from off the search looks in by_addr: far more symbols than share an address in
 * a real module, so that a call site costs a binary search, not a scan (80,000 call sites of
 * klp_enable_patch() took 25 s when each scanned the symbol table).
 */
#define FUNC_LOOKBACK 64

struct obj_symbol *obj_find_func_containing(const struct obj_file *f, const struct obj_section *sec,
					    uint64_t off)
{
	struct obj_symbol *found = NULL;
	size_t lo = 0, hi = f->nr_by_addr;

	if (!sec)
		return NULL;
	/* The first entry past (sec, off); candidates start at or before off, just below it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct obj_symbol *m = f->by_addr[mid];

		if (m->sec->index < sec->index || (m->sec == sec && m->value <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The function starting last at or before off; of aliases, the first in the table. */
	for (size_t n = 0; lo > 0 && n < FUNC_LOOKBACK; n++) {
		struct obj_symbol *sym = f->by_addr[--lo];

		if (sym->sec != sec || (found && sym->value != found->value))
			break;
		if (sym->type == STT_FUNC && off - sym->value < sym->size)
			found = sym;
	}
	return found;
}

size_t obj_reloc_lower_bound(const struct obj_section *sec, uint64_t off)
{
	size_t lo = 0, hi = sec->nr_relocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->relocs[mid]->offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct obj_rela *obj_reloc_at(const struct obj_section *sec, uint64_t off)
{
	size_t i = obj_reloc_lower_bound(sec, off);

	return i < sec->nr_relocs && sec->relocs[i]->offset == off ? sec->relocs[i] : NULL;
}

const char *obj_modinfo_get(const struct obj_file *f, const char *key)
{
	size_t len = strlen(key);

	for (size_t i = 0; i < f->nr_modinfo; i++)
		if (f->modinfo[i].key_len == len && !memcmp(f->modinfo[i].key, key, len))
			return f->modinfo[i].value;
	return NULL;
}

bool obj_sym_is_local(const struct obj_symbol *sym)
{
	return sym->bind == STB_LOCAL;
}

bool obj_section_is_klp_rela(const struct obj_section *s)
{
	return s->type == SHT_RELA && (s->flags & KLP_SHF_RELA_LIVEPATCH);
}

bool obj_read_uint(const struct obj_file *f, const struct obj_section *sec, uint64_t off,
		   unsigned int size, uint64_t *val)
{
	uint64_t v = 0;

	if (off > sec->size || size > sec->size - off)
		return false;
	if (!sec->data) {
		*val = 0;
		return true;
	}
	for (unsigned int i = 0; i < size; i++) {
		unsigned int b = f->big_endian ? i : size - 1 - i;

		v = (v << 8) | sec->data[off + b];
	}
	*val = v;
	return true;
}

const char *obj_read_string(const struct obj_section *sec, uint64_t off)
{
	if (!sec->data || off >= sec->size)
		return NULL;
	if (!memchr(sec->data + off, '\0', sec->size - off))
		return NULL;
	return (const char *)sec->data + off;
}
