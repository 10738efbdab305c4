"""Modals about the file on disk: someone else changed it, or it could not be written."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from cfos_tui.tui.widgets.dialogs import ConfirmScreen, Dialog
from cfos_tui.tui.widgets.text import literal


class ConflictScreen(Dialog[str]):
    """The plan file changed on disk: ``"reload"`` theirs, ``"keep"`` mine, or ``"later"``."""

    BINDINGS = [Binding("escape", "later", "Decide later")]

    def __init__(self, path: Path, *, quitting: bool = False) -> None:
        super().__init__()
        self.path = path
        self.quitting = quitting

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog conflict-dialog"):
            yield Label("The plan changed on disk", classes="dialog-title")
            yield Static(
                Content.assemble(
                    Content(literal(str(self.path))),
                    " was changed by someone else since you opened it (a git pull, another "
                    "editor?), and you have unsaved edits.\n\n",
                    ("Reload theirs", "bold"),
                    ": drop your unsaved edits and show the file as it is now.\n",
                    ("Keep mine", "bold"),
                    ": save your version; theirs is kept beside it as a copy.",
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id="reload")
                yield Button("Keep mine", id="keep", variant="primary")
                yield Button("Don't quit" if self.quitting else "Later", id="later")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "reload":
            self._confirm_reload()
        elif event.button.id == "keep":
            self.dismiss("keep")
        else:
            self.dismiss("later")

    def _confirm_reload(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss("reload")

        question = "Drop your unsaved edits and load the file as it is on disk?"
        self.app.push_screen(ConfirmScreen(question, yes="Drop my edits"), confirmed)

    def action_later(self) -> None:
        self.dismiss("later")


class SaveFailedScreen(Dialog[str]):
    """Saving on quit failed: ``"retry"``, ``"discard"`` (quit anyway) or ``"stay"``."""

    BINDINGS = [Binding("escape", "stay", "Stay")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("The plan could not be saved", classes="dialog-title")
            yield Label(
                literal(self.message), markup=False, id="save-failed-reason", classes="dialog-text error"
            )
            yield Label(
                "Your edits are still here. Fix the problem and try again, or stay and "
                "keep working; quitting now loses the unsaved edits.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Try again", id="retry", variant="primary")
                yield Button("Stay", id="stay")
                yield Button("Quit without saving", id="discard", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "stay")

    def action_stay(self) -> None:
        self.dismiss("stay")
