#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""klpcheck's verdicts against what real kernels did (the comparison of the kernel verdict tier).

For every `load` step recorded by tests/kernel/run.py (testdata/kernel/<kernel>/<scenario>/NN.json,
or a fresh results root), klpcheck runs on the host with the state the kernel had just before
that step: the /sys/kernel/livepatch tree recorded after the previous step, the patch modules
loaded so far (--existing, in load order), the kernel's kallsyms and available_filter_functions
(the boot capture plus the loaded modules' lines the previous step recorded, as a live system
shows them) and config. Its prediction is the strongest kernel verdict among its findings: refused, stuck, or
accepted when none predicts either. It must equal what the kernel did, and when it predicts a
refusal with kernel messages, the kernel must have logged one of them (it stops at the first
check that fails; klpcheck reports every one).

Precision (issue 13): for every load step the kernel accepted, the error findings are false
errors when no scenario of that kernel shows that module break anything in a later step before
the next livepatch load (a refused load, a failed write, a hang, a panic, an empty read), and
the warnings are false warnings when the step shows no loss (no patch gone from
/sys/kernel/livepatch, no stuck transition). Both are listed (TAP comments, and the summary on
stderr); they do not fail the run.

A disagreement fails, unless tests/kernel/known-gaps lists it (kernel, scenario, step, the
issue it waits on, the reason): then it is a TAP TODO, shown but not counted as a failure.

usage: verdicts.py [--root DIR] [--klpcheck PATH] [--tap] [--kernel 6.1,6.12,7.x]
"""
import argparse
import glob
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
RANK = {"accepted": 0, "stuck": 1, "refused": 2}
sys.path.insert(0, HERE)
from run import module_file  # noqa: E402  (the harness's own module search)


def module_name(tag, arg):
    """The name the kernel knows a module file by (.modinfo name=): klp_ok.ko is lp_single."""
    path = module_file(tag, arg)
    m = re.search(rb"\0name=([A-Za-z0-9_-]+)\0", open(path, "rb").read()) if path else None
    return m.group(1).decode() if m else arg


def load_gaps(path):
    gaps = {}
    if not os.path.exists(path):
        return gaps
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kernel, scenario, step, issue, reason = line.split(None, 4)
        gaps[(kernel, scenario, int(step))] = f"known gap ({issue}): {reason}"
    return gaps


def prediction(doc):
    verdict, messages, errnos = "accepted", [], set()
    # a suppressed finding the kernel refuses the module for is a notice, not a finding
    if any(n["kind"] == "suppressed-refusal" for n in doc.get("notices", [])):
        verdict = "refused"
        errnos.add(None)
    for f in doc["findings"]:
        v = f.get("kernel_verdict", "none")
        if v in RANK and RANK[v] > RANK[verdict]:
            verdict = v
        if v == "refused" and f.get("kernel_message"):
            messages.append(f["kernel_message"])
        if v == "refused":
            errnos.add(f.get("kernel_errno"))
    # an errno is predicted only when every refusing finding names one
    return verdict, messages, (errnos if None not in errnos else set())


def kernel_file(root, tag, name):
    for base in (os.path.join(root, "kernel", tag), os.path.join(TOP, "testdata", "kernel", tag)):
        path = os.path.join(base, name)
        if os.path.exists(path):
            return path
    return None


def with_modules(boot, lines, path):
    """A boot capture plus the loaded modules' lines the previous step recorded: what the live
    system's /proc/kallsyms or available_filter_functions held before this step."""
    if not lines:
        return boot
    with lzma.open(boot, "rt") as f, open(path, "w") as out:
        shutil.copyfileobj(f, out)
        out.write("\n".join(lines) + "\n")
    return path


