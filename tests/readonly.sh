#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# klpcheck never writes to its inputs and writes only the file or directory the user names:
# every command (lint, inspect, target, snapshot -o) runs over copies of real inputs, then their
# checksums, sizes, modes and mtimes must be unchanged, and nothing may have appeared anywhere
# but in the named outputs (not in the working directory, not in TMPDIR).
. "${top_srcdir:-.}/tests/lib.sh"
mods="$top_srcdir/testdata/modules/6.1"
t="$top_srcdir/testdata/target"
in="$tmpdir/in" out="$tmpdir/out"
mkdir -p "$in" "$out" "$tmpdir/cwd" "$tmpdir/tmp"

cp "$mods/lp_single.ko" "$mods/lp_multi-nodwarf.ko" "$mods/lp_stack2.ko" "$in/"
xz -c "$mods/lp_callbacks.ko" >"$in/lp_callbacks.ko.xz"
cp "$t/kallsyms" "$t/available_filter_functions" "$t/debian-6.1/System.map.excerpt" \
	"$t/debian-6.1/config-6.1.0-54-amd64.gz" "$t/debian-6.1/Module.symvers.excerpt" "$in/"
"$PYTHON3" "$top_srcdir/tests/mkvmlinux.py" "$in/vmlinux" >/dev/null
cp -R "$top_srcdir/testdata/sysfs/6.1/stacked/03" "$in/sysfs"
mkdir -p "$in/root/proc/sys/kernel" "$in/root/sys/kernel"
echo 6.1.0-54-amd64 >"$in/root/proc/sys/kernel/osrelease"
cp "$t/kallsyms" "$in/root/proc/kallsyms"
cp -R "$top_srcdir/testdata/sysfs/6.1/stacked/03" "$in/root/sys/kernel/livepatch"
"$KLPCHECK" snapshot -o "$in/snap" --sysroot "$in/root" 2>/dev/null
tap_ok $? "the inputs: modules, target files, a sysfs tree, a system root and a snapshot"

# Everything that identifies the inputs' contents, except access times.
state() {
	(cd "$in" && find . -printf '%p %y %m %s %T@ %l\n' | sort &&
		find . -type f -exec sha256sum {} + | sort)
}
state >"$tmpdir/before"
touch "$tmpdir/stamp"
sleep 1

target="--kallsyms $in/kallsyms --system-map $in/System.map.excerpt --vmlinux $in/vmlinux
	--ftrace-functions $in/available_filter_functions --kconfig $in/config-6.1.0-54-amd64.gz
	--symvers $in/Module.symvers.excerpt --sysfs $in/sysfs --existing $in/lp_stack2.ko"
run() { # EXPECTED-STATUSES DESCRIPTION COMMAND...
	ok=$1 desc=$2
	shift 2
	(cd "$tmpdir/cwd" && TMPDIR="$tmpdir/tmp" "$KLPCHECK" "$@") >"$tmpdir/stdout" 2>"$tmpdir/stderr"
	rc=$?
	case " $ok " in *" $rc "*) r=0 ;; *) r=1; head -5 "$tmpdir/stderr" | sed 's/^/# /' ;; esac
	tap_ok $r "$desc (exit $rc)"
}
# shellcheck disable=SC2086
run "0 1" "lint, text, every target source" $target -o "$out/lint.txt" "$in/lp_single.ko" "$in/lp_callbacks.ko.xz"
# shellcheck disable=SC2086
run "0 1" "lint, sarif" --format sarif -o "$out/lint.sarif" $target "$in/lp_multi-nodwarf.ko"
# The sysroot's snapshot has no config or exports: what is incomplete is not this test's point.
run "0 1" "lint, json, against a snapshot" --format json -o "$out/lint.json" --allow-incomplete --target "$in/snap" "$in/lp_single.ko"
run "0" "inspect, json" inspect --format json -o "$out/inspect.json" "$in/lp_single.ko" "$in/lp_callbacks.ko.xz"
run "0" "inspect, text to stdout" inspect "$in/lp_multi-nodwarf.ko"
# shellcheck disable=SC2086
run "0" "target, every source" target $target -o "$out/target.txt"
run "0" "target, a snapshot" target --target "$in/snap" --format json
run "0" "snapshot -o" snapshot -o "$out/snap" --sysroot "$in/root"

state >"$tmpdir/after"
cmp -s "$tmpdir/before" "$tmpdir/after"
tap_ok $? "no input changed: contents, sizes, modes, mtimes"
diff "$tmpdir/before" "$tmpdir/after" | head -5 | sed 's/^/# /'
# Written since the stamp: only the named outputs (and this script's own stdout/stderr files).
find "$tmpdir" -newer "$tmpdir/stamp" ! -type d ! -path "$out/*" ! -name stdout ! -name stderr \
	! -name after ! -name written >"$tmpdir/written"
[ ! -s "$tmpdir/written" ]
tap_ok $? "nothing written but the named outputs$(head -3 "$tmpdir/written" | tr '\n' ' ')"
[ -z "$(ls -A "$tmpdir/cwd")" ] && [ -z "$(ls -A "$tmpdir/tmp")" ]
tap_ok $? "nothing left in the working directory or TMPDIR"
(cd "$out" && ls -A) >"$tmpdir/outs"
printf 'inspect.json\nlint.json\nlint.sarif\nlint.txt\nsnap\ntarget.txt\n' | cmp -s - "$tmpdir/outs"
tap_ok $? "exactly the named outputs exist: $(tr '\n' ' ' <"$tmpdir/outs")"
tap_done
