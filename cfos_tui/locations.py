"""Where cfos-plan keeps things on this machine, and the list of recent plans.

Every default path comes from platformdirs. ``CFOS_PLAN_HOME`` replaces the root
of all of them, so tests and scripts can stay out of the user's own folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cfos_tui.errors import CfosError
from cfos_tui.visible import visible

APP_NAME = "cfos-plan"
HOME_VARIABLE = "CFOS_PLAN_HOME"
RECENT_LIMIT = 20


def data_dir() -> Path:
    """Where plans created without a path are kept."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home) / "plans"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Where the list of recent plans and the step each was left at are kept."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home) / "state"
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where what can be made again is kept (plans kept parsed between runs)."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def recent_file() -> Path:
    return state_dir() / "recent.json"


@dataclass(frozen=True)
class RecentPlan:
    """A plan opened on this machine: where it is, when it was opened, where it was left."""

    path: Path
    opened: str
    step: str = ""


def recent_plans() -> list[RecentPlan]:
    """Recent plans, most recent first; an unreadable list counts as empty."""
    try:
        entries = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        if not isinstance(error, FileNotFoundError):
            _warn_once(
                f"{recent_file()}: the list of recent plans cannot be read ({type(error).__name__}); "
                "it starts afresh"
            )
        return []
    if not isinstance(entries, list):
        return []
    plans = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            plans.append(
                RecentPlan(
                    path=Path(entry["path"]),
                    opened=str(entry.get("opened", "")),
                    step=str(entry.get("step", "")),
                )
            )
    return plans


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    """A bad state file is never why a command fails: say so once, on stderr, and go on."""
    if message not in _warned:
        _warned.add(message)
        print(f"cfos-plan: warning: {visible(message)}", file=sys.stderr)


def remember(path: Path, step: str = "", *, now: datetime | None = None, opened: bool = True) -> None:
    """Put ``path`` first in the recent list, with the step the user is on.

    ``opened=False`` (a plan made from the command line, not opened in the workbook)
    lists it right after the plan last opened, so a bare ``cfos-plan`` still opens that
    one. Failing to write the list never stops the work: it is a convenience.
    """
    path = Path(path).resolve()
    stamp = (now or datetime.now()).isoformat(timespec="seconds")
    recent = recent_plans()
    kept = [p for p in recent if p.path != path]
    if not step:
        step = next((p.step for p in recent if p.path == path), "")
    entries = [{"path": str(p.path), "opened": p.opened, "step": p.step} for p in kept]
    entries.insert(0 if opened or not entries else 1, {"path": str(path), "opened": stamp, "step": step})
    with contextlib.suppress(OSError, CfosError):
        from cfos_tui.store import atomic_write

        state_dir().mkdir(parents=True, exist_ok=True)
        text = json.dumps(entries[:RECENT_LIMIT], indent=2, ensure_ascii=False) + "\n"
        atomic_write(recent_file(), text.encode("utf-8"))


def forget(path: Path) -> None:
    """Drop a plan from the recent list (for example after it was deleted)."""
    path = Path(path).resolve()
    entries = [p for p in recent_plans() if p.path != path]
    with contextlib.suppress(OSError, CfosError):
        from cfos_tui.store import atomic_write

        text = json.dumps(
            [{"path": str(p.path), "opened": p.opened, "step": p.step} for p in entries],
            indent=2,
            ensure_ascii=False,
        )
        atomic_write(recent_file(), (text + "\n").encode("utf-8"))


def last_plan() -> RecentPlan | None:
    """The most recently opened plan that still exists."""
    return next((p for p in recent_plans() if p.path.is_file()), None)
