#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the hand-made livepatch trees here, in the layout the qemu harness captures
# (tests/kernel/guest/init.sh): <scenario>/sysfs/ holds the files, <scenario>/sysfs.list every
# path ("d" directory, "f" readable file, "u" unreadable: write-only), since git keeps no empty
# directory and a function directory has no files. tests/target.sh rebuilds each tree from
# sysfs.list. What each kernel writes: ../../docs/target.md.
set -e
cd "$(dirname "$0")"

scn() { rm -rf "$1"; mkdir -p "$1/sysfs"; S=$1; }
d() { mkdir -p "$S/sysfs/$1"; }
f() { mkdir -p "$S/sysfs/$(dirname "$1")"; printf '%s\n' "$2" >"$S/sysfs/$1"; }
u() { mkdir -p "$S/sysfs/$(dirname "$1")"; : >"$S/sysfs/$1"; }
list() { # writes sysfs.list like the harness: sorted, relative
	(cd "$S/sysfs" && find . -mindepth 1 | sort | while read -r p; do
		p=${p#./}
		if [ -d "$p" ]; then echo "d $p"
		elif [ -s "$p" ]; then echo "f $p"
		else echo "u $p"; fi
	done) >"$S/sysfs.list"
}
# 6.1: per patch enabled, transition, force (unreadable); per object patched; function
# directories "name,sympos" (sympos 1 when unset); no replace, no stack_order.
patch61() { # NAME ENABLED TRANSITION
	f "$1/enabled" "$2"; f "$1/transition" "$3"; u "$1/force"
}

# Two patches, the newer one in transition; its klpc_target object is not loaded yet.
scn 6.1-transition
patch61 lp_single 1 0
f lp_single/vmlinux/patched 1
d lp_single/vmlinux/cmdline_proc_show,1
patch61 lp_multi 1 1
f lp_multi/vmlinux/patched 1
d lp_multi/vmlinux/cmdline_proc_show,1
d lp_multi/vmlinux/meminfo_proc_show,1
d lp_multi/vmlinux/version_proc_show,1
f lp_multi/klpc_target/patched 0
d lp_multi/klpc_target/klpc_target_mul,1
d lp_multi/klpc_target/klpc_helper,2
list

# A patch being disabled: enabled 0 while the transition back runs (5.1+ removes it after).
scn 6.1-disabling
patch61 lp_single 0 1
f lp_single/vmlinux/patched 1
d lp_single/vmlinux/cmdline_proc_show,1
list

# 6.13+: replace and stack_order. lp_replace (newest, atomic replace) in transition over
# lp_single, with the no-op entry for the function it drops.
scn 6.13-replace
patch61 lp_single 1 0
f lp_single/replace 0
f lp_single/stack_order 1
f lp_single/vmlinux/patched 1
d lp_single/vmlinux/cmdline_proc_show,1
patch61 lp_replace 1 1
f lp_replace/replace 1
f lp_replace/stack_order 2
f lp_replace/vmlinux/patched 1
d lp_replace/vmlinux/uptime_proc_show,1
d lp_replace/vmlinux/version_proc_show,1
d lp_replace/vmlinux/cmdline_proc_show,1
list

# 4.4: function directories without ",sympos"; no transition, no force; before 5.1 a disabled
# patch stays in the tree until its module is removed.
scn 4.4-layout
f lp_old/enabled 0
d lp_old/vmlinux/cmdline_proc_show
f lp_new/enabled 1
d lp_new/vmlinux/cmdline_proc_show
d lp_new/vmlinux/meminfo_proc_show
list

# 4.15 - 5.0: signal and force (both write-only), transition, "name,sympos".
scn 4.15-layout
f lp_single/enabled 1
f lp_single/transition 1
u lp_single/force
u lp_single/signal
d lp_single/vmlinux/cmdline_proc_show,1
list
