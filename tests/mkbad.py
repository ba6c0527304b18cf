#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes broken modules made from a real one, each with the reason klpcheck must give.

usage: mkbad.py GOOD.ko NOTLIVEPATCH.ko OUTDIR
Prints one line per case: FILE<TAB>EXPECTED-SUBSTRING.
"""
import os
import struct
import sys

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")


class Elf:
    def __init__(self, data):
        self.b = bytearray(data)
        h = EHDR.unpack_from(self.b, 0)
        self.shoff, self.shentsize, self.shnum, self.shstrndx = h[6], h[11], h[12], h[13]
        self.sh = [list(SHDR.unpack_from(self.b, self.shoff + i * SHDR.size)) for i in range(self.shnum)]
        stro = self.sh[self.shstrndx][4]
        self.names = [self.cstr(stro + s[0]) for s in self.sh]

    def cstr(self, off):
        return self.b[off:self.b.index(0, off)].decode()

    def sec(self, name):
        return self.names.index(name)

    def put_shdr(self, i):
        SHDR.pack_into(self.b, self.shoff + i * SHDR.size, *self.sh[i])

    def symtab(self):
        i = self.names.index(".symtab")
        return i, self.sh[i][4], self.sh[i][5] // SYM.size

    def sym_index(self, name):
        _, off, n = self.symtab()
        stroff = self.sh[self.sh[self.names.index(".symtab")][6]][4]
        for k in range(n):
            st_name = SYM.unpack_from(self.b, off + k * SYM.size)[0]
            if self.cstr(stroff + st_name) == name:
                return k
        raise KeyError(name)

    def relas(self, name):
        s = self.sh[self.sec(name)]
        return [(s[4] + k * RELA.size, RELA.unpack_from(self.b, s[4] + k * RELA.size))
                for k in range(s[5] // RELA.size)]


def cases(good, notlp):
    e = Elf(good)
    yield "not-elf.ko", b"this is not a kernel module\n" * 4, "not an ELF file"
    yield "empty.ko", b"", "not an ELF file"
    yield "truncated-header.ko", bytes(good[:40]), "truncated ELF header (40 bytes)"
    yield "truncated-half.ko", bytes(good[:len(good) // 2]), "section header table (%d entries at offset 0x%x) extends past the end of the file" % (e.shnum, e.shoff)

    b = bytearray(good); b[4] = 1  # ELFCLASS32
    yield "elfclass32.ko", bytes(b), "32-bit ELF is not supported"
    b = bytearray(good); struct.pack_into("<H", b, 18, 40)  # EM_ARM
    yield "machine-arm.ko", bytes(b), "unsupported machine arm"
    b = bytearray(good); struct.pack_into("<H", b, 16, 2)  # ET_EXEC
    yield "et-exec.ko", bytes(b), "not a kernel module: ELF type is ET_EXEC"

    b = Elf(good); b.sh[b.sec(".modinfo")][1] = 8  # SHT_NOBITS: .modinfo without data
    b.put_shdr(b.sec(".modinfo"))
    yield "no-modinfo.ko", bytes(b.b), "not a kernel module: no .modinfo section"

    b = Elf(good); i = b.sec(".modinfo"); s = b.sh[i]
    b.b[s[4] + s[5] - 1] = ord("x")
    yield "modinfo-no-nul.ko", bytes(b.b), ".modinfo is not NUL-terminated"

    b = Elf(good); i = b.sec(".data"); b.sh[i][4] = len(good) - 8; b.put_shdr(i)
    yield "section-past-end.ko", bytes(b.b), "section .data extends past the end of the file"

    b = bytearray(good); struct.pack_into("<H", b, 60, 0xfff0)  # absurd e_shnum
    yield "shnum-absurd.ko", bytes(b), "section header table (65520 entries at offset 0x%x) extends past the end of the file" % e.shoff

    b = Elf(good); i, off, n = b.symtab()
    k = b.sym_index("klp_enable_patch")
    struct.pack_into("<H", b.b, off + k * SYM.size + 6, 0x7000)
    yield "sym-shndx-range.ko", bytes(b.b), "symbol klp_enable_patch has section index 28672 out of range"

    b = Elf(good); strtab = b.sh[b.sh[b.sec(".symtab")][6]]
    b.b[strtab[4] + strtab[5] - 1] = ord("x")
    b.b[strtab[4]:strtab[4] + strtab[5]] = b"x" * strtab[5]
    yield "strtab-no-nul.ko", bytes(b.b), "is outside the string table"

    b = Elf(good); pos, (roff, rinfo, radd) = b.relas(".rela.data")[0]
    RELA.pack_into(b.b, pos, roff, (0xffffff << 32) | (rinfo & 0xffffffff), radd)
    yield "rela-sym-range.ko", bytes(b.b), "names symbol 16777215, out of range"

    b = Elf(good); pos, (roff, rinfo, radd) = b.relas(".rela.data")[0]
    RELA.pack_into(b.b, pos, 0x7fffff, rinfo, radd)
    yield "rela-outside.ko", bytes(b.b), "lies outside .data"

    # Every pointer of the patch retargeted past the end of .rodata / to an undefined symbol.
    b = Elf(good); undef = b.sym_index("klp_enable_patch")
    for pos, (roff, rinfo, radd) in b.relas(".rela.data"):
        RELA.pack_into(b.b, pos, roff, (undef << 32) | (rinfo & 0xffffffff), radd)
    yield "ptr-undefined.ko", bytes(b.b), "points to undefined symbol 'klp_enable_patch'"

    b = Elf(good)
    for pos, (roff, rinfo, radd) in b.relas(".rela.data"):
        RELA.pack_into(b.b, pos, roff, rinfo, radd + 0x1000000)
    yield "ptr-outside.ko", bytes(b.b), "leads outside"

    # The patch's relocations removed: its pointers now hold raw non-zero values.
    b = Elf(good); i = b.sec(".data"); s = b.sh[i]
    for k in range(s[5]):
        b.b[s[4] + k] = 0x41
    rs = b.sec(".rela.data"); b.sh[rs][5] = 0; b.put_shdr(rs)
    yield "ptr-nowhere.ko", bytes(b.b), "without a relocation: it leads nowhere"

    yield "no-livepatch.ko", bytes(notlp), "no livepatch found"


def main():
    good = open(sys.argv[1], "rb").read()
    notlp = open(sys.argv[2], "rb").read()
    out = sys.argv[3]
    for name, data, why in cases(good, notlp):
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        print(f"{path}\t{why}")


if __name__ == "__main__":
    main()
