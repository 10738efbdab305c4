"""Community-health metrics from a checkout's git history.

One ``git log`` runs for the current branch (merges left out, authors normalised
through ``.mailmap``) and its output is read line by line; only counters are kept —
per author, per organisation and per quarter — so 30,000 commits or 3,000,000 cost
the same memory.

- **bus factor**: the fewest authors who together made at least half the commits;
- **elephant factor**: the same for organisations (see :mod:`cfos_tui.audit.orgs`);
- **quarters**: per calendar quarter (UTC, by author date) the commits, active and
  first-time contributors, and the top organisation's share. A first-time
  contributor is one whose first commit in the range read falls in that quarter
  (with ``since``, that is the first commit since that date).
- **activity** (for the roster, :mod:`cfos_tui.audit.roster`): each author's last
  commit and their commits in the twelve months that end on the day of the newest
  commit read (see :class:`Activity`). Only the days that can still fall in that
  window are tallied, so this too stays the same size however long the history.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cfos_tui.audit.orgs import Organisation, is_bot, organisation_of

__all__ = [
    "GIT_LOG_FORMAT",
    "Activity",
    "History",
    "HistoryCounter",
    "Metrics",
    "QuarterStats",
    "concentration",
    "read_history",
]

GIT_LOG_FORMAT = "%H%x00%aN%x00%aE%x00%at"
TOP_ORGANIZATIONS = 10
PROGRESS_EVERY = 10_000
DAY = 86_400
YEAR_DAYS = 366
"""The most days twelve months can span; a day further back than this from the newest
commit seen so far can never fall in the activity window."""
NO_COMMIT = -(1 << 62)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class QuarterStats:
    """One calendar quarter of history."""

    quarter: str  # "2024Q1"
    commits: int
    contributors: int
    new_contributors: int
    top_org_share: float  # 0..1, four decimals

    def to_dict(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "commits": self.commits,
            "contributors": self.contributors,
            "new_contributors": self.new_contributors,
            "top_org_share": self.top_org_share,
        }


@dataclass(slots=True)
class Metrics:
    """How concentrated a project's history is.

    ``partial`` is true when the history read is incomplete (a shallow clone);
    ``reason`` says why the numbers are partial or zero, or is None.
    """

    commits: int = 0
    contributors: int = 0
    bus_factor: int = 0
    elephant_factor: int = 0
    top_organizations: list[tuple[str, float]] = field(default_factory=list)
    quarters: list[QuarterStats] = field(default_factory=list)
    partial: bool = False
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "commits": self.commits,
            "contributors": self.contributors,
            "bus_factor": self.bus_factor,
            "elephant_factor": self.elephant_factor,
            "top_organizations": [[name, share] for name, share in self.top_organizations],
            "quarters": [quarter.to_dict() for quarter in self.quarters],
            "partial": self.partial,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Activity:
    """Who committed recently, per author key (normalised email, see
    :meth:`HistoryCounter._identify`).

    The window is the twelve months that end on the UTC day of the newest commit
    read — bots' commits included, so a project only bots still touch shows its people
    as inactive — from the day after the same date a year earlier (2023-06-16 to
    2024-06-15), by author date. It depends on the history only, never on today.
    ``last_commit`` holds every author's newest commit (a Unix time); ``names`` the
    names each author key was seen with, newest first as ``git log`` gives them.
    """

    newest: int
    window_start: date
    window_end: date
    window_commits: dict[str, int]
    last_commit: dict[str, int]
    names: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class History:
    """What reading the history gave: ``metrics`` is None (and ``reason`` says why)
    when there is no history to read, e.g. the folder is not a git checkout.
    ``activity`` is None when no commit at all was read."""

    head: str | None
    metrics: Metrics | None
    reason: str | None = None
    source: str | None = None  # where the history lives when not in the folder's own .git
    activity: Activity | None = None


def history_source(repo: Path) -> tuple[str | None, str | None]:
    """Whether ``repo``'s history can be trusted to be its own: ``(refusal, source)``.

    A ``.git`` that is a symbolic link may lead anywhere, to another project's history,
    so it is refused. A ``.git`` file (``gitdir: …``, as in worktrees and submodules)
    is followed, and where it leads is said.
    """
    dot_git = repo / ".git"
    if dot_git.is_symlink():
        target = os.readlink(dot_git)
        return f".git is a symbolic link (to {target}); its history is not read as this folder's", None
    if dot_git.is_file():
        try:
            first = dot_git.read_text(encoding="utf-8", errors="replace")[:4096].splitlines()[:1]
        except OSError as error:
            return f".git cannot be read: {error.strerror or error}", None
        if first and first[0].startswith("gitdir:"):
            where = Path(first[0].removeprefix("gitdir:").strip())
            return None, str(where if where.is_absolute() else (repo / where))
    return None, None


def concentration(counts: Iterable[int]) -> int:
    """The fewest of ``counts`` that together reach at least half of their total."""
    ordered = sorted((c for c in counts if c > 0), reverse=True)
    total = sum(ordered)
    running = 0
    for taken, count in enumerate(ordered, start=1):
        running += count
        if 2 * running >= total:
            return taken
    return 0


_UNSEEN = ""  # never an author key: those are emails or "name:…"


class HistoryCounter:
    """Counters fed one commit at a time; :meth:`metrics` turns them into numbers.

    The only per-commit state is one tally per (quarter, author); totals per author
    and per organisation, first quarters and top shares are derived from those
    tallies at the end. Identities are resolved once per distinct name and email.
    For :meth:`activity` it also keeps each author's last commit time and a tally per
    (day, author) for the days still within a year of the newest commit seen.
    """

    def __init__(self, *, affiliations: dict[str, str] | None = None, include_bots: bool = False) -> None:
        self.affiliations = {k.lower(): v for k, v in (affiliations or {}).items()}
        self.include_bots = include_bots
        self.bots_skipped = 0
        self.read = 0
        self._tallies: dict[int, dict[str, int]] = {}  # quarter key -> author -> commits
        self._organisation: dict[str, Organisation] = {}  # author -> organisation
        self._by_bytes: dict[bytes, str | None] = {}
        self._low, self._high = 1, 0  # bounds of the quarter last counted into
        self._current: dict[str, int] = {}
        self._newest = NO_COMMIT  # newest author time read, bots included
        self._last: dict[str, int] = {}  # author -> newest commit time
        self._names: dict[str, list[str]] = {}  # author -> names seen, first seen first
        self._days: dict[int, dict[str, int]] = {}  # UTC day number -> author -> commits

    def consume(
        self,
        lines: Iterable[bytes],
        *,
        since: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Count ``git log --format=%H%x00%aN%x00%aE%x00%at`` lines, skipping those
        authored before ``since``. The hot loop of an audit, kept tight."""
        by_bytes = self._by_bytes
        low, high, tally = self._low, self._high, self._current
        read = self.read
        newest, last, days = self._newest, self._last, self._days
        first_day = newest // DAY - YEAR_DAYS  # days before this are out of any window
        for raw in lines:
            _, _, rest = raw.partition(b"\x00")  # drop the commit id
            identity, _, stamp = rest.rpartition(b"\x00")  # "name\0email", time
            try:
                timestamp = int(stamp)
            except ValueError:
                continue
            if since is not None and timestamp < since:
                continue
            read += 1
            if progress is not None and read % PROGRESS_EVERY == 0:
                progress(f"Read {read:,} commits")
            if timestamp > newest:
                newest = timestamp
                first_day = newest // DAY - YEAR_DAYS
                if len(days) > 2 * YEAR_DAYS:
                    self._forget_days_before(first_day)
            author = by_bytes.get(identity, _UNSEEN)
            if author == _UNSEEN:
                name, _, email = identity.partition(b"\x00")
                author = by_bytes[identity] = self._identify(
                    name.decode("utf-8", errors="replace"),
                    email.decode("utf-8", errors="replace"),
                )
            if author is None:
                self.bots_skipped += 1
                continue
            if not low <= timestamp < high:
                tally = self._enter(timestamp)
                low, high = self._low, self._high
            tally[author] = tally.get(author, 0) + 1
            if timestamp > last.get(author, NO_COMMIT):
                last[author] = timestamp
            day = timestamp // DAY
            if day >= first_day:
                day_tally = days.get(day)
                if day_tally is None:
                    day_tally = days[day] = {}
                day_tally[author] = day_tally.get(author, 0) + 1
        self.read = read
        self._newest = newest

    def _forget_days_before(self, first_day: int) -> None:
        """Drop the day tallies that can no longer fall in the activity window."""
        for day in [day for day in self._days if day < first_day]:
            del self._days[day]

    def _enter(self, timestamp: int) -> dict[str, int]:
        """Make the quarter holding ``timestamp`` the current one and return its tally."""
        key = _quarter_key(timestamp)
        year, index = divmod(key, 4)
        self._low = calendar.timegm((year, index * 3 + 1, 1, 0, 0, 0))
        next_year, next_index = divmod(key + 1, 4)
        self._high = calendar.timegm((next_year, next_index * 3 + 1, 1, 0, 0, 0))
        self._current = self._tallies.setdefault(key, {})
        return self._current

    def _identify(self, name: str, email: str) -> str | None:
        """The author key (normalised email) of an identity, or None for a bot."""
        if not self.include_bots and is_bot(name, email):
            return None
        author = email.strip().lower() or f"name:{name.strip().lower()}"
        if author not in self._organisation:
            self._organisation[author] = organisation_of(email, name.strip(), self.affiliations)
        names = self._names.setdefault(author, [])
        if name.strip() and name.strip() not in names:
            names.append(name.strip())
        return author

    def activity(self) -> Activity | None:
        """Last commits and the twelve-month window's counts (see :class:`Activity`);
        None when no commit was read."""
        if self._newest == NO_COMMIT:
            return None
        end = _utc_day(self._newest)
        start = _year_before(end) + timedelta(days=1)
        first_day = (start - EPOCH_DAY).days
        window: Counter[str] = Counter()
        for day, tally in self._days.items():
            if day >= first_day:
                window.update(tally)
        return Activity(
            newest=self._newest,
            window_start=start,
            window_end=end,
            window_commits=dict(window),
            last_commit=dict(self._last),
            names={author: list(names) for author, names in self._names.items()},
        )

    def metrics(self) -> Metrics:
        """The metrics for everything counted so far."""
        author_commits: Counter[str] = Counter()
        first_quarter: dict[str, int] = {}
        for key in sorted(self._tallies):
            for author, count in self._tallies[key].items():
                author_commits[author] += count
                first_quarter.setdefault(author, key)
        org_commits: Counter[str] = Counter()
        org_names: dict[str, str] = {}
        for author, count in author_commits.items():
            organisation = self._organisation[author]
            org_commits[organisation.key] += count
            org_names.setdefault(organisation.key, organisation.name)
        total = sum(author_commits.values())
        new_per_quarter = Counter(first_quarter.values())
        quarters = [
            self._quarter_stats(key, self._tallies[key], new_per_quarter[key])
            for key in sorted(self._tallies)
            if self._tallies[key]
        ]
        # most commits first; ties by name, so the order is stable and readable
        top = sorted(org_commits.items(), key=lambda item: (-item[1], org_names[item[0]].lower(), item[0]))
        return Metrics(
            commits=total,
            contributors=len(author_commits),
            bus_factor=concentration(author_commits.values()),
            elephant_factor=concentration(org_commits.values()),
            top_organizations=[
                (org_names[key], round(count / total, 4)) for key, count in top[:TOP_ORGANIZATIONS]
            ],
            quarters=quarters,
        )

    def _quarter_stats(self, key: int, tally: dict[str, int], new: int) -> QuarterStats:
        commits = sum(tally.values())
        by_org: Counter[str] = Counter()
        for author, count in tally.items():
            by_org[self._organisation[author].key] += count
        top = max(by_org.values(), default=0)
        return QuarterStats(
            quarter=_quarter_label(key),
            commits=commits,
            contributors=len(tally),
            new_contributors=new,
            top_org_share=round(top / commits, 4) if commits else 0.0,
        )


