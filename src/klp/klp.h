/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The format-neutral patch model: what klp_enable_patch() will see, decoded from a module.
 * Decoders (static struct klp_patch, kpatch-build and klp-build tables) fill it;
 * rules and reports read it and never look at the format again.
 *
 * Every string here is owned by the model and freed by lp_patch_free().
 */
#ifndef KLP_KLP_H
#define KLP_KLP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/model.h"
#include "util/util.h"

/* A boolean field that some kernel layouts lack: LP_ABSENT is "this kernel has no such field". */
enum lp_flag { LP_ABSENT = -1, LP_NO = 0, LP_YES = 1 };

enum lp_format { LP_FORMAT_KLP_PATCH, LP_FORMAT_KPATCH, LP_FORMAT_KLP_BUILD };

struct lp_func {
	char *old_name;   /* NULL when the initialiser left it NULL */
	char *new_func;   /* symbol (or section+offset) of the replacement; NULL when NULL */
	uint64_t old_sympos;
	enum lp_flag immediate;
	uint64_t offset;  /* where the klp_func lies, in section */
	const char *section;
};

struct lp_callbacks {
	char *pre_patch;
	char *post_patch;
	char *pre_unpatch;
	char *post_unpatch;
};

struct lp_object {
	char *name;       /* NULL is vmlinux */
	bool has_callbacks; /* the layout has callbacks (4.15+) */
	struct lp_callbacks callbacks;
	bool funcs_null;  /* funcs pointer was NULL: the kernel refuses the patch (5.1+) */
	struct lp_func *funcs;
	size_t nr_funcs;
};

struct lp_state {
	uint64_t id;
	uint64_t version;
};

/* A .klp.rela.<obj>.<section> relocation section, as the kernel will parse its name. */
struct lp_klp_rela {
	const char *section;   /* borrowed from the ELF model */
	bool has_livepatch_flag;
	bool is_rela;
	bool name_ok;          /* the kernel's sscanf("%55[^.]") matched */
	char *objname;
	size_t nr_relas;
	unsigned int index;
};

/*
 * A .klp.sym.<obj>.<name>,<pos> symbol (or any SHN_LIVEPATCH one), as the kernel will parse it.
 * The kernel looks only at the symbols a SHF_RELA_LIVEPATCH section relocates against
 * (klp_resolve_symbols()); klp-build leaves others (.klp.tombstone.*) that it never reads.
 */
struct lp_klp_sym {
	const char *name;      /* borrowed from the ELF model */
	unsigned int shndx;
	bool referenced;       /* a SHF_RELA_LIVEPATCH SHT_RELA section relocates against it */
	bool name_ok;
	char *objname;
	char *symname;
	uint64_t sympos;
	unsigned int index;
};

/*
 * Work, not only bytes (docs/limits.md): the objects of one patch. The kernel has no limit,
 * but a patch touches vmlinux and a few modules; 100,000 decode in a second.
 */
#define LP_MAX_OBJECTS 100000

struct lp_patch {
	/* The module. */
	char *module_name;
	const char *vermagic;  /* borrowed from the ELF model, NULL when absent */
	char *kernel_release;  /* first word of vermagic */
	bool livepatch_flag;   /* .modinfo livepatch=Y */
	const char *shadow_api; /* a klp_shadow_*() function the module calls, NULL if none (borrowed) */
	/* Some function attaches a shadow variable (klp_shadow_alloc/get_or_alloc) and does not
	 * free one itself: what it attaches outlives the call. False when every attaching function
	 * also frees, or when the code could not be read (then shadow_api alone says it uses them). */
	bool shadow_kept;
	enum lp_format format;
	/* How the structs were laid out: "dwarf" or "builtin", and the kernel era they follow. */
	const char *layout_source;
	const char *layout_era;
	char *patch_symbol;    /* the struct klp_patch variable, when it has a symbol */
	const char *patch_section;
	uint64_t patch_offset;
	bool has_mod;
	bool objs_null;        /* klp_patch.objs was NULL: klp_enable_patch() returns -EINVAL */
	enum lp_flag replace;
	bool replace_assumed;  /* not read from the module: --assume-replace or the tool's default */
	char *replace_param;   /* the module parameter the init code sets replace from, or NULL */
	enum lp_flag immediate;
	bool has_states_field;
	struct lp_state *states;
	size_t nr_states;
	struct lp_object *objects;
	size_t nr_objects;     /* at most LP_MAX_OBJECTS */
	struct lp_klp_rela *klp_relas;
	size_t nr_klp_relas;
	struct lp_klp_sym *klp_syms;
	size_t nr_klp_syms;
	/* The functions in .kpatch.force (KPATCH_FORCE_UNSAFE), in a module of any format; the
	 * livepatch hook ignores them. Every kpatch-build module has the (QUAD(0)-padded) section. */
	bool has_kpatch_force;
	char **kpatch_force;
	size_t nr_kpatch_force;
	/* Things the decoder assumed or noticed, said to the user by inspect. */
	char **remarks;
	size_t nr_remarks;
};

/* Decodes the livepatch in an opened module. -ENOENT: the module holds no livepatch. */
int lp_decode(struct obj_file *obj, struct lp_patch **out, struct errbuf *err)
	__attribute__((warn_unused_result, nonnull(1, 2)));

/* What the user tells the decoder about facts a module may not record. */
struct lp_decode_opts {
	/* klp_patch.replace of kpatch-build and klp-build modules when their init code does not
	 * show it (--assume-replace); LP_ABSENT: the tool's default. */
	enum lp_flag assume_replace;
};
int lp_decode_with(struct obj_file *obj, const struct lp_decode_opts *opts, struct lp_patch **out,
		   struct errbuf *err) __attribute__((warn_unused_result, nonnull(1, 3)));
void lp_patch_free(struct lp_patch *p);

const char *lp_format_name(enum lp_format f);
const char *lp_object_name(const struct lp_object *o);

/* An empty array may be NULL: the test comes first, so no offset is ever added to NULL. */
#define for_each_object(p, o) for ((o) = (p)->objects; (o) && (o) < (p)->objects + (p)->nr_objects; (o)++)
#define for_each_func(o, fn) for ((fn) = (o)->funcs; (fn) && (fn) < (o)->funcs + (o)->nr_funcs; (fn)++)

#endif
