#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The docs and comments stand on their own: they cite the kernel's sources or the project's own
# files, never notes that are not in the repository (the developers' reference notes).
. "${top_srcdir:-.}/tests/lib.sh"

# The note names, assembled so that this file does not name them itself.
md='\.md'
ref=reference
notes="kernel-livepatch$md|kernel-lab$md|vmlinux-facts$md|livepatch-tools$md|shared/$ref"
grep -rIlE --exclude-dir=.git --exclude-dir=autom4te.cache --exclude='*.log' --exclude='*.trs' \
	--exclude='config.*' --exclude=Makefile --exclude=Makefile.in --exclude=configure \
	"$notes" "$top_srcdir" >"$tmpdir/hits"
[ ! -s "$tmpdir/hits" ]
tap_ok $? "no file cites the notes outside the repository $(tr '\n' ' ' <"$tmpdir/hits")"
[ -s "$top_srcdir/docs/rules/KLP401.md" ] && grep -q 'kernel/livepatch/core.c' "$top_srcdir/docs/rules/KLP401.md"
tap_ok $? "the rule pages cite the kernel's sources instead (KLP401: kernel/livepatch/core.c)"
tap_done
