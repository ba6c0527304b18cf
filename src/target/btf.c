// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The target's BTF through libbpf: /sys/kernel/btf/vmlinux (live, or as a snapshot keeps it),
 * a raw BTF file given with --btf (possibly compressed), or the .BTF section of --vmlinux. The
 * only file that includes <bpf/btf.h>. Types are indexed by name once, so a lookup does not walk
 * the ~100,000 types of a distribution kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"

/* Far above any real kernel's struct (task_struct: ~250 members), far below a hostile one. */
/* Anonymous members nest a few levels in real kernels. */
#define MAX_DEPTH 16

struct tgt_btf {
	struct btf *btf;
	char *source;
	uint32_t *by_name;  /* type ids, sorted by name */
	size_t nr;
};

/* libbpf prints its warnings to stderr by default; our error says what failed. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static const struct btf *cmp_btf; /* qsort has no context argument; single-threaded */

static int cmp_id_by_name(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(btf__name_by_offset(cmp_btf, btf__type_by_id(cmp_btf, x)->name_off),
		       btf__name_by_offset(cmp_btf, btf__type_by_id(cmp_btf, y)->name_off));

	return c ? c : (x > y) - (x < y);
}

static bool is_layout_kind(const struct btf_type *t)
{
	return btf_is_struct(t) || btf_is_union(t) || btf_is_enum(t) || btf_is_enum64(t);
}

static void index_btf(struct tgt_btf *b)
{
	uint32_t n = btf__type_cnt(b->btf);

	b->by_name = xcalloc(n ? n : 1, sizeof(*b->by_name));
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		const char *name = t ? btf__name_by_offset(b->btf, t->name_off) : NULL;

		if (t && name && *name && is_layout_kind(t))
			b->by_name[b->nr++] = id;
	}
	cmp_btf = b->btf;
	qsort(b->by_name, b->nr, sizeof(*b->by_name), cmp_id_by_name);
	cmp_btf = NULL;
}

static void keep_btf(struct target *t, struct btf *btf, const char *source)
{
	struct tgt_btf *b = xcalloc(1, sizeof(*b));

	b->btf = btf;
	b->source = xstrdup(source);
	index_btf(b);
	t->btf = b;
	tgt_add_source(t, "btf: %s (%zu named structs, unions and enums)", source, b->nr);
}

int tgt_read_btf(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	char *buf;
	size_t len;
	struct btf *btf;
	int ret = tgt_read_kept(t, f, TGT_MAX_BTF, &buf, &len, err);

	if (ret)
		return ret;
	libbpf_set_print(quiet);
	errno = 0;
	btf = btf__new(buf, (uint32_t)len);
	if (!btf) {
		int e = errno ? errno : EINVAL;

		btf__free(btf);
		return err_set(err, -EINVAL, "%s: not BTF data (btf__new failed: %s)", f->shown,
			       strerror(e));
	}
	keep_btf(t, btf, f->shown);
	return 0;
}

int tgt_read_vmlinux_btf(struct target *t, const char *path, struct errbuf *err)
{
	struct btf *btf;
	char *source;

	libbpf_set_print(quiet);
	errno = 0;
	btf = btf__parse_elf(path, NULL);
	if (!btf) {
		/* A vmlinux built without CONFIG_DEBUG_INFO_BTF: said, not an error. */
		tgt_add_remark(t, "%s: no usable .BTF section (%s): struct layouts unknown", path,
			       strerror(errno ? errno : ENOENT));
		return 0;
	}
	source = xasprintf("%s (.BTF)", path);
	keep_btf(t, btf, source);
	free(source);
	(void)err;
	return 0;
}

void tgt_btf_free(struct tgt_btf *b)
{
	if (!b)
		return;
	btf__free(b->btf);
	free(b->by_name);
	free(b->source);
	free(b);
}

bool tgt_has_btf(const struct target *t)
{
	return t && t->btf;
}

const char *tgt_btf_source(const struct target *t)
{
	return t && t->btf ? t->btf->source : NULL;
}

static bool kind_matches(const struct btf_type *t, enum tl_kind kind)
{
	switch (kind) {
	case TL_STRUCT:
		return btf_is_struct(t);
	case TL_UNION:
		return btf_is_union(t);
	case TL_ENUM:
		return btf_is_enum(t) || btf_is_enum64(t);
	}
	return false;
}

/*
 * Members of a struct or union at base bits, anonymous ones flattened. *budget bounds the
 * members visited: a hostile BTF can nest an anonymous member in itself.
 */
static void add_members(const struct btf *btf, const struct btf_type *t, uint64_t base,
			int depth, size_t *budget, struct array *fields)
{
	const struct btf_member *m = btf_members(t);

	for (uint16_t i = 0; i < btf_vlen(t) && *budget; i++, m++, (*budget)--) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		uint64_t off = base + btf_member_bit_offset(t, i);
		const struct btf_type *mt;
		int rid;

		if (name && *name) {
			tl_fields_add(fields, name, off, 0);
			continue;
		}
		rid = btf__resolve_type(btf, m->type);
		mt = rid > 0 ? btf__type_by_id(btf, (uint32_t)rid) : NULL;
		if (depth < MAX_DEPTH && mt && (btf_is_struct(mt) || btf_is_union(mt)))
			add_members(btf, mt, off, depth + 1, budget, fields);
	}
}

static void fill_layout(const struct btf *btf, const struct btf_type *t, enum tl_kind kind,
			const char *name, struct tl_type *out)
{
	struct array fields = ARRAY_INIT(struct tl_field);

	out->kind = kind;
	out->name = xstrdup(name);
	out->size = t->size;
	if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t);

		for (uint16_t i = 0; i < btf_vlen(t); i++, e++)
			tl_fields_add(&fields, btf__name_by_offset(btf, e->name_off), 0, e->val);
	} else if (btf_is_enum64(t)) {
		const struct btf_enum64 *e = btf_enum64(t);

		for (uint16_t i = 0; i < btf_vlen(t); i++, e++)
			tl_fields_add(&fields, btf__name_by_offset(btf, e->name_off), 0,
				  (int64_t)btf_enum64_value(e));
	} else {
		size_t budget = TL_MAX_FIELDS * 4;

		add_members(btf, t, 0, 0, &budget, &fields);
	}
	out->fields = fields.data;
	out->nr_fields = fields.len;
}

size_t tgt_btf_layouts(const struct target *t, enum tl_kind kind, const char *name,
		       struct tl_type *out, size_t max)
{
	const struct tgt_btf *b = t ? t->btf : NULL;
	size_t lo = 0, hi, n = 0;

	if (!b)
		return 0;
	hi = b->nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct btf_type *bt = btf__type_by_id(b->btf, b->by_name[mid]);

		if (strcmp(btf__name_by_offset(b->btf, bt->name_off), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < b->nr; i++) {
		const struct btf_type *bt = btf__type_by_id(b->btf, b->by_name[i]);

		if (strcmp(btf__name_by_offset(b->btf, bt->name_off), name))
			break;
		if (!kind_matches(bt, kind))
			continue;
		if (n < max)
			fill_layout(b->btf, bt, kind, name, &out[n]);
		n++;
	}
	return n < max ? n : max;
}
