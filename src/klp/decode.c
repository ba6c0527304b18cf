// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "disasm/disasm.h"
#include "dwarf/dbg.h"

/* struct module (64-bit): state (4, padded to 8), list (16), then char name[56]. */
#define THIS_MODULE_NAME_OFF 24
#define MODULE_NAME_LEN 56

int lp_read_field(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
		  struct lp_field f, uint64_t *val)
{
	if (f.off < 0 || f.size == 0 || f.size > 8)
		return err_set(d->err, -EINVAL, "internal: unreadable field");
	if (base > UINT64_MAX - (uint64_t)f.off ||
	    !obj_read_uint(d->obj, sec, base + (uint64_t)f.off, f.size, val))
		return err_set(d->err, -EINVAL, "struct at %s+0x%" PRIx64 " runs past the end of the section",
			       sec->name, base);
	return 0;
}

/*
 * A relocation that writes any byte of the field besides the field's own: the loader would
 * apply both (or, on x86, refuse the second one), so the pointer is not the one we read.
 */
static const struct obj_rela *other_reloc(const struct lp_decoder *d, const struct obj_section *sec,
					  uint64_t off, const struct obj_rela *own)
{
	for (size_t i = obj_reloc_lower_bound(sec, off > 7 ? off - 7 : 0);
	     i < sec->nr_relocs && sec->relocs[i]->offset < off + 8; i++) {
		const struct obj_rela *r = sec->relocs[i];
		unsigned int width = obj_arch_reloc_kind(d->obj->arch, r->type).width;

		if (r != own && width && r->offset + width > off)
			return r;
	}
	return NULL;
}

static int reloc_error(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
		       const char *what, const struct obj_rela *r, const struct obj_rela *other)
{
	if (other && other->offset == off)
		return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " has two relocations",
			       what, sec->name, off);
	if (other)
		return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " is partly overwritten by the relocation at %s+0x%" PRIx64,
			       what, sec->name, off, sec->name, other->offset);
	return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " has relocation type %u, not a 64-bit address",
		       what, sec->name, off, r->type);
}

/* S + A within the symbol's section, computed without signed overflow. */
static int reloc_target(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
			const char *what, const struct obj_rela *r, struct lp_ptr *out)
{
	const struct obj_symbol *sym = out->sym;
	const char *name = sym->name[0] ? sym->name : out->sec->name;
	uint64_t a = (uint64_t)r->addend, t = sym->value + a;
	bool wrapped = r->addend < 0 ? t > sym->value : t < sym->value;
	char at[64] = "";

	if (!wrapped && t <= out->sec->size) {
		out->off = t;
		return 0;
	}
	if (sym->value)
		snprintf(at, sizeof(at), ", %s being at +0x%" PRIx64, name, sym->value);
	return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " leads outside %s (0x%" PRIx64 " bytes): its relocation is %s%s0x%" PRIx64 "%s",
		       what, sec->name, off, out->sec->name, out->sec->size, name,
		       r->addend < 0 ? "-" : "+", r->addend < 0 ? 0 - a : a, at);
}

/* A table with no bytes in the file would read as zeros, as many as its size claims. */
int lp_check_contents(struct lp_decoder *d, const struct obj_section *sec)
{
	if (sec && !sec->data && sec->size)
		return err_set(d->err, -EINVAL, "%s has no contents in the file (SHT_NOBITS)",
			       sec->name);
	return 0;
}

int lp_read_ptr(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
		const char *what, struct lp_ptr *out)
{
	const struct obj_rela *r = obj_reloc_at(sec, off), *other;
	uint64_t raw;

	memset(out, 0, sizeof(*out));
	if (!obj_read_uint(d->obj, sec, off, 8, &raw))
		return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " runs past the end of the section",
			       what, sec->name, off);
	other = other_reloc(d, sec, off, r);
	if (other || (r && !obj_arch_reloc_kind(d->obj->arch, r->type).abs64))
		return reloc_error(d, sec, off, what, r, other);
	if (!r) {
		if (raw)
			return err_set(d->err, -EINVAL, "%s at %s+0x%" PRIx64 " holds 0x%" PRIx64 " without a relocation: it leads nowhere",
				       what, sec->name, off, raw);
		out->null = true;
		return 0;
	}
	out->sym = &d->obj->symbols[r->sym];
	out->sec = out->sym->sec;
	return out->sec ? reloc_target(d, sec, off, what, r, out) : 0;
}

