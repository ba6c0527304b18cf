#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The pipelines of docs/ci.md, without the CI services: scripts/klpcheck-kpatch-build with a
# fake kpatch-build on PATH (argument handling, exit status), and the documented GitHub
# Actions (SARIF) and GitLab CI (Code Quality) commands, extracted from docs/ci.md and run, with
# their output checked for the shape those services read.
. "${top_srcdir:-.}/tests/lib.sh"
case $KLPCHECK in /*) ;; *) KLPCHECK=$(pwd)/$KLPCHECK ;; esac
top_srcdir=$(cd "$top_srcdir" && pwd)
mods="$top_srcdir/testdata/modules/6.1"
k="$top_srcdir/testdata/kernel/6.1"
wrapper="$top_srcdir/scripts/klpcheck-kpatch-build"
# The whole target (every rule runs): no patch loaded (the empty livepatch tree of a booted 6.1),
# the modules of $mods built for it.

target="--release 6.1.0-54-amd64 --kallsyms $k/kallsyms.xz --ftrace-functions $k/available_filter_functions.xz --kconfig $k/config.xz --symvers $k/Module.symvers.xz --sysfs $top_srcdir/testdata/sysfs/6.1/clean/00 --modules-dir $mods --modules-builtin $k/modules.builtin.xz --btf $k/btf.xz --sysroot /nonexistent-klpcheck-root"

# A kpatch-build that logs its arguments, copies $FAKE_KO to the module kpatch-build would
# write (-o DIR, -n NAME, else livepatch-<patch>) and exits $FAKE_RC.
mkdir -p "$tmpdir/bin" "$tmpdir/work" "$tmpdir/out"
cat >"$tmpdir/bin/kpatch-build" <<'FAKE'
#!/bin/bash
printf '%s\n' "$@" >"$FAKE_LOG"
out=. name="" patches=()
while [ $# -gt 0 ]; do
	case $1 in
	-o|--output) out=$2; shift ;;
	-n|--name) name=$2; shift ;;
	-s|-c|-v|-t|-j|-a|-r|--sourcedir|--config|--vmlinux|--target|--jobs|--archversion) shift ;;
	-*) ;;
	*) patches+=("$1") ;;
	esac
	shift
done
[ -n "$name" ] || { name=${patches[0]##*/}; name=livepatch-${name%.patch}; }
[ "${FAKE_RC:-0}" -ne 0 ] && exit "$FAKE_RC"
cp "$FAKE_KO" "$out/$name.ko"
FAKE
# A klpcheck that logs its arguments, then runs the real one.
cat >"$tmpdir/bin/klpcheck-logged" <<LOGGED
#!/bin/sh
printf '%s\n' "\$@" >"\$KLP_LOG"
exec "$KLPCHECK" "\$@"
LOGGED
chmod +x "$tmpdir/bin/kpatch-build" "$tmpdir/bin/klpcheck-logged"
touch "$tmpdir/work/fix-cmdline.patch" "$tmpdir/work/vmlinux" "$tmpdir/work/config"
export FAKE_LOG="$tmpdir/kpatch.args" KLP_LOG="$tmpdir/klpcheck.args"

run_wrapper() { # ENV... -- ARGS...: runs in $tmpdir/work, sets $rc
	(cd "$tmpdir/work" && env PATH="$tmpdir/bin:$PATH" KLPCHECK="$tmpdir/bin/klpcheck-logged" \
		"$@" >"$tmpdir/wrap.out" 2>"$tmpdir/wrap.err")
	rc=$?
}

# 1. A clean module: kpatch-build gets every argument unchanged; klpcheck checks OUT/NAME.ko
#    against -v and -c; the build passes.
run_wrapper FAKE_KO="$mods/kp_single.ko" KLPCHECK_FLAGS="$target" "$wrapper" \
	-v "$tmpdir/work/vmlinux" -c "$tmpdir/work/config" -n my_fix -o "$tmpdir/out" -j 2 -R \
	fix-cmdline.patch
printf '%s\n' -v "$tmpdir/work/vmlinux" -c "$tmpdir/work/config" -n my_fix -o "$tmpdir/out" \
	-j 2 -R fix-cmdline.patch | cmp -s - "$tmpdir/kpatch.args"
tap_ok $? "kpatch-build receives the wrapper's arguments unchanged"
# --vmlinux points at an empty file here: klpcheck must be told it, so it fails to read it.
tail -n 5 "$tmpdir/klpcheck.args" | tr '\n' ' ' | grep -q -- "--vmlinux $tmpdir/work/vmlinux --kconfig $tmpdir/work/config $tmpdir/out/my_fix.ko"
tap_ok $? "klpcheck checks OUT/NAME.ko against kpatch-build's -v and -c"

# 2. -s SRCDIR: vmlinux and .config from the source tree; with KLPCHECK_FLAGS' target only.
mkdir -p "$tmpdir/src"
: >"$tmpdir/src/vmlinux"
: >"$tmpdir/src/.config"
run_wrapper FAKE_KO="$mods/kp_single.ko" "$wrapper" -s "$tmpdir/src" fix-cmdline.patch
tr '\n' ' ' <"$tmpdir/klpcheck.args" | grep -q -- "--vmlinux $tmpdir/src/vmlinux --kconfig $tmpdir/src/.config ./livepatch-fix-cmdline.ko"
tap_ok $? "-s DIR: DIR/vmlinux and DIR/.config; default module name livepatch-<patch>"

