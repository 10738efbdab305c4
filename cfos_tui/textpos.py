"""Find the line of a key in TOML text, so problems can point at it.

Both parsers throw positions away once a document is read; a problem found later
(an unknown status, a duplicate id) is located again from the text by looking for
the table header and then the key inside that table. This is a best effort: when
nothing matches, the first line of the file is named.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def split_dotted(header: str) -> tuple[str, ...]:
    parts = re.findall(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+)\s*(?:\.|$)""", header)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


class Locator:
    """Maps key paths such as ``("items", "license-file", "status")`` to line numbers."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, tuple[str, ...]]] = []
        for number, line in enumerate(self.lines, start=1):
            match = _HEADER.match(line)
            if match and "=" not in line.split("]")[0]:
                self.headers.append((number, split_dotted(match[1])))
        # Each table's first header and the last line before the next header: looking a
        # problem up is then a few dictionary reads, however many tables the file has.
        self._tables: dict[tuple[str, ...], tuple[int, int]] = {}
        for index, (number, header) in enumerate(self.headers):
            end = self.headers[index + 1][0] - 1 if index + 1 < len(self.headers) else len(self.lines)
            self._tables.setdefault(header, (number, end))

    def line(self, keys: tuple[str, ...]) -> int:
        """The line where the deepest known part of ``keys`` is written."""
        best_line, best_depth, best_end = 0, 0, len(self.lines)
        for depth in range(len(keys), 0, -1):
            found = self._tables.get(keys[:depth])
            if found is not None:
                (best_line, best_end), best_depth = found, depth
                break
        rest = keys[best_depth:]
        if rest:
            for number in range(best_line + 1, best_end + 1):
                match = _KEY.match(self.lines[number - 1])
                if match:
                    key = match[1]
                    key = key[1:-1] if key[:1] in "\"'" else key
                    if key == rest[0]:
                        return number
        return best_line or 1
