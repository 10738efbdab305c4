"""Whole-process cost of an audit against plain ``git log`` on a 30,000-commit history.

Builds a repository with ``git fast-import`` in a temporary folder (many authors at
companies, universities and personal addresses, bots, merges, a ``.mailmap``), then
runs, interleaved:

- the audit: a separate Python process that calls ``run_audit`` with the built-in
  playbook's evidence patterns and prints ``to_json()`` (what ``cfos-plan audit
  --json`` does, without the command-line start-up);
- the baseline: ``git log --no-merges --format='%H%x00%aE%x00%aN%x00%at' | wc -l``.

It prints the median of each, the median of the per-pair ratios (target: at most
2.0) and the audit's peak memory, ``ru_maxrss`` of the child process (target: under
100 MB). Figures only; nothing is asserted, because machines are noisy.

    python benchmarks/bench_audit.py [--commits 30000] [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.gitrepo import (  # noqa: E402
    CommitSpec,
    build_repo,
    epoch,
    isolated_git_env,
)

AUDIT_CODE = """
import sys
from pathlib import Path
try:
    from cfos_tui.audit.apply import evidence_patterns
    from cfos_tui.playbook import builtin_playbook
    evidence = evidence_patterns(builtin_playbook())
except ImportError:
    evidence = {"license-file": ["LICENSE"], "contributing-guide": ["CONTRIBUTING"]}
from cfos_tui.audit import run_audit
print(run_audit(Path(sys.argv[1]), evidence).to_json())
"""
BASELINE = "git log --no-merges --format='%H%x00%aE%x00%aN%x00%at' | wc -l"

COMPANIES = ["acme.com", "globex.io", "initech.co.uk", "umbrella.de", "quansight.com"]
SCHOOLS = ["cs.ox.ac.uk", "mit.edu", "ethz.ch"]
PERSONAL = ["gmail.com", "outlook.com", "proton.me", "users.noreply.github.com"]
BOTS = [
    ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
    ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"),
]


def history(commits: int, seed: int = 7) -> list[CommitSpec]:
    """``commits`` commits over ten years; one author company dominates early on."""
    rng = random.Random(seed)
    authors = []
    for number in range(600):
        pool = rng.choice([COMPANIES, COMPANIES, SCHOOLS, PERSONAL])
        domain = rng.choice(pool)
        authors.append((f"Person {number}", f"p{number}@{domain}"))
    start, end = epoch("2015-01-01"), epoch("2024-12-31")
    step = (end - start) // commits
    specs: list[CommitSpec] = []
    for index in range(commits):
        when = start + index * step
        if index % 50 == 49:
            name, email = rng.choice(BOTS)
        elif rng.random() < 0.6 - 0.4 * index / commits:
            name, email = authors[rng.randrange(5)]  # the founding company's core team
        else:
            name, email = authors[int(rng.paretovariate(1.2)) % len(authors)]
        files = {"src/module.py": f"version = {index}\n"} if index % 20 == 0 else {}
        specs.append(CommitSpec(name, email, when, files=files))
        if index % 500 == 499:  # a merge of a one-commit side branch
            side = len(specs)
            specs.append(CommitSpec("Side", "side@globex.io", when + 1, branch="side", parent=side))
            specs.append(CommitSpec(name, email, when + 2, merge=side + 1))
    return specs


MAILMAP = "Person Zero <p0@acme.com> <p0@old-laptop.local>\n"


def run_child(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (KiB, including its children) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:2]} failed with {process.returncode}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        env = {**os.environ, **isolated_git_env(Path(temp) / "home")}
        env.pop(
            "PYTHONDONTWRITEBYTECODE", None
        )  # let the warm-up run cache bytecode, as the baseline's installed libraries have
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        os.environ.update(isolated_git_env(Path(temp) / "home"))
        started = time.perf_counter()
        repo = build_repo(Path(temp) / "repo", history(options.commits), mailmap=MAILMAP)
        built = time.perf_counter() - started
        audit = [sys.executable, "-c", AUDIT_CODE, str(repo)]
        baseline = ["sh", "-c", BASELINE]
        check = subprocess.run(audit, env=env, capture_output=True, text=True, check=True)
        metrics = json.loads(check.stdout)["metrics"]
        log_lines = subprocess.run(
            baseline, cwd=repo, env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"repository: {log_lines} non-merge commits, built in {built:.1f} s")
        print(
            f"audit sees: {metrics['commits']} human commits, {metrics['contributors']} "
            f"contributors, bus factor {metrics['bus_factor']}, elephant factor "
            f"{metrics['elephant_factor']}, {len(metrics['quarters'])} quarters"
        )
        audit_times, git_times, ratios, peaks = [], [], [], []
        for _ in range(options.runs):
            audit_time, peak = run_child(audit, repo, env)
            git_time, _ = run_child(baseline, repo, env)
            audit_times.append(audit_time)
            git_times.append(git_time)
            ratios.append(audit_time / git_time)
            peaks.append(peak)
        print(f"audit (own process): median {statistics.median(audit_times):.3f} s")
        print(f"git log | wc -l:     median {statistics.median(git_times):.3f} s")
        print(f"ratio audit / git log: median {statistics.median(ratios):.2f} (target <= 2.0)")
        print(f"audit peak memory (ru_maxrss): {max(peaks) / 1024:.1f} MB (target < 100 MB)")


if __name__ == "__main__":
    main()
