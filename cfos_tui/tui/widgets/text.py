"""Showing user text literally: no markup, and no control characters reaching the terminal.

Widgets are built with ``markup=False`` or ``Content``/``Text`` so ``[b]`` stays
``[b]``; ``literal`` also swaps control characters (an escape sequence in a plan
would otherwise be written to the terminal as it is) for their visible symbols.
"""

from __future__ import annotations

from rich.text import Text

from cfos_tui.visible import visible


def literal(text: str) -> str:
    """``text`` with control characters (other than newline and tab) made visible."""
    return visible(text, pictures=True)


def literal_text(text: str, style: str = "") -> Text:
    """A rich Text of user text, shown literally."""
    return Text(literal(text), style=style)


def one_line(text: str) -> str:
    """User text for a single line: literal, with tabs and line breaks as spaces."""
    return literal(text).replace("\t", " ").replace("\n", " ")


def cell(text: str, style: str = "") -> Text:
    """A one-line table cell showing ``text`` literally, cut with an ellipsis when long."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis", end="")
