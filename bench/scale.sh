#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark, not a test: how checking grows with the size of a patch. Builds (once, with kbuild
# against the cached Debian 6.1 headers) livepatch modules replacing SMALL and BIG vmlinux
# functions (bench/mkbig.py), then times, in one run:
#   inspect: decoding alone (the baseline), and
#   lint:    decoding + loading the 6.1 target (kallsyms, ftrace list, config) + every rule.
# Prints the median wall time of each, lint/inspect at each size, and how each grows from SMALL
# to BIG: a rule that compares every function with every other makes lint grow by (BIG/SMALL)^2
# while inspect grows by BIG/SMALL.
#
#   bench/scale.sh            SMALL=${SMALL:-1000} BIG=${BIG:-8000} RUNS=${RUNS:-3}
# The headers come from testdata/modules/build.sh (run `testdata/modules/build.sh 6.1` once).
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
klpcheck=${KLPCHECK:-$here/klpcheck}
cache=${KLPCHECK_CACHE:-$HOME/.cache/klpcheck}
kdir=$cache/headers/6.1/usr/src/linux-headers-${KLP_61_ABI:-6.1.0-54}-amd64
small=${SMALL:-1000}
big=${BIG:-8000}
runs=${RUNS:-3}
k=$here/testdata/kernel/6.1
target="--release 6.1.0-54-amd64 --kallsyms $k/kallsyms.xz --ftrace-functions
	$k/available_filter_functions.xz --kconfig $k/config.xz --symvers $k/Module.symvers.xz"

[ -d "$kdir" ] || { echo "scale.sh: $kdir missing: run testdata/modules/build.sh 6.1" >&2; exit 2; }

build() { # N -> path of lp_big.ko with N functions
	d=$cache/bench/6.1/$1
	if [ ! -f "$d/lp_big.ko" ]; then
		rm -rf "$d" && mkdir -p "$d"
		xzcat "$k/available_filter_functions.xz" >"$d/functions"
		python3 "$here/bench/mkbig.py" "$1" "$d/functions" >"$d/lp_big.c"
		echo "obj-m := lp_big.o" >"$d/Kbuild"
		make -s -C "$kdir" M="$d" -j"$(nproc)" modules >&2
	fi
	echo "$d/lp_big.ko"
}

median_ms() { # COMMAND...: median wall time of $runs runs, in ms (exit status 1 = findings)
	i=0
	while [ $i -lt "$runs" ]; do
		s=$(date +%s%N)
		"$@" >/dev/null || [ $? -eq 1 ]
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
		i=$((i + 1))
	done | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

ks=$(build "$small")
kb=$(build "$big")
# shellcheck disable=SC2086
for n in "$small" "$big"; do
	ko=$ks
	[ "$n" = "$big" ] && ko=$kb
	echo "lp_big.ko, $n functions: $("$klpcheck" inspect -f json "$ko" | grep -c '"old_name"') decoded," \
		"$("$klpcheck" -f json $target "$ko" | grep -c '"rule"') findings"
done
# shellcheck disable=SC2086
{
	is=$(median_ms "$klpcheck" inspect -f json "$ks")
	ib=$(median_ms "$klpcheck" inspect -f json "$kb")
	ls=$(median_ms "$klpcheck" -f json $target "$ks")
	lb=$(median_ms "$klpcheck" -f json $target "$kb")
}
printf '%-8s %10s %10s\n' "" "$small fn" "$big fn"
printf '%-8s %8s ms %8s ms\n' inspect "$is" "$ib" lint "$ls" "$lb"
awk -v is="$is" -v ib="$ib" -v ls="$ls" -v lb="$lb" -v s="$small" -v b="$big" 'BEGIN {
	printf "lint / inspect: %.1f x at %d functions, %.1f x at %d\n", ls / is, s, lb / ib, b
	printf "growth %d -> %d functions (linear: %.0f x): inspect %.1f x, lint %.1f x\n",
		s, b, b / s, ib / is, lb / ls
}'
