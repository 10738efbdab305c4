"""The one dialog base: every dialog cancels with escape, refuses in its error line, and
draws one box; a new dialog gets all of it from ``Dialog`` by saying only what it asks."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label

import cfos_tui.tui
from cfos_tui import store
from cfos_tui.merge import Conflict
from cfos_tui.plan import ItemState
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.conflict import MergeScreen, SaveFailedScreen
from cfos_tui.tui.screens.decision import DecisionModal
from cfos_tui.tui.screens.export import ExportModal
from cfos_tui.tui.screens.help import HelpScreen
from cfos_tui.tui.screens.new_plan import NewPlanScreen
from cfos_tui.tui.screens.reminders import ReminderModal
from cfos_tui.tui.widgets.checklist import ItemScreen
from cfos_tui.tui.widgets.dialogs import (
    ConfirmScreen,
    Dialog,
    ReasonScreen,
    Refused,
    accept_button,
    cancel_button,
    dialog_buttons,
    form_row,
)
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.records import RecordScreen
from tests.fixtures.screen import drawn_text
from tests.fixtures.views import build_plan
from tests.fixtures.waiting import until_workbook

SIZE = (80, 24)


def all_dialogs() -> set[type[Dialog[Any]]]:
    """Every dialog class the workbook defines, wherever it lives."""
    for module in pkgutil.walk_packages(cfos_tui.tui.__path__, "cfos_tui.tui."):
        importlib.import_module(module.name)
    found: set[type[Dialog[Any]]] = set()
    waiting: list[type[Dialog[Any]]] = [Dialog]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("cfos_tui."):
                found.add(subclass)
    return found


def the_box(dialog: Dialog[Any]) -> Widget:
    return dialog.query_one(".dialog", Widget)


def assert_the_one_look(dialog: Dialog[Any]) -> None:
    """The box of the base stylesheet, whole on an 80x24 screen, its buttons inside it."""
    name = type(dialog).__name__
    box = the_box(dialog)
    assert box.outer_size.width == 72, name
    assert box.styles.border_top[0] == "thick", name
    assert dialog.region.contains_region(box.region), f"{name} does not fit at 80x24"
    for buttons in dialog.query(".dialog-buttons"):
        assert box.region.contains_region(buttons.region), f"{name}: its buttons are cut off"


@pytest.fixture
def plan_file(tmp_path: Path, view_environment: None) -> store.PlanFile:
    return build_plan(tmp_path / "nebula.toml")


async def test_every_dialog_cancels_with_escape_and_has_the_one_look(
    plan_file: store.PlanFile, tmp_path: Path
) -> None:
    """Each dialog of the workbook, pushed at 80x24: one box, and escape dismisses it with
    its cancel answer, leaving the plan as it was."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=SIZE) as pilot:
        await until_workbook(pilot)
        playbook = app.plan_file.playbook
        item = playbook.steps[0].items[0]
        records = next(field for step in playbook.steps for field in step.fields if field.columns)
        conflicts = (
            Conflict(("items", item.id, "status"), "todo", "done", "doing"),
            Conflict(("items", item.id, "owner"), "", "Ana", "Bo"),
        )
        cases: dict[type[Dialog[Any]], tuple[Callable[[], Dialog[Any]], object]] = {
            ConfirmScreen: (lambda: ConfirmScreen("Remove it?"), False),
            ReasonScreen: (lambda: ReasonScreen(item.title), None),
            DecisionModal: (DecisionModal, False),
            ExportModal: (lambda: ExportModal(tmp_path / "report.md", tmp_path), None),
            ReminderModal: (lambda: ReminderModal(["Ana"]), None),
            MergeScreen: (lambda: MergeScreen(conflicts, playbook, quitting=True), {}),  # keeps mine
            SaveFailedScreen: (lambda: SaveFailedScreen("disk full"), "stay"),
            NewPlanScreen: (NewPlanScreen, None),
            HelpScreen: (HelpScreen, None),
            RecordScreen: (lambda: RecordScreen("Add a row", records.columns, {}), None),
            ItemScreen: (lambda: ItemScreen(item, ItemState(), ["Ana"]), None),
        }
        assert set(cases) == all_dialogs(), "a new dialog: add it here"
        before = app.plan_file.path.read_bytes()
        for make, cancelled in cases.values():
            answers: list[object] = []
            dialog = make()
            app.push_screen(dialog, answers.append)
            await pilot.pause()
            assert app.screen is dialog
            assert_the_one_look(dialog)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not dialog and answers == [cancelled], type(dialog).__name__
        await until_workbook(pilot)
        assert app.plan_file.path.read_bytes() == before


