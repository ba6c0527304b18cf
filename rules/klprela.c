// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP5xx: livepatch relocations (kernel/livepatch/core.c: klp_apply_section_relocs(),
 * klp_resolve_symbols(), 6.1 and 6.12; Documentation/livepatch/
 * module-elf-format.rst). Sections .klp.rela.<obj>.<section> hold relocations that livepatch
 * applies itself once <obj> is loaded, against symbols .klp.sym.<obj>.<name>,<sympos> marked
 * SHN_LIVEPATCH; the kernel parses both names with sscanf() and resolves each symbol with
 * klp_find_object_symbol(), with the same messages as for the functions (KLP401-KLP403).
 */
#include <elf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "target/target.h"

#define MAX_MATCHES 64

static const struct obj_section *klp_section(const struct rule_ctx *c, const struct lp_klp_rela *r)
{
	return &c->obj->sections[r->index];
}

/* Without the flag the loader applies the section itself, with the klp symbols still 0. */
int check_klp_rela_not_livepatch(struct rule_ctx *c)
{
	for (size_t i = 0; i < c->patch->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &c->patch->klp_relas[i];

		if (!r->is_rela)
			rule_report(c, NULL, NULL, "section %s is not SHT_RELA: the kernel never applies it",
				    r->section);
		else if (!r->has_livepatch_flag)
			rule_report(c, NULL, NULL, "section %s lacks SHF_RELA_LIVEPATCH (0x00100000): the module loader applies it at load time with its livepatch symbols still 0, so the code it patches jumps to address 0",
				    r->section);
	}
	return 0;
}

int check_klp_rela_bad_name(struct rule_ctx *c)
{
	struct diag *d;

	for (size_t i = 0; i < c->patch->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &c->patch->klp_relas[i];

		if (!r->has_livepatch_flag || r->name_ok)
			continue;
		d = rule_report(c, NULL, NULL, "section %s does not name an object (.klp.rela.<object>.<section>): the kernel refuses the patch",
				r->section);
		diag_kernel_message(d, "livepatch: section %s has an incorrectly formatted name", r->section);
	}
	return 0;
}

/* Calls fn for every relocation of every SHF_RELA_LIVEPATCH section, with its symbol. */
static void for_each_klp_reloc(struct rule_ctx *c,
			       void (*fn)(struct rule_ctx *, const struct lp_klp_rela *,
					  const struct obj_symbol *))
{
	/* seen[sym] == i + 1: sym was met in section i (no clearing between sections). */
	size_t *seen = xcalloc(c->obj->nr_symbols, sizeof(*seen));

	for (size_t i = 0; i < c->patch->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &c->patch->klp_relas[i];
		const struct obj_section *s = klp_section(c, r);
		const struct obj_rela *rel;

		if (!r->has_livepatch_flag || !r->is_rela)
			continue;
		/* Once per symbol and section: the kernel stops at the first failure anyway. */
		for_each_rela(s, rel) {
			if (seen[rel->sym] == i + 1)
				continue;
			seen[rel->sym] = i + 1;
			fn(c, r, &c->obj->symbols[rel->sym]);
		}
	}
	free(seen);
}

static void not_livepatch_sym(struct rule_ctx *c, const struct lp_klp_rela *r,
			      const struct obj_symbol *sym)
{
	struct diag *d;

	if (sym->shndx == KLP_SHN_LIVEPATCH)
		return;
	d = rule_report(c, NULL, sym->name, "%s relocates against '%s', which is not marked SHN_LIVEPATCH (0xff20): the kernel refuses the patch",
			r->section, sym->name);
	diag_kernel_message(d, "livepatch: symbol %s is not marked as a livepatch symbol", sym->name);
}

int check_klp_sym_not_livepatch(struct rule_ctx *c)
{
	for_each_klp_reloc(c, not_livepatch_sym);
	return 0;
}

/*
 * klp_resolve_symbols() parses the name of every symbol a .klp.rela section relocates against,
 * and no other: klp-build's .klp.tombstone.* symbols (SHN_LIVEPATCH, reached only by R_*_NONE
 * relocations of ordinary sections) and unused .klp.sym ones are never read.
 */
