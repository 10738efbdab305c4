"""Who a project says leads it: people in a MAINTAINERS file, CODEOWNERS and plan entries.

A maintainers file comes in many layouts; each line is read for what it can tell:

- Markdown (or reStructuredText grid) tables: the header names the columns (a name
  column, GitHub handle, email, affiliation; others are ignored); without a header
  the cells are read by what they hold;
- bullet and numbered lists and plain lines: ``Jane Doe (@jdoe), Acme``,
  ``Jane Doe <jane@acme.com>``, ``[Jane Doe](https://github.com/jdoe) - Acme``,
  ``@jdoe @kim`` (several handles, several people);
- ``Key: value`` lines (``GitHub: @jdoe``, ``Email: …``) that describe the person
  named by the ``Name:`` line or the heading above them;
- the Linux kernel's layout (only ``M:`` lines are maintainers), comma-separated lines
  under a ``# GitHub ID, Name, Email`` comment, and the TOML layout with
  ``[people.<id>]`` tables and ``[Org]`` lists.

What a table's name column or a ``Name:`` line holds is a name by its place (a few
words at most). Any other line with neither handle nor email counts only when it
looks like a name: two to six words, each starting with a capital (name particles
such as "van" or "de" aside), no digits, no words of prose ("the", "please", "team",
…) and no closing full stop, so sentences and headings are not taken for people.
Sections headed "Emeritus", "Former", "Alumni", "Past", "Retired" or "Inactive" list
people who no longer lead and are skipped. Handles of the form
``@org/team`` are teams and never people.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from cfos_tui.audit.orgs import GITHUB_NOREPLY, is_bot

__all__ = [
    "Listed",
    "handle_of_email",
    "normal_name",
    "parse_codeowners",
    "parse_entry",
    "parse_maintainers",
]

MAX_LISTED = 2_000
"""The most people read from one file: more is not a list of maintainers."""


@dataclass(frozen=True, slots=True)
class Listed:
    """One person as a listing names them; any of the fields may be empty.

    ``handle`` is a GitHub login without ``@``, ``email`` is lower case, ``source``
    says where the entry was read (a file's path, or ``plan``).
    """

    name: str = ""
    handle: str = ""
    email: str = ""
    affiliation: str = ""
    source: str = ""

    @property
    def known(self) -> bool:
        return bool(self.name or self.handle or self.email)


# -- identities -------------------------------------------------------------------------
_NOREPLY_ID = re.compile(r"^\d+\+")


def normal_name(name: str) -> str:
    """A name for comparing: Unicode-normalised, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def handle_of_email(email: str) -> str:
    """The GitHub login in a no-reply address (``123+jdoe@users.noreply.github.com`` or
    ``jdoe@users.noreply.github.com``), lower case; empty for other addresses."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at or domain != GITHUB_NOREPLY:
        return ""
    handle = _NOREPLY_ID.sub("", local)
    return handle if _HANDLE_ONLY.fullmatch(handle) else ""


# -- pieces of a line ---------------------------------------------------------------------
_EMAIL = re.compile(r"(?:mailto:)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
_HANDLE_ONLY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38})", re.IGNORECASE)
# "@jdoe" not inside an address; "@org/team" is a team (group 2)
_HANDLE = re.compile(r"(?<![\w.+@/-])@([A-Za-z0-9][A-Za-z0-9-]{0,38})(/[\w.-]+)?(?![\w@-])")
_GITHUB_URL = re.compile(
    r"https?://(?:www\.)?github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38})(/[^\s)\]>\"'|]*)?/?(?=[\s)\]>\"'|,;]|$)",
    re.IGNORECASE,
)
_GITHUB_PAGES = frozenset({"orgs", "sponsors", "features", "about", "settings", "topics", "login"})
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_RST_LINK = re.compile(r"`([^`<]*?)\s*<([^>]*)>`_{1,2}")
_TAG = re.compile(r"<[^<>]*>")
_ANGLE_EMPTY = re.compile(r"<\s*>|\(\s*\)|\[\s*\]|\{\s*\}")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_SEPARATORS = re.compile(r"\s*(?:\(|,|;|\s[-–—|/]\s|:\s)\s*")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_KEY_VALUE = re.compile(r"^:?\**([A-Za-z][A-Za-z -]{0,24}?)\**\s*:\**:?\s+(.+)$")
_KERNEL_LINE = re.compile(r"^([A-Z]):\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.])\1{2,}\s*$")
_TABLE_RULE = re.compile(r"^[\s|:+=-]+$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PAST_SECTION = re.compile(r"emerit|former|alumni|\bpast\b|retired|inactive|previous|stepped", re.I)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
ROLE_MAILBOXES = _words(
    """
    maintainers maintainer team core dev devs developers security conduct coc info hello
    contact admin admins steering tsc community support help project owners noreply
    no-reply list announce
    """
)

STOP_WORDS = _words(
    """
    a an and or of to in on at by for with from is are be was were been this that these
    those it its we our us you your they their them please see here there all any each
    every who what when where how why if then than not no yes can may must should will
    would could do does via per into onto also only more most other such as but so
    maintainer maintainers maintained maintaining team teams committee member members
    list listed file project projects core owner owners reviewer reviewers contributor
    contributors current active emeritus github gitlab email e-mail contact name names
    role roles area areas tbd todo none vacant open help note notes section following
    below above people person table
    """
)
NAME_PARTICLES = _words(
    "van von der den de da di du del della dos das do la le bin binti al el y ten ter zu af av ibn e st"
)
_NOT_IN_NAMES = re.compile(r"[\d:;=<>\[\]{}|#*`/\\@?!]")


def _looks_like_name(text: str, *, min_words: int, capitals: bool) -> bool:
    """Whether ``text`` could be a person's name rather than a phrase (module docstring)."""
    words = text.split()
    if not min_words <= len(words) <= 6 or len(text) > 64 or _NOT_IN_NAMES.search(text):
        return False
    if text.endswith((".", ",")) and not re.search(r"(?:^|\s)(?:\w|jr|sr)\.$", text, re.I):
        return False
    for word in words:
        bare = word.strip(".,'’\"()").lower()
        if bare in STOP_WORDS:
            return False
        letter = next((char for char in word if char.isalpha()), "")
        if not letter:
            return False
        if capitals and letter.islower() and bare not in NAME_PARTICLES:
            return False
    return True


def _plausible_name(text: str) -> bool:
    """Whether text in a name's place (a table's name column, a ``Name:`` line) can be
    one: a few words, not a paragraph. What it holds is shown literally, never obeyed."""
    return 1 <= len(text.split()) <= 8 and len(text) <= 80


def _clean(text: str) -> str:
    """Markup taken off: images, link targets, HTML tags, emphasis, empty brackets."""
    text = _IMAGE.sub("", text)
    text = _RST_LINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _ANGLE_EMPTY.sub("", text)
    return " ".join(text.split())


@dataclass(slots=True)
class _Pieces:
    """What one line or cell holds: addresses, handles, whether it names a team, and
    the text left once those are taken out."""

    emails: list[str]
    handles: list[str]
    teams: int
    rest: str


def _pieces(text: str) -> _Pieces:
    emails: list[str] = []
    handles: list[str] = []
    teams = 0

    def take_url(match: re.Match[str]) -> str:
        login, path = match.group(1), match.group(2)
        if not (path or "").strip("/") and login.lower() not in _GITHUB_PAGES:
            handles.append(login.lower())
        return " "

    def take_email(match: re.Match[str]) -> str:
        emails.append(match.group(1).lower())
        return " "

    def take_handle(match: re.Match[str]) -> str:
        nonlocal teams
        if match.group(2):
            teams += 1
        else:
            handles.append(match.group(1).lower())
        return " "

    # link texts that are only a handle or an address are kept out of the name
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(1) + " " + m.group(2), text)
    text = _RST_LINK.sub(lambda m: m.group(1) + " " + m.group(2), text)
    text = re.sub(r"href\s*=\s*[\"']?([^\"'\s>]+)[\"']?", r" \1 ", text)
    text = _GITHUB_URL.sub(take_url, text)
    text = re.sub(r"https?://\S+", " ", text)
    text = _EMAIL.sub(take_email, text)
    text = _HANDLE.sub(take_handle, text)
    return _Pieces(_unique(emails), _unique(handles), teams, _clean(text))


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _name_and_affiliation(rest: str) -> tuple[str, str]:
    """Split ``Jane Doe (Acme)`` / ``Jane Doe, Acme`` / ``Jane Doe - Acme`` in two."""
    parts = _SEPARATORS.split(rest, maxsplit=1)
    name = parts[0].strip(" -–—:,;()")
    affiliation = parts[1].strip(" -–—:,;()") if len(parts) > 1 else ""
    if not name and affiliation:  # "(Jane Doe)" after a handle
        name, affiliation = _name_and_affiliation(affiliation)
    if len(affiliation.split()) > 6:
        affiliation = ""
    return name, affiliation


