// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP1xx: the module itself and the shape of its patch, before any target is consulted.
 * Kernel behaviour: kernel/livepatch/core.c: klp_enable_patch(), klp_init_object(),
 * klp_init_func() and kernel/module/main.c (the module loader), 6.1 and 6.12; the load steps
 * of tests/kernel/scenarios/ show them on Debian's kernels.
 */
#include <stdio.h>
#include <string.h>

#include "lint/lint.h"
#include "klp/layout.h"
#include "target/target.h"
#include "util/strmap.h"

/* The marker exists since 4.7; earlier kernels had no such check. */
static bool layout_before(const struct lp_patch *p, const char *era)
{
	int a1, a2, b1, b2;

	return sscanf(p->layout_era, "%d.%d", &a1, &a2) == 2 && sscanf(era, "%d.%d", &b1, &b2) == 2 &&
	       (a1 < b1 || (a1 == b1 && a2 < b2));
}

int check_not_livepatch_module(struct rule_ctx *c)
{
	struct diag *d;

	if (c->patch->livepatch_flag || layout_before(c->patch, "4.7"))
		return 0;
	d = rule_report(c, NULL, NULL, "module '%s' has no MODULE_INFO(livepatch, \"Y\"): the kernel refuses to enable its patch",
			c->patch->module_name);
	diag_kernel_message(d, "livepatch: module %s is not marked as a livepatch module",
			    c->patch->module_name);
	d->kernel_errno = "EINVAL";
	return 0;
}

/* Only the version is known (the .config header): the release can differ within it. */
static void version_mismatch(struct rule_ctx *c, const char *have, const char *version)
{
	int a, b, x, y;

	if (!have || sscanf(have, "%d.%d", &a, &b) != 2 || sscanf(version, "%d.%d", &x, &y) != 2 ||
	    (a == x && b == y))
		return;
	rule_report(c, NULL, NULL, "module was built for kernel %s, the target runs %s (its config header): symbols, sympos and struct layouts may differ",
		    have, version);
}

int check_vermagic_mismatch(struct rule_ctx *c)
{
	const char *want = c->tgt ? tgt_release(c->tgt) : NULL;
	const char *have = c->patch->kernel_release;
	const char *version = c->tgt ? tgt_version(c->tgt, NULL) : NULL;

	if (!want && version) {
		version_mismatch(c, have, version);
		return 0;
	}
	if (!want) {
		rule_needs(c, NEED_RELEASE);
		return 0;
	}
	if (!have) {
		rule_report(c, NULL, NULL, "module has no vermagic; the target runs %s", want)->verdict = VERDICT_REFUSED;
		return 0;
	}
	if (strcmp(have, want))
		rule_report(c, NULL, NULL, "module was built for kernel %s, the target runs %s: symbols, sympos and struct layouts may differ",
			    have, want);
	return 0;
}

/* klp_enable_patch(): !patch->objs is -EINVAL without a message (5.1+; klp_register_patch before). */
int check_no_objects(struct rule_ctx *c)
{
	struct diag *d;

	if (c->patch->objs_null) {
		rule_report(c, NULL, NULL, "klp_patch.objs is NULL: klp_enable_patch() returns -EINVAL (insmod: Invalid argument)")->kernel_errno = "EINVAL";
		return 0;
	}
	if (c->patch->nr_objects == 0) {
		d = rule_report(c, NULL, NULL, "the patch's object array is empty: it loads and patches nothing");
		d->severity = SEV_WARNING;
		d->verdict = VERDICT_NONE;
	}
	return 0;
}

static bool has_callbacks(const struct lp_object *o)
{
	return o->callbacks.pre_patch || o->callbacks.post_patch || o->callbacks.pre_unpatch ||
	       o->callbacks.post_unpatch;
}

/*
 * 5.1+ walks objects until name and funcs are both NULL and refuses a named object with NULL
 * funcs. An empty funcs array is accepted: a callbacks-only object is a real pattern
 * (samples/livepatch/livepatch-callbacks-demo.c), without callbacks it does nothing.
 */
