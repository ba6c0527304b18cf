// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"

const char cli_usage[] =
	"usage: klpcheck [options] MODULE...          check livepatch modules\n"
	"       klpcheck inspect [options] MODULE...  print the decoded patch\n"
	"       klpcheck plan [options] MODULE...     check modules as loaded in that order\n"
	"       klpcheck target [options]             print what klpcheck knows of the target\n"
	"       klpcheck snapshot -o DIR              save the running kernel's state\n"
	"       klpcheck target [TARGET OPTIONS] [--symbol [OBJ:]NAME]... [--full] [-f text|json]\n"
	"                       [-o FILE]   --symbol: what the target has of NAME; --full: every\n"
	"                       symbol, export and config entry (klpcheck target --help)\n"
	"       klpcheck --list-rules | --explain ID | -V, --version | -h, --help\n"
	"\n"
	"options:\n"
	"  -f, --format text|json|sarif|codequality  output format (default text; inspect: text|json;\n"
	"                                codequality: GitLab Code Quality, docs/ci.md)\n"
	"  -o, --output FILE             write the report to FILE\n"
	"      --enable ID|name|KLPnxx   run a rule or family (repeatable)\n"
	"      --disable ID|name|KLPnxx  do not run a rule or family (repeatable)\n"
	"      --fail-on error|warning|note  lowest severity that fails (default error)\n"
	"      --werror                  treat warnings as errors\n"
	"  -S, --severity error|warning|note  hide findings below it, and do not count them\n"
	"  -q, --quiet                   --severity warning: hide notes\n"
	"      --allow-incomplete        rules that could not run for lack of an input do not\n"
	"                                make the exit status 4\n"
	"      --config-file FILE        read settings (key = value) from FILE\n"
	"      --no-project-config       do not look for a .klpcheck file\n"
	"      --color auto|always|never colour text output (default auto: only on a terminal)\n"
	"      --always-on-stack FILE    more functions that some task always sleeps in\n"
	"                                (lines: object function kernels why)\n"
	"      --assume-replace yes|no   klp_patch.replace of kpatch-build and klp-build modules whose\n"
	"                                init code does not show it (default: the tool's default, yes)\n"
	"  -v, --verbose                 say more on stderr\n"
	"\n"
	"target kernel (docs/target.md; default: found from the module's vermagic):\n"
	"      --vmlinux FILE --kallsyms FILE --system-map FILE --ftrace-functions FILE\n"
	"      --kconfig FILE --symvers FILE --sysfs DIR --existing MODULE (repeatable)\n"
	"      --target SNAPSHOT-DIR --live --release R --sysroot DIR --modules-dir DIR\n"
	"      --proc-modules FILE --modules-builtin FILE --sig-enforce FILE --lockdown FILE --btf FILE\n"
	"\n"
	"exit status, the first that applies: 3 usage error; 2 an input could not be read or the\n"
	"report not written; 1 a finding at or above --fail-on, or a suppressed refusal; 4 some\n"
	"rules could not run for lack of an input (unless --allow-incomplete); 0 clean\n";

enum {
	OPT_ENABLE = 256, OPT_DISABLE, OPT_FAIL_ON, OPT_WERROR, OPT_CONFIG_FILE, OPT_NO_PROJECT,
	OPT_COLOR, OPT_LIST_RULES, OPT_EXPLAIN, OPT_ALWAYS_ON_STACK,
	OPT_ASSUME_REPLACE, OPT_ALLOW_INCOMPLETE,
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "severity", required_argument, NULL, 'S' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "werror", no_argument, NULL, OPT_WERROR },
	{ "allow-incomplete", no_argument, NULL, OPT_ALLOW_INCOMPLETE },
	{ "config-file", required_argument, NULL, OPT_CONFIG_FILE },
	{ "no-project-config", no_argument, NULL, OPT_NO_PROJECT },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ "always-on-stack", required_argument, NULL, OPT_ALWAYS_ON_STACK },
	{ "assume-replace", required_argument, NULL, OPT_ASSUME_REPLACE },
	CLI_TARGET_LONGOPTS,
	{ NULL, 0, NULL, 0 },
};

int cli_parse_format(const char *s, enum cli_format *f)
{
	if (!strcmp(s, "text"))
		*f = FORMAT_TEXT;
	else if (!strcmp(s, "json"))
		*f = FORMAT_JSON;
	else if (!strcmp(s, "sarif"))
		*f = FORMAT_SARIF;
	else if (!strcmp(s, "codequality"))
		*f = FORMAT_CODEQUALITY;
	else
		return -1;
	return 0;
}

static void add_setting(struct cli_opts *o, const char *key, const char *value)
{
	struct cli_setting *s;

	o->settings = xrealloc(o->settings, o->nr_settings + 1, sizeof(*o->settings));
	s = &o->settings[o->nr_settings++];
	s->key = xstrdup(key);
	s->value = xstrdup(value);
	s->origin = xstrdup("command line");
}

static int parse_color(const char *s, enum cli_color *c)
{
	if (!strcmp(s, "auto"))
		*c = COLOR_AUTO;
	else if (!strcmp(s, "always"))
		*c = COLOR_ALWAYS;
	else if (!strcmp(s, "never"))
		*c = COLOR_NEVER;
	else
		return -1;
	return 0;
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("klpcheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n" CLI_TRY_HELP, stderr);
	return EXIT_USAGE;
}

