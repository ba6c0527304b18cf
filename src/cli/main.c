// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv)
{
	struct cli_opts opts = { 0 };
	bool inspect = argc > 1 && !strcmp(argv[1], "inspect");
	bool plan = argc > 1 && !strcmp(argv[1], "plan");
	int ret;

	if (argc < 2)
		return cli_usage_error("no module given");
	if (!strcmp(argv[1], "target"))
		return cli_target(argc - 1, argv + 1);
	if (!strcmp(argv[1], "snapshot"))
		return cli_snapshot(argc - 1, argv + 1);
	ret = inspect || plan ? cli_parse(argc - 1, argv + 1, &opts) : cli_parse(argc, argv, &opts);
	if (ret == 0) {
		if (opts.list_rules)
			ret = cli_list_rules(&opts);
		else if (opts.explain)
			ret = cli_explain(opts.explain);
		else
			ret = inspect ? cli_inspect(&opts) : plan ? cli_plan(&opts) : cli_lint(&opts);
	}
	cli_opts_release(&opts);
	return ret < 0 ? EXIT_CLEAN : ret;
}

int main(int argc, char **argv)
{
	return run(argc, argv);
}
