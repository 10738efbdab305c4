"""The report view: the Markdown transition report, or the community's page, rendered
live, and its export."""

from __future__ import annotations

import asyncio
import copy
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markdown import Heading, Markdown, TableElement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label
from textual.worker import get_current_worker

from cfos_tui.errors import CfosError
from cfos_tui.plan import Plan
from cfos_tui.playbook import Playbook
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.screens.export import ExportModal, default_report_path
from cfos_tui.tui.screens.view import View
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import one_line
from cfos_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from cfos_tui.tui.app import Revision


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# The report breaks lines inside table cells with <br>, which GitHub draws; in the
# view a cell break travels as a private-use character (not whitespace, which
# Markdown folds into one space) and becomes a new line in the cell.
CELL_BREAK = "\ue000"


FIRST_SECTIONS = 3
"""Sections in the view's first frame: the title, the contents and the summary."""


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


def cell_lines(text: Text) -> Text:
    """A table cell's text with its line breaks (:data:`CELL_BREAK`) as new lines."""
    return (
        Text("\n", end="").join(text.split(CELL_BREAK, allow_blank=True))
        if CELL_BREAK in text.plain
        else text
    )


# Below this many cells per column, a table is shown as one short block per row.
MIN_COLUMN_WIDTH = 14


class ReportTable(TableElement):
    """A report table: a simple Rich table, or, when its columns cannot each have
    :data:`MIN_COLUMN_WIDTH` cells, one short block per row."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        headers = (
            [cell_lines(c.content) for c in self.header.row.cells] if self.header and self.header.row else []
        )
        rows = [[cell_lines(c.content) for c in row.cells] for row in self.body.rows] if self.body else []
        if len(headers) * MIN_COLUMN_WIDTH > options.max_width:
            yield self._as_cards(headers, rows)
            return
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, header_style="bold", leading=1)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*row)
        yield table

    @staticmethod
    def _as_cards(headers: list[Text], rows: list[list[Text]]) -> Group:
        """Too many columns for the terminal: each row as its first cell in bold, then
        "Header: value" for each other cell that has something in it."""
        parts: list[RenderableType] = []
        for row in rows:
            title = row[0].copy() if row else Text()
            title.stylize("bold")
            title.end = "\n"
            details = Text()
            for header, cell in zip(headers[1:], row[1:], strict=False):
                value = Text(", ").join(cell.split("\n"))  # a cell's lines, on one line
                if value.plain.strip() in ("", "—"):
                    continue
                if details:
                    details.append(" · ", style="dim")
                details.append(header.plain + ": ", style="dim")
                details.append_text(value)
            parts.append(title)
            if details:
                parts.append(Padding(details, (0, 0, 0, 2)))
            parts.append(Text())
        return Group(*parts[:-1])  # no blank line after the last row


class ReportHeading(Heading):
    """A heading on the left, bold, set off by a blank line (Rich centres them)."""

    STYLES = {"h1": "bold underline", "h2": "bold reverse", "h3": "bold", "h4": "bold italic"}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text.copy()
        text.justify = "left"
        text.stylize(self.STYLES.get(self.tag, "bold"))
        if self.tag != "h1":
            yield Text()
        yield text


class ReportDocument(Markdown):
    """Rich's Markdown with the report's headings and tables."""

    elements = {**Markdown.elements, "heading_open": ReportHeading, "table_open": ReportTable}


SECTION_GUTTER = 4
"""Cells of the view's width a section's text does not get: the scroll bar (2) and the
section's padding (1 on each side)."""


def section_lines(console: Console, source: str, width: int) -> list[Strip]:
    """A section of the report rendered ``width`` cells wide, each line padded to it,
    without the section's own style (it goes under the lines when they are drawn)."""
    options = console.options.update_width(max(1, width))
    lines = console.render_lines(ReportDocument(source, hyperlinks=True), options, pad=True)
    return [Strip(line) for line in lines]


