#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the hostile modules of testdata/bad/ (tests/hostile.sh), each with the reason klpcheck
must give, in addition to the ones tests/mkbad.py makes.

usage: mkhostile.py small GOOD-NODWARF.ko GOOD-DWARF.ko OUTDIR [KPATCH.ko KLPBUILD.ko]
           the small cases, committed in testdata/bad/ (the DWARF ones xz-compressed), made
           from a klp_patch module, its DWARF copy, and kpatch-build and klp-build modules
           without DWARF (by default kp_single-nodwarf.ko and kb_single-nodwarf.ko next to
           GOOD-NODWARF.ko); prints the lines of testdata/bad/cases: FILE<TAB>inspect<TAB>REASON
       mkhostile.py big OUTDIR
           the big ones (a 100,000-function patch, decompression bombs), made at test time;
           prints one line per case: FILE<TAB>EXPECTED-SUBSTRING ("-": must be read cleanly)
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

R_X86_64_64, R_X86_64_PC32, R_X86_64_PLT32, R_X86_64_32S = 1, 2, 4, 11


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


def set_rela(e, secname, roff, sym=None, rtype=None, addend=None, offset=None):
    """Rewrites the relocation of secname's target at roff: its symbol, type, addend or offset."""
    for pos, (o, info, a) in e.relas(secname):
        if o == roff:
            info = ((info >> 32 if sym is None else sym) << 32) | (info & 0xffffffff if rtype is None else rtype)
            RELA.pack_into(e.b, pos, o if offset is None else offset, info, a if addend is None else addend)
            return
    raise KeyError((secname, roff))


def set_sym(e, name, value):
    _, off, _ = e.symtab()
    struct.pack_into("<Q", e.b, off + e.sym_index(name) * SYM.size + 8, value)


def replace_data(e, name, data):
    """Gives section name new contents, appended to the file (section data may lie anywhere)."""
    i = e.sec(name)
    e.b += bytes(-len(e.b) % 8)
    e.sh[i][4], e.sh[i][5] = len(e.b), len(data)
    e.b += data
    e.put_shdr(i)


def drop_rela(good, secname, off):
    """good with the relocation of secname at offset off removed: that pointer reads NULL."""
    b = Elf(good)
    replace_data(b, secname, b"".join(RELA.pack(*r) for _, r in b.relas(secname) if r[0] != off))
    return b


def set_size(e, name, size, typ=None):
    i = e.sec(name)
    e.sh[i][5] = size
    if typ is not None:
        e.sh[i][1] = typ
    e.put_shdr(i)


