// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP408: compiler clones of a target function. GCC copies a function when it specialises it
 * for constant arguments (-fipa-cp-clone: foo.constprop.N), drops or splits its parameters
 * (-fipa-sra: foo.isra.N) or inlines its head into callers and keeps the rest out of line
 * (-fpartial-inlining: foo.part.N); callers then call the copy, not foo. The kernel patches one
 * name: klp_find_object_symbol() compares kallsyms names whole and the ftrace handler sits at
 * that function's entry (kernel/livepatch/core.c, patch.c), so every clone keeps the old code.
 * A .cold fragment (-freorder-blocks-and-partition) is only jumped to from its own function
 * and an alias at the function's address runs the patched entry: neither is separately called.
 */
#include <stdio.h>
#include <string.h>

#include "clones.h"

/* The kernel's KSYM_NAME_LEN since 6.1 (128 before): no longer name is in kallsyms. */
#define KSYM_NAME_LEN 512

enum clone_kind { CLONE_NONE, CLONE_ENTRY, CLONE_FRAGMENT };

/* GCC's clone suffixes (and clang's ThinLTO one); each may be followed by ".N". */
static const char *const clone_words[] = {
	"isra", "constprop", "part", "cold", "lto_priv", "llvm", "localalias", "specialized",
};

static size_t clone_word(const char *s)
{
	for (size_t i = 0; i < sizeof(clone_words) / sizeof(clone_words[0]); i++) {
		size_t n = strlen(clone_words[i]);

		if (!strncmp(s, clone_words[i], n) && (s[n] == '.' || !s[n]))
			return n;
	}
	return 0;
}

/* suffix is what follows the base name: ".isra.0", ".part.0.cold". */
static enum clone_kind clone_kind(const char *suffix)
{
	const char *last = NULL;

	while (*suffix) {
		size_t n;

		if (*suffix != '.' || !(n = clone_word(suffix + 1)))
			return CLONE_NONE;
		last = suffix + 1;
		suffix += 1 + n;
		if (suffix[0] == '.' && suffix[1] >= '0' && suffix[1] <= '9') {
			suffix++;
			while (*suffix >= '0' && *suffix <= '9')
				suffix++;
		}
	}
	if (!last)
		return CLONE_NONE;
	return !strncmp(last, "cold", 4) || !strncmp(last, "localalias", 10) ? CLONE_FRAGMENT
									   : CLONE_ENTRY;
}

/* An alias at the address of a function named base shares its ftrace site. */
static bool at_base_address(const struct rule_ctx *c, const char *objname, const char *base,
			    const struct tgt_symbol *s)
{
	const struct tgt_symbol *b[MAX_CLONES];
	size_t n = tgt_find_symbols(c->tgt, objname, base, b, MAX_CLONES);

	for (size_t i = 0; i < n && i < MAX_CLONES; i++)
		if (s->addr_known && b[i]->addr_known && b[i]->addr == s->addr)
			return true;
	return false;
}

size_t rule_find_clones(const struct rule_ctx *c, const char *objname, const char *base,
			const struct tgt_symbol **out, size_t max)
{
	const struct tgt_symbol *cand[MAX_CLONES];
	size_t len = strlen(base), n = 0, total;
	char prefix[KSYM_NAME_LEN + 2];

	if (len > KSYM_NAME_LEN)
		return 0; /* no kallsyms name is that long */
	snprintf(prefix, sizeof(prefix), "%s.", base);
	total = tgt_find_prefixed(c->tgt, objname, prefix, cand, MAX_CLONES);
	for (size_t i = 0; i < total && i < MAX_CLONES; i++) {
		const struct tgt_symbol *s = cand[i];

		if (!s->is_function || clone_kind(s->name + len) != CLONE_ENTRY ||
		    at_base_address(c, objname, base, s))
			continue;
		if (n < max)
			out[n] = s;
		n++;
	}
	return n;
}

/* Whether the patch also replaces name in objname. */
static bool patched_too(const struct rule_ctx *c, const char *objname, const char *name)
{
	size_t n;
	const struct lp_index_entry *e = lp_index_find(c->funcs, name, &n);

	for (; n; e++, n--)
		if (!strcmp(lp_object_name(e->obj), objname))
			return true;
	return false;
}

/* "a, b, c and 2 more" into buf. */
static void name_list(char *buf, size_t size, const struct tgt_symbol *const *s, size_t n)
{
	size_t shown = n < 3 ? n : 3, used = 0;

	buf[0] = 0;
	for (size_t i = 0; i < shown && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s'%s'", i ? ", " : "", s[i]->name);
	if (n > shown && used < size)
		snprintf(buf + used, size - used, " and %zu more", n - shown);
}

static void report_clones(struct rule_ctx *c, const char *objname, const struct lp_func *f)
{
	const struct tgt_symbol *all[MAX_CLONES], *missed[MAX_CLONES], *self;
	size_t n = rule_find_clones(c, objname, f->old_name, all, MAX_CLONES), nr_missed = 0;
	size_t nr_self = tgt_find_symbols(c->tgt, objname, f->old_name, &self, 1);
	char names[512], others[160] = "";

	if (!nr_self)
		return; /* only clones: KLP401 says which name to patch */
	for (size_t i = 0; i < n && i < MAX_CLONES; i++)
		if (!patched_too(c, objname, all[i]->name))
			missed[nr_missed++] = all[i];
	if (!nr_missed)
		return;
	name_list(names, sizeof(names), missed, nr_missed);
	if (nr_self > 1)
		snprintf(others, sizeof(others), " (%zu functions of %s are named '%s': some clones may be of another one)",
			 nr_self, objname, f->old_name);
	rule_report(c, objname, f->old_name, "'%s' in %s has %zu compiler clone%s that this patch does not replace: %s%s; callers of a clone call it directly and keep running the old code: patch each clone too, with a replacement built for the clone's arguments",
		    f->old_name, objname, nr_missed, nr_missed == 1 ? "" : "s", names, others);
}

int check_target_clones(struct rule_ctx *c)
{
	const struct lp_object *o;
	const struct lp_func *f;
	bool noted = false;

	for_each_object(c->patch, o) {
		const char *objname = lp_object_name(o);

		if (!c->tgt || !tgt_has_symbols(c->tgt, objname)) {
			if (noted)
				continue;
			if (!c->tgt || !tgt_has_symbols(c->tgt, "vmlinux"))
				rule_needs(c, "the target's symbols (--kallsyms, --vmlinux, --system-map, --target or --live)");
			else if (o->name && !strpbrk(o->name, ".-"))
				rule_needs(c, "the symbols of module objects that are not loaded on the target (they are checked when the module loads)");
			noted = true;
			continue;
		}
		for_each_func(o, f)
			if (f->old_name)
				report_clones(c, objname, f);
	}
	return 0;
}
