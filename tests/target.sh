#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `klpcheck target` and `klpcheck snapshot` on every source (docs/target.md): a synthetic
# vmlinux (tests/mkvmlinux.py), excerpts of Debian 6.1's System.map/config/Module.symvers,
# kallsyms and ftrace lists, the livepatch trees of testdata/sysfs, real patch modules as
# --existing, a snapshot round trip, and hostile inputs. Expectations are written from the
# fixtures (their READMEs say where each fact comes from), never copied from output.
. "${top_srcdir:-.}/tests/lib.sh"
td="$top_srcdir/testdata/target"
sy="$top_srcdir/testdata/sysfs"
mods="$top_srcdir/testdata/modules/6.1"

# jcheck FILE PYTHON-EXPR: the expression over the parsed document `t` (its "target") is true
jcheck() {
	"$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = d["target"]
def sym(name, obj="vmlinux"):
    return [l for l in t["lookups"] if l["name"] == name and l["object"] == obj][0]
def patch(name):
    return [p for p in t["live"]["patches"] if p["name"] == name][0]
def obj(p, name):
    return [o for o in p["objects"] if o["name"] == name][0]
parts = sys.argv[2].rsplit("; ", 1)
if len(parts) == 2:
    exec(parts[0])
ok = eval(parts[-1])
if not ok:
    print("# failed: " + sys.argv[2])
sys.exit(0 if ok else 1)' "$@"
}

# mktree SCENARIO DEST: rebuilds a livepatch tree from its sysfs.list (git keeps no empty dir)
mktree() {
	mkdir -p "$2"
	while read -r kind path; do
		case $kind in
		d) mkdir -p "$2/$path" ;;
		f) cp "$sy/$1/sysfs/$path" "$2/$path" ;;
		u) : >"$2/$path"; chmod 200 "$2/$path" ;;
		esac
	done <"$sy/$1/sysfs.list"
}

run() { # OUT ARGS...: klpcheck target ARGS --format json >OUT; status in $rc
	out=$1
	shift
	"$KLPCHECK" target "$@" --format json >"$out" 2>"$tmpdir/err"
	rc=$?
}

# --- vmlinux ELF ---
"$PYTHON3" "$top_srcdir/tests/mkvmlinux.py" "$tmpdir/vmlinux"
lk="--symbol dup_fn --symbol traced_fn --symbol endbr_fn --symbol notrace_fn --symbol noinstr_fn \
--symbol entry_fn --symbol init_fn --symbol weak_fn --symbol missing_fn"
# shellcheck disable=SC2086
run "$tmpdir/v.json" --vmlinux "$tmpdir/vmlinux" $lk
[ $rc -eq 0 ] && jcheck "$tmpdir/v.json" 't["release"] == "6.1.0-99-test" and t["arch"] == "x86_64"'
tap_ok $? "vmlinux: release from linux_banner, arch from e_machine"
jcheck "$tmpdir/v.json" '[(s["address"], s["sympos"], s["same_name"], s["function"]) for s in sym("dup_fn")["symbols"]] == [(0xffffffff81000100, 1, 3, True), (0xffffffff81000200, 2, 3, True), (0xffffffff82100100, 3, 3, False)]'
tap_ok $? "vmlinux: sympos counts by address, text and data together, not in .symtab order"
jcheck "$tmpdir/v.json" '[s["ftrace_site"] for s in sym("dup_fn")["symbols"]] == ["yes", "no", "no"] and sym("traced_fn")["symbols"][0]["ftrace_site"] == "yes" and sym("endbr_fn")["symbols"][0]["ftrace_site"] == "yes" and sym("notrace_fn")["symbols"][0]["ftrace_site"] == "no"'
tap_ok $? "vmlinux: ftrace sites from the mcount range (a site 4 bytes in counts)"
jcheck "$tmpdir/v.json" 'sym("noinstr_fn")["symbols"][0]["ranges"] == ["noinstr"] and sym("entry_fn")["symbols"][0]["ranges"] == ["entry"] and sym("init_fn")["symbols"][0]["ranges"] == ["init"] and sym("init_fn")["symbols"][0]["section"] == ".init.text" and sym("traced_fn")["symbols"][0]["ranges"] == []'
tap_ok $? "vmlinux: noinstr and entry ranges from marker symbols, .init.text from the section"
jcheck "$tmpdir/v.json" 'sym("weak_fn")["symbols"][0]["type"] == "W" and sym("traced_fn")["symbols"][0]["size"] == 32 and sym("missing_fn")["count"] == 0 and t["objects"][0]["symbols"] == 10'
tap_ok $? "vmlinux: only the wanted names (and nothing else) are kept; sizes and types from .symtab"
run "$tmpdir/vfull.json" --vmlinux "$tmpdir/vmlinux" --full
jcheck "$tmpdir/vfull.json" 't["objects"][0]["symbols"] == 17 and not any(s["name"] in ("undefined_sym", "vmlinux.c", "") for s in t["objects"][0]["symbol_table"])'
tap_ok $? "vmlinux --full: every symbol but file, section and undefined ones"
printf 'not an elf' >"$tmpdir/notelf"
run "$tmpdir/x.json" --vmlinux "$tmpdir/notelf"
[ $rc -eq 2 ] && grep -q "^klpcheck: $tmpdir/notelf: not an ELF file" "$tmpdir/err"
tap_ok $? "vmlinux: a non-ELF file is refused, naming it (exit $rc)"

