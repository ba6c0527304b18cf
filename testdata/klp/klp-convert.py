#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turns relocations against undefined symbols of a module into livepatch relocations, the way
kpatch-build's create-klp-module and the unmerged klp-convert do (kernel/livepatch/core.c:
klp_resolve_symbols(), Documentation/livepatch/module-elf-format.rst): each converted symbol is renamed
.klp.sym.<obj>.<name>,<pos> and given st_shndx SHN_LIVEPATCH (0xff20); its relocations move from
.rela<sec> to a new .klp.rela.<obj>.<sec> section of type SHT_RELA with SHF_ALLOC|SHF_INFO_LINK|
SHF_RELA_LIVEPATCH. The flags below break one rule at a time, for the KLP5xx fixtures.

usage: klp-convert.py IN OUT --sym NAME=KLPNAME [--sym ...] [--secobj OBJ]
       [--no-flag] [--secname NAME] [--keep-shndx]
  NAME=KLPNAME   the undefined symbol and the name it gets (e.g. seq_printf=.klp.sym.vmlinux.seq_printf,0)
  --secobj OBJ   object in the .klp.rela section name (default: vmlinux)
  --secname N    the whole section name instead of .klp.rela.<obj>.<sec>
  --no-flag      leave SHF_RELA_LIVEPATCH off the new section
  --keep-shndx   leave the symbol SHN_UNDEF (not marked as a livepatch symbol)
  --also NAME    also move the relocations against NAME, unchanged, into the klp section
"""
import argparse
import struct

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")
SHT_RELA, SHF_ALLOC, SHF_INFO_LINK = 4, 0x2, 0x40
SHF_RELA_LIVEPATCH, SHN_LIVEPATCH = 0x00100000, 0xff20


def cstr(b, off):
    return b[off:b.index(0, off)].decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--sym", action="append", required=True)
    ap.add_argument("--secobj", default="vmlinux")
    ap.add_argument("--secname")
    ap.add_argument("--no-flag", action="store_true")
    ap.add_argument("--keep-shndx", action="store_true")
    ap.add_argument("--also", action="append", default=[])
    a = ap.parse_args()
    b = bytearray(open(a.inp, "rb").read())
    eh = list(EHDR.unpack_from(b, 0))
    shoff, shnum, shstrndx = eh[6], eh[12], eh[13]
    sh = [list(SHDR.unpack_from(b, shoff + i * SHDR.size)) for i in range(shnum)]
    names = [cstr(b, sh[shstrndx][4] + s[0]) for s in sh]
    symtab = names.index(".symtab")
    strtab = sh[symtab][6]
    nsyms = sh[symtab][5] // SYM.size
    rename = dict(s.split("=", 1) for s in a.sym)

    # Rename the symbols: their new names go into a new .strtab at the end of the file.
    strdata = bytearray(b[sh[strtab][4]:sh[strtab][4] + sh[strtab][5]])
    converted = set()
    for k in range(nsyms):
        off = sh[symtab][4] + k * SYM.size
        st_name, info, other, shndx, value, size = SYM.unpack_from(b, off)
        name = cstr(b, sh[strtab][4] + st_name)
        if name in rename and shndx == 0:
            st_name = len(strdata)
            strdata += rename[name].encode() + b"\0"
            if not a.keep_shndx:
                shndx = SHN_LIVEPATCH
            SYM.pack_into(b, off, st_name, info, other, shndx, value, size)
            converted.add(k)
        elif name in a.also:
            converted.add(k)
    assert converted, "no undefined symbol to convert"

    # Split the relocations of every normal RELA section.
    new_secs = []
    for i, s in enumerate(sh):
        if s[1] != SHT_RELA or s[2] & SHF_RELA_LIVEPATCH:
            continue
        keep, move = [], []
        for k in range(s[5] // RELA.size):
            r = RELA.unpack_from(b, s[4] + k * RELA.size)
            (move if (r[1] >> 32) in converted else keep).append(r)
        if not move:
            continue
        for k, r in enumerate(keep):
            RELA.pack_into(b, s[4] + k * RELA.size, *r)
        s[5] = len(keep) * RELA.size
        target = names[s[7]]
        name = a.secname or f".klp.rela.{a.secobj}.{target}"
        flags = SHF_ALLOC | SHF_INFO_LINK | (0 if a.no_flag else SHF_RELA_LIVEPATCH)
        new_secs.append((name, flags, s[6], s[7], b"".join(RELA.pack(*r) for r in move)))

    # Append: the new .strtab, the new sections' data, a new .shstrtab, the section headers.
    def append(data, align=8):
        while len(b) % align:
            b.append(0)
        off = len(b)
        b.extend(data)
        return off

    sh[strtab][4], sh[strtab][5] = append(strdata, 1), len(strdata)
    shstr = bytearray(b[sh[shstrndx][4]:sh[shstrndx][4] + sh[shstrndx][5]])
    for name, flags, link, info, data in new_secs:
        off = append(data)
        sh.append([len(shstr), SHT_RELA, flags, 0, off, len(data), link, info, 8, RELA.size])
        shstr += name.encode() + b"\0"
    sh[shstrndx][4], sh[shstrndx][5] = append(shstr, 1), len(shstr)
    eh[6] = append(b"".join(SHDR.pack(*s) for s in sh))
    eh[12] = len(sh)
    EHDR.pack_into(b, 0, *eh)
    open(a.out, "wb").write(b)


if __name__ == "__main__":
    main()
