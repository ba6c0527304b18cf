#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The gate cannot pass by accident: rules that could not run are notices (stderr, JSON
# "notices", SARIF toolExecutionNotifications, none in Code Quality), never findings, and they
# make the run incomplete, exit 4, unless --allow-incomplete or allow-incomplete = yes says so.
# A suppressed finding the kernel refuses the module for still fails the run.
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules/6.1"
k="$top_srcdir/testdata/kernel/6.1"
K() { "$KLPCHECK" --no-project-config --color never --sysroot /nonexistent-klpcheck-root "$@"; }
# Every input the rules read (the empty livepatch tree of a booted 6.1; modules built for it).
full="--release 6.1.0-54-amd64 --kallsyms $k/kallsyms.xz --ftrace-functions $k/available_filter_functions.xz --kconfig $k/config.xz --symvers $k/Module.symvers.xz --sysfs $top_srcdir/testdata/sysfs/6.1/clean/00 --modules-dir $mods --modules-builtin $k/modules.builtin.xz --btf $k/btf.xz"
# Symbols, ftrace and config but no exports, loaded patches or module built for the target.
part="--release 6.1.0-54-amd64 --kallsyms $k/kallsyms.xz --ftrace-functions $k/available_filter_functions.xz --kconfig $k/config.xz"

# 1. No target at all: nine inputs are missing (release, exports, a module built for it, config,
#    signature policy, loaded modules, loaded patches, symbols, BTF); each is one notice line on
#    stderr, nothing on stdout.
K "$mods/lp_single.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 4 ] && [ ! -s "$tmpdir/out" ] &&
	grep -qx "klpcheck: $mods/lp_single.ko: KLP401, KLP402, KLP403, KLP404, KLP405, KLP408 did not run: they need the target's symbols (--kallsyms, --vmlinux, --system-map, --target or --live)" "$tmpdir/err" &&
	[ "$(grep -c "^klpcheck: $mods/lp_single.ko: KLP[0-9, KLP]* did not run: " "$tmpdir/err")" -eq 9 ] &&
	grep -q "^klpcheck: incomplete: .*--allow-incomplete" "$tmpdir/err"
tap_ok $? "no target: exit 4, one notice per missing input on stderr, none on stdout (exit $rc)"
! grep -q 'did not run' "$tmpdir/out"
tap_ok $? "no target: 'did not run' is never a finding"

K --allow-incomplete "$mods/lp_single.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && [ "$(grep -c ' did not run: ' "$tmpdir/err")" -eq 9 ] && ! grep -q 'incomplete:' "$tmpdir/err"
tap_ok $? "--allow-incomplete: exit 0, the notices still said (exit $rc)"
printf 'allow-incomplete = yes\n' >"$tmpdir/settings"
K --config-file "$tmpdir/settings" "$mods/lp_single.ko" >/dev/null 2>&1; rc=$?
tap_ok $rc "allow-incomplete = yes in a settings file (exit $rc)"
printf 'allow-incomplete = maybe\n' >"$tmpdir/bad"
K --config-file "$tmpdir/bad" "$mods/lp_single.ko" >/dev/null 2>&1; rc=$?
tap_ok $(($rc != 3)) "allow-incomplete takes yes or no (exit $rc)"
K --allow-incomplete --fail-on note "$mods/lp_single.ko" >/dev/null 2>&1; rc=$?
tap_ok $rc "--fail-on note means findings only: notices do not fail (exit $rc)"

# 2. Precedence: findings (1) before incomplete (4); an unreadable input (2) before findings.
K "$mods/lp_dup_func.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 1 ] && grep -q '\[KLP105\]' "$tmpdir/out" && ! grep -q 'incomplete:' "$tmpdir/err"
tap_ok $? "a finding at --fail-on wins over incomplete: exit 1 (exit $rc)"
K "$mods/lp_dup_func.ko" "$top_srcdir/README.md" >"$tmpdir/out" 2>/dev/null; rc=$?
[ $rc -eq 2 ] && grep -q '\[KLP105\]' "$tmpdir/out"
tap_ok $? "an unreadable input wins over findings: exit 2, the findings still printed (exit $rc)"
# shellcheck disable=SC2086
K $part "$mods/lp_single.ko" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 4 ] && grep -q 'KLP108, KLP109, KLP113 did not run: they need the target.s exports' "$tmpdir/err" &&
	! grep -q 'KLP401' "$tmpdir/err"
