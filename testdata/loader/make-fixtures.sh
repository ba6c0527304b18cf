#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Modules the module loader refuses before livepatch sees them (KLP108, KLP109, KLP111,
# KLP114): lp_single
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

# vermagic as same_magic() compares it (KLP114): the text after the release must match while
# the module has __versions, the whole string once it has none
vermagic() {
	tmp=$(mktemp -d)
	objcopy -O binary --only-section=.modinfo "$1" "$tmp/modinfo"
	VM="$3" perl -0777 -pe 's/(^|\0)vermagic=[^\0]*/$1vermagic=$ENV{VM}/' "$tmp/modinfo" >"$tmp/new"
	grep -qaF "vermagic=$3" "$tmp/new"
	objcopy --update-section .modinfo="$tmp/new" "$1" "$2"
	rm -rf "$tmp"
}
# built for a kernel without CONFIG_PREEMPT_BUILD
vermagic "$in" ldr_vermagic.ko "6.1.0-54-amd64 SMP mod_unload modversions "
vermagic ../modules/6.12/lp_single-nodwarf.ko ldr_vermagic612.ko \
	"6.12.117+deb12-amd64 SMP mod_unload modversions "
# another ABI release, with __versions: the loader skips the release
vermagic "$in" ldr_release.ko "6.1.0-99-amd64 SMP preempt mod_unload modversions "
# no __versions (as modprobe --force-modversion leaves a module): the release counts again
objcopy --remove-section=__versions "$in" ldr_noversions.ko
objcopy --remove-section=__versions ldr_release.ko ldr_noversions_release.ko
