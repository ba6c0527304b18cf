// SPDX-License-Identifier: GPL-2.0-or-later
/* The struct, union and enum layouts a function of the module was compiled with (KLP603). */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util/strmap.h"
#include "util/tlayout.h"

/* Bounds on what a hostile DWARF can make us do: real kernels stay far below. */
#define MAX_TYPES 2048   /* distinct types per function */
#define MAX_DEPTH 16     /* nested scopes, anonymous members, type chains */
#define VISIT_BUDGET (1U << 20)

struct collect {
	struct array *types;    /* struct tl_type, the result */
	struct array keys;      /* char *: "struct file", owned, the map's keys */
	struct strmap seen;
	struct array pending;   /* Dwarf_Die: types found, not yet read */
	size_t budget;          /* DIEs visited */
};

/* The DIE that attribute at of die refers to. */
static bool type_of(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute attr;

	return dwarf_attr_integrate(die, DW_AT_type, &attr) && dwarf_formref_die(&attr, out);
}

static bool is_layout_tag(int tag)
{
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
	       tag == DW_TAG_enumeration_type;
}

/* Down through typedefs, qualifiers, arrays (and pointers when through_pointers). */
static bool peel(Dwarf_Die *die, bool through_pointers, Dwarf_Die *out)
{
	Dwarf_Die cur = *die;

	for (int i = 0; i < MAX_DEPTH * 4; i++) {
		int tag = dwarf_tag(&cur);

		if (is_layout_tag(tag)) {
			*out = cur;
			return true;
		}
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
		    tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type &&
		    tag != DW_TAG_array_type && !(through_pointers && tag == DW_TAG_pointer_type))
			return false;
		if (!type_of(&cur, &cur))
			return false;
	}
	return false;
}

static enum tl_kind kind_of(int tag)
{
	return tag == DW_TAG_structure_type ? TL_STRUCT : tag == DW_TAG_union_type ? TL_UNION
										   : TL_ENUM;
}

/* Queues a named, defined struct, union or enum not seen yet. */
static void want(struct collect *c, Dwarf_Die *type)
{
	const char *name = dwarf_diename(type);
	char *key;
	size_t ignored;

	if (!name || dwarf_hasattr(type, DW_AT_declaration) || c->seen.len >= MAX_TYPES)
		return;
	key = xasprintf("%s %s", tl_kind_name(kind_of(dwarf_tag(type))), name);
	if (strmap_get(&c->seen, key, &ignored)) {
		free(key);
		return;
	}
	*(char **)array_push(&c->keys) = key;
	strmap_put(&c->seen, key, 0);
	*(Dwarf_Die *)array_push(&c->pending) = *type;
}

static void want_type_of(struct collect *c, Dwarf_Die *die, bool through_pointers)
{
	Dwarf_Die t, layout;

	if (type_of(die, &t) && peel(&t, through_pointers, &layout))
		want(c, &layout);
}

/* Parameters and variables of a function body, its blocks and its inlined calls. */
static void scan_scope(struct collect *c, Dwarf_Die *scope, int depth)
{
	Dwarf_Die child;

	if (depth > MAX_DEPTH || dwarf_child(scope, &child) != 0)
		return;
	do {
		int tag = dwarf_tag(&child);

		if (!c->budget)
			return;
		c->budget--;
		if (tag == DW_TAG_formal_parameter || tag == DW_TAG_variable)
			want_type_of(c, &child, true);
		else if (tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine)
			scan_scope(c, &child, depth + 1);
	} while (dwarf_siblingof(&child, &child) == 0);
}

static bool udata(Dwarf_Die *die, unsigned int at, Dwarf_Word *out)
{
	Dwarf_Attribute attr;

	return dwarf_attr(die, at, &attr) && dwarf_formudata(&attr, out) == 0;
}

