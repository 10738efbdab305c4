"""The report view: the Markdown transition report, rendered live, and its export."""

from __future__ import annotations

import asyncio
import copy
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Markdown, Static
from textual.widgets.markdown import MarkdownBlock
from textual.worker import get_current_worker

from cfos_tui.errors import CfosError
from cfos_tui.plan import Plan
from cfos_tui.playbook import Playbook
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.screens.export import ExportModal, default_report_path
from cfos_tui.tui.widgets.text import one_line

if TYPE_CHECKING:
    from cfos_tui.tui.app import Revision

if TYPE_CHECKING:
    from markdown_it.token import Token

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# The report breaks lines inside table cells with <br>, which GitHub draws and
# Textual's Markdown drops; in the view a cell break travels as a private-use
# character (not whitespace, which Textual folds into one space).
CELL_BREAK = "\ue000"


FIRST_SECTIONS = 2
"""Sections drawn before the first frame: the title, the summary and the first phase."""
SECTION_PAUSE = 0.005


def sections_of(markdown: str) -> list[str]:
    """The report cut before each level-two heading (user text never starts a line
    with one: the report escapes it), so it can be drawn and redrawn a piece at a time."""
    return [piece for piece in re.split(r"(?m)^(?=## )", markdown) if piece]


def displayable(markdown: str) -> str:
    """The report with control characters shown as symbols, so none reaches the terminal.

    The report already escapes user text for Markdown; this keeps an escape sequence
    written into a plan from changing the screen when Textual draws the document.
    Its ``<br>`` line breaks (user text never holds one: it is escaped) become a hard
    line break in a paragraph and :data:`CELL_BREAK` in a table row.
    """
    shown = _CONTROL.sub(lambda match: one_line(match[0]), markdown).replace(CELL_BREAK, "\ufffd")
    lines = [
        line.replace("<br>", CELL_BREAK) if line.startswith("|") else line.replace("<br>", "\\\n")
        for line in shown.split("\n")
    ]
    return "\n".join(lines)


def rich_text(content: Content) -> Text:
    """A Rich ``Text`` with the same characters and styles as a Textual ``Content``
    (a table cell's line breaks included)."""
    text = Text(end="")
    for segment_text, style in content.render(end=""):
        text.append(segment_text.replace(CELL_BREAK, "\n"), style.rich_style if style else None)
    return text


# Below this many cells per column, a table is shown as one short block per row.
MIN_COLUMN_WIDTH = 14


class ReportTable(MarkdownBlock):
    """A Markdown table drawn as one Rich table instead of a widget per cell.

    The report has a table per step; drawn cell by cell they cost hundreds of
    widgets and seconds to mount. One ``Static`` per table keeps the view quick.
    While the document is parsed, its rows and cells (:class:`ReportRow`,
    :class:`ReportCell`) hand their text to the table instead of becoming widgets.
    """

    DEFAULT_CSS = """
    ReportTable {
        height: auto;
        margin-bottom: 1;
        &:light {
            background: white 30%;
        }
    }
    """

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        self.headers: list[Content] = []
        self.rows: list[list[Content]] = []
        if isinstance(markdown, ReportMarkdown):
            markdown.table = self

    def compose(self) -> ComposeResult:
        headers, rows = self.headers, [row for row in self.rows if row]  # the header row has no cells
        if len(headers) * MIN_COLUMN_WIDTH > self.app.size.width:
            yield Static(self._as_cards(headers, rows))
            return
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, header_style="bold", leading=1)
        for header in headers:
            table.add_column(rich_text(header), overflow="fold")
        for row in rows:
            table.add_row(*(rich_text(cell) for cell in row))
        yield Static(table)

    @staticmethod
    def _as_cards(headers: list[Content], rows: list[list[Content]]) -> Group:
        """Too many columns for the terminal: each row as its first cell in bold, then
        "Header: value" for each other cell that has something in it."""
        parts: list[RenderableType] = []
        for row in rows:
            title = rich_text(row[0]) if row else Text()
            title.stylize("bold")
            title.end = "\n"
            details = Text()
            for header, cell in zip(headers[1:], row[1:], strict=False):
                value = Text(", ").join(rich_text(cell).split("\n"))  # a cell's lines, on one line
                if value.plain.strip() in ("", "—"):
                    continue
                if details:
                    details.append(" · ", style="dim")
                details.append(rich_text(header).plain + ": ", style="dim")
                details.append_text(value)
            parts.append(title)
            if details:
                parts.append(Padding(details, (0, 0, 0, 2)))
            parts.append(Text())
        return Group(*parts[:-1])  # no blank line after the last row


