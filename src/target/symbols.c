// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Symbol sources: a vmlinux ELF (section headers, .symtab, .strtab and the mcount range only:
 * never DWARF), kallsyms, System.map and available_filter_functions.
 *
 * Sympos order (what klp_find_object_symbol() counts, 1-based, by name only: text and data
 * symbols together): for vmlinux the kallsyms table order, which scripts/kallsyms sorts by
 * address; /proc/kallsyms and System.map list it in that order, and the ELF .symtab is sorted
 * here by (address, .symtab index). For a module, the module's own symbol table order, which
 * is the order /proc/kallsyms lists it in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gelf.h>
#include <libelf.h>

#include "internal.h"

/* The wanted names: a small open-addressing hash set. */
struct tgt_wanted {
	char **slots;
	size_t cap;
	size_t len;
	uint64_t prefix[1024]; /* a bit per 16-bit hash of the first three bytes */
};

/*
 * A cheap first filter over ~130k names: most names differ from every wanted one in their
 * first three bytes, so only a few are hashed in full.
 */
static unsigned int prefix3(const char *s)
{
	unsigned int h = (unsigned char)s[0];

	if (s[0]) {
		h = h * 131 + (unsigned char)s[1];
		if (s[1])
			h = h * 131 + (unsigned char)s[2];
	}
	return h & 0xffff;
}

static bool prefix_has(const uint64_t *bits, unsigned int p)
{
	return bits[p >> 6] & (1ULL << (p & 63));
}

static void prefix_set(uint64_t *bits, const char *s)
{
	unsigned int p = prefix3(s);

	bits[p >> 6] |= 1ULL << (p & 63);
}

static uint64_t hash_name_n(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static uint64_t hash_name(const char *s)
{
	return hash_name_n(s, strlen(s));
}

/* Whether the first n bytes of name are a wanted name. */
static bool wanted_has_n(const struct tgt_wanted *w, const char *name, size_t n)
{
	size_t i = hash_name_n(name, n) & (w->cap - 1);

	while (w->slots[i]) {
		if (!strncmp(w->slots[i], name, n) && !w->slots[i][n])
			return true;
		i = (i + 1) & (w->cap - 1);
	}
	return false;
}

/*
 * Whether name may be wanted: false means certainly not. A compiler clone of a wanted name
 * (foo.isra.0, foo.part.1.cold) is wanted too: the clone rules (rules/clones.c) look for it.
 */
static bool wanted_maybe(const struct tgt_wanted *w, const char *name)
{
	const char *dot;

	if (prefix_has(w->prefix, prefix3(name)) && tgt_wanted_has(w, name))
		return true;
	dot = strchr(name, '.');
	if (!dot || dot == name || (dot - name >= 3 && !prefix_has(w->prefix, prefix3(name))))
		return false;
	return wanted_has_n(w, name, (size_t)(dot - name));
}

struct tgt_wanted *tgt_wanted_new(void)
{
	struct tgt_wanted *w = xcalloc(1, sizeof(*w));

	w->cap = 64;
	w->slots = xcalloc(w->cap, sizeof(*w->slots));
	return w;
}

static void wanted_insert(char **slots, size_t cap, char *name)
{
	size_t i = hash_name(name) & (cap - 1);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = name;
}

void tgt_wanted_add(struct tgt_wanted *w, const char *name)
{
	if (tgt_wanted_has(w, name))
		return;
	if ((w->len + 1) * 2 > w->cap) {
		size_t cap = w->cap * 2;
		char **slots = xcalloc(cap, sizeof(*slots));

		for (size_t i = 0; i < w->cap; i++)
			if (w->slots[i])
				wanted_insert(slots, cap, w->slots[i]);
		free(w->slots);
		w->slots = slots;
		w->cap = cap;
	}
	wanted_insert(w->slots, w->cap, xstrdup(name));
	prefix_set(w->prefix, name);
	w->len++;
}

bool tgt_wanted_has(const struct tgt_wanted *w, const char *name)
{
	return wanted_has_n(w, name, strlen(name));
}

void tgt_wanted_free(struct tgt_wanted *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->cap; i++)
		free(w->slots[i]);
	free(w->slots);
	free(w);
}

