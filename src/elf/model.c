// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>
#include <libelf.h>

#include "model.h"
#include "open.h"

/* struct modversion_info on 64-bit kernels: unsigned long crc; char name[56]. */
#define MODVERSION_SIZE 64
#define MODVERSION_NAME_LEN 56

static int load_sections(struct obj_file *f, Elf *elf, struct errbuf *err)
{
	size_t shnum, shstrndx;

	if (elf_getshdrnum(elf, &shnum) < 0)
		return err_set(err, -EINVAL, "elf_getshdrnum failed: %s", elf_errmsg(-1));
	if (elf_getshdrstrndx(elf, &shstrndx) < 0)
		return err_set(err, -EINVAL, "elf_getshdrstrndx failed: %s", elf_errmsg(-1));
	if (shnum == 0)
		return err_set(err, -EINVAL, "no section headers");
	if (shstrndx >= shnum)
		return err_set(err, -EINVAL, "section name table index %zu out of range", shstrndx);

	f->sections = xcalloc(shnum, sizeof(*f->sections));
	f->nr_sections = shnum;
	for (size_t i = 0; i < shnum; i++) {
		struct obj_section *s = &f->sections[i];
		Elf_Scn *scn = elf_getscn(elf, i);
		GElf_Shdr sh;

		if (!scn || !gelf_getshdr(scn, &sh))
			return err_set(err, -EINVAL, "section %zu: gelf_getshdr failed: %s", i,
				       elf_errmsg(-1));
		s->index = (unsigned int)i;
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->offset = sh.sh_offset;
		s->size = sh.sh_size;
		s->entsize = sh.sh_entsize;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
		if (i == 0)
			continue;
		s->name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!s->name)
			return err_set(err, -EINVAL, "section %zu: name offset %u is not in the section name table",
				       i, sh.sh_name);
		if (strnlen(s->name, OBJ_MAX_NAME + 1) > OBJ_MAX_NAME)
			return err_set(err, -EINVAL, "section %zu: name longer than %d bytes", i, OBJ_MAX_NAME);
		if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
			continue;
		if (sh.sh_offset > f->size || sh.sh_size > f->size - sh.sh_offset)
			return err_set(err, -EINVAL, "section %s extends past the end of the file", s->name);
		s->data = f->buf + sh.sh_offset;
	}
	f->sections[0].name = "";
	return 0;
}