def parse_entry(text: str, *, source: str = "", lenient: bool = False) -> list[Listed]:
    """The people one line names (usually one; ``@a @b`` names two), or none.

    ``lenient`` (for entries that are people by their place, such as a plan's team
    members) accepts a one-word or lower-case name; prose is refused either way.
    """
    pieces = _pieces(text)
    name, affiliation = _name_and_affiliation(pieces.rest)
    has_id = bool(pieces.emails or pieces.handles)
    if name and not _looks_like_name(
        name, min_words=1 if (has_id or lenient) else 2, capitals=not (has_id or lenient)
    ):
        return []
    if not name and not has_id:
        return []
    if not name and len(pieces.handles) + len(pieces.emails) > 1:
        people = [Listed(handle=handle, source=source) for handle in pieces.handles]
        people += [Listed(email=email, source=source) for email in pieces.emails]
        return _people(people)
    email = pieces.emails[0] if pieces.emails else ""
    handle = pieces.handles[0] if pieces.handles else handle_of_email(email)
    return _people([Listed(name, handle, email, affiliation, source)])


def _people(entries: Iterable[Listed]) -> list[Listed]:
    """Entries that name someone: bots and shared mailboxes (``maintainers@…`` with
    neither name nor handle) left out."""
    return [
        entry
        for entry in entries
        if entry.known
        and not is_bot(entry.name or entry.handle, entry.email or f"{entry.handle}@")
        and (entry.name or entry.handle or entry.email.partition("@")[0] not in ROLE_MAILBOXES)
    ]


