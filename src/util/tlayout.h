/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The layout of a C struct, union or enum, as the module's DWARF and the target's BTF both
 * describe it: its size and its fields, with anonymous struct and union members flattened into
 * their parent (their fields keep their offset from the start of the outer type).
 */
#ifndef KLP_TLAYOUT_H
#define KLP_TLAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct array;

enum tl_kind { TL_STRUCT, TL_UNION, TL_ENUM };

struct tl_field {
	char *name;
	uint64_t bit_offset; /* struct and union members */
	int64_t value;       /* enumerators */
};

struct tl_type {
	enum tl_kind kind;
	char *name;
	uint64_t size; /* bytes */
	struct tl_field *fields;
	size_t nr_fields;
};

/*
 * Fields per type, after flattening: both readers stop adding there, so a hostile DWARF or BTF
 * cannot make one type grow without bound.
 */
#define TL_MAX_FIELDS 8192

/* Appends a field (a copy of name) to an array of struct tl_field, unless it is full. */
void tl_fields_add(struct array *fields, const char *name, uint64_t bit_offset, int64_t value);
/* "struct", "union", "enum". */
const char *tl_kind_name(enum tl_kind k);
/* Frees what t owns, not t. */
void tl_type_release(struct tl_type *t);
/* The field named name, NULL if none (the first, if anonymous members repeat a name). */
const struct tl_field *tl_type_field(const struct tl_type *t, const char *name);

#endif
