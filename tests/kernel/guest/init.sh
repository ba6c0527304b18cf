#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# /init of the kernel verdict tier's initramfs (busybox sh, PID 1).
# Mounts the pseudo filesystems, then runs /scenario.sh, a list of `step`
# calls written by tests/kernel/run.py from a .scn file. Every record goes
# to the second serial port (/dev/ttyS1) as text lines:
#   @@BOOT <uptime>                  once, when /init starts
#   @@START <n> <uptime>             before step n runs (the host times steps with it)
#   @@BEGIN <n> ... base64 of a .tar.gz of /out/<n>/ ... @@END <n>
#   @@DONE                           after the last step
# /out/<n>/ holds: action (what ran), result (loader line or write status),
# output (a read's output), settle (transition polling), dmesg (kernel lines
# since the previous record), sysfs/ (a copy of /sys/kernel/livepatch),
# sysfs.list (every path, "d"/"f"/"u" = dir/file/unreadable), modules (/proc/modules names),
# sig_enforce and lockdown (the loader's signature policy),
# modsyms and modftrace (their lines of /proc/kallsyms and available_filter_functions), times.
# Step 0 is the state after boot; with `capture` on the kernel command line
# step 0 also holds kallsyms, available_filter_functions, version, cmdline.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null ||
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
OUT=/dev/ttyS1
TR=/sys/kernel/tracing
[ -f $TR/available_filter_functions ] || TR=/sys/kernel/debug/tracing
# Seconds since boot, from the start time (clock ticks, USER_HZ 100) of a new process:
# not from /proc/uptime, whose show function is one that the scenarios patch.
up() { awk '{printf "%.2f\n", $22 / 100}' /proc/self/stat; }
echo "@@BOOT $(up)" >$OUT
LP=/sys/kernel/livepatch

# any_transition: 0 if some patch is in transition
any_transition() {
	for t in $LP/*/transition; do
		[ -f "$t" ] && [ "$(cat "$t" 2>/dev/null)" = 1 ] && return 0
	done
	return 1
}

# settle SECONDS: poll until no patch is in transition or SECONDS pass
settle() {
	s0=$(up)
	end=$(awk -v a="$s0" -v b="$1" 'BEGIN{print a+b}')
	while any_transition; do
		now=$(up)
		if awk -v a="$now" -v b="$end" 'BEGIN{exit !(a>=b)}'; then
			echo "timeout after $1 s: transition still in progress" >>$D/settle
			return
		fi
		usleep 100000
	done
	echo "settled in $(awk -v a="$(up)" -v b="$s0" 'BEGIN{printf "%.2f", a-b}') s" >>$D/settle
}

snapshot() {
	mkdir -p $D/sysfs
	: >$D/sysfs.list
	(cd $LP && find . -mindepth 1) | sort | while read -r p; do
		if [ -d "$LP/$p" ]; then
			echo "d ${p#./}" >>$D/sysfs.list
			mkdir -p "$D/sysfs/$p"
		elif cat "$LP/$p" >"$D/sysfs/$p" 2>/dev/null; then
			echo "f ${p#./}" >>$D/sysfs.list
		else
			echo "u ${p#./}" >>$D/sysfs.list
			: >"$D/sysfs/$p"
		fi
	done
	if any_transition; then echo 1 >$D/in_transition; else echo 0 >$D/in_transition; fi
	cat /proc/sys/kernel/tainted >$D/tainted
	cut -d' ' -f1 /proc/modules | sort >$D/modules
	cat /sys/module/module/parameters/sig_enforce >$D/sig_enforce 2>/dev/null
	cat /sys/kernel/security/lockdown >$D/lockdown 2>/dev/null
	# the loaded modules' symbols and ftrace sites: what a live target's kallsyms and
	# available_filter_functions add to the boot capture
	grep -F '[' /proc/kallsyms >$D/modsyms
	grep -F '[' $TR/available_filter_functions >$D/modftrace 2>/dev/null
}

emit() {
	snapshot
	dmesg -c >$D/dmesg 2>&1
	echo "end $(up)" >>$D/times
	echo "@@BEGIN $N" >$OUT
	(cd /out && tar czf - "$N") | base64 >$OUT
	echo "@@END $N" >$OUT
	rm -rf "/out/$N"
}

# step N ACTION ARG SETTLE
step() {
	N=$1 A=$2 X=$3 S=${4:-10}
	D=/out/$N
	mkdir -p $D
	# kernel lines before this step belong to the previous record
	echo "@@START $N $(up)" >$OUT
	echo "start $(up)" >$D/times
	echo "$A $X" >$D/action
	case $A in
	load | load-target)
		# a refused module changed nothing: do not wait for another patch's transition
		if klpc-load load "/modules/$X.ko" >$D/result 2>&1; then settle "$S"; fi ;;
	rmmod)
		klpc-load unload "$X" >$D/result 2>&1 ;;
	disable | force)
		f=enabled v=0
		[ $A = force ] && f=force v=1
		if (echo $v >"$LP/$X/$f") 2>$D/result; then echo "write=ok" >>$D/result
		else echo "write=failed" >>$D/result; fi
		settle "$S" ;;
	wait)
		sleep "$X"; echo ok >$D/result ;;
	read | call)
		if cat "$X" >$D/output 2>&1; then echo "read=ok" >$D/result
		else echo "read=failed" >$D/result; fi ;;
	run)
		# a system call that no file read makes (statfs(2) for `stat -f`)
		if sh -c "$X" >$D/output 2>&1; then echo "read=ok" >$D/result
		else echo "read=failed" >$D/result; fi ;;
	esac
	emit
}

mkdir -p /out
N=0 D=/out/0
mkdir -p $D
echo "start $(up)" >$D/times
echo "boot" >$D/action
uname -r >$D/uname
cat /proc/cmdline >$D/cmdline
if grep -qw capture /proc/cmdline; then
	cat /proc/kallsyms >$D/kallsyms
	cat $TR/available_filter_functions >$D/available_filter_functions
fi
emit
. /scenario.sh
echo "@@DONE $(up)" >$OUT
sync
poweroff -f
