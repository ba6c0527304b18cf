#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the hostile modules of testdata/bad/ (tests/hostile.sh), each with the reason klpcheck
must give, in addition to the ones tests/mkbad.py makes.

usage: mkhostile.py small GOOD-NODWARF.ko GOOD-DWARF.ko OUTDIR
           the small cases, committed in testdata/bad/ (the DWARF ones xz-compressed)
       mkhostile.py big OUTDIR
           the big ones (a 100,000-function patch, decompression bombs), made at test time
Prints one line per case: FILE<TAB>EXPECTED-SUBSTRING.
"""
import gzip
import lzma
import os
import re
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkbad import EHDR, SHDR, SYM, RELA, Elf  # noqa: E402

R_X86_64_64, R_X86_64_PLT32, R_X86_64_32S = 1, 4, 11


def small_cases(good):
    e = Elf(good)
    b = bytearray(good); struct.pack_into("<Q", b, 40, len(good) + 0x1000)
    yield "shoff-past-end.ko", b, "section header table (%d entries at offset 0x%x) extends past the end of the file" % (e.shnum, len(good) + 0x1000)

    # Extended numbering: e_shnum 0, the real count in section 0's sh_size, here absurd.
    b = Elf(good); struct.pack_into("<H", b.b, 60, 0); b.sh[0][5] = 0xffffffff; b.put_shdr(0)
    yield "shnum-extended.ko", b.b, "no section headers"

    b = Elf(good); s = b.sh[b.shstrndx]
    b.b[s[4]:s[4] + s[5]] = b"x" * s[5]
    yield "shstrtab-no-nul.ko", b.b, "is not in the section name table"

    b = Elf(good); i = b.sec(".symtab"); b.sh[i][6] = 999; b.put_shdr(i)
    yield "symtab-link-range.ko", b.b, "symbol table links to section 999, not a string table"

    b = Elf(good); i, off, n = b.symtab()
    struct.pack_into("<I", b.b, off + (n - 1) * SYM.size, 0xffffff)
    yield "sym-name-range.ko", b.b, "name offset 16777215 is outside the string table"

    b = Elf(good); i = b.sec(".rela.data"); b.sh[i][7] = 999; b.put_shdr(i)
    yield "rela-info-range.ko", b.b, ".rela.data applies to section 999, out of range"

    b = Elf(good); pos, (roff, rinfo, radd) = b.relas(".rela.data")[0]
    RELA.pack_into(b.b, pos, 0xfffffffffffffffc, rinfo, radd)
    yield "rela-offset-wrap.ko", b.b, ".rela.data: relocation 0 at offset 0xfffffffffffffffc lies outside .data"

    b = Elf(good); i = b.sec(".modinfo"); s = b.sh[i]
    b.b[s[4]:s[4] + s[5]] = b"x" * s[5]
    yield "modinfo-no-nuls.ko", b.b, ".modinfo is not NUL-terminated"

    # klp_patch.objs (.data+0x8) pointing at the klp_patch itself (.data+0).
    b = Elf(good)
    for pos, (roff, rinfo, radd) in b.relas(".rela.data"):
        if roff == 8:
            RELA.pack_into(b.b, pos, roff, rinfo, 0)
    yield "patch-objs-self.ko", b.b, "klp_patch.objs at .data+0x0 overlaps struct klp_patch at .data+0x0"

    # klp_object.funcs (.data+0xe8) pointing back at the klp_object array (.data+0xe0).
    b = Elf(good)
    for pos, (roff, rinfo, radd) in b.relas(".rela.data"):
        if roff == 0xe8:
            RELA.pack_into(b.b, pos, roff, rinfo, 0xe0)
    yield "funcs-in-objects.ko", b.b, "klp_object.funcs at .data+0xe0 overlaps the klp_object array at .data+0xe0"


def readelf_dies(path):
    """(offset, depth, tag, {attr: (attr_offset, value)}) for every DIE, from readelf -wi."""
    out = subprocess.run(["readelf", "--debug-dump=info", "-W", path], stdout=subprocess.PIPE,
                         check=True, text=True, errors="replace").stdout
    dies, cu = [], 0
    for line in out.splitlines():
        m = re.match(r"\s*Compilation Unit @ offset (0x[0-9a-f]+)", line)
        if m:
            cu = int(m.group(1), 16)
            continue
        m = re.match(r"\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: \d+ \((DW_TAG_\w+)\)", line)
        if m:
            dies.append((int(m.group(2), 16), int(m.group(1)), m.group(3), {}, cu))
            continue
        m = re.match(r"\s*<([0-9a-f]+)>\s+(DW_AT_\w+)\s*:\s*(.*)", line)
        if m and dies:
            dies[-1][3][m.group(2)] = (int(m.group(1), 16), m.group(3).strip())
    return dies


def dwarf_cases(dwarf_ko):
    """Type chains that loop, patched into the module's .debug_info (DW_FORM_ref4, CU-relative)."""
    good = open(dwarf_ko, "rb").read()
    e = Elf(good)
    info = e.sh[e.sec(".debug_info")][4]
    dies = readelf_dies(dwarf_ko)

    def name(d):
        v = d[3].get("DW_AT_name", (0, ""))[1]
        return v.split(": ")[-1]

    def members(struct_name):
        for k, d in enumerate(dies):
            if d[2] == "DW_TAG_structure_type" and name(d) == struct_name and "DW_AT_byte_size" in d[3]:
                for c in dies[k + 1:]:
                    if c[1] <= d[1]:
                        break
                    if c[2] == "DW_TAG_member":
                        yield c
                return

    old_name = next(m for m in members("klp_func") if name(m) == "old_name")
    cu = old_name[4]
    # A typedef of the same CU to turn into a loop: its own type is itself.
    td = next(d for d in dies if d[4] == cu and d[2] == "DW_TAG_typedef" and "DW_AT_type" in d[3])

    def set_ref(b, die, target):
        struct.pack_into("<I", b, info + die[3]["DW_AT_type"][0], target[0] - cu)

    b = bytearray(good)
    set_ref(b, td, td)
    set_ref(b, old_name, td)
    yield "dwarf-typedef-loop.ko.xz", b, None

    # A pointer type whose pointee is itself, and a two-typedef cycle.
    td2 = next(d for d in dies if d[4] == cu and d[2] == "DW_TAG_typedef" and "DW_AT_type" in d[3] and d is not td)
    b = bytearray(good)
    set_ref(b, td, td2)
    set_ref(b, td2, td)
    set_ref(b, old_name, td)
    for m in members("klp_object"):
        if "DW_AT_type" in m[3]:
            set_ref(b, m, td2)
    yield "dwarf-typedef-cycle.ko.xz", b, None

    # An array whose element type is the array: dwarf_aggregate_size() recursion.
    arr = next((d for d in dies if d[4] == cu and d[2] == "DW_TAG_array_type" and "DW_AT_type" in d[3]), None)
    if arr:
        b = bytearray(good)
        set_ref(b, arr, arr)
        for m in members("klp_func"):
            set_ref(b, m, arr)
        yield "dwarf-array-loop.ko.xz", b, None


