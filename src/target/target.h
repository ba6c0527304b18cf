/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The target kernel: what a livepatch module will meet when it loads. Release, architecture,
 * config, symbol tables (vmlinux and modules, in the kernel's sympos order), ftrace call sites,
 * exports (Module.symvers) and the live patch stack, filled from whichever sources the user
 * gave: a vmlinux ELF, kallsyms, System.map, available_filter_functions, a .config, a
 * Module.symvers, a /sys/kernel/livepatch tree, the patch modules already deployed, the
 * running kernel or a snapshot of it (docs/target.md).
 *
 * Every source is optional; every query says when it cannot answer (tgt_has_*(), UNKNOWN, -1).
 * Nothing read is trusted: sizes and counts are bounded, a snapshot is never left.
 *
 * Strings returned by the queries are owned by the target and live until tgt_free().
 */
#ifndef KLP_TARGET_H
#define KLP_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "klp/klp.h"
#include "util/tlayout.h"
#include "util/util.h"

enum tgt_answer { TGT_NO = 0, TGT_YES = 1, TGT_UNKNOWN = -1 };

/* Where to read the target from. Every field is optional; NULL/false/0 means "not given". */
struct tgt_opts {
	const char *vmlinux;          /* --vmlinux: ELF; only section headers and .symtab are read */
	const char *kallsyms;         /* --kallsyms: /proc/kallsyms format */
	const char *system_map;       /* --system-map */
	const char *ftrace_functions; /* --ftrace-functions: available_filter_functions format */
	const char *kconfig;          /* --kconfig: .config or config.gz */
	const char *symvers;          /* --symvers: Module.symvers (or .gz) */
	const char *sysfs;            /* --sysfs: a /sys/kernel/livepatch tree */
	const char **existing;        /* --existing, in load order */
	size_t nr_existing;
	const char *snapshot;         /* --target: a directory written by `klpcheck snapshot` */
	bool live;                    /* --live: the running kernel */
	const char *release;          /* --release: search the usual places for this release */
	const char *sysroot;          /* --sysroot: prefix for --live and --release default paths */
	const char *modules_dir;      /* --modules-dir: modules built for the target */
	const char *proc_modules;     /* --proc-modules: /proc/modules, the loaded modules */
	const char *modules_builtin;  /* --modules-builtin: modules.builtin */
	const char *sig_enforce;      /* --sig-enforce: /sys/module/module/parameters/sig_enforce */
	const char *lockdown;         /* --lockdown: /sys/kernel/security/lockdown */
	const char *btf;              /* --btf: raw BTF (/sys/kernel/btf/vmlinux), maybe compressed */
	/* Private to tgt_opts_discover(): paths it allocated and what it searched. */
	char *owned[8];
	char *notes;
};

/* True when o names no source at all (the caller may then search by the module's release). */
bool tgt_opts_empty(const struct tgt_opts *o);
/* Frees the existing[] array and what tgt_opts_discover() allocated; not the strings given. */
void tgt_opts_free(struct tgt_opts *o);

/*
 * The names a caller will look up. Symbol sources then keep only symbols with these names
 * (one pass, no table of every name): a lookup of any other name finds nothing.
 */
struct tgt_wanted;
struct tgt_wanted *tgt_wanted_new(void);
void tgt_wanted_add(struct tgt_wanted *w, const char *name) __attribute__((nonnull));
void tgt_wanted_free(struct tgt_wanted *w);

struct target;

/*
 * Reads every source o names. wanted may be NULL: load every symbol. Bad input: a negative
 * errno and one line in err that names the file.
 */
int tgt_load(const struct tgt_opts *o, const struct tgt_wanted *wanted, struct target **out,
	     struct errbuf *err) __attribute__((warn_unused_result, nonnull(1, 3)));
void tgt_free(struct target *t);

/*
 * The sources for a kernel release found in the usual places under sysroot (NULL: "/"):
 * /usr/lib/debug/boot/vmlinux-R, /usr/lib/debug/lib/modules/R/vmlinux, /boot/vmlinux-R,
 * /lib/modules/R/build/vmlinux; /boot/System.map-R; /boot/config-R, /lib/modules/R/build/.config;
 * /lib/modules/R/build/Module.symvers, /boot/symvers-R.gz. Fills the unset fields of o with
 * paths (owned by o until tgt_opts_free()) and says in tgt_sources() what was searched.
 * -EINVAL for a release that is not a plain file name component.
 */
int tgt_opts_discover(struct tgt_opts *o, const char *release, const char *sysroot,
		      struct errbuf *err) __attribute__((warn_unused_result, nonnull(1, 2)));

/* What was read: "kind: path" lines, in reading order; remarks: what is assumed or missing. */
const char *const *tgt_sources(const struct target *t, size_t *n);
const char *const *tgt_remarks(const struct target *t, size_t *n);
/* The remarks that say two sources contradict each other (the release, the version). */
const char *const *tgt_disagreements(const struct target *t, size_t *n);

/*
 * The release (uname -r) as the target's own sources state it, first of: the snapshot's or the
 * live system's osrelease, vmlinux's linux_banner, --release, the vermagic most modules built
 * for it carry (--modules-dir). Never the vermagic of the module being checked: that is what
 * the module claims, not what the target runs. NULL if unknown. Disagreements are remarks.
 */
const char *tgt_release(const struct target *t);
const char *tgt_release_source(const struct target *t); /* what stated it; NULL if unknown */
/* The release, else the version the .config header names ("6.1.190"); *source says which. */
const char *tgt_version(const struct target *t, const char **source);
const char *tgt_arch(const struct target *t);    /* uname -m style; NULL if unknown */

/* Symbols. */
enum {
	TGT_SYM_INIT = 1 << 0,    /* .init.text, or [_sinittext, _einittext) */
	TGT_SYM_NOINSTR = 1 << 1, /* [__noinstr_text_start, __noinstr_text_end) */
	TGT_SYM_ENTRY = 1 << 2,   /* [__entry_text_start, __entry_text_end) */
	TGT_SYM_CPUIDLE = 1 << 3, /* [__cpuidle_text_start, __cpuidle_text_end) */
	TGT_SYM_EXIT = 1 << 4,    /* .exit.text */
};

struct tgt_symbol {
	const char *name;
	const char *object;  /* "vmlinux" or the module name */
	const char *section; /* ELF section name; NULL when the source has none (kallsyms) */
	uint64_t addr;
	uint64_t size;       /* 0 when unknown (see size_known) */
	char type;           /* nm letter: T t D d R r B b W w V v A ... */
	unsigned char bind;  /* STB_LOCAL, STB_GLOBAL, STB_WEAK (from the letter's case otherwise) */
	bool is_function;
	bool addr_known;     /* false when kallsyms hid addresses (kptr_restrict) */
	bool size_known;     /* from the ELF, or the distance to the next vmlinux symbol */
	unsigned int flags;  /* TGT_SYM_* */
	unsigned int sympos; /* 1-based position among same-named symbols of its object */
	unsigned int nr_same; /* how many symbols of its object have that name */
};

bool tgt_has_symbols(const struct target *t, const char *objname);
/* Where the symbols of objname came from ("vmlinux ELF", "kallsyms", "System.map"), or NULL. */
const char *tgt_symbols_source(const struct target *t, const char *objname);
/*
 * All symbols named name in objname, in sympos order (the order klp_find_object_symbol()
 * counts: address order for vmlinux, symbol table order for a module). Fills at most max
 * entries of out and returns how many there are in total.
 */
size_t tgt_find_symbols(const struct target *t, const char *objname, const char *name,
			const struct tgt_symbol **out, size_t max);
/*
 * All symbols of objname whose name starts with prefix ("foo." finds the compiler clones
 * foo.isra.0, foo.part.1, ...), sorted by name; same contract as tgt_find_symbols().
 */
size_t tgt_find_prefixed(const struct target *t, const char *objname, const char *prefix,
			 const struct tgt_symbol **out, size_t max);
/* Objects with symbols ("vmlinux" first, then modules in source order). */
size_t tgt_nr_objects(const struct target *t);
const char *tgt_object_name(const struct target *t, size_t i);
size_t tgt_nr_symbols(const struct target *t, const char *objname);
const struct tgt_symbol *tgt_symbol_at(const struct target *t, const char *objname, size_t i);

/*
 * Whether ftrace_location() finds a site for sym: an mcount entry in [addr, addr + size) from
 * the vmlinux mcount range, else the name in available_filter_functions; UNKNOWN when neither.
 */
enum tgt_answer tgt_has_ftrace_site(const struct target *t, const struct tgt_symbol *sym);
/* "mcount range", "available_filter_functions" or NULL. */
const char *tgt_ftrace_source(const struct target *t, const char *objname);

/* Config: the value as written after '=' ("y", "m", "123", "\"str\""); NULL if unset. */
bool tgt_has_config(const struct target *t);
const char *tgt_config_get(const struct target *t, const char *name);
size_t tgt_config_count(const struct target *t);
bool tgt_config_at(const struct target *t, size_t i, const char **name, const char **value);

/* Exports (Module.symvers). */
struct tgt_export {
	const char *name;
	const char *module;      /* "vmlinux" or a module path as in Module.symvers */
	const char *export_type; /* EXPORT_SYMBOL, EXPORT_SYMBOL_GPL, ... */
	const char *ns;          /* namespace; NULL when none */
	uint32_t crc;
};
bool tgt_has_exports(const struct target *t);
const struct tgt_export *tgt_find_export(const struct target *t, const char *name);
size_t tgt_nr_exports(const struct target *t);
const struct tgt_export *tgt_export_at(const struct target *t, size_t i);

/* The live patch stack. */
struct tgt_live_func {
	char *name;
	long sympos;     /* as in "name,sympos"; -1 when the directory has no ",sympos" (4.0-4.4) */
};

struct tgt_live_object {
	char *name;      /* "vmlinux" or a module name */
	int patched;     /* 0/1; -1 unknown (before 6.1, or not from sysfs) */
	struct tgt_live_func *funcs;
	size_t nr_funcs;
};

struct tgt_live_patch {
	char *name;          /* sysfs directory name = module name with '_' */
	int enabled;         /* -1 unknown */
	int transition;      /* -1 unknown (before 4.12, or not from sysfs) */
	int replace;         /* -1 unknown (before 6.11 and no decoded module) */
	long stack_order;    /* 1-based, from sysfs (6.13+); -1 unknown */
	bool has_force;      /* the write-only force attribute exists (4.15+) */
	bool has_signal;     /* the write-only signal attribute exists (4.15-5.0) */
	bool from_sysfs;
	struct tgt_live_object *objects;
	size_t nr_objects;
	const struct lp_patch *decoded; /* the --existing module that matched; NULL otherwise */
	const char *decoded_path;
	const struct obj_file *decoded_obj; /* that module's ELF, for its code; NULL otherwise */
};

/*
 * Struct, union and enum layouts from the target's BTF (--btf, the snapshot's or the live
 * /sys/kernel/btf/vmlinux, or the .BTF section of --vmlinux). tgt_btf_layouts() fills at most
 * max entries of out with the types of that kind and name (a BTF may hold several; the caller
 * releases them with tl_type_release()) and returns how many it filled.
 */
bool tgt_has_btf(const struct target *t);
const char *tgt_btf_source(const struct target *t); /* NULL without BTF */
size_t tgt_btf_layouts(const struct target *t, enum tl_kind kind, const char *name,
		       struct tl_type *out, size_t max);

/*
 * sizeof(struct module) on the target (the size of .gnu.linkonce.this_module in a module built
 * for it), 0 when unknown; *from (if from) names that module.
 */
uint64_t tgt_struct_module_size(const struct target *t, const char **from);

/*
 * The vermagic string of a module built for the target (the one the loader compares with,
 * kernel/module/version.c same_magic()), NULL when unknown; *from names that module.
 */
const char *tgt_vermagic(const struct target *t, const char **from);

/*
 * The module loader's state. Whether a module of this name ('-' and '_' alike) is loaded: the
 * patches of the livepatch tree, --existing and earlier plan steps, /proc/modules, kallsyms
 * (which lists every loaded module's symbols); *from (may be NULL) names the source. UNKNOWN
 * when no source lists the loaded modules.
 */
enum tgt_answer tgt_module_loaded(const struct target *t, const char *name, const char **from);
size_t tgt_nr_loaded_modules(const struct target *t); /* read from /proc/modules; 0 if not */
const char *tgt_loaded_module_at(const struct target *t, size_t i);
/* Whether modules.builtin lists name: a module built into vmlinux. */
enum tgt_answer tgt_module_builtin(const struct target *t, const char *name);
size_t tgt_nr_builtin(const struct target *t);
/* 1 when the loader refuses unsigned modules, 0 when not, -1 unknown; *from says why. */
int tgt_sig_enforced(const struct target *t, const char **from) __attribute__((nonnull));
/* The lockdown level in force: "none", "integrity", "confidentiality"; NULL when unknown. */
const char *tgt_lockdown(const struct target *t);

bool tgt_has_live_state(const struct target *t);
/*
 * How the order was found: "sysfs stack_order", "--existing load order", "alphabetical
 * (unknown)", ... (docs/target.md); NULL without live state.
 */
const char *tgt_stack_order_source(const struct target *t);
size_t tgt_nr_live_patches(const struct target *t);
const struct tgt_live_patch *tgt_live_patch(const struct target *t, size_t i); /* oldest first */

/*
 * `klpcheck plan`: the patch as the target will have it once loaded: enabled, in transition when
 * its transition will not finish, and, when it is an atomic replace that finishes, with every
 * earlier patch retired. patch is borrowed until tgt_free().
 */
void tgt_plan_push(struct target *t, const struct lp_patch *patch, bool in_transition)
	__attribute__((nonnull));

/* What a snapshot could not capture: each is NULL, or the path that was missing or unreadable. */
struct tgt_snapshot_gaps {
	char *config;
	char *ftrace;
	char *livepatch;     /* without it no livepatch check can be made on the snapshot */
	char *struct_module; /* no module of the release to read sizeof(struct module) from */
	char *btf;           /* no /sys/kernel/btf/vmlinux: struct layouts unknown (KLP603) */
};
void tgt_snapshot_gaps_free(struct tgt_snapshot_gaps *g);

/*
 * `klpcheck plan` steps beyond load, as the kernel's sysfs and delete_module() take them. Each
 * returns NULL when the kernel would do it, else the errno it fails with ("EBUSY"), with the
 * reason in why (static text or owned by t).
 *   disable: echo 0 > /sys/kernel/livepatch/NAME/enabled (kernel/livepatch/core.c,
 *     enabled_store(), __klp_disable_patch()); 5.1+ frees the patch: its directory goes,
 *     its module stays loaded.
 *   remove: rmmod NAME (kernel/module/main.c, delete_module()): an enabled patch holds its
 *     module (klp_enable_patch() takes a reference).
 */
const char *tgt_plan_disable(struct target *t, const char *name, const char **why)
	__attribute__((nonnull));
const char *tgt_plan_remove(struct target *t, const char *name, const char **why)
	__attribute__((nonnull));

/*
 * `klpcheck snapshot`: copies what --live reads (under sysroot, NULL for "/") into dir, which
 * must not exist or be empty. Returns 0 or a negative errno with the reason in err; what it
 * could not find goes into gaps (the caller frees it).
 */
int tgt_snapshot_write(const char *dir, const char *sysroot, struct tgt_snapshot_gaps *gaps,
		       struct errbuf *err) __attribute__((warn_unused_result, nonnull(1, 3)));

#endif
