// SPDX-License-Identifier: GPL-2.0-or-later
#include <elf.h>
#include <errno.h>
#include <string.h>

#include <capstone/capstone.h>

#include "disasm.h"

/* Capstone for the module's code: only x86_64 is decoded so far (-ENOTSUP otherwise). */
static int open_x86_64(const struct obj_file *f, csh *cs, struct errbuf *err)
{
	if (f->machine != EM_X86_64)
		return -ENOTSUP;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, cs) != CS_ERR_OK)
		return err_set(err, -ENOMEM, "cs_open failed");
	cs_option(*cs, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

/* Where a relocated operand of insn points: S + A, plus the PC-relative correction. */
static bool resolve_operand(const struct obj_file *f, const struct obj_section *sec,
			    const cs_insn *insn, unsigned int field, struct dis_ref *ref)
{
	uint64_t at = insn->address + field;
	const struct obj_rela *r = obj_reloc_at(sec, at);
	const struct obj_symbol *sym;
	int64_t target;

	if (!field || !r)
		return false;
	sym = &f->symbols[r->sym];
	if (!sym->sec)
		return false;
	target = (int64_t)sym->value + r->addend;
	if (r->type == R_X86_64_PC32 || r->type == R_X86_64_PLT32)
		target += (int64_t)(insn->address + insn->size - at);
	else if (r->type != R_X86_64_32S && r->type != R_X86_64_32 && r->type != R_X86_64_64)
		return false;
	if (target < 0)
		return false;
	ref->sec = sym->sec;
	ref->off = (uint64_t)target;
	return true;
}

static bool writes_first_arg(const cs_insn *insn)
{
	const cs_x86 *x = &insn->detail->x86;

	if (insn->id != X86_INS_MOV && insn->id != X86_INS_LEA && insn->id != X86_INS_MOVABS)
		return false;
	return x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
	       (x->operands[0].reg == X86_REG_RDI || x->operands[0].reg == X86_REG_EDI);
}

/* Walks the function up to the call and keeps the last load of %rdi. */
static bool arg_before_call(csh cs, const struct obj_file *f, const struct obj_section *sec,
			    uint64_t start, uint64_t call_reloc, struct dis_ref *ref)
{
	const uint8_t *code = sec->data + start;
	size_t size = call_reloc - start;
	uint64_t addr = start;
	cs_insn *insn = cs_malloc(cs);
	bool found = false;

	while (cs_disasm_iter(cs, &code, &size, &addr, insn)) {
		const cs_x86 *x = &insn->detail->x86;
		unsigned int field = insn->id == X86_INS_LEA ? x->encoding.disp_offset
							     : x->encoding.imm_offset;

		if (writes_first_arg(insn))
			found = resolve_operand(f, sec, insn, field, ref);
		else if (insn->id == X86_INS_CALL)
			found = false; /* a call clobbers %rdi */
	}
	cs_free(insn, 1);
	return found;
}

static int too_many_calls(const char *callee, struct errbuf *err)
{
	return err_set(err, -E2BIG, "more than %d calls to %s(), refused (docs/limits.md)",
		       DIS_MAX_CALL_SITES, callee);
}

static int scan_section(csh cs, const struct obj_file *f, const struct obj_section *sec,
			const char *callee, struct array *refs, size_t *nr_calls, struct errbuf *err)
{
	const struct obj_symbol *last_fn = NULL;
	uint64_t last_call = 0;

	for (size_t i = 0; i < sec->nr_relocs; i++) {
		const struct obj_rela *r = sec->relocs[i];
		const struct obj_symbol *fn;
		struct dis_ref ref;
		uint64_t start;

		if (strcmp(f->symbols[r->sym].name, callee) || r->offset == 0)
			continue;
		if (++*nr_calls > DIS_MAX_CALL_SITES)
			return too_many_calls(callee, err);
		fn = last_fn && r->offset - last_fn->value < last_fn->size ? last_fn :
			obj_find_func_containing(f, sec, r->offset);
		/* The call opcode is the byte before the relocated rel32. */
		if (!fn || r->offset - 1 < fn->value)
			continue;
		/*
		 * A call clobbers %rdi: after an earlier call in the same function, walk on from it
		 * rather than from the start, so that many calls cost one pass, not one pass each.
		 */
		start = fn == last_fn && last_call < r->offset - 1 ? last_call : fn->value;
		last_fn = fn;
		last_call = r->offset - 1;
		if (!arg_before_call(cs, f, sec, start, r->offset - 1, &ref))
			continue;
		ref.call_sec = sec;
		ref.call_off = r->offset - 1;
		*(struct dis_ref *)array_push(refs) = ref;
	}
	return 0;
}

int dis_find_first_arg_refs(const struct obj_file *f, const char *callee, struct array *refs,
			    struct errbuf *err)
{
	const struct obj_section *sec;
	size_t nr_calls = 0;
	csh cs;
	int ret;

	ret = open_x86_64(f, &cs, err);
	if (ret)
		return ret;
	for_each_section(f, sec)
		if ((sec->flags & SHF_EXECINSTR) && sec->data && sec->nr_relocs && !ret)
			ret = scan_section(cs, f, sec, callee, refs, &nr_calls, err);
	cs_close(&cs);
	return ret;
}

static bool is_reg_field_store(const cs_insn *insn, const struct dis_field *fl)
{
	const cs_x86 *x = &insn->detail->x86;
	const cs_x86_op *dst = &x->operands[0];

	if (insn->id != X86_INS_MOV || x->op_count != 2 || dst->type != X86_OP_MEM ||
	    x->operands[1].type != X86_OP_IMM || dst->size != fl->size || dst->mem.disp != fl->disp)
		return false;
	return dst->mem.index == X86_REG_INVALID && dst->mem.segment == X86_REG_INVALID &&
	       dst->mem.base != X86_REG_INVALID && dst->mem.base != X86_REG_RIP &&
	       dst->mem.base != X86_REG_RSP && dst->mem.base != X86_REG_RBP;
}

/* The RIP-relative memory operand of insn, resolved through its relocation; -1 if none. */
static int rip_operand(const struct obj_file *f, const struct obj_section *sec, const cs_insn *insn,
		       struct dis_ref *ref)
{
	const cs_x86 *x = &insn->detail->x86;

	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM && x->operands[i].mem.base == X86_REG_RIP &&
		    resolve_operand(f, sec, insn, x->encoding.disp_offset, ref))
			return i;
	return -1;
}

