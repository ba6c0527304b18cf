#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every rule in the catalog has its page (with the sections a reader needs) and both fixtures,
# and --explain prints that page.
. "${top_srcdir:-.}/tests/lib.sh"

"$KLPCHECK" --list-rules >"$tmpdir/rules"
tap_ok $? "--list-rules lists the catalog"
n=$(wc -l <"$tmpdir/rules")
[ "$n" -ge 8 ]
tap_ok $? "the catalog has $n rules"
# rules run, and their findings come out, in ID order: the catalog must stay sorted
cut -d' ' -f1 "$tmpdir/rules" | sort -c 2>"$tmpdir/unsorted"
tap_ok $? "the catalog is in ID order $(cat "$tmpdir/unsorted")"

while read -r id slug sev kernels rest; do
	page="$top_srcdir/docs/rules/$id.md"
	head -n 1 "$page" 2>/dev/null | grep -q "^# $id $slug — "
	tap_ok $? "$id has docs/rules/$id.md titled '# $id $slug — ...'"
	ok=0
	for section in "## What it finds" "## Why it matters" "## Example: triggers" \
		"## Example: clean" "## How to fix" "## Fixtures"; do
		grep -q "^$section" "$page" 2>/dev/null || ok=1
	done
	grep -q "^Severity: $sev" "$page" 2>/dev/null || ok=1
	tap_ok $ok "$id page has every section and says 'Severity: $sev'"
	[ -f "$top_srcdir/testdata/rules/$id/triggers/args" ] && [ -f "$top_srcdir/testdata/rules/$id/clean/args" ]
	tap_ok $? "$id has triggering and clean fixtures"
	KLPCHECK_DOCDIR="$top_srcdir/docs/rules" "$KLPCHECK" --explain "$slug" >"$tmpdir/page" &&
		cmp -s "$tmpdir/page" "$page"
	tap_ok $? "--explain $slug prints $id's page"
done <"$tmpdir/rules"

"$KLPCHECK" --explain KLP999 >/dev/null 2>&1
tap_ok $(($? != 3)) "--explain of an unknown rule is a usage error"
tap_done
