"""The community's page: its first screen, its sections, what it leaves out, its
anchors, its glossary, hostile text and the command line's --audience."""

from __future__ import annotations

import copy
import itertools
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cfos_tui import store
from cfos_tui.cli import main
from cfos_tui.community.page import GLOSSARY, render_community_page
from cfos_tui.kinds import SUGGESTED
from cfos_tui.plan import Plan, add_decision, new_plan
from cfos_tui.playbook import Playbook, builtin_playbook
from cfos_tui.report import render_report
from tests.fixtures.report_checks import anchors, fill_answers, tables, unescaped_pipes

ROOT = Path(__file__).resolve().parents[2]
NEBARI = ROOT / "plans" / "nebari.toml"
TODAY = date(2024, 6, 30)
PLAYBOOK = builtin_playbook()
PARSER = MarkdownIt("commonmark").enable("table")
FIRST_SCREEN = 25

SECTIONS = [
    "## Start here",
    "## About the project",
    "## Who's who",
    "### Teams",
    "### Maintainers",
    "### Code of conduct committee",
    "### Security response team",
    "## How decisions are made",
    "### Recent decisions",
    "## Stewardship",
    "### Who funds the project",
    "### Who holds the name and the accounts",
    "### A neutral legal home",
    "### What is still private, and until when",
    "## Getting involved",
    "## Where help is wanted",
    "## Glossary",
]
OUR_HEADINGS = {*SECTIONS, "## The people we build for"}
MENTION = re.compile(r"(?<![A-Za-z0-9._%+-])@(?=[A-Za-z0-9])")


@pytest.fixture(scope="module")
def nebari() -> Plan:
    return store.load(NEBARI).plan


def page_of(plan: Plan, today: date = TODAY) -> str:
    return render_community_page(plan, PLAYBOOK, today)


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.split("\n") if line.startswith("#")]


def section(markdown: str, heading: str) -> str:
    """The text from ``heading`` to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = markdown.index(f"\n{heading}\n")
    end = re.compile(rf"^#{{1,{len(level)}}} ", re.MULTILINE).search(markdown, start + len(heading) + 2)
    return markdown[start : end.start() if end else len(markdown)]


def assert_well_formed(markdown: str) -> None:
    """Tables keep their columns, every heading is ours and has an anchor of its own,
    links go to the web, and nothing from the plan opens HTML, code, a quote or a mention."""
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    lines = markdown.split("\n")
    assert markdown.splitlines() == lines[:-1]
    assert all(line == line.rstrip() for line in lines)
    for found in tables(markdown):
        columns = unescaped_pipes(found[0])
        assert all(unescaped_pipes(row) == columns for row in found), found
    for number, line in enumerate(lines):
        if line.lstrip(" ").startswith("#"):
            assert (number == 0 and line.startswith("# Welcome to ")) or line in OUR_HEADINGS, line
    assert re.search(r"<(?!br>)(?! |$)", markdown, re.MULTILINE) is None
    assert MENTION.search(markdown) is None
    tokens = PARSER.parse(markdown)
    assert {t.type for t in tokens} <= {
        "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline",
        "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close",
        "table_open", "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close",
        "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
    }  # fmt: skip
    assert sum(t.type == "heading_open" for t in tokens) == len(headings(markdown))
    assert sum(t.type == "list_item_open" for t in tokens) == sum(
        line.lstrip(" ").startswith("- ") for line in lines
    )
    found = anchors(markdown)
    assert len(found) == len(set(found)), "two headings share an anchor"
    for token in tokens:
        for child in token.children or []:
            assert child.type not in ("html_inline", "code_inline", "image") or child.content == "<br>"
            if child.type == "link_open":
                assert child.markup != "autolink" and re.match(r"https?://", str(child.attrs["href"]))


# --- the Nebari example ---------------------------------------------------------------


def test_start_here_is_on_the_first_screen(nebari: Plan) -> None:
    """The page opens with what the project is and, within 25 lines, the whole Start
    here block: where to ask, a bug, a first issue, the meeting, conduct and security."""
    page = page_of(nebari)
    lines = page.split("\n")
    assert lines[0] == "# Welcome to Nebari"
    assert lines[2].startswith("Any team can run an open, secure data science platform")
    first = next(number for number, line in enumerate(lines) if line.startswith("## "))
    assert lines[first] == "## Start here" and first < FIRST_SCREEN
    end = next(number for number, line in enumerate(lines) if number > first and line.startswith("## "))
    assert end <= FIRST_SCREEN
    block = "\n".join(lines[first:end])
    # the meeting, the longest entry, comes after the conduct and security lines
    assert block.index("Report a security problem") < block.index("Come to the community meeting")
    for label in (
        "**Ask a question:** GitHub Discussions in the nebari repository",
        "**Report a bug:** open an issue in github.com/nebari-dev/nebari, with the Bug report form",
        "**Find a first issue:** look for issues labelled “good first issue”",
        "**Come to the community meeting:** Every other Tuesday, 16:00 UTC",
        "  - **Agenda:** From July, a discussion in the Community meetings category",
        '  - **Notes:** The "Community meetings" category of GitHub Discussions',
        "**Report a conduct problem** in any of these ways:\n  - The incident report web form",
        "**Report a security problem** privately, never in a public issue: GitHub private "
        "vulnerability reporting ([https://github.com/nebari-dev/nebari/security/advisories/new]",
    ):
        assert label in block, label


def test_sections_of_the_nebari_example(nebari: Plan) -> None:
    """Every section has answers in the Nebari plan, in this order, and none is empty."""
    page = page_of(nebari)
    assert headings(page)[1:] == SECTIONS
    for heading in SECTIONS:
        body = section(page, heading).split("\n", 2)[2]
        assert any(line.strip() and not line.startswith("#") for line in body.split("\n")), heading
    assert_well_formed(page)


def test_whos_who_and_stewardship_come_from_the_records(nebari: Plan) -> None:
    """Teams with members and how to join, maintainers with affiliations, the committee,
    the asset holders and the sponsor's commitment."""
    page = page_of(nebari)
    teams = section(page, "### Teams")
    assert "**Core**: Leads the project" in teams
    assert "- **Members:** Ines Okafor, Mateo Lindqvist, Hana Sato, Tomasz Wieczorek" in teams
    assert "- **How to join:** Nominated, or self-nominated, in Discussions" in teams
    assert "| Tomasz Wieczorek | Consortium university | Deployment, infrastructure" in page
    assert "| Ruth Abebe | Independent (volunteer) | Documentation |" in page
    assert "| Hana Sato | Core team; community manager | hana.sato@nebari.dev |" in page
    held = section(page, "### Who holds the name and the accounts")
    assert "| The nebari.dev domain, its registrar account and DNS | Mateo Lindqvist, through" in held
    assert "**The sponsor's commitment holds at least until:** 2025-12-31" in page
    assert "### What is still private, and until when\n\nThe Larchwood \\#qhub-dev Slack" in page


