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

/*
 * A store to a struct field: `mov{b,w,l,q} $value, disp(%reg)` (a kzalloc()ed struct), or any
 * write of `field(%rip)` (a static struct): an immediate, or a register or flag set from what the
 * function read before, e.g. `mov replace(%rip),%eax; test %eax,%eax; setne patch+0x18(%rip)`.
 */
struct dis_store {
	const struct obj_symbol *func; /* the function it is in */
	uint64_t off;                  /* the instruction, in func's section */
	bool immediate;                /* value holds the immediate stored */
	uint64_t value;
	bool has_source;               /* not immediate: the last static data read before it */
	struct dis_ref source;
};

/* Where the field is: disp bytes past a register (sec NULL), or at sec+off. */
struct dis_field {
	int64_t disp;
	const struct obj_section *sec;
	uint64_t off;
	unsigned int size;
};

/*
 * In every function that calls (or tail-calls) `callee`, the stores to the field: how init code
 * sets a field of the struct it passes to callee. For a register-based field only immediates
 * count (never %rsp, %rbp or %rip). Appends struct dis_store to stores. -ENOTSUP on
 * architectures not handled yet.
 */
int dis_find_field_stores(const struct obj_file *f, const char *callee,
			  const struct dis_field *field, struct array *stores, struct errbuf *err)
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

/* A call with the immediates its integer argument registers held (x86_64: rdi rsi rdx rcx r8 r9). */
#define DIS_NR_ARGS 6
struct dis_call_args {
	const struct obj_symbol *func; /* the function the call is in */
	uint64_t off;                  /* of the call, in func's section */
	bool known[DIS_NR_ARGS];       /* the register was last loaded with an immediate (or zeroed) */
	uint64_t value[DIS_NR_ARGS];
};

/*
 * For every call (or tail call) to the external function `callee`, which argument registers
 * hold a constant at the call: the last write before it in the function's code, when that was a
 * mov of an immediate to the full 32- or 64-bit register or a xor of it with itself; any other
 * write and every call forget it. A straight walk: a value set on one path of a branch that
 * joins just before the call is taken as known. Appends struct dis_call_args to out. -ENOTSUP
 * off x86_64.
 */
int dis_find_call_args(const struct obj_file *f, const char *callee, struct array *out,
		       struct errbuf *err) __attribute__((warn_unused_result));

#endif
