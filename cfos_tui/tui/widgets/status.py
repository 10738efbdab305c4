"""The line at the top of the workbook: project, overall progress, saved state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from cfos_tui.plan import Count
from cfos_tui.tui.widgets.text import literal

SAVE_LABELS = {
    "saved": ("✓ saved", "-saved"),
    "unsaved": ("● unsaved", "-unsaved"),
    "saving": ("saving…", "-saving"),
    "not saved": ("✗ not saved", "-failed"),
}


class SaveIndicator(Label):
    """Whether the plan on screen is the plan on disk: it follows the app's ``save_state``."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self.show_state)

    def show_state(self, state: str) -> None:
        text, css_class = SAVE_LABELS.get(state, (state, "-unsaved"))
        self.update(text)
        for _, name in SAVE_LABELS.values():
            self.remove_class(name)
        self.add_class(css_class)


class StatusBar(Horizontal):
    """Project name, a progress bar with ``done/total · percent``, and the save state."""

    def __init__(self, project: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.project = project
        self._shown: Count | None = None

    def compose(self) -> ComposeResult:
        yield Label(literal(self.project), markup=False, id="project-name")
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="overall-bar")
        yield Label("", id="overall-count")
        yield SaveIndicator("", id="save-state")

    def show_progress(self, count: Count) -> None:
        """Show the overall numbers; nothing is redrawn when they did not change."""
        if count == self._shown:
            return
        self._shown = count
        bar = self.query_one(ProgressBar)
        bar.update(total=max(count.total, 1), progress=count.done)
        self.query_one("#overall-count", Label).update(f"{count.done}/{count.total} · {count.percent}%")

    def show_project(self, project: str) -> None:
        self.query_one("#project-name", Label).update(literal(project))
