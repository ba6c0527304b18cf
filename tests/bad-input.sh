#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Broken modules made from a real one: each must give one line on stderr naming the file and
# the reason, exit status 2, nothing on stdout, and never a crash.
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules/6.1"

"$PYTHON3" "$top_srcdir/tests/mkbad.py" "$mods/lp_single.ko" "$mods/notlivepatch.ko" "$tmpdir" \
	>"$tmpdir/cases" || { echo "Bail out! mkbad.py failed"; exit 1; }

while IFS="$(printf '\t')" read -r file why; do
	"$KLPCHECK" inspect "$file" >"$tmpdir/out" 2>"$tmpdir/err"
	rc=$?
	lines=$(wc -l <"$tmpdir/err")
	[ $rc -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmpdir/out" ] &&
		grep -qF "klpcheck: $file: " "$tmpdir/err" && grep -qF -- "$why" "$tmpdir/err"
	tap_ok $? "$(basename "$file"): exit $rc, '$(head -c 200 "$tmpdir/err" | tr -d '\n')'"
done <"$tmpdir/cases"

# One bad file among good ones: the good ones are still decoded, the status is still 2.
"$KLPCHECK" inspect "$mods/lp_single.ko" "$tmpdir/not-elf.ko" >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && grep -q "livepatch 'lp_single'" "$tmpdir/out"
tap_ok $? "a bad file among good ones: exit $rc, the good one still printed"

"$KLPCHECK" inspect "$tmpdir" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && grep -qF "not a regular file (a directory)" "$tmpdir/err"
tap_ok $? "a directory is refused: exit $rc"

"$KLPCHECK" inspect --format yaml "$mods/lp_single.ko" >/dev/null 2>&1
tap_ok $(($? != 3)) "an unknown format is a usage error (exit 3)"
"$KLPCHECK" --frobnicate "$mods/lp_single.ko" >/dev/null 2>&1
tap_ok $(($? != 3)) "an unknown option is a usage error (exit 3)"
"$KLPCHECK" inspect >/dev/null 2>&1
tap_ok $(($? != 3)) "inspect without a module is a usage error (exit 3)"

tap_done
