// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLP112-KLP117, KLP407: what the module loader (kernel/module/main.c, version.c, signing.c)
 * and klp_init_func() refuse before a patch is enabled, read in the Debian 6.1.192 and
 * 6.12.117 sources; docs/kernel-refusals.md has the whole load path.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "lint/lint.h"
#include "target/target.h"

#define SIG_MARKER "~Module signature appended~\n"

static bool config_is(const struct rule_ctx *c, const char *name, const char *value)
{
	const char *v = tgt_config_get(c->tgt, name);

	return v && !strcmp(v, value);
}

/* The undefined symbols the loader resolves in simplify_symbols(): not weak, not SHN_LIVEPATCH. */
static bool resolved_by_loader(const struct obj_symbol *s)
{
	return s->shndx == SHN_UNDEF && s->name[0] && s->bind != STB_WEAK;
}

/* include/linux/license.h, license_is_gpl_compatible(): the same list on 6.1 and 6.12. */
static bool license_gpl_compatible(const char *l)
{
	static const char *const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL",
		"Dual MPL/GPL",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(l, ok[i]))
			return true;
	return false;
}

static bool gpl_only(const struct tgt_export *e)
{
	return e->export_type && strstr(e->export_type, "_GPL") && !strstr(e->export_type, "FUTURE");
}

/*
 * A license outside that list taints the module TAINT_PROPRIETARY_MODULE (6.1 set_license(),
 * 6.12 module_license_taint_check()) and resolve_symbol() then looks it up with gplok false:
 * a GPL-only export is not found, "Unknown symbol ... (err -2)".
 */
int check_gpl_only_export(struct rule_ctx *c)
{
	const char *license = obj_modinfo_get(c->obj, "license");
	const struct obj_symbol *s;
	struct diag *d;

	if (!license)
		license = "unspecified";
	if (license_gpl_compatible(license))
		return 0;
	if (!c->tgt || !tgt_has_exports(c->tgt)) {
		rule_needs(c, NEED_EXPORTS);
		return 0;
	}
	for_each_symbol(c->obj, s) {
		const struct tgt_export *e;

		if (!resolved_by_loader(s) || !(e = tgt_find_export(c->tgt, s->name)) || !gpl_only(e))
			continue;
		d = rule_report(c, NULL, s->name, "'%s' is exported GPL-only (%s) and the module's license '%s' is not GPL-compatible: the loader taints the module proprietary and does not resolve the symbol",
				s->name, e->export_type, license);
		diag_kernel_message(d, "%s: Unknown symbol %s (err -2)", c->patch->module_name, s->name);
		d->kernel_errno = "ENOENT";
	}
	return 0;
}

static bool imports(const struct obj_file *obj, const char *ns)
{
	for (size_t i = 0; i < obj->nr_modinfo; i++) {
		const struct obj_modinfo *m = &obj->modinfo[i];

		if (m->key_len == 9 && !strncmp(m->key, "import_ns", 9) && !strcmp(m->value, ns))
			return true;
	}
	return false;
}

/* resolve_symbol() -> verify_namespace_is_imported(), 6.1 and 6.12. */
int check_namespace_not_imported(struct rule_ctx *c)
{
	const struct obj_symbol *s;
	bool allowed;
	struct diag *d;

	if (!c->tgt || !tgt_has_exports(c->tgt)) {
		rule_needs(c, NEED_EXPORTS);
		return 0;
	}
	allowed = config_is(c, "CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS", "y");
	for_each_symbol(c->obj, s) {
		const struct tgt_export *e;

		if (!resolved_by_loader(s) || !(e = tgt_find_export(c->tgt, s->name)) || !e->ns ||
		    imports(c->obj, e->ns))
			continue;
		if (allowed) {
			d = rule_report(c, NULL, s->name, "'%s' is exported in namespace %s, which the module does not import: the target (CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS=y) only warns",
					s->name, e->ns);
			d->severity = SEV_WARNING;
			d->verdict = VERDICT_NONE;
			continue;
		}
		d = rule_report(c, NULL, s->name, "'%s' is exported in namespace %s and the module has no MODULE_IMPORT_NS(%s): the loader refuses the module",
				s->name, e->ns, e->ns);
		diag_kernel_message(d, "%s: module uses symbol (%s) from namespace %s, but does not import it.",
				    c->patch->module_name, s->name, e->ns);
		d->kernel_errno = "EINVAL";
	}
	return 0;
}

/*
 * include/linux/vermagic.h, VERMAGIC_STRING, for x86_64 (MODULE_ARCH_VERMAGIC is empty there)
 * without RANDSTRUCT (its hash is in no config): release, then SMP, preempt (PREEMPT_BUILD
 * since 5.16, PREEMPT before) or preempt_rt, mod_unload, modversions.
 */
