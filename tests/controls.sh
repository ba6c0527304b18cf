#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Exit codes, --fail-on, --werror, --enable/--disable, settings files, in-module suppression,
# and the machine-readable formats (JSON escaping, SARIF against the official schema).
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules/6.1"
k="$top_srcdir/testdata/kernel/6.1"
# A whole target, so that every rule runs (no patch loaded: the empty livepatch tree of a
# booted 6.1; the modules of testdata/modules/6.1 were built for it). tests/gate.sh: a partial one.
K() { "$KLPCHECK" --no-project-config --color never --sysroot /nonexistent-klpcheck-root \
	--release 6.1.0-54-amd64 --kallsyms "$k/kallsyms.xz" --ftrace-functions "$k/available_filter_functions.xz" \
	--kconfig "$k/config.xz" --symvers "$k/Module.symvers.xz" --sysfs "$top_srcdir/testdata/sysfs/6.1/clean/00" \
	--modules-dir "$mods" --modules-builtin "$k/modules.builtin.xz" --btf "$k/btf.xz" "$@"; }

K "$mods/lp_single.ko" >/dev/null; tap_ok $? "a clean module exits 0"
K "$mods/lp_dup_func.ko" >/dev/null; tap_ok $(($? != 1)) "an error finding exits 1"
K "$mods/lp_empty_obj.ko" >/dev/null; tap_ok $? "a warning does not fail by default"
K --werror "$mods/lp_empty_obj.ko" >"$tmpdir/out"; rc=$?
[ $rc -eq 1 ] && grep -q "error: object 'klpc_target' has no functions" "$tmpdir/out"
tap_ok $? "--werror promotes the warning to an error and exits 1"
K --fail-on warning "$mods/lp_empty_obj.ko" >/dev/null; tap_ok $(($? != 1)) "--fail-on warning fails on a warning"
K --disable KLP110 "$mods/lp_callchain.ko" >/dev/null; tap_ok $? "a note does not fail by default (KLP109, KLP602)"
K --disable KLP110 --fail-on note "$mods/lp_callchain.ko" >/dev/null; tap_ok $(($? != 1)) "--fail-on note fails on a note (KLP109, KLP602)"
K --fail-on bogus "$mods/lp_single.ko" >/dev/null 2>&1; tap_ok $(($? != 3)) "--fail-on bogus is a usage error"
K "$mods/lp_single.ko" "$top_srcdir/README.md" >/dev/null 2>&1; tap_ok $(($? != 2)) "an unreadable input exits 2 even beside a clean module"

K --disable KLP105 "$mods/lp_dup_func.ko" >"$tmpdir/out"; rc=$?
[ $rc -eq 0 ] && ! grep -q KLP105 "$tmpdir/out"; tap_ok $? "--disable by ID"
K --disable duplicate-func "$mods/lp_dup_func.ko" >/dev/null; tap_ok $? "--disable by slug"
K --disable KLP1xx --disable KLP2xx --disable KLP3xx --disable KLP4xx "$mods/lp_dup_func.ko" >"$tmpdir/out"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/out" ]; tap_ok $? "--disable by family silences KLP101-KLP199 (and the rest)"
K --disable KLP1xx --enable KLP105 "$mods/lp_dup_func.ko" >"$tmpdir/out"
[ $? -eq 1 ] && grep -q KLP105 "$tmpdir/out" && ! grep -q KLP102 "$tmpdir/out"
tap_ok $? "a later --enable overrides an earlier family --disable"
K --disable KLP999 "$mods/lp_single.ko" >/dev/null 2>&1; tap_ok $(($? != 3)) "an unknown rule is a usage error"

printf '# project settings\ndisable = KLP1xx, KLP2xx KLP3xx KLP4xx\n' >"$tmpdir/settings"
K --config-file "$tmpdir/settings" "$mods/lp_dup_func.ko" >"$tmpdir/out"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/out" ]; tap_ok $? "--config-file disables rules"
K --config-file "$tmpdir/settings" --enable KLP105 "$mods/lp_dup_func.ko" >/dev/null
tap_ok $(($? != 1)) "the command line overrides --config-file"
printf 'frobnicate = yes\n' >"$tmpdir/bad"
K --config-file "$tmpdir/bad" "$mods/lp_single.ko" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 3 ] && grep -q "$tmpdir/bad:1: unknown setting 'frobnicate'" "$tmpdir/err"
tap_ok $? "an unknown setting names the file and line (exit $rc)"