def big_funcs_module(n, nobj=1, name_len=0, ncalls=1):
    """A klp_patch with nobj objects sharing one array of n functions, built from nothing (5.5
    builtin layout); with name_len, every old_name is one string of name_len bytes; init calls
    klp_enable_patch(&patch) ncalls times."""
    sections = []  # name, type, flags, data, link, info, entsize, align

    def sec(name, typ, flags, data, link=0, info=0, entsize=0, align=8):
        sections.append([name, typ, flags, bytes(data), link, info, entsize, align])
        return len(sections)  # index, counting the null section

    # .text: init() { lea patch(%rip) -> rdi; call klp_enable_patch }, then n one-byte functions.
    text = bytearray((b"\x48\xc7\xc7\x00\x00\x00\x00" + b"\xe8\x00\x00\x00\x00") * ncalls + b"\xc3") + b"\xc3" * n
    fn0 = 12 * ncalls + 1  # the first replacement function
    strs = bytearray()
    names = []
    for k in range(n):
        if name_len and k:
            names.append(0)
            continue
        names.append(len(strs))
        strs += (b"x" * name_len + b"\0") if name_len else (b"fn_%d\0" % k)
    modinfo = b"vermagic=6.1.0-54-amd64 SMP preempt mod_unload modversions \0livepatch=Y\0name=lp_huge\0license=GPL\0"
    PATCH, OBJS, FUNCS = 0, 200, 200 + 168 * (nobj + 1)
    data = bytearray(FUNCS + 152 * (n + 1))
    this_module = bytearray(0x380)
    this_module[24:24 + 7] = b"lp_huge"
    i_text = sec(".text", 1, 6, text, align=16)
    i_str = sec(".rodata.str", 1, 0x32, strs, entsize=1, align=1)
    i_modinfo = sec(".modinfo", 1, 2, modinfo, align=1)
    i_data = sec(".data", 1, 3, data, align=32)
    i_mod = sec(".gnu.linkonce.this_module", 1, 3, this_module, align=64)
    # Symbols: null, section symbols, then local functions, then globals.
    syms = [(0, 0, 0, 0, 0, 0)]
    strtab = bytearray(b"\0")

    def sym(name, info, shndx, value=0, size=0):
        off = 0
        if name:
            off = len(strtab)
            strtab.extend(name + b"\0")
        syms.append((off, info, 0, shndx, value, size))
        return len(syms) - 1

    s_text = sym(b"", 3, i_text)
    s_str = sym(b"", 3, i_str)
    s_data = sym(b"", 3, i_data)
    for k in range(n):
        sym(b"livepatch_fn_%d" % k, 2, i_text, fn0 + k, 1)
    nlocal = len(syms)
    sym(b"init_module", 0x12, i_text, 0, fn0)
    s_enable = sym(b"klp_enable_patch", 0x10, 0)
    sym(b"__this_module", 0x11, i_mod, 0, 0x380)
    rtext = b"".join(RELA.pack(12 * k + 3, (s_data << 32) | R_X86_64_32S, PATCH) +
                     RELA.pack(12 * k + 8, (s_enable << 32) | R_X86_64_PLT32, -4) for k in range(ncalls))
    rdata = [RELA.pack(PATCH + 8, (s_data << 32) | R_X86_64_64, OBJS)]
    for k in range(nobj):
        rdata.append(RELA.pack(OBJS + 168 * k + 8, (s_data << 32) | R_X86_64_64, FUNCS))
    for k in range(n):
        base = FUNCS + 152 * k
        rdata.append(RELA.pack(base, (s_str << 32) | R_X86_64_64, names[k]))
        rdata.append(RELA.pack(base + 8, (s_text << 32) | R_X86_64_64, fn0 + k))
    n_sections = len(sections) + 5  # + .rela.text .rela.data .symtab .strtab .shstrtab
    i_symtab = n_sections - 2
    sec(".rela.text", 4, 0x40, rtext, i_symtab, i_text, RELA.size)
    sec(".rela.data", 4, 0x40, b"".join(rdata), i_symtab, i_data, RELA.size)
    sec(".symtab", 2, 0, b"".join(SYM.pack(*s) for s in syms), i_symtab + 1, nlocal, SYM.size)
    sec(".strtab", 3, 0, strtab, align=1)
    shstr = bytearray(b"\0")
    for s in sections:
        s.append(len(shstr))
        shstr += s[0].encode() + b"\0"
    s_shstr = len(shstr)
    shstr += b".shstrtab\0"
    sections.append([".shstrtab", 3, 0, bytes(shstr), 0, 0, 0, 1, s_shstr])
    out = bytearray(EHDR.size)
    hdrs = [SHDR.pack(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)]
    for name, typ, flags, body, link, info, entsize, align, nameoff in sections:
        out += bytes(-len(out) % align)
        hdrs.append(SHDR.pack(nameoff, typ, flags, 0, len(out), len(body), link, info, align, entsize))
        out += body
    out += bytes(-len(out) % 8)
    shoff = len(out)
    out += b"".join(hdrs)
    ident = b"\x7fELF\x02\x01\x01" + bytes(9)
    EHDR.pack_into(out, 0, ident, 1, 62, 1, 0, 0, shoff, 0, EHDR.size, 0, 0, SHDR.size, len(hdrs), len(hdrs) - 1)
    return out


