/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to src/dwarf. */
#ifndef KLP_DWARF_INTERNAL_H
#define KLP_DWARF_INTERNAL_H

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include "dbg.h"

struct dbg_file {
	Dwfl *dwfl;
	Dwarf *dw;
};

/* Calls fn on every top-level DIE of every CU: C puts structs, globals and functions there. */
int dbg_walk_top_level(struct dbg_file *d, void (*fn)(Dwarf_Die *, void *), void *arg,
		       struct errbuf *err) __attribute__((warn_unused_result));

#endif
