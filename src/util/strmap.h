/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Strings to indexes, for decoders and rules that group by name: a hostile module can name
 * 100,000 distinct objects, and a scan per lookup would make that quadratic.
 */
#ifndef KLP_STRMAP_H
#define KLP_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

/* Open addressing; the keys are borrowed and must outlive the map. */
struct strmap {
	const char **keys;
	size_t *values;
	size_t cap; /* a power of two, or 0 */
	size_t len;
};

#define STRMAP_INIT { NULL, NULL, 0, 0 }
bool strmap_get(const struct strmap *m, const char *key, size_t *value);
/* Adds key, or replaces its value. */
void strmap_put(struct strmap *m, const char *key, size_t value);
void strmap_free(struct strmap *m);

#endif
