#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# How the excerpts here were cut from Debian's real files (not run by the tests):
#   apt-get download linux-image-6.1.0-54-amd64 linux-image-6.1.0-54-amd64-dbg \
#       linux-headers-6.1.0-54-amd64
#   dpkg -x each into $CACHE (the -dbg one holds the real System.map)
#   sh mkexcerpts.sh $CACHE
# System.map.excerpt: every line of the names below and of the marker symbols, plus the next
# line at a higher address after each (so that sizes come out as the kernel computes them);
# lines stay in file order. config-6.1.0-54-amd64.gz: the whole config, unmodified.
# Module.symvers.excerpt: the lines of the names below.
set -e
c=${1:?usage: mkexcerpts.sh CACHE}
map=$c/usr/lib/debug/boot/System.map-6.1.0-54-amd64
names='type_show jhash find_next_bit cmdline_proc_show do_syscall_64 exc_nmi default_idle
start_kernel entry_SYSCALL_64 schedule kthread watchdog kern_path p_start printk _printk
__noinstr_text_start __noinstr_text_end __entry_text_start __entry_text_end
__cpuidle_text_start __cpuidle_text_end _sinittext _einittext __start_mcount_loc
__stop_mcount_loc linux_banner _stext _etext'
awk -v names="$names" '
BEGIN { n = split(names, a, /[ \n]+/); for (i = 1; i <= n; i++) want[a[i]] = 1 }
{
	addr = $1
	if (want_next && addr != last) { print; want_next = 0; last = addr; next }
	if ($3 in want) { print; want_next = 1; last = addr }
}' "$map" >System.map.excerpt
gzip -9n -c "$c/boot/config-6.1.0-54-amd64" >config-6.1.0-54-amd64.gz
sv=$c/usr/src/linux-headers-6.1.0-54-amd64/Module.symvers
for s in printk _printk kern_path jhash klp_enable_patch klp_shadow_alloc usb_stor_host_template_init \
	cxl_bus_type dma_buf_export ext4_bio_write_page; do
	awk -F'\t' -v s="$s" '$2 == s' "$sv"
done >Module.symvers.excerpt
