#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SARIF as GitHub code scanning and GitLab read it: a region on every location, rule metadata
# from the rule pages (fullDescription, help.markdown, an https helpUri), suppressed findings
# kept with suppressions[], fingerprints of rule, module, object and function only (so a
# reworded message keeps its alert; Code Quality the same), and plan in SARIF and Code Quality.
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules/6.1"
k="$top_srcdir/testdata/kernel/6.1"
T="--no-project-config --sysroot /nonexistent-klpcheck-root --release 6.1.0-54-amd64 --kallsyms $k/kallsyms.xz --ftrace-functions $k/available_filter_functions.xz --kconfig $k/config.xz --symvers $k/Module.symvers.xz --sysfs $top_srcdir/testdata/sysfs/6.1/clean/00 --modules-dir $mods"
schema=""
for s in "$top_srcdir/tests/sarif-schema-2.1.0.json" "$top_srcdir/../shared/data/sarif-schema-2.1.0.json"; do
	[ -f "$s" ] && { schema=$s; break; }
done
"$PYTHON3" -c 'import jsonschema' 2>/dev/null || schema=""

# shellcheck disable=SC2086
"$KLPCHECK" $T --format sarif "$mods/lp_dup_func.ko" "$mods/lp_allow.ko" "$mods/lp_notmarked.ko" \
	>"$tmpdir/out.sarif" 2>/dev/null; rc=$?
# shellcheck disable=SC2086
"$KLPCHECK" $T --format json "$mods/lp_dup_func.ko" "$mods/lp_notmarked.ko" >"$tmpdir/out.json" 2>/dev/null
# shellcheck disable=SC2086
"$KLPCHECK" $T --format codequality "$mods/lp_dup_func.ko" "$mods/lp_notmarked.ko" >"$tmpdir/cq.json" 2>/dev/null
# shellcheck disable=SC2086
"$KLPCHECK" $T --format sarif "$mods/lp_dup_func.ko" "$mods/lp_notmarked.ko" >"$tmpdir/two.sarif" 2>/dev/null
[ $rc -eq 1 ]
tap_ok $? "the run: findings, exit $rc"

check() { # DESCRIPTION PYTHON: runs PYTHON with sarif, json, cq, two-module sarif, pages dir, schema
	desc=$1
	"$PYTHON3" -c "
import json, sys
sarif, js, cq, two = (json.load(open(f)) for f in sys.argv[1:5])
pages, schema = sys.argv[5], sys.argv[6]
run = sarif['runs'][0]
rules = run['tool']['driver']['rules']
$2" "$tmpdir/out.sarif" "$tmpdir/out.json" "$tmpdir/cq.json" "$tmpdir/two.sarif" \
		"$top_srcdir/docs/rules" "$schema"
	tap_ok $? "$desc"
}

if [ -n "$schema" ]; then
	check "validates against the SARIF 2.1.0 schema" '
import jsonschema
jsonschema.validate(sarif, json.load(open(schema)))'
else
	echo "ok $((tap_n + 1)) # SKIP no SARIF 2.1.0 schema or no python3-jsonschema"; tap_n=$((tap_n + 1))
fi
check "every location of every result has region.startLine 1" '
locs = [l for r in run["results"] for l in r["locations"]]
assert locs and all(l["physicalLocation"]["region"]["startLine"] == 1 for l in locs)'
check "every rule: https helpUri to its page, fullDescription and help.markdown from docs/rules" '
import re
for r in rules:
    assert r["helpUri"].startswith("https://") and r["helpUri"].endswith("/" + r["id"] + ".md"), r["helpUri"]
    page = open(pages + "/" + r["id"] + ".md").read()
    md = re.sub(r"\n## Fixtures\n.*?(?=\n## |\Z)", "\n", page, flags=re.S)
    assert r["help"]["markdown"].rstrip("\n") == md.rstrip("\n"), r["id"]
    finds = page.split("## What it finds\n", 1)[1]
    para = finds.split("\n\n", 1)[0].split("\n```", 1)[0]
    want = " ".join(para.strip().split("\n"))
    want = want[:-1] + "." if want.endswith(":") else want
    assert r["fullDescription"]["text"] == want, (r["id"], r["fullDescription"]["text"], want)
    assert r["help"]["text"].startswith(want) and r["helpUri"] in r["help"]["text"]