static void push_store(struct array *stores, const struct obj_symbol *fn, const cs_insn *insn,
		       unsigned int size, const struct dis_ref *source)
{
	const cs_x86 *x = &insn->detail->x86;
	struct dis_store *s = array_push(stores);

	memset(s, 0, sizeof(*s));
	s->func = fn;
	s->off = insn->address;
	s->immediate = insn->id == X86_INS_MOV && x->op_count == 2 && x->operands[1].type == X86_OP_IMM;
	if (s->immediate) {
		s->value = (uint64_t)x->operands[1].imm;
		if (size < 8)
			s->value &= (1ULL << (size * 8)) - 1;
	} else if (source) {
		s->has_source = true;
		s->source = *source;
	}
}

static void scan_function(csh cs, const struct obj_file *f, const struct obj_section *sec,
			  const struct obj_symbol *fn, const struct dis_field *fl,
			  struct array *stores)
{
	const uint8_t *code = sec->data + fn->value;
	size_t len = fn->size;
	uint64_t addr = fn->value;
	cs_insn *insn = cs_malloc(cs);
	struct dis_ref last_read, ref;
	bool have_read = false;

	while (cs_disasm_iter(cs, &code, &len, &addr, insn)) {
		const cs_x86 *x = &insn->detail->x86;
		int op;

		if (!fl->sec) {
			if (is_reg_field_store(insn, fl))
				push_store(stores, fn, insn, fl->size, NULL);
			continue;
		}
		op = rip_operand(f, sec, insn, &ref);
		if (op < 0)
			continue;
		if ((x->operands[op].access & CS_AC_WRITE) && ref.sec == fl->sec && ref.off == fl->off &&
		    x->operands[op].size == fl->size)
			push_store(stores, fn, insn, fl->size, have_read ? &last_read : NULL);
		else if (x->operands[op].access & CS_AC_READ) {
			last_read = ref;
			have_read = true;
		}
	}
	cs_free(insn, 1);
}

