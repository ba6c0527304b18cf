#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What the kernel accepts but does not do as the patch meant, against real Debian kernels:
# compiler clones of a target in the 6.1 and 6.12 kallsyms (KLP408, and KLP401 naming the clone),
# one shadow variable id at two sizes in two patches (KLP307), and struct layouts of a module
# built against 6.1 headers against the 6.1 and 6.12 BTF (KLP603), read from --btf, from the
# .BTF section of a vmlinux, from a snapshot and from a live /sys/kernel/btf/vmlinux.
. "${top_srcdir:-.}/tests/lib.sh"
td="$top_srcdir/testdata"

# A whole target of kernel K (the tests of the rules here must not depend on what is missing).
target() { # K
	case $1 in
	6.1) rel=6.1.0-54-amd64 ;;
	6.12) rel=6.12.117+deb12-amd64 ;;
	*) rel=$1 ;;
	esac
	echo "--no-project-config --color never --sysroot /nonexistent-klpcheck-root --release $rel" \
		"--kallsyms $td/kernel/$1/kallsyms.xz" \
		"--ftrace-functions $td/kernel/$1/available_filter_functions.xz" \
		"--kconfig $td/kernel/$1/config.xz --symvers $td/kernel/$1/Module.symvers.xz" \
		"--modules-dir $td/modules/$1 --btf $td/kernel/$1/btf.xz"
}
# shellcheck disable=SC2046
lint() { "$KLPCHECK" "$@" >"$tmpdir/out" 2>"$tmpdir/err"; }

# --- clones: what the kallsyms says, read here without klpcheck -------------------------------
kernels="6.1 6.12"
[ -f "$td/kernel/7.x/kallsyms.xz" ] && [ -f "$td/modules/7.x/lp_clone.ko" ] && kernels="$kernels 7.x"
for k in $kernels; do
	xz -dc "$td/kernel/$k/kallsyms.xz" | awk '{print $3}' | grep -E '^(vfs_statfs|intel_pmu_save_and_restart_reload)(\.|$)' | sort >"$tmpdir/names"
	printf '%s\n' intel_pmu_save_and_restart_reload.isra.0 vfs_statfs vfs_statfs.part.0.isra.0 >"$tmpdir/want"
	cmp -s "$tmpdir/names" "$tmpdir/want"
	tap_ok $? "$k kallsyms: vfs_statfs and vfs_statfs.part.0.isra.0; intel_pmu_save_and_restart_reload only as .isra.0"
	# shellcheck disable=SC2046
	lint $(target "$k") --sysfs "$td/sysfs/$k/clean/00" "$td/modules/$k/lp_clone.ko"
	grep -q "vmlinux:vfs_statfs: warning: 'vfs_statfs' in vmlinux has 1 compiler clone that this patch does not replace: 'vfs_statfs.part.0.isra.0';.*\[KLP408\]" "$tmpdir/out"
	tap_ok $? "$k: lp_clone patches vfs_statfs only: KLP408 names vfs_statfs.part.0.isra.0"
	# shellcheck disable=SC2046
	lint $(target "$k") --sysfs "$td/sysfs/$k/clean/00" "$td/modules/$k/lp_clone_all.ko"
	! grep -q KLP408 "$tmpdir/out" && ! grep -q "error:\|warning:" "$tmpdir/out"
	tap_ok $? "$k: lp_clone_all patches vfs_statfs and its clone: no finding"
	# shellcheck disable=SC2046
	lint $(target "$k") --sysfs "$td/sysfs/$k/clean/00" "$td/modules/$k/lp_cloneonly.ko"
	grep -q "'intel_pmu_save_and_restart_reload' is not a symbol of vmlinux on the target, only its compiler clone 'intel_pmu_save_and_restart_reload.isra.0' is (patch that name.*\[KLP401\]" "$tmpdir/out"
	tap_ok $? "$k: lp_cloneonly: KLP401 says to patch intel_pmu_save_and_restart_reload.isra.0"
done
# 6.1 has elf_map, elf_map.isra.0 and the .cold parts of both: only the callable clone counts.
xz -dc "$td/kernel/6.1/kallsyms.xz" | awk '$3 ~ /^elf_map(\.|$)/ {print $3}' | sort | tr '\n' ' ' >"$tmpdir/names"
[ "$(cat "$tmpdir/names")" = "elf_map elf_map.cold elf_map.isra.0 elf_map.isra.0.cold " ]
tap_ok $? "6.1 kallsyms: elf_map, elf_map.cold, elf_map.isra.0, elf_map.isra.0.cold"
# shellcheck disable=SC2046
lint $(target 6.1) --sysfs "$td/sysfs/6.1/clean/00" "$td/modules/6.1/lp_cloneonly.ko"
grep "\[KLP408\]" "$tmpdir/out" >"$tmpdir/407"
grep -q "'elf_map' in vmlinux has 1 compiler clone that this patch does not replace: 'elf_map.isra.0';" "$tmpdir/407" &&
	! grep -q "cold" "$tmpdir/407"