static bool vermagic_from_config(const struct rule_ctx *c, char *out, size_t size)
{
	const char *rel = tgt_release(c->tgt), *arch = tgt_arch(c->tgt);
	bool preempt;

	if (!rel || !tgt_has_config(c->tgt) || !arch || strcmp(arch, "x86_64") ||
	    config_is(c, "CONFIG_RANDSTRUCT_FULL", "y") ||
	    config_is(c, "CONFIG_RANDSTRUCT_PERFORMANCE", "y") ||
	    config_is(c, "CONFIG_GCC_PLUGIN_RANDSTRUCT", "y"))
		return false;
	preempt = tgt_config_get(c->tgt, "CONFIG_PREEMPT_BUILD") ?
		  config_is(c, "CONFIG_PREEMPT_BUILD", "y") : config_is(c, "CONFIG_PREEMPT", "y");
	snprintf(out, size, "%s %s%s%s%s", rel, config_is(c, "CONFIG_SMP", "y") ? "SMP " : "",
		 preempt ? "preempt " : config_is(c, "CONFIG_PREEMPT_RT", "y") ? "preempt_rt " : "",
		 config_is(c, "CONFIG_MODULE_UNLOAD", "y") ? "mod_unload " : "",
		 config_is(c, "CONFIG_MODVERSIONS", "y") ? "modversions " : "");
	return true;
}

/* kernel/module/version.c, same_magic(): with CRCs, the release (up to the first space) is skipped. */
static bool same_magic(const char *a, const char *b, bool has_crcs)
{
	if (has_crcs) {
		a += strcspn(a, " ");
		b += strcspn(b, " ");
	}
	return !strcmp(a, b);
}

/*
 * check_modstruct_version() runs first: on a CONFIG_MODVERSIONS kernel a module without
 * __versions reaches try_to_force_load(), -ENOEXEC unless CONFIG_MODULE_FORCE_LOAD.
 */
static bool no_versions_refused(struct rule_ctx *c, bool has_crcs)
{
	struct diag *d;

	if (has_crcs || !config_is(c, "CONFIG_MODVERSIONS", "y"))
		return false;
	if (config_is(c, "CONFIG_MODULE_FORCE_LOAD", "y")) {
		d = rule_report(c, NULL, NULL, "the module has no __versions section and the target has CONFIG_MODVERSIONS: it loads only because the target has CONFIG_MODULE_FORCE_LOAD, taints the kernel (F), and the loader then compares the whole vermagic, release included");
		d->severity = SEV_NOTE;
		d->verdict = VERDICT_NONE;
		diag_kernel_message(d, "%s: module_layout: kernel tainted.", c->patch->module_name);
		return false;
	}
	d = rule_report(c, NULL, NULL, "the module has no __versions section and the target has CONFIG_MODVERSIONS without CONFIG_MODULE_FORCE_LOAD: the loader refuses it (ENOEXEC) and logs nothing");
	d->kernel_errno = "ENOEXEC";
	return true;
}

int check_vermagic_refused(struct rule_ctx *c)
{
	const char *have = obj_modinfo_get(c->obj, "vermagic"), *from = NULL, *want;
	bool has_crcs = obj_find_section(c->obj, "__versions") != NULL;
	char built[256];
	struct diag *d;

	if (!c->tgt || !tgt_has_config(c->tgt)) {
		rule_needs(c, NEED_CONFIG);
		return 0;
	}
	if (no_versions_refused(c, has_crcs))
		return 0;
	want = tgt_vermagic(c->tgt, &from);
	if (!want && vermagic_from_config(c, built, sizeof(built))) {
		want = built;
		from = "the target's release and config";
	}
	if (!want) {
		rule_needs(c, "the target's vermagic (a module built for it: --modules-dir; or its release and x86_64 config)");
		return 0;
	}
	if (!have) {
		if (config_is(c, "CONFIG_MODULE_FORCE_LOAD", "y"))
			return 0;
		rule_report(c, NULL, NULL, "the module has no vermagic and the target lacks CONFIG_MODULE_FORCE_LOAD: the loader refuses it (ENOEXEC)")->kernel_errno = "ENOEXEC";
		return 0;
	}
	if (same_magic(have, want, has_crcs))
		return 0;
	d = rule_report(c, NULL, NULL, "vermagic '%s' is not '%s' (%s)%s: the loader refuses the module",
			have, want, from, has_crcs ? ", compared after the release since the module has __versions" : ", release included since the module has no __versions");
	diag_kernel_message(d, "%s: version magic '%s' should be '%s'", c->patch->module_name, have,
			    want);
	d->kernel_errno = "ENOEXEC";
	return 0;
}

static bool signed_module(const struct obj_file *obj)
{
	size_t n = strlen(SIG_MARKER);

	return obj->size > n && !memcmp(obj->buf + obj->size - n, SIG_MARKER, n);
}

