"""A table of one-line rows, drawn line by line.

Textual's ``DataTable`` measures and renders every cell through Rich when rows are
added, which costs tens of milliseconds for a screenful. The views' tables need
less: one line per row, fixed column widths (one column takes what is left), a row
cursor. ``RowTable`` keeps the cells as they are given and renders a row only when
it comes on screen, once, until it changes. A row's cells can also be given as a
function that makes them, called only when the row is first drawn or asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cfos_tui.tui.widgets.scrolling import keep_in_view
from cfos_tui.tui.widgets.theme_style import BLURRED_CURSOR, CURSOR, Part, laid_over, style_of

PADDING = 1
"""Blank cells on each side of every column."""
MIN_FLEXIBLE = 16
"""The narrowest the flexible column gets, however narrow the table."""

PARTS: dict[str, Part] = {
    "header": ("panel", "foreground", "bold"),
    "even": ("surface-darken-1 40%", "", ""),
    "cursor": CURSOR,
    "blurred cursor": BLURRED_CURSOR,
}
"""The table's parts and their looks (see :mod:`theme_style`)."""


Cells = Sequence[Text] | Callable[[], Sequence[Text]]
"""A row's cells in column order, or a function that makes them when first needed."""


@dataclass(frozen=True)
class Column:
    """A column: its key, its heading, and its width (``None``: whatever is left)."""

    key: str
    label: str
    width: int | None = None