assert len(rules) == len({r["id"] for r in rules}) and len(rules) > 40'
check "a suppressed finding is kept, with an inSource suppression carrying the allow text" '
sup = [r for r in run["results"] if "suppressions" in r]
assert len(sup) == 1 and sup[0]["ruleId"] == "KLP105", sup
assert sup[0]["suppressions"] == [{"kind": "inSource", "status": "accepted",
    "justification": "MODULE_INFO(klpcheck_allow, \"KLP105 KLP106\")"}], sup[0]["suppressions"]
assert sup[0]["properties"]["kernel_verdict"] == "refused"
n = [x for x in run["invocations"][0]["toolExecutionNotifications"] if x["properties"]["kind"] == "suppressed-refusal"]
assert len(n) == 1 and n[0]["level"] == "error" and n[0]["associatedRule"]["id"] == "KLP105"
assert "lp_allow" not in json.dumps(cq)'
check "fingerprints: FNV-1a of rule, module, object, function and the occurrence, never the message" '
def fnv(parts):
    h = 0xcbf29ce484222325
    for p in parts:
        for b in (p or "").encode():
            h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
        h = ((h ^ 0xff) * 0x100000001b3) & 0xffffffffffffffff
    return "%016x" % h
seen, want = {}, []
for f in js["findings"]:
    key = fnv([f["rule"], f["module"] or f["file"], f["object"], f["function"]])
    seen[key] = seen.get(key, 0) + 1
    want.append("%s:%d" % (key, seen[key]))
got = [r["partialFingerprints"]["klpcheck/v1"] for r in two["runs"][0]["results"]]
assert want and got == want, (got, want)
assert [i["fingerprint"] for i in cq] == want
assert len(set(want)) == len(want)'
check "invocations: executionSuccessful with the exit code" '
inv = run["invocations"][0]
assert inv["executionSuccessful"] is True and inv["exitCode"] == 1'

# plan in the formats CI reads: every step's findings, one SARIF run, one Code Quality array.
# shellcheck disable=SC2086
"$KLPCHECK" plan $T --format sarif "$mods/lp_single.ko" "$mods/lp_notmarked.ko" >"$tmpdir/plan.sarif" 2>/dev/null; rc=$?
# shellcheck disable=SC2086
"$KLPCHECK" plan $T --format json "$mods/lp_single.ko" "$mods/lp_notmarked.ko" >"$tmpdir/plan.json" 2>/dev/null
# shellcheck disable=SC2086
"$KLPCHECK" plan $T --format codequality "$mods/lp_single.ko" "$mods/lp_notmarked.ko" >"$tmpdir/plan.cq" 2>/dev/null; rc2=$?
[ $rc -eq 1 ] && [ $rc2 -eq 1 ] && "$PYTHON3" - "$tmpdir/plan.sarif" "$tmpdir/plan.json" "$tmpdir/plan.cq" "$schema" <<'PY'
import json, sys
s, j, cq = (json.load(open(f)) for f in sys.argv[1:4])
if sys.argv[4]:
    import jsonschema
    jsonschema.validate(s, json.load(open(sys.argv[4])))
want = [(f["rule"], f["module"]) for st in j["plan"] for f in st["findings"]]
assert ("KLP101", "lp_notmarked") in want
res = s["runs"][0]["results"]
got = [(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].split("/")[0]) for r in res]
assert got == want, (got, want)
assert [i["check_name"] for i in cq] == [w[0] for w in want]
assert s["runs"][0]["invocations"][0]["exitCode"] == 1
PY
tap_ok $? "plan -f sarif and -f codequality: every step's findings (exit $rc, $rc2)"
tap_done
