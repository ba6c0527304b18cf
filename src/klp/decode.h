/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the format decoders; not for use outside src/klp/. */
#ifndef KLP_KLP_DECODE_H
#define KLP_KLP_DECODE_H

#include "klp.h"
#include "layout.h"

struct dbg_file;

/* A pointer field of a struct in the module, resolved through its relocation. */
struct lp_ptr {
	bool null;
	const struct obj_symbol *sym;     /* the relocation's symbol */
	const struct obj_section *sec;    /* NULL when sym is undefined */
	uint64_t off;
};

struct lp_decoder {
	struct obj_file *obj;
	struct dbg_file *dbg;  /* NULL without DWARF */
	struct lp_patch *patch;
	struct errbuf *err;
	const struct lp_decode_opts *opts;
};

/* The pointer field at sec+off; what names it ("klp_func.old_name") in error messages. */
int lp_read_ptr(struct lp_decoder *d, const struct obj_section *sec, uint64_t off,
		const char *what, struct lp_ptr *out) __attribute__((warn_unused_result));
int lp_read_field(struct lp_decoder *d, const struct obj_section *sec, uint64_t base,
		  struct lp_field f, uint64_t *val) __attribute__((warn_unused_result));
/* -EINVAL, said why, when a table section has a size but no bytes in the file (SHT_NOBITS). */
int lp_check_contents(struct lp_decoder *d, const struct obj_section *sec)
	__attribute__((warn_unused_result));
/* A C string the pointer leads to, copied; what names the field in error messages. */
int lp_ptr_string(struct lp_decoder *d, const struct lp_ptr *p, const char *what, char **out)
	__attribute__((warn_unused_result));
/* The symbol name the pointer leads to ("sym" or "section+0xoff"), copied; NULL when NULL. */
char *lp_ptr_symbol_name(const struct lp_decoder *d, const struct lp_ptr *p);
void lp_remark(struct lp_patch *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The static struct klp_patch decoder. -ENOENT: no call passes a klp_patch. */
int lp_decode_static(struct lp_decoder *d) __attribute__((warn_unused_result));
/* kpatch-build modules (kpatch.c). -ENOENT: no .kpatch.funcs section. */
/* .kpatch.force (KPATCH_FORCE_UNSAFE), in a module of any format: into patch->kpatch_force. */
int lp_read_kpatch_force(struct lp_decoder *d) __attribute__((warn_unused_result));
int lp_decode_kpatch(struct lp_decoder *d) __attribute__((warn_unused_result));
/* klp-build modules (klpbuild.c). -ENOENT: no __klp_objects or .init.klp_objects section. */
int lp_decode_klpbuild(struct lp_decoder *d) __attribute__((warn_unused_result));

/*
 * Modules whose init code builds the klp_patch at run time (hook.c): the layout of the running
 * kernel's structs, by vermagic, and what that code does with klp_patch.replace.
 */
void lp_hook_layout(struct lp_decoder *d, struct lp_layout *l);
/*
 * klp_patch.replace from stores the init code makes before klp_enable_patch() (struct dis_store,
 * any format): an immediate, or a module parameter's value. False when they show nothing.
 */
bool lp_replace_from_stores(struct lp_decoder *d, const struct array *stores);
/* klp_patch.replace from the init code's store, else assumed (tool_default, or the user's). */
int lp_hook_replace(struct lp_decoder *d, const struct lp_layout *l, const char *tool,
		    bool tool_default) __attribute__((warn_unused_result));

#endif
