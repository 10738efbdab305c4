"""The decision modal: log a decision from anywhere, dates validated in place."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.checklist import ChecklistScreen
from cfos_tui.tui.screens.decision import DecisionModal
from cfos_tui.tui.screens.workbook import WorkbookScreen
from tests.fixtures.notices import record_notifications
from tests.fixtures.screen import drawn_text
from tests.fixtures.views import TODAY, build_plan, open_view, record_changes

pytestmark = pytest.mark.usefixtures("view_environment")


@pytest.fixture
def plan_file(tmp_path: Path) -> store.PlanFile:
    return build_plan(tmp_path / "nebula.toml")


def error_of(modal: DecisionModal) -> str:
    return drawn_text(modal, "#decision-error")


async def test_log_a_decision_with_a_valid_date(plan_file: store.PlanFile) -> None:
    """A bad date (2025-13-01) and an empty title are refused in place; then it is logged."""
    app = WorkbookApp(plan_file.path)
    notices = record_notifications(app)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "a")
        modal = app.screen
        assert isinstance(modal, DecisionModal)
        assert modal.query_one("#decision-date", Input).value == TODAY.isoformat()
        await pilot.press("enter")  # no title yet
        await pilot.pause()
        assert app.screen is modal
        assert error_of(modal) == "Say what was decided."
        await pilot.press(*"Use [b]RFDs[/b]")
        date_input = modal.query_one("#decision-date", Input)
        date_input.value = "2025-13-01"
        date_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is modal
        assert "2025-13-01" in error_of(modal) and "YYYY-MM-DD" in error_of(modal)
        assert modal.focused is date_input
        date_input.value = "2025-03-14"
        await pilot.pause()
        assert error_of(modal) == ""
        modal.query_one("#decision-link", Input).value = "https://example.org/rfd"
        modal.query_one("#decision-who", Input).value = "Ana"
        await pilot.click("#log")
        await pilot.pause()
        assert isinstance(app.screen, WorkbookScreen)
        decision = app.plan_file.plan.decisions["2025-03-14-use-b-rfds-b"]
        assert (decision.date, decision.title) == (date(2025, 3, 14), "Use [b]RFDs[/b]")
        assert (decision.link, decision.who) == ("https://example.org/rfd", "Ana")
        assert len(changes) == 1
        assert "Decision logged" in notices


async def test_escape_logs_nothing(plan_file: store.PlanFile) -> None:
    """Escape closes the modal (from the checklist view too) without touching the plan."""
    app = WorkbookApp(plan_file.path)
    changes = record_changes(app)
    results: list[bool] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        app.push_screen(DecisionModal(), results.append)
        await pilot.pause()
        await pilot.press(*"Maybe", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert results == [False]
        assert len(app.plan_file.plan.decisions) == 1
        assert changes == []


async def test_ctrl_s_logs_from_any_field(plan_file: store.PlanFile) -> None:
    """ctrl+s applies the form, as in every other form of the workbook."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "a")
        assert isinstance(app.screen, DecisionModal)
        await pilot.press(*"Adopt a charter", "tab", *"Ana", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkbookScreen)
        titles = [d.title for d in app.plan_file.plan.decisions.values()]
        assert "Adopt a charter" in titles


async def test_the_dialog_footer_shows_the_dialog_keys(plan_file: store.PlanFile) -> None:
    """The footer under a dialog names its own keys, not the checklist's behind it."""
    from textual.widgets import Footer

    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "a")
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        shown = " ".join(str(key.render()) for key in footer.query("FooterKey"))
        assert "Log decision" in shown and "Cancel" in shown
        assert "Status" not in shown and "N/A" not in shown  # the step checklist's keys
