"""A row of filters in one widget: drop-downs and a tick box, on one line.

The Checklist view's filters were four widgets in a row of boxes three lines tall;
mounting, styling and drawing them was a fifth of what opening the view cost, and
the boxes took two lines from the table. ``FilterBar`` draws them all on one line.

It behaves as a toolbar: ``Tab`` comes to it and leaves it; ``←`` and ``→`` go from
one filter to the next; ``enter`` or ``space`` opens a drop-down's menu (or ticks the
tick box); ``↑`` and ``↓`` step through a drop-down's options without opening it. A
click on a filter does what ``enter`` does. Labels are user text and show literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from cfos_tui.tui.widgets.choice import ChoiceMenu, Options
from cfos_tui.tui.widgets.text import one_line
from cfos_tui.tui.widgets.theme_style import CURSOR, laid_over

GAP = 2
"""Blank cells between two filters."""
FLEXIBLE_MAX = 32
"""The widest a filter without a width gets, however wide the line."""
ARROW = " ▾"
TICK = "✓"


@dataclass
class Filter:
    """One filter: a drop-down of ``options`` (``(label, value)`` pairs) or, without
    options, a tick box named ``label``; ``width`` is its cells on the line (``None``:
    the room left over, up to :data:`FLEXIBLE_MAX`)."""

    key: str
    value: str | bool
    options: list[tuple[str, str]] = field(default_factory=list)
    label: str = ""
    width: int | None = None

    @property
    def is_tick_box(self) -> bool:
        return not self.options

    def shown(self) -> str:
        if self.is_tick_box:
            return f"[{TICK if self.value else ' '}] {one_line(self.label)}"
        labels = {value: label for label, value in self.options}
        return one_line(labels.get(str(self.value), str(self.value)))


class FilterBar(Widget, can_focus=True):
    """Filters on one line; posts :class:`Changed` when one changes."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous filter", show=False),
        Binding("right", "move(1)", "Next filter", show=False),
        Binding("up", "step(-1)", "Previous option", show=False),
        Binding("down", "step(1)", "Next option", show=False),
        Binding("enter,space", "open", "Choose", show=False),
    ]

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    class Changed(Message):
        """A filter was changed (by the person or by :meth:`set_value`)."""

        def __init__(self, bar: FilterBar, key: str, value: str | bool) -> None:
            super().__init__()
            self.bar, self.key, self.value = bar, key, value

        @property
        def control(self) -> FilterBar:
            return self.bar

    def __init__(self, filters: Sequence[Filter], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._filters = list(filters)
        self._active = 0

    # --- values -----------------------------------------------------------------

    def filter(self, key: str) -> Filter:
        for candidate in self._filters:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def value(self, key: str) -> str | bool:
        return self.filter(key).value

    def set_value(self, key: str, value: str | bool) -> None:
        """Change a filter (to one of its options), posting :class:`Changed`."""
        chosen = self.filter(key)
        if not chosen.is_tick_box and value not in [v for _, v in chosen.options]:
            raise ValueError(f"{value!r} is not one of the options of {key!r}")
        if value != chosen.value:
            chosen.value = value
            self.refresh()
            self.post_message(self.Changed(self, key, value))

    def set_options(self, key: str, options: Options) -> None:
        """Offer other options; the chosen one stays if it is still offered, else the first is chosen."""
        chosen = self.filter(key)
        chosen.options = list(options)
        self.refresh()
        if chosen.value not in [value for _, value in chosen.options]:
            self.set_value(key, chosen.options[0][1])

    @property
    def active(self) -> str:
        """The key of the filter the keys act on ("" when there are none)."""
        return self._filters[self._active].key if self._filters else ""

    # --- drawing ----------------------------------------------------------------

    def spans(self) -> list[tuple[int, int]]:
        """Where each filter is on the line: its first cell and its width."""
        fixed = sum(f.width or 0 for f in self._filters) + GAP * (len(self._filters) - 1)
        spare = min(FLEXIBLE_MAX, max(8, self.content_size.width - fixed))
        spans, x = [], 0
        for each in self._filters:
            width = each.width if each.width is not None else spare
            spans.append((x, width))
            x += width + GAP
        return spans

    def render(self) -> Content:
        parts: list[Content] = []
        for index, (each, (_, width)) in enumerate(zip(self._filters, self.spans(), strict=True)):
            if each.is_tick_box:
                text = Content(each.shown()).truncate(width, ellipsis=True, pad=True)
            else:
                text = Content(each.shown()).truncate(width - len(ARROW), ellipsis=True, pad=True) + ARROW
            if index == self._active and self.has_focus:
                text = text.stylize(self._cursor_style())
            elif index == self._active:
                text = text.stylize("underline")
            parts.append(text)
        return Content(" " * GAP).join(parts)

    def _cursor_style(self) -> Style:
        """The focused filter: in the theme's cursor colours, as the table's cursor."""
        return Style.from_rich_style(laid_over(self, CURSOR))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- keys and clicks ------------------------------------------------------------

    def action_move(self, by: int) -> None:
        if not self._filters:
            return
        self._active = max(0, min(len(self._filters) - 1, self._active + by))
        self.refresh()

    def action_step(self, by: int) -> None:
        if not self._filters:
            return
        chosen = self._filters[self._active]
        if chosen.is_tick_box:
            self.action_open()
            return
        values = [value for _, value in chosen.options]
        index = values.index(str(chosen.value)) + by
        if 0 <= index < len(values):
            self.set_value(chosen.key, values[index])

    def action_open(self) -> None:
        """Open the filter's menu, or tick or clear its box."""
        if not self._filters:
            return
        chosen = self._filters[self._active]
        if chosen.is_tick_box:
            self.set_value(chosen.key, not chosen.value)
            return
        x, width = self.spans()[self._active]
        region = self.content_region
        under = Region(region.x + x, region.y, width, 1)

        def picked(value: str | None) -> None:
            if value is not None:
                self.set_value(chosen.key, value)
            self.focus()

        self.app.push_screen(ChoiceMenu(chosen.options, str(chosen.value), under), picked)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        x = event.x - self.styles.padding.left
        for index, (start, width) in enumerate(self.spans()):
            if start <= x < start + width:
                self._active = index
                self.focus()
                self.refresh()
                self.action_open()
                return