def kpatch_cases(good):
    """kp_single-nodwarf.ko broken: one kpatch_patch_func in .kpatch.funcs, relocated at 0x0
    (new_addr, .text), 0x28 (name, .kpatch.strings+0x8) and 0x30 (objname, .kpatch.strings+0x0);
    empty, QUAD(0)-padded callback sections between their __kpatch_callbacks_* symbols."""
    b = Elf(good); set_size(b, ".kpatch.funcs", 60)
    yield "kp-funcs-size.ko", b.b, ".kpatch.funcs holds 60 bytes, not a whole number of 56-byte struct kpatch_patch_func"

    b = Elf(good); set_size(b, ".kpatch.funcs", 0); set_size(b, ".rela.kpatch.funcs", 0)
    yield "kp-funcs-empty.ko", b.b, "ok"  # patches nothing: a lint finding, not unreadable

    # SHT_NOBITS of 56 TiB: no bytes in the file, 2^40 entries if walked.
    b = Elf(good); set_size(b, ".kpatch.funcs", 56 << 40, typ=8)
    yield "kp-funcs-nobits.ko", b.b, ".kpatch.funcs has no contents in the file (SHT_NOBITS)"

    # KPATCH_FORCE_UNSAFE pointers in 1 TiB of SHT_NOBITS, bracketed by the linker symbols.
    b = Elf(good); set_size(b, ".kpatch.force", 1 << 40, typ=8); set_sym(b, "__kpatch_force_funcs_end", 1 << 40)
    yield "kp-force-nobits.ko", b.b, ".kpatch.force has no contents in the file (SHT_NOBITS)"

    b = Elf(good); set_rela(b, ".rela.kpatch.funcs", 0x28, sym=b.sym_index("kfree"))
    yield "kp-name-undefined.ko", b.b, "kpatch_patch_func.name points to undefined symbol 'kfree'"

    b = Elf(good); s = b.sh[b.sec(".kpatch.strings")]; b.b[s[4] + s[5] - 1] = ord("x")
    yield "kp-name-unterminated.ko", b.b, "kpatch_patch_func.name points to .kpatch.strings+0x8, where no NUL ends a string before the end of the section"

    b = Elf(good); set_rela(b, ".rela.kpatch.funcs", 0x28, addend=0x1000)
    yield "kp-name-past-end.ko", b.b, "kpatch_patch_func.name at .kpatch.funcs+0x28 leads outside .kpatch.strings (0x1a bytes): its relocation is .kpatch.strings+0x1000"

    # Relative to a symbol whose value is near 2^63: symbol + addend must not overflow.
    b = Elf(good); set_sym(b, "kp_s_cmdline_proc_show", 0x7fffffffffffffff)
    set_rela(b, ".rela.kpatch.funcs", 0x28, sym=b.sym_index("kp_s_cmdline_proc_show"), addend=1)
    yield "kp-name-symbol-huge.ko", b.b, "kpatch_patch_func.name at .kpatch.funcs+0x28 leads outside .kpatch.strings (0x1a bytes): its relocation is kp_s_cmdline_proc_show+0x1, kp_s_cmdline_proc_show being at +0x7fffffffffffffff"

    b = Elf(good); set_rela(b, ".rela.kpatch.funcs", 0x30, rtype=R_X86_64_PC32)
    yield "kp-objname-pc32.ko", b.b, "kpatch_patch_func.objname at .kpatch.funcs+0x30 has relocation type 2, not a 64-bit address"

    # The relocation of name moved 4 bytes on: it writes half of name and half of objname.
    b = Elf(good); set_rela(b, ".rela.kpatch.funcs", 0x28, offset=0x2c)
    yield "kp-name-straddled.ko", b.b, "kpatch_patch_func.name at .kpatch.funcs+0x28 is partly overwritten by the relocation at .kpatch.funcs+0x2c"

    # A second relocation of name, to the other string.
    b = Elf(good); relas = [r for _, r in b.relas(".rela.kpatch.funcs")]
    name = next(r for r in relas if r[0] == 0x28)
    replace_data(b, ".rela.kpatch.funcs", b"".join(RELA.pack(*r) for r in relas + [(0x28, name[1], 0)]))
    yield "kp-name-twice.ko", b.b, "kpatch_patch_func.name at .kpatch.funcs+0x28 has two relocations"

    b = Elf(good); set_size(b, ".rela.kpatch.funcs", 2 * RELA.size)  # objname's, the last, dropped
    yield "kp-objname-null.ko", b.b, "kpatch_patch_func at .kpatch.funcs+0x0 has no objname: the hook would dereference NULL"

    b = drop_rela(good, ".rela.kpatch.funcs", 0x28)
    yield "kp-name-null.ko", b.b, "kpatch_patch_func at .kpatch.funcs+0x0 has name NULL: klp_enable_patch() fails with -EINVAL"

    b = drop_rela(good, ".rela.kpatch.funcs", 0)
    yield "kp-new-addr-null.ko", b.b, "kpatch_patch_func at .kpatch.funcs+0x0 has new_addr NULL: klp_enable_patch() fails with -EINVAL"

    # One pre_patch callback record, {fn, objname}, whose objname create-diff-object left out:
    # .rela.exit.data's single relocation is turned into the record's fn.
    b = Elf(good); set_size(b, ".kpatch.callbacks.pre_patch", 16)
    set_sym(b, "__kpatch_callbacks_pre_patch_end", 16)
    i = b.sec(".rela.exit.data"); b.sh[i][7] = b.sec(".kpatch.callbacks.pre_patch"); b.put_shdr(i)
    set_rela(b, ".rela.exit.data", 0, sym=1, addend=0)  # .text+0
    yield "kp-callback-no-objname.ko", b.b, "kpatch_pre_patch_callback at .kpatch.callbacks.pre_patch+0x0 has no objname (create-diff-object fills it in): the hook would dereference NULL"


