"""Find the files in a checkout that prove checklist items.

The rules are the "Evidence patterns" of ``docs/playbook-format.md``:

- patterns are repository-relative globs (``*``, ``?``, ``**``), matched without
  regard to case; every other character is literal;
- a pattern with no ``/`` matches that name at the root, in ``docs/``, ``doc/`` and
  ``.github/`` (a trailing ``/`` alone does not count, so ``ISSUE_TEMPLATE/`` finds
  ``.github/ISSUE_TEMPLATE/``);
- a pattern whose last part has no extension also matches it with ``.md``, ``.rst``,
  ``.txt`` or ``.adoc``;
- a pattern ending in ``/`` matches a folder holding at least one file; other patterns
  match files only.

The checkout is read through an :class:`EvidenceIndex`: each directory is listed at
most once per audit and only when some pattern needs it, so an audit of forty items
costs a handful of ``scandir`` calls instead of forty walks. ``.git``, ``node_modules``
and virtual environments are never entered. Paths go at most :data:`MAX_DEPTH` levels
deep; a ``**`` pattern may reach :data:`MAX_DEEP_DEPTH` levels, which is plenty for
community files (the deepest GitHub reads is ``.github/ISSUE_TEMPLATE/x.yml``) and
keeps a huge monorepo from being walked to the bottom. A symlink is followed only when
it resolves inside the checkout; broken links and links out are ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "MAX_DEEP_DEPTH",
    "MAX_DEPTH",
    "ORG_DEFAULTS_PREFIX",
    "EvidenceIndex",
    "coc_has_report_contact",
    "find_evidence",
    "read_text",
    "readme_mentions_license",
    "readme_states_purpose",
]

MAX_DEPTH = 6
"""Deepest path (in parts) a pattern without ``**`` is looked for."""

MAX_DEEP_DEPTH = 8
"""Deepest path (in parts) a ``**`` pattern is looked for."""

ORG_DEFAULTS_PREFIX = "org-defaults:"
"""Prefix of a path found only in the organisation-defaults checkout."""

BARE_NAME_FOLDERS = ("", "docs", "doc", ".github")
TEXT_EXTENSIONS = (".md", ".rst", ".txt", ".adoc")
SKIPPED_DIRS = frozenset({".git", "node_modules", ".hg", ".svn", ".venv", "venv", ".tox"})
MAX_TEXT_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    """One name in a listed directory: its spelling on disk and its kind."""

    name: str
    is_dir: bool


class EvidenceIndex:
    """A lazily filled, case-insensitive view of one checkout's first levels.

    ``listing(rel)`` lists a directory once and remembers it; every pattern of an
    audit goes through the same index.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self._listings: dict[str, dict[str, list[Entry]]] = {}
        self._has_files: dict[str, bool] = {}

    # -- reading the disk -------------------------------------------------------------
    def listing(self, rel: str) -> dict[str, list[Entry]]:
        """Entries of directory ``rel`` ('' is the root), keyed by lower-cased name."""
        cached = self._listings.get(rel)
        if cached is not None:
            return cached
        entries: dict[str, list[Entry]] = {}
        try:
            with os.scandir(self.root / rel if rel else self.root) as it:
                for dirent in it:
                    entry = self._entry(dirent)
                    if entry is not None:
                        entries.setdefault(entry.name.lower(), []).append(entry)
        except OSError:
            pass
        self._listings[rel] = entries
        return entries

    def _entry(self, dirent: os.DirEntry[str]) -> Entry | None:
        """Classify a directory entry; None for links out, broken links and skipped dirs."""
        try:
            if dirent.is_symlink():
                target = os.path.realpath(dirent.path)
                if not _is_within(target, self.root):
                    return None
                if os.path.isdir(target):
                    is_dir = True
                elif os.path.isfile(target):
                    is_dir = False
                else:
                    return None
            elif dirent.is_dir(follow_symlinks=False):
                is_dir = True
            elif dirent.is_file(follow_symlinks=False):
                is_dir = False
            else:
                return None
        except OSError:
            return None
        if is_dir and dirent.name.lower() in SKIPPED_DIRS:
            return None
        return Entry(dirent.name, is_dir)

    def holds_file(self, rel: str, depth: int) -> bool:
        """Whether folder ``rel`` (``depth`` parts deep) holds a file, within the caps."""
        cached = self._has_files.get(rel)
        if cached is not None:
            return cached
        found = False
        for entries in self.listing(rel).values():
            for entry in entries:
                child = f"{rel}/{entry.name}" if rel else entry.name
                if not entry.is_dir or (depth + 1 < MAX_DEEP_DEPTH and self.holds_file(child, depth + 1)):
                    found = True
                    break
            if found:
                break
        self._has_files[rel] = found
        return found

    # -- matching ---------------------------------------------------------------------
    def find(self, patterns: list[str]) -> list[str]:
        """Repository-relative POSIX paths matching any pattern, sorted, no duplicates."""
        found: set[str] = set()
        for pattern in patterns:
            for parts, want_dir in _expand(pattern):
                found.update(self._match(parts, want_dir))
        return sorted(found)

    def _match(self, parts: tuple[str, ...], want_dir: bool) -> Iterator[str]:
        deep = "**" in parts
        limit = MAX_DEEP_DEPTH if deep else MAX_DEPTH
        if not deep and len(parts) > limit:
            return
        for rel, _depth in self._walk("", 0, parts, want_dir, limit):
            yield f"{rel}/" if want_dir else rel

    def _walk(
        self, rel: str, depth: int, parts: tuple[str, ...], want_dir: bool, limit: int
    ) -> Iterator[tuple[str, int]]:
        """Yield paths under ``rel`` that match the remaining ``parts``."""
        head, rest = parts[0], parts[1:]
        if head == "**":
            # zero folders ...
            if rest:
                yield from self._walk(rel, depth, rest, want_dir, limit)
            elif want_dir and rel and self.holds_file(rel, depth):
                yield rel, depth
            # ... or one more folder, still matching "**"
            if depth + 1 >= limit:
                return
            for entries in self.listing(rel).values():
                for entry in entries:
                    if entry.is_dir:
                        child = f"{rel}/{entry.name}" if rel else entry.name
                        yield from self._walk(child, depth + 1, parts, want_dir, limit)
            return
        listing = self.listing(rel)
        if _is_glob(head):
            regex = _segment_regex(head)
            candidates = [e for key, es in listing.items() if regex.fullmatch(key) for e in es]
        else:
            candidates = listing.get(head, [])
        for entry in candidates:
            child = f"{rel}/{entry.name}" if rel else entry.name
            if rest:
                if entry.is_dir and depth + 1 < limit:
                    yield from self._walk(child, depth + 1, rest, want_dir, limit)
            elif want_dir:
                if entry.is_dir and self.holds_file(child, depth + 1):
                    yield child, depth + 1
            elif not entry.is_dir:
                yield child, depth + 1

    # -- reading files ----------------------------------------------------------------
    def path(self, rel: str) -> Path:
        """The on-disk path of a repository-relative path this index returned."""
        return self.root / rel.rstrip("/")


