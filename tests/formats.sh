#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One patch, three module formats: the hand-written struct klp_patch (lp_X), kpatch-build
# (kp_X) and klp-build (kb_X) twins in testdata/modules/ must give the same findings (rule IDs,
# objects, functions) and exit status against the same target, since the rules only read the
# patch model. Then --assume-replace, for modules whose init code does not show replace.
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules"
k="$top_srcdir/testdata/kernel/6.1"
set -- --release 6.1.0-54-amd64 --kallsyms "$k/kallsyms.xz" \
	--ftrace-functions "$k/available_filter_functions.xz" --kconfig "$k/config.xz" \
	--sysroot /nonexistent-klpcheck-root

# findings MODULE OUT: "rule object function" lines, sorted, then "exit N"
findings() {
	"$KLPCHECK" --format json --no-project-config "$@" >"$tmpdir/f.json" 2>"$tmpdir/err"
	echo $? >"$tmpdir/rc"
	"$PYTHON3" -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["rule"], f["object"], f["function"])' "$tmpdir/f.json" | sort
	echo "exit $(cat "$tmpdir/rc")"
}

# The rule each twin set must trigger (so that "the same" is not "nothing at all").
for twin in single:- multi:- dup_func:KLP105 nosym:KLP401 notrace:KLP405; do
	base=${twin%%:*}
	rule=${twin#*:}
	for kdir in 6.1; do
		findings "$@" "$mods/$kdir/lp_$base.ko" >"$tmpdir/lp" 2>/dev/null
		for f in kp kb; do
			findings "$@" "$mods/$kdir/${f}_$base.ko" >"$tmpdir/$f" 2>/dev/null
			diff -u "$tmpdir/lp" "$tmpdir/$f" >"$tmpdir/diff"
			st=$?
			[ $st -ne 0 ] && sed 's/^/# /' "$tmpdir/diff"
			tap_ok $st "$kdir ${f}_$base finds what lp_$base finds ($(grep -c '^KLP' "$tmpdir/lp") findings)"
		done
		if [ "$rule" != - ]; then
			grep -q "^$rule " "$tmpdir/lp" && grep -q "^$rule " "$tmpdir/kp" &&
				grep -q "^$rule " "$tmpdir/kb"
			tap_ok $? "$kdir $base: $rule in all three formats"
		fi
	done
done

# Without the store to klp_patch.replace (here: the call to klp_enable_patch renamed away),
# replace is the tool's default or --assume-replace, and the output says it was assumed.
json_field() { # FILE EXPR
	"$PYTHON3" -c 'import json, sys; m = json.load(open(sys.argv[1]))["modules"][0]; print(eval(sys.argv[2]))' "$1" "$2"
}
for f in kp kb; do
	objcopy --redefine-sym klp_enable_patch=klp_enable_patch_hidden \
		"$mods/6.1/${f}_single.ko" "$tmpdir/${f}_hidden.ko"
	"$KLPCHECK" inspect --format json "$tmpdir/${f}_hidden.ko" >"$tmpdir/a.json"
	[ "$(json_field "$tmpdir/a.json" '(m["replace"], m["replace_assumed"])')" = "(True, True)" ] &&
		json_field "$tmpdir/a.json" 'm["remarks"]' | grep -q "assumed"
	tap_ok $? "${f}_single without a visible replace store: replace assumed true (the tool's default)"
	"$KLPCHECK" inspect --format json --assume-replace no "$tmpdir/${f}_hidden.ko" >"$tmpdir/a.json"
	[ "$(json_field "$tmpdir/a.json" '(m["replace"], m["replace_assumed"])')" = "(False, True)" ]
	tap_ok $? "${f}_single without a visible replace store: --assume-replace no is taken"
	"$KLPCHECK" inspect --format json --assume-replace yes "$mods/6.1/${f}_single.ko" >"$tmpdir/a.json"
	[ "$(json_field "$tmpdir/a.json" '(m["replace"], m["replace_assumed"])')" = "(False, False)" ]
	tap_ok $? "${f}_single: the store in the init code wins over --assume-replace"
	"$KLPCHECK" inspect --format text "$tmpdir/${f}_hidden.ko" | grep -q "replace: yes (assumed)"
	tap_ok $? "${f}_single: text output says replace was assumed"
done
"$KLPCHECK" inspect --assume-replace maybe "$mods/6.1/kp_single.ko" >/dev/null 2>&1
tap_ok $([ $? -eq 3 ] && echo 0 || echo 1) "--assume-replace takes only yes or no (exit 3)"

tap_done
