"""SPDX license expressions: whether a decision names licenses others can look up.

An expression is one or more SPDX license ids joined by ``AND``, ``OR`` and ``WITH``
(an exception), with brackets; ``LicenseRef-…`` names a license of the project's own.
The SPDX list and the parsing come from ``license-expression``, loaded the first time
an expression is checked (a few hundredths of a second), so commands that never
check one never pay for it.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Any

__all__ = ["closest_id", "expression_problem"]

CUSTOM = re.compile(r"^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")


@cache
def _licensing() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@cache
def _ids() -> dict[str, str]:
    """Every SPDX license and exception id, by a folded form of it (lower case, runs of
    spaces, underscores and hyphens as one hyphen)."""
    ids: dict[str, str] = {}
    for symbol in _licensing().known_symbols.values():
        key = symbol.key
        if not key.startswith("LicenseRef-"):
            ids[_fold(key)] = key
    return ids


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


def closest_id(text: str) -> str | None:
    """The SPDX id that ``text`` most likely meant ("BSD 3 clause" → BSD-3-Clause)."""
    ids = _ids()
    folded = _fold(text)
    if folded in ids:
        return ids[folded]
    close = difflib.get_close_matches(folded, list(ids), n=1, cutoff=0.75)
    return ids[close[0]] if close else None


def expression_problem(text: str) -> str | None:
    """Why ``text`` is not an SPDX license expression, or None when it is one."""
    if not text.strip():
        return None
    try:
        info = _licensing().validate(text, strict=True)
        errors, symbols = list(info.errors), list(info.invalid_symbols)
    except Exception:  # the library trips over some broken expressions; they are broken
        errors, symbols = ["invalid"], []
    unknown = [s for s in symbols if s and not CUSTOM.match(s)]
    if not errors or (symbols and not unknown and _only_unknown(errors)):
        return None
    if unknown:
        symbol = unknown[0]
        guess = closest_id(symbol)
        if guess is not None and guess.lower() == symbol.strip().lower():
            return f"{symbol!r} is an SPDX license, not an exception; only an exception can follow WITH"
        hint = f"; the closest is {guess}" if guess else "; the ids are listed at https://spdx.org/licenses/"
        return f"{symbol!r} is not an SPDX license id{hint}"
    return (
        f"{text.strip()!r} is not a valid SPDX license expression "
        "(ids joined by AND, OR or WITH an exception, with brackets)"
    )


def _only_unknown(errors: list[str]) -> bool:
    return all(error.startswith("Unknown license key") for error in errors)