int check_object_without_funcs(struct rule_ctx *c)
{
	const struct lp_object *o;
	struct diag *d;

	for_each_object(c->patch, o) {
		if (o->funcs_null) {
			d = rule_report(c, lp_object_name(o), NULL, "object '%s' has funcs = NULL: klp_enable_patch() returns -EINVAL (insmod: Invalid argument)",
					lp_object_name(o));
			d->kernel_errno = "EINVAL";
		} else if (o->nr_funcs == 0 && !has_callbacks(o)) {
			d = rule_report(c, lp_object_name(o), NULL, "object '%s' has no functions and no callbacks: it does nothing",
					lp_object_name(o));
			d->severity = SEV_WARNING;
			d->verdict = VERDICT_NONE;
		}
	}
	return 0;
}

static uint64_t effective_sympos(const struct lp_func *f)
{
	return f->old_sympos ? f->old_sympos : 1;
}

/* The first function of object o before f with f's name and sympos, NULL if f is the first. */
static const struct lp_func *first_same(const struct lp_index *idx, const struct lp_object *o,
					const struct lp_func *f)
{
	size_t n;
	const struct lp_index_entry *e = lp_index_find(idx, f->old_name, &n);

	for (; n && e->func != f; e++, n--)
		if (e->obj == o && effective_sympos(e->func) == effective_sympos(f))
			return e->func;
	return NULL;
}

/*
 * klp_enable_patch() returns kobject_add()'s -EEXIST, which finit_module() passed on until
 * do_init_module() began to turn an init's -EEXIST into -EBUSY, since it means "a module of
 * that name is loaded" to insmod and modprobe (7.1, "module: Override -EEXIST module return";
 * Debian 6.1.0-54 and 6.12.117 return -EEXIST, 7.2.13 -EBUSY).
 */
static const char *init_eexist(const struct rule_ctx *c)
{
	int v = rule_target_version(c);

	if (!v)
		return "-EEXIST (-EBUSY since 7.1)";
	return v >= 7001 ? "-EBUSY" : "-EEXIST";
}

/* The errno name of init_eexist(); NULL when the release is unknown. */
static const char *init_eexist_errno(const struct rule_ctx *c)
{
	int v = rule_target_version(c);

	return !v ? NULL : v >= 7001 ? "EBUSY" : "EEXIST";
}

/*
 * Each function gets the sysfs directory "<old_name>,<sympos or 1>" (4.5+); a second one with
 * the same name collides, kobject_add() fails with -EEXIST and sysfs warns.
 */
int check_duplicate_func(struct rule_ctx *c)
{
	const struct lp_object *o;
	const struct lp_func *f, *g;
	struct diag *d;

	for_each_object(c->patch, o) {
		for_each_func(o, f) {
			if (!f->old_name || !(g = first_same(c->funcs, o, f)))
				continue;
			d = rule_report(c, lp_object_name(o), f->old_name, "'%s' (sympos %lu) is patched twice in object '%s' (by %s and %s): the kernel refuses the patch with %s",
					f->old_name, (unsigned long)effective_sympos(f), lp_object_name(o),
					g->new_func ? g->new_func : "(null)", f->new_func ? f->new_func : "(null)",
					init_eexist(c));
			diag_kernel_message(d, "sysfs: cannot create duplicate filename '/kernel/livepatch/%s/%s/%s,%lu'",
					    c->patch->module_name, lp_object_name(o), f->old_name,
					    (unsigned long)effective_sympos(f));
			d->kernel_errno = init_eexist_errno(c);
		}
	}
	return 0;
}