# -- tables -----------------------------------------------------------------------------
NAME, HANDLE, EMAIL, AFFILIATION, CONTACT = "name", "handle", "email", "affiliation", "contact"


def column_role(header: str) -> str | None:
    """What a column holds, from its header: name, handle, email, affiliation, contact."""
    words = _clean(header).lower()
    if re.search(r"e-?mail|\bmail\b", words):
        return EMAIL
    if re.search(r"github|gitlab|handle|user|login|account|nick|\bid\b|\bgh\b", words):
        return HANDLE
    if re.search(r"affiliat|organi[sz]|company|employ|\borg\b|institution|works for|sponsor", words):
        return AFFILIATION
    if re.search(r"contact", words):
        return CONTACT
    if re.search(r"name|maintainer|person|who|member|^people$", words):
        return NAME
    return None


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", text)]


def _table(lines: list[str], source: str) -> list[Listed]:
    rows = [_cells(line) for line in lines if not _TABLE_RULE.match(line)]
    if not rows:
        return []
    roles: list[str | None] = []
    ruled = len(lines) > 1 and bool(_TABLE_RULE.match(lines[1]))
    header_roles = [column_role(cell) for cell in rows[0]]
    if ruled or any(header_roles):
        roles, rows = header_roles, rows[1:]
    people: list[Listed] = []
    for row in rows:
        people += _row(row, roles, source)
    return people


def _row(cells: list[str], roles: list[str | None], source: str) -> list[Listed]:
    if not any(role for role in roles):
        return _unlabelled_row(cells, source)
    name = affiliation = ""
    emails: list[str] = []
    handles: list[str] = []
    for cell, role in zip(cells, roles, strict=False):
        pieces = _pieces(cell)
        emails += pieces.emails
        if role == NAME:
            name = name or pieces.rest
            handles += pieces.handles
        elif role == HANDLE:
            handles += pieces.handles
            bare = pieces.rest.strip().lstrip("@")
            if not pieces.handles and _HANDLE_ONLY.fullmatch(bare):
                handles.append(bare.lower())
        elif role == AFFILIATION:
            affiliation = affiliation or pieces.rest
        elif role == CONTACT:
            handles += pieces.handles
    name = name if _plausible_name(name) else ""
    emails, handles = _unique(emails), _unique(handles)
    email = emails[0] if emails else ""
    handle = handles[0] if handles else handle_of_email(email)
    return _people([Listed(name, handle, email, affiliation, source)])