EPOCH_DAY = date(1970, 1, 1)


def _utc_day(timestamp: int) -> date:
    """The UTC calendar day of a Unix time (clamped to what a date can hold)."""
    try:
        return EPOCH_DAY + timedelta(days=timestamp // DAY)
    except OverflowError:
        return date.max if timestamp > 0 else date.min


def _year_before(day: date) -> date:
    """The same date a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28) if day.year > 1 else day


def _quarter_key(timestamp: int) -> int:
    try:
        moment = time.gmtime(timestamp)
    except (OverflowError, OSError, ValueError):  # a date no calendar can hold
        moment = time.gmtime(0)
    return moment.tm_year * 4 + (moment.tm_mon - 1) // 3


def _quarter_label(key: int) -> str:
    return f"{key // 4}Q{key % 4 + 1}"


# -- running git ----------------------------------------------------------------------
def _git_env(repo: Path) -> dict[str, str]:
    """The caller's environment, with git kept inside ``repo`` and never prompting."""
    env = dict(os.environ)
    env["GIT_CEILING_DIRECTORIES"] = str(repo.parent)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, env=_git_env(repo), capture_output=True, check=False)


def _first_error_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", errors="replace").splitlines():
        text = line.strip().removeprefix("fatal:").strip()
        if text:
            return text
    return "git failed"


