#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks that a module in `klpcheck inspect --format json` output carries every value of a
hand-written expectation. Keys starting with '_' are notes; '_variants' holds per-variant
values ("dwarf" or "nodwarf") merged in before comparing. Lists must match in length and order.

usage: json-subset.py EXPECTED.json ACTUAL.json VARIANT
"""
import json
import sys


def compare(want, got, path, errors):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            errors.append(f"{path}: expected an object, got {json.dumps(got)}")
            return
        for key, value in want.items():
            if key.startswith("_"):
                continue
            if key not in got:
                errors.append(f"{path}.{key}: missing")
                continue
            compare(value, got[key], f"{path}.{key}", errors)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            errors.append(f"{path}: expected {len(want)} entries, got {json.dumps(got)}")
            return
        for i, (w, g) in enumerate(zip(want, got)):
            compare(w, g, f"{path}[{i}]", errors)
    elif want != got or type(want) is not type(got):
        errors.append(f"{path}: expected {json.dumps(want)}, got {json.dumps(got)}")


def main():
    want = json.load(open(sys.argv[1]))
    doc = json.load(open(sys.argv[2]))
    variant = sys.argv[3]
    want.update(want.get("_variants", {}).get(variant, {}))
    if doc.get("version") != 1 or len(doc.get("modules", [])) != 1:
        print("# output is not a version-1 document with one module")
        return 1
    errors = []
    compare(want, doc["modules"][0], "$", errors)
    for e in errors:
        print(f"# {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
