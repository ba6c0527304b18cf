// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the module loader will hold against a new module, beyond symbols: the modules already
 * loaded (/proc/modules), the ones built into vmlinux (modules.builtin) and whether it takes
 * unsigned modules (module.sig_enforce, the lockdown LSM). kernel/module/main.c and
 * kernel/module/signing.c, 6.1 and 6.12.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TGT_MAX_MODULE_LINES 100000 /* a distro kernel has ~6000 modules */

/* The kernel's name for a module: '-' read as '_' (kernel/params.c, dash2underscore()). */
static char *module_key(const char *name, size_t n)
{
	char *k = xstrndup(name, n);

	for (char *p = k; *p; p++)
		if (*p == '-')
			*p = '_';
	return k;
}

static bool plausible_name(const char *s, size_t n)
{
	if (!n || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f || s[i] == '/')
			return false;
	return true;
}

static void add_name(struct array *names, struct strmap *map, char *key)
{
	size_t i;

	if (strmap_get(map, key, &i)) {
		free(key);
		return;
	}
	*(char **)array_push(names) = key;
	strmap_put(map, key, names->len - 1);
}

/* Lines of a text file; the names are the first word (/proc/modules) or a path's base name. */
static int read_names(struct target *t, const struct tgt_file *f, bool basename,
		      struct array *names, struct strmap *map, struct errbuf *err)
{
	size_t len, lineno = 0;
	char *buf;
	int ret = tgt_read_kept(t, f, TGT_MAX_SYMVERS, &buf, &len, err);

	if (ret)
		return ret;
	if (memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "%s: contains a NUL byte", f->shown);
	for (char *line = buf, *next; line && *line; line = next) {
		char *name = line;
		size_t n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (++lineno > TGT_MAX_MODULE_LINES)
			return err_set(err, -E2BIG, "%s: more than %d lines", f->shown,
				       TGT_MAX_MODULE_LINES);
		if (!*line)
			continue;
		if (basename) {
			n = strlen(line);
			name = strrchr(line, '/') ? strrchr(line, '/') + 1 : line;
			n = strlen(name);
			if (n > 3 && !strcmp(name + n - 3, ".ko"))
				n -= 3;
		} else {
			n = strcspn(line, " \t");
		}
		if (!plausible_name(name, n))
			return err_set(err, -EINVAL, "%s:%zu: not a module name", f->shown, lineno);
		add_name(names, map, module_key(name, n));
	}
	return 0;
}

int tgt_read_proc_modules(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	int ret = read_names(t, f, false, &t->loaded, &t->loaded_map, err);

	if (!ret) {
		t->has_loaded = true;
		tgt_add_source(t, "loaded modules: %s (%zu)", f->shown, t->loaded.len);
	}
	return ret;
}

int tgt_read_builtin(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	int ret = read_names(t, f, true, &t->builtin, &t->builtin_map, err);

	if (!ret) {
		t->has_builtin = true;
		tgt_add_source(t, "modules.builtin: %s (%zu)", f->shown, t->builtin.len);
	}
	return ret;
}

/* A bool module parameter reads "Y" or "N" (kernel/params.c, param_get_bool()). */
int tgt_read_sig_enforce(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	size_t len;
	char *buf;
	int ret = tgt_read_file(f, TGT_MAX_SMALL, &buf, &len, err);

	if (ret)
		return ret;
	if (len >= 1 && (buf[0] == 'Y' || buf[0] == 'N') && (len == 1 || buf[1] == '\n')) {
		t->sig_enforce = buf[0] == 'Y';
		free(t->sig_from);
		t->sig_from = xstrdup(f->shown);
		tgt_add_source(t, "sig_enforce: %s (%c)", f->shown, buf[0]);
	} else {
		ret = err_set(err, -EINVAL, "%s: not Y or N (a module.sig_enforce value)", f->shown);
	}
	free(buf);
	return ret;
}

/* securityfs lists the levels with the one in force in brackets: "[none] integrity ...". */
int tgt_read_lockdown(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	static const char *const levels[] = { "none", "integrity", "confidentiality" };
	size_t len;
	char *buf, *open;
	int ret = tgt_read_file(f, TGT_MAX_SMALL, &buf, &len, err);

	if (ret)
		return ret;
	ret = err_set(err, -EINVAL, "%s: no [level] of none, integrity, confidentiality", f->shown);
	open = memchr(buf, '[', len);
	for (size_t i = 0; open && i < ARRAY_SIZE(levels); i++) {
		size_t n = strlen(levels[i]);

		if ((size_t)(buf + len - open) > n + 1 && !strncmp(open + 1, levels[i], n) &&
		    open[n + 1] == ']') {
			t->lockdown = levels[i];
			tgt_add_source(t, "lockdown: %s (%s)", f->shown, levels[i]);
			ret = 0;
		}
	}
	free(buf);
	return ret;
}

