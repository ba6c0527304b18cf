#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every JSON document klpcheck writes (check, inspect, plan, target), from real modules and the
# captured Debian targets, validates against its schema in docs/schemas/, and docs/json.md
# describes every field of those schemas (tests/json-schemas.py).
. "${top_srcdir:-.}/tests/lib.sh"
case $KLPCHECK in /*) ;; *) KLPCHECK=$(pwd)/$KLPCHECK ;; esac
exec "$PYTHON3" "$top_srcdir/tests/json-schemas.py" "$KLPCHECK" "$(cd "$top_srcdir" && pwd)"
