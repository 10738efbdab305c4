"""The checklist view: filters, sorting by due date, jumping to a step, cycling statuses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Checkbox, DataTable, Label, Select

from cfos_tui import plan as model
from cfos_tui import store
from cfos_tui.playbook import builtin_playbook
from cfos_tui.tui.messages import PlanChanged
from cfos_tui.tui.screens.checklist import ChecklistScreen
from cfos_tui.tui.widgets.dialogs import ReasonScreen

TODAY = date(2025, 3, 15)
MARKUP = "[b]Bo[/b] [/] [1]"
ESCAPE = "Eve \x1b[31mred"


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CFOS_PLAN_TODAY", TODAY.isoformat())
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))


def build_plan(path: Path, project: str = "Nebula") -> store.PlanFile:
    """A small, fixed plan: a few statuses, owners (one full of markup) and due dates."""
    playbook = builtin_playbook()
    plan = model.new_plan(playbook, project, today=date(2025, 3, 1), team=["Ana", MARKUP])
    items = plan.items
    items["personas-drafted"].status = "done"
    items["values-agreed"].status = "doing"
    items["values-agreed"].owner = "Ana"
    items["values-agreed"].due = date(2025, 3, 10)  # overdue
    items["license-chosen"].owner = MARKUP
    items["license-chosen"].due = date(2025, 4, 1)
    items["coc-adopted"].due = date(2025, 2, 1)  # overdue
    items["coc-adopted"].owner = ESCAPE
    items["governance-doc"].due = date(2025, 3, 20)
    items["governance-doc"].status = "done"
    items["notice-file"].status = "n/a"
    items["notice-file"].note = "no bundled dependencies"
    plan.reminders["public-decisions"].last_done = date(2025, 3, 12)
    plan.reminders["review-plan"].last_done = date(2025, 1, 1)
    plan.reminders["publish-meeting-notes"].owner = "Ana"
    plan.reminders["publish-meeting-notes"].last_done = date(2025, 2, 20)
    model.add_decision(
        plan, date(2025, 3, 2), "Keep the BSD-3-Clause license", "https://example.org/1", "Ana"
    )
    return store.create(path, plan, playbook)


class ViewHost(App[None]):
    """Stands in for the workbook app: the contract the views rely on, recorded."""

    BINDINGS = [
        Binding("c", "push('checklist')", "Checklist"),
        Binding("m", "push('reminders')", "Reminders"),
        Binding("r", "push('report')", "Report"),
        Binding("e", "push('export')", "Export report"),
        Binding("a", "push('decision')", "Add decision"),
    ]

    def __init__(self, plan_file: store.PlanFile, first: str | None = None) -> None:
        super().__init__()
        self.plan_file = plan_file
        self.first = first
        self.changes = 0
        self.opened: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Label("workbook")

    def on_mount(self) -> None:
        if self.first:
            self.action_push(self.first)

    def today(self) -> date:
        return TODAY

    def plan_changed(self) -> None:
        self.changes += 1
        for screen in self.screen_stack:
            screen.post_message(PlanChanged())

    def open_step(self, step_id: str, item_id: str | None = None) -> None:
        self.opened.append((step_id, item_id))
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_push(self, name: str) -> None:
        from cfos_tui.tui.screens.decision import DecisionModal
        from cfos_tui.tui.screens.reminders import RemindersScreen
        from cfos_tui.tui.screens.report import ReportScreen

        screens = {
            "checklist": ChecklistScreen,
            "reminders": RemindersScreen,
            "report": ReportScreen,
            "export": lambda: ReportScreen(export=True),
            "decision": DecisionModal,
        }
        self.push_screen(screens[name]())


@pytest.fixture
def plan_file(tmp_path: Path) -> store.PlanFile:
    return build_plan(tmp_path / "nebula.toml")


def shown_ids(screen: ChecklistScreen) -> list[str]:
    table = screen.query_one("#checklist-table", DataTable)
    return [row.key.value for row in table.ordered_rows]


def count_line(screen: ChecklistScreen) -> str:
    return str(screen.query_one("#checklist-count", Label).render())


async def test_every_item_is_listed_with_a_count(plan_file: store.PlanFile) -> None:
    """All 62 items are shown in roadmap order, with the overdue count."""
    app = ViewHost(plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        assert shown_ids(screen) == [item.id for item in plan_file.playbook.items]
        assert count_line(screen) == "showing 62 of 62 · 2 overdue"


async def test_filter_by_status_with_the_keyboard(plan_file: store.PlanFile) -> None:
    """Choosing "done" in the status filter, as a person would, shows only done items."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#filter-status")
        await pilot.pause()
        for _ in range(4):  # all, open, todo, doing -> done
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#filter-status", Select).value == "done"
        assert shown_ids(screen) == ["personas-drafted", "governance-doc"]
        assert count_line(screen).startswith("showing 2 of 62")


async def test_filters_by_status_owner_and_importance(plan_file: store.PlanFile) -> None:
    """Each filter narrows the table to the matching items; "all" brings them back."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        could = [item.id for item in plan_file.playbook.items if item.importance == "could"]
        cases = [
            ("#filter-status", "n/a", ["notice-file"]),
            ("#filter-status", "doing", ["values-agreed"]),
            ("#filter-status", "all", None),
            ("#filter-owner", "Ana", ["values-agreed"]),
            ("#filter-owner", MARKUP, ["license-chosen"]),
            ("#filter-owner", "all", None),
            ("#filter-importance", "could", could),
            ("#filter-owner", ESCAPE, []),
            ("#filter-importance", "must", ["coc-adopted"]),
        ]
        for select_id, value, expected in cases:
            screen.query_one(select_id, Select).value = value
            await pilot.pause()
            if expected is None:
                assert len(shown_ids(screen)) == 62
            else:
                assert shown_ids(screen) == expected, (select_id, value)


async def test_open_filter_and_owner_list(plan_file: store.PlanFile) -> None:
    """ "open" hides done and n/a items; the owner filter offers the team and owners found."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        owners = [value for _, value in screen.query_one("#filter-owner", Select)._options]
        assert owners[:4] == ["all", "Ana", MARKUP, ESCAPE]
        screen.query_one("#filter-status", Select).value = "open"
        await pilot.pause()
        assert {"personas-drafted", "governance-doc", "notice-file"}.isdisjoint(shown_ids(screen))
        assert len(shown_ids(screen)) == 59