tap_ok $? "a partial target: only what it lacks is said, exit 4 (exit $rc)"
# shellcheck disable=SC2086
K $full "$mods/lp_single.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/out" ] && [ ! -s "$tmpdir/err" ]
tap_ok $? "the whole target: every rule runs, nothing said, exit 0 (exit $rc)"
# A module object not loaded on the target: the kernel checks it at load; no input can help.
# shellcheck disable=SC2086
K $full "$mods/lp_multi.ko" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && grep -q 'KLP401.* did not run: .*checked when the module loads' "$tmpdir/err"
tap_ok $? "rules deferred to load time are a notice, not incomplete (exit $rc)"

# 3. Machine formats.
K --format json "$mods/lp_single.ko" >"$tmpdir/out.json" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 4 ] && grep -q '^klpcheck: incomplete' "$tmpdir/err" && ! grep -q ' did not run: ' "$tmpdir/err" &&
"$PYTHON3" - "$tmpdir/out.json" "$mods/lp_single.ko" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["findings"] == [], d["findings"]
n = d["notices"]
assert len(n) == 9, n
sym = [x for x in n if "KLP401" in x["rules"]]
assert len(sym) == 1
s = sym[0]
assert s["kind"] == "incomplete" and s["file"] == sys.argv[2] and s["module"] == "lp_single"
assert s["rules"] == ["KLP401", "KLP402", "KLP403", "KLP404", "KLP405", "KLP408"]
assert s["input"].startswith("the target's symbols") and s["message"].endswith(s["input"])
assert all(x["kind"] == "incomplete" for x in n)
PY
tap_ok $? "JSON: no finding, a top-level notices array (kind, file, module, rules, input, message)"

K --format sarif "$mods/lp_single.ko" >"$tmpdir/a.sarif" 2>/dev/null; rc=$?
K --format sarif --allow-incomplete "$mods/lp_single.ko" >"$tmpdir/b.sarif" 2>/dev/null; rc2=$?
[ $rc -eq 4 ] && [ $rc2 -eq 0 ] && "$PYTHON3" - "$tmpdir/a.sarif" "$tmpdir/b.sarif" <<'PY'
import json, sys
a, b = (json.load(open(f))["runs"][0] for f in sys.argv[1:])
assert a["results"] == [] and b["results"] == []
inv = a["invocations"][0]
assert inv["executionSuccessful"] is False and inv["exitCode"] == 4
notes = inv["toolExecutionNotifications"]
assert len(notes) == 9 and all(x["level"] == "warning" for x in notes), notes
sym = [x for x in notes if x["associatedRule"]["id"] == "KLP401"][0]
ids = [r["id"] for r in a["tool"]["driver"]["rules"]]
assert ids[sym["associatedRule"]["index"]] == "KLP401"
assert "KLP405, KLP408 did not run" in sym["message"]["text"]
inv = b["invocations"][0]
assert inv["executionSuccessful"] is True and inv["exitCode"] == 0
assert len(inv["toolExecutionNotifications"]) == 9
assert all(x["level"] == "note" for x in inv["toolExecutionNotifications"])
PY
tap_ok $? "SARIF: no result for rules that did not run; invocations[0] has them as notifications"
K --format codequality "$mods/lp_single.ko" >"$tmpdir/cq.json" 2>/dev/null; rc=$?
[ $rc -eq 4 ] && "$PYTHON3" -c 'import json, sys; assert json.load(open(sys.argv[1])) == []' "$tmpdir/cq.json"
tap_ok $? "Code Quality: notices are no issues (exit $rc)"

