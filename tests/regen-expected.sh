#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Rewrites testdata/rules/*/*/expected.{out,status} from the current klpcheck. Review the diff
# before committing: each expectation must say what the kernel would do, not what klpcheck did.
set -u
cd "$(dirname "$0")/.."
for d in testdata/rules/*/*/; do
	# shellcheck disable=SC2046
	./klpcheck --no-project-config --allow-incomplete --color never --sysroot /nonexistent-klpcheck-root $(cat "$d/args") >"$d/expected.out" 2>/dev/null
	echo $? >"$d/expected.status"
done
git diff --stat -- testdata/rules
