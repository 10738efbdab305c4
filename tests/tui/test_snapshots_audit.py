"""Snapshot of the audit view at 80×24 after auditing a fixed fixture checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfos_tui.tui.app import WorkbookApp
from tests.fixtures.audit_project import build_project, make_plan
from tests.fixtures.waiting import until_workbook

pytestmark = pytest.mark.usefixtures("audit_environment")


async def audited(pilot) -> None:
    """Wait for the workbook, open the audit view, run the audit and let it settle."""
    await until_workbook(pilot)
    await pilot.press("u")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_audit_view(tmp_path: Path, snap_compare) -> None:
    build_project(tmp_path / "project")
    app = WorkbookApp(make_plan(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=audited)
