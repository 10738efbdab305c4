"""The pre-commit hooks this repository offers, run as pre-commit would run them."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from cfos_tui.cli import main
from tests.fixtures.gitrepo import git, isolated_git_env

ROOT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BY_ID = {hook["id"]: hook for hook in HOOKS}


def test_the_hooks_file_is_a_valid_manifest() -> None:
    """pre-commit's manifest: a list of hooks, each with id, name, entry and language,
    and only keys pre-commit knows."""
    known = {
        "id", "name", "entry", "language", "files", "exclude", "types", "types_or", "exclude_types",
        "always_run", "fail_fast", "verbose", "pass_filenames", "require_serial", "description",
        "language_version", "minimum_pre_commit_version", "args", "stages", "additional_dependencies",
    }  # fmt: skip
    assert isinstance(HOOKS, list)
    assert set(BY_ID) == {"cfos-plan-check", "cfos-plan-files"}
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook) <= known
        assert hook["language"] == "python"
        assert shlex.split(hook["entry"])[0] == "cfos-plan"
        if "files" in hook:
            re.compile(hook["files"])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project's checkout holding the example plan and the files it makes, committed."""
    for key, value in isolated_git_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git(tmp_path, "init", "-q", str(repo))
    shutil.copy(ROOT / "plans" / "nebari.toml", repo / "plans" / "nebari.toml")
    monkeypatch.chdir(repo)
    return repo


def _run(hook_id: str, filenames: list[str]) -> int:
    """The hook's entry with its filenames, as pre-commit calls it."""
    hook = BY_ID[hook_id]
    args = shlex.split(hook["entry"])[1:] + list(hook.get("args", []))
    if hook.get("pass_filenames", True):
        args += [f for f in filenames if re.search(hook.get("files", ""), f)]
    else:
        args += filenames  # a project passes its plan in `args`
    return main(args)


def test_the_check_hook_passes_a_valid_plan_and_fails_a_broken_one(project: Path, capsys) -> None:
    assert re.search(BY_ID["cfos-plan-check"]["files"], "plans/nebari.toml")
    assert not re.search(BY_ID["cfos-plan-check"]["files"], "pyproject.toml")
    assert _run("cfos-plan-check", ["plans/nebari.toml", "pyproject.toml"]) == 0
    (project / "plans" / "broken.toml").write_text("schema = 1\nproject = [\n")
    assert _run("cfos-plan-check", ["plans/nebari.toml", "plans/broken.toml"]) == 2
    assert "plans/broken.toml:" in capsys.readouterr().err


def test_the_files_hook_fails_until_the_files_are_written(project: Path, capsys) -> None:
    assert _run("cfos-plan-files", ["plans/nebari.toml"]) == 1
    assert "CODE_OF_CONDUCT.md: missing" in capsys.readouterr().out
    assert main(["files", "plans/nebari.toml", "--write"]) == 0
    assert _run("cfos-plan-files", ["plans/nebari.toml"]) == 0
