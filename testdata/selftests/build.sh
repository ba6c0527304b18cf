#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the kernel's own livepatch selftest modules (lib/livepatch/test_klp_*.c of Debian's
# linux-source-6.1, and samples/livepatch/livepatch-shadow-fix1.c) with kbuild against the Debian 6.1 and 6.12 headers that
# ../modules/build.sh fetches, into 6.1/ and 6.12/. The sources are not kept here: they are
# unpacked from the linux-source-6.1 package into a temporary directory.
#
#   ./build.sh            both kernels
#   ./build.sh 6.1|6.12   one
#
# Environment: KLP_CACHE, KLP_61_ABI, KLP_612_ABI as for ../modules/build.sh;
# KLP_SOURCE_VERSION the linux-source-6.1 version (default 6.1.190-1, the 6.1 image's).
set -euo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${KLP_CACHE:-$HOME/.cache/klpcheck}
KLP_SOURCE_VERSION=${KLP_SOURCE_VERSION:-6.1.190-1}
MODS="test_klp_state test_klp_state2 test_klp_state3 test_klp_atomic_replace test_klp_livepatch"
# ... and from samples/livepatch: a patch whose shadow variables outlive the call that attaches them
SAMPLES="livepatch-shadow-fix1"

# fetch_headers and the ABI names of the test modules' build
# shellcheck disable=SC1090
source <(sed 's/^main "\$@"$//' "$SELF/../modules/build.sh")

source_tree() { # -> prints the directory holding lib/livepatch/*.c
	local debs=$CACHE/debs/linux-source-6.1 tar
	mkdir -p "$debs"
	if [ ! -f "$debs/linux-source-6.1_${KLP_SOURCE_VERSION}_all.deb" ]; then
		log "downloading linux-source-6.1 $KLP_SOURCE_VERSION"
		(cd "$debs" && apt-get download -q "linux-source-6.1=$KLP_SOURCE_VERSION" 2>&1 |
			grep -v '^W: Download is performed unsandboxed' >&2 || true)
	fi
	tar=$(mktemp -d)
	dpkg-deb --fsys-tarfile "$debs/linux-source-6.1_${KLP_SOURCE_VERSION}_all.deb" |
		tar -x -C "$tar" ./usr/src/linux-source-6.1.tar.xz
	tar -xJf "$tar/usr/src/linux-source-6.1.tar.xz" -C "$tar" linux-source-6.1/lib/livepatch \
		linux-source-6.1/samples/livepatch
	printf '%s\n' "$tar/linux-source-6.1/lib/livepatch"
}

build_for() { # TAG KDIR SRC
	local tag=$1 kdir=$2 src=$3 bdir m
	bdir=$(mktemp -d)
	for m in $MODS; do cp "$src/$m.c" "$bdir/"; done
	for m in $SAMPLES; do cp "$src/../../samples/livepatch/$m.c" "$bdir/"; done
	# test_klp_state3.c includes test_klp_state2.c
	echo "obj-m := $(printf '%s.o ' $MODS $SAMPLES)" >"$bdir/Kbuild"
	log "building the selftest modules against $(basename "$kdir")"
	make -s -C "$kdir" M="$bdir" KBUILD_BUILD_TIMESTAMP="klpcheck-testdata" \
		KCFLAGS="-ffile-prefix-map=$bdir=klpcheck -ffile-prefix-map=$CACHE/headers/$tag/=/" \
		-j"$JOBS" modules >&2
	mkdir -p "$SELF/$tag"
	for m in $MODS $SAMPLES; do cp "$bdir/$m.ko" "$SELF/$tag/$m.ko"; done
	rm -rf "$bdir"
}

ensure_tools
src=$(source_tree)
case ${1:-all} in
6.1|all) build_for 6.1 "$(fetch_headers 6.1 "$KLP_61_ABI" linux-kbuild-6.1)" "$src" ;;&
6.12|all) build_for 6.12 "$(fetch_headers 6.12 "$KLP_612_ABI" "linux-kbuild-$KLP_612_ABI")" "$src" ;;
6.1|6.12|all) ;;
*) die "usage: $0 [6.1|6.12|all]" ;;
esac
rm -rf "$(dirname "$(dirname "$(dirname "$src")")")"
log done
