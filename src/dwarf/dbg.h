/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The module's own DWARF, opened through libdwfl's offline reporting so that the ET_REL
 * relocations of .debug_* are applied (plain dwarf_begin() on a .ko reads unrelocated garbage).
 * We only ask DWARF for struct layouts and for the names of variables of a struct type.
 */
#ifndef KLP_DWARF_DBG_H
#define KLP_DWARF_DBG_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

struct dbg_file;

struct dbg_member {
	char *name;
	uint64_t offset;
	uint64_t size;
};

/* size == 0 means the struct was not found (or only declared). */
struct dbg_struct {
	uint64_t size;
	struct dbg_member *members;
	size_t nr_members;
};

/* The DWARF of the module image in buf (already decompressed); -ENODATA when it has none. */
int dbg_file_open(const void *buf, size_t size, struct dbg_file **out, struct errbuf *err)
	__attribute__((warn_unused_result, nonnull(1, 3)));
void dbg_file_close(struct dbg_file *d);

/* Fills out[i] for names[i]; the first complete definition of each wins. */
/* Broken DWARF (a unit that does not parse, a looping sibling chain) is -EBADMSG. */
int dbg_find_structs(struct dbg_file *d, const char *const *names, size_t n, struct dbg_struct *out,
		     struct errbuf *err) __attribute__((warn_unused_result));
void dbg_struct_release(struct dbg_struct *s);
const struct dbg_member *dbg_struct_member(const struct dbg_struct *s, const char *name);

/* Names of file-scope variables whose type is struct <type_name> (through typedefs and const). */
int dbg_find_variables(struct dbg_file *d, const char *type_name, struct array *names,
		       struct errbuf *err) __attribute__((warn_unused_result));

/*
 * The structs, unions and enums that the function named func uses: the types of its parameters,
 * local variables (those of calls inlined into it too) and return value, through pointers,
 * typedefs, qualifiers and arrays; and the named structs and unions those hold by value. A type
 * reached only through a pointer member (p->a->b with no variable of a's type) is not there:
 * DWARF does not record member accesses. Appends struct tl_type to types, each (kind, name)
 * once; the caller releases them. 0, also when no function has that name.
 */
int dbg_func_types(struct dbg_file *d, const char *func, struct array *types, struct errbuf *err)
	__attribute__((warn_unused_result));

#endif
