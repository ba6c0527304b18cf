/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal TAP producer for the unit tests. */
#ifndef KLP_TESTS_TAP_H
#define KLP_TESTS_TAP_H

#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

#define ok(cond, ...)                                                                  \
	do {                                                                           \
		int ok_ = !!(cond);                                                    \
		printf("%sok %d - ", ok_ ? "" : "not ", ++tap_n);                      \
		printf(__VA_ARGS__);                                                   \
		putchar('\n');                                                         \
		if (!ok_) {                                                            \
			tap_failed++;                                                  \
			printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
		}                                                                      \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* A path under the source tree, for tests run from a build directory (make distcheck). */
static inline const char *tap_srcpath(const char *rel)
{
	static char buf[4096];
	const char *top = getenv("top_srcdir");

	snprintf(buf, sizeof(buf), "%s/%s", top ? top : ".", rel);
	return buf;
}

#endif
