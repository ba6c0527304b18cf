#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The KLP5xx fixtures: lp_single-nodwarf.ko (built against Debian 6.1 headers) with its call to
# seq_printf turned into a livepatch relocation by klp-convert.py, correctly (klp_ok) and with
# one thing wrong each. Rerun after rebuilding testdata/modules; the diff is reviewed.
set -eu
cd "$(dirname "$0")"
in=../modules/6.1/lp_single-nodwarf.ko
conv() { out=$1; shift; ./klp-convert.py "$in" "$out.ko" "$@"; }
conv klp_ok --sym 'seq_printf=.klp.sym.vmlinux.seq_printf,0'
conv klp_noflag --sym 'seq_printf=.klp.sym.vmlinux.seq_printf,0' --no-flag
conv klp_badsec --sym 'seq_printf=.klp.sym.vmlinux.seq_printf,0' --secname '.klp.rela..text'
conv klp_notlp --sym 'seq_printf=.klp.sym.vmlinux.seq_printf,0' --also __x86_return_thunk
conv klp_badsym --sym 'seq_printf=.klp.sym.vmlinux.seq_printf'
conv klp_unresolved --sym 'seq_printf=.klp.sym.vmlinux.klpc_no_such_function,0'
conv klp_ambiguous --sym 'seq_printf=.klp.sym.vmlinux.ipmr_expire_process,0'
conv klp_modvmlinux --sym 'seq_printf=.klp.sym.vmlinux.seq_printf,0' --secobj klpc_target
# A static key of the new code (lp_jumplabel's __jump_table entry) reached through a klp
# relocation of a module-specific section: applied only when klpc_target loads, long after
# jump labels of the patch module were set up.
./klp-convert.py ../modules/6.1/lp_jumplabel-nodwarf.ko klp_jumptable.ko \
	--sym 'cpuset_cgrp_subsys_enabled_key=.klp.sym.klpc_target.klpc_key,0' --secobj klpc_target
# The same wrong section in a patch that does patch klpc_target (lp_multi): applied, and refused,
# when klpc_target is or gets loaded.
./klp-convert.py ../modules/6.1/lp_multi-nodwarf.ko klp_modvmlinux_obj.ko \
	--sym 'seq_printf=.klp.sym.vmlinux.seq_printf,0' --secobj klpc_target
