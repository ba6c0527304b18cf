#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rebuild the klpcheck test modules in this directory from src/.
#
#   ./build.sh            build for 6.1, 6.12 and 7.x
#   ./build.sh 6.1        only 6.1 (api modules + old-layout fixtures)
#   ./build.sh 6.12       only 6.12 (api modules)
#   ./build.sh refuse     only the refusal-table modules, for 6.1 and 6.12
#   ./build.sh 7.x        only 7.x (api modules; headers, kbuild and tools from sid)
#
# Fetches Debian's kernel header packages with `apt-get download` and
# unpacks them with `dpkg -x` into a cache (nothing is installed system-wide
# except, when run as root and missing, the compiler/build tools), builds
# with kbuild (make -C $KDIR M=... modules) and copies the results to
# 6.1/<name>.ko, 6.12/<name>.ko and 7.x/<name>.ko. See README.md.
#
# Environment:
#   KLP_CACHE        cache dir (default ~/.cache/klpcheck); headers go to
#                    $KLP_CACHE/headers/<tag>, build trees to $KLP_CACHE/build
#   KLP_BUILD_ROOT   where the build trees go instead (default $KLP_CACHE/build), so that
#                    two builds at once do not share one; the output does not depend on it
#   KLP_61_ABI       Debian ABI name of the 6.1 headers (default 6.1.0-54)
#   KLP_612_ABI      Debian ABI name of the 6.12 headers (default 6.12.117+deb12)
#   KLP_7X_ABI       Debian ABI name of the 7.x headers, from sid (default 7.2.13+deb14)
#   KLP_NO_APT_INSTALL=1  never apt-get install build tools
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${KLP_CACHE:-$HOME/.cache/klpcheck}
BUILD_ROOT=${KLP_BUILD_ROOT:-$CACHE/build}
KLP_61_ABI=${KLP_61_ABI:-6.1.0-54}
KLP_612_ABI=${KLP_612_ABI:-6.12.117+deb12}
KLP_7X_ABI=${KLP_7X_ABI:-7.2.13+deb14}
SID_APT=$HERE/../../tests/kernel/sid-apt.sh
JOBS=$(nproc 2>/dev/null || echo 2)

# Modules that use the real <linux/livepatch.h> (get a -nodwarf copy).
API_LIVEPATCH="lp_single lp_multi lp_replace lp_callbacks lp_states lp_notmarked
	lp_empty_obj lp_dup_func lp_recursive lp_allow lp_dup_obj lp_no_objs
	lp_datasym lp_badobj lp_force lp_callchain lp_jumplabel"
# ... and those of the kernel verdict tier (tests/kernel/).
API_LIVEPATCH="$API_LIVEPATCH lp_stack2 lp_states_v2 lp_nosym lp_notrace lp_ambig
	lp_ambig_pos lp_ambig_badpos lp_stuck"
# 7.x (Kbuild group tier) builds only these: its headers define the kb_* fixtures' structs.
TIER_LIVEPATCH=$API_LIVEPATCH
# ... and the compiler clones of a target (KLP408, KLP401).
API_LIVEPATCH="$API_LIVEPATCH lp_clone lp_clone_all lp_cloneonly"
# ... and shadow variables of one id and two sizes (KLP307).
API_LIVEPATCH="$API_LIVEPATCH lp_shadow_a lp_shadow_b lp_shadow_c"
# ... and a struct layout that differs from the target's BTF (KLP603).
API_LIVEPATCH="$API_LIVEPATCH lp_layout"
# ... and the same patches in the kpatch-build and klp-build formats (tests/formats.sh).
API_LIVEPATCH="$API_LIVEPATCH kp_single kp_multi kp_dup_func kp_nosym kp_notrace kp_callbacks
	kb_single kb_multi kb_dup_func kb_nosym kb_notrace kb_callbacks kb_klprela"
