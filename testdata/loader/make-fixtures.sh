#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Modules the module loader refuses before livepatch sees them (KLP108, KLP109): lp_single
# (built against Debian 6.1 headers) as a build against other headers would leave it.
# Rerun after rebuilding testdata/modules; the diff is reviewed.
set -eu
cd "$(dirname "$0")"
in=../modules/6.1/lp_single-nodwarf.ko
# seq_printf's CRC as other headers would give it
./edit-module.py "$in" ldr_badcrc.ko --bad-crc seq_printf
# a call to attach_pid(), a global function of 6.1's vmlinux that no one exports
./edit-module.py "$in" ldr_unknown.ko --rename seq_printf=attach_pid
# struct module 64 bytes larger, as another kernel's config would make it
size=$(readelf -SW "$in" | awk '$2 == ".gnu.linkonce.this_module" { print $6 }')
./edit-module.py "$in" ldr_modsize.ko --this-module-size $((0x$size + 64))
