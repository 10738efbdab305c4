"""Snapshots of the start screen and step pages at 80x24, and one wider."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cfos_tui.plan import ItemState
from cfos_tui.tui.app import WorkbookApp
from tests.fixtures.waiting import page_ready, until_workbook

FIXED_HOME = Path("/tmp/cfos-plan-snapshot-home")


@pytest.fixture(autouse=True)
def fixed_home(monkeypatch: pytest.MonkeyPatch):
    """An empty home at a fixed place, so the paths drawn are the same on every machine."""
    shutil.rmtree(FIXED_HOME, ignore_errors=True)
    monkeypatch.setenv("CFOS_PLAN_HOME", str(FIXED_HOME))
    yield
    shutil.rmtree(FIXED_HOME, ignore_errors=True)


async def until_drawn(pilot) -> None:
    """Wait until the workbook shows its step page, guidance included."""
    await until_workbook(pilot)
    await page_ready(pilot)


def test_start_screen(snap_compare) -> None:
    """The start screen with no plans yet."""
    assert snap_compare(WorkbookApp(), terminal_size=(80, 24))


def test_new_plan_form(snap_compare) -> None:
    """The new-plan form, with a project name typed."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Nebari")

    assert snap_compare(WorkbookApp(), terminal_size=(80, 24), run_before=run_before)


def test_step_page(snap_compare, plan_path: Path) -> None:
    """The first step: navigation with marks, progress, guidance."""
    assert snap_compare(WorkbookApp(plan_path), terminal_size=(80, 24), run_before=until_drawn)


def test_step_page_records_and_checklist(snap_compare, make_plan: Callable[..., Path]) -> None:
    """A step with records and a checklist in several states, scrolled to the bottom."""
    from cfos_tui import store

    path = make_plan()
    plan_file = store.load(path)
    plan_file.plan.items["values-agreed"] = ItemState(status="doing", owner="Ana")
    plan_file.plan.items["values-published"] = ItemState(status="n/a", note="Published with the vision")
    plan_file.save()

    async def run_before(pilot) -> None:
        await until_drawn(pilot)
        pilot.app.open_step("values")
        await page_ready(pilot)
        pilot.app.screen.page.scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(WorkbookApp(path), terminal_size=(80, 24), run_before=run_before)


def test_step_page_wide(snap_compare, plan_path: Path) -> None:
    """At 120x36 the navigation panel and the page use the extra room."""

    async def run_before(pilot) -> None:
        await until_drawn(pilot)
        pilot.app.open_step("license")
        await page_ready(pilot)

    assert snap_compare(WorkbookApp(plan_path), terminal_size=(120, 36), run_before=run_before)


def test_help_screen(snap_compare, plan_path: Path) -> None:
    """The help screen lists the keys."""

    async def run_before(pilot) -> None:
        await until_drawn(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(WorkbookApp(plan_path), terminal_size=(80, 24), run_before=run_before)
