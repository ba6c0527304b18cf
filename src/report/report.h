/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output for people and machines. Nothing else in klpcheck writes to stdout. */
#ifndef KLP_REPORT_H
#define KLP_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "klp/klp.h"
#include "lint/lint.h"

/*
 * A JSON string from untrusted bytes (symbol names come from the module): invalid UTF-8 is
 * replaced by U+FFFD; json-c escapes control bytes when it prints. NULL gives JSON null.
 */
struct json_object *report_json_string(const char *s);

/* Writes len bytes of s with control bytes (newlines too, unless kept) as \xNN. */
void report_put_safe(FILE *out, const char *s, size_t len, bool keep_newlines);

/* `klpcheck inspect`: the decoded patch. */
void report_inspect_text(FILE *out, const char *file, const struct lp_patch *p);
struct json_object *report_inspect_json(const char *file, const struct lp_patch *p);
/* The envelope every JSON document shares: { "version", "tool", <key>: value }. */
struct json_object *report_json_document(const char *key, struct json_object *value);
int report_json_print(FILE *out, struct json_object *doc);
/* FNV-1a over the parts (NULL counts as empty), as 16 hex digits: stable across runs and machines. */
char *report_fingerprint(const char *const *parts, size_t n);
/*
 * One fingerprint per finding of l, as "HASH:N": the hash of rule, module, object and function
 * (not the message, so rewording keeps it), N its occurrence among findings with that hash.
 * The caller frees each string and the array.
 */
char **report_fingerprints(const struct diag_list *l);

/* Lint findings. */
void report_findings_text(FILE *out, const struct diag_list *l, const struct lint_opts *o,
			  bool color);
/* Suppressed findings are left out of both (SARIF carries them, with their suppression). */
struct json_object *report_findings_json(const struct diag_list *l, const struct lint_opts *o);
/* The run's notices: one "klpcheck: FILE: message" line each (stderr), or a JSON array. */
void report_notices_text(FILE *out, const struct diag_list *l);
struct json_object *report_notices_json(const struct diag_list *l);
/*
 * SARIF 2.1.0: a run with the catalog's rules, a result per finding (suppressed ones carry
 * suppressions[]) and one invocation with the notices; exit_code is the run's exit status
 * (executionSuccessful when it is 0 or 1).
 */
struct json_object *report_sarif(const struct diag_list *l, const struct lint_opts *o, int exit_code);
/* GitLab Code Quality: a JSON array of issues (docs/ci.md). */
struct json_object *report_codequality(const struct diag_list *l, const struct lint_opts *o);

#endif
