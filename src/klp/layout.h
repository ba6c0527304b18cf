/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Struct layouts of the livepatch API, from the module's DWARF or built in per kernel era. */
#ifndef KLP_KLP_LAYOUT_H
#define KLP_KLP_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/util.h"

struct dbg_file;

/* An author-set field: its offset within the struct (-1: the era has no such field) and size. */
struct lp_field {
	int64_t off;
	unsigned int size;
};

struct lp_layout {
	const char *era;     /* "4.0", "4.5", "4.7", "4.12", "4.15", "4.16", "5.1", "5.5" */
	const char *source;  /* "dwarf" or "builtin" */
	/* 5.1+ ends arrays only on all-zero entries; before, the first NULL key ends them. */
	bool strict_sentinel;
	struct {
		uint64_t size;
		struct lp_field mod, objs, states, replace, immediate;
	} patch;
	struct {
		uint64_t size;
		struct lp_field name, funcs, callbacks;
	} object;
	struct {
		uint64_t size;
		struct lp_field old_name, new_func, old_sympos, immediate;
	} func;
	struct {
		struct lp_field pre_patch, post_patch, pre_unpatch, post_unpatch;
	} callbacks; /* relative to object.callbacks */
	struct {
		uint64_t size;
		struct lp_field id, version;
	} state;
};

/* The era ("5.5", ...) whose layout a kernel release such as "6.1.0-54-amd64" uses. */
int lp_era_from_release(const char *release, const char **era, struct errbuf *err)
	__attribute__((warn_unused_result));
int lp_layout_builtin(const char *era, struct lp_layout *out) __attribute__((warn_unused_result));
/* -ENODATA when the DWARF does not define struct klp_patch. */
int lp_layout_from_dwarf(struct dbg_file *d, struct lp_layout *out, struct errbuf *err)
	__attribute__((warn_unused_result));

#endif
