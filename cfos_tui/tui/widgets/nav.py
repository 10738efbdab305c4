"""The navigation panel: the roadmap's phases and steps with their progress.

Drawn line by line, as the views' table is. Textual's ``Tree`` was a fifth of the
workbook's first frame: its seven component classes are styled like seven more
widgets as it is mounted and again as it takes the focus, and it draws each line
through several layers. The panel needs less: one line per phase or step, a cursor,
phases that fold.

Keys: ``↑`` ``↓`` (and ``home``, ``end``, page keys) move the cursor; ``enter`` opens
the step under it, or folds and unfolds a phase, as ``space`` does. A click on a
step opens it; on a phase, folds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cfos_tui.plan import Count, Progress, progress
from cfos_tui.playbook import Playbook
from cfos_tui.store import PlanFile
from cfos_tui.tui.context import workbook
from cfos_tui.tui.messages import StepChosen
from cfos_tui.tui.widgets.scrolling import keep_in_view
from cfos_tui.tui.widgets.text import one_line
from cfos_tui.tui.widgets.theme_style import BLURRED_CURSOR, CURSOR, HOVER, Part, laid_over

OPEN, FOLDED = "▼", "▶"
GUIDE, LAST_GUIDE = "├ ", "└ "
GUIDES: Part = ("", "surface-lighten-2", "")
"""The guides' look, as Textual's tree draws them."""
PLAIN, BOLD, GREEN = Style(), Style(bold=True), Style(color="green")

Pieces = tuple[tuple[str, Style], ...]
"""A line's label: its pieces of text, each with the style laid over the line's."""


def step_mark(count: Count) -> str:
    """✓ every item complete, ◐ some, · none."""
    if count.total and count.done == count.total:
        return "✓"
    return "◐" if count.done else "·"


def fitted(title: str, tail: str, width: int, short: str = "") -> str:
    """``title tail`` in ``width``: the short title when the whole one does not fit,
    and an ellipsis when even that is too long."""
    room = max(width - len(tail) - 1, 4)
    if len(title) > room and short:
        title = short
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return f"{title}{' ' * max(room - len(title), 0)} {tail}"


@dataclass(frozen=True)
class Row:
    """A line of the panel: a phase, or a step of one (``last``: the phase's last)."""

    kind: str  # "phase" or "step"
    id: str
    last: bool = False


class RoadmapNav(ScrollView, can_focus=True):
    """Phases (title, done/total) and their steps (mark, title, done/total)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
        Binding("space", "fold", "Fold", show=False),
    ]

    DEFAULT_CSS = """
    RoadmapNav {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    def __init__(self, playbook: Playbook, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.playbook = playbook
        self._folded: set[str] = set()
        self._rows: list[Row] = []
        self._cursor = 0
        self._hover: int | None = None
        self._labels: dict[str, Pieces] = {}
        """Each phase's and step's label (``"phase:id"``, ``"step:id"``), as drawn."""
        self._counts: dict[str, Count] = {}
        self._label_width = 0
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._build_rows()

    # --- rows -----------------------------------------------------------------

    def _build_rows(self) -> None:
        rows: list[Row] = []
        for phase in self.playbook.phases:
            rows.append(Row("phase", phase.id))
            if phase.id not in self._folded:
                rows.extend(
                    Row("step", step.id, last=index == len(phase.steps) - 1)
                    for index, step in enumerate(phase.steps)
                )
        current = self._rows[self._cursor] if self._rows else None
        self._rows = rows
        if current is not None:  # on the same row, or on its phase when that folded
            if current not in rows and current.kind == "step":
                current = Row("phase", self._phase_of(current.id))
            self._cursor = rows.index(current) if current in rows else min(self._cursor, len(rows) - 1)
        self._forget()
        self.virtual_size = Size(0, len(rows))

    def _phase_of(self, step_id: str) -> str:
        return next(p.id for p in self.playbook.phases if any(s.id == step_id for s in p.steps))

    def _forget(self) -> None:
        self._strips.clear()
        self.refresh()

    # --- labels -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.refresh_marks(force=True)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._label_width:
            self.refresh_marks(force=True)
        # The step chosen before the panel had a size is brought into view now.
        keep_in_view(self, self._cursor, self.scrollable_content_region.height)

    def step_labels(self) -> dict[str, str]:
        """Each step's label as drawn: its mark, its title (fitted to the panel), its count."""
        return {
            step.id: "".join(text for text, _ in self._labels[f"step:{step.id}"])
            for step in self.playbook.steps
            if f"step:{step.id}" in self._labels
        }

    def refresh_marks(self, numbers: Progress | None = None, *, force: bool = False) -> None:
        """Redraw the labels whose counts changed (all of them when ``force``)."""
        plan_file: PlanFile | None = workbook(self).plan_file
        if plan_file is None:
            return
        if numbers is None:
            numbers = progress(plan_file.plan, self.playbook)
        # Labels end a cell short of the panel's edge, which keeps them off its border.
        self._label_width = width = self.scrollable_content_region.width or 27
        changed = False
        for phase in self.playbook.phases:
            count = numbers.phases[phase.id]
            key = f"phase:{phase.id}"
            if force or self._counts.get(key) != count:
                self._counts[key] = count
                tail = f"{count.done}/{count.total}"
                label = fitted(one_line(phase.title), tail, width - 3, one_line(phase.short))
                self._labels[key] = ((label, BOLD),)
                changed = True
            for step in phase.steps:
                count = numbers.steps[step.id]
                key = f"step:{step.id}"
                if force or self._counts.get(key) != count:
                    self._counts[key] = count
                    tail = f"{count.done}/{count.total}"
                    title = fitted(one_line(step.title), tail, width - 5, one_line(step.short))
                    done = bool(count.total) and count.done == count.total
                    self._labels[key] = ((step_mark(count), GREEN if done else PLAIN), (f" {title}", PLAIN))
                    changed = True
        if changed:
            self._forget()

    # --- the cursor -------------------------------------------------------------

    @property
    def cursor_row(self) -> Row | None:
        return self._rows[self._cursor] if self._rows else None

    def _move(self, index: int) -> None:
        index = max(0, min(index, len(self._rows) - 1))
        if index != self._cursor:
            for old_or_new in (self._cursor, index):
                self._strips.pop(old_or_new, None)
                self.refresh_line(old_or_new)
            self._cursor = index
        keep_in_view(self, index, self.scrollable_content_region.height)

    def select_step(self, step_id: str) -> None:
        """Put the cursor on ``step_id`` (unfolding its phase) without announcing it."""
        if self.playbook.step(step_id) is None:
            return
        phase_id = self._phase_of(step_id)
        if phase_id in self._folded:
            self._folded.discard(phase_id)
            self._build_rows()
        for index, row in enumerate(self._rows):
            if row.kind == "step" and row.id == step_id:
                self._move(index)
                return

    def action_cursor(self, by: int) -> None:
        self._move(self._cursor + by)

    def action_page(self, by: int) -> None:
        self._move(self._cursor + by * max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1)

    def action_choose(self) -> None:
        row = self.cursor_row
        if row is None:
            return
        if row.kind == "step":
            self.post_message(StepChosen(row.id))
        else:
            self.action_fold()

    def action_fold(self) -> None:
        row = self.cursor_row
        if row is not None and row.kind == "phase":
            self._folded.symmetric_difference_update({row.id})
            self._build_rows()

    def on_click(self, event: events.Click) -> None:
        index = event.y + round(self.scroll_y)
        if 0 <= index < len(self._rows):
            event.stop()
            self.focus()
            self._move(index)
            self.action_choose()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.y + round(self.scroll_y)
        self._set_hover(index if 0 <= index < len(self._rows) else None)

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            for row in (self._hover, index):
                if row is not None:
                    self._strips.pop(row, None)
                    self.refresh_line(row)
            self._hover = index

    # --- drawing ----------------------------------------------------------------

    def _forget_styles(self) -> None:
        """Work the styles out again, and so every line (the focus, the theme changed)."""
        self._styles.clear()
        self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_styles()

    def on_focus(self) -> None:
        self._forget_styles()
        self.refresh()

    def on_blur(self) -> None:
        self._forget_styles()
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            looks = {"cursor": CURSOR if self.has_focus else BLURRED_CURSOR, "hover": HOVER, "guides": GUIDES}
            style = self._styles[name] = self.rich_style if name == "plain" else laid_over(self, looks[name])
        return style

    def render_line(self, y: int) -> Strip:
        index = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self._style("plain"))
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._draw(self._rows[index], index, width)
        return strip

    def _draw(self, row: Row, index: int, width: int) -> Strip:
        plain = self._style("plain")
        line = plain
        if index == self._cursor:
            line = self._style("cursor")
        elif index == self._hover:
            line = self._style("hover")
        label = self._labels.get(f"{row.kind}:{row.id}", ())
        if row.kind == "phase":
            lead = [Segment(f"{FOLDED if row.id in self._folded else OPEN} ", line)]
        else:
            lead = [Segment(LAST_GUIDE if row.last else GUIDE, self._style("guides"))]
        segments = lead + [Segment(text, line + style) for text, style in label]
        return Strip(segments).crop_extend(0, width, plain)
