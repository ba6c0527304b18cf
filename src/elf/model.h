/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-only model of a relocatable kernel module: sections, symbols, relocations, .modinfo and
 * __versions. Every index and size read from the file is checked when the model is built, so
 * code that walks the model never needs to check bounds against the file again.
 *
 * Strings (section and symbol names, modinfo) are borrowed: they live until obj_file_close().
 */
#ifndef KLP_ELF_MODEL_H
#define KLP_ELF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Kernel-private ELF constants (include/uapi/linux/elf.h, since 4.7). */
#define KLP_SHF_RELA_LIVEPATCH 0x00100000
#define KLP_SHN_LIVEPATCH 0xff20

/*
 * Largest module we read, before and after decompression: far above any livepatch module
 * (kilobytes, a few MiB with debug info), far below what would exhaust memory: the module is
 * held twice (its bytes, and the memfd libdwfl reads), and a bomb fails after 512 MiB.
 */
#define OBJ_MAX_FILE_SIZE (512UL * 1024 * 1024)
/*
 * Work, not only bytes (docs/limits.md): a 512 MiB module could hold 22 million symbols or
 * relocations, gigabytes of tables. Debian 6.1's amdgpu.ko (19 MiB) has 25,993 symbols and
 * 1.9 million relocations.
 */
#define OBJ_MAX_SYMBOLS 1000000
#define OBJ_MAX_RELOCS 4000000 /* all relocation sections together */
/* Longest section or symbol name, and string a patch points to (KSYM_NAME_LEN is 512). */
#define OBJ_MAX_NAME 4096

struct obj_arch;

struct obj_rela {
	uint64_t offset;
	int64_t addend;
	uint32_t type;
	uint32_t sym;
};

struct obj_section {
	const char *name;
	unsigned int index;
	uint32_t type;
	uint32_t link;
	uint32_t info;
	uint64_t flags;
	uint64_t offset;
	uint64_t size;
	uint64_t entsize;
	const unsigned char *data; /* NULL for SHT_NOBITS and empty sections */
	/* For SHT_RELA sections: its entries, and the section they apply to. */
	struct obj_rela *relas;
	size_t nr_relas;
	struct obj_section *target;
	/* For other sections: the normal (non-livepatch) relocations that apply here, by offset. */
	const struct obj_rela **relocs;
	size_t nr_relocs;
};

struct obj_symbol {
	const char *name;
	unsigned int index;
	uint64_t value;
	uint64_t size;
	unsigned char type;
	unsigned char bind;
	unsigned int shndx; /* raw, SHN_UNDEF, SHN_ABS, KLP_SHN_LIVEPATCH, ... */
	struct obj_section *sec; /* NULL unless shndx names a real section */
};

struct obj_modinfo {
	const char *key;
	size_t key_len;
	const char *value;
};

struct obj_version {
	uint64_t crc;
	char name[57];
};

struct obj_file {
	char *path;
	unsigned char *buf;
	size_t size;
	void *elf; /* Elf *, kept opaque so callers need not include libelf */
	uint16_t machine;
	bool big_endian;
	bool compressed;
	const struct obj_arch *arch;
	struct obj_section *sections;
	size_t nr_sections;
	struct obj_symbol *symbols;
	size_t nr_symbols;
	struct obj_symbol **by_addr; /* symbols with a section, by (section, value, index) */
	size_t nr_by_addr;
	struct obj_symbol **by_name; /* symbols but the null one, by (name, index) */
	size_t nr_by_name;
	struct obj_modinfo *modinfo;
	size_t nr_modinfo;
	struct obj_version *versions;
	size_t nr_versions;
};

int obj_file_open(const char *path, struct obj_file **out, struct errbuf *err)
	__attribute__((warn_unused_result, nonnull(1, 2)));
/* The same, refusing a module larger than max bytes (decompressed): a budget over several. */
int obj_file_open_max(const char *path, size_t max, struct obj_file **out, struct errbuf *err)
	__attribute__((warn_unused_result, nonnull(1, 3)));
void obj_file_close(struct obj_file *f);

/* An empty array may be NULL: the test comes first, so no offset is ever added to NULL. */
#define for_each_section(f, s) for ((s) = (f)->sections; (s) && (s) < (f)->sections + (f)->nr_sections; (s)++)
#define for_each_symbol(f, sym) for ((sym) = (f)->symbols; (sym) && (sym) < (f)->symbols + (f)->nr_symbols; (sym)++)
#define for_each_rela(rsec, r) for ((r) = (rsec)->relas; (r) && (r) < (rsec)->relas + (rsec)->nr_relas; (r)++)

struct obj_section *obj_find_section(const struct obj_file *f, const char *name);
struct obj_symbol *obj_find_symbol(const struct obj_file *f, const char *name);
/* The function (or, failing that, any named) symbol that starts exactly at sec+off. */
struct obj_symbol *obj_find_symbol_at(const struct obj_file *f, const struct obj_section *sec,
				      uint64_t off);
/* The function symbol whose [value, value+size) holds sec+off. */
struct obj_symbol *obj_find_func_containing(const struct obj_file *f, const struct obj_section *sec,
					    uint64_t off);
/* The normal relocation whose location is exactly sec+off, or NULL. */
const struct obj_rela *obj_reloc_at(const struct obj_section *sec, uint64_t off);
/* First relocation at or after off, for walking a range. */
size_t obj_reloc_lower_bound(const struct obj_section *sec, uint64_t off);

/* The value of a modinfo key (the first one), or NULL. */
const char *obj_modinfo_get(const struct obj_file *f, const char *key);
bool obj_sym_is_local(const struct obj_symbol *sym);
bool obj_section_is_klp_rela(const struct obj_section *s);
/* Reads an integer of size bytes at sec+off in the file's byte order; false if out of range. */
bool obj_read_uint(const struct obj_file *f, const struct obj_section *sec, uint64_t off,
		   unsigned int size, uint64_t *val);
/* A NUL-terminated string at sec+off, or NULL if none fits in the section. */
const char *obj_read_string(const struct obj_section *sec, uint64_t off);

/* Per-architecture relocation facts, all in arch.c. */
struct obj_reloc_kind {
	unsigned int width; /* bytes the relocation writes; 0 when unknown */
	bool abs64;         /* a 64-bit absolute pointer: the field's value is S + A */
};
const struct obj_arch *obj_arch_lookup(uint16_t machine);
const char *obj_arch_name(const struct obj_arch *arch);
struct obj_reloc_kind obj_arch_reloc_kind(const struct obj_arch *arch, uint32_t type);
const char *obj_machine_name(uint16_t machine);

#endif
