"""The roster: maintainers listed in files and the plan, against twelve months of history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.audit import run_audit
from cfos_tui.audit.apply import accept, evidence_patterns
from cfos_tui.audit.history import YEAR_DAYS, HistoryCounter
from cfos_tui.audit.listing import (
    Listed,
    handle_of_email,
    normal_name,
    parse_codeowners,
    parse_entry,
    parse_maintainers,
)
from cfos_tui.audit.roster import most_commits, plan_members
from cfos_tui.cli import main
from cfos_tui.plan import new_plan
from cfos_tui.playbook import builtin_playbook
from tests.fixtures.gitrepo import CommitSpec, build_repo, epoch, isolated_git_env, write_files

EVIDENCE = evidence_patterns(builtin_playbook())


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    for key, value in isolated_git_env(tmp_path / "git-home").items():
        monkeypatch.setenv(key, value)


def people(listed: list[Listed]) -> list[tuple[str, str, str]]:
    return [(person.name, person.handle, person.email) for person in listed]


def by_name(entries: list[dict]) -> dict[str, dict]:
    return {entry["name"]: entry for entry in entries}


# -- reading listings -------------------------------------------------------------------
def test_markdown_table_with_named_columns() -> None:
    """A table's header says which column is the name, the handle, the email; others are ignored."""
    text = (
        "# Maintainers\n\nThe people below maintain the project.\n\n"
        "| Maintainer | GitHub ID | Area | E-mail | Company |\n"
        "|:-----------|-----------|------|--------|---------|\n"
        "| Jane Doe | [@jdoe](https://github.com/jdoe) | docs | jane@acme.com | Acme |\n"
        "| **Kim Lee** | kimlee | CI | | Globex |\n"
        "| [Ravi Shah](https://github.com/ravi) | | | [ravi@uni.edu](mailto:ravi@uni.edu) | Uni |\n"
    )
    found = parse_maintainers(text, "MAINTAINERS.md")
    assert people(found) == [
        ("Jane Doe", "jdoe", "jane@acme.com"),
        ("Kim Lee", "kimlee", ""),
        ("Ravi Shah", "ravi", "ravi@uni.edu"),
    ]
    assert [person.affiliation for person in found] == ["Acme", "Globex", "Uni"]
    assert {person.source for person in found} == {"MAINTAINERS.md"}


def test_table_without_known_columns_needs_a_handle_or_an_address() -> None:
    """A table of areas and owners gives its owners; a table of roles gives nobody."""
    text = (
        "| Area | Owner |\n|---|---|\n| Docs | @docsy |\n| CI | Someone Else |\n\n"
        "| Role | Duty |\n|---|---|\n| Reviewer | Reviews Pull Requests |\n"
    )
    assert people(parse_maintainers(text, "MAINTAINERS.md")) == [("", "docsy", "")]


def test_bullets_plain_lines_and_handles() -> None:
    """List items and lines name people with handles, addresses, links and affiliations; prose does not."""
    text = (
        "## Core\n\n"
        "- Jane Doe (@jdoe), Acme\n"
        "* Bo Chen <bo@uni.edu>\n"
        "- [Ana Ruiz](https://github.com/anaruiz) - University of Somewhere\n"
        "1. Tom Ek\n"
        "- @alpha @beta\n"
        "- Contribute regularly\n"
        "- Reviewing pull requests.\n"
        "- Ask @acme/maintainers for access\n"
        "- You can reach all of us at @acme/maintainers\n\n"
        "Contact us at maintainers@project.org.\n"
        "Lena Berg <lena@berg.se>\n"
        "This file is kept current by the people it lists\n"
    )
    assert people(parse_maintainers(text, "MAINTAINERS.md")) == [
        ("Jane Doe", "jdoe", ""),
        ("Bo Chen", "", "bo@uni.edu"),
        ("Ana Ruiz", "anaruiz", ""),
        ("Tom Ek", "", ""),
        ("", "alpha", ""),
        ("", "beta", ""),
        ("Lena Berg", "", "lena@berg.se"),
    ]


