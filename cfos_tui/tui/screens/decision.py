"""Log a decision (date, title, link, who) from anywhere in the workbook."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from cfos_tui.clock import parse_date
from cfos_tui.errors import CfosError
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.widgets.dialogs import (
    Dialog,
    Refused,
    accept_button,
    cancel_button,
    dialog_buttons,
    form_row,
)
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.name_input import NameInput


class DecisionModal(Dialog[bool]):
    """Add one entry to the public decision log; dismisses True when it was logged."""

    BINDINGS = [Binding("ctrl+s", "accept", "Log decision")]
    AUTO_FOCUS = "#decision-title"
    cancel_result = False

    def compose_dialog(self) -> ComposeResult:
        plan = session(self).plan
        with Vertical(classes="dialog"):
            yield Label("Log a decision", classes="dialog-title")
            yield Label(
                "The decision log is the public record of what was decided and where.",
                classes="hint",
                markup=False,
            )
            today = workbook(self).today().isoformat()
            yield form_row("Date", Input(today, placeholder="YYYY-MM-DD", id="decision-date", compact=True))
            yield form_row(
                "Decision",
                Input(placeholder="what was decided (required)", id="decision-title", compact=True),
            )
            yield form_row(
                "Link", Input(placeholder="issue, pull request or notes", id="decision-link", compact=True)
            )
            yield form_row(
                "Who",
                NameInput(placeholder="who decided", id="decision-who", compact=True, team=plan.team),
            )
            yield ErrorLine(id="decision-error")
            yield dialog_buttons(accept_button("Log decision", id="log"), cancel_button())

    def accept(self) -> None:
        edits = session(self)
        if edits.read_only:
            raise Refused(f"This plan is read-only: {edits.read_only}", focus="#decision-title")
        try:
            when = parse_date(self.text_of("#decision-date"), "date")
        except CfosError as error:
            raise Refused(str(error), focus="#decision-date") from None
        title = self.text_of("#decision-title")
        if not title:
            raise Refused("Say what was decided.", focus="#decision-title")
        edits.add_decision(
            when, title, link=self.text_of("#decision-link"), who=self.text_of("#decision-who")
        )
        self.app.notify("Decision logged", markup=False)
        self.dismiss(True)