static bool in_live(const struct target *t, const char *key, const char **from)
{
	for (size_t i = 0; i < t->live.len; i++) {
		const struct tgt_live_patch *p = array_at(&t->live, struct tgt_live_patch, i);

		if (!strcmp(p->name, key)) {
			*from = p->from_sysfs ? "the livepatch tree" : p->decoded_path ? "--existing" : "an earlier step";
			return true;
		}
	}
	return false;
}

void tgt_mark_removed(struct target *t, const char *name)
{
	add_name(&t->removed, &t->removed_map, module_key(name, strlen(name)));
}

bool tgt_is_removed(const struct target *t, const char *key)
{
	size_t i;

	return strmap_get(&t->removed_map, key, &i);
}

enum tgt_answer tgt_module_loaded(const struct target *t, const char *name, const char **from)
{
	char *key = module_key(name, strlen(name));
	const char *dummy;
	enum tgt_answer a = TGT_UNKNOWN;
	size_t i;

	if (!from)
		from = &dummy;
	*from = NULL;
	if (in_live(t, key, from))
		a = TGT_YES;
	else if (tgt_is_removed(t, key))
		a = TGT_NO;
	else if (t->has_loaded && strmap_get(&t->loaded_map, key, &i))
		*from = "/proc/modules", a = TGT_YES;
	else if (tgt_has_symbols(t, key) && strcmp(key, "vmlinux"))
		*from = "kallsyms", a = TGT_YES;
	else if (t->has_loaded)
		a = TGT_NO;
	else if (tgt_symbols_source(t, "vmlinux") && !strcmp(tgt_symbols_source(t, "vmlinux"), "kallsyms"))
		a = TGT_NO;
	free(key);
	return a;
}

size_t tgt_nr_loaded_modules(const struct target *t)
{
	return t->has_loaded ? t->loaded.len : 0;
}

const char *tgt_loaded_module_at(const struct target *t, size_t i)
{
	return i < t->loaded.len ? *array_at(&t->loaded, char *, i) : NULL;
}

enum tgt_answer tgt_module_builtin(const struct target *t, const char *name)
{
	char *key;
	size_t i;
	bool hit;

	if (!t->has_builtin)
		return TGT_UNKNOWN;
	key = module_key(name, strlen(name));
	hit = strmap_get(&t->builtin_map, key, &i);
	free(key);
	return hit ? TGT_YES : TGT_NO;
}

size_t tgt_nr_builtin(const struct target *t)
{
	return t->has_builtin ? t->builtin.len : 0;
}

/*
 * is_module_sig_enforced() starts as CONFIG_MODULE_SIG_FORCE and can only be switched on
 * (module.sig_enforce is bool_enable_only), so the parameter, when read, wins.
 */
int tgt_sig_enforced(const struct target *t, const char **from)
{
	const char *force = tgt_config_get(t, "CONFIG_MODULE_SIG_FORCE");

	if (t->sig_enforce >= 0) {
		*from = t->sig_from;
		return t->sig_enforce;
	}
	if (force && !strcmp(force, "y")) {
		*from = "CONFIG_MODULE_SIG_FORCE=y";
		return 1;
	}
	if (t->has_config) {
		*from = "CONFIG_MODULE_SIG_FORCE unset: the boot default, module.sig_enforce=1 changes it";
		return 0;
	}
	*from = NULL;
	return -1;
}

const char *tgt_lockdown(const struct target *t)
{
	if (t->lockdown)
		return t->lockdown;
	if (tgt_config_get(t, "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY"))
		return "confidentiality";
	if (tgt_config_get(t, "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY"))
		return "integrity";
	/* the config's default; lockdown= and Secure Boot (LOCK_DOWN_IN_EFI_SECURE_BOOT) raise it */
	return t->has_config ? "none" : NULL;
}

void tgt_loader_free(struct target *t)
{
	for (size_t i = 0; i < t->loaded.len; i++)
		free(*array_at(&t->loaded, char *, i));
	array_free(&t->loaded);
	strmap_free(&t->loaded_map);
	for (size_t i = 0; i < t->builtin.len; i++)
		free(*array_at(&t->builtin, char *, i));
	array_free(&t->builtin);
	strmap_free(&t->builtin_map);
	for (size_t i = 0; i < t->removed.len; i++)
		free(*array_at(&t->removed, char *, i));
	array_free(&t->removed);
	strmap_free(&t->removed_map);
	free(t->sig_from);
}
