#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpora of the fuzz harnesses from testdata/ (run by tests/fuzz/run.sh).

usage: mkseeds.py SRCDIR OUTDIR
OUTDIR/module: real modules, their gzip/xz/zstd forms (and zstd after a skippable frame),
  tests/mkbad.py's broken ones, and small forms of tests/mkhostile.py's: a .klp.rela symbol
  name ending the file, call sites each in its own function, DWARF that does not parse.
OUTDIR/target-file: a kind byte (see fuzz-target-file.c) then kallsyms, System.map,
  available_filter_functions, config, Module.symvers excerpts, and a tiny vmlinux; kallsyms and
  ftrace lists naming a module per line, with control bytes, for `target --full`; a module
  for --existing.
OUTDIR/sysfs: the trees of testdata/sysfs as archives (fuzz-sysfs.c), and snapshots.
"""
import glob
import gzip
import lzma
import os
import subprocess
import sys

KALLSYMS, SYSTEM_MAP, FTRACE, KCONFIG, SYMVERS, VMLINUX, KALLSYMS_WANTED, KALLSYMS_TEXT, \
    FTRACE_TEXT, EXISTING = (bytes([i]) for i in range(10))


def head(data, lines):
    return b"".join(data.splitlines(keepends=True)[:lines])


def archive(mode, root, prefix=""):
    out = [mode]
    for d, dirs, files in sorted(os.walk(root)):
        rel = os.path.relpath(d, root)
        rel = "" if rel == "." else rel + "/"
        for name in sorted(dirs):
            out.append(b"d " + (prefix + rel + name).encode() + b"\n\0")
        for name in sorted(files):
            if name == ".keep":
                continue
            with open(os.path.join(d, name), "rb") as f:
                out.append(b"f " + (prefix + rel + name).encode() + b"\n" + f.read().replace(b"\0", b"") + b"\0")
    return b"".join(out)


def main():
    src, out = sys.argv[1], sys.argv[2]
    for sub in ("module", "target-file", "sysfs"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)

    def put(sub, name, data):
        with open(os.path.join(out, sub, name), "wb") as f:
            f.write(data)

    mods = sorted(glob.glob(os.path.join(src, "testdata/modules/*/*-nodwarf.ko")))
    for m in mods:
        put("module", os.path.basename(os.path.dirname(m)) + "-" + os.path.basename(m), open(m, "rb").read())
    for name in ("lp_single", "lp_callbacks", "lp_k4_12", "lp_k5_1"):
        m = os.path.join(src, "testdata/modules/6.1", name + ".ko")
        if os.path.exists(m):
            put("module", "dwarf-" + name + ".ko", open(m, "rb").read())
    small = open(os.path.join(src, "testdata/modules/6.1/lp_single-nodwarf.ko"), "rb").read()
    put("module", "lp_single.ko.gz", gzip.compress(small, mtime=0))
    put("module", "lp_single.ko.xz", lzma.compress(small, check=lzma.CHECK_CRC32))
    try:
        put("module", "lp_single.ko.zst", subprocess.run(["zstd", "-q", "-c"], input=small,
                                                          stdout=subprocess.PIPE, check=True).stdout)
        zst = open(os.path.join(out, "module", "lp_single.ko.zst"), "rb").read()
        put("module", "lp_single-skippable.ko.zst", b"\x50\x2a\x4d\x18\x04\0\0\0skip" + zst)
    except (OSError, subprocess.CalledProcessError):
        pass
    sys.path.insert(0, os.path.join(src, "tests"))
    from mkhostile import big_funcs_module, dwarf_broken_cases
    put("module", "hostile-klp-rela-short-name.ko", big_funcs_module(1, klp_rela=True))
    put("module", "hostile-calls-funcs.ko", big_funcs_module(2, ncalls=40, call_funcs=True))
    put("module", "hostile-objs.ko", big_funcs_module(40, distinct=True))
    try:
        for name, data in dwarf_broken_cases(os.path.join(src, "testdata/modules/6.1/lp_single.ko"), out):
            put("module", "hostile-" + name, data)
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    bad = os.path.join(out, "mkbad")
    os.makedirs(bad, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(src, "tests/mkbad.py"),
                    os.path.join(src, "testdata/modules/6.1/lp_single-nodwarf.ko"),
                    os.path.join(src, "testdata/modules/6.1/notlivepatch.ko"), bad],
                   stdout=subprocess.DEVNULL, check=True)
    for f in os.listdir(bad):
        put("module", "bad-" + f, open(os.path.join(bad, f), "rb").read())

    t = os.path.join(src, "testdata/target")
    kallsyms = open(os.path.join(t, "kallsyms"), "rb").read()
    put("target-file", "kallsyms", KALLSYMS + kallsyms)
    put("target-file", "kallsyms-wanted", KALLSYMS_WANTED + kallsyms)
    put("target-file", "kallsyms-text", KALLSYMS_TEXT + head(kallsyms, 200))
    mods = b"".join(b"ffffffffc%07x t f\t[m%d]\n" % (k, k) for k in range(100))
    put("target-file", "kallsyms-modules", KALLSYMS + b"ffffffff81000000 T _stext\n" + mods)
    escapes = b"ffffffff81000000 T _stext\nffffffff81000010 T ev\x1b]0;t\x07il\nffffffffc0000000 t f\t[m\x1b[31m]\n"
    put("target-file", "kallsyms-escapes-text", KALLSYMS_TEXT + escapes)
    put("target-file", "ftrace-modules-text", FTRACE_TEXT + b"".join(b"f [m%d]\n" % k for k in range(100)))
    put("target-file", "existing", EXISTING + open(os.path.join(src, "testdata/modules/6.1/lp_single-nodwarf.ko"), "rb").read())
    sysmap = open(os.path.join(t, "debian-6.1/System.map.excerpt"), "rb").read()
    put("target-file", "system-map", SYSTEM_MAP + sysmap)
    put("target-file", "system-map.gz", SYSTEM_MAP + gzip.compress(head(sysmap, 40), mtime=0))
    for f in ("available_filter_functions", "available_filter_functions_addrs"):
        put("target-file", f, FTRACE + open(os.path.join(t, f), "rb").read())
    config = gzip.decompress(open(os.path.join(t, "debian-6.1/config-6.1.0-54-amd64.gz"), "rb").read())
    put("target-file", "config", KCONFIG + head(config, 400))
    put("target-file", "config.gz", KCONFIG + gzip.compress(head(config, 100), mtime=0))
    put("target-file", "symvers", SYMVERS + open(os.path.join(t, "debian-6.1/Module.symvers.excerpt"), "rb").read())
    for rel in ("6.1", "6.12"):
        k = os.path.join(src, "testdata/kernel", rel)
        for f, kind in (("kallsyms.xz", KALLSYMS), ("available_filter_functions.xz", FTRACE), ("config.xz", KCONFIG)):
            p = os.path.join(k, f)
            if os.path.exists(p):
                text = lzma.decompress(open(p, "rb").read())
                put("target-file", rel + "-" + f[:-3], kind + head(text, 300))
                put("target-file", rel + "-" + f, kind + lzma.compress(head(text, 50)))
    vm = subprocess.run([sys.executable, os.path.join(src, "tests/mkvmlinux.py"), os.path.join(out, "vmlinux")],
                        stdout=subprocess.DEVNULL)
    if vm.returncode == 0 and os.path.exists(os.path.join(out, "vmlinux")):
        put("target-file", "vmlinux", VMLINUX + open(os.path.join(out, "vmlinux"), "rb").read())

    n = 0
    for scen in sorted(glob.glob(os.path.join(src, "testdata/sysfs/*/*/*"))) + \
            sorted(glob.glob(os.path.join(src, "testdata/sysfs/*-layout"))):
        if os.path.isdir(scen):
            put("sysfs", "sysfs-%03d" % n, archive(b"s", scen))
            snap = [b"t", b"f klpcheck-snapshot\nklpcheck-snapshot 1\n\0", b"f osrelease\n6.1.0-54-amd64\n\0",
                    b"f kallsyms\n" + head(kallsyms, 30) + b"\0", b"f config\nCONFIG_LIVEPATCH=y\n\0",
                    b"d livepatch\n\0", archive(b"", scen, "livepatch/")]
            put("sysfs", "snapshot-%03d" % n, b"".join(snap))
            n += 1


if __name__ == "__main__":
    main()
