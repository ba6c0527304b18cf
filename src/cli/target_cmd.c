// SPDX-License-Identifier: GPL-2.0-or-later
/* `klpcheck target` (print what klpcheck believes about the kernel) and `klpcheck snapshot`. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"
#include "target/target.h"

static const char target_usage[] =
	"usage: klpcheck target [TARGET OPTIONS] [--symbol [OBJ:]NAME]... [--full]\n"
	"                       [--format text|json] [--output FILE]\n"
	"       klpcheck snapshot -o DIR [--sysroot DIR]\n"
	"\n"
	"target options (docs/target.md):\n"
	"  --live                   the running kernel\n"
	"  --target DIR             a directory written by `klpcheck snapshot`\n"
	"  --release R              search the usual places for kernel release R\n"
	"  --vmlinux FILE           vmlinux ELF (symbol table, .BTF)\n"
	"  --kallsyms FILE          /proc/kallsyms format\n"
	"  --system-map FILE        System.map\n"
	"  --ftrace-functions FILE  available_filter_functions format\n"
	"  --kconfig FILE           .config or config.gz\n"
	"  --symvers FILE           Module.symvers\n"
	"  --sysfs DIR              a /sys/kernel/livepatch tree\n"
	"  --existing MODULE        a deployed patch module, repeated in load order\n"
	"  --modules-dir DIR        modules built for the target (its /lib/modules/R/kernel)\n"
	"  --proc-modules FILE      /proc/modules: the loaded modules\n"
	"  --modules-builtin FILE   modules.builtin: the modules built into vmlinux\n"
	"  --sig-enforce FILE       /sys/module/module/parameters/sig_enforce (Y or N)\n"
	"  --lockdown FILE          /sys/kernel/security/lockdown\n"
	"  --btf FILE               the target's BTF (/sys/kernel/btf/vmlinux), maybe compressed\n"
	"  --sysroot DIR            prefix for --live and --release paths\n";

int cli_target_opt(int c, const char *arg, struct tgt_opts *o)
{
	switch (c) {
	case CLI_OPT_VMLINUX: o->vmlinux = arg; break;
	case CLI_OPT_KALLSYMS: o->kallsyms = arg; break;
	case CLI_OPT_SYSTEM_MAP: o->system_map = arg; break;
	case CLI_OPT_FTRACE: o->ftrace_functions = arg; break;
	case CLI_OPT_KCONFIG: o->kconfig = arg; break;
	case CLI_OPT_SYMVERS: o->symvers = arg; break;
	case CLI_OPT_SYSFS: o->sysfs = arg; break;
	case CLI_OPT_TARGET: o->snapshot = arg; break;
	case CLI_OPT_LIVE: o->live = true; break;
	case CLI_OPT_RELEASE: o->release = arg; break;
	case CLI_OPT_SYSROOT: o->sysroot = arg; break;
	case CLI_OPT_MODULES_DIR: o->modules_dir = arg; break;
	case CLI_OPT_PROC_MODULES: o->proc_modules = arg; break;
	case CLI_OPT_MODULES_BUILTIN: o->modules_builtin = arg; break;
	case CLI_OPT_SIG_ENFORCE: o->sig_enforce = arg; break;
	case CLI_OPT_LOCKDOWN: o->lockdown = arg; break;
	case CLI_OPT_BTF: o->btf = arg; break;
	case CLI_OPT_EXISTING:
		o->existing = xrealloc(o->existing, o->nr_existing + 1, sizeof(*o->existing));
		o->existing[o->nr_existing++] = arg;
		break;
	default:
		return 1;
	}
	return 0;
}

int cli_target_check(const struct tgt_opts *o)
{
	if (o->live && o->snapshot) {
		fputs("klpcheck: --live and --target both name the kernel: give one\n", stderr);
		return EXIT_USAGE;
	}
	return 0;
}

int cli_target_load(struct tgt_opts *o, const struct tgt_wanted *w, struct target **t)
{
	struct errbuf err = { "" };
	int ret;

	if (o->release && !o->live && !o->snapshot) {
		const char *rel = o->release;

		if (tgt_opts_discover(o, rel, o->sysroot, &err)) {
			cli_notice("%s", err.msg);
			return EXIT_USAGE;
		}
	}
	ret = tgt_load(o, w, t, &err);
	if (ret) {
		cli_notice("%s", err.msg);
		return EXIT_BAD_INPUT;
	}
	return 0;
}

static const char *const highlights[] = {
	"CONFIG_LIVEPATCH", "CONFIG_HAVE_RELIABLE_STACKTRACE", "CONFIG_STACKTRACE",
	"CONFIG_UNWINDER_ORC", "CONFIG_UNWINDER_FRAME_POINTER", "CONFIG_UNWINDER_GUESS",
	"CONFIG_DYNAMIC_FTRACE", "CONFIG_DYNAMIC_FTRACE_WITH_REGS",
	"CONFIG_DYNAMIC_FTRACE_WITH_ARGS", "CONFIG_KALLSYMS_ALL", "CONFIG_MODVERSIONS",
	"CONFIG_MODULE_SIG_FORCE",
};

static const char *tri(int v, const char *yes, const char *no)
{
	return v < 0 ? "unknown" : v ? yes : no;
}

static const char *answer_name(enum tgt_answer a)
{
	return a == TGT_YES ? "yes" : a == TGT_NO ? "no" : "unknown";
}

static void flags_text(unsigned int f, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s", f & TGT_SYM_INIT ? " init" : "",
		 f & TGT_SYM_EXIT ? " exit" : "", f & TGT_SYM_NOINSTR ? " noinstr" : "",
		 f & TGT_SYM_ENTRY ? " entry" : "", f & TGT_SYM_CPUIDLE ? " cpuidle" : "");
}

static size_t count_functions(const struct target *t, const char *obj)
{
	size_t n = 0, nr = tgt_nr_symbols(t, obj);

	for (size_t i = 0; i < nr; i++)
		n += tgt_symbol_at(t, obj, i)->is_function;
	return n;
}

struct lookup {
	const char *obj;
	const char *name;
};

static void symbol_text(FILE *out, const struct target *t, const struct tgt_symbol *s)
{
	char fl[64];

	flags_text(s->flags, fl, sizeof(fl));
	fprintf(out, "    %s,%u of %u  %c", s->name, s->sympos, s->nr_same, s->type);
	if (s->addr_known)
		fprintf(out, " %#" PRIx64, s->addr);
	if (s->size_known)
		fprintf(out, " size %" PRIu64, s->size);
	if (s->section)
		fprintf(out, " %s", s->section);
	fprintf(out, "%s%s ftrace site: %s\n", fl, *fl ? "," : "",
		answer_name(tgt_has_ftrace_site(t, s)));
}

static void exports_text(FILE *out, const struct target *t)
{
	size_t gpl = 0, ns = 0;

	if (!tgt_has_exports(t)) {
		fputs("exports: unknown\n", out);
		return;
	}
	for (size_t i = 0; i < tgt_nr_exports(t); i++) {
		const struct tgt_export *e = tgt_export_at(t, i);

		gpl += e->export_type && strstr(e->export_type, "_GPL") != NULL;
		ns += e->ns != NULL;
	}
	fprintf(out, "exports: %zu (%zu GPL-only, %zu in a namespace)\n", tgt_nr_exports(t), gpl, ns);
}

/* What the module loader holds against a new module besides its symbols. */
static void loader_text(FILE *out, const struct target *t, bool full)
{
	const char *from = NULL, *vm = tgt_vermagic(t, &from);
	size_t n = tgt_nr_loaded_modules(t);
	int sig;

	if (vm)
		fprintf(out, "vermagic: '%s' (from %s)\n", vm, from);
	else
		fputs("vermagic: unknown\n", out);
	sig = tgt_sig_enforced(t, &from);
	if (n) {
		fprintf(out, "loaded modules: %zu (/proc/modules)\n", n);
		for (size_t i = 0; full && i < n; i++)
			fprintf(out, "  %s\n", tgt_loaded_module_at(t, i));
	} else {
		fputs("loaded modules: unknown\n", out);
	}
	if (tgt_nr_builtin(t))
		fprintf(out, "built-in modules: %zu (modules.builtin)\n", tgt_nr_builtin(t));
	else
		fputs("built-in modules: unknown\n", out);
	fprintf(out, "signatures: %s%s%s%s\n", sig < 0 ? "unknown" : sig ? "required" : "not required",
		from ? " (" : "", from ? from : "", from ? ")" : "");
	fprintf(out, "lockdown: %s\n", tgt_lockdown(t) ? tgt_lockdown(t) : "unknown");
}