/* A member's offset in bits from the start of its struct (DWARF 5 and 2-4 bitfields). */
static uint64_t member_bit_offset(Dwarf_Die *m)
{
	Dwarf_Word loc = 0, bit = 0, byte_size = 0, bit_size = 0;

	if (udata(m, DW_AT_data_bit_offset, &bit))
		return bit;
	udata(m, DW_AT_data_member_location, &loc);
	if (udata(m, DW_AT_bit_offset, &bit) && udata(m, DW_AT_bit_size, &bit_size)) {
		if (!udata(m, DW_AT_byte_size, &byte_size)) {
			Dwarf_Die t;

			if (type_of(m, &t))
				dwarf_aggregate_size(&t, &byte_size);
		}
		/* DW_AT_bit_offset counts from the most significant bit of the storage unit. */
		if (byte_size * 8 >= bit + bit_size)
			return loc * 8 + byte_size * 8 - bit - bit_size;
	}
	return loc * 8;
}

/* The members of a struct or union at base bits, anonymous ones flattened. */
static void read_members(struct collect *c, Dwarf_Die *type, uint64_t base, int depth,
			 struct array *fields)
{
	Dwarf_Die m;

	if (depth > MAX_DEPTH || dwarf_child(type, &m) != 0)
		return;
	do {
		const char *name = dwarf_diename(&m);
		uint64_t off;
		Dwarf_Die t, inner;

		if (!c->budget)
			return;
		c->budget--;
		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		off = base + member_bit_offset(&m);
		if (name) {
			tl_fields_add(fields, name, off, 0);
			/* A struct held by value is part of this layout: compare it too. */
			want_type_of(c, &m, false);
		} else if (type_of(&m, &t) && peel(&t, false, &inner) &&
			   dwarf_tag(&inner) != DW_TAG_enumeration_type) {
			if (dwarf_diename(&inner))
				want(c, &inner);
			read_members(c, &inner, off, depth + 1, fields);
		}
	} while (dwarf_siblingof(&m, &m) == 0);
}

static void read_enumerators(Dwarf_Die *type, struct array *fields)
{
	Dwarf_Die e;

	if (dwarf_child(type, &e) != 0)
		return;
	do {
		Dwarf_Attribute attr;
		Dwarf_Sword v;
		const char *name = dwarf_diename(&e);

		if (dwarf_tag(&e) == DW_TAG_enumerator && name &&
		    dwarf_attr(&e, DW_AT_const_value, &attr) && dwarf_formsdata(&attr, &v) == 0)
			tl_fields_add(fields, name, 0, v);
	} while (dwarf_siblingof(&e, &e) == 0);
}

static void read_layout(struct collect *c, Dwarf_Die *type)
{
	struct array fields = ARRAY_INIT(struct tl_field);
	Dwarf_Word size = 0;
	struct tl_type *t;

	if (dwarf_aggregate_size(type, &size) != 0)
		return;
	if (dwarf_tag(type) == DW_TAG_enumeration_type)
		read_enumerators(type, &fields);
	else
		read_members(c, type, 0, 0, &fields);
	t = array_push(c->types);
	t->kind = kind_of(dwarf_tag(type));
	t->name = xstrdup(dwarf_diename(type));
	t->size = size;
	t->fields = fields.data;
	t->nr_fields = fields.len;
}

struct func_query {
	const char *name;
	struct collect *c;
};

static void match_function(Dwarf_Die *die, void *arg)
{
	struct func_query *q = arg;
	const char *name = dwarf_diename(die);

	if (dwarf_tag(die) != DW_TAG_subprogram || !name || strcmp(name, q->name) ||
	    dwarf_hasattr(die, DW_AT_declaration))
		return;
	want_type_of(q->c, die, true); /* the return type */
	scan_scope(q->c, die, 0);
}

int dbg_func_types(struct dbg_file *d, const char *func, struct array *types, struct errbuf *err)
{
	struct collect c = {
		.types = types,
		.keys = ARRAY_INIT(char *),
		.seen = STRMAP_INIT,
		.pending = ARRAY_INIT(Dwarf_Die),
		.budget = VISIT_BUDGET,
	};
	struct func_query q = { func, &c };
	int ret = dbg_walk_top_level(d, match_function, &q, err);

	/* Reading a layout may queue the types it holds by value: a worklist, not recursion. */
	for (size_t i = 0; !ret && i < c.pending.len; i++) {
		Dwarf_Die die = *array_at(&c.pending, Dwarf_Die, i);

		read_layout(&c, &die);
	}
	for (size_t i = 0; i < c.keys.len; i++)
		free(*array_at(&c.keys, char *, i));
	array_free(&c.keys);
	strmap_free(&c.seen);
	array_free(&c.pending);
	return ret;
}