tap_ok $? "6.1: elf_map: KLP408 names elf_map.isra.0, never a .cold part"

# --- shadow variables --------------------------------------------------------------------------
m="$td/modules/6.1"
# shellcheck disable=SC2046
lint $(target 6.1) --existing "$m/lp_shadow_a.ko" "$m/lp_shadow_b.ko"
grep -q "shadow variable id 0x4b4c5000 is allocated with 64 bytes by lp_shadow_b (in livepatch_version_proc_show) and with 8 bytes by loaded patch 'lp_shadow_a' (in livepatch_cmdline_proc_show):.*\[KLP307\]" "$tmpdir/out"
tap_ok $? "lp_shadow_b (64 bytes) with lp_shadow_a (8 bytes) loaded: KLP307 names both, the id and the sizes"
# shellcheck disable=SC2046
lint $(target 6.1) --existing "$m/lp_shadow_a.ko" "$m/lp_shadow_c.ko"
! grep -q KLP307 "$tmpdir/out"
tap_ok $? "lp_shadow_c (the same id, the same 8 bytes) with lp_shadow_a loaded: no KLP307"
# shellcheck disable=SC2046
lint $(target 6.1) --existing "$m/lp_shadow_b.ko" --existing "$m/lp_shadow_c.ko" "$m/lp_shadow_a.ko"
grep -c "\[KLP307\]" "$tmpdir/out" >"$tmpdir/n"
grep -q "by lp_shadow_a (in livepatch_cmdline_proc_show) and with 64 bytes by loaded patch 'lp_shadow_b'" "$tmpdir/out" &&
	grep -q "by loaded patch lp_shadow_c (in livepatch_version_proc_show) and with 64 bytes by loaded patch 'lp_shadow_b'" "$tmpdir/out" &&
	[ "$(cat "$tmpdir/n")" = 2 ]
tap_ok $? "lp_shadow_a over lp_shadow_b and lp_shadow_c: the new patch against b, and the two loaded ones against each other"
# shellcheck disable=SC2046
lint $(target 6.1) --sysfs "$td/sysfs/6.1/clean/00" --existing "$m/lp_shadow_b.ko" "$m/lp_shadow_a.ko"
! grep -q "\[KLP307\]" "$tmpdir/out"
tap_ok $? "lp_shadow_b deployed but not in the livepatch tree (not loaded): no KLP307"

# --- layouts against the target's BTF ----------------------------------------------------------
# What pahole (an independent reader) says of struct file in the two BTF files, when it is here.
if command -v pahole >/dev/null 2>&1; then
	for k in 6.1 6.12; do
		xz -dc "$td/kernel/$k/btf.xz" >"$tmpdir/btf-$k"
		pahole -F btf -C file "$tmpdir/btf-$k" >"$tmpdir/file-$k"
		for f in f_llist f_flags; do
			awk -v f="$f;" '$NF == "*/" && $(NF-4) == f {print $(NF-2)}' "$tmpdir/file-$k"
		done | tr '\n' ' ' >"$tmpdir/off-$k"
	done
	[ "$(cat "$tmpdir/off-6.1")" = "0 64 " ] && [ "$(cat "$tmpdir/off-6.12")" = "152 48 " ]
	tap_ok $? "pahole: struct file's f_llist, f_flags at 0, 64 in the 6.1 BTF and at 152, 48 in 6.12's"
else
	echo "ok $((tap_n = tap_n + 1)) - # SKIP pahole not installed"
fi
lm="$m/lp_layout.ko"
# shellcheck disable=SC2046
lint $(target 6.12) --sysfs "$td/sysfs/6.12/clean/00" "$lm"
grep -q "vmlinux:livepatch_cmdline_proc_show: error: struct file, used by livepatch_cmdline_proc_show, has another layout on the target: member 'f_llist' is at offset 0 in the module and at offset 152 on the target (and [0-9]* more members); it is 232 bytes in the module and 184 on the target:.*\[KLP603\]" "$tmpdir/out"
tap_ok $? "lp_layout (6.1 headers) against the 6.12 target and BTF: KLP603 names struct file, f_llist, 0 and 152"
grep -q "struct fown_struct, used by livepatch_cmdline_proc_show, has another layout" "$tmpdir/out"
tap_ok $? "and struct fown_struct, which 6.1's struct file holds by value"
! grep -q "struct seq_file" "$tmpdir/out"
tap_ok $? "struct seq_file, the same in 6.1 and 6.12, is not reported"
# shellcheck disable=SC2046
lint $(target 6.1) --sysfs "$td/sysfs/6.1/clean/00" "$lm"
! grep -q "KLP603" "$tmpdir/out"
tap_ok $? "lp_layout against the 6.1 BTF, its own headers' kernel: no KLP603"
# shellcheck disable=SC2046
lint $(target 6.12) --sysfs "$td/sysfs/6.12/clean/00" "$td/modules/6.12/lp_layout.ko"
! grep -q "KLP603" "$tmpdir/out"
tap_ok $? "lp_layout rebuilt against 6.12 headers, against the 6.12 BTF: no KLP603"
# shellcheck disable=SC2046
lint $(target 6.12) --sysfs "$td/sysfs/6.12/clean/00" "$td/modules/6.1/lp_single.ko"
! grep -q "KLP603" "$tmpdir/out"
tap_ok $? "lp_single (a seq_file only) built against 6.1, against the 6.12 BTF: no KLP603"
# shellcheck disable=SC2046
lint $(target 6.12) --sysfs "$td/sysfs/6.12/clean/00" "$m/lp_layout-nodwarf.ko"
rc=$?
! grep -q "KLP603" "$tmpdir/out" "$tmpdir/err" && [ $rc = 1 ]
tap_ok $? "a stripped module says no layout: no KLP603, and the run is complete (exit 1 for the other findings, not 4; got $rc)"
# the .BTF section of a vmlinux, a snapshot and a live system give the same BTF
"$PYTHON3" "$top_srcdir/tests/mkvmlinux.py" "$tmpdir/vmlinux" >/dev/null &&
	xz -dc "$td/kernel/6.12/btf.xz" >"$tmpdir/btf.raw" &&
	objcopy --add-section .BTF="$tmpdir/btf.raw" "$tmpdir/vmlinux" "$tmpdir/vmlinux-btf"
