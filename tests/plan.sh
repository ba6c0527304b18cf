#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `klpcheck plan`: a deployment simulated step by step on the Debian 6.1 target. The sequence
# replays what the kernel did in tests/kernel/scenarios (stacked, states, stuck): a stacked patch
# is accepted, a replace patch lacking a loaded patch's states is refused and joins nothing, a
# compatible one replaces everything below it, a stuck transition makes the next load EBUSY.
. "${top_srcdir:-.}/tests/lib.sh"
k="$top_srcdir/testdata/kernel/6.1"
m="$top_srcdir/testdata/modules/6.1"
T="--no-project-config --sysroot /nonexistent-klpcheck-root --release 6.1.0-54-amd64 --kallsyms $k/kallsyms.xz --ftrace-functions $k/available_filter_functions.xz --kconfig $k/config.xz --symvers $k/Module.symvers.xz --sysfs $top_srcdir/testdata/sysfs/6.1/clean/00 --modules-dir $m --btf $k/btf.xz"
seq="$m/lp_single.ko $m/lp_stack2.ko $m/lp_states.ko $m/lp_replace.ko $m/lp_states_v2.ko $m/lp_stuck.ko $m/lp_notmarked.ko"

# shellcheck disable=SC2086
"$KLPCHECK" plan --format json $T $seq >"$tmpdir/plan.json"
rc=$?
tap_ok $(($rc != 1)) "plan exits 1: some step has an error finding"
"$PYTHON3" - "$tmpdir/plan.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
steps = d["plan"]
assert [s["verdict"] for s in steps] == ["accepted", "accepted", "accepted", "refused",
                                         "accepted", "stuck", "refused"], [s["verdict"] for s in steps]
stack = lambda n: {e["function"]: e["patches"] for e in steps[n - 1]["stacks_after"]}
assert stack(2) == {"vmlinux:cmdline_proc_show,1": "lp_single > lp_stack2"}, stack(2)
assert stack(3) == {"vmlinux:uptime_proc_show,1": "lp_states"}, stack(3)
assert stack(4) == stack(3)
assert stack(5) == {"vmlinux:uptime_proc_show,1": "lp_states_v2"}, stack(5)
assert stack(6)["vmlinux:kthreadd,1"] == "lp_stuck"
rules = lambda n: sorted({f["rule"] for f in steps[n - 1]["findings"]})
# lp_states frees its shadow variable in the call that attaches it: no KLP306 over it
assert rules(2) == ["KLP303"] and rules(3) == ["KLP302"] and rules(4) == ["KLP304"]
assert rules(5) == []
assert rules(6) == ["KLP207"] and "KLP301" in rules(7) and "KLP101" in rules(7)
PY
tap_ok $? "JSON: each step's verdict, findings and the function stacks that result"

# shellcheck disable=SC2086
"$KLPCHECK" plan --color never $T $seq >"$tmpdir/plan.txt"
grep -q "^step 4: .*lp_replace.ko (lp_replace): refused$" "$tmpdir/plan.txt" &&
	grep -q "^  stack vmlinux:cmdline_proc_show,1: lp_single > lp_stack2$" "$tmpdir/plan.txt" &&
	grep -q "lp_notmarked.ko: error: patch 'lp_stuck' is still in transition" "$tmpdir/plan.txt"
tap_ok $? "text: step lines, compiler-style findings, stack lines"

# a module name already loaded is refused EEXIST (KLP116): the same module twice, and a patch
# an atomic replace retired, whose module stays loaded (tests/kernel scenarios refusals and
# replace-drop)
# shellcheck disable=SC2086
"$KLPCHECK" plan --format json $T "$m/lp_single.ko" "$m/lp_single.ko" "$m/lp_replace.ko" \
	"$m/lp_single.ko" >"$tmpdir/dup.json"
"$PYTHON3" - "$tmpdir/dup.json" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))["plan"]
assert [s["verdict"] for s in steps] == ["accepted", "refused", "accepted", "refused"], steps
for n in (2, 4):
    f = [f for f in steps[n - 1]["findings"] if f["rule"] == "KLP116"]
    assert len(f) == 1 and f[0]["kernel_errno"] == "EEXIST" and "an earlier step" in f[0]["message"], f
assert not any(f["rule"] == "KLP116" for f in steps[2]["findings"])
PY
tap_ok $? "plan A.ko A.ko: the second is refused EEXIST, also after an atomic replace retired A"

# steps beyond load, as the kernel took them in tests/kernel (clean, stuck, refusals): rmmod of an
# enabled patch EAGAIN, disable, a second disable finds no directory, load again EEXIST, rmmod,
# load; a stuck patch's disable reverses it
# shellcheck disable=SC2086
"$KLPCHECK" plan --format json $T "$m/lp_single.ko" remove:lp_single disable:lp_single \
	disable:lp_single "load:$m/lp_single.ko" remove:lp_single "$m/lp_single.ko" \
	remove:klpc_target "$m/lp_stuck.ko" disable:lp_stuck >"$tmpdir/steps.json"
rc=$?
"$PYTHON3" - "$tmpdir/steps.json" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))["plan"]
got = [(s.get("action", "load"), s["verdict"], s.get("kernel_errno")) for s in steps]
assert got == [("load", "accepted", None), ("remove", "fails", "EAGAIN"), ("disable", "ok", None),
               ("disable", "fails", "ENOENT"), ("load", "refused", None), ("remove", "ok", None),
               ("load", "accepted", None), ("remove", "fails", "ENOENT"), ("load", "stuck", None),
               ("disable", "ok", None)], got
assert [f["rule"] for f in steps[4]["findings"] if f["kernel_verdict"] == "refused"] == ["KLP116"]
assert "reversed" in steps[9]["reason"]
PY
tap_ok $(($? + ($rc != 1))) "plan steps: disable, remove and load, each as the kernel takes it (exit $rc)"
"$KLPCHECK" plan $T remove: >/dev/null 2>"$tmpdir/err"
[ $? -eq 3 ] && grep -q "'remove:' names nothing" "$tmpdir/err"
tap_ok $? "plan: a step that names nothing is a usage error"

"$KLPCHECK" plan --format yaml $T "$m/lp_single.ko" >"$tmpdir/out" 2>&1
tap_ok $(($? != 3)) "plan --format yaml is a usage error (tests/sarif.sh: sarif and codequality)"

"$KLPCHECK" plan --sysroot /nonexistent-klpcheck-root "$m/lp_single.ko" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 3 ] && grep -q "plan needs a target" "$tmpdir/err"
tap_ok $? "plan without a target is a usage error (exit $rc)"
tap_done
