"""Styles read ahead of the views: their stylesheet, and their widgets' default styles.

Textual parses a stylesheet source when it is first needed, and collects every rule
again each time a widget class is seen for the first time. Opening the Checklist view
did both for four sources (the view's rules, its table, its filters, its title bar),
which was a fifth of what the key cost. Done while the person reads the
first screen, it costs them nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widget import Widget

VIEWS_CSS = Path(__file__).with_name("views.tcss")


def load_view_styles(app: App[Any]) -> None:
    """Add the views' stylesheet to ``app``'s and parse it, once (the app calls this
    ahead, and again as it opens a view, in case the view comes first)."""
    stylesheet = app.stylesheet
    if not stylesheet.has_source(str(VIEWS_CSS.resolve())):
        stylesheet.read(VIEWS_CSS)
        stylesheet.rules  # noqa: B018 (parsed now, not while the next widget waits for its styles)


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