# ... and modules that reach a symbol through a klp relocation, made by ../klp/klp-convert.py
# from a kbuild module (one line each: output, input, symbol=klp name, object of the section;
# an output named like its input is converted in place, so it comes after the others).
API_LIVEPATCH="$API_LIVEPATCH lp_samename kp_staticcall lp_replace_init"
KLP_CONVERT="lp_samename_self lp_samename klpc_helper=.klp.sym.klpc_target.klpc_helper,2 klpc_target
lp_samename lp_samename klpc_helper=.klp.sym.klpc_target.klpc_helper,1 klpc_target
kp_staticcall kp_staticcall __SCT__preempt_schedule=.klp.sym.vmlinux.__SCT__preempt_schedule,0 vmlinux"
# klp-build modules that get klp relocations the way objtool klp diff + post-link make them
# (../klp/klp-build-post-link.py): module -> "symbol object" it reads through one.
declare -A POST_LINK=(
	[kb_klprela]="saved_command_line vmlinux"
)
# Plain modules (no -nodwarf copy).
PLAIN="klpc_target notlivepatch"
# Modules of the refusal table (docs/kernel-refusals.md), group refuse.
REFUSE="lp_bsd lp_ns lp_ns_import lp_longname lp_longobj lp_builtin"
# Old-layout fixtures (6.1 headers only) and the vermagic each one gets.
OLD="lp_k4_7 lp_k4_12 lp_k4_15 lp_k5_1"
declare -A OLD_VERMAGIC=(
	[lp_k4_7]="4.9.0-3-amd64 SMP mod_unload modversions "
	[lp_k4_12]="4.12.0-1-amd64 SMP mod_unload modversions "
	[lp_k4_15]="4.15.0-20-generic SMP mod_unload "
	[lp_k5_1]="5.3.0-18-generic SMP mod_unload "
)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# --- build tools --------------------------------------------------------
ensure_tools() {
	# gcc-12 is what Debian 12's kernels are built with (.kernelvariables);
	# libelf1/libssl3 are needed by the prebuilt kbuild helpers, pahole by
	# 6.12 (module BTF), perl for the .modinfo rewrite.
	local pkgs="gcc-12 gcc make binutils libelf-dev libssl-dev bc bison flex
		dwarves perl kmod dpkg apt"
	local missing=() p
	for p in $pkgs; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		if [ "${KLP_NO_APT_INSTALL:-0}" = 1 ] || [ "$(id -u)" != 0 ]; then
			die "missing packages: ${missing[*]} (install them, or run as root)"
		fi
		log "installing build tools: ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${missing[@]}" >/dev/null
	fi
}

apt_has() { apt-cache show "$1" >/dev/null 2>&1; }

