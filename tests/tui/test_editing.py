"""Editing every kind of field, records and checklist items through the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Label, Select, TextArea

from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.widgets.checklist import ItemScreen, StepChecklist
from cfos_tui.tui.widgets.dialogs import ConfirmScreen, ReasonScreen
from cfos_tui.tui.widgets.records import RecordScreen, RecordsEditor
from tests.fixtures.screen import drawn_text
from tests.fixtures.waiting import page_ready

SIZE = (80, 24)


async def goto(pilot, step: str) -> None:
    pilot.app.open_step(step)
    await page_ready(pilot)


async def test_text_field_is_written_to_the_plan(plan_path: Path, open_workbook) -> None:
    """Typing in a multi-line text field stores the text as the answer."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        area = app.screen.query_one("#field-current-users TextArea", TextArea)
        area.focus()
        await pilot.press(*"Data teams", "enter", *"at universities")
        assert app.plan_file.plan.answer("personas", "current-users") == "Data teams\nat universities"
        assert app.save_state == "unsaved"


async def test_list_field_keeps_one_entry_per_line(plan_path: Path, open_workbook) -> None:
    """A list field stores its non-blank lines, trimmed."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "vision")
        area = app.screen.query_one("#field-needs TextArea", TextArea)
        area.focus()
        await pilot.press(*"Reproducible envs", "enter", "enter", *"  Shared data ", "enter")
        assert app.plan_file.plan.answer("vision", "needs") == ["Reproducible envs", "Shared data"]


async def test_choice_and_line_fields(plan_path: Path, open_workbook) -> None:
    """A choice stores the chosen option; clearing a line removes the answer."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "license")
        select = app.screen.query_one("#field-contributor-terms Select", Select)
        select.value = "dco"
        await pilot.pause()
        assert app.plan_file.plan.answer("license", "contributor-terms") == "dco"
        line = app.screen.query_one("#field-decision Input", Input)
        line.focus()
        await pilot.press(*"BSD-3-Clause")
        assert app.plan_file.plan.answer("license", "decision") == "BSD-3-Clause"
        await pilot.press(*["backspace"] * 12)
        assert app.plan_file.plan.answer("license", "decision") is None


async def test_add_persona_record(plan_path: Path, open_workbook) -> None:
    """Add opens a form built from the columns; applying it adds a record with a stable id."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        editor = app.screen.query_one("#records-personas-personas", RecordsEditor)
        editor.add_record()
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        await pilot.press(*"Ops Olga")
        app.screen.query_one("#col-group", Select).value = "operators"
        app.screen.query_one("#col-tools", TextArea).text = "Helm\nTerraform"
        await pilot.press("ctrl+s")
        await pilot.pause()
        personas = app.plan_file.plan.answer("personas", "personas")
        assert personas == {
            "ops-olga": {"name": "Ops Olga", "group": "operators", "tools": ["Helm", "Terraform"]}
        }
        assert editor.query_one(DataTable).row_count == 1


async def test_record_needs_its_first_column(plan_path: Path, open_workbook) -> None:
    """A record without its name is refused in the form; cancel leaves the plan alone."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.screen.query_one("#records-personas-personas", RecordsEditor).add_record()
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RecordScreen)
        assert "needed" in drawn_text(app.screen, "#record-error")
        await pilot.press("escape")
        await pilot.pause()
        assert app.plan_file.plan.answer("personas", "personas") is None
        assert app.save_state == "saved"


async def test_reorder_edit_and_remove_records(plan_path: Path, open_workbook) -> None:
    """Starter values can be moved, edited and removed; the dict order follows."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "values")
        editor = app.screen.query_one("#records-values-values", RecordsEditor)
        table = editor.query_one(DataTable)
        table.focus()
        first, second, third = list(app.plan_file.plan.answer("values", "values"))
        await pilot.press("shift+down")
        assert list(app.plan_file.plan.answer("values", "values")) == [second, first, third]
        assert editor.current_id() == first
        await pilot.press("enter")
        await pilot.pause()
        value = app.screen.query_one("#col-value", Input)
        value.value = "Openness"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.plan_file.plan.answer("values", "values")[first]["value"] == "Openness"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.pause()
        assert list(app.plan_file.plan.answer("values", "values")) == [second, third]


async def test_reminders_step_edits_plan_reminders(plan_path: Path, open_workbook) -> None:
    """On the reminders step the plan's reminders are records; last done is a validated date."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "reminders")
        editor = app.screen.query_one("#records-reminders", RecordsEditor)
        assert editor.query_one(DataTable).row_count == len(app.plan_file.plan.reminders)
        first = next(iter(app.plan_file.plan.reminders))
        editor.edit_record()
        await pilot.pause()
        app.screen.query_one("#col-last_done", Input).value = "2024-13-01"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RecordScreen)
        app.screen.query_one("#col-last_done", Input).value = "2024-05-01"
        app.screen.query_one("#col-owner", Input).value = "Ana"
        await pilot.press("ctrl+s")
        await pilot.pause()
        reminder = app.plan_file.plan.reminders[first]
        assert reminder.last_done == date(2024, 5, 1)
        assert reminder.owner == "Ana"


