#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark, not a test: the largest hostile inputs within the limits of docs/limits.md, and an
# eighth of each, so the growth shows whether the time stays linear (8 x) rather than
# quadratic (64 x). Each is timed interleaved with a baseline that reads the same input once
# (wc -l for text, readelf -rW for a module), and the klpcheck/baseline ratio is printed, so the
# numbers mean the same on a busy machine. KLPCHECK_OLD=binary also times another klpcheck
# (once per input, given up after OLD_TIMEOUT s, default 60: the quadratic ones took minutes).
#
#   bench/hostile.sh            RUNS=${RUNS:-3}
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
klpcheck=${KLPCHECK:-$here/klpcheck}
old=${KLPCHECK_OLD:-}
runs=${RUNS:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$here/tests" "$dir" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[1])
from mkhostile import big_funcs_module
out = sys.argv[2]
for n in (8192, 65536):  # modules named in kallsyms and the ftrace list: the limit is 65,536
    with open(os.path.join(out, "kallsyms-mods-%d" % n), "w") as f:
        f.write("ffffffff81000000 T _stext\n")
        f.writelines("ffffffffc%07x t f [m%d]\n" % (k, k) for k in range(n - 1))
    with open(os.path.join(out, "ftrace-mods-%d" % n), "w") as f:
        f.writelines("f [m%d]\n" % k for k in range(n - 1))
for n in (500000, 4000000):  # target symbols: the limit is 4,000,000
    with open(os.path.join(out, "kallsyms-syms-%d" % n), "w") as f:
        f.writelines("ffffffff8%07x t s%d\n" % (k, k) for k in range(n))
for n in (12500, 100000):  # call sites of klp_enable_patch(), each in its own function
    with open(os.path.join(out, "calls-%d.ko" % n), "wb") as f:
        f.write(big_funcs_module(1, ncalls=n, call_funcs=True))
for n in (12500, 100000):  # objects of one patch
    with open(os.path.join(out, "objs-%d.ko" % n), "wb") as f:
        f.write(big_funcs_module(n, distinct=True))
PY

ms() { # COMMAND...: wall time of one run in ms (exit 1 = findings, 2 = refused: both count)
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1 || :
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# NAME BASELINE-CMD -- KLPCHECK-ARGS: interleaved runs, medians, the ratio
bench() {
	name=$1 base=$2
	shift 3
	: >"$dir/t.base"; : >"$dir/t.new"; : >"$dir/t.old"
	i=0
	while [ $i -lt "$runs" ]; do
		ms sh -c "$base" >>"$dir/t.base"
		ms "$klpcheck" "$@" >>"$dir/t.new"
		[ -z "$old" ] || [ $i -gt 0 ] || ms timeout "${OLD_TIMEOUT:-60}" "$old" "$@" >>"$dir/t.old"
		i=$((i + 1))
	done
	b=$(median <"$dir/t.base") n=$(median <"$dir/t.new")
	line=$(printf '%-22s baseline %6s ms  klpcheck %6s ms  ratio %6s' "$name" "$b" "$n" \
		"$(awk -v n="$n" -v b="$b" 'BEGIN {printf "%.1f", n / (b ? b : 1)}')")
	[ -z "$old" ] || line="$line  old $(median <"$dir/t.old") ms (1 run)"
	echo "$line"
	eval "t_$(echo "$name" | tr -c 'a-z0-9\n' _)=$n"
}
growth() { # LABEL SMALL-NAME BIG-NAME
	awk -v l="$1" -v s="$2" -v b="$3" 'BEGIN {printf "  %s grows %.1f x from 1/8 of the limit (linear: 8 x)\n", l, b / (s ? s : 1)}'
}

nt="--no-project-config --sysroot /nonexistent-klpcheck-root --release 6.1.0-54-amd64"
for n in 8192 65536; do
	bench "kallsyms $n modules" "wc -l $dir/kallsyms-mods-$n" -- target --kallsyms "$dir/kallsyms-mods-$n"
done
growth "kallsyms, modules" "$t_kallsyms_8192_modules" "$t_kallsyms_65536_modules"
for n in 8192 65536; do
	bench "ftrace $n modules" "wc -l $dir/ftrace-mods-$n" -- target --ftrace-functions "$dir/ftrace-mods-$n"
done
growth "ftrace, modules" "$t_ftrace_8192_modules" "$t_ftrace_65536_modules"
for n in 500000 4000000; do
	bench "kallsyms $n syms" "wc -l $dir/kallsyms-syms-$n" -- target --kallsyms "$dir/kallsyms-syms-$n"
done
growth "kallsyms, symbols" "$t_kallsyms_500000_syms" "$t_kallsyms_4000000_syms"
# shellcheck disable=SC2086
for n in 12500 100000; do
	bench "$n call sites" "readelf -rW $dir/calls-$n.ko" -- $nt "$dir/calls-$n.ko"
done
growth "call sites (check)" "$t_12500_call_sites" "$t_100000_call_sites"
# shellcheck disable=SC2086
for n in 12500 100000; do
	bench "$n objects" "readelf -rW $dir/objs-$n.ko" -- $nt "$dir/objs-$n.ko"
done
growth "objects (check)" "$t_12500_objects" "$t_100000_objects"
