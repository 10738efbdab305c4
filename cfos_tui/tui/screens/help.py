"""The help screen: every key of the workbook and what it does."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from cfos_tui.tui.commands import PLAN_COMMANDS
from cfos_tui.tui.widgets.dialogs import Dialog

# (where, [(keys, what they do)], a sentence after the keys or "")
SECTIONS: list[tuple[str, list[tuple[str, str]], str]] = [
    (
        "Anywhere",
        [
            ("ctrl+p", "Command palette: every action and step by name, and themes"),
            *((command.key, command.help) for command in PLAN_COMMANDS),
            ("f1 or ?", "This help"),
            ("tab / shift+tab", "Move between the panel, questions and checklist"),
            ("tab in a name box", "Take the team name it suggests (right arrow too)"),
            ("ctrl+q", "Quit (unsaved edits are saved first)"),
        ],
        "",
    ),
    (
        "Roadmap",
        [
            ("↑ / ↓", "Move between steps (in the panel)"),
            ("enter", "Open the step"),
            ("space", "Fold or unfold the phase (in the panel; enter too)"),
            ("f", "Jump to the step's first question"),
            ("k", "Jump to the step's checklist"),
        ],
        "",
    ),
    (
        "Checklist of a step",
        [
            ("space", "Next status: todo → doing → done → todo"),
            ("x", "Not applicable (asks why)"),
            ("enter or o", "Edit status, owner, due date, note, evidence"),
        ],
        "",
    ),
    (
        "Records (personas, values, teams, committee, reminders)",
        [
            ("enter", "Edit the highlighted record"),
            ("+", "Add a record"),
            ("shift+↑ / ↓", "Move it up / down"),
            ("del", "Remove it (asks first)"),
            ("space", "Accept the highlighted suggestion (◇): the team agrees to it"),
        ],
        "Suggestions come from the playbook; the report lists them apart until accepted.",
    ),
    (
        "Checklist view (c)",
        [
            ("space / x", "As in a step's checklist"),
            ("enter", "Open the item's step"),
            ("s", "Sort by due date"),
            ("o", "Only overdue items"),
        ],
        "The line at the top filters by status, owner, importance and overdue: Tab to it, "
        "← → pick a filter, enter opens its list (or ticks Overdue), ↑ ↓ step through it.",
    ),
    (
        "Report view (r)",
        [
            ("t", "Switch between the team's report and the community's page"),
            ("e", "Export the one shown to a Markdown file"),
        ],
        "",
    ),
    (
        "Files view (w)",
        [
            ("w", "Write the highlighted file (asks first when it was edited by hand)"),
            ("⇧W", "Write every new and changed file"),
            ("enter", "On a file that needs answers: go to the step that asks them"),
        ],
        "Community files are made from the plan's answers; your own text outside their markers stays.",
    ),
    (
        "Reminders view (m)",
        [("d or enter", "Mark the highlighted reminder done today"), ("a", "Add one"), ("del", "Remove it")],
        "",
    ),
    (
        "Audit view (u)",
        [
            ("enter", "Run the audit"),
            ("a / x", "Accept / reject the highlighted proposal"),
            ("A", "Accept all proposals"),
            ("s", "Record the findings without accepting any"),
        ],
        "",
    ),
    (
        "Forms",
        [("ctrl+s", "Apply"), ("escape", "Cancel")],
        "Dates are written YYYY-MM-DD.",
    ),
    (
        "When someone else saved the plan",
        [
            ("↑ / ↓, space", "Pick yours or theirs for a field"),
            ("ctrl+s", "Apply the choices"),
            ("escape", "Keep all of yours"),
        ],
        "Their changes are merged with yours by themselves; only a field changed both ways is asked.",
    ),
]

CLOSING = (
    "Letters act as keys only when you are not typing in a box. "
    "The mouse works too: click a step, a button or a row."
)


def help_text() -> RenderableType:
    """Every section as a title and a two-column table of keys."""
    parts: list[RenderableType] = []
    for title, keys, after in SECTIONS:
        parts.append(Text(title, style="bold"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=15)
        table.add_column()
        for key, does in keys:
            table.add_row(key, does)
        parts.append(table)
        if after:
            parts.append(Text(after))
        parts.append(Text(""))
    parts.append(Text(CLOSING))
    return Group(*parts)


class HelpScreen(Dialog[None]):
    """The keys, grouped by where they work."""

    DEFAULT_CSS = """
    HelpScreen {
        .help-dialog {
            height: 22;
        }
        #help-text {
            height: 1fr;
        }
        .help-dialog Button {
            dock: bottom;
            margin-top: 1;
        }
    }
    """

    BINDINGS = [Binding("escape,f1,question_mark,q", "cancel", "Close")]

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label("Keys  ·  ↑ ↓ PgUp PgDn scroll  ·  escape closes", classes="dialog-title")
            with VerticalScroll(id="help-text"):
                yield Static(help_text())
            yield Button("Close", id="close", variant="primary", compact=True, action="screen.cancel")

    def on_mount(self) -> None:
        # the text, not the button, has focus: arrows and page keys scroll it at once
        self.query_one("#help-text", VerticalScroll).focus()
