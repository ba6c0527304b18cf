// SPDX-License-Identifier: GPL-2.0-or-later
/* Loading the target from its sources (docs/target.md), and the queries rules ask. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <libelf.h>

#include "internal.h"

static void add_line(struct array *lines, const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup("?");
	*(char **)array_push(lines) = s;
}

void tgt_add_source(struct target *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(&t->sources, fmt, ap);
	va_end(ap);
}

void tgt_add_remark(struct target *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(&t->remarks, fmt, ap);
	va_end(ap);
}

static void disagree(struct target *t, char *line)
{
	tgt_add_remark(t, "%s", line);
	*(char **)array_push(&t->disagree) = line;
}

void tgt_offer_release(struct target *t, const char *release, const char *fmt, ...)
{
	va_list ap;
	char *source;

	va_start(ap, fmt);
	if (vasprintf(&source, fmt, ap) < 0)
		source = xstrdup("?");
	va_end(ap);
	if (!t->release) {
		t->release = xstrdup(release);
		t->release_source = source;
		return;
	}
	if (strcmp(t->release, release))
		disagree(t, xasprintf("the sources disagree on the release: %s says %s, %s says %s; %s is used",
				      t->release_source, t->release, source, release, t->release));
	free(source);
}

void tgt_keep_buf(struct target *t, void *buf)
{
	*(void **)array_push(&t->bufs) = buf;
}

struct tgt_objsyms *tgt_object(struct target *t, const char *name, bool create)
{
	struct tgt_objsyms *o;
	size_t v;

	/* By name: kallsyms can name 100,000 modules, and a scan per module would be quadratic. */
	if (strmap_get(&t->object_index, name, &v))
		return (struct tgt_objsyms *)(uintptr_t)v;
	if (!create || (t->objects.len >= TGT_MAX_MODULES && strcmp(name, "vmlinux")))
		return NULL;
	o = xcalloc(1, sizeof(*o));
	o->name = xstrdup(name);
	o->syms = (struct array)ARRAY_INIT(struct tgt_symbol);
	o->ftrace = (struct array)ARRAY_INIT(struct tgt_ftrace_entry);
	strmap_put(&t->object_index, o->name, (size_t)(uintptr_t)o);
	/* vmlinux first, whatever the reading order. */
	if (!strcmp(name, "vmlinux") && t->objects.len) {
		array_push(&t->objects);
		memmove(array_at(&t->objects, struct tgt_objsyms *, 1), t->objects.data,
			(t->objects.len - 1) * sizeof(o));
		*array_at(&t->objects, struct tgt_objsyms *, 0) = o;
	} else {
		*(struct tgt_objsyms **)array_push(&t->objects) = o;
	}
	return o;
}

bool tgt_opts_empty(const struct tgt_opts *o)
{
	return !o->vmlinux && !o->kallsyms && !o->system_map && !o->ftrace_functions &&
	       !o->kconfig && !o->symvers && !o->sysfs && !o->nr_existing && !o->snapshot &&
	       !o->live && !o->release && !o->modules_dir && !o->proc_modules &&
	       !o->modules_builtin && !o->sig_enforce && !o->lockdown && !o->btf;
}

void tgt_opts_free(struct tgt_opts *o)
{
	free(o->existing);
	o->existing = NULL;
	o->nr_existing = 0;
	for (size_t i = 0; i < ARRAY_SIZE(o->owned); i++) {
		free(o->owned[i]);
		o->owned[i] = NULL;
	}
	free(o->notes);
	o->notes = NULL;
}

/* ---- discovery ---- */

static bool is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_placeholder_map(const char *path)
{
	char buf[160] = "";
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, "The real System.map is in") != NULL;
}

