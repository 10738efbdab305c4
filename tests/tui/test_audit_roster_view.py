"""The audit view's roster: listed maintainers, the inactive, the unlisted, at 80×24, literally."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Label

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.audit import AuditScreen
from tests.fixtures.audit_project import HOSTILE_MAINTAINER, build_project, build_roster_project, make_plan
from tests.fixtures.waiting import until_workbook

SIZE = (80, 24)
pytestmark = pytest.mark.usefixtures("audit_environment")


async def audited(pilot) -> AuditScreen:
    """Open the audit view, run the audit and wait for it to finish."""
    await until_workbook(pilot)
    await pilot.press("u")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AuditScreen)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def finding(screen: AuditScreen, key: str) -> Label:
    """The value label of the finding whose key is ``key``."""
    for row in screen.query("#audit-findings .finding"):
        labels = list(row.query(Label).results(Label))
        if labels and str(labels[0].content) == key:
            return labels[1]
    raise AssertionError(f"no {key!r} finding")


def screen_lines(app: WorkbookApp) -> list[str]:
    """The screen as lines of text: the screenshot's text runs, each at its column."""
    pattern = r'<text[^>]*x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>(.*?)</text>'
    rows: dict[float, list[tuple[float, str]]] = {}
    cell_width = 0.0
    for match in re.finditer(pattern, app.export_screenshot()):
        text = html.unescape(match.group(4)).replace("\xa0", " ")
        cell_width = cell_width or float(match.group(3)) / len(text)
        rows.setdefault(float(match.group(2)), []).append((float(match.group(1)), text))
    lines = []
    for _, row in sorted(rows.items()):
        line = ""
        for x, text in sorted(row):
            line = line.ljust(round(x / cell_width)) + text
        lines.append(line)
    return lines


async def test_roster_is_visible_at_80x24(tmp_path: Path) -> None:
    """After the audit the roster, inactive, unlisted and organisation lines show without scrolling."""
    build_roster_project(tmp_path / "project")
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await audited(pilot)
        roster = screen.result.roster
        assert roster is not None
        assert [person.label for person in roster.inactive] == [HOSTILE_MAINTAINER]
        assert [(person.label, person.commits_12m) for person in roster.unlisted_active] == [("Ann", 22)]
        assert str(finding(screen, "Roster").content).startswith(
            "2 listed, commits in the 12 months to 2024-02-03: Ben 14"
        )
        assert str(finding(screen, "Unlisted").content) == "Ann 22"
        assert str(finding(screen, "Led by").content) == "other.org 1 · unknown 1"
        viewport = screen.query_one("#audit-findings", VerticalScroll).region
        for key in ("Roster", "Inactive", "Unlisted", "Led by"):
            region = finding(screen, key).region
            assert region.height and viewport.contains_region(region), key
        lines = screen_lines(app)
        for start in (
            "Roster   2 listed",
            "Inactive [bold]Zed[/bold] ␛[2Jgone (last never)",
            "Unlisted Ann 22",
        ):
            assert any(line.strip().startswith(start) for line in lines), start


async def test_hostile_maintainer_name_is_literal(tmp_path: Path) -> None:
    """A listed name holding markup and an escape sequence reaches the screen as visible text."""
    build_roster_project(tmp_path / "project")
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await audited(pilot)
        inactive = str(finding(screen, "Inactive").content)
        assert inactive == "[bold]Zed[/bold] ␛[2Jgone (last never)"
        assert "[bold]Zed[/bold] ␛[2Jgone" in str(finding(screen, "Roster").content)
        shown = "\n".join(screen_lines(app))
        assert "[bold]Zed[/bold] ␛[2Jgone" in shown
        assert "\x1b" not in shown


async def test_nobody_listed_says_so_and_the_plan_counts(tmp_path: Path) -> None:
    """Without listings the view says nobody is listed; team members from the plan then fill the roster."""
    build_project(tmp_path / "project")
    path = make_plan(tmp_path)
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await audited(pilot)
        assert str(finding(screen, "Roster").content) == (
            "nobody listed in MAINTAINERS, CODEOWNERS or the plan's teams"
        )
        assert str(finding(screen, "Unlisted").content) == "Ann 22"
    plan_file = store.load(path)
    plan_file.plan.set_answer("governance", "teams", {"core": {"name": "Core", "members": ["Ann", "Ben"]}})
    assert plan_file.save()
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await audited(pilot)
        assert str(finding(screen, "Roster").content).endswith("Ann 22 · Ben 14")
        assert str(finding(screen, "Led by").content) == "acme.com 1 · other.org 1"
        keys = [str(row.query(Label).first().content) for row in screen.query("#audit-findings .finding")]
        assert "Unlisted" not in keys and "Inactive" not in keys
