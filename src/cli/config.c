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
#include <sys/stat.h>
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
	cli_notice("%s: %s '%s' for %s", s->origin, what, s->value, s->key);
	return EXIT_USAGE;
}

/* enable/disable take a list: "KLP101, KLP3xx not-livepatch-module". */
static int apply_rule_list(const struct cli_setting *s, struct lint_opts *lo, bool enable)
{
	char *list = xstrdup(s->value), *save = NULL;
	int ret = 0;

	for (char *tok = strtok_r(list, " \t,", &save); tok && !ret; tok = strtok_r(NULL, " \t,", &save)) {
		if (lint_opts_set(lo, tok, enable)) {
			cli_notice("%s: unknown rule '%s' (klpcheck --list-rules)",
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
			cli_notice("%s: unknown rule '%s' (klpcheck --list-rules)", s->origin, tok);
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
	cli_notice("%s: unknown setting '%s'", s->origin, s->key);
	return EXIT_USAGE;
}

static int apply_file(const char *path, struct lint_opts *lo)
{
	unsigned char *buf;
	char *line, *save = NULL;
	struct errbuf err;
	size_t len;
	int ret, lineno = 0;

	ret = util_read_file(path, CONFIG_MAX_SIZE, &buf, &len, &err);
	if (ret) {
		cli_input_error(path, err.msg);
		return EXIT_BAD_INPUT;
	}
	if (memchr(buf, '\0', len)) {
		cli_input_error(path, "not a text file");
		free(buf);
		return EXIT_BAD_INPUT;
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
			cli_notice("%s: expected 'key = value'", s.origin);
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

/* A regular file (after symbolic links) at dir/name, or NULL; *skipped says what else is there. */
static char *regular_at(const char *dir, const char *name, const char **skipped)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;

	*skipped = NULL;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return path;
	if (lstat(path, &st) == 0)
		*skipped = S_ISDIR(st.st_mode) ? "a directory" : util_file_type(st.st_mode);
	free(path);
	return NULL;
}

/* The root of a repository (.git, a directory or a worktree's file), or $HOME. */
static bool is_stop_dir(const char *dir, const char *home)
{
	char *git = xasprintf("%s/.git", dir);
	bool stop = access(git, F_OK) == 0 || (home && !strcmp(dir, home));

	free(git);
	return stop;
}

/* dir ("" for /) or a directory above it is a repository root or $HOME. */
static bool has_stop_above(const char *dir, const char *home)
{
	char d[PATH_MAX], *slash;

	snprintf(d, sizeof(d), "%s", dir);
	for (;;) {
		if (is_stop_dir(*d ? d : "/", home))
			return true;
		slash = strrchr(d, '/');
		if (!slash)
			return false;
		*slash = '\0';
	}
}

/*
 * The nearest .klpcheck from the module's directory up to the repository root (a directory
 * holding .git) or $HOME, where git and shellcheck stop too: a .klpcheck in a shared directory
 * above (/tmp/.klpcheck) must not apply to every module below it. A module in neither gets only
 * its own directory's. Anything but a regular file is skipped: a FIFO would block, and a
 * directory is no settings file.
 */
static char *find_project_config(const char *module, int verbose)
{
	char dir[PATH_MAX], home[PATH_MAX], *path, *slash, *env = getenv("HOME");
	const char *h = env && *env && realpath(env, home) ? home : NULL;
	const char *skipped;
	bool bounded;

	if (!realpath(module, dir) || !(slash = strrchr(dir, '/')))
		return NULL;
	*slash = '\0';
	bounded = has_stop_above(dir, h);
	for (;;) {
		const char *d = *dir ? dir : "/";

		path = regular_at(d, ".klpcheck", &skipped);
		if (path)
			return path;
		if (skipped && verbose)
			cli_notice("%s/.klpcheck is %s, not a settings file: skipped", *dir ? dir : "", skipped);
		if (!bounded || is_stop_dir(d, h))
			return NULL;
		slash = strrchr(dir, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
}

/* "object function kernels why..." per line; '#' starts a comment. */
static int read_sleepers(struct cli_opts *o, struct lint_opts *lo)
{
	struct array a = ARRAY_INIT(struct lint_sleeper);
	char *line, *save = NULL;
	struct errbuf err;
	size_t len;
	int ret, lineno = 0;

	ret = util_read_file(o->always_on_stack, CONFIG_MAX_SIZE, &o->sleepers_text, &len, &err);
	if (ret) {
		cli_input_error(o->always_on_stack, err.msg);
		return EXIT_BAD_INPUT;
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
			cli_notice("%s:%d: expected 'object function kernels why'",
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
		char *project = find_project_config(o->files[0], o->verbose);

		if (project) {
			if (o->verbose)
				cli_notice("settings from %s", project);
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
