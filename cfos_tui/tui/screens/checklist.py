"""The checklist view: every item of the plan in one table, filtered and sorted.

Filters (status, owner, importance, overdue) rebuild the rows; a status change
updates its row in place so the cursor stays where the person is working.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from cfos_tui.plan import ItemState
from cfos_tui.playbook import IMPORTANCES, ItemSpec, Playbook
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.screens.view import View
from cfos_tui.tui.widgets.checklist import status_text
from cfos_tui.tui.widgets.dialogs import ReasonScreen
from cfos_tui.tui.widgets.filter_bar import Filter, FilterBar
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.table import Column, RowTable
from cfos_tui.tui.widgets.text import cell, one_line
from cfos_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from cfos_tui.tui.app import Revision

OVERDUE_STYLE = "bold red"

STATUS_FILTERS = (
    ("all statuses", "all"),
    ("open (not done)", "open"),
    ("todo", "todo"),
    ("doing", "doing"),
    ("done", "done"),
    ("n/a", "n/a"),
)
UNASSIGNED = "\x00unassigned"


FILTERS_KEY = "checklist-filters"


@dataclass(frozen=True)
class Filters:
    """What the checklist shows: the chosen filters and whether it is sorted by due date."""

    status: str = "all"
    owner: str = "all"
    importance: str = "all"
    overdue_only: bool = False
    by_due: bool = False


def is_overdue(state: ItemState, today: date) -> bool:
    return not state.complete and state.due is not None and state.due < today


def matches(state: ItemState, item: ItemSpec, filters: Filters, today: date) -> bool:
    """Whether an item passes every filter."""
    if filters.status == "open" and state.complete:
        return False
    if filters.status not in ("all", "open") and state.status != filters.status:
        return False
    if filters.owner == UNASSIGNED and state.owner.strip():
        return False
    if filters.owner not in ("all", UNASSIGNED) and state.owner != filters.owner:
        return False
    if filters.importance != "all" and item.importance != filters.importance:
        return False
    return not (filters.overdue_only and not is_overdue(state, today))


def visible_items(
    items: list[ItemSpec], states: dict[str, ItemState], filters: Filters, today: date
) -> list[ItemSpec]:
    """The items to show, in roadmap order or by due date (undated last, then roadmap order)."""
    shown = [item for item in items if matches(states.get(item.id) or ItemState(), item, filters, today)]
    if filters.by_due:
        order = {item.id: index for index, item in enumerate(items)}
        shown.sort(key=lambda item: (_due_key(states.get(item.id)), order[item.id]))
    return shown


def _due_key(state: ItemState | None) -> date:
    return state.due if state is not None and state.due is not None else date.max


class ChecklistTable(RowTable):
    """The checklist's table; ``enter`` opens the item's step (shown in the footer)."""

    BINDINGS = [Binding("enter", "select", "Open", show=False)]


class ChecklistScreen(View):
    """Every checklist item of the plan in one table."""

    TITLE = "Checklist"
    AUTO_FOCUS = "#checklist-table"

    BINDINGS = [
        Binding("space", "cycle_status", "Status"),
        Binding("x", "not_applicable", "N/A"),
        Binding("s", "toggle_sort", "Sort", tooltip="Sort by due date; undated items last"),
        Binding("o", "toggle_overdue", "Overdue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self._shown: list[str] = []
        self._drawn: dict[str, tuple[object, ...]] = {}
        self._owner_choices: list[tuple[str, str]] = []
        self._width = 0
        self._resumed = False

    # --- building -------------------------------------------------------------

    @property
    def playbook(self) -> Playbook:
        return session(self).playbook

    @property
    def states(self) -> dict[str, ItemState]:
        """The plan's item states as they are now (read only: edits go through the session)."""
        return session(self).plan.items

    def compose(self) -> ComposeResult:
        # The filters chosen the last time the view was open stay chosen.
        kept = workbook(self).view_state.get(FILTERS_KEY)
        if isinstance(kept, Filters):
            self.filters = kept
        self._owner_choices = self._owner_options()
        if self.filters.owner not in {value for _, value in self._owner_choices}:
            self.filters = replace(self.filters, owner="all")
        yield TitleBar()
        yield FilterBar(
            [
                Filter("status", self.filters.status, list(STATUS_FILTERS), width=17),
                Filter("owner", self.filters.owner, self._owner_choices),
                Filter(
                    "importance",
                    self.filters.importance,
                    [("any importance", "all"), *((name, name) for name in IMPORTANCES)],
                    width=16,
                ),
                Filter("overdue_only", self.filters.overdue_only, label="Overdue", width=11),
            ],
            id="checklist-filters",
        )
        yield Label("", id="checklist-count", markup=False)
        yield ChecklistTable(id="checklist-table", zebra_stripes=True)
        yield Label("", id="checklist-detail", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(session(self).plan.project)
        self._rebuild(width=self.size.width)

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._rebuild(width=self.size.width)

    @property
    def offered_owners(self) -> list[str]:
        """What the owner filter offers, in its order ("all", the names, unassigned)."""
        return [value for _, value in self._owner_choices]

    def _owner_options(self) -> list[tuple[str, str]]:
        """All owners, then the team and every owner named on an item, then unassigned."""
        names: list[str] = []
        for name in [*session(self).plan.team, *(s.owner for s in self.states.values())]:
            if name.strip() and name not in names:
                names.append(name)
        return [
            ("all owners", "all"),
            *((name, name) for name in names),
            ("unassigned", UNASSIGNED),
        ]

    def _columns(self, width: int) -> list[Column]:
        """Fixed widths for the short columns (wider on a wide screen); the title takes what is left."""
        wide = width >= 110
        return [
            Column("step", "Step", 22 if wide else 11),
            Column("title", "Item"),
            Column("importance", "Level", 6),
            Column("status", "State", 7),
            Column("owner", "Owner", 16 if wide else 9),
            Column("due", "Due", 10),
        ]

    def _rebuild(self, width: int | None = None) -> None:
        """Fill the table for the current filters, keeping the cursor on the same item."""
        table = self.query_one("#checklist-table", ChecklistTable)
        current = table.cursor_key
        if width is not None and width > 0:
            self._width = width
            table.set_columns(self._columns(width))
        table.clear()
        today = workbook(self).today()
        playbook, states = self.playbook, self.states
        items = visible_items(playbook.items, states, self.filters, today)
        self._shown = [item.id for item in items]
        self._drawn = {}
        rows = []
        for item in items:
            state = states.get(item.id) or ItemState()
            self._drawn[item.id] = (state.status, state.owner, state.due, is_overdue(state, today))
            # Made when the row is first drawn: most rows are below the fold.
            rows.append((item.id, partial(self._cells, item, state, playbook, today)))
        table.add_rows(rows)
        if current in self._shown:
            table.move_cursor(self._shown.index(current))
        self._update_count()
        self._show_detail()

    def _cells(self, item: ItemSpec, state: ItemState, playbook: Playbook, today: date) -> list[Text]:
        step = playbook.step(item.step)
        return [
            cell((step.short or step.title) if step else item.step),
            cell(item.title),
            cell(item.importance),
            self._status_cell(state),
            cell(state.owner),
            self._due_cell(state, today),
        ]

    @staticmethod
    def _status_cell(state: ItemState) -> Text:
        text = status_text(state.status)
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    @staticmethod
    def _due_cell(state: ItemState, today: date) -> Text:
        if state.due is None:
            return cell("")
        return cell(state.due.isoformat(), OVERDUE_STYLE if is_overdue(state, today) else "")

    def _update_count(self) -> None:
        today = workbook(self).today()
        total = len(self.playbook.items)
        overdue = sum(
            1 for item in self.playbook.items if is_overdue(self.states.get(item.id) or ItemState(), today)
        )
        parts = [f"showing {len(self._shown)} of {total}", f"{overdue} overdue"]
        if self.filters.by_due:
            parts.append("sorted by due date")
        self.query_one("#checklist-count", Label).update(" · ".join(parts))

    def _refresh_rows(self) -> None:
        """Redraw, in place, the cells of shown rows whose item changed since drawn.

        Rows stay until the filters change, so an item does not vanish under the
        cursor while its status is being cycled.
        """
        table = self.query_one("#checklist-table", ChecklistTable)
        today = workbook(self).today()
        for item_id in self._shown:
            self._update_row(table, item_id, today)
        self._update_count()
        self._show_detail()

    def _update_row(self, table: ChecklistTable, item_id: str, today: date) -> None:
        state = self.states.get(item_id) or ItemState()
        drawn = (state.status, state.owner, state.due, is_overdue(state, today))
        if self._drawn[item_id] == drawn:
            return
        self._drawn[item_id] = drawn
        table.update_cell(item_id, "status", self._status_cell(state))
        table.update_cell(item_id, "owner", cell(state.owner))
        table.update_cell(item_id, "due", self._due_cell(state, today))

    def plan_revised(self, revision: Revision) -> None:
        """The plan changed: show each item's state; after a reload from disk, redraw
        everything (items, owners) from it."""
        if not self._width:
            return
        if revision.reloaded:
            self._refresh_owner_options()
            self._rebuild()
        else:
            self._refresh_rows()

    def on_screen_resume(self) -> None:
        # Also sent as the view first appears, just after it was filled.
        if self._width and self._resumed:
            self._refresh_owner_options()
            self._refresh_rows()
        self._resumed = True

    def _refresh_owner_options(self) -> None:
        """Offer owners named since the view was opened, keeping the chosen one."""
        bar = self.query_one(FilterBar)
        options = self._owner_options()
        if options == self._owner_choices:
            return
        self._owner_choices = options
        with self.prevent(FilterBar.Changed):
            bar.set_options("owner", options)
        if bar.value("owner") != self.filters.owner:
            self._set_filters(owner=bar.value("owner"))

    # --- filters --------------------------------------------------------------

    @on(FilterBar.Changed)
    def filter_changed(self, event: FilterBar.Changed) -> None:
        self._set_filters(**{event.key: event.value})

    def _set_filters(self, **changes: Any) -> None:
        filters = replace(self.filters, **changes)
        if filters != self.filters:
            self.filters = filters
            workbook(self).view_state[FILTERS_KEY] = filters
            self._rebuild()

    def action_toggle_overdue(self) -> None:
        bar = self.query_one(FilterBar)
        bar.set_value("overdue_only", not bar.value("overdue_only"))

    def action_toggle_sort(self) -> None:
        self._set_filters(by_due=not self.filters.by_due)

    # --- acting on the item under the cursor ------------------------------------

    def _current_item_id(self) -> str | None:
        return self.query_one("#checklist-table", ChecklistTable).cursor_key

    def _editable(self) -> bool:
        reason = session(self).read_only
        if reason:
            self.notify(f"This plan is read-only: {reason}", severity="warning", markup=False)
            return False
        return True

    def action_cycle_status(self) -> None:
        item_id = self._current_item_id()
        if item_id is None or not self._editable():
            return
        session(self).cycle_status(item_id)
        self._item_changed(item_id)

    def action_not_applicable(self) -> None:
        item_id = self._current_item_id()
        if item_id is None or not self._editable():
            return
        item = self.playbook.item(item_id)

        def apply(reason: str | None) -> None:
            # By id, through the session: the plan may have been merged or read again
            # while the question was open, and the edit must land in the plan now.
            if reason is None:
                return
            session(self).not_applicable(item_id, reason)
            self._item_changed(item_id)

        note = session(self).item(item_id).note
        self.app.push_screen(ReasonScreen(item.title if item else item_id, note), apply)

    @on(RowTable.RowHighlighted, "#checklist-table")
    def _show_detail(self) -> None:
        """The highlighted item's whole title (its cell cuts it), and its note if it has one."""
        detail = self.query_one("#checklist-detail", Label)
        item_id = self._current_item_id()
        item = self.playbook.item(item_id) if item_id else None
        if item is None:
            detail.update("")
            return
        note = (self.states.get(item.id) or ItemState()).note
        detail.update(one_line(f"{item.title} · {note}" if note.strip() else item.title))

    def _item_changed(self, item_id: str) -> None:
        """Update the item's row in place (the session has told the app already)."""
        self._update_row(self.query_one("#checklist-table", ChecklistTable), item_id, workbook(self).today())
        self._update_count()
        self._show_detail()  # an n/a reason shows at once

    @on(RowTable.RowSelected, "#checklist-table")
    def row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.action_open_step()

    def action_open_step(self) -> None:
        item_id = self._current_item_id()
        if item_id is None:
            return
        item = self.playbook.item(item_id)
        if item is None:
            return
        workbook(self).open_step(item.step, item_id)
