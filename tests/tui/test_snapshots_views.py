"""Snapshots of the checklist, reminders and report views on a fixed plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checklist import build_plan, fixed_environment  # noqa: F401

from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.report import ReportScreen
from cfos_tui.tui.screens.workbook import WorkbookScreen


def opened_with(key: str, *more: str):
    """A run_before that waits for the workbook, opens a view and lets it settle."""

    async def run_before(pilot) -> None:
        for _ in range(100):
            if isinstance(pilot.app.screen, WorkbookScreen):
                break
            await pilot.pause(0.02)
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        for _ in range(500):  # the report draws a section at a time: wait for all of it
            if not isinstance(pilot.app.screen, ReportScreen) or pilot.app.screen.is_drawn:
                break
            await pilot.pause(0.02)
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