static void print_text(FILE *out, const struct target *t, const struct lookup *lk, size_t nlk,
		       bool full)
{
	const char *const *lines;
	size_t n, nobj = tgt_nr_objects(t), shown = 0;

	const char *vsrc, *version = tgt_version(t, &vsrc);

	if (tgt_release(t))
		fprintf(out, "release: %s (from %s)\n", tgt_release(t), vsrc);
	else if (version)
		fprintf(out, "release: unknown (version %s, from %s)\n", version, vsrc);
	else
		fprintf(out, "release: unknown\n");
	fprintf(out, "arch: %s\n", tgt_arch(t) ? tgt_arch(t) : "unknown");
	lines = tgt_sources(t, &n);
	fprintf(out, "sources:%s\n", n ? "" : " none");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %s\n", lines[i]);
	fprintf(out, "symbols:%s\n", nobj ? "" : " none");
	for (size_t i = 0; i < nobj; i++) {
		const char *obj = tgt_object_name(t, i), *fs = tgt_ftrace_source(t, obj);

		if (!full && i >= 10) {
			fprintf(out, "  ... %zu more modules\n", nobj - i);
			break;
		}
		fprintf(out, "  %s: %zu symbols, %zu functions, from %s; ftrace sites: %s\n", obj,
			tgt_nr_symbols(t, obj), count_functions(t, obj), tgt_symbols_source(t, obj),
			fs ? fs : "unknown");
		for (size_t j = 0; full && j < tgt_nr_symbols(t, obj); j++)
			symbol_text(out, t, tgt_symbol_at(t, obj, j));
	}
	if (tgt_has_config(t)) {
		fprintf(out, "config: %zu options set\n", tgt_config_count(t));
		for (size_t i = 0; i < ARRAY_SIZE(highlights); i++) {
			const char *v = tgt_config_get(t, highlights[i]);

			if (v)
				fprintf(out, "  %s=%s\n", highlights[i], v);
			else
				fprintf(out, "  %s is not set\n", highlights[i]);
		}
		for (size_t i = 0; full; i++) {
			const char *name, *value;

			if (!tgt_config_at(t, i, &name, &value))
				break;
			fprintf(out, "  %s=%s\n", name, value);
		}
	} else {
		fputs("config: unknown\n", out);
	}
	exports_text(out, t);
	loader_text(out, t, full);
	if (!tgt_has_live_state(t)) {
		fputs("live patches: unknown\n", out);
	} else {
		fprintf(out, "live patches: %zu (order: %s)\n", tgt_nr_live_patches(t),
			tgt_stack_order_source(t) ? tgt_stack_order_source(t) : "none");
		for (size_t i = 0; i < tgt_nr_live_patches(t); i++) {
			const struct tgt_live_patch *p = tgt_live_patch(t, i);

			fprintf(out, "  %zu. %s: enabled %s, transition %s, replace %s", i + 1, p->name,
				tri(p->enabled, "1", "0"), tri(p->transition, "1", "0"),
				tri(p->replace, "1", "0"));
			if (p->stack_order >= 0)
				fprintf(out, ", stack_order %ld", p->stack_order);
			if (p->decoded)
				fprintf(out, ", module %s", p->decoded_path);
			fputc('\n', out);
			for (size_t j = 0; j < p->nr_objects; j++) {
				const struct tgt_live_object *o = &p->objects[j];

				fprintf(out, "     %s (patched %s):", o->name, tri(o->patched, "1", "0"));
				for (size_t k = 0; k < o->nr_funcs; k++) {
					if (o->funcs[k].sympos >= 0)
						fprintf(out, " %s,%ld", o->funcs[k].name, o->funcs[k].sympos);
					else
						fprintf(out, " %s", o->funcs[k].name);
				}
				fputc('\n', out);
			}
		}
	}
	for (size_t i = 0; i < nlk; i++) {
		const struct tgt_symbol *hits[64];
		size_t nh = tgt_find_symbols(t, lk[i].obj, lk[i].name, hits, ARRAY_SIZE(hits));

		if (!tgt_has_symbols(t, lk[i].obj)) {
			fprintf(out, "symbol %s:%s: no symbols for %s\n", lk[i].obj, lk[i].name, lk[i].obj);
			continue;
		}
		fprintf(out, "symbol %s:%s: %zu found\n", lk[i].obj, lk[i].name, nh);
		for (size_t j = 0; j < nh && j < ARRAY_SIZE(hits); j++)
			symbol_text(out, t, hits[j]);
		shown++;
	}
	lines = tgt_remarks(t, &n);
	if (n)
		fputs("remarks:\n", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %s\n", lines[i]);
}

/*
 * Symbol names, the release from linux_banner and sysfs directory names come from outside:
 * the text goes through a buffer and out with control bytes escaped, as findings do.
 */
static void print_safe_text(FILE *out, const struct target *t, const struct lookup *lk,
			    size_t nlk, bool full)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem) {
		cli_notice("out of memory");
		exit(EXIT_BAD_INPUT);
	}
	print_text(mem, t, lk, nlk, full);
	fclose(mem);
	report_put_safe(out, buf, len, true);
	free(buf);
}

