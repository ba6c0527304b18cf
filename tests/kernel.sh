#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernel verdict tier (issue 7): boots Debian 6.1 and 6.12 under qemu (TCG) and runs every
# scenario in tests/kernel/scenarios/, one TAP line per step per kernel. Results go to a
# temporary directory (run tests/kernel/run.py --record to refresh testdata/kernel/).
# Skipped (TAP "1..0 # SKIP") when KLP_SKIP_KERNEL=1, or when qemu, busybox-static or the
# kernel packages cannot be had. Takes about 4 minutes on 2 cores; see tests/kernel/README.md.
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
"$PYTHON3" "$top_srcdir/tests/kernel/run.py" --tap --out "$out" ${KLP_KERNEL_ARGS:-}
rc=$?
# 77: skipped; run.py has printed "1..0 # SKIP reason" already
[ $rc -eq 77 ] && exit 0
exit $rc
