// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util/strmap.h"

/* JSON documents change shape only with this number (docs/json-schema.md). */
#define REPORT_JSON_VERSION 1

static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

struct json_object *report_json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct json_object *o;
	size_t out = 0;
	char *buf;

	if (!s)
		return NULL;
	buf = xmalloc(strlen(s) * 3 + 1);
	while (*p) {
		size_t n = utf8_seq_len(p);

		if (n) {
			memcpy(buf + out, p, n);
			out += n;
			p += n;
		} else {
			memcpy(buf + out, "\xef\xbf\xbd", 3);
			out += 3;
			p++;
		}
	}
	o = json_object_new_string_len(buf, (int)out);
	free(buf);
	return o;
}

struct json_object *report_json_document(const char *key, struct json_object *value)
{
	struct json_object *doc = json_object_new_object(), *tool = json_object_new_object();

	json_object_object_add(doc, "version", json_object_new_int(REPORT_JSON_VERSION));
	json_object_object_add(tool, "name", json_object_new_string(PACKAGE_NAME));
	json_object_object_add(tool, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(doc, "tool", tool);
	json_object_object_add(doc, key, value);
	return doc;
}

int report_json_print(FILE *out, struct json_object *doc)
{
	const char *s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_SPACED |
							       JSON_C_TO_STRING_NOSLASHESCAPE);

	return fprintf(out, "%s\n", s) < 0 ? -1 : 0;
}

char *report_fingerprint(const char *const *parts, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		for (const char *p = parts[i] ? parts[i] : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
		h = (h ^ 0xff) * 0x100000001b3ULL;
	}
	return xasprintf("%016" PRIx64, h);
}

/*
 * The same finding keeps its fingerprint when its message is reworded: rule, module (the file
 * when none), object and function, and which occurrence of that key it is in the report.
 */
char **report_fingerprints(const struct diag_list *l)
{
	char **keys = xcalloc(l->len ? l->len : 1, sizeof(*keys));
	char **fps = xcalloc(l->len ? l->len : 1, sizeof(*fps));
	struct strmap seen = STRMAP_INIT; /* key -> occurrences so far */

	for (size_t i = 0; i < l->len; i++) {
		const struct diag *d = &l->items[i];
		const char *parts[] = { d->rule->id, d->module ? d->module : d->file, d->object, d->function };
		size_t nth = 0;

		keys[i] = report_fingerprint(parts, ARRAY_SIZE(parts));
		strmap_get(&seen, keys[i], &nth);
		strmap_put(&seen, keys[i], ++nth);
		fps[i] = xasprintf("%s:%zu", keys[i], nth);
	}
	strmap_free(&seen);
	for (size_t i = 0; i < l->len; i++)
		free(keys[i]);
	free(keys);
	return fps;
}
