"""The checklist view: filters, sorting by due date, jumping to a step, cycling statuses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Label

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.checklist import ChecklistScreen
from cfos_tui.tui.screens.workbook import WorkbookScreen
from cfos_tui.tui.widgets.choice import ChoiceList
from cfos_tui.tui.widgets.dialogs import ReasonScreen
from cfos_tui.tui.widgets.filter_bar import FilterBar
from cfos_tui.tui.widgets.table import RowTable
from tests.fixtures.notices import record_notifications
from tests.fixtures.views import DONE_OR_NA, ESCAPE, MARKUP, build_plan, open_view, record_changes

pytestmark = pytest.mark.usefixtures("view_environment")


@pytest.fixture
def plan_file(tmp_path: Path) -> store.PlanFile:
    return build_plan(tmp_path / "nebula.toml")


def shown_ids(screen: ChecklistScreen) -> list[str]:
    return screen.query_one("#checklist-table", RowTable).row_keys


def count_line(screen: ChecklistScreen) -> str:
    return str(screen.query_one("#checklist-count", Label).render())


def filters(screen: ChecklistScreen) -> FilterBar:
    return screen.query_one(FilterBar)


async def test_lists_every_item_and_filters(plan_file: store.PlanFile) -> None:
    """`c` lists all 108 items with a count line; status, owner, importance and overdue filter it."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        roadmap = [item.id for item in app.plan_file.playbook.items]
        assert shown_ids(screen) == roadmap
        assert count_line(screen) == "showing 108 of 108 · 2 overdue"
        owners = screen.offered_owners
        assert owners[:4] == ["all", "Ana", MARKUP, ESCAPE]
        could = [item.id for item in app.plan_file.playbook.items if item.importance == "could"]
        cases = [
            ("status", "n/a", ["notice-file"]),
            ("status", "doing", ["values-agreed"]),
            ("status", "open", [i for i in roadmap if i not in DONE_OR_NA]),
            ("status", "all", roadmap),
            ("owner", "Ana", ["values-agreed"]),
            ("owner", MARKUP, ["license-chosen"]),
            ("owner", "all", roadmap),
            ("importance", "could", could),
            ("owner", ESCAPE, []),
            ("importance", "must", ["coc-adopted"]),
            ("owner", "all", None),
        ]
        bar = filters(screen)
        for key, value, expected in cases:
            bar.set_value(key, value)
            await pilot.pause()
            if expected is not None:
                assert shown_ids(screen) == expected, (key, value)
        assert count_line(screen).startswith(f"showing {len(shown_ids(screen))} of 108")
        bar.set_value("importance", "all")
        screen.query_one("#checklist-table").focus()
        assert "[ ] Overdue" in str(bar.render())  # off reads as an empty box, not an X
        await pilot.press("o")
        await pilot.pause()
        assert bar.value("overdue_only") is True
        assert "[✓] Overdue" in str(bar.render())
        assert shown_ids(screen) == ["values-agreed", "coc-adopted"]
        assert count_line(screen) == "showing 2 of 108 · 2 overdue"
        await pilot.press("o")
        await pilot.pause()
        assert shown_ids(screen) == roadmap


async def test_filter_by_status_with_the_keyboard(plan_file: store.PlanFile) -> None:
    """Choosing "done" in the status filter with mouse and keys shows only done items."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        await pilot.click(FilterBar, offset=(3, 0))
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # all, open, todo, doing -> done
        await pilot.pause()
        screen = app.screen
        assert filters(screen).value("status") == "done"
        assert shown_ids(screen) == ["personas-drafted", "governance-doc"]
        assert count_line(screen) == "showing 2 of 108 · 2 overdue"


async def test_sort_by_due_date_then_jump_to_step(plan_file: store.PlanFile) -> None:
    """`s` sorts by due date (undated last, in roadmap order); `enter` opens the item's step."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        ids = shown_ids(screen)
        assert ids[:4] == ["coc-adopted", "values-agreed", "governance-doc", "license-chosen"]
        assert ids[4:] == [item.id for item in app.plan_file.playbook.items if item.id not in ids[:4]]
        assert count_line(screen) == "showing 108 of 108 · 2 overdue · sorted by due date"
        await pilot.press("s")
        await pilot.pause()
        assert shown_ids(screen) == [item.id for item in app.plan_file.playbook.items]
        await pilot.press("s", "ctrl+home", "enter")  # the first row sorted by due: coc-adopted
        await pilot.pause()
        assert isinstance(app.screen, WorkbookScreen)
        assert app.screen.page.step.id == "conduct"
        assert app.screen.focused is not None and app.screen.focused.id == "step-checklist"