def test_decisions_in_plain_words_with_the_recent_ones(nebari: Plan) -> None:
    """The decision model is a sentence, not an option id; the newest five decisions
    follow, with their date and, when there is one, their link."""
    decisions = section(page_of(nebari), "## How decisions are made")
    assert "Decisions are taken by consent: a proposal goes ahead unless" in decisions
    recent = [line for line in decisions.split("\n") if line.startswith("- ")]
    assert len(recent) == 5
    assert recent[0].startswith("- 2024-06-14: Tomasz Wieczorek becomes an owner")
    assert recent[3] == (
        "- 2024-03-11: [Conduct committee: Hana Sato and Tomasz Wieczorek]"
        "(https://github.com/nebari-dev/governance/blob/main/code-of-conduct/coc_enforcement.md)"
    )
    assert "Keep BSD-3-Clause" not in decisions  # the sixth and seventh are older
    assert "Core team, by consent" not in decisions  # who decided is the log's, not the page's


def test_option_ids_read_as_words(nebari: Plan) -> None:
    """Cadence, channel, legal home, archetypes and contributor terms are words."""
    page = page_of(nebari)
    assert "**Kind of home:** A fiscal sponsor" in page
    assert "**Where the project stands today:** Vendor-led (one company leads; others contribute)" in page
    assert "**Where it is heading:** Community-led" in page
    assert "**What you agree to when you contribute:** Nothing beyond the project's license" in page
    for option in ("biweekly", "github-private-reporting", "fiscal-sponsor", "vendor-led", "community-led"):
        assert option not in page


def test_no_internal_tracking(nebari: Plan) -> None:
    """No owner of open work, nothing overdue or late, no business goal, no progress,
    no reminders, no item notes and no personas until they are published."""
    plan = copy.deepcopy(nebari)
    open_items = [state for state in plan.items.values() if not state.complete]
    for number, state in enumerate(open_items):
        state.owner = f"Quill Owner{number}"
    page = page_of(plan)
    assert "Quill Owner" not in page
    assert not re.search(r"overdue|days? late|next up|progress|no owner|to do\b", page, re.IGNORECASE)
    assert "▓" not in page and "░" not in page and "%" not in page
    for goal in plan.answers["vision"]["business-goals"]:
        assert goal not in page
    for reminder in plan.reminders.values():
        assert reminder.habit not in page
    for state in plan.items.values():
        if state.note:
            assert state.note not in page
    assert "Olu, research platform engineer" not in page and "## The people we build for" not in page
    plan.items["personas-published"].status = "done"
    published = page_of(plan)
    assert "## The people we build for" in published
    assert "- **Olu, research platform engineer**: Operators · Runs the shared analysis platform" in published


