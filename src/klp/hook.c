// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What kpatch-build and klp-build modules share: their struct klp_patch does not exist in the
 * file. Init code compiled into the module (kpatch's kmod/patch/livepatch-patch-hook.c,
 * patch_init(); the kernel's scripts/livepatch/init.c, livepatch_mod_init()) kzalloc()s it at
 * load time, fills it from the tool's tables and passes it to klp_enable_patch(). So the layout
 * is that of the kernel the module was built for (by vermagic), and klp_patch.replace, a
 * compile-time choice of either tool, is visible only as the store the init code makes:
 * `movb $1, 0x18(%reg)` (5.1+ layout) before it calls klp_enable_patch().
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "decode.h"
#include "disasm/disasm.h"

void lp_hook_layout(struct lp_decoder *d, struct lp_layout *l)
{
	struct lp_patch *p = d->patch;
	struct errbuf why;
	const char *era;

	if (lp_era_from_release(p->kernel_release, &era, &why)) {
		lp_remark(p, "%s; assuming the klp_patch of kernel 5.5 and later", why.msg);
		era = "5.5";
	}
	if (lp_layout_builtin(era, l) && lp_layout_builtin("5.5", l))
		memset(l, 0, sizeof(*l)); /* unreachable: every era has a built-in layout */
	p->layout_source = "format";
	p->layout_era = l->era;
	p->has_mod = true;      /* both init codes set klp_patch.mod = THIS_MODULE */
	p->objs_null = false;   /* ... and objs to a kzalloc()ed array */
	p->has_states_field = l->patch.states.off >= 0; /* neither ever sets states */
	p->immediate = l->patch.immediate.off < 0 ? LP_ABSENT : LP_NO;
}

/*
 * module_param(name, ...) leaves a struct kernel_param in __param: name (0), ..., arg (32, the
 * variable). The parameter whose arg is sec+off, or NULL.
 */
static char *param_of(struct lp_decoder *d, const struct obj_section *sec, uint64_t off)
{
	const struct obj_section *ps = obj_find_section(d->obj, "__param");
	struct lp_ptr arg, name;
	char *s;

	for (uint64_t at = 0; ps && ps->data && at + 40 <= ps->size; at += 40) {
		if (lp_read_ptr(d, ps, at + 32, "kernel_param.arg", &arg) || arg.sec != sec ||
		    arg.off != off || lp_read_ptr(d, ps, at, "kernel_param.name", &name) ||
		    lp_ptr_string(d, &name, "kernel_param.name", &s))
			continue;
		return s;
	}
	return NULL;
}

/* A store of what the function read from a module parameter: the parameter decides. */
static bool replace_from_param(struct lp_decoder *d, const struct dis_store *s)
{
	struct lp_patch *p = d->patch;
	char *param = s->has_source ? param_of(d, s->source.sec, s->source.off) : NULL;
	uint64_t initial = 0;

	if (!param)
		return false;
	/* an int or bool parameter: nonzero in any of its bytes (a .bss one is all zeros) */
	for (uint64_t i = 0; i < 4 && s->source.sec->data && s->source.off + i < s->source.sec->size; i++)
		initial |= s->source.sec->data[s->source.off + i];
	p->replace = initial ? LP_YES : LP_NO;
	p->replace_param = param;
	lp_remark(p, "replace = %s by default: %s sets klp_patch.replace from module parameter '%s' (initially %" PRIu64 ") at %s+0x%" PRIx64 " before klp_enable_patch(); loaded with %s=%d it is %s atomic replace",
		  initial ? "true" : "false", s->func->name, param, initial,
		  s->func->sec ? s->func->sec->name : "?", s->off, param, initial ? 0 : 1,
		  initial ? "no" : "an");
	return true;
}

bool lp_replace_from_stores(struct lp_decoder *d, const struct array *stores)
{
	struct lp_patch *p = d->patch;
	const struct dis_store *s = NULL;

	for (size_t i = 0; i < stores->len; i++) {
		const struct dis_store *t = array_at(stores, struct dis_store, i);

		if (!t->immediate)
			return replace_from_param(d, t);
		if (s && (t->value != 0) != (s->value != 0)) {
			lp_remark(p, "the init code stores both 0 and 1 to klp_patch.replace");
			return false;
		}
		s = t;
	}
	if (!s)
		return false;
	p->replace = s->value ? LP_YES : LP_NO;
	lp_remark(p, "replace = %s: %s stores %" PRIu64 " to klp_patch.replace at %s+0x%" PRIx64 " before klp_enable_patch()",
		  s->value ? "true" : "false", s->func->name, s->value,
		  s->func->sec ? s->func->sec->name : "?", s->off);
	return true;
}

int lp_hook_replace(struct lp_decoder *d, const struct lp_layout *l, const char *tool,
		    bool tool_default)
{
	struct array stores = ARRAY_INIT(struct dis_store);
	struct lp_patch *p = d->patch;
	struct dis_field field = { .disp = l->patch.replace.off, .size = l->patch.replace.size };
	int ret;

	p->replace = LP_ABSENT;
	if (l->patch.replace.off < 0)
		return 0;
	ret = dis_find_field_stores(d->obj, "klp_enable_patch", &field, &stores, d->err);
	if (ret && ret != -ENOTSUP)
		goto out;
	ret = 0;
	if (lp_replace_from_stores(d, &stores))
		goto out;
	p->replace_assumed = true;
	if (d->opts && d->opts->assume_replace != LP_ABSENT) {
		p->replace = d->opts->assume_replace;
		lp_remark(p, "replace = %s assumed (--assume-replace): the init code shows no store to klp_patch.replace",
			  p->replace == LP_YES ? "true" : "false");
	} else {
		p->replace = tool_default ? LP_YES : LP_NO;
		lp_remark(p, "replace = %s assumed (%s's default; --assume-replace to say otherwise): the init code shows no store to klp_patch.replace",
			  tool_default ? "true" : "false", tool);
	}
out:
	array_free(&stores);
	return ret;
}
