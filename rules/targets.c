// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP4xx: the functions a patch replaces, against the target's symbols (kernel/livepatch/
 * core.c: klp_find_object_symbol(), klp_module_coming() for late module patching; patch.c:
 * klp_patch_func() for the ftrace site; 6.1 and 6.12; tests/kernel/scenarios/targets.scn for
 * what Debian's kernels printed).
 *
 * Lookups follow klp_find_object_symbol(): every symbol of that name in the object counts,
 * whatever its type (a text and a data symbol of one name are already ambiguous on 6.1);
 * old_sympos 0 needs exactly one, N picks the N-th in kallsyms order.
 */
#include <stdio.h>
#include <string.h>

#include "clones.h"
#include "lint/lint.h"
#include "target/target.h"

#define MAX_MATCHES 64

/* The kernel's MODULE_NAME_LEN on 64-bit: 64 - sizeof(unsigned long). */
#define MODULE_NAME_LEN 56

struct lookup {
	const struct tgt_symbol *sym[MAX_MATCHES];
	size_t count;
	const struct tgt_symbol *chosen; /* the one old_sympos selects; NULL if none */
};

static bool object_is_vmlinux(const struct lp_object *o)
{
	return !o->name || !strcmp(o->name, "vmlinux");
}

/* True when the target can answer for this object; else says once what is missing. */
static bool have_symbols(struct rule_ctx *c, const struct lp_object *o, bool *noted)
{
	if (c->tgt && tgt_has_symbols(c->tgt, lp_object_name(o)))
		return true;
	/* A name no module can have is KLP406's finding; there is nothing to look up. */
	if (o->name && strpbrk(o->name, ".-"))
		return false;
	if (!*noted) {
		if (object_is_vmlinux(o) || !c->tgt || !tgt_has_symbols(c->tgt, "vmlinux"))
			rule_needs(c, NEED_SYMBOLS);
		else
			rule_deferred(c, "the symbols of module objects that are not loaded on the target (they are checked when the module loads)");
		*noted = true;
	}
	return false;
}

static void look_up(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
		    struct lookup *l)
{
	size_t n;

	l->count = tgt_find_symbols(c->tgt, lp_object_name(o), f->old_name, l->sym, MAX_MATCHES);
	n = l->count < MAX_MATCHES ? l->count : MAX_MATCHES;
	l->chosen = NULL;
	if (f->old_sympos == 0 && l->count == 1)
		l->chosen = l->sym[0];
	else if (f->old_sympos > 0 && f->old_sympos <= n)
		l->chosen = l->sym[f->old_sympos - 1];
}

/* The kernel prints the object of a vmlinux patch as "(null)" in the ambiguity message only. */
static const char *kernel_objname(const struct lp_object *o, bool null_for_vmlinux)
{
	return object_is_vmlinux(o) ? (null_for_vmlinux ? "(null)" : "vmlinux") : o->name;
}

/* Where the refusal happens: at enable for vmlinux and loaded modules, else at module load. */
static const char *when(const struct lp_object *o)
{
	return object_is_vmlinux(o) ? "klp_enable_patch() refuses the patch"
				    : "the patch is refused, or the module is refused when it loads";
}

typedef void (*func_check)(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
			   const struct lookup *l);

static int for_each_resolvable(struct rule_ctx *c, func_check fn)
{
	const struct lp_object *o;
	const struct lp_func *f;
	struct lookup l;
	bool noted = false;

	for_each_object(c->patch, o) {
		/* klp_init_patch() stops at the object whose name check fails: KLP117 */
		if (rule_object_has_long_name(c, o))
			break;
		if (!have_symbols(c, o, &noted))
			continue;
		for_each_func(o, f) {
			if (!f->old_name)
				continue;
			look_up(c, o, f, &l);
			fn(c, o, f, &l);
		}
	}
	return 0;
}

/* ", only its compiler clone 'foo.isra.0' is (patch that name...)" when only clones exist. */
static const char *clone_hint(const struct rule_ctx *c, const struct lp_object *o,
			      const struct lp_func *f, char *buf, size_t size)
{
	const struct tgt_symbol *cl[2];
	size_t n = rule_find_clones(c, lp_object_name(o), f->old_name, cl, 2);

	if (!n)
		return "";
	snprintf(buf, size, ", only its compiler clone%s '%s'%s%s%s %s (patch %s, with a replacement built for the clone's arguments)",
		 n == 1 ? "" : "s", cl[0]->name, n > 1 ? " and '" : "", n > 1 ? cl[1]->name : "",
		 n > 2 ? "' and more" : n > 1 ? "'" : "", n == 1 ? "is" : "are",
		 n == 1 ? "that name" : "each of them");
	return buf;
}

static void not_found(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
		      const struct lookup *l)
{
	char hint[1200];
	struct diag *d;

	if (l->count)
		return;
	d = rule_report(c, lp_object_name(o), f->old_name, "'%s' is not a symbol of %s on the target%s: %s",
			f->old_name, lp_object_name(o), clone_hint(c, o, f, hint, sizeof(hint)), when(o));
	diag_kernel_message(d, "livepatch: symbol '%s' not found in symbol table", f->old_name);
	d->kernel_errno = "EINVAL";
}

int check_target_not_found(struct rule_ctx *c)
{
	return for_each_resolvable(c, not_found);
}

