// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SARIF 2.1.0 (OASIS), as code-scanning services read it: rule metadata from the catalog,
 * one result per finding, and partialFingerprints so that the same finding in the next run
 * is recognised as the same alert.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* What GitHub shows for a rule: the first paragraph of its page, and the page. */
struct rule_page {
	const char *description;
	const char *markdown;
};

#define RULE_PAGE(id, desc, md) [RULE_##id] = { desc, md },
static const struct rule_page rule_pages[NR_RULES] = {
#include "rule-pages.h"
};
#undef RULE_PAGE

static const char *sarif_level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static struct json_object *text_object(const char *s)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "text", report_json_string(s));
	return o;
}

static struct json_object *sarif_rule(const struct rule_def *r)
{
	struct json_object *o = json_object_new_object(), *cfg = json_object_new_object();
	struct json_object *props = json_object_new_object(), *help = json_object_new_object();
	const struct rule_page *page = &rule_pages[r - rule_catalog];
	char *uri = xasprintf("%s/%s.md", KLP_RULES_URL, r->id);
	char *text = xasprintf("%s See %s", page->description, uri);

	json_object_object_add(o, "id", json_object_new_string(r->id));
	json_object_object_add(o, "name", json_object_new_string(r->slug));
	json_object_object_add(o, "shortDescription", text_object(r->title));
	json_object_object_add(o, "fullDescription", text_object(page->description));
	json_object_object_add(help, "text", json_object_new_string(text));
	json_object_object_add(help, "markdown", json_object_new_string(page->markdown));
	json_object_object_add(o, "help", help);
	json_object_object_add(o, "helpUri", json_object_new_string(uri));
	json_object_object_add(cfg, "level", json_object_new_string(sarif_level(r->severity)));
	json_object_object_add(o, "defaultConfiguration", cfg);
	json_object_object_add(props, "kernels", json_object_new_string(r->kernels));
	json_object_object_add(props, "kernel_verdict", json_object_new_string(verdict_name(r->verdict)));
	json_object_object_add(o, "properties", props);
	free(uri);
	free(text);
	return o;
}

static char *logical_name(const struct diag *d)
{
	return xasprintf("%s%s%s%s%s", d->module ? d->module : d->file, d->object ? "/" : "",
			 d->object ? d->object : "", d->function ? "/" : "",
			 d->function ? d->function : "");
}

/* A path as a URI path (RFC 3986): every byte but unreserved ones and '/' as %XX. */
static char *uri_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(path) * 3 + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

static struct json_object *sarif_location(const struct diag *d)
{
	struct json_object *loc = json_object_new_object(), *phys = json_object_new_object();
	struct json_object *art = json_object_new_object(), *logical = json_object_new_object();
	struct json_object *logicals = json_object_new_array(), *region = json_object_new_object();
	char *name = logical_name(d), *path = uri_path(d->file);

	if (d->file[0] == '/') {
		char *uri = xasprintf("file://%s", path);

		json_object_object_add(art, "uri", report_json_string(uri));
		free(uri);
	} else {
		json_object_object_add(art, "uri", report_json_string(path));
		json_object_object_add(art, "uriBaseId", json_object_new_string("%SRCROOT%"));
	}
	free(path);
	json_object_object_add(phys, "artifactLocation", art);
	/* A module has no lines; code scanning wants a region all the same. */
	json_object_object_add(region, "startLine", json_object_new_int(1));
	json_object_object_add(phys, "region", region);
	json_object_object_add(loc, "physicalLocation", phys);
	json_object_object_add(logical, "fullyQualifiedName", report_json_string(name));
	json_object_object_add(logical, "kind", json_object_new_string(d->function ? "function" : "module"));
	json_object_array_add(logicals, logical);
	json_object_object_add(loc, "logicalLocations", logicals);
	free(name);
	return loc;
}

/* MODULE_INFO(klpcheck_allow, ...) is in the module's source; a settings file is external. */
static struct json_object *sarif_suppressions(const struct diag *d)
{
	struct json_object *a = json_object_new_array(), *s = json_object_new_object();
	char *why = d->suppressed_externally ? xstrdup(d->suppressed_by)
					     : xasprintf("MODULE_INFO(klpcheck_allow, \"%s\")", d->suppressed_by);

	json_object_object_add(s, "kind", json_object_new_string(d->suppressed_externally ? "external" : "inSource"));
	json_object_object_add(s, "status", json_object_new_string("accepted"));
	json_object_object_add(s, "justification", report_json_string(why));
	json_object_array_add(a, s);
	free(why);
	return a;
}