def run_klpcheck(klpcheck, tag, kinfo, root, rec, module, existing, prev):
    tmp = tempfile.TemporaryDirectory(prefix="klpv-")
    kallsyms = with_modules(kernel_file(root, tag, "kallsyms.xz"),
                            prev.get("module_kallsyms"), os.path.join(tmp.name, "kallsyms"))
    ftrace = with_modules(kernel_file(root, tag, "available_filter_functions.xz"),
                          prev.get("module_ftrace"), os.path.join(tmp.name, "ftrace"))
    cmd = [klpcheck, "--format", "json", "--no-project-config", "--sysroot",
           "/nonexistent-klpcheck-root", "--release", kinfo["uname"],
           "--kallsyms", kallsyms,
           "--ftrace-functions", ftrace,
           "--kconfig", kernel_file(root, tag, "config.xz")]
    symvers = kernel_file(root, tag, "Module.symvers.xz")
    if symvers:
        cmd += ["--symvers", symvers]
    btf = kernel_file(root, tag, "btf.xz")  # tests/kernel/extract-btf.py (KLP603)
    if btf:
        cmd += ["--btf", btf]
    sysfs = rec["sysfs_before"]
    if sysfs:
        cand = [os.path.join(root, "sysfs", *sysfs.split("/")[2:]), os.path.join(TOP, sysfs)]
        sysfs = next((c for c in cand if os.path.isdir(c)), None)
        if sysfs:
            cmd += ["--sysfs", sysfs]
    # modules built for this kernel tell its struct module size (KLP111) and vermagic (KLP114)
    cmd += ["--modules-dir", os.path.join(TOP, "testdata", "modules", tag)]
    builtin = kernel_file(root, tag, "modules.builtin.xz")
    if builtin:
        cmd += ["--modules-builtin", builtin]
    # the signature policy the guest read (steps never change it: the first record has it too)
    for key, opt in (("sig_enforce", "--sig-enforce"), ("lockdown", "--lockdown")):
        value = prev.get(key) or rec.get(key)
        if value:
            path = os.path.join(tmp.name, key)
            with open(path, "w") as f:
                f.write(value + "\n")
            cmd += [opt, path]
    for m in existing:
        cmd += ["--existing", module_file(tag, m)]
    cmd.append(module_file(tag, module))
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    tmp.cleanup()
    if r.returncode not in (0, 1):
        return None, [], set(), f"klpcheck exit {r.returncode}: {r.stderr.strip()}", []
    doc = json.loads(r.stdout)
    return (*prediction(doc), "", doc["findings"])


def patches(tree):
    """The patches of a recorded /sys/kernel/livepatch tree (path -> value)."""
    return {p.split("/")[0] for p in (tree or {}) if p and not p.startswith(".")}


def breakage(recs, i, tag):
    """A later step, before the next livepatch load, that shows something broke: a module load
    refused, a write that failed, a hang or a panic, a read that came back empty."""
    for r in recs[i + 1:]:
        verb, _, arg = r["action"].partition(" ")
        if verb == "load" and is_livepatch(tag, arg):
            return None
        if r["outcome"] in ("fail", "hang", "panic"):
            return r
        if verb == "read" and not (r.get("output") or "").strip():
            return r
    return None


def loss_shown(recs, i, prev):
    """Whether the step shows a loss a warning can be about: a transition that did not end, or
    a patch gone from /sys/kernel/livepatch (replaced, with its functions and callbacks)."""
    rec = recs[i]
    return rec["outcome"] == "stuck" or bool(patches(prev.get("sysfs")) - patches(rec.get("sysfs")))


def precision(recs, i, prev, findings, tag):
    """Issue 13's figure for an accepted load step: the error findings (and whether a later step
    shows something broken), the warnings although the step shows no loss."""
    if recs[i]["outcome"] != "accepted":
        return [], False, []
    errors = sorted({f["rule"] for f in findings if f["severity"] == "error"})
    warnings = sorted({f["rule"] for f in findings if f["severity"] == "warning"})
    return errors, bool(breakage(recs, i, tag)), warnings if not loss_shown(recs, i, prev) else []


def is_livepatch(tag, module):
    return module_file(tag, module) is not None and module != "klpc_target"


def judge(rec, verdict, messages, errnos):
    problems = []
    did = rec["outcome"]
    if verdict != did:
        problems.append(f"klpcheck predicts {verdict}, the kernel: {did}")
    if did == "refused" and errnos and rec.get("errno") not in errnos:
        problems.append(f"klpcheck predicts {' or '.join(sorted(errnos))}, the kernel: {rec.get('errno')}")
    printed = rec.get("dmesg_livepatch") or []
    # the kernel stops at its first refusal: one of the lines klpcheck expects must be there
    if did == "refused" and messages and \
            not any(m in line for m in messages for line in printed):
        problems.append("the kernel logged none of: " + " | ".join(messages))
    return problems


