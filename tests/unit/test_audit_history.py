"""History metrics from scripted repositories, organisations, bots and factor properties."""

from __future__ import annotations

import itertools
import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfos_tui.audit.history import (
    HistoryCounter,
    QuarterStats,
    concentration,
    read_history,
)
from cfos_tui.audit.orgs import is_bot, organisation_of, registrable_domain
from tests.fixtures.gitrepo import CommitSpec, build_repo, epoch, git, isolated_git_env

ALICE = ("Alice Liddell", "alice@acme.com")
ALICE_OLD = ("alice", "alice@old-laptop.local")
ALAN = ("Alan", "alan@eng.acme.com")
BOB = ("Bob", "bob@gmail.com")
CAROL = ("Carol", "carol@cs.uni.ac.uk")
DAVE = ("Dave", "12345+dave@users.noreply.github.com")
ERIN = ("Erin", "erin@bigco.co.jp")
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
PRECOMMIT = ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com")
MAILMAP = "Alice Liddell <alice@acme.com> <alice@old-laptop.local>\n"


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in isolated_git_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)


def commits_of(author: tuple[str, str], day: str, count: int, **extra: object) -> list[CommitSpec]:
    start = epoch(f"{day}T12:00:00")
    return [
        CommitSpec(author[0], author[1], start + i * 60, **extra)  # type: ignore[arg-type]
        for i in range(count)
    ]


def scripted_history() -> list[CommitSpec]:
    """24 human commits in three quarters, 5 bot commits and 2 merges (see test)."""
    specs: list[CommitSpec] = []
    specs += commits_of(ALICE_OLD, "2023-10-02", 3)
    specs += commits_of(ALICE, "2023-11-02", 2)
    specs += commits_of(BOB, "2023-12-02", 2)
    specs += commits_of(ALICE, "2024-01-05", 4)
    specs += commits_of(ALAN, "2024-01-06", 2)
    specs += commits_of(BOB, "2024-02-01", 1)
    specs += commits_of(DEPENDABOT, "2024-02-03", 3)
    tip = len(specs)
    # Carol works on a side branch, merged twice by Alice.
    specs += commits_of(CAROL, "2024-02-10", 2, branch="side")
    specs[tip].parent = tip
    specs.append(CommitSpec(*ALICE, epoch("2024-02-11T12:00:00"), merge=len(specs)))
    specs += commits_of(CAROL, "2024-03-01", 1, branch="side")
    specs.append(CommitSpec(*ALICE, epoch("2024-03-02T12:00:00"), merge=len(specs)))
    specs += commits_of(DAVE, "2024-04-10", 4)
    specs += commits_of(ERIN, "2024-05-10", 2)
    specs += commits_of(PRECOMMIT, "2024-05-11", 2)
    specs += commits_of(ALICE, "2024-06-30", 1)
    return specs


@pytest.fixture(scope="module")
def scripted_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "repo"
    return build_repo(path, scripted_history(), mailmap=MAILMAP)


def test_exact_metrics(scripted_repo: Path) -> None:
    """Commits, contributors, factors, top organisations and quarters, exactly."""
    history = read_history(scripted_repo)
    assert history.head == git(scripted_repo, "rev-parse", "HEAD").strip()
    metrics = history.metrics
    assert metrics is not None
    assert (metrics.commits, metrics.contributors) == (24, 6)
    assert (metrics.bus_factor, metrics.elephant_factor) == (2, 1)
    assert metrics.top_organizations == [
        ("acme.com", 0.5),
        ("Dave", 0.1667),
        ("Bob", 0.125),
        ("uni.ac.uk", 0.125),
        ("bigco.co.jp", 0.0833),
    ]
    assert metrics.quarters == [
        QuarterStats("2023Q4", 7, 2, 2, 0.7143),
        QuarterStats("2024Q1", 10, 4, 2, 0.6),
        QuarterStats("2024Q2", 7, 3, 2, 0.5714),
    ]
    assert metrics.partial is False and metrics.reason is None