int lp_ptr_string(struct lp_decoder *d, const struct lp_ptr *p, const char *what, char **out)
{
	const char *s;

	*out = NULL;
	if (p->null)
		return 0;
	if (!p->sec)
		return err_set(d->err, -EINVAL, "%s points to undefined symbol '%s'", what, p->sym->name);
	if (!p->sec->data && p->sec->size)
		return err_set(d->err, -EINVAL, "%s points to %s+0x%" PRIx64 ", a section without contents in the file (SHT_NOBITS)",
			       what, p->sec->name, p->off);
	if (p->off >= p->sec->size)
		return err_set(d->err, -EINVAL, "%s points to %s+0x%" PRIx64 ", the end of the section: no string there",
			       what, p->sec->name, p->off);
	/* Bounded, so that many pointers to one huge string cost neither time nor memory. */
	if (p->sec->size - p->off > OBJ_MAX_NAME &&
	    !memchr(p->sec->data + p->off, '\0', OBJ_MAX_NAME + 1))
		return err_set(d->err, -EINVAL, "%s points to %s+0x%" PRIx64 ", a string longer than %d bytes",
			       what, p->sec->name, p->off, OBJ_MAX_NAME);
	s = obj_read_string(p->sec, p->off);
	if (!s)
		return err_set(d->err, -EINVAL, "%s points to %s+0x%" PRIx64 ", where no NUL ends a string before the end of the section",
			       what, p->sec->name, p->off);
	*out = xstrdup(s);
	return 0;
}

char *lp_ptr_symbol_name(const struct lp_decoder *d, const struct lp_ptr *p)
{
	const struct obj_symbol *sym;

	if (p->null)
		return NULL;
	if (!p->sec || (p->sym->type != STT_SECTION && p->sym->value == p->off && p->sym->name[0]))
		return xstrdup(p->sym->name);
	sym = obj_find_symbol_at(d->obj, p->sec, p->off);
	if (sym)
		return xstrdup(sym->name);
	return xasprintf("%s+0x%" PRIx64, p->sec->name, p->off);
}

void lp_remark(struct lp_patch *p, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	p->remarks = xrealloc(p->remarks, p->nr_remarks + 1, sizeof(*p->remarks));
	p->remarks[p->nr_remarks++] = s;
}

static char *module_name(const struct obj_file *obj)
{
	const struct obj_section *s = obj_find_section(obj, ".gnu.linkonce.this_module");
	const char *name = obj_modinfo_get(obj, "name");
	const char *base;

	if (name && *name)
		return xstrdup(name);
	if (s && s->data && s->size >= THIS_MODULE_NAME_OFF + MODULE_NAME_LEN)
		return xstrndup((const char *)s->data + THIS_MODULE_NAME_OFF,
				strnlen((const char *)s->data + THIS_MODULE_NAME_OFF, MODULE_NAME_LEN));
	base = strrchr(obj->path, '/');
	name = base ? base + 1 : obj->path;
	return xstrndup(name, strcspn(name, "."));
}

/* Shadow variables live outside the patch: a module that calls klp_shadow_*() owns some. */
static const char *shadow_api(const struct obj_file *obj)
{
	const struct obj_symbol *sym;

	for_each_symbol(obj, sym)
		if (sym->shndx == SHN_UNDEF && str_has_prefix(sym->name, "klp_shadow_"))
			return sym->name;
	return NULL;
}

static bool calls_any(const struct array *calls, const char *const *names)
{
	for (size_t i = 0; i < calls->len; i++)
		for (const char *const *n = names; *n; n++)
			if (!strcmp(array_at(calls, struct dis_call, i)->sym->name, *n))
				return true;
	return false;
}

/*
 * Whether some function attaches a shadow variable without freeing one in the same call. A
 * patch that only uses them within a call (lp_states: get_or_alloc, then free) leaves nothing
 * attached for a replacing patch to inherit. Unreadable code counts as keeping them.
 */