def read_history(
    repo: Path,
    *,
    since: date | None = None,
    include_bots: bool = False,
    affiliations: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> History:
    """Measure ``repo``'s current branch; see the module docstring for the metrics."""
    repo = Path(os.path.realpath(repo))
    refusal, source = history_source(repo)
    if refusal:
        return History(None, None, refusal)
    try:
        # One call: "true"/"false", the top folder, then HEAD's id (fails when unborn).
        probe = _git(repo, "rev-parse", "--is-shallow-repository", "--show-toplevel", "HEAD", "--")
    except FileNotFoundError:
        return History(None, None, "git is not installed, so the history was not read")
    except OSError as error:
        return History(None, None, f"git could not run: {error.strerror or error}")
    answers = probe.stdout.decode("utf-8", errors="replace").splitlines()
    if len(answers) < 2:
        return History(None, None, f"not a git checkout ({_first_error_line(probe.stderr)})")
    if probe.returncode != 0 or len(answers) < 3:
        return History(None, Metrics(reason="empty repository: no commits yet"))
    shallow, head = answers[0] == "true", answers[2].strip()

    counter = HistoryCounter(affiliations=affiliations, include_bots=include_bots)
    try:
        _read_log(repo, counter, since, progress)
    except _GitLogFailed as failure:
        return History(head, None, f"git log failed ({failure})")
    except OSError as error:
        return History(head, None, f"git could not run: {error.strerror or error}")
    metrics = counter.metrics()
    if shallow:
        metrics.partial = True
        metrics.reason = "shallow clone: only the history that was fetched was read"
    elif metrics.commits == 0:
        metrics.reason = _why_nothing(counter, since)
    return History(head, metrics, source=source, activity=counter.activity())


def _why_nothing(counter: HistoryCounter, since: date | None) -> str:
    if counter.bots_skipped:
        return "every commit read was made by a bot (use include_bots to count them)"
    if since:
        return f"no commits since {since.isoformat()}"
    return "no commits other than merges"


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


class _GitLogFailed(Exception):
    """git log exited with an error; the message is git's first line."""


def _read_log(repo: Path, counter: HistoryCounter, since: date | None, progress: Progress | None) -> None:
    """Feed ``counter`` the current branch's log as git writes it, line by line."""
    args = [
        "git",
        "-c",
        "log.showSignature=false",
        "log",
        "--no-merges",
        "--use-mailmap",
        "--no-color",
        f"--format={GIT_LOG_FORMAT}",
    ]
    if since:
        args.append(f"--since={since.isoformat()} 00:00:00 +0000")
    args += ["HEAD", "--"]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            args,
            cwd=repo,
            env=_git_env(repo),
            stdout=subprocess.PIPE,
            stderr=errors,
            bufsize=1 << 16,
        )
        assert process.stdout is not None
        try:
            counter.consume(process.stdout, since=_epoch(since) if since else None, progress=progress)
            if process.wait() != 0:
                errors.seek(0)
                raise _GitLogFailed(_first_error_line(errors.read(4096)))
        finally:
            process.stdout.close()
            if process.poll() is None:
                process.kill()
            process.wait()
