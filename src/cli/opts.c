// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int parse_format(const char *s, enum cli_format *f)
{
	if (!strcmp(s, "text"))
		*f = FORMAT_TEXT;
	else if (!strcmp(s, "json"))
		*f = FORMAT_JSON;
	else if (!strcmp(s, "sarif"))
		*f = FORMAT_SARIF;
	else
		return -1;
	return 0;
}

int cli_parse_common(int argc, char **argv, struct cli_opts *o, const char *usage)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:v", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_format(optarg, &o->format)) {
				fprintf(stderr, "klpcheck: unknown format '%s' (text, json or sarif)\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'v':
			o->verbose++;
			break;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	o->files = argv + optind;
	o->nr_files = argc - optind;
	if (!o->nr_files) {
		fprintf(stderr, "klpcheck: no module given\n%s", usage);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_input_error(const char *file, const char *reason)
{
	fprintf(stderr, "klpcheck: %s: %s\n", file, reason);
}