def test_emeritus_sections_are_skipped() -> None:
    """People under an Emeritus (or Former, Alumni…) heading are not current maintainers."""
    text = (
        "# Maintainers\n\n- Jane Doe (@jdoe)\n\n"
        "## Emeritus maintainers\n\n- Old Timer (@old)\n\n### Thanks\n\n- Older Still (@older)\n\n"
        "## Reviewers\n\n- Kim Lee (@kim)\n"
        "Former\n------\n\n* Gone Away <gone@x.org>\n"
    )
    assert [person.handle or person.email for person in parse_maintainers(text, "MAINTAINERS.md")] == [
        "jdoe",
        "kim",
    ]


def test_key_value_blocks_under_headings() -> None:
    """``GitHub:``/``Email:`` lines describe the person named by the heading or a ``Name:`` line."""
    text = (
        "# Maintainers\n\n"
        "### Tomasz Nowak\n- GitHub: @tnowak\n- Email: tomasz@x.org\n\n"
        "### Second\nName: Ines Okafor\nGitHub: iokafor\n\n"
        "Name: Lu Wei\nEmail: lu@wei.cn\n"
    )
    assert people(parse_maintainers(text, "MAINTAINERS.md")) == [
        ("Tomasz Nowak", "tnowak", "tomasz@x.org"),
        ("Ines Okafor", "iokafor", ""),
        ("Lu Wei", "", "lu@wei.cn"),
    ]


def test_plain_text_layouts() -> None:
    """Plain ``Name <email>`` lines, the kernel's M: lines, comma lines under a column comment, TOML."""
    plain = "Jane Doe <jane@acme.com>\nJohn Smith\nMaintainers\n12345+nora@users.noreply.github.com\n"
    assert people(parse_maintainers(plain, "MAINTAINERS.txt")) == [
        ("Jane Doe", "", "jane@acme.com"),
        ("John Smith", "", ""),
        ("", "nora", "12345+nora@users.noreply.github.com"),
    ]
    kernel = "ACPI\nM:\tRafael Wysocki <rafael@kernel.org>\nR:\tLen Brown <lenb@kernel.org>\nS:\tSupported\n"
    assert people(parse_maintainers(kernel, "MAINTAINERS")) == [("Rafael Wysocki", "", "rafael@kernel.org")]
    columns = "# GitHub ID, Name, Email address, GPG fingerprint\njdoe, Jane Doe, jane@acme.com, ABCD\n"
    assert people(parse_maintainers(columns, "MAINTAINERS")) == [("Jane Doe", "jdoe", "jane@acme.com")]
    toml = (
        '[Org]\n  [Org."Core maintainers"]\n    people = ["suda", "jdoe"]\n'
        '  [Org.Alumni]\n    people = ["old"]\n'
        '[people]\n  [people.suda]\n    Name = "Aki Suda"\n    Email = "aki@x.jp"\n    GitHub = "AkiSuda"\n'
        '  [people.jdoe]\n    Name = "Jane Doe"\n    GitHub = "jdoe"\n  [people.old]\n    Name = "Old"\n'
    )
    assert people(parse_maintainers(toml, "MAINTAINERS")) == [
        ("Aki Suda", "akisuda", "aki@x.jp"),
        ("Jane Doe", "jdoe", ""),
    ]


def test_restructuredtext_layout() -> None:
    """Underlined headings and reStructuredText links; the Emeritus part is skipped."""
    text = (
        "Maintainers\n===========\n\n* Jane Doe <jane@acme.com>\n"
        "* `Kim Lee <https://github.com/kimlee>`_\n\nEmeritus\n--------\n\n* Old Person <old@x.org>\n"
    )
    assert people(parse_maintainers(text, "MAINTAINERS.rst")) == [
        ("Jane Doe", "", "jane@acme.com"),
        ("Kim Lee", "kimlee", ""),
    ]


def test_codeowners_people_not_teams() -> None:
    """CODEOWNERS gives each @user and address once per line; @org/team entries and comments are left out."""
    text = "# owners\n* @jdoe @acme/core jane@acme.com\n/docs/ @docsy  # not @nope\n*.bot @dependabot\n"
    assert people(parse_codeowners(text, ".github/CODEOWNERS")) == [
        ("", "jdoe", ""),
        ("", "", "jane@acme.com"),
        ("", "docsy", ""),
    ]