int check_duplicate_object(struct rule_ctx *c)
{
	const struct lp_object *o;
	struct strmap seen = STRMAP_INIT;
	struct diag *d;
	size_t first;

	for_each_object(c->patch, o) {
		if (!strmap_get(&seen, lp_object_name(o), &first)) {
			strmap_put(&seen, lp_object_name(o), (size_t)(o - c->patch->objects));
			continue;
		}
		d = rule_report(c, lp_object_name(o), NULL, "object '%s' appears twice in the patch: the kernel refuses the patch with %s",
				lp_object_name(o), init_eexist(c));
		diag_kernel_message(d, "sysfs: cannot create duplicate filename '/kernel/livepatch/%s/%s'",
				    c->patch->module_name, lp_object_name(o));
		d->kernel_errno = init_eexist_errno(c);
	}
	strmap_free(&seen);
	return 0;
}

/* What sets each layout era apart, for the message (docs/design.md, struct layout eras). */
static const char *era_fields(const char *era)
{
	static const struct {
		const char *era, *fields;
	} eras[] = {
		{ "4.0", "old_addr and klp_reloc" }, { "4.5", "old_sympos and klp_reloc" },
		{ "4.7", "old_sympos" }, { "4.12", "immediate" }, { "4.15", "immediate and callbacks" },
		{ "4.16", "callbacks" }, { "5.1", "replace" }, { "5.5", "states and replace" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(eras); i++)
		if (!strcmp(eras[i].era, era))
			return eras[i].fields;
	return "?";
}

/*
 * The structs are read at the offsets of the running kernel: a module built with another
 * era's layout (an immediate field on 4.16+, replace before 5.1, states before 5.5) has every
 * later field misplaced. In practice the vermagic check refuses it first.
 */
int check_layout_mismatch(struct rule_ctx *c)
{
	const char *release = c->tgt ? tgt_version(c->tgt, NULL) : NULL;
	const char *era;
	struct errbuf err;

	if (!release) {
		rule_needs(c, NEED_RELEASE);
		return 0;
	}
	if (lp_era_from_release(release, &era, &err) || !strcmp(era, c->patch->layout_era))
		return 0;
	rule_report(c, NULL, NULL, "the module's livepatch structs have the layout of kernels %s+ (%s), the target %s has the %s+ layout (%s): the kernel would read its fields at other offsets",
		    c->patch->layout_era, era_fields(c->patch->layout_era), release, era,
		    era_fields(era));
	return 0;
}

/*
 * The loader takes .gnu.linkonce.this_module as the kernel's own struct module. Since 6.4
 * (a 2023 check in the module loader; the release is not verified here) any other size is
 * refused with ENOEXEC: Debian 6.12 refused a module whose section was 64 bytes larger, Debian
 * 6.1 loaded it (tests/kernel, scenarios versions and loader).
 */
int check_struct_module_size(struct rule_ctx *c)
{
	const struct obj_section *s = obj_find_section(c->obj, ".gnu.linkonce.this_module");
	const char *from = NULL;
	uint64_t want = c->tgt ? tgt_struct_module_size(c->tgt, &from) : 0;
	int rel = rule_target_version(c);
	struct diag *d;

	if (!want) {
		rule_needs(c, NEED_MODULE_BUILT);
		return 0;
	}
	if (!s || s->size == want)
		return 0;
	if (rel && rel < 6004) {
		d = rule_report(c, NULL, NULL, "the module's struct module (.gnu.linkonce.this_module) is %llu bytes, the target's %llu (read off %s): before 6.4 the loader does not check and uses it as its own, so every field after the first difference is wrong",
				(unsigned long long)s->size, (unsigned long long)want, from);
		d->verdict = VERDICT_NONE;
		return 0;
	}
	d = rule_report(c, NULL, NULL, "the module's struct module (.gnu.linkonce.this_module) is %llu bytes, the target's %llu (read off %s): the module was built against another kernel's headers or config, and the loader refuses it (ENOEXEC)",
			(unsigned long long)s->size, (unsigned long long)want, from);
	diag_kernel_message(d, "module %s: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time",
			    c->patch->module_name);
	d->kernel_errno = "ENOEXEC";
	return 0;
}
