// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel config (.config or config.gz) and the exports (Module.symvers). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int cmp_config(const void *a, const void *b)
{
	return strcmp(((const struct tgt_config_entry *)a)->name,
		      ((const struct tgt_config_entry *)b)->name);
}

static bool is_config_name(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* "# Linux/x86 6.1.190 Kernel Configuration": scripts/kconfig/confdata.c writes it first. */
static void read_header(struct target *t, const char *line)
{
	const char *v;
	size_t n;

	if (!str_has_prefix(line, "# Linux/") || !strstr(line, " Kernel Configuration"))
		return;
	v = strchr(line + strlen("# Linux/"), ' ');
	if (!v || !isdigit((unsigned char)v[1]))
		return;
	n = strcspn(v + 1, " ");
	t->config_version = xstrndup(v + 1, n);
}

int tgt_read_config(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	size_t len, lineno = 0;
	char *buf, *line, *next;
	int ret;

	ret = tgt_read_kept(t, f, TGT_MAX_CONFIG, &buf, &len, err);
	if (ret)
		return ret;
	if (memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "%s: contains a NUL byte: not a kernel config", f->shown);
	for (line = buf; line && *line; line = next) {
		struct tgt_config_entry *e;
		char *eq;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' && !t->config_version)
			read_header(t, line);
		if (*line == '#' || *line == '\0')
			continue;
		eq = strchr(line, '=');
		if (!eq || !is_config_name(line, (size_t)(eq - line)))
			return err_set(err, -EINVAL, "%s: line %zu: not 'CONFIG_NAME=value'", f->shown,
				       lineno);
		*eq = '\0';
		e = array_push(&t->config);
		e->name = line;
		e->value = eq + 1;
	}
	if (t->config.len) /* an empty config has no array: qsort(NULL) is undefined */
		qsort(t->config.data, t->config.len, sizeof(struct tgt_config_entry), cmp_config);
	t->has_config = true;
	tgt_add_source(t, "config: %s (%zu options set)", f->shown, t->config.len);
	return 0;
}

static int cmp_export(const void *a, const void *b)
{
	return strcmp(((const struct tgt_export *)a)->name, ((const struct tgt_export *)b)->name);
}

/*
 * Module.symvers: "crc\tsymbol\tmodule\texport_type[\tnamespace]" (5.10+ and before 5.4),
 * "crc\tsymbol\tnamespace\tmodule\texport_type" (5.4 to 5.9).
 */
int tgt_read_symvers(struct target *t, const struct tgt_file *f, struct errbuf *err)
{
	size_t len, lineno = 0;
	char *buf, *line, *next;
	int ret;

	ret = tgt_read_kept(t, f, TGT_MAX_SYMVERS, &buf, &len, err);
	if (ret)
		return ret;
	if (memchr(buf, '\0', len))
		return err_set(err, -EINVAL, "%s: contains a NUL byte: not a Module.symvers", f->shown);
	for (line = buf; line && *line; line = next) {
		char *field[6], *p = line, *end;
		struct tgt_export *e;
		unsigned long crc;
		size_t n = 0;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line)
			continue;
		while (n < 6) {
			field[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (n < 4 || n > 5)
			goto bad;
		errno = 0;
		crc = strtoul(field[0], &end, 16);
		if (errno || end == field[0] || *end || crc > UINT32_MAX || !*field[1])
			goto bad;
		e = array_push(&t->exports);
		e->crc = (uint32_t)crc;
		e->name = field[1];
		if (str_has_prefix(field[3], "EXPORT_")) {
			e->module = field[2];
			e->export_type = field[3];
			e->ns = n == 5 && *field[4] ? field[4] : NULL;
		} else if (n == 5 && str_has_prefix(field[4], "EXPORT_")) {
			e->ns = *field[2] ? field[2] : NULL;
			e->module = field[3];
			e->export_type = field[4];
		} else {
			goto bad;
		}
		continue;
bad:
		return err_set(err, -EINVAL, "%s: line %zu: not 'crc<TAB>symbol<TAB>module<TAB>export_type[<TAB>namespace]'",
			       f->shown, lineno);
	}
	if (t->exports.len)
		qsort(t->exports.data, t->exports.len, sizeof(struct tgt_export), cmp_export);
	t->has_exports = true;
	tgt_add_source(t, "symvers: %s (%zu exports)", f->shown, t->exports.len);
	return 0;
}