async def test_space_cycles_status_in_place(plan_file: store.PlanFile) -> None:
    """`space` cycles todo → doing → done → todo in place; a row stays until the filters change."""
    app = WorkbookApp(plan_file.path)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        table = screen.query_one("#checklist-table", RowTable)
        await pilot.press("down")  # issue-tracker-reviewed, todo
        seen = []
        for _ in range(3):
            await pilot.press("space")
            await pilot.pause()
            state = app.plan_file.plan.items["issue-tracker-reviewed"]
            seen.append(state.status)
            assert table.get_cell("issue-tracker-reviewed", "status").plain.endswith(state.status)
        assert seen == ["doing", "done", "todo"]
        assert len(changes) == 3
        assert table.cursor_row == 1
        filters(screen).set_value("status", "doing")
        await pilot.pause()
        table.focus()
        await pilot.press("space")  # values-agreed: doing -> done, no longer "doing"
        await pilot.pause()
        assert app.plan_file.plan.items["values-agreed"].status == "done"
        assert shown_ids(screen) == ["values-agreed"]
        assert count_line(screen) == "showing 1 of 108 · 1 overdue"
        await pilot.press("o", "o")
        await pilot.pause()
        assert shown_ids(screen) == []


async def test_not_applicable_asks_why(plan_file: store.PlanFile) -> None:
    """`x` asks for a reason: escape cancels, an empty reason is refused, a reason is kept."""
    app = WorkbookApp(plan_file.path)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        await pilot.press("down", "down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("w", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        state = app.plan_file.plan.items["personas-published"]
        assert (state.status, state.note, changes) == ("todo", "", [])
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert state.status == "todo"
        await pilot.press(*"none [b]", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        state = app.plan_file.plan.items["personas-published"]  # edits replace the state, by id
        assert (state.status, state.note) == ("n/a", "none [b]")
        table = app.screen.query_one("#checklist-table", RowTable)
        assert table.get_cell("personas-published", "status").plain.endswith("n/a")
        assert len(changes) == 1
        title = app.plan_file.playbook.item("personas-published").title
        assert detail_line(app.screen) == f"{title} · none [b]"  # the reason, at once and as typed


def detail_line(screen: ChecklistScreen) -> str:
    return str(screen.query_one("#checklist-detail", Label).render())


async def test_the_highlighted_items_whole_title_shows_under_the_table(plan_file: store.PlanFile) -> None:
    """At 80 columns a title is cut in its cell; the line under the table has all of it,
    and follows the cursor."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        table = screen.query_one("#checklist-table", RowTable)
        items = app.plan_file.playbook.items
        assert detail_line(screen) == items[0].title
        longest = max(range(20), key=lambda n: len(items[n].title))
        await pilot.press(*["down"] * longest)
        await pilot.pause()
        assert table.cursor_key == items[longest].id
        assert detail_line(screen) == items[longest].title
        assert len(items[longest].title) > table.column_widths()[1]  # longer than its cell


async def test_user_text_and_outside_changes(tmp_path: Path) -> None:
    """Markup and escapes show as typed (escapes as symbols); edits made elsewhere update rows."""
    plan_file = build_plan(tmp_path / "odd.toml", project="[b]Odd[/b] \x1b[2J")
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        table = screen.query_one("#checklist-table", RowTable)
        assert table.get_cell("license-chosen", "owner").plain == MARKUP
        assert table.get_cell("coc-adopted", "owner").plain == "Eve ␛[31mred"
        assert screen.sub_title == "[b]Odd[/b] ␛[2J"
        app.plan_file.plan.items["labels"].owner = "Zoe [i]"
        app.plan_file.plan.items["labels"].due = date(2025, 3, 1)
        app.plan_changed()
        await pilot.pause()
        assert table.get_cell("labels", "owner").plain == "Zoe [i]"
        assert table.get_cell("labels", "due").style == "bold red"
        assert count_line(screen) == "showing 108 of 108 · 3 overdue"


async def test_read_only_plan_refuses_edits(plan_file: store.PlanFile) -> None:
    """A read-only plan (newer schema) cannot be edited from the checklist."""
    text = plan_file.path.read_text(encoding="utf-8")
    plan_file.path.write_text(text.replace("schema = 1\n", "schema = 99\n", 1), encoding="utf-8")
    app = WorkbookApp(plan_file.path)
    notices = record_notifications(app)
    changes = record_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        await pilot.press("space", "x")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert app.plan_file.plan.items["personas-drafted"].status == "done"
        assert changes == []
        assert any("read-only" in said for said in notices)


async def test_filters_stay_chosen_when_the_view_opens_again(plan_file: store.PlanFile) -> None:
    """Filter by status and overdue, leave the view, come back: the same filters and rows."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        filters(screen).set_value("importance", "must")
        await pilot.pause()
        screen.query_one("#checklist-table").focus()
        await pilot.press("o")
        await pilot.pause()
        shown = shown_ids(screen)
        assert shown == ["values-agreed", "coc-adopted"]  # the overdue must-items
        await pilot.press("escape")
        await pilot.pause()
        await open_view(pilot, "c")
        again = app.screen
        assert isinstance(again, ChecklistScreen) and again is not screen
        assert filters(again).value("importance") == "must"
        assert filters(again).value("overdue_only") is True
        assert shown_ids(again) == shown


async def test_a_plan_rewritten_on_disk_while_the_view_is_open_shows_at_once(
    plan_file: store.PlanFile, wait_until
) -> None:
    """Another program marks an item done and gives it a new owner: once the app looks
    at the file, the row, the count line and the owner filter show the file's plan."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        table = screen.query_one("#checklist-table", RowTable)
        assert "Zed" not in screen.offered_owners
        other = store.load(plan_file.path)
        other.plan.items["labels"].status = "done"
        other.plan.items["labels"].owner = "Zed"
        other.plan.items["values-agreed"].due = None
        other.save()
        app.check_disk()
        await wait_until(pilot, lambda: table.get_cell("labels", "owner").plain == "Zed")
        assert table.get_cell("labels", "status").plain.startswith("✓")
        assert count_line(screen) == "showing 108 of 108 · 1 overdue"
        assert "Zed" in screen.offered_owners


async def open_menu(pilot, key: str, wait_until) -> ChoiceList:
    """Open a filter's menu from the keyboard and wait until it has the focus."""
    bar = pilot.app.screen.query_one(FilterBar)
    bar.focus()
    while bar.active != key:
        await pilot.press("right")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.focused, ChoiceList))
    return pilot.app.screen.query_one(ChoiceList)


