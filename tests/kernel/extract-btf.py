#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the BTF of a Debian kernel image, as /sys/kernel/btf/vmlinux would show it.

    tests/kernel/extract-btf.py VMLINUZ OUT.xz

The bzImage carries vmlinux compressed (xz on Debian 6.1, zstd on 6.12): like the kernel's
scripts/extract-vmlinux, find the compressor's magic, decompress from there, keep the first
result that is an ELF file, and take its .BTF section, which is what the kernel exposes at
/sys/kernel/btf/vmlinux (kernel/bpf/sysfs_btf.c: __start_BTF to __stop_BTF). The output is
xz-compressed; klpcheck --btf reads it as it is. Python 3 and the zstd command (for zstd
images), nothing else.
"""
import lzma
import struct
import subprocess
import sys

XZ_MAGIC = b"\xfd7zXZ\x00"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def candidates(image):
    """Decompressed payloads, one per compressor magic found, in file order."""
    for magic, how in ((XZ_MAGIC, "xz"), (ZSTD_MAGIC, "zstd")):
        at = image.find(magic)
        while at != -1:
            try:
                if how == "xz":
                    yield lzma.LZMADecompressor().decompress(image[at:])
                else:
                    yield subprocess.run(["zstd", "-dcq"], input=image[at:], check=False,
                                         capture_output=True).stdout
            except lzma.LZMAError:
                pass
            at = image.find(magic, at + 1)


def btf_section(elf):
    """The bytes of .BTF in a little-endian ELF64 file, or None."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        return None
    shoff = struct.unpack_from("<Q", elf, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3a)
    heads = [struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    strtab = heads[shstrndx][4]
    for name, _type, _flags, _addr, off, size in heads:
        end = elf.index(b"\0", strtab + name)
        if elf[strtab + name:end] == b".BTF":
            return elf[off:off + size]
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: extract-btf.py VMLINUZ OUT.xz")
    with open(sys.argv[1], "rb") as f:
        image = f.read()
    for payload in candidates(image):
        btf = btf_section(payload) if payload else None
        if btf:
            # BTF header: magic 0xeb9f, version 1
            if struct.unpack_from("<HB", btf, 0) != (0xEB9F, 1):
                sys.exit(f"{sys.argv[1]}: .BTF does not start with the BTF magic")
            with lzma.open(sys.argv[2], "wb", preset=9) as out:
                out.write(btf)
            print(f"{sys.argv[2]}: {len(btf)} bytes of BTF")
            return
    sys.exit(f"{sys.argv[1]}: no compressed vmlinux with a .BTF section found")


if __name__ == "__main__":
    main()
