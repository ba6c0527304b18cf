#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# debian/ builds a package (dpkg-buildpackage -us -uc -b) from a copy of the source; installed
# into a scratch root with dpkg -x, its klpcheck runs, prints a rule page from the installed
# docdir and checks a bundled module. Skipped (never passed) when not root or without dpkg-dev
# and debhelper: .ci/run installs them. The package's own test run is left out (nocheck): this
# suite is that run. KLP_SKIP_SELF_BUILD=1 skips it (the sanitizer pass of .ci/run).
. "${top_srcdir:-.}/tests/lib.sh"

skip() { echo "ok 1 # SKIP $1"; echo "1..1"; exit 0; }
[ "${KLP_SKIP_SELF_BUILD:-0}" = 1 ] && skip "KLP_SKIP_SELF_BUILD=1"
[ "$(id -u)" -eq 0 ] || skip "not root"
for t in dpkg-buildpackage dh dh_autoreconf dpkg-deb; do
	command -v "$t" >/dev/null || skip "no $t (apt-get install dpkg-dev debhelper)"
done
src=$(cd "$top_srcdir" && pwd)

copy_source "$tmpdir/src"
[ -f "$tmpdir/src/debian/control" ]
tap_ok $? "the source has debian/"
(cd "$tmpdir/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	dpkg-buildpackage -us -uc -b) >"$tmpdir/build.log" 2>&1
rc=$?
tap_ok $rc "dpkg-buildpackage -us -uc -b builds (log: $tmpdir/build.log)"
[ $rc -eq 0 ] || { tail -30 "$tmpdir/build.log" | sed 's/^/# /'; tap_done; exit; }
deb=$(ls "$tmpdir"/klpcheck_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] && dpkg-deb -x "$deb" "$tmpdir/root"
tap_ok $? "the package unpacks with dpkg -x (${deb##*/})"

root=$tmpdir/root
bin=$root/usr/bin/klpcheck
ver=$(sed -n 's/^AC_INIT(\[klpcheck\], \[\([^]]*\)\].*/\1/p' "$src/configure.ac")
"$bin" --version >"$tmpdir/out" 2>&1 && grep -q "$ver" "$tmpdir/out"
tap_ok $? "the installed klpcheck --version says $ver: $(head -n 1 "$tmpdir/out")"
KLPCHECK_DOCDIR=$root/usr/share/klpcheck/rules "$bin" --explain KLP401 >"$tmpdir/page" &&
	cmp -s "$tmpdir/page" "$src/docs/rules/KLP401.md"
tap_ok $? "--explain KLP401 prints the installed page"
for f in usr/share/man/man1/klpcheck.1.gz usr/share/bash-completion/completions/klpcheck \
	usr/share/doc/klpcheck/copyright usr/bin/klpcheck-kpatch-build; do
	[ -f "$root/$f" ]
	tap_ok $? "the package has /$f"
done
zcat "$root/usr/share/man/man1/klpcheck.1.gz" | grep -q '^\.I /usr/share/klpcheck/rules/KLPnnn.md'
tap_ok $? "the man page names the packaged rule pages"
! grep -qF "$src" "$bin" && ! grep -qF "$tmpdir/src" "$bin"
tap_ok $? "the packaged binary names no build tree"

# A bundled module against the whole Debian 6.1 target captured in testdata/ (every rule runs):
# KLP401 and exit 1.
t=$src/testdata/kernel/6.1
set -- --no-project-config --release 6.1.0-54-amd64 --kallsyms "$t/kallsyms.xz" \
	--ftrace-functions "$t/available_filter_functions.xz" --kconfig "$t/config.xz" \
	--symvers "$t/Module.symvers.xz" --sysfs "$src/testdata/sysfs/6.1/clean/00" \
	--modules-dir "$src/testdata/modules/6.1" --modules-builtin "$t/modules.builtin.xz" \
	--btf "$t/btf.xz" --sysroot /nonexistent-klpcheck-root
"$bin" "$@" "$src/testdata/modules/6.1/lp_nosym.ko" >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 1 ] && grep -q "vmlinux:klpc_no_such_function: error: .*\[KLP401\]" "$tmpdir/out"
tap_ok $? "the installed klpcheck finds KLP401 in lp_nosym.ko (exit $rc)"
"$bin" "$@" "$src/testdata/modules/6.1/lp_single.ko" >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmpdir/out" ] && [ ! -s "$tmpdir/err" ]
tap_ok $? "and nothing, not even a notice, in lp_single.ko (exit $rc)"
tap_done
