// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include "dbg.h"

#include "internal.h"

static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
			const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
			char **debuginfo_file_name)
{
	return -1;
}

/* Only the module's own debug sections count: never a separate file found by build-id. */
static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/* libdwfl reads from a file descriptor: give it the bytes the ELF model already holds. */
static int memfd_of(const void *buf, size_t size, struct errbuf *err)
{
	int fd = memfd_create("klpcheck-module", MFD_CLOEXEC);
	const char *p = buf;

	if (fd < 0)
		return err_set(err, -errno, "memfd_create failed: %s", strerror(errno));
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return err_set(err, -EIO, "writing the module to a memfd failed");
		}
		p += n;
		size -= (size_t)n;
	}
	return fd;
}

int dbg_file_open(const void *buf, size_t size, struct dbg_file **out, struct errbuf *err)
{
	struct dbg_file *d;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	int fd = memfd_of(buf, size, err);

	if (fd < 0)
		return fd;
	d = xcalloc(1, sizeof(*d));
	d->dwfl = dwfl_begin(&offline_callbacks);
	if (!d->dwfl) {
		close(fd);
		free(d);
		return err_set(err, -ENOMEM, "dwfl_begin failed: %s", dwfl_errmsg(-1));
	}
	mod = dwfl_report_offline(d->dwfl, "module", "module", fd);
	if (!mod)
		close(fd);
	if (!mod || dwfl_report_end(d->dwfl, NULL, NULL) != 0) {
		err_set(err, -EINVAL, "dwfl_report_offline failed: %s", dwfl_errmsg(-1));
		dbg_file_close(d);
		return -EINVAL;
	}
	d->dw = dwfl_module_getdwarf(mod, &bias);
	if (!d->dw) {
		dbg_file_close(d);
		return err_set(err, -ENODATA, "no DWARF");
	}
	*out = d;
	return 0;
}

void dbg_file_close(struct dbg_file *d)
{
	if (!d)
		return;
	dwfl_end(d->dwfl);
	free(d);
}

static uint64_t type_size(Dwarf_Die *member)
{
	Dwarf_Attribute attr;
	Dwarf_Die type, peeled;
	Dwarf_Word size;

	if (!dwarf_attr_integrate(member, DW_AT_type, &attr) || !dwarf_formref_die(&attr, &type))
		return 0;
	if (dwarf_peel_type(&type, &peeled) != 0)
		return 0;
	if (dwarf_aggregate_size(&peeled, &size) == 0)
		return size;
	if (dwarf_tag(&peeled) == DW_TAG_pointer_type)
		return 8;
	return 0;
}

static void read_struct(Dwarf_Die *die, struct dbg_struct *out)
{
	struct array members = ARRAY_INIT(struct dbg_member);
	Dwarf_Attribute attr;
	Dwarf_Word size, off;
	Dwarf_Die child;

	if (dwarf_aggregate_size(die, &size) != 0 || size == 0)
		return;
	if (dwarf_child(die, &child) == 0) {
		do {
			const char *name = dwarf_diename(&child);
			struct dbg_member *m;

			if (dwarf_tag(&child) != DW_TAG_member || !name)
				continue;
			if (!dwarf_attr(&child, DW_AT_data_member_location, &attr) ||
			    dwarf_formudata(&attr, &off) != 0)
				continue;
			m = array_push(&members);
			m->name = xstrdup(name);
			m->offset = off;
			m->size = type_size(&child);
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	out->size = size;
	out->members = members.data;
	out->nr_members = members.len;
}

/* The next sibling (1: none); an error too when it does not lie after die (a loop). */
static int next_sibling(Dwarf_Die *die, Dwarf_Off cu_off, struct errbuf *err)
{
	Dwarf_Off here = dwarf_dieoffset(die);
	int r = dwarf_siblingof(die, die);

	if (r < 0)
		return err_set(err, -EBADMSG, "bad DIE after 0x%lx in the compilation unit at 0x%lx: %s",
			       (unsigned long)here, (unsigned long)cu_off, dwarf_errmsg(-1));
	if (r == 0 && dwarf_dieoffset(die) <= here)
		return err_set(err, -EBADMSG, "DW_AT_sibling of the DIE at 0x%lx points back to 0x%lx",
			       (unsigned long)here, (unsigned long)dwarf_dieoffset(die));
	return r;
}

/* The size of .debug_info, which libdw does not hold a unit_length to. */
static uint64_t debug_info_size(Dwarf *dw)
{
	Elf *elf = dwarf_getelf(dw);
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return 0;
	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh)) {
			const char *name = elf_strptr(elf, shstrndx, sh.sh_name);

			if (name && !strcmp(name, ".debug_info"))
				return sh.sh_size;
		}
	return 0;
}

