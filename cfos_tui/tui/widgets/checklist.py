"""A step's checklist: one row per item, statuses cycled from the keyboard.

``space`` cycles todo → doing → done → todo, ``x`` marks an item not applicable
(asking why: ``n/a`` is never written without a note), ``enter``/``o`` opens the
item editor (status, owner, due date, note, evidence).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select

from cfos_tui.clock import as_date
from cfos_tui.kinds import DATE_HINT
from cfos_tui.plan import STATUSES, ItemState
from cfos_tui.playbook import ItemSpec
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.widgets.dialogs import (
    Dialog,
    ReasonScreen,
    Refused,
    accept_button,
    cancel_button,
    dialog_buttons,
)
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.name_input import NameInput
from cfos_tui.tui.widgets.text import literal

MARKS = {"todo": "·", "doing": "◐", "done": "✓", "n/a": "–"}
STATUS_STYLES = {"todo": "", "doing": "bold", "done": "green", "n/a": "dim"}


def status_text(status: str) -> Text:
    return Text(f"{MARKS.get(status, '?')} {status}", style=STATUS_STYLES.get(status, ""))


def item_text(item: ItemSpec, state: ItemState, today: date) -> Text:
    """The item's title, then a dim line: importance, owner, due date, note."""
    text = Text(literal(item.title))
    if item.retired:
        text.append(f"\nretired in version {literal(item.retired)}: kept, not counted", style="dim italic")
        return text
    text.append("\n" + item.importance, style="dim")
    if state.due:  # before the owner, so a narrow column cuts the owner, not the lateness
        if state.due < today and not state.complete:
            text.append(" · ", style="dim")
            text.append(f"late: due {state.due.isoformat()}", style="bold red")
        else:
            text.append(f" · due {state.due.isoformat()}", style="dim")
    details = []
    if state.owner:
        details.append(literal(state.owner))
    if state.note:
        note = state.note.splitlines()[0]
        details.append(literal(note if len(note) <= 40 else note[:39].rstrip() + "…"))
    for detail in details:
        text.append(" · " + detail, style="dim")
    return text


class StepChecklist(DataTable):
    """The checklist items of one step."""

    # Short labels, as in the Checklist view, so the footer still shows the app's keys at
    # 80 columns; enter and o (edit) are in the help.
    BINDINGS = [
        Binding("space", "cycle", "Status", tooltip="Next status: todo → doing → done"),
        Binding("x", "not_applicable", "N/A", tooltip="Not applicable (asks why)"),
        Binding("o", "edit", "Edit item", show=False),
    ]

    def __init__(self, items: tuple[ItemSpec, ...], *, read_only: bool = False) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_header=True, id="step-checklist")
        self.items = {item.id: item for item in items}
        self.read_only = read_only
        self._shown_width = 0
        self.wanted: str | None = None
        """An item to highlight once the rows are drawn."""

    def state(self, item_id: str) -> ItemState:
        return session(self).item(item_id)

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        if self.size.width != self._shown_width:
            self.fill()

    def fill(self) -> None:
        """Draw every item, keeping the highlighted row."""
        current = self.wanted or self.current_id()
        self._shown_width = self.size.width
        title_width = max(self.size.width - 13, 20)
        today = workbook(self).today()
        with self.app.batch_update():
            self.clear(columns=True)
            self.add_column("Status", width=8, key="status")
            self.add_column("Item", width=title_width, key="item")
            for item in self.items.values():
                state = self.state(item.id)
                self.add_row(
                    status_text(state.status), item_text(item, state, today), key=item.id, height=None
                )
            if current is not None:
                self.focus_item(current)

    def focus_item(self, item_id: str) -> None:
        if item_id in self.items and self.row_count:
            self.wanted = None
            self.move_cursor(row=list(self.items).index(item_id))

    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def refresh_item(self, item_id: str) -> None:
        state = self.state(item_id)
        today = workbook(self).today()
        self.update_cell(item_id, "status", status_text(state.status))
        self.update_cell(item_id, "item", item_text(self.items[item_id], state, today), update_width=False)

    def set_state(self, item_id: str, state: ItemState) -> None:
        """Store a new state for the item and redraw its row."""
        if session(self).set_item(item_id, state):
            self.refresh_item(item_id)

    def _editable(self) -> str | None:
        item_id = self.current_id()
        if item_id is None:
            return None
        if self.read_only:
            self.notify("This plan is read-only.", severity="warning")
            return None
        return item_id

    def action_cycle(self) -> None:
        item_id = self._editable()
        if item_id is None:
            return
        session(self).cycle_status(item_id)
        self.refresh_item(item_id)

    def action_not_applicable(self) -> None:
        item_id = self._editable()
        if item_id is None:
            return

        def reason_given(reason: str | None) -> None:
            if reason:
                session(self).not_applicable(item_id, reason)
                self.refresh_item(item_id)

        state = self.state(item_id)
        self.app.push_screen(ReasonScreen(self.items[item_id].title, state.note), reason_given)

    def action_edit(self) -> None:
        item_id = self._editable()
        if item_id is None:
            return

        def edited(state: ItemState | None) -> None:
            if state is not None:
                self.set_state(item_id, state)

        team = list(session(self).plan.team)
        self.app.push_screen(ItemScreen(self.items[item_id], self.state(item_id), team), edited)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()


