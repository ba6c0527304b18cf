// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GitLab Code Quality (artifacts:reports:codequality): one JSON array, an issue per finding,
 * with description, check_name, fingerprint (report_fingerprints(): not the message),
 * severity (info, minor, major, critical, blocker) and location.path + location.lines.begin. A module has no lines: every issue is on line 1 of
 * the module's path, which is what GitLab shows in merge requests. docs/ci.md.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "report.h"

/* A finding the kernel acts on (refused, stuck) blocks; other errors are critical. */
static const char *cq_severity(const struct lint_opts *o, const struct diag *d)
{
	switch (lint_effective_severity(o, d)) {
	case SEV_ERROR: return d->verdict != VERDICT_NONE ? "blocker" : "critical";
	case SEV_WARNING: return "major";
	case SEV_NOTE: return "info";
	}
	return "info";
}

static struct json_object *cq_issue(const struct diag *d, const char *fp, const struct lint_opts *o)
{
	struct json_object *issue = json_object_new_object(), *loc = json_object_new_object();
	struct json_object *lines = json_object_new_object(), *cats = json_object_new_array();
	char *where = d->object ? xasprintf("%s%s%s: ", d->object, d->function ? ":" : "",
					     d->function ? d->function : "")
				: xstrdup("");
	char *desc = xasprintf("%s%s [%s]%s%s", where, d->message, d->rule->id,
			       d->kernel_message ? " (the kernel logs: " : "",
			       d->kernel_message ? d->kernel_message : "");
	char *full = d->kernel_message ? xasprintf("%s)", desc) : xstrdup(desc);

	json_object_object_add(issue, "type", json_object_new_string("issue"));
	json_object_object_add(issue, "description", report_json_string(full));
	json_object_object_add(issue, "check_name", json_object_new_string(d->rule->id));
	json_object_object_add(issue, "fingerprint", json_object_new_string(fp));
	json_object_object_add(issue, "severity", json_object_new_string(cq_severity(o, d)));
	json_object_array_add(cats, json_object_new_string("Bug Risk"));
	json_object_object_add(issue, "categories", cats);
	json_object_object_add(loc, "path", report_json_string(d->file));
	json_object_object_add(lines, "begin", json_object_new_int(1));
	json_object_object_add(loc, "lines", lines);
	json_object_object_add(issue, "location", loc);
	free(where);
	free(desc);
	free(full);
	return issue;
}

struct json_object *report_codequality(const struct diag_list *l, const struct lint_opts *o)
{
	struct json_object *a = json_object_new_array();
	char **fps = report_fingerprints(l);

	/* GitLab has no suppressed state: a suppressed finding is no issue. */
	for (size_t i = 0; i < l->len; i++) {
		if (!l->items[i].suppressed_by && lint_shown(o, &l->items[i]))
			json_object_array_add(a, cq_issue(&l->items[i], fps[i], o));
		free(fps[i]);
	}
	free(fps);
	return a;
}
