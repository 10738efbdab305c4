"""`cfos-plan merge` and `git-setup`: the merge driver on files, and git using it end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.cli import main
from tests.fixtures.gitrepo import isolated_git_env

PLAN = """\
# Our plan. This comment must survive the merge.
schema = 1
project = "Demo"
playbook = "community-first"
playbook_version = "1"
team = ["Ana", "Ben"]

[items.labels]
status = "todo"   # ours' comment on the status

[items.pr-template]
status = "todo"

[decisions.2024-01-01-start]
date = 2024-01-01
title = "We start"

[decisions.2024-05-01-late]
date = 2024-05-01
title = "Later"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    for key, value in isolated_git_env(tmp_path / "git-home").items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)


def versions(tmp_path: Path, ours: str, theirs: str, base: str = PLAN) -> tuple[Path, Path, Path]:
    paths = tmp_path / "base.toml", tmp_path / "ours.toml", tmp_path / "theirs.toml"
    for path, text in zip(paths, (base, ours, theirs), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def test_clean_merge_keeps_our_layout_and_sorts_in_their_tables(tmp_path: Path) -> None:
    """Disjoint edits: exit 0, our comments stay, their new decision lands where its id sorts."""
    ours_text = PLAN.replace('status = "todo"   #', 'status = "done"   #')
    theirs_text = PLAN.replace(
        "[decisions.2024-05-01-late]",
        '[decisions.2024-03-01-middle]\ndate = 2024-03-01\ntitle = "In between"\n\n'
        "[decisions.2024-05-01-late]",
    ).replace('[items.pr-template]\nstatus = "todo"', '[items.pr-template]\nstatus = "doing"')
    base, ours, theirs = versions(tmp_path, ours_text, theirs_text)
    assert main(["merge", str(base), str(ours), str(theirs)]) == 0
    merged = ours.read_text(encoding="utf-8")
    assert "# Our plan. This comment must survive the merge." in merged
    assert 'status = "done"   # ours\' comment on the status' in merged
    ids = ("2024-01-01-start", "2024-03-01-middle", "2024-05-01-late")
    order = [merged.index(f"[decisions.{d}]") for d in ids]
    assert order == sorted(order)
    plan = store.load(ours).plan
    assert plan.items["labels"].status == "done" and plan.items["pr-template"].status == "doing"


def test_a_conflict_marks_only_its_table_and_check_points_at_it(tmp_path: Path, capsys) -> None:
    """One field two ways: exit 1, markers around that table only; `check` exits 2 at the line."""
    ours_text = PLAN.replace('status = "todo"   #', 'status = "done"   #')
    theirs_text = PLAN.replace('status = "todo"   #', 'status = "doing"   #').replace(
        'project = "Demo"', 'project = "Demo Two"'
    )
    base, ours, theirs = versions(tmp_path, ours_text, theirs_text)
    assert main(["merge", str(base), str(ours), str(theirs), "community/plan.toml"]) == 1
    assert "community/plan.toml: 1 field(s) changed both ways" in capsys.readouterr().err
    merged = ours.read_text(encoding="utf-8")
    start, middle, end = merged.index("<<<<<<< ours"), merged.index("======="), merged.index(">>>>>>> theirs")
    assert merged.count("<<<<<<<") == 1
    assert 'status = "done"' in merged[start:middle] and 'status = "doing"' in merged[middle:end]
    assert "[items.pr-template]" not in merged[start:end]
    assert 'project = "Demo Two"' in merged[:start]  # the clean part of the merge is applied
    line = merged[:start].count("\n") + 1
    assert main(["check", str(ours)]) == 2
    assert f"{ours}:{line}: unresolved merge conflict" in capsys.readouterr().err


def test_bad_input_exits_2_and_leaves_ours_alone(tmp_path: Path, capsys) -> None:
    """A version that is not TOML: exit 2, OURS byte for byte as it was."""
    base, ours, theirs = versions(tmp_path, PLAN, "schema = = 1\n")
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(theirs)]) == 2
    assert ours.read_bytes() == before
    assert f"{theirs}:1:" in capsys.readouterr().err


