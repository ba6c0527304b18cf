// SPDX-License-Identifier: GPL-2.0-or-later
/* Findings for people (compiler-style text) and for machines (JSON). */
#include <inttypes.h>
#include <string.h>

#include "report.h"

#define COLOR_RESET "\033[0m"

static const char *severity_color(enum severity s)
{
	switch (s) {
	case SEV_ERROR: return "\033[1;31m";
	case SEV_WARNING: return "\033[1;35m";
	case SEV_NOTE: return "\033[1;36m";
	}
	return "";
}

/*
 * Names come from the module and the target: a control byte in one must not reach the terminal
 * (an escape sequence could rewrite what the user sees), so it is printed as \xNN.
 */
void report_put_safe(FILE *out, const char *s, size_t len, bool keep_newlines)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 || ch == 0x7f) && !(keep_newlines && ch == '\n'))
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
}

static void put_safe(FILE *out, const char *s)
{
	report_put_safe(out, s, strlen(s), false);
}

/* " object:function (section+0xoff):", each part only when known. */
static void text_location(FILE *out, const struct diag *d)
{
	if (d->object) {
		fputc(' ', out);
		put_safe(out, d->object);
		if (d->function) {
			fputc(':', out);
			put_safe(out, d->function);
		}
	}
	if (d->section && d->has_offset) {
		fputs(" (", out);
		put_safe(out, d->section);
		fprintf(out, "+0x%" PRIx64 ")", d->offset);
	}
	if (d->object || (d->section && d->has_offset))
		fputc(':', out);
}

void report_findings_text(FILE *out, const struct diag_list *l, const struct lint_opts *o,
			  bool color)
{
	for (size_t i = 0; i < l->len; i++) {
		const struct diag *d = &l->items[i];
		enum severity sev = lint_effective_severity(o, d);

		if (d->suppressed_by || !lint_shown(o, d))
			continue;
		put_safe(out, d->file);
		fputc(':', out);
		text_location(out, d);
		fprintf(out, " %s%s:%s ", color ? severity_color(sev) : "", severity_name(sev),
			color ? COLOR_RESET : "");
		put_safe(out, d->message);
		fprintf(out, " [%s]\n", d->rule->id);
		if (d->kernel_message) {
			put_safe(out, d->file);
			fprintf(out, ": %snote:%s the kernel logs: ", color ? severity_color(SEV_NOTE) : "",
				color ? COLOR_RESET : "");
			put_safe(out, d->kernel_message);
			fputc('\n', out);
		}
	}
}

struct json_object *report_findings_json(const struct diag_list *l, const struct lint_opts *o)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->len; i++) {
		const struct diag *d = &l->items[i];
		struct json_object *f;

		if (d->suppressed_by || !lint_shown(o, d))
			continue;
		f = json_object_new_object();
		json_object_object_add(f, "rule", json_object_new_string(d->rule->id));
		json_object_object_add(f, "name", json_object_new_string(d->rule->slug));
		json_object_object_add(f, "severity",
				       json_object_new_string(severity_name(lint_effective_severity(o, d))));
		json_object_object_add(f, "message", report_json_string(d->message));
		json_object_object_add(f, "file", report_json_string(d->file));
		json_object_object_add(f, "module", report_json_string(d->module));
		json_object_object_add(f, "object", report_json_string(d->object));
		json_object_object_add(f, "function", report_json_string(d->function));
		json_object_object_add(f, "section", report_json_string(d->section));
		json_object_object_add(f, "offset", d->has_offset ? json_object_new_uint64(d->offset) : NULL);
		json_object_object_add(f, "kernel_message", report_json_string(d->kernel_message));
		json_object_object_add(f, "kernel_verdict", json_object_new_string(verdict_name(d->verdict)));
		json_object_object_add(f, "kernel_errno", d->kernel_errno ?
				       json_object_new_string(d->kernel_errno) : NULL);
		json_object_array_add(a, f);
	}
	return a;
}

void report_notices_text(FILE *out, const struct diag_list *l)
{
	for (size_t i = 0; i < l->notices.len; i++) {
		const struct lint_notice *n = array_at(&l->notices, struct lint_notice, i);

		fputs("klpcheck: ", out);
		put_safe(out, n->file);
		fputs(": ", out);
		put_safe(out, n->message);
		fputc('\n', out);
	}
}

struct json_object *report_notices_json(const struct diag_list *l)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->notices.len; i++) {
		const struct lint_notice *n = array_at(&l->notices, struct lint_notice, i);
		struct json_object *o = json_object_new_object(), *rules = json_object_new_array();

		json_object_object_add(o, "kind", json_object_new_string(notice_kind_name(n->kind)));
		json_object_object_add(o, "file", report_json_string(n->file));
		json_object_object_add(o, "module", report_json_string(n->module));
		for (size_t k = 0; k < n->nr_rules; k++)
			json_object_array_add(rules, json_object_new_string(n->rules[k]->id));
		json_object_object_add(o, "rules", rules);
		json_object_object_add(o, "input", report_json_string(n->input));
		json_object_object_add(o, "message", report_json_string(n->message));
		json_object_array_add(a, o);
	}
	return a;
}
