"""What "today" is: the real date, or the one fixed by ``CFOS_PLAN_TODAY``.

Reports, due dates and reminders all depend on today's date; fixing it makes
reports reproducible and tests independent of the calendar.
"""

from __future__ import annotations

import os
import re
from datetime import date

from cfos_tui.errors import CfosError

TODAY_VARIABLE = "CFOS_PLAN_TODAY"


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_date(text: str) -> date | None:
    """The day ``text`` names as YYYY-MM-DD (spaces around allowed), or None."""
    text = text.strip()
    if not _DATE_SHAPE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str, what: str = "date") -> date:
    """A YYYY-MM-DD date, or a CfosError that says what was wrong."""
    day = as_date(text)
    if day is not None:
        return day
    if _DATE_SHAPE.fullmatch(text.strip()):
        raise CfosError(f"invalid {what} {text!r}: no such day in the calendar (dates are YYYY-MM-DD)")
    raise CfosError(f"invalid {what} {text!r}: use YYYY-MM-DD, for example 2025-03-31")


def today(override: str | None = None) -> date:
    """``override`` if given, else ``CFOS_PLAN_TODAY`` if set, else the real date."""
    fixed = override or os.environ.get(TODAY_VARIABLE)
    if fixed:
        return parse_date(fixed, f"today ({TODAY_VARIABLE})" if not override else "--today")
    return date.today()
