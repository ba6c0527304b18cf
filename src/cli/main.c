// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: klpcheck inspect [--format text|json] [--output FILE] MODULE...\n"
	"       klpcheck --version | --help\n"
	"\n"
	"  inspect   decode the livepatch inside each module and print it\n"
	"\n"
	"exit status: 0 success, 2 an input could not be processed, 3 usage error\n";

int main(int argc, char **argv)
{
	struct cli_opts opts = { 0 };
	int ret;

	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "inspect")) {
		ret = cli_parse_common(argc - 1, argv + 1, &opts, usage);
		return ret ? ret : cli_inspect(&opts);
	}
	fprintf(stderr, "klpcheck: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