def klpbuild_cases(good):
    """kb_single-nodwarf.ko broken: one klp_object_ext in __klp_objects (name NULL, funcs
    relocated at 0x8 to __klp_funcs+0x0, nr_funcs 1 at 0x38) and one klp_func_ext in __klp_funcs
    (old_name at 0x0 to .rodata.klp.str1.1+0x0, new_func at 0x8 to .text+0x0)."""
    objs = Elf(good).sec("__klp_objects")
    b = Elf(good); set_size(b, "__klp_objects", 72)
    yield "kb-objects-size.ko", b.b, "__klp_objects holds 72 bytes, not a whole number of 64-byte struct klp_object_ext"

    b = Elf(good); set_size(b, "__klp_objects", 0); set_size(b, ".rela__klp_objects", 0)
    yield "kb-objects-empty.ko", b.b, "ok"  # "nothing to patch!": a lint finding, not unreadable

    # SHT_NOBITS of 4 TiB: 2^36 all-zero objects, each a valid empty vmlinux object.
    b = Elf(good); set_size(b, "__klp_objects", 64 << 36, typ=8)
    yield "kb-objects-nobits.ko", b.b, "__klp_objects has no contents in the file (SHT_NOBITS)"

    b = Elf(good); s = b.sh[objs]; struct.pack_into("<I", b.b, s[4] + 0x38, 0xffffffff)
    yield "kb-nr-funcs-huge.ko", b.b, "klp_object_ext at __klp_objects+0x0 has nr_funcs 4294967295, but __klp_funcs has room for 1 klp_func_ext from +0x0"

    b = Elf(good); set_size(b, ".rela__klp_objects", 0)
    yield "kb-funcs-null.ko", b.b, "klp_object_ext at __klp_objects+0x0 has funcs NULL and nr_funcs 1: livepatch_mod_init() would dereference it"

    b = Elf(good); set_rela(b, ".rela__klp_objects", 0x8, rtype=R_X86_64_PC32)
    yield "kb-funcs-pc32.ko", b.b, "klp_object_ext.funcs at __klp_objects+0x8 has relocation type 2, not a 64-bit address"

    b = Elf(good); set_rela(b, ".rela__klp_objects", 0x8, addend=0x1000)
    yield "kb-funcs-past-end.ko", b.b, "klp_object_ext.funcs at __klp_objects+0x8 leads outside __klp_funcs (0x18 bytes): its relocation is __klp_funcs+0x1000"

    # funcs pointing at the object table itself.
    b = Elf(good); set_rela(b, ".rela__klp_objects", 0x8, sym=b.sym_index("kb_objects"))
    yield "kb-funcs-in-objects.ko", b.b, "klp_object_ext.funcs at __klp_objects+0x8 points into __klp_objects, the klp_object_ext table"

    # funcs into a 1 TiB .bss: 2^32 all-zero klp_func_ext if nr_funcs were believed.
    b = Elf(good); set_size(b, ".bss", 1 << 40)
    set_rela(b, ".rela__klp_objects", 0x8, sym=b.sym_index("kb_patch"))
    struct.pack_into("<I", b.b, b.sh[objs][4] + 0x38, 0xffffffff)
    yield "kb-funcs-nobits.ko", b.b, "klp_object_ext.funcs at __klp_objects+0x8 points to .bss+0x0, a section without contents in the file (SHT_NOBITS)"

    # A second object sharing the first one's klp_func_ext.
    b = Elf(good); s = b.sh[objs]; one = bytes(b.b[s[4]:s[4] + 64])
    replace_data(b, "__klp_objects", one * 2)
    (_, (roff, rinfo, radd)), = b.relas(".rela__klp_objects")
    replace_data(b, ".rela__klp_objects", RELA.pack(8, rinfo, radd) + RELA.pack(64 + 8, rinfo, radd))
    yield "kb-objects-share-funcs.ko", b.b, "klp_object_ext.funcs at __klp_objects+0x48 overlaps the klp_func_ext array of the klp_object_ext at __klp_objects+0x0"

    b = Elf(good); set_rela(b, ".rela__klp_funcs", 0x0, sym=b.sym_index("kfree"))
    yield "kb-old-name-undefined.ko", b.b, "klp_func_ext.old_name points to undefined symbol 'kfree'"

    b = Elf(good); s = b.sh[b.sec(".rodata.klp.str1.1")]; b.b[s[4] + s[5] - 1] = ord("x")
    yield "kb-old-name-unterminated.ko", b.b, "klp_func_ext.old_name points to .rodata.klp.str1.1+0x0, where no NUL ends a string before the end of the section"

    b = drop_rela(good, ".rela__klp_funcs", 0)
    yield "kb-old-name-null.ko", b.b, "klp_func_ext at __klp_funcs+0x0 has old_name NULL: klp_enable_patch() fails with -EINVAL"

    b = drop_rela(good, ".rela__klp_funcs", 8)
    yield "kb-new-func-null.ko", b.b, "klp_func_ext at __klp_funcs+0x0 has new_func NULL: klp_enable_patch() fails with -EINVAL"


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


