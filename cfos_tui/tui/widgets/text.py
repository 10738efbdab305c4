"""Showing user text literally: no markup, and no control characters reaching the terminal.

Widgets are built with ``markup=False`` or ``Content``/``Text`` so ``[b]`` stays
``[b]``; ``literal`` also swaps control characters (an escape sequence in a plan
would otherwise be written to the terminal as it is) for their visible symbols.
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for escape, ␇ for bell…
    return "␡" if code == 0x7F else "\ufffd"


def literal(text: str) -> str:
    """``text`` with control characters (other than newline and tab) made visible."""
    return _CONTROL.sub(_picture, text)


def literal_text(text: str, style: str = "") -> Text:
    """A rich Text of user text, shown literally."""
    return Text(literal(text), style=style)
