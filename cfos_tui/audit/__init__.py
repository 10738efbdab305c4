"""Audit a project's checkout: evidence for checklist items, its license, its history,
and the maintainers it lists against who commits (the roster).

:func:`run_audit` is the one entry point the command line and the workbook call; it
never imports Textual or Rich (the readable summary lives in
:mod:`cfos_tui.audit.summary`). Bad input raises :class:`AuditError` with a short
message meant to be printed as it is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cfos_tui.audit.files import (
    ORG_DEFAULTS_PREFIX,
    EvidenceIndex,
    coc_has_report_contact,
    readme_mentions_license,
    readme_states_purpose,
)
from cfos_tui.audit.history import Metrics, QuarterStats, read_history
from cfos_tui.audit.license import LicenseMatch, identify_license
from cfos_tui.audit.listing import Listed
from cfos_tui.audit.roster import Roster, build_roster, read_listings
from cfos_tui.audit.text import safe_data, safe_text
from cfos_tui.clock import as_date

__all__ = [
    "AuditError",
    "AuditResult",
    "LicenseReport",
    "Listed",
    "Metrics",
    "Proposal",
    "QuarterStats",
    "Roster",
    "propose",
    "run_audit",
]

Progress = Callable[[str], None]

LICENSE_PATTERNS = [
    "LICENSE",
    "LICENCE",
    "COPYING",
    "LICENSE-*",
    "LICENCE-*",
    "COPYING.*",
    "UNLICENSE",
]
COC_PATTERNS = ["CODE_OF_CONDUCT", "CODE-OF-CONDUCT", "CONDUCT"]
MAX_LICENSE_FILES = 6
MAINTAINERS_ITEM = "maintainers-file"
INACTIVE_NAMED = 5

# Items proven by what a file says, not only by its presence.
CONTENT_CHECK_ITEMS = ("purpose-in-readme", "license-in-readme", "coc-contact")

# Files GitHub takes from an organisation's ``.github`` repository when a project has
# none of its own (its "default community health files").
ORG_DEFAULT_STEMS = (
    "code_of_conduct",
    "code-of-conduct",
    "contributing",
    "security",
    "support",
    "governance",
    "funding",
    "issue_template",
    "pull_request_template",
    "discussion_template",
)


class AuditError(Exception):
    """Bad input to an audit; ``str(error)`` is a short message for the user."""


@dataclass(frozen=True, slots=True)
class LicenseReport:
    """The project's license: which file, which SPDX id (None when unrecognised), how
    sure, and the file's first line to show when it was not recognised."""

    spdx: str | None
    file: str | None
    confidence: float
    first_line: str

    def to_dict(self) -> dict[str, Any]:
        return {"spdx": self.spdx, "file": safe_text(self.file), "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Proposal:
    """A suggested checklist change: set ``item`` to ``status`` with ``evidence``;
    ``note`` is a sentence for the item's note, or empty."""

    item: str
    status: str
    evidence: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = {"item": self.item, "status": self.status, "evidence": safe_text(self.evidence)}
        if self.note:
            data["note"] = safe_text(self.note)
        return data


@dataclass(slots=True)
class AuditResult:
    """Everything one audit found.

    ``files`` maps each item with evidence to the paths that prove it (paths from the
    organisation defaults start with ``org-defaults:``); ``missing`` lists the items
    whose evidence was looked for and not found. ``metrics`` is None when the history
    could not be read, and ``metrics_reason`` says why. ``notes`` are sentences for a
    person (e.g. that an organisation default cannot be seen in a checkout).
    ``roster`` compares the listed maintainers with the history; None when there is no
    history to compare with.
    """

    repository: str
    head: str | None
    files: dict[str, list[str]]
    missing: list[str]
    license: LicenseReport
    metrics: Metrics | None
    metrics_reason: str | None = None
    notes: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    roster: Roster | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` contract of issue 4, as plain data."""
        return {
            "repository": safe_text(self.repository),
            "head": self.head,
            "files": {item: [safe_text(p) for p in paths] for item, paths in self.files.items()},
            "missing": list(self.missing),
            "license": self.license.to_dict(),
            "metrics": safe_data(self.metrics.to_dict()) if self.metrics else None,
            "proposals": [proposal.to_dict() for proposal in self.proposals],
            "roster": safe_data(self.roster.to_dict()) if self.roster else None,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 safe: odd bytes become U+FFFD)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def run_audit(
    repo: Path,
    evidence: Mapping[str, list[str]],
    *,
    affiliations: Mapping[str, str] | None = None,
    since: date | str | None = None,
    include_bots: bool = False,
    org_defaults: Path | None = None,
    progress: Progress | None = None,
    statuses: Mapping[str, str] | None = None,
    plan_people: Sequence[Listed] | None = None,
) -> AuditResult:
    """Audit the checkout at ``repo``.

    ``evidence`` maps checklist item ids to their evidence patterns (from the
    playbook). The items ``purpose-in-readme``, ``license-in-readme`` and
    ``coc-contact`` are always checked by content (their patterns, if given, say
    where to look). ``affiliations`` maps emails or domains to organisation names;
    ``since`` (a date or ``YYYY-MM-DD``) limits the history; ``org_defaults`` is a
    checkout of the organisation's ``.github`` repository. ``progress`` receives
    short messages for a user interface. With ``statuses`` (item id → plan status)
    the result carries proposals; without, proposals assume a fresh plan where every
    item is still ``todo``. ``plan_people`` are the people the plan lists as leading
    (:func:`cfos_tui.audit.roster.plan_members`), compared with the history along with
    the checkout's MAINTAINERS and CODEOWNERS files.
    """
    root = _check_directory(repo, "")
    org_root = _check_directory(org_defaults, "--org-defaults ") if org_defaults else None
    patterns_by_item = _check_evidence(evidence)
    affiliation_map = _check_affiliations(affiliations)
    since_day = _check_since(since)
    from_plan = _check_people(plan_people)
    if progress is not None and not callable(progress):
        raise AuditError("progress must be a function that takes a message")
    say: Progress = progress or (lambda message: None)

    say("Looking for community files")
    index = EvidenceIndex(root)
    org_index = EvidenceIndex(org_root) if org_root else None
    files, missing = _find_files(index, org_index, patterns_by_item)

    listed, maintainers_files, codeowners = read_listings(index)
    if maintainers_files and (
        MAINTAINERS_ITEM in patterns_by_item or (statuses is not None and MAINTAINERS_ITEM in statuses)
    ):
        # the file the roster reads proves the item first; other matches follow it
        others = [path for path in files.get(MAINTAINERS_ITEM, []) if path not in maintainers_files]
        files[MAINTAINERS_ITEM] = [*maintainers_files, *others]
        missing = [item for item in missing if item != MAINTAINERS_ITEM]

    say("Identifying the license")
    license_report = _identify(index, patterns_by_item.get("license-file", []))

    say("Reading the git history")
    history = read_history(
        root,
        since=since_day,
        include_bots=include_bots,
        affiliations=affiliation_map,
        progress=say,
    )
    result = AuditResult(
        repository=str(root),
        head=history.head,
        files=files,
        missing=missing,
        license=license_report,
        metrics=history.metrics,
        metrics_reason=history.reason or (history.metrics.reason if history.metrics else None),
        notes=_notes(missing, patterns_by_item, org_index is not None),
    )
    if history.source:
        result.notes.append(
            f"The history was read from {history.source} (the folder's .git file points there)."
        )
    if history.activity is not None:
        say("Comparing the maintainers with the history")
        result.roster = build_roster(
            history.activity,
            [*listed, *from_plan],
            affiliations=affiliation_map,
            sources=[*maintainers_files, *codeowners, *(["plan"] if plan_people is not None else [])],
            files=maintainers_files,
        )
        if since_day is not None and since_day > result.roster.window_start:
            result.notes.append(
                f"The roster counts commits from {since_day.isoformat()} only, the start the "
                "history was read from, not the whole twelve months."
            )
    if statuses is None:
        statuses = dict.fromkeys(files, "todo")
    result.proposals = propose(result, statuses)
    say("Audit finished")
    return result


def propose(result: AuditResult, statuses: Mapping[str, str]) -> list[Proposal]:
    """Proposals to mark ``done`` the items still ``todo`` whose evidence was found.

    Items that are ``doing``, ``done`` or ``n/a`` — decided by the team — and items
    the plan does not have are never proposed. The maintainers file's proposal notes
    the listed maintainers without a commit in the roster's twelve months.
    """
    return [
        Proposal(item, "done", paths[0], _inactive_note(result) if item == MAINTAINERS_ITEM else "")
        for item, paths in result.files.items()
        if paths and statuses.get(item) == "todo"
    ]


def _inactive_note(result: AuditResult) -> str:
    roster = result.roster
    if roster is None or not roster.inactive:
        return ""
    names = [person.label for person in roster.inactive[:INACTIVE_NAMED]]
    more = len(roster.inactive) - len(names)
    named = ", ".join(names) + (f" and {more} more" if more else "")
    count = len(roster.inactive)
    return (
        f"{count} listed maintainer{'' if count == 1 else 's'} made no commit in the twelve months "
        f"to {roster.window_end.isoformat()}: {named}."
    )


# -- finding ----------------------------------------------------------------------------
def _find_files(
    index: EvidenceIndex,
    org_index: EvidenceIndex | None,
    patterns_by_item: dict[str, list[str]],
) -> tuple[dict[str, list[str]], list[str]]:
    files: dict[str, list[str]] = {}
    missing: list[str] = []
    items = list(patterns_by_item)
    items += [item for item in CONTENT_CHECK_ITEMS if item not in patterns_by_item]
    for item in items:
        patterns = patterns_by_item.get(item, [])
        if item in CONTENT_CHECK_ITEMS:
            found = _content_check(item, index, org_index, patterns, patterns_by_item)
        elif not patterns:
            continue
        else:
            found = index.find(patterns)
            if not found and org_index is not None:
                found = [ORG_DEFAULTS_PREFIX + path for path in org_index.find(patterns)]
        if found:
            files[item] = found
        else:
            missing.append(item)
    return files, missing


def _content_check(
    item: str,
    index: EvidenceIndex,
    org_index: EvidenceIndex | None,
    patterns: list[str],
    patterns_by_item: dict[str, list[str]],
) -> list[str]:
    if item == "license-in-readme":
        readme = readme_mentions_license(index, patterns or None)
        return [readme] if readme else []
    if item == "purpose-in-readme":
        readme = readme_states_purpose(index, patterns or None)
        return [readme] if readme else []
    coc_patterns = patterns or patterns_by_item.get("coc-adopted") or COC_PATTERNS
    for where, prefix in ((index, ""), (org_index, ORG_DEFAULTS_PREFIX)):
        if where is None:
            continue
        candidates = where.find(coc_patterns)
        with_contact = [p for p in candidates if coc_has_report_contact(where.path(p))]
        if candidates:
            return [prefix + p for p in with_contact]
    return []


def _identify(index: EvidenceIndex, item_patterns: list[str]) -> LicenseReport:
    candidates = index.find(list(dict.fromkeys([*item_patterns, *LICENSE_PATTERNS])))
    candidates = [c for c in candidates if not c.endswith("/")]
    candidates.sort(key=lambda p: (p.count("/"), _license_rank(p), p))
    best: tuple[LicenseMatch, str] | None = None
    for path in candidates[:MAX_LICENSE_FILES]:
        match = identify_license(index.path(path))
        if best is None or (match.spdx is not None, match.confidence) > (
            best[0].spdx is not None,
            best[0].confidence,
        ):
            best = (match, path)
    if best is None:
        return LicenseReport(None, None, 0.0, "(no license file found)")
    match, path = best
    return LicenseReport(match.spdx, path, match.confidence, match.first_line)


def _license_rank(path: str) -> int:
    name = path.rsplit("/", 1)[-1].lower()
    for rank, stem in enumerate(("license", "licence", "copying", "unlicense")):
        if name == stem or name.startswith(stem + "."):
            return rank
    return 9


ORG_DEFAULTS_HINT = " (look there with --org-defaults DIR)"


def grouped_notes(notes: list[str], *, drop: str = "") -> list[str]:
    """Notes of the form ``item: sentence`` that share a sentence, as one note naming
    every item (eight items an organisation's defaults could hold: one note).
    ``drop`` is a piece of text to leave out of every sentence."""
    items_by_sentence: dict[str, list[str]] = {}
    for note in notes:
        item, separator, sentence = note.partition(": ")
        if not separator:
            item, sentence = "", note
        if drop:
            sentence = sentence.replace(drop, "")
        items_by_sentence.setdefault(sentence, []).append(item)
    grouped = []
    for sentence, items in items_by_sentence.items():
        named = ", ".join(item for item in items if item)
        grouped.append(f"{named}: {sentence}" if named else sentence)
    return grouped


def _notes(missing: list[str], patterns_by_item: dict[str, list[str]], had_org: bool) -> list[str]:
    """Say, for each missing item GitHub could take from an organisation default, that a
    checkout cannot show it."""
    notes = []
    for item in missing:
        patterns = " ".join(patterns_by_item.get(item, [])).lower()
        if item == "coc-contact" or not any(stem in patterns for stem in ORG_DEFAULT_STEMS):
            continue
        if had_org:
            notes.append(f"{item}: not in the checkout nor in the organisation defaults given.")
        else:
            notes.append(
                f"{item}: may come from the organisation's .github repository, which a "
                f"checkout cannot show{ORG_DEFAULTS_HINT}."
            )
    return notes


# -- checking input ---------------------------------------------------------------------
def _check_directory(path: object, option: str) -> Path:
    """``path`` as an absolute, resolved folder; ``option`` prefixes messages."""
    if not isinstance(path, str | os.PathLike):
        raise AuditError(f"{option}expected a path to a folder, got {type(path).__name__}")
    folder = Path(path)
    if not folder.exists():
        raise AuditError(f"{option}{folder}: no such directory")
    if not folder.is_dir():
        raise AuditError(f"{option}{folder}: not a directory")
    return Path(os.path.realpath(folder))


def _check_evidence(evidence: object) -> dict[str, list[str]]:
    if not isinstance(evidence, Mapping):
        raise AuditError("evidence must map checklist item ids to lists of patterns")
    checked: dict[str, list[str]] = {}
    for item, patterns in evidence.items():
        if not isinstance(item, str) or not isinstance(patterns, list | tuple):
            raise AuditError(f"evidence for {item!r} must be a list of patterns")
        if not all(isinstance(pattern, str) for pattern in patterns):
            raise AuditError(f"evidence for {item!r} must be a list of patterns")
        checked[item] = list(patterns)
    return checked


def _check_affiliations(affiliations: object) -> dict[str, str] | None:
    if affiliations is None:
        return None
    if not isinstance(affiliations, Mapping):
        raise AuditError("affiliations must map emails or domains to organisation names")
    checked: dict[str, str] = {}
    for key, name in affiliations.items():
        if not isinstance(key, str) or not isinstance(name, str) or not key.strip():
            raise AuditError(f"affiliations: {key!r} = {name!r} is not an email or domain mapped to a name")
        if not name.strip():
            raise AuditError(f"affiliations: {key!r} has an empty organisation name")
        checked[key.strip().lower()] = name.strip()
    return checked


def _check_people(people: object) -> list[Listed]:
    if people is None:
        return []
    if isinstance(people, str | bytes) or not isinstance(people, Sequence):
        raise AuditError("plan_people must be a list of listed people")
    if not all(isinstance(person, Listed) for person in people):
        raise AuditError("plan_people must be a list of listed people")
    return list(people)


def _check_since(since: object) -> date | None:
    if since is None:
        return None
    if isinstance(since, datetime):
        return since.date()
    if isinstance(since, date):
        return since
    if isinstance(since, str):
        day = as_date(since)
        if day is None:
            raise AuditError(f"--since {since!r}: expected a date as YYYY-MM-DD")
        return day
    raise AuditError(f"since: expected a date, got {type(since).__name__}")
