// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "tlayout.h"
#include "util.h"

const char *tl_kind_name(enum tl_kind k)
{
	return k == TL_STRUCT ? "struct" : k == TL_UNION ? "union" : "enum";
}

void tl_type_release(struct tl_type *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr_fields; i++)
		free(t->fields[i].name);
	free(t->fields);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

const struct tl_field *tl_type_field(const struct tl_type *t, const char *name)
{
	for (size_t i = 0; i < t->nr_fields; i++)
		if (!strcmp(t->fields[i].name, name))
			return &t->fields[i];
	return NULL;
}

void tl_fields_add(struct array *fields, const char *name, uint64_t bit_offset, int64_t value)
{
	struct tl_field *f;

	if (fields->len >= TL_MAX_FIELDS)
		return;
	f = array_push(fields);
	f->name = xstrdup(name);
	f->bit_offset = bit_offset;
	f->value = value;
}
