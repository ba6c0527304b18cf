#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark, not a test: loading the target for a module with 10 functions (klpcheck target
# --vmlinux V --symbol x10: symbol table only, one pass resolving the wanted names) against
# `nm V` over the same file, in one run. Target (issue 3): at most 0.1 x nm.
#
#   bench/target.sh [VMLINUX]      default: Debian's 6.1.0-54-amd64 debug vmlinux, downloaded
#                                  into ${KLPCHECK_CACHE:-~/.cache/klpcheck} if absent (857 MB)
# Prints, for each, the median over 5 rounds of the mean of N runs (N=${RUNS:-10}), and the
# ratio. Both sides pay the same fork and exec.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
klpcheck=${KLPCHECK:-$here/klpcheck}
cache=${KLPCHECK_CACHE:-$HOME/.cache/klpcheck}
rel=6.1.0-54-amd64
v=${1:-$cache/image/6.1/usr/lib/debug/boot/vmlinux-$rel}
runs=${RUNS:-10}

if [ ! -f "$v" ]; then
	mkdir -p "$cache/debs/6.1" "$cache/image/6.1"
	(cd "$cache/debs/6.1" && apt-get download "linux-image-$rel-dbg")
	dpkg-deb --fsys-tarfile "$cache/debs/6.1/linux-image-$rel-dbg"_*.deb |
		tar -x -C "$cache/image/6.1" ./usr/lib/debug/boot/
fi

# Ten functions a real patch would name, two of them duplicated (sympos territory).
set -- cmdline_proc_show meminfo_proc_show version_proc_show uptime_proc_show type_show \
	jhash do_idle schedule_timeout vfs_read kthread
args=
for f; do args="$args --symbol $f"; done

median_ms() { # COMMAND...: median over 5 rounds of the mean wall time of $runs runs, in ms
	r=0
	while [ $r -lt 5 ]; do
		i=0
		s=$(date +%s%N)
		while [ $i -lt "$runs" ]; do
			"$@" >/dev/null
			i=$((i + 1))
		done
		e=$(date +%s%N)
		echo $(((e - s) / runs / 1000))
		r=$((r + 1))
	done | sort -n | awk '{a[NR] = $1} END {printf "%.1f\n", a[3] / 1000}'
}

cat "$v" >/dev/null # warm the page cache for both
# shellcheck disable=SC2086
"$klpcheck" target --vmlinux "$v" $args | grep -c ',.* of ' | sed 's/^/symbols resolved: /'
# shellcheck disable=SC2086
k=$(median_ms "$klpcheck" target --vmlinux "$v" $args)
n=$(median_ms nm "$v")
echo "vmlinux: $v ($(stat -c %s "$v") bytes)"
echo "klpcheck target --vmlinux, 10 functions: $k ms (median of 5 x $runs runs)"
echo "nm vmlinux:                              $n ms (median of 5 x $runs runs)"
awk -v k="$k" -v n="$n" 'BEGIN { printf "ratio: %.3f x nm (target: <= 0.1)\n", k / n }'
