#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every rule in the catalog has its page (with the sections a reader needs) and both fixtures,
# and --explain prints that page. (Where the fixtures are is testdata/rules/<ID>/, checked
# below: a page need not repeat it.)
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
		"## Example: clean" "## How to fix"; do
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

# docs/kernel-refusals.md ties every way the kernel refuses a patch to a rule: a row may only
# name rules that exist, and every rule whose catalog verdict is REFUSED must be in some row.
table="$top_srcdir/docs/kernel-refusals.md"
grep '^| ' "$table" | grep -o 'KLP[0-9][0-9][0-9]' | sort -u >"$tmpdir/named"
cut -d' ' -f1 "$tmpdir/rules" | sort -u >"$tmpdir/ids"
[ -s "$tmpdir/named" ] && comm -23 "$tmpdir/named" "$tmpdir/ids" >"$tmpdir/unknown" &&
	[ ! -s "$tmpdir/unknown" ]
tap_ok $? "every rule docs/kernel-refusals.md names exists $(tr '\n' ' ' <"$tmpdir/unknown")"
sed -n 's/^RULE(\(KLP[0-9]*\), "[^"]*", [A-Z]*, REFUSED,.*/\1/p' "$top_srcdir/rules/catalog.def" |
	sort >"$tmpdir/refusing"
[ -s "$tmpdir/refusing" ] && comm -23 "$tmpdir/refusing" "$tmpdir/named" >"$tmpdir/missing" &&
	[ ! -s "$tmpdir/missing" ]
tap_ok $? "every rule that predicts a refusal has a row in docs/kernel-refusals.md $(tr '\n' ' ' <"$tmpdir/missing")"

"$KLPCHECK" --explain KLP999 >/dev/null 2>&1
tap_ok $(($? != 3)) "--explain of an unknown rule is a usage error"
tap_done