static const char *const marker_names[MK_NR] = {
	[MK_NOINSTR_START] = "__noinstr_text_start",
	[MK_NOINSTR_END] = "__noinstr_text_end",
	[MK_ENTRY_START] = "__entry_text_start",
	[MK_ENTRY_END] = "__entry_text_end",
	[MK_CPUIDLE_START] = "__cpuidle_text_start",
	[MK_CPUIDLE_END] = "__cpuidle_text_end",
	[MK_SINITTEXT] = "_sinittext",
	[MK_EINITTEXT] = "_einittext",
	[MK_MCOUNT_START] = "__start_mcount_loc",
	[MK_MCOUNT_STOP] = "__stop_mcount_loc",
	[MK_LINUX_BANNER] = "linux_banner",
	[MK_SDATA] = "_sdata",
	[MK_EDATA] = "_edata",
	[MK_RELOC_KERNEL_START] = "__relocate_kernel_start",
	[MK_RELOC_KERNEL_END] = "__relocate_kernel_end",
};

static uint64_t marker_prefix[1024];

int tgt_marker_lookup(const char *name)
{
	if (!marker_prefix[0] && !marker_prefix[1023]) {
		for (int i = 0; i < MK_NR; i++)
			prefix_set(marker_prefix, marker_names[i]);
		marker_prefix[0] |= 1; /* built: prefix 0 is the empty name, never a marker */
	}
	if (!prefix_has(marker_prefix, prefix3(name)))
		return -1;
	for (int i = 0; i < MK_NR; i++)
		if (!strcmp(name, marker_names[i]))
			return i;
	return -1;
}

struct markers {
	uint64_t addr[MK_NR];
	bool have[MK_NR];
};

static void note_marker(struct markers *m, const char *name, uint64_t addr)
{
	int i = tgt_marker_lookup(name);

	if (i >= 0 && !m->have[i]) {
		m->have[i] = true;
		m->addr[i] = addr;
	}
}

static bool in_range(const struct markers *m, int start, int end, uint64_t addr)
{
	return m->have[start] && m->have[end] && addr >= m->addr[start] && addr < m->addr[end];
}

static void apply_ranges(struct tgt_objsyms *o, const struct markers *m)
{
	struct tgt_symbol *s;

	for (size_t i = 0; i < o->syms.len; i++) {
		s = array_at(&o->syms, struct tgt_symbol, i);
		if (!s->addr_known)
			continue;
		if (in_range(m, MK_NOINSTR_START, MK_NOINSTR_END, s->addr))
			s->flags |= TGT_SYM_NOINSTR;
		if (in_range(m, MK_ENTRY_START, MK_ENTRY_END, s->addr))
			s->flags |= TGT_SYM_ENTRY;
		if (in_range(m, MK_CPUIDLE_START, MK_CPUIDLE_END, s->addr))
			s->flags |= TGT_SYM_CPUIDLE;
		if (!s->section && in_range(m, MK_SINITTEXT, MK_EINITTEXT, s->addr))
			s->flags |= TGT_SYM_INIT;
	}
}

/*
 * nm, which writes the letters of kallsyms and System.map, types a symbol by the flags of its
 * output section. Linux 7.2's arch/x86/kernel/vmlinux.lds.S links the kexec code
 * (.text..relocate_kernel, KEXEC_RELOCATE_KERNEL) into .data, so the whole .data section is
 * executable and every symbol in [_sdata, _edata) reads 't' or 'T' (jiffies_64 among them):
 * there only [__relocate_kernel_start, __relocate_kernel_end) is code. Debian's 6.1 and 6.12
 * kallsyms type that range 'D'/'d', and no 't'/'T' in it, so nothing changes for them.
 */