def find_evidence(root: Path, patterns: list[str], *, org_defaults: Path | None = None) -> list[str]:
    """Paths under ``root`` that match ``patterns`` (see the module docstring).

    When nothing matches in ``root`` and ``org_defaults`` (a checkout of the
    organisation's ``.github`` repository) is given, matches there are returned
    instead, each prefixed with :data:`ORG_DEFAULTS_PREFIX`.
    """
    found = EvidenceIndex(root).find(patterns)
    if found or org_defaults is None:
        return found
    return [ORG_DEFAULTS_PREFIX + p for p in EvidenceIndex(org_defaults).find(patterns)]


# -- pattern expansion ----------------------------------------------------------------
def _expand(pattern: str) -> list[tuple[tuple[str, ...], bool]]:
    """Turn one pattern into the concrete (parts, wants a folder) searches it stands for."""
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    text = text.lstrip("/")
    want_dir = text.endswith("/")
    text = text.rstrip("/")
    parts = tuple(_collapse_stars(p.lower()) for p in text.split("/") if p not in ("", "."))
    if not parts or ".." in parts:
        return []
    variants = [parts]
    last = parts[-1]
    if last == "**" and not want_dir:
        variants = [(*parts, "*")]  # "docs/**" means every file under docs/
    elif not want_dir and "." not in last[1:]:
        variants += [parts[:-1] + (last + ext,) for ext in TEXT_EXTENSIONS]
    searches: list[tuple[tuple[str, ...], bool]] = []
    for variant in variants:
        if len(parts) == 1:
            for folder in BARE_NAME_FOLDERS:
                searches.append(((folder, *variant) if folder else variant, want_dir))
        else:
            searches.append((variant, want_dir))
    return searches


def _collapse_stars(part: str) -> str:
    return "**" if set(part) == {"*"} and len(part) > 1 else part


def _is_glob(part: str) -> bool:
    return "*" in part or "?" in part


@lru_cache(maxsize=512)
def _segment_regex(part: str) -> re.Pattern[str]:
    """A regex for one path segment: ``*`` any run, ``?`` one character, else literal."""
    out = []
    for char in part:
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL)


def _is_within(path: str, root: Path) -> bool:
    root_text = str(root)
    return path == root_text or path.startswith(root_text.rstrip(os.sep) + os.sep)