int check_klp_sym_bad_name(struct rule_ctx *c)
{
	struct diag *d;

	for (size_t i = 0; i < c->patch->nr_klp_syms; i++) {
		const struct lp_klp_sym *k = &c->patch->klp_syms[i];

		if (k->name_ok || !k->referenced)
			continue;
		d = rule_report(c, NULL, k->name, "symbol %s is not .klp.sym.<object>.<name>,<sympos>: the kernel refuses the patch",
				k->name);
		diag_kernel_message(d, "livepatch: symbol %s has an incorrectly formatted name", k->name);
	}
	return 0;
}

static void unresolved(struct rule_ctx *c, const struct lp_klp_sym *k, bool *noted)
{
	const struct tgt_symbol *m[MAX_MATCHES];
	const char *obj = k->objname;
	size_t n;
	struct diag *d;

	if (!c->tgt || !tgt_has_symbols(c->tgt, obj)) {
		/* a module that is not loaded yet: the kernel resolves these when it loads */
		if (!*noted && strcmp(obj, "vmlinux") && c->tgt && tgt_has_symbols(c->tgt, "vmlinux"))
			rule_deferred(c, "the symbols of module objects that are not loaded on the target (they are checked when the module loads)");
		else if (!*noted)
			rule_needs(c, "the target's symbols of the objects klp relocations name (--kallsyms, --vmlinux, --target or --live)");
		*noted = true;
		return;
	}
	n = tgt_find_symbols(c->tgt, obj, k->symname, m, MAX_MATCHES);
	if (n == 0) {
		d = rule_report(c, obj, k->symname, "klp symbol %s: '%s' is not a symbol of %s on the target: the kernel refuses the patch",
				k->name, k->symname, obj);
		diag_kernel_message(d, "livepatch: symbol '%s' not found in symbol table", k->symname);
	} else if (k->sympos == 0 && n > 1) {
		d = rule_report(c, obj, k->symname, "klp symbol %s: %zu symbols of %s are named '%s' and its sympos is 0: the kernel refuses the patch",
				k->name, n, obj, k->symname);
		diag_kernel_message(d, "livepatch: unresolvable ambiguity for symbol '%s' in object '%s'",
				    k->symname, strcmp(obj, "vmlinux") ? obj : "(null)");
	} else if (k->sympos > n) {
		d = rule_report(c, obj, k->symname, "klp symbol %s: sympos %lu but %s has %zu symbol%s named '%s': the kernel refuses the patch",
				k->name, (unsigned long)k->sympos, obj, n, n == 1 ? "" : "s", k->symname);
		diag_kernel_message(d, "livepatch: symbol position %lu for symbol '%s' in object '%s' not found",
				    (unsigned long)k->sympos, k->symname, obj);
	}
}

int check_klp_sym_unresolved(struct rule_ctx *c)
{
	bool noted = false;

	/* the kernel resolves only what its klp relocations name (see check_klp_sym_bad_name) */
	for (size_t i = 0; i < c->patch->nr_klp_syms; i++)
		if (c->patch->klp_syms[i].name_ok && c->patch->klp_syms[i].referenced)
			unresolved(c, &c->patch->klp_syms[i], &noted);
	return 0;
}

static bool patches_object(const struct lp_patch *p, const char *name)
{
	const struct lp_object *o;

	for_each_object(p, o)
		if (!strcmp(lp_object_name(o), name))
			return true;
	return false;
}