# --- kallsyms ---
run "$tmpdir/k.json" --kallsyms "$td/kallsyms" --symbol type_show --symbol do_syscall_64 \
	--symbol start_kernel --symbol klpc_target:klpc_helper --symbol xfs:type_show \
	--symbol watchdog --symbol entry_SYSCALL_64
[ $rc -eq 0 ] && jcheck "$tmpdir/k.json" 'sym("type_show")["count"] == 17 and [s["sympos"] for s in sym("type_show")["symbols"]] == list(range(1, 18)) and sym("type_show")["symbols"][0]["address"] == 0xffffffff81039e20 and sym("type_show")["symbols"][0]["size"] == 0x150'
tap_ok $? "kallsyms: 17 type_show in file order, size = next higher address - address"
jcheck "$tmpdir/k.json" 'sym("do_syscall_64")["symbols"][0]["ranges"] == ["noinstr"] and sym("start_kernel")["symbols"][0]["ranges"] == ["init"] and sym("entry_SYSCALL_64")["symbols"][0]["ranges"] == ["entry"]'
tap_ok $? "kallsyms: noinstr, entry and init ranges from the markers (_sinittext/_einittext)"
jcheck "$tmpdir/k.json" '[(s["address"], s["sympos"]) for s in sym("klpc_helper", "klpc_target")["symbols"]] == [(0xffffffffc0a2e0b0, 1), (0xffffffffc0a2e000, 2)] and sym("klpc_helper", "klpc_target")["symbols"][0]["size"] is None'
tap_ok $? "kallsyms: a module's sympos follows its symbol table order, not addresses"
jcheck "$tmpdir/k.json" 'sym("type_show", "xfs")["count"] == 1 and [o["name"] for o in t["objects"]] == ["vmlinux", "klpc_target", "xfs"] and [s["type"] for s in sym("watchdog")["symbols"]] == ["t", "b"]'
tap_ok $? "kallsyms: module symbols kept apart from vmlinux's; a text and a bss symbol share a name"
# Debian 7.2's kallsyms (captured by tests/kernel/) types all of .data 't'/'T': its kexec code
# is linked into .data. Between _sdata and _edata only __relocate_kernel_start.._end is code.
k7="$top_srcdir/testdata/kernel/7.x/kallsyms.xz"
run "$tmpdir/k7.json" --kallsyms "$k7" --symbol jiffies_64 --symbol cmdline_proc_show \
	--symbol identity_mapped --symbol exit_amd_microcode
[ $rc -eq 0 ] && jcheck "$tmpdir/k7.json" '[(s["type"], s["function"]) for n in ("jiffies_64", "cmdline_proc_show", "identity_mapped", "exit_amd_microcode") for s in sym(n)["symbols"]] == [("T", False), ("t", True), ("t", True), ("T", True)]'
tap_ok $? "kallsyms 7.2: a 'T' between _sdata and _edata is data, except the relocate_kernel code"
run "$tmpdir/k612.json" --kallsyms "$top_srcdir/testdata/kernel/6.12/kallsyms.xz" --symbol jiffies_64 \
	--symbol cmdline_proc_show
[ $rc -eq 0 ] && jcheck "$tmpdir/k612.json" '[(s["type"], s["function"]) for n in ("jiffies_64", "cmdline_proc_show") for s in sym(n)["symbols"]] == [("D", False), ("t", True)]'
tap_ok $? "kallsyms 6.12: the type letter alone tells data from text"
sed 's/^[0-9a-f]*/0000000000000000/' "$td/kallsyms" >"$tmpdir/kallsyms0"
run "$tmpdir/k0.json" --kallsyms "$tmpdir/kallsyms0" --symbol type_show
[ $rc -eq 0 ] && jcheck "$tmpdir/k0.json" 'sym("type_show")["count"] == 17 and sym("type_show")["symbols"][0]["address"] is None and any("kptr_restrict" in r for r in t["remarks"])'
tap_ok $? "kallsyms read without root (all addresses 0): names and order kept, addresses unknown"
printf 'ffffffff81000000 T ok\nthis is not kallsyms\n' >"$tmpdir/badk"
run "$tmpdir/x.json" --kallsyms "$tmpdir/badk"
[ $rc -eq 2 ] && grep -q "^klpcheck: $tmpdir/badk: line 2: not 'address type name \[module\]'" "$tmpdir/err"
tap_ok $? "kallsyms: a malformed line is refused with file and line (exit $rc)"

# --- System.map ---
run "$tmpdir/m.json" --system-map "$td/debian-6.1/System.map.excerpt" --symbol find_next_bit \
	--symbol jhash --symbol p_start