static void untype_data(struct tgt_objsyms *o, const struct markers *m)
{
	struct tgt_symbol *s;

	for (size_t i = 0; i < o->syms.len; i++) {
		s = array_at(&o->syms, struct tgt_symbol, i);
		if (s->is_function && s->addr_known && in_range(m, MK_SDATA, MK_EDATA, s->addr) &&
		    !in_range(m, MK_RELOC_KERNEL_START, MK_RELOC_KERNEL_END, s->addr))
			s->is_function = false;
	}
}

/* ---- vmlinux ELF ---- */

static char nm_letter(unsigned char type, unsigned char bind, const GElf_Shdr *sh)
{
	char c;

	if (bind == STB_WEAK)
		return type == STT_OBJECT ? 'V' : 'W';
	if (!sh)
		c = 'a';
	else if (sh->sh_flags & SHF_EXECINSTR)
		c = 't';
	else if (sh->sh_type == SHT_NOBITS)
		c = 'b';
	else if (sh->sh_flags & SHF_WRITE)
		c = 'd';
	else if (sh->sh_flags & SHF_ALLOC)
		c = 'r';
	else
		c = 'n';
	return bind == STB_LOCAL ? c : (char)(c - 'a' + 'A');
}

static const char *machine_arch(uint16_t machine, bool big_endian)
{
	switch (machine) {
	case EM_X86_64: return "x86_64";
	case EM_386: return "i686";
	case EM_AARCH64: return "aarch64";
	case EM_PPC64: return big_endian ? "ppc64" : "ppc64le";
	case EM_S390: return "s390x";
	case EM_RISCV: return "riscv64";
	case EM_LOONGARCH: return "loongarch64";
	case EM_ARM: return "armv7l";
	default: return NULL;
	}
}

static uint64_t read_word(const unsigned char *p, bool big_endian)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[big_endian ? 7 - i : i] << (8 * i);
	return v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The section holding [addr, addr + len) with file bytes, or -1. */
static long section_for_range(const GElf_Shdr *sh, size_t shnum, uint64_t addr, uint64_t len,
			      size_t filesize)
{
	for (size_t i = 1; i < shnum; i++) {
		if (sh[i].sh_type == SHT_NOBITS || !(sh[i].sh_flags & SHF_ALLOC))
			continue;
		if (addr < sh[i].sh_addr || addr - sh[i].sh_addr > sh[i].sh_size ||
		    len > sh[i].sh_size - (addr - sh[i].sh_addr))
			continue;
		if (sh[i].sh_offset > filesize || sh[i].sh_size > filesize - sh[i].sh_offset)
			return -1;
		return (long)i;
	}
	return -1;
}

static void read_mcount(struct target *t, struct tgt_objsyms *o, const struct markers *m,
			const GElf_Shdr *sh, size_t shnum, const unsigned char *raw, size_t rawsize,
			bool big_endian, const char *path)
{
	uint64_t start = m->addr[MK_MCOUNT_START], stop = m->addr[MK_MCOUNT_STOP], n;
	const unsigned char *p;
	bool sorted = true;
	long sec;

	if (!m->have[MK_MCOUNT_START] || !m->have[MK_MCOUNT_STOP]) {
		tgt_add_remark(t, "%s: no __start_mcount_loc/__stop_mcount_loc: ftrace sites unknown", path);
		return;
	}
	if (stop < start || (stop - start) % 8) {
		tgt_add_remark(t, "%s: mcount range %#llx-%#llx is not a list of 8-byte addresses: ignored",
			       path, (unsigned long long)start, (unsigned long long)stop);
		return;
	}
	n = (stop - start) / 8;
	sec = section_for_range(sh, shnum, start, stop - start, rawsize);
	if (sec < 0) {
		tgt_add_remark(t, "%s: mcount range %#llx-%#llx has no bytes in the file: ignored",
			       path, (unsigned long long)start, (unsigned long long)stop);
		return;
	}
	p = raw + sh[sec].sh_offset + (start - sh[sec].sh_addr);
	o->mcount = xcalloc(n, sizeof(*o->mcount));
	for (uint64_t i = 0; i < n; i++) {
		o->mcount[i] = read_word(p + 8 * i, big_endian);
		if (i && o->mcount[i] < o->mcount[i - 1])
			sorted = false;
	}
	if (!sorted)
		qsort(o->mcount, n, sizeof(*o->mcount), cmp_u64);
	o->nr_mcount = n;
	o->has_mcount = true;
}