static struct json_object *jstr(const char *s)
{
	return s ? report_json_string(s) : NULL;
}

static struct json_object *jtri(int v)
{
	return v < 0 ? NULL : json_object_new_boolean(v);
}

static struct json_object *symbol_json(const struct target *t, const struct tgt_symbol *s)
{
	struct json_object *o = json_object_new_object(), *fl = json_object_new_array();
	char type[2] = { s->type, 0 };

	json_object_object_add(o, "name", jstr(s->name));
	json_object_object_add(o, "object", jstr(s->object));
	json_object_object_add(o, "sympos", json_object_new_int64(s->sympos));
	json_object_object_add(o, "same_name", json_object_new_int64(s->nr_same));
	json_object_object_add(o, "type", jstr(type));
	json_object_object_add(o, "function", json_object_new_boolean(s->is_function));
	json_object_object_add(o, "address", s->addr_known ? json_object_new_uint64(s->addr) : NULL);
	json_object_object_add(o, "size", s->size_known ? json_object_new_uint64(s->size) : NULL);
	json_object_object_add(o, "section", jstr(s->section));
	if (s->flags & TGT_SYM_INIT)
		json_object_array_add(fl, json_object_new_string("init"));
	if (s->flags & TGT_SYM_EXIT)
		json_object_array_add(fl, json_object_new_string("exit"));
	if (s->flags & TGT_SYM_NOINSTR)
		json_object_array_add(fl, json_object_new_string("noinstr"));
	if (s->flags & TGT_SYM_ENTRY)
		json_object_array_add(fl, json_object_new_string("entry"));
	if (s->flags & TGT_SYM_CPUIDLE)
		json_object_array_add(fl, json_object_new_string("cpuidle"));
	json_object_object_add(o, "ranges", fl);
	json_object_object_add(o, "ftrace_site",
			       json_object_new_string(answer_name(tgt_has_ftrace_site(t, s))));
	return o;
}

