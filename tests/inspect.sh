#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `klpcheck inspect --format json` on every real test module, against expectations written by
# hand from each module's source (testdata/modules/expected/), with and without DWARF.
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules"

for ko in "$mods"/*/*.ko; do
	kdir=$(basename "$(dirname "$ko")")
	base=$(basename "$ko" .ko)
	name=${base%-nodwarf}
	variant=dwarf
	[ "$name" != "$base" ] && variant=nodwarf
	want="$mods/expected/$name.json"
	if [ ! -f "$want" ]; then
		tap_ok 1 "$kdir/$base: no expectation in expected/$name.json"
		continue
	fi
	"$KLPCHECK" inspect --format json "$ko" >"$tmpdir/out.json" 2>"$tmpdir/err"
	rc=$?
	if grep -q '"objects"' "$want"; then
		[ $rc -eq 0 ] && "$PYTHON3" "$top_srcdir/tests/json-subset.py" "$want" "$tmpdir/out.json" "$variant"
		tap_ok $? "$kdir/$base decodes as its source says"
	else
		# Not a livepatch: inspect must refuse it as bad input, naming the file.
		[ $rc -eq 2 ] && grep -q "^klpcheck: $ko: no livepatch found" "$tmpdir/err"
		tap_ok $? "$kdir/$base is refused: it holds no livepatch (exit $rc)"
	fi
done

# Text output names the layout source, so a user can tell DWARF from the built-in fallback.
"$KLPCHECK" inspect "$mods/6.1/lp_single.ko" "$mods/6.1/lp_single-nodwarf.ko" >"$tmpdir/out.txt"
grep -q "layout of kernel 5.5 from dwarf" "$tmpdir/out.txt" &&
	grep -q "layout of kernel 5.5 from builtin" "$tmpdir/out.txt"
tap_ok $? "text output says where each layout came from"

# Compressed modules are read transparently.
for z in xz gzip zstd; do
	$z -q -c "$mods/6.1/lp_multi.ko" >"$tmpdir/lp_multi.ko.$z"
	"$KLPCHECK" inspect --format json "$tmpdir/lp_multi.ko.$z" >"$tmpdir/out.json" &&
		"$PYTHON3" "$top_srcdir/tests/json-subset.py" "$mods/expected/lp_multi.json" "$tmpdir/out.json" dwarf
	tap_ok $? "a $z-compressed module decodes like the plain one"
done

tap_done
