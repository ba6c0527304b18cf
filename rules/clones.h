/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compiler clones of a target function, shared by rules/clones.c and rules/targets.c. */
#ifndef KLP_RULES_CLONES_H
#define KLP_RULES_CLONES_H

#include <stddef.h>

#include "lint/lint.h"
#include "target/target.h"

#define MAX_CLONES 64

/*
 * The function symbols of objname that are separately callable copies of base: foo.isra.0,
 * foo.constprop.1, foo.part.0, foo.part.0.isra.0, never a .cold fragment nor an alias at
 * base's own address. Sorted by name; returns how many (at most max are written).
 */
size_t rule_find_clones(const struct rule_ctx *c, const char *objname, const char *base,
			const struct tgt_symbol **out, size_t max);

#endif
