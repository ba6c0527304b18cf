// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live patch stack: a /sys/kernel/livepatch tree (live, copied or in a snapshot) and the
 * patch modules already deployed (--existing), matched by module name and merged.
 *
 * The tree is untrusted: it is walked with openat() relative to directory descriptors, a
 * symbolic link anywhere below the root is refused, every attribute is read with a one-page
 * bound, and the number of entries is bounded. Attributes an older kernel lacks are unknown
 * (-1); docs/target.md says which kernel has which.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct walk {
	struct target *t;
	size_t entries;
	struct errbuf *err;
};

/* Reads a "%d\n" attribute. ENOENT: *val = -1 (this kernel has no such attribute). */
static int read_int_attr(struct walk *wk, int dirfd, const char *dir, const char *name, long *val)
{
	char *shown = xasprintf("%s/%s", dir, name), *buf, *end;
	struct tgt_file f = { dirfd, name, shown, true };
	size_t len;
	long v;
	int ret;

	*val = -1;
	ret = tgt_read_file(&f, TGT_MAX_ATTR, &buf, &len, wk->err);
	if (ret == -ENOENT) {
		free(shown);
		return 0;
	}
	if (ret) {
		free(shown);
		return ret;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (!len || errno || *end || end != buf + len || memchr(buf, '\0', len) || v < 0 ||
	    v > 1000000000)
		ret = err_set(wk->err, -EINVAL, "%s: not a number as the kernel writes it (\"%%d\\n\")",
			      shown);
	else
		*val = v;
	free(buf);
	free(shown);
	return ret;
}

static int read_bool_attr(struct walk *wk, int dirfd, const char *dir, const char *name, int *val)
{
	long v;
	int ret = read_int_attr(wk, dirfd, dir, name, &v);

	if (ret)
		return ret;
	if (v > 1)
		return err_set(wk->err, -EINVAL, "%s/%s: %ld where the kernel writes 0 or 1", dir, name,
			       v);
	*val = (int)v;
	return 0;
}

/* The entries of a directory, sorted, with their types; symbolic links refused. */
struct entry {
	char *name;
	bool is_dir;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int list_dir(struct walk *wk, int dirfd, const char *shown, size_t max, struct array *out)
{
	struct dirent *de;
	int fd = dup(dirfd), ret = 0;
	DIR *d;

	if (fd < 0)
		return err_set(wk->err, -errno, "%s: %s", shown, strerror(errno));
	d = fdopendir(fd);
	if (!d) {
		ret = err_set(wk->err, -errno, "%s: %s", shown, strerror(errno));
		close(fd);
		return ret;
	}
	while ((errno = 0, de = readdir(d))) {
		struct entry *e;
		struct stat st;

		/* sysfs has no dot entries; copied trees keep empty directories with a .keep file. */
		if (de->d_name[0] == '.')
			continue;
		if (++wk->entries > TGT_MAX_SYSFS_ENTRIES || out->len >= max) {
			ret = err_set(wk->err, -E2BIG, "%s: more than %zu entries, refused", shown,
				      out->len >= max ? max : (size_t)TGT_MAX_SYSFS_ENTRIES);
			break;
		}
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = err_set(wk->err, -errno, "%s/%s: %s", shown, de->d_name, strerror(errno));
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			ret = err_set(wk->err, -ELOOP, "%s/%s: is a symbolic link, refused (a livepatch tree has none)",
				      shown, de->d_name);
			break;
		}
		e = array_push(out);
		e->name = xstrdup(de->d_name);
		e->is_dir = S_ISDIR(st.st_mode);
	}
	if (!ret && errno)
		ret = err_set(wk->err, -errno, "%s: readdir failed: %s", shown, strerror(errno));
	closedir(d);
	if (out->len)
		qsort(out->data, out->len, sizeof(struct entry), cmp_entry);
	return ret;
}

static void free_entries(struct array *a)
{
	for (size_t i = 0; i < a->len; i++)
		free(array_at(a, struct entry, i)->name);
	array_free(a);
}

static int open_subdir(struct walk *wk, int dirfd, const char *name, const char *shown)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return err_set(wk->err, -errno, "%s: %s", shown, strerror(errno));
	return fd;
}