class RowTable(ScrollView, can_focus=True):
    """Rows of cells under a fixed heading line, with a row cursor.

    Rows are addressed by key; ``enter`` or a click on the cursor's row posts
    :class:`RowSelected`, and moving the cursor posts :class:`RowHighlighted`.
    """

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    DEFAULT_CSS = """
    RowTable {
        width: 100%;
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    class RowMessage(Message):
        """About one row: the table, the row's index and its key."""

        def __init__(self, table: RowTable, row: int, key: str) -> None:
            super().__init__()
            self.table, self.row, self.key = table, row, key

        @property
        def control(self) -> RowTable:
            return self.table

    class RowHighlighted(RowMessage):
        """The cursor moved to another row."""

    class RowSelected(RowMessage):
        """The cursor's row was chosen (``enter``, or a click on it)."""

    def __init__(
        self, *, zebra_stripes: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self._columns: list[Column] = []
        self._keys: list[str] = []
        self._rows: dict[str, list[Text] | Callable[[], Sequence[Text]]] = {}
        self._cursor = 0
        self._strips: dict[int, Strip] = {}
        """Rendered rows by index, for the current width and styles."""
        self._base_style: Style | None = None
        """The table's own style, kept with the rendered rows (Textual works it out
        from every ancestor each time it is asked)."""
        self._part_styles: dict[str, Style] = {}
        self._widths: tuple[int, ...] = ()
        self._widths_for = -1

    # --- contents -------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Set the columns; rows keep their cells, so their count must match."""
        self._columns = list(columns)
        self._widths_for = -1
        self._changed()

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    def clear(self) -> None:
        """Remove every row (the columns stay)."""
        self._keys.clear()
        self._rows.clear()
        self._cursor = 0
        self._changed()
        self.scroll_to(y=0, animate=False)

    def add_rows(self, rows: Iterable[tuple[str, Cells]]) -> None:
        """Add ``(key, cells)`` rows at the end, cells in column order (or a function
        that makes them)."""
        for key, cells in rows:
            if key in self._rows:
                raise ValueError(f"a row with key {key!r} is in the table already")
            self._keys.append(key)
            self._rows[key] = cells if callable(cells) else list(cells)
        self._changed()

    def add_row(self, *cells: Text, key: str) -> None:
        self.add_rows([(key, cells)])

    def update_cell(self, key: str, column: str, value: Text) -> None:
        """Replace one cell, redrawing only its row."""
        self._cells(key)[self._column_index(column)] = value
        row = self._keys.index(key)
        self._strips.pop(row, None)
        self.refresh_line(row + 1)

    def get_cell(self, key: str, column: str) -> Text:
        return self._cells(key)[self._column_index(column)]

    def _cells(self, key: str) -> list[Text]:
        """The row's cells, made now if they were given as a function."""
        cells = self._rows[key]
        if callable(cells):
            cells = self._rows[key] = list(cells())
        return cells

    @property
    def row_keys(self) -> list[str]:
        """The rows' keys, top to bottom."""
        return list(self._keys)

    @property
    def row_count(self) -> int:
        return len(self._keys)

    def _column_index(self, key: str) -> int:
        for index, column in enumerate(self._columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def _changed(self) -> None:
        self._forget_strips()
        self.virtual_size = Size(0, len(self._keys) + 1)  # as wide as the table: no sideways scrolling
        self.refresh()

    # --- the cursor -----------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self._cursor] if self._keys else None

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (kept within the rows), scrolled into view."""
        row = max(0, min(row, len(self._keys) - 1))
        if row != self._cursor:
            for old_or_new in (self._cursor, row):
                self._strips.pop(old_or_new, None)
                self.refresh_line(old_or_new + 1)
            self._cursor = row
            if self._keys:
                self.post_message(self.RowHighlighted(self, row, self._keys[row]))
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        keep_in_view(self, self._cursor, self.size.height - 1)  # the heading line stays

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - max(1, self.size.height - 1))

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._keys) - 1)

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.RowSelected(self, self._cursor, self._keys[self._cursor]))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return  # the heading
        row = event.y - 1 + round(self.scroll_y)
        if not 0 <= row < len(self._keys):
            return
        event.stop()
        if row == self._cursor:
            self.action_select()
        else:
            self.move_cursor(row)

    # --- drawing --------------------------------------------------------------

    def _forget_strips(self) -> None:
        self._strips.clear()
        self._base_style = None
        self._part_styles.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_strips()

    def on_focus(self) -> None:
        self._forget_strips()
        self.refresh()

    def on_blur(self) -> None:
        self._forget_strips()
        self.refresh()

    def column_widths(self) -> tuple[int, ...]:
        """Each column's width in cells at the table's current width (padding apart)."""
        width = self.scrollable_content_region.width
        if width != self._widths_for:
            fixed = sum(column.width or 0 for column in self._columns)
            spare = width - fixed - 2 * PADDING * len(self._columns)
            self._widths = tuple(
                column.width if column.width is not None else max(MIN_FLEXIBLE, spare)
                for column in self._columns
            )
            self._widths_for = width
            self._forget_strips()
        return self._widths

    def render_line(self, y: int) -> Strip:
        widths = self.column_widths()
        if y == 0:
            header = [Text(column.label) for column in self._columns]
            return self._strip(header, widths, self._part_style("header"))
        row = y - 1 + round(self.scroll_y)
        if row >= len(self._keys):
            return Strip.blank(self.scrollable_content_region.width, self._style())
        strip = self._strips.get(row)
        if strip is None:
            if row == self._cursor:
                style = self._part_style("cursor" if self.has_focus else "blurred cursor")
            elif self.zebra_stripes and row % 2:
                style = self._part_style("even")
            else:
                style = Style()
            strip = self._strip(self._cells(self._keys[row]), widths, style)
            self._strips[row] = strip
        return strip

    def _style(self) -> Style:
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def _part_style(self, part: str) -> Style:
        """The style of the heading, an even row, or the cursor's row (focused or not),
        from the theme's colours, laid over the table's as Textual lays a component
        class over its widget. Component classes would do the same, but each is styled
        like one more widget whenever a table is mounted or focused."""
        style = self._part_styles.get(part)
        if style is None:
            look = PARTS[part]
            if part == "even" and not self.app.current_theme.dark:
                look = ("surface-lighten-1 50%", "", "")
            style = self._part_styles[part] = laid_over(self, look)
        return style

    def _strip(self, cells: Sequence[Text], widths: Sequence[int], style: Style) -> Strip:
        """One line: each cell cut or padded to its column, on the table's style.

        Segments are made with their final style (the row's under the cell's), and
        the blank cells between two columns are one segment.
        """
        console = self.app.console
        base = self._style() + style
        segments = [Segment(" " * PADDING, base)]
        gap = Segment(" " * (2 * PADDING), base)
        for index, (text, width) in enumerate(zip(cells, widths, strict=False)):
            if index:
                segments.append(gap)
            own = style_of(text)
            if text.spans or cell_len(text.plain) > width:
                fitted = text.copy()
                fitted.truncate(width, overflow="ellipsis", pad=True)
                segments.extend(Segment.apply_style(fitted.render(console, end=""), base + own))
            else:
                segments.append(Segment(text.plain + " " * (width - cell_len(text.plain)), base + own))
        segments.append(Segment(" " * PADDING, base))
        drawn = sum(widths[: len(cells)]) + 2 * PADDING * max(1, min(len(cells), len(widths)))
        width = self.scrollable_content_region.width
        strip = Strip(segments, drawn)
        return strip if drawn == width else strip.crop_extend(0, width, base)
