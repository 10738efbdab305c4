"""Editing a plan's text table by table, without parsing the whole file with tomlkit.

A plan file is mostly ``[table.headers]`` keyed by ids, and an edit touches a few of
them. tomlkit keeps every byte of layout but parses a 6,000-line plan in a third of
a second; here the text is cut at its table headers, only the tables that change are
parsed (each on its own) and edited with tomlkit, new tables are written where their
id sorts, removed ones are cut out, and every other line is copied as it was.

Anything unusual (arrays of tables, a header given twice, a change that crosses
tables in a way this cannot place) returns None, and the caller edits the whole
document instead. The caller also reads the result back before trusting it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cfos_tui.merge import MISSING, same, set_at
from cfos_tui.textpos import split_dotted

_HEADER = re.compile(r"^[ \t]*\[(?!\[)\s*(.+?)\s*\]\s*(?:#.*)?$")
_ARRAY_HEADER = re.compile(r"^[ \t]*\[\[")

Path_ = tuple[str, ...]


class _Unsupported(Exception):
    """A layout or a change this fast path does not handle."""


CANNOT = (_Unsupported, tomllib.TOMLDecodeError, ValueError, TypeError, KeyError)
"""What ``edit`` raises when it cannot make an edit (tomlkit's own errors among them)."""


@dataclass
class _Block:
    header: Path_ | None  # None for the keys before the first header
    text: str


def _split(text: str) -> list[_Block]:
    blocks = [_Block(None, "")]
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        if _ARRAY_HEADER.match(line):
            raise _Unsupported("arrays of tables")
        match = _HEADER.match(line.rstrip("\r\n"))
        if match and "=" not in line.split("]")[0]:
            blocks[-1].text = "".join(lines)
            blocks.append(_Block(split_dotted(match[1]), ""))
            lines = []
        lines.append(line)
    blocks[-1].text = "".join(lines)
    return blocks


def _changes(old: Any, new: Any, path: Path_, found: list[Path_]) -> None:
    """The shortest paths at which ``old`` and ``new`` differ."""
    both_tables = isinstance(old, dict) and isinstance(new, dict)
    if both_tables and [k for k in old if k in new] != [k for k in new if k in old]:
        raise _Unsupported("tables in a new order")  # equality of dicts does not see order
    if same(old, new) and not both_tables:
        return
    if both_tables:
        for key in [*old, *(k for k in new if k not in old)]:
            _changes(old.get(key, MISSING), new.get(key, MISSING), (*path, key), found)
        return
    found.append(path)


def _get(data: Any, path: Path_) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def edit(
    source: str,
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    to_item: Callable[[Any], Any],
    apply_changes: Callable[..., None],
    sorted_sections: frozenset[Path_],
) -> str:
    """``source`` (holding ``old``) changed to hold ``new``; one of :data:`CANNOT` when
    this path cannot make the edit (the caller then edits the whole document)."""
    import tomlkit

    blocks = _split(source)
    headers = [block.header for block in blocks[1:]]
    if len(set(headers)) != len(headers):
        raise _Unsupported("a header given twice")
    index = {block.header: number for number, block in enumerate(blocks) if block.header is not None}
    under: dict[Path_, list[int]] = {}  # every prefix of a header -> the tables below it
    for header, number in index.items():
        for depth in range(1, len(header) + 1):
            under.setdefault(header[:depth], []).append(number)
    paths: list[Path_] = []
    _changes(old, new, (), paths)

    edits: dict[int, list[Path_]] = {}
    removed: set[int] = set()
    added: list[Path_] = []
    for path in paths:
        before, after = _get(old, path), _get(new, path)
        below = under.get(path, [])
        if isinstance(before, dict) and below:
            if after is not MISSING:
                raise _Unsupported("a table replaced by a value")
            removed.update(below)
        if before is MISSING and isinstance(after, dict) and after:
            added.append(path)
            continue
        if isinstance(before, dict) and below:
            continue  # cut out with its tables above
        # The table that holds this key: the deepest header above it, else the top keys.
        holder = next((index[path[:d]] for d in range(len(path) - 1, 0, -1) if path[:d] in index), 0)
        edits.setdefault(holder, []).append(path)

    for number, changed in edits.items():
        if number in removed:
            continue
        block = blocks[number]
        owned = tomllib.loads(block.text)
        target: dict[str, Any] = {}
        _copy_into(target, owned)
        for path in changed:
            set_at(target, path, _get(new, path))
        document = tomlkit.parse(block.text)
        apply_changes(document, owned, target)
        block.text = document.as_string()
    for number in sorted(removed, reverse=True):
        del blocks[number]
    for path in added:
        _insert(blocks, path, _render_new(path, _get(new, path), to_item), sorted_sections)
    return "".join(block.text for block in blocks)


def _copy_into(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict):
            _copy_into(target.setdefault(key, {}), value)
        else:
            target[key] = value


def _render_new(path: Path_, value: dict[str, Any], to_item: Callable[[Any], Any]) -> _Block:
    import tomlkit

    nested: dict[str, Any] = value
    for key in reversed(path):
        nested = {key: nested}
    document = tomlkit.document()
    for key, item in nested.items():
        document[key] = to_item(item)
    return _Block(path, document.as_string())


def _insert(blocks: list[_Block], path: Path_, new: _Block, sorted_sections: frozenset[Path_]) -> None:
    """Place a new table among its siblings: where its id sorts, in sections kept in id
    order; after the parent's last table otherwise."""
    parent, depth = path[:-1], len(path)
    headers = [b.header or () for b in blocks]
    family = [n for n, b in enumerate(blocks) if b.header is not None and b.header[: depth - 1] == parent]
    position = (family[-1] + 1) if family else len(blocks)
    if parent in sorted_sections and family:
        siblings = [headers[n][depth - 1] for n in family if len(headers[n]) >= depth]
        order = list(dict.fromkeys(siblings))
        contiguous = family == list(range(family[0], family[-1] + 1))
        if order == sorted(order) and contiguous:
            key = (path[-1],)
            later = next((n for n in family if headers[n][depth - 1 : depth] > key), None)
            if later is not None:
                position = later
    before = blocks[position - 1] if position > 0 else None
    if before is not None:
        before.text, banner = _split_banner(before.text)
        if banner:  # it introduces what follows: it stays just above it, after the new table
            new = _Block(new.header, new.text + ("" if new.text.endswith("\n\n") else "\n") + banner)
    if before is not None and before.text and not before.text.endswith("\n"):
        before.text += "\n"
    if before is not None and before.text.strip() and not before.text.endswith("\n\n"):
        before.text += "\n"
    blocks.insert(position, new)


def _split_banner(text: str) -> tuple[str, str]:
    """``text`` without the comment lines that end it after a blank line — a section's
    banner, or a note on the next table, that a person wrote — and those lines."""
    lines = text.splitlines(keepends=True)
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    if start == end or start == 0 or lines[start - 1].strip():
        return text, ""
    return "".join(lines[:start]), "".join(lines[start:])
