// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Settings files: a project's .klpcheck (found upward from the first module) and
 * --config-file. Both take `key = value` lines with the keys of the command-line options
 * (enable, disable, allow, fail-on, werror, allow-incomplete, severity); later sources override earlier ones.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CONFIG_MAX_SIZE (1024 * 1024)

static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int parse_severity(const char *s, enum severity *out)
{
	if (!strcmp(s, "error"))
		*out = SEV_ERROR;
	else if (!strcmp(s, "warning"))
		*out = SEV_WARNING;
	else if (!strcmp(s, "note"))
		*out = SEV_NOTE;
	else
		return -1;
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1"))
		*out = true;
	else if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

static int bad(const struct cli_setting *s, const char *what)
{
	fprintf(stderr, "klpcheck: %s: %s '%s' for %s\n", s->origin, what, s->value, s->key);
	return EXIT_USAGE;
}

/* enable/disable take a list: "KLP101, KLP3xx not-livepatch-module". */
static int apply_rule_list(const struct cli_setting *s, struct lint_opts *lo, bool enable)
{
	char *list = xstrdup(s->value), *save = NULL;
	int ret = 0;

	for (char *tok = strtok_r(list, " \t,", &save); tok && !ret; tok = strtok_r(NULL, " \t,", &save)) {
		if (lint_opts_set(lo, tok, enable)) {
			fprintf(stderr, "klpcheck: %s: unknown rule '%s' (klpcheck --list-rules)\n",
				s->origin, tok);
			ret = EXIT_USAGE;
		}
	}
	free(list);
	return ret;
}

/*
 * allow = KLP105 ...: the rules still run, but their findings are suppressed (SARIF kind
 * external), and one the kernel refuses the module for still fails the run (docs/rules/KLP002.md).
 */
static int apply_allow(const struct cli_setting *s, struct lint_opts *lo)
{
	struct lint_opts probe;
	char *list = xstrdup(s->value), *save = NULL;
	int ret = 0;

	for (char *tok = strtok_r(list, " \t,", &save); tok && !ret; tok = strtok_r(NULL, " \t,", &save)) {
		lint_opts_init(&probe);
		if (lint_opts_set(&probe, tok, false)) {
			fprintf(stderr, "klpcheck: %s: unknown rule '%s' (klpcheck --list-rules)\n",
				s->origin, tok);
			ret = EXIT_USAGE;
		}
		for (size_t i = 0; !ret && i < NR_RULES; i++) {
			if (probe.enabled[i])
				continue;
			free(lo->allowed_by[i]);
			lo->allowed_by[i] = xasprintf("%s: allow = %s", s->origin, s->value);
		}
	}
	free(list);
	return ret;
}

static int apply(const struct cli_setting *s, struct lint_opts *lo)
{
	if (!strcmp(s->key, "enable") || !strcmp(s->key, "disable"))
		return apply_rule_list(s, lo, !strcmp(s->key, "enable"));
	if (!strcmp(s->key, "allow"))
		return apply_allow(s, lo);
	if (!strcmp(s->key, "fail-on"))
		return parse_severity(s->value, &lo->fail_on) ? bad(s, "unknown severity") : 0;
	if (!strcmp(s->key, "werror"))
		return parse_bool(s->value, &lo->werror) ? bad(s, "not yes or no:") : 0;
	if (!strcmp(s->key, "severity"))
		return parse_severity(s->value, &lo->show) ? bad(s, "unknown severity") : 0;
	if (!strcmp(s->key, "allow-incomplete"))
		return parse_bool(s->value, &lo->allow_incomplete) ? bad(s, "not yes or no:") : 0;
	fprintf(stderr, "klpcheck: %s: unknown setting '%s'\n", s->origin, s->key);
	return EXIT_USAGE;
}

static int apply_file(const char *path, struct lint_opts *lo)
{
	unsigned char *buf;
	char *line, *save = NULL;
	size_t len;
	int ret, lineno = 0;

	ret = util_read_file(path, CONFIG_MAX_SIZE, &buf, &len);
	if (ret) {
		fprintf(stderr, "klpcheck: %s: %s\n", path, strerror(-ret));
		return EXIT_USAGE;
	}
	if (memchr(buf, '\0', len)) {
		fprintf(stderr, "klpcheck: %s: not a text file\n", path);
		free(buf);
		return EXIT_USAGE;
	}
	for (line = strtok_r((char *)buf, "\n", &save); line && !ret; line = strtok_r(NULL, "\n", &save)) {
		char *eq, *t = trim(line);
		struct cli_setting s;

		lineno++;
		if (!*t || *t == '#')
			continue;
		eq = strchr(t, '=');
		s.origin = xasprintf("%s:%d", path, lineno);
		if (!eq) {
			fprintf(stderr, "klpcheck: %s: expected 'key = value'\n", s.origin);
			ret = EXIT_USAGE;
		} else {
			*eq = '\0';
			s.key = trim(t);
			s.value = trim(eq + 1);
			ret = apply(&s, lo);
		}
		free(s.origin);
	}
	free(buf);
	return ret;
}

/* The nearest .klpcheck in the module's directory or above it. */
static char *find_project_config(const char *module)
{
	char dir[PATH_MAX], *path;

	if (!realpath(module, dir))
		return NULL;
	for (;;) {
		char *slash = strrchr(dir, '/');

		if (!slash)
			return NULL;
		*slash = '\0';
		path = xasprintf("%s/.klpcheck", dir);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
		if (!dir[0])
			return NULL;
	}
}

/* "object function kernels why..." per line; '#' starts a comment. */
static int read_sleepers(struct cli_opts *o, struct lint_opts *lo)
{
	struct array a = ARRAY_INIT(struct lint_sleeper);
	char *line, *save = NULL;
	size_t len;
	int ret, lineno = 0;

	ret = util_read_file(o->always_on_stack, CONFIG_MAX_SIZE, &o->sleepers_text, &len);
	if (ret) {
		fprintf(stderr, "klpcheck: %s: %s\n", o->always_on_stack, strerror(-ret));
		return EXIT_USAGE;
	}
	for (line = strtok_r((char *)o->sleepers_text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[3], *rest = trim(line), *sp = NULL;
		struct lint_sleeper *s;

		lineno++;
		if (!*rest || *rest == '#')
			continue;
		for (int i = 0; i < 3; i++)
			f[i] = strtok_r(i ? NULL : rest, " \t", &sp);
		if (!f[2] || !sp || !*trim(sp)) {
			fprintf(stderr, "klpcheck: %s:%d: expected 'object function kernels why'\n",
				o->always_on_stack, lineno);
			array_free(&a);
			return EXIT_USAGE;
		}
		s = array_push(&a);
		*s = (struct lint_sleeper){ f[0], f[1], f[2], trim(sp) };
	}
	o->sleepers = a.data;
	o->nr_sleepers = a.len;
	lo->extra_sleepers = o->sleepers;
	lo->nr_extra_sleepers = o->nr_sleepers;
	return 0;
}

int cli_lint_opts(struct cli_opts *o, struct lint_opts *lo)
{
	int ret = 0;

	lint_opts_init(lo);
	if (!o->no_project_config && o->nr_files) {
		char *project = find_project_config(o->files[0]);

		if (project) {
			if (o->verbose)
				fprintf(stderr, "klpcheck: reading settings from %s\n", project);
			ret = apply_file(project, lo);
			free(project);
		}
	}
	if (!ret && o->config_file)
		ret = apply_file(o->config_file, lo);
	for (size_t i = 0; i < o->nr_settings && !ret; i++)
		ret = apply(&o->settings[i], lo);
	if (!ret && o->always_on_stack)
		ret = read_sleepers(o, lo);
	return ret;
}
