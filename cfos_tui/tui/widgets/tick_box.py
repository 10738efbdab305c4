"""A tick box: one widget, whose state reads without colour.

Textual's ``Checkbox`` draws an X whether it is on or off (only its colour changes),
and styles its button and its label as two more parts, each as dear as a widget
every time the Checklist view is built. ``TickBox`` is empty when off and ticked
when on, in a box like the view's filters beside it.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from cfos_tui.tui.widgets.text import one_line

TICK = "✓"


class TickBox(Widget, can_focus=True):
    """A label with a box that ``space``, ``enter`` or a click ticks and clears;
    posts :class:`Changed` when it changes."""

    BINDINGS = [Binding("enter,space", "tick", "Toggle", show=False)]

    DEFAULT_CSS = """
    TickBox {
        height: 3;
        width: auto;
        border: tall $border-blurred;
        background: $surface;
        color: $foreground;
        padding: 0 1;
        text-wrap: nowrap;
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
        &:hover {
            background-tint: $foreground 5%;
        }
    }
    """

    class Changed(Message):
        """The box was ticked or cleared (by the person or by setting ``value``)."""

        def __init__(self, tick_box: TickBox, value: bool) -> None:
            super().__init__()
            self.tick_box, self.value = tick_box, value

        @property
        def control(self) -> TickBox:
            return self.tick_box

    def __init__(self, label: str = "", value: bool = False, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self._value = value

    @property
    def value(self) -> bool:
        return self._value

    @value.setter
    def value(self, value: bool) -> None:
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    def toggle(self) -> None:
        self.value = not self._value

    def action_tick(self) -> None:
        self.toggle()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.toggle()

    def render(self) -> Content:
        # The box in the theme's panel colour, the tick in its success colour, as
        # Textual's checkbox colours its button.
        theme = self.app.theme_variables
        panel = Color.parse(theme.get("panel", "#333333"))
        tick = Color.parse(theme.get("text-success", "green"))
        side = Style(foreground=panel, background=self.background_colors[1])
        inner = Style(foreground=tick, background=panel, bold=True)
        return Content.assemble(
            ("▐", side), (TICK if self._value else " ", inner), ("▌", side), " ", one_line(self.label), " "
        )
