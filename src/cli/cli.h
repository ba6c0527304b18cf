/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KLP_CLI_H
#define KLP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lint/lint.h"
#include "target/target.h"

struct json_object;

/* Exit codes (docs/klpcheck.1). */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_BAD_INPUT = 2,
	EXIT_USAGE = 3,
	EXIT_INCOMPLETE = 4,
};

enum cli_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_CODEQUALITY };
enum cli_color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* A setting from the command line or a config file, applied in order. */
struct cli_setting {
	char *key;
	char *value;
	char *origin; /* "command line" or "FILE:LINE" */
};

/* The only mutable state shared across klpcheck: what the user asked for. */
struct cli_opts {
	enum cli_format format;
	enum cli_color color;
	const char *output;
	const char *config_file;
	bool no_project_config;
	bool list_rules;
	bool no_livepatch_is_finding; /* the check: a module without a patch is KLP003, not bad input */
	const char *explain;
	int verbose;
	struct cli_setting *settings; /* --enable, --disable, --fail-on, --werror, in order */
	size_t nr_settings;
	struct tgt_opts target;       /* --vmlinux, --kallsyms, ... (docs/target.md) */
	const char *always_on_stack;  /* --always-on-stack FILE */
	const char *assume_replace;   /* --assume-replace yes|no, NULL when not given */
	struct lint_sleeper *sleepers; /* read from it; strings in sleepers_text */
	size_t nr_sleepers;
	unsigned char *sleepers_text;
	char **files;
	int nr_files;
};

extern const char cli_usage[];
#define CLI_TRY_HELP "Try 'klpcheck --help' for more information.\n"
/* "klpcheck: REASON" and the line that points to --help, on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *reason);
/* For a getopt_long() run with opterr = 0 and ':' first: says what it rejected (c '?' or ':'). */
int cli_bad_option(int c, char **argv);

/* A module given on the command line, decoded. */
struct cli_module {
	const char *file;
	struct obj_file *obj;
	struct lp_patch *patch;
};

/* Decodes every file; false when one could not be read (it said why on stderr). */
bool cli_decode_modules(const struct cli_opts *o, struct cli_module **mods, size_t *n,
			struct diag_list *diags);
void cli_modules_free(struct cli_module *mods, size_t n);
/* The target from the options, or the usual places for the first module's release; NULL if none. */
int cli_load_target(struct cli_opts *o, const struct cli_module *mods, size_t n,
		    struct target **tgt);
/*
 * The exit status of a check (docs/klpcheck.1, EXIT STATUS): 2 when an input could not be read,
 * else 1 for a finding at or above --fail-on or a suppressed refusal, else 4 when rules could
 * not run and --allow-incomplete was not given, else 0. Usage errors (3) come before any check.
 */
int cli_exit_status(const struct lint_opts *lo, const struct diag_list *diags, bool unreadable);
/* The one line that explains an exit status of 4 on stderr. */
void cli_say_incomplete(int status);
/* The JSON document of a check or plan, with the run's "notices" array. */
struct json_object *cli_json_document(const char *key, struct json_object *value,
				      const struct diag_list *diags);
bool cli_use_color(const struct cli_opts *o, FILE *out);
int cli_plan(struct cli_opts *o);

int cli_parse(int argc, char **argv, struct cli_opts *o);
void cli_opts_release(struct cli_opts *o);
int cli_inspect(struct cli_opts *o);
int cli_lint(struct cli_opts *o);
/* --list-rules: text columns, or a JSON document with key "rules" (docs/json.md). */
int cli_list_rules(const struct cli_opts *o);
int cli_explain(const char *name);
/*
 * Builds the rule options: defaults, then the project's .klpcheck (found upward from the first
 * module), then --config-file, then the command line. Returns 0 or EXIT_USAGE (with a message).
 */