# -- content checks -------------------------------------------------------------------
def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str | None:
    """The first ``limit`` bytes of a text file, decoded leniently; None if unreadable/binary."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit)
    except OSError:
        return None
    if b"\x00" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


README_PATTERNS = ["README", "README.*"]

_LICENSE_NAMES = re.compile(
    r"\b(mit licen[cs]e|apache licen[cs]e|apache[- ]2(\.0)?|bsd[- ]?[234][- ]clause"
    r"|bsd licen[cs]e|gnu (affero |lesser |library )?general public licen[cs]e"
    r"|[al]?gpl[- ]?v?[23](\.[01])?(\+|-only|-or-later)?|mozilla public licen[cs]e"
    r"|mpl[- ]?2(\.0)?|isc licen[cs]e|the unlicense|eclipse public licen[cs]e"
    r"|epl[- ]?[12](\.0)?|cc0(-1\.0)?|boost software licen[cs]e|bsl-1\.0)\b",
    re.IGNORECASE,
)
_SHORT_IDS = re.compile(r"\b(mit|isc|bsd|apache|gpl|lgpl|agpl|mpl|epl|unlicense)\b", re.I)
_LICENSE_WORD = re.compile(r"licen[cs]e", re.IGNORECASE)
_LICENSE_LINK = re.compile(
    r"\]\([^)\s]*(licen[cs]e|copying)[^)\s]*\)"  # Markdown link
    r"|href\s*=\s*[\"']?[^\"'\s>]*(licen[cs]e|copying)"  # HTML link
    r"|<[^<>\s]*(licen[cs]e|copying)[^<>\s]*>`_"  # reStructuredText link
    r"|link:[^\[\s]*(licen[cs]e|copying)"  # AsciiDoc link
    r"|shields\.io/(badge/licen[cs]e|github/license|pypi/l/|crates/l/|npm/l/)",
    re.IGNORECASE,
)


def _index(root: Path | EvidenceIndex) -> EvidenceIndex:
    return root if isinstance(root, EvidenceIndex) else EvidenceIndex(root)


def readme_mentions_license(root: Path | EvidenceIndex, patterns: list[str] | None = None) -> str | None:
    """The README that names the project's license, or None.

    A README counts when it names a license (“Apache License”, “GPL-3.0”, …), links
    a LICENSE/COPYING file or shows a license badge. A bare short id such as “MIT”
    counts only on a line that also says “license” or just under a License heading,
    so “developed at MIT” does not. Returns the README's path so that it can be
    offered as evidence.
    """
    index = _index(root)
    for rel in _prefer_root(index.find(patterns or README_PATTERNS)):
        text = read_text(index.path(rel))
        if text is not None and _mentions_license(text):
            return rel
    return None


def _mentions_license(text: str) -> bool:
    if _LICENSE_NAMES.search(text) or _LICENSE_LINK.search(text):
        return True
    lines_left_in_section = 0
    previous = ""
    for line in text.splitlines():
        stripped = line.strip()
        is_underline = bool(stripped) and set(stripped) <= {"=", "-", "~", "^"}
        if stripped.startswith("#") or (is_underline and previous):
            heading = stripped if stripped.startswith("#") else previous
            lines_left_in_section = 10 if _LICENSE_WORD.search(heading) else 0
        elif lines_left_in_section:
            lines_left_in_section -= 1
        if _SHORT_IDS.search(line) and (lines_left_in_section or _LICENSE_WORD.search(line)):
            return True
        previous = stripped
    return False


_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")


def readme_states_purpose(root: Path | EvidenceIndex, patterns: list[str] | None = None) -> str | None:
    """The README that opens with a sentence of prose (what the project is), or None.

    Headings, badges, images, links-only lines, HTML and code blocks do not count;
    a line of prose with at least six words in the first 200 lines does.
    """
    index = _index(root)
    for rel in _prefer_root(index.find(patterns or README_PATTERNS)):
        text = read_text(index.path(rel))
        if text is not None and _has_prose(text):
            return rel
    return None


def _has_prose(text: str) -> bool:
    in_code = False
    for line in text.splitlines()[:200]:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not stripped or stripped.startswith(("#", "<", "[!", "![", "|", "..", ":")):
            continue
        without_links = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", stripped)
        without_links = re.sub(r"https?://\S+", "", without_links)
        if len(_PROSE_WORD.findall(without_links)) >= 6:
            return True
    return False


_EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
_URL = re.compile(r"https?://([^\s/)\]>\"']+)", re.IGNORECASE)
_TEMPLATE_HOSTS = (
    "contributor-covenant.org",
    "creativecommons.org",
    "github.com/mozilla",
    "mozilla.org",
    "example.com",
    "example.org",
    "citizencodeofconduct.org",
    "geekfeminism",
    "opensource.guide",
    "docs.github.com",
    "help.github.com",
)
_PLACEHOLDER = re.compile(r"\[\s*insert [^\]]*\]", re.IGNORECASE)


def coc_has_report_contact(path: Path) -> bool:
    """Whether a code of conduct gives a way to report: an email address or a link.

    Links to where a template came from (Contributor Covenant, Creative Commons, …)
    and example addresses do not count; neither does a line with an unfilled
    ``[INSERT CONTACT METHOD]`` placeholder.
    """
    text = read_text(path)
    if text is None:
        return False
    for line in text.splitlines():
        if _PLACEHOLDER.search(line):
            continue
        for match in _EMAIL.finditer(line):
            if not any(host in match.group(0).lower() for host in _TEMPLATE_HOSTS):
                return True
        for match in _URL.finditer(line):
            url = match.group(0).lower()
            if not any(host in url for host in _TEMPLATE_HOSTS):
                return True
    return False


def _prefer_root(paths: list[str]) -> list[str]:
    """Root files first, then docs/, doc/, .github/; shorter names before longer."""
    return sorted(paths, key=lambda p: (p.count("/"), len(p), p))