class ItemScreen(Dialog[ItemState | None]):
    """Edit one checklist item: status, owner, due date, note and evidence."""

    BINDINGS = [Binding("ctrl+s", "accept", "Apply")]

    def __init__(self, item: ItemSpec, state: ItemState, team: list[str]) -> None:
        super().__init__()
        self.item = item
        self.state = state
        self.team = team

    def compose_dialog(self) -> ComposeResult:
        state = self.state
        with Vertical(classes="dialog item-dialog"):
            yield Label(literal(self.item.title), markup=False, classes="dialog-title")
            if self.item.hint:
                yield Label(literal(self.item.hint), markup=False, classes="hint")
            with Horizontal(classes="form-row"):
                yield Label("Status", classes="form-label")
                yield Select(
                    [(s, s) for s in STATUSES],
                    value=state.status,
                    allow_blank=False,
                    id="status",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Owner", classes="form-label")
                yield NameInput(
                    literal(state.owner),
                    id="owner",
                    compact=True,
                    placeholder="Who makes it happen",
                    team=self.team,
                )
            if self.team:
                yield Label(literal("Team: " + ", ".join(self.team)), markup=False, classes="hint form-help")
            with Horizontal(classes="form-row"):
                yield Label("Due", classes="form-label")
                yield Input(
                    state.due.isoformat() if state.due else "", id="due", placeholder=DATE_HINT, compact=True
                )
            with Horizontal(classes="form-row"):
                yield Label("Note", classes="form-label")
                yield Input(
                    literal(state.note),
                    id="note",
                    placeholder="Why, how, or what is left (needed for n/a)",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Evidence", classes="form-label")
                yield Input(
                    literal(state.evidence),
                    id="evidence",
                    placeholder="A link or a path that shows it",
                    compact=True,
                )
            yield ErrorLine(id="item-error")
            yield dialog_buttons(accept_button("Apply"), cancel_button())

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def result(self) -> ItemState:
        """The edited state; Refused says what is wrong with the form."""
        status = self.query_one("#status", Select).value
        due_text = self.text_of("#due")
        due = as_date(due_text) if due_text else None
        if due_text and due is None:
            raise Refused(f"Due: {due_text!r} is not a date; use {DATE_HINT}.", focus="#due")
        note = self.text_of("#note")
        if status == "n/a" and not note:
            raise Refused("Not applicable needs a note that says why.", focus="#note")
        return ItemState(
            status=str(status),
            owner=self.text_of("#owner"),
            due=due,
            note=note,
            evidence=self.text_of("#evidence"),
        )
