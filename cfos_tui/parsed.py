"""Plans kept parsed between runs, so that the workbook opens them without parsing.

Parsing a plan's TOML is most of what opening it costs (about 15 ms for the Nebari
example, on the way to the workbook's first frame). The workbook keeps what a plan
parsed to as JSON in this machine's cache folder, under the SHA-256 of the very bytes
it was parsed from, which the copy also holds: a file changed by anyone, in any way,
has other bytes, so its copy is simply not found, and it is parsed again. Nothing else
ever reads the copies, and the plan file itself is never touched.

A copy is kept only if it reads back as exactly what was parsed (TOML's dates and
times are written as tagged tables), and is used only by the cfos-plan and the
Python that made it (either may parse, or refuse, differently); one that cannot be
read is ignored. The :data:`LIMIT` most recently used copies are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time as clock
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cfos_tui import __version__, locations

FORMAT = 1
"""Changed whenever what a copy holds changes: a copy of another format is ignored."""
MADE_BY = f"cfos-plan {__version__}, Python {sys.version_info[0]}.{sys.version_info[1]}"
LIMIT = 2 * locations.RECENT_LIMIT
"""How many parsed plans are kept (the start screen reads every recent plan, and they
all fit); keeping one more removes the least recently used."""
STALE_TEMPORARY = 60.0
"""Seconds after which a half-written copy (its writer was killed) is removed."""
SUFFIX = ".json"
_TAG = "\x00cfos-plan"
"""The key of the one-key tables that stand for a date or a time in a copy."""
_TIMES: dict[str, type[date] | type[time]] = {"date": date, "datetime": datetime, "time": time}


def folder() -> Path:
    return locations.cache_dir() / "parsed-plans"


def recall(raw: bytes) -> dict[str, Any] | None:
    """What ``raw`` (a plan file's bytes) parsed to when it was last kept, or None."""
    digest = hashlib.sha256(raw).hexdigest()
    path = folder() / (digest + SUFFIX)
    try:
        kept = json.loads(path.read_bytes(), object_hook=_decode)
    except (OSError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(kept, dict) or not isinstance(kept.get("data"), dict):
        return None
    if (kept.get("format"), kept.get("made-by"), kept.get("sha256")) != (FORMAT, MADE_BY, digest):
        return None
    _used_now(path)
    return kept["data"]


def keep(raw: bytes, data: dict[str, Any]) -> bool:
    """Keep ``data``, what ``raw`` parsed to, for :func:`recall`. False when it was not
    kept: it would not read back as it is, or the cache folder cannot be written (a
    copy is only ever a shortcut, so neither is an error)."""
    digest = hashlib.sha256(raw).hexdigest()
    copy = {"format": FORMAT, "made-by": MADE_BY, "sha256": digest, "data": data}
    try:
        text = json.dumps(copy, default=_encode, ensure_ascii=False)
        # repr, not ==: 1, 1.0 and True are equal, as are the same time at two offsets,
        # and tables whose keys come in another order.
        if repr(json.loads(text, object_hook=_decode)["data"]) != repr(data):
            return False
        encoded = text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return False
    path = folder() / (digest + SUFFIX)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(encoded)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _used_now(path)
        _prune(path)
    except OSError:
        return False
    return True


def _used_now(path: Path) -> None:
    """Mark ``path`` as the most recently used copy, to the nanosecond (a file system's
    own times may tick in milliseconds, and copies written in one tick would tie)."""
    now = clock.time_ns()
    with contextlib.suppress(OSError):
        os.utime(path, ns=(now, now))


def _prune(kept: Path) -> None:
    """Remove all but the :data:`LIMIT` most recently used copies (never ``kept``, just
    written), and what killed writers left half-written."""
    copies = []
    stale = clock.time_ns() - int(STALE_TEMPORARY * 1e9)
    for entry in os.scandir(kept.parent):
        with contextlib.suppress(OSError):
            used = entry.stat().st_mtime_ns
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                if used < stale:
                    os.unlink(entry.path)
            elif entry.name.endswith(SUFFIX) and entry.path != str(kept):
                copies.append((used, entry.path))
    for _, path in sorted(copies, reverse=True)[LIMIT - 1 :]:
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