def test_identity_helpers() -> None:
    """Both no-reply forms give the handle; names compare without case or spacing."""
    assert handle_of_email("123+JDoe@users.noreply.github.com") == "jdoe"
    assert handle_of_email("jdoe@users.noreply.github.com") == "jdoe"
    assert handle_of_email("jdoe@github.com") == ""
    assert normal_name("  Jane\t DOE ") == normal_name("jane doe")
    assert parse_entry("Managed in the GitHub team: 38 people as of June 2024", lenient=True) == []
    assert people(parse_entry("hana", lenient=True)) == [("hana", "", "")]
    assert parse_entry("hana") == []


def test_plan_members_from_teams_and_committee() -> None:
    """Team members (a list or a comma-separated line) and the conduct committee are listed."""
    playbook = builtin_playbook()
    plan = new_plan(playbook, "Demo", today=date(2024, 1, 1))
    plan.set_answer(
        "governance",
        "teams",
        {
            "maintainers": {"name": "Maintainers", "members": ["Mateo Lind", "Ines (@iokafor)"]},
            "docs": {"name": "Docs", "members": "Ruth Abebe, hana@nebari.dev"},
            "everyone": {"name": "Contributors", "members": ["Managed in the GitHub team: 38 people"]},
        },
    )
    plan.set_answer(
        "conduct",
        "committee",
        {"hana": {"name": "Hana Sato", "role": "Community", "contact": "hana@nebari.dev"}},
    )
    assert people(plan_members(plan)) == [
        ("Mateo Lind", "", ""),
        ("Ines", "iokafor", ""),
        ("Ruth Abebe", "", ""),
        ("", "", "hana@nebari.dev"),
        ("Hana Sato", "", "hana@nebari.dev"),
    ]
    assert {person.source for person in plan_members(plan)} == {"plan"}


# -- the rule for "most of the commits" -----------------------------------------------------
def test_most_commits_is_over_half() -> None:
    """The CHAOSS vector gives two people; exactly half is not over half; ties at the cut are all taken."""
    vector = [1000, 202, 90, 33, 332, 343, 42, 433]
    assert most_commits([(str(count), count) for count in vector]) == {"1000", "433"}
    assert most_commits([("a", 5), ("b", 5)]) == {"a", "b"}
    assert most_commits([("a", 5), ("b", 3), ("c", 2)]) == {"a", "b"}  # 5 of 10 is not over half
    assert most_commits([("a", 6), ("b", 4), ("c", 1)]) == {"a"}
    assert most_commits([("a", 4), ("b", 3), ("c", 3), ("d", 1)]) == {"a", "b", "c"}
    assert most_commits([("a", 0)]) == set()


# -- against the history ------------------------------------------------------------------
def roster_repo(path: Path) -> Path:
    """Known answers: newest commit 2024-06-15, so the window is 2023-06-16 … 2024-06-15.

    - Jane Doe (listed by name, lower case and spaced oddly) commits as herself: 4 in the window;
    - @kim (CODEOWNERS) commits from a numbered no-reply address: 3;
    - @lu (MAINTAINERS) commits from a plain no-reply address: 1;
    - Old Timer (listed with an address) last committed in 2021: inactive;
    - Ghost (listed) never committed;
    - Heavy (not listed) made 12 of the window's 21 commits;
    - Light (not listed) made 1; a bot's commit is left out.
    """
    files = {
        "MAINTAINERS.md": (
            "# Maintainers\n\n| Name | GitHub | Email |\n|---|---|---|\n"
            "|  jane   DOE | | |\n| Old Timer | | old@acme.com |\n| Ghost Writer | @ghost | |\n"
            "| Lu | @lu | |\n"
        ),
        ".github/CODEOWNERS": "* @kim @acme/core\n",
    }
    commits = [CommitSpec("Old Timer", "old@acme.com", epoch("2021-03-02T10:00"), files=files)]
    commits += [CommitSpec("Jane Doe", "jane@acme.com", epoch("2024-01-10") + i) for i in range(4)]
    commits += [
        CommitSpec("Kim", "9876+kim@users.noreply.github.com", epoch("2024-02-10") + i) for i in range(3)
    ]
    commits += [CommitSpec("Lu Wei", "lu@users.noreply.github.com", epoch("2024-03-10"))]
    commits += [CommitSpec("Heavy", "heavy@globex.com", epoch("2024-04-10") + i) for i in range(12)]
    commits += [CommitSpec("Light", "light@gmail.com", epoch("2024-06-15T09:00"))]
    commits.append(
        CommitSpec(
            "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", epoch("2024-06-01")
        )
    )
    return build_repo(path, commits)