# 3. Exit status: clean 0, findings 1, kpatch-build failure passes through without a check.
run_wrapper FAKE_KO="$mods/kp_single.ko" KLPCHECK_FLAGS="$target" "$wrapper" -a 6.1.0-54-amd64 fix-cmdline.patch
[ $rc -eq 0 ]
tap_ok $? "a clean module passes (exit $rc)"
run_wrapper FAKE_KO="$mods/kp_nosym.ko" KLPCHECK_FLAGS="$target" "$wrapper" -n bad fix-cmdline.patch
[ $rc -eq 1 ] && grep -q 'KLP401' "$tmpdir/wrap.out" && grep -q 'klpcheck rejects ./bad.ko' "$tmpdir/wrap.err"
tap_ok $? "a module the kernel would refuse fails the build (exit $rc, KLP401)"
rm -f "$tmpdir/klpcheck.args"
run_wrapper FAKE_KO="$mods/kp_single.ko" FAKE_RC=4 "$wrapper" fix-cmdline.patch
[ $rc -eq 4 ] && [ ! -e "$tmpdir/klpcheck.args" ]
tap_ok $? "a failed kpatch-build keeps its exit status and nothing is checked (exit $rc)"
run_wrapper FAKE_KO="$mods/kp_single.ko" "$wrapper" --bogus fix-cmdline.patch
[ $rc -eq 3 ]
tap_ok $? "an option kpatch-build does not have is a usage error (exit $rc)"

# 4. The one-line post-step of docs/ci.md, as written there.
line=$(sed -n 's/^ *kpatch-build \(.*\) && klpcheck \(.*\)$/kpatch-build \1 \&\& klpcheck \2/p' "$top_srcdir/docs/ci.md" | head -n 1)
(cd "$tmpdir/work" && rm -f livepatch-fix-cmdline.ko &&
	env PATH="$tmpdir/bin:$(dirname "$KLPCHECK"):$PATH" FAKE_KO="$mods/kp_nosym.ko" KLPCHECK_TARGET="$target" \
	sh -c "$line" >/dev/null 2>&1)
rc=$?
[ -n "$line" ] && [ $rc -eq 1 ]
tap_ok $? "docs/ci.md kpatch-build one-liner fails on a refused module (exit $rc)"

# 5. The CI jobs of docs/ci.md, whole (tests/ci-jobs.py writes them out): each gets klpcheck
#    from a clone of this source and builds and installs it itself, then checks build/*.ko
#    (fixture modules) against the bundled target. PATH holds no klpcheck but the one the job
#    installs; apt-get and sudo are stand-ins that only check the packages are installed. With
#    KLP_SKIP_SELF_BUILD=1 (the sanitizer pass of .ci/run) the builds are skipped and the jobs'
#    klpcheck steps run with the klpcheck under test.
"$PYTHON3" "$top_srcdir/tests/ci-jobs.py" "$top_srcdir/docs/ci.md" "$tmpdir/jobs"
tap_ok $? "docs/ci.md has a GitHub Actions and a GitLab CI job with a target and klpcheck's repository"
mkdir -p "$tmpdir/fake"
cat >"$tmpdir/fake/apt-get" <<'FAKE'
#!/bin/sh
# Installs nothing: fails unless every package asked for is installed already.
[ "$1" = install ] || exit 0
shift
for p in "$@"; do
	case $p in -*) continue ;; esac
	echo "$p" >>"$APT_LOG"
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		{ echo "apt-get (test): $p is not installed" >&2; exit 100; }
done
FAKE
printf '#!/bin/sh\nexec "$@"\n' >"$tmpdir/fake/sudo"
chmod +x "$tmpdir/fake/apt-get" "$tmpdir/fake/sudo"
copy_source "$tmpdir/klpcheck-src"
git -C "$tmpdir/klpcheck-src" init -q && git -C "$tmpdir/klpcheck-src" add -A &&
	git -C "$tmpdir/klpcheck-src" -c user.name=test -c user.email=test@localhost commit -q -m source
repo="file://$tmpdir/klpcheck-src"
nokl=$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do
	[ -n "$d" ] && [ ! -x "$d/klpcheck" ] && printf '%s:' "$d"; done)
selfbuild=yes
[ "${KLP_SKIP_SELF_BUILD:-0}" = 1 ] && selfbuild=no

job_env() { # JOB HOME: runs the rest with the job's environment
	job=$1 home=$2
	shift 2
	mkdir -p "$home"
	env -i PATH="$tmpdir/fake:$nokl" HOME="$home" APT_LOG="$tmpdir/$job.apt" LANG=C.UTF-8 \
		KLPCHECK_REPO="$repo" KLPCHECK_TARGET="$target" GITHUB_PATH="$tmpdir/$job.path" \
		RUNNER_TEMP="$tmpdir/$job.tmp" "$@"
}
mkdir -p "$tmpdir/github.tmp"
: >"$tmpdir/github.path"
for job in github gitlab; do
	mkdir -p "$tmpdir/ci-$job/build"
	cp "$mods/kp_nosym.ko" "$mods/kb_single.ko" "$mods/lp_dup_func.ko" "$tmpdir/ci-$job/build/"
