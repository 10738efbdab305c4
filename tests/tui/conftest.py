"""Fixtures for the workbook tests: an isolated home, a fixed today, a plan on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.plan import new_plan
from cfos_tui.playbook import builtin_playbook
from tests.fixtures.waiting import open_workbook as _open_workbook
from tests.fixtures.waiting import wait_until as _wait_until

SIZE = (80, 24)
TODAY = "2024-05-15"
NASTY = "[b]bold?[/] [1] [red]x[/red] \x1b[31mred\x1b[0m 🚀 مرحبا"
"""User text that would break markup, inject escapes, or test wide and RTL text."""


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its recent-plans list and default plans under tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("CFOS_PLAN_HOME", str(home))
    monkeypatch.setenv("CFOS_PLAN_TODAY", TODAY)
    monkeypatch.delenv("CFOS_PLAN_EXIT_AFTER_FIRST_FRAME", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs and text areas do not blink, so snapshots are stable."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)


@pytest.fixture
def make_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a new plan file and return its path."""

    def make(name: str = "plan.toml", project: str = "Demo Project", team: tuple[str, ...] = ("Ana", "Bo")):
        from datetime import date

        playbook = builtin_playbook()
        path = tmp_path / name
        plan = new_plan(playbook, project, today=date(2024, 5, 15), team=team)
        store.create(path, plan, playbook)
        return path

    return make


@pytest.fixture
def plan_path(make_plan: Callable[..., Path]) -> Path:
    return make_plan()


async def _goto(pilot, step_id: str) -> None:
    """Open a step and wait until its questions and checklist are there."""
    pilot.app.open_step(step_id)
    await _wait_until(pilot, lambda: pilot.app.screen.page.step.id == step_id and pilot.app.screen.page.ready)
    await pilot.pause()


@pytest.fixture
def goto():
    """``await goto(pilot, step_id)``: open a step and wait until it is fully drawn."""
    return _goto


@pytest.fixture
def wait_until():
    """``await wait_until(pilot, condition)``: run the app until the condition holds (bounded)."""
    return _wait_until


@pytest.fixture
def open_workbook():
    """``await open_workbook(pilot)``: wait until the workbook screen shows the plan."""
    return _open_workbook


@pytest.fixture
def view_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The day the view tests' fixed plan is judged on (``tests/fixtures/views.py``)."""
    from tests.fixtures.views import TODAY as VIEWS_TODAY

    monkeypatch.setenv("CFOS_PLAN_TODAY", VIEWS_TODAY.isoformat())
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))


@pytest.fixture
def audit_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The day, home and git configuration of the audit tests (``tests/fixtures/audit_project.py``)."""
    from tests.fixtures.audit_project import TODAY as AUDIT_TODAY
    from tests.fixtures.gitrepo import isolated_git_env

    monkeypatch.setenv("CFOS_PLAN_TODAY", AUDIT_TODAY)
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    for key, value in isolated_git_env(tmp_path / "git-home").items():
        monkeypatch.setenv(key, value)
