// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sizeof(struct module) of the target, read off a module built for it: its
 * .gnu.linkonce.this_module section is the struct, and the loader refuses (6.4+) a module whose
 * section has another size. Sources: --modules-dir (/lib/modules/RELEASE of the target, or any
 * directory of modules built for it), else an --existing module of the target's release.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf/model.h"
#include "internal.h"

#define WALK_MAX_DEPTH 6
#define WALK_MAX_ENTRIES 20000 /* a distro's /lib/modules/R holds about 6000 modules */
#define WALK_MAX_TRIES 8       /* modules opened before giving up */

struct walk {
	const char *release; /* NULL: any */
	size_t entries, tries;
	uint64_t size;
	char *from;
	char *vermagic;
};

static bool is_module_name(const char *name)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(ext); i++)
		if (n > strlen(ext[i]) && !strcmp(name + n - strlen(ext[i]), ext[i]))
			return true;
	return false;
}

/* The size of obj's struct module if obj was built for release (any release when NULL). */
static bool this_module_size(const struct obj_file *obj, const char *release, uint64_t *size)
{
	const struct obj_section *s = obj_find_section(obj, ".gnu.linkonce.this_module");
	const char *vm = obj_modinfo_get(obj, "vermagic");

	if (!s || !s->size)
		return false;
	if (release && (!vm || strncmp(vm, release, strlen(release)) || vm[strlen(release)] != ' '))
		return false;
	*size = s->size;
	return true;
}

static void try_module(struct walk *w, const char *path)
{
	struct obj_file *obj = NULL;
	struct errbuf err;

	w->tries++;
	if (obj_file_open(path, &obj, &err) == 0 && this_module_size(obj, w->release, &w->size)) {
		w->from = xstrdup(path);
		w->vermagic = obj_modinfo_get(obj, "vermagic") ? xstrdup(obj_modinfo_get(obj, "vermagic")) : NULL;
	}
	obj_file_close(obj);
}

static void walk(struct walk *w, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while (!w->from && w->tries < WALK_MAX_TRIES && w->entries < WALK_MAX_ENTRIES &&
	       (e = readdir(d))) {
		char *path;
		struct stat st;

		w->entries++;
		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < WALK_MAX_DEPTH)
				walk(w, path, depth + 1);
			else if (S_ISREG(st.st_mode) && is_module_name(e->d_name))
				try_module(w, path);
		}
		free(path);
	}
	closedir(d);
}

/* Up to WALK_MAX_TRIES modules' releases, tallied: in a real /lib/modules/R all agree. */
struct tally {
	struct walk w;
	char *rel[WALK_MAX_TRIES];
	size_t count[WALK_MAX_TRIES], n;
};

static void tally_module(struct tally *t, const char *path)
{
	struct obj_file *obj = NULL;
	struct errbuf err;
	const char *vm;

	t->w.tries++;
	vm = obj_file_open(path, &obj, &err) == 0 ? obj_modinfo_get(obj, "vermagic") : NULL;
	if (vm && *vm) {
		size_t len = strcspn(vm, " "), i;

		for (i = 0; i < t->n && (strlen(t->rel[i]) != len || strncmp(t->rel[i], vm, len)); i++)
			;
		if (i == t->n)
			t->rel[t->n++] = xstrndup(vm, len);
		t->count[i]++;
	}
	obj_file_close(obj);
}

static void tally_walk(struct tally *t, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while (t->w.tries < WALK_MAX_TRIES && t->w.entries < WALK_MAX_ENTRIES && (e = readdir(d))) {
		char *path;
		struct stat st;

		t->w.entries++;
		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < WALK_MAX_DEPTH)
				tally_walk(t, path, depth + 1);
			else if (S_ISREG(st.st_mode) && is_module_name(e->d_name))
				tally_module(t, path);
		}
		free(path);
	}
	closedir(d);
}

char *tgt_modules_release(const char *dir, size_t *agree, size_t *seen)
{
	struct tally t = { .n = 0 };
	size_t best = 0;
	char *rel;

	tally_walk(&t, dir, 0);
	*seen = 0;
	for (size_t i = 0; i < t.n; i++) {
		*seen += t.count[i];
		if (t.count[i] > t.count[best])
			best = i;
	}
	*agree = t.n ? t.count[best] : 0;
	rel = t.n ? t.rel[best] : NULL;
	for (size_t i = 0; i < t.n; i++)
		if (i != best)
			free(t.rel[i]);
	return rel;
}

uint64_t tgt_struct_module_in(const char *dir, const char *release, char **from, char **vermagic)
{
	struct walk w = { release, 0, 0, 0, NULL, NULL };

	walk(&w, dir, 0);
	*from = w.from;
	*vermagic = w.vermagic;
	return w.from ? w.size : 0;
}

int tgt_read_modules_dir(struct target *t, const char *dir, struct errbuf *err)
{
	struct walk w = { t->release, 0, 0, 0, NULL, NULL };
	struct stat st;

	if (stat(dir, &st) != 0)
		return err_set(err, -errno, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(err, -ENOTDIR, "%s: not a directory", dir);
	w.size = tgt_struct_module_in(dir, t->release, &w.from, &w.vermagic);
	if (!w.from) {
		tgt_add_remark(t, "%s: no module built for %s found: struct module size unknown", dir,
			       t->release ? t->release : "the target");
		return 0;
	}
	t->struct_module_size = w.size;
	t->struct_module_from = w.from;
	t->vermagic = w.vermagic;
	t->vermagic_from = w.vermagic ? xstrdup(w.from) : NULL;
	tgt_add_source(t, "modules: %s (struct module: %llu bytes, from %s)", dir,
		       (unsigned long long)w.size, w.from);
	return 0;
}

void tgt_struct_module_from_existing(struct target *t)
{
	for (size_t i = 0; !t->struct_module_size && t->release && i < t->existing.len; i++) {
		const struct tgt_existing *x = array_at(&t->existing, struct tgt_existing, i);
		uint64_t size;

		if (this_module_size(x->obj, t->release, &size)) {
			t->struct_module_size = size;
			t->struct_module_from = xstrdup(x->path);
			if (obj_modinfo_get(x->obj, "vermagic")) {
				t->vermagic = xstrdup(obj_modinfo_get(x->obj, "vermagic"));
				t->vermagic_from = xstrdup(x->path);
			}
			tgt_add_source(t, "struct module: %llu bytes, from existing %s",
				       (unsigned long long)size, x->path);
		}
	}
}

uint64_t tgt_struct_module_size(const struct target *t, const char **from)
{
	if (from)
		*from = t->struct_module_from;
	return t->struct_module_size;
}

const char *tgt_vermagic(const struct target *t, const char **from)
{
	if (from)
		*from = t->vermagic_from;
	return t->vermagic;
}