done
if [ $selfbuild = yes ]; then
	# GitHub: one bash -e per step; GITHUB_PATH takes effect from the next step on
	rc=0
	for step in "$tmpdir"/jobs/github/[0-9]*.sh; do
		extra=$(tr '\n' ':' <"$tmpdir/github.path")
		(cd "$tmpdir/ci-github" && job_env github "$tmpdir/home-github" \
			sh -c 'PATH="$0$PATH" exec bash -e "$1"' "$extra" "$step") \
			>>"$tmpdir/github.log" 2>&1
		rc=$?
		case $step in */01.sh) [ $rc -eq 0 ] || break ;; esac
	done
	[ -x "$tmpdir/home-github/.local/bin/klpcheck" ] && [ $rc -le 1 ]
	tap_ok $? "docs/ci.md GitHub job builds and installs its own klpcheck (exit $rc; $tmpdir/github.log)"
	(cd "$tmpdir/ci-gitlab" && job_env gitlab "$tmpdir/home-gitlab" bash -e "$tmpdir/jobs/gitlab/job.sh") \
		>"$tmpdir/gitlab.log" 2>&1
	rc=$?
	[ -x "$tmpdir/home-gitlab/.local/bin/klpcheck" ] && [ $rc -le 1 ]
	tap_ok $? "docs/ci.md GitLab job builds and installs its own klpcheck (exit $rc; $tmpdir/gitlab.log)"
	[ $rc -gt 1 ] && tail -20 "$tmpdir/gitlab.log" | sed 's/^/# /'
	for p in $(sed -n 's/^pkgs="//; s/"$//; /^pkgs=/,/"$/p' "$top_srcdir/scripts/setup.sh" |
		tr ' \t' '\n\n' | grep -E -e '-dev$|^auto|^pkg-config$'); do
		grep -qx "$p" "$tmpdir/github.apt" 2>/dev/null || echo "$p"
	done >"$tmpdir/apt.missing"
	[ -s "$tmpdir/github.apt" ] && [ ! -s "$tmpdir/apt.missing" ]
	tap_ok $? "the GitHub job installs the build dependencies of scripts/setup.sh $(tr '\n' ' ' <"$tmpdir/apt.missing")"
else
	for d in github gitlab apt; do
		echo "ok $((tap_n + 1)) # SKIP the GitHub and GitLab jobs' own klpcheck builds: KLP_SKIP_SELF_BUILD=1"
		tap_n=$((tap_n + 1))
	done
	tail -n +1 "$tmpdir"/jobs/github/[0-9]*.sh | grep '^klpcheck ' >"$tmpdir/github.kl"
	(cd "$tmpdir/ci-github" && job_env github "$tmpdir/home-github" \
		sh -c 'PATH="$0:$PATH" exec bash "$1"' "$(dirname "$KLPCHECK")" "$tmpdir/github.kl")
	grep '^klpcheck ' "$tmpdir/jobs/gitlab/job.sh" >"$tmpdir/gitlab.kl"
	(cd "$tmpdir/ci-gitlab" && job_env gitlab "$tmpdir/home-gitlab" \
		sh -c 'PATH="$0:$PATH" exec bash "$1"' "$(dirname "$KLPCHECK")" "$tmpdir/gitlab.kl")
fi
"$PYTHON3" - "$tmpdir/ci-github/klpcheck.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and len(d["runs"]) == 1
run = d["runs"][0]
assert run["tool"]["driver"]["name"] == "klpcheck" and run["tool"]["driver"]["rules"]
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
assert run["results"], "no results"
for r in run["results"]:
    assert r["ruleId"] in ids and r["level"] in ("error", "warning", "note")
    assert r["message"]["text"] and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert r["partialFingerprints"]
assert {"KLP401", "KLP105"} <= {r["ruleId"] for r in run["results"]}
PY
tap_ok $? "docs/ci.md GitHub Actions job writes SARIF code scanning accepts"
"$PYTHON3" - "$tmpdir/ci-gitlab/gl-code-quality-report.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and d, "not a non-empty array"
seen = set()
for i in d:
    assert isinstance(i["description"], str) and i["description"]
    assert isinstance(i["check_name"], str) and i["check_name"].startswith("KLP")
    assert isinstance(i["fingerprint"], str) and i["fingerprint"] not in seen
    seen.add(i["fingerprint"])
    assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
    assert isinstance(i["location"]["path"], str) and i["location"]["path"].startswith("build/")
    assert isinstance(i["location"]["lines"]["begin"], int)
assert {"KLP401", "KLP105"} <= {i["check_name"] for i in d}
PY
tap_ok $? "docs/ci.md GitLab CI job writes a Code Quality report"

tap_done
