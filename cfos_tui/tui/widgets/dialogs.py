"""The workbook's one dialog base, its one look, and the small dialogs: yes/no, a reason.

A dialog composes its body in ``compose_dialog`` with these class names:

- ``dialog``: the box (a ``Vertical``), with a modifier of its own if it needs one;
- ``dialog-title``; ``dialog-text`` for a paragraph (``dialog-text -error`` for a problem);
- ``hint`` for muted help; ``form-help`` under a :func:`form_row` lines it up with the fields;
- ``form-row`` and ``form-label``: a label and its field, see :func:`form_row`;
- an :class:`ErrorLine` for what is wrong, then :func:`dialog_buttons`.

It answers in one way everywhere: escape cancels (dismisses with ``cancel_result``);
ctrl+s (when a subclass binds it), enter in a field and the accept button accept.
Accepting dismisses with :meth:`Dialog.result`, which raises :class:`Refused` to say,
in the error line, what is wrong; typing again clears the error.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import literal, one_line

DialogResult = TypeVar("DialogResult")


class Refused(Exception):
    """What is wrong with a dialog's form, raised by ``result`` or ``accept``.

    ``focus`` is the selector of the field to put right, if there is one.
    """

    def __init__(self, message: str, *, focus: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.focus = focus


class Dialog(ModalScreen[DialogResult]):
    """A modal with its own footer, so the keys shown are the dialog's (apply, cancel),
    not those of the screen behind it.

    A subclass composes its body in ``compose_dialog`` and says what accepting gives:
    ``result()`` (the value to dismiss with, or :class:`Refused`), or ``accept()`` when
    accepting means more than dismissing (a question first, work to start). It sets
    ``cancel_result`` when cancelling is not ``None``, and binds ctrl+s to ``accept``
    with its own label.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;

        .dialog {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: thick $primary;
            background: $surface;
            padding: 0 1;
        }
        .dialog-title {
            text-style: bold;
            color: $text-primary;
            margin-bottom: 1;
            width: 1fr;
        }
        .dialog-text {
            width: 1fr;
            margin-bottom: 1;
            &.-error {
                color: $text-error;
            }
        }
        .hint {
            color: $text-muted;
            width: 1fr;
            margin-bottom: 1;
        }
        .form-row {
            height: auto;
            margin-bottom: 1;
            Input, Select {
                width: 1fr;
            }
            Input {
                background: $boost;
            }
        }
        .form-label {
            width: 11;
            text-style: bold;
        }
        /* under a form row, lined up with the fields */
        .form-help {
            padding-left: 11;
            margin-top: -1;
            margin-bottom: 1;
        }
        .dialog-buttons {
            height: auto;
            margin-top: 1;
            align-horizontal: right;
            Button {
                margin-left: 1;
            }
        }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    cancel_result: DialogResult | None = None
    """What the dialog is dismissed with when cancelled."""

    def compose(self) -> ComposeResult:
        yield from self.compose_dialog()
        yield KeysFooter()

    def compose_dialog(self) -> ComposeResult:
        yield from ()

    # --- answering ----------------------------------------------------------------

    def result(self) -> DialogResult:
        """The answer the form gives; raise :class:`Refused` when it cannot be given."""
        raise NotImplementedError(f"{type(self).__name__} says neither its result nor how it accepts")

    def accept(self) -> None:
        """Dismiss with ``result()``. Override when accepting means more; raising
        :class:`Refused` still shows in the error line."""
        self.dismiss(self.result())

    def action_accept(self) -> None:
        """ctrl+s, enter in a field, the accept button."""
        try:
            self.accept()
        except Refused as refused:
            self.say(refused.message)
            if refused.focus:
                self.query_one(refused.focus).focus()

    def action_cancel(self) -> None:
        """escape, the cancel button."""
        self.dismiss(self.cancel_result)

    def say(self, message: str) -> None:
        """Show ``message`` (one line, literally) in the dialog's error line; "" hides it."""
        self.query_one(ErrorLine).say(one_line(message))

    def text_of(self, selector: str) -> str:
        """What is typed in the input at ``selector``, without surrounding blanks."""
        return self.query_one(selector, Input).value.strip()

    # --- messages -----------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Textual calls this after a subclass's own handler (it calls one per class),
        # which may already have answered.
        if self.is_active:
            self.action_accept()

    def on_input_changed(self) -> None:
        self._clear_error()

    def on_text_area_changed(self) -> None:
        self._clear_error()

    def on_select_changed(self) -> None:
        self._clear_error()

    def _clear_error(self) -> None:
        for line in self.query(ErrorLine):
            line.say("")


def form_row(label: str, field: Widget) -> Horizontal:
    """A form's line: its label in the label column, then the field."""
    return Horizontal(Label(label, classes="form-label"), field, classes="form-row")


def accept_button(label: str, *, id: str = "ok") -> Button:
    """The button that accepts the dialog (as ctrl+s does)."""
    return Button(label, id=id, variant="primary", action="screen.accept")


def cancel_button(label: str = "Cancel", *, id: str = "cancel") -> Button:
    """The button that cancels the dialog (as escape does)."""
    return Button(label, id=id, action="screen.cancel")


def dialog_buttons(*buttons: Button) -> Horizontal:
    """The dialog's buttons, on the right below the rest."""
    return Horizontal(*buttons, classes="dialog-buttons")


class ConfirmScreen(Dialog[bool]):
    """Ask a yes/no question; ``True`` only when the person confirms."""

    cancel_result = False

    def __init__(self, question: str | Content, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(literal(question))
        self.yes, self.no = yes, no

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            yield dialog_buttons(accept_button(self.yes, id="yes"), cancel_button(self.no, id="no"))

    def result(self) -> bool:
        return True


class ReasonScreen(Dialog[str | None]):
    """Ask why a checklist item does not apply; ``None`` when cancelled."""

    BINDINGS = [Binding("ctrl+s", "accept", "Not applicable")]

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
            yield dialog_buttons(accept_button("Not applicable"), cancel_button())

    def result(self) -> str:
        reason = self.text_of("#reason")
        if not reason:
            raise Refused("Say why, so the team knows later.")
        return reason
