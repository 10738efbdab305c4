"""The form that starts a new plan: project, where the file goes, checkout, team."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from cfos_tui import locations, store
from cfos_tui.errors import CfosError
from cfos_tui.plan import new_plan, slugify
from cfos_tui.playbook import builtin_playbook
from cfos_tui.store import PlanFile
from cfos_tui.tui.context import workbook
from cfos_tui.tui.widgets.dialogs import (
    ConfirmScreen,
    Dialog,
    Refused,
    accept_button,
    cancel_button,
    dialog_buttons,
    form_row,
)
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.text import literal


def default_plan_path(project: str) -> Path:
    """Where a plan goes when the person does not say: the data folder, by project."""
    return locations.data_dir() / f"{slugify(project) or 'plan'}.toml"


def team_of(text: str) -> list[str]:
    """Team members typed comma-separated, trimmed, without blanks or repeats."""
    members: list[str] = []
    for name in text.split(","):
        name = name.strip()
        if name and name not in members:
            members.append(name)
    return members


class NewPlanScreen(Dialog[PlanFile | None]):
    """Ask for a new plan's details, create the file, and return it (None if cancelled)."""

    BINDINGS = [Binding("ctrl+s", "accept", "Create")]
    AUTO_FOCUS = "#project"

    def __init__(self, path: Path | None = None, *, missing: bool = False) -> None:
        super().__init__()
        self.given_path = path
        self.missing = missing
        self._path_edited = path is not None

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog new-plan-dialog"):
            yield Label("New plan", classes="dialog-title")
            if self.missing and self.given_path is not None:
                yield Static(
                    Content.assemble(
                        Content(literal(str(self.given_path))), " does not exist yet. Create a plan there?"
                    ),
                    classes="dialog-text",
                )
            yield form_row("Project", Input(id="project", placeholder="For example: Nebari", compact=True))
            path = str(self.given_path) if self.given_path else str(default_plan_path(""))
            yield form_row("Plan file", Input(path, id="plan-path", compact=True))
            yield Label(
                "Tip: keep it in the project's repository, e.g. community/transition-plan.toml",
                classes="hint form-help",
            )
            yield form_row(
                "Checkout",
                Input(id="checkout", placeholder="Optional: a local clone, for the audit", compact=True),
            )
            yield form_row(
                "Team", Input(id="team", placeholder="Optional, comma-separated: Ana, Bo, Chen", compact=True)
            )
            yield ErrorLine(id="new-plan-error")
            yield dialog_buttons(accept_button("Create", id="create"), cancel_button())

    @on(Input.Changed, "#project")
    def _project_typed(self, event: Input.Changed) -> None:
        if not self._path_edited:
            with self.prevent(Input.Changed):
                self.query_one("#plan-path", Input).value = str(default_plan_path(event.value))

    @on(Input.Changed, "#plan-path")
    def _path_typed(self, event: Input.Changed) -> None:
        project = self.query_one("#project", Input).value
        if event.value != str(default_plan_path(project)):
            self._path_edited = True

    def accept(self) -> None:
        project = self.text_of("#project")
        path_text = self.text_of("#plan-path")
        if not project:
            raise Refused("The project needs a name.", focus="#project")
        if not path_text:
            raise Refused("Say where the plan file goes.")
        path = Path(path_text).expanduser()
        checkout = self.text_of("#checkout")
        team = team_of(self.query_one("#team", Input).value)
        folder = path.parent
        if folder == locations.data_dir() or folder.is_dir():
            self.say("Creating…")
            self._create(path, project, checkout, team, make_folder=folder == locations.data_dir())
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.say("Creating…")
                self._create(path, project, checkout, team, make_folder=True)
            else:
                self.say(f"{folder} does not exist: choose another place, or create it.")

        question = f"The folder {folder} does not exist yet. Create it, and the plan in it?"
        self.app.push_screen(ConfirmScreen(question, yes="Create the folder"), answered)

    @work(thread=True, exclusive=True, group="create")
    def _create(self, path: Path, project: str, checkout: str, team: list[str], *, make_folder: bool) -> None:
        try:
            if path.suffix != ".toml":
                raise CfosError(f"{path}: a plan file name ends in .toml")
            if make_folder:
                path.parent.mkdir(parents=True, exist_ok=True)
            playbook = builtin_playbook()
            today = workbook(self).today()
            plan = new_plan(playbook, project, today=today, team=team, checkout=checkout)
            plan_file = store.create(path, plan, playbook, keep_parsed=True)
        except CfosError as error:
            self.app.call_from_thread(self.say, str(error))
            return
        except OSError as error:
            self.app.call_from_thread(self.say, f"{path}: {error.strerror or error}")
            return
        self.app.call_from_thread(self.dismiss, plan_file)
