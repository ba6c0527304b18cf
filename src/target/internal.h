/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to src/target: the model behind struct target and the readers that fill it. */
#ifndef KLP_TARGET_INTERNAL_H
#define KLP_TARGET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "target.h"
#include "util/strmap.h"

/* Bounds on what we read: far above any real kernel, far below what would exhaust memory. */
#define TGT_MAX_KALLSYMS (256UL << 20)  /* 6.12 with many modules: ~15 MiB */
#define TGT_MAX_SYSTEM_MAP (256UL << 20)
#define TGT_MAX_FTRACE (128UL << 20)    /* ~2 MiB on Debian 6.1 */
#define TGT_MAX_CONFIG (32UL << 20)     /* ~250 KiB */
#define TGT_MAX_SYMVERS (128UL << 20)   /* ~1.5 MiB */
#define TGT_MAX_BTF (256UL << 20)       /* /sys/kernel/btf/vmlinux: ~5 MiB on 6.12 */
#define TGT_MAX_ATTR 4096               /* a sysfs attribute is at most one page */
#define TGT_MAX_SMALL 4096              /* osrelease, machine, format marker */
#define TGT_MAX_PATCHES 4096
#define TGT_MAX_OBJECTS 4096            /* per patch */
#define TGT_MAX_FUNCS 65536             /* per object */
#define TGT_MAX_SYSFS_ENTRIES 1000000   /* whole tree */
/*
 * Work, not only bytes (docs/limits.md): 256 MiB of one-character lines would be 40 million
 * symbols, 3 GiB of tables. The Debian 6.12 guest of tests/kernel has 163,205 kallsyms lines
 * and 42,862 ftrace functions (testdata/kernel/6.12).
 */
#define TGT_MAX_SYMBOLS 4000000         /* lines of one kallsyms, System.map or vmlinux .symtab */
#define TGT_MAX_FTRACE_ENTRIES 4000000  /* lines of available_filter_functions */
#define TGT_MAX_MODULES 65536           /* objects named in kallsyms and the ftrace list (Debian 6.1 ships ~4000) */
#define TGT_MAX_EXISTING_BYTES (512UL << 20) /* all --existing modules together, decompressed */

/* The marker symbols every symbol source looks for, whatever the caller wants. */
enum tgt_marker {
	MK_NOINSTR_START, MK_NOINSTR_END, MK_ENTRY_START, MK_ENTRY_END, MK_CPUIDLE_START,
	MK_CPUIDLE_END, MK_SINITTEXT, MK_EINITTEXT, MK_MCOUNT_START, MK_MCOUNT_STOP,
	MK_LINUX_BANNER, MK_SDATA, MK_EDATA, MK_RELOC_KERNEL_START, MK_RELOC_KERNEL_END, MK_NR,
};

struct tgt_ftrace_entry {
	const char *name;
	uint64_t addr;
	bool has_addr;
};

struct tgt_objsyms {
	char *name;
	const char *source;
	struct array syms;                /* struct tgt_symbol, in source order */
	const struct tgt_symbol **by_name; /* sorted by name, then sympos */
	struct array ftrace;              /* struct tgt_ftrace_entry, then sorted by name */
	uint64_t *mcount;                 /* sorted ftrace site addresses (vmlinux ELF only) */
	size_t nr_mcount;
	bool has_mcount;
};

struct tgt_config_entry {
	const char *name;
	const char *value;
};

struct target {
	char *release;
	char *release_source;  /* what stated it ("vmlinux linux_banner", ...); NULL when no release */
	char *config_version;  /* "6.1.190" from the .config header; NULL when it has none */
	char *arch;
	struct array sources;  /* char * */
	struct array remarks;  /* char * */
	struct array disagree; /* char *: sources that contradict each other (also in remarks) */
	struct array objects;  /* struct tgt_objsyms * */
	struct strmap object_index; /* name -> (size_t)(struct tgt_objsyms *) */
	struct array sourced;  /* const struct tgt_objsyms *: the objects with symbols, in order */
	struct array bufs;     /* void *: owned file contents that names point into */
	/* vmlinux ELF, kept mapped: names point into its string table. */
	void *elf;
	int elf_fd;
	bool has_ftrace_list;
	bool has_config;
	struct array config;   /* struct tgt_config_entry, sorted */
	bool has_exports;
	struct array exports;  /* struct tgt_export, sorted */
	bool has_live;
	const char *stack_order_source;
	struct array live;     /* struct tgt_live_patch */
	/* --existing modules: kept open, the decoded patches borrow from them. */
	struct array existing; /* struct tgt_existing */
	struct tgt_btf *btf;         /* NULL: no BTF given */
	uint64_t struct_module_size; /* 0: unknown */
	char *struct_module_from;    /* the module it was read off */
	char *vermagic;              /* vermagic of a module built for the target; NULL unknown */
	char *vermagic_from;
	/* loader.c: the module loader's state */
	bool has_loaded;       /* /proc/modules was read */
	struct array loaded;   /* char *, the kernel's names ('_' for '-') */
	struct strmap loaded_map;
	bool has_builtin;
	struct array builtin;  /* char *, from modules.builtin */
	struct strmap builtin_map;
	int sig_enforce;       /* module.sig_enforce: 1, 0, -1 unknown */
	char *sig_from;
	const char *lockdown;  /* "none", "integrity", "confidentiality"; NULL unknown */
	struct array removed;  /* char *: modules a plan step unloaded */
	struct strmap removed_map;
};