def test_thousands_of_commits_match_an_independent_count(tmp_path: Path) -> None:
    """3,000+ scripted commits (bots, merges, a mailmap) agree with a plain recount."""
    acme = [(f"Dev {n}", f"dev{n}@acme.com") for n in range(4)]
    uni = [(f"Prof {n}", f"prof{n}@cs.uni.edu") for n in range(4)]
    solo = [(f"Solo {n}", f"solo{n}@gmail.com") for n in range(6)]
    people = acme * 5 + uni + solo  # acme makes most commits
    start, step = epoch("2022-01-01"), 6 * 3600
    specs: list[CommitSpec] = []
    expected: list[tuple[str, str, int]] = []  # (author, organisation, time) of counted commits
    for index in range(3000):
        when = start + index * step
        if index % 40 == 39:
            specs.append(CommitSpec(*DEPENDABOT, when))
            continue
        name, email = people[(index * 7) % len(people)]
        if email == "dev0@acme.com" and index % 2:
            email = "dev0@laptop.local"  # mapped back to dev0@acme.com by the mailmap
        specs.append(CommitSpec(name, email, when))
        author = "dev0@acme.com" if email == "dev0@laptop.local" else email
        domain = author.split("@")[1]
        organisation = author if domain == "gmail.com" else domain.removeprefix("cs.")
        expected.append((author, organisation, when))
        if index % 300 == 0:  # a side branch of one commit, merged (the merge never counts)
            tip = len(specs)
            specs.append(CommitSpec(name, email, when + 1, branch=f"side{index}", parent=tip))
            expected.append((author, organisation, when + 1))
            specs.append(CommitSpec(name, email, when + 2, merge=tip + 1))
    mailmap = "Dev 0 <dev0@acme.com> <dev0@laptop.local>\n"
    repo = build_repo(tmp_path / "big", specs, mailmap=mailmap)
    assert git(repo, "rev-list", "--merges", "--count", "HEAD").strip() == "10"

    metrics = read_history(repo).metrics
    assert metrics is not None
    by_author = Counter(author for author, _, _ in expected)
    by_org = Counter(organisation for _, organisation, _ in expected)
    assert metrics.commits == len(expected)
    assert metrics.contributors == len(by_author)
    assert metrics.bus_factor == brute_force_factor(list(by_author.values()))
    assert metrics.elephant_factor == brute_force_factor(list(by_org.values()))
    quarters: dict[str, list[tuple[str, str, int]]] = {}
    for commit in expected:
        moment = datetime.fromtimestamp(commit[2], UTC)
        quarters.setdefault(f"{moment.year}Q{(moment.month - 1) // 3 + 1}", []).append(commit)
    seen: set[str] = set()
    expected_quarters = []
    for label in sorted(quarters):
        authors = {author for author, _, _ in quarters[label]}
        top = Counter(org for _, org, _ in quarters[label]).most_common(1)[0][1]
        expected_quarters.append(
            QuarterStats(
                label,
                len(quarters[label]),
                len(authors),
                len(authors - seen),
                round(top / len(quarters[label]), 4),
            )
        )
        seen |= authors
    assert metrics.quarters == expected_quarters


def test_affiliations_override_domains(scripted_repo: Path) -> None:
    """Emails and (parent) domains map to named organisations, case-insensitively."""
    affiliations = {
        "ACME.com": "Acme Corp",
        "erin@bigco.co.jp": "Acme Corp",
        "bob@gmail.com": "Uni",
    }
    metrics = read_history(scripted_repo, affiliations=affiliations).metrics
    assert metrics is not None
    assert metrics.top_organizations == [
        ("Acme Corp", 0.5833),
        ("Dave", 0.1667),
        ("Uni", 0.125),
        ("uni.ac.uk", 0.125),
    ]
    assert metrics.elephant_factor == 1


def test_include_bots(scripted_repo: Path) -> None:
    """With bots, their commits and identities count like anyone's."""
    metrics = read_history(scripted_repo, include_bots=True).metrics
    assert metrics is not None
    assert (metrics.commits, metrics.contributors) == (29, 8)
    assert [q.commits for q in metrics.quarters] == [7, 13, 9]


