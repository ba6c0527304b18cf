#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a tiny vmlinux-shaped ELF (ET_EXEC, x86_64) for tests/target.sh and unit-target.

It has what klpcheck reads from a real vmlinux and nothing else: section headers, .symtab,
.strtab, the marker symbols bounding the noinstr and entry ranges, an mcount range of 8-byte
absolute addresses inside .init.data, and linux_banner. The symbol table is deliberately not
in address order (the kernel counts sympos in address order), and the mcount list is not
sorted. Every fact tests/target.sh checks is stated here, next to the bytes that make it.
"""
import struct
import sys

TEXT, INIT_TEXT, RODATA, INIT_DATA = (0xffffffff81000000, 0xffffffff82000000,
                                      0xffffffff82100000, 0xffffffff82200000)
BANNER = b"Linux version 6.1.0-99-test (tests@klpcheck) #1 SMP\n\0"
# mcount: traced_fn (start), endbr_fn (4 bytes in), init_fn, dup_fn at TEXT+0x100 only.
MCOUNT = [TEXT + 0x300, TEXT + 0x404, INIT_TEXT, TEXT + 0x100]

STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2
STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE = 0, 1, 2, 3, 4
# Section indices: 1 .text 2 .init.text 3 .rodata 4 .init.data 5 .symtab 6 .strtab 7 .shstrtab
SYMS = [
    # name, value, size, bind, type, shndx
    ("vmlinux.c", 0, 0, STB_LOCAL, STT_FILE, 0xfff1),
    ("", TEXT, 0, STB_LOCAL, STT_SECTION, 1),
    ("dup_fn", TEXT + 0x200, 0x40, STB_LOCAL, STT_FUNC, 1),     # sympos 2 (higher address)
    ("dup_fn", TEXT + 0x100, 0x40, STB_LOCAL, STT_FUNC, 1),     # sympos 1, traced
    ("dup_fn", RODATA + 0x100, 0x8, STB_LOCAL, STT_OBJECT, 3),  # sympos 3: data counts too
    ("traced_fn", TEXT + 0x300, 0x20, STB_GLOBAL, STT_FUNC, 1),
    ("endbr_fn", TEXT + 0x400, 0x20, STB_GLOBAL, STT_FUNC, 1),  # site after endbr64
    ("notrace_fn", TEXT + 0x500, 0x20, STB_GLOBAL, STT_FUNC, 1),
    ("weak_fn", TEXT + 0x600, 0x10, STB_WEAK, STT_FUNC, 1),
    ("noinstr_fn", TEXT + 0x800, 0x20, STB_GLOBAL, STT_FUNC, 1),
    ("__noinstr_text_start", TEXT + 0x800, 0, STB_GLOBAL, STT_NOTYPE, 1),
    ("__noinstr_text_end", TEXT + 0x900, 0, STB_GLOBAL, STT_NOTYPE, 1),
    ("entry_fn", TEXT + 0xa00, 0x20, STB_GLOBAL, STT_FUNC, 1),
    ("__entry_text_start", TEXT + 0xa00, 0, STB_GLOBAL, STT_NOTYPE, 1),
    ("__entry_text_end", TEXT + 0xb00, 0, STB_GLOBAL, STT_NOTYPE, 1),
    ("init_fn", INIT_TEXT, 0x40, STB_GLOBAL, STT_FUNC, 2),
    ("linux_banner", RODATA, len(BANNER), STB_GLOBAL, STT_OBJECT, 3),
    ("__start_mcount_loc", INIT_DATA, 0, STB_GLOBAL, STT_NOTYPE, 4),
    ("__stop_mcount_loc", INIT_DATA + 8 * len(MCOUNT), 0, STB_GLOBAL, STT_NOTYPE, 4),
    ("undefined_sym", 0, 0, STB_GLOBAL, STT_NOTYPE, 0),
]


def main(out):
    text = b"\xcc" * 0x1000
    init_text = b"\xcc" * 0x100
    rodata = BANNER.ljust(0x200, b"\0")
    init_data = b"".join(struct.pack("<Q", a) for a in MCOUNT)
    strtab = b"\0"
    symtab = b"\0" * 24
    for name, value, size, bind, typ, shndx in SYMS:
        off = len(strtab) if name else 0
        if name:
            strtab += name.encode() + b"\0"
        symtab += struct.pack("<IBBHQQ", off, (bind << 4) | typ, 0, shndx, value, size)
    names = [b"", b".text", b".init.text", b".rodata", b".init.data", b".symtab", b".strtab",
             b".shstrtab"]
    shstrtab = b"\0"
    name_off = [0]
    for n in names[1:]:
        name_off.append(len(shstrtab))
        shstrtab += n + b"\0"
    blobs = [None, text, init_text, rodata, init_data, symtab, strtab, shstrtab]
    SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB = 1, 2, 3
    A, W, X = 2, 1, 4
    meta = [None, (SHT_PROGBITS, A | X, TEXT), (SHT_PROGBITS, A | X, INIT_TEXT),
            (SHT_PROGBITS, A, RODATA), (SHT_PROGBITS, A | W, INIT_DATA), (SHT_SYMTAB, 0, 0),
            (SHT_STRTAB, 0, 0), (SHT_STRTAB, 0, 0)]
    body = b""
    offsets = [0]
    for b in blobs[1:]:
        offsets.append(64 + len(body))
        body += b
        body += b"\0" * (-len(body) % 8)
    shoff = 64 + len(body)
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + b"\0" * 8
    ehdr += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, TEXT, 0, shoff, 0, 64, 0, 0, 64,
                        len(names), 7)
    shdrs = b"\0" * 64
    for i in range(1, len(names)):
        typ, flags, addr = meta[i]
        first_global = 1 + sum(1 for s in SYMS[:6] if s[3] == STB_LOCAL)
        link, info, entsize = (6, first_global, 24) if typ == SHT_SYMTAB else (0, 0, 0)
        shdrs += struct.pack("<IIQQQQIIQQ", name_off[i], typ, flags, addr, offsets[i],
                             len(blobs[i]), link, info, 8 if typ == SHT_SYMTAB else 1, entsize)
    with open(out, "wb") as f:
        f.write(ehdr + body + shdrs)


if __name__ == "__main__":
    main(sys.argv[1])
