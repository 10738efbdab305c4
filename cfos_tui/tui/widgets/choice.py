"""A drop-down's menu, built only when it is opened.

Textual's ``Select`` keeps a box, a label, an arrow and a hidden option list for
each control, mounted and styled whether or not it is ever opened. The views'
filters (:mod:`cfos_tui.tui.widgets.filter_bar`) open this small menu instead, just
below the filter. Option labels are user text and show literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset, Region
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import one_line

Options = Sequence[tuple[str, str]]
"""``(label, value)`` pairs, in the order shown."""

MENU_MAX_WIDTH = 44
MENU_MAX_HEIGHT = 12


class ChoiceList(OptionList):
    """The menu's list; ``enter`` chooses (shown in the footer)."""

    BINDINGS = [Binding("enter", "select", "Choose")]


class ChoiceMenu(ModalScreen[str | None]):
    """A filter's options, just below it (above it when there is no room).

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