def test_roster_against_the_history(tmp_path: Path) -> None:
    """Listed people are matched by name, handle and no-reply address; inactive and unlisted are found."""
    result = run_audit(roster_repo(tmp_path / "repo"), EVIDENCE)
    roster = result.to_dict()["roster"]
    assert roster["window"] == {"from": "2023-06-16", "to": "2024-06-15"}
    assert roster["sources"] == ["MAINTAINERS.md", ".github/CODEOWNERS"]
    listed = by_name(roster["listed"])
    # a listing without a name takes the name its person commits under
    assert list(listed) == ["jane DOE", "Old Timer", "Ghost Writer", "Lu", "Kim"]
    assert listed["jane DOE"] == {
        "name": "jane DOE",
        "email": "jane@acme.com",
        "commits_12m": 4,
        "last_commit": "2024-01-10",
    }
    assert listed["Kim"] == {
        "name": "Kim",
        "handle": "kim",
        "email": "9876+kim@users.noreply.github.com",
        "commits_12m": 3,
        "last_commit": "2024-02-10",
    }
    assert listed["Lu"]["commits_12m"] == 1 and listed["Lu"]["handle"] == "lu"
    assert listed["Old Timer"]["last_commit"] == "2021-03-02"
    assert listed["Ghost Writer"] == {
        "name": "Ghost Writer",
        "handle": "ghost",
        "commits_12m": 0,
        "last_commit": None,
    }
    assert [person["name"] for person in roster["inactive"]] == ["Old Timer", "Ghost Writer"]
    assert roster["unlisted_active"] == [
        {"name": "Heavy", "email": "heavy@globex.com", "commits_12m": 12, "last_commit": "2024-04-10"}
    ]
    # jane and old at acme.com; kim and lu each themselves (no-reply); ghost has no address
    assert roster["organisations"] == {"acme.com": 2, "Kim": 1, "Lu": 1, "unknown": 1}


def test_affiliations_name_the_organisations(tmp_path: Path) -> None:
    """The plan's affiliations count a maintainer for the organisation they name."""
    result = run_audit(
        roster_repo(tmp_path / "repo"),
        EVIDENCE,
        affiliations={"acme.com": "Acme Corp", "9876+kim@users.noreply.github.com": "Acme Corp"},
    )
    assert result.roster is not None
    assert result.roster.organisations == {"Acme Corp": 3, "Lu": 1, "unknown": 1}


def test_window_ends_at_the_newest_commit_not_today(tmp_path: Path, capsys, monkeypatch) -> None:
    """A history that ended in 2019 is judged on 2018-2019, whatever today is."""
    files = {"MAINTAINERS": "Jane Doe <jane@acme.com>\nKim Lee <kim@acme.com>\n"}
    commits = [CommitSpec("Jane Doe", "jane@acme.com", epoch("2019-05-01"), files=files)]
    commits += [CommitSpec("Kim Lee", "kim@acme.com", epoch("2018-05-01T23:59:59"))]  # a day too early
    commits += [CommitSpec("Kim Lee", "kim@acme.com", epoch("2018-05-02"))]  # first day of the window
    repo = build_repo(tmp_path / "old", commits)
    outputs = []
    for today in ("2019-05-02", "2031-01-01"):
        monkeypatch.setenv("CFOS_PLAN_TODAY", today)
        assert main(["audit", str(repo), "--json", "--today", today]) == 0
        outputs.append(json.loads(capsys.readouterr().out)["roster"])
    assert outputs[0] == outputs[1]
    assert outputs[0]["window"] == {"from": "2018-05-02", "to": "2019-05-01"}
    assert [(p["name"], p["commits_12m"]) for p in outputs[0]["listed"]] == [("Jane Doe", 1), ("Kim Lee", 1)]
    assert outputs[0]["inactive"] == []