async def test_every_form_refuses_an_empty_required_field_in_its_error_line(
    plan_file: store.PlanFile, tmp_path: Path
) -> None:
    """enter in a form whose required field is empty keeps the dialog open and says why in
    the error line, inside the dialog's box; typing clears it."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=SIZE) as pilot:
        await until_workbook(pilot)
        records = next(f for step in app.plan_file.playbook.steps for f in step.fields if f.columns)
        forms: list[tuple[Dialog[Any], str]] = [
            (ReasonScreen("Notice file"), "#reason"),
            (DecisionModal(), "#decision-title"),
            (ExportModal(tmp_path / "report.md", tmp_path), "#export-path"),
            (ReminderModal([]), "#reminder-habit"),
            (NewPlanScreen(), "#project"),
            (RecordScreen("Add a row", records.columns, {}), f"#col-{records.columns[0].id}"),
        ]
        for dialog, required in forms:
            name = type(dialog).__name__
            app.push_screen(dialog)
            await pilot.pause()
            field = dialog.query_one(required, Input)
            field.value = ""
            field.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog, f"{name} accepted an empty {required}"
            error = dialog.query_one(ErrorLine)
            assert drawn_text(dialog, f"#{error.id}"), f"{name} said nothing"
            assert the_box(dialog).region.contains_region(error.region), name
            await pilot.press("x")
            await pilot.pause()
            assert drawn_text(dialog, f"#{error.id}") == "", f"{name} kept the error after typing"
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not dialog


class AskName(Dialog[str]):
    """A dialog written against the base alone: its body and its answer, nothing more."""

    BINDINGS = [Binding("ctrl+s", "accept", "Done")]
    AUTO_FOCUS = "#name"

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Who is it?", classes="dialog-title")
            yield form_row("Name", Input(id="name", compact=True))
            yield ErrorLine(id="name-error")
            yield dialog_buttons(accept_button("Done"), cancel_button())

    def result(self) -> str:
        name = self.text_of("#name")
        if not name:
            raise Refused("A name is needed.", focus="#name")
        return name


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str | None] = []

    def ask(self) -> AskName:
        dialog = AskName()
        self.push_screen(dialog, self.answers.append)
        return dialog


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(("escape",), id="escape cancels"),
        pytest.param(("click", "#cancel"), id="the cancel button cancels"),
        pytest.param(("A", "n", "a", "enter"), id="enter in a field accepts"),
        pytest.param(("A", "n", "a", "ctrl+s"), id="ctrl+s accepts"),
        pytest.param(("A", "n", "a", "click", "#ok"), id="the accept button accepts"),
    ],
)
async def test_a_new_dialog_gets_its_keys_buttons_and_error_line_from_the_base(
    answer: tuple[str, ...],
) -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        dialog = app.ask()
        await pilot.pause()
        assert_the_one_look(dialog)
        await pilot.press("enter")  # nothing typed yet
        await pilot.pause()
        assert app.screen is dialog and app.answers == []
        assert drawn_text(dialog, "#name-error") == "A name is needed."
        assert dialog.focused is dialog.query_one("#name", Input)
        keys = list(answer)
        while keys:
            key = keys.pop(0)
            if key == "click":
                await pilot.click(keys.pop(0))
            else:
                await pilot.press(key)
            await pilot.pause()
        assert app.screen is not dialog
        assert app.answers == (["Ana"] if "a" in answer else [None])
