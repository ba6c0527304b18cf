#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every rule's fixtures (testdata/rules/<ID>/{triggers,clean}[-<what>]): klpcheck's output and exit
# status must match the reviewed expectations byte for byte. A triggering fixture must name its
# rule; a clean one must not.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

for d in testdata/rules/*/*/; do
	d=${d%/}
	id=$(basename "$(dirname "$d")")
	case=$(basename "$d")
	# shellcheck disable=SC2046
	"$KLPCHECK" --no-project-config --allow-incomplete --color never --sysroot /nonexistent-klpcheck-root $(cat "$d/args") >"$tmpdir/out" 2>"$tmpdir/err"
	rc=$?
	cmp -s "$tmpdir/out" "$d/expected.out" && [ "$rc" = "$(cat "$d/expected.status")" ]
	tap_ok $? "$id $case: output and exit status $rc as expected"
	case $case in
	triggers*)
		grep -q "$id" "$tmpdir/out"
		tap_ok $? "$id $case: the finding names $id"
		;;
	*)
		! grep -q "\[$id\]\|\"$id\"" "$tmpdir/out"
		tap_ok $? "$id $case: no $id finding"
		;;
	esac
	[ -f "$tmpdir/out" ] && ! cmp -s "$tmpdir/out" "$d/expected.out" && diff -u "$d/expected.out" "$tmpdir/out" | sed 's/^/# /' | head -20
done
tap_done