static struct json_object *sarif_result(const struct diag *d, const char *fp,
					const struct lint_opts *o)
{
	struct json_object *r = json_object_new_object(), *locs = json_object_new_array();
	struct json_object *fps = json_object_new_object(), *props = json_object_new_object();
	char *msg = d->kernel_message ? xasprintf("%s (the kernel logs: %s)", d->message,
						  d->kernel_message)
				      : xstrdup(d->message);

	json_object_object_add(r, "ruleId", json_object_new_string(d->rule->id));
	json_object_object_add(r, "ruleIndex", json_object_new_int((int)(d->rule - rule_catalog)));
	json_object_object_add(r, "level", json_object_new_string(sarif_level(lint_effective_severity(o, d))));
	json_object_object_add(r, "message", text_object(msg));
	json_object_array_add(locs, sarif_location(d));
	json_object_object_add(r, "locations", locs);
	json_object_object_add(fps, "klpcheck/v1", json_object_new_string(fp));
	json_object_object_add(r, "partialFingerprints", fps);
	if (d->suppressed_by)
		json_object_object_add(r, "suppressions", sarif_suppressions(d));
	json_object_object_add(props, "kernel_verdict", json_object_new_string(verdict_name(d->verdict)));
	json_object_object_add(r, "properties", props);
	free(msg);
	return r;
}

static const char *notice_level(const struct lint_notice *n, const struct lint_opts *o)
{
	switch (n->kind) {
	case NOTICE_INCOMPLETE: return o->allow_incomplete ? "note" : "warning";
	case NOTICE_DEFERRED: return "note";
	case NOTICE_SUPPRESSED_REFUSAL: return "error";
	}
	return "note";
}

/* A notice is about the run: a toolExecutionNotification, tied to the first rule it names. */
static struct json_object *sarif_notification(const struct lint_notice *n, const struct lint_opts *o)
{
	struct json_object *nt = json_object_new_object(), *rule = json_object_new_object();
	struct json_object *props = json_object_new_object(), *ids = json_object_new_array();
	char *msg = xasprintf("%s: %s", n->file, n->message);

	json_object_object_add(nt, "level", json_object_new_string(notice_level(n, o)));
	json_object_object_add(nt, "message", text_object(msg));
	if (n->nr_rules) {
		json_object_object_add(rule, "id", json_object_new_string(n->rules[0]->id));
		json_object_object_add(rule, "index", json_object_new_int((int)(n->rules[0] - rule_catalog)));
		json_object_object_add(nt, "associatedRule", rule);
	} else {
		json_object_put(rule);
	}
	for (size_t i = 0; i < n->nr_rules; i++)
		json_object_array_add(ids, json_object_new_string(n->rules[i]->id));
	json_object_object_add(props, "kind", json_object_new_string(notice_kind_name(n->kind)));
	json_object_object_add(props, "file", report_json_string(n->file));
	json_object_object_add(props, "rules", ids);
	json_object_object_add(nt, "properties", props);
	free(msg);
	return nt;
}

static struct json_object *sarif_invocation(const struct diag_list *l, const struct lint_opts *o,
					    int exit_code)
{
	struct json_object *inv = json_object_new_object(), *notes = json_object_new_array();

	json_object_object_add(inv, "executionSuccessful", json_object_new_boolean(exit_code <= 1));
	json_object_object_add(inv, "exitCode", json_object_new_int(exit_code));
	for (size_t i = 0; i < l->notices.len; i++)
		json_object_array_add(notes, sarif_notification(array_at(&l->notices, struct lint_notice, i), o));
	json_object_object_add(inv, "toolExecutionNotifications", notes);
	return inv;
}

struct json_object *report_sarif(const struct diag_list *l, const struct lint_opts *o, int exit_code)
{
	struct json_object *invocations = json_object_new_array();
	struct json_object *doc = json_object_new_object(), *runs = json_object_new_array();
	struct json_object *run = json_object_new_object(), *tool = json_object_new_object();
	struct json_object *driver = json_object_new_object(), *rules = json_object_new_array();
	struct json_object *results = json_object_new_array();
	char **fps;

	json_object_object_add(doc, "$schema", json_object_new_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_object_add(doc, "version", json_object_new_string("2.1.0"));
	json_object_object_add(driver, "name", json_object_new_string(PACKAGE_NAME));
	json_object_object_add(driver, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(driver, "semanticVersion", json_object_new_string(PACKAGE_VERSION));
	for (size_t i = 0; i < NR_RULES; i++)
		json_object_array_add(rules, sarif_rule(&rule_catalog[i]));
	json_object_object_add(driver, "rules", rules);
	json_object_object_add(tool, "driver", driver);
	json_object_object_add(run, "tool", tool);
	json_object_array_add(invocations, sarif_invocation(l, o, exit_code));
	json_object_object_add(run, "invocations", invocations);
	fps = report_fingerprints(l);
	for (size_t i = 0; i < l->len; i++) {
		if (lint_shown(o, &l->items[i]))
			json_object_array_add(results, sarif_result(&l->items[i], fps[i], o));
		free(fps[i]);
	}
	free(fps);
	json_object_object_add(run, "results", results);
	json_object_object_add(run, "columnKind", json_object_new_string("unicodeCodePoints"));
	json_object_array_add(runs, run);
	json_object_object_add(doc, "runs", runs);
	return doc;
}
