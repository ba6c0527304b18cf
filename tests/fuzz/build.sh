#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libFuzzer harnesses (run by `make fuzz`): the engine's sources compiled with clang,
# libFuzzer, ASan and UBSan into OUTDIR/obj, then one binary per tests/fuzz/fuzz-*.c.
# usage: build.sh SRCDIR OUTDIR SOURCE...   (FUZZ_CC, FUZZ_CPPFLAGS, FUZZ_LIBS from make)
set -e
srcdir=$1 out=$2
shift 2
: "${FUZZ_CC:?FUZZ_CC is not set}"
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
mkdir -p "$out/obj"
objs=
for src in "$@"; do
	case $src in *.c) ;; *) continue ;; esac
	obj="$out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	stale=$([ -f "$obj" ] && find "$srcdir/src" "$srcdir/rules" config.h -newer "$obj" \
		\( -name '*.[ch]' -o -name '*.def' \) | head -1 || true)
	if [ ! -f "$obj" ] || [ -n "$stale" ]; then
		echo "  FUZZCC   $src"
		# shellcheck disable=SC2086
		$FUZZ_CC $flags -fsanitize=fuzzer-no-link -include config.h -I"$srcdir/src" -I"$srcdir" -I. \
			-DKLP_PKGDATADIR='"/nonexistent"' $FUZZ_CPPFLAGS \
			-c "$srcdir/$src" -o "$obj"
	fi
	objs="$objs $obj"
done
for h in "$srcdir"/tests/fuzz/fuzz-*.c; do
	name=$(basename "$h" .c)
	echo "  FUZZLD   $out/$name"
	# shellcheck disable=SC2086
	$FUZZ_CC $flags -fsanitize=fuzzer -include config.h -I"$srcdir/src" -I"$srcdir" -I. \
		$FUZZ_CPPFLAGS "$h" $objs $FUZZ_LIBS \
		-o "$out/$name"
done