static void add_note(struct tgt_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(struct tgt_opts *o, const char *fmt, ...)
{
	va_list ap;
	char *s, *n;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup("?");
	va_end(ap);
	n = o->notes ? xasprintf("%s\n%s", o->notes, s) : xstrdup(s);
	free(o->notes);
	free(s);
	o->notes = n;
}

static const char *discover_one(struct tgt_opts *o, const char *kind, const char *root,
				const char *release, const char *const *pattern, bool map)
{
	char *tried = NULL;

	for (size_t i = 0; pattern[i]; i++) {
		const char *at = strstr(pattern[i], "%s");
		char *path = xasprintf("%s%.*s%s%s", root, (int)(at - pattern[i]), pattern[i], release,
				       at + 2), *t;

		if (is_regular(path) && !(map && is_placeholder_map(path))) {
			for (size_t j = 0; j < ARRAY_SIZE(o->owned); j++)
				if (!o->owned[j]) {
					o->owned[j] = path;
					break;
				}
			free(tried);
			return path;
		}
		t = tried ? xasprintf("%s, %s", tried, path) : xstrdup(path);
		free(tried);
		free(path);
		tried = t;
	}
	add_note(o, "%s for %s not found (tried %s)", kind, release, tried);
	free(tried);
	return NULL;
}

bool tgt_name_is_safe(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") && !strchr(name, '/') &&
	       strlen(name) < 256;
}

/* /lib/modules/RELEASE/kernel: the distro's own modules, built for that kernel. */
static const char *discover_modules_dir(struct tgt_opts *o, const char *root, const char *release)
{
	char *path = xasprintf("%s/lib/modules/%s/kernel", root, release);
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		for (size_t j = 0; j < ARRAY_SIZE(o->owned); j++)
			if (!o->owned[j]) {
				o->owned[j] = path;
				return path;
			}
	}
	free(path);
	return NULL;
}

int tgt_opts_discover(struct tgt_opts *o, const char *release, const char *sysroot,
		      struct errbuf *err)
{
	static const char *const vmlinux[] = {
		"/usr/lib/debug/boot/vmlinux-%s", "/usr/lib/debug/lib/modules/%s/vmlinux",
		"/boot/vmlinux-%s", "/lib/modules/%s/build/vmlinux", NULL,
	};
	static const char *const sysmap[] = {
		"/boot/System.map-%s", "/usr/lib/debug/boot/System.map-%s",
		"/lib/modules/%s/build/System.map", NULL,
	};
	static const char *const config[] = {
		"/boot/config-%s", "/lib/modules/%s/build/.config", "/lib/modules/%s/config", NULL,
	};
	static const char *const symvers[] = {
		"/lib/modules/%s/build/Module.symvers", "/boot/symvers-%s.gz",
		"/usr/src/linux-headers-%s/Module.symvers", NULL,
	};
	const char *root = sysroot && strcmp(sysroot, "/") ? sysroot : "";

	if (!tgt_name_is_safe(release) || strchr(release, '%') || strchr(release, '\n'))
		return err_set(err, -EINVAL, "kernel release '%s' is not a plain name", release);
	o->release = release;
	if (!o->vmlinux)
		o->vmlinux = discover_one(o, "vmlinux", root, release, vmlinux, false);
	if (!o->vmlinux && !o->system_map)
		o->system_map = discover_one(o, "System.map", root, release, sysmap, true);
	if (!o->kconfig)
		o->kconfig = discover_one(o, "config", root, release, config, false);
	if (!o->symvers)
		o->symvers = discover_one(o, "Module.symvers", root, release, symvers, false);
	if (!o->modules_dir)
		o->modules_dir = discover_modules_dir(o, root, release);
	return 0;
}

/* ---- loading ---- */

static const char *root_of(const struct tgt_opts *o)
{
	return o->sysroot && strcmp(o->sysroot, "/") ? o->sysroot : "";
}

static int read_small(int dirfd, const char *name, const char *shown, bool nofollow, char **out,
		      struct errbuf *err)
{
	struct tgt_file f = { dirfd, name, shown, nofollow };
	size_t len;
	char *buf;
	int ret;

	ret = tgt_read_file(&f, TGT_MAX_SMALL, &buf, &len, err);
	if (ret)
		return ret;
	if (memchr(buf, '\0', len)) {
		free(buf);
		return err_set(err, -EINVAL, "%s: contains a NUL byte", shown);
	}
	buf[strcspn(buf, "\n")] = '\0';
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f || *p == ' ' || *p == '/') {
			free(buf);
			return err_set(err, -EINVAL, "%s: not a kernel release or machine name", shown);
		}
	if (!*buf) {
		free(buf);
		return err_set(err, -EINVAL, "%s: empty", shown);
	}
	*out = buf;
	return 0;
}

