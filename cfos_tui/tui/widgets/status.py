"""The line at the top of the workbook: project, overall progress, saved state.

It is one widget drawn as one line. It was six (a row, two labels, Textual's progress
bar and its bar, and the save indicator), and each widget is styled as the workbook
is mounted and again as it is shown, then laid out and drawn: taking them out of the
first frame measured about 9 ms of CPU time, of 70 the workbook added to a bare
Textual app's.
"""

from __future__ import annotations

from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from cfos_tui.plan import Count
from cfos_tui.tui.context import workbook
from cfos_tui.tui.widgets.text import one_line
from cfos_tui.tui.widgets.theme_style import text_color_over

SAVE_LABELS = {
    "saved": ("✓ saved", "text-success"),
    "unsaved": ("● unsaved", "text-warning"),
    "saving": ("saving…", "text-muted"),
    "not saved": ("✗ not saved", "text-error"),
}
"""What each save state shows, and the theme colour it shows in."""
BAR_WIDTH = 16
COUNT_WIDTH = 13
SAVE_WIDTH = 12
BAR, HALF_BAR_LEFT, HALF_BAR_RIGHT = "━", "╺", "╸"


def progress_bar(width: int, done: float) -> tuple[str, str]:
    """A bar of ``width`` cells with the fraction ``done`` filled to the nearest half
    cell, as Textual's progress bar draws it: the filled part and the rest."""
    end = round(max(0.0, min(done, 1.0)) * width * 2) / 2
    if end == 0:  # less than half a cell: the rest starts with a half, as once begun
        return "", (HALF_BAR_LEFT + BAR * (width - 1)) if done > 0 else BAR * width
    half = end % 1 != 0
    filled = BAR * int(end) + (HALF_BAR_RIGHT if half else "")
    rest = ("" if half or end == width else HALF_BAR_LEFT) + BAR * max(0, width - int(end) - 1)
    return filled, rest


class StatusBar(Widget):
    """Project name, a progress bar with ``done/total · percent``, and the app's
    ``save_state`` (redrawn as it changes)."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, project: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.project = project
        self.count: Count | None = None
        """The overall numbers shown (None: none yet)."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self._save_state_changed, init=False)

    def _save_state_changed(self) -> None:
        self.refresh()

    def show_progress(self, count: Count) -> None:
        """Show the overall numbers; nothing is redrawn when they did not change."""
        if count == self.count:
            return
        self.count = count
        self.refresh()

    def show_project(self, project: str) -> None:
        self.project = project
        self.refresh()

    def _color(self, name: str) -> Color:
        """The theme colour ``name`` as it shows over this bar."""
        return text_color_over(self.app.theme_variables, name, self.background_colors[1], self.styles.color)

    def render(self) -> Content:
        count = self.count
        numbers = f"{count.done}/{count.total} · {count.percent}%" if count is not None else ""
        state = workbook(self).save_state
        label, color = SAVE_LABELS.get(state, (state, "text-warning"))
        numbers_width = max(COUNT_WIDTH, len(numbers))
        project_width = max(0, self.size.width - BAR_WIDTH - 2 - numbers_width - SAVE_WIDTH)
        project = Content(one_line(self.project)).truncate(project_width, ellipsis=True, pad=True)
        done = count.done / max(count.total, 1) if count is not None else 0.0
        filled, rest = progress_bar(BAR_WIDTH, done)
        bar_color = self._color("success" if done >= 1 else "primary")
        save_style = Style(foreground=self._color(color), bold=state == "not saved")
        return Content.assemble(
            project.stylize(Style(bold=True)),
            " ",
            (filled, Style(foreground=bar_color)),
            (rest, Style(foreground=self._color("surface"))),
            " ",
            numbers.ljust(numbers_width),
            (label[:SAVE_WIDTH].rjust(SAVE_WIDTH), save_style),
        )