# .klpcheck: looked for up to the repository root (a directory holding .git) or $HOME.
mkdir -p "$tmpdir/proj/.git" "$tmpdir/proj/build/out" && cp "$mods/lp_dup_func.ko" "$tmpdir/proj/build/out/"
printf 'werror = yes\ndisable = duplicate-func\nallow-incomplete = yes\n' >"$tmpdir/proj/.klpcheck"
"$KLPCHECK" -v "$tmpdir/proj/build/out/lp_dup_func.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && ! grep -q KLP105 "$tmpdir/out" && grep -qF "klpcheck: settings from $tmpdir/proj/.klpcheck" "$tmpdir/err"
tap_ok $? "a .klpcheck two directories up applies, and -v says which"
"$KLPCHECK" --no-project-config "$tmpdir/proj/build/out/lp_dup_func.ko" >/dev/null
tap_ok $(($? != 1)) "--no-project-config ignores it"
# Above the repository root it does not apply (a shared /tmp/.klpcheck must not reach every module).
mkdir -p "$tmpdir/shared/repo/.git" "$tmpdir/shared/repo/m" && cp "$mods/lp_dup_func.ko" "$tmpdir/shared/repo/m/"
cp "$tmpdir/proj/.klpcheck" "$tmpdir/shared/.klpcheck"
HOME=/nonexistent "$KLPCHECK" "$tmpdir/shared/repo/m/lp_dup_func.ko" >/dev/null 2>&1
tap_ok $(($? != 1)) "a .klpcheck above the repository root does not apply"
# Outside any repository and $HOME: only the module's own directory.
mkdir -p "$tmpdir/norepo/m" && cp "$mods/lp_dup_func.ko" "$tmpdir/norepo/m/"
cp "$tmpdir/proj/.klpcheck" "$tmpdir/norepo/.klpcheck"
HOME=/nonexistent "$KLPCHECK" "$tmpdir/norepo/m/lp_dup_func.ko" >/dev/null 2>&1
tap_ok $(($? != 1)) "outside a repository, a .klpcheck in a parent directory does not apply"
cp "$tmpdir/proj/.klpcheck" "$tmpdir/norepo/m/.klpcheck"
HOME=/nonexistent "$KLPCHECK" "$tmpdir/norepo/m/lp_dup_func.ko" >/dev/null 2>&1
tap_ok $? "outside a repository, the module's own directory's .klpcheck applies"
# $HOME stops the walk like a repository root.
mkdir -p "$tmpdir/home/work/m" && cp "$mods/lp_dup_func.ko" "$tmpdir/home/work/m/"
cp "$tmpdir/proj/.klpcheck" "$tmpdir/home/.klpcheck"
HOME="$tmpdir/home" "$KLPCHECK" "$tmpdir/home/work/m/lp_dup_func.ko" >/dev/null 2>&1
tap_ok $? "a .klpcheck in \$HOME applies below it"
# A directory or a FIFO named .klpcheck is skipped (said with -v), the next one up applies.
mkdir -p "$tmpdir/proj/build/out/.klpcheck" && mkfifo "$tmpdir/proj/build/.klpcheck"
timeout 60 "$KLPCHECK" -v "$tmpdir/proj/build/out/lp_dup_func.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && grep -q "build/out/.klpcheck is a directory, not a settings file: skipped" "$tmpdir/err" &&
	grep -q "build/.klpcheck is a FIFO, not a settings file: skipped" "$tmpdir/err" &&
	grep -qF "settings from $tmpdir/proj/.klpcheck" "$tmpdir/err"
tap_ok $? "a directory and a FIFO named .klpcheck are skipped (exit $rc)"

# lp_allow: KLP105 suppressed, KLP106 names nothing; the kernel still refuses it (EEXIST).
K "$mods/lp_allow.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 1 ] && ! grep -q KLP105 "$tmpdir/out" && grep -q "suppression 'KLP106' .* matched no finding \[KLP002\]" "$tmpdir/out" &&
	grep -q "^klpcheck: .*lp_allow.ko: KLP105 is suppressed (klpcheck_allow=KLP105 KLP106), but the kernel will still refuse the module: 'uptime_proc_show' (sympos 1) is patched twice" "$tmpdir/err"