int cli_lint_opts(struct cli_opts *o, struct lint_opts *lo);
int cli_parse_format(const char *s, enum cli_format *f);
/* What the decoder is told (--assume-replace). */
void cli_decode_opts(const struct cli_opts *o, struct lp_decode_opts *d);
/*
 * Prints "klpcheck: FILE: reason" on stderr: the one line a bad input gets, control bytes
 * (newlines too) escaped as \xNN.
 */
void cli_input_error(const char *file, const char *reason);
/* "klpcheck: MESSAGE" on stderr, escaped the same way: notices and runtime errors. */
void cli_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_open_output(const struct cli_opts *o, FILE **out);
int cli_close_output(const struct cli_opts *o, FILE *out);

/*
 * The target options (docs/target.md), for every command that reads a target kernel: put
 * CLI_TARGET_LONGOPTS in the getopt_long table, pass each option to cli_target_opt() (0: it
 * was a target option), then cli_target_check() and cli_target_load() (src/cli/target_cmd.c).
 */
struct tgt_opts;
struct tgt_wanted;
struct target;
enum {
	CLI_OPT_VMLINUX = 0x1000, CLI_OPT_KALLSYMS, CLI_OPT_SYSTEM_MAP, CLI_OPT_FTRACE,
	CLI_OPT_KCONFIG, CLI_OPT_SYMVERS, CLI_OPT_SYSFS, CLI_OPT_EXISTING, CLI_OPT_TARGET,
	CLI_OPT_LIVE, CLI_OPT_RELEASE, CLI_OPT_SYSROOT, CLI_OPT_MODULES_DIR, CLI_OPT_PROC_MODULES,
	CLI_OPT_MODULES_BUILTIN, CLI_OPT_SIG_ENFORCE, CLI_OPT_LOCKDOWN,
	CLI_OPT_BTF,
};
#define CLI_TARGET_LONGOPTS                                                     \
	{ "vmlinux", required_argument, NULL, CLI_OPT_VMLINUX },                \
	{ "kallsyms", required_argument, NULL, CLI_OPT_KALLSYMS },              \
	{ "system-map", required_argument, NULL, CLI_OPT_SYSTEM_MAP },          \
	{ "ftrace-functions", required_argument, NULL, CLI_OPT_FTRACE },        \
	{ "kconfig", required_argument, NULL, CLI_OPT_KCONFIG },                \
	{ "symvers", required_argument, NULL, CLI_OPT_SYMVERS },                \
	{ "sysfs", required_argument, NULL, CLI_OPT_SYSFS },                    \
	{ "existing", required_argument, NULL, CLI_OPT_EXISTING },              \
	{ "target", required_argument, NULL, CLI_OPT_TARGET },                  \
	{ "live", no_argument, NULL, CLI_OPT_LIVE },                            \
	{ "release", required_argument, NULL, CLI_OPT_RELEASE },                \
	{ "sysroot", required_argument, NULL, CLI_OPT_SYSROOT },                \
	{ "modules-dir", required_argument, NULL, CLI_OPT_MODULES_DIR },        \
	{ "proc-modules", required_argument, NULL, CLI_OPT_PROC_MODULES },      \
	{ "modules-builtin", required_argument, NULL, CLI_OPT_MODULES_BUILTIN }, \
	{ "sig-enforce", required_argument, NULL, CLI_OPT_SIG_ENFORCE },        \
	{ "lockdown", required_argument, NULL, CLI_OPT_LOCKDOWN },              \
	{ "btf", required_argument, NULL, CLI_OPT_BTF }
int cli_target_opt(int c, const char *arg, struct tgt_opts *o);
int cli_target_check(const struct tgt_opts *o);
/* --release R (or a caller's tgt_opts_discover()) then tgt_load(); EXIT_* on failure. */
int cli_target_load(struct tgt_opts *o, const struct tgt_wanted *w, struct target **t);
int cli_target(int argc, char **argv);
int cli_snapshot(int argc, char **argv);

#endif