[ $rc -eq 0 ] && jcheck "$tmpdir/m.json" 'sym("find_next_bit")["count"] == 15 and sym("jhash")["count"] == 17 and [s["type"] for s in sym("p_start")["symbols"]] == ["t", "t", "d"] and t["objects"][0]["source"] == "System.map"'
tap_ok $? "System.map: Debian's duplicates (find_next_bit x15, jhash x17, p_start text+data)"
printf 'ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n' >"$tmpdir/placeholder"
run "$tmpdir/x.json" --system-map "$tmpdir/placeholder"
[ $rc -eq 2 ] && grep -q "placeholder (Debian)" "$tmpdir/err"
tap_ok $? "System.map: Debian's placeholder in /boot is recognised and refused"
run "$tmpdir/vm.json" --vmlinux "$tmpdir/vmlinux" --system-map "$td/debian-6.1/System.map.excerpt"
jcheck "$tmpdir/vm.json" 't["objects"][0]["source"] == "vmlinux ELF" and any("not read" in r for r in t["remarks"])'
tap_ok $? "System.map is not read when the vmlinux ELF gives the symbols, and says so"

# --- ftrace functions ---
run "$tmpdir/f.json" --kallsyms "$td/kallsyms" --ftrace-functions "$td/available_filter_functions" \
	--symbol type_show --symbol jhash --symbol p_start --symbol do_syscall_64 \
	--symbol klpc_target:klpc_helper --symbol klpc_target:klpc_target_add
[ $rc -eq 0 ] && jcheck "$tmpdir/f.json" 'all(s["ftrace_site"] == "yes" for s in sym("type_show")["symbols"]) and all(s["ftrace_site"] == "no" for s in sym("jhash")["symbols"]) and sym("do_syscall_64")["symbols"][0]["ftrace_site"] == "no"'
tap_ok $? "available_filter_functions: listed names have a site, others not"
jcheck "$tmpdir/f.json" '[s["ftrace_site"] for s in sym("p_start")["symbols"]] == ["unknown", "unknown", "no"] and [s["ftrace_site"] for s in sym("klpc_helper", "klpc_target")["symbols"]] == ["yes", "yes"]'
tap_ok $? "available_filter_functions: one entry for two same-named functions is unknown; data has none"
run "$tmpdir/fa.json" --kallsyms "$td/kallsyms" --ftrace-functions "$td/available_filter_functions_addrs" \
	--symbol p_start --symbol klpc_target:klpc_helper --symbol xfs:type_show
[ $rc -eq 0 ] && jcheck "$tmpdir/fa.json" '[s["ftrace_site"] for s in sym("p_start")["symbols"]] == ["no", "yes", "no"] and sym("type_show", "xfs")["symbols"][0]["ftrace_site"] == "yes"'
tap_ok $? "available_filter_functions with addresses: the very copy that has the site"
run "$tmpdir/nf.json" --kallsyms "$td/kallsyms" --symbol type_show
jcheck "$tmpdir/nf.json" 'sym("type_show")["symbols"][0]["ftrace_site"] == "unknown"'
tap_ok $? "no ftrace source: the answer is unknown, not no"

# --- config and symvers ---
gzip -dc "$td/debian-6.1/config-6.1.0-54-amd64.gz" >"$tmpdir/config"
for c in "$td/debian-6.1/config-6.1.0-54-amd64.gz" "$tmpdir/config"; do
	run "$tmpdir/c.json" --kconfig "$c"
	[ $rc -eq 0 ] && jcheck "$tmpdir/c.json" 'h = t["config"]["highlights"]; h["CONFIG_LIVEPATCH"] == "y" and h["CONFIG_HAVE_RELIABLE_STACKTRACE"] == "y" and h["CONFIG_UNWINDER_ORC"] == "y" and h["CONFIG_UNWINDER_FRAME_POINTER"] is None and t["arch"] == "x86_64"' 2>/dev/null ||
		jcheck "$tmpdir/c.json" 't["config"]["highlights"]["CONFIG_LIVEPATCH"] == "y" and t["config"]["highlights"]["CONFIG_UNWINDER_ORC"] == "y" and t["config"]["highlights"]["CONFIG_UNWINDER_FRAME_POINTER"] is None and t["arch"] == "x86_64"'
	tap_ok $? "config: Debian 6.1's $(basename "$c") read (LIVEPATCH=y, ORC, no frame pointer, arch)"
done
want=$(grep -c '^CONFIG_' "$tmpdir/config")
jcheck "$tmpdir/c.json" "t['config']['count'] == $want"
tap_ok $? "config: every CONFIG_ line counted ($want)"
head -c 3000 "$td/debian-6.1/config-6.1.0-54-amd64.gz" >"$tmpdir/trunc.gz"
run "$tmpdir/x.json" --kconfig "$tmpdir/trunc.gz"
[ $rc -eq 2 ] && grep -q "$tmpdir/trunc.gz: gzip data is truncated" "$tmpdir/err"
tap_ok $? "config: a truncated config.gz is refused (exit $rc)"
run "$tmpdir/s.json" --symvers "$td/debian-6.1/Module.symvers.excerpt"
[ $rc -eq 0 ] && jcheck "$tmpdir/s.json" "t['exports']['count'] == $(grep -c . "$td/debian-6.1/Module.symvers.excerpt")"
tap_ok $? "symvers: every line read"

