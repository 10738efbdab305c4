"""The views' styles are loaded while the roadmap is idle, a view opened before
that still has them, and a view is styled once as it first appears."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual.screen import Screen

from cfos_tui.tui import app as app_module
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.checklist import ChecklistScreen
from cfos_tui.tui.screens.workbook import WorkbookScreen
from cfos_tui.tui.styles import VIEWS_CSS, StylesAhead
from tests.fixtures.waiting import open_workbook, wait_until


async def test_opening_a_view_after_the_roadmap_was_idle_adds_no_styles(plan_path: Path) -> None:
    """Once idle, the stylesheet has the views' rules and their widgets' styles, so
    opening the Checklist view adds (and parses) nothing."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        stylesheet, views_css = app.stylesheet, str(VIEWS_CSS.resolve())

        def loaded() -> bool:
            return stylesheet.has_source(views_css) and not app.screen.query(StylesAhead)

        await wait_until(pilot, loaded)
        sources = set(stylesheet.source)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.pause()
        assert set(stylesheet.source) == sources


async def test_a_view_opened_before_the_styles_were_loaded_ahead_has_them(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "PRELOAD_DELAY", 600.0)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        assert not app.stylesheet.has_source(str(VIEWS_CSS.resolve()))
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.pause()
        assert app.screen.query_one("#checklist-count").styles.padding.left == 1  # a rule of views.tcss


def restyled_as_shown(monkeypatch: pytest.MonkeyPatch, screen_class: type[Screen[None]]) -> list[str]:
    """The screens of ``screen_class`` styled again as they are shown, from now on."""
    restyled: list[str] = []
    original = screen_class.update_node_styles

    def update_node_styles(self, animate: bool = True) -> None:
        if any(frame.function == "_on_screen_resume" for frame in inspect.stack()):
            restyled.append(type(self).__name__)
        original(self, animate)

    monkeypatch.setattr(screen_class, "update_node_styles", update_node_styles)
    return restyled


async def test_a_view_is_not_styled_again_as_it_is_first_shown(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Styled as it is mounted, a view skips the restyling Textual does as a screen is
    shown; its look is unchanged (the views' snapshots)."""
    restyled = restyled_as_shown(monkeypatch, ChecklistScreen)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.pause()
        assert restyled == []


async def test_the_workbook_is_not_styled_again_as_it_is_first_shown(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for the workbook screen, on the way to the first frame."""
    restyled = restyled_as_shown(monkeypatch, WorkbookScreen)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        await pilot.pause()
        assert restyled == []