class ReportSection(Widget):
    """One section of the report (a level-two heading and what follows), drawn as one
    widget: Textual's Markdown widget makes one per paragraph, row and cell, thousands
    for a report, which cost seconds to mount and to tear down.

    The section is rendered once for its width and kept as lines: measuring its height
    and drawing it then cost nothing more (a plain widget renders its Markdown twice,
    once to measure and once to draw)."""

    DEFAULT_CSS = """
    ReportSection {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, source: str) -> None:
        super().__init__(classes="report-section")
        self.source = source
        self._lines: list[Strip] = []
        self._lines_width = -1

    def update(self, source: str) -> None:
        """Show ``source`` instead (a redraw after an edit)."""
        self.source = source
        self._lines_width = -1
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines_width = -1

    def _rendered(self, width: int) -> list[Strip]:
        if width != self._lines_width:
            lines = workbook(self).sections_ahead.get((self.source, width))
            if lines is None:
                lines = section_lines(self.app.console, self.source, width)
            style = self.rich_style
            self._lines = [line.apply_style(style) for line in lines]
            self._lines_width = width
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rendered(width))

    def render_line(self, y: int) -> Strip:
        lines = self._rendered(self.content_region.width)
        return lines[y] if y < len(lines) else Strip.blank(self.content_region.width, self.rich_style)


AUDIENCES = {"team": "Team report", "community": "Community page"}
"""What the view can show, by ``cfos-plan export --audience``, and what it calls each."""


def build_report(plan: Plan, playbook: Playbook, today: date, audience: str = "team") -> str:
    """The Markdown the view shows for ``audience``: the team's report or the community's page."""
    if audience == "community":
        from cfos_tui.community.page import render_community_page

        return render_community_page(plan, playbook, today)
    from cfos_tui.report import render_report

    return render_report(plan, playbook, today)


def prepare_report(plan: Plan, playbook: Playbook, today: date) -> tuple[str, list[str]]:
    """The team's report and its sections as the view draws them (safe in a thread:
    it reads only the plan it is given)."""
    markdown = build_report(plan, playbook, today)
    return markdown, sections_of(displayable(markdown))


def other_audience(audience: str) -> str:
    return "team" if audience == "community" else "community"


class ReportScreen(View):
    """The team's transition report, or with ``t`` the page a newcomer to the community
    reads; ``e`` writes the one shown to a file."""

    TITLE = "Report"
    AUTO_FOCUS = "#report-scroll"

    BINDINGS = [
        Binding("e", "export", "Export"),
        Binding("t", "switch_audience", "Audience", tooltip="Show the community's page or the team's report"),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, export: bool = False) -> None:
        super().__init__()
        self.export_on_open = export
        self.audience = "team"
        """Whose page is shown: "team" (the transition report) or "community"."""
        self.markdown = ""
        self._generation = 0
        self._drawn_generation = -1
        self._pieces: list[str] = []
        """The sections on screen, as last drawn (a redraw touches only those that changed)."""
        self._revision_shown = -1
        """The plan's revision the report on screen was rendered from."""
        self._render_error = ""
        self._opening_pieces: list[str] = []
        """Every section of the report as the view opened with it (the rest follow the first)."""

    def compose(self) -> ComposeResult:
        # The report is rendered here, on the event loop (a few tens of milliseconds),
        # so that what fills the screen is in the view's first frame; a worker thread
        # would only start after it. Later renderings (after edits) run in a worker.
        # When the plan has not changed since the app rendered the report ahead (it
        # does so after a second of quiet), that rendering is used as it is.
        pieces: list[str] = []
        ahead = workbook(self).report_ahead()
        try:
            if ahead is not None:
                self.markdown, pieces = ahead.markdown, ahead.sections
            else:
                self.markdown, pieces = prepare_report(
                    session(self).plan, session(self).playbook, workbook(self).today()
                )
        except Exception as error:  # a broken report must not take the workbook down
            self._render_error = f"The report could not be rendered: {error}"
        self._revision_shown = workbook(self).revision.number
        yield TitleBar()
        yield Label("Preparing the report…", id="report-status", markup=False)
        with VerticalScroll(id="report-scroll"), Vertical(id="report"):
            yield from (ReportSection(piece) for piece in pieces[:FIRST_SECTIONS])
        self._pieces = pieces[:FIRST_SECTIONS]
        self._opening_pieces = pieces
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(session(self).plan.project)
        if self._render_error:
            self._show_render_error(self._render_error)
        elif self.markdown:
            self._set_status()
            self.run_worker(
                self._draw(self._opening_pieces, self._generation), group="report-draw", exclusive=True
            )
        if self.export_on_open:
            self.call_after_refresh(self.action_export)

    def on_screen_resume(self) -> None:
        if workbook(self).revision.number != self._revision_shown:
            self.refresh_report()  # edited while a dialog was over the view

    def plan_revised(self, revision: Revision) -> None:
        """The plan changed: render it again if the report is in front (else on resume)."""
        if self.is_current:
            self.refresh_report()

    def refresh_report(self) -> None:
        """Render the report again from a copy of the plan as it is now."""
        self._generation += 1
        self._revision_shown = workbook(self).revision.number
        plan_file = session(self).file
        self._generate(
            copy.deepcopy(plan_file.plan),
            plan_file.playbook,
            workbook(self).today(),
            self.audience,
            self._generation,
        )

    @work(thread=True, exclusive=True, group="report-render")
    def _generate(self, plan: Plan, playbook: Playbook, today: date, audience: str, generation: int) -> None:
        try:
            text = build_report(plan, playbook, today, audience)
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
        widgets = list(container.query(ReportSection))
        for index, piece in enumerate(pieces):
            if generation != self._generation:
                return  # a newer rendering is on its way
            if index < len(widgets):
                if index >= len(self._pieces) or self._pieces[index] != piece:
                    widgets[index].update(piece)
            else:
                await container.mount(ReportSection(piece))
            self._pieces[index : index + 1] = [piece]
            if index == FIRST_SECTIONS - 1:
                self._set_status()  # what fills the screen is there: the view is ready
            if index >= FIRST_SECTIONS - 1:
                await self._next_frame()  # let it be drawn before the rest is laid out
        for extra in widgets[len(pieces) :]:
            await extra.remove()
        del self._pieces[len(pieces) :]
        self._drawn_generation = generation
        self._set_status()

    def _next_frame(self) -> asyncio.Future[None]:
        """Done once the screen has been drawn again."""
        drawn: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def done() -> None:
            if not drawn.done():
                drawn.set_result(None)

        self.call_after_refresh(done)
        return drawn

    def _set_status(self, message: str = "") -> None:
        if not message:
            today = workbook(self).today().isoformat()
            shown, other = AUDIENCES[self.audience], AUDIENCES[other_audience(self.audience)]
            message = f"{shown} as of {today} · t: {other.lower()} · e: export · escape: back"
        for status in self.query("#report-status").results(Label):
            status.update(message)

    def _show_render_error(self, message: str) -> None:
        self._set_status(one_line(message))

    def action_scroll_home(self) -> None:
        self.query_one("#report-scroll", VerticalScroll).scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.query_one("#report-scroll", VerticalScroll).scroll_end(animate=False)

    def action_switch_audience(self) -> None:
        """Show the community's page instead of the team's report, or back."""
        self.audience = other_audience(self.audience)
        self.title = AUDIENCES[self.audience] if self.audience == "community" else self.TITLE
        self._set_status(f"Preparing the {AUDIENCES[self.audience].lower()}…")
        self.action_scroll_home()
        self.refresh_report()

    # --- export -------------------------------------------------------------------

    def action_export(self) -> None:
        plan_path = Path(session(self).file.path)
        base = plan_path.parent.resolve()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._write(path)

        last = workbook(self).last_exports.get(self._export_key(plan_path))
        what = "the community page" if self.audience == "community" else "the report"
        default = last or self._default_path(plan_path.resolve())
        self.app.push_screen(ExportModal(default, base, what), chosen)

    def _default_path(self, plan_path: Path) -> Path:
        """``<plan stem>-report.md`` for the team, ``<plan stem>-community.md`` for the community."""
        if self.audience == "community":
            return plan_path.with_name(f"{plan_path.stem}-community.md")
        return default_report_path(plan_path)

    def _export_key(self, plan_path: Path) -> Path:
        """Where the workbook remembers the last export of what is shown: the plan's path
        for the team's report, the same path marked ``#community`` for the page."""
        resolved = plan_path.resolve()
        return resolved if self.audience == "team" else resolved.with_name(f"{resolved.name}#community")

    def _write(self, path: Path) -> None:
        plan_file = session(self).file
        self.query_one("#report-status", Label).update(one_line(f"Writing {path}…"))
        self._export_in_thread(
            copy.deepcopy(plan_file.plan), plan_file.playbook, workbook(self).today(), self.audience, path
        )

    @work(thread=True, group="report-export")
    def _export_in_thread(
        self, plan: Plan, playbook: Playbook, today: date, audience: str, path: Path
    ) -> None:
        from cfos_tui.store import atomic_write

        try:
            atomic_write(path, build_report(plan, playbook, today, audience).encode("utf-8"))
        except CfosError as error:
            self.app.call_from_thread(self._export_failed, str(error))
            return
        except OSError as error:
            self.app.call_from_thread(self._export_failed, f"{path}: not written: {error.strerror or error}")
            return
        self.app.call_from_thread(self._exported, audience, path)

    def _exported(self, audience: str, path: Path) -> None:
        if audience == self.audience:
            workbook(self).last_exports[self._export_key(session(self).file.path)] = path
        self._set_status()
        what = "Report" if audience == "team" else "Community page"
        self.notify(f"{what} written to {one_line(str(path))}", title="Exported", markup=False)

    def _export_failed(self, message: str) -> None:
        self._set_status()
        self.notify(one_line(message), title="Export failed", severity="error", markup=False)