static struct json_object *lines_json(const char *const *l, size_t n)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, jstr(l[i]));
	return a;
}

static struct json_object *loader_json(const struct target *t)
{
	struct json_object *o = json_object_new_object(), *mods = NULL;
	const char *from = NULL, *vm = tgt_vermagic(t, &from);
	int sig;

	json_object_object_add(o, "vermagic", jstr(vm));
	if (tgt_nr_loaded_modules(t)) {
		mods = json_object_new_array();
		for (size_t i = 0; i < tgt_nr_loaded_modules(t); i++)
			json_object_array_add(mods, jstr(tgt_loaded_module_at(t, i)));
	}
	json_object_object_add(o, "loaded_modules", mods);
	json_object_object_add(o, "builtin_modules", tgt_nr_builtin(t) ?
			       json_object_new_uint64(tgt_nr_builtin(t)) : NULL);
	sig = tgt_sig_enforced(t, &from);
	json_object_object_add(o, "signatures_required", jtri(sig));
	json_object_object_add(o, "lockdown", jstr(tgt_lockdown(t)));
	return o;
}

static struct json_object *live_json(const struct target *t)
{
	struct json_object *live = json_object_new_object(), *patches = json_object_new_array();

	json_object_object_add(live, "order", jstr(tgt_stack_order_source(t)));
	for (size_t i = 0; i < tgt_nr_live_patches(t); i++) {
		const struct tgt_live_patch *p = tgt_live_patch(t, i);
		struct json_object *jp = json_object_new_object(), *objs = json_object_new_array();

		json_object_object_add(jp, "name", jstr(p->name));
		json_object_object_add(jp, "enabled", jtri(p->enabled));
		json_object_object_add(jp, "transition", jtri(p->transition));
		json_object_object_add(jp, "replace", jtri(p->replace));
		json_object_object_add(jp, "stack_order",
				       p->stack_order < 0 ? NULL : json_object_new_int64(p->stack_order));
		json_object_object_add(jp, "from_sysfs", json_object_new_boolean(p->from_sysfs));
		json_object_object_add(jp, "has_force", json_object_new_boolean(p->has_force));
		json_object_object_add(jp, "has_signal", json_object_new_boolean(p->has_signal));
		json_object_object_add(jp, "module", jstr(p->decoded_path));
		for (size_t j = 0; j < p->nr_objects; j++) {
			const struct tgt_live_object *o = &p->objects[j];
			struct json_object *jo = json_object_new_object(), *fns = json_object_new_array();

			json_object_object_add(jo, "name", jstr(o->name));
			json_object_object_add(jo, "patched", jtri(o->patched));
			for (size_t k = 0; k < o->nr_funcs; k++) {
				struct json_object *jf = json_object_new_object();

				json_object_object_add(jf, "name", jstr(o->funcs[k].name));
				json_object_object_add(jf, "sympos", o->funcs[k].sympos < 0 ? NULL :
						       json_object_new_int64(o->funcs[k].sympos));
				json_object_array_add(fns, jf);
			}
			json_object_object_add(jo, "functions", fns);
			json_object_array_add(objs, jo);
		}
		json_object_object_add(jp, "objects", objs);
		json_object_array_add(patches, jp);
	}
	json_object_object_add(live, "patches", patches);
	return live;
}

