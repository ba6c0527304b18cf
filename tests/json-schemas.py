#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs klpcheck's JSON-emitting commands on real inputs and validates every document against
docs/schemas/*.json; checks that docs/json.md names every field the schemas define. TAP output.

usage: json-schemas.py KLPCHECK SRCDIR
"""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema  # python3-jsonschema

klpcheck, src = sys.argv[1], sys.argv[2]
n = failed = 0


def ok(cond, what):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print(f"{'ok' if cond else 'not ok'} {n} - {what}")


def schema(name):
    with open(f"{src}/docs/schemas/{name}.json", encoding="utf-8") as f:
        s = json.load(f)
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def check(name, validator, argv, what, want_rc=(0, 1)):
    p = subprocess.run([klpcheck] + argv, capture_output=True, cwd=src)
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        ok(False, f"{name}: {what}: output is not JSON ({e}; exit {p.returncode}: {p.stderr[:200]!r})")
        return None
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    detail = "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in errors[:3])
    ok(not errors and p.returncode in want_rc,
       f"{name}: {what} validates against docs/schemas/{name}.json (exit {p.returncode}) {detail}")
    return doc


k61 = "testdata/kernel/6.1"
t61 = ["--release", "6.1.0-54-amd64", "--kallsyms", f"{k61}/kallsyms.xz", "--ftrace-functions",
       f"{k61}/available_filter_functions.xz", "--kconfig", f"{k61}/config.xz",
       "--sysroot", "/nonexistent-klpcheck-root"]
k612 = "testdata/kernel/6.12"
t612 = ["--release", "6.12.117+deb12-amd64", "--kallsyms", f"{k612}/kallsyms.xz", "--ftrace-functions",
        f"{k612}/available_filter_functions.xz", "--kconfig", f"{k612}/config.xz",
        "--symvers", f"{k612}/Module.symvers.xz", "--sysroot", "/nonexistent-klpcheck-root"]
mods61 = sorted(glob.glob("testdata/modules/6.1/*.ko", root_dir=src))
mods612 = sorted(glob.glob("testdata/modules/6.12/*.ko", root_dir=src))
klp = sorted(glob.glob("testdata/klp/*.ko", root_dir=src) + glob.glob("testdata/loader/*.ko", root_dir=src))
bad = ["testdata/bad/README.md", "testdata/bad/funcs-in-objects.ko", "testdata/no-such-module.ko"]
assert mods61 and mods612 and klp, "no fixture modules"
nc = ["--no-project-config"]

# check: every module, against each kernel, and unreadable inputs (KLP001 findings, exit 2)
v = schema("check")
bulk = (1,)  # findings (the fixture modules with no patch are KLP003 findings)
docs = [check("check", v, nc + t61 + ["--format", "json"] + mods61 + klp, f"{len(mods61) + len(klp)} 6.1 modules",
              want_rc=bulk),
        check("check", v, nc + t612 + ["--format", "json"] + mods612, f"{len(mods612)} 6.12 modules", want_rc=bulk),
        check("check", v, nc + ["--format", "json", "--sysroot", "/nonexistent-klpcheck-root",
                                "testdata/modules/6.1/lp_single.ko"], "a module without a target",
              want_rc=(4,)),
        check("check", v, nc + t61 + ["--format", "json", "--sysfs", "testdata/sysfs/6.1/stuck/01",
                                      "testdata/modules/6.1/lp_single.ko"], "a module over a stuck transition")]
check("check", v, nc + t61 + ["--format", "json"] + bad, f"{len(bad)} unreadable inputs", want_rc=(2,))
kinds = {n["kind"] for d in docs if d for n in d["notices"]}
ok({"incomplete", "deferred"} <= kinds, f"the check documents carry notices ({sorted(kinds)})")
d = check("check", v, nc + t61 + ["--format", "json", "--allow-incomplete", "--symvers", f"{k61}/Module.symvers.xz",
                                  "--sysfs", "testdata/sysfs/6.1/clean/00", "--modules-dir", "testdata/modules/6.1",
                                  "--modules-builtin", f"{k61}/modules.builtin.xz", "--btf", f"{k61}/btf.xz",
                                  "testdata/modules/6.1/lp_single.ko"], "a complete run", want_rc=(0,))
ok(d is not None and d["notices"] == [] and d["findings"] == [], "a complete, clean run has no notice and no finding")
verdicts = {f["kernel_verdict"] for d in docs if d for f in d["findings"]}
ok({"none", "refused", "stuck"} <= verdicts, f"the check documents carry every kernel_verdict ({sorted(verdicts)})")

# inspect: every module of both kernels
v = schema("inspect")
d1 = check("inspect", v, ["inspect", "--format", "json"] + mods61 + klp, f"{len(mods61) + len(klp)} 6.1 modules",
           want_rc=(2,))
d2 = check("inspect", v, ["inspect", "--format", "json"] + mods612, f"{len(mods612)} 6.12 modules", want_rc=(2,))
formats = {m["format"] for d in (d1, d2) if d for m in d["modules"]}
ok(formats == {"klp_patch", "kpatch", "klp-build"}, f"inspect covers every format ({sorted(formats)})")

# plan: stacked, replace, refused and stuck steps
v = schema("plan")
m = "testdata/modules/6.1/"
check("plan", v, ["plan"] + nc + t61 + ["--format", "json", m + "lp_single.ko", m + "lp_stack2.ko",
                                        m + "lp_replace.ko", m + "lp_nosym.ko"], "four steps")
d = check("plan", v, ["plan"] + nc + t61 + ["--format", "json", m + "lp_stuck.ko", m + "lp_single.ko"],
          "a stuck step, then a refused one")
ok(d is not None and [s["verdict"] for s in d["plan"]] == ["stuck", "refused"], "plan verdicts stuck, refused")

# target: the captured kernels, a sysfs tree with --existing, lookups, and --full
v = schema("target")
check("target", v, ["target"] + t61 + ["--format", "json"], "the 6.1 target")
check("target", v, ["target"] + t612 + ["--format", "json", "--modules-dir", "testdata/modules/6.12"],
      "the 6.12 target with its exports and modules")
check("target", v, ["target"] + t61 + ["--format", "json", "--sysfs", "testdata/sysfs/6.1/replace-drop/02",
                                       "--existing", m + "lp_single.ko", "--symbol", "cmdline_proc_show",
                                       "--symbol", "ipmr_expire_process", "--symbol", "klpc_target:klpc_helper"],
      "a live stack and three lookups")
check("target", v, ["target", "--format", "json", "--system-map", "testdata/target/debian-6.1/System.map.excerpt",
                    "--kconfig", "testdata/target/debian-6.1/config-6.1.0-54-amd64.gz", "--full"],
      "--full from a System.map")
check("target", v, ["target", "--format", "json", "--release", "9.9.9", "--sysroot", "/nonexistent-klpcheck-root"],
      "a release with no files")

# --list-rules: the whole catalog, as the text listing has it
d = check("list-rules", schema("list-rules"), ["--list-rules", "--format", "json"], "the catalog", want_rc=(0,))
text = subprocess.run([klpcheck, "--list-rules"], capture_output=True, text=True).stdout.split("\n")
ok(d is not None and [r["id"] for r in d["rules"]] == [line.split()[0] for line in text if line],
   "--list-rules --format json lists the rules --list-rules does, in its order")

# docs/json.md names every field of every schema
with open(f"{src}/docs/json.md", encoding="utf-8") as f:
    page = f.read()
named = set(re.findall(r"`([a-z_][a-z0-9_]*)(?:\[\])?[`.\[ ]", page)) | set(re.findall(r"\.([a-z_][a-z0-9_]*)", page))


def fields(s, out):
    if isinstance(s, dict):
        for k, sub in s.get("properties", {}).items():
            out.add(k)
            fields(sub, out)
        for key in ("items", "additionalProperties"):
            if isinstance(s.get(key), dict):
                fields(s[key], out)
        for sub in s.get("$defs", {}).values():
            fields(sub, out)
    return out


for name in ("check", "inspect", "plan", "target", "list-rules"):
    with open(f"{src}/docs/schemas/{name}.json", encoding="utf-8") as f:
        missing = sorted(fields(json.load(f), set()) - named)
    ok(not missing, f"docs/json.md documents every field of docs/schemas/{name}.json {' '.join(missing)}")
for word in ("none", "refused", "stuck", "accepted"):
    ok(f"`{word}`" in page, f"docs/json.md explains the verdict `{word}`")
print(f"1..{n}")
sys.exit(1 if failed else 0)
