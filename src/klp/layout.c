// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Built-in layouts: docs/design.md, struct layout eras (x86_64/LP64, author fields only).
 * Author-field offsets never depend on the kernel config; sizes do (lockdep,
 * DEBUG_KOBJECT_RELEASE), which is why DWARF wins whenever the module has it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dwarf/dbg.h"
#include "layout.h"

#define F(o, s) { (o), (s) }
#define NONE { -1, 0 }
#define PTR(o) F(o, 8)

/* klp_callbacks 4.15+: four function pointers, then post_unpatch_enabled. */
#define CALLBACKS { PTR(0), PTR(8), PTR(16), PTR(24) }
#define NO_CALLBACKS { NONE, NONE, NONE, NONE }
#define NO_STATE { 0, NONE, NONE }

static const struct lp_layout builtin[] = {
	{ "4.0", "builtin", false,
	  { 104, PTR(0), PTR(8), NONE, NONE, NONE },
	  { 104, PTR(0), PTR(16), NONE },
	  { 112, PTR(0), PTR(8), NONE, NONE },
	  NO_CALLBACKS, NO_STATE },
	{ "4.5", "builtin", false,
	  { 104, PTR(0), PTR(8), NONE, NONE, NONE },
	  { 104, PTR(0), PTR(16), NONE },
	  { 120, PTR(0), PTR(8), F(16, 8), NONE },
	  NO_CALLBACKS, NO_STATE },
	{ "4.7", "builtin", false,
	  { 104, PTR(0), PTR(8), NONE, NONE, NONE },
	  { 96, PTR(0), PTR(8), NONE },
	  { 120, PTR(0), PTR(8), F(16, 8), NONE },
	  NO_CALLBACKS, NO_STATE },
	{ "4.12", "builtin", false,
	  { 144, PTR(0), PTR(8), NONE, NONE, F(16, 1) },
	  { 96, PTR(0), PTR(8), NONE },
	  { 144, PTR(0), PTR(8), F(16, 8), F(24, 1) },
	  NO_CALLBACKS, NO_STATE },
	{ "4.15", "builtin", false,
	  { 144, PTR(0), PTR(8), NONE, NONE, F(16, 1) },
	  { 136, PTR(0), PTR(8), F(16, 40) },
	  { 144, PTR(0), PTR(8), F(16, 8), F(24, 1) },
	  CALLBACKS, NO_STATE },
	{ "4.16", "builtin", false,
	  { 136, PTR(0), PTR(8), NONE, NONE, NONE },
	  { 136, PTR(0), PTR(8), F(16, 40) },
	  { 136, PTR(0), PTR(8), F(16, 8), NONE },
	  CALLBACKS, NO_STATE },
	{ "5.1", "builtin", true,
	  { 192, PTR(0), PTR(8), NONE, F(16, 1), NONE },
	  { 168, PTR(0), PTR(8), F(16, 40) },
	  { 152, PTR(0), PTR(8), F(16, 8), NONE },
	  CALLBACKS, NO_STATE },
	{ "5.5", "builtin", true,
	  { 200, PTR(0), PTR(8), PTR(16), F(24, 1), NONE },
	  { 168, PTR(0), PTR(8), F(16, 40) },
	  { 152, PTR(0), PTR(8), F(16, 8), NONE },
	  CALLBACKS, { 24, F(0, 8), F(8, 4) } },
};

int lp_layout_builtin(const char *era, struct lp_layout *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtin); i++) {
		if (!strcmp(builtin[i].era, era)) {
			*out = builtin[i];
			return 0;
		}
	}
	return -ENOENT;
}

/* The first release of each layout (docs/design.md, struct layout eras). */
static const struct {
	int major, minor;
	const char *era;
} era_starts[] = {
	{ 5, 5, "5.5" }, { 5, 1, "5.1" }, { 4, 16, "4.16" }, { 4, 15, "4.15" },
	{ 4, 12, "4.12" }, { 4, 7, "4.7" }, { 4, 5, "4.5" }, { 4, 0, "4.0" },
};

int lp_era_from_release(const char *release, const char **era, struct errbuf *err)
{
	int major, minor;

	if (!release || sscanf(release, "%d.%d", &major, &minor) != 2)
		return err_set(err, -EINVAL, "no kernel version in vermagic '%s'",
			       release ? release : "");
	for (size_t i = 0; i < ARRAY_SIZE(era_starts); i++) {
		if (major > era_starts[i].major ||
		    (major == era_starts[i].major && minor >= era_starts[i].minor)) {
			*era = era_starts[i].era;
			return 0;
		}
	}
	return err_set(err, -EINVAL, "kernel %d.%d predates livepatch (4.0)", major, minor);
}

static struct lp_field member(const struct dbg_struct *s, const char *name)
{
	const struct dbg_member *m = dbg_struct_member(s, name);
	struct lp_field f = NONE;

	if (m) {
		f.off = (int64_t)m->offset;
		f.size = (unsigned int)m->size;
	}
	return f;
}

/* The era a DWARF layout belongs to, by the members only some eras have. */
static const char *dwarf_era(const struct dbg_struct *patch, const struct dbg_struct *obj,
			     const struct dbg_struct *func)
{
	if (dbg_struct_member(patch, "states"))
		return "5.5";
	if (dbg_struct_member(patch, "replace"))
		return "5.1";
	if (dbg_struct_member(patch, "immediate"))
		return dbg_struct_member(obj, "callbacks") ? "4.15" : "4.12";
	if (dbg_struct_member(obj, "callbacks"))
		return "4.16";
	if (dbg_struct_member(obj, "relocs"))
		return dbg_struct_member(func, "old_sympos") ? "4.5" : "4.0";
	return "4.7";
}