def drawn(bar: FilterBar) -> str:
    return str(bar.render())


async def test_a_long_owner_name_stays_on_one_line(tmp_path: Path, wait_until) -> None:
    """ "Pavithra Eswaramoorthy" is one line in the owner menu and, once chosen, is cut
    to the owner filter's room on the bar, which keeps its other filters."""
    plan_file = build_plan(tmp_path / "long.toml")
    plan_file.plan.items["labels"].owner = "Pavithra Eswaramoorthy Lindqvist-Okafor"
    plan_file.save()
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        bar = filters(screen)
        menu = await open_menu(pilot, "owner", wait_until)
        assert menu.size.width >= len("Pavithra Eswaramoorthy")
        assert menu.region.y >= bar.region.bottom  # below the bar, not over it
        await pilot.press("end", "up", "enter")  # the last is "unassigned"; the name comes before it
        await wait_until(pilot, lambda: count_line(screen).startswith("showing 1 of 108"))
        assert bar.value("owner") == "Pavithra Eswaramoorthy Lindqvist-Okafor"
        line = drawn(bar)
        assert len(line) == bar.content_size.width
        assert "Pavithra Eswaramoorthy" in line and "… ▾" in line
        assert line.endswith("[ ] Overdue")


async def test_the_filters_are_reached_with_arrows_and_stepped_through(
    plan_file: store.PlanFile, wait_until
) -> None:
    """escape closes a filter's menu and keeps the filter; left and right go from one
    filter to the next, up and down step through the options without the menu."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        bar = filters(screen)
        await open_menu(pilot, "status", wait_until)
        await pilot.press("down", "escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert bar.value("status") == "all" and app.focused is bar
        await pilot.press("down", "down", "down")  # all -> open -> todo -> doing
        await pilot.pause()
        assert bar.value("status") == "doing"
        assert shown_ids(screen) == ["values-agreed"]
        await pilot.press("up", "up", "up", "up")  # stops at the first
        await pilot.pause()
        assert bar.value("status") == "all"
        assert count_line(screen).startswith("showing 108 of 108")
        await pilot.press("left", "right", "right", "right", "right", "right")  # stops at the last
        assert bar.active == "overdue_only"
        await pilot.press("space")
        await pilot.pause()
        assert bar.value("overdue_only") is True
        assert count_line(screen) == "showing 2 of 108 · 2 overdue"
        await pilot.press("tab")
        assert app.focused is screen.query_one("#checklist-table")


async def test_a_filter_chosen_with_the_mouse(plan_file: store.PlanFile, wait_until) -> None:
    """A click opens a filter's menu and a click on an option chooses it; a click
    beside the menu closes it and keeps the filter."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "c")
        screen = app.screen
        bar = filters(screen)
        start, _ = bar.spans()[2]  # the importance filter
        await pilot.click(FilterBar, offset=(1 + start + 2, 0))
        await wait_until(pilot, lambda: isinstance(app.focused, ChoiceList))
        await pilot.click(ChoiceList, offset=(3, 3))  # the border, "any importance", "must", then "should"
        await wait_until(pilot, lambda: app.screen is screen)
        assert bar.value("importance") == "should"
        assert count_line(screen).startswith("showing ")
        assert all(app.plan_file.playbook.item(i).importance == "should" for i in shown_ids(screen))
        await pilot.click(FilterBar, offset=(1 + start + 2, 0))
        await wait_until(pilot, lambda: isinstance(app.focused, ChoiceList))
        await pilot.click(offset=(70, 20))  # nowhere near the menu
        await wait_until(pilot, lambda: app.screen is screen)
        assert bar.value("importance") == "should"
        overdue, _ = bar.spans()[3]
        await pilot.click(FilterBar, offset=(1 + overdue, 0))
        await pilot.pause()
        assert bar.value("overdue_only") is True