/* "name,sympos" (4.5+) or "name" (4.0-4.4). */
static void parse_func_dir(const char *dname, struct tgt_live_func *fn)
{
	const char *comma = strrchr(dname, ',');
	char *end;
	long v;

	fn->sympos = -1;
	if (comma && comma[1] && strspn(comma + 1, "0123456789") == strlen(comma + 1) &&
	    strlen(comma + 1) < 10) {
		v = strtol(comma + 1, &end, 10);
		fn->name = xstrndup(dname, (size_t)(comma - dname));
		fn->sympos = v;
		return;
	}
	fn->name = xstrdup(dname);
}

static int read_object(struct walk *wk, int patchfd, const char *pshown, const char *name,
		       struct tgt_live_object *obj)
{
	struct array ents = ARRAY_INIT(struct entry);
	char *shown = xasprintf("%s/%s", pshown, name);
	long patched;
	int fd, ret;

	obj->name = xstrdup(name);
	obj->patched = -1;
	fd = open_subdir(wk, patchfd, name, shown);
	if (fd < 0) {
		free(shown);
		return fd;
	}
	ret = read_int_attr(wk, fd, shown, "patched", &patched);
	if (ret)
		goto out;
	if (patched > 1) {
		ret = err_set(wk->err, -EINVAL, "%s/patched: %ld where the kernel writes 0 or 1", shown,
			      patched);
		goto out;
	}
	obj->patched = (int)patched;
	ret = list_dir(wk, fd, shown, TGT_MAX_FUNCS, &ents);
	if (ret)
		goto out;
	obj->funcs = xcalloc(ents.len, sizeof(*obj->funcs));
	for (size_t i = 0; i < ents.len; i++) {
		struct entry *e = array_at(&ents, struct entry, i);

		if (!e->is_dir)
			continue; /* no attributes exist in a function directory today */
		parse_func_dir(e->name, &obj->funcs[obj->nr_funcs++]);
	}
out:
	free_entries(&ents);
	close(fd);
	free(shown);
	return ret;
}

static int read_patch(struct walk *wk, int rootfd, const char *rshown, const char *name,
		      struct tgt_live_patch *p)
{
	struct array ents = ARRAY_INIT(struct entry);
	char *shown = xasprintf("%s/%s", rshown, name);
	long v;
	int fd, ret;

	p->name = xstrdup(name);
	p->enabled = p->transition = p->replace = -1;
	p->stack_order = -1;
	p->from_sysfs = true;
	fd = open_subdir(wk, rootfd, name, shown);
	if (fd < 0) {
		free(shown);
		return fd;
	}
	ret = read_bool_attr(wk, fd, shown, "enabled", &p->enabled);
	if (!ret)
		ret = read_bool_attr(wk, fd, shown, "transition", &p->transition);
	if (!ret)
		ret = read_bool_attr(wk, fd, shown, "replace", &p->replace);
	if (!ret)
		ret = read_int_attr(wk, fd, shown, "stack_order", &v);
	if (ret)
		goto out;
	p->stack_order = v;
	ret = list_dir(wk, fd, shown, TGT_MAX_OBJECTS + 8, &ents);
	if (ret)
		goto out;
	p->objects = xcalloc(ents.len, sizeof(*p->objects));
	for (size_t i = 0; i < ents.len; i++) {
		struct entry *e = array_at(&ents, struct entry, i);

		if (!e->is_dir) {
			/* Write-only attributes: their presence tells the kernel era. */
			if (!strcmp(e->name, "force"))
				p->has_force = true;
			if (!strcmp(e->name, "signal"))
				p->has_signal = true;
			continue;
		}
		ret = read_object(wk, fd, shown, e->name, &p->objects[p->nr_objects++]);
		if (ret)
			goto out;
	}
	if (p->enabled < 0)
		tgt_add_remark(wk->t, "%s: no 'enabled' attribute: a partial copy?", shown);
out:
	free_entries(&ents);
	close(fd);
	free(shown);
	return ret;
}