# 4. plan: the same contract.
# shellcheck disable=SC2086
"$KLPCHECK" plan --no-project-config --sysroot /nonexistent-klpcheck-root --format json $part \
	"$mods/lp_single.ko" >"$tmpdir/plan.json" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 4 ] && "$PYTHON3" - "$tmpdir/plan.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["plan"][0]["verdict"] == "accepted" and d["plan"][0]["findings"] == []
assert {tuple(n["rules"]) for n in d["notices"]} == {("KLP108", "KLP109", "KLP113"), ("KLP111",), ("KLP301", "KLP303", "KLP304", "KLP307"), ("KLP603",)}, d["notices"]
PY
tap_ok $? "plan with a partial target: exit 4, the notices at the top level (exit $rc)"
# shellcheck disable=SC2086
"$KLPCHECK" plan --no-project-config --sysroot /nonexistent-klpcheck-root --allow-incomplete $part \
	"$mods/lp_single.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && grep -q '^step 1: .*: accepted$' "$tmpdir/out" && grep -q 'KLP111 did not run' "$tmpdir/err" &&
	! grep -q 'did not run' "$tmpdir/out"
tap_ok $? "plan --allow-incomplete: exit 0, notices on stderr (exit $rc)"

# 5. A suppression hides the finding, not the kernel's refusal (lp_allow suppresses KLP105,
#    EEXIST). The run says so and fails; plan says the step is refused.
# shellcheck disable=SC2086
K $full --format json "$mods/lp_allow.ko" >"$tmpdir/allow.json" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && "$PYTHON3" - "$tmpdir/allow.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["rule"] for f in d["findings"]] == ["KLP002"], d["findings"]
n = [x for x in d["notices"] if x["kind"] == "suppressed-refusal"]
assert len(n) == 1 and n[0]["rules"] == ["KLP105"] and "will still refuse" in n[0]["message"]
PY
tap_ok $? "a suppressed refusal: a notice, and exit 1 (exit $rc)"
# shellcheck disable=SC2086
K $full --disable KLP002 "$mods/lp_allow.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmpdir/out" ] && [ "$(grep -c 'KLP105 is suppressed' "$tmpdir/err")" -eq 1 ]
tap_ok $? "a suppressed refusal fails even with no finding shown (exit $rc)"
# shellcheck disable=SC2086
"$KLPCHECK" plan --no-project-config --sysroot /nonexistent-klpcheck-root $full "$mods/lp_allow.ko" \
	>"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 1 ] && grep -q '^step 1: .*lp_allow.ko (lp_allow): refused$' "$tmpdir/out"
tap_ok $? "plan: the step of a suppressed refusal is refused (exit $rc)"

# 6. --severity/-q hide findings below a level, and they no longer count for --fail-on.
# shellcheck disable=SC2086
K $full --disable KLP110 "$mods/lp_callchain.ko" >"$tmpdir/all" 2>/dev/null
# shellcheck disable=SC2086
K $full --disable KLP110 --severity warning --fail-on note "$mods/lp_callchain.ko" >"$tmpdir/out" 2>/dev/null; rc=$?
# shellcheck disable=SC2086
K $full --disable KLP110 -q --format json "$mods/lp_callchain.ko" >"$tmpdir/q.json" 2>/dev/null; rc2=$?
grep -q ': note: .*\[KLP602\]' "$tmpdir/all" && [ $rc -eq 0 ] && [ ! -s "$tmpdir/out" ] && [ $rc2 -eq 0 ] &&
	"$PYTHON3" -c 'import json, sys; assert json.load(open(sys.argv[1]))["findings"] == []' "$tmpdir/q.json"