async def test_cycle_checklist_statuses_and_not_applicable(plan_path: Path, open_workbook) -> None:
    """space cycles todo→doing→done→todo; x asks why and stores the reason as the note."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        table = app.screen.query_one(StepChecklist)
        table.focus()
        item = table.current_id()
        states = []
        for _ in range(3):
            await pilot.press("space")
            states.append(app.plan_file.plan.items[item].status)
        assert states == ["doing", "done", "todo"]
        await pilot.press("space", "space")
        await pilot.pause()
        total = len(app.plan_file.playbook.counted_items)
        assert f"1/{total}" in str(app.screen.query_one("#status-bar").render())
        assert "◐" not in str(table.get_row(item)[0]) and "✓" in str(table.get_row(item)[0])

        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("escape")
        await pilot.pause()
        second = table.current_id()
        assert app.plan_file.plan.items[second].status == "todo"

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # an empty reason is refused, and the dialog says why
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert "Say why" in drawn_text(app.screen, "#reason-error")
        await pilot.press(*"We have no tracker")
        await pilot.press("enter")
        await pilot.pause()
        state = app.plan_file.plan.items[second]
        assert (state.status, state.note) == ("n/a", "We have no tracker")
        assert f"2/{total}" in str(app.screen.query_one("#status-bar").render())


async def test_item_editor_validates_due_date_and_na_note(plan_path: Path, open_workbook) -> None:
    """The item editor refuses a bad date and n/a without a note, then stores owner and due."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        table = app.screen.query_one(StepChecklist)
        table.focus()
        item = table.current_id()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen)
        app.screen.query_one("#due", Input).value = "next week"
        app.screen.query_one("#owner", Input).value = "Bo"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ItemScreen)
        assert "not a date" in drawn_text(app.screen, "#item-error")
        app.screen.query_one("#due", Input).value = "2024-06-30"
        app.screen.query_one("#status", Select).value = "n/a"
        await pilot.press("ctrl+s")
        assert "needs a note" in drawn_text(app.screen, "#item-error")
        app.screen.query_one("#status", Select).value = "doing"
        await pilot.press("ctrl+s")
        await pilot.pause()
        state = app.plan_file.plan.items[item]
        assert (state.status, state.owner, state.due) == ("doing", "Bo", date(2024, 6, 30))


async def test_date_field_refuses_invalid_text(tmp_path: Path, open_workbook) -> None:
    """A date field keeps the old date when given text that is not YYYY-MM-DD, and says why."""
    from cfos_tui import store
    from cfos_tui.plan import new_plan
    from cfos_tui.playbook import load_playbook

    playbook_path = tmp_path / "mini.toml"
    builtin = (Path(__file__).parents[1] / "fixtures" / "playbook-mini.toml").read_text()
    playbook_path.write_text(
        builtin + '\n[steps.beta.fields.launch]\nkind = "date"\nlabel = "Launch day"\n', encoding="utf-8"
    )
    playbook = load_playbook(playbook_path)
    step_id, field_id = "beta", "launch"
    plan = new_plan(playbook, "Mini", today=date(2024, 5, 15), playbook_file="mini.toml")
    plan.set_answer(step_id, field_id, date(2024, 1, 2))
    path = tmp_path / "mini-plan.toml"
    store.create(path, plan, playbook)
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.open_step(step_id)
        await page_ready(pilot)
        field = app.screen.query_one(f"#field-{field_id} Input", Input)
        field.focus()
        await pilot.press("end", *["backspace"] * 10, *"2024-02-31", "enter")
        await pilot.pause()
        assert app.plan_file.plan.answer(step_id, field_id) == date(2024, 1, 2)
        assert field.value == "2024-01-02"
        assert "not a date" in drawn_text(app.screen, f"#field-{field_id} .field-error")
        await pilot.press("end", *["backspace"] * 10, *"2024-03-04")
        assert app.plan_file.plan.answer(step_id, field_id) == date(2024, 3, 4)


def test_a_late_item_says_so_in_words_before_its_owner() -> None:
    """The step checklist shows lateness as words (not colour alone), ahead of the owner."""
    from datetime import date

    from cfos_tui.plan import ItemState
    from cfos_tui.playbook import builtin_playbook
    from cfos_tui.tui.widgets.checklist import item_text

    item = builtin_playbook().items[0]
    late = item_text(item, ItemState(owner="Carol", due=date(2026, 11, 1)), date(2026, 11, 27)).plain
    assert late.splitlines()[1] == f"{item.importance} · late: due 2026-11-01 · Carol"
    done = item_text(item, ItemState(status="done", owner="Carol", due=date(2026, 11, 1)), date(2026, 11, 27))
    assert "late" not in done.plain and "due 2026-11-01" in done.plain


