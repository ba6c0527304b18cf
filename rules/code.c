// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP6xx: the code of the replacement functions (Capstone, through src/disasm/). A call from a
 * replacement to the function it replaces, by name (an undefined symbol the loader resolves, or
 * a .klp.sym relocation), goes to the old function's ftrace site, which the patch redirects
 * straight back: unbounded recursion. Seen on Debian 6.1: accepted at load, then the first call
 * loops forever (tail call) or overflows the stack and panics (tests/kernel/scenarios/
 * recursive.scn, 6.1 and 6.12).
 */
#include <elf.h>
#include <string.h>

#include "disasm/disasm.h"
#include "lint/lint.h"
#include "target/target.h"

/* The .klp.sym symbol a klp relocation's call goes through; NULL if none parses. */
static const struct lp_klp_sym *klp_callee(const struct rule_ctx *c, const struct dis_call *call)
{
	for (size_t i = 0; call->klp && i < c->patch->nr_klp_syms; i++) {
		const struct lp_klp_sym *k = &c->patch->klp_syms[i];

		if (k->index == call->sym->index && k->name_ok)
			return k;
	}
	return NULL;
}

/* The function a call reaches by name, and in which object; NULL for calls inside the module. */
static const char *callee_name(const struct rule_ctx *c, const struct dis_call *call,
			       const char **objname)
{
	const struct lp_klp_sym *k = klp_callee(c, call);

	*objname = k ? k->objname : NULL;
	if (call->klp)
		return k ? k->symname : NULL;
	return call->sym->shndx == SHN_UNDEF ? call->sym->name : NULL;
}

/* sympos 0 is "the only one of that name" (the kernel refuses it otherwise): position 1. */
static uint64_t position(uint64_t sympos)
{
	return sympos ? sympos : 1;
}

/*
 * Whether the call reaches the very function f replaces, not another one of its name: a klp
 * relocation names its sympos; the loader binds a plain undefined symbol to the global one,
 * whose position only the target's symbols tell.
 */
static bool same_function(const struct rule_ctx *c, const struct lp_object *o,
			  const struct lp_func *f, const struct dis_call *call)
{
	const struct lp_klp_sym *k = klp_callee(c, call);
	const struct tgt_symbol *m[8];
	size_t n;

	if (k)
		return position(k->sympos) == position(f->old_sympos);
	if (!c->tgt || !tgt_has_symbols(c->tgt, lp_object_name(o)))
		return true;
	n = tgt_find_symbols(c->tgt, lp_object_name(o), f->old_name, m, ARRAY_SIZE(m));
	for (size_t i = 0; i < n && i < ARRAY_SIZE(m); i++)
		if (m[i]->bind != STB_LOCAL)
			return m[i]->sympos == position(f->old_sympos);
	return true;
}

typedef void (*call_check)(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
			   const struct obj_symbol *fn, const struct dis_call *call, const char *callee,
			   const char *callee_obj);

static void for_each_call(struct rule_ctx *c, call_check check)
{
	const struct lp_object *o;
	const struct lp_func *f;

	for_each_object(c->patch, o) {
		for_each_func(o, f) {
			struct array calls = ARRAY_INIT(struct dis_call);
			const struct obj_symbol *fn = f->new_func ? obj_find_symbol(c->obj, f->new_func) : NULL;
			struct errbuf err;

			if (!fn || fn->type != STT_FUNC || !fn->sec)
				continue;
			if (dis_find_calls(c->obj, fn, &calls, &err) == 0) {
				for (size_t i = 0; i < calls.len; i++) {
					const struct dis_call *call = array_at(&calls, struct dis_call, i);
					const char *obj, *callee = callee_name(c, call, &obj);

					if (callee)
						check(c, o, f, fn, call, callee, obj);
				}
			}
			array_free(&calls);
		}
	}
}

static void at_call(struct diag *d, const struct obj_symbol *fn, const struct dis_call *call)
{
	d->section = xstrdup(fn->sec->name);
	d->offset = call->off;
	d->has_offset = true;
}

static void recursion(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
		      const struct obj_symbol *fn, const struct dis_call *call, const char *callee,
		      const char *callee_obj)
{
	struct diag *d;

	if (!f->old_name || strcmp(callee, f->old_name))
		return;
	if (callee_obj && strcmp(callee_obj, lp_object_name(o)))
		return;
	if (!same_function(c, o, f, call))
		return;
	if (call->tail)
		d = rule_report(c, lp_object_name(o), fn->name, "replacement %s jumps to '%s', the function it replaces: the patch redirects that jump back to itself and it loops forever",
				fn->name, f->old_name);
	else
		d = rule_report(c, lp_object_name(o), fn->name, "replacement %s calls '%s', the function it replaces: the patch redirects the call back to itself, recursing until the stack overflows",
				fn->name, f->old_name);
	at_call(d, fn, call);
}

int check_recursive_new_func(struct rule_ctx *c)
{
	for_each_call(c, recursion);
	return 0;
}

/* Another function of the patch replaces callee (in callee_obj, when the call names one). */
static bool replaced_elsewhere(const struct lp_index *idx, const struct lp_func *self,
			       const char *callee, const char *callee_obj)
{
	size_t n;
	const struct lp_index_entry *e;

	if (self->old_name && !strcmp(self->old_name, callee))
		return false; /* the call to itself is KLP601's */
	for (e = lp_index_find(idx, callee, &n); n; e++, n--)
		if (e->func != self && (!callee_obj || !strcmp(callee_obj, lp_object_name(e->obj))))
			return true;
	return false;
}

static void calls_replaced(struct rule_ctx *c, const struct lp_object *o, const struct lp_func *f,
			   const struct obj_symbol *fn, const struct dis_call *call,
			   const char *callee, const char *callee_obj)
{
	if (replaced_elsewhere(c->funcs, f, callee, callee_obj))
		at_call(rule_report(c, lp_object_name(o), fn->name, "%s calls '%s', which this patch also replaces: the call runs the new version once the patch is enabled",
				    fn->name, callee), fn, call);
}

int check_calls_replaced_function(struct rule_ctx *c)
{
	for_each_call(c, calls_replaced);
	return 0;
}
