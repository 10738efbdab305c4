"""The files view: the community files the plan's decisions make, against the checkout.

Each file shows its state (new, changed, unchanged, blocked, edited by hand, not
ours). Below the list, the highlighted file's diff against the checkout — or, when it
is blocked, the answers it still needs, with ``enter`` going to the step that asks the
first of them. ``w`` writes the highlighted file and ``W`` every new and changed one;
a file edited by hand or of the team's own is replaced only after a question (the
team's own is kept beside it). Reading the checkout and writing happen in a thread.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from cfos_tui.errors import CfosError
from cfos_tui.tui.context import workbook
from cfos_tui.tui.screens.view import View
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import literal, one_line
from cfos_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from cfos_tui.community.sync import FileState
    from cfos_tui.tui.app import Revision

STATE_TEXT = {
    "new": ("new", "bold green"),
    "changed": ("changed", "bold yellow"),
    "unchanged": ("unchanged", "dim"),
    "blocked": ("needs answers", "red"),
    "drift": ("edited by hand", "bold red"),
    "unmanaged": ("not made by cfos-plan", "bold red"),
}


class FilesScreen(View):
    """Community files made from the plan, their states and diffs; write one or all."""

    TITLE = "Community files"
    AUTO_FOCUS = "#files-table"

    BINDINGS = [
        Binding("w", "write_one", "Write"),
        Binding("W", "write_all", "Write all", key_display="⇧W"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.states: list[FileState] = []
        self.checkout: Path | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Label("Reading the checkout…", id="files-where", markup=False)
        yield DataTable(id="files-table", cursor_type="row")
        with VerticalScroll(id="files-preview"):
            yield Static("", id="files-diff", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        plan_file = workbook(self).plan_file
        if plan_file is not None:
            self.sub_title = one_line(plan_file.plan.project)
        table = self.query_one(DataTable)
        table.add_column("File", key="file")
        table.add_column("State", key="state")
        self.refresh_states()

    def plan_revised(self, revision: Revision) -> None:
        self.refresh_states()

    def on_screen_resume(self) -> None:
        self.refresh_states()

    # --- reading -------------------------------------------------------------------

    @work(group="files-read", exclusive=True)
    async def refresh_states(self) -> None:
        """Compare the files the plan makes with the checkout (in a thread)."""
        from cfos_tui.community.sync import find_checkout, states

        app = workbook(self)
        plan_file = app.plan_file
        if plan_file is None:
            return
        plan, playbook, path = plan_file.plan, plan_file.playbook, plan_file.path

        def read() -> tuple[Path, list[FileState]]:
            checkout = find_checkout(path, plan, None)
            return checkout, states(plan, playbook, path, checkout)

        try:
            self.checkout, self.states = await asyncio.to_thread(read)
        except CfosError as error:
            self.states = []
            self._say(f"{error} (the Audit view, u, sets the checkout)")
            self.query_one(DataTable).clear()
            self.query_one("#files-diff", Static).update("")
            return
        self._fill()

    def _say(self, message: str) -> None:
        self.query_one("#files-where", Label).update(literal(message))

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        keep = self._current()
        table.clear()
        for state in self.states:
            word, style = STATE_TEXT[state.state]
            table.add_row(Text(literal(state.path)), Text(word, style=style), key=state.path)
        paths = [state.path for state in self.states]
        if keep is not None and keep.path in paths:
            table.move_cursor(row=paths.index(keep.path), animate=False)
        counts = {state: sum(1 for s in self.states if s.state == state) for state in STATE_TEXT}
        parts = []
        if writable := counts["new"] + counts["changed"]:
            parts.append(f"{writable} to write")
        if counts["drift"] + counts["unmanaged"]:
            parts.append(f"{counts['drift'] + counts['unmanaged']} to replace only if you choose")
        if counts["blocked"]:
            parts.append(f"{counts['blocked']} waiting for answers")
        summary = ", ".join(parts) or "every file agrees with the plan"
        self._say(f"{self.checkout} · {summary}" if self.checkout else summary)
        self._show()

    def _current(self) -> FileState | None:
        table = self.query_one(DataTable)
        if not table.row_count or not self.states:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((state for state in self.states if state.path == key), None)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        """enter: a file that needs answers goes to the step that asks the first one."""
        self.action_to_step()

    def _show(self) -> None:
        """The highlighted file: what it still needs, or its diff against the checkout."""
        state = self._current()
        preview = self.query_one("#files-diff", Static)
        if state is None:
            preview.update("")
            return
        shown = Text("".join(literal(f"Note: {note}\n\n") for note in state.notes))
        if state.state == "blocked":
            lines = [f"{state.path} is not made until these are answered:"]
            lines += [f"  • {need}" for need in state.needs]
            lines.append("enter goes to the step that asks the first one.")
            shown.append(literal("\n".join(lines)))
        elif state.state == "unchanged":
            shown.append(literal(f"{state.path} already says what the plan says.\n\n{state.new}"))
        else:
            shown.append_text(_diff_text(state.diff()))
        preview.update(shown)

    # --- acting --------------------------------------------------------------------

    def action_to_step(self) -> None:
        state = self._current()
        if state is not None and state.needs:
            workbook(self).open_step(state.needs[0].step)

    def action_write_one(self) -> None:
        state = self._current()
        if state is None:
            return
        if state.state == "blocked":
            self.notify(f"{state.path} needs answers first: enter goes to the step.", markup=False)
            return
        if state.state == "unchanged":
            self.notify(f"{state.path} already says what the plan says.", markup=False)
            return
        if state.state in ("drift", "unmanaged"):
            why = (
                "its generated part was edited by hand"
                if state.state == "drift"
                else "it was not made by cfos-plan"
            )
            kept = " The old one is kept beside it." if state.state == "unmanaged" else ""
            question = f"{state.path}: {why}. Replace it with what the plan says?{kept}"

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._write([state], force=True)

            self.app.push_screen(ConfirmScreen(question, yes="Replace"), confirmed)
            return
        self._write([state])

    def action_write_all(self) -> None:
        writable = [state for state in self.states if state.writable]
        if not writable:
            self.notify("Nothing to write: every file the plan can make agrees with it.", markup=False)
            return
        self._write(writable)

    @work(group="files-write", exclusive=True)
    async def _write(self, chosen: list[FileState], *, force: bool = False) -> None:
        from cfos_tui.community.sync import write

        checkout = self.checkout
        if checkout is None:
            return
        written = []
        for state in chosen:
            try:
                said = await asyncio.to_thread(write, state, checkout, force=force)
            except CfosError as error:
                self.notify(literal(str(error)), title="Not written", severity="error", markup=False)
                break
            written.append(f"{state.path}: {said}")
        if len(written) > 3:
            self.notify(f"{len(written)} files written in {checkout}.", title="Written", markup=False)
        elif written:
            self.notify(literal("\n".join(written)), title="Written", markup=False)
        self.refresh_states()


def _diff_text(diff: str) -> Text:
    """The diff coloured, one screen line per line (a wrapped line would lose its mark)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for line in literal(diff).splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
        if line.startswith(("+++", "---", "@@")):
            style = "dim"
        text.append(line + "\n", style=style)
    return text