static struct json_object *build_json(const struct target *t, const struct lookup *lk,
				      size_t nlk, bool full)
{
	struct json_object *doc = json_object_new_object(), *objs = json_object_new_array(), *c;
	const char *const *lines;
	size_t n;

	const char *vsrc, *version = tgt_version(t, &vsrc);

	json_object_object_add(doc, "release", jstr(tgt_release(t)));
	json_object_object_add(doc, "version", jstr(version));
	json_object_object_add(doc, "release_source", jstr(vsrc));
	json_object_object_add(doc, "arch", jstr(tgt_arch(t)));
	lines = tgt_sources(t, &n);
	json_object_object_add(doc, "sources", lines_json(lines, n));
	for (size_t i = 0; i < tgt_nr_objects(t); i++) {
		const char *obj = tgt_object_name(t, i);
		struct json_object *jo = json_object_new_object();

		json_object_object_add(jo, "name", jstr(obj));
		json_object_object_add(jo, "source", jstr(tgt_symbols_source(t, obj)));
		json_object_object_add(jo, "symbols", json_object_new_uint64(tgt_nr_symbols(t, obj)));
		json_object_object_add(jo, "functions", json_object_new_uint64(count_functions(t, obj)));
		json_object_object_add(jo, "ftrace_source", jstr(tgt_ftrace_source(t, obj)));
		if (full) {
			struct json_object *all = json_object_new_array();

			for (size_t j = 0; j < tgt_nr_symbols(t, obj); j++)
				json_object_array_add(all, symbol_json(t, tgt_symbol_at(t, obj, j)));
			json_object_object_add(jo, "symbol_table", all);
		}
		json_object_array_add(objs, jo);
	}
	json_object_object_add(doc, "objects", objs);
	if (tgt_has_config(t)) {
		struct json_object *hl = json_object_new_object();

		c = json_object_new_object();
		json_object_object_add(c, "count", json_object_new_uint64(tgt_config_count(t)));
		for (size_t i = 0; i < ARRAY_SIZE(highlights); i++)
			json_object_object_add(hl, highlights[i], jstr(tgt_config_get(t, highlights[i])));
		json_object_object_add(c, "highlights", hl);
		if (full) {
			struct json_object *all = json_object_new_object();
			const char *name, *value;

			for (size_t i = 0; tgt_config_at(t, i, &name, &value); i++)
				json_object_object_add(all, name, jstr(value));
			json_object_object_add(c, "all", all);
		}
		json_object_object_add(doc, "config", c);
	} else {
		json_object_object_add(doc, "config", NULL);
	}
	if (tgt_has_exports(t)) {
		c = json_object_new_object();
		json_object_object_add(c, "count", json_object_new_uint64(tgt_nr_exports(t)));
		json_object_object_add(doc, "exports", c);
	} else {
		json_object_object_add(doc, "exports", NULL);
	}
	json_object_object_add(doc, "live", tgt_has_live_state(t) ? live_json(t) : NULL);
	json_object_object_add(doc, "loader", loader_json(t));
	if (nlk) {
		struct json_object *jl = json_object_new_array();

		for (size_t i = 0; i < nlk; i++) {
			const struct tgt_symbol *hits[64];
			size_t nh = tgt_find_symbols(t, lk[i].obj, lk[i].name, hits, ARRAY_SIZE(hits));
			struct json_object *e = json_object_new_object(), *a = json_object_new_array();

			json_object_object_add(e, "object", jstr(lk[i].obj));
			json_object_object_add(e, "name", jstr(lk[i].name));
			json_object_object_add(e, "known", json_object_new_boolean(tgt_has_symbols(t, lk[i].obj)));
			json_object_object_add(e, "count", json_object_new_uint64(nh));
			for (size_t j = 0; j < nh && j < ARRAY_SIZE(hits); j++)
				json_object_array_add(a, symbol_json(t, hits[j]));
			json_object_object_add(e, "symbols", a);
			json_object_array_add(jl, e);
		}
		json_object_object_add(doc, "lookups", jl);
	}
	lines = tgt_remarks(t, &n);
	json_object_object_add(doc, "remarks", lines_json(lines, n));
	return doc;
}

