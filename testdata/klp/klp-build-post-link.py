#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Leaves in a kbuild-linked module what klp-build (Linux 7.x) leaves in its output for a
reference to an unexported symbol, so that klpcheck's tests meet that shape (README.md here).
The code is ours; what it imitates is objtool's clone_reloc_klp() (tools/objtool/klp-diff.c)
followed by fix_klp_reloc_sec() (tools/objtool/klp-post-link.c):

  klp diff   renames the referenced symbol to .klp.tombstone.<name> (weak, undefined), adds a
             weak undefined .klp.sym.<obj>.<name>,<pos> and, per relocation, a struct klp_reloc
             { void *offset; void *sym; u32 type; } in __klp_relocs.<obj>, whose two pointers are
             R_X86_64_64 relocations (against the section symbol + offset, and the klp symbol +
             the original addend);
  post-link  moves each relocation to .klp.rela.<obj>.<section> (SHT_RELA, SHF_ALLOC |
             SHF_INFO_LINK | SHF_RELA_LIVEPATCH; ".klp.rela.vmlinux." + ".text" gives two dots),
             marks both symbols SHN_LIVEPATCH and turns the original relocation into R_*_NONE
             (it stays in .rela<section>, against the tombstone).

usage: klp-build-post-link.py IN OUT --sym NAME --obj OBJ [--pos N]
  NAME  the weak undefined symbol the module's code references (e.g. saved_command_line)
  OBJ   the object that defines it (vmlinux or a module name); N its sympos (default 0)
