// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The target's file parsers on outside bytes: the first byte picks the option the rest is given
 * to (0 --kallsyms, 1 --system-map, 2 --ftrace-functions, 3 --kconfig, 4 --symvers,
 * 5 --vmlinux, 6 kallsyms with a wanted-name filter, 9 an --existing module), then tgt_load()
 * reads it and the queries walk what it built; 7 and 8 run `klpcheck target --kallsyms FILE
 * --full` and `--ftrace-functions FILE --full` instead, so the text output (escaped) runs too.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "target/target.h"
#include "fuzz.h"

/* klpcheck target OPTION FILE --full, output and errors to /dev/null. */
static void run_target_command(const char *option, const char *path)
{
	char *argv[] = { "target", (char *)option, (char *)path, "--full", "-o", "/dev/null", NULL };
	FILE *saved = stderr, *null = fopen("/dev/null", "w");

	if (!null)
		return;
	stderr = null;
	cli_target(6, argv);
	stderr = saved;
	fclose(null);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tgt_opts o = { 0 };
	struct tgt_wanted *w = NULL;
	struct target *t;
	struct errbuf err;
	char path[64];
	int fd;

	if (size < 1)
		return 0;
	fd = fuzz_memfd("fuzz-target", data + 1, size - 1, path, sizeof(path));
	switch (data[0] % 10) {
	case 7: run_target_command("--kallsyms", path); goto out;
	case 8: run_target_command("--ftrace-functions", path); goto out;
	case 9: o.existing = xcalloc(1, sizeof(*o.existing)); o.existing[0] = path; o.nr_existing = 1; break;
	case 0: o.kallsyms = path; break;
	case 1: o.system_map = path; break;
	case 2: o.ftrace_functions = path; break;
	case 3: o.kconfig = path; break;
	case 4: o.symvers = path; break;
	case 5: o.vmlinux = path; break;
	case 6: /* kallsyms keeping only a few names, as lint asks */
		o.kallsyms = path;
		w = tgt_wanted_new();
		tgt_wanted_add(w, "cmdline_proc_show");
		tgt_wanted_add(w, "klpc_helper");
		break;
	}
	if (tgt_load(&o, w, &t, &err) == 0) {
		const struct tgt_symbol *s[4];

		for (size_t i = 0; i < tgt_nr_objects(t); i++) {
			const char *obj = tgt_object_name(t, i);

			for (size_t j = 0; j < tgt_nr_symbols(t, obj); j++)
				tgt_has_ftrace_site(t, tgt_symbol_at(t, obj, j));
			tgt_find_symbols(t, obj, "cmdline_proc_show", s, 4);
		}
		tgt_config_get(t, "CONFIG_LIVEPATCH");
		tgt_find_export(t, "printk");
		tgt_free(t);
	}
	tgt_wanted_free(w);
	tgt_opts_free(&o);
out:
	close(fd);
	return 0;
}
