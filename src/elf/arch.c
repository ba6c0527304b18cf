// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Everything the model knows per architecture lives here, so that adding aarch64, ppc64le,
 * s390x or loongarch support is a matter of filling a table, not of touching the readers.
 */
#include <elf.h>

#include "model.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

struct reloc_width {
	uint32_t type;
	unsigned int width;
};

struct obj_arch {
	uint16_t machine;
	const char *name;
	uint32_t abs64;              /* the data-pointer relocation */
	unsigned int default_width;  /* for types not in the table */
	const struct reloc_width *widths;
	size_t nr_widths;
};

static const struct reloc_width x86_64_widths[] = {
	{ R_X86_64_NONE, 0 },  { R_X86_64_64, 8 },    { R_X86_64_PC32, 4 },
	{ R_X86_64_PLT32, 4 }, { R_X86_64_32, 4 },    { R_X86_64_32S, 4 },
	{ R_X86_64_PC64, 8 },  { R_X86_64_GOTPCREL, 4 }, { 41 /* GOTPCRELX */, 4 },
	{ 42 /* REX_GOTPCRELX */, 4 }, { R_X86_64_16, 2 }, { R_X86_64_8, 1 },
};

static const struct reloc_width aarch64_widths[] = {
	{ R_AARCH64_NONE, 0 }, { R_AARCH64_ABS64, 8 }, { R_AARCH64_PREL64, 8 },
	{ R_AARCH64_ABS16, 2 }, { R_AARCH64_PREL16, 2 },
};

static const struct reloc_width ppc64_widths[] = {
	{ R_PPC64_NONE, 0 }, { R_PPC64_ADDR64, 8 }, { R_PPC64_REL64, 8 }, { R_PPC64_TOC, 8 },
	{ R_PPC64_ADDR16_LO, 2 }, { R_PPC64_ADDR16_HA, 2 }, { R_PPC64_TOC16_HA, 2 },
	{ R_PPC64_TOC16_LO, 2 }, { R_PPC64_TOC16_LO_DS, 2 },
};

static const struct reloc_width s390_widths[] = {
	{ R_390_NONE, 0 }, { R_390_64, 8 }, { R_390_PC64, 8 }, { R_390_16, 2 }, { R_390_PC16DBL, 2 },
};

static const struct reloc_width loongarch_widths[] = {
	{ 0 /* R_LARCH_NONE */, 0 }, { 2 /* R_LARCH_64 */, 8 }, { 109 /* R_LARCH_64_PCREL */, 8 },
};

#define ARCH(m, n, abs, def, tbl) { m, n, abs, def, tbl, ARRAY_SIZE(tbl) }
static const struct obj_arch arches[] = {
	ARCH(EM_X86_64, "x86_64", R_X86_64_64, 0, x86_64_widths),
	ARCH(EM_AARCH64, "aarch64", R_AARCH64_ABS64, 4, aarch64_widths),
	ARCH(EM_PPC64, "ppc64", R_PPC64_ADDR64, 4, ppc64_widths),
	ARCH(EM_S390, "s390x", R_390_64, 4, s390_widths),
	ARCH(EM_LOONGARCH, "loongarch64", 2, 4, loongarch_widths),
};

const struct obj_arch *obj_arch_lookup(uint16_t machine)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].machine == machine)
			return &arches[i];
	return NULL;
}

const char *obj_arch_name(const struct obj_arch *arch)
{
	return arch->name;
}

struct obj_reloc_kind obj_arch_reloc_kind(const struct obj_arch *arch, uint32_t type)
{
	struct obj_reloc_kind k = { arch->default_width, type == arch->abs64 };

	for (size_t i = 0; i < arch->nr_widths; i++)
		if (arch->widths[i].type == type)
			k.width = arch->widths[i].width;
	return k;
}

const char *obj_machine_name(uint16_t machine)
{
	switch (machine) {
	case EM_386: return "i386";
	case EM_ARM: return "arm";
	case EM_RISCV: return "riscv";
	case EM_MIPS: return "mips";
	case EM_PPC: return "ppc";
	default: break;
	}
	const struct obj_arch *a = obj_arch_lookup(machine);
	return a ? a->name : "unknown";
}