def table_in_progress(markdown: Markdown) -> ReportTable | None:
    """The table whose rows and cells ``markdown`` is parsing, if any."""
    return markdown.table if isinstance(markdown, ReportMarkdown) else None


class ReportRow(MarkdownBlock):
    """A table row while the document is parsed: starts a row of the table being built."""

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        table = table_in_progress(markdown)
        if table is not None:
            table.rows.append([])


class ReportCell(MarkdownBlock):
    """A table cell while the document is parsed: takes its place in the table being
    built (empty until its text is parsed) and hands its text to it."""

    def __init__(self, markdown: Markdown, token: Token) -> None:
        super().__init__(markdown, token)
        table = table_in_progress(markdown)
        self.place: list[Content] | None = None
        """The header or row this cell belongs to, filled at ``self.index``."""
        if table is not None and (token.type == "th_open" or table.rows):
            self.place = table.headers if token.type == "th_open" else table.rows[-1]
            self.place.append(Content())
        self.index = len(self.place) - 1 if self.place is not None else 0

    def set_content(self, content: Content) -> None:
        super().set_content(content)
        if self.place is not None:
            self.place[self.index] = content


class ReportMarkdown(Markdown):
    """Textual's Markdown widget with lighter tables."""

    BLOCKS = {
        **Markdown.BLOCKS,
        "table_open": ReportTable,
        "tr_open": ReportRow,
        "th_open": ReportCell,
        "td_open": ReportCell,
    }

    table: ReportTable | None = None
    """The table being parsed, which its rows and cells fill."""


def build_report(plan: Plan, playbook: Playbook, today: date) -> str:
    from cfos_tui.report import render_report

    return render_report(plan, playbook, today)