int dis_find_field_stores(const struct obj_file *f, const char *callee,
			  const struct dis_field *field, struct array *stores, struct errbuf *err)
{
	const struct obj_section *sec;
	size_t nr_calls = 0;
	bool *seen; /* by symbol index: each caller is scanned once */
	csh cs;
	int ret;

	ret = open_x86_64(f, &cs, err);
	if (ret)
		return ret;
	seen = xcalloc(f->nr_symbols, sizeof(*seen));
	for_each_section(f, sec) {
		if (!(sec->flags & SHF_EXECINSTR) || !sec->data)
			continue;
		for (size_t i = 0; i < sec->nr_relocs && !ret; i++) {
			const struct obj_rela *r = sec->relocs[i];
			const struct obj_symbol *fn;

			if (strcmp(f->symbols[r->sym].name, callee))
				continue;
			if (++nr_calls > DIS_MAX_CALL_SITES) {
				ret = too_many_calls(callee, err);
				break;
			}
			fn = obj_find_func_containing(f, sec, r->offset);
			if (!fn || fn->value > sec->size || fn->size > sec->size - fn->value ||
			    seen[fn->index])
				continue;
			seen[fn->index] = true;
			scan_function(cs, f, sec, fn, field, stores);
		}
	}
	free(seen);
	cs_close(&cs);
	return ret;
}

/* The symbol a relocated call or jump goes to: a normal or a klp relocation at the rel32. */
static const struct obj_rela *call_reloc(const struct obj_file *f, const struct obj_section *sec,
					 uint64_t at, bool *klp)
{
	const struct obj_section *rs;
	const struct obj_rela *r = obj_reloc_at(sec, at);

	*klp = false;
	if (r)
		return r;
	for_each_section(f, rs) {
		if (!obj_section_is_klp_rela(rs) || rs->target != sec)
			continue;
		for_each_rela(rs, r) {
			if (r->offset == at) {
				*klp = true;
				return r;
			}
		}
	}
	return NULL;
}

int dis_find_calls(const struct obj_file *f, const struct obj_symbol *fn, struct array *calls,
		   struct errbuf *err)
{
	const struct obj_section *sec = fn->sec;
	const uint8_t *code;
	size_t len;
	uint64_t addr;
	cs_insn *insn;
	csh cs;
	int ret;

	if (f->machine == EM_X86_64 &&
	    (!sec || !sec->data || fn->value > sec->size || fn->size > sec->size - fn->value))
		return 0;
	ret = open_x86_64(f, &cs, err);
	if (ret)
		return ret;
	insn = cs_malloc(cs);
	code = sec->data + fn->value;
	len = fn->size;
	addr = fn->value;
	while (cs_disasm_iter(cs, &code, &len, &addr, insn)) {
		const cs_x86 *x = &insn->detail->x86;
		const struct obj_rela *r;
		struct dis_call *c;
		bool klp;

		if ((insn->id != X86_INS_CALL && insn->id != X86_INS_JMP) || !x->encoding.imm_offset)
			continue;
		r = call_reloc(f, sec, insn->address + x->encoding.imm_offset, &klp);
		if (!r)
			continue;
		c = array_push(calls);
		c->off = insn->address;
		c->sym = &f->symbols[r->sym];
		c->tail = insn->id == X86_INS_JMP;
		c->klp = klp;
	}
	cs_free(insn, 1);
	cs_close(&cs);
	return 0;
}

/* The argument slot of a full (32- or 64-bit) register, -1 for any other register. */
static int arg_slot(unsigned int reg)
{
	static const unsigned int r64[DIS_NR_ARGS] = {
		X86_REG_RDI, X86_REG_RSI, X86_REG_RDX, X86_REG_RCX, X86_REG_R8, X86_REG_R9,
	};
	static const unsigned int r32[DIS_NR_ARGS] = {
		X86_REG_EDI, X86_REG_ESI, X86_REG_EDX, X86_REG_ECX, X86_REG_R8D, X86_REG_R9D,
	};

	for (int i = 0; i < DIS_NR_ARGS; i++)
		if (reg == r64[i] || reg == r32[i])
			return i;
	return -1;
}