int cli_target(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TARGET_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "symbol", required_argument, NULL, 's' },
		{ "full", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = FORMAT_TEXT;
	struct tgt_opts opts = { 0 };
	struct tgt_wanted *w = NULL;
	struct lookup *lk = NULL;
	const char *output = NULL;
	struct target *t = NULL;
	size_t nlk = 0;
	bool full = false;
	FILE *out = stdout;
	int c, ret = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:s:h", longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			ret = cli_bad_option(c, argv);
			goto out;
		}
		if (!cli_target_opt(c, optarg, &opts))
			continue;
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				format = FORMAT_JSON;
			else {
				fprintf(stderr, "klpcheck: target prints text or json, not '%s'\n", optarg);
				ret = EXIT_USAGE;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 's': {
			const char *colon = strchr(optarg, ':');

			lk = xrealloc(lk, nlk + 1, sizeof(*lk));
			lk[nlk].obj = colon ? xstrndup(optarg, (size_t)(colon - optarg)) : xstrdup("vmlinux");
			lk[nlk].name = colon ? colon + 1 : optarg;
			if (!w)
				w = tgt_wanted_new();
			tgt_wanted_add(w, lk[nlk].name);
			nlk++;
			break;
		}
		case 'F':
			full = true;
			break;
		case 'h':
			fputs(target_usage, stdout);
			ret = -1;
			break;
		default:
			ret = cli_usage_error("unknown option");
		}
		if (ret)
			goto out;
	}
	if (optind < argc) {
		fprintf(stderr, "klpcheck: target takes no operand ('%s')\n" CLI_TRY_HELP, argv[optind]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (tgt_opts_empty(&opts)) {
		ret = cli_usage_error("no target given (--live, --target DIR, --release R or files)");
		goto out;
	}
	if (full && w) {
		tgt_wanted_free(w); /* --full lists everything: load everything */
		w = NULL;
	}
	ret = cli_target_check(&opts);
	if (!ret)
		ret = cli_target_load(&opts, w, &t);
	if (ret)
		goto out;
	if (output && !(out = fopen(output, "w"))) {
		fprintf(stderr, "klpcheck: %s: %s\n", output, strerror(errno));
		out = stdout;
		ret = EXIT_BAD_INPUT;
		goto out;
	}
	if (format == FORMAT_JSON) {
		struct json_object *doc = report_json_document("target", build_json(t, lk, nlk, full));

		report_json_print(out, doc);
		json_object_put(doc);
	} else {
		print_safe_text(out, t, lk, nlk, full);
	}
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, "klpcheck: %s: %s\n", output, strerror(errno));
		ret = EXIT_BAD_INPUT;
	}