def test_where_help_is_wanted_names_open_items_without_an_owner(nebari: Plan) -> None:
    """Open items nobody took in the steps a newcomer can help with, by title only; the
    team's own work (the legal home, the sponsor, governance) is not offered."""
    from cfos_tui.community.page import HELP_STEPS

    wanted = section(page_of(nebari), "## Where help is wanted")
    listed = [line[2:] for line in wanted.split("\n") if line.startswith("- ")]
    expected = [
        item.title
        for item in PLAYBOOK.counted_items
        if item.step in HELP_STEPS and not nebari.items[item.id].complete and not nebari.items[item.id].owner
    ]
    assert listed == expected == ["Response targets for new issues and pull requests are published"]
    assert "Decision-makers come from more than one organisation" not in wanted
    assert "say so in GitHub Discussions in the nebari repository" in wanted


def test_a_new_plan_offers_a_few_open_items_not_the_whole_checklist() -> None:
    from cfos_tui.community.page import HELP_WANTED

    fresh = new_plan(PLAYBOOK, "X", today=date(2024, 6, 1))
    wanted = section(render_community_page(fresh, PLAYBOOK, date(2024, 6, 1)), "## Where help is wanted")
    listed = [line[2:] for line in wanted.split("\n") if line.startswith("- ")]
    assert len(listed) == HELP_WANTED + 1 and listed[-1].startswith("… and ")
    assert not any("veto" in title or "Two-factor" in title for title in listed)


def test_glossary_explains_the_terms_the_page_uses(nebari: Plan) -> None:
    """RFD, DCO, consent and lazy consensus always; other terms when the page uses them."""
    glossary = section(page_of(nebari), "## Glossary")
    terms = re.findall(r"^- \*\*([^*]+):\*\* ", glossary, re.MULTILINE)
    for term in ("RFD", "DCO", "Consent", "Lazy consensus", "Emeritus", "Triage", "Fiscal sponsor"):
        assert term in terms
    assert "BDFL" not in terms and "CVE" not in terms
    assert terms == sorted(terms, key=str.lower)
    assert all(GLOSSARY[term] in glossary for term in terms)


def test_every_heading_has_an_anchor_of_its_own(nebari: Plan) -> None:
    """No two headings give the same GitHub anchor, the title included."""
    found = anchors(page_of(nebari))
    assert len(found) == len(set(found))
    assert found[:3] == ["welcome-to-nebari", "start-here", "about-the-project"]
    assert "whos-who" in found


def test_the_page_is_deterministic(nebari: Plan) -> None:
    """The same plan and date give the same bytes; the date is the one given."""
    assert page_of(nebari) == page_of(nebari)
    assert page_of(nebari).endswith("as it stood on 2024-06-30.*\n")
    assert "2023-01-01" in page_of(nebari, date(2023, 1, 1))


# --- plans with little in them ----------------------------------------------------------


def test_sections_without_answers_are_left_out(playbook: Playbook) -> None:
    """A plan with one answer has a Start here of one line, where help is wanted, and the
    glossary: no empty section, no placeholder, no starter values still suggested."""
    plan = new_plan(playbook, "Tiny", today=TODAY, team=["Ana"])
    plan.set_answer("communication", "questions-channel", "https://forum.example.org")
    for state in plan.items.values():
        state.owner = "Ana"
    page = page_of(plan)
    assert headings(page) == ["# Welcome to Tiny", "## Start here", "## Glossary"]
    assert "- **Ask a question:** [https://forum.example.org](https://forum.example.org)." in page
    assert "Accessibility and inclusion" not in page  # a starter value, suggested only
    assert not re.search(r"not (yet )?(named|decided|answered)|to be written|—", page)
    empty = page_of(new_plan(playbook, "Empty", today=TODAY, team=[]))
    assert headings(empty)[0] == "# Welcome to Empty"
    assert "## Start here" not in empty and "## About the project" not in empty


def test_agreed_values_are_shown_and_suggestions_are_not(playbook: Playbook) -> None:
    """A value the team accepted appears under About; one still suggested does not."""
    plan = new_plan(playbook, "Tiny", today=TODAY, team=[])
    values = plan.answers["values"]["values"]
    first, second = list(values)[:2]
    values[first][SUGGESTED] = False
    page = page_of(plan)
    assert f"- **{values[first]['value']}**: " in page
    assert values[second]["value"] not in page


