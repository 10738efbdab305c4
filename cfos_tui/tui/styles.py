"""Stylesheets read when they are first needed, and the views' read ahead.

Textual parses a stylesheet source when it is first needed, and collects every rule
again each time a widget class is seen for the first time. The app's own stylesheet
(``app.tcss``) holds only what the first frame shows; a step's questions
(``questions.tcss``) and the start screen (``start.tcss``) bring theirs as they are
first built. Opening the Checklist view parsed four sources (the view's rules, its
table, its filters, its title bar), a fifth of what the key cost: the views'
stylesheet and their widgets' default styles are read while the person reads the
first screen, where it costs them nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widget import Widget

VIEWS_CSS = Path(__file__).with_name("views.tcss")
QUESTIONS_CSS = Path(__file__).with_name("questions.tcss")
"""A step page's questions and checklist, which the first frame does not show: read
as they are first mounted, not as the app starts."""
START_CSS = Path(__file__).with_name("start.tcss")
"""The start screen's, read as it is first composed."""


def load_styles(app: App[Any], path: Path) -> None:
    """Add the stylesheet at ``path`` to ``app``'s and parse it, once."""
    stylesheet = app.stylesheet
    if not stylesheet.has_source(str(path.resolve())):
        stylesheet.read(path)
        stylesheet.rules  # noqa: B018 (parsed now, not while the next widget waits for its styles)


def load_view_styles(app: App[Any]) -> None:
    """Add the views' stylesheet (the app calls this ahead, and again as it opens a
    view, in case the view comes first)."""
    load_styles(app, VIEWS_CSS)


class StylesAhead(Widget):
    """Hidden, and gone once mounted: one of each widget the views use and the roadmap
    does not, mounted so that their default styles are added and parsed."""

    DEFAULT_CSS = "StylesAhead { display: none; }"

    def compose(self) -> ComposeResult:
        from cfos_tui.tui.widgets.filter_bar import FilterBar
        from cfos_tui.tui.widgets.table import RowTable
        from cfos_tui.tui.widgets.title_bar import TitleBar

        yield TitleBar()
        yield RowTable()
        yield FilterBar([])

    def on_mount(self) -> None:
        self.remove()