def test_since(scripted_repo: Path) -> None:
    """Only commits authored on or after the date; first-timers counted from there."""
    metrics = read_history(scripted_repo, since=date(2024, 1, 1)).metrics
    assert metrics is not None
    assert (metrics.commits, metrics.contributors) == (17, 6)
    assert [(q.quarter, q.new_contributors) for q in metrics.quarters] == [
        ("2024Q1", 4),
        ("2024Q2", 2),
    ]
    empty = read_history(scripted_repo, since=date(2030, 1, 1)).metrics
    assert empty is not None and empty.commits == 0
    assert empty.reason == "no commits since 2030-01-01"


def test_progress_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress callback hears about long histories as they are read."""
    monkeypatch.setattr("cfos_tui.audit.history.PROGRESS_EVERY", 5)
    repo = build_repo(tmp_path / "r", commits_of(BOB, "2024-01-01", 12), checkout=False)
    messages: list[str] = []
    read_history(repo, progress=messages.append)
    assert messages == ["Read 5 commits", "Read 10 commits"]


def test_not_a_git_repository(tmp_path: Path) -> None:
    """A plain folder has no metrics and says why."""
    history = read_history(tmp_path)
    assert history.metrics is None and history.head is None
    assert history.reason is not None and "not a git checkout" in history.reason


def test_folder_inside_a_checkout_is_not_that_checkout(scripted_repo: Path, tmp_path: Path) -> None:
    """A subfolder of a repository is not audited as the enclosing repository."""
    history = read_history(scripted_repo / ".git" / "refs")
    assert history.metrics is None


def test_empty_repository(tmp_path: Path) -> None:
    """A repository without commits gives zeros and a reason."""
    git(tmp_path, "init", "-q", "-b", "main")
    history = read_history(tmp_path)
    assert history.head is None
    assert history.metrics is not None
    assert history.metrics.commits == 0 and history.metrics.quarters == []
    assert history.metrics.reason == "empty repository: no commits yet"


def test_shallow_clone_is_partial(scripted_repo: Path, tmp_path: Path) -> None:
    """A shallow clone is read as far as it goes and marked partial."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "5", scripted_repo.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    metrics = read_history(clone).metrics
    assert metrics is not None
    assert metrics.partial is True and metrics.reason is not None
    assert (metrics.commits, metrics.contributors) == (3, 2)  # 2 of the 5 are bots


def test_odd_encodings(tmp_path: Path) -> None:
    """Latin-1 names and emails decode with replacement characters, never crash."""
    specs = [
        CommitSpec(b"J\xf6rg", b"j\xf6rg@firma.de", epoch("2024-01-02")),
        CommitSpec(b"J\xf6rg", b"j\xf6rg@firma.de", epoch("2024-01-03")),
        CommitSpec("Zoë 🚀", "zoe@firma.de", epoch("2024-01-04")),
    ]
    repo = build_repo(tmp_path / "r", specs, checkout=False)
    metrics = read_history(repo).metrics
    assert metrics is not None
    assert (metrics.commits, metrics.contributors, metrics.bus_factor) == (3, 2, 1)
    assert metrics.top_organizations == [("firma.de", 1.0)]


def test_only_bot_commits(tmp_path: Path) -> None:
    """A history of bots alone has zero human commits and says so."""
    repo = build_repo(tmp_path / "r", commits_of(DEPENDABOT, "2024-01-01", 2), checkout=False)
    metrics = read_history(repo).metrics
    assert metrics is not None and metrics.commits == 0
    assert metrics.reason is not None and "bot" in metrics.reason


# -- organisations and bots ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("domain", "registrable"),
    [
        ("acme.com", "acme.com"),
        ("mail.eng.acme.com", "acme.com"),
        ("cs.ox.ac.uk", "ox.ac.uk"),
        ("sony.co.jp", "sony.co.jp"),
        ("dev.example.com.au", "example.com.au"),
        ("ACME.COM.", "acme.com"),
    ],
)
def test_registrable_domain(domain: str, registrable: str) -> None:
    """Two labels, or three under a known two-level public suffix."""
    assert registrable_domain(domain) == registrable