"""
import argparse
import struct

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")
SHT_PROGBITS, SHT_RELA = 1, 4
SHF_ALLOC, SHF_INFO_LINK, SHF_RELA_LIVEPATCH = 0x2, 0x40, 0x00100000
SHN_UNDEF, SHN_LIVEPATCH = 0, 0xff20
STB_WEAK, STT_OBJECT, STT_SECTION = 2, 1, 3
R_X86_64_NONE, R_X86_64_64 = 0, 1


def cstr(b, off):
    return b[off:b.index(0, off)].decode()


class Elf:
    def __init__(self, data):
        self.b = bytearray(data)
        self.eh = list(EHDR.unpack_from(self.b, 0))
        shoff, shnum, self.shstrndx = self.eh[6], self.eh[12], self.eh[13]
        self.sh = [list(SHDR.unpack_from(self.b, shoff + i * SHDR.size)) for i in range(shnum)]
        self.shstr = bytearray(self.data(self.shstrndx))
        self.names = [cstr(self.shstr, s[0]) for s in self.sh]
        self.symtab = self.names.index(".symtab")
        self.strtab = self.sh[self.symtab][6]
        self.strdata = bytearray(self.data(self.strtab))
        raw = self.data(self.symtab)
        self.syms = [list(SYM.unpack_from(raw, k * SYM.size)) for k in range(len(raw) // SYM.size)]

    def data(self, i):
        s = self.sh[i]
        return self.b[s[4]:s[4] + s[5]]

    def symname(self, k):
        return cstr(self.strdata, self.syms[k][0])

    def add_str(self, name):
        off = len(self.strdata)
        self.strdata += name.encode() + b"\0"
        return off

    def add_sym(self, name, info, shndx):
        self.syms.append([self.add_str(name), info, 0, shndx, 0, 0])
        return len(self.syms) - 1

    def section_sym(self, shndx):
        for k, s in enumerate(self.syms):
            if s[1] & 0xf == STT_SECTION and s[3] == shndx:
                return k
        raise SystemExit(f"no section symbol for {self.names[shndx]}")

    def append(self, data, align):
        while len(self.b) % align:
            self.b.append(0)
        off = len(self.b)
        self.b.extend(data)
        return off

    def add_section(self, name, typ, flags, data, link=0, info=0, align=8, entsize=0):
        self.sh.append([len(self.shstr), typ, flags, 0, self.append(data, align), len(data),
                        link, info, align, entsize])
        self.shstr += name.encode() + b"\0"
        self.names.append(name)
        return len(self.sh) - 1

    def write(self, path):
        # The grown tables go to the end of the file; the old bytes stay where they were.
        self.sh[self.symtab][4] = self.append(b"".join(SYM.pack(*s) for s in self.syms), 8)
        self.sh[self.symtab][5] = len(self.syms) * SYM.size
        self.sh[self.strtab][4], self.sh[self.strtab][5] = self.append(self.strdata, 1), len(self.strdata)
        self.sh[self.shstrndx][4] = self.append(self.shstr, 1)
        self.sh[self.shstrndx][5] = len(self.shstr)
        self.eh[6] = self.append(b"".join(SHDR.pack(*s) for s in self.sh), 8)
        self.eh[12] = len(self.sh)
        EHDR.pack_into(self.b, 0, *self.eh)
        open(path, "wb").write(self.b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--sym", required=True)
    ap.add_argument("--obj", required=True)
    ap.add_argument("--pos", type=int, default=0)
    a = ap.parse_args()
    e = Elf(open(a.inp, "rb").read())

    ref = [k for k in range(len(e.syms)) if e.symname(k) == a.sym and e.syms[k][3] == SHN_UNDEF]
    if len(ref) != 1:
        raise SystemExit(f"{a.inp}: want one undefined symbol {a.sym}, found {len(ref)}")
    ref = ref[0]
    # klp diff: the tombstone takes the symbol's place, weak, of the referenced symbol's type
    e.syms[ref][0] = e.add_str(".klp.tombstone." + a.sym)
    e.syms[ref][1] = (STB_WEAK << 4) | STT_OBJECT
    klp = e.add_sym(f".klp.sym.{a.obj}.{a.sym},{a.pos}", (STB_WEAK << 4) | STT_OBJECT, SHN_UNDEF)

    moved = []  # (rela section, index, base section, offset, type, addend)
    for i, s in enumerate(e.sh):
        if s[1] != SHT_RELA or s[2] & SHF_RELA_LIVEPATCH or s[6] != e.symtab:
            continue
        raw = e.data(i)
        for k in range(len(raw) // RELA.size):
            off, info, addend = RELA.unpack_from(raw, k * RELA.size)
            if info >> 32 == ref:
                moved.append((i, k, s[7], off, info & 0xffffffff, addend))
    if not moved:
        raise SystemExit(f"{a.inp}: no relocation against {a.sym}")

    # klp diff: __klp_relocs.<obj>, one struct klp_reloc (24 bytes) per relocation
    klp_relocs = bytearray()
    klp_relocs_rela = bytearray()
    for _, _, base, off, typ, addend in moved:
        at = len(klp_relocs)
        klp_relocs += struct.pack("<QQII", 0, 0, typ, 0)
        klp_relocs_rela += RELA.pack(at, (e.section_sym(base) << 32) | R_X86_64_64, off)
        klp_relocs_rela += RELA.pack(at + 8, (klp << 32) | R_X86_64_64, addend)
    sec = e.add_section(f"__klp_relocs.{a.obj}", SHT_PROGBITS, SHF_ALLOC, klp_relocs)
    e.add_section(f".rela__klp_relocs.{a.obj}", SHT_RELA, SHF_INFO_LINK, klp_relocs_rela,
                  link=e.symtab, info=sec, entsize=RELA.size)

    # post-link: one .klp.rela.<obj>.<section> per base section; the originals become R_*_NONE
    by_base = {}
    for rsec, k, base, off, typ, addend in moved:
        by_base.setdefault(base, bytearray()).extend(RELA.pack(off, (klp << 32) | typ, addend))
        at = e.sh[rsec][4] + k * RELA.size
        RELA.pack_into(e.b, at, off, (ref << 32) | R_X86_64_NONE, addend)
    for base, data in by_base.items():
        e.add_section(f".klp.rela.{a.obj}.{e.names[base]}", SHT_RELA,
                      SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH, bytes(data),
                      link=e.symtab, info=base, entsize=RELA.size)
    e.syms[ref][3] = SHN_LIVEPATCH
    e.syms[klp][3] = SHN_LIVEPATCH
    e.write(a.out)


if __name__ == "__main__":
    main()
