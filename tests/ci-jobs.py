#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the CI jobs of docs/ci.md as shell scripts for tests/pipelines.sh.

usage: ci-jobs.py DOCS/CI.MD OUTDIR

OUTDIR/github/NN.sh: the GitHub Actions job's `run:` steps in order (each runs as `bash -e`,
as GitHub runs them), without the step that builds the livepatch, which the test replaces with
fixture modules; OUTDIR/gitlab/job.sh: the GitLab job's before_script and script, one shell as
GitLab runs them. Each OUTDIR/*/env lists the job's own environment names, one a line. Fails
when a job lacks what the test relies on: a klpcheck step, a target, a klpcheck repository.
"""
import os
import re
import sys

import yaml


def main(doc, out):
    text = open(doc, encoding="utf-8").read()
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    github = next(b for b in blocks if "jobs" in b)
    gitlab = next(b for b in blocks if "jobs" not in b)

    (job,) = github["jobs"].values()
    os.makedirs(f"{out}/github")
    n = 0
    for step in job["steps"]:
        if "run" not in step or step.get("name") == "Build the livepatch":
            continue
        n += 1
        with open(f"{out}/github/{n:02d}.sh", "w", encoding="utf-8") as f:
            f.write(step["run"])
    assert n >= 2, "the GitHub job has no install or no klpcheck step"
    write_env(f"{out}/github/env", job.get("env", {}))

    (job,) = gitlab.values()
    os.makedirs(f"{out}/gitlab")
    with open(f"{out}/gitlab/job.sh", "w", encoding="utf-8") as f:
        f.write("\n".join(job.get("before_script", []) + job["script"]) + "\n")
    write_env(f"{out}/gitlab/env", job.get("variables", {}))


def write_env(path, env):
    assert {"KLPCHECK_TARGET", "KLPCHECK_REPO"} <= set(env), f"{path}: job sets {sorted(env)}"
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(f"{k}\n" for k in env))


if __name__ == "__main__":
    main(*sys.argv[1:])
