"""Plans kept parsed between runs, so that the workbook opens them without parsing.

Parsing a plan's TOML is most of what opening it costs (about 15 ms for the Nebari
example, on the way to the workbook's first frame). The workbook keeps what a plan
parsed to as JSON in this machine's cache folder, named by the SHA-256 of the very
bytes it was parsed from: a file changed by anyone, in any way, has other bytes, so
its copy is simply not found, and it is parsed again. Nothing else ever reads the
copies, and the plan file itself is never touched.

A copy is kept only if it reads back as exactly what was parsed (TOML's dates and
times are written as tagged strings); a copy that cannot be read, or that was not
made from these bytes, is ignored. The newest :data:`LIMIT` copies are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cfos_tui import locations

FORMAT = 1
"""Changed whenever what a copy holds changes: a copy of another format is ignored."""
LIMIT = 16
"""How many parsed plans are kept; writing one more removes the least recently used."""
SUFFIX = ".json"
_TAG = "\x00cfos-plan"
"""The key of the one-key tables that stand for a date or a time in a copy."""
_TIMES: dict[str, type[date] | type[time]] = {"date": date, "datetime": datetime, "time": time}


def folder() -> Path:
    return locations.cache_dir() / "parsed-plans"


def _copy_path(raw: bytes) -> Path:
    return folder() / (hashlib.sha256(raw).hexdigest() + SUFFIX)


def recall(raw: bytes) -> dict[str, Any] | None:
    """What ``raw`` (a plan file's bytes) parsed to when it was last kept, or None."""
    path = _copy_path(raw)
    try:
        kept = json.loads(path.read_bytes(), object_hook=_decode)
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(kept, dict) or kept.get("format") != FORMAT or not isinstance(kept.get("data"), dict):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: the last to go
    return kept["data"]


def keep(raw: bytes, data: dict[str, Any]) -> bool:
    """Keep ``data``, what ``raw`` parsed to, for :func:`recall`. False when it was not
    kept: it would not read back as it is, or the cache folder cannot be written (a
    copy is only ever a shortcut, so neither is an error)."""
    try:
        text = json.dumps({"format": FORMAT, "data": data}, default=_encode, ensure_ascii=False)
        if json.loads(text, object_hook=_decode)["data"] != data:
            return False
    except (TypeError, ValueError, RecursionError):
        return False
    path = _copy_path(raw)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(path.parent)
    except OSError:
        return False
    return True


def _prune(where: Path) -> None:
    """Remove all but the :data:`LIMIT` most recently used copies."""
    copies = []
    for entry in os.scandir(where):
        if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
            with contextlib.suppress(OSError):
                copies.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(copies, reverse=True)[LIMIT:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _encode(value: object) -> dict[str, str]:
    if isinstance(value, datetime):
        name = "datetime"
    elif isinstance(value, date):
        name = "date"
    elif isinstance(value, time):
        name = "time"
    else:
        raise TypeError(f"{type(value).__name__} is not a TOML value")
    return {_TAG: name, "value": value.isoformat()}


def _decode(table: dict[str, Any]) -> Any:
    name = table.get(_TAG)
    if name is None:
        return table
    kind = _TIMES.get(name)
    if kind is None or len(table) != 2 or not isinstance(table.get("value"), str):
        raise ValueError("not a copy cfos-plan made")
    return kind.fromisoformat(table["value"])
