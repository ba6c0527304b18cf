#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Makes a module the module loader refuses, from a good one, the way a wrong build would:

    edit-module.py IN OUT --bad-crc NAME      flip the CRC of NAME in __versions (built against
                                              other headers: "disagrees about version of symbol")
    edit-module.py IN OUT --rename OLD=NEW    rename the undefined symbol OLD, and its __versions
                                              entry, to NEW, a name of the same length that the
                                              target does not export ("Unknown symbol")
Only x86_64 little-endian ELF64 relocatable modules; sizes and offsets do not change.
"""
import argparse
import struct

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
MODVERSION = 64  # struct modversion_info: unsigned long crc; char name[56]


def sections(b):
    e = EHDR.unpack_from(b, 0)
    shoff, shnum, shstrndx = e[6], e[12], e[13]
    hdrs = [SHDR.unpack_from(b, shoff + i * SHDR.size) for i in range(shnum)]
    stroff = hdrs[shstrndx][4]
    named = {}
    for h in hdrs:
        name = b[stroff + h[0]:b.index(0, stroff + h[0])].decode()
        named[name] = (h[4], h[5])  # offset, size
    return named


def version_entry(b, secs, name):
    off, size = secs["__versions"]
    for o in range(off, off + size, MODVERSION):
        if b[o + 8:o + MODVERSION].split(b"\0")[0] == name.encode():
            return o
    raise SystemExit(f"edit-module.py: {name} has no __versions entry")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--bad-crc")
    ap.add_argument("--rename")
    a = ap.parse_args()
    b = bytearray(open(a.inp, "rb").read())
    secs = sections(b)
    if a.bad_crc:
        o = version_entry(b, secs, a.bad_crc)
        crc, = struct.unpack_from("<Q", b, o)
        struct.pack_into("<Q", b, o, crc ^ 0xffffffff)
    if a.rename:
        old, new = a.rename.split("=")
        if len(old) != len(new):
            raise SystemExit("edit-module.py: --rename needs names of one length")
        o = version_entry(b, secs, old)
        b[o + 8:o + 8 + len(new)] = new.encode()
        off, size = secs[".strtab"]
        i = bytes(b[off:off + size]).find(b"\0" + old.encode() + b"\0")
        if i < 0:
            raise SystemExit(f"edit-module.py: {old} is not a whole name in .strtab")
        b[off + i + 1:off + i + 1 + len(new)] = new.encode()
    open(a.out, "wb").write(b)


main()