static bool field_ok(struct lp_field f, uint64_t size)
{
	return f.off < 0 || (uint64_t)f.off + f.size <= size;
}

static void fill_from_dwarf(struct lp_layout *l, const struct dbg_struct *s)
{
	const struct dbg_struct *patch = &s[0], *obj = &s[1], *func = &s[2], *cb = &s[3], *st = &s[4];

	l->era = dwarf_era(patch, obj, func);
	l->source = "dwarf";
	l->strict_sentinel = !strcmp(l->era, "5.1") || !strcmp(l->era, "5.5");
	l->patch.size = patch->size;
	l->patch.mod = member(patch, "mod");
	l->patch.objs = member(patch, "objs");
	l->patch.states = member(patch, "states");
	l->patch.replace = member(patch, "replace");
	l->patch.immediate = member(patch, "immediate");
	l->object.size = obj->size;
	l->object.name = member(obj, "name");
	l->object.funcs = member(obj, "funcs");
	l->object.callbacks = member(obj, "callbacks");
	l->func.size = func->size;
	l->func.old_name = member(func, "old_name");
	l->func.new_func = member(func, "new_func");
	l->func.old_sympos = member(func, "old_sympos");
	l->func.immediate = member(func, "immediate");
	l->callbacks.pre_patch = member(cb, "pre_patch");
	l->callbacks.post_patch = member(cb, "post_patch");
	l->callbacks.pre_unpatch = member(cb, "pre_unpatch");
	l->callbacks.post_unpatch = member(cb, "post_unpatch");
	l->state.size = st->size;
	l->state.id = member(st, "id");
	l->state.version = member(st, "version");
}

/*
 * The decoder reads pointers as 8 bytes and flags as 1 to 8: a member of any other size comes
 * from a type that DWARF could not size, such as a typedef chain that loops (testdata/bad/).
 */
static const char *bad_size(const struct lp_layout *l)
{
	const struct {
		const char *name;
		struct lp_field f;
		bool ptr;
	} fields[] = {
		{ "klp_patch.mod", l->patch.mod, true }, { "klp_patch.objs", l->patch.objs, true },
		{ "klp_patch.states", l->patch.states, true },
		{ "klp_patch.replace", l->patch.replace, false },
		{ "klp_patch.immediate", l->patch.immediate, false },
		{ "klp_object.name", l->object.name, true }, { "klp_object.funcs", l->object.funcs, true },
		{ "klp_func.old_name", l->func.old_name, true },
		{ "klp_func.new_func", l->func.new_func, true },
		{ "klp_func.old_sympos", l->func.old_sympos, false },
		{ "klp_func.immediate", l->func.immediate, false },
		{ "klp_state.id", l->state.id, false }, { "klp_state.version", l->state.version, false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (fields[i].f.off >= 0 && (fields[i].ptr ? fields[i].f.size != 8 :
					     !fields[i].f.size || fields[i].f.size > 8))
			return fields[i].name;
	return NULL;
}

static int check_dwarf_layout(const struct lp_layout *l, struct errbuf *err)
{
	const char *bad;

	if (!l->object.size || !l->func.size)
		return err_set(err, -EINVAL, "DWARF defines struct klp_patch but not klp_object and klp_func");
	if (l->patch.mod.off < 0 || l->patch.objs.off < 0 || l->object.name.off < 0 ||
	    l->object.funcs.off < 0 || l->func.old_name.off < 0 || l->func.new_func.off < 0)
		return err_set(err, -EINVAL, "DWARF struct klp_patch/klp_object/klp_func lack mod, objs, name, funcs, old_name or new_func");
	bad = bad_size(l);
	if (bad)
		return err_set(err, -EINVAL, "DWARF gives %s a size the kernel's struct cannot have (a type that loops?)",
			       bad);
	if (!field_ok(l->patch.mod, l->patch.size) || !field_ok(l->patch.objs, l->patch.size) ||
	    !field_ok(l->patch.replace, l->patch.size) ||
	    !field_ok(l->patch.states, l->patch.size) || !field_ok(l->patch.immediate, l->patch.size) ||
	    !field_ok(l->object.name, l->object.size) || !field_ok(l->object.funcs, l->object.size) ||
	    !field_ok(l->object.callbacks, l->object.size) ||
	    !field_ok(l->func.old_name, l->func.size) || !field_ok(l->func.new_func, l->func.size) ||
	    !field_ok(l->func.old_sympos, l->func.size) || !field_ok(l->func.immediate, l->func.size))
		return err_set(err, -EINVAL, "DWARF struct layout has members outside their struct");
	if (l->patch.states.off >= 0 && (!l->state.size || l->state.id.off < 0 ||
					 !field_ok(l->state.id, l->state.size) ||
					 !field_ok(l->state.version, l->state.size)))
		return err_set(err, -EINVAL, "DWARF struct klp_state is missing or malformed");
	return 0;
}

int lp_layout_from_dwarf(struct dbg_file *d, struct lp_layout *out, struct errbuf *err)
{
	static const char *const names[] = {
		"klp_patch", "klp_object", "klp_func", "klp_callbacks", "klp_state",
	};
	struct dbg_struct s[ARRAY_SIZE(names)];
	int ret;

	ret = dbg_find_structs(d, names, ARRAY_SIZE(names), s, err);
	/* On error too: the structs found before a bad compilation unit are released below. */
	if (!ret && !s[0].size) {
		ret = -ENODATA;
	} else if (!ret) {
		memset(out, 0, sizeof(*out));
		fill_from_dwarf(out, s);
		ret = check_dwarf_layout(out, err);
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		dbg_struct_release(&s[i]);
	return ret;
}