def big_funcs_module(n, nobj=1, name_len=0, ncalls=1, distinct=False, call_funcs=False,
                     klp_rela=False):
    """A klp_patch with nobj objects sharing one array of n functions, built from nothing (5.5
    builtin layout); with name_len, every old_name is one string of name_len bytes; init calls
    klp_enable_patch(&patch) ncalls times. With distinct, n objects named mod_<k> each patch
    their own function fn_<k> instead. With call_funcs, each call is in a function of its own
    (caller_<k>). With klp_rela, a .klp.rela.mod_0..text section relocates against a
    SHN_LIVEPATCH symbol named "x", the last string of .strtab, and .strtab ends the file."""
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
    objnames = []
    for k in range(n if distinct else 0):
        objnames.append(len(strs))
        strs += b"mod_%d\0" % k
    if distinct:
        nobj = n
    modinfo = b"vermagic=6.1.0-54-amd64 SMP preempt mod_unload modversions \0livepatch=Y\0name=lp_huge\0license=GPL\0"
    PATCH, OBJS, FUNCS = 0, 200, 200 + 168 * (nobj + 1)
    FSTRIDE = 2 if distinct else 1  # a terminated array of one function per object
    data = bytearray(FUNCS + 152 * (n * FSTRIDE + 1))
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
    for k in range(ncalls if call_funcs else 0):
        sym(b"caller_%d" % k, 2, i_text, 12 * k, 12)
    for k in range(n):
        sym(b"livepatch_fn_%d" % k, 2, i_text, fn0 + k, 1)
    nlocal = len(syms)
    sym(b"init_module", 0x12, i_text, 0, fn0)
    s_enable = sym(b"klp_enable_patch", 0x10, 0)
    sym(b"__this_module", 0x11, i_mod, 0, 0x380)
    s_x = sym(b"x", 0x10, 0xff20) if klp_rela else 0
    rtext = b"".join(RELA.pack(12 * k + 3, (s_data << 32) | R_X86_64_32S, PATCH) +
                     RELA.pack(12 * k + 8, (s_enable << 32) | R_X86_64_PLT32, -4) for k in range(ncalls))
    rdata = [RELA.pack(PATCH + 8, (s_data << 32) | R_X86_64_64, OBJS)]
    for k in range(nobj):
        if distinct:
            rdata.append(RELA.pack(OBJS + 168 * k, (s_str << 32) | R_X86_64_64, objnames[k]))
        rdata.append(RELA.pack(OBJS + 168 * k + 8, (s_data << 32) | R_X86_64_64,
                               FUNCS + 152 * FSTRIDE * k if distinct else FUNCS))
    for k in range(n):
        base = FUNCS + 152 * FSTRIDE * k
        rdata.append(RELA.pack(base, (s_str << 32) | R_X86_64_64, names[k]))
        rdata.append(RELA.pack(base + 8, (s_text << 32) | R_X86_64_64, fn0 + k))
    # + .rela.text .rela.data [.klp.rela] .symtab .strtab .shstrtab
    n_sections = len(sections) + 5 + bool(klp_rela)
    i_symtab = n_sections - 2
    sec(".rela.text", 4, 0x40, rtext, i_symtab, i_text, RELA.size)
    sec(".rela.data", 4, 0x40, b"".join(rdata), i_symtab, i_data, RELA.size)
    if klp_rela:
        sec(".klp.rela.mod_0..text", 4, 0x100040, RELA.pack(1, (s_x << 32) | R_X86_64_PC32, -4),
            i_symtab, i_text, RELA.size)
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
    if klp_rela:  # a copy of .strtab at the very end: "x" is the file's last two bytes
        struct.pack_into("<Q", out, shoff + (i_symtab + 1) * SHDR.size + 24, len(out))
        out += strtab
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


