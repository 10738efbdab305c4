"""Record editors: a compact table of small structured entries (personas, values,
teams, the conduct committee, habit reminders) with add, edit, reorder and remove.

Records are dicts keyed by a stable id, in the order the plan file gives; moving a
record rebuilds the dict in the new order. Editing one opens ``RecordScreen``, a
form built from the column specs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Label, Select, TextArea

from cfos_tui.kinds import DATE_HINT, SUGGESTED, is_suggested, kind_of
from cfos_tui.mapping import from_values, values_of
from cfos_tui.plan import Plan, Reminder, new_record_id
from cfos_tui.playbook import AUDIENCES, CADENCES, FieldSpec
from cfos_tui.session import EditRefused, PlanSession
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.widgets.dialogs import (
    ConfirmScreen,
    Dialog,
    Refused,
    accept_button,
    cancel_button,
    dialog_buttons,
)
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.name_input import NameInput
from cfos_tui.tui.widgets.text import literal

REMINDER_COLUMNS = (
    FieldSpec("habit", "line", "Habit", help="What the team keeps doing, in a few words."),
    FieldSpec(
        "audience",
        "choice",
        "Audience",
        help="Who keeps it: internal (the sponsoring team), community, or both.",
        options=AUDIENCES,
    ),
    FieldSpec("cadence", "choice", "Cadence", options=CADENCES),
    FieldSpec("channel", "line", "Channel", help="Where it happens: forum, chat, meeting…"),
    FieldSpec("owner", "line", "Owner"),
    FieldSpec("last_done", "date", "Last done", help=DATE_HINT),
)


SUGGESTION_MARK = "◇"
"""Marks a record that is a suggestion the team has not accepted yet."""


def cell_text(column: FieldSpec, value: Any) -> str:
    """One line that stands for a column's value in a table cell."""
    return literal(kind_of(column).cell(value))


def record_title(columns: tuple[FieldSpec, ...], record: dict[str, Any]) -> str:
    """What names a record: its first column's value, as a cell shows it."""
    return cell_text(columns[0], record.get(columns[0].id))


class AnswerRecords:
    """The records answering one field of a step."""

    def __init__(self, step_id: str, spec: FieldSpec) -> None:
        self.step_id = step_id
        self.spec = spec
        self.columns = spec.columns
        self.key = f"{step_id}-{spec.id}"
        self.people: tuple[str, ...] = ()

    def records(self, plan: Plan) -> dict[str, dict[str, Any]]:
        value = plan.answer(self.step_id, self.spec.id)
        return {rid: dict(rec) for rid, rec in value.items()} if isinstance(value, dict) else {}

    def store(self, edits: PlanSession, records: dict[str, dict[str, Any]], today: date) -> None:
        edits.set_answer(self.step_id, self.spec.id, records)


class ReminderRecords:
    """The plan's habit reminders, edited like records."""

    def __init__(self) -> None:
        self.spec = FieldSpec(
            "reminders",
            "records",
            "Habit reminders",
            help="What the team keeps doing in public, how often, and who makes sure it happens.",
        )
        self.columns = REMINDER_COLUMNS
        self.key = "reminders"
        self.people = ("owner",)

    def records(self, plan: Plan) -> dict[str, dict[str, Any]]:
        return {rid: values_of(reminder) for rid, reminder in plan.reminders.items()}

    def store(self, edits: PlanSession, records: dict[str, dict[str, Any]], today: date) -> None:
        fresh = {rid: from_values(Reminder, values) for rid, values in records.items()}
        edits.set_reminders(fresh, today=today)


RecordSource = AnswerRecords | ReminderRecords


