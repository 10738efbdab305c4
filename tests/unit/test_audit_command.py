"""`cfos-plan audit`: the --json contract, --apply into a plan, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.cli import main
from tests.fixtures.gitrepo import CommitSpec, build_repo, epoch, isolated_git_env

BSD3 = (Path(__file__).resolve().parents[2] / "LICENSE").read_text()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    for key, value in isolated_git_env(tmp_path / "githome").items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path) -> Path:
    """Two organisations and a volunteer; Acme made 4 of 6 commits."""
    files = {
        "LICENSE": BSD3,
        "README.md": "# Demo\n\nDemo helps teams deploy notebooks. Licensed under BSD-3-Clause.\n",
        "CONTRIBUTING.md": "How to help.\n",
        ".github/workflows/ci.yml": "on: [push]\n",
    }
    commits = [
        CommitSpec("Ana", "ana@acme.com", epoch("2024-01-10"), files=files),
        CommitSpec("Ana", "ana@acme.com", epoch("2024-02-10")),
        CommitSpec("Bo", "bo@acme.com", epoch("2024-03-10")),
        CommitSpec("Bo", "bo@acme.com", epoch("2024-04-10")),
        CommitSpec("Cy", "cy@uni.edu", epoch("2024-04-11")),
        CommitSpec("Di", "di@gmail.com", epoch("2024-05-01")),
        CommitSpec(
            "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", epoch("2024-05-02")
        ),
    ]
    return build_repo(tmp_path / "demo", commits)


@pytest.fixture
def plan_path(tmp_path) -> Path:
    path = tmp_path / "plan.toml"
    assert main(["new", str(path), "--project", "Demo", "--today", "2024-01-08"]) == 0
    return path


def test_json_contract(repo, capsys):
    """--json prints the documented shape with exact metrics; bots are left out."""
    assert main(["audit", str(repo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "repository",
        "head",
        "files",
        "missing",
        "license",
        "metrics",
        "proposals",
        "roster",
    }
    assert data["license"]["spdx"] == "BSD-3-Clause"
    assert data["license"]["file"] == "LICENSE"
    assert data["files"]["contributing-guide"] == ["CONTRIBUTING.md"]
    assert "security-policy" in data["missing"]
    metrics = data["metrics"]
    assert metrics["commits"] == 6
    assert metrics["contributors"] == 4
    assert metrics["bus_factor"] == 2
    assert metrics["elephant_factor"] == 1
    assert metrics["top_organizations"][0] == ["acme.com", pytest.approx(0.6667, abs=1e-4)]
    assert [q["quarter"] for q in metrics["quarters"]] == ["2024Q1", "2024Q2"]
    assert {"item": "contributing-guide", "status": "done", "evidence": "CONTRIBUTING.md"} in data[
        "proposals"
    ]


def test_apply_marks_todo_items_and_records_the_audit(repo, plan_path, capsys):
    """--apply marks found items done, keeps decided items, and logs a review with metrics."""
    assert main(["mark", str(plan_path), "ci-public", "doing", "--owner", "Ana"]) == 0
    assert main(["audit", str(repo), "--plan", str(plan_path), "--apply", "--today", "2024-06-01"]) == 0
    capsys.readouterr()
    plan_file = store.load(plan_path)
    plan = plan_file.plan
    assert plan.items["contributing-guide"].status == "done"
    assert plan.items["contributing-guide"].evidence == "CONTRIBUTING.md"
    assert plan.items["license-file"].status == "done"
    assert plan.items["ci-public"].status == "doing"  # decided by the team: untouched
    assert plan.items["security-policy"].status == "todo"
    assert plan.audit is not None and plan.audit.license == "BSD-3-Clause"
    assert plan.audit.elephant_factor == 1
    (review,) = plan.reviews.values()
    assert review.metrics["commits"] == 6
    assert main(["check", str(plan_path)]) == 0
    assert main(["export", str(plan_path), "--today", "2024-06-01"]) == 0
    report = capsys.readouterr().out
    assert "## Where the project stands" in report
    assert "| acme.com | 67% |" in report


def test_affiliations_in_the_plan_override_domains(repo, plan_path, capsys):
    """A plan's [affiliations] maps the university author to Acme: the top share grows."""
    with plan_path.open("a") as stream:
        stream.write('\n[affiliations]\n"uni.edu" = "Acme"\n"acme.com" = "Acme"\n')
    assert main(["audit", str(repo), "--plan", str(plan_path), "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)["metrics"]
    assert metrics["top_organizations"][0] == ["Acme", pytest.approx(0.8333, abs=1e-4)]


def test_without_apply_nothing_is_written(repo, plan_path):
    before = plan_path.read_bytes()
    assert main(["audit", str(repo), "--plan", str(plan_path), "--json"]) == 0
    assert plan_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["audit", "{missing}"], 2, "no such directory"),
        (["audit", "{file}"], 2, "not a directory"),
        (["audit", "{repo}", "--apply"], 2, "--apply needs --plan"),
        (["audit", "{repo}", "--since", "June"], 2, "--since"),
        (
            ["audit", "{repo}", "--plan", "{bad_affiliations}", "--apply"],
            2,
            "affiliations.acme.com must be text",
        ),
    ],
)
def test_bad_input(repo, tmp_path, plan_path, args, code, message):
    """Bad input exits with a short message and no traceback; the plan is untouched."""
    bad = tmp_path / "bad.toml"
    bad.write_text(plan_path.read_text() + '\n[affiliations]\n"acme.com" = 3\n')
    before = bad.read_bytes()
    (tmp_path / "file.txt").write_text("x")
    values = {
        "missing": tmp_path / "nope",
        "file": tmp_path / "file.txt",
        "repo": repo,
        "bad_affiliations": bad,
    }
    command = [part.format(**values) for part in args]
    result = subprocess.run(
        [sys.executable, "-m", "cfos_tui", *command], capture_output=True, text=True, env=os.environ
    )
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_bytes() == before


def test_not_a_git_repository_still_audits_files(tmp_path, capsys):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "LICENSE").write_text(BSD3)
    assert main(["audit", str(folder), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["metrics"] is None
    assert data["files"]["license-file"] == ["LICENSE"]
    assert "no history metrics" in captured.err


def test_readable_summary(repo, capsys):
    assert main(["audit", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "BSD-3-Clause" in out
    assert "acme.com" in out
    # the items an organisation's .github repository could hold share one note
    assert out.count("--org-defaults") == 1
    note = " ".join(out[out.index("may come from") - 400 : out.index("--org-defaults")].split())
    assert "security-policy" in note and "governance-doc" in note
