// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP108-KLP110: what the module loader checks before any livepatch code runs: the undefined
 * symbols must be exported by vmlinux or a loaded module, with the CRC in __versions when the
 * kernel has CONFIG_MODVERSIONS (kernel/module/main.c, resolve_symbol() and check_version()).
 * klp relocations (.klp.sym, SHN_LIVEPATCH) are resolved by livepatch instead: KLP5xx.
 */
#include <elf.h>
#include <string.h>

#include "lint/lint.h"
#include "target/target.h"

static bool have_exports(struct rule_ctx *c)
{
	if (c->tgt && tgt_has_exports(c->tgt))
		return true;
	rule_needs(c, NEED_EXPORTS);
	return false;
}

/* Module names compare with '-' and '_' alike, as the kernel names them. */
static bool same_modname(const char *a, const char *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if ((a[k] == '-' ? '_' : a[k]) != (b[k] == '-' ? '_' : b[k]))
			return false;
	return true;
}

/* Module.symvers names in-tree modules by path ("drivers/foo/bar"): that module is "bar". */
static bool is_module(const char *path, const char *name, size_t n)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	return strlen(base) == n && same_modname(base, name, n);
}

static bool exported_by_module(const struct rule_ctx *c, const char *name, size_t n)
{
	for (size_t i = 0; i < tgt_nr_exports(c->tgt); i++)
		if (is_module(tgt_export_at(c->tgt, i)->module, name, n))
			return true;
	return false;
}

/* The first module in depends= whose exports Module.symvers does not list (an out-of-tree one). */
static bool unknown_dependency(const struct rule_ctx *c, char *out, size_t size)
{
	const char *dep = obj_modinfo_get(c->obj, "depends");

	for (const char *p = dep; p && *p; p += strcspn(p, ","), p += *p == ',') {
		size_t n = strcspn(p, ",");

		if (n && n < size && !exported_by_module(c, p, n)) {
			memcpy(out, p, n);
			out[n] = '\0';
			return true;
		}
	}
	return false;
}

int check_modversions_mismatch(struct rule_ctx *c)
{
	const char *mv;
	struct diag *d;

	if (!c->obj->nr_versions || !have_exports(c))
		return 0;
	mv = c->tgt ? tgt_config_get(c->tgt, "CONFIG_MODVERSIONS") : NULL;
	if (tgt_has_config(c->tgt) && !(mv && !strcmp(mv, "y")))
		return 0;
	for (size_t i = 0; i < c->obj->nr_versions; i++) {
		const struct obj_version *v = &c->obj->versions[i];
		const struct tgt_export *e = tgt_find_export(c->tgt, v->name);

		if (!e || e->crc == (uint32_t)v->crc)
			continue;
		d = rule_report(c, NULL, v->name, "'%s' has CRC 0x%08x in __versions, the target exports it with 0x%08x: the module was built against other headers and the loader refuses it",
				v->name, (unsigned)v->crc, e->crc);
		diag_kernel_message(d, "%s: disagrees about version of symbol %s",
				    c->patch->module_name, v->name);
		/* check_modstruct_version() fails the load itself; other symbols fail resolve_symbol() */
		d->kernel_errno = strcmp(v->name, "module_layout") ? "EINVAL" : "ENOEXEC";
	}
	return 0;
}

int check_unknown_symbol(struct rule_ctx *c)
{
	const struct obj_symbol *s;
	struct diag *d;
	char dep[64];
	bool from_dep;

	if (!have_exports(c))
		return 0;
	from_dep = unknown_dependency(c, dep, sizeof(dep));
	for_each_symbol(c->obj, s) {
		if (s->shndx != SHN_UNDEF || !s->name[0] || s->bind == STB_WEAK ||
		    tgt_find_export(c->tgt, s->name))
			continue;
		if (from_dep) {
			d = rule_report(c, NULL, s->name, "'%s' is not exported by the target's vmlinux or in-tree modules; it must come from '%s', which the module depends on",
					s->name, dep);
			d->severity = SEV_NOTE;
			d->verdict = VERDICT_NONE;
			continue;
		}
		d = rule_report(c, NULL, s->name, "'%s' is undefined in the module and the target does not export it: the module loader refuses the module",
				s->name);
		diag_kernel_message(d, "%s: Unknown symbol %s (err -2)", c->patch->module_name, s->name);
		d->kernel_errno = "ENOENT";
	}
	return 0;
}

/*
 * The first undefined symbol the loader will look for in module dep: one Module.symvers says dep
 * exports, or, for a module it does not list (out of tree), one nothing exports. The loader
 * logs every symbol it cannot resolve, in symbol table order.
 */
static const struct obj_symbol *needed_from(const struct rule_ctx *c, const char *dep)
{
	const struct obj_symbol *s;

	if (!tgt_has_exports(c->tgt))
		return NULL;
	for_each_symbol(c->obj, s) {
		const struct tgt_export *e;

		if (s->shndx != SHN_UNDEF || !s->name[0] || s->bind == STB_WEAK)
			continue;
		e = tgt_find_export(c->tgt, s->name);
		if (!e)
			return s;
		if (is_module(e->module, dep, strlen(dep)))
			return s;
	}
	return NULL;
}

/*
 * finit_module() does not load dependencies: insmod and `kpatch load` then fail with Unknown
 * symbol (seen on Debian 6.1: lp_recursive without klpc_target, -ENOENT); modprobe would load
 * the dependency first, which changes the target.
 */
static void dependency_missing(struct rule_ctx *c, const char *name)
{
	const struct obj_symbol *s = needed_from(c, name);
	struct diag *d;

	if (!s && tgt_has_exports(c->tgt)) {
		d = rule_report(c, name, NULL, "the module depends on '%s', which is not loaded on the target, though it uses none of its symbols",
				name);
		d->severity = SEV_NOTE;
		d->verdict = VERDICT_NONE;
		return;
	}
	d = rule_report(c, name, NULL, "the module depends on '%s', which is not loaded on the target: finit_module() (insmod, kpatch load) refuses the module with Unknown symbol%s%s%s; modprobe would load '%s' first",
			name, s ? " '" : "", s ? s->name : "", s ? "'" : "", name);
	if (s)
		diag_kernel_message(d, "%s: Unknown symbol %s (err -2)", c->patch->module_name, s->name);
	d->kernel_errno = "ENOENT";
}

int check_depends_not_loaded(struct rule_ctx *c)
{
	const char *dep = obj_modinfo_get(c->obj, "depends");

	if (!dep || !*dep)
		return 0;
	if (!c->tgt || !tgt_has_symbols(c->tgt, "vmlinux")) {
		rule_needs(c, NEED_LOADED_MODULES);
		return 0;
	}
	for (const char *p = dep; *p;) {
		size_t n = strcspn(p, ",");
		char name[64];

		if (n && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			if (!tgt_has_symbols(c->tgt, name))
				dependency_missing(c, name);
		}
		p += n + (p[n] == ',');
	}
	return 0;
}
