#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line conventions: -h and -V; a misuse is one line and a pointer to --help (exit 3),
# never the whole usage; an output that cannot be written is exit 2; the target command's own
# options are in --help and the man page; snapshot says what it could not capture and fails
# without a livepatch tree; target --live lists no kallsyms pseudo-modules.
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules/6.1"

"$KLPCHECK" -h >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/err" ] && head -n 1 "$tmpdir/out" | grep -q '^usage: klpcheck ' &&
	cmp -s "$tmpdir/out" "$(sh -c "\"$KLPCHECK\" --help >\"$tmpdir/long\"; echo \"$tmpdir/long\"")"
tap_ok $? "-h prints the usage on stdout, as --help does (exit $rc)"
grep -q -- '--symbol \[OBJ:\]NAME' "$tmpdir/out" && grep -q -- '--full' "$tmpdir/out" &&
	grep -q -- '--allow-incomplete' "$tmpdir/out"
tap_ok $? "--help names target's --symbol and --full, and --allow-incomplete"
grep -q '^\.BR .*\\-\\-symbol " " \[' "$top_srcdir/docs/klpcheck.1" &&
	grep -q '^\.B \\-\\-full' "$top_srcdir/docs/klpcheck.1"
tap_ok $? "the man page documents target --symbol and --full"
version=$(sed -n 's/^AC_INIT(\[klpcheck\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
[ -n "$version" ] && [ "$("$KLPCHECK" -V)" = "klpcheck $version" ] && [ "$("$KLPCHECK" --version)" = "klpcheck $version" ]
tap_ok $? "-V and --version print 'klpcheck $version'"

misuse() { # DESCRIPTION FIRST-LINE ARGS...: exit 3, exactly that line and the --help pointer
	desc=$1 want=$2
	shift 2
	"$KLPCHECK" "$@" >"$tmpdir/out" 2>"$tmpdir/err"
	rc=$?
	printf '%s\n%s\n' "$want" "Try 'klpcheck --help' for more information." | cmp -s - "$tmpdir/err" &&
		[ $rc -eq 3 ] && [ ! -s "$tmpdir/out" ]
	r=$?
	tap_ok $r "$desc: one line and the --help pointer (exit $rc)"
	[ $r -eq 0 ] || sed 's/^/# /' "$tmpdir/err" | head -3
}
misuse "no argument" "klpcheck: no module given"
misuse "an unknown long option" "klpcheck: unknown option '--bogus'" --bogus "$mods/lp_single.ko"
misuse "an unknown short option" "klpcheck: unknown option '-Z'" -Z "$mods/lp_single.ko"
misuse "a missing argument" "klpcheck: option '-f' needs an argument" "$mods/lp_single.ko" -f
misuse "a missing argument of a long option" "klpcheck: option '--fail-on' needs an argument" "$mods/lp_single.ko" --fail-on
misuse "inspect, an unknown option" "klpcheck: unknown option '--bogus'" inspect --bogus "$mods/lp_single.ko"
misuse "target, an unknown option" "klpcheck: unknown option '--bogus'" target --bogus
misuse "target without a target" "klpcheck: no target given (--live, --target DIR, --release R or files)" target
misuse "snapshot without -o" "klpcheck: snapshot needs -o DIR and nothing else" snapshot

"$KLPCHECK" --allow-incomplete -o "$tmpdir/no/such/dir/report" "$mods/lp_single.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 2 ] && grep -qx "klpcheck: $tmpdir/no/such/dir/report: No such file or directory" "$tmpdir/err"
tap_ok $? "an output that cannot be written: exit 2, one line naming it (exit $rc)"
"$KLPCHECK" target --release 6.1.0-54-amd64 --kallsyms "$top_srcdir/testdata/target/kallsyms" \
	-o "$tmpdir/no/such/dir/target" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 2 ] && grep -q "^klpcheck: $tmpdir/no/such/dir/target: " "$tmpdir/err"
tap_ok $? "target -o that cannot be written: exit 2 (exit $rc)"

