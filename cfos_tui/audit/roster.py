"""The roster against the history: who is listed as leading the project, who commits.

People are listed by the checkout's MAINTAINERS file (``MAINTAINERS``, ``.md``,
``.txt``, ``.rst`` or ``.adoc``, at the root or in ``docs/``, ``doc/`` or ``.github/``)
and CODEOWNERS, and by the plan: the members of every team of the governance step
and the conduct committee (see :func:`plan_members`). Files are parsed by
:mod:`cfos_tui.audit.listing`.

They are compared with :class:`~cfos_tui.audit.history.Activity`: the twelve months
of history that end on the day of the newest commit, bots left out, identities
merged through ``.mailmap`` by git. A listing and a commit author are the same person
when they share

- a name, compared without regard to case, accents' encoding or spacing;
- an email address (case-insensitive);
- a GitHub handle: the listing's ``@handle`` against the handle in an author's no-reply
  address (``123+jdoe@users.noreply.github.com`` or ``jdoe@users.noreply.github.com``),
  or against an author name of one word (people often commit under their login).

Entries that share any of these are one person, so ``Jane Doe`` in MAINTAINERS and
``@jdoe`` in CODEOWNERS become one maintainer once a commit ties the two together.
A listed person's organisation follows the audit's rules (:mod:`cfos_tui.audit.orgs`:
the plan's affiliations, then the email's domain, a personal address counting as the
person); the listing's email comes first, then the addresses they commit with, and
with no address at all it is ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from cfos_tui.audit.files import EvidenceIndex, read_text
from cfos_tui.audit.history import Activity
from cfos_tui.audit.listing import (
    Listed,
    handle_of_email,
    normal_name,
    parse_codeowners,
    parse_entry,
    parse_maintainers,
)
from cfos_tui.audit.orgs import organisation_of

if TYPE_CHECKING:
    from cfos_tui.plan import Plan

__all__ = [
    "MAINTAINERS_PATTERNS",
    "PLAN_SOURCE",
    "UNKNOWN_ORGANISATION",
    "Person",
    "Roster",
    "build_roster",
    "plan_members",
    "read_listings",
]

MAINTAINERS_PATTERNS = ["MAINTAINERS"]
"""Where a maintainers file is looked for (the evidence rules of :mod:`cfos_tui.audit.files`
add ``docs/``, ``doc/``, ``.github/`` and the text extensions)."""
CODEOWNERS_PATTERNS = ["CODEOWNERS"]
MAX_FILES = 4
PLAN_SOURCE = "plan"
UNKNOWN_ORGANISATION = "unknown"

# Where the plan names people (ids of the built-in playbook, version 1 and 2).
TEAMS = ("governance", "teams", "members")
COMMITTEE = ("conduct", "committee", "name", "contact")
MAINTAINER_RECORDS = ("maintainers", "maintainers")
"""The maintainers step's records: name, handle, affiliation, status."""


@dataclass(frozen=True, slots=True)
class Person:
    """One person on the roster. ``handle`` and ``email`` are empty when unknown;
    ``last_commit`` is None when no commit of theirs was read."""

    name: str
    handle: str = ""
    email: str = ""
    commits_12m: int = 0
    last_commit: date | None = None

    @property
    def label(self) -> str:
        """What to call them: the name, else ``@handle``, else the address."""
        return self.name or (f"@{self.handle}" if self.handle else self.email)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.label}
        if self.handle:
            data["handle"] = self.handle
        if self.email:
            data["email"] = self.email
        data["commits_12m"] = self.commits_12m
        data["last_commit"] = self.last_commit.isoformat() if self.last_commit else None
        return data


@dataclass(slots=True)
class Roster:
    """Listed maintainers against the twelve months from ``window_start`` to
    ``window_end`` (both days included).

    ``listed`` keeps the order of the listings; ``inactive`` are the listed people
    without a commit in the window; ``unlisted_active`` are the people not listed among
    those who made most of the window's commits (:func:`most_commits`), most commits
    first; ``organisations`` counts listed people per organisation. ``sources`` names
    what was read (file paths, and ``plan`` when the plan was consulted, even if it
    names nobody) and ``files`` the maintainers files among them.
    """

    window_start: date
    window_end: date
    listed: list[Person] = field(default_factory=list)
    inactive: list[Person] = field(default_factory=list)
    unlisted_active: list[Person] = field(default_factory=list)
    organisations: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    window_commits: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": {"from": self.window_start.isoformat(), "to": self.window_end.isoformat()},
            "sources": list(self.sources),
            "listed": [person.to_dict() for person in self.listed],
            "inactive": [person.to_dict() for person in self.inactive],
            "unlisted_active": [person.to_dict() for person in self.unlisted_active],
            "organisations": dict(self.organisations),
        }