struct tgt_existing {
	char *path;
	struct obj_file *obj;
	struct lp_patch *patch;
	bool matched;
};

/* A file read whole: at dirfd/name (AT_FDCWD for a plain path), never past max bytes. */
struct tgt_file {
	int dirfd;          /* AT_FDCWD, or a directory the name must stay in */
	const char *name;   /* relative to dirfd; one component when nofollow */
	const char *shown;  /* what error messages call it */
	bool nofollow;      /* refuse a symlink (snapshot and sysfs trees) */
};
int tgt_read_file(const struct tgt_file *f, size_t max, char **buf, size_t *len,
		  struct errbuf *err) __attribute__((warn_unused_result));
/*
 * tgt_read_file(), then the decompressed text when the file is gzip, xz or zstd (config.gz,
 * kallsyms.xz), capped at max; the text is kept by t until tgt_free().
 */
int tgt_read_kept(struct target *t, const struct tgt_file *f, size_t max, char **buf, size_t *len,
		  struct errbuf *err) __attribute__((warn_unused_result));

/* target.c */
/* modules.c: sizeof(struct module) from a module built for the target. */
int tgt_read_modules_dir(struct target *t, const char *dir, struct errbuf *err)
	__attribute__((warn_unused_result));
void tgt_struct_module_from_existing(struct target *t);
/*
 * The release most of the modules under dir were built for (first word of vermagic, of the few
 * modules looked at); *agree of *seen agree with it. NULL when none has a vermagic.
 */
char *tgt_modules_release(const char *dir, size_t *agree, size_t *seen);
/* Takes the release from what stated it, or says that it disagrees with the one taken. */
void tgt_offer_release(struct target *t, const char *release, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * The struct module size of release's modules under dir (*from: the module, *vermagic: its
 * vermagic, both allocated), 0 if none.
 */
uint64_t tgt_struct_module_in(const char *dir, const char *release, char **from, char **vermagic);

void tgt_add_source(struct target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tgt_add_remark(struct target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tgt_keep_buf(struct target *t, void *buf);
struct tgt_objsyms *tgt_object(struct target *t, const char *name, bool create);
void tgt_set_arch_from_machine(struct target *t, const char *machine);

/* symbols.c */
bool tgt_wanted_has(const struct tgt_wanted *w, const char *name);
int tgt_marker_lookup(const char *name);
int tgt_read_vmlinux(struct target *t, const char *path, const struct tgt_wanted *w,
		     struct errbuf *err) __attribute__((warn_unused_result));
/* kallsyms (modules allowed) or System.map (vmlinux only); vmlinux_too: fill "vmlinux". */
int tgt_read_kallsyms(struct target *t, const struct tgt_file *f, bool system_map,
		      bool vmlinux_too, bool modules_too, const struct tgt_wanted *w,
		      struct errbuf *err) __attribute__((warn_unused_result));
int tgt_read_ftrace(struct target *t, const struct tgt_file *f, const struct tgt_wanted *w,
		    struct errbuf *err) __attribute__((warn_unused_result));
void tgt_index_symbols(struct target *t);
void tgt_objsyms_free(struct tgt_objsyms *o);

/* kconfig.c */
int tgt_read_config(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));
int tgt_read_symvers(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));

/* loader.c */
int tgt_read_proc_modules(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));
int tgt_read_builtin(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));
int tgt_read_sig_enforce(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));
int tgt_read_lockdown(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));
void tgt_loader_free(struct target *t);
/* A plan step unloaded this module: no source says it is loaded any more. */
void tgt_mark_removed(struct target *t, const char *name);
bool tgt_is_removed(const struct target *t, const char *key);

/* sysfs.c: reads a livepatch tree at dirfd/name (AT_FDCWD + a path, or inside a snapshot). */
int tgt_read_sysfs(struct target *t, int dirfd, const char *name, const char *shown,
		   bool follow_root, struct errbuf *err) __attribute__((warn_unused_result));
int tgt_read_existing(struct target *t, const char *const *paths, size_t n, struct errbuf *err)
	__attribute__((warn_unused_result));
void tgt_order_stack(struct target *t);
void tgt_live_free(struct target *t);

/* btf.c: the target's BTF, raw (sysfs, snapshot, --btf) or the .BTF of a vmlinux ELF. */
struct tgt_btf;
int tgt_read_btf(struct target *t, const struct tgt_file *f, struct errbuf *err)
	__attribute__((warn_unused_result));
int tgt_read_vmlinux_btf(struct target *t, const char *path, struct errbuf *err)
	__attribute__((warn_unused_result));
void tgt_btf_free(struct tgt_btf *b);

/* snapshot.c */
#define TGT_SNAPSHOT_MAGIC "klpcheck-snapshot 1\n"
bool tgt_name_is_safe(const char *name);

#endif
