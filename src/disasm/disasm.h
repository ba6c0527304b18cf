/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Machine-code questions about a module. The only place that includes <capstone/capstone.h>. */
#ifndef KLP_DISASM_H
#define KLP_DISASM_H

#include <stdint.h>

#include "elf/model.h"
#include "util/util.h"

/*
 * Work, not only bytes (docs/limits.md): the call sites of one function (klp_enable_patch())
 * that are decoded. A patch calls it once; each call site is a walk of its caller.
 */
#define DIS_MAX_CALL_SITES 100000

/* A location in the module that code refers to. */
struct dis_ref {
	const struct obj_section *sec;
	uint64_t off;
	const struct obj_section *call_sec; /* where the call was */
	uint64_t call_off;
};

/*
 * For every call (or tail-call jump) to the external function `callee`, the object that the
 * first argument register holds, when the code loads it with a relocated immediate or a
 * RIP-relative lea. Appends struct dis_ref to refs. -ENOTSUP on architectures not handled yet.
 */
int dis_find_first_arg_refs(const struct obj_file *f, const char *callee, struct array *refs,
			    struct errbuf *err) __attribute__((warn_unused_result));

/* A store of an immediate to memory: `mov{b,w,l,q} $value, disp(%reg)`. */
struct dis_store {
	const struct obj_symbol *func; /* the function it is in */
	uint64_t off;                  /* the instruction, in func's section */
	uint64_t value;
};

/*
 * In every function that calls (or tail-calls) `callee`, the stores of an immediate of `size`
 * bytes to `disp` bytes past a general register (never %rsp, %rbp or %rip): how init code that
 * kzalloc()s a struct and passes it to callee sets a field. Appends struct dis_store to stores.
 * -ENOTSUP on architectures not handled yet.
 */
int dis_find_imm_stores(const struct obj_file *f, const char *callee, int64_t disp,
			unsigned int size, struct array *stores, struct errbuf *err)
	__attribute__((warn_unused_result));

/* A call or jump with a relocated target, in a function of the module. */
struct dis_call {
	uint64_t off;                 /* of the instruction, in the function's section */
	const struct obj_symbol *sym; /* where it goes (an undefined or .klp.sym symbol, or ours) */
	bool tail;                    /* a jmp: a tail call */
	bool klp;                     /* through a klp relocation */
};

/* Appends struct dis_call for every relocated call and jmp in fn. -ENOTSUP off x86_64. */
int dis_find_calls(const struct obj_file *f, const struct obj_symbol *fn, struct array *calls,
		   struct errbuf *err) __attribute__((warn_unused_result));

#endif
