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
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cfos_tui.audit.orgs import Organisation, is_bot, organisation_of

__all__ = [
    "GIT_LOG_FORMAT",
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
class History:
    """What reading the history gave: ``metrics`` is None (and ``reason`` says why)
    when there is no history to read, e.g. the folder is not a git checkout."""

    head: str | None
    metrics: Metrics | None
    reason: str | None = None


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


@dataclass(slots=True)
class _Quarter:
    commits: int = 0
    authors: set[str] = field(default_factory=set)
    organisations: Counter[str] = field(default_factory=Counter)


class HistoryCounter:
    """Counters fed one commit at a time; :meth:`metrics` turns them into numbers."""

    def __init__(
        self, *, affiliations: dict[str, str] | None = None, include_bots: bool = False
    ) -> None:
        self.affiliations = {k.lower(): v for k, v in (affiliations or {}).items()}
        self.include_bots = include_bots
        self.commits = 0
        self.bots_skipped = 0
        self.author_commits: Counter[str] = Counter()
        self.author_first: dict[str, int] = {}
        self.org_commits: Counter[str] = Counter()
        self.org_names: dict[str, str] = {}
        self.quarters: dict[int, _Quarter] = {}
        self._identities: dict[tuple[str, str], tuple[str, Organisation] | None] = {}

    def add(self, name: str, email: str, timestamp: int) -> None:
        """Count one commit by ``name <email>`` authored at ``timestamp`` (epoch seconds)."""
        key = (name, email)
        if key in self._identities:
            identity = self._identities[key]
        else:
            identity = self._identities[key] = self._identify(name, email)
        if identity is None:
            self.bots_skipped += 1
            return
        author, organisation = identity
        self.commits += 1
        self.author_commits[author] += 1
        first = self.author_first.get(author)
        if first is None or timestamp < first:
            self.author_first[author] = timestamp
        self.org_commits[organisation.key] += 1
        quarter_key = _quarter_key(timestamp)
        quarter = self.quarters.get(quarter_key)
        if quarter is None:
            quarter = self.quarters[quarter_key] = _Quarter()
        quarter.commits += 1
        quarter.authors.add(author)
        quarter.organisations[organisation.key] += 1

    def _identify(self, name: str, email: str) -> tuple[str, Organisation] | None:
        if not self.include_bots and is_bot(name, email):
            return None
        author = email.strip().lower() or f"name:{name.strip().lower()}"
        organisation = organisation_of(email, name.strip(), self.affiliations)
        self.org_names.setdefault(organisation.key, organisation.name)
        return author, organisation

    def metrics(self) -> Metrics:
        """The metrics for everything counted so far."""
        total = self.commits
        # most commits first; ties by name, so the order is stable and readable
        top = sorted(
            self.org_commits.items(),
            key=lambda item: (-item[1], self.org_names[item[0]].lower(), item[0]),
        )
        new_per_quarter = Counter(_quarter_key(ts) for ts in self.author_first.values())
        quarters = []
        for key in sorted(self.quarters):
            quarter = self.quarters[key]
            top_count = max(quarter.organisations.values(), default=0)
            quarters.append(
                QuarterStats(
                    quarter=_quarter_label(key),
                    commits=quarter.commits,
                    contributors=len(quarter.authors),
                    new_contributors=new_per_quarter.get(key, 0),
                    top_org_share=round(top_count / quarter.commits, 4) if quarter.commits else 0,
                )
            )
        return Metrics(
            commits=total,
            contributors=len(self.author_commits),
            bus_factor=concentration(self.author_commits.values()),
            elephant_factor=concentration(self.org_commits.values()),
            top_organizations=[
                (self.org_names[key], round(count / total, 4))
                for key, count in top[:TOP_ORGANIZATIONS]
            ],
            quarters=quarters,
        )


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
    return subprocess.run(
        ["git", *args], cwd=repo, env=_git_env(repo), capture_output=True, check=False
    )


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
    try:
        probe = _git(repo, "rev-parse", "--is-shallow-repository", "--show-toplevel")
    except FileNotFoundError:
        return History(None, None, "git is not installed, so the history was not read")
    except OSError as error:
        return History(None, None, f"git could not run: {error.strerror or error}")
    if probe.returncode != 0:
        return History(None, None, f"not a git checkout ({_first_error_line(probe.stderr)})")
    shallow = probe.stdout.split(b"\n", 1)[0].strip() == b"true"
    head_probe = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head_probe.returncode != 0:
        return History(None, Metrics(reason="empty repository: no commits yet"))
    head = head_probe.stdout.decode("ascii", errors="replace").strip()

    counter = HistoryCounter(affiliations=affiliations, include_bots=include_bots)
    since_ts = _epoch(since) if since else None
    try:
        for name, email, timestamp in _stream_log(repo, since, progress):
            if since_ts is None or timestamp >= since_ts:
                counter.add(name, email, timestamp)
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
    return History(head, metrics)


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


def _stream_log(
    repo: Path, since: date | None, progress: Progress | None
) -> Iterator[tuple[str, str, int]]:
    """(name, email, author time) of each commit, newest first, read as git writes them."""
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
            args, cwd=repo, env=_git_env(repo), stdout=subprocess.PIPE, stderr=errors
        )
        assert process.stdout is not None
        read = 0
        try:
            for raw in process.stdout:
                fields = raw.rstrip(b"\n").split(b"\x00")
                if len(fields) != 4:
                    continue
                try:
                    timestamp = int(fields[3])
                except ValueError:
                    continue
                yield (
                    fields[1].decode("utf-8", errors="replace"),
                    fields[2].decode("utf-8", errors="replace"),
                    timestamp,
                )
                read += 1
                if progress is not None and read % PROGRESS_EVERY == 0:
                    progress(f"Read {read:,} commits")
            if process.wait() != 0:
                errors.seek(0)
                raise _GitLogFailed(_first_error_line(errors.read(4096)))
        finally:
            process.stdout.close()
            if process.poll() is None:
                process.kill()
            process.wait()