static int cmp_sym_addr(const void *a, const void *b)
{
	const struct obj_symbol *x = *(const struct obj_symbol *const *)a;
	const struct obj_symbol *y = *(const struct obj_symbol *const *)b;

	if (x->sec != y->sec)
		return x->sec->index < y->sec->index ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_sym_name(const void *a, const void *b)
{
	const struct obj_symbol *x = *(const struct obj_symbol *const *)a;
	const struct obj_symbol *y = *(const struct obj_symbol *const *)b;
	int r = strcmp(x->name, y->name);

	return r ? r : (x->index < y->index ? -1 : x->index > y->index);
}

/*
 * So that finding the symbol at an address, or by name, is a binary search, not a scan per
 * lookup: a patch of thousands of functions looks each one up several times.
 */
static void index_symbols(struct obj_file *f)
{
	f->by_addr = xcalloc(f->nr_symbols, sizeof(*f->by_addr));
	f->by_name = xcalloc(f->nr_symbols, sizeof(*f->by_name));
	for (size_t i = 0; i < f->nr_symbols; i++) {
		if (f->symbols[i].sec)
			f->by_addr[f->nr_by_addr++] = &f->symbols[i];
		if (i)
			f->by_name[f->nr_by_name++] = &f->symbols[i];
	}
	if (f->nr_by_addr)
		qsort(f->by_addr, f->nr_by_addr, sizeof(*f->by_addr), cmp_sym_addr);
	if (f->nr_by_name)
		qsort(f->by_name, f->nr_by_name, sizeof(*f->by_name), cmp_sym_name);
}

static int load_symbols(struct obj_file *f, Elf *elf, struct errbuf *err)
{
	struct obj_section *symtab = NULL, *s;
	const struct obj_section *xndx = NULL;
	Elf_Data *data, *xdata = NULL;

	for_each_section(f, s) {
		if (s->type == SHT_SYMTAB) {
			if (symtab)
				return err_set(err, -EINVAL, "more than one symbol table");
			symtab = s;
		}
		if (s->type == SHT_SYMTAB_SHNDX)
			xndx = s;
	}
	if (!symtab)
		return err_set(err, -EINVAL, "no symbol table (.symtab)");
	if (symtab->entsize != sizeof(Elf64_Sym) || symtab->size % sizeof(Elf64_Sym))
		return err_set(err, -EINVAL, "symbol table has entry size %lu",
			       (unsigned long)symtab->entsize);
	if (symtab->link == 0 || symtab->link >= f->nr_sections ||
	    f->sections[symtab->link].type != SHT_STRTAB)
		return err_set(err, -EINVAL, "symbol table links to section %u, not a string table",
			       symtab->link);
	data = elf_getdata(elf_getscn(elf, symtab->index), NULL);
	if (!data && symtab->size)
		return err_set(err, -EINVAL, "elf_getdata failed on .symtab: %s", elf_errmsg(-1));
	if (xndx)
		xdata = elf_getdata(elf_getscn(elf, xndx->index), NULL);

	if (symtab->size / sizeof(Elf64_Sym) > OBJ_MAX_SYMBOLS)
		return err_set(err, -E2BIG, "symbol table has %lu symbols, more than %d, refused (docs/limits.md)",
			       (unsigned long)(symtab->size / sizeof(Elf64_Sym)), OBJ_MAX_SYMBOLS);
	f->nr_symbols = symtab->size / sizeof(Elf64_Sym);
	f->symbols = xcalloc(f->nr_symbols, sizeof(*f->symbols));
	for (size_t i = 0; i < f->nr_symbols; i++) {
		struct obj_symbol *sym = &f->symbols[i];
		GElf_Sym gs;
		Elf32_Word shndx;

		if (!gelf_getsymshndx(data, xdata, (int)i, &gs, &shndx))
			return err_set(err, -EINVAL, "symbol %zu: gelf_getsym failed: %s", i,
				       elf_errmsg(-1));
		sym->index = (unsigned int)i;
		sym->name = elf_strptr(elf, symtab->link, gs.st_name);
		if (!sym->name)
			return err_set(err, -EINVAL, "symbol %zu: name offset %u is outside the string table",
				       i, gs.st_name);
		if (strnlen(sym->name, OBJ_MAX_NAME + 1) > OBJ_MAX_NAME)
			return err_set(err, -EINVAL, "symbol %zu: name longer than %d bytes", i, OBJ_MAX_NAME);
		sym->value = gs.st_value;
		sym->size = gs.st_size;
		sym->type = GELF_ST_TYPE(gs.st_info);
		sym->bind = GELF_ST_BIND(gs.st_info);
		sym->shndx = gs.st_shndx == SHN_XINDEX ? shndx : gs.st_shndx;
		if (gs.st_shndx == SHN_XINDEX && !xdata)
			return err_set(err, -EINVAL, "symbol %s uses SHN_XINDEX without a SHT_SYMTAB_SHNDX section",
				       sym->name);
		if (sym->shndx != SHN_UNDEF && (sym->shndx < SHN_LORESERVE || gs.st_shndx == SHN_XINDEX)) {
			if (sym->shndx >= f->nr_sections)
				return err_set(err, -EINVAL, "symbol %s has section index %u out of range",
					       sym->name, sym->shndx);
			sym->sec = &f->sections[sym->shndx];
		}
	}
	index_symbols(f);
	return 0;
}

static int cmp_reloc_ptr(const void *a, const void *b)
{
	const struct obj_rela *x = *(const struct obj_rela *const *)a;
	const struct obj_rela *y = *(const struct obj_rela *const *)b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int load_rela_section(struct obj_file *f, Elf *elf, struct obj_section *rs,
			     struct errbuf *err)
{
	Elf_Data *data;

	if (rs->entsize != sizeof(Elf64_Rela) || rs->size % sizeof(Elf64_Rela))
		return err_set(err, -EINVAL, "relocation section %s has entry size %lu", rs->name,
			       (unsigned long)rs->entsize);
	if (rs->info == 0 || rs->info >= f->nr_sections)
		return err_set(err, -EINVAL, "relocation section %s applies to section %u, out of range",
			       rs->name, rs->info);
	if (rs->link >= f->nr_sections || f->sections[rs->link].type != SHT_SYMTAB)
		return err_set(err, -EINVAL, "relocation section %s does not link to the symbol table",
			       rs->name);
	rs->target = &f->sections[rs->info];
	data = elf_getdata(elf_getscn(elf, rs->index), NULL);
	if (!data && rs->size)
		return err_set(err, -EINVAL, "elf_getdata failed on %s: %s", rs->name, elf_errmsg(-1));
	rs->nr_relas = rs->size / sizeof(Elf64_Rela);
	rs->relas = xcalloc(rs->nr_relas, sizeof(*rs->relas));
	for (size_t i = 0; i < rs->nr_relas; i++) {
		struct obj_rela *r = &rs->relas[i];
		struct obj_reloc_kind kind;
		GElf_Rela gr;

		if (!gelf_getrela(data, (int)i, &gr))
			return err_set(err, -EINVAL, "%s: gelf_getrela failed: %s", rs->name,
				       elf_errmsg(-1));
		r->offset = gr.r_offset;
		r->addend = gr.r_addend;
		r->type = (uint32_t)GELF_R_TYPE(gr.r_info);
		r->sym = (uint32_t)GELF_R_SYM(gr.r_info);
		if (r->sym >= f->nr_symbols)
			return err_set(err, -EINVAL, "%s: relocation %zu names symbol %u, out of range",
				       rs->name, i, r->sym);
		kind = obj_arch_reloc_kind(f->arch, r->type);
		if (r->offset > rs->target->size || kind.width > rs->target->size - r->offset)
			return err_set(err, -EINVAL, "%s: relocation %zu at offset 0x%lx lies outside %s",
				       rs->name, i, (unsigned long)r->offset, rs->target->name);
	}
	return 0;
}

/* Indexes every normal relocation by the section it patches, so data readers can ask by offset. */
static void index_relocs(struct obj_file *f)
{
	struct obj_section *rs, *t;

	for_each_section(f, rs) {
		if (rs->type != SHT_RELA || obj_section_is_klp_rela(rs))
			continue;
		t = rs->target;
		t->relocs = xrealloc(t->relocs, t->nr_relocs + rs->nr_relas, sizeof(*t->relocs));
		for (size_t i = 0; i < rs->nr_relas; i++)
			t->relocs[t->nr_relocs++] = &rs->relas[i];
	}
	for_each_section(f, t)
		if (t->nr_relocs)
			qsort(t->relocs, t->nr_relocs, sizeof(*t->relocs), cmp_reloc_ptr);
}

static int load_relocs(struct obj_file *f, Elf *elf, struct errbuf *err)
{
	struct obj_section *s;
	uint64_t total = 0;
	int ret;

	for_each_section(f, s) {
		if (s->type == SHT_REL)
			return err_set(err, -EINVAL, "section %s: SHT_REL relocations are not used by kernel modules on %s",
				       s->name, obj_arch_name(f->arch));
		if (s->type != SHT_RELA)
			continue;
		total += s->size / sizeof(Elf64_Rela);
		if (total > OBJ_MAX_RELOCS)
			return err_set(err, -E2BIG, "more than %d relocations (at %s), refused (docs/limits.md)",
				       OBJ_MAX_RELOCS, s->name);
		ret = load_rela_section(f, elf, s, err);
		if (ret)
			return ret;
	}
	index_relocs(f);
	return 0;
}

static int load_modinfo(struct obj_file *f, struct errbuf *err)
{
	const struct obj_section *s = obj_find_section(f, ".modinfo");
	struct array a = ARRAY_INIT(struct obj_modinfo);
	const char *p, *end;

	if (!s || !s->data)
		return err_set(err, -EINVAL, "not a kernel module: no .modinfo section");
	p = (const char *)s->data;
	end = p + s->size;
	if (end[-1] != '\0')
		return err_set(err, -EINVAL, ".modinfo is not NUL-terminated");
	while (p < end) {
		size_t len = strlen(p);
		const char *eq = memchr(p, '=', len);

		if (len && eq) {
			struct obj_modinfo *m = array_push(&a);

			m->key = p;
			m->key_len = (size_t)(eq - p);
			m->value = eq + 1;
		}
		p += len + 1;
	}
	f->modinfo = a.data;
	f->nr_modinfo = a.len;
	return 0;
}

static void load_versions(struct obj_file *f)
{
	const struct obj_section *s = obj_find_section(f, "__versions");

	if (!s || !s->data)
		return;
	f->nr_versions = s->size / MODVERSION_SIZE;
	f->versions = xcalloc(f->nr_versions, sizeof(*f->versions));
	for (size_t i = 0; i < f->nr_versions; i++) {
		const unsigned char *e = s->data + i * MODVERSION_SIZE;

		obj_read_uint(f, s, i * MODVERSION_SIZE, 8, &f->versions[i].crc);
		memcpy(f->versions[i].name, e + 8, MODVERSION_NAME_LEN);
		f->versions[i].name[MODVERSION_NAME_LEN] = '\0';
	}
}

/* libelf silently reports zero sections when the table does not fit; say what is wrong. */
static int check_section_table(const struct obj_file *f, const GElf_Ehdr *eh, struct errbuf *err)
{
	if (eh->e_shoff == 0)
		return err_set(err, -EINVAL, "no section headers");
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return err_set(err, -EINVAL, "section header size %u, expected %zu", eh->e_shentsize,
			       sizeof(Elf64_Shdr));
	if (eh->e_shoff > f->size ||
	    (uint64_t)eh->e_shnum * eh->e_shentsize > f->size - eh->e_shoff)
		return err_set(err, -EINVAL, "section header table (%u entries at offset 0x%lx) extends past the end of the file",
			       eh->e_shnum, (unsigned long)eh->e_shoff);
	return 0;
}

static int check_header(struct obj_file *f, Elf *elf, struct errbuf *err)
{
	GElf_Ehdr eh;
	char *ident;

	if (elf_kind(elf) != ELF_K_ELF)
		return err_set(err, -EINVAL, "not an ELF file");
	ident = elf_getident(elf, NULL);
	if (!ident || !gelf_getehdr(elf, &eh))
		return err_set(err, -EINVAL, "truncated ELF header: %s", elf_errmsg(-1));
	if (ident[EI_CLASS] != ELFCLASS64)
		return err_set(err, -EINVAL, "32-bit ELF is not supported (kernel livepatch is 64-bit only)");
	f->big_endian = ident[EI_DATA] == ELFDATA2MSB;
	f->machine = eh.e_machine;
	f->arch = obj_arch_lookup(eh.e_machine);
	if (!f->arch)
		return err_set(err, -EINVAL, "unsupported machine %s (e_machine %u)",
			       obj_machine_name(eh.e_machine), eh.e_machine);
	if (eh.e_type != ET_REL)
		return err_set(err, -EINVAL, "not a kernel module: ELF type is %s, not ET_REL",
			       eh.e_type == ET_EXEC ? "ET_EXEC" : eh.e_type == ET_DYN ? "ET_DYN" : "other");
	return check_section_table(f, &eh, err);
}

static int build_model(struct obj_file *f, struct errbuf *err)
{
	Elf *elf;
	int ret;

	if (f->size >= SELFMAG && !memcmp(f->buf, ELFMAG, SELFMAG) && f->size < sizeof(Elf64_Ehdr))
		return err_set(err, -EINVAL, "truncated ELF header (%zu bytes)", f->size);
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)f->buf, f->size);
	if (!elf)
		return err_set(err, -EINVAL, "elf_memory failed: %s", elf_errmsg(-1));
	f->elf = elf;
	ret = check_header(f, elf, err);
	if (!ret)
		ret = load_sections(f, elf, err);
	if (!ret)
		ret = load_symbols(f, elf, err);
	if (!ret)
		ret = load_relocs(f, elf, err);
	if (!ret)
		ret = load_modinfo(f, err);
	if (!ret && !obj_find_section(f, ".gnu.linkonce.this_module"))
		ret = err_set(err, -EINVAL, "not a kernel module: no .gnu.linkonce.this_module section");
	if (!ret)
		load_versions(f);
	return ret;
}

int obj_file_open(const char *path, struct obj_file **out, struct errbuf *err)
{
	return obj_file_open_max(path, OBJ_MAX_FILE_SIZE, out, err);
}

int obj_file_open_max(const char *path, size_t max, struct obj_file **out, struct errbuf *err)
{
	struct obj_file *f = xcalloc(1, sizeof(*f));
	int ret;

	f->path = xstrdup(path);
	ret = obj_load_bytes(path, max < OBJ_MAX_FILE_SIZE ? max : OBJ_MAX_FILE_SIZE, &f->buf,
			     &f->size, &f->compressed, err);
	if (!ret)
		ret = build_model(f, err);
	if (ret) {
		obj_file_close(f);
		return ret;
	}
	*out = f;
	return 0;
}

void obj_file_close(struct obj_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nr_sections; i++) {
		free(f->sections[i].relas);
		free(f->sections[i].relocs);
	}
	free(f->sections);
	free(f->symbols);
	free(f->by_addr);
	free(f->by_name);
	free(f->modinfo);
	free(f->versions);
	if (f->elf)
		elf_end(f->elf);
	free(f->buf);
	free(f->path);
	free(f);
}