def target_cases(outdir):
    """Target files where each line names another module, and a kallsyms bomb; yields
    (file, option, expected reason or "ok")."""
    for n, why in ((100000, "more than 65536 modules, refused"), (65000, "ok")):
        path = os.path.join(outdir, "kallsyms-%d-modules" % n)
        with open(path, "w") as f:
            f.write("ffffffff81000000 T _stext\n")
            f.writelines("ffffffffc%07x t f [m%d]\n" % (k, k) for k in range(n))
        yield path, "--kallsyms", why
        path = os.path.join(outdir, "ftrace-%d-modules" % n)
        with open(path, "w") as f:
            f.write("schedule\n")
            f.writelines("f [m%d]\n" % k for k in range(n))
        yield path, "--ftrace-functions", why.replace("ok", "ok")
    # 255 MiB of the shortest kallsyms line, zstd: tens of millions of symbols if all were kept.
    path = os.path.join(outdir, "kallsyms-bomb.zst")
    try:
        with open(path, "wb") as f:
            p = subprocess.Popen(["zstd", "-q", "-19", "-c"], stdin=subprocess.PIPE, stdout=f)
            chunk = b"0 t a\n" * (1 << 20)
            for _ in range(255 * (1 << 20) // len(chunk)):
                p.stdin.write(chunk)
            p.stdin.close()
            if p.wait() == 0:
                yield path, "--kallsyms", "more than 4000000 symbols, refused"
    except OSError:
        pass


def dwarf_broken_cases(dwarf_ko, outdir):
    """DWARF that does not parse: a DW_AT_sibling pointing at its own DIE, a unit_length of
    2^32-17, .debug_abbrev cut in half. Each must decode with the built-in layouts, with a
    remark saying the DWARF was unreadable."""
    good = open(dwarf_ko, "rb").read()
    e = Elf(good)
    info = e.sh[e.sec(".debug_info")][4]
    dies = readelf_dies(dwarf_ko)
    sib = next(d for d in dies if d[1] == 1 and "DW_AT_sibling" in d[3])
    b = Elf(good)
    struct.pack_into("<I", b.b, info + sib[3]["DW_AT_sibling"][0], sib[0] - sib[4])
    yield "dwarf-sibling-self.ko", b.b
    b = Elf(good)
    struct.pack_into("<I", b.b, info, 0xffffffef)
    yield "dwarf-unit-length-huge.ko", b.b
    b = Elf(good)
    i = b.sec(".debug_abbrev")
    b.sh[i][5] //= 2
    b.put_shdr(i)
    yield "dwarf-abbrev-half.ko", b.b


def main():
    what = sys.argv[1]
    if what == "target":
        for path, how, why in target_cases(sys.argv[2]):
            print(f"{path}\t{how}\t{why}")
        return
    if what == "dwarf":
        for name, data in dwarf_broken_cases(sys.argv[2], sys.argv[3]):
            path = os.path.join(sys.argv[3], name)
            with open(path, "wb") as f:
                f.write(data)
            print(path)
        return
    if what == "small":
        good, dwarf_ko, out = sys.argv[2], sys.argv[3], sys.argv[4]
        mods = os.path.dirname(good)
        kp = sys.argv[5] if len(sys.argv) > 5 else os.path.join(mods, "kp_single-nodwarf.ko")
        kb = sys.argv[6] if len(sys.argv) > 6 else os.path.join(mods, "kb_single-nodwarf.ko")
        why_dwarf = "a size the kernel's struct cannot have (a type that loops?)"
        cases = list(small_cases(open(good, "rb").read())) + \
            [(n, d, why_dwarf) for n, d, _ in dwarf_cases(dwarf_ko)] + \
            list(kpatch_cases(open(kp, "rb").read())) + \
            list(klpbuild_cases(open(kb, "rb").read()))
        for name, data, why in cases:
            if name.endswith(".xz"):
                data = lzma.compress(bytes(data), preset=9 | lzma.PRESET_EXTREME)
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            print(f"{name}\tinspect\t{why}")
    else:
        out = sys.argv[2]
        with open(os.path.join(out, "funcs-100000.ko"), "wb") as f:
            f.write(big_funcs_module(100000))
        print(f"{os.path.join(out, 'funcs-100000.ko')}\t-")
        # 100,000 calls to klp_enable_patch() in one function: one disassembly pass, not 100,000.
        with open(os.path.join(out, "calls-100000.ko"), "wb") as f:
            f.write(big_funcs_module(1, ncalls=100000))
        print(f"{os.path.join(out, 'calls-100000.ko')}\t-")
        # 100,000 objects, each its own module with one function: no pairing of objects.
        with open(os.path.join(out, "objs-100000.ko"), "wb") as f:
            f.write(big_funcs_module(100000, distinct=True))
        print(f"{os.path.join(out, 'objs-100000.ko')}\t-")
        # 1000 objects sharing one array of 1000 functions: a million entries if decoded.
        with open(os.path.join(out, "objs-share-funcs.ko"), "wb") as f:
            f.write(big_funcs_module(1000, nobj=1000))
        print(f"{os.path.join(out, 'objs-share-funcs.ko')}\tklp_object.funcs at .data+0x%x overlaps a klp_func array at .data+0x%x" % ((200 + 168 * 1001,) * 2))
        # 10,000 functions whose old_name is one 1 MiB string: 10 GiB if each were copied.
        with open(os.path.join(out, "name-1mib.ko"), "wb") as f:
            f.write(big_funcs_module(10000, name_len=1 << 20))
        print(f"{os.path.join(out, 'name-1mib.ko')}\tklp_func.old_name points to .rodata.str+0x0, a string longer than 4096 bytes")
        # 80,000 call sites of klp_enable_patch(), each in a function of its own: an address
        # lookup per call site, not a scan of the symbol table (25 s before).
        with open(os.path.join(out, "calls-80000-funcs.ko"), "wb") as f:
            f.write(big_funcs_module(1, ncalls=80000, call_funcs=True))
        print(f"{os.path.join(out, 'calls-80000-funcs.ko')}\t-")
        with open(os.path.join(out, "calls-100001.ko"), "wb") as f:
            f.write(big_funcs_module(1, ncalls=100001))
        print(f"{os.path.join(out, 'calls-100001.ko')}\tmore than 100000 calls to klp_enable_patch(), refused")
        # A .klp.rela relocation against a one-letter name at the end of the file (heap read).
        with open(os.path.join(out, "klp-rela-short-name.ko"), "wb") as f:
            f.write(big_funcs_module(1, klp_rela=True))
        print(f"{os.path.join(out, 'klp-rela-short-name.ko')}\t-")
        for name in bombs(out, 1100 << 20):
            print(f"{os.path.join(out, name)}\tdecompresses to more than")


if __name__ == "__main__":
    main()