static void read_banner(struct target *t, const struct markers *m, const GElf_Shdr *sh,
			size_t shnum, const unsigned char *raw, size_t rawsize)
{
	const char *p, *end, *rel;
	char buf[256];
	size_t n = 0;
	long sec;

	if (!m->have[MK_LINUX_BANNER])
		return;
	sec = section_for_range(sh, shnum, m->addr[MK_LINUX_BANNER], 1, rawsize);
	if (sec < 0)
		return;
	p = (const char *)raw + sh[sec].sh_offset + (m->addr[MK_LINUX_BANNER] - sh[sec].sh_addr);
	end = (const char *)raw + sh[sec].sh_offset + sh[sec].sh_size;
	while (p + n < end && n < sizeof(buf) - 1 && p[n]) {
		buf[n] = p[n];
		n++;
	}
	buf[n] = '\0';
	if (!str_has_prefix(buf, "Linux version "))
		return;
	rel = buf + strlen("Linux version ");
	n = strcspn(rel, " \n");
	rel = n ? xstrndup(rel, n) : NULL;
	if (rel)
		tgt_offer_release(t, rel, "vmlinux's linux_banner");
	free((char *)rel);
}

int tgt_read_vmlinux(struct target *t, const char *path, const struct tgt_wanted *w,
		     struct errbuf *err)
{
	size_t shnum, shstrndx, rawsize, nsyms, nstr;
	const unsigned char *raw;
	struct tgt_objsyms *o;
	struct markers m = { 0 };
	Elf_Data *symdata, *strdata;
	GElf_Shdr *sh = NULL;
	GElf_Ehdr eh;
	const char *strtab;
	long symtab = -1;
	bool big_endian, is64;
	struct errbuf why;
	struct stat st;
	Elf *elf;
	int fd, ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return err_set(err, -EINVAL, "%s: elf_version failed: %s", path, elf_errmsg(-1));
	ret = util_open_regular(AT_FDCWD, path, 0, &fd, &st, &why);
	if (ret)
		return err_set(err, ret, "%s: %s", path, why.msg);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		ret = err_set(err, -EINVAL, "%s: elf_begin failed: %s", path, elf_errmsg(-1));
		close(fd);
		return ret;
	}
	/* Kept until tgt_free(): symbol and section names point into the mapping. */
	t->elf = elf;
	t->elf_fd = fd;
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh))
		return err_set(err, -EINVAL, "%s: not an ELF file", path);
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return err_set(err, -EINVAL, "%s: not a linked kernel image (ELF type %u)", path,
			       eh.e_type);
	big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	raw = (const unsigned char *)elf_rawfile(elf, &rawsize);
	if (!raw)
		return err_set(err, -EINVAL, "%s: elf_rawfile failed: %s", path, elf_errmsg(-1));
	if (elf_getshdrnum(elf, &shnum) < 0 || elf_getshdrstrndx(elf, &shstrndx) < 0)
		return err_set(err, -EINVAL, "%s: bad section headers: %s", path, elf_errmsg(-1));
	if (!shnum)
		return err_set(err, -EINVAL, "%s: no section headers", path);
	sh = xcalloc(shnum, sizeof(*sh));
	for (size_t i = 0; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(elf, i);

		if (!scn || !gelf_getshdr(scn, &sh[i])) {
			ret = err_set(err, -EINVAL, "%s: section %zu: gelf_getshdr failed: %s", path,
				      i, elf_errmsg(-1));
			goto out;
		}
		if (sh[i].sh_type == SHT_SYMTAB && symtab < 0)
			symtab = (long)i;
	}
	if (symtab < 0) {
		ret = err_set(err, -ENODATA, "%s: no symbol table (.symtab): a stripped vmlinux?", path);
		goto out;
	}
	if (sh[symtab].sh_link >= shnum || sh[sh[symtab].sh_link].sh_type != SHT_STRTAB) {
		ret = err_set(err, -EINVAL, "%s: .symtab links to no string table", path);
		goto out;
	}
	symdata = elf_getdata(elf_getscn(elf, (size_t)symtab), NULL);
	strdata = elf_getdata(elf_getscn(elf, sh[symtab].sh_link), NULL);
	if (!symdata || !strdata || !strdata->d_size) {
		ret = err_set(err, -EINVAL, "%s: cannot read .symtab: %s", path, elf_errmsg(-1));
		goto out;
	}
	strtab = strdata->d_buf;
	nstr = strdata->d_size;
	if (strtab[nstr - 1] != '\0') {
		ret = err_set(err, -EINVAL, "%s: .strtab is not NUL-terminated", path);
		goto out;
	}
	nsyms = symdata->d_size / gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
	if (nsyms > TGT_MAX_SYMBOLS) {
		ret = err_set(err, -E2BIG, "%s: .symtab has %zu symbols, more than %d, refused (docs/limits.md)",
			      path, nsyms, TGT_MAX_SYMBOLS);
		goto out;
	}

	if (!t->arch) {
		const char *a = machine_arch(eh.e_machine, big_endian);

		if (a)
			t->arch = xstrdup(a);
	}
	o = tgt_object(t, "vmlinux", true);
	o->source = "vmlinux ELF";
	is64 = gelf_getclass(elf) == ELFCLASS64;
	for (size_t i = 1; i < nsyms; i++) {
		struct tgt_symbol *s;
		GElf_Sym sym, *sp = &sym;
		unsigned char type, bind;
		const char *name;

		if (is64) {
			const Elf64_Sym *e = &((const Elf64_Sym *)symdata->d_buf)[i];

			sym.st_name = e->st_name;
			sym.st_info = e->st_info;
			sym.st_shndx = e->st_shndx;
			sym.st_value = e->st_value;
			sym.st_size = e->st_size;
		} else if (!gelf_getsym(symdata, (int)i, sp)) {
			continue;
		}
		type = GELF_ST_TYPE(sym.st_info);
		if (type == STT_SECTION || type == STT_FILE || sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx >= SHN_LORESERVE || sym.st_shndx >= shnum || sym.st_name >= nstr)
			continue;
		name = strtab + sym.st_name;
		if (!*name)
			continue;
		note_marker(&m, name, sym.st_value);
		if (w && !wanted_maybe(w, name))
			continue;
		bind = GELF_ST_BIND(sym.st_info);
		s = array_push(&o->syms);
		s->name = name;
		s->object = o->name;
		s->section = elf_strptr(elf, shstrndx, sh[sym.st_shndx].sh_name);
		s->addr = sym.st_value;
		s->size = sym.st_size;
		s->type = nm_letter(type, bind, &sh[sym.st_shndx]);
		s->bind = bind;
		s->is_function = type == STT_FUNC || type == STT_GNU_IFUNC;
		s->addr_known = s->size_known = true;
		if (s->section && !strcmp(s->section, ".init.text"))
			s->flags |= TGT_SYM_INIT;
		if (s->section && !strcmp(s->section, ".exit.text"))
			s->flags |= TGT_SYM_EXIT;
	}
	apply_ranges(o, &m);
	read_mcount(t, o, &m, sh, shnum, raw, rawsize, big_endian, path);
	read_banner(t, &m, sh, shnum, raw, rawsize);
	tgt_add_source(t, "vmlinux: %s (%zu symbols in .symtab%s)", path, nsyms ? nsyms - 1 : 0,
		       o->has_mcount ? ", mcount range" : "");
	ret = 0;