# --- headers ------------------------------------------------------------
# fetch_headers TAG ABI KBUILD_PKG -> prints KDIR
fetch_headers() {
	local tag=$1 abi=$2 kbuild_pkg=$3
	local root=$CACHE/headers/$tag
	local kdir=$root/usr/src/linux-headers-$abi-amd64
	local stamp=$root/.klpcheck-$abi
	if [ ! -f "$stamp" ]; then
		local pkgs="linux-headers-$abi-amd64 linux-headers-$abi-common $kbuild_pkg"
		rm -rf "$root" "$CACHE/debs/$tag"
		mkdir -p "$root" "$CACHE/debs/$tag"
		log "downloading $pkgs"
		if [ "$tag" = 7.x ]; then
			"$SID_APT" download "$CACHE/debs/$tag" $pkgs
		else
			if ! apt_has "linux-headers-$abi-amd64"; then
				apt-get update -qq || true
			fi
			apt_has "linux-headers-$abi-amd64" ||
				die "linux-headers-$abi-amd64 is not in the package lists (set KLP_${tag//./}_ABI)"
			# apt-get download writes into the current directory; as root it
			# warns that the download is unsandboxed, which is harmless.
			(cd "$CACHE/debs/$tag" && apt-get download -q $pkgs 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
		fi
		local deb n=0
		for deb in "$CACHE/debs/$tag"/*.deb; do
			[ -f "$deb" ] || continue
			dpkg -x "$deb" "$root"
			n=$((n + 1))
		done
		[ "$n" -eq 3 ] || die "expected 3 .deb files for $tag, got $n"
		# The -amd64 Makefile includes the -common one by an absolute
		# /usr/src path: point it into the cache instead.
		# (7.x also names its own directory as KBUILD_OUTPUT.)
		sed -i -e "s#^include /usr/src/#include $root/usr/src/#" \
			-e "s#^KBUILD_OUTPUT=/usr/src/#KBUILD_OUTPUT=$root/usr/src/#" "$kdir/Makefile"
		grep -q "^include $root/usr/src/linux-headers-$abi-common/Makefile" "$kdir/Makefile" ||
			die "could not rewrite $kdir/Makefile"
		[ -e "$kdir/scripts/mod/modpost" ] || die "$kdir/scripts/mod/modpost missing"
		[ "$tag" = 7.x ] && wrap_sid_tools "$root/usr/lib/$kbuild_pkg"
		dpkg-deb -f "$CACHE/debs/$tag/linux-headers-$abi-amd64_"*.deb Version >"$root/.version-headers"
		dpkg-deb -f "$CACHE/debs/$tag/${kbuild_pkg}_"*.deb Version >"$root/.version-kbuild"
		touch "$stamp"
	fi
	printf '%s\n' "$kdir"
}

# --- sid's tools for the 7.x headers ---------------------------------------
# sid's kbuild helpers (modpost, objtool, resolve_btfids, ...) need a newer glibc than
# Debian 12's, and its module BTF a newer pahole (CONFIG_PAHOLE_VERSION). Both run on
# sid's own loader and libraries, unpacked into $CACHE/tools/7.x: nothing is installed.
SID_LIBS="libc6 libgcc-s1 libelf1t64 libdw1t64 libssl3t64 zlib1g libzstd1 pahole libdwarves1 libbpf1"

# fetch_sid_tools -> prints the root the libraries were unpacked into
fetch_sid_tools() {
	local root=$CACHE/tools/7.x debs=$CACHE/debs/7.x-tools deb n=0
	if [ ! -f "$root/.klpcheck-tools" ]; then
		rm -rf "$root" "$debs"
		mkdir -p "$root" "$debs"
		log "downloading from sid: $SID_LIBS"
		"$SID_APT" download "$debs" $SID_LIBS
		for deb in "$debs"/*.deb; do
			[ -f "$deb" ] || continue
			dpkg -x "$deb" "$root"
			n=$((n + 1))
		done
		[ "$n" -eq "$(wc -w <<<"$SID_LIBS")" ] || die "expected $(wc -w <<<"$SID_LIBS") sid .deb files, got $n"
		mkdir -p "$root/bin"
		sid_wrapper "$root/usr/bin/pahole" "$root/bin/pahole"
		touch "$root/.klpcheck-tools"
	fi
	printf '%s\n' "$root"
}

# sid_wrapper BIN WRAPPER: WRAPPER runs BIN through sid's loader and libraries.
# --argv0 keeps the caller's name: Debian's modpost and objtool launchers exec
# "<argv0>.real-<class>", which must be wrapped too.
sid_wrapper() {
	local bin=$1 wrapper=$2 lib=$CACHE/tools/7.x/usr/lib/x86_64-linux-gnu
	cat >"$wrapper" <<-EOF
	#!/bin/sh
	exec $lib/ld-linux-x86-64.so.2 --library-path $lib --argv0 "\$0" $bin "\$@"
	EOF
	chmod +x "$wrapper"
}

# wrap_sid_tools DIR: every ELF executable X under DIR becomes X.sid, and X a wrapper
wrap_sid_tools() {
	local f
	fetch_sid_tools >/dev/null
	while IFS= read -r f; do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		mv "$f" "$f.sid"
		sid_wrapper "$f.sid" "$f"
	done < <(find "$1" -type f -perm -u+x ! -name '*.sid')
}

# --- kbuild ---------------------------------------------------------------
# build_group TAG KDIR GROUP [extra make args...] -> prints the build dir
build_group() {
	local tag=$1 kdir=$2 group=$3
	shift 3
	local bdir=$BUILD_ROOT/$tag/$group
	local hroot=$CACHE/headers/$tag
	rm -rf "$bdir"
	mkdir -p "$bdir"
	cp "$HERE"/src/*.c "$HERE"/src/*.h "$HERE"/src/*.lds "$HERE"/src/Kbuild "$bdir"/
	log "building $group modules against $(basename "$kdir")"
	# The prefix maps keep the cache path out of DW_AT_name/comp_dir and
	# __FILE__: sources appear as klpcheck/<file>.c, headers as
	# /usr/src/linux-headers-*/..., as if the headers were installed.
	# A set KBUILD_BUILD_TIMESTAMP makes 6.12's kbuild run pahole without
	# -j (scripts/Makefile.btf), so the module .BTF is reproducible.
	make -s -C "$kdir" M="$bdir" KLPC_GROUP="$group" \
		KBUILD_BUILD_TIMESTAMP="klpcheck-testdata" \
		KCFLAGS="-ffile-prefix-map=$bdir=klpcheck -ffile-prefix-map=$hroot/=/" \
		-j"$JOBS" "$@" modules >&2
	printf '%s\n' "$bdir"
}

# set_vermagic KO "VERMAGIC": replace vermagic= in .modinfo with objcopy
set_vermagic() {
	local ko=$1 vm=$2 tmp
	tmp=$(mktemp -d)
	objcopy -O binary --only-section=.modinfo "$ko" "$tmp/modinfo"
	VM="$vm" perl -0777 -pe 's/(^|\0)vermagic=[^\0]*/$1vermagic=$ENV{VM}/' \
		"$tmp/modinfo" >"$tmp/modinfo.new"
	grep -qaF "vermagic=$vm" "$tmp/modinfo.new" || die "vermagic rewrite failed for $ko"
	objcopy --update-section .modinfo="$tmp/modinfo.new" "$ko"
	rm -rf "$tmp"
}

# set_modinfo KO KEY OLD NEW: the .modinfo entry KEY=OLD becomes KEY=NEW (same length)
set_modinfo() {
	local ko=$1 tmp
	[ ${#3} -eq ${#4} ] || die "set_modinfo: $3 and $4 differ in length"
	tmp=$(mktemp -d)
	objcopy -O binary --only-section=.modinfo "$ko" "$tmp/modinfo"
	OLD="$2=$3" NEW="$2=$4" perl -0777 -pe 's/(^|\0)\Q$ENV{OLD}\E(?=\0)/$1$ENV{NEW}/' \
		"$tmp/modinfo" >"$tmp/modinfo.new"
	grep -qaF "$2=$4" "$tmp/modinfo.new" || die "modinfo rewrite failed for $ko"
	objcopy --update-section .modinfo="$tmp/modinfo.new" "$ko"
	rm -rf "$tmp"
}

# nodwarf KO: KO -> KO-nodwarf.ko without .debug_* (keeps .symtab)
nodwarf() {
	strip --strip-debug -o "${1%.ko}-nodwarf.ko" "$1"
}

# build_refuse TAG KDIR: the refusal-table modules
build_refuse() {
	local bdir m out=$HERE/$1
	bdir=$(build_group "$1" "$2" refuse KBUILD_MODPOST_WARN=1)
	for m in $REFUSE; do
		cp "$bdir/$m.ko" "$out/$m.ko"
	done
	set_modinfo "$out/lp_ns.ko" import_ns CRYPTO_INTERNAL CRYPTO_EXTERNAL
	set_modinfo "$out/lp_bsd.ko" license GPL BSD
}

# klp_convert OUTDIR: the KLP_CONVERT modules and their -nodwarf copies (strip first: it would
# not keep SHN_LIVEPATCH symbols as they are).
klp_convert() {
	local out in sym obj v
	while read -r out in sym obj; do
		for v in "" -nodwarf; do
			"$HERE/../klp/klp-convert.py" "$1/$in$v.ko" "$1/$out$v.ko" --sym "$sym" --secobj "$obj"
		done
	done <<<"$KLP_CONVERT"
}

# post_link OUTDIR: the klp-build leftovers in the POST_LINK modules, after their -nodwarf copy
# was made (strip would not keep SHN_LIVEPATCH symbols as they are). klp-build drops .BTF first.
post_link() {
	local m ko sym obj
	for m in "${!POST_LINK[@]}"; do
		read -r sym obj <<<"${POST_LINK[$m]}"
		for ko in "$1/$m.ko" "$1/$m-nodwarf.ko"; do
			objcopy --remove-section=.BTF "$ko"
			"$HERE/../klp/klp-build-post-link.py" "$ko" "$ko" --sym "$sym" --obj "$obj"
		done
	done
}

build_61() {
	local kdir bdir m out=$HERE/6.1
	kdir=$(fetch_headers 6.1 "$KLP_61_ABI" linux-kbuild-6.1)
	mkdir -p "$out"
	rm -f "$out"/*.ko

	bdir=$(build_group 6.1 "$kdir" api)
	for m in $API_LIVEPATCH $PLAIN; do
		cp "$bdir/$m.ko" "$out/$m.ko"
	done
	for m in $API_LIVEPATCH; do
		nodwarf "$out/$m.ko"
	done
	klp_convert "$out"
	post_link "$out"

	# Old-layout fixtures: klp_register_patch & co. are undefined in 6.1,
	# KBUILD_MODPOST_WARN=1 makes modpost warn instead of failing.
	bdir=$(build_group 6.1 "$kdir" old KBUILD_MODPOST_WARN=1)
	for m in $OLD; do
		cp "$bdir/$m.ko" "$out/$m.ko"
		set_vermagic "$out/$m.ko" "${OLD_VERMAGIC[$m]}"
		nodwarf "$out/$m.ko"
	done
	build_refuse 6.1 "$kdir"
	printf '6.1: linux-headers-%s-amd64 %s, %s %s\n' "$KLP_61_ABI" \
		"$(cat "$CACHE/headers/6.1/.version-headers")" linux-kbuild-6.1 \
		"$(cat "$CACHE/headers/6.1/.version-kbuild")" >&2
}

build_612() {
	local kdir bdir m out=$HERE/6.12
	kdir=$(fetch_headers 6.12 "$KLP_612_ABI" "linux-kbuild-$KLP_612_ABI")
	mkdir -p "$out"
	rm -f "$out"/*.ko

	bdir=$(build_group 6.12 "$kdir" api)
	for m in $API_LIVEPATCH $PLAIN; do
		cp "$bdir/$m.ko" "$out/$m.ko"
	done
	for m in $API_LIVEPATCH; do
		nodwarf "$out/$m.ko"
	done
	klp_convert "$out"
	post_link "$out"
	build_refuse 6.12 "$kdir"
	printf '6.12: linux-headers-%s-amd64 %s, linux-kbuild-%s %s\n' "$KLP_612_ABI" \
		"$(cat "$CACHE/headers/6.12/.version-headers")" "$KLP_612_ABI" \
		"$(cat "$CACHE/headers/6.12/.version-kbuild")" >&2
}

build_7x() {
	local kdir bdir m tools out=$HERE/7.x
	kdir=$(fetch_headers 7.x "$KLP_7X_ABI" "linux-kbuild-$KLP_7X_ABI")
	tools=$(fetch_sid_tools)
	mkdir -p "$out"
	rm -f "$out"/*.ko

	# The headers expect gcc-16 (.kernelvariables); Debian 12's gcc-12 builds modules
	# the kernel loads. kbuild passes -fmin-function-alignment when the config says the
	# compiler has it, which gcc-12 has not: left empty, kbuild falls back to
	# -falign-functions (the same 16-byte alignment).
	bdir=$(build_group 7.x "$kdir" tier CC=gcc-12 PAHOLE="$tools/bin/pahole" \
		CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=)
	for m in $TIER_LIVEPATCH $PLAIN; do
		cp "$bdir/$m.ko" "$out/$m.ko"
	done
	printf '7.x: linux-headers-%s-amd64 %s, linux-kbuild-%s %s (Debian sid)\n' "$KLP_7X_ABI" \
		"$(cat "$CACHE/headers/7.x/.version-headers")" "$KLP_7X_ABI" \
		"$(cat "$CACHE/headers/7.x/.version-kbuild")" >&2
}

main() {
	local what=${1:-all}
	ensure_tools
	case $what in
	6.1) build_61 ;;
	6.12) build_612 ;;
	7.x) build_7x ;;
	all) build_61; build_612; build_7x ;;
	refuse)
		build_refuse 6.1 "$(fetch_headers 6.1 "$KLP_61_ABI" linux-kbuild-6.1)"
		build_refuse 6.12 "$(fetch_headers 6.12 "$KLP_612_ABI" "linux-kbuild-$KLP_612_ABI")" ;;
	*) die "usage: $0 [6.1|6.12|7.x|all|refuse]" ;;
	esac
	log "done"
}

main "$@"
