// SPDX-License-Identifier: GPL-2.0-or-later
/* Built-in layouts and the release-to-era mapping against docs/design.md (struct layout eras). */
#include <string.h>

#include "klp/layout.h"
#include "tap.h"

static void era_is(const char *release, const char *want)
{
	struct errbuf err;
	const char *era = NULL;
	int ret = lp_era_from_release(release, &era, &err);

	ok(!ret && era && !strcmp(era, want), "%s uses the %s layout (got %s)", release, want,
	   ret ? err.msg : era);
}

static void sizes_are(const char *era, uint64_t patch, uint64_t obj, uint64_t func)
{
	struct lp_layout l;

	ok(!lp_layout_builtin(era, &l) && l.patch.size == patch && l.object.size == obj &&
	   l.func.size == func, "%s: sizeof klp_patch %lu, klp_object %lu, klp_func %lu", era,
	   (unsigned long)patch, (unsigned long)obj, (unsigned long)func);
}

int main(void)
{
	struct errbuf err;
	struct lp_layout l;
	const char *era;

	era_is("4.4.0-21-generic", "4.0");
	era_is("4.5.0", "4.5");
	era_is("4.11.12", "4.7");
	era_is("4.12.0-1-amd64", "4.12");
	era_is("4.14.300", "4.12");
	era_is("4.15.0-20-generic", "4.15");
	era_is("4.16.0", "4.16");
	era_is("5.0.21", "4.16");
	era_is("5.1.0", "5.1");
	era_is("5.4.0-150-generic", "5.1");
	era_is("5.5.0", "5.5");
	era_is("6.1.0-54-amd64", "5.5");
	era_is("6.12.57+deb12-amd64", "5.5");
	ok(lp_era_from_release("3.19.0", &era, &err) != 0, "3.19 predates livepatch: %s", err.msg);
	ok(lp_era_from_release("garbage", &era, &err) != 0, "no version in 'garbage': %s", err.msg);
	ok(lp_era_from_release(NULL, &era, &err) != 0, "no vermagic at all is an error");

	/* The sizes of docs/design.md, struct layout eras. */
	sizes_are("4.0", 104, 104, 112);
	sizes_are("4.5", 104, 104, 120);
	sizes_are("4.7", 104, 96, 120);
	sizes_are("4.12", 144, 96, 144);
	sizes_are("4.15", 144, 136, 144);
	sizes_are("4.16", 136, 136, 136);
	sizes_are("5.1", 192, 168, 152);
	sizes_are("5.5", 200, 168, 152);

	ok(!lp_layout_builtin("4.15", &l) && l.patch.immediate.off == 16 && l.func.immediate.off == 24 &&
	   l.object.callbacks.off == 16, "4.15: immediate at 16 (patch) and 24 (func), callbacks at 16");
	ok(!lp_layout_builtin("5.5", &l) && l.patch.states.off == 16 && l.patch.replace.off == 24 &&
	   l.state.size == 24 && l.state.version.off == 8, "5.5: states at 16, replace at 24, klp_state 24 bytes");
	ok(!lp_layout_builtin("5.1", &l) && l.patch.replace.off == 16 && l.patch.states.off < 0,
	   "5.1: replace at 16, no states");
	ok(!lp_layout_builtin("4.0", &l) && l.func.old_sympos.off < 0 && l.object.funcs.off == 16,
	   "4.0: no old_sympos, funcs after relocs");
	ok(!lp_layout_builtin("5.1", &l) && l.strict_sentinel && !lp_layout_builtin("4.16", &l) &&
	   !l.strict_sentinel, "only 5.1+ ends arrays on all-zero entries");
	ok(lp_layout_builtin("3.10", &l) != 0, "no layout for an unknown era");
	return tap_done();
}
