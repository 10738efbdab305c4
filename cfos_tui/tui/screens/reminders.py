"""The reminders view: which habits are due now, which come next, and marking them done."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from cfos_tui.clock import parse_date
from cfos_tui.errors import CfosError
from cfos_tui.plan import Plan, Reminder, due_reminders, new_record_id
from cfos_tui.playbook import AUDIENCES, CADENCES
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.screens.view import View
from cfos_tui.tui.widgets.dialogs import (
    ConfirmScreen,
    Dialog,
    Refused,
    accept_button,
    cancel_button,
    dialog_buttons,
    form_row,
)
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.name_input import NameInput
from cfos_tui.tui.widgets.table import Column, RowTable
from cfos_tui.tui.widgets.text import cell, one_line
from cfos_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from cfos_tui.tui.app import Revision

# Who keeps a habit: as the form offers it, and as the detail line says it.
AUDIENCE_CHOICES = {
    "internal": "the sponsoring team",
    "community": "the community",
    "both": "the team and the community",
}
AUDIENCE_WORDS = {
    "internal": "kept by the sponsoring team",
    "community": "kept by the community",
    "both": "kept by the team and the community",
}


class ReminderModal(Dialog[Reminder | None]):
    """A form for a new habit reminder; dismisses with the reminder, or None."""

    BINDINGS = [Binding("ctrl+s", "accept", "Add")]
    AUTO_FOCUS = "#reminder-habit"

    def __init__(self, team: list[str]) -> None:
        super().__init__()
        self.team = team

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a habit reminder", classes="dialog-title")
            yield form_row(
                "Habit", Input(placeholder="what the team does regularly", id="reminder-habit", compact=True)
            )
            yield form_row(
                "Kept by",
                Select(
                    [(AUDIENCE_CHOICES.get(name, name), name) for name in AUDIENCES],
                    value="both",
                    allow_blank=False,
                    id="reminder-audience",
                    compact=True,
                ),
            )
            yield form_row(
                "Cadence",
                Select(
                    [(name, name) for name in CADENCES],
                    value="monthly",
                    allow_blank=False,
                    id="reminder-cadence",
                    compact=True,
                ),
            )
            yield form_row(
                "Channel", Input(placeholder="where it happens", id="reminder-channel", compact=True)
            )
            yield form_row(
                "Owner",
                NameInput(placeholder="who does it", id="reminder-owner", compact=True, team=self.team),
            )
            yield form_row(
                "Last done",
                Input(placeholder="YYYY-MM-DD, empty if never", id="reminder-last-done", compact=True),
            )
            yield ErrorLine(id="reminder-error")
            yield dialog_buttons(accept_button("Add", id="add"), cancel_button())

    def result(self) -> Reminder:
        habit = self.text_of("#reminder-habit")
        if not habit:
            raise Refused("Say what the habit is.", focus="#reminder-habit")
        last_done_text = self.text_of("#reminder-last-done")
        last_done: date | None = None
        if last_done_text:
            try:
                last_done = parse_date(last_done_text, "last-done date")
            except CfosError as error:
                raise Refused(str(error), focus="#reminder-last-done") from None
            if last_done > workbook(self).today():
                raise Refused(
                    f"{last_done.isoformat()} is still to come: when was it last done?",
                    focus="#reminder-last-done",
                )
        return Reminder(
            habit=habit,
            audience=str(self.query_one("#reminder-audience", Select).value),
            cadence=str(self.query_one("#reminder-cadence", Select).value),
            channel=self.text_of("#reminder-channel"),
            owner=self.text_of("#reminder-owner"),
            last_done=last_done,
        )


class ReminderTable(RowTable):
    """One list of reminders; ``enter`` marks the highlighted one done."""

    BINDINGS = [Binding("enter", "select", "Mark done", show=False)]


class RemindersScreen(View):
    """Habit reminders: due now, and coming up by next date."""

    TITLE = "Reminders"
    AUTO_FOCUS = "#due-table"

    BINDINGS = [
        Binding("d", "mark_done", "Mark done"),
        Binding("a", "add", "Add"),
        Binding("delete", "remove", "Remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._due: list[str] = []
        self._upcoming: list[str] = []
        self._width = 0
        self._resumed = False

    @property
    def plan(self) -> Plan:
        return session(self).plan

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Label("Due now", id="due-title", classes="list-title", markup=False)
        yield ReminderTable(id="due-table")
        yield Label("Coming up", id="upcoming-title", classes="list-title", markup=False)
        yield ReminderTable(id="upcoming-table")
        yield Label("", id="reminder-detail", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.plan.project)
        self._fill(width=self.size.width)

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._fill(width=self.size.width)

    def plan_revised(self, revision: Revision) -> None:
        if self._width:
            self._fill()

    def on_screen_resume(self) -> None:
        # Also sent as the view first appears, just after it was filled.
        if self._width and self._resumed:
            self._fill()
        self._resumed = True

    # --- filling --------------------------------------------------------------

    def _columns(self, width: int) -> list[Column]:
        """The columns for a screen ``width`` wide (more of them on a wide one); the habit
        takes the spare width."""
        columns = [Column("cadence", "Every", 9), Column("owner", "Owner", 12 if width >= 110 else 9)]
        if width >= 100:
            columns.insert(1, Column("channel", "Channel", 18))
            columns.insert(0, Column("audience", "Audience", 9))
        return [
            Column("habit", "Habit"),
            *columns,
            Column("last", "Last done", 10),
            Column("next", "Next", 10),
        ]

    def _fill(self, width: int | None = None) -> None:
        """Split the reminders into the two lists and redraw both, keeping the selection."""
        today = workbook(self).today()
        rows = {table.id: table.cursor_row for table in self.query(ReminderTable) if table.row_count}
        self._due = due_reminders(self.plan, today)
        due = set(self._due)
        self._upcoming = sorted(
            (rid for rid in self.plan.reminders if rid not in due),
            key=lambda rid: self.plan.reminders[rid].next_date(today) or date.max,
        )
        if width:
            self._width = width
        columns = self._columns(self._width)
        for table_id, ids in (("#due-table", self._due), ("#upcoming-table", self._upcoming)):
            table = self.query_one(table_id, ReminderTable)
            if table.columns != columns:
                table.set_columns(columns)
            table.clear()
            table.add_rows(
                (reminder_id, self._cells(self.plan.reminders[reminder_id], columns, today))
                for reminder_id in ids
            )
        self.query_one("#due-title", Label).update(
            f"Due now ({len(self._due)})" if self._due else "Due now: nothing is due"
        )
        self.query_one("#upcoming-title", Label).update(f"Coming up ({len(self._upcoming)})")
        for table in self.query(ReminderTable):
            if table.row_count and table.id in rows:
                table.move_cursor(min(rows[table.id], table.row_count - 1))
        if isinstance(self.focused, ReminderTable) and not self.focused.row_count:
            other = "#upcoming-table" if self.focused.id == "due-table" else "#due-table"
            self.query_one(other, ReminderTable).focus()
        self._show_detail()

    @staticmethod
    def _cells(reminder: Reminder, columns: list[Column], today: date) -> list[Text]:
        next_date = reminder.next_date(today)
        values = {
            "habit": cell(reminder.habit),
            "audience": cell(reminder.audience),
            "cadence": cell(reminder.cadence),
            "channel": cell(reminder.channel),
            "owner": cell(reminder.owner),
            "last": cell(reminder.last_done.isoformat(), "") if reminder.last_done else cell("never", "dim"),
            "next": cell("unknown cadence", "dim")
            if next_date is None
            else cell(next_date.isoformat(), "bold red" if next_date < today else ""),
        }
        return [values[column.key] for column in columns]

    # --- selection ------------------------------------------------------------

    def _active_table(self) -> ReminderTable:
        focused = self.focused
        if isinstance(focused, ReminderTable):
            return focused
        return self.query_one("#due-table" if self._due else "#upcoming-table", ReminderTable)

    def _ids_of(self, table: ReminderTable) -> list[str]:
        return self._due if table.id == "due-table" else self._upcoming

    def _selected(self) -> str | None:
        if not self._width:
            return None
        table = self._active_table()
        ids = self._ids_of(table)
        row = table.cursor_row
        return ids[row] if ids and 0 <= row < len(ids) else None

    def _select(self, reminder_id: str) -> None:
        """Put the cursor on a reminder in whichever list now holds it."""
        for table_id, ids in (("#due-table", self._due), ("#upcoming-table", self._upcoming)):
            if reminder_id in ids:
                table = self.query_one(table_id, ReminderTable)
                table.move_cursor(ids.index(reminder_id))
                table.focus()
                return

    def on_descendant_focus(self) -> None:
        self._show_detail()

    @on(RowTable.RowHighlighted)
    def _show_detail(self) -> None:
        detail = self.query_one("#reminder-detail", Label)
        reminder_id = self._selected()
        reminder = self.plan.reminders.get(reminder_id) if reminder_id else None
        if reminder is None:
            detail.update("Press a to add a reminder." if not self.plan.reminders else "")
            return
        audience = AUDIENCE_WORDS.get(reminder.audience, reminder.audience)
        parts = [reminder.habit, f"{reminder.cadence}, {audience}"]
        if reminder.channel:
            parts.append(f"in {reminder.channel}")
        if reminder.owner:
            parts.append(f"owner {reminder.owner}")
        detail.update(one_line(" · ".join(parts)))

    # --- actions --------------------------------------------------------------

    def _editable(self) -> bool:
        reason = session(self).read_only
        if reason:
            self.notify(f"This plan is read-only: {reason}", severity="warning", markup=False)
            return False
        return True

    @on(RowTable.RowSelected)
    def row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.action_mark_done()

    def action_mark_done(self) -> None:
        reminder_id = self._selected()
        if reminder_id is None or not self._editable():
            return
        today = workbook(self).today()
        session(self).reminder_done(reminder_id, today)
        reminder = self.plan.reminders[reminder_id]
        self._fill()
        next_date = reminder.next_date(today)
        following = f" Next on {next_date.isoformat()}." if next_date else ""
        self.notify(f"Done: {one_line(reminder.habit)}.{following}", markup=False)

    def action_add(self) -> None:
        if not self._editable():
            return

        def added(reminder: Reminder | None) -> None:
            if reminder is None:
                return
            reminder_id = new_record_id(reminder.habit, self.plan.reminders, fallback="reminder")
            session(self).set_reminder(reminder_id, reminder, today=workbook(self).today())
            self._fill()
            self._select(reminder_id)
            self._show_detail()
            self.notify(f"Reminder added: {one_line(reminder.habit)}", markup=False)

        self.app.push_screen(ReminderModal(list(self.plan.team)), added)

    def action_remove(self) -> None:
        reminder_id = self._selected()
        if reminder_id is None or not self._editable():
            return
        habit = self.plan.reminders[reminder_id].habit

        def answered(remove: bool | None) -> None:
            if not remove or reminder_id not in self.plan.reminders:
                return
            session(self).set_reminder(reminder_id, None, today=workbook(self).today())
            self._fill()
            self.notify(f"Reminder removed: {one_line(habit)}", markup=False)

        self.app.push_screen(
            ConfirmScreen(f"Remove the reminder “{one_line(habit)}”?", yes="Remove"), answered
        )