/*
 * kernel/module/signing.c, module_sig_check(): an unsigned module is -EKEYREJECTED when
 * is_module_sig_enforced(), else whatever security_locked_down(LOCKDOWN_MODULE_SIGNATURE)
 * says: -EPERM under lockdown integrity or confidentiality. Without CONFIG_MODULE_SIG none of
 * it runs. A signed module's key cannot be checked here.
 */
int check_unsigned_module(struct rule_ctx *c)
{
	const char *from = NULL, *lockdown;
	struct diag *d;
	int enforced;

	if (signed_module(c->obj))
		return 0;
	if (!c->tgt) {
		rule_needs(c, NEED_SIG_POLICY);
		return 0;
	}
	enforced = tgt_sig_enforced(c->tgt, &from);
	lockdown = tgt_lockdown(c->tgt);
	if (enforced < 0 && !lockdown && !tgt_has_config(c->tgt)) {
		rule_needs(c, NEED_SIG_POLICY);
		return 0;
	}
	if (tgt_has_config(c->tgt) && !config_is(c, "CONFIG_MODULE_SIG", "y"))
		return 0;
	if (enforced > 0) {
		d = rule_report(c, NULL, NULL, "the module is unsigned (no '~Module signature appended~' trailer) and the target requires signatures (%s): the loader refuses it",
				from);
		diag_kernel_message(d, "Loading of unsigned module is rejected");
		d->kernel_errno = "EKEYREJECTED";
	} else if (lockdown && strcmp(lockdown, "none")) {
		d = rule_report(c, NULL, NULL, "the module is unsigned (no '~Module signature appended~' trailer) and the target is locked down (%s): the loader refuses it",
				lockdown);
		diag_kernel_message(d, "unsigned module loading is restricted; see man kernel_lockdown.7");
		d->kernel_errno = "EPERM";
	}
	return 0;
}

/*
 * 6.1 add_unformed_module(), 6.12 early_mod_check() -> module_patient_check_exists(): a live
 * module of that name is -EEXIST, one still loading -EBUSY; nothing is logged. A disabled or
 * replaced patch stays loaded until rmmod.
 */
int check_module_loaded(struct rule_ctx *c)
{
	const char *from = NULL;
	enum tgt_answer a = c->tgt ? tgt_module_loaded(c->tgt, c->patch->module_name, &from) :
				     TGT_UNKNOWN;
	struct diag *d;

	if (a == TGT_UNKNOWN) {
		rule_needs(c, NEED_LOADED_MODULES);
		return 0;
	}
	if (a == TGT_NO)
		return 0;
	d = rule_report(c, NULL, NULL, "a module named '%s' is already loaded on the target (%s): the loader refuses a second one with -EEXIST and logs nothing; unload it first (a disabled or replaced patch stays loaded until rmmod)",
			c->patch->module_name, from);
	d->kernel_errno = "EEXIST";
	return 0;
}

/* klp_init_func(), 6.1 and 6.12: strlen(old_name) >= KSYM_NAME_LEN is -EINVAL, nothing logged. */
int check_name_too_long(struct rule_ctx *c)
{
	const struct lp_object *o;
	const struct lp_func *f;
	struct diag *d;

	for_each_object(c->patch, o) {
		for_each_func(o, f) {
			if (!f->old_name || strlen(f->old_name) < rule_ksym_name_len(c))
				continue;
			d = rule_report(c, lp_object_name(o), NULL, "an old_name of %zu characters (at most %zu on the target, KSYM_NAME_LEN %zu): klp_enable_patch() returns -EINVAL and logs nothing",
					strlen(f->old_name), rule_ksym_name_len(c) - 1,
					rule_ksym_name_len(c));
			d->kernel_errno = "EINVAL";
		}
	}
	return 0;
}

/*
 * klp_find_object_module() looks the object up among loaded modules; one built into vmlinux
 * never loads, so the object stays unpatched and the kernel says nothing.
 */
int check_object_builtin(struct rule_ctx *c)
{
	const struct lp_object *o;
	bool noted = false;

	for_each_object(c->patch, o) {
		enum tgt_answer a;

		if (!o->name || !strcmp(o->name, "vmlinux"))
			continue;
		a = c->tgt ? tgt_module_builtin(c->tgt, o->name) : TGT_UNKNOWN;
		if (a == TGT_UNKNOWN && !noted) {
			rule_needs(c, NEED_BUILTIN);
			noted = true;
		}
		if (a == TGT_YES)
			rule_report(c, o->name, NULL, "'%s' is built into the target's vmlinux (modules.builtin): no module of that name ever loads, so this object is never patched; patch its functions in the vmlinux object (name NULL)",
				    o->name);
	}
	return 0;
}
