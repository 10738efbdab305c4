"""The start screen: recent plans with their progress, a new plan, or a file to open."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from cfos_tui import locations, store
from cfos_tui.errors import CfosError
from cfos_tui.locations import RecentPlan
from cfos_tui.plan import progress
from cfos_tui.tui.context import workbook
from cfos_tui.tui.styles import START_CSS, load_styles
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import literal


def recent_prompt(recent: RecentPlan, headline: str, detail: str, style: str = "") -> Text:
    """Two lines for a recent plan: what it is and how far, then where it lives."""
    text = Text(literal(headline), style=style or "bold")
    text.append(f"  {literal(detail)}", style=style)
    text.append(f"\n{literal(str(recent.path))}", style="dim")
    return text


class StartScreen(Screen[None]):
    """Pick up a recent plan, start a new one, or open a file."""

    BINDINGS = [
        Binding("n", "new_plan", "New plan"),
        Binding("o", "open_file", "Open file"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, error: str = "") -> None:
        super().__init__()
        self.error = error
        self.recent = locations.recent_plans()

    def compose(self) -> ComposeResult:
        load_styles(self.app, START_CSS)
        with Vertical(id="start"):
            yield Label("cfos-plan", id="start-title")
            yield Label(
                "A workbook for moving a company-backed open-source project to community governance.",
                id="start-tagline",
            )
            yield ErrorLine(id="start-error")
            yield Label("Recent plans", classes="section-title")
            if self.recent:
                yield OptionList(
                    *(
                        Option(recent_prompt(r, r.path.stem, "reading…", style="dim"), id=str(i))
                        for i, r in enumerate(self.recent)
                    ),
                    id="recent",
                )
            else:
                yield Label("No plans yet on this machine. Start one with New plan.", id="no-recent")
            with Horizontal(id="start-actions"):
                yield Button("New plan", id="new-plan", variant="primary")
                yield Input(placeholder="Path of a plan file to open", id="open-path")
                yield Button("Open", id="open")
        yield KeysFooter(compact=False)

    def on_mount(self) -> None:
        self.show_error(self.error)
        if self.recent:
            self.query_one("#recent", OptionList).focus()
            self._read_recent()
        else:
            self.query_one("#new-plan", Button).focus()
        workbook(self).first_screen_ready()

    def show_error(self, message: str) -> None:
        self.query_one("#start-error", ErrorLine).say(message)

    @work(thread=True, group="recent")
    def _read_recent(self) -> None:
        """Load each recent plan to show its project and progress."""
        for index, recent in enumerate(self.recent):
            try:
                plan_file = store.load(recent.path, keep_parsed=True)
            except CfosError as error:
                first = str(error).splitlines()[0]
                prompt = recent_prompt(recent, recent.path.name, f"cannot be read: {first}", style="red")
            else:
                count = progress(plan_file.plan, plan_file.playbook).overall
                prompt = recent_prompt(
                    recent, plan_file.plan.project, f"{count.done}/{count.total} · {count.percent}%"
                )
            self.app.call_from_thread(self._show_prompt, index, prompt)

    def _show_prompt(self, index: int, prompt: Text) -> None:
        for options in self.query("#recent").results(OptionList):  # none once the screen has gone
            options.replace_option_prompt(str(index), prompt)

    @on(OptionList.OptionSelected, "#recent")
    def _recent_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        recent = self.recent[int(event.option.id or 0)]
        self.show_error("")
        workbook(self).open_plan(recent.path, recent.step or None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "new-plan":
            self.action_new_plan()
        elif event.button.id == "open":
            self._open(self.query_one("#open-path", Input).value)

    @on(Input.Submitted, "#open-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open(event.value)

    def _open(self, text: str) -> None:
        if not text.strip():
            self.show_error("Type the path of a plan file first.")
            self.query_one("#open-path", Input).focus()
            return
        path = Path(text.strip()).expanduser()
        if path.is_dir():
            self.show_error(f"{path}: is a folder, not a plan file")
            return
        self.show_error("")
        if not path.exists():
            workbook(self).offer_new_plan(path, missing=True)
        else:
            workbook(self).open_plan(path)

    def action_new_plan(self) -> None:
        workbook(self).offer_new_plan()

    def action_open_file(self) -> None:
        self.query_one("#open-path", Input).focus()
