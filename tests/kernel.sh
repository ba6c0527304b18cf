#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel verdict tier (issue 7): boots Debian 6.1, 6.12 and sid's 7.2 under qemu (TCG) and runs every
# scenario in tests/kernel/scenarios/, one TAP line per step per kernel. Results go to a
# temporary directory (run tests/kernel/run.py --record to refresh testdata/kernel/).
# Skipped (TAP "1..0 # SKIP") when KLP_SKIP_KERNEL=1, or when qemu, busybox-static or the
# kernel packages cannot be had. Takes about 6 minutes on 2 cores; see tests/kernel/README.md.
: "${top_srcdir:=.}"
: "${PYTHON3:=python3}"
if [ "${KLP_SKIP_KERNEL:-0}" = 1 ]; then
	echo "1..0 # SKIP KLP_SKIP_KERNEL=1"
	exit 0
fi
if ! command -v "$PYTHON3" >/dev/null 2>&1; then
	echo "1..0 # SKIP no python3"
	exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$PYTHON3" "$top_srcdir/tests/kernel/run.py" --tap --out "$out" ${KLP_KERNEL_ARGS:-} \
	>"$out/kernel.tap"
rc=$?
# 77: skipped; run.py has printed "1..0 # SKIP reason" already
if [ $rc -eq 77 ]; then
	cat "$out/kernel.tap"
	exit 0
fi
# Then klpcheck's verdict on every load step of these fresh boots, numbered after the kernel's.
grep -v '^1\.\.' "$out/kernel.tap"
n=$(grep -c '^\(not \)\?ok ' "$out/kernel.tap")
KLPCHECK="${KLPCHECK:-$top_srcdir/klpcheck}" "$PYTHON3" "$top_srcdir/tests/kernel/verdicts.py" \
	--tap --root "$out" >"$out/verdicts.tap"
vrc=$?
grep -v '^1\.\.' "$out/verdicts.tap" | awk -v n="$n" '
	/^(not )?ok [0-9]+/ { sub(/ok [0-9]+/, "ok " ($0 ~ /^not/ ? $3 + n : $2 + n)) } { print }'
m=$(grep -c '^\(not \)\?ok ' "$out/verdicts.tap")
echo "1..$((n + m))"
[ $rc -eq 0 ] && [ $vrc -eq 0 ]