/* Any part of an argument register (%dl, %si, %r8w ...): its slot, else -1. */
static int arg_slot_any(csh cs, unsigned int reg)
{
	static const char *const names[DIS_NR_ARGS][4] = {
		{ "dil", "di" }, { "sil", "si" }, { "dl", "dx" }, { "cl", "cx" },
		{ "r8b", "r8w" }, { "r9b", "r9w" },
	};
	const char *n = cs_reg_name(cs, reg);
	int slot = arg_slot(reg);

	for (int i = 0; slot < 0 && n && i < DIS_NR_ARGS; i++)
		if (!strcmp(n, names[i][0]) || !strcmp(n, names[i][1]))
			slot = i;
	return slot;
}

/* What insn does to the tracked registers: a constant load, or forgetting what it writes. */
static void track_args(csh cs, const cs_insn *insn, struct dis_call_args *a)
{
	const cs_x86 *x = &insn->detail->x86;
	cs_regs rd, wr;
	uint8_t nrd, nwr;
	int slot;

	if (insn->id == X86_INS_CALL) {
		memset(a->known, 0, sizeof(a->known));
		return;
	}
	if (x->op_count == 2 && x->operands[0].type == X86_OP_REG &&
	    (slot = arg_slot(x->operands[0].reg)) >= 0) {
		bool is32 = x->operands[0].size == 4;

		if ((insn->id == X86_INS_MOV || insn->id == X86_INS_MOVABS) &&
		    x->operands[1].type == X86_OP_IMM) {
			a->known[slot] = true;
			a->value[slot] = (uint64_t)x->operands[1].imm;
			if (is32)
				a->value[slot] &= 0xffffffffULL;
			return;
		}
		if (insn->id == X86_INS_XOR && x->operands[1].type == X86_OP_REG &&
		    x->operands[1].reg == x->operands[0].reg) {
			a->known[slot] = true;
			a->value[slot] = 0;
			return;
		}
	}
	if (cs_regs_access(cs, insn, rd, &nrd, wr, &nwr) != CS_ERR_OK)
		return;
	for (uint8_t i = 0; i < nwr; i++)
		if ((slot = arg_slot_any(cs, wr[i])) >= 0)
			a->known[slot] = false;
}

/* Walks fn and records the argument registers at every relocated call or jmp to callee. */
static void args_in_function(csh cs, const struct obj_file *f, const struct obj_section *sec,
			     const struct obj_symbol *fn, const char *callee, struct array *out)
{
	const uint8_t *code = sec->data + fn->value;
	size_t len = fn->size;
	uint64_t addr = fn->value;
	cs_insn *insn = cs_malloc(cs);
	struct dis_call_args cur = { .func = fn };

	while (cs_disasm_iter(cs, &code, &len, &addr, insn)) {
		const cs_x86 *x = &insn->detail->x86;
		const struct obj_rela *r;

		if ((insn->id == X86_INS_CALL || insn->id == X86_INS_JMP) && x->encoding.imm_offset &&
		    (r = obj_reloc_at(sec, insn->address + x->encoding.imm_offset)) &&
		    !strcmp(f->symbols[r->sym].name, callee)) {
			struct dis_call_args *a = array_push(out);

			*a = cur;
			a->off = insn->address;
		}
		track_args(cs, insn, &cur);
	}
	cs_free(insn, 1);
}

int dis_find_call_args(const struct obj_file *f, const char *callee, struct array *out,
		       struct errbuf *err)
{
	const struct obj_section *sec;
	csh cs;
	int ret;

	ret = open_x86_64(f, &cs, err);
	if (ret)
		return ret;
	for_each_section(f, sec) {
		if (!(sec->flags & SHF_EXECINSTR) || !sec->data)
			continue;
		/* relocations are sorted by offset: one function's calls come together */
		const struct obj_symbol *last = NULL;

		for (size_t i = 0; i < sec->nr_relocs; i++) {
			const struct obj_rela *r = sec->relocs[i];
			const struct obj_symbol *fn;

			if (strcmp(f->symbols[r->sym].name, callee))
				continue;
			if (last && r->offset >= last->value && r->offset - last->value < last->size)
				continue;
			fn = obj_find_func_containing(f, sec, r->offset);
			if (!fn || fn->value > sec->size || fn->size > sec->size - fn->value)
				continue;
			last = fn;
			args_in_function(cs, f, sec, fn, callee, out);
		}
	}
	cs_close(&cs);
	return 0;
}
