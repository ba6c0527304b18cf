/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KLP_CLI_H
#define KLP_CLI_H

#include <stdbool.h>

/* Exit codes (docs/klpcheck.1). */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_BAD_INPUT = 2,
	EXIT_USAGE = 3,
};

enum cli_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };

/* The only mutable state shared across klpcheck: what the user asked for. */
struct cli_opts {
	enum cli_format format;
	const char *output;
	int verbose;
	char **files;
	int nr_files;
};

int cli_parse_common(int argc, char **argv, struct cli_opts *o, const char *usage);
int cli_inspect(struct cli_opts *o);
/* Prints "klpcheck: FILE: reason" on stderr: the one line a bad input gets. */
void cli_input_error(const char *file, const char *reason);

#endif
