#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs each libFuzzer harness for SECONDS (default 60), one after the other, from the build
# directory after `make fuzz`. Seeds come from testdata/ (mkseeds.py); what a run finds is kept
# in tests/fuzz/corpus/HARNESS, crashes in tests/fuzz/crashes/. Exits 1 if any harness crashed,
# leaked, timed out or ran out of memory.
# usage: tests/fuzz/run.sh [SECONDS [HARNESS...]]   HARNESS: module target-file sysfs
set -u
secs=${1:-60}
[ $# -gt 0 ] && shift
harnesses=${*:-module target-file sysfs}
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
out=tests/fuzz
status=0

for h in $harnesses; do
	[ -x "$out/fuzz-$h" ] || { echo "run.sh: $out/fuzz-$h missing: run 'make fuzz' first" >&2; exit 2; }
done
rm -rf "$out/seeds"
python3 "$srcdir/tests/fuzz/mkseeds.py" "$srcdir" "$out/seeds" || exit 2
mkdir -p "$out/crashes"
for h in $harnesses; do
	mkdir -p "$out/corpus/$h"
	log="$out/fuzz-$h.log"
	# -rss_limit_mb: klpcheck must stay bounded by its input; -timeout: no input may hang it.
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$out/fuzz-$h" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/$h-" \
		"$out/corpus/$h" "$out/seeds/$h" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
	corpus=$(ls "$out/corpus/$h" | wc -l)
	# A result in automake's .trs form, so that .ci/run counts the harness with the tests.
	if [ $rc -eq 0 ]; then
		echo ":test-result: PASS" >"$out/fuzz-$h.trs"
		echo "fuzz-$h: ${secs}s, ${runs:-?} runs, $cov, corpus $corpus, no crash"
	else
		echo ":test-result: FAIL" >"$out/fuzz-$h.trs"
		echo "fuzz-$h: FAILED (exit $rc) after ${runs:-?} runs; see $log and $out/crashes/"
		grep -m3 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error' "$log"
		status=1
	fi
done
exit $status