# --- sysfs trees ---
for s in 6.1-transition 6.1-disabling 6.13-replace 4.4-layout 4.15-layout; do
	mktree "$s" "$tmpdir/lp-$s"
done
run "$tmpdir/l.json" --sysfs "$tmpdir/lp-6.1-transition"
[ $rc -eq 0 ] && jcheck "$tmpdir/l.json" 'p = patch("lp_multi"); p["enabled"] is True and p["transition"] is True and p["replace"] is None and p["stack_order"] is None and p["has_force"] and not p["has_signal"] and obj(p, "klpc_target")["patched"] is False and obj(p, "vmlinux")["patched"] is True and {(f["name"], f["sympos"]) for f in obj(p, "klpc_target")["functions"]} == {("klpc_target_mul", 1), ("klpc_helper", 2)}'
tap_ok $? "sysfs 6.1: transition, patched per object, name,sympos directories, force present"
jcheck "$tmpdir/l.json" 't["live"]["order"].startswith("alphabetical") and [p["name"] for p in t["live"]["patches"]] == ["lp_multi", "lp_single"] and any("stack order unknown" in r for r in t["remarks"])'
tap_ok $? "sysfs 6.1: no stack_order and no --existing: alphabetical, said to be unknown"
run "$tmpdir/l.json" --sysfs "$tmpdir/lp-6.1-disabling"
jcheck "$tmpdir/l.json" 'p = patch("lp_single"); p["enabled"] is False and p["transition"] is True'
tap_ok $? "sysfs 6.1: a patch being disabled"
run "$tmpdir/l.json" --sysfs "$tmpdir/lp-6.13-replace"
jcheck "$tmpdir/l.json" '[p["name"] for p in t["live"]["patches"]] == ["lp_single", "lp_replace"] and t["live"]["order"] == "sysfs stack_order" and patch("lp_replace")["replace"] is True and patch("lp_single")["replace"] is False and patch("lp_replace")["stack_order"] == 2'
tap_ok $? "sysfs 6.13: replace and stack_order read; the stack follows stack_order"
run "$tmpdir/l.json" --sysfs "$tmpdir/lp-4.4-layout"
jcheck "$tmpdir/l.json" 'p = patch("lp_old"); p["enabled"] is False and p["transition"] is None and not p["has_force"] and obj(p, "vmlinux")["functions"] == [{"name": "cmdline_proc_show", "sympos": None}] and obj(p, "vmlinux")["patched"] is None'
tap_ok $? "sysfs 4.4: function directories without sympos, no transition, no patched"
run "$tmpdir/l.json" --sysfs "$tmpdir/lp-4.15-layout"
jcheck "$tmpdir/l.json" 'p = patch("lp_single"); p["has_signal"] and p["has_force"] and p["transition"] is True and t["live"]["order"].startswith("trivial")'
tap_ok $? "sysfs 4.15: signal and force noticed"

# Trees captured from a real 6.1 kernel by the qemu harness (testdata/sysfs/6.1/<scenario>/<step>/,
# function directories kept by a .keep file), when present: every one reads, as 6.1 writes.
for d in "$sy"/6.1/*/*/; do
	[ -d "$d" ] || continue
	run "$tmpdir/cap.json" --sysfs "$d"
	[ $rc -eq 0 ] && jcheck "$tmpdir/cap.json" 'all(p["enabled"] is not None and p["transition"] is not None and p["replace"] is None and p["stack_order"] is None and p["has_force"] and all(o["patched"] is not None and all(f["sympos"] >= 1 for f in o["functions"]) for o in p["objects"]) for p in t["live"]["patches"])'
	tap_ok $? "captured 6.1 tree ${d#"$sy"/}: read with the 6.1 attributes"
done

# --- --existing ---
run "$tmpdir/e.json" --sysfs "$tmpdir/lp-6.1-transition" --existing "$mods/lp_single.ko" \
	--existing "$mods/lp_multi.ko" --existing "$mods/lp_replace.ko"
[ $rc -eq 0 ] && jcheck "$tmpdir/e.json" '[p["name"] for p in t["live"]["patches"]] == ["lp_single", "lp_multi"] and t["live"]["order"] == "--existing load order" and patch("lp_multi")["module"].endswith("lp_multi.ko") and patch("lp_multi")["replace"] is False and any("lp_replace" in r and "not on the live stack" in r for r in t["remarks"])'
tap_ok $? "--existing with sysfs: matched by name, load order gives the stack, an absent one is said"
run "$tmpdir/e.json" --existing "$mods/lp_multi.ko" --existing "$mods/lp_replace.ko"
[ $rc -eq 0 ] && jcheck "$tmpdir/e.json" '[p["name"] for p in t["live"]["patches"]] == ["lp_multi", "lp_replace"] and patch("lp_replace")["replace"] is True and patch("lp_multi")["enabled"] is False and patch("lp_replace")["enabled"] is None and {(f["name"], f["sympos"]) for f in obj(patch("lp_multi"), "klpc_target")["functions"]} == {("klpc_target_mul", 1), ("klpc_helper", 2)}'
tap_ok $? "--existing alone: the stack in load order, objects and functions from the modules; the replace patch retires the one before it"
run "$tmpdir/x.json" --existing "$mods/notlivepatch.ko"
[ $rc -eq 2 ] && grep -q "^klpcheck: $mods/notlivepatch.ko: " "$tmpdir/err"
tap_ok $? "--existing: a module without a livepatch is refused, naming it (exit $rc)"