static bool shadow_kept(const struct obj_file *obj)
{
	static const char *const attach[] = { "klp_shadow_alloc", "klp_shadow_get_or_alloc", NULL };
	static const char *const detach[] = { "klp_shadow_free", "klp_shadow_free_all", NULL };
	const struct obj_symbol *fn;
	bool kept = false;

	for_each_symbol(obj, fn) {
		struct array calls = ARRAY_INIT(struct dis_call);
		struct errbuf err;

		if (fn->type != STT_FUNC || !fn->sec)
			continue;
		if (dis_find_calls(obj, fn, &calls, &err))
			kept = true;
		else if (calls_any(&calls, attach) && !calls_any(&calls, detach))
			kept = true;
		array_free(&calls);
		if (kept)
			break;
	}
	return kept;
}

static void read_module_info(struct lp_patch *p, const struct obj_file *obj)
{
	const char *lp = obj_modinfo_get(obj, "livepatch");

	p->module_name = module_name(obj);
	p->vermagic = obj_modinfo_get(obj, "vermagic");
	if (p->vermagic)
		p->kernel_release = xstrndup(p->vermagic, strcspn(p->vermagic, " "));
	p->livepatch_flag = lp && !strcmp(lp, "Y");
	p->shadow_api = shadow_api(obj);
	p->shadow_kept = p->shadow_api && shadow_kept(obj);
}

/* The kernel parses these names with sscanf(".klp.rela.%55[^.]") (klp_apply_section_relocs()). */
static void read_klp_relas(struct lp_patch *p, const struct obj_file *obj)
{
	static const char prefix[] = ".klp.rela.";
	const struct obj_section *s;
	struct array a = ARRAY_INIT(struct lp_klp_rela);

	for_each_section(obj, s) {
		struct lp_klp_rela *r;
		size_t len;

		if (!str_has_prefix(s->name, prefix) && !obj_section_is_klp_rela(s))
			continue;
		r = array_push(&a);
		r->section = s->name;
		r->index = s->index;
		r->is_rela = s->type == SHT_RELA;
		r->has_livepatch_flag = s->flags & KLP_SHF_RELA_LIVEPATCH;
		r->nr_relas = s->nr_relas;
		if (!str_has_prefix(s->name, prefix))
			continue;
		len = strcspn(s->name + sizeof(prefix) - 1, ".");
		r->name_ok = len > 0;
		r->objname = xstrndup(s->name + sizeof(prefix) - 1, len > 55 ? 55 : len);
	}
	p->klp_relas = a.data;
	p->nr_klp_relas = a.len;
}

/* ".klp.sym.%55[^.].%511[^,],%lu": objname, then the name up to the comma, then sympos. */
static void parse_klp_sym(struct lp_klp_sym *k)
{
	static const char prefix[] = ".klp.sym.";
	const char *p, *dot, *comma;
	char *end;

	if (!str_has_prefix(k->name, prefix))
		return;
	p = k->name + sizeof(prefix) - 1;
	dot = strchr(p, '.');
	if (!dot || dot == p)
		return;
	comma = strrchr(dot + 1, ',');
	if (!comma || comma == dot + 1)
		return;
	k->objname = xstrndup(p, (size_t)(dot - p));
	k->symname = xstrndup(dot + 1, (size_t)(comma - dot - 1));
	k->sympos = strtoull(comma + 1, &end, 10);
	k->name_ok = comma[1] >= '0' && comma[1] <= '9' && *end == '\0';
}

static void read_klp_syms(struct lp_patch *p, const struct obj_file *obj)
{
	const struct obj_symbol *sym;
	struct array a = ARRAY_INIT(struct lp_klp_sym);

	for_each_symbol(obj, sym) {
		struct lp_klp_sym *k;

		if (!str_has_prefix(sym->name, ".klp.sym.") && sym->shndx != KLP_SHN_LIVEPATCH)
			continue;
		k = array_push(&a);
		k->name = sym->name;
		k->shndx = sym->shndx;
		k->index = sym->index;
		parse_klp_sym(k);
	}
	p->klp_syms = a.data;
	p->nr_klp_syms = a.len;
}

/*
 * The symbols klp_resolve_symbols() will parse: those of the relocations in sections it applies.
 * One pass over those relocations, one flag per symbol of the file.
 */