int cli_usage_error(const char *reason)
{
	return usage_error("%s", reason);
}

int cli_bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	/* optopt is the short option's letter, or a long option's code (then arg names it). */
	bool letter = optopt > 0 && optopt < 128 && isalnum(optopt) && arg[1] != '-';

	if (c == ':')
		return letter ? usage_error("option '-%c' needs an argument", optopt)
			      : usage_error("option '%s' needs an argument", arg);
	if (letter)
		return usage_error("unknown option '-%c'", optopt);
	return usage_error("unknown option '%s'", arg);
}

/* Returns 0 to go on, or an exit code (EXIT_USAGE, or -1 for a clean early exit). */
static int parse_one(int c, struct cli_opts *o)
{
	switch (c) {
	case 'f':
		return cli_parse_format(optarg, &o->format) ?
			       usage_error("unknown format '%s' (text, json, sarif or codequality)", optarg) : 0;
	case 'o': o->output = optarg; return 0;
	case 'v': o->verbose++; return 0;
	case OPT_ENABLE: add_setting(o, "enable", optarg); return 0;
	case OPT_DISABLE: add_setting(o, "disable", optarg); return 0;
	case OPT_FAIL_ON: add_setting(o, "fail-on", optarg); return 0;
	case 'S': add_setting(o, "severity", optarg); return 0;
	case 'q': add_setting(o, "severity", "warning"); return 0;
	case OPT_WERROR: add_setting(o, "werror", "yes"); return 0;
	case OPT_ALLOW_INCOMPLETE: add_setting(o, "allow-incomplete", "yes"); return 0;
	case OPT_CONFIG_FILE: o->config_file = optarg; return 0;
	case OPT_NO_PROJECT: o->no_project_config = true; return 0;
	case OPT_COLOR:
		return parse_color(optarg, &o->color) ?
			       usage_error("unknown --color '%s' (auto, always or never)", optarg) : 0;
	case OPT_LIST_RULES: o->list_rules = true; return 0;
	case OPT_ALWAYS_ON_STACK: o->always_on_stack = optarg; return 0;
	case OPT_ASSUME_REPLACE:
		if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
			return usage_error("--assume-replace takes yes or no, not '%s'", optarg);
		o->assume_replace = optarg;
		return 0;
	case OPT_EXPLAIN: o->explain = optarg; return 0;
	case 'V': printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION); return -1;
	case 'h': fputs(cli_usage, stdout); return -1;
	default:
		return cli_target_opt(c, optarg, &o->target) == 0 ? 0 : usage_error("unknown option");
	}
}

int cli_parse(int argc, char **argv, struct cli_opts *o)
{
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:vhVqS:", longopts, NULL)) != -1) {
		ret = c == '?' || c == ':' ? cli_bad_option(c, argv) : parse_one(c, o);
		if (ret)
			return ret;
	}
	o->files = argv + optind;
	o->nr_files = argc - optind;
	ret = cli_target_check(&o->target);
	if (ret)
		return ret;
	if (!o->nr_files && !o->list_rules && !o->explain)
		return usage_error("no module given");
	return 0;
}

void cli_opts_release(struct cli_opts *o)
{
	for (size_t i = 0; i < o->nr_settings; i++) {
		free(o->settings[i].key);
		free(o->settings[i].value);
		free(o->settings[i].origin);
	}
	free(o->settings);
	o->settings = NULL;
	o->nr_settings = 0;
	tgt_opts_free(&o->target);
	free(o->sleepers);
	free(o->sleepers_text);
}

/*
 * File names and reasons carry bytes from outside (a path with a newline, a section name or
 * vermagic from the module): escaped like findings, so the line stays one line and no escape
 * sequence reaches the terminal.
 */
void cli_input_error(const char *file, const char *reason)
{
	fputs("klpcheck: ", stderr);
	report_put_safe(stderr, file, strlen(file), false);
	fputs(": ", stderr);
	report_put_safe(stderr, reason, strlen(reason), false);
	fputc('\n', stderr);
}

void cli_notice(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	fputs("klpcheck: ", stderr);
	if (s)
		report_put_safe(stderr, s, strlen(s), false);
	fputc('\n', stderr);
	free(s);
}

int cli_open_output(const struct cli_opts *o, FILE **out)
{
	*out = stdout;
	if (!o->output)
		return 0;
	*out = fopen(o->output, "w");
	if (!*out) {
		/* Not a misuse: the output is an input of the run that failed, as a module can. */
		fprintf(stderr, "klpcheck: %s: %s\n", o->output, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	return 0;
}

int cli_close_output(const struct cli_opts *o, FILE *out)
{
	if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
		fprintf(stderr, "klpcheck: %s: %s\n", o->output ? o->output : "stdout", strerror(errno));
		return -1;
	}
	return 0;
}

void cli_decode_opts(const struct cli_opts *o, struct lp_decode_opts *d)
{
	d->assume_replace = !o->assume_replace ? LP_ABSENT
			    : !strcmp(o->assume_replace, "yes") ? LP_YES : LP_NO;
}
