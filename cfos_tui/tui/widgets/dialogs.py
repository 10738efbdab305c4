"""Small typed modals: a yes/no question and a reason to type."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.text import literal

DialogResult = TypeVar("DialogResult")


class Dialog(ModalScreen[DialogResult]):
    """A modal with its own footer, so the keys shown are the dialog's (apply, cancel),
    not those of the screen behind it. Subclasses compose in ``compose_dialog``."""

    def compose(self) -> ComposeResult:
        yield from self.compose_dialog()
        yield Footer(compact=True)

    def compose_dialog(self) -> ComposeResult:
        yield from ()


class ConfirmScreen(Dialog[bool]):
    """Ask a yes/no question; ``True`` only when the person confirms."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str | Content, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(literal(question))
        self.yes, self.no = yes, no

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class ReasonScreen(Dialog[str | None]):
    """Ask why a checklist item does not apply; ``None`` when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "accept", "Not applicable")]

    def __init__(self, item_title: str, reason: str = "") -> None:
        super().__init__()
        self.item_title = item_title
        self.reason = reason

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Why does this item not apply?", classes="dialog-title")
            yield Label(literal(self.item_title), markup=False, classes="dialog-text")
            yield Input(self.reason, placeholder="The reason, for the team and the report", id="reason")
            yield ErrorLine(id="reason-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Not applicable", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_input_changed(self) -> None:
        self.query_one("#reason-error", ErrorLine).say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_accept()
        else:
            self.dismiss(None)

    def action_accept(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#reason-error", ErrorLine).say("Say why, so the team knows later.")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 76;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 1 2;
}}
{name} .modal-title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .hint {{
    color: $text-muted;
    margin-bottom: 1;
    width: 1fr;
}}
{name} .buttons {{
    height: auto;
    align-horizontal: right;
    margin-top: 1;
}}
{name} .buttons Button {{
    margin-left: 1;
}}
"""


def modal_css(name: str) -> str:
    """The common look of this package's modals, scoped to the modal class ``name``."""
    return MODAL_CSS.format(name=name)


FORM_CSS = """
{name} .form {{
    grid-size: 2;
    grid-columns: 11 1fr;
    grid-rows: 1;
    grid-gutter: 1 1;
    height: auto;
}}
{name} .form Label {{
    width: 100%;
    text-align: right;
}}
"""


def form_css(name: str) -> str:
    """A two-column form (labels, one-line inputs) inside the modal class ``name``."""
    return FORM_CSS.format(name=name)