def test_an_empty_base_merges_two_additions(tmp_path: Path) -> None:
    """git passes an empty BASE when both sides added the file: what agrees merges, the team
    as a union, and only the project name given two ways conflicts."""
    theirs_text = PLAN.replace('team = ["Ana", "Ben"]', 'team = ["Cleo"]').replace('"Demo"', '"Other"')
    base, ours, theirs = versions(tmp_path, PLAN, theirs_text, "")
    assert main(["merge", str(base), str(ours), str(theirs)]) == 1
    merged = ours.read_text(encoding="utf-8")
    assert 'team = ["Ana", "Ben", "Cleo"]' in merged
    assert merged.count("<<<<<<<") == 1 and 'project = "Other"' in merged


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def test_git_setup_is_idempotent_and_names_a_driver_git_can_run(tmp_path: Path, capsys, monkeypatch) -> None:
    """git-setup writes .gitattributes, .gitignore and the config once; a second run changes nothing."""
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # cfos-plan is not on PATH: the driver names this Python
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git(repo, "init", "-q").returncode == 0
    (repo / "community").mkdir()
    plan = repo / "community" / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    assert main(["git-setup", str(plan)]) == 0
    first = capsys.readouterr().out
    assert "added to .gitattributes: /community/plan.toml merge=cfos-plan" in first
    assert main(["git-setup", str(plan)]) == 0
    second = capsys.readouterr().out
    assert "added" not in second and "set in" not in second.replace("already set in", "")
    assert (repo / ".gitattributes").read_text() == "/community/plan.toml merge=cfos-plan\n"
    assert (repo / ".gitignore").read_text() == "/community/.plan.toml.lock\n"
    driver = git(repo, "config", "--get", "merge.cfos-plan.driver").stdout.strip()
    assert driver == f"{sys.executable} -m cfos_tui merge %O %A %B %P"


def test_git_setup_outside_a_repository_is_refused(tmp_path: Path, capsys) -> None:
    """Not in a git work tree: exit 2, one line, nothing written."""
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    assert main(["git-setup", str(plan)]) == 2
    assert "is not inside a git repository" in capsys.readouterr().err
    assert not (tmp_path / ".gitattributes").exists()


def test_two_branches_adding_decisions_reminders_and_records_merge_in_git(tmp_path: Path, monkeypatch):
    """End to end: git-setup, two branches each add a decision, a reminder and a persona and mark
    an item; `git merge` succeeds through the driver and `check` accepts the result."""
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    plan = repo / "plan.toml"
    assert main(["new", str(plan), "--project", "Demo", "--today", "2024-01-08"]) == 0
    assert main(["git-setup", str(plan)]) == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "start").returncode == 0

    def branch(name: str, item: str, day: str) -> None:
        assert git(repo, "checkout", "-q", "-b", name, "main").returncode == 0
        plan_file = store.load(plan)
        from datetime import date

        from cfos_tui.plan import Reminder, add_decision

        add_decision(plan_file.plan, date.fromisoformat(day), f"Decision of {name}")
        plan_file.plan.reminders[f"habit-{name}"] = Reminder(habit=f"Habit of {name}", cadence="weekly")
        personas = dict(plan_file.plan.answers.get("personas", {}).get("personas", {}))
        personas[f"persona-{name}"] = {"name": f"Persona {name}", "group": "operators"}
        plan_file.plan.set_answer("personas", "personas", personas)
        plan_file.plan.items[item].status = "done"
        plan_file.save()
        assert git(repo, "commit", "-qam", name).returncode == 0

    branch("left", "labels", "2024-02-01")
    branch("right", "pr-template", "2024-02-02")
    done = git(repo, "merge", "-q", "left", "-m", "merge left")
    assert done.returncode == 0, done.stderr + done.stdout
    assert main(["check", str(plan)]) == 0
    merged = store.load(plan).plan
    assert {d.title for d in merged.decisions.values()} == {"Decision of left", "Decision of right"}
    assert {"habit-left", "habit-right"} <= set(merged.reminders)
    assert {"persona-left", "persona-right"} <= set(merged.answers["personas"]["personas"])
    assert merged.items["labels"].status == merged.items["pr-template"].status == "done"
    assert os.path.exists(repo / ".gitignore")
    assert git(repo, "status", "--porcelain").stdout.strip() == ""