tap_ok $? "--severity warning and -q hide the notes, which then do not fail --fail-on note (exit $rc, $rc2)"
# shellcheck disable=SC2086
K $full --severity warning "$mods/lp_empty_obj.ko" >"$tmpdir/out" 2>/dev/null
grep -q 'warning: .*\[KLP104\]' "$tmpdir/out"
tap_ok $? "--severity warning still shows warnings"
K --severity bogus "$mods/lp_single.ko" >/dev/null 2>&1; rc=$?
tap_ok $(($rc != 3)) "--severity takes error, warning or note (exit $rc)"

# 7. A readable module that holds no livepatch is KLP003, a finding (exit 1), not bad input.
# shellcheck disable=SC2086
K $full "$mods/klpc_target.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 1 ] && grep -q "^$mods/klpc_target.ko: error: no livepatch found: .*\[KLP003\]\$" "$tmpdir/out" &&
	! grep -q 'KLP001' "$tmpdir/out" "$tmpdir/err" && ! grep -q 'did not run' "$tmpdir/err"
tap_ok $? "a module without a livepatch: KLP003 not-a-livepatch, exit 1 (exit $rc)"
K --format json "$mods/klpc_target.ko" "$mods/lp_dup_func.ko" >"$tmpdir/out.json" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && "$PYTHON3" - "$tmpdir/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["rule"] == "KLP003"]
assert len(f) == 1 and f[0]["name"] == "not-a-livepatch" and f[0]["module"] == "klpc_target", f
assert "KLP105" in {x["rule"] for x in d["findings"]}
PY
tap_ok $? "KLP003 in JSON, beside the other module's findings (exit $rc)"
"$KLPCHECK" inspect "$mods/klpc_target.ko" >/dev/null 2>"$tmpdir/err"; rc=$?
[ $rc -eq 2 ] && grep -q "^klpcheck: $mods/klpc_target.ko: no livepatch found" "$tmpdir/err"
tap_ok $? "inspect still refuses it as bad input (exit $rc)"

# 8. allow = ... in a settings file: an external suppression (SARIF kind external), which hides
#    the finding but not the kernel's refusal.
printf '# reviewed\nallow = KLP105\n' >"$tmpdir/allow.conf"
# shellcheck disable=SC2086
K $full --config-file "$tmpdir/allow.conf" "$mods/lp_dup_func.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmpdir/out" ] &&
	grep -qx "klpcheck: $mods/lp_dup_func.ko: KLP105 is suppressed ($tmpdir/allow.conf:2: allow = KLP105), but the kernel will still refuse the module: .*EEXIST" "$tmpdir/err"
tap_ok $? "allow = KLP105 hides the finding, the refusal is still said and fails (exit $rc)"
# shellcheck disable=SC2086
K $full --config-file "$tmpdir/allow.conf" --format sarif "$mods/lp_dup_func.ko" >"$tmpdir/ext.sarif" 2>/dev/null
"$PYTHON3" - "$tmpdir/ext.sarif" "$tmpdir/allow.conf" <<'PY'
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["runs"][0]["results"] if x["ruleId"] == "KLP105"]
assert len(r) == 1 and r[0]["suppressions"] == [{"kind": "external", "status": "accepted",
    "justification": sys.argv[2] + ":2: allow = KLP105"}], r
PY
tap_ok $? "SARIF: the settings file's allow is an external suppression with its file and line"
printf 'allow = KLP104\n' >"$tmpdir/allow2.conf"
# shellcheck disable=SC2086
K $full --config-file "$tmpdir/allow2.conf" --fail-on warning "$mods/lp_empty_obj.ko" >"$tmpdir/out" 2>"$tmpdir/err"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/out" ] && ! grep -q 'suppressed' "$tmpdir/err"
tap_ok $? "allow of a warning the kernel does not act on: hidden, exit 0 with --fail-on warning (exit $rc)"
printf 'allow = KLP999\n' >"$tmpdir/allow3.conf"
K --config-file "$tmpdir/allow3.conf" "$mods/lp_single.ko" >/dev/null 2>&1; rc=$?
tap_ok $(($rc != 3)) "allow of an unknown rule is a usage error (exit $rc)"
tap_done
