"""A light drop-down: one widget showing the chosen option, and a menu opened on demand.

Textual's ``Select`` keeps a box, a label, an arrow and a hidden option list for
each control, mounted and styled whether or not it is ever opened. A view with
three filters paid for that on every opening. ``Choice`` is a single widget; its
list of options is a small menu (:class:`ChoiceMenu`) built only when asked for.

Keys: ``enter``, ``space`` or a click open the menu; ``left`` and ``right`` step to
the previous or next option without opening it. Option labels are user text and
show literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset, Region
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import one_line

Options = Sequence[tuple[str, str]]
"""``(label, value)`` pairs, in the order shown."""

MENU_MAX_WIDTH = 44
MENU_MAX_HEIGHT = 12


class Choice(Widget, can_focus=True):
    """Shows the chosen option of a fixed list; posts :class:`Changed` when it changes."""

    BINDINGS = [
        Binding("enter,space", "open_menu", "Choose", show=False),
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
    ]

    DEFAULT_CSS = """
    Choice {
        height: 3;
        width: 1fr;
        border: tall $border-blurred;
        background: $surface;
        color: $foreground;
        padding: 0 1;
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
        """Another option was chosen (by the person or by setting ``value``)."""

        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice, self.value = choice, value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, options: Options, *, value: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self._options = list(options)
        self._value = value if value in self.values else self._options[0][1]

    @property
    def values(self) -> list[str]:
        return [value for _, value in self._options]

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        if value not in self.values:
            raise ValueError(f"{value!r} is not one of the options")
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    def set_options(self, options: Options) -> None:
        """Offer other options; the chosen one stays if it is still offered, else the first is chosen."""
        self._options = list(options)
        self.refresh()
        if self._value not in self.values:
            self.value = self._options[0][1]

    @property
    def label(self) -> str:
        return dict((value, label) for label, value in self._options)[self._value]

    def render(self) -> Content:
        width = max(1, self.content_size.width - 2)
        return Content(one_line(self.label)).truncate(width, ellipsis=True, pad=True) + Content(" ▼")

    def action_step(self, by: int) -> None:
        values = self.values
        index = values.index(self._value) + by
        if 0 <= index < len(values):
            self.value = values[index]

    def action_open_menu(self) -> None:
        def chosen(value: str | None) -> None:
            if value is not None and value in self.values:
                self.value = value
            self.focus()

        self.app.push_screen(ChoiceMenu(self._options, self._value, self.region), chosen)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open_menu()


class ChoiceList(OptionList):
    """The menu's list; ``enter`` chooses (shown in the footer)."""

    BINDINGS = [Binding("enter", "select", "Choose")]


class ChoiceMenu(ModalScreen[str | None]):
    """The options of a :class:`Choice`, just below it (above it when there is no room).

    ``enter`` or a click chooses; ``escape`` or a click elsewhere leaves the choice as it was.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    DEFAULT_CSS = """
    ChoiceMenu {
        background: transparent;
        align: left top;
        OptionList {
            width: auto;
            height: auto;
            border: tall $border;
            background: $surface;
            padding: 0;
        }
    }
    """

    def __init__(self, options: Options, value: str, under: Region) -> None:
        super().__init__()
        self._options = list(options)
        self._value = value
        self._under = under

    def compose(self) -> ComposeResult:
        yield ChoiceList(*(Option(Content(one_line(label)), id=value) for label, value in self._options))
        yield KeysFooter()

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        longest = max(len(one_line(label)) for label, _ in self._options)
        width = min(max(self._under.width, longest + 4), MENU_MAX_WIDTH, self.size.width)
        below = self.size.height - self._under.bottom
        above = self._under.y
        height = min(len(self._options) + 2, MENU_MAX_HEIGHT)
        if below >= height or below >= above:
            height = min(height, max(3, below))
            top = self._under.bottom
        else:
            height = min(height, above)
            top = self._under.y - height
        menu.styles.width = width
        menu.styles.max_height = height
        menu.styles.offset = Offset(min(self._under.x, max(0, self.size.width - width)), top)
        menu.highlighted = [value for _, value in self._options].index(self._value)
        menu.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # outside the menu
            self.dismiss(None)
