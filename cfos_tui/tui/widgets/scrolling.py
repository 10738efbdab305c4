"""Scrolling shared by the widgets drawn line by line (the table, the roadmap panel)."""

from __future__ import annotations

from textual.scroll_view import ScrollView


def keep_in_view(view: ScrollView, line: int, visible: int) -> None:
    """Scroll ``view`` as little as needed for ``line`` to be among the ``visible``
    lines it shows."""
    visible = max(1, visible)
    top = round(view.scroll_y)
    if line < top:
        view.scroll_to(y=line, animate=False)
    elif line >= top + visible:
        view.scroll_to(y=line - visible + 1, animate=False)