async def test_a_list_help_says_one_per_line_once(plan_path: Path, open_workbook) -> None:
    """A list field whose help already says "per line" does not get "One per line." again;
    one whose help does not, does."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "repository")
        labels = str(app.screen.query_one("#field-labels .field-help", Label).render())
        templates = str(app.screen.query_one("#field-templates .field-help", Label).render())
    assert labels == "One label per line, e.g. type: bug, area: docs, good first issue."
    assert templates.endswith("pull request. One per line.")


async def test_a_long_line_shows_its_start_when_left(plan_path: Path, open_workbook) -> None:
    """Type more than the box holds, leave it: the box shows the first words, not the last."""
    from cfos_tui.tui.widgets.fields import LineInput

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "license")
        line = app.screen.query_one("#field-decision Input", LineInput)
        line.focus()
        text = "Apache-2.0 for the code, CC-BY-4.0 for the documentation and the website's text"
        await pilot.press(*text)
        await pilot.pause()
        assert line.scroll_offset.x > 0  # while typing, the end shows
        await pilot.press("tab")
        await pilot.pause()
        assert not line.has_focus
        assert line.cursor_position == 0 and line.scroll_offset.x == 0
        assert app.plan_file.plan.answer("license", "decision") == text


async def test_a_new_record_is_scrolled_into_view(plan_path: Path, open_workbook, wait_until) -> None:
    """The personas table starts below the fold at 80x24; after a record is added the page
    has scrolled so that the table, with the new record highlighted, is on screen."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        page = app.screen.page
        table = app.screen.query_one("#records-personas-personas", RecordsEditor).query_one(DataTable)
        assert table.region.y >= page.region.bottom  # below the fold
        table.parent.add_record()
        await wait_until(
            pilot, lambda: isinstance(app.screen, RecordScreen) and app.screen.query("#col-name")
        )
        await pilot.press(*"Ops Olga", "ctrl+s")
        await wait_until(pilot, lambda: table.row_count == 1)
        await wait_until(pilot, lambda: page.region.contains_region(table.region))
        assert table.cursor_row == 0


async def test_starter_values_are_suggestions_until_accepted(plan_path: Path, open_workbook) -> None:
    """A new plan's values are the playbook's suggestions: marked so, never reported as
    agreed; space accepts one, and applying its form makes another the team's own."""
    from cfos_tui.report import render_report

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "values")
        editor = app.screen.query_one("#records-values-values", RecordsEditor)
        table = editor.query_one(DataTable)
        first, second, third = list(app.plan_file.plan.answer("values", "values"))
        assert all(str(table.get_row(rid)[0]).startswith("◇ ") for rid in (first, second, third))
        assert "3 suggestions from the playbook, not yet agreed" in drawn_text(editor, ".records-suggested")
        report = render_report(app.plan_file.plan, app.plan_file.playbook, today=date(2024, 5, 15))
        assert "*Suggested, not yet agreed:* Accessibility and inclusion, Vendor neutrality" in report
        table.focus()
        await pilot.press("space")
        await pilot.pause()
        values = app.plan_file.plan.answer("values", "values")
        assert "suggested" not in values[first]
        assert values[second]["suggested"] is True
        assert editor.current_id() == second  # on to the next suggestion
        assert not str(table.get_row(first)[0]).startswith("◇")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the form applied unchanged: agreed as it stands
        await pilot.pause()
        values = app.plan_file.plan.answer("values", "values")
        assert "suggested" not in values[second]
        assert values[third]["suggested"] is True
        assert "◇ 1 suggestion from the playbook" in drawn_text(editor, ".records-suggested")
        report = render_report(app.plan_file.plan, app.plan_file.playbook, today=date(2024, 5, 15))
        assert "*Suggested, not yet agreed:* Security first." in report
        assert "| Accessibility and inclusion |" in report


async def test_the_license_decision_says_as_you_type_when_it_is_no_spdx_expression(
    plan_path: Path, open_workbook, wait_until
) -> None:
    """The box keeps what is typed and says, under it, which SPDX id was probably meant."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "license")
        box = app.screen.query_one("#field-decision Input", Input)
        box.focus()
        await pilot.press(*"BSD 3 clause")
        expected = "'BSD 3 clause' is not an SPDX license id; the closest is BSD-3-Clause"
        await wait_until(pilot, lambda: expected in drawn_text(app.screen, "#field-decision .field-error"))
        assert app.plan_file.plan.answer("license", "decision") == "BSD 3 clause"  # kept, never lost
        box.value = ""
        await pilot.press(*"BSD-3-Clause OR MIT")
        await wait_until(pilot, lambda: drawn_text(app.screen, "#field-decision .field-error") == "")
        assert app.plan_file.plan.answer("license", "decision") == "BSD-3-Clause OR MIT"
