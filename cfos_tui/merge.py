"""A three-way merge of plans: the version both sides started from, ours and theirs.

Plans are nested tables keyed by stable ids (answers, records, items, reminders,
decisions, reviews, audit snapshots, affiliations, keys cfos-plan does not know), so
a merge works id by id and field by field: a field one side changed and the other
left alone takes the change; a field both sides changed to the same value is simply
that value. Only the same field of the same record changed two different ways is a
conflict. The team is a list of names and is merged as a set (each side's additions
and removals both apply).

The functions here work on plain data (what ``tomllib`` reads); the store turns the
result back into a file that keeps our comments and layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class _Missing:
    """A key one version does not have (a record deleted, a field never written)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

# Lists merged as sets of names rather than as one value.
SET_LISTS = frozenset({("team",)})


@dataclass(frozen=True)
class Conflict:
    """The same field changed two ways. ``MISSING`` stands for a side that removed it."""

    path: tuple[str, ...]
    base: Any
    ours: Any
    theirs: Any

    @property
    def where(self) -> str:
        """The field as a dotted TOML path, such as ``items.license-file.status``."""
        return ".".join(self.path)


@dataclass(frozen=True)
class MergeResult:
    """The merged data (ours wherever a conflict is unresolved) and the conflicts."""

    data: dict[str, Any]
    conflicts: tuple[Conflict, ...]

    def choosing_theirs(self) -> dict[str, Any]:
        """The merged data with theirs taken at every conflict."""
        return resolve(self.data, {conflict.path: conflict.theirs for conflict in self.conflicts})


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types all the way down (``1`` is not ``true`` here).

    Written out rather than recursive per value: merges and read-back checks compare
    whole plans with it, thousands of values at a time."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        if len(a) != len(b):
            return False
        pairs = [(value, b.get(key, MISSING)) for key, value in a.items()]
    elif kind is list:
        if len(a) != len(b):
            return False
        pairs = list(zip(a, b, strict=True))
    else:
        return bool(a == b)
    for x, y in pairs:
        if x is y:
            continue
        inner = type(x)
        if inner is not type(y):
            return False
        if inner is dict or inner is list:
            if not same(x, y):
                return False
        elif x != y:
            return False
    return True


def merge(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> MergeResult:
    """Merge two versions of a plan that both started from ``base``."""
    conflicts: list[Conflict] = []
    merged = _merge(base, ours, theirs, (), conflicts)
    return MergeResult(merged if isinstance(merged, dict) else {}, tuple(conflicts))


def _merge(base: Any, ours: Any, theirs: Any, path: tuple[str, ...], conflicts: list[Conflict]) -> Any:
    if same(ours, theirs) or same(theirs, base):
        return ours
    if same(ours, base):
        return theirs
    if isinstance(ours, dict) and isinstance(theirs, dict) and isinstance(base, dict | _Missing):
        base_table = base if isinstance(base, dict) else {}
        merged: dict[str, Any] = {}
        # Ours' order first, then what only theirs has, so our file's layout leads.
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            value = _merge(
                base_table.get(key, MISSING),
                ours.get(key, MISSING),
                theirs.get(key, MISSING),
                (*path, key),
                conflicts,
            )
            if value is not MISSING:
                merged[key] = value
        return merged
    if path in SET_LISTS and all(isinstance(v, list | _Missing) for v in (base, ours, theirs)):
        return _merge_names(base or [], ours or [], theirs or [])
    conflicts.append(Conflict(path, base, ours, theirs))
    return ours


def _merge_names(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both sides' additions and removals: ours' order, then theirs' new names."""
    removed = {name for name in base if name not in ours or name not in theirs}
    kept = [name for name in ours if name not in removed]
    return kept + [name for name in theirs if name not in base and name not in kept]


def resolve(data: dict[str, Any], choices: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    """``data`` with the value at each path replaced (``MISSING`` removes the key)."""
    result = _copy_tables(data)
    for path, value in choices.items():
        set_at(result, path, value)
    return result


def set_at(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Put ``value`` at ``path`` in ``data``, making the tables on the way (``MISSING``
    removes the key instead)."""
    for key in path[:-1]:
        data = data.setdefault(key, {})
    if value is MISSING:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value


def _copy_tables(data: dict[str, Any]) -> dict[str, Any]:
    return {key: _copy_tables(value) if isinstance(value, dict) else value for key, value in data.items()}


def describe(value: Any) -> str:
    """A conflicting value as one short line for people: ``(removed)`` for a deletion."""
    if value is MISSING:
        return "(removed)"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return ", ".join(f"{key} = {describe(v)}" for key, v in value.items()) or "(empty)"
    if isinstance(value, list):
        return ", ".join(describe(v) for v in value) or "(empty list)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