out:
	for (size_t i = 0; i < nlk; i++)
		free((char *)lk[i].obj);
	free(lk);
	tgt_wanted_free(w);
	tgt_free(t);
	tgt_opts_free(&opts);
	return ret < 0 ? 0 : ret;
}

/* One line for each part the snapshot lacks, and what checking against it then misses. */
static void say_gaps(const struct tgt_snapshot_gaps *g)
{
	if (g->config)
		fprintf(stderr, "klpcheck: snapshot: no kernel config (%s): the rules that read it will not run\n",
			g->config);
	if (g->ftrace)
		fprintf(stderr, "klpcheck: snapshot: no ftrace function list (%s): whether a function can be patched is not known\n",
			g->ftrace);
	if (g->struct_module)
		fprintf(stderr, "klpcheck: snapshot: no module of the release in %s: the size of struct module is not known\n",
			g->struct_module);
	if (g->btf)
		fprintf(stderr, "klpcheck: snapshot: no BTF (%s): the struct layouts of the kernel are not known\n",
			g->btf);
	if (g->livepatch)
		fprintf(stderr, "klpcheck: snapshot: no livepatch tree (%s): this kernel has no CONFIG_LIVEPATCH or no sysfs, so no livepatch check can use the snapshot\n",
			g->livepatch);
}

int cli_snapshot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "sysroot", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *sysroot = NULL;
	struct tgt_snapshot_gaps gaps = { 0 };
	struct errbuf err = { "" };
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case '?':
		case ':':
			return cli_bad_option(c, argv);
		case 'o':
			dir = optarg;
			break;
		case 'r':
			sysroot = optarg;
			break;
		case 'h':
			fputs(target_usage, stdout);
			return 0;
		default:
			return cli_usage_error("unknown option");
		}
	}
	if (!dir || optind < argc)
		return cli_usage_error("snapshot needs -o DIR and nothing else");
	ret = tgt_snapshot_write(dir, sysroot, &gaps, &err);
	if (ret) {
		cli_notice("%s", err.msg);
		tgt_snapshot_gaps_free(&gaps);
		return EXIT_BAD_INPUT;
	}
	say_gaps(&gaps);
	cli_notice("snapshot written to %s", dir);
	/* A kernel without the livepatch tree cannot load a patch: nothing to check against. */
	ret = gaps.livepatch ? EXIT_BAD_INPUT : 0;
	tgt_snapshot_gaps_free(&gaps);
	return ret;
}