static void mark_referenced(struct lp_patch *p, const struct obj_file *obj)
{
	bool *used = xcalloc(obj->nr_symbols ? obj->nr_symbols : 1, sizeof(*used));

	for (size_t i = 0; i < p->nr_klp_relas; i++) {
		const struct lp_klp_rela *r = &p->klp_relas[i];
		const struct obj_rela *rel;

		if (!r->has_livepatch_flag || !r->is_rela)
			continue;
		for_each_rela(&obj->sections[r->index], rel)
			if (rel->sym < obj->nr_symbols)
				used[rel->sym] = true;
	}
	for (size_t i = 0; i < p->nr_klp_syms; i++)
		p->klp_syms[i].referenced = p->klp_syms[i].index < obj->nr_symbols &&
					    used[p->klp_syms[i].index];
	free(used);
}

int lp_decode(struct obj_file *obj, struct lp_patch **out, struct errbuf *err)
{
	static const struct lp_decode_opts defaults = { .assume_replace = LP_ABSENT };

	return lp_decode_with(obj, &defaults, out, err);
}

int lp_decode_with(struct obj_file *obj, const struct lp_decode_opts *opts, struct lp_patch **out,
		   struct errbuf *err)
{
	struct lp_decoder d = { obj, NULL, xcalloc(1, sizeof(struct lp_patch)), err, opts };
	struct errbuf dwerr;
	int ret;

	read_module_info(d.patch, obj);
	ret = dbg_file_open(obj->buf, obj->size, &d.dbg, &dwerr);
	if (ret && ret != -ENODATA)
		lp_remark(d.patch, "DWARF unreadable (%s); using built-in layouts", dwerr.msg);
	/* By the sections each generated format adds; a hand-written module has none of them. */
	ret = lp_decode_klpbuild(&d);
	if (ret == -ENOENT)
		ret = lp_decode_kpatch(&d);
	if (ret == -ENOENT)
		ret = lp_decode_static(&d);
	if (!ret)
		ret = lp_read_kpatch_force(&d);
	if (ret == -ENOENT)
		err_set(err, ret, "no livepatch found: no struct klp_patch is passed to klp_enable_patch() or klp_register_patch(), and no kpatch-build (.kpatch.funcs) or klp-build (__klp_objects, .init.klp_objects) tables");
	dbg_file_close(d.dbg);
	if (ret) {
		lp_patch_free(d.patch);
		return ret;
	}
	read_klp_relas(d.patch, obj);
	read_klp_syms(d.patch, obj);
	mark_referenced(d.patch, obj);
	*out = d.patch;
	return 0;
}

static void free_object(struct lp_object *o)
{
	for (size_t i = 0; i < o->nr_funcs; i++) {
		free(o->funcs[i].old_name);
		free(o->funcs[i].new_func);
	}
	free(o->funcs);
	free(o->name);
	free(o->callbacks.pre_patch);
	free(o->callbacks.post_patch);
	free(o->callbacks.pre_unpatch);
	free(o->callbacks.post_unpatch);
}

void lp_patch_free(struct lp_patch *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nr_objects; i++)
		free_object(&p->objects[i]);
	free(p->objects);
	free(p->states);
	for (size_t i = 0; i < p->nr_klp_relas; i++)
		free(p->klp_relas[i].objname);
	free(p->klp_relas);
	for (size_t i = 0; i < p->nr_klp_syms; i++) {
		free(p->klp_syms[i].objname);
		free(p->klp_syms[i].symname);
	}
	free(p->klp_syms);
	for (size_t i = 0; i < p->nr_kpatch_force; i++)
		free(p->kpatch_force[i]);
	free(p->kpatch_force);
	for (size_t i = 0; i < p->nr_remarks; i++)
		free(p->remarks[i]);
	free(p->remarks);
	free(p->module_name);
	free(p->kernel_release);
	free(p->patch_symbol);
	free(p->replace_param);
	free(p);
}

const char *lp_format_name(enum lp_format f)
{
	switch (f) {
	case LP_FORMAT_KLP_PATCH: return "klp_patch";
	case LP_FORMAT_KPATCH: return "kpatch";
	case LP_FORMAT_KLP_BUILD: return "klp-build";
	}
	return "unknown";
}

const char *lp_object_name(const struct lp_object *o)
{
	return o->name ? o->name : "vmlinux";
}
