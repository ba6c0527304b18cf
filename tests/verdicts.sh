#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# klpcheck's verdict for every load step that Debian 6.1, 6.12 and 7.2 kernels ran under qemu
# (recorded in testdata/kernel/ by tests/kernel/run.py) must match what the kernel did, from the
# state the kernel had just before the step. tests/kernel.sh does the same after fresh boots.
: "${top_srcdir:=.}"
: "${PYTHON3:=python3}"
KLPCHECK="${KLPCHECK:-$top_srcdir/klpcheck}" exec "$PYTHON3" "$top_srcdir/tests/kernel/verdicts.py" --tap
