"""The report's export-path modal and the rules for where a report may go."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

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


def default_report_path(plan_path: Path) -> Path:
    """``<plan stem>-report.md`` next to the plan."""
    return plan_path.with_name(f"{plan_path.stem}-report.md")


def resolve_target(text: str, base: Path) -> Path:
    """The path a person typed, with ``~`` expanded; relative paths start at ``base``."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else base / path


def target_problem(path: Path) -> str | None:
    """Why the report cannot be written to ``path``, or None when it can."""
    if path.is_dir():
        return f"{path} is a folder: add a file name, for example {path / 'report.md'}"
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    if path.exists() and not path.is_file():
        return f"{path} is not a regular file (a device or a pipe): choose a file."
    return None


class ExportModal(Dialog[Path | None]):
    """Ask where to write the report; dismisses with the chosen path, or None.

    A missing folder or a folder given as the file is refused in place; an existing
    file is replaced only after the person says so.
    """

    BINDINGS = [Binding("ctrl+s", "accept", "Export")]
    AUTO_FOCUS = "#export-path"

    def __init__(self, default: Path, base: Path, what: str = "the report") -> None:
        super().__init__()
        self.default = default
        self.base = base
        self.what = what
        """What is exported, as the title says it ("the report", "the community page")."""

    def compose_dialog(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Export {self.what}", classes="dialog-title", markup=False)
            yield Label(f"Write {self.what} to a Markdown file.", classes="dialog-text", markup=False)
            yield form_row("File", Input(str(self.default), id="export-path", compact=True))
            yield Label(
                literal(f"Relative paths start in the plan's folder, {self.base}."),
                classes="hint form-help",
                markup=False,
            )
            yield ErrorLine(id="export-error")
            yield dialog_buttons(accept_button("Export", id="export"), cancel_button())

    def result(self) -> Path:
        text = self.text_of("#export-path")
        if not text:
            raise Refused("Type the path of the file to write.")
        path = resolve_target(text, self.base)
        problem = target_problem(path)
        if problem:
            raise Refused(problem, focus="#export-path")
        return path

    def accept(self) -> None:
        path = self.result()
        if not path.exists():
            self.dismiss(path)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(path)
            else:
                self.query_one("#export-path", Input).focus()

        self.app.push_screen(
            ConfirmScreen(f"{literal(str(path))} already exists. Replace it?", yes="Replace"), answered
        )
