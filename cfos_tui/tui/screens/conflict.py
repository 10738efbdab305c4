"""Modals about the file on disk: someone else changed the same fields, or it could not be written."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, RadioButton, RadioSet

from cfos_tui.merge import Conflict, describe
from cfos_tui.playbook import Playbook
from cfos_tui.tui.widgets.dialogs import Dialog, accept_button, cancel_button, dialog_buttons
from cfos_tui.tui.widgets.text import literal, one_line

Choices = dict[tuple[str, ...], Any]


class MergeScreen(Dialog[Choices | None]):
    """Someone saved the plan while we had unsaved edits, and changed some of the same
    fields another way. Everything else is already merged; here the person picks, field
    by field, which value stays. Dismissed with the chosen values (``{}`` keeps all of
    ours), or ``None`` for "don't quit" when asked on the way out."""

    DEFAULT_CSS = """
    MergeScreen {
        .merge-dialog {
            max-height: 22;
        }
        .merge-fields {
            height: auto;
            max-height: 10;  /* with the text and the buttons, 22 rows: the footer stays in sight */
        }
        .merge-field {
            text-style: bold;
            width: 1fr;
        }
        .merge-choice {
            width: 1fr;
            margin-bottom: 1;
        }
    }
    """

    BINDINGS = [
        Binding("escape", "keep_mine", "Keep all mine"),
        Binding("ctrl+s", "accept", "Apply"),
    ]

    def __init__(
        self, conflicts: tuple[Conflict, ...], playbook: Playbook, *, quitting: bool = False
    ) -> None:
        super().__init__()
        self.conflicts = conflicts
        self.playbook = playbook
        self.quitting = quitting

    def compose_dialog(self) -> ComposeResult:
        count = len(self.conflicts)
        with Vertical(classes="dialog merge-dialog"):
            yield Label("Changed here and on disk", classes="dialog-title")
            yield Label(
                "Someone else saved this plan while you were editing. Their other changes "
                f"and yours are merged; {'this field was' if count == 1 else f'these {count} fields were'} "
                "changed both ways. Choose what stays:",
                classes="dialog-text",
            )
            with VerticalScroll(classes="merge-fields"):
                for index, conflict in enumerate(self.conflicts):
                    yield Label(
                        literal(field_title(conflict.path, self.playbook)),
                        markup=False,
                        classes="merge-field",
                    )
                    with RadioSet(id=f"choice-{index}", classes="merge-choice"):
                        yield RadioButton(
                            Content(one_line(f"yours: {describe(conflict.ours)}")),
                            value=True,
                            id=f"ours-{index}",
                        )
                        yield RadioButton(
                            Content(one_line(f"theirs: {describe(conflict.theirs)}")), id=f"theirs-{index}"
                        )
            buttons = [
                accept_button("Apply", id="apply"),
                Button("Keep all mine", id="keep", action="screen.keep_mine"),
            ]
            if self.quitting:
                buttons.append(cancel_button("Don't quit", id="stay"))
            yield dialog_buttons(*buttons)

    def on_mount(self) -> None:
        self.query_one("#choice-0", RadioSet).focus()

    def result(self) -> Choices:
        """Theirs' value for each field where the person picked theirs."""
        chosen: Choices = {}
        for index, conflict in enumerate(self.conflicts):
            if self.query_one(f"#choice-{index}", RadioSet).pressed_index == 1:
                chosen[conflict.path] = conflict.theirs
        return chosen

    def action_keep_mine(self) -> None:
        self.dismiss({})


def field_title(path: tuple[str, ...], playbook: Playbook) -> str:
    """A conflicting field named for people: the item's or step's title, then the field."""
    section, *rest = path
    if section == "items" and rest:
        item = playbook.item(rest[0])
        name = item.title if item else rest[0]
        return f"Checklist: {name}" + (f" · {' · '.join(rest[1:])}" if rest[1:] else "")
    if section == "answers" and rest:
        step = playbook.step(rest[0])
        name = step.title if step else rest[0]
        return f"{name}: {' · '.join(rest[1:]) or 'answers'}"
    labels = {"reminders": "Reminder", "decisions": "Decision", "reviews": "Review"}
    if section in labels and rest:
        return f"{labels[section]} {rest[0]}" + (f" · {' · '.join(rest[1:])}" if rest[1:] else "")
    return ".".join(path)


class SaveFailedScreen(Dialog[str]):
    """Saving on quit failed: ``"retry"``, ``"discard"`` (quit anyway) or ``"stay"``."""

    BINDINGS = [Binding("escape", "cancel", "Stay")]
    cancel_result = "stay"

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("The plan could not be saved", classes="dialog-title")
            yield Label(
                literal(self.message), markup=False, id="save-failed-reason", classes="dialog-text -error"
            )
            yield Label(
                "Your edits are still here. Fix the problem and try again, or stay and "
                "keep working; quitting now loses the unsaved edits.",
                classes="dialog-text",
            )
            yield dialog_buttons(
                accept_button("Try again", id="retry"),
                cancel_button("Stay", id="stay"),
                Button(
                    "Quit without saving", id="discard", variant="error", action="screen.dismiss('discard')"
                ),
            )

    def result(self) -> str:
        return "retry"