# --- hostile text -------------------------------------------------------------------------

HOSTILE = [
    "@alice and @org/team, please look",
    "# heading\n## another",
    "<script>alert(1)</script> <b>x</b> <!-- c --> <https://x.org>",
    "| a | b |\n|---|---|",
    "- item\n> quote\n1. first",
    "`code` *em* _u_ [link](https://x.org) ![i](y)",
    "&amp; &copy; &#124; Q&A -> a < b",
    "line\r\nbreak\u2028ls\x1b[31m",
]


def fill(plan: Plan, playbook: Playbook, values: list[str]) -> Plan:
    """Every answer, record, decision, item owner and the project's name from ``values``."""
    pool = itertools.cycle(values)
    plan.project = next(pool)
    fill_answers(plan, playbook, pool)
    for index, state in enumerate(plan.items.values()):
        state.status = ("todo", "doing", "done", "n/a")[index % 4]
        state.owner = next(pool) if index % 3 else ""
    for number in (1, 2, 3):
        add_decision(plan, date(2024, 1, number), next(pool), next(pool), next(pool))
    add_decision(plan, date(2024, 2, 1), next(pool), f"https://example.org/{next(pool)}", next(pool))
    return plan


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_literal_and_pings_nobody(playbook: Playbook, text: str) -> None:
    """User text opens no heading, HTML, link, code, quote or table column, and an
    @name still reads @name without being a mention."""
    plan = fill(new_plan(playbook, "x", today=TODAY, team=[]), playbook, [text])
    plan.items["personas-published"].status = "done"
    page = page_of(plan)
    assert_well_formed(page)
    assert "<script>" not in page and "<b>" not in page
    if "@alice" in text:
        assert "@&#8288;alice" in page
        tokens = PARSER.parse(page)
        shown = "".join(child.content for t in tokens for child in t.children or [] if child.type == "text")
        assert "@\u2060alice and @\u2060org/team" in shown


TEXTS = st.one_of(
    st.text(),
    st.text(alphabet="|#`*_[]<>&@-+=.)(1 9\\~$!:\n\r\t\x00\x1b\x85\u2028ab"),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=8), st.booleans())
def test_arbitrary_answers_never_add_a_heading(values: list[str], published: bool) -> None:
    """Whatever the answers say, every heading is one of the page's own, each has its
    own anchor, tables keep their columns and the page is the same twice."""
    plan = fill(new_plan(PLAYBOOK, "x", today=TODAY, team=[]), PLAYBOOK, values)
    if published:
        plan.items["personas-published"].status = "done"
    page = page_of(plan)
    assert page == page_of(plan)
    assert_well_formed(page)
    assert set(headings(page)[1:]) <= OUR_HEADINGS


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CFOS_PLAN_TODAY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_audience_community(isolated: Path, nebari: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    """--audience community prints the page, -o writes it; team (the default) is the report."""
    assert main(["export", str(NEBARI), "--audience", "community", "--today", "2024-06-30"]) == 0
    assert capsys.readouterr().out == page_of(nebari)
    out = isolated / "community.md"
    assert (
        main(["export", str(NEBARI), "--audience", "community", "--today", "2024-06-30", "-o", str(out)]) == 0
    )
    assert out.read_text(encoding="utf-8") == page_of(nebari)
    capsys.readouterr()
    report = render_report(nebari, PLAYBOOK, TODAY)
    for audience in ([], ["--audience", "team"]):
        assert main(["export", str(NEBARI), *audience, "--today", "2024-06-30"]) == 0
        assert capsys.readouterr().out == report


@pytest.mark.parametrize("value", ["public", "Community", ""])
def test_export_refuses_an_unknown_audience(
    isolated: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audience other than team or community is bad input: exit 2, one line, nothing written."""
    out = isolated / "page.md"
    assert main(["export", str(NEBARI), "--audience", value, "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"cfos-plan: --audience {value!r}: choose team or community"]
    assert not out.exists()


def test_export_help_names_both_audiences(capsys: pytest.CaptureFixture[str]) -> None:
    """`export --help` and the command list both show --audience team|community."""
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--audience team|community" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "export PLAN.toml [--audience team|community]" in capsys.readouterr().out


def test_the_community_page_imports_no_textual(tmp_path: Path) -> None:
    """Exporting the page stays on the domain floor: neither Textual nor Rich is imported."""
    code = (
        "import sys\n"
        "from cfos_tui.cli import main\n"
        f"main(['export', {str(NEBARI)!r}, '--audience', 'community', '-o', {str(tmp_path / 'p.md')!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