out:
	free(sh);
	return ret;
}

/* ---- kallsyms, System.map ---- */

static bool parse_hex(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (!n || n > 16)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return false;
		x = x << 4 | d;
	}
	*v = x;
	return true;
}

/* Splits a line into at most max whitespace-separated tokens, NUL-terminating each. */
static size_t split(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (n == max)
			return max + 1;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int too_many_modules(const char *shown, size_t lineno, struct errbuf *err)
{
	return err_set(err, -E2BIG, "%s: line %zu: more than %d modules, refused (docs/limits.md)",
		       shown, lineno, TGT_MAX_MODULES);
}

static int check_text(const char *shown, const char *buf, size_t len, struct errbuf *err)
{
	if (memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "%s: contains a NUL byte: not a text file", shown);
	return 0;
}

/*
 * Text the kernel allocates outside any module but lists in /proc/kallsyms under a bracketed
 * name (kernel/kallsyms.c, 6.1 and 6.12): ftrace trampolines "[__builtin__ftrace]"
 * (get_ksymbol_ftrace_mod()), kprobe insn pages "[__builtin__kprobes]" (get_ksymbol_kprobe())
 * and BPF programs "[bpf]" (get_ksymbol_bpf()). No patch can name them as its object.
 */
static bool pseudo_module(const char *name)
{
	return !strncmp(name, "__builtin__", 11) || !strcmp(name, "bpf");
}

int tgt_read_kallsyms(struct target *t, const struct tgt_file *f, bool system_map,
		      bool vmlinux_too, bool modules_too, const struct tgt_wanted *w,
		      struct errbuf *err)
{
	const char *what = system_map ? "System.map" : "kallsyms";
	struct tgt_objsyms *vmlinux = NULL, *cur = NULL;
	size_t lineno = 0, len, nr = 0, pending_from = 0;
	bool any_addr = false, pending = false;
	struct markers m = { 0 };
	char *buf, *line, *next;
	uint64_t pending_addr = 0;
	int ret;

	ret = tgt_read_kept(t, f, system_map ? TGT_MAX_SYSTEM_MAP : TGT_MAX_KALLSYMS, &buf, &len,
			    err);
	if (ret)
		return ret;
	ret = check_text(f->shown, buf, len, err);
	if (ret)
		return ret;
	if (strstr(buf, "The real System.map is in"))
		return err_set(err, -ENODATA, "%s: a placeholder (Debian): the real System.map is in the -dbg package",
			       f->shown);
	if (vmlinux_too) {
		vmlinux = tgt_object(t, "vmlinux", true);
		vmlinux->source = system_map ? "System.map" : "kallsyms";
	}
	for (line = buf; line && *line; line = next) {
		char *tok[4], *mod = NULL;
		struct tgt_objsyms *o;
		struct tgt_symbol *s;
		uint64_t addr;
		size_t n;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n = split(line, tok, 4);
		if (!n)
			continue;
		if (n < 3 || n > 4 || !parse_hex(tok[0], strlen(tok[0]), &addr) || tok[1][1])
			return err_set(err, -EINVAL, "%s: line %zu: not 'address type name%s'",
				       f->shown, lineno, system_map ? "" : " [module]");
		if (n == 4) {
			size_t ml = strlen(tok[3]);

			if (system_map || tok[3][0] != '[' || tok[3][ml - 1] != ']' || ml < 3)
				return err_set(err, -EINVAL, "%s: line %zu: not 'address type name%s'",
					       f->shown, lineno, system_map ? "" : " [module]");
			tok[3][ml - 1] = '\0';
			mod = tok[3] + 1;
		}
		if (++nr > TGT_MAX_SYMBOLS)
			return err_set(err, -E2BIG, "%s: line %zu: more than %d symbols, refused (docs/limits.md)",
				       f->shown, lineno, TGT_MAX_SYMBOLS);
		if (addr)
			any_addr = true;
		if (!mod) {
			note_marker(&m, tok[2], addr);
			/* The vmlinux part is sorted: the next higher address ends the pending ones. */
			if (pending && addr > pending_addr && vmlinux) {
				for (size_t i = pending_from; i < vmlinux->syms.len; i++) {
					s = array_at(&vmlinux->syms, struct tgt_symbol, i);
					s->size = addr - s->addr;
					s->size_known = true;
				}
				pending = false;
			}
			if (!vmlinux)
				continue;
			o = vmlinux;
		} else {
			if (!modules_too || pseudo_module(mod))
				continue;
			if (!cur || strcmp(cur->name, mod)) {
				cur = tgt_object(t, mod, true);
				if (!cur)
					return too_many_modules(f->shown, lineno, err);
				if (!cur->source)
					cur->source = what;
			}
			o = cur;
			if (strcmp(o->source, what))
				continue;
		}
		if (w && !wanted_maybe(w, tok[2]))
			continue;
		s = array_push(&o->syms);
		s->name = tok[2];
		s->object = o->name;
		s->addr = addr;
		s->type = tok[1][0];
		s->bind = (s->type == 'W' || s->type == 'w' || s->type == 'V' || s->type == 'v') ?
			  STB_WEAK : (s->type >= 'a' && s->type <= 'z') ? STB_LOCAL : STB_GLOBAL;
		s->is_function = strchr("TtWw", s->type) != NULL;
		s->addr_known = true;
		if (!mod) {
			if (!pending || addr != pending_addr)
				pending_from = o->syms.len - 1;
			pending = true;
			pending_addr = addr;
		}
	}
	if (!any_addr) {
		for (size_t i = 0; i < t->objects.len; i++) {
			struct tgt_objsyms *o = *array_at(&t->objects, struct tgt_objsyms *, i);

			if (o->source && !strcmp(o->source, what))
				for (size_t j = 0; j < o->syms.len; j++) {
					struct tgt_symbol *s = array_at(&o->syms, struct tgt_symbol, j);

					s->addr_known = s->size_known = false;
					s->size = 0;
				}
		}
		if (nr)
			tgt_add_remark(t, "%s: every address is 0 (kptr_restrict, or read without root): addresses and sizes unknown",
				       f->shown);
	}
	if (vmlinux && any_addr) {
		apply_ranges(vmlinux, &m);
		untype_data(vmlinux, &m);
	}
	tgt_add_source(t, "%s: %s (%zu symbols)", what, f->shown, nr);
	return 0;
}

/* ---- available_filter_functions ---- */

static bool all_hex(const char *s)
{
	size_t n = strlen(s);

	return n >= 8 && strspn(s, "0123456789abcdefABCDEF") == n;
}

int tgt_read_ftrace(struct target *t, const struct tgt_file *f, const struct tgt_wanted *w,
		    struct errbuf *err)
{
	struct tgt_objsyms *cur = NULL;
	size_t lineno = 0, len, nr = 0;
	char *buf, *line, *next;
	int ret;

	ret = tgt_read_kept(t, f, TGT_MAX_FTRACE, &buf, &len, err);
	if (ret)
		return ret;
	ret = check_text(f->shown, buf, len, err);
	if (ret)
		return ret;
	for (line = buf; line && *line; line = next) {
		char *tok[4], *name, *mod = "vmlinux";
		struct tgt_ftrace_entry *e;
		uint64_t addr = 0;
		bool has_addr = false;
		size_t n, i = 0;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n = split(line, tok, 3);
		if (!n)
			continue;
		/* "name", "name [mod]", "addr name", "addr name [mod]" (the _addrs variant). */
		if (n >= 2 && tok[1][0] != '[' && all_hex(tok[0])) {
			has_addr = parse_hex(tok[0], strlen(tok[0]), &addr);
			i = 1;
		}
		name = tok[i++];
		if (i < n) {
			size_t ml = strlen(tok[i]);

			if (tok[i][0] != '[' || tok[i][ml - 1] != ']' || ml < 3 || i + 1 != n)
				return err_set(err, -EINVAL, "%s: line %zu: not 'name [module]'",
					       f->shown, lineno);
			tok[i][ml - 1] = '\0';
			mod = tok[i] + 1;
		} else if (n > i) {
			return err_set(err, -EINVAL, "%s: line %zu: not 'name [module]'", f->shown,
				       lineno);
		}
		if (++nr > TGT_MAX_FTRACE_ENTRIES)
			return err_set(err, -E2BIG, "%s: line %zu: more than %d functions, refused (docs/limits.md)",
				       f->shown, lineno, TGT_MAX_FTRACE_ENTRIES);
		if (w && !wanted_maybe(w, name))
			continue;
		if (!cur || strcmp(cur->name, mod))
			cur = tgt_object(t, mod, true);
		if (!cur)
			return too_many_modules(f->shown, lineno, err);
		e = array_push(&cur->ftrace);
		e->name = name;
		e->addr = addr;
		e->has_addr = has_addr;
	}
	t->has_ftrace_list = true;
	tgt_add_source(t, "ftrace functions: %s (%zu entries)", f->shown, nr);
	return 0;
}

/* ---- index ---- */

static bool by_address; /* qsort has no context argument: set per object, single-threaded */

static int cmp_sym(const void *a, const void *b)
{
	const struct tgt_symbol *x = *(const struct tgt_symbol *const *)a;
	const struct tgt_symbol *y = *(const struct tgt_symbol *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (by_address && x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x < y ? -1 : x > y; /* source order: the array is in source order */
}

static int cmp_ftrace(const void *a, const void *b)
{
	return strcmp(((const struct tgt_ftrace_entry *)a)->name,
		      ((const struct tgt_ftrace_entry *)b)->name);
}

void tgt_index_symbols(struct target *t)
{
	for (size_t i = 0; i < t->objects.len; i++) {
		struct tgt_objsyms *o = *array_at(&t->objects, struct tgt_objsyms *, i);
		size_t n = o->syms.len;

		if (o->source)
			*(const struct tgt_objsyms **)array_push(&t->sourced) = o;

		o->by_name = xcalloc(n, sizeof(*o->by_name));
		for (size_t j = 0; j < n; j++)
			o->by_name[j] = array_at(&o->syms, struct tgt_symbol, j);
		by_address = o->source && !strcmp(o->source, "vmlinux ELF");
		qsort(o->by_name, n, sizeof(*o->by_name), cmp_sym);
		for (size_t j = 0; j < n;) {
			size_t k = j;

			while (k < n && !strcmp(o->by_name[k]->name, o->by_name[j]->name))
				k++;
			for (size_t l = j; l < k; l++) {
				struct tgt_symbol *s = (struct tgt_symbol *)o->by_name[l];

				s->sympos = (unsigned int)(l - j + 1);
				s->nr_same = (unsigned int)(k - j);
			}
			j = k;
		}
		if (o->ftrace.len)
			qsort(o->ftrace.data, o->ftrace.len, sizeof(struct tgt_ftrace_entry),
			      cmp_ftrace);
	}
}

void tgt_objsyms_free(struct tgt_objsyms *o)
{
	if (!o)
		return;
	free(o->name);
	array_free(&o->syms);
	array_free(&o->ftrace);
	free(o->by_name);
	free(o->mcount);
	free(o);
}
