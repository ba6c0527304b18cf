# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the TAP test scripts: counters and ok/not ok lines.
: "${top_srcdir:=.}"
: "${KLPCHECK:=./klpcheck}"
: "${PYTHON3:=python3}"
tap_n=0
tap_failed=0

tap_ok() { # CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

copy_source() { # DEST: the source tree as a clone or the tarball has it, without build products
	mkdir -p "$1"
	# a git checkout of its own (not a tarball unpacked inside one, as make distcheck does)
	if [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
		git -C "$top_srcdir" ls-files -z --cached --others --exclude-standard |
			(cd "$top_srcdir" && xargs -0 cp --parents -t "$1" 2>/dev/null) # deleted files: gone
		true
	else # a tarball, maybe with make distcheck's build tree inside
		tar -C "$top_srcdir" --exclude=./_build --exclude=./autom4te.cache -cf - . | tar -C "$1" -xf -
	fi
}
