"""A line that says what is wrong with what was typed, hidden while all is well."""

from __future__ import annotations

from textual.widgets import Label

from cfos_tui.tui.widgets.text import literal


class ErrorLine(Label):
    """Shows one message in the error colour; takes no room while there is none."""

    DEFAULT_CSS = """
    ErrorLine {
        color: $text-error;
        width: 1fr;
        height: auto;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str = "") -> None:
        super().__init__("", id=id, classes=classes, markup=False)

    def say(self, message: str) -> None:
        """Show ``message`` literally, or hide the line when it is empty."""
        self.update(literal(message))
        self.display = bool(message)