# -- reading the listings -----------------------------------------------------------------
def plan_members(plan: Plan) -> list[Listed]:
    """The people the plan names: the maintainers step's records (name, handle and
    affiliation; emeritus and suggested ones left out), every governance team's members
    (a list, or one line of comma-separated names) and the conduct committee (name and
    contact)."""
    people: list[Listed] = []
    for record in _records(plan.answer(*MAINTAINER_RECORDS)):
        if record.get("suggested") is True or record.get("status") == "emeritus":
            continue
        name, handle = record.get("name"), record.get("handle")
        affiliation = record.get("affiliation")
        person = Listed(
            name.strip() if isinstance(name, str) else "",
            handle.strip().lstrip("@") if isinstance(handle, str) else "",
            "",
            affiliation.strip() if isinstance(affiliation, str) else "",
            PLAN_SOURCE,
        )
        if person.known:
            people.append(person)
    step, records_field, column = TEAMS
    for record in _records(plan.answer(step, records_field)):
        members = record.get(column)
        if isinstance(members, str):
            members = re.split(r"[,;\n]", members)
        if isinstance(members, list):
            for member in members:
                if isinstance(member, str):
                    people += parse_entry(member, source=PLAN_SOURCE, lenient=True)
    step, records_field, name_column, contact_column = COMMITTEE
    for record in _records(plan.answer(step, records_field)):
        name, contact = record.get(name_column), record.get(contact_column)
        named = parse_entry(name, source=PLAN_SOURCE, lenient=True) if isinstance(name, str) else []
        reached = parse_entry(contact, source=PLAN_SOURCE, lenient=True) if isinstance(contact, str) else []
        person = named[0] if named else Listed(source=PLAN_SOURCE)
        if reached:
            person = Listed(
                person.name or reached[0].name,
                person.handle or reached[0].handle,
                person.email or reached[0].email,
                person.affiliation,
                PLAN_SOURCE,
            )
        if person.known:
            people.append(person)
    return people


def _records(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, Mapping):
        return []
    return [record for record in value.values() if isinstance(record, Mapping)]


def read_listings(index: EvidenceIndex) -> tuple[list[Listed], list[str], list[str]]:
    """People listed in the checkout: ``(people, maintainers files, CODEOWNERS files)``.

    Root files come first; at most :data:`MAX_FILES` of each kind are read.
    """
    people: list[Listed] = []
    maintainers = _root_first(index.find(MAINTAINERS_PATTERNS))[:MAX_FILES]
    codeowners = [
        path
        for path in _root_first(index.find(CODEOWNERS_PATTERNS))
        if path.rsplit("/", 1)[-1].lower() == "codeowners"
    ][:MAX_FILES]
    for path in maintainers:
        text = read_text(index.path(path))
        if text is not None:
            people += parse_maintainers(text, path)
    for path in codeowners:
        text = read_text(index.path(path))
        if text is not None:
            people += parse_codeowners(text, path)
    return people, maintainers, codeowners


def _root_first(paths: list[str]) -> list[str]:
    return sorted(paths, key=lambda p: (p.count("/"), len(p), p))


