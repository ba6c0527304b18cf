#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Configs for the KLP205/KLP206 fixtures, derived from the real Debian 6.1 config captured by the
# kernel verdict tier (testdata/kernel/6.1/config.xz), changing only what each rule reads:
#   guess.config        the unwinder switched to the guess unwinder: HAVE_RELIABLE_STACKTRACE
#                       is then unset (arch/x86/Kconfig: select HAVE_RELIABLE_STACKTRACE if
#                       UNWINDER_ORC || STACK_VALIDATION)
#   nolivepatch.config  CONFIG_LIVEPATCH unset
set -eu
cd "$(dirname "$0")"
src=../../kernel/6.1/config.xz
xz -dc "$src" | sed -e 's/^CONFIG_UNWINDER_ORC=y/# CONFIG_UNWINDER_ORC is not set/' \
	-e 's/^# CONFIG_UNWINDER_FRAME_POINTER is not set/&\nCONFIG_UNWINDER_GUESS=y/' \
	-e 's/^CONFIG_HAVE_RELIABLE_STACKTRACE=y/# CONFIG_HAVE_RELIABLE_STACKTRACE is not set/' \
	>guess.config
xz -dc "$src" | sed -e 's/^CONFIG_LIVEPATCH=y/# CONFIG_LIVEPATCH is not set/' >nolivepatch.config
grep -q '^CONFIG_UNWINDER_GUESS=y' guess.config
grep -q '^# CONFIG_HAVE_RELIABLE_STACKTRACE is not set' guess.config
grep -q '^# CONFIG_LIVEPATCH is not set' nolivepatch.config
xz -f -9 guess.config nolivepatch.config