async def test_overdue_only_key_and_checkbox(plan_file: store.PlanFile) -> None:
    """`o` shows only overdue items (and ticks the box); again shows everything."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#filter-overdue", Checkbox).value is True
        assert shown_ids(screen) == ["values-agreed", "coc-adopted"]
        assert count_line(screen) == "showing 2 of 62 · 2 overdue"
        await pilot.press("o")
        await pilot.pause()
        assert len(shown_ids(screen)) == 62


async def test_sort_by_due_date(plan_file: store.PlanFile) -> None:
    """`s` sorts by due date with undated items last, in roadmap order; `s` again restores."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        ids = shown_ids(screen)
        assert ids[:4] == ["coc-adopted", "values-agreed", "governance-doc", "license-chosen"]
        undated = [item.id for item in plan_file.playbook.items if item.id not in ids[:4]]
        assert ids[4:] == undated
        assert "sorted by due date" in count_line(screen)
        await pilot.press("s")
        await pilot.pause()
        assert shown_ids(screen) == [item.id for item in plan_file.playbook.items]


async def test_enter_opens_the_items_step(plan_file: store.PlanFile) -> None:
    """`enter` on a row asks the app to show that item's step."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o", "down")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [("conduct", "coc-adopted")]


async def test_space_cycles_status_in_place(plan_file: store.PlanFile) -> None:
    """`space` cycles todo → doing → done → todo, updating the row and telling the app."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#checklist-table", DataTable)
        await pilot.press("down")  # issue-tracker-reviewed, todo
        seen = []
        for _ in range(3):
            await pilot.press("space")
            await pilot.pause()
            state = plan_file.plan.items["issue-tracker-reviewed"]
            seen.append(state.status)
            assert table.get_cell("issue-tracker-reviewed", "status").plain.endswith(state.status)
        assert seen == ["doing", "done", "todo"]
        assert app.changes == 3
        assert table.cursor_row == 1


async def test_cycled_item_stays_until_the_filter_changes(plan_file: store.PlanFile) -> None:
    """An item cycled out of the status filter stays under the cursor until filters change."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#filter-status", Select).value = "doing"
        await pilot.pause()
        screen.query_one("#checklist-table").focus()
        await pilot.press("space")
        await pilot.pause()
        assert plan_file.plan.items["values-agreed"].status == "done"
        assert shown_ids(screen) == ["values-agreed"]
        assert count_line(screen) == "showing 1 of 62 · 1 overdue"
        await pilot.press("o", "o")
        await pilot.pause()
        assert shown_ids(screen) == []


async def test_not_applicable_asks_why(plan_file: store.PlanFile) -> None:
    """`x` asks for a reason; an empty one is refused; the reason is stored as the note."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert plan_file.plan.items["personas-published"].status == "todo"
        await pilot.press(*"none [b]", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        state = plan_file.plan.items["personas-published"]
        assert (state.status, state.note) == ("n/a", "none [b]")
        table = app.screen.query_one("#checklist-table", DataTable)
        assert table.get_cell("personas-published", "status").plain.endswith("n/a")
        assert app.changes == 1


async def test_cancelling_not_applicable_changes_nothing(plan_file: store.PlanFile) -> None:
    """Escape in the reason dialog leaves the item as it was and the plan untouched."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("w", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert plan_file.plan.items["personas-drafted"].status == "done"
        assert plan_file.plan.items["personas-drafted"].note == ""
        assert app.changes == 0


async def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    """Owners and project names full of markup and escapes appear as typed, escapes as symbols."""
    plan_file = build_plan(tmp_path / "odd.toml", project="[b]Odd[/b] \x1b[2J")
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#checklist-table", DataTable)
        assert table.get_cell("license-chosen", "owner").plain == MARKUP
        assert table.get_cell("coc-adopted", "owner").plain == "Eve ␛[31mred"
        assert app.screen.sub_title == "[b]Odd[/b] ␛[2J"


async def test_outside_change_updates_rows(plan_file: store.PlanFile) -> None:
    """An edit made elsewhere (PlanChanged) shows up in the table without rebuilding it."""
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plan_file.plan.items["labels"].owner = "Zoe"
        plan_file.plan.items["labels"].due = date(2025, 3, 1)
        app.plan_changed()
        await pilot.pause()
        table = app.screen.query_one("#checklist-table", DataTable)
        assert table.get_cell("labels", "owner").plain == "Zoe"
        assert table.get_cell("labels", "due").style == "bold red"
        assert count_line(app.screen) == "showing 62 of 62 · 3 overdue"


async def test_read_only_plan_refuses_edits(plan_file: store.PlanFile) -> None:
    """A read-only plan cannot be edited from the checklist; the person is told why."""
    plan_file.read_only = "the plan uses schema 9"
    app = ViewHost(plan_file, first="checklist")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "x")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert plan_file.plan.items["personas-drafted"].status == "done"
        assert app.changes == 0
