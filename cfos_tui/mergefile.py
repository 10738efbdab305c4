"""The three-way merge of plan files, as git's merge driver runs it.

``cfos-plan merge BASE OURS THEIRS`` reads the three versions, merges them id by id
(``cfos_tui.merge``) and writes the result into OURS, keeping our file's comments
and layout; new tables from theirs go where their ids sort. When a field was
changed two ways, OURS gets git-style markers around just the tables concerned.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from cfos_tui.merge import Conflict, MergeResult, merge, same
from cfos_tui.store import (
    UTF8_BOM,
    StoreError,
    atomic_write,
    decode,
    edit_text_verified,
    parse_text,
    read_bytes,
)

_HEADER = re.compile(r"^\s*\[")


def read_version(path: Path, *, may_be_empty: bool = False) -> tuple[bytes, str, dict[str, Any]]:
    """One version's bytes, text and data; git passes an empty BASE when the two
    sides share no ancestor."""
    raw = read_bytes(path)
    if may_be_empty and not raw.strip():
        return raw, "", {}
    text = decode(path, raw)
    return raw, text, parse_text(path, text)


def merge_files(base: Path, ours: Path, theirs: Path) -> tuple[Conflict, ...]:
    """Merge THEIRS into OURS (both descend from BASE) and write the result into OURS.

    Returns the conflicts; OURS then holds markers around the conflicting tables.
    Raises StoreError, leaving OURS as it was, when a version cannot be read.
    """
    _, _, base_data = read_version(base, may_be_empty=True)
    ours_raw, ours_text, ours_data = read_version(ours)
    _, _, theirs_data = read_version(theirs)
    result = merge(base_data, ours_data, theirs_data)
    text = _render(ours, ours_text, ours_data, result.data)
    if result.conflicts:
        text = with_markers(text, _render(ours, ours_text, ours_data, result.choosing_theirs()))
    encoded = (UTF8_BOM if ours_raw.startswith(UTF8_BOM) else b"") + text.encode("utf-8")
    atomic_write(ours, encoded)
    return result.conflicts


def _render(path: Path, source: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    def reads_back(text: str) -> bool:
        try:
            return same(tomllib.loads(text), new)
        except tomllib.TOMLDecodeError:
            return False

    text = edit_text_verified(source, old, new, reads_back)
    if text is None:
        raise StoreError(f"{path}: the merged plan would not read back as merged; nothing was written")
    return text


def with_markers(ours: str, theirs: str, labels: tuple[str, str] = ("ours", "theirs")) -> str:
    """One text from two that differ only in some tables: those tables appear both
    ways between git's conflict markers, everything else once."""
    a, b = _blocks(ours), _blocks(theirs)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(a[i1:i2])
        else:
            out.append(f"<<<<<<< {labels[0]}\n")
            out.extend(a[i1:i2])
            out.append("=======\n")
            out.extend(b[j1:j2])
            out.append(f">>>>>>> {labels[1]}\n")
    return "".join(out)


def _blocks(text: str) -> list[str]:
    """The text cut before every table header: the keys at the top, then each table."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if _HEADER.match(line) and current:
            blocks.append("".join(current))
            current = []
        current.append(line)
    if current:
        blocks.append("".join(current))
    if blocks and not blocks[-1].endswith("\n"):
        blocks[-1] += "\n"
    return blocks


__all__ = ["Conflict", "MergeResult", "merge_files", "with_markers"]
