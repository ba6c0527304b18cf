#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Kernel verdict tier: run livepatch scenarios on real Debian kernels under qemu.

Each scenario (tests/kernel/scenarios/*.scn, format in tests/kernel/README.md) is a
list of steps run in one fresh boot of one kernel. The harness fetches the Debian
kernel image with apt, builds a busybox initramfs holding the test modules, the
one-shot loader (klpc-load) and the scenario, boots it under qemu (TCG) with a
host-side timeout, reads every step's record from the second serial port, stores
it, and compares what the kernel did with the step's expectation.

    tests/kernel/run.py [--kernel 6.1,6.12,7.x] [--scenario NAME,...] [--out DIR]
                        [--record] [--tap] [--predict CMD] [--capture]

Exit status: 0 all steps as expected, 1 some step differs, 77 skipped (no qemu,
no kernel package), 2 usage/harness error.
"""
import argparse
import base64
import io
import json
import lzma
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("KLP_CACHE", os.path.expanduser("~/.cache/klpcheck"))
SKIP = 77

# Kernel tags -> Debian ABI names; they must match testdata/modules/build.sh
# (KLP_61_ABI / KLP_612_ABI / KLP_7X_ABI), since the modules were built against those headers.
KERNELS = {
    "6.1": os.environ.get("KLP_61_ABI", "6.1.0-54") + "-amd64",
    "6.12": os.environ.get("KLP_612_ABI", "6.12.117+deb12") + "-amd64",
    "7.x": os.environ.get("KLP_7X_ABI", "7.2.13+deb14") + "-amd64",
}
# Kernels that come from Debian sid (tests/kernel/sid-apt.sh: a private apt configuration).
# Since 7.x Debian splits the image: linux-binary-unsigned-* holds vmlinuz.unsigned and
# linux-base-* the config, both under /usr/lib/modules/<abi>/, and linux-image-* only
# depends on them (and on linux-modules-*, ~110 MB, which the guest does not need).
SID = {"7.x"}
SID_APT = os.path.join(HERE, "sid-apt.sh")

# Kernel command line. nokaslr keeps /proc/kallsyms addresses stable between boots
# (kallsyms is stored once per kernel); panic=-1 + -no-reboot makes qemu exit on a
# panic instead of sitting in it; loglevel=4 keeps the console to warnings and worse
# (dmesg still records everything, including the dyndbg transition messages).
CMDLINE = ('console=ttyS0 loglevel=4 nokaslr panic=-1 oops=panic '
           'dyndbg="file kernel/livepatch/* +p"')

VERBS = {"load", "load-target", "rmmod", "disable", "force", "wait", "read", "call", "run"}
OUTCOMES = {
    "load": {"accepted", "refused", "stuck"},
    "load-target": {"ok", "fail"},
    "rmmod": {"ok", "fail"},
    "disable": {"ok", "fail", "stuck"},
    "force": {"ok", "fail", "stuck"},
    "wait": {"ok"},
    "read": {"ok", "fail"},
    "run": {"ok", "fail"},
    "call": {"returned", "hang", "panic", "hang|panic"},
}
DEFAULT_SETTLE = 10      # s a load/disable/force polls for the transition to end
STEP_MARGIN = 40         # s the host adds to each step before declaring a hang
BOOT_LIMIT = 90          # s from qemu start to the first record (step 0)


def log(msg):
    print(f"==> {msg}", file=sys.stderr, flush=True)


class HarnessError(Exception):
    pass


class Skip(Exception):
    pass


# --- scenarios -------------------------------------------------------------------

class Step:
    def __init__(self, n, verb, arg, lineno):
        self.n, self.verb, self.arg, self.lineno = n, verb, arg, lineno
        self.expect = None
        self.errno = None
        self.errno_by = {}   # kernel tag -> errno, where the kernels differ
        self.msgs = []          # kernel messages that must appear in this step's dmesg
        self.nomsg = False      # no dmesg line of this step may name the module
        self.contains = []      # read/call output must contain
        self.lacks = []         # read/call output must not contain
        self.sysfs = []         # "path=value" or "!path" (absent) or "path" (present)
        self.settle = DEFAULT_SETTLE
        self.timeout = None     # host allowance for this step (s)

    def errno_on(self, tag):
        return self.errno_by.get(tag, self.errno)

    def allowance(self):
        if self.timeout is not None:
            return self.timeout
        extra = int(self.arg) if self.verb == "wait" else self.settle
        return extra + STEP_MARGIN

    def describe(self):
        return f"{self.verb} {self.arg}"


class Scenario:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-4]
        self.kernels = list(KERNELS)
        self.cmdline = []
        self.steps = []
        self.title = ""
        self.parse()

    def err(self, lineno, msg):
        raise HarnessError(f"{self.path}:{lineno}: {msg}")

    def parse(self):
        with open(self.path) as f:
            lines = f.readlines()
        for lineno, line in enumerate(lines, 1):
            s = line.strip()
            if not s:
                continue
            if s.startswith("#"):
                if not self.title and s.startswith("# title:"):
                    self.title = s[len("# title:"):].strip()
                continue
            try:
                tok = shlex.split(s, comments=True)
            except ValueError as e:
                self.err(lineno, str(e))
            if not tok:
                continue
            if tok[0] == "kernels":
                self.kernels = tok[1:]
                for k in self.kernels:
                    if k not in KERNELS:
                        self.err(lineno, f"unknown kernel '{k}'")
                continue
            if tok[0] == "cmdline":
                # kernel parameters of this scenario's boot (module.sig_enforce=1, lockdown=...)
                for arg in tok[1:]:
                    if not re.fullmatch(r"[A-Za-z0-9_.]+=[A-Za-z0-9_,]+", arg):
                        self.err(lineno, f"cmdline takes name=value parameters, not '{arg}'")
                self.cmdline += tok[1:]
                continue
            if tok[0] not in VERBS:
                self.err(lineno, f"unknown step '{tok[0]}'")
            if len(tok) < 2:
                self.err(lineno, f"'{tok[0]}' needs an argument")
            st = Step(len(self.steps) + 1, tok[0], tok[1], lineno)
            i = 2
            while i < len(tok):
                k = tok[i]
                v = tok[i + 1] if i + 1 < len(tok) else None
                if k == "nomsg":
                    st.nomsg = True
                    i += 1
                    continue
                if v is None:
                    self.err(lineno, f"'{k}' needs a value")
                if k == "expect":
                    if v not in OUTCOMES[st.verb]:
                        self.err(lineno, f"'{st.verb}' cannot expect '{v}'")
                    st.expect = v
                elif k == "errno" and "=" in v:
                    tag, _, e = v.partition("=")
                    if tag not in KERNELS:
                        self.err(lineno, f"unknown kernel '{tag}'")
                    st.errno_by[tag] = e
                elif k == "errno":
                    st.errno = v
                elif k == "msg":
                    st.msgs.append(v)
                elif k == "contains":
                    st.contains.append(v)
                elif k == "lacks":
                    st.lacks.append(v)
                elif k == "sysfs":
                    st.sysfs.append(v)
                elif k == "settle":
                    st.settle = int(v)
                elif k == "timeout":
                    st.timeout = int(v)
                else:
                    self.err(lineno, f"unknown key '{k}'")
                i += 2
            if st.expect is None:
                st.expect = {"load": "accepted", "call": "returned"}.get(st.verb, "ok")
            if st.verb == "wait" and not st.arg.isdigit():
                self.err(lineno, "wait takes whole seconds")
            self.steps.append(st)
        if not self.steps:
            raise HarnessError(f"{self.path}: no steps")
        if any(s.verb == "call" and s.expect != "returned" for s in self.steps[:-1]):
            raise HarnessError(f"{self.path}: a call expected to hang must be the last step")

    def modules(self):
        return sorted({s.arg for s in self.steps if s.verb in ("load", "load-target")})


def load_scenarios(names):
    d = os.path.join(HERE, "scenarios")
    all_ = sorted(f for f in os.listdir(d) if f.endswith(".scn"))
    if names:
        want = set(names)
        all_ = [f for f in all_ if f[:-4] in want]
        missing = want - {f[:-4] for f in all_}
        if missing:
            raise HarnessError(f"no such scenario: {', '.join(sorted(missing))}")
    return [Scenario(os.path.join(d, f)) for f in all_]


# --- host tools and packages -------------------------------------------------------

def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def have_pkg(p):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True)
    return "install ok installed" in r.stdout


def ensure_host_tools():
    missing = [p for p in ("qemu-system-x86", "busybox-static", "gcc", "libc6-dev", "xz-utils")
               if not have_pkg(p)]
    if missing:
        if os.environ.get("KLP_NO_APT_INSTALL") == "1" or os.geteuid() != 0:
            raise Skip(f"missing packages: {' '.join(missing)} (not root or KLP_NO_APT_INSTALL=1)")
        log(f"installing {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing,
                           env=env, capture_output=True, text=True)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env)
            r = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends"]
                               + missing, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip(f"cannot install {' '.join(missing)}: {r.stderr.strip()[-200:]}")
    for t in ("qemu-system-x86_64", "gcc"):
        if not shutil.which(t):
            raise Skip(f"{t} not found")
    if not os.path.exists("/bin/busybox"):
        raise Skip("/bin/busybox not found")


def image_packages(tag):
    """The packages holding a kernel's vmlinuz and config, and where in them the files are."""
    abi = KERNELS[tag]
    if tag in SID:
        where = f"./usr/lib/modules/{abi}/"
        return ([f"linux-binary-unsigned-{abi}", f"linux-base-{abi}"],
                {where + "vmlinuz.unsigned": f"vmlinuz-{abi}", where + "config": f"config-{abi}"})
    return [f"linux-image-{abi}"], {"./boot": None}


def download(tag, pkgs, debs):
    if tag in SID:
        r = subprocess.run([SID_APT, "download", debs] + pkgs, capture_output=True, text=True)
    else:
        if subprocess.run(["apt-cache", "show", pkgs[0]], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"])
        r = subprocess.run(["apt-get", "download", "-q"] + pkgs, cwd=debs,
                           capture_output=True, text=True)
    found = sorted(f for f in os.listdir(debs) if f.endswith(".deb"))
    if r.returncode != 0 or len(found) != len(pkgs):
        raise Skip(f"cannot download {' '.join(pkgs)}: {r.stderr.strip()[-200:]}")
    # the package named first is the one recorded (linux-image-*, linux-binary-unsigned-*)
    found.sort(key=lambda f: not f.startswith(pkgs[0] + "_"))
    return [os.path.join(debs, f) for f in found]


def unpack(debs, members, root):
    """Only the kernel, config and System.map (same as dpkg -x, restricted to them): the
    image's /lib/modules is ~400 MB unpacked and the guest needs none of it."""
    os.makedirs(os.path.join(root, "boot"), exist_ok=True)
    for deb in debs:
        if "./boot" in members:
            want = ["./boot"]
        else:
            listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True,
                                     check=True).stdout
            with tarfile.open(fileobj=io.BytesIO(listing)) as t:
                want = [m for m in t.getnames() if m in members]
            if not want:
                continue
        fsys = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
        run(["tar", "-x", "-C", root] + want, stdin=fsys.stdout)
        if fsys.wait() != 0:
            raise HarnessError(f"dpkg-deb --fsys-tarfile {deb} failed")
    for src, name in members.items():
        if name and os.path.exists(os.path.join(root, src)):
            os.rename(os.path.join(root, src), os.path.join(root, "boot", name))


def fetch_kernel(tag):
    """apt-get download + unpack the image package(s); returns (vmlinuz, config, version)."""
    abi = KERNELS[tag]
    root = os.path.join(CACHE, "kernels", tag)
    stamp = os.path.join(root, f".klpcheck-{abi}")
    vmlinuz = os.path.join(root, "boot", f"vmlinuz-{abi}")
    config = os.path.join(root, "boot", f"config-{abi}")
    if not os.path.exists(stamp):
        pkgs, members = image_packages(tag)
        debs = os.path.join(CACHE, "debs", f"{tag}-image")
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(debs, ignore_errors=True)
        os.makedirs(debs)
        log(f"downloading {' '.join(pkgs)}" + (" (Debian sid)" if tag in SID else ""))
        found = download(tag, pkgs, debs)
        unpack(found, members, root)
        ver = subprocess.run(["dpkg-deb", "-f", found[0], "Version"], capture_output=True,
                             text=True).stdout.strip()
        size = sum(os.path.getsize(d) for d in found)
        with open(os.path.join(root, ".version"), "w") as f:
            f.write(f"{pkgs[0]} {ver} {size}\n")
        open(stamp, "w").close()
    if not os.path.exists(vmlinuz):
        raise HarnessError(f"{vmlinuz} missing after unpacking")
    with open(os.path.join(root, ".version")) as f:
        version = f.read().split()
    return vmlinuz, config, {"package": version[0], "version": version[1],
                             "deb_bytes": int(version[2])}


def store_builtin(tag, kdir):
    """modules.builtin of the image package (KLP407): the one file of its /lib/modules kept."""
    dest = os.path.join(kdir, "modules.builtin.xz")
    if os.path.exists(dest) or os.path.exists(
            os.path.join(TOP, "testdata", "kernel", tag, "modules.builtin.xz")):
        return
    debs = os.path.join(CACHE, "debs", f"{tag}-image")
    found = [f for f in os.listdir(debs) if f.endswith(".deb")] if os.path.isdir(debs) else []
    member = f"./lib/modules/{KERNELS[tag]}/modules.builtin"
    if tag in SID:
        # 7.x: in linux-base-*, under /usr/lib/modules
        found = [f for f in found if f.startswith(f"linux-base-{KERNELS[tag]}_")]
        member = f"./usr/lib/modules/{KERNELS[tag]}/modules.builtin"
    if len(found) != 1:
        return
    fsys = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", os.path.join(debs, found[0])],
                            stdout=subprocess.PIPE)
    r = subprocess.run(["tar", "-xO", member], stdin=fsys.stdout, capture_output=True,
                       text=True)
    fsys.wait()
    if r.returncode == 0 and r.stdout:
        xz_store(r.stdout, dest)


def build_loader():
    out = os.path.join(CACHE, "guest", "klpc-load")
    src = os.path.join(HERE, "guest", "klpc-load.c")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(src):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        run(["gcc", "-static", "-O2", "-Wall", "-o", out, src])
    return out


# --- initramfs (newc cpio written here: no host cpio needed) ------------------------

class Cpio:
    def __init__(self):
        self.buf = io.BytesIO()
        self.ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        hdr = "070701" + "".join(f"{x:08x}" for x in (
            self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0))
        self.ino += 1
        self.buf.write(hdr.encode() + name_b)
        self.buf.write(b"\0" * ((4 - (110 + len(name_b)) % 4) % 4))
        self.buf.write(data)
        self.buf.write(b"\0" * ((4 - len(data) % 4) % 4))

    def dir(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data)

    def symlink(self, name, target):
        self._entry(name, 0o120777, target.encode())

    def chardev(self, name, major, minor):
        self._entry(name, 0o020600, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return self.buf.getvalue()


def busybox_applets():
    r = subprocess.run(["/bin/busybox", "--list"], capture_output=True, text=True, check=True)
    return [a for a in r.stdout.split() if a and a != "busybox"]


def module_dirs(tag):
    """Where a scenario's modules come from: the kbuild ones, then the fixtures edited from the
    6.1 builds: the loader's (also loaded into 6.12, as a build for another kernel), the kernel's
    own selftest modules (testdata/selftests) and (6.1) klp-convert's."""
    dirs = [os.path.join(TOP, "testdata", "modules", tag), os.path.join(TOP, "testdata", "loader"),
            os.path.join(TOP, "testdata", "selftests", tag)]
    if tag == "6.1":
        dirs.append(os.path.join(TOP, "testdata", "klp"))
    return dirs


def module_file(tag, name):
    for d in module_dirs(tag):
        path = os.path.join(d, name + ".ko")
        if os.path.exists(path):
            return path
    return None


def scenario_script(scn):
    lines = ["# generated by tests/kernel/run.py from " + os.path.basename(scn.path)]
    for s in scn.steps:
        lines.append(f"step {s.n} {s.verb} {shlex.quote(s.arg)} {s.settle}")
    return "\n".join(lines) + "\n"


def build_initramfs(path, tag, scn, loader, capture):
    c = Cpio()
    for d in ("bin", "sbin", "dev", "proc", "sys", "tmp", "out", "modules"):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/ttyS0", 4, 64)
    c.chardev("dev/ttyS1", 4, 65)
    with open("/bin/busybox", "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    for a in busybox_applets():
        c.symlink(f"bin/{a}", "busybox")
    with open(loader, "rb") as f:
        c.file("bin/klpc-load", f.read(), 0o755)
    with open(os.path.join(HERE, "guest", "init.sh"), "rb") as f:
        c.file("init", f.read(), 0o755)
    c.file("scenario.sh", scenario_script(scn).encode())
    for m in scn.modules():
        for _ in range(60):  # build.sh may be rewriting the directory right now
            ko = module_file(tag, m)
            if ko:
                break
            time.sleep(1)
        if not ko:
            raise HarnessError(f"{m}.ko missing from {' and '.join(module_dirs(tag))} "
                               "(run testdata/modules/build.sh)")
        with open(ko, "rb") as f:
            c.file(f"modules/{m}.ko", f.read())
    with open(path, "wb") as f:
        f.write(c.finish())


# --- running one boot -----------------------------------------------------------------

def boot(tag, scn, vmlinuz, loader, work, capture):
    initrd = os.path.join(work, "initramfs.cpio")
    build_initramfs(initrd, tag, scn, loader, capture)
    console = os.path.join(work, "console.log")
    out = os.path.join(work, "serial1.log")
    cmdline = CMDLINE + "".join(" " + a for a in scn.cmdline) + (" capture" if capture else "")
    cmd = ["qemu-system-x86_64", "-machine", "pc", "-accel", "tcg,thread=single", "-m", "1024", "-smp", "2",
           "-kernel", vmlinuz, "-initrd", initrd, "-append", cmdline,
           "-display", "none", "-no-reboot", "-nodefaults",
           "-serial", f"file:{console}", "-serial", f"file:{out}"]
    limit = BOOT_LIMIT + (120 if capture else 0)
    hard = limit + sum(s.allowance() for s in scn.steps) + 60
    t0 = time.monotonic()
    # timeout(1) is the outer guard even if this process dies
    p = subprocess.Popen(["timeout", "-s", "KILL", str(hard)] + cmd, start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "qemu.err"), "w"))
    boot_seen = None
    starts = {}
    cur, cur_t, cur_allow = 0, t0, limit
    killed = None
    pos = 0
    buf = ""
    while p.poll() is None:
        time.sleep(0.2)
        try:
            with open(out, "r", errors="replace") as f:
                f.seek(pos)
                chunk = f.read()
                pos = f.tell()
        except FileNotFoundError:
            chunk = ""
        buf += chunk
        while "\n" in buf:
            line, buf = buf.split("\n", 1)
            line = line.strip("\r")
            now = time.monotonic()
            if line.startswith("@@BOOT") and boot_seen is None:
                boot_seen = now - t0
            elif line.startswith("@@START "):
                n = int(line.split()[1])
                starts[n] = now - t0
                step = scn.steps[n - 1]
                cur, cur_t, cur_allow = n, now, step.allowance()
            elif line.startswith("@@END "):
                n = int(line.split()[1])
                if n == 0:
                    cur, cur_t, cur_allow = 0, now, 60
        if time.monotonic() - cur_t > cur_allow:
            killed = cur
            os.killpg(p.pid, signal.SIGKILL)  # timeout(1) and its qemu: our own group
            break
    p.wait()
    elapsed = time.monotonic() - t0
    return {"elapsed": elapsed, "boot_seen": boot_seen, "starts": starts,
            "killed_in_step": killed, "rc": p.returncode, "console": console, "serial": out}


def parse_serial(path, dest):
    """Decode every @@BEGIN n ... @@END n block into dest/<n>/; returns guest timestamps."""
    blocks, stamps = {}, {"start": {}}
    cur = None
    with open(path, "r", errors="replace") as f:
        for line in f:
            line = line.strip("\r\n")
            if line.startswith("@@BEGIN "):
                cur = int(line.split()[1])
                blocks[cur] = []
            elif line.startswith("@@END "):
                cur = None
            elif cur is not None:
                blocks[cur].append(line)
            elif line.startswith("@@BOOT "):
                try:
                    stamps["boot"] = float(line.split()[1])
                except ValueError:
                    pass
            elif line.startswith("@@START "):
                try:
                    _, n, t = line.split()
                    stamps["start"][int(n)] = float(t)
                except ValueError:
                    pass
            elif line.startswith("@@DONE"):
                stamps["done"] = line[7:].strip()
    for n, lines in blocks.items():
        try:
            data = base64.b64decode("".join(lines))
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
                t.extractall(dest)
        except Exception as e:  # a truncated block (guest died mid-write)
            log(f"record {n} unreadable: {e}")
    return stamps


def readf(path, default=None):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return default


# --- outcome and comparison -------------------------------------------------------------

LOADER_RE = re.compile(r"rc=(-?\d+) errno=(\d+) name=(\S+)")
LP_LINE = re.compile(r"livepatch|klp|TAINT_LIVEPATCH|patch '|sleeping on|Oops|BUG|panic|"
                     r"stack|refusing|module|Unknown symbol|disagrees about version|"
                     r"no symbol version|version magic", re.I)


def dmesg_lines(text):
    out = []
    for line in (text or "").splitlines():
        m = re.match(r"^\[\s*[\d.]+\]\s?(.*)$", line)
        out.append(m.group(1) if m else line)
    return out


def step_outcome(step, d, run_info):
    """What the kernel did in one step, from the guest record dir d (None if absent)."""
    res = {"outcome": None, "errno": None, "loader": None, "write": None}
    if d is None or not os.path.isdir(d):
        # a step that started and left no record is where the guest stopped
        died_here = (run_info.get("killed_in_step") == step.n or
                     (step.n in run_info.get("starts", {}) and
                      max(run_info["starts"]) == step.n))
        if step.verb == "call" or died_here:
            console = readf(run_info["console"], "")
            res["outcome"] = "panic" if "Kernel panic" in console else "hang"
            oops = [l for l in console.splitlines() if re.search(r"Oops|BUG:|Kernel panic", l)]
            if oops:
                res["oops"] = dmesg_lines(oops[0])[0]
        else:
            res["outcome"] = "no-record"
        return res
    result = readf(os.path.join(d, "result"), "").strip()
    settle = readf(os.path.join(d, "settle"), "").strip()
    in_tr = readf(os.path.join(d, "in_transition"), "0").strip() == "1"
    m = LOADER_RE.search(result)
    if step.verb in ("load", "load-target", "rmmod"):
        res["loader"] = result
        if not m:
            res["outcome"] = "loader-error"
            return res
        ok = m.group(1) == "0"
        res["errno"] = None if ok else m.group(3)
        if step.verb == "load":
            res["outcome"] = ("stuck" if in_tr else "accepted") if ok else "refused"
        else:
            res["outcome"] = "ok" if ok else "fail"
    elif step.verb in ("disable", "force"):
        res["write"] = result
        ok = "write=ok" in result
        res["outcome"] = ("stuck" if in_tr else "ok") if ok else "fail"
    elif step.verb in ("read", "call", "run"):
        ok = "read=ok" in result
        if step.verb == "call":
            res["outcome"] = "returned"
        else:
            res["outcome"] = "ok" if ok else "fail"
    else:
        res["outcome"] = "ok"
    res["settle"] = settle
    res["in_transition"] = in_tr
    return res


def read_tree(root):
    """sysfs.list of a record -> {path: value or None (dir) or '' (unreadable)}."""
    tree = {}
    lst = readf(os.path.join(root, "sysfs.list"), "")
    for line in lst.splitlines():
        kind, p = line.split(" ", 1)
        if kind == "d":
            tree[p] = None
        elif kind == "f":
            tree[p] = readf(os.path.join(root, "sysfs", p), "").rstrip("\n")
        else:
            tree[p] = "<unreadable>"
    return tree


def earlier_dmesg(d, n):
    """The kernel lines of the steps of this boot before step n (records are siblings of d)."""
    lines = []
    for k in range(n):
        lines += dmesg_lines(readf(os.path.join(os.path.dirname(d), str(k), "dmesg"), ""))
    return lines


def check_step(step, res, d, errno):
    """Compare one step with its expectation; returns (ok, list of problems, msg report)."""
    problems = []
    exp = step.expect
    got = res["outcome"]
    if exp == "hang|panic":
        if got not in ("hang", "panic"):
            problems.append(f"expected hang or panic, kernel: {got}")
    elif got != exp:
        problems.append(f"expected {exp}, kernel: {got}" +
                        (f" ({res['oops']})" if res.get("oops") else ""))
    if errno and res.get("errno") != errno:
        problems.append(f"expected errno {errno}, got {res.get('errno')}")
    lines = dmesg_lines(readf(os.path.join(d, "dmesg"), "") if d else "")
    if step.verb == "wait" and d:
        # The kernel prints some lines once, a count of retries after the transition began
        # (klp_send_signals()); on a slow host that can fall in an earlier step's window.
        lines = earlier_dmesg(d, step.n) + lines
    msgrep = []
    for want in step.msgs:
        hit = next((l for l in lines if want in l), None)
        msgrep.append({"expected": want, "printed": hit})
        if hit is None:
            problems.append(f"message not printed: {want}")
    if step.nomsg:
        name = step.arg
        hits = [l for l in lines if name in l]
        msgrep.append({"expected": "(no message naming " + name + ")",
                       "printed": hits[0] if hits else None})
        if hits:
            problems.append(f"unexpected message: {hits[0]}")
    if step.contains or step.lacks:
        output = readf(os.path.join(d, "output"), "") if d else ""
        for c in step.contains:
            if c not in output:
                problems.append(f"output lacks '{c}'")
        for c in step.lacks:
            if c in output:
                problems.append(f"output contains '{c}'")
    if step.sysfs:
        tree = read_tree(d) if d else {}
        for cond in step.sysfs:
            if cond.startswith("!"):
                if cond[1:] in tree:
                    problems.append(f"sysfs {cond[1:]} present")
            elif "=" in cond:
                p, v = cond.split("=", 1)
                if tree.get(p, "<absent>") != v:
                    problems.append(f"sysfs {p}={tree.get(p, '<absent>')}, expected {v}")
            elif cond not in tree:
                problems.append(f"sysfs {cond} absent")
    return not problems, problems, msgrep


# --- storing results ----------------------------------------------------------------------

def xz_store(src_text, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with lzma.open(dest, "wt", preset=9) as f:
        f.write(src_text)


def store_tree(rec, dest):
    """Copy the guest's copy of /sys/kernel/livepatch to dest as a real tree.
    Empty directories (function dirs have no files; an empty livepatch dir) get a
    `.keep` file, since git does not store empty directories: readers skip dotfiles."""
    shutil.rmtree(dest, ignore_errors=True)
    src = os.path.join(rec, "sysfs")
    if os.path.isdir(src):
        shutil.copytree(src, dest)
    else:
        os.makedirs(dest)
    for root, dirs, files in os.walk(dest):
        if not dirs and not files:
            open(os.path.join(root, ".keep"), "w").close()


def rel(p):
    """Paths inside the source tree are stored relative to it (testdata/...)."""
    r = os.path.relpath(p, TOP)
    return p if r.startswith("..") else r


# --- the hook for klpcheck's prediction --------------------------------------------------

def predict(cmd, ctx):
    """Run klpcheck's prediction for one load step (the hook of issue 7).

    cmd is the --predict template; {ko} {sysfs} {kallsyms} {ftrace} {config} {kernel}
    {module} are replaced by: the module file, the recorded /sys/kernel/livepatch tree
    just before the step, the kernel's kallsyms.xz, available_filter_functions.xz,
    config.xz, the kernel tag (6.1/6.12) and the module name. The same values are in
    the environment as KLP_KO, KLP_SYSFS, KLP_KALLSYMS, KLP_FTRACE, KLP_CONFIG,
    KLP_KERNEL, KLP_MODULE. The command prints its verdict as the first word of
    stdout: accepted, refused or stuck (anything after it is kept as the message).
    """
    args = {k: shlex.quote(str(v)) for k, v in ctx.items()}
    env = dict(os.environ, **{"KLP_" + k.upper(): str(v) for k, v in ctx.items()})
    r = subprocess.run(cmd.format(**args), shell=True, capture_output=True, text=True,
                       env=env, timeout=120)
    words = r.stdout.split(None, 1)
    return {"verdict": words[0] if words else f"error(exit {r.returncode})",
            "message": words[1].strip() if len(words) > 1 else "", "exit": r.returncode}


# --- one scenario on one kernel ------------------------------------------------------------

def run_scenario(tag, scn, kinfo, loader, out_root, capture, predict_cmd, keep_work):
    vmlinuz = kinfo["vmlinuz"]
    work = tempfile.mkdtemp(prefix=f"klpk-{tag}-{scn.name}-")
    t0 = time.monotonic()
    info = boot(tag, scn, vmlinuz, loader, work, capture)
    if info["boot_seen"] is None:
        # qemu that never reached /init says nothing about livepatch: report it, boot once more
        err = readf(os.path.join(work, "qemu.err"), "").strip()
        print(f"==> {tag}: {scn.name}: the guest never reached /init (qemu exit {info['rc']}"
              f"{': ' + err[-300:] if err else ''}); booting once more", file=sys.stderr)
        info = boot(tag, scn, vmlinuz, loader, work, capture)
    recs = os.path.join(work, "rec")
    os.makedirs(recs)
    stamps = parse_serial(info["serial"], recs)
    kdir = os.path.join(out_root, "kernel", tag)
    sdir = os.path.join(kdir, scn.name)
    tdir = os.path.join(out_root, "sysfs", tag, scn.name)
    shutil.rmtree(sdir, ignore_errors=True)
    shutil.rmtree(tdir, ignore_errors=True)
    os.makedirs(sdir)
    rec0 = os.path.join(recs, "0")
    if capture and os.path.isdir(rec0):
        for name in ("kallsyms", "available_filter_functions"):
            text = readf(os.path.join(rec0, name))
            if text:
                xz_store(text, os.path.join(kdir, name + ".xz"))
        xz_store(readf(os.path.join(rec0, "dmesg"), ""), os.path.join(kdir, "boot-dmesg.xz"))
        kinfo["uname"] = readf(os.path.join(rec0, "uname"), "").strip()
        kinfo["cmdline"] = readf(os.path.join(rec0, "cmdline"), "").strip()
    shutil.copy(info["console"], os.path.join(sdir, "console.log"))
    if os.path.isdir(rec0):
        store_tree(rec0, os.path.join(tdir, "00"))
    rows = []
    prev_tree = os.path.join(tdir, "00")
    boot_guest = stamps.get("boot")
    for st in scn.steps:
        d = os.path.join(recs, str(st.n))
        d = d if os.path.isdir(d) else None
        res = step_outcome(st, d, info)
        ok, problems, msgrep = check_step(st, res, d, st.errno_on(tag))
        nn = f"{st.n:02d}"
        after = os.path.join(tdir, nn)
        if d:
            store_tree(d, after)
        times = readf(os.path.join(d, "times"), "") if d else ""
        tm = dict(l.split() for l in times.splitlines() if " " in l)
        dur = float(tm["end"]) - float(tm["start"]) if "end" in tm and "start" in tm else None
        lines = dmesg_lines(readf(os.path.join(d, "dmesg"), "") if d else "")
        pred = None
        if predict_cmd and st.verb == "load":
            kd = kdir if os.path.exists(os.path.join(kdir, "kallsyms.xz")) else \
                os.path.join(TOP, "testdata", "kernel", tag)
            pred = predict(predict_cmd, {
                "ko": os.path.join(TOP, "testdata", "modules", tag, st.arg + ".ko"),
                "sysfs": prev_tree, "kallsyms": os.path.join(kd, "kallsyms.xz"),
                "ftrace": os.path.join(kd, "available_filter_functions.xz"),
                "config": os.path.join(kdir, "config.xz"), "kernel": tag, "module": st.arg})
        record = {
            "kernel": tag, "scenario": scn.name, "step": st.n, "line": st.lineno,
            "action": st.describe(), "expect": st.expect, "expect_errno": st.errno_on(tag),
            "expect_msgs": st.msgs, "outcome": res["outcome"], "errno": res.get("errno"),
            "loader": res.get("loader"), "write": res.get("write"),
            "settle": res.get("settle"), "in_transition": res.get("in_transition"),
            "output": (readf(os.path.join(d, "output"), "") if d else None)
            if st.verb in ("read", "call", "run") else None,
            "messages": msgrep,
            "dmesg_livepatch": [l for l in lines if LP_LINE.search(l)],
            "dmesg_lines": len(lines),
            "tainted": (readf(os.path.join(d, "tainted"), "").strip() if d else None),
            "modules": (readf(os.path.join(d, "modules"), "").split() if d else None),
            # the loader's signature policy (no step changes it; KLP115 reads it)
            "sig_enforce": (readf(os.path.join(d, "sig_enforce"), "").strip() or None) if d else None,
            "lockdown": (readf(os.path.join(d, "lockdown"), "").strip() or None) if d else None,
            "module_kallsyms": (readf(os.path.join(d, "modsyms"), "").splitlines() if d else None),
            "module_ftrace": (readf(os.path.join(d, "modftrace"), "").splitlines() if d else None),
            "sysfs_before": rel(prev_tree), "sysfs_after": rel(after) if d else None,
            "sysfs": read_tree(d) if d else None,
            "guest_seconds": round(dur, 2) if dur is not None else None,
            "ok": ok, "problems": problems,
        }
        if res["outcome"] in ("hang", "panic", "no-record"):
            console = readf(info["console"], "").splitlines()
            record["console_tail"] = console[-40:]
            record["console_key"] = [l for l in console if re.search(
                r"Kernel panic|BUG:|Oops|overflow|guard page|RIP:", l)][:20]
        if pred is not None:
            record["klpcheck"] = pred
        with open(os.path.join(sdir, f"{nn}.json"), "w") as f:
            json.dump(record, f, indent=1, sort_keys=False)
            f.write("\n")
        rows.append(record)
        if d:
            prev_tree = after
    summary = {
        "kernel": tag, "scenario": scn.name, "title": scn.title,
        "host_seconds": round(time.monotonic() - t0, 1),
        "boot_host_seconds": round(info["boot_seen"], 2) if info["boot_seen"] else None,
        "boot_guest_uptime": boot_guest,
        "killed_in_step": info["killed_in_step"],
        "qemu_exit": info["rc"], "done": "done" in stamps,
        "steps": len(scn.steps), "ok": all(r["ok"] for r in rows),
    }
    with open(os.path.join(sdir, "run.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return summary, rows


def print_table(tag, results, predict_on, stream):
    print(f"\n=== kernel {tag} ===", file=stream)
    hdr = ["scenario", "#", "step", "expected", "kernel did", "s", "kernel message expected",
           "printed"]
    if predict_on:
        hdr.insert(5, "klpcheck")
    rows = []
    for summary, recs in results:
        for r in recs:
            exp = r["expect"] + (f" {r['expect_errno']}" if r["expect_errno"] else "")
            did = r["outcome"] + (f" {r['errno']}" if r.get("errno") else "")
            msgs = r["messages"] or [{"expected": "-", "printed": None}]
            for i, m in enumerate(msgs):
                printed = "-" if m["expected"] == "-" else (
                    "yes" if m["printed"] and not m["expected"].startswith("(no") else
                    ("no" if not m["printed"] and not m["expected"].startswith("(no")
                     else ("none" if not m["printed"] else "YES: " + m["printed"])))
                row = [summary["scenario"], str(r["step"]), r["action"], exp,
                       did + ("" if r["ok"] else "  <-- MISMATCH"),
                       f"{r['guest_seconds']}" if r["guest_seconds"] is not None else "-",
                       m["expected"], printed]
                if predict_on:
                    row.insert(5, r.get("klpcheck", {}).get("verdict", "-"))
                if i:
                    row = [""] * 6 + row[6:] if not predict_on else [""] * 7 + row[7:]
                rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(hdr)]
    widths = [min(w, 90) for w in widths]
    fmt = "  ".join(f"{{:{w}}}" for w in widths)
    print(fmt.format(*hdr), file=stream)
    for r in rows:
        print(fmt.format(*[c if len(c) <= 90 else c[:87] + "..." for c in r]), file=stream)
    for summary, _ in results:
        print(f"  {summary['scenario']}: boot {summary['boot_host_seconds']} s (host), "
              f"{summary['boot_guest_uptime']} s guest uptime at /init; whole run "
              f"{summary['host_seconds']} s" +
              (f"; qemu stopped in step {summary['killed_in_step']}"
               if summary["killed_in_step"] is not None else ""), file=stream)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default=",".join(KERNELS),
                    help="comma-separated kernel tags (default: 6.1,6.12,7.x)")
    ap.add_argument("--scenario", default="", help="comma-separated scenario names")
    ap.add_argument("--out", help="results root (gets kernel/ and sysfs/); default a temp dir")
    ap.add_argument("--record", action="store_true",
                    help="store results in the source tree's testdata/ (same as --out testdata)")
    ap.add_argument("--capture", action="store_true",
                    help="capture kallsyms/available_filter_functions again")
    ap.add_argument("--predict", metavar="CMD", default=os.environ.get("KLP_PREDICT") or None,
                    help="command giving klpcheck's verdict for each load step (see predict()); "
                         "default $KLP_PREDICT")
    ap.add_argument("--tap", action="store_true", help="print TAP on stdout, tables on stderr")
    ap.add_argument("--keep-work", action="store_true", help="keep qemu work dirs")
    ap.add_argument("--list", action="store_true", help="list scenarios and exit")
    a = ap.parse_args()

    try:
        scns = load_scenarios([s for s in a.scenario.split(",") if s])
    except HarnessError as e:
        print(f"run.py: error: {e}", file=sys.stderr)
        return 2
    if a.list:
        for s in scns:
            print(f"{s.name:20} {','.join(s.kernels):10} {len(s.steps):2} steps  {s.title}")
        return 0
    tags = [k for k in a.kernel.split(",") if k]
    for k in tags:
        if k not in KERNELS:
            print(f"run.py: error: unknown kernel '{k}'", file=sys.stderr)
            return 2
    out_root = os.path.join(TOP, "testdata") if a.record else (
        a.out or tempfile.mkdtemp(prefix="klpcheck-kernel-"))
    table = sys.stderr if a.tap else sys.stdout

    if os.environ.get("KLP_SKIP_KERNEL") == "1":
        if a.tap:
            print("1..0 # SKIP KLP_SKIP_KERNEL=1")
        else:
            log("skipped: KLP_SKIP_KERNEL=1")
        return SKIP
    t_all = time.monotonic()
    try:
        ensure_host_tools()
        loader = build_loader()
        kinfos, skipped = {}, []
        for k in tags:
            try:
                vmlinuz, config, ver = fetch_kernel(k)
            except Skip as e:
                # one kernel that cannot be had (sid moves on) leaves the others' verdicts
                if len(tags) == 1:
                    raise
                skipped.append((k, str(e)))
                continue
            kinfos[k] = {"vmlinuz": vmlinuz, "config": config, **ver}
        if not kinfos:
            raise Skip("; ".join(f"{k}: {e}" for k, e in skipped))
    except Skip as e:
        if a.tap:
            print(f"1..0 # SKIP {e}")
        else:
            log(f"skipped: {e}")
        return SKIP
    except (HarnessError, subprocess.CalledProcessError) as e:
        print(f"run.py: error: {e}", file=sys.stderr)
        return 2

    log(f"results under {out_root}")
    n, failed = 0, 0
    tap_lines = []
    all_results = {}
    for k, why in skipped:
        n += 1
        tap_lines.append(f"ok {n} - {k} # SKIP {why}")
        log(f"{k} skipped: {why}")
        if a.tap:
            print(tap_lines[-1], flush=True)
    for k in [t for t in tags if t in kinfos]:
        kdir = os.path.join(out_root, "kernel", k)
        os.makedirs(kdir, exist_ok=True)
        if os.path.exists(kinfos[k]["config"]):
            with open(kinfos[k]["config"]) as f:
                xz_store(f.read(), os.path.join(kdir, "config.xz"))
        store_builtin(k, kdir)
        # kallsyms & co. are captured once per kernel: again only when asked, or when neither
        # the results dir nor the source tree's testdata/kernel/<k>/ has them
        capture = a.capture or not any(
            os.path.exists(os.path.join(d, "kallsyms.xz"))
            for d in (kdir, os.path.join(TOP, "testdata", "kernel", k)))
        results = []
        for scn in scns:
            if k not in scn.kernels:
                continue
            log(f"{k}: {scn.name} ({len(scn.steps)} steps)")
            summary, rows = run_scenario(k, scn, kinfos[k], loader, out_root, capture,
                                         a.predict, a.keep_work)
            capture = False
            results.append((summary, rows))
            for r in rows:
                n += 1
                if not r["ok"]:
                    failed += 1
                desc = (f"{k} {scn.name} {r['step']}: {r['action']} -> {r['outcome']}"
                        + (f" {r['errno']}" if r.get("errno") else "")
                        + f" (expected {r['expect']}"
                        + (f" {r['expect_errno']}" if r["expect_errno"] else "") + ")")
                tap_lines.append(("ok" if r["ok"] else "not ok") + f" {n} - {desc}"
                                 + ("" if r["ok"] else "  # " + "; ".join(r["problems"])))
                if a.tap:
                    print(tap_lines[-1], flush=True)
        all_results[k] = results
        kinfo = {x: kinfos[k].get(x) for x in ("package", "version", "deb_bytes", "uname",
                                                "cmdline")}
        kinfo["abi"] = KERNELS[k]
        kinfo["qemu"] = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                                       text=True).stdout.splitlines()[0]
        kinfo["scenarios"] = {s["scenario"]: {"ok": s["ok"], "host_seconds": s["host_seconds"],
                                              "boot_host_seconds": s["boot_host_seconds"]}
                              for s, _ in results}
        old = readf(os.path.join(kdir, "kernel.json"))
        prev = json.loads(old) if old else {}
        if not kinfo.get("uname"):
            kinfo["uname"], kinfo["cmdline"] = prev.get("uname"), prev.get("cmdline")
        # a run of some scenarios keeps the others' summaries
        kinfo["scenarios"] = dict(sorted({**prev.get("scenarios", {}),
                                          **kinfo["scenarios"]}.items()))
        with open(os.path.join(kdir, "kernel.json"), "w") as f:
            json.dump(kinfo, f, indent=1)
            f.write("\n")
        print_table(k, results, bool(a.predict), table)
    total = time.monotonic() - t_all
    print(f"\nwhole tier: {total:.0f} s, {n} steps, {failed} not as expected", file=table)
    if a.tap:
        print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
