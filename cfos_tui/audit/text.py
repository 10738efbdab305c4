"""Text from a repository made safe to print and to encode as UTF-8."""

from __future__ import annotations

from typing import Any, overload

__all__ = ["safe_data", "safe_text"]


@overload
def safe_text(text: str) -> str: ...
@overload
def safe_text(text: None) -> None: ...
def safe_text(text: str | None) -> str | None:
    """``text`` with undecodable bytes (file names read as surrogate escapes) as U+FFFD.

    File names that are not UTF-8 reach Python as lone surrogates, which cannot be
    printed or written as UTF-8; this keeps them readable instead of crashing.
    """
    if text is None:
        return None
    try:
        raw = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", errors="replace")
    return raw.decode("utf-8", errors="replace")


def safe_data(value: Any) -> Any:
    """:func:`safe_text` applied to every string inside lists and dicts."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, list):
        return [safe_data(item) for item in value]
    if isinstance(value, dict):
        return {key: safe_data(item) for key, item in value.items()}
    return value
