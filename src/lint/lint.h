/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rule engine: the catalog (rules/catalog.def), the context a check reads, and the
 * diagnostics it produces. Checks are pure functions of (module, patch model, target model);
 * they never print. Reports turn the diagnostics into text, JSON or SARIF.
 */
#ifndef KLP_LINT_H
#define KLP_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/model.h"
#include "klp/index.h"
#include "klp/klp.h"
#include "util/util.h"

struct target;

enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };

/* What the kernel does with the module, as a finding predicts it (docs/json.md). */
enum verdict { VERDICT_NONE, VERDICT_REFUSED, VERDICT_STUCK };

struct rule_ctx;

struct rule_def {
	const char *id;
	const char *slug;
	enum severity severity;
	enum verdict verdict;
	const char *title;
	const char *kernels;
	int (*check)(struct rule_ctx *ctx);
};

#define RULE(id, slug, sev, verdict, title, kernels, fn) RULE_##id,
enum rule_index {
#include "rules/catalog.def"
	NR_RULES
};
#undef RULE

extern const struct rule_def rule_catalog[NR_RULES];

/* ID ("KLP101"), slug ("not-livepatch-module"); NULL if none. */
const struct rule_def *rule_lookup(const char *name);
const char *severity_name(enum severity s);
const char *verdict_name(enum verdict v);

struct diag {
	const struct rule_def *rule;
	enum severity severity;
	enum verdict verdict;
	char *file;           /* as given on the command line */
	char *module;         /* module name, NULL for a file we could not read */
	char *object;         /* "vmlinux" or a module name, NULL for whole-module findings */
	char *function;
	char *section;
	uint64_t offset;
	bool has_offset;
	char *message;
	char *kernel_message; /* the line the kernel would log, when it logs one */
	const char *kernel_errno; /* "EEXIST": what finit_module() fails with; NULL unknown */
	/*
	 * What hides it, else NULL: the module's MODULE_INFO(klpcheck_allow) value, or (when
	 * suppressed_externally) "FILE:LINE: allow = ..." of a settings file.
	 */
	char *suppressed_by;
	bool suppressed_externally;
};

/*
 * What the run says about itself rather than about the module: rules that could not run, and a
 * suppressed finding the kernel acts on anyway. Never a finding (docs/json.md, "notices").
 */
enum notice_kind {
	NOTICE_INCOMPLETE,    /* rules did not run for lack of an input: exit 4 unless allowed */
	NOTICE_DEFERRED,      /* rules that no input can let run now (the kernel checks at load) */
	NOTICE_SUPPRESSED_REFUSAL, /* a suppressed finding the kernel refuses the module for */
};

struct lint_notice {
	enum notice_kind kind;
	char *file;
	char *module;
	const struct rule_def *rules[NR_RULES]; /* the rules concerned, in ID order */
	size_t nr_rules;
	char *input;   /* the missing input (NOTICE_INCOMPLETE, NOTICE_DEFERRED), else NULL */
	char *message; /* the whole sentence */
};

struct diag_list {
	struct diag *items;
	size_t len;
	size_t cap;
	struct array notices; /* struct lint_notice */
};

#define DIAG_LIST_INIT { NULL, 0, 0, ARRAY_INIT(struct lint_notice) }

const char *notice_kind_name(enum notice_kind k);
void diag_list_init(struct diag_list *l);
void diag_list_free(struct diag_list *l);
/* Appends src's findings and notices to dst, which owns them after; src is left empty. */
void diag_list_move(struct diag_list *dst, struct diag_list *src);
/* True when a notice says some rule could not run for lack of an input. */
bool diag_list_incomplete(const struct diag_list *l);
/* Frees what one diagnostic owns, not the slot it sits in. */
void diag_release(struct diag *d);
struct diag *diag_list_add(struct diag_list *l);

/* Inputs some rules could not run without, gathered so that each is said once. */
struct lint_need {
	const char *what;
	bool deferred;
	const struct rule_def *rules[NR_RULES];
	size_t nr_rules;
};

/* What a check reads. The target may be NULL or partial: checks ask before they use it. */
struct rule_ctx {
	const char *file;
	const struct obj_file *obj;
	const struct lp_patch *patch;
	const struct lp_index *funcs; /* the patch's functions by old name */
	const struct target *tgt;
	const struct rule_def *rule;
	const struct lint_opts *opts;
	struct diag_list *out;
	struct array *needs; /* struct lint_need */
};