# --- hostile livepatch trees ---
mktree 6.1-disabling "$tmpdir/bad1"
printf '\001\377\000garbage' >"$tmpdir/bad1/lp_single/enabled"
run "$tmpdir/x.json" --sysfs "$tmpdir/bad1"
[ $rc -eq 2 ] && grep -q "^klpcheck: $tmpdir/bad1/lp_single/enabled: not a number" "$tmpdir/err"
tap_ok $? "sysfs: binary garbage in an attribute is refused, naming it (exit $rc)"
mktree 6.1-disabling "$tmpdir/bad2"
head -c 10485760 /dev/zero | tr '\0' '1' >"$tmpdir/bad2/lp_single/transition"
run "$tmpdir/x.json" --sysfs "$tmpdir/bad2"
[ $rc -eq 2 ] && grep -q "transition: larger than 4096 bytes, refused" "$tmpdir/err"
tap_ok $? "sysfs: a 10 MB attribute is refused (exit $rc)"
mktree 6.1-disabling "$tmpdir/bad3"
ln -s . "$tmpdir/bad3/lp_single/vmlinux/loop"
ln -s b "$tmpdir/bad3/a"
ln -s a "$tmpdir/bad3/b"
run "$tmpdir/x.json" --sysfs "$tmpdir/bad3"
[ $rc -eq 2 ] && grep -q "is a symbolic link, refused" "$tmpdir/err"
tap_ok $? "sysfs: symbolic link loops are refused, not followed (exit $rc)"
mkdir -p "$tmpdir/bad4/lp_bare/vmlinux/cmdline_proc_show,1"
run "$tmpdir/x.json" --sysfs "$tmpdir/bad4"
[ $rc -eq 0 ] && jcheck "$tmpdir/x.json" 'p = patch("lp_bare"); p["enabled"] is None and p["transition"] is None and obj(p, "vmlinux")["patched"] is None and any("no '"'"'enabled'"'"'" in r for r in t["remarks"])'
tap_ok $? "sysfs: missing attributes are unknown, and a missing enabled is remarked"
mktree 6.1-disabling "$tmpdir/bad5"
printf '7\n' >"$tmpdir/bad5/lp_single/enabled"
run "$tmpdir/x.json" --sysfs "$tmpdir/bad5"
[ $rc -eq 2 ] && grep -q "enabled: 7 where the kernel writes 0 or 1" "$tmpdir/err"
tap_ok $? "sysfs: a boolean attribute out of range is refused"

# --- untrusted names reach JSON escaped ---
printf 'ffffffff81000000 T bad\001name\377\n' >"$tmpdir/kweird"
run "$tmpdir/w.json" --kallsyms "$tmpdir/kweird" --full
[ $rc -eq 0 ] && jcheck "$tmpdir/w.json" 't["objects"][0]["symbol_table"][0]["name"] == "bad\x01name\ufffd"'
tap_ok $? "JSON: control bytes escaped and invalid UTF-8 replaced in symbol names"

# --- snapshot round trip over a fake system root ---
root="$tmpdir/root"
mkdir -p "$root/proc/sys/kernel" "$root/sys/kernel/tracing" "$root/boot"
echo 6.1.0-54-amd64 >"$root/proc/sys/kernel/osrelease"
cp "$td/kallsyms" "$root/proc/kallsyms"
cp "$td/debian-6.1/config-6.1.0-54-amd64.gz" "$root/proc/config.gz"
cp "$td/available_filter_functions" "$root/sys/kernel/tracing/available_filter_functions"
mktree 6.1-transition "$root/sys/kernel/livepatch"
mkdir -p "$root/lib/modules/6.1.0-54-amd64/kernel/fs"
cp "$top_srcdir/testdata/modules/6.1/klpc_target.ko" "$root/lib/modules/6.1.0-54-amd64/kernel/fs/"
# the loader's state (KLP112-KLP116, KLP407): what the Debian 6.1 guest of tests/kernel had,
# booted with module.sig_enforce=1 and lockdown=integrity
mkdir -p "$root/sys/module/module/parameters" "$root/sys/kernel/security" \
	"$root/lib/modules/6.1.0-54-amd64/build"
printf 'lp_single 16384 1 - Live 0x0000000000000000 (OEK)\nklpc_target 16384 0 - Live 0x0000000000000000 (OE)\n' \
	>"$root/proc/modules"
xz -dc "$top_srcdir/testdata/kernel/6.1/modules.builtin.xz" >"$root/lib/modules/6.1.0-54-amd64/modules.builtin"
xz -dc "$top_srcdir/testdata/kernel/6.1/Module.symvers.xz" >"$root/lib/modules/6.1.0-54-amd64/build/Module.symvers"
echo Y >"$root/sys/module/module/parameters/sig_enforce"
echo 'none [integrity] confidentiality' >"$root/sys/kernel/security/lockdown"
"$KLPCHECK" snapshot -o "$tmpdir/snap" --sysroot "$root" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] && [ -f "$tmpdir/snap/klpcheck-snapshot" ] && [ -d "$tmpdir/snap/livepatch/lp_multi/klpc_target/klpc_helper,2" ] &&
	cmp -s "$tmpdir/snap/kallsyms" "$td/kallsyms" && cmp -s "$tmpdir/snap/config" "$td/debian-6.1/config-6.1.0-54-amd64.gz" &&
	[ "$(cat "$tmpdir/snap/struct_module_size")" = 896 ]
