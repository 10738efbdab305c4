"""The reminders view: due now and coming up, marking done, adding and removing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.reminders import ReminderModal, RemindersScreen
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from cfos_tui.tui.widgets.table import RowTable
from tests.fixtures.screen import drawn_text
from tests.fixtures.views import TODAY, build_plan, open_view, record_changes

pytestmark = pytest.mark.usefixtures("view_environment")

DUE = ["publish-meeting-notes", "announce-community-meeting", "welcome-first-time-contributors"]
UPCOMING = ["public-decisions", "confirm-meeting-decisions", "review-plan", "check-asset-holders"]


@pytest.fixture
def plan_file(tmp_path: Path) -> store.PlanFile:
    return build_plan(tmp_path / "nebula.toml")


def rows(screen: RemindersScreen, table_id: str) -> list[str]:
    return screen.query_one(table_id, RowTable).row_keys


async def test_due_now_and_coming_up(plan_file: store.PlanFile) -> None:
    """Never-done and overdue reminders are due now (longest overdue first); the rest by date."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        assert rows(screen, "#due-table") == DUE  # longest overdue first, then never done
        assert rows(screen, "#upcoming-table") == UPCOMING
        table = screen.query_one("#upcoming-table", RowTable)
        assert table.get_cell("public-decisions", "next").plain == "2025-03-19"
        assert table.get_cell("review-plan", "last").plain == "2025-01-01"
        assert str(screen.query_one("#due-title", Label).render()) == "Due now (3)"


async def test_mark_done_records_today(plan_file: store.PlanFile) -> None:
    """`d` sets last done to today and moves the reminder to "coming up"."""
    app = WorkbookApp(plan_file.path)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        screen = app.screen
        first = rows(screen, "#due-table")[0]
        await pilot.press("d")
        await pilot.pause()
        reminder = app.plan_file.plan.reminders[first]
        assert reminder.last_done == TODAY
        assert first not in rows(screen, "#due-table")
        assert first in rows(screen, "#upcoming-table")
        assert len(changes) == 1
        await pilot.press("enter")  # enter marks the next one done too
        await pilot.pause()
        assert len(rows(screen, "#due-table")) == 1
        assert len(changes) == 2


async def test_add_a_reminder(plan_file: store.PlanFile) -> None:
    """`a` opens the form (refusing a missing habit or a bad date in place); the new reminder
    gets an id from its habit and, never done, is due now."""
    app = WorkbookApp(plan_file.path)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReminderModal)
        await pilot.press("enter")  # no habit yet: refused in place
        await pilot.pause()
        assert app.screen is modal
        assert "habit" in drawn_text(modal, "#reminder-error")
        modal.query_one("#reminder-habit", Input).value = "Blog"
        modal.query_one("#reminder-last-done", Input).value = "2025-02-30"
        modal.query_one("#reminder-last-done", Input).focus()
        await pilot.press("enter")  # no such day: refused in place
        await pilot.pause()
        assert app.screen is modal
        assert "YYYY-MM-DD" in drawn_text(modal, "#reminder-error")
        modal.query_one("#reminder-last-done", Input).value = (TODAY + timedelta(days=1)).isoformat()
        modal.query_one("#reminder-last-done", Input).focus()
        await pilot.press("enter")  # a day still to come: refused in place
        await pilot.pause()
        assert app.screen is modal
        assert "still to come" in drawn_text(modal, "#reminder-error")
        modal.query_one("#reminder-last-done", Input).value = ""
        modal.query_one("#reminder-habit", Input).value = "Thank [b]reviewers[/b]"
        modal.query_one("#reminder-cadence", Select).value = "weekly"
        modal.query_one("#reminder-owner", Input).value = "Ana"
        modal.query_one("#reminder-habit", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RemindersScreen)
        reminder = app.plan_file.plan.reminders["thank-b-reviewers-b"]
        assert reminder.habit == "Thank [b]reviewers[/b]"
        assert (reminder.cadence, reminder.owner) == ("weekly", "Ana")
        assert reminder.last_done is None
        assert "thank-b-reviewers-b" in rows(app.screen, "#due-table")
        cell = app.screen.query_one("#due-table", RowTable).get_cell("thank-b-reviewers-b", "habit")
        assert cell.plain == "Thank [b]reviewers[/b]"
        assert len(changes) == 1


async def test_remove_asks_first(plan_file: store.PlanFile) -> None:
    """`delete` asks before removing; cancelling keeps the reminder."""
    app = WorkbookApp(plan_file.path)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        screen = app.screen
        screen.query_one("#upcoming-table", RowTable).focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "public-decisions" in app.plan_file.plan.reminders
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert "public-decisions" not in app.plan_file.plan.reminders
        assert rows(screen, "#upcoming-table") == UPCOMING[1:]
        assert len(changes) == 1


async def test_nothing_due(tmp_path: Path) -> None:
    """With every reminder done recently the due list says so plainly."""
    plan_file = build_plan(tmp_path / "calm.toml")
    for reminder in plan_file.plan.reminders.values():
        reminder.last_done = date(2025, 3, 14)
    plan_file.save()
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        screen = app.screen
        assert rows(screen, "#due-table") == []
        assert str(screen.query_one("#due-title", Label).render()) == "Due now: nothing is due"
        assert app.screen.focused is screen.query_one("#upcoming-table")


async def test_a_read_only_plan_with_an_unknown_cadence_opens(plan_file: store.PlanFile) -> None:
    """A newer-schema plan with `cadence = "daily"`: the view opens and says it cannot schedule it."""
    text = plan_file.path.read_text(encoding="utf-8").replace("schema = 1", "schema = 99")
    head, tail = text.split("[reminders.public-decisions]")
    text = head + "[reminders.public-decisions]" + tail.replace('cadence = "weekly"', 'cadence = "daily"', 1)
    plan_file.path.write_text(text, encoding="utf-8")
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        assert app.plan_file.plan.reminders["public-decisions"].cadence == "daily"
        assert "public-decisions" in rows(screen, "#upcoming-table")
        table = screen.query_one("#upcoming-table", RowTable)
        assert table.get_cell("public-decisions", "next").plain == "unknown cadence"


async def test_a_plan_rewritten_on_disk_while_the_view_is_open_shows_at_once(
    plan_file: store.PlanFile, wait_until
) -> None:
    """Another program marks every reminder done today: once the app looks at the file,
    nothing is due any more."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "m")
        screen = app.screen
        assert rows(screen, "#due-table") != []
        other = store.load(plan_file.path)
        for reminder in other.plan.reminders.values():
            reminder.last_done = TODAY
        other.save()
        app.check_disk()
        await wait_until(pilot, lambda: rows(screen, "#due-table") == [])
        assert str(screen.query_one("#due-title", Label).render()) == "Due now: nothing is due"
