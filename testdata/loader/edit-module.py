#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Makes a module the module loader refuses, from a good one, the way a wrong build would:

    edit-module.py IN OUT --bad-crc NAME      flip the CRC of NAME in __versions (built against
                                              other headers: "disagrees about version of symbol")
    edit-module.py IN OUT --rename OLD=NEW    rename the undefined symbol OLD, and its __versions
                                              entry, to NEW, a name of the same length that the
                                              target does not export ("Unknown symbol")
    edit-module.py IN OUT --this-module-size N
                                              make .gnu.linkonce.this_module N bytes, as another
                                              config's struct module would be (a larger size
                                              takes in the bytes that follow it in the file)
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
    for i, h in enumerate(hdrs):
        name = b[stroff + h[0]:b.index(0, stroff + h[0])].decode()
        named[name] = (h[4], h[5], shoff + i * SHDR.size)  # offset, size, header
    return named


def version_entry(b, secs, name):
    off, size, _ = secs["__versions"]
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
    ap.add_argument("--this-module-size", type=int)
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
        off, size, _ = secs[".strtab"]
        i = bytes(b[off:off + size]).find(b"\0" + old.encode() + b"\0")
        if i < 0:
            raise SystemExit(f"edit-module.py: {old} is not a whole name in .strtab")
        b[off + i + 1:off + i + 1 + len(new)] = new.encode()
    if a.this_module_size is not None:
        off, _, hdr = secs[".gnu.linkonce.this_module"]
        if a.this_module_size <= 0 or off + a.this_module_size > len(b):
            raise SystemExit("edit-module.py: --this-module-size out of the file")
        struct.pack_into("<Q", b, hdr + 32, a.this_module_size)  # sh_size
    open(a.out, "wb").write(b)


main()
