#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion (contrib/bash-completion/klpcheck): subcommands, every option --help
# lists, option values, rule IDs and names from --list-rules, module files.
. "${top_srcdir:-.}/tests/lib.sh"
comp="$(cd "$top_srcdir" && pwd)/contrib/bash-completion/klpcheck"
prog=${KLPCHECK_REAL:-$KLPCHECK}

# complete WORD...: what the completion offers for the last word, one per line
complete_words() {
	bash -c '. "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && { _klpcheck; } ;
		printf "%s\n" "${COMPREPLY[@]}"' sh "$comp" "$@" | sort
}

[ "$(complete_words "$prog" --fo)" = "--format" ]
tap_ok $? "--fo completes to --format"
[ "$(complete_words "$prog" --format s)" = "sarif" ]
tap_ok $? "--format s completes to sarif"
[ "$(complete_words "$prog" --fail-on w)" = "warning" ]
tap_ok $? "--fail-on w completes to warning"
[ "$(complete_words "$prog" i)" = "inspect" ]
tap_ok $? "a first word i completes to the inspect subcommand"

"$prog" --list-rules | awk '$1 ~ /^KLP40/ { print $1 }' | sort >"$tmpdir/want"
complete_words "$prog" --explain KLP40 >"$tmpdir/got"
[ -s "$tmpdir/want" ] && cmp -s "$tmpdir/want" "$tmpdir/got"
tap_ok $? "--explain KLP40 completes to the catalog's KLP40x rules ($(tr '\n' ' ' <"$tmpdir/got"))"
[ "$(complete_words "$prog" --disable target-not-fo)" = "target-not-found" ]
tap_ok $? "--disable completes rule names too"

"$prog" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u >"$tmpdir/want"
complete_words "$prog" -- >"$tmpdir/got"
[ "$(wc -l <"$tmpdir/want")" -ge 20 ] && comm -23 "$tmpdir/want" "$tmpdir/got" >"$tmpdir/missing" &&
	[ ! -s "$tmpdir/missing" ]
tap_ok $? "-- offers every long option --help lists $(tr '\n' ' ' <"$tmpdir/missing")"
complete_words "$prog" target --sy >"$tmpdir/got"
grep -qx -- --symbol "$tmpdir/got" && grep -qx -- --sysfs "$tmpdir/got"
tap_ok $? "target --sy offers target's own --symbol and --sysfs"

mkdir "$tmpdir/mods" "$tmpdir/mods/sub"
: >"$tmpdir/mods/lp_a.ko"; : >"$tmpdir/mods/lp_b.ko.xz"; : >"$tmpdir/mods/lp_notes.txt"
(cd "$tmpdir/mods" && complete_words "$prog" --format json lp_) >"$tmpdir/got"
printf 'lp_a.ko\nlp_b.ko.xz\n' | cmp -s - "$tmpdir/got"
tap_ok $? "a module argument completes .ko and compressed .ko files only"
(cd "$tmpdir/mods" && complete_words "$prog" --sysfs s) >"$tmpdir/got"
[ "$(cat "$tmpdir/got")" = sub ]
tap_ok $? "--sysfs completes directories"
tap_done
