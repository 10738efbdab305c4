"""Tell which license a LICENSE file holds, from its text, without the network.

Each license is recognised by a few short phrases only it contains (written here for
the purpose, not copied texts), looked for in a normalised copy of the file: lower
case, copyright lines dropped, punctuation turned into spaces, whitespace collapsed.

The matcher would rather say "unrecognised" than guess:

- the GNU family is decided by the first license title in the text (the GPL's own
  text names the LGPL near its end) and the version phrase that follows it; no
  version phrase, no answer;
- BSD-3-Clause needs the "endorse or promote" clause and BSD-2-Clause needs its
  absence; the advertising clause makes BSD-4-Clause;
- a license that is another one minus a condition is known by what its text says
  where the condition would be, not by the condition's absence: 0BSD's grant runs
  straight into the disclaimer where ISC goes on "provided that the above copyright
  notice ...", and so does MIT-0's where MIT goes on "subject to the following
  conditions"; a file holding both of a pair is then a bundle like any other;
- versioned licenses (MPL, Artistic, Blue Oak) need their title with its version;
- two different licenses in one file (a bundle of notices) give no answer, and so
  does a license known here only by name to refuse it (Artistic 1.0, the older
  Python agreements of CPython's LICENSE history) next to any other or alone.

Confidence is the share of a license's phrases that were found, lowered when the
file is much longer than the license itself (extra terms or other notices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LicenseMatch", "identify_license", "identify_text"]

MAX_LICENSE_BYTES = 1024 * 1024
FIRST_LINE_WIDTH = 120


@dataclass(frozen=True, slots=True)
class LicenseMatch:
    """What a license file was recognised as.

    ``spdx`` is None when the text was not recognised with confidence; then
    ``first_line`` (the first non-empty line, or a note such as "(empty file)") is
    what to show instead.
    """

    spdx: str | None
    confidence: float
    first_line: str


@dataclass(frozen=True, slots=True)
class _Rule:
    """``required`` phrases must all be present (each an alternatives tuple); ``extra``
    phrases raise confidence; ``forbidden`` phrases rule the license out."""

    spdx: str
    required: tuple[tuple[str, ...], ...]
    extra: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    typical_words: int = 0


_BSD_BASE = (
    ("redistribution and use in source and binary forms",),
    ("redistributions of source code must retain",),
    ("redistributions in binary form must reproduce",),
)
_BSD_ENDORSE = ("endorse or promote products",)
_BSD_ADVERTISING = "all advertising materials mentioning features"
_WARRANTY = "provided by the copyright holders and contributors as is"

_RULES: tuple[_Rule, ...] = (
    _Rule(
        "MIT",
        (
            ("permission is hereby granted free of charge to any person obtaining a copy",),
            ("above copyright notice and this permission notice shall be included",),
        ),
        (
            "without restriction including without limitation the rights to use",
            "the software is provided as is without warranty of any kind",
        ),
        typical_words=170,
    ),
    _Rule(
        "ISC",
        (
            (
                "permission to use copy modify and or distribute this software for any purpose",
                "permission to use copy modify and distribute this software for any purpose",
            ),
            ("provided that the above copyright notice and this permission notice appear",),
        ),
        ("the software is provided as is and the author disclaims all warranties",),
        typical_words=120,
    ),
    _Rule(
        "0BSD",
        (
            ("permission to use copy modify and or distribute this software for any purpose",),
            ("with or without fee is hereby granted the software is provided as is",),
        ),
        ("the software is provided as is and the author disclaims all warranties",),
        typical_words=110,
    ),
    _Rule(
        "MIT-0",
        (
            ("permission is hereby granted free of charge to any person obtaining a copy",),
            ("to whom the software is furnished to do so the software is provided as is",),
        ),
        (
            "mit no attribution",
            "without restriction including without limitation the rights to use",
        ),
        typical_words=140,
    ),
    _Rule(
        "BSD-4-Clause",
        (*_BSD_BASE, _BSD_ENDORSE, (_BSD_ADVERTISING,)),
        (_WARRANTY,),
        typical_words=260,
    ),
    _Rule(
        "BSD-3-Clause",
        (*_BSD_BASE, _BSD_ENDORSE),
        (_WARRANTY, "without specific prior written permission"),
        forbidden=(_BSD_ADVERTISING,),
        typical_words=215,
    ),
    _Rule(
        "BSD-2-Clause",
        _BSD_BASE,
        (_WARRANTY, "this list of conditions and the following disclaimer"),
        forbidden=(_BSD_ENDORSE[0], _BSD_ADVERTISING),
        typical_words=185,
    ),
    _Rule(
        "Apache-2.0",
        (("apache license version 2 0", "apache license v2 0", "apache license 2 0"),),
        (
            "terms and conditions for use reproduction and distribution",
            "grant of patent license",
            "licensed under the apache license version 2 0",
            "you may not use this file except in compliance with the license",
        ),
        typical_words=1580,
    ),
    _Rule(
        "MPL-2.0",
        (
            (
                "mozilla public license version 2 0",
                "mozilla public license v 2 0",
                "mozilla public license 2 0",
            ),
        ),
        (
            "this source code form is subject to the terms of the mozilla public license",
            "exhibit a source code form license notice",
            "incompatible with secondary licenses",
        ),
        typical_words=2400,
    ),
    _Rule(
        "EPL-2.0",
        (
            (
                "eclipse public license v 2 0",
                "eclipse public license version 2 0",
                "eclipse public license 2 0",
            ),
        ),
        (
            "the accompanying program is provided under the terms of this eclipse public",
            "secondary license",
        ),
        typical_words=2200,
    ),
    _Rule(
        "EPL-1.0",
        (
            (
                "eclipse public license v 1 0",
                "eclipse public license version 1 0",
                "eclipse public license 1 0",
            ),
        ),
        ("the accompanying program is provided under the terms of this eclipse public",),
        typical_words=1700,
    ),
    _Rule(
        "BSL-1.0",
        (("boost software license version 1 0", "boost software license 1 0"),),
        ("permission is hereby granted free of charge to any person or organization",),
        typical_words=230,
    ),
    _Rule(
        "CC0-1.0",
        (("cc0 1 0 universal", "cc0 1 0"),),
        (
            "statement of purpose",
            "waiver",
            "public license fallback",
            "no copyright and related rights",
        ),
        typical_words=1000,
    ),
    _Rule(
        "Unlicense",
        (("this is free and unencumbered software released into the public domain",),),
        (
            "anyone is free to copy modify publish use compile sell or distribute",
            "dedicate any and all copyright interest in the software to the public domain",
            "unlicense org",
        ),
        typical_words=200,
    ),
    _Rule(
        "MPL-1.1",
        (
            (
                "mozilla public license version 1 1",
                "mozilla public license v 1 1",
                "mozilla public license 1 1",
            ),
        ),
        (
            "the contents of this file are subject to the mozilla public license version 1 1",
            "commercial use means distribution or otherwise making the covered code available",
            "netscape communications corporation",
        ),
        # The Mozilla tri-license notice offers the GPL and LGPL as well (Exhibit A's
        # own template only leaves a blank for the other license).
        forbidden=("alternatively the contents of this file may be used under the terms of either",),
        typical_words=3700,
    ),
    _Rule(
        "Zlib",
        (
            (
                "permission is granted to anyone to use this software for any purpose including "
                "commercial applications and to alter it and redistribute it freely",
            ),
            ("in the product documentation would be appreciated but is not required",),
            ("altered source versions must be plainly marked as such",),
            ("this notice may not be removed or altered from any source distribution",),
        ),
        (
            "the origin of this software must not be misrepresented",
            "in no event will the authors be held liable for any damages",
        ),
        typical_words=150,
    ),
    _Rule(
        "BlueOak-1.0.0",
        (
            ("blue oak model license version 1 0 0", "blue oak model license 1 0 0"),
            ("each contributor licenses you to do everything with this software",),
        ),
        (
            "in order to receive this license you must agree to its rules",
            "no contributor can revoke this license",
            "blueoakcouncil org license 1 0 0",
        ),
        typical_words=300,
    ),
    _Rule(
        "Artistic-2.0",
        (
            ("artistic license 2 0",),
            (
                "this license establishes the terms under which a given free software package",
                "you are always permitted to make arrangements wholly outside of this license",
            ),
        ),
        (
            "distributor fee means any fee that you charge for distributing this package",
            "permission for use and modification without distribution",
        ),
        typical_words=1500,
    ),
    _Rule(
        "PSF-2.0",
        (
            (
                "this license agreement is between the python software foundation psf and the "
                "individual or organization licensee",
            ),
            ("psf hereby grants licensee a nonexclusive royalty free world wide license",),
        ),
        (
            "python software foundation license version 2",
            "psf is making python available to licensee on an as is basis",
        ),
        typical_words=500,
    ),
)

# Licenses known here only to refuse a file that holds one: naming them would need
# rules for their variants (Artistic 1.0 has several), and the older agreements of
# CPython's LICENSE make that file a history of licenses rather than PSF-2.0.
_UNNAMED_LICENSES = (
    "some semblance of artistic control over the development of the package",
    "beopen python open source license agreement",
    "cnri license agreement for python",
    "cwi license agreement for python",
)

# GNU licenses: a full text opens with its title, version and date; the first such
# heading decides (the GPL's own text names the LGPL and AGPL further down).
_GNU_HEADINGS = (
    ("gnu affero general public license version 3 19 november 2007", "AGPL-3.0"),
    ("gnu lesser general public license version 3 29 june 2007", "LGPL-3.0"),
    ("gnu lesser general public license version 2 1 february 1999", "LGPL-2.1"),
    ("gnu library general public license version 2 june 1991", "LGPL-2.0"),
    ("gnu general public license version 3 29 june 2007", "GPL-3.0"),
    ("gnu general public license version 2 june 1991", "GPL-2.0"),
)
# A short notice instead of the text: "... under the terms of the GNU General Public
# License as published by the Free Software Foundation, either version 3 ..."
_GNU_NOTICE = re.compile(
    r"gnu (affero |lesser |library )?general public license as published by the free "
    r"software foundation (either )?version (3|2 1|2)"
)
_GNU_TYPICAL_WORDS = {
    "GPL-3.0": 5600,
    "GPL-2.0": 2900,
    "LGPL-3.0": 1100,
    "LGPL-2.1": 4000,
    "LGPL-2.0": 3800,
    "AGPL-3.0": 5600,
}

# "Copyright (c) 2024 Name", "(c) 2024 …", "© …", "All rights reserved." — but not a
# wrapped clause that happens to start with "copyright notice, this list of …".
_COPYRIGHT_LINE = re.compile(
    r"^\s*(copyright\s*(\(c\)|©|\d{4}|by\b)|\(c\)\s*\d|©|all rights reserved\W*$)",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def identify_license(path: Path) -> LicenseMatch:
    """Recognise the license in the file at ``path`` (see the module docstring)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_LICENSE_BYTES)
    except OSError as error:
        return LicenseMatch(None, 0.0, f"(unreadable file: {error.strerror or error})")
    if b"\x00" in data[:8192]:
        return LicenseMatch(None, 0.0, "(binary file)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return identify_text(text)


def identify_text(text: str) -> LicenseMatch:
    """Recognise the license in ``text``; ``spdx`` is None when unsure."""
    first = _first_line(text)
    if not first:
        return LicenseMatch(None, 0.0, "(empty file)")
    normal = normalise(text)
    if any(phrase in normal for phrase in _UNNAMED_LICENSES):
        return LicenseMatch(None, 0.0, first)
    words = normal.count(" ") + 1
    matches = [m for m in (_match_gnu(normal, words), *_match_rules(normal, words)) if m]
    spdx_ids = {spdx for spdx, _ in matches}
    if len(spdx_ids) != 1:
        return LicenseMatch(None, 0.0, first)
    spdx, confidence = max(matches, key=lambda m: m[1])
    if confidence < 0.5:
        return LicenseMatch(None, round(confidence, 2), first)
    return LicenseMatch(spdx, round(confidence, 2), first)


def normalise(text: str) -> str:
    """Lower case, without copyright lines or punctuation, whitespace collapsed."""
    kept = (line for line in text.lower().splitlines() if not _COPYRIGHT_LINE.match(line))
    return _NON_WORD.sub(" ", " ".join(kept)).strip()


def _first_line(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            printable = "".join(c if c.isprintable() else "?" for c in stripped)
            return printable[:FIRST_LINE_WIDTH]
    return ""


def _match_rules(normal: str, words: int) -> list[tuple[str, float]]:
    matches = []
    for rule in _RULES:
        if any(phrase in normal for phrase in rule.forbidden):
            continue
        if not all(any(p in normal for p in alternatives) for alternatives in rule.required):
            continue
        found = sum(phrase in normal for phrase in rule.extra)
        share = (len(rule.required) + found) / (len(rule.required) + len(rule.extra))
        matches.append((rule.spdx, _confidence(share, words, rule.typical_words)))
    # A more specific BSD rule hides the looser ones it contains.
    ids = {spdx for spdx, _ in matches}
    if "BSD-4-Clause" in ids:
        matches = [m for m in matches if m[0] != "BSD-3-Clause"]
    return matches


def _match_gnu(normal: str, words: int) -> tuple[str, float] | None:
    """The GNU license of a full text (by its first dated heading) or of a notice."""
    headings = [(normal.find(h), spdx) for h, spdx in _GNU_HEADINGS if h in normal]
    if headings:
        _, spdx = min(headings)
        share = 1.0 if "terms and conditions" in normal else 0.8
        return spdx, _confidence(share, words, _GNU_TYPICAL_WORDS[spdx])
    notices = {_gnu_notice_id(m.group(1), m.group(3)) for m in _GNU_NOTICE.finditer(normal)}
    if len(notices) == 1:
        return notices.pop(), 0.7
    return None


def _gnu_notice_id(kind: str | None, version: str) -> str:
    family = {"affero ": "AGPL", "lesser ": "LGPL", "library ": "LGPL"}.get(kind or "", "GPL")
    number = {"3": "3.0", "2 1": "2.1", "2": "2.0"}[version]
    if family == "AGPL":
        number = "3.0"
    return f"{family}-{number}"


def _confidence(share: float, words: int, typical_words: int) -> float:
    """Phrase share, lowered when the file is far longer than the license it holds."""
    if typical_words and words > typical_words * 1.5:
        share *= max(0.5, (typical_words * 1.5) / words)
    return min(1.0, share)