static void arch_from_config(struct target *t)
{
	static const struct { const char *opt, *arch; } map[] = {
		{ "CONFIG_X86_64", "x86_64" }, { "CONFIG_ARM64", "aarch64" },
		{ "CONFIG_S390", "s390x" }, { "CONFIG_LOONGARCH", "loongarch64" },
		{ "CONFIG_RISCV", "riscv64" }, { "CONFIG_X86_32", "i686" },
	};

	if (t->arch || !t->has_config)
		return;
	if (tgt_config_get(t, "CONFIG_PPC64")) {
		t->arch = xstrdup(tgt_config_get(t, "CONFIG_CPU_LITTLE_ENDIAN") ? "ppc64le" : "ppc64");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (tgt_config_get(t, map[i].opt)) {
			t->arch = xstrdup(map[i].arch);
			return;
		}
}

/* A source given by option, else inside the snapshot, else on the live system. */
struct pick {
	struct tgt_file f;
	char *owned;
	bool found;
	bool optional; /* missing on the live system is a remark, not an error */
};

static void pick_source(const struct tgt_opts *o, int snapfd, const char *opt,
			const char *snapname, const char *const *live, struct pick *p)
{
	memset(p, 0, sizeof(*p));
	if (opt) {
		p->f = (struct tgt_file){ AT_FDCWD, opt, opt, false };
		p->found = true;
		return;
	}
	if (snapfd >= 0 && snapname) {
		struct stat st;

		if (fstatat(snapfd, snapname, &st, AT_SYMLINK_NOFOLLOW) == 0) {
			p->owned = xasprintf("%s/%s", o->snapshot, snapname);
			p->f = (struct tgt_file){ snapfd, snapname, p->owned, true };
			p->found = true;
		}
		return;
	}
	if (!o->live || !live)
		return;
	p->optional = true;
	for (size_t i = 0; live[i]; i++) {
		char *path = xasprintf("%s%s", root_of(o), live[i]);

		if (access(path, F_OK) == 0) {
			p->owned = path;
			p->f = (struct tgt_file){ AT_FDCWD, path, path, false };
			p->found = true;
			return;
		}
		free(path);
	}
}

static int load_release(struct target *t, const struct tgt_opts *o, int snapfd,
			struct errbuf *err)
{
	char *rel = NULL, *mach = NULL;
	int ret;

	if (snapfd >= 0) {
		char *shown = xasprintf("%s/osrelease", o->snapshot);

		ret = read_small(snapfd, "osrelease", shown, true, &rel, err);
		free(shown);
		if (ret && ret != -ENOENT)
			return ret;
		shown = xasprintf("%s/machine", o->snapshot);
		ret = read_small(snapfd, "machine", shown, true, &mach, err);
		free(shown);
		if (ret && ret != -ENOENT) {
			free(rel);
			return ret;
		}
		tgt_add_source(t, "snapshot: %s (release %s, machine %s)", o->snapshot,
			       rel ? rel : "unknown", mach ? mach : "unknown");
	} else if (o->live) {
		char *path = xasprintf("%s/proc/sys/kernel/osrelease", root_of(o));
		struct utsname u;

		ret = read_small(AT_FDCWD, path, path, false, &rel, err);
		free(path);
		if (ret && !*root_of(o) && uname(&u) == 0) {
			rel = xstrdup(u.release);
			ret = 0;
		}
		if (ret)
			return ret;
		/* A sysroot is another system's files: the machine is not ours to tell. */
		if (!*root_of(o) && uname(&u) == 0)
			mach = xstrdup(u.machine);
		tgt_add_source(t, "live: %s (release %s)", *root_of(o) ? root_of(o) : "this system",
			       rel);
	}
	/* the same words for both: a snapshot reads back what --live read */
	if (rel)
		tgt_offer_release(t, rel, "osrelease");
	free(rel);
	if (mach) {
		free(t->arch);
		t->arch = mach;
	}
	return 0;
}

typedef int (*state_reader)(struct target *t, const struct tgt_file *f, struct errbuf *err);

/* One file of the loader's state: the option, else the snapshot's copy, else the live file. */
static int load_state_file(struct target *t, const struct tgt_opts *o, int snapfd,
			   const char *opt, const char *snapname, const char *live,
			   state_reader read, struct errbuf *err)
{
	const char *const lives[] = { live, NULL };
	struct pick p;
	int ret = 0;

	pick_source(o, snapfd, opt, snapname, live ? lives : NULL, &p);
	if (p.found) {
		ret = read(t, &p.f, err);
		if (ret && p.optional && (ret == -EACCES || ret == -EPERM)) {
			tgt_add_remark(t, "%s", err->msg);
			ret = 0;
		}
	}
	free(p.owned);
	return ret;
}

static int load_loader_state(struct target *t, const struct tgt_opts *o, int snapfd,
			     struct errbuf *err)
{
	char *builtin = t->release && tgt_name_is_safe(t->release) ?
			xasprintf("/lib/modules/%s/modules.builtin", t->release) : NULL;
	int ret;

	ret = load_state_file(t, o, snapfd, o->proc_modules, "modules", "/proc/modules",
			      tgt_read_proc_modules, err);
	if (!ret)
		ret = load_state_file(t, o, snapfd, o->modules_builtin, "modules.builtin", builtin,
				      tgt_read_builtin, err);
	if (!ret)
		ret = load_state_file(t, o, snapfd, o->sig_enforce, "sig_enforce",
				      "/sys/module/module/parameters/sig_enforce",
				      tgt_read_sig_enforce, err);
	if (!ret)
		ret = load_state_file(t, o, snapfd, o->lockdown, "lockdown",
				      "/sys/kernel/security/lockdown", tgt_read_lockdown, err);
	free(builtin);
	return ret;
}

/* --btf, the snapshot's, the live /sys/kernel/btf/vmlinux, else the .BTF of --vmlinux. */
static int load_btf(struct target *t, const struct tgt_opts *o, int snapfd, struct errbuf *err)
{
	static const char *const live_btf[] = { "/sys/kernel/btf/vmlinux", NULL };
	struct pick p;
	int ret = 0;

	pick_source(o, snapfd, o->btf, "btf", live_btf, &p);
	if (p.found) {
		ret = tgt_read_btf(t, &p.f, err);
		if (ret && p.optional && (ret == -EACCES || ret == -EPERM)) {
			tgt_add_remark(t, "%s", err->msg);
			ret = 0;
		}
	} else if (o->vmlinux) {
		ret = tgt_read_vmlinux_btf(t, o->vmlinux, err);
	}
	free(p.owned);
	return ret;
}

static int load_sources(struct target *t, const struct tgt_opts *o, const struct tgt_wanted *w,
			int snapfd, struct errbuf *err)
{
	static const char *const live_kallsyms[] = { "/proc/kallsyms", NULL };
	static const char *const live_ftrace[] = {
		"/sys/kernel/tracing/available_filter_functions",
		"/sys/kernel/debug/tracing/available_filter_functions", NULL,
	};
	const char *live_config[3] = { "/proc/config.gz", NULL, NULL };
	char *live_symvers[3] = { NULL, NULL, NULL };
	char *boot_config = NULL;
	struct pick p;
	int ret;

	ret = load_release(t, o, snapfd, err);
	if (ret)
		return ret;

	if (o->vmlinux) {
		ret = tgt_read_vmlinux(t, o->vmlinux, w, err);
		if (ret)
			return ret;
	}
	ret = load_btf(t, o, snapfd, err);
	if (ret)
		return ret;

	pick_source(o, snapfd, o->kallsyms, "kallsyms", live_kallsyms, &p);
	if (p.found) {
		ret = tgt_read_kallsyms(t, &p.f, false, !tgt_object(t, "vmlinux", false), true, w,
					err);
		if (ret && p.optional && (ret == -EACCES || ret == -EPERM)) {
			tgt_add_remark(t, "%s", err->msg);
			ret = 0;
		}
	}
	free(p.owned);
	if (ret)
		return ret;

	if (o->system_map && tgt_object(t, "vmlinux", false)) {
		tgt_add_remark(t, "%s not read: vmlinux symbols come from %s", o->system_map,
			       tgt_object(t, "vmlinux", false)->source);
	} else if (o->system_map) {
		struct tgt_file f = { AT_FDCWD, o->system_map, o->system_map, false };

		ret = tgt_read_kallsyms(t, &f, true, true, false, w, err);
		if (ret)
			return ret;
	}

	pick_source(o, snapfd, o->ftrace_functions, "available_filter_functions", live_ftrace, &p);
	if (p.found) {
		ret = tgt_read_ftrace(t, &p.f, w, err);
		if (ret && p.optional) {
			tgt_add_remark(t, "ftrace functions not read: %s", err->msg);
			ret = 0;
		}
	} else if (o->live && !o->ftrace_functions) {
		tgt_add_remark(t, "no available_filter_functions (tracefs not mounted?): ftrace sites from the list unknown");
	}
	free(p.owned);
	if (ret)
		return ret;

	if (t->release) {
		boot_config = xasprintf("/boot/config-%s", t->release);
		live_config[1] = tgt_name_is_safe(t->release) ? boot_config : NULL;
	}
	pick_source(o, snapfd, o->kconfig, "config", live_config, &p);
	free(boot_config);
	if (p.found)
		ret = tgt_read_config(t, &p.f, err);
	else if (o->live && !o->kconfig)
		tgt_add_remark(t, "no /proc/config.gz and no /boot/config-%s: config unknown",
			       t->release ? t->release : "?");
	free(p.owned);
	if (ret)
		return ret;

	/* the same files `klpcheck snapshot` copies */
	if (t->release && tgt_name_is_safe(t->release)) {
		live_symvers[0] = xasprintf("/lib/modules/%s/build/Module.symvers", t->release);
		live_symvers[1] = xasprintf("/boot/symvers-%s.gz", t->release);
	}
	pick_source(o, snapfd, o->symvers, "Module.symvers", live_symvers[0] ? (const char *const *)live_symvers : NULL, &p);
	free(live_symvers[0]);
	free(live_symvers[1]);
	if (p.found)
		ret = tgt_read_symvers(t, &p.f, err);
	free(p.owned);
	if (ret)
		return ret;

	if (o->sysfs) {
		ret = tgt_read_sysfs(t, AT_FDCWD, o->sysfs, o->sysfs, true, err);
	} else if (snapfd >= 0) {
		char *shown = xasprintf("%s/livepatch", o->snapshot);
		struct stat st;

		if (fstatat(snapfd, "livepatch", &st, AT_SYMLINK_NOFOLLOW) == 0)
			ret = tgt_read_sysfs(t, snapfd, "livepatch", shown, false, err);
		else {
			t->has_live = true;
			tgt_add_remark(t, "%s: absent: the snapshotted kernel had no livepatch tree, no patches", shown);
		}
		free(shown);
	} else if (o->live) {
		char *path = xasprintf("%s/sys/kernel/livepatch", root_of(o));

		if (access(path, F_OK) == 0) {
			ret = tgt_read_sysfs(t, AT_FDCWD, path, path, true, err);
		} else {
			t->has_live = true;
			tgt_add_remark(t, "%s: absent: no livepatch support (CONFIG_LIVEPATCH unset), no patches", path);
		}
		free(path);
	}
	if (ret)
		return ret;
	if (o->nr_existing) {
		ret = tgt_read_existing(t, o->existing, o->nr_existing, err);
		if (ret)
			return ret;
	}
	return load_loader_state(t, o, snapfd, err);
}

static int open_snapshot(const struct tgt_opts *o, int *fd, struct errbuf *err)
{
	char *magic = NULL, *shown;
	struct tgt_file f;
	size_t len;
	int ret;

	*fd = open(o->snapshot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return err_set(err, -errno, "%s: %s", o->snapshot, strerror(errno));
	shown = xasprintf("%s/klpcheck-snapshot", o->snapshot);
	f = (struct tgt_file){ *fd, "klpcheck-snapshot", shown, true };
	ret = tgt_read_file(&f, TGT_MAX_SMALL, &magic, &len, err);
	if (ret == -ENOENT)
		ret = err_set(err, -EINVAL, "%s: not a klpcheck snapshot (no klpcheck-snapshot file)",
			      o->snapshot);
	else if (!ret && (len != strlen(TGT_SNAPSHOT_MAGIC) || strcmp(magic, TGT_SNAPSHOT_MAGIC)))
		ret = err_set(err, -EINVAL, "%s: not a snapshot of format 1", shown);
	free(magic);
	free(shown);
	if (ret) {
		close(*fd);
		*fd = -1;
	}
	return ret;
}

/* The vermagic line `klpcheck snapshot` read off the same module. */
static int snapshot_vermagic(struct target *t, const struct tgt_opts *o, int snapfd,
			     struct errbuf *err)
{
	char *shown = xasprintf("%s/vermagic", o->snapshot), *text = NULL;
	struct tgt_file f = { snapfd, "vermagic", shown, true };
	struct stat st;
	size_t len;
	int ret = 0;

	if (fstatat(snapfd, "vermagic", &st, AT_SYMLINK_NOFOLLOW) == 0)
		ret = tgt_read_file(&f, TGT_MAX_SMALL, &text, &len, err);
	if (text && (memchr(text, '\0', len) || !len || text[len - 1] != '\n'))
		ret = err_set(err, -EINVAL, "%s: not one vermagic line", shown);
	else if (text) {
		text[len - 1] = '\0';
		t->vermagic = text;
		t->vermagic_from = shown;
		text = shown = NULL;
	}
	free(text);
	free(shown);
	return ret;
}

/* The size `klpcheck snapshot` read off the host's modules, when it found one. */
static int snapshot_struct_module(struct target *t, const struct tgt_opts *o, int snapfd,
				  struct errbuf *err)
{
	char *shown = xasprintf("%s/struct_module_size", o->snapshot), *text = NULL, *end;
	struct stat st;
	unsigned long long size;
	int ret = 0;

	if (fstatat(snapfd, "struct_module_size", &st, AT_SYMLINK_NOFOLLOW) == 0)
		ret = read_small(snapfd, "struct_module_size", shown, true, &text, err);
	if (text) {
		errno = 0;
		size = strtoull(text, &end, 10);
		if (errno || *end || end == text || !size || size > (1U << 20))
			ret = err_set(err, -EINVAL, "%s: not a struct module size in bytes", shown);
		else {
			t->struct_module_size = size;
			t->struct_module_from = xstrdup(shown);
			tgt_add_source(t, "struct module: %llu bytes, from %s", size, shown);
		}
	}
	free(text);
	free(shown);
	if (!ret)
		ret = snapshot_vermagic(t, o, snapfd, err);
	return ret;
}

/* Modules built for the target state its release in their vermagic. */
static void release_from_modules(struct target *t, const char *dir)
{
	size_t agree, seen;
	char *rel = tgt_modules_release(dir, &agree, &seen);

	if (rel)
		tgt_offer_release(t, rel, "the vermagic of %zu of %zu modules in %s", agree, seen, dir);
	free(rel);
}

/* The .config header names the version (6.1.190), not the release; it must not contradict it. */
static void check_config_version(struct target *t)
{
	int a, b, c, d;

	if (!t->config_version || !t->release ||
	    sscanf(t->config_version, "%d.%d", &a, &b) != 2 || sscanf(t->release, "%d.%d", &c, &d) != 2)
		return;
	if (a != c || b != d)
		disagree(t, xasprintf("the sources disagree on the version: the config header says %s, %s says %s; %s is used",
				      t->config_version, t->release_source, t->release, t->release));
}


/* Once the release is known: modules of other releases say nothing of this kernel. */
static int load_struct_module(struct target *t, const struct tgt_opts *o, int snapfd,
			      struct errbuf *err)
{
	const char *dir = o->modules_dir;
	char *live = NULL;
	int ret = 0;

	if (!dir && snapfd >= 0) {
		ret = snapshot_struct_module(t, o, snapfd, err);
		if (ret || t->struct_module_size)
			return ret;
	}
	if (!dir && o->live && t->release && tgt_name_is_safe(t->release)) {
		live = xasprintf("%s/lib/modules/%s/kernel", root_of(o), t->release);
		if (access(live, F_OK) == 0)
			dir = live;
	}
	if (dir)
		release_from_modules(t, dir);
	if (dir)
		ret = tgt_read_modules_dir(t, dir, err);
	free(live);
	if (!ret)
		tgt_struct_module_from_existing(t);
	return ret;
}

int tgt_load(const struct tgt_opts *o, const struct tgt_wanted *wanted, struct target **out,
	     struct errbuf *err)
{
	struct target *t = xcalloc(1, sizeof(*t));
	int snapfd = -1, ret;

	t->elf_fd = -1;
	t->sources = (struct array)ARRAY_INIT(char *);
	t->remarks = (struct array)ARRAY_INIT(char *);
	t->disagree = (struct array)ARRAY_INIT(char *);
	t->objects = (struct array)ARRAY_INIT(struct tgt_objsyms *);
	t->sourced = (struct array)ARRAY_INIT(const struct tgt_objsyms *);
	t->bufs = (struct array)ARRAY_INIT(void *);
	t->config = (struct array)ARRAY_INIT(struct tgt_config_entry);
	t->exports = (struct array)ARRAY_INIT(struct tgt_export);
	t->live = (struct array)ARRAY_INIT(struct tgt_live_patch);
	t->existing = (struct array)ARRAY_INIT(struct tgt_existing);
	t->loaded = (struct array)ARRAY_INIT(char *);
	t->builtin = (struct array)ARRAY_INIT(char *);
	t->removed = (struct array)ARRAY_INIT(char *);
	t->sig_enforce = -1;

	if (o->snapshot) {
		ret = open_snapshot(o, &snapfd, err);
		if (ret)
			goto err_free;
	}
	ret = load_sources(t, o, wanted, snapfd, err);
	if (!ret && o->release)
		tgt_offer_release(t, o->release, "--release");
	if (!ret)
		ret = load_struct_module(t, o, snapfd, err);
	if (!ret)
		check_config_version(t);
	if (snapfd >= 0)
		close(snapfd);
	if (ret)
		goto err_free;
	if (o->notes) {
		for (char *s = o->notes, *e; s && *s; s = e ? e + 1 : NULL) {
			e = strchr(s, '\n');
			tgt_add_remark(t, "%.*s", (int)(e ? (size_t)(e - s) : strlen(s)), s);
		}
	}
	arch_from_config(t);
	tgt_index_symbols(t);
	tgt_order_stack(t);
	*out = t;
	return 0;
err_free:
	tgt_free(t);
	return ret;
}

void tgt_free(struct target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->objects.len; i++)
		tgt_objsyms_free(*array_at(&t->objects, struct tgt_objsyms *, i));
	array_free(&t->objects);
	array_free(&t->sourced);
	strmap_free(&t->object_index);
	for (size_t i = 0; i < t->sources.len; i++)
		free(*array_at(&t->sources, char *, i));
	array_free(&t->sources);
	for (size_t i = 0; i < t->remarks.len; i++)
		free(*array_at(&t->remarks, char *, i));
	array_free(&t->remarks);
	for (size_t i = 0; i < t->disagree.len; i++)
		free(*array_at(&t->disagree, char *, i));
	array_free(&t->disagree);
	tgt_live_free(t);
	array_free(&t->config);
	array_free(&t->exports);
	free(t->struct_module_from);
	free(t->vermagic);
	free(t->vermagic_from);
	tgt_loader_free(t);
	tgt_btf_free(t->btf);
	for (size_t i = 0; i < t->bufs.len; i++)
		free(*array_at(&t->bufs, void *, i));
	array_free(&t->bufs);
	if (t->elf)
		elf_end(t->elf);
	if (t->elf_fd >= 0)
		close(t->elf_fd);
	free(t->release);
	free(t->release_source);
	free(t->config_version);
	free(t->arch);
	free(t);
}

/* ---- queries ---- */

const char *const *tgt_sources(const struct target *t, size_t *n)
{
	*n = t->sources.len;
	return t->sources.data;
}

const char *const *tgt_remarks(const struct target *t, size_t *n)
{
	*n = t->remarks.len;
	return t->remarks.data;
}

const char *tgt_release(const struct target *t)
{
	return t->release;
}

const char *const *tgt_disagreements(const struct target *t, size_t *n)
{
	*n = t->disagree.len;
	return t->disagree.data;
}

const char *tgt_release_source(const struct target *t)
{
	return t->release_source;
}

const char *tgt_version(const struct target *t, const char **source)
{
	if (source)
		*source = t->release ? t->release_source : t->config_version ? "the config header" : NULL;
	return t->release ? t->release : t->config_version;
}

const char *tgt_arch(const struct target *t)
{
	return t->arch;
}

static const struct tgt_objsyms *find_obj(const struct target *t, const char *objname)
{
	size_t v;

	if (!objname)
		objname = "vmlinux";
	return strmap_get(&t->object_index, objname, &v) ? (const struct tgt_objsyms *)(uintptr_t)v
							 : NULL;
}

bool tgt_has_symbols(const struct target *t, const char *objname)
{
	const struct tgt_objsyms *o = find_obj(t, objname);

	return o && o->source;
}

const char *tgt_symbols_source(const struct target *t, const char *objname)
{
	const struct tgt_objsyms *o = find_obj(t, objname);

	return o ? o->source : NULL;
}

/* Index in by_name of the first symbol named name (or where it would be). */
static size_t first_named(const struct tgt_objsyms *o, const char *name)
{
	size_t lo = 0, hi = o->syms.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(o->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t tgt_find_symbols(const struct target *t, const char *objname, const char *name,
			const struct tgt_symbol **out, size_t max)
{
	const struct tgt_objsyms *o = find_obj(t, objname);
	size_t lo, n = 0;

	if (!o || !o->syms.len)
		return 0;
	lo = first_named(o, name);
	for (size_t i = lo; i < o->syms.len && !strcmp(o->by_name[i]->name, name); i++, n++)
		if (n < max)
			out[n] = o->by_name[i];
	return n;
}

size_t tgt_find_prefixed(const struct target *t, const char *objname, const char *prefix,
			 const struct tgt_symbol **out, size_t max)
{
	const struct tgt_objsyms *o = find_obj(t, objname);
	size_t lo, n = 0, len = strlen(prefix);

	if (!o || !o->syms.len)
		return 0;
	lo = first_named(o, prefix);
	for (size_t i = lo; i < o->syms.len && !strncmp(o->by_name[i]->name, prefix, len); i++, n++)
		if (n < max)
			out[n] = o->by_name[i];
	return n;
}

size_t tgt_nr_objects(const struct target *t)
{
	return t->sourced.len;
}

const char *tgt_object_name(const struct target *t, size_t i)
{
	return i < t->sourced.len ? (*array_at(&t->sourced, const struct tgt_objsyms *, i))->name
				  : NULL;
}

size_t tgt_nr_symbols(const struct target *t, const char *objname)
{
	const struct tgt_objsyms *o = find_obj(t, objname);

	return o ? o->syms.len : 0;
}

const struct tgt_symbol *tgt_symbol_at(const struct target *t, const char *objname, size_t i)
{
	const struct tgt_objsyms *o = find_obj(t, objname);

	return o && i < o->syms.len ? array_at(&o->syms, struct tgt_symbol, i) : NULL;
}

enum tgt_answer tgt_has_ftrace_site(const struct target *t, const struct tgt_symbol *sym)
{
	const struct tgt_objsyms *o = find_obj(t, sym->object);
	const struct tgt_ftrace_entry *e;
	size_t lo = 0, hi, listed = 0, funcs = 0;
	bool by_addr = false;

	if (!sym->is_function)
		return TGT_NO; /* ftrace sites are in text only */
	if (o && o->has_mcount && sym->addr_known) {
		uint64_t end = sym->addr + (sym->size ? sym->size : 1);

		/* ftrace_location() looks through the whole function (a site after endbr64). */
		hi = o->nr_mcount;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (o->mcount[mid] < sym->addr)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < o->nr_mcount && o->mcount[lo] < end ? TGT_YES : TGT_NO;
	}
	if (!t->has_ftrace_list)
		return TGT_UNKNOWN;
	if (!o || !o->ftrace.len)
		return TGT_NO;
	lo = 0;
	hi = o->ftrace.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		e = array_at(&o->ftrace, struct tgt_ftrace_entry, mid);
		if (strcmp(e->name, sym->name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < o->ftrace.len; lo++) {
		e = array_at(&o->ftrace, struct tgt_ftrace_entry, lo);
		if (strcmp(e->name, sym->name))
			break;
		/* With addresses (available_filter_functions_addrs): this very copy. */
		if (e->has_addr && sym->addr_known && sym->size_known) {
			by_addr = true;
			if (e->addr >= sym->addr && e->addr < sym->addr + (sym->size ? sym->size : 1))
				return TGT_YES;
		}
		listed++;
	}
	if (!listed || by_addr)
		return TGT_NO;
	/* Names only: as many entries as same-named functions, or no way to tell which. */
	for (size_t i = first_named(o, sym->name);
	     i < o->syms.len && !strcmp(o->by_name[i]->name, sym->name); i++)
		funcs += o->by_name[i]->is_function;
	return listed >= funcs ? TGT_YES : TGT_UNKNOWN;
}

const char *tgt_ftrace_source(const struct target *t, const char *objname)
{
	const struct tgt_objsyms *o = find_obj(t, objname);

	if (o && o->has_mcount)
		return "mcount range";
	return t->has_ftrace_list ? "available_filter_functions" : NULL;
}

bool tgt_has_config(const struct target *t)
{
	return t->has_config;
}

/* Config entries and exports both start with their name and are sorted by it. */
static int cmp_name_key(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static void *find_by_name(const struct array *a, const char *name)
{
	return a->len ? bsearch(name, a->data, a->len, a->elem, cmp_name_key) : NULL;
}

const char *tgt_config_get(const struct target *t, const char *name)
{
	const struct tgt_config_entry *e = find_by_name(&t->config, name);

	return e ? e->value : NULL;
}

size_t tgt_config_count(const struct target *t)
{
	return t->config.len;
}

bool tgt_config_at(const struct target *t, size_t i, const char **name, const char **value)
{
	const struct tgt_config_entry *e;

	if (i >= t->config.len)
		return false;
	e = array_at(&t->config, struct tgt_config_entry, i);
	*name = e->name;
	*value = e->value;
	return true;
}

bool tgt_has_exports(const struct target *t)
{
	return t->has_exports;
}

const struct tgt_export *tgt_find_export(const struct target *t, const char *name)
{
	return find_by_name(&t->exports, name);
}

size_t tgt_nr_exports(const struct target *t)
{
	return t->exports.len;
}

const struct tgt_export *tgt_export_at(const struct target *t, size_t i)
{
	return i < t->exports.len ? array_at(&t->exports, struct tgt_export, i) : NULL;
}

bool tgt_has_live_state(const struct target *t)
{
	return t->has_live;
}

const char *tgt_stack_order_source(const struct target *t)
{
	return t->stack_order_source;
}

size_t tgt_nr_live_patches(const struct target *t)
{
	return t->live.len;
}

const struct tgt_live_patch *tgt_live_patch(const struct target *t, size_t i)
{
	return i < t->live.len ? array_at(&t->live, struct tgt_live_patch, i) : NULL;
}