class ReportScreen(Screen[None]):
    """The transition report as the community will read it; ``e`` writes it to a file."""

    TITLE = "Report"
    AUTO_FOCUS = "#report-scroll"

    DEFAULT_CSS = """
    ReportScreen #report-scroll {
        height: 1fr;
    }
    ReportScreen #report {
        height: auto;
    }
    ReportScreen .report-section > MarkdownBlock:last-child {
        margin-bottom: 0;  /* the next section's heading keeps the space */
    }
    ReportScreen #report-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("e", "export", "Export"),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, export: bool = False) -> None:
        super().__init__()
        self.export_on_open = export
        self.markdown = ""
        self._generation = 0
        self._drawn_generation = -1
        self._pieces: list[str] = []
        """The sections on screen, as last drawn (a redraw touches only those that changed)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Preparing the report…", id="report-status", markup=False)
        with VerticalScroll(id="report-scroll"):
            yield Vertical(id="report")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = one_line(session(self).plan.project)
        if self.export_on_open:
            self.call_after_refresh(self.action_export)

    def on_screen_resume(self) -> None:
        self.refresh_report()

    def plan_revised(self, revision: Revision) -> None:
        """The plan changed: render it again if the report is in front (else on resume)."""
        if self.is_current:
            self.refresh_report()

    def refresh_report(self) -> None:
        """Render the report again from a copy of the plan as it is now."""
        self._generation += 1
        plan_file = session(self).file
        self._generate(
            copy.deepcopy(plan_file.plan), plan_file.playbook, workbook(self).today(), self._generation
        )

    @work(thread=True, exclusive=True, group="report-render")
    def _generate(self, plan: Plan, playbook: Playbook, today: date, generation: int) -> None:
        try:
            text = build_report(plan, playbook, today)
        except Exception as error:  # a broken report must not take the workbook down
            message = f"The report could not be rendered: {error}"
            self.app.call_from_thread(self._show_render_error, message)
            return
        if not get_current_worker().is_cancelled:
            # Textual's overload does not type an async callback that takes arguments.
            self.app.call_from_thread(self._display, text, generation)  # type: ignore[arg-type]

    @property
    def is_drawn(self) -> bool:
        """Whether the latest rendering of the report is wholly on screen."""
        return self._drawn_generation == self._generation and bool(self.markdown)

    async def _display(self, text: str, generation: int) -> None:
        # The person may have left the report while it was being rendered: the queries
        # below then match nothing and there is nothing to draw.
        if generation != self._generation or text == self.markdown:
            if generation == self._generation:
                self._drawn_generation = generation
                self._set_status()
            return
        self.markdown = text
        self.run_worker(
            self._draw(sections_of(displayable(text)), generation), group="report-draw", exclusive=True
        )

    async def _draw(self, pieces: list[str], generation: int) -> None:
        """Draw the report a section at a time: the first ones, which fill the screen,
        at once; each of the rest after a frame, so the view answers while they come.
        A section that did not change is left as it is."""
        containers = self.query("#report").results(Vertical)
        container = next(iter(containers), None)
        if container is None:
            return
        widgets = list(container.query(ReportMarkdown))
        for index, piece in enumerate(pieces):
            if generation != self._generation:
                return  # a newer rendering is on its way
            if index < len(widgets):
                if index >= len(self._pieces) or self._pieces[index] != piece:
                    await widgets[index].update(piece)
            else:
                await container.mount(ReportMarkdown(piece, classes="report-section"))
            self._pieces[index : index + 1] = [piece]
            if index == FIRST_SECTIONS - 1:
                self._set_status()  # what fills the screen is there: the view is ready
            if index >= FIRST_SECTIONS - 1:
                await asyncio.sleep(SECTION_PAUSE)  # let a frame be drawn
        for extra in widgets[len(pieces) :]:
            await extra.remove()
        del self._pieces[len(pieces) :]
        self._drawn_generation = generation
        self._set_status()

    def _set_status(self, message: str = "") -> None:
        if not message:
            today = workbook(self).today().isoformat()
            message = f"As of {today} · e exports it to a Markdown file · escape goes back"
        for status in self.query("#report-status").results(Label):
            status.update(message)

    def _show_render_error(self, message: str) -> None:
        self._set_status(one_line(message))

    def action_scroll_home(self) -> None:
        self.query_one("#report-scroll", VerticalScroll).scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.query_one("#report-scroll", VerticalScroll).scroll_end(animate=False)

    # --- export -------------------------------------------------------------------

    def action_export(self) -> None:
        plan_path = Path(session(self).file.path)
        base = plan_path.parent.resolve()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._write(path)

        last = workbook(self).last_exports.get(plan_path.resolve())
        self.app.push_screen(ExportModal(last or default_report_path(plan_path.resolve()), base), chosen)

    def _write(self, path: Path) -> None:
        plan_file = session(self).file
        self.query_one("#report-status", Label).update(one_line(f"Writing {path}…"))
        self._export_in_thread(
            copy.deepcopy(plan_file.plan), plan_file.playbook, workbook(self).today(), path
        )

    @work(thread=True, group="report-export")
    def _export_in_thread(self, plan: Plan, playbook: Playbook, today: date, path: Path) -> None:
        from cfos_tui.store import atomic_write

        try:
            atomic_write(path, build_report(plan, playbook, today).encode("utf-8"))
        except CfosError as error:
            self.app.call_from_thread(self._export_failed, str(error))
            return
        except OSError as error:
            self.app.call_from_thread(self._export_failed, f"{path}: not written: {error.strerror or error}")
            return
        self.app.call_from_thread(self._exported, path)

    def _exported(self, path: Path) -> None:
        workbook(self).last_exports[session(self).file.path.resolve()] = path
        self._set_status()
        self.notify(f"Report written to {one_line(str(path))}", title="Exported", markup=False)

    def _export_failed(self, message: str) -> None:
        self._set_status()
        self.notify(one_line(message), title="Export failed", severity="error", markup=False)

    def action_close(self) -> None:
        self.dismiss()