static void vmlinux_from_module(struct rule_ctx *c, const struct lp_klp_rela *r,
				const struct obj_symbol *sym)
{
	const char *name, *comma;
	struct diag *d;
	int len;

	/* a section of an object the patch does not patch is never applied: KLP508 */
	if (!r->name_ok || !strcmp(r->objname, "vmlinux") ||
	    !str_has_prefix(sym->name, ".klp.sym.vmlinux.") || !patches_object(c->patch, r->objname))
		return;
	/* only now is the name known to be longer than the prefix */
	name = sym->name + strlen(".klp.sym.vmlinux.");
	comma = strrchr(name, ',');
	len = (int)(comma ? comma - name : (ptrdiff_t)strlen(name));
	if (c->tgt && tgt_has_symbols(c->tgt, r->objname)) {
		d = rule_report(c, r->objname, sym->name, "module-specific section %s references vmlinux symbol %s: since 5.8 the kernel refuses that, and %s is loaded, so it refuses the patch (use a normal relocation or a .klp.rela.vmlinux section)",
				r->section, sym->name, r->objname);
	} else {
		d = rule_report(c, r->objname, sym->name, "module-specific section %s references vmlinux symbol %s: since 5.8 the kernel refuses that when %s loads, and then refuses to load %s (use a normal relocation or a .klp.rela.vmlinux section)",
				r->section, sym->name, r->objname, r->objname);
		d->verdict = VERDICT_NONE;
	}
	/* the kernel names the symbol as it parsed it from .klp.sym.vmlinux.<name>,<sympos> */
	diag_kernel_message(d, "livepatch: invalid access to vmlinux symbol '%.*s' from module-specific livepatch relocation section",
			    len, name);
}

int check_klp_rela_vmlinux_from_module(struct rule_ctx *c)
{
	int v = rule_target_version(c);

	/* Before 5.8 the kernel applied these without the check. */
	if (v && v < 5008)
		return 0;
	for_each_klp_reloc(c, vmlinux_from_module);
	return 0;
}

/*
 * Livepatch applies a .klp.rela.<obj> section only for an object of the patch (and, since 5.8,
 * the module loader applies the vmlinux ones at load whatever the objects): a section for any
 * other object is never applied, and the code it relocates keeps the zeros the compiler left.
 * Seen on Debian 6.1: klp_modvmlinux (lp_single, its seq_printf call in .klp.rela.klpc_target)
 * loaded, and /proc/cmdline then printed nothing.
 */
int check_klp_rela_object_not_patched(struct rule_ctx *c)
{
	int v = rule_target_version(c);
	bool before_5_8 = v && v < 5008;

	for (size_t i = 0; i < c->patch->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &c->patch->klp_relas[i];

		if (!r->has_livepatch_flag || !r->name_ok || patches_object(c->patch, r->objname))
			continue;
		if (!strcmp(r->objname, "vmlinux") && !before_5_8)
			continue;
		rule_report(c, r->objname, NULL, "section %s is for object '%s', which the patch does not patch: the kernel never applies it, so the code it relocates runs with the zeros the compiler left (a call lands on the next instruction, a pointer is NULL)",
			    r->section, r->objname);
	}
	return 0;
}

/* Sections the module loader consumes at load time (jump labels, static calls, alternatives,
 * exception and bug tables), before livepatch has applied a relocation that is not vmlinux's. */
static bool is_special(const char *name)
{
	static const char *const special[] = {
		"__jump_table", ".static_call_sites", ".altinstructions", "__ex_table", "__bug_table",
		".parainstructions", ".smp_locks",
	};

	for (size_t i = 0; i < ARRAY_SIZE(special); i++)
		if (!strcmp(name, special[i]))
			return true;
	return false;
}

/*
 * Livepatch applies a module-specific .klp.rela section only when that module loads (and, before
 * 5.8, the vmlinux ones only at enable time): by then the loader has already set up the patch
 * module's jump labels, alternatives and exception tables from unrelocated entries
 * (kernel/module/main.c: apply_relocations(); kpatch-build refuses such relocations for the
 * same reason).
 */
int check_klp_rela_special_section(struct rule_ctx *c)
{
	int v = rule_target_version(c);

	for (size_t i = 0; i < c->patch->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &c->patch->klp_relas[i];
		const struct obj_section *s = klp_section(c, r);

		if (!r->has_livepatch_flag || !r->name_ok || !s->target || !is_special(s->target->name))
			continue;
		/* vmlinux ones: applied early since 5.8, so only an older target is harmed */
		if (!strcmp(r->objname, "vmlinux") && !v) {
			rule_needs(c, NEED_RELEASE);
			continue;
		}
		if (!strcmp(r->objname, "vmlinux") && v >= 5008)
			continue;
		rule_report(c, r->objname, NULL, "%s relocates %s, which the module loader processes when the patch module loads, before livepatch applies these relocations: the entries it sets up point nowhere",
			    r->section, s->target->name);
	}
	return 0;
}
