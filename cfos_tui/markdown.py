"""Markdown for text that comes from a plan or a playbook: escaping and small pieces.

Every piece of user text that the reports (or a field kind's report block) print goes
through one of the ``escape_*`` helpers, so that no answer can open a heading, a list,
a code span, raw HTML or an extra table column. The only markup in the output is ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

EMPTY = "—"
"""What a table cell shows when there is nothing to show."""

# Line endings as CommonMark (CR, LF) or Python's splitlines (VT, FF, FS, GS, RS, NEL,
# LS, PS) see them: all become one newline so no reader finds a line we did not mean.
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Other control characters and lone surrogates are shown as the replacement character.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
        "#": "\\#",
        "$": "\\$",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "\t": " ",
    }
)
_ORDERED_MARKER = re.compile(r"^([0-9]+)([.)])")
_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
# In a link destination: percent-encode what a URL may not hold raw anyway, backslash
# what Markdown would read, and entity-encode ``&`` (CommonMark decodes entities there).
_URL_ESCAPES = str.maketrans(
    {
        "<": "%3C",
        ">": "%3E",
        "|": "%7C",
        "`": "%60",
        '"': "%22",
        "\\": "%5C",
        "(": "\\(",
        ")": "\\)",
        "$": "\\$",
        "&": "&amp;",
    }
)


def _lines(text: object) -> list[str]:
    """The text's lines with line endings unified, unprintables replaced, edges stripped."""
    normal = _UNPRINTABLE.sub("\ufffd", _LINE_BREAKS.sub("\n", str(text)))
    return [line.strip() for line in normal.split("\n")]


def _escape_line(line: str) -> str:
    """Escape one stripped line: inline markup everywhere, block markers at its start."""
    escaped = line.translate(_ESCAPES)
    if escaped[:1] in ("-", "+", "="):
        return "\\" + escaped
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped, count=1)


def escape_inline(text: object, *, breaks: str = " ") -> str:
    """User text for one line of Markdown (a heading, a bullet, after a bold label).

    Markdown punctuation is backslash-escaped, ``<``, ``>`` and ``&`` become entities,
    a leading list, quote, heading or setext marker is neutralised, and the text's
    line breaks are joined with ``breaks`` (a space, or ``<br>`` to keep them).
    """
    return breaks.join(_escape_line(line) for line in _lines(text) if line)


def escape_cell(text: object) -> str:
    """User text for a table cell: escaped like a line, pipes included, breaks as ``<br>``."""
    return escape_inline(text, breaks="<br>")


def escape_block(text: object) -> str:
    """User text as paragraphs: blank lines separate paragraphs, other breaks stay
    visible as Markdown hard breaks (a trailing backslash, so no trailing spaces)."""
    paragraphs: list[list[str]] = [[]]
    for line in _lines(text):
        if line:
            paragraphs[-1].append(_escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def link(target: object) -> str:
    """A Markdown link when ``target`` is an http(s) URL without spaces, else escaped text."""
    url = str(target).strip()
    if not _URL.match(url) or _UNPRINTABLE.search(url):
        return escape_cell(target)
    return f"[{escape_cell(url)}]({url.translate(_URL_ESCAPES)})"


def titled_link(title: object, target: object) -> str:
    """``[title](url)`` for an http(s) URL; else the title, escaped, then the target."""
    url = str(target).strip()
    if not _URL.match(url) or _UNPRINTABLE.search(url):
        return f"{escape_inline(title)} ({escape_inline(target)})"
    return f"[{escape_inline(title)}]({url.translate(_URL_ESCAPES)})"


def day(value: object) -> str:
    """A date as ISO text (escaped, in case a plan holds something else)."""
    return value.isoformat() if isinstance(value, date) else escape_cell(value)


def table(header: Iterable[str], rows: Iterable[Iterable[str]], align: str = "") -> str:
    """A GFM table; header and cells must already be escaped. ``align`` holds one
    letter per column, ``r`` for right-aligned, anything else for left."""
    header = list(header)
    marks = ["---:" if index < len(align) and align[index] == "r" else "---" for index in range(len(header))]
    lines = [_row(header), _row(marks)]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell or EMPTY for cell in cells) + " |"


def bullets(entries: Iterable[str]) -> str:
    return "\n".join(f"- {entry}" for entry in entries)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_empty(entry) for entry in value)
    if isinstance(value, dict):
        return all(is_empty(entry) for entry in value.values())
    return False


def entries(value: Any) -> list[Any]:
    """A list answer's non-empty entries (a single value counts as one entry)."""
    values = value if isinstance(value, list | tuple) else [value]
    return [entry for entry in values if not is_empty(entry)]
