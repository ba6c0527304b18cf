#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what klpcheck needs on Debian 12 (as root) and builds it in the source tree.
# Extra arguments go to ./configure (CI passes --enable-werror).
set -eu
cd "$(dirname "$0")/.."

pkgs="build-essential autoconf automake pkg-config libelf-dev libdw-dev libcapstone-dev
	libjson-c-dev zlib1g-dev liblzma-dev libzstd-dev libbpf-dev python3 python3-jsonschema python3-yaml xz-utils
	zstd gzip"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure "$@"
make -j"$(nproc)"