/* A finding of the running rule at its default severity; object/function may be NULL. */
struct diag *rule_report(struct rule_ctx *c, const char *object, const char *function,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The line the kernel logs for this finding, printf-style. */
void diag_kernel_message(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * This rule could not run without the named input (a string literal). One note per input and
 * module names every rule that lacked it.
 */
void rule_needs(struct rule_ctx *c, const char *what);
/*
 * The inputs rules name with rule_needs(): one spelling each, since the notices of a module are
 * grouped by this text (one notice per missing input).
 */
#define NEED_RELEASE "the target's kernel release (--release, --vmlinux, --kconfig, --modules-dir, --target or --live)"
#define NEED_EXPORTS "the target's exports (--symvers, or the usual places for its release)"
#define NEED_CONFIG "the target's kernel config (--kconfig, --target or --live)"
#define NEED_LOADED_MODULES "the target's loaded modules (--kallsyms, --target or --live)"
#define NEED_SYMBOLS "the target's symbols (--kallsyms, --vmlinux, --system-map, --target or --live)"
#define NEED_LOADED_PATCHES "the target's loaded patches (--sysfs, --existing, --target or --live)"
#define NEED_MODULE_BUILT "a module built for the target (--modules-dir, or --existing of its release)"
#define NEED_SIG_POLICY "the target's signature policy (--kconfig, --sig-enforce, --lockdown, --target or --live)"
#define NEED_BUILTIN "the target's built-in modules (--modules-builtin, --target or --live)"
/* Like rule_needs(), for what no input can give before the module loads: not incomplete. */
void rule_deferred(struct rule_ctx *c, const char *what);
/* The target's major * 1000 + minor (6.4 is 6004), 0 when no source told its version. */
int rule_target_version(const struct rule_ctx *c);
/*
 * The kernel's KSYM_NAME_LEN on the target: 512 since 6.1, 128 before (include/linux/kallsyms.h);
 * 512 when the release is unknown. klp_init_func() refuses an old_name at least that long.
 */
size_t rule_ksym_name_len(const struct rule_ctx *c);
/* True when klp_init_func() refuses some function of o for its name's length. */
bool rule_object_has_long_name(const struct rule_ctx *c, const struct lp_object *o);

/* A function some task always has on its stack (rules/always-on-stack.def, --always-on-stack). */
struct lint_sleeper {
	const char *object;
	const char *function;
	const char *kernels;
	const char *why;
};

struct lint_opts {
	bool enabled[NR_RULES];
	enum severity fail_on;
	bool werror;
	bool allow_incomplete; /* rules that could not run do not make the exit status 4 */
	enum severity show;    /* --severity: findings below it are neither shown nor counted */
	char *allowed_by[NR_RULES]; /* "FILE:LINE: allow = ..." of a settings file; owned here */
	const struct lint_sleeper *extra_sleepers; /* from the user, owned by the caller */
	size_t nr_extra_sleepers;
};

/* The built-in list, then the user's: NULL past the end. */
const struct lint_sleeper *lint_sleeper_at(const struct lint_opts *o, size_t i);

void lint_opts_init(struct lint_opts *o);
void lint_opts_release(struct lint_opts *o);
/* Enables or disables by ID, slug or family ("KLP1xx"); -ENOENT if nothing matches. */
int lint_opts_set(struct lint_opts *o, const char *name, bool enable);
/*
 * Runs every enabled rule on one module in ID order, then applies the module's own
 * MODULE_INFO(klpcheck_allow, "KLPnnn ...") suppressions (an unused one is a note): a
 * suppressed finding stays in the list with suppressed_by set. Rules that could not run, and
 * suppressed findings the kernel refuses the module for, become out->notices.
 */
void lint_run(const struct lint_opts *o, const char *file, const struct obj_file *obj,
	      const struct lp_patch *patch, const struct target *tgt, struct diag_list *out);
/* A finding for a file that could not be read at all. */
void lint_unreadable(struct diag_list *out, const char *file, const char *reason);
/* KLP003: a module that reads fine but holds no livepatch; module is its name. */
void lint_not_a_livepatch(struct diag_list *out, const char *file, const char *module,
			  const char *reason);
/* Severity after --werror. */
enum severity lint_effective_severity(const struct lint_opts *o, const struct diag *d);
/* At or above --severity: reported (suppressed ones only in SARIF) and counted for the exit. */
bool lint_shown(const struct lint_opts *o, const struct diag *d);

#define RULE(id, slug, sev, verdict, title, kernels, fn) int fn(struct rule_ctx *ctx);
#include "rules/catalog.def"
#undef RULE

#endif
