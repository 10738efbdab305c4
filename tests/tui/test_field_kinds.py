"""A kind registered in ``cfos_tui.kinds`` gets an editor in the workbook by its shape,
and what is typed there is parsed by the kind before it is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from cfos_tui.kinds import KINDS, FieldKind, register
from cfos_tui.playbook import FieldSpec
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.widgets.fields import EDITORS, BoxEditor, LineEditor
from tests.fixtures.own_playbook import plan_with_playbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIZE = (80, 24)


class TagsKind(FieldKind):
    """Made for this test: words separated by commas, kept lower-case, on one line."""

    name = "tags-for-test"

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        return None if isinstance(value, list) else "must be a list of tags"

    def parse(self, text: str, spec: FieldSpec) -> list[str]:
        return [tag.strip().lower() for tag in text.split(",") if tag.strip()]

    def text(self, value: Any) -> str:
        return ", ".join(value) if isinstance(value, list) else ""


class StanzasKind(FieldKind):
    """Made for this test: several lines of text."""

    name = "stanzas-for-test"
    multiline = True


@pytest.fixture
def test_kinds() -> Iterator[None]:
    register(TagsKind)
    register(StanzasKind)
    yield
    del KINDS[TagsKind.name], KINDS[StanzasKind.name]


def test_every_built_in_kind_has_an_editor() -> None:
    """Choice, date and records have their own; line, text and list go by their shape."""
    assert set(EDITORS) == {"choice", "date", "license", "records"}
    assert {name for name, kind in KINDS.items() if kind.multiline} == {"text", "list"}


async def test_a_new_kind_gets_an_editor_and_parses_what_is_typed(
    test_kinds: None, tmp_path: Path, open_workbook, wait_until
) -> None:
    text = (FIXTURES / "playbook-mini.toml").read_text(encoding="utf-8")
    text += '\n[steps.beta.fields.tags]\nkind = "tags-for-test"\nlabel = "Tags"\n'
    text += '\n[steps.beta.fields.poem]\nkind = "stanzas-for-test"\nlabel = "Poem"\n'
    app = WorkbookApp(plan_with_playbook(tmp_path, text))
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.page.step.id == "beta" and app.screen.page.ready)
        tags = app.screen.query_one("#field-tags")
        poem = app.screen.query_one("#field-poem")
        assert type(tags) is LineEditor and type(poem) is BoxEditor
        tags.query_one(Input).focus()
        await pilot.press(*"Docs, Good First")
        poem.query_one(TextArea).focus()
        await pilot.press(*"one", "enter", *"two")
        await wait_until(pilot, lambda: app.session.plan.answer("beta", "poem") == "one\ntwo")
        assert app.session.plan.answer("beta", "tags") == ["docs", "good first"]


def test_the_reminder_columns_are_the_reminder_fields() -> None:
    """The reminders editor's columns name every field of a reminder, in order."""
    from dataclasses import fields

    from cfos_tui.plan import Reminder
    from cfos_tui.tui.widgets.records import REMINDER_COLUMNS

    assert [column.id for column in REMINDER_COLUMNS] == [f.name for f in fields(Reminder)]


async def test_tab_takes_the_suggested_name_in_the_reminders_form(
    make_plan, open_workbook, wait_until
) -> None:
    """The reminders step's record form suggests the team's names for the owner: Tab
    takes the suggestion (and stays), a second Tab moves on; what is applied is the name."""
    from cfos_tui.tui.widgets.name_input import NameInput
    from cfos_tui.tui.widgets.records import RecordScreen, RecordsEditor

    app = WorkbookApp(make_plan(team=("Pavithra Eswaramoorthy", "Bo")))
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.open_step("reminders")
        await wait_until(pilot, lambda: app.screen.page.step.id == "reminders" and app.screen.page.ready)
        editor = next(e for e in app.screen.query(RecordsEditor) if e.source.key == "reminders")
        editor.edit_record()
        await wait_until(
            pilot, lambda: isinstance(app.screen, RecordScreen) and app.screen.query("#col-owner")
        )
        owner = app.screen.query_one("#col-owner", NameInput)
        owner.value = ""
        owner.focus()
        await pilot.press("p", "a", "tab")
        assert owner.value == "Pavithra Eswaramoorthy" and app.focused is owner
        await pilot.press("tab")
        assert app.focused is not owner
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, RecordScreen))
        first = next(iter(app.session.plan.reminders.values()))
        assert first.owner == "Pavithra Eswaramoorthy"