tap_ok $? "snapshot: writes the documented layout, struct module size from the host's modules (exit $rc)"
lkr="--symbol type_show --symbol klpc_target:klpc_helper --symbol p_start"
# shellcheck disable=SC2086
run "$tmpdir/live.json" --live --sysroot "$root" $lkr
# shellcheck disable=SC2086
run "$tmpdir/snap.json" --target "$tmpdir/snap" $lkr
[ $rc -eq 0 ] && "$PYTHON3" -c '
import json, sys
a, b = (json.load(open(f))["target"] for f in sys.argv[1:3])
for d in (a, b):
    d.pop("sources"); d.pop("remarks")
sys.exit(0 if a == b and a["release"] == "6.1.0-54-amd64" and len(a["live"]["patches"]) == 2 else 1)' "$tmpdir/live.json" "$tmpdir/snap.json"
tap_ok $? "snapshot: --target DIR reads back what --live read"
jcheck "$tmpdir/snap.json" "any(s.startswith('struct module: 896 bytes, from') for s in t['sources'])" &&
	jcheck "$tmpdir/live.json" "any('struct module: 896 bytes' in s for s in t['sources'])"
tap_ok $? "snapshot and --live: the struct module size (896 on 6.1)"
cmp -s "$tmpdir/snap/modules" "$root/proc/modules" && cmp -s "$tmpdir/snap/Module.symvers" \
	"$root/lib/modules/6.1.0-54-amd64/build/Module.symvers" &&
	[ "$(cat "$tmpdir/snap/sig_enforce")" = Y ] &&
	[ "$(cat "$tmpdir/snap/vermagic")" = "6.1.0-54-amd64 SMP preempt mod_unload modversions " ] &&
	jcheck "$tmpdir/snap.json" "t['loader'] == {'vermagic': '6.1.0-54-amd64 SMP preempt mod_unload modversions ', 'loaded_modules': ['lp_single', 'klpc_target'], 'builtin_modules': 186, 'signatures_required': True, 'lockdown': 'integrity'} and t['exports']['count'] == 24664"
tap_ok $? "snapshot: the loaded and built-in modules, Module.symvers, sig_enforce, lockdown, vermagic"
"$KLPCHECK" target --target "$tmpdir/snap" >"$tmpdir/snap.txt" 2>&1
grep -qx "loaded modules: 2 (/proc/modules)" "$tmpdir/snap.txt" &&
	grep -qx "built-in modules: 186 (modules.builtin)" "$tmpdir/snap.txt" &&
	grep -q "^signatures: required (.*/sig_enforce)$" "$tmpdir/snap.txt" &&
	grep -qx "lockdown: integrity" "$tmpdir/snap.txt" &&
	grep -qx "exports: 24664 (13544 GPL-only, 552 in a namespace)" "$tmpdir/snap.txt"
tap_ok $? "target: prints the loader's state of a snapshot"
"$KLPCHECK" --no-project-config --target "$tmpdir/snap" --format json \
	"$top_srcdir/testdata/modules/6.1/lp_single.ko" >"$tmpdir/lint.json"
"$PYTHON3" -c '
import json, sys
f = {x["rule"]: x for x in json.load(open(sys.argv[1]))["findings"]}
sys.exit(0 if f["KLP115"]["kernel_errno"] == "EKEYREJECTED" and f["KLP116"]["kernel_errno"] == "EEXIST" else 1)' "$tmpdir/lint.json"
tap_ok $? "a snapshot that enforces signatures and has lp_single loaded: KLP115 and KLP116"
"$KLPCHECK" snapshot -o "$tmpdir/snap" --sysroot "$root" 2>"$tmpdir/err"
[ $? -eq 2 ] && grep -q "not empty, refused" "$tmpdir/err"
tap_ok $? "snapshot: refuses to write into a non-empty directory"
ln -s "$tmpdir/elsewhere" "$tmpdir/snaplink"
mkdir "$tmpdir/elsewhere"
"$KLPCHECK" snapshot -o "$tmpdir/snaplink" --sysroot "$root" 2>"$tmpdir/err"
[ $? -eq 2 ] && [ -z "$(ls "$tmpdir/elsewhere")" ]
tap_ok $? "snapshot: -o naming a symbolic link is refused, nothing written through it"