def _unlabelled_row(cells: list[str], source: str) -> list[Listed]:
    """A row whose columns are not known: a person only with a handle or an address;
    the name is the first cell that looks like one."""
    pieces = [_pieces(cell) for cell in cells]
    emails = _unique(email for piece in pieces for email in piece.emails)
    handles = _unique(handle for piece in pieces for handle in piece.handles)
    if not emails and not handles:
        return []
    name = next(
        (piece.rest for piece in pieces if _looks_like_name(piece.rest, min_words=2, capitals=True)), ""
    )
    email = emails[0] if emails else ""
    return _people([Listed(name, handles[0] if handles else handle_of_email(email), email, "", source)])


# -- files ------------------------------------------------------------------------------
@dataclass(slots=True)
class _Block:
    """A person being described by ``Key: value`` lines."""

    entry: Listed
    index: int  # where in the people list it sits


class _Reader:
    """Line by line through one maintainers file (see the module docstring)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.people: list[Listed] = []
        self.skip_level = 0  # inside a past-maintainers section of this level (0: not)
        self.heading = ""  # the last heading, which may name the person fields follow
        self.block: _Block | None = None
        self.columns: list[str | None] = []  # from a "# GitHub ID, Name, Email" comment

    def read(self, lines: list[str]) -> list[Listed]:
        kernel = sum(1 for line in lines if _KERNEL_LINE.match(line)) >= 2
        table: list[str] = []
        for number, raw in enumerate(lines):
            line = raw.rstrip()
            start = line.lstrip()[:1]
            if start == "|" or (start == "+" and _TABLE_RULE.match(line)):
                table.append(line.strip())
                continue
            if table:
                self._add(_table(table, self.source))
                table = []
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            self._line(line, following, kernel)
            if len(self.people) > MAX_LISTED:
                break
        if table:
            self._add(_table(table, self.source))
        return self.people[:MAX_LISTED]

    def _add(self, people: list[Listed]) -> None:
        if not self.skip_level:
            self.people += people

    def _section(self, title: str, level: int) -> None:
        """A heading (or, in a plain file, a ``#`` comment): past sections are skipped."""
        self.block = None
        if self.skip_level and level > self.skip_level:
            return
        self.skip_level = level if _PAST_SECTION.search(title) else 0
        self.heading = _clean(title)

    def _line(self, line: str, following: str, kernel: bool) -> None:
        stripped = line.strip()
        if not stripped or _UNDERLINE.match(stripped) or _FENCE.match(stripped):
            return
        bullet = _BULLET.match(line)
        if _UNDERLINE.match(following) and not bullet:
            self._section(stripped, 1 if following[0] == "=" else 2)
            return
        heading = _HEADING.match(stripped)
        if heading:
            self._comment(heading.group(2))
            self._section(heading.group(2), len(heading.group(1)))
            return
        if self.skip_level:
            return
        if kernel:
            match = _KERNEL_LINE.match(stripped)
            if match and match.group(1) == "M":
                self._add(parse_entry(match.group(2), source=self.source, lenient=True))
            return
        text = bullet.group(1) if bullet else stripped
        if self._field(text):
            return
        self.block = None
        if self.columns and not bullet and "," in text:
            self._add(_row([cell.strip() for cell in text.split(",")], self.columns, self.source))
            return
        self._add(parse_entry(text, source=self.source))

    def _comment(self, text: str) -> None:
        """A ``# GitHub ID, Name, Email`` line names the columns of the lines below."""
        cells = [cell.strip() for cell in text.split(",")]
        roles = [column_role(cell) for cell in cells]
        if len(cells) >= 2 and sum(1 for role in roles if role) >= 2:
            self.columns = roles

    def _field(self, text: str) -> bool:
        """A ``Key: value`` line about a person; True when it was one."""
        match = _KEY_VALUE.match(text)
        role = column_role(match.group(1)) if match else None
        if match is None or role is None:
            return False
        pieces = _pieces(match.group(2))
        handle = pieces.handles[0] if pieces.handles else ""
        bare = pieces.rest.strip().lstrip("@")
        if not handle and role == HANDLE and _HANDLE_ONLY.fullmatch(bare):
            handle = bare.lower()
        email = pieces.emails[0] if pieces.emails else ""
        name = pieces.rest if role == NAME and _plausible_name(pieces.rest) else ""
        affiliation = pieces.rest if role == AFFILIATION else ""
        block = self.block
        taken = block is not None and bool(
            (name and block.entry.name) or (handle and block.entry.handle) or (email and block.entry.email)
        )
        if block is None or role == NAME or taken:
            named = self.heading if block is None and role != NAME else ""
            if not _looks_like_name(named, min_words=1, capitals=False):
                named = ""
            self.people.append(Listed(name=named, source=self.source))
            block = self.block = _Block(self.people[-1], len(self.people) - 1)
        entry = block.entry
        entry = replace(
            entry,
            name=entry.name or name,
            handle=entry.handle or handle or handle_of_email(email),
            email=entry.email or email,
            affiliation=entry.affiliation or affiliation,
        )
        block.entry = self.people[block.index] = entry
        return True


def parse_maintainers(text: str, source: str = "") -> list[Listed]:
    """The current maintainers a MAINTAINERS file lists, in file order.

    ``source`` is the file's path, kept with each entry. ``#`` lines are headings
    (in a plain file, comments, which may likewise open an emeritus part or name the
    columns). Entries that name nobody, and bots, are dropped.
    """
    if "[people" in text or "[Org" in text:
        from_toml = _toml_people(text, source)
        if from_toml is not None:
            return from_toml
    people = _Reader(source).read(_COMMENT.sub("", text).splitlines())
    return _people(people)


def _toml_people(text: str, source: str) -> list[Listed] | None:
    """The TOML layout: ``[people.<id>]`` with Name/Email/GitHub, and ``[Org.<group>]``
    with a ``people`` list (groups named alumni, emeritus or former are skipped)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    found_people = data.get("people")
    people: dict[str, Any] = found_people if isinstance(found_people, dict) else {}
    wanted: list[str] = []
    for group, members in _org_groups(data.get("Org") or data.get("org")):
        if not _PAST_SECTION.search(group):
            wanted += [str(member) for member in members]
    keys = _unique(wanted) if wanted else [str(key) for key in people]
    found: list[Listed] = []
    for key in keys[:MAX_LISTED]:
        found_record = people.get(key)
        record: dict[str, Any] = found_record if isinstance(found_record, dict) else {}
        fields = {str(k).lower(): str(v) for k, v in record.items() if isinstance(v, str)}
        handle = fields.get("github", key).lstrip("@").lower()
        email = fields.get("email", "").strip().lower()
        found.append(Listed(fields.get("name", "").strip(), handle, email, "", source))
    return _people(found)


def _org_groups(org: object, prefix: str = "") -> Iterator[tuple[str, list[object]]]:
    if not isinstance(org, dict):
        return
    for name, value in org.items():
        if isinstance(value, dict):
            members = value.get("people")
            if isinstance(members, list):
                yield f"{prefix}{name}", members
            yield from _org_groups(value, f"{prefix}{name} ")


def parse_codeowners(text: str, source: str = "") -> list[Listed]:
    """The people a CODEOWNERS file names: each ``@user`` and each email address.

    ``@org/team`` entries are teams, not people, and are left out; so is everything
    after a ``#``.
    """
    people: list[Listed] = []
    for raw in text.splitlines():
        line = re.sub(r"(?<!\\)#.*$", "", raw).strip()
        owners = line.split()[1:]
        for owner in owners:
            if owner.startswith("@") and "/" not in owner:
                handle = owner[1:].lower()
                if _HANDLE_ONLY.fullmatch(handle):
                    people.append(Listed(handle=handle, source=source))
            elif _EMAIL.fullmatch(owner):
                email = owner.lower()
                people.append(Listed(email=email, handle=handle_of_email(email), source=source))
        if len(people) > MAX_LISTED:
            break
    return _people(people[:MAX_LISTED])