def scenario_steps(root, tag):
    for sdir in sorted(glob.glob(os.path.join(root, "kernel", tag, "*", ""))):
        recs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(sdir, "[0-9]*.json")))]
        if recs:
            yield os.path.basename(os.path.dirname(sdir)), recs


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=os.path.join(TOP, "testdata"),
                    help="results root holding kernel/ and sysfs/ (default testdata/)")
    ap.add_argument("--klpcheck", default=os.environ.get("KLPCHECK", os.path.join(TOP, "klpcheck")))
    ap.add_argument("--kernel", default="6.1,6.12,7.x")
    ap.add_argument("--tap", action="store_true")
    a = ap.parse_args()
    gaps = load_gaps(os.path.join(HERE, "known-gaps"))
    n = failed = accepted = 0
    false_warnings, errors_seen, broken = [], [], set()
    table = []
    for tag in a.kernel.split(","):
        kjson = kernel_file(a.root, tag, "kernel.json")
        if not kjson:
            continue
        kinfo = json.load(open(kjson))
        # A fresh run records uname only when it captures; the committed record has it.
        if not kinfo.get("uname"):
            kinfo["uname"] = json.load(open(os.path.join(TOP, "testdata", "kernel", tag,
                                                     "kernel.json")))["uname"]
        for scenario, recs in scenario_steps(a.root, tag):
            loaded = []
            prev = {}  # the record of the previous step: what it left loaded
            for i, rec in enumerate(recs):
                verb, _, arg = rec["action"].partition(" ")
                if verb == "load" and is_livepatch(tag, arg):
                    existing = [m for m in loaded if m != arg and is_livepatch(tag, m)]
                    verdict, messages, errnos, err, findings = run_klpcheck(
                        a.klpcheck, tag, kinfo, a.root, rec, arg, existing, prev)
                    problems = [err] if err else judge(rec, verdict, messages, errnos)
                    errs, broke, fw = precision(recs, i, prev, findings, tag)
                    accepted += rec["outcome"] == "accepted"
                    where = f"{tag} {scenario} {rec['step']} ({arg})"
                    # an error is borne out when any scenario shows this module break something
                    errors_seen.append((tag, arg, where, errs))
                    if broke:
                        broken.add((tag, arg))
                    fe = [r for r in errs if not broke]
                    false_warnings += [f"{where}: {r}" for r in fw]
                    n += 1
                    gap = gaps.get((tag, scenario, rec["step"]))
                    desc = f"{tag} {scenario} {rec['step']}: {rec['action']}: kernel {rec['outcome']}, klpcheck {verdict}"
                    if problems and gap:
                        line = f"not ok {n} - {desc} # TODO {gap}"
                    elif problems:
                        failed += 1
                        line = f"not ok {n} - {desc}"
                    else:
                        line = f"ok {n} - {desc}" + (f" (listed gap closed: {gap})" if gap else "")
                    print(line if a.tap else "", end="\n" if a.tap else "")
                    for p in problems:
                        if a.tap:
                            print(f"#   {p}")
                    if a.tap and (fe or fw):
                        print(f"#   accepted: errors not borne out here {' '.join(fe) or '-'}, false warnings {' '.join(fw) or '-'}")
                    table.append((tag, scenario, rec["step"], rec["action"], rec["outcome"],
                                  verdict, "; ".join(problems) or "agree"))
                if verb in ("load", "load-target") and rec["outcome"] in ("accepted", "stuck", "ok"):
                    loaded.append(arg)
                if verb == "rmmod" and rec["outcome"] == "ok":
                    loaded = [m for m in loaded if module_name(tag, m) != arg]
                prev = rec
    out = sys.stderr if a.tap else sys.stdout
    for row in table:
        print("%-5s %-13s %2s  %-26s kernel %-9s klpcheck %-9s %s" % row, file=out)
    false_errors = [f"{where}: {r}" for tag, m, where, errs in errors_seen
                    if (tag, m) not in broken for r in errs]
    print(f"precision: {accepted} accepted load steps; false errors {len(false_errors)}, "
          f"false warnings {len(false_warnings)}", file=out)
    for what, rows in (("false error", false_errors), ("false warning", false_warnings)):
        for row in rows:
            print(f"  {what}: {row}", file=out)
    if a.tap:
        print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