static void ambiguous(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
		      const struct lookup *l)
{
	struct diag *d;

	if (f->old_sympos != 0 || l->count < 2)
		return;
	d = rule_report(c, lp_object_name(o), f->old_name, "%zu symbols of %s are named '%s' and old_sympos is 0: set old_sympos to the one you mean (1 to %zu, in kallsyms order): %s",
			l->count, lp_object_name(o), f->old_name, l->count, when(o));
	diag_kernel_message(d, "livepatch: unresolvable ambiguity for symbol '%s' in object '%s'",
			    f->old_name, kernel_objname(o, true));
	d->kernel_errno = "EINVAL";
}

int check_target_ambiguous(struct rule_ctx *c)
{
	return for_each_resolvable(c, ambiguous);
}

static void sympos_missing(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
			   const struct lookup *l)
{
	struct diag *d;

	if (f->old_sympos == 0 || f->old_sympos <= l->count || l->count == 0)
		return;
	d = rule_report(c, lp_object_name(o), f->old_name, "old_sympos is %lu but %s has %zu symbol%s named '%s': %s",
			(unsigned long)f->old_sympos, lp_object_name(o), l->count,
			l->count == 1 ? "" : "s", f->old_name, when(o));
	diag_kernel_message(d, "livepatch: symbol position %lu for symbol '%s' in object '%s' not found",
			    (unsigned long)f->old_sympos, f->old_name, kernel_objname(o, false));
	d->kernel_errno = "EINVAL";
}

int check_sympos_not_found(struct rule_ctx *c)
{
	return for_each_resolvable(c, sympos_missing);
}

static void not_function(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
			 const struct lookup *l)
{
	struct diag *d;

	if (!l->chosen || l->chosen->is_function)
		return;
	if (strchr("TtWw", l->chosen->type))
		/* kallsyms of 6.14+ types all of .data as text (see untype_data()) */
		d = rule_report(c, lp_object_name(o), f->old_name, "'%s' in %s is a data symbol (between _sdata and _edata, although kallsyms types it '%c'), not a function: the kernel finds no ftrace site and cancels the patch",
				f->old_name, lp_object_name(o), l->chosen->type);
	else
		d = rule_report(c, lp_object_name(o), f->old_name, "'%s' in %s is a data symbol (type '%c'), not a function: the kernel finds no ftrace site and cancels the patch",
				f->old_name, lp_object_name(o), l->chosen->type);
	diag_kernel_message(d, "livepatch: failed to find location for function '%s'", f->old_name);
	d->kernel_errno = "EINVAL";
}

int check_target_not_function(struct rule_ctx *c)
{
	return for_each_resolvable(c, not_function);
}

/* Why ftrace_location() finds nothing for this function, or NULL when it will. */
static const char *untraceable_reason(const struct rule_ctx *c, const struct tgt_symbol *s)
{
	if (s->flags & (TGT_SYM_INIT | TGT_SYM_EXIT))
		return "is __init/__exit code: its ftrace records are freed after boot";
	if (s->flags & TGT_SYM_NOINSTR)
		return "is noinstr code, which is never traced";
	if (s->flags & TGT_SYM_ENTRY)
		return "is entry code, which is never traced";
	if (tgt_has_ftrace_site(c->tgt, s) == TGT_NO)
		return "has no ftrace call site (notrace, or built without -mfentry)";
	return NULL;
}

static void not_traceable(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
			  const struct lookup *l)
{
	const char *why;
	struct diag *d;

	if (!l->chosen || !l->chosen->is_function)
		return;
	why = untraceable_reason(c, l->chosen);
	if (!why)
		return;
	d = rule_report(c, lp_object_name(o), f->old_name, "'%s' in %s %s: the kernel cannot redirect it and cancels the patch",
			f->old_name, lp_object_name(o), why);
	diag_kernel_message(d, "livepatch: failed to find location for function '%s'", f->old_name);
	d->kernel_errno = "EINVAL";
}

int check_target_not_traceable(struct rule_ctx *c)
{
	return for_each_resolvable(c, not_traceable);
}

/*
 * Module names never contain '.', and klp_init_object() refuses names of MODULE_NAME_LEN or
 * more with -EINVAL; an object named like a file ("zfs.ko") waits for a module that never loads.
 */
int check_object_name_invalid(struct rule_ctx *c)
{
	const struct lp_object *o;
	struct diag *d;

	for_each_object(c->patch, o) {
		if (!o->name)
			continue;
		if (strlen(o->name) >= MODULE_NAME_LEN) {
			/* klp_init_object(), 6.1 and 6.12: -EINVAL, nothing logged */
			d = rule_report(c, o->name, NULL, "object name '%s' is %zu characters long (at most %d): klp_enable_patch() returns -EINVAL and logs nothing",
					o->name, strlen(o->name), MODULE_NAME_LEN - 1);
			d->verdict = VERDICT_REFUSED;
			d->kernel_errno = "EINVAL";
		}
		else if (strchr(o->name, '.'))
			rule_report(c, o->name, NULL, "object name '%s' contains '.': no module has such a name, so this object is never patched (use the module name, e.g. '%.*s')",
				    o->name, (int)strcspn(o->name, "."), o->name);
		else if (strchr(o->name, '-'))
			rule_report(c, o->name, NULL, "object name '%s' contains '-': the kernel names modules with '_', so this object is never patched",
				    o->name);
	}
	return 0;
}
