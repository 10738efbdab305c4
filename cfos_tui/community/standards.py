"""Codes of conduct a project adopts by reference: name, version and address.

cfos-plan never ships a standard's text. When the plan's base is one of these, the
generated code of conduct names it and links it; any other base is named as the plan
gives it (with the address the plan gives, if any), and the command says that it is
not one it knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cfos_tui.community.answers import first_url

__all__ = ["Standard", "recognise"]


@dataclass(frozen=True)
class Standard:
    name: str
    version: str
    url: str
    known: bool = True

    @property
    def title(self) -> str:
        return f"{self.name}, version {self.version}" if self.version else self.name


CONTRIBUTOR_COVENANT = {
    "3.0": "https://www.contributor-covenant.org/version/3/0/",
    "2.1": "https://www.contributor-covenant.org/version/2/1/code_of_conduct/",
}

_COVENANT = re.compile(r"contributor\s+covenant", re.IGNORECASE)
_VERSION = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")


def recognise(base: str) -> Standard:
    """The standard the plan's ``base`` answer names."""
    if _COVENANT.search(base):
        numbers = _VERSION.findall(_COVENANT.split(base, maxsplit=1)[1])
        version = numbers[0] if numbers else ""
        if version in ("3", "3.0"):
            return Standard("Contributor Covenant", "3.0", CONTRIBUTOR_COVENANT["3.0"])
        if version == "2.1":
            return Standard("Contributor Covenant", "2.1", CONTRIBUTOR_COVENANT["2.1"])
        return Standard("Contributor Covenant", version, first_url(base), known=False)
    return Standard(base.strip(), "", first_url(base), known=False)
