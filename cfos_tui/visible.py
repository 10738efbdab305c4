"""Text from data, made safe for a terminal: control characters shown, never obeyed.

A plan key, a playbook title, a commit author or a file name can hold an escape
sequence (``\\x1b[2J`` clears the screen, others retitle the window). Every path
from data to a terminal goes through ``visible``: the command line shows such a
character as ``\\x1b``, the workbook as its picture (``␛``).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # half of a character: a file name that was not UTF-8
    return f"\\x{code:02x}"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for escape, ␇ for bell…
    return "␡" if code == 0x7F else "\ufffd"


def visible(text: str, *, pictures: bool = False) -> str:
    """``text`` with every control character but newline and tab made visible:
    ``\\x1b`` by default, ``␛`` with ``pictures``."""
    return _CONTROL.sub(_picture if pictures else _escape, text)