def test_mailmap_merges_identities(tmp_path: Path) -> None:
    """Commits under an old address count for the listed person once .mailmap maps them."""
    files = {"MAINTAINERS.md": "- Jane Doe <jane@acme.com>\n"}
    commits = [
        CommitSpec("jd", "jd@old-laptop.local", epoch("2024-01-01") + i, files=files) for i in range(3)
    ]
    commits += [CommitSpec("Jane Doe", "jane@acme.com", epoch("2024-02-01"))]
    repo = build_repo(tmp_path / "repo", commits, mailmap="Jane Doe <jane@acme.com> <jd@old-laptop.local>\n")
    roster = run_audit(repo, EVIDENCE).roster
    assert roster is not None
    assert [(p.label, p.commits_12m) for p in roster.listed] == [("Jane Doe", 4)]
    assert roster.unlisted_active == []


def test_bots_are_not_people_but_their_commits_end_the_window(tmp_path: Path) -> None:
    """A bot's newest commit sets the window's end; its commits count for nobody."""
    files = {"MAINTAINERS.md": "- Jane Doe (@jdoe)\n- @dependabot\n"}
    commits = [CommitSpec("Jane Doe", "jane@acme.com", epoch("2022-01-01"), files=files)]
    commits += [
        CommitSpec(
            "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", epoch("2024-01-01")
        )
    ]
    roster = run_audit(build_repo(tmp_path / "repo", commits), EVIDENCE).roster
    assert roster is not None
    assert roster.window_end == date(2024, 1, 1)
    assert [p.label for p in roster.listed] == ["Jane Doe"]
    assert [p.label for p in roster.inactive] == ["Jane Doe"]
    assert roster.unlisted_active == [] and roster.window_commits == 0