class RecordsTable(DataTable):
    """The table of records; keys act on the highlighted record."""

    BINDINGS = [
        Binding("plus,insert", "add", "Add", key_display="+"),
        Binding("enter", "edit", "Edit", show=False),
        Binding("shift+up", "move(-1)", "Move up", key_display="⇧↑"),
        Binding("shift+down", "move(1)", "Move down", key_display="⇧↓"),
        Binding("delete,minus", "remove", "Remove", key_display="del"),
        Binding("space", "accept", "Accept", tooltip="Agree to the highlighted suggestion"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return self._editor().has_suggestions()
        return True

    def action_add(self) -> None:
        self._editor().add_record()

    def action_accept(self) -> None:
        self._editor().accept_record()

    def action_edit(self) -> None:
        self._editor().edit_record()

    def action_move(self, offset: int) -> None:
        self._editor().move_record(offset)

    def action_remove(self) -> None:
        self._editor().remove_record()

    def _editor(self) -> RecordsEditor:
        editor = next(a for a in self.ancestors if isinstance(a, RecordsEditor))
        return editor


class RecordsEditor(Vertical):
    """A records field: label, help, the table and its buttons."""

    DEFAULT_CLASSES = "field records"

    def __init__(self, source: RecordSource, *, read_only: bool = False) -> None:
        super().__init__(id=f"records-{source.key}")
        self.source = source
        self.read_only = read_only
        self._shown_width = 0

    @property
    def plan(self) -> Plan:
        return session(self).plan

    def compose(self) -> ComposeResult:
        spec = self.source.spec
        yield Label(literal(spec.label), markup=False, classes="field-label")
        if spec.help:
            yield Label(literal(spec.help), markup=False, classes="field-help")
        yield RecordsTable(cursor_type="row", zebra_stripes=True, classes="records-table")
        yield Label("", classes="records-empty")
        yield Label("", classes="records-suggested")
        with Horizontal(classes="records-buttons"):
            for action, label in (("add", "Add"), ("edit", "Edit"), ("up", "Up"), ("down", "Down")):
                yield Button(label, name=action, compact=True, disabled=self.read_only)
            yield Button("Remove", name="remove", compact=True, variant="error", disabled=self.read_only)
            yield Button(
                "Accept",
                name="accept",
                compact=True,
                variant="success",
                disabled=self.read_only,
                classes="records-accept",
            )

    def shown_columns(self) -> list[FieldSpec]:
        """The columns the table shows: the first, then short ones, up to three."""
        columns = list(self.source.columns)
        short = [c for c in columns[1:] if not kind_of(c).multiline]
        others = [c for c in columns[1:] if c not in short]
        return (columns[:1] + short + others)[:3]

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        if self.size.width != self._shown_width:
            self.fill()

    def fill(self, select: str | None = None) -> None:
        """Draw the records into the table, keeping or moving the highlight."""
        table = self.query_one(RecordsTable)
        if select is None and table.row_count:
            select = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._shown_width = self.size.width
        columns = self.shown_columns()
        room = max(self.size.width - 2, 30)
        width = max(8, room // len(columns) - 2)
        records = self.source.records(self.plan)
        with self.app.batch_update():
            table.clear(columns=True)
            for column in columns:
                table.add_column(Text(column.label), width=width, key=column.id)
            for record_id, record in records.items():
                cells = [cell_text(column, record.get(column.id)) for column in columns]
                style = ""
                if is_suggested(record):
                    cells[0], style = f"{SUGGESTION_MARK} {cells[0]}", "italic"
                row = (Text(c, style=style, no_wrap=True, overflow="ellipsis") for c in cells)
                table.add_row(*row, key=record_id)
            if select in records:
                table.move_cursor(row=list(records).index(select))
        self.query_one(".records-empty", Label).update("" if records else "None yet: press Add.")
        self.set_class(not records, "-empty")
        pending = sum(1 for record in records.values() if is_suggested(record))
        note = ""
        if pending:
            what = "1 suggestion" if pending == 1 else f"{pending} suggestions"
            note = (
                f"{SUGGESTION_MARK} {what} from the playbook, not yet agreed: Accept (space) the "
                "highlighted one, edit it to make it yours, or remove it."
            )
        self.query_one(".records-suggested", Label).update(note)
        self.set_class(bool(pending), "-suggested")
        self.query_one(".records-accept", Button).display = bool(pending)

    def has_suggestions(self) -> bool:
        return any(is_suggested(record) for record in self.source.records(self.plan).values())

    def current_id(self) -> str | None:
        table = self.query_one(RecordsTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _refuse_read_only(self) -> bool:
        if self.read_only:
            self.notify("This plan is read-only.", severity="warning")
        return self.read_only

    def _save(self, records: dict[str, dict[str, Any]], select: str | None) -> None:
        try:
            self.source.store(session(self), records, workbook(self).today())
        except EditRefused as refused:
            self.notify(literal(str(refused)), title="Not changed", severity="error", markup=False)
            return
        self.fill(select)
        if select is not None:
            # A record added at the end of a long table would sit below the fold: once
            # laid out again, the page scrolls to the whole editor (the table, at most ten
            # rows, has scrolled itself to the highlighted record).
            self.call_after_refresh(self.scroll_visible, animate=False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "add": self.add_record,
            "edit": self.edit_record,
            "up": lambda: self.move_record(-1),
            "down": lambda: self.move_record(1),
            "remove": self.remove_record,
            "accept": self.accept_record,
        }
        actions[event.button.name or ""]()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.edit_record()

    def _form(self, title: str, values: dict[str, Any]) -> RecordScreen:
        people = self.source.people
        return RecordScreen(title, self.source.columns, values, people=people, team=tuple(self.plan.team))

    def add_record(self) -> None:
        if self._refuse_read_only():
            return

        def added(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            records = self.source.records(self.plan)
            record_id = new_record_id(record_title(self.source.columns, values), records)
            records[record_id] = values
            self._save(records, record_id)

        self.app.push_screen(self._form(f"New: {self.source.spec.label}", {}), added)

    def edit_record(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            self.add_record()
            return
        if self._refuse_read_only():
            return
        records = self.source.records(self.plan)

        def edited(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            fresh = self.source.records(self.plan)
            if record_id not in fresh:
                return
            known = {c.id for c in self.source.columns} | {SUGGESTED}  # applying the form agrees to it
            kept = {k: v for k, v in fresh[record_id].items() if k not in known}
            fresh[record_id] = {**kept, **values}
            if fresh[record_id] != self.source.records(self.plan).get(record_id):
                self._save(fresh, record_id)

        title = record_title(self.source.columns, records[record_id]) or record_id
        self.app.push_screen(self._form(title, records[record_id]), edited)

    def accept_record(self) -> None:
        """Agree to the highlighted suggestion: it becomes the team's own record."""
        record_id = self.current_id()
        if record_id is None or self._refuse_read_only():
            return
        records = self.source.records(self.plan)
        if not is_suggested(records.get(record_id)):
            self.notify("That record is already the team's own.", markup=False)
            return
        records[record_id].pop(SUGGESTED)
        order = list(records)
        later = order[order.index(record_id) + 1 :]
        following = next((rid for rid in later if is_suggested(records[rid])), record_id)
        self._save(records, following)

    def move_record(self, offset: int) -> None:
        record_id = self.current_id()
        if record_id is None or self._refuse_read_only():
            return
        records = self.source.records(self.plan)
        order = list(records)
        index = order.index(record_id)
        target = index + offset
        if not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        self._save({rid: records[rid] for rid in order}, record_id)

    def remove_record(self) -> None:
        record_id = self.current_id()
        if record_id is None or self._refuse_read_only():
            return
        records = self.source.records(self.plan)
        name = record_title(self.source.columns, records[record_id]) or record_id

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            fresh = self.source.records(self.plan)
            order = list(fresh)
            if record_id not in fresh:
                return
            index = order.index(record_id)
            del fresh[record_id]
            remaining = list(fresh)
            self._save(fresh, remaining[min(index, len(remaining) - 1)] if remaining else None)

        question = f"Remove “{name}” from {self.source.spec.label}?"
        self.app.push_screen(ConfirmScreen(question, yes="Remove"), confirmed)

    def reload(self) -> None:
        self.fill()


class RecordScreen(Dialog[dict[str, Any] | None]):
    """A form for one record, built from the column specs; the values or None."""

    DEFAULT_CSS = """
    RecordScreen {
        .record-dialog {
            height: 22;
        }
        .record-fields {
            height: 1fr;
        }
        .record-area {
            height: 5;
        }
    }
    """

    BINDINGS = [Binding("ctrl+s", "accept", "Apply")]

    def __init__(
        self,
        title: str,
        columns: tuple[FieldSpec, ...],
        values: dict[str, Any],
        *,
        people: tuple[str, ...] = (),
        team: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.columns = columns
        self.values = values
        self.people = people
        """The columns that name a person: they suggest the team's names."""
        self.team = team

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog record-dialog"):
            yield Label(literal(self.title_text), markup=False, classes="dialog-title")
            with VerticalScroll(classes="record-fields"):
                for column in self.columns:
                    yield Label(literal(column.label), markup=False, classes="field-label")
                    if column.help and column.help != kind_of(column).hint:
                        yield Label(literal(column.help), markup=False, classes="field-help")
                    yield self._control(column, self.values.get(column.id))
            yield ErrorLine(id="record-error")
            yield dialog_buttons(accept_button("Apply"), cancel_button())

    def _control(self, column: FieldSpec, value: Any) -> Input | TextArea | Select[str]:
        """The widget for one column, by the shape of its kind."""
        widget_id = f"col-{column.id}"
        kind = kind_of(column)
        if column.options:
            options = list(column.options)
            if isinstance(value, str) and value and value not in options:
                options.append(value)
            return Select(
                [(Content(literal(o)), o) for o in options],
                value=value if value else Select.NULL,
                prompt="(not decided)",
                id=widget_id,
                compact=True,
            )
        text = literal(kind.text(value))
        if kind.multiline:
            area = TextArea(text, soft_wrap=True, tab_behavior="focus", id=widget_id, classes="record-area")
            if kind.hint:
                area.border_subtitle = kind.hint.rstrip(".").lower()
            return area
        if column.id in self.people:
            return NameInput(text, placeholder=kind.hint, id=widget_id, team=self.team)
        return Input(text, placeholder=kind.hint, id=widget_id)

    def on_mount(self) -> None:
        self.query_one(f"#col-{self.columns[0].id}").focus()

    def result(self) -> dict[str, Any]:
        """The form's values (empty ones left out); Refused says what is wrong."""
        values: dict[str, Any] = {}
        for column in self.columns:
            widget = self.query_one(f"#col-{column.id}")
            if isinstance(widget, Select):
                value: Any = widget.value if isinstance(widget.value, str) else ""
            else:
                assert isinstance(widget, Input | TextArea)
                text = widget.text if isinstance(widget, TextArea) else widget.value
                try:
                    value = kind_of(column).parse(text, column)
                except ValueError as error:
                    raise Refused(f"{column.label}: {error}", focus=f"#col-{column.id}") from None
            if value not in (None, "", []):
                values[column.id] = value
        first = self.columns[0]
        if first.id not in values:
            raise Refused(f"{first.label} is needed.", focus=f"#col-{first.id}")
        return values