@pytest.mark.parametrize(
    "email",
    [
        "x@gmail.com",
        "x@GoogleMail.com",
        "x@gmx.de",
        "x@yahoo.co.uk",
        "x@qq.com",
        "x@proton.me",
        "1+x@users.noreply.github.com",
        "x@localhost",
        "not-an-address",
        "",
    ],
)
def test_personal_addresses_are_individuals(email: str) -> None:
    """Personal providers, GitHub no-reply and broken addresses name the person."""
    organisation = organisation_of(email, "Some One")
    assert organisation.key.startswith("person:")
    assert organisation.name == "Some One"


def test_affiliation_beats_personal_provider() -> None:
    """A full-address affiliation applies even to a gmail address."""
    assert organisation_of("x@gmail.com", "X", {"x@gmail.com": "Acme"}).name == "Acme"
    assert organisation_of("y@gmail.com", "Y", {"x@gmail.com": "Acme"}).key == "person:y@gmail.com"


@pytest.mark.parametrize(
    ("name", "email", "bot"),
    [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", True),
        ("Renovate Bot", "bot@renovateapp.com", True),
        ("github-actions", "41898282+github-actions[bot]@users.noreply.github.com", True),
        ("GitHub", "noreply@github.com", True),
        ("pre-commit-ci", "pre-commit-ci@example.org", True),
        ("Robot Smith", "robot@acme.com", False),
        ("Ann", "1+ann@users.noreply.github.com", False),
    ],
)
def test_is_bot(name: str, email: str, bot: bool) -> None:
    """Names ending [bot], bot no-reply addresses and known CI accounts are bots."""
    assert is_bot(name, email) is bot


# -- properties ----------------------------------------------------------------------------
def brute_force_factor(counts: list[int]) -> int:
    """The smallest group whose commits reach half the total, by trying every group."""
    total = sum(counts)
    if total == 0:
        return 0
    for size in range(1, len(counts) + 1):
        for group in itertools.combinations(counts, size):
            if 2 * sum(group) >= total:
                return size
    raise AssertionError("unreachable")


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=9))
def test_concentration_matches_brute_force(counts: list[int]) -> None:
    """The greedy factor equals the exhaustive one."""
    assert concentration(counts) == brute_force_factor(counts)


commit_strategy = st.tuples(
    st.integers(min_value=0, max_value=7),  # author
    st.integers(min_value=0, max_value=3),  # author's employer (if not personal)
    st.integers(min_value=epoch("2020-01-01"), max_value=epoch("2024-12-31")),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(commit_strategy, max_size=60))
def test_counter_factors_match_brute_force(commits: list[tuple[int, int, int]]) -> None:
    """Bus and elephant factor from HistoryCounter equal brute force over the commits."""
    counter = HistoryCounter()
    by_author: Counter[str] = Counter()
    by_org: Counter[str] = Counter()
    lines = []
    for author, employer, when in commits:
        # authors 0-1 use gmail (each their own organisation); the others a company
        domain = "gmail.com" if author < 2 else f"company{(author + employer) % 3}.com"
        email = f"a{author}-{employer}@{domain}"
        lines.append(f"{'0' * 40}\x00A{author}\x00{email}\x00{when}\n".encode())
        by_author[email] += 1
        by_org[email if author < 2 else domain] += 1
    counter.consume(lines)
    metrics = counter.metrics()
    assert metrics.commits == len(commits)
    assert metrics.contributors == len(by_author)
    assert metrics.bus_factor == brute_force_factor(list(by_author.values()))
    assert metrics.elephant_factor == brute_force_factor(list(by_org.values()))
    assert sum(q.commits for q in metrics.quarters) == len(commits)
    assert sum(q.new_contributors for q in metrics.quarters) == len(by_author)
    assert [q.quarter for q in metrics.quarters] == sorted(q.quarter for q in metrics.quarters)
    assert all(0 < q.top_org_share <= 1 for q in metrics.quarters)