int tgt_read_sysfs(struct target *t, int dirfd, const char *name, const char *shown,
		   bool follow_root, struct errbuf *err)
{
	struct array ents = ARRAY_INIT(struct entry);
	struct walk wk = { t, 0, err };
	struct stat st;
	int fd, ret;

	/* O_NOFOLLOW|O_DIRECTORY on a link fails with ENOTDIR: look first, to say why. */
	if (!follow_root && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return err_set(err, -ELOOP, "%s: is a symbolic link, refused", shown);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow_root ? 0 : O_NOFOLLOW));
	if (fd < 0) {
		if (errno == ELOOP && !follow_root)
			return err_set(err, -ELOOP, "%s: is a symbolic link, refused", shown);
		return err_set(err, -errno, "%s: %s", shown, strerror(errno));
	}
	ret = list_dir(&wk, fd, shown, TGT_MAX_PATCHES, &ents);
	if (ret)
		goto out;
	for (size_t i = 0; i < ents.len; i++) {
		struct entry *e = array_at(&ents, struct entry, i);
		struct tgt_live_patch *p;

		if (!e->is_dir)
			continue;
		p = array_push(&t->live);
		ret = read_patch(&wk, fd, shown, e->name, p);
		if (ret)
			goto out;
	}
	t->has_live = true;
	tgt_add_source(t, "livepatch sysfs: %s (%zu patches)", shown, t->live.len);
out:
	free_entries(&ents);
	close(fd);
	return ret;
}

/* ---- --existing ---- */

static char *module_key(const char *name)
{
	char *k = xstrdup(name);

	for (char *p = k; *p; p++)
		if (*p == '-')
			*p = '_';
	return k;
}

static void live_from_decoded(struct tgt_live_patch *p, const struct lp_patch *lp)
{
	p->objects = xcalloc(lp->nr_objects, sizeof(*p->objects));
	p->nr_objects = lp->nr_objects;
	for (size_t i = 0; i < lp->nr_objects; i++) {
		const struct lp_object *lo = &lp->objects[i];
		struct tgt_live_object *o = &p->objects[i];

		o->name = xstrdup(lp_object_name(lo));
		o->patched = -1;
		o->funcs = xcalloc(lo->nr_funcs, sizeof(*o->funcs));
		for (size_t j = 0; j < lo->nr_funcs; j++) {
			if (!lo->funcs[j].old_name)
				continue;
			o->funcs[o->nr_funcs].name = xstrdup(lo->funcs[j].old_name);
			/* As sysfs names it: sympos 0 shows as 1. */
			o->funcs[o->nr_funcs].sympos =
				lo->funcs[j].old_sympos ? (long)lo->funcs[j].old_sympos : 1;
			o->nr_funcs++;
		}
	}
}

/* A finished atomic replace disables every patch loaded before it (klp_unpatch_replaced_patches). */
static void retire_before(struct target *t, size_t end)
{
	for (size_t i = 0; i < end; i++) {
		struct tgt_live_patch *q = array_at(&t->live, struct tgt_live_patch, i);

		q->enabled = 0;
		q->transition = 0;
	}
}

void tgt_plan_push(struct target *t, const struct lp_patch *patch, bool in_transition)
{
	struct tgt_live_patch *p = array_push(&t->live);

	p->name = module_key(patch->module_name);
	p->enabled = 1;
	p->transition = in_transition;
	p->replace = patch->replace == LP_YES;
	p->stack_order = -1;
	p->decoded = patch;
	live_from_decoded(p, patch);
	if (patch->replace == LP_YES && !in_transition)
		retire_before(t, t->live.len - 1);
	t->has_live = true;
}

static void tgt_live_patch_release(struct tgt_live_patch *p);

static struct tgt_live_patch *live_named(struct target *t, const char *key, size_t *at)
{
	for (size_t i = t->live.len; i-- > 0;) {
		struct tgt_live_patch *p = array_at(&t->live, struct tgt_live_patch, i);

		if (!strcmp(p->name, key)) {
			*at = i;
			return p;
		}
	}
	return NULL;
}