tap_ok $? "MODULE_INFO(klpcheck_allow) suppresses KLP105, reports the unused KLP106, and the refusal still fails (exit $rc)"

# JSON: one document, every finding with the documented keys; hostile names stay valid JSON.
K --format json "$mods/lp_dup_func.ko" >"$tmpdir/out.json"
"$PYTHON3" - "$tmpdir/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and d["tool"]["name"] == "klpcheck"
f = [x for x in d["findings"] if x["rule"] == "KLP105"][0]
for k in ("rule", "severity", "message", "module", "object", "function", "kernel_message"):
    assert k in f, k
assert f["severity"] == "error" and f["object"] == "vmlinux" and f["function"] == "meminfo_proc_show"
assert f["kernel_message"].startswith("sysfs: cannot create duplicate filename")
PY
tap_ok $? "JSON findings carry rule, severity, message, module, object, function, kernel_message"

"$PYTHON3" - "$mods/lp_dup_func.ko" "$tmpdir/hostile.ko" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
i = b.index(b"meminfo_proc_show\0")
b[i:i + 8] = b"m\x01\x1b[31m\xff"
open(sys.argv[2], "wb").write(b)
PY
K --format json "$tmpdir/hostile.ko" >"$tmpdir/h.json"
"$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
names = [f["function"] for f in d["findings"] if f["function"]]
assert names and set(names) == {"m\x01\x1b[31m\ufffdproc_show"}, names
' "$tmpdir/h.json" && grep -q '\\u0001\\u001b\[31m' "$tmpdir/h.json"
tap_ok $? "control bytes in a symbol name are escaped and invalid UTF-8 replaced in JSON"

K "$tmpdir/hostile.ko" >"$tmpdir/h.txt"
! grep -q "$(printf '\033')" "$tmpdir/h.txt" && grep -qF 'm\x01\x1b[31m' "$tmpdir/h.txt"
tap_ok $? "text output shows control bytes of a symbol name as \\xNN, never raw"
"$KLPCHECK" inspect "$tmpdir/hostile.ko" >"$tmpdir/h.txt"
! grep -q "$(printf '\033')" "$tmpdir/h.txt" && grep -qF 'm\x01\x1b[31m' "$tmpdir/h.txt"
tap_ok $? "inspect's text output escapes them too"

# The schema is vendored (tests/sarif-schema-2.1.0.md): without it, or without
# python3-jsonschema (a build dependency), the SARIF is not validated and the test fails.
schema="$top_srcdir/tests/sarif-schema-2.1.0.json"
K --format sarif "$mods/lp_dup_func.ko" "$mods/lp_notmarked.ko" "$tmpdir/hostile.ko" >"$tmpdir/out.sarif"
"$PYTHON3" - "$schema" "$tmpdir/out.sarif" <<'PY'
import json, sys
import jsonschema  # python3-jsonschema

schema, doc = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)
run = doc["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert "KLP105" in ids and "KLP101" in ids
for r in run["results"]:
    assert ids[r["ruleIndex"]] == r["ruleId"]
    assert r["partialFingerprints"]["klpcheck/v1"]
    assert r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
assert {r["ruleId"] for r in run["results"]} >= {"KLP105", "KLP101"}
PY
tap_ok $? "SARIF validates against the SARIF 2.1.0 schema ($schema), with rules and fingerprints"
K --format sarif "$mods/lp_dup_func.ko" >"$tmpdir/a.sarif"; K --format sarif "$mods/lp_dup_func.ko" >"$tmpdir/b.sarif"
cmp -s "$tmpdir/a.sarif" "$tmpdir/b.sarif"; tap_ok $? "SARIF output is the same from run to run"

K --output "$tmpdir/report.txt" "$mods/lp_dup_func.ko" >"$tmpdir/stdout"; rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmpdir/stdout" ] && grep -q KLP105 "$tmpdir/report.txt"
tap_ok $? "--output writes the report to the file, nothing to stdout"
K --color always "$mods/lp_dup_func.ko" | grep -q "$(printf '\033')\[1;31merror"
tap_ok $? "--color always colours the severity"
K "$mods/lp_dup_func.ko" | grep -q "$(printf '\033')"; tap_ok $(($? == 0)) "no colour when stdout is not a terminal"
tap_done