# --- hostile snapshots ---
hostile() { # NAME: a copy of the good snapshot to spoil
	rm -rf "$tmpdir/h"
	cp -r "$tmpdir/snap" "$tmpdir/h"
}
hostile
rm "$tmpdir/h/kallsyms"
ln -s /etc/passwd "$tmpdir/h/kallsyms"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "$tmpdir/h/kallsyms: is a symbolic link, refused" "$tmpdir/err"
tap_ok $? "hostile snapshot: a symlink out of the directory is not followed (exit $rc)"
hostile
rm -rf "$tmpdir/h/livepatch"
ln -s "$tmpdir/lp-6.1-transition" "$tmpdir/h/livepatch"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "livepatch: is a symbolic link, refused" "$tmpdir/err"
tap_ok $? "hostile snapshot: a symlinked livepatch tree is refused (exit $rc)"
hostile
rm "$tmpdir/h/config"
mkfifo "$tmpdir/h/config"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "config: not a regular file" "$tmpdir/err"
tap_ok $? "hostile snapshot: a FIFO is refused without blocking (exit $rc)"
hostile
rm "$tmpdir/h/kallsyms"
truncate -s 300M "$tmpdir/h/kallsyms"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "kallsyms: larger than" "$tmpdir/err"
tap_ok $? "hostile snapshot: a 300 MB kallsyms is refused by its size (exit $rc)"
hostile
printf '896bytes\n' >"$tmpdir/h/struct_module_size"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "struct_module_size: not a struct module size in bytes" "$tmpdir/err"
tap_ok $? "hostile snapshot: a struct module size that is not a number (exit $rc)"
hostile
rm "$tmpdir/h/klpcheck-snapshot"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "not a klpcheck snapshot" "$tmpdir/err"
tap_ok $? "hostile snapshot: a directory without the marker is not a snapshot (exit $rc)"
hostile
printf 'ffffffff81000000 T x\n\000\001\002' >"$tmpdir/h/kallsyms"
run "$tmpdir/x.json" --target "$tmpdir/h"
[ $rc -eq 2 ] && grep -q "kallsyms: contains a NUL byte" "$tmpdir/err"
tap_ok $? "hostile snapshot: binary garbage in kallsyms is refused (exit $rc)"

# --- release discovery ---
R=6.1.0-54-amd64
mkdir -p "$tmpdir/sr/usr/lib/debug/boot" "$tmpdir/sr/boot" "$tmpdir/sr/lib/modules/$R/build"
cp "$tmpdir/vmlinux" "$tmpdir/sr/usr/lib/debug/boot/vmlinux-$R"
cp "$tmpdir/placeholder" "$tmpdir/sr/boot/System.map-$R"
cp "$tmpdir/config" "$tmpdir/sr/boot/config-$R"
cp "$td/debian-6.1/Module.symvers.excerpt" "$tmpdir/sr/lib/modules/$R/build/Module.symvers"
run "$tmpdir/r.json" --release "$R" --sysroot "$tmpdir/sr"
[ $rc -eq 0 ] && jcheck "$tmpdir/r.json" "s = ' '.join(t['sources']); '$tmpdir/sr/usr/lib/debug/boot/vmlinux-$R' in s and '$tmpdir/sr/boot/config-$R' in s and '$tmpdir/sr/lib/modules/$R/build/Module.symvers' in s and 'System.map' not in s"
tap_ok $? "--release: finds vmlinux, config and Module.symvers in the usual places and says so"
rm "$tmpdir/sr/usr/lib/debug/boot/vmlinux-$R"
run "$tmpdir/r.json" --release "$R" --sysroot "$tmpdir/sr"
[ $rc -eq 0 ] && jcheck "$tmpdir/r.json" "any('vmlinux for $R not found' in r for r in t['remarks']) and any('System.map for $R not found' in r for r in t['remarks']) and t['release'] == '$R'"
tap_ok $? "--release: what was not found is said, Debian's placeholder System.map skipped"
run "$tmpdir/x.json" --release "../../etc"
[ $rc -eq 3 ] && grep -q "not a plain name" "$tmpdir/err"
tap_ok $? "--release: a release with a slash is refused (exit $rc)"

# --- struct module size (--modules-dir) ---
# modules kbuild built against each kernel's headers: 896 bytes on 6.1, 1280 on 6.12 (readelf)
m61="$top_srcdir/testdata/modules/6.1" m612="$top_srcdir/testdata/modules/6.12"
run "$tmpdir/m.json" --release 6.12.117+deb12-amd64 --sysroot /nonexistent --modules-dir "$m612"
[ $rc -eq 0 ] && jcheck "$tmpdir/m.json" "any('struct module: 1280 bytes' in s for s in t['sources'])"
tap_ok $? "--modules-dir: struct module size read off a module of the release (6.12: 1280)"
run "$tmpdir/m.json" --release 6.12.117+deb12-amd64 --sysroot /nonexistent --modules-dir "$m61"
[ $rc -eq 0 ] && jcheck "$tmpdir/m.json" "not any('struct module' in s for s in t['sources']) and any('no module built for 6.12.117+deb12-amd64' in r for r in t['remarks'])"
tap_ok $? "--modules-dir: modules of another release say nothing of this one"
run "$tmpdir/m.json" --release 6.1.0-54-amd64 --sysroot /nonexistent --existing "$m61/lp_single.ko"
[ $rc -eq 0 ] && jcheck "$tmpdir/m.json" "any('struct module: 896 bytes, from existing' in s for s in t['sources'])"
tap_ok $? "--existing: a deployed module of the release gives the struct module size too"
mkdir -p "$tmpdir/sr61/lib/modules/6.1.0-54-amd64/kernel/fs" && cp "$m61/klpc_target.ko" "$tmpdir/sr61/lib/modules/6.1.0-54-amd64/kernel/fs/"
run "$tmpdir/m.json" --release 6.1.0-54-amd64 --sysroot "$tmpdir/sr61"
[ $rc -eq 0 ] && jcheck "$tmpdir/m.json" "any('struct module: 896 bytes' in s for s in t['sources'])"
tap_ok $? "--release: /lib/modules/R/kernel found under the sysroot (6.1: 896)"
run "$tmpdir/m.json" --release 6.1.0-54-amd64 --modules-dir "$tmpdir/no-such-dir"
[ $rc -eq 2 ] && [ "$(wc -l <"$tmpdir/err")" -eq 1 ] && grep -q "no-such-dir: No such file or directory" "$tmpdir/err"
tap_ok $? "--modules-dir: a missing directory is one line and exit 2 (exit $rc)"