tap_ok $? "a vmlinux with the 6.12 .BTF section (tests/mkvmlinux.py + objcopy)"
"$KLPCHECK" target --vmlinux "$tmpdir/vmlinux-btf" >"$tmpdir/out" 2>&1
grep -q "btf: $tmpdir/vmlinux-btf (.BTF) (" "$tmpdir/out"
tap_ok $? "klpcheck target lists the vmlinux's .BTF as the BTF source"
"$KLPCHECK" --no-project-config --vmlinux "$tmpdir/vmlinux-btf" "$lm" >"$tmpdir/out" 2>&1
grep -q "struct file, used by livepatch_cmdline_proc_show, has another layout.*\[KLP603\]" "$tmpdir/out"
tap_ok $? "--vmlinux: KLP603 from its .BTF section"
mkdir -p "$tmpdir/root/proc/sys/kernel" "$tmpdir/root/sys/kernel/btf" "$tmpdir/root/sys/kernel/livepatch"
echo 6.12.117+deb12-amd64 >"$tmpdir/root/proc/sys/kernel/osrelease"
xz -dc "$td/kernel/6.12/kallsyms.xz" >"$tmpdir/root/proc/kallsyms"
cp "$tmpdir/btf.raw" "$tmpdir/root/sys/kernel/btf/vmlinux"
"$KLPCHECK" snapshot -o "$tmpdir/snap" --sysroot "$tmpdir/root" 2>"$tmpdir/err" &&
	cmp -s "$tmpdir/snap/btf" "$tmpdir/btf.raw"
tap_ok $? "snapshot keeps /sys/kernel/btf/vmlinux as it is"
"$KLPCHECK" --no-project-config --target "$tmpdir/snap" "$lm" >"$tmpdir/out" 2>&1
grep -q "struct file, used by livepatch_cmdline_proc_show, has another layout.*\[KLP603\]" "$tmpdir/out"
tap_ok $? "--target SNAPSHOT: KLP603 from the snapshot's btf"
"$KLPCHECK" --no-project-config --live --sysroot "$tmpdir/root" "$lm" >"$tmpdir/out" 2>&1
grep -q "struct file, used by livepatch_cmdline_proc_show, has another layout.*\[KLP603\]" "$tmpdir/out"
tap_ok $? "--live: KLP603 from /sys/kernel/btf/vmlinux"
rm "$tmpdir/root/sys/kernel/btf/vmlinux"
"$KLPCHECK" snapshot -o "$tmpdir/snap2" --sysroot "$tmpdir/root" 2>"$tmpdir/err" && [ ! -e "$tmpdir/snap2/btf" ] &&
	grep -q "^klpcheck: snapshot: no BTF ($tmpdir/root/sys/kernel/btf/vmlinux: No such file or directory): the struct layouts of the kernel are not known$" "$tmpdir/err"
tap_ok $? "a kernel without /sys/kernel/btf/vmlinux: a snapshot without btf, and it says so"

# bad BTF: one line naming the file, exit status 2
for bad in README.md truncated; do
	f="$top_srcdir/README.md"
	[ $bad = truncated ] && head -c 4000 "$tmpdir/btf.raw" >"$tmpdir/trunc.btf" && f="$tmpdir/trunc.btf"
	"$KLPCHECK" --no-project-config --btf "$f" "$lm" >"$tmpdir/out" 2>"$tmpdir/err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <"$tmpdir/err")" = 1 ] && grep -q "^klpcheck: $f: not BTF data" "$tmpdir/err"
	tap_ok $? "--btf $bad: one line naming the file, exit status 2 (got $rc)"
done
tap_done
