#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# apt-get against Debian sid through a private configuration: the 7.x kernel of the
# verdict tier and the tools its kbuild needs come from sid, while the machine stays
# on its own release. The machine's sources, package lists and package cache are
# left alone: sources.list, lists and the binary cache all live in the klpcheck cache.
#
#   tests/kernel/sid-apt.sh download DIR PKG...   apt-get download PKG... into DIR
#   tests/kernel/sid-apt.sh show PKG              apt-cache show PKG
#
# The first call (or one that does not find a package) runs `apt-get update` on the
# private lists. The mirror is the one the machine's own sources name for Debian.
# Environment: KLP_CACHE (default ~/.cache/klpcheck); the private state goes to
# $KLP_CACHE/sid-apt/. Callers hold flock /tmp/klp-cache.lock around downloads.
set -euo pipefail

CACHE=${KLP_CACHE:-$HOME/.cache/klpcheck}
ROOT=$CACHE/sid-apt

die() { printf 'sid-apt.sh: error: %s\n' "$*" >&2; exit 1; }

# The first Debian archive URI of the machine's sources (one-line or deb822 format),
# so that a machine behind its own mirror reaches sid through the same host.
mirror() {
	local files=() f uri
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && files+=("$f")
	done
	uri=$( ( [ ${#files[@]} -gt 0 ] && grep -hE '^[[:space:]]*(deb[[:space:]]|URIs:)' "${files[@]}" ) |
		grep -oE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' | head -n1 | tr -d '[:space:]' || true)
	printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

opts() {
	printf '%s\n' -o "Dir::Etc::sourcelist=$ROOT/sources.list" -o "Dir::Etc::sourceparts=/dev/null" \
		-o "Dir::State::Lists=$ROOT/lists" -o "Dir::Cache=$ROOT/cache"
}

update() {
	mkdir -p "$ROOT/lists/partial" "$ROOT/cache/archives/partial"
	printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s sid main\n' \
		"$(mirror)" >"$ROOT/sources.list"
	local -a o
	mapfile -t o < <(opts)
	# As root apt warns that the download is unsandboxed (the cache is root's): harmless.
	apt-get -qq "${o[@]}" update 2>&1 | grep -v 'unsandboxed' >&2 || true
	[ -n "$(ls "$ROOT/lists/" 2>/dev/null | grep -v -e partial -e lock)" ] || die "apt-get update of sid failed"
}

have() {
	local -a o
	mapfile -t o < <(opts)
	apt-cache "${o[@]}" show "$1" >/dev/null 2>&1
}

ensure() {
	local p
	[ -f "$ROOT/sources.list" ] || update
	for p in "$@"; do
		have "$p" && continue
		update
		have "$p" || die "$p is not in Debian sid (any more?)"
	done
}

main() {
	local cmd=${1:-}
	shift || true
	local -a o
	mapfile -t o < <(opts)
	case $cmd in
	download)
		local dir=$1
		shift
		ensure "$@"
		# lists older than the mirror name files it no longer has: refresh once and retry
		(cd "$dir" && apt-get -q "${o[@]}" download "$@" 2>&1 | grep -v 'unsandboxed' >&2) ||
			{ update && (cd "$dir" && apt-get -q "${o[@]}" download "$@" 2>&1 | grep -v 'unsandboxed' >&2); } || true
		;;
	show)
		ensure "$1"
		apt-cache "${o[@]}" show "$1"
		;;
	*) die "usage: $0 download DIR PKG... | show PKG" ;;
	esac
}

main "$@"