# --- which source states the release (issue 13) ---
# Debian 6.1's config header reads "# Linux/x86 6.1.190 Kernel Configuration" (xzcat | head -3):
# a version, not the release; the test modules' vermagic says 6.1.0-54-amd64 (build.sh).
run "$tmpdir/rel.json" --sysroot /nonexistent --kconfig "$top_srcdir/testdata/kernel/6.1/config.xz"
[ $rc -eq 0 ] && jcheck "$tmpdir/rel.json" 't["release"] is None and t["version"] == "6.1.190" and t["release_source"] == "the config header"'
tap_ok $? "release: the config header gives the version when nothing names the release"
run "$tmpdir/rel.json" --sysroot /nonexistent --kconfig "$top_srcdir/testdata/kernel/6.1/config.xz" --modules-dir "$m61"
[ $rc -eq 0 ] && jcheck "$tmpdir/rel.json" 't["release"] == "6.1.0-54-amd64" and t["release_source"].startswith("the vermagic of ") and t["release_source"].endswith(" modules in " + "'"$m61"'") and not any("disagree" in r for r in t["remarks"])'
tap_ok $? "release: the modules built for the target name it, and agree with the config header"
run "$tmpdir/rel.json" --sysroot /nonexistent --release 6.12.117+deb12-amd64 --modules-dir "$m61"
[ $rc -eq 0 ] && jcheck "$tmpdir/rel.json" 't["release"] == "6.12.117+deb12-amd64" and t["release_source"] == "--release" and any(r.startswith("the sources disagree on the release: --release says 6.12.117+deb12-amd64, the vermagic of ") and "modules in '"$m61"' says 6.1.0-54-amd64" in r and r.endswith(" 6.12.117+deb12-amd64 is used") for r in t["remarks"])'
tap_ok $? "release: a disagreement between sources is said, with the one used"
"$KLPCHECK" target --vmlinux "$tmpdir/vmlinux" --kconfig "$top_srcdir/testdata/kernel/6.12/config.xz" >"$tmpdir/rel.txt"
grep -q "^release: 6.1.0-99-test (from vmlinux's linux_banner)$" "$tmpdir/rel.txt" &&
	grep -q "^  the sources disagree on the version: the config header says 6.12.117, vmlinux's linux_banner says 6.1.0-99-test; 6.1.0-99-test is used$" "$tmpdir/rel.txt"
tap_ok $? "release: a config header of another version than linux_banner is said"
"$KLPCHECK" target --sysroot /nonexistent --kconfig "$top_srcdir/testdata/kernel/6.1/config.xz" >"$tmpdir/rel.txt"
grep -q '^release: unknown (version 6.1.190, from the config header)$' "$tmpdir/rel.txt"
tap_ok $? "release: the text output says where the version came from"
"$KLPCHECK" --no-project-config --sysroot /nonexistent --release 6.12.117+deb12-amd64 --modules-dir "$m61" "$m61/lp_single.ko" >/dev/null 2>"$tmpdir/rel.err"
grep -q "^klpcheck: target: the sources disagree on the release: --release says 6.12.117+deb12-amd64, " "$tmpdir/rel.err"
tap_ok $? "release: lint says on stderr that the sources disagree"

# --- usage ---
"$KLPCHECK" target >/dev/null 2>&1
[ $? -eq 3 ]
tap_ok $? "target without any source is a usage error"
"$KLPCHECK" target --live --target "$tmpdir/snap" >/dev/null 2>&1
[ $? -eq 3 ]
tap_ok $? "--live and --target together are a usage error"
"$KLPCHECK" target --kallsyms "$td/kallsyms" --kconfig "$tmpdir/config" --sysfs "$tmpdir/lp-6.1-transition" >"$tmpdir/out.txt"
grep -q '^  CONFIG_LIVEPATCH=y$' "$tmpdir/out.txt" && grep -q '^  vmlinux: .* from kallsyms' "$tmpdir/out.txt" &&
	grep -q '^  1\. lp_multi: enabled 1, transition 1, replace unknown$' "$tmpdir/out.txt"
tap_ok $? "text summary: config highlights, symbol sources, the live stack"

tap_done
