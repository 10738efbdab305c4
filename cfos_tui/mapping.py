"""The plan's records and their tables in the file, derived from the dataclasses.

A dataclass in ``cfos_tui.plan`` is written as a table whose keys are its field names,
in field order. A field is left out when it is empty or holds its default, unless the
field is marked ``KEEP`` (``status``, ``cadence``…: the file always says them) or has
no default at all. Reading goes the other way: each key is checked against the field's
type (text, whole number, yes/no, date, list of text), and a value of the wrong type is
a problem that names its place; the field keeps its default.

Fields of other types (nested tables, pairs) are converted by the caller, which gets
them as plain data.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

KEEP: dict[str, Any] = {"keep": True}
"""Field metadata: always written, even when empty or at its default."""

Report = Callable[[tuple[str, ...], str], None]
"""Where a reader tells of a problem: the value's place and what is wrong."""

_WORDS = {str: "text", int: "a whole number", bool: "true or false", dict: "a table"}


@cache
def _types(cls: type) -> dict[str, Any]:
    """Each field's simple type (str, int, bool, date, list), or None when it has none."""
    hints = typing.get_type_hints(cls)
    simple: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            hint = args[0] if len(args) == 1 else None
        if typing.get_origin(hint) is list and typing.get_args(hint) == (str,):
            hint = list
        simple[field.name] = hint if hint in (str, int, bool, date, list) else None
    return simple


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return dataclasses.MISSING


def _plain(value: Any) -> Any:
    """A value as the file holds it: copies of lists and tables, pairs as lists."""
    if isinstance(value, str | int | float | date) or value is None:
        return value
    if isinstance(value, dict):
        return {key: _plain(entry) for key, entry in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(entry) for entry in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_table(value)
    return value


@cache
def _layout(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """Each field's name, default and whether it is always written, in field order."""
    layout = []
    for field in dataclasses.fields(cls):
        default = _default(field)
        keep = bool(field.metadata.get("keep")) or default is dataclasses.MISSING
        layout.append((field.name, default, keep))
    return tuple(layout)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | dict) and not value)


def to_table(record: Any) -> dict[str, Any]:
    """The table that holds a record in the file; empty and default values left out."""
    table: dict[str, Any] = {}
    cls: type = type(record)
    for name, default, keep in _layout(cls):
        value = getattr(record, name)
        if keep:
            table[name] = _plain(value)
        elif value is not None and value != default and not is_blank(value):
            table[name] = value if isinstance(value, str) else _plain(value)
    return table


def values_of(record: Any) -> dict[str, Any]:
    """A record's fields by name, as they are (an editor's starting values)."""
    return {field.name: getattr(record, field.name) for field in dataclasses.fields(record)}


def from_values(cls: type, values: dict[str, Any]) -> Any:
    """A record from an editor's values; fields it leaves out keep their defaults."""
    names = {field.name for field in dataclasses.fields(cls)}
    return cls(**{name: value for name, value in values.items() if name in names})


def read_value(value: Any, kind: Any) -> tuple[bool, Any]:
    """Whether ``value`` has the simple type ``kind``, and the value to keep."""
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime), value
    if kind is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value), value
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    return isinstance(value, kind), value


def must_be(kind: Any) -> str:
    """How a problem says what a value should be."""
    if kind is date:
        return "must be a date (YYYY-MM-DD)"
    if kind is list:
        return "must be a list of text"
    return f"must be {_WORDS.get(kind, getattr(kind, '__name__', str(kind)))}"


def read_fields(cls: type, table: dict[str, Any], keys: tuple[str, ...], report: Report) -> dict[str, Any]:
    """The simple fields of ``cls`` read from ``table``: each one present and of the right
    type, else its default (None for a field without one). A wrong type is reported."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        kind = _types(cls)[field.name]
        if kind is None:
            continue
        default = _default(field)
        values[field.name] = None if default is dataclasses.MISSING else default
        if field.name not in table:
            continue
        ok, value = read_value(table[field.name], kind)
        if ok:
            values[field.name] = value
        else:
            where = (*keys, field.name)
            report(where, f"{'.'.join(where)} {must_be(kind)}")
    return values