def bombs(outdir, size):
    """Modules that decompress to size bytes of zeros, in the three compressions."""
    chunk = bytes(1 << 20)
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(os.path.join(outdir, "bomb.ko.gz"), "wb") as f:
        for _ in range(size >> 20):
            f.write(z.compress(chunk))
        f.write(z.flush())
    yield "bomb.ko.gz"
    try:
        with open(os.path.join(outdir, "bomb.ko.zst"), "wb") as f:
            p = subprocess.Popen(["zstd", "-q", "-1", "-c", "--no-check"], stdin=subprocess.PIPE, stdout=f)
            for _ in range(size >> 20):
                p.stdin.write(chunk)
            p.stdin.close()
            if p.wait() == 0:
                yield "bomb.ko.zst"
    except OSError:
        pass


def main():
    what = sys.argv[1]
    if what == "small":
        good, dwarf_ko, out = sys.argv[2], sys.argv[3], sys.argv[4]
        why_dwarf = "a size the kernel's struct cannot have (a type that loops?)"
        cases = list(small_cases(open(good, "rb").read())) + \
            [(n, d, why_dwarf) for n, d, _ in dwarf_cases(dwarf_ko)]
        for name, data, why in cases:
            if name.endswith(".xz"):
                data = lzma.compress(bytes(data), preset=9 | lzma.PRESET_EXTREME)
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            print(f"{name}\t{why}")
    else:
        out = sys.argv[2]
        with open(os.path.join(out, "funcs-100000.ko"), "wb") as f:
            f.write(big_funcs_module(100000))
        print(f"{os.path.join(out, 'funcs-100000.ko')}\t-")
        # 100,000 calls to klp_enable_patch() in one function: one disassembly pass, not 100,000.
        with open(os.path.join(out, "calls-100000.ko"), "wb") as f:
            f.write(big_funcs_module(1, ncalls=100000))
        print(f"{os.path.join(out, 'calls-100000.ko')}\t-")
        # 1000 objects sharing one array of 1000 functions: a million entries if decoded.
        with open(os.path.join(out, "objs-share-funcs.ko"), "wb") as f:
            f.write(big_funcs_module(1000, nobj=1000))
        print(f"{os.path.join(out, 'objs-share-funcs.ko')}\tklp_object.funcs at .data+0x%x overlaps a klp_func array at .data+0x%x" % ((200 + 168 * 1001,) * 2))
        # 10,000 functions whose old_name is one 1 MiB string: 10 GiB if each were copied.
        with open(os.path.join(out, "name-1mib.ko"), "wb") as f:
            f.write(big_funcs_module(10000, name_len=1 << 20))
        print(f"{os.path.join(out, 'name-1mib.ko')}\tklp_func.old_name points to .rodata.str+0x0, a string longer than 4096 bytes")
        for name in bombs(out, 1100 << 20):
            print(f"{os.path.join(out, name)}\tdecompresses to more than")


if __name__ == "__main__":
    main()
