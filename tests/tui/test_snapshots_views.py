"""Snapshots of the checklist, reminders and report views on a fixed plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.report import ReportScreen
from tests.fixtures.views import build_plan
from tests.fixtures.waiting import until_workbook, wait_until

pytestmark = pytest.mark.usefixtures("view_environment")


def opened_with(key: str, *more: str):
    """A run_before that waits for the workbook, opens a view and lets it settle."""

    async def run_before(pilot) -> None:
        await until_workbook(pilot)
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        # The report draws a section at a time: wait for all of it.
        await wait_until(
            pilot, lambda: not isinstance(pilot.app.screen, ReportScreen) or pilot.app.screen.is_drawn
        )
        await pilot.press(*more)
        await pilot.pause()

    return run_before


@pytest.fixture
def app(tmp_path: Path) -> WorkbookApp:
    return WorkbookApp(build_plan(tmp_path / "nebula.toml").path)


def test_checklist_view(app: WorkbookApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=opened_with("c"))


def test_checklist_view_sorted_overdue_wide(app: WorkbookApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(120, 36), run_before=opened_with("c", "s"))


def test_reminders_view(app: WorkbookApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=opened_with("m"))


def test_reminders_view_wide(app: WorkbookApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(120, 36), run_before=opened_with("m"))


def test_report_view(app: WorkbookApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=opened_with("r"))


def test_report_view_wide(app: WorkbookApp, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(120, 36), run_before=opened_with("r", "pagedown"))


def test_report_view_community_page(app: WorkbookApp, snap_compare) -> None:
    """The community page in the report view: its start-here block first."""

    async def run_before(pilot) -> None:
        await opened_with("r")(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: pilot.app.screen.is_drawn)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
