// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP603: the struct, union and enum layouts a replacement was compiled with (the module's
 * DWARF) against those of the kernel it will run in (the target's BTF). The module loader
 * checks symbol CRCs at most, never layouts: a replacement built against other headers loads
 * and then reads and writes its fields at the offsets of its own headers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf/dbg.h"
#include "lint/lint.h"
#include "target/target.h"
#include "util/strmap.h"

/* Types of one name in one BTF: a few at most in real kernels. */
#define MAX_SAME_NAME 8

/* "offset 64" or "bit 515" for a bitfield. */
static void fmt_offset(char *buf, size_t size, uint64_t bits)
{
	if (bits % 8)
		snprintf(buf, size, "bit %" PRIu64, bits);
	else
		snprintf(buf, size, "offset %" PRIu64, bits / 8);
}

/* Enumerator values compared in the enum's own width (BTF keeps 32 bits of a 4-byte enum). */
static bool same_value(const struct tl_type *t, int64_t a, int64_t b)
{
	uint64_t mask = t->size >= 8 ? UINT64_MAX : (1ULL << (t->size * 8)) - 1;

	return ((uint64_t)a & mask) == ((uint64_t)b & mask);
}

static bool field_differs(const struct tl_type *mine, const struct tl_field *f,
			  const struct tl_field *g)
{
	if (!g)
		return true;
	return mine->kind == TL_ENUM ? !same_value(mine, f->value, g->value)
				     : f->bit_offset != g->bit_offset;
}

/* How many of mine's fields differ in theirs; *first is the first one. */
static size_t count_differences(const struct tl_type *mine, const struct tl_type *theirs,
				const struct tl_field **first)
{
	size_t n = 0;

	*first = NULL;
	for (size_t i = 0; i < mine->nr_fields; i++) {
		const struct tl_field *f = &mine->fields[i];

		if (field_differs(mine, f, tl_type_field(theirs, f->name)) && !n++)
			*first = f;
	}
	return n;
}

/* What differs about f, in words. */
static void describe_field(char *buf, size_t size, const struct tl_type *mine,
			   const struct tl_field *f, const struct tl_type *theirs)
{
	const struct tl_field *g = tl_type_field(theirs, f->name);
	char a[32], b[32];

	if (mine->kind == TL_ENUM) {
		if (g)
			snprintf(buf, size, "enumerator '%s' is %" PRId64 " in the module and %" PRId64 " on the target",
				 f->name, f->value, g->value);
		else
			snprintf(buf, size, "enumerator '%s' (%" PRId64 " in the module) does not exist on the target",
				 f->name, f->value);
		return;
	}
	fmt_offset(a, sizeof(a), f->bit_offset);
	if (g) {
		fmt_offset(b, sizeof(b), g->bit_offset);
		snprintf(buf, size, "member '%s' is at %s in the module and at %s on the target",
			 f->name, a, b);
	} else {
		snprintf(buf, size, "member '%s' (at %s in the module) does not exist on the target",
			 f->name, a);
	}
}

static void report_type(struct rule_ctx *c, const char *objname, const char *func,
			const struct tl_type *mine, const struct tl_type *theirs)
{
	const struct tl_field *first;
	size_t n = count_differences(mine, theirs, &first);
	char what[600] = "", more[64] = "", sizes[96] = "";

	if (first)
		describe_field(what, sizeof(what), mine, first, theirs);
	if (n > 1)
		snprintf(more, sizeof(more), " (and %zu more %s)", n - 1,
			 mine->kind == TL_ENUM ? "enumerators" : "members");
	if (mine->size != theirs->size)
		snprintf(sizes, sizeof(sizes), "%s%s is %" PRIu64 " bytes in the module and %" PRIu64 " on the target",
			 first ? "; " : "", first ? "it" : "it", mine->size, theirs->size);
	rule_report(c, objname, func, "%s %s, used by %s, has another layout on the target: %s%s%s: the replacement was built against other headers and reads and writes the wrong fields",
		    tl_kind_name(mine->kind), mine->name, func, what, more, sizes);
}

/* True when some type of that name on the target has mine's size and fields. */
static bool matches_one(const struct tl_type *mine, const struct tl_type *theirs, size_t n)
{
	const struct tl_field *first;

	for (size_t i = 0; i < n; i++)
		if (theirs[i].size == mine->size && !count_differences(mine, &theirs[i], &first))
			return true;
	return false;
}

static void check_types(struct rule_ctx *c, const char *objname, const char *func,
			const struct array *types, struct strmap *said, struct array *keys)
{
	for (size_t i = 0; i < types->len; i++) {
		const struct tl_type *mine = array_at(types, struct tl_type, i);
		struct tl_type theirs[MAX_SAME_NAME];
		size_t n = tgt_btf_layouts(c->tgt, mine->kind, mine->name, theirs, MAX_SAME_NAME);
		char *key;
		size_t ignored;

		/* Not in vmlinux (the module's own type, or a module object's): nothing to compare. */
		if (n && !matches_one(mine, theirs, n)) {
			key = xasprintf("%s %s", tl_kind_name(mine->kind), mine->name);
			if (!strmap_get(said, key, &ignored)) {
				*(char **)array_push(keys) = key;
				strmap_put(said, key, 0);
				report_type(c, objname, func, mine, &theirs[0]);
			} else {
				free(key);
			}
		}
		for (size_t k = 0; k < n; k++)
			tl_type_release(&theirs[k]);
	}
}

static void release_types(struct array *types)
{
	for (size_t i = 0; i < types->len; i++)
		tl_type_release(array_at(types, struct tl_type, i));
	array_free(types);
}

int check_type_layout_mismatch(struct rule_ctx *c)
{
	struct strmap said = STRMAP_INIT;
	struct array keys = ARRAY_INIT(char *);
	const struct lp_object *o;
	const struct lp_func *f;
	struct dbg_file *d;
	struct errbuf err;

	if (!c->tgt || !tgt_has_btf(c->tgt)) {
		rule_needs(c, "the target's BTF (--btf, the .BTF of --vmlinux, --target or --live)");
		return 0;
	}
	/*
	 * A stripped module does not say which layouts it was compiled with. That is the module,
	 * not a missing input of the run: nothing to compare, and the run stays complete.
	 */
	if (dbg_file_open(c->obj->buf, c->obj->size, &d, &err))
		return 0;
	for_each_object(c->patch, o) {
		for_each_func(o, f) {
			struct array types = ARRAY_INIT(struct tl_type);

			if (f->new_func && dbg_func_types(d, f->new_func, &types, &err) == 0)
				check_types(c, lp_object_name(o), f->new_func, &types, &said, &keys);
			release_types(&types);
		}
	}
	for (size_t i = 0; i < keys.len; i++)
		free(*array_at(&keys, char *, i));
	array_free(&keys);
	strmap_free(&said);
	dbg_file_close(d);
	return 0;
}