/*
 * Calls fn on every top-level DIE of every CU: C puts structs and globals there. Broken DWARF
 * (a unit that does not parse, a sibling chain that loops, abbreviations cut short) is an
 * error, so that the caller can say the layouts did not come from it.
 */
int dbg_walk_top_level(struct dbg_file *d, void (*fn)(Dwarf_Die *, void *), void *arg,
		       struct errbuf *err)
{
	uint64_t size = debug_info_size(d->dw);
	Dwarf_Off off = 0, next;
	size_t hsize;
	int r;

	while ((r = dwarf_nextcu(d->dw, off, &next, &hsize, NULL, NULL, NULL)) == 0) {
		Dwarf_Die cu, child;

		if (size && next > size)
			return err_set(err, -EBADMSG, "the compilation unit at 0x%lx claims %lu bytes, past the end of .debug_info (%lu bytes)",
				       (unsigned long)off, (unsigned long)(next - off),
				       (unsigned long)size);
		if (!dwarf_offdie(d->dw, off + hsize, &cu))
			return err_set(err, -EBADMSG, "bad compilation unit at 0x%lx: %s",
				       (unsigned long)off, dwarf_errmsg(-1));
		r = dwarf_child(&cu, &child);
		if (r < 0)
			return err_set(err, -EBADMSG, "bad compilation unit at 0x%lx: %s",
				       (unsigned long)off, dwarf_errmsg(-1));
		while (r == 0) {
			fn(&child, arg);
			r = next_sibling(&child, off, err);
			if (r < 0)
				return r;
		}
		off = next;
	}
	if (r < 0)
		return err_set(err, -EBADMSG, "bad compilation unit header at 0x%lx: %s",
			       (unsigned long)off, dwarf_errmsg(-1));
	return 0;
}

struct struct_query {
	const char *const *names;
	size_t n;
	struct dbg_struct *out;
};

static void match_struct(Dwarf_Die *die, void *arg)
{
	struct struct_query *q = arg;
	const char *name;

	if (dwarf_tag(die) != DW_TAG_structure_type || dwarf_hasattr(die, DW_AT_declaration))
		return;
	name = dwarf_diename(die);
	if (!name)
		return;
	for (size_t i = 0; i < q->n; i++)
		if (!q->out[i].size && !strcmp(name, q->names[i]))
			read_struct(die, &q->out[i]);
}

int dbg_find_structs(struct dbg_file *d, const char *const *names, size_t n, struct dbg_struct *out,
		     struct errbuf *err)
{
	struct struct_query q = { names, n, out };

	memset(out, 0, n * sizeof(*out));
	return dbg_walk_top_level(d, match_struct, &q, err);
}

void dbg_struct_release(struct dbg_struct *s)
{
	for (size_t i = 0; i < s->nr_members; i++)
		free(s->members[i].name);
	free(s->members);
	memset(s, 0, sizeof(*s));
}

const struct dbg_member *dbg_struct_member(const struct dbg_struct *s, const char *name)
{
	for (size_t i = 0; i < s->nr_members; i++)
		if (!strcmp(s->members[i].name, name))
			return &s->members[i];
	return NULL;
}

struct var_query {
	const char *type_name;
	struct array *names;
};

static void match_variable(Dwarf_Die *die, void *arg)
{
	struct var_query *q = arg;
	Dwarf_Attribute attr;
	Dwarf_Die type, peeled;
	const char *name = dwarf_diename(die), *tname;

	if (dwarf_tag(die) != DW_TAG_variable || !name || dwarf_hasattr(die, DW_AT_declaration))
		return;
	if (!dwarf_attr_integrate(die, DW_AT_type, &attr) || !dwarf_formref_die(&attr, &type))
		return;
	if (dwarf_peel_type(&type, &peeled) != 0 || dwarf_tag(&peeled) != DW_TAG_structure_type)
		return;
	tname = dwarf_diename(&peeled);
	if (tname && !strcmp(tname, q->type_name))
		*(char **)array_push(q->names) = xstrdup(name);
}

int dbg_find_variables(struct dbg_file *d, const char *type_name, struct array *names,
		       struct errbuf *err)
{
	struct var_query q = { type_name, names };

	return dbg_walk_top_level(d, match_variable, &q, err);
}