# -- comparing ------------------------------------------------------------------------------
class _Groups:
    """Union-find over listing entries and author keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def join(self, one: str, other: str) -> None:
        root_one, root_other = self.find(one), self.find(other)
        if root_one != root_other:
            # the earlier listing entry stays the root, so groups keep the file order
            first, second = sorted((root_one, root_other), key=_node_order)
            self.parent[second] = first


def _node_order(node: str) -> tuple[int, int, str]:
    kind, _, rest = node.partition(":")
    return (0, int(rest), "") if kind == "entry" else (1, 0, rest)


def _entry_keys(entry: Listed) -> Iterable[str]:
    if entry.name:
        yield "name:" + normal_name(entry.name)
    if entry.email:
        yield "email:" + entry.email.lower()
        if handle_of_email(entry.email):
            yield "handle:" + handle_of_email(entry.email)
    if entry.handle:
        yield "handle:" + entry.handle.lower()


def _author_keys(author: str, names: Iterable[str]) -> Iterable[str]:
    if "@" in author:
        yield "email:" + author
        handle = handle_of_email(author)
        if handle:
            yield "handle:" + handle
    for name in names:
        yield "name:" + normal_name(name)
        if name.strip() and " " not in name.strip():  # people often commit under their login
            yield "handle:" + name.strip().lower().lstrip("@")


def _day(timestamp: int | None) -> date | None:
    if timestamp is None:
        return None
    try:
        return datetime.fromtimestamp(timestamp, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def most_commits(counts: Sequence[tuple[str, int]]) -> set[str]:
    """The people who together made most of the commits: sorted by commits (most first),
    the fewest whose commits add up to strictly more than half of all of them — at
    exactly half one more is taken, as CNCF DevStats counts "over 50%" — together with
    anyone who made as many commits as the last one taken, so a tie never depends on
    how names sort. People with no commit are never among them."""
    ordered = sorted((item for item in counts if item[1] > 0), key=lambda item: (-item[1], item[0]))
    total = sum(count for _, count in ordered)
    chosen: set[str] = set()
    running, threshold = 0, None
    for key, count in ordered:
        if threshold is not None and count < threshold:
            break
        chosen.add(key)
        running += count
        if threshold is None and 2 * running > total:
            threshold = count
    return chosen


def build_roster(
    activity: Activity,
    listed: Sequence[Listed],
    *,
    affiliations: Mapping[str, str] | None = None,
    sources: Sequence[str] = (),
    files: Sequence[str] = (),
) -> Roster:
    """Compare ``listed`` with ``activity`` (the matching rules are in the module docstring)."""
    affiliation_map = {key.lower(): name for key, name in (affiliations or {}).items()}
    groups = _Groups()
    owner_of_key: dict[str, str] = {}
    for index, entry in enumerate(listed):
        node = f"entry:{index}"
        groups.find(node)
        for key in _entry_keys(entry):
            if key in owner_of_key:
                groups.join(node, owner_of_key[key])
            else:
                owner_of_key[key] = node
    authors = set(activity.last_commit) | set(activity.window_commits)
    for author in sorted(authors):
        for key in _author_keys(author, activity.names.get(author, [])):
            if key in owner_of_key:
                groups.join(f"author:{author}", owner_of_key[key])

    members: dict[str, tuple[list[Listed], list[str]]] = {}
    for index, entry in enumerate(listed):
        members.setdefault(groups.find(f"entry:{index}"), ([], []))[0].append(entry)
    unlisted: list[str] = []
    for author in sorted(authors):
        root = groups.find(f"author:{author}")
        if root in members:
            members[root][1].append(author)
        else:
            unlisted.append(author)

    roster = Roster(activity.window_start, activity.window_end, sources=list(sources), files=list(files))
    roster.window_commits = sum(activity.window_commits.values())
    for entries, their_authors in members.values():
        person = _listed_person(entries, their_authors, activity)
        roster.listed.append(person)
        organisation = _organisation(person, entries, their_authors, activity, affiliation_map)
        roster.organisations[organisation] = roster.organisations.get(organisation, 0) + 1
    roster.inactive = [person for person in roster.listed if not person.commits_12m]
    roster.organisations = dict(
        sorted(roster.organisations.items(), key=lambda item: (-item[1], item[0].lower()))
    )

    counts = [(f"listed:{index}", person.commits_12m) for index, person in enumerate(roster.listed)]
    counts += [(f"author:{author}", activity.window_commits.get(author, 0)) for author in unlisted]
    leaders = most_commits(counts)
    active = [_author_person(author, activity) for author in unlisted if f"author:{author}" in leaders]
    roster.unlisted_active = sorted(active, key=lambda person: (-person.commits_12m, person.label.lower()))
    return roster


def _by_recency(authors: Iterable[str], activity: Activity) -> list[str]:
    return sorted(authors, key=lambda author: (-activity.last_commit.get(author, 0), author))


def _listed_person(entries: list[Listed], authors: list[str], activity: Activity) -> Person:
    recent = _by_recency(authors, activity)
    name = next((entry.name for entry in entries if entry.name), "")
    if not name:
        name = next((names[0] for author in recent if (names := activity.names.get(author))), "")
    handle = next((entry.handle for entry in entries if entry.handle), "")
    handle = handle or next((h for author in recent if (h := handle_of_email(author))), "")
    email = next((entry.email for entry in entries if entry.email), "")
    email = email or next((author for author in recent if "@" in author), "")
    lasts = [activity.last_commit[author] for author in authors if author in activity.last_commit]
    return Person(
        name=name,
        handle=handle,
        email=email,
        commits_12m=sum(activity.window_commits.get(author, 0) for author in authors),
        last_commit=_day(max(lasts)) if lasts else None,
    )


def _author_person(author: str, activity: Activity) -> Person:
    names = activity.names.get(author) or [author.removeprefix("name:")]
    email = author if "@" in author else ""
    return Person(
        name=names[0],
        handle=handle_of_email(email),
        email=email,
        commits_12m=activity.window_commits.get(author, 0),
        last_commit=_day(activity.last_commit.get(author)),
    )


def _organisation(
    person: Person,
    entries: list[Listed],
    authors: list[str],
    activity: Activity,
    affiliations: dict[str, str],
) -> str:
    """The organisation a listed person counts for (module docstring): the affiliation
    the plan's maintainers records give, else the plan's ``[affiliations]`` for any of
    their addresses, else the addresses' domains."""
    stated = next((e.affiliation for e in entries if e.source == PLAN_SOURCE and e.affiliation), "")
    if stated:
        return stated
    addresses = [entry.email for entry in entries if entry.email]
    addresses += [author for author in _by_recency(authors, activity) if "@" in author]
    addresses = list(dict.fromkeys(addresses))
    if not addresses:
        return UNKNOWN_ORGANISATION
    for address in addresses:
        organisation = organisation_of(address, person.label, affiliations)
        if organisation.key.startswith("org:"):
            return organisation.name
    return organisation_of(addresses[0], person.label, affiliations).name