# A system root as a booted Debian 6.1 leaves it: the vmlinux kallsyms, then the module lines
# recorded in the kernel tier (tests/kernel), which end with an ftrace trampoline.
root="$tmpdir/root"
mkdir -p "$root/proc/sys/kernel" "$root/sys/kernel"
echo 6.1.0-54-amd64 >"$root/proc/sys/kernel/osrelease"
{ xz -dc "$top_srcdir/testdata/kernel/6.1/kallsyms.xz"
  "$PYTHON3" -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["module_kallsyms"]))' \
	"$top_srcdir/testdata/kernel/6.1/recursive/02.json"; } >"$root/proc/kallsyms"
grep -q "$(printf 't ftrace_trampoline\t\\[__builtin__ftrace\\]')" "$root/proc/kallsyms"
tap_ok $? "(the recorded kallsyms has the [__builtin__ftrace] trampoline)"
"$KLPCHECK" target --live --sysroot "$root" --format json >"$tmpdir/t.json" 2>/dev/null; rc=$?
[ $rc -eq 0 ] && "$PYTHON3" - "$tmpdir/t.json" <<'PY'
import json, sys
d = json.dumps(json.load(open(sys.argv[1])))
assert "__builtin__ftrace" not in d
assert "klpc_target" in d and "lp_recursive" in d
PY
tap_ok $? "target --live lists the loaded modules but not the [__builtin__ftrace] pseudo-module (exit $rc)"
"$KLPCHECK" target --live --sysroot "$root" >"$tmpdir/t.txt" 2>/dev/null
! grep -q '__builtin__' "$tmpdir/t.txt" && grep -q '^  klpc_target: ' "$tmpdir/t.txt"
tap_ok $? "target --live text: no pseudo-module either"

# No /sys/kernel/livepatch: the kernel cannot load a patch; snapshot says so and fails.
"$KLPCHECK" snapshot -o "$tmpdir/snap1" --sysroot "$root" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 2 ] && grep -qx "klpcheck: snapshot: no livepatch tree ($root/sys/kernel/livepatch): .*" "$tmpdir/err" &&
	grep -q "^klpcheck: snapshot: no kernel config (" "$tmpdir/err" &&
	grep -q "^klpcheck: snapshot: no ftrace function list (" "$tmpdir/err" &&
	grep -q "^klpcheck: snapshot: no module of the release in $root/lib/modules/6.1.0-54-amd64/kernel" "$tmpdir/err"
tap_ok $? "snapshot without a livepatch tree: exit 2, one line for each part it lacks (exit $rc)"
mkdir -p "$root/sys/kernel/livepatch"
"$KLPCHECK" snapshot -o "$tmpdir/snap2" --sysroot "$root" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && ! grep -q 'livepatch tree' "$tmpdir/err" && grep -q 'no kernel config' "$tmpdir/err" &&
	[ -f "$tmpdir/snap2/klpcheck-snapshot" ]
tap_ok $? "with the livepatch tree: exit 0, the missing config still said (exit $rc)"

# --list-rules: columns as wide as their widest entry; --format json, the same catalog.
"$KLPCHECK" --list-rules >"$tmpdir/rules.txt"; rc=$?
"$KLPCHECK" --list-rules --format json >"$tmpdir/rules.json"; rc2=$?
[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && "$PYTHON3" - "$tmpdir/rules.txt" "$tmpdir/rules.json" "$top_srcdir/rules/catalog.def" <<'PY'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
rules = json.load(open(sys.argv[2]))["rules"]
cat = re.findall(r'^RULE\((KLP\d+), "([^"]+)", (\w+), (\w+), "([^"]*)", "([^"]*)"', open(sys.argv[3]).read(), re.M)
assert [(r["id"], r["name"], r["severity"].upper(), r["kernel_verdict"].upper(), r["title"], r["kernels"]) for r in rules] == \
    [(i, n, s, v, t, k) for i, n, s, v, t, k in cat]
# every column starts at the same offset on every line
for field in ("name", "severity", "kernels", "title"):
    cols = {l.index(" " + r[field] + (" " if field != "title" else ""), 6) for l, r in zip(lines, rules)}
    assert len(cols) == 1, (field, cols)
PY
tap_ok $? "--list-rules is aligned, and --format json lists the catalog (exit $rc, $rc2)"
tap_done
