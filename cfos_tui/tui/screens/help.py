"""The help screen: every key of the workbook and what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Markdown

HELP = """\
**Anywhere**

| Key | Does |
|---|---|
| `ctrl+p` | Command palette: every action by name, and themes |
| `n` / `p` | Next / previous step of the roadmap |
| `c` | Checklist of the whole plan |
| `m` | Habit reminders |
| `r` / `e` | Report / export the report to a file |
| `a` | Add an entry to the decision log |
| `u` | Audit the project's checkout: files, license, contributors |
| `ctrl+s` | Save now (the plan also saves itself a moment after each edit) |
| `f1` or `?` | This help |
| `tab` / `shift+tab` | Move between the panel, questions and checklist |
| `ctrl+q` | Quit (unsaved edits are saved first) |

**Roadmap panel:** arrows move, `enter` opens a step.

**Checklist of a step**

| Key | Does |
|---|---|
| `space` | Next status: todo → doing → done → todo |
| `x` | Not applicable (asks why) |
| `enter` or `o` | Edit status, owner, due date, note, evidence |

**Records** (personas, values, teams, committee, reminders)

| Key | Does |
|---|---|
| `enter` | Edit the highlighted record |
| `+` | Add a record |
| `shift+↑` / `shift+↓` | Move it up / down |
| `del` | Remove it (asks first) |

**Checklist view** (`c`): `space` / `x` as above, `enter` opens the item's step,
`s` sorts by due date, `o` shows only overdue items; the boxes at the top filter.

**Reminders view** (`m`): `d` or `enter` marks the highlighted reminder done today,
`a` adds one, `del` removes it.

**Audit view** (`u`): `enter` runs the audit; on a proposal `a` accepts it, `x`
rejects it, `A` accepts all, `s` records the findings without accepting any.

**Forms:** `ctrl+s` applies, `escape` cancels. Dates are written YYYY-MM-DD.

Letters act as keys only when you are not typing in a box. The mouse works too:
click a step, a button or a row.
"""


class HelpScreen(ModalScreen[None]):
    """The keys, grouped by where they work."""

    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label("Keys", classes="dialog-title")
            yield Markdown(HELP, id="help-text")
            yield Button("Close", id="close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
