"""Log a decision (date, title, link, who) from anywhere in the workbook."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label

from cfos_tui.clock import parse_date
from cfos_tui.errors import CfosError
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.widgets.dialogs import Dialog, form_css, modal_css
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.text import one_line


class DecisionModal(Dialog[bool]):
    """Add one entry to the public decision log; dismisses True when it was logged."""

    DEFAULT_CSS = modal_css("DecisionModal") + form_css("DecisionModal")
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Log decision")]
    AUTO_FOCUS = "#decision-title"

    def compose_dialog(self) -> ComposeResult:
        plan = session(self).plan
        with Vertical():
            yield Label("Log a decision", classes="modal-title")
            yield Label(
                "The decision log is the public record of what was decided and where.",
                classes="hint",
                markup=False,
            )
            with Grid(classes="form"):
                yield Label("Date")
                yield Input(
                    workbook(self).today().isoformat(),
                    placeholder="YYYY-MM-DD",
                    id="decision-date",
                    compact=True,
                )
                yield Label("Decision")
                yield Input(placeholder="what was decided (required)", id="decision-title", compact=True)
                yield Label("Link")
                yield Input(placeholder="issue, pull request or notes", id="decision-link", compact=True)
                yield Label("Who")
                yield Input(
                    placeholder="who decided",
                    id="decision-who",
                    compact=True,
                    suggester=SuggestFromList(plan.team, case_sensitive=False) if plan.team else None,
                )
            yield ErrorLine(id="decision-error")
            with Horizontal(classes="buttons"):
                yield Button("Log decision", variant="primary", id="log")
                yield Button("Cancel", id="cancel")

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _refuse(self, message: str, widget_id: str) -> None:
        self.query_one("#decision-error", ErrorLine).say(one_line(message))
        self.query_one(f"#{widget_id}", Input).focus()

    @on(Input.Changed)
    def clear_error(self) -> None:
        self.query_one("#decision-error", ErrorLine).say("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#log")
    def action_submit(self) -> None:
        edits = session(self)
        if edits.read_only:
            self._refuse(f"This plan is read-only: {edits.read_only}", "decision-title")
            return
        try:
            when = parse_date(self._value("decision-date"), "date")
        except CfosError as error:
            self._refuse(str(error), "decision-date")
            return
        title = self._value("decision-title")
        if not title:
            self._refuse("Say what was decided.", "decision-title")
            return
        edits.add_decision(when, title, link=self._value("decision-link"), who=self._value("decision-who"))
        self.app.notify("Decision logged", markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