static int release_version(const struct target *t)
{
	int major, minor;

	if (!t->release || sscanf(t->release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 1000 + minor;
}

/* Its sysfs directory is there: enabled, in transition, or (before 5.1) disabled but kept. */
static bool has_dir(const struct tgt_live_patch *p, int version)
{
	return p->enabled != 0 || p->transition == 1 || (version && version < 5001);
}

static bool other_in_transition(const struct target *t, const struct tgt_live_patch *p)
{
	for (size_t i = 0; i < t->live.len; i++) {
		const struct tgt_live_patch *q = array_at(&t->live, struct tgt_live_patch, i);

		if (q != p && q->transition == 1)
			return true;
	}
	return false;
}

/* Before 5.1 only the topmost enabled patch may be disabled (__klp_disable_patch()). */
static bool enabled_above(const struct target *t, size_t at)
{
	for (size_t i = at + 1; i < t->live.len; i++)
		if (array_at(&t->live, struct tgt_live_patch, i)->enabled == 1)
			return true;
	return false;
}

const char *tgt_plan_disable(struct target *t, const char *name, const char **why)
{
	char *key = module_key(name);
	int version = release_version(t);
	size_t at = 0;
	struct tgt_live_patch *p = live_named(t, key, &at);

	free(key);
	*why = NULL;
	if (!p || !has_dir(p, version)) {
		*why = "no such patch in /sys/kernel/livepatch (5.1+ frees a disabled or replaced patch)";
		return "ENOENT";
	}
	if (p->transition == 1) {
		/* enabled_store(): the patch in transition is reversed */
		p->enabled = !p->enabled;
		*why = "the patch's own transition is reversed";
		return NULL;
	}
	if (p->enabled == 0) {
		*why = "the patch is already disabled";
		return "EINVAL";
	}
	if (other_in_transition(t, p)) {
		*why = "another patch is in transition";
		return "EBUSY";
	}
	if (version && version < 5001 && enabled_above(t, at)) {
		*why = "before 5.1 only the topmost enabled patch can be disabled";
		return "EBUSY";
	}
	p->enabled = 0;
	p->transition = 0;
	return NULL;
}

const char *tgt_plan_remove(struct target *t, const char *name, const char **why)
{
	char *key = module_key(name);
	size_t at = 0;
	struct tgt_live_patch *p = live_named(t, key, &at);
	enum tgt_answer loaded = tgt_module_loaded(t, key, NULL);

	*why = NULL;
	if (loaded == TGT_NO) {
		free(key);
		*why = "no module of that name is loaded";
		return "ENOENT";
	}
	if (p && (p->enabled == 1 || p->transition == 1)) {
		free(key);
		*why = "the patch is enabled or in transition: klp_enable_patch() holds its module";
		return "EAGAIN";
	}
	if (p) {
		tgt_live_patch_release(p);
		memmove(p, p + 1, (t->live.len - at - 1) * sizeof(*p));
		t->live.len--;
	}
	tgt_mark_removed(t, key);
	free(key);
	return NULL;
}

int tgt_read_existing(struct target *t, const char *const *paths, size_t n, struct errbuf *err)
{
	bool had_sysfs = t->has_live;
	size_t budget = TGT_MAX_EXISTING_BYTES; /* all of them are kept open together */

	for (size_t i = 0; i < n; i++) {
		struct tgt_existing *x = array_push(&t->existing);
		struct errbuf e = { "" };
		int ret;

		x->path = xstrdup(paths[i]);
		ret = obj_file_open_max(paths[i], budget, &x->obj, &e);
		if (ret == -EFBIG && i)
			return err_set(err, ret, "%s: the --existing modules add up to more than %lu MiB, refused (docs/limits.md)",
				       paths[i], TGT_MAX_EXISTING_BYTES >> 20);
		if (!ret)
			budget -= x->obj->size;
		if (!ret)
			ret = lp_decode(x->obj, &x->patch, &e);
		if (ret)
			return err_set(err, ret, "%s: %s", paths[i], e.msg);
		if (!x->patch->module_name)
			return err_set(err, -EINVAL, "%s: the module has no name", paths[i]);
		tgt_add_source(t, "existing: %s (module %s)", paths[i], x->patch->module_name);
	}
	for (size_t i = 0; i < t->existing.len; i++) {
		struct tgt_existing *x = array_at(&t->existing, struct tgt_existing, i);
		char *key = module_key(x->patch->module_name);
		struct tgt_live_patch *p = NULL;

		for (size_t j = 0; had_sysfs && j < t->live.len; j++) {
			struct tgt_live_patch *q = array_at(&t->live, struct tgt_live_patch, j);
			char *qk = module_key(q->name);

			if (!q->decoded && !strcmp(qk, key))
				p = q;
			free(qk);
			if (p)
				break;
		}
		if (had_sysfs && !p) {
			tgt_add_remark(t, "existing module %s (%s) is not in the livepatch tree: not on the live stack (disabled, replaced or not loaded)",
				       key, x->path);
			free(key);
			continue;
		}
		if (!p) {
			p = array_push(&t->live);
			p->name = xstrdup(key);
			p->enabled = p->transition = p->replace = -1;
			p->stack_order = -1;
			live_from_decoded(p, x->patch);
			if (x->patch->replace == LP_YES && t->live.len > 1) {
				tgt_add_remark(t, "%s is an atomic replace patch: on 5.1+ kernels the patches loaded before it left the stack when its transition ended",
					       key);
				retire_before(t, t->live.len - 1);
			}
		}
		free(key);
		x->matched = true;
		p->decoded = x->patch;
		p->decoded_path = x->path;
		p->decoded_obj = x->obj;
		if (p->replace < 0)
			p->replace = x->patch->replace == LP_YES;
	}
	if (n)
		t->has_live = true;
	return 0;
}

static int existing_rank(const struct target *t, const struct tgt_live_patch *p)
{
	for (size_t i = 0; i < t->existing.len; i++)
		if (array_at(&t->existing, struct tgt_existing, i)->patch == p->decoded && p->decoded)
			return (int)i;
	return -1;
}

static const struct target *order_target; /* qsort has no context argument */

static int cmp_by_existing(const void *a, const void *b)
{
	const struct tgt_live_patch *x = a, *y = b;
	int rx = existing_rank(order_target, x), ry = existing_rank(order_target, y);

	if (rx != ry) {
		if (rx < 0 || ry < 0)
			return rx < 0 ? 1 : -1;
		return rx - ry;
	}
	return strcmp(x->name, y->name);
}

static int cmp_by_stack_order(const void *a, const void *b)
{
	const struct tgt_live_patch *x = a, *y = b;

	return x->stack_order < y->stack_order ? -1 : x->stack_order > y->stack_order;
}

/*
 * Stack order, oldest first: sysfs stack_order when every patch has it (6.13+); else the order
 * of --existing for the patches that matched one (unmatched ones after them, alphabetically);
 * else alphabetical, and the order is said to be unknown. Directory times are not used: they
 * tell when sysfs was first read, not when the patch was loaded.
 */
void tgt_order_stack(struct target *t)
{
	bool all_order = t->live.len > 0, any_existing = false, all_existing = true;

	for (size_t i = 0; i < t->live.len; i++) {
		const struct tgt_live_patch *p = array_at(&t->live, struct tgt_live_patch, i);

		if (p->stack_order < 1)
			all_order = false;
		if (p->decoded)
			any_existing = true;
		else
			all_existing = false;
	}
	if (!t->has_live)
		return;
	if (t->live.len <= 1) {
		t->stack_order_source = "trivial (at most one patch)";
		return;
	}
	if (all_order) {
		qsort(t->live.data, t->live.len, sizeof(struct tgt_live_patch), cmp_by_stack_order);
		t->stack_order_source = "sysfs stack_order";
		return;
	}
	order_target = t;
	qsort(t->live.data, t->live.len, sizeof(struct tgt_live_patch), cmp_by_existing);
	if (any_existing && all_existing) {
		t->stack_order_source = "--existing load order";
		return;
	}
	if (any_existing) {
		t->stack_order_source = "--existing load order, then alphabetical (partly unknown)";
		tgt_add_remark(t, "stack order partly unknown: patches without stack_order and without a matching --existing module are put last, alphabetically");
		return;
	}
	t->stack_order_source = "alphabetical (unknown)";
	tgt_add_remark(t, "stack order unknown (no stack_order before 6.13, no --existing): patches listed alphabetically");
}

static void tgt_live_patch_release(struct tgt_live_patch *p)
{
	for (size_t j = 0; j < p->nr_objects; j++) {
		for (size_t k = 0; k < p->objects[j].nr_funcs; k++)
			free(p->objects[j].funcs[k].name);
		free(p->objects[j].funcs);
		free(p->objects[j].name);
	}
	free(p->objects);
	free(p->name);
}

void tgt_live_free(struct target *t)
{
	for (size_t i = 0; i < t->live.len; i++)
		tgt_live_patch_release(array_at(&t->live, struct tgt_live_patch, i));
	array_free(&t->live);
	for (size_t i = 0; i < t->existing.len; i++) {
		struct tgt_existing *x = array_at(&t->existing, struct tgt_existing, i);

		lp_patch_free(x->patch);
		obj_file_close(x->obj);
		free(x->path);
	}
	array_free(&t->existing);
}