def test_no_history_no_roster_and_nobody_listed(tmp_path: Path, capsys) -> None:
    """No git checkout: roster null. A history without listings: listed empty, and the text says so."""
    folder = write_files(tmp_path / "plain", {"MAINTAINERS.md": "- Jane Doe (@jdoe)\n"})
    assert run_audit(folder, EVIDENCE).to_dict()["roster"] is None
    repo = build_repo(tmp_path / "repo", [CommitSpec("Ann", "ann@acme.com", epoch("2024-01-01"))])
    data = run_audit(repo, EVIDENCE).to_dict()["roster"]
    assert data["listed"] == [] and data["inactive"] == [] and data["organisations"] == {}
    assert [p["name"] for p in data["unlisted_active"]] == ["Ann"]
    assert main(["audit", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "nobody is listed in a MAINTAINERS or CODEOWNERS file\n" in out
    assert "active, not listed: Ann (1 of 1)" in out
    playbook = builtin_playbook()
    plan_path = tmp_path / "plan.toml"
    store.create(plan_path, new_plan(playbook, "Demo", today=date(2024, 1, 1)), playbook)
    assert main(["audit", str(repo), "--plan", str(plan_path)]) == 0
    words = " ".join(capsys.readouterr().out.split())
    assert (
        "nobody is listed in a MAINTAINERS or CODEOWNERS file, the plan's teams or its conduct committee"
        in words
    )
    assert main(["audit", str(repo), "--plan", str(plan_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["roster"]["sources"] == ["plan"]


def test_text_output_shows_the_roster(tmp_path: Path, capsys) -> None:
    """The summary lists maintainers (commits, last commit), the inactive, the unlisted, organisations."""
    assert main(["audit", str(roster_repo(tmp_path / "repo"))]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Maintainers  (commits from 2023-06-16 to 2024-06-15)") :]
    assert "read from MAINTAINERS.md, .github/CODEOWNERS\n" in section
    assert "inactive: Old Timer, Ghost Writer" in section
    assert "active, not listed: Heavy (12 of 21)" in section
    assert "organisations: acme.com 2" in section and "unknown 1" in section
    rows = {line.split()[0]: line.split() for line in section.splitlines() if line.strip()}
    assert rows["Old"][-2:] == ["2021-03-02", "inactive"]
    assert rows["Ghost"][-2:] == ["never", "inactive"]


def test_hostile_names_are_literal_in_text_and_json(tmp_path: Path, capsys) -> None:
    """Markup and escape sequences in listed names and commit authors print as visible text."""
    hostile_listed = "[bold]Zed[/bold] \x1b[2Jgone"
    hostile_author = "[red]Mal[/] \x07\x1b]0;title\x07"
    files = {"MAINTAINERS.md": f"| Name | Email |\n|---|---|\n| {hostile_listed} | zed@zed.org |\n"}
    commits = [
        CommitSpec(hostile_author, "mal@evil.org", epoch("2024-01-01") + i, files=files) for i in range(3)
    ]
    repo = build_repo(tmp_path / "repo", commits)
    assert main(["audit", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold]Zed[/bold] \\x1b[2Jgone" in out
    assert "[red]Mal[/] \\x07\\x1b]0;title\\x07 (3 of 3)" in out
    assert main(["audit", str(repo), "--json"]) == 0
    roster = json.loads(capsys.readouterr().out)["roster"]
    assert roster["listed"][0]["name"] == hostile_listed
    assert roster["unlisted_active"][0]["name"] == hostile_author


# -- the maintainers step's proposal ----------------------------------------------------------
def test_maintainers_file_proposed_once_with_a_note_on_inactive_people(tmp_path: Path) -> None:
    """The MAINTAINERS file is the evidence, once; the note names who is inactive; accept keeps the note."""
    repo = roster_repo(tmp_path / "repo")
    write_files(repo, {"OWNERS": "approvers:\n- jdoe\n"})
    result = run_audit(repo, EVIDENCE)
    assert result.files["maintainers-file"] == ["MAINTAINERS.md", "OWNERS"]
    proposals = [p for p in result.proposals if p.item == "maintainers-file"]
    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.evidence == "MAINTAINERS.md"
    assert proposal.note == (
        "2 listed maintainers made no commit in the twelve months to 2024-06-15: Old Timer, Ghost Writer."
    )
    assert proposal.to_dict()["note"] == proposal.note
    playbook = builtin_playbook()
    plan = new_plan(playbook, "Demo", today=date(2024, 6, 20))
    assert accept(plan, proposal)
    assert plan.items["maintainers-file"].status == "done"
    assert plan.items["maintainers-file"].evidence == "MAINTAINERS.md"
    assert plan.items["maintainers-file"].note == proposal.note


def test_roster_file_proves_the_item_without_evidence_patterns(tmp_path: Path) -> None:
    """With a playbook that gives the item no patterns, the file the roster read still proves it."""
    files = {"docs/MAINTAINERS.rst": "* Jane Doe <jane@acme.com>\n"}
    repo = build_repo(
        tmp_path / "repo", [CommitSpec("Jane Doe", "jane@acme.com", epoch("2024-01-01"), files=files)]
    )
    result = run_audit(repo, {"license-file": ["LICENSE"]}, statuses={"maintainers-file": "todo"})
    assert [(p.item, p.evidence, p.note) for p in result.proposals] == [
        ("maintainers-file", "docs/MAINTAINERS.rst", "")
    ]
    decided = run_audit(repo, {"license-file": ["LICENSE"]}, statuses={"maintainers-file": "done"})
    assert decided.proposals == []
    unknown = run_audit(repo, {"license-file": ["LICENSE"]}, statuses={})
    assert "maintainers-file" not in unknown.files


def test_plan_people_join_the_roster_through_the_command(tmp_path: Path, capsys) -> None:
    """--plan adds the plan's team members and committee; a name ties them to a listed handle."""
    repo = roster_repo(tmp_path / "repo")
    playbook = builtin_playbook()
    plan = new_plan(playbook, "Demo", today=date(2024, 1, 1))
    plan.set_answer("governance", "teams", {"core": {"name": "Core", "members": ["Heavy", "Kim"]}})
    plan.set_answer("conduct", "committee", {"zoe": {"name": "Zoe Quinn", "contact": "@zoeq"}})
    path = tmp_path / "plan.toml"
    store.create(path, plan, playbook)
    assert main(["audit", str(repo), "--plan", str(path), "--json"]) == 0
    roster = json.loads(capsys.readouterr().out)["roster"]
    assert roster["sources"][-1] == "plan"
    listed = by_name(roster["listed"])
    assert listed["Heavy"]["commits_12m"] == 12
    # "Kim" in the plan and @kim in CODEOWNERS are one person, tied by the commits
    assert [p["name"] for p in roster["listed"]].count("Kim") == 1
    assert listed["Kim"]["handle"] == "kim" and listed["Kim"]["commits_12m"] == 3
    assert listed["Zoe Quinn"] == {
        "name": "Zoe Quinn",
        "handle": "zoeq",
        "commits_12m": 0,
        "last_commit": None,
    }
    assert roster["unlisted_active"] == []


def test_since_after_the_window_start_is_noted(tmp_path: Path) -> None:
    """Reading the history from a later date says the roster saw only part of the twelve months."""
    result = run_audit(roster_repo(tmp_path / "repo"), EVIDENCE, since="2024-03-01")
    assert result.roster is not None
    assert any("roster counts commits from 2024-03-01 only" in note for note in result.notes)
    assert by_name([p.to_dict() for p in result.roster.listed])["jane DOE"]["commits_12m"] == 0


# -- memory -----------------------------------------------------------------------------------
def test_day_tallies_stay_within_a_year_of_the_newest_commit() -> None:
    """Five years of daily commits, oldest first, leave at most two years of day tallies."""
    counter = HistoryCounter()
    start = epoch("2019-01-01")
    days = (date(2024, 1, 1) - date(2019, 1, 1)).days
    lines = (
        f"{'0' * 40}\x00A{n % 7}\x00a{n % 7}@acme.com\x00{start + n * 86_400}\n".encode() for n in range(days)
    )
    counter.consume(lines)
    assert len(counter._days) <= 2 * YEAR_DAYS + 1
    activity = counter.activity()
    assert activity is not None
    assert activity.window_end == date(2023, 12, 31)
    assert sum(activity.window_commits.values()) == 365
    assert len(activity.last_commit) == 7


def test_an_applied_audit_keeps_the_roster_and_the_report_shows_it(tmp_path: Path, capsys) -> None:
    """--apply stores the roster in the plan (it reads back the same) and the report says
    who is listed, who is inactive and who commits without being listed."""
    from cfos_tui.report import render_report

    repo = roster_repo(tmp_path / "repo")
    plan_path = tmp_path / "plan.toml"
    playbook = builtin_playbook()
    store.create(plan_path, new_plan(playbook, "P", today=date(2024, 6, 20)), playbook)
    assert main(["audit", str(repo), "--plan", str(plan_path), "--apply", "--today", "2024-06-20"]) == 0
    capsys.readouterr()
    audit = store.load(plan_path).plan.audit
    assert audit is not None and audit.roster_until == date(2024, 6, 15)
    assert list(audit.maintainers) == ["jane DOE", "Old Timer", "Ghost Writer", "Lu", "Kim"]
    assert "Old Timer" in audit.inactive
    report = render_report(store.load(plan_path).plan, playbook, date(2024, 6, 20))
    assert "**Maintainers:** 5 listed, from" in report
    assert "commits in the twelve months to 2024-06-15:" in report
    assert "**Listed, with no commit in the twelve months to 2024-06-15:** " in report
    assert "Old Timer" in report.split("**Listed, with no commit")[1].splitlines()[0]
    assert "**Made most of the commits in the twelve months to 2024-06-15, not listed:** " in report


def test_the_plans_maintainers_records_are_listed_with_their_affiliations(tmp_path: Path, capsys) -> None:
    """The maintainers step's records join the roster; the affiliation they state wins over
    an email's domain; emeritus and suggested records are not listed."""
    repo = roster_repo(tmp_path / "repo")
    playbook = builtin_playbook()
    plan = new_plan(playbook, "Demo", today=date(2024, 1, 1))
    plan.set_answer(
        "maintainers",
        "maintainers",
        {
            "heavy": {"name": "Heavy", "affiliation": "Globex Research", "status": "active"},
            "zed": {"name": "Zed Q", "handle": "@zed-q", "affiliation": "Acme"},
            "past": {"name": "Past One", "status": "emeritus"},
            "maybe": {"name": "Maybe Later", "suggested": True},
        },
    )
    path = tmp_path / "plan.toml"
    store.create(path, plan, playbook)
    assert main(["audit", str(repo), "--plan", str(path), "--json"]) == 0
    roster = json.loads(capsys.readouterr().out)["roster"]
    listed = by_name(roster["listed"])
    assert listed["Zed Q"]["handle"] == "zed-q"
    assert listed["Heavy"]["commits_12m"] == 12
    assert "Past One" not in listed and "Maybe Later" not in listed
    assert roster["organisations"]["Globex Research"] == 1  # not globex.com, the email's domain
    assert roster["organisations"]["Acme"] == 1
