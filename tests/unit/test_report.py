"""The Markdown report: content, order, determinism and escaping of user text."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from markdown_it import MarkdownIt

from cfos_tui.plan import (
    Plan,
    Reminder,
    add_decision,
    next_items,
    overdue_items,
    progress,
    record_review,
)
from cfos_tui.playbook import Playbook
from cfos_tui.report import (
    escape_block,
    escape_cell,
    escape_inline,
    plain_punctuation,
    progress_bar,
    render_report,
)
from tests.fixtures.report_checks import (
    PARSER,
    anchors,
    assert_well_formed,
    unescaped_pipes,
)

HOSTILE = [
    "a | b || c",
    "# heading",
    "## also a heading #",
    "`code` and ```fence```",
    "<script>alert(1)</script>",
    "- item",
    "+ item",
    "1. first",
    "2) second",
    "> quote",
    "[link](x) ![img](y) [ref]: http://z",
    "first line\nsecond | line\n# third\n- fourth",
    "crlf\r\n# after crlf\r# after cr",
    "=====",
    "---",
    "***bold*** _em_ ~~strike~~ $x$",
    "&amp; &lt;b&gt; &#124;",
    "trailing backslash \\",
    "\\| escaped pipe",
    "tab\tand    spaces\x00nul\x1b[31mred\x85nel\u2028ls",
    "    indented code",
]


# --- structure checkers (shared in spirit with the property tests) ----------------


# --- a plan with some answers ---------------------------------------------------


@pytest.fixture
def plan(fresh_plan: Plan, playbook: Playbook, today: date) -> Plan:
    """A plan with answers, items in every status, reminders, decisions and reviews."""
    plan = fresh_plan
    plan.set_answer("personas", "current-users", "Research groups running JupyterHub.\nA few companies.")
    plan.set_answer(
        "personas",
        "personas",
        {
            "maya": {
                "name": "Maya",
                "group": "operators",
                "role": "Platform engineer",
                "story": "Keeps a shared data platform running for 200 scientists.",
                "tools": ["Terraform", "Kubernetes"],
            }
        },
    )
    plan.set_answer("vision", "needs", ["Reproducible environments", "Cost control"])
    plan.set_answer("vision", "current-archetype", "vendor-led")
    plan.set_answer("license", "decision", "BSD-3-Clause")
    plan.set_answer(
        "conduct",
        "committee",
        {
            "ana": {"name": "Ana", "role": "Maintainer", "contact": "ana@example.org"},
            "bo": {"name": "Bo", "role": "Community manager", "conflicts": "Works for the sponsor"},
        },
    )
    plan.items["personas-drafted"].status = "done"
    plan.items["values-agreed"].status = "doing"
    plan.items["values-agreed"].owner = "Ana"
    plan.items["license-chosen"].due = date(2024, 5, 1)
    plan.items["license-chosen"].owner = "Bo"
    plan.items["coc-adopted"].due = date(2024, 4, 1)
    plan.items["license-file"].due = date(2024, 6, 1)
    plan.items["notice-file"].status = "n/a"
    plan.items["notice-file"].note = "No dependency asks for attribution"
    plan.reminders["public-decisions"].last_done = date(2024, 5, 1)  # weekly: due 2024-05-08
    plan.reminders["review-plan"].last_done = date(2024, 4, 1)  # quarterly: next 2024-07-01
    add_decision(plan, date(2024, 3, 20), "Adopt BSD-3-Clause", "https://github.com/org/repo/issues/7", "Ana")
    add_decision(plan, date(2024, 1, 5), "Keep the name", "", "Bo")
    add_decision(plan, date(2024, 2, 1), "Open the community meeting", "the March minutes", "Ana")
    record_review(plan, playbook, date(2024, 4, 1))
    plan.items["license-chosen"].status = "done"
    record_review(plan, playbook, date(2024, 3, 1), note="First look")
    plan.items["license-chosen"].status = "todo"
    return plan


def section(markdown: str, heading: str) -> str:
    """The text between ``heading`` and the next heading of the same or higher level."""
    level = heading.split(" ")[0]
    start = markdown.index(f"\n{heading}\n")
    pattern = re.compile(rf"^#{{1,{len(level)}}} ", re.MULTILINE)
    end = pattern.search(markdown, start + len(heading) + 2)
    return markdown[start : end.start() if end else len(markdown)]


def row_of(markdown: str, title: str) -> list[str]:
    """The cells of the first table row whose first cell is ``title``."""
    line = next(line for line in markdown.split("\n") if line.startswith(f"| {title} |"))
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


def test_title_date_and_playbook(plan: Plan, playbook: Playbook, today: date) -> None:
    """The report opens with the project's title, the given date and the playbook."""
    lines = render_report(plan, playbook, today).split("\n")
    assert lines[0] == "# Demo Project: community transition plan"
    assert "2024-05-15" in lines[2]
    assert "plan started on 2024-05-15" in lines[2]
    assert "community-first" in lines[2] and "version 2" in lines[2]


def test_date_comes_from_the_argument(plan: Plan, playbook: Playbook) -> None:
    """The report date is the argument, never the clock."""
    assert "Report generated on 1999-12-31" in render_report(plan, playbook, date(1999, 12, 31))


def test_summary_numbers_match_progress(plan: Plan, playbook: Playbook, today: date) -> None:
    """Overall and per-phase numbers in the summary are those of progress()."""
    markdown = render_report(plan, playbook, today)
    numbers = progress(plan, playbook)
    summary = section(markdown, "## Summary")
    overall = numbers.overall
    assert f"{overall.done} of {overall.total} items complete ({overall.percent}%)" in summary
    for phase in playbook.phases:
        count = numbers.phases[phase.id]
        cells = row_of(summary, phase.title)
        assert cells[1] == f"{count.done}/{count.total} ({count.percent}%)"
        assert cells[2] == progress_bar(count.done, count.total)
        assert f"Progress: {count.done}/{count.total} ({count.percent}%)" in section(
            markdown, f"## {phase.title}"
        )
    assert "**Overdue items:** 2" in summary
    assert "**Reminders due:** 6" in summary
    assert "**Team:** Ana, Bo" in summary


def test_item_rows_show_status_owner_due_and_note(plan: Plan, playbook: Playbook, today: date) -> None:
    """Each checklist row shows the item's state; the note column appears only where needed."""
    markdown = render_report(plan, playbook, today)
    title = playbook.item("personas-drafted").title
    assert row_of(markdown, title) == [title, "must", "done", "—", "—"]
    title = playbook.item("values-agreed").title
    assert row_of(markdown, title) == [title, "must", "doing", "Ana", "—"]
    title = playbook.item("license-chosen").title
    assert row_of(markdown, title) == [title, "must", "to do", "Bo", "2024-05-01 **(overdue)**", "—"]
    title = playbook.item("license-file").title
    assert row_of(markdown, title)[4] == "2024-06-01"
    title = playbook.item("notice-file").title
    assert row_of(markdown, title)[2:] == ["n/a", "—", "—", "No dependency asks for attribution"]
    assert "| Note |" in section(markdown, "### License")
    assert "| Note |" not in section(markdown, "### Core values")


def test_overdue_and_next_up_follow_the_plan_functions(plan: Plan, playbook: Playbook, today: date) -> None:
    """Overdue lists overdue_items in order with days late; Next up lists next_items
    without those already overdue."""
    markdown = render_report(plan, playbook, today)
    overdue = section(markdown, "## Overdue")
    expected = overdue_items(plan, playbook, today)
    assert expected == ["coc-adopted", "license-chosen"]
    bullets = [line for line in overdue.split("\n") if line.startswith("- ")]
    assert len(bullets) == 2
    assert playbook.item("coc-adopted").title in bullets[0] and "44 days late" in bullets[0]
    assert playbook.item("license-chosen").title in bullets[1] and "owner Bo" in bullets[1]
    upcoming = [line for line in section(markdown, "## Next up").split("\n") if line.startswith("- ")]
    expected_next = [item for item in next_items(plan, playbook, limit=7) if item not in expected][:5]
    assert [line.split("**")[1] for line in upcoming] == [
        playbook.item(item_id).title for item_id in expected_next
    ]


def test_next_up_does_not_repeat_the_overdue_items(plan: Plan, playbook: Playbook, today: date) -> None:
    """An overdue item is named once, under Overdue; Next up still names five others."""
    markdown = render_report(plan, playbook, today)

    def titles(heading: str) -> list[str]:
        return [
            line.split("**")[1] for line in section(markdown, heading).split("\n") if line.startswith("- ")
        ]

    overdue, upcoming = titles("## Overdue"), titles("## Next up")
    assert len(overdue) == 2 and len(upcoming) == 5
    assert not set(overdue) & set(upcoming)
    for item_id in next_items(plan, playbook)[:2]:
        assert playbook.item(item_id).title in overdue  # the two the plain list would repeat


def test_next_up_when_only_overdue_items_are_left(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """With every open item overdue, Next up says that the rest is complete instead of repeating them."""
    for item_id, state in fresh_plan.items.items():
        state.status = "done" if item_id != "coc-adopted" else "todo"
    fresh_plan.items["coc-adopted"].due = date(2024, 4, 1)
    markdown = render_report(fresh_plan, playbook, today)
    assert "## Next up\n\nEvery other checklist item is complete.\n" in markdown


def test_nothing_overdue_says_so(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """Empty sections get one short line instead of an empty list or table."""
    markdown = render_report(fresh_plan, playbook, today)
    assert "## Overdue\n\nNothing is overdue.\n" in markdown
    assert "## Decision log\n\nNo decisions are logged yet.\n" in markdown
    assert "## Review trend\n\nNo reviews are logged yet.\n" in markdown


def test_reminders_show_next_date_and_mark_due_ones(plan: Plan, playbook: Playbook, today: date) -> None:
    """A due reminder shows its next date marked due; a later one shows its date plainly."""
    markdown = render_report(plan, playbook, today)
    habit = plan.reminders["public-decisions"].habit
    assert row_of(markdown, habit)[-2:] == ["2024-05-01", "**2024-05-08 (due)**"]
    habit = plan.reminders["review-plan"].habit
    assert row_of(markdown, habit)[-2:] == ["2024-04-01", "2024-07-01"]
    habit = plan.reminders["welcome-first-time-contributors"].habit
    assert row_of(markdown, habit)[-2:] == ["never", "**2024-05-15 (due)**"]


def test_unknown_cadence_does_not_break_the_report(plan: Plan, playbook: Playbook, today: date) -> None:
    """A reminder with a cadence the program does not know is shown, not fatal."""
    plan.reminders["odd"] = Reminder(habit="Odd habit", cadence="fortnightly", last_done=date(2024, 1, 1))
    assert row_of(render_report(plan, playbook, today), "Odd habit")[-1] == "unknown cadence"


def test_decision_log_is_sorted_by_date(plan: Plan, playbook: Playbook, today: date) -> None:
    """Decisions appear oldest first whatever their order in the plan; only URLs are links."""
    log = section(render_report(plan, playbook, today), "## Decision log")
    rows = [line for line in log.split("\n") if line.startswith("| 2024")]
    assert [row[2:12] for row in rows] == ["2024-01-05", "2024-02-01", "2024-03-20"]
    assert "[https://github.com/org/repo/issues/7](https://github.com/org/repo/issues/7)" in rows[2]
    assert "| the March minutes |" in rows[1]


def test_review_trend_is_sorted_with_phase_numbers(plan: Plan, playbook: Playbook, today: date) -> None:
    """Reviews appear oldest first with overall and per-phase numbers and their note."""
    trend = section(render_report(plan, playbook, today), "## Review trend")
    rows = [line for line in trend.split("\n") if line.startswith("| 2024")]
    assert [row[2:12] for row in rows] == ["2024-03-01", "2024-04-01"]
    first = plan.reviews["2024-03-01"]
    cells = row_of(trend, "2024-03-01")
    assert cells[1] == f"{first.done}/{first.total} ({100 * first.done // first.total}%)"
    done, total = first.phases["foundations"]
    assert cells[4] == f"{done}/{total}"
    assert cells[-1] == "First look"


def test_answers_by_kind(plan: Plan, playbook: Playbook, today: date) -> None:
    """Lines and choices as bold labels, text as paragraphs, lists as bullets, records as
    a table (committee) or one sub-section each (personas); unanswered fields are left out."""
    markdown = render_report(plan, playbook, today)
    personas = section(markdown, "### Personas and user journeys")
    assert (
        "**Who uses the project today?**\n\nResearch groups running JupyterHub.\\\nA few companies."
        in personas
    )
    assert "Who could or should be using it" not in personas
    assert "#### Personas: Maya\n\n**Audience group:** Operators\n\n**Role:** Platform engineer" in personas
    assert "**Tools they use**\n\n- Terraform\n- Kubernetes" in personas
    assert personas.index("#### Personas: Maya") < personas.index("#### Checklist")
    vision = section(markdown, "### Vision board and stewardship")
    assert "**Needs it meets**\n\n- Reproducible environments\n- Cost control" in vision
    assert "**Where the project stands today:** Vendor-led (one company leads; others contribute)" in vision
    assert "**License decision (SPDX license expression):** BSD-3-Clause" in markdown
    conduct = section(markdown, "### Code of conduct and enforcement")
    assert row_of(conduct, "Ana") == ["Ana", "Maintainer", "ana@example.org", "—"]
    assert row_of(conduct, "Bo") == ["Bo", "Community manager", "—", "Works for the sponsor"]
    assert "Core values" in section(markdown, "### Core values")  # the seeded starters


def test_step_with_nothing_answered_says_so(plan: Plan, playbook: Playbook, today: date) -> None:
    """A step without answers has one short line, then its checklist."""
    brand = section(render_report(plan, playbook, today), "### Name, message and brand")
    assert "*Nothing decided yet.*" in brand
    assert "**" not in brand.split("#### Checklist")[0].replace("*Nothing decided yet.*", "")


def test_dates_in_answers_are_iso(plan: Plan, playbook: Playbook, today: date) -> None:
    """A date answer is written as YYYY-MM-DD, also inside a record table."""
    plan.set_answer("license", "current-license", date(2023, 1, 2))  # a wrong type still renders
    assert "**Current license:** 2023-01-02" in render_report(plan, playbook, today)


def test_render_is_deterministic(plan: Plan, playbook: Playbook, today: date) -> None:
    """The same plan and date give byte-identical output, ending in one newline."""
    first = render_report(plan, playbook, today)
    assert first == render_report(plan, playbook, today)
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert_well_formed(first, plan, playbook)


def test_later_date_changes_what_is_due(plan: Plan, playbook: Playbook) -> None:
    """Overdue and due marks depend on the date given, nothing else."""
    early = render_report(plan, playbook, date(2024, 3, 1))
    assert "Nothing is overdue." in early
    assert "**Reminders due:** 5" in early


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_everywhere_cannot_break_the_markdown(
    fresh_plan: Plan, playbook: Playbook, today: date, text: str
) -> None:
    """User text with pipes, headings, code, HTML, list markers, links and newlines
    keeps every table's columns, opens no heading, list, code or HTML of its own."""
    plan = fill_everywhere(fresh_plan, playbook, text)
    markdown = render_report(plan, playbook, today)
    assert_well_formed(markdown, plan, playbook)
    assert "<script>" not in markdown
    if "<script>" in text:
        assert "&lt;script>" in markdown


def fill_everywhere(plan: Plan, playbook: Playbook, text: str) -> Plan:
    """Put ``text`` into every text the report shows: project, team, answers of every
    kind, records, item owner and note, reminders, decisions and reviews."""
    plan.project = text
    plan.team = [text, "Bo"]
    for step in playbook.steps:
        for spec in step.fields:
            if spec.kind in ("line", "text", "choice"):
                plan.set_answer(step.id, spec.id, text)
            elif spec.kind == "list":
                plan.set_answer(step.id, spec.id, [text, f"second {text}"])
            elif spec.kind == "records":
                record = {
                    column.id: [text] if column.kind == "list" else text
                    for column in spec.columns
                    if column.kind != "date"
                }
                plan.set_answer(step.id, spec.id, {"one": record, "two": dict(record)})
    for state in plan.items.values():
        state.owner = text
        state.note = text
        state.evidence = text
        state.due = date(2024, 5, 1)
    for reminder in plan.reminders.values():
        reminder.habit = reminder.channel = reminder.owner = text
    add_decision(plan, date(2024, 1, 1), text, text, text)
    add_decision(plan, date(2024, 1, 2), text, "https://example.org/a b", text)
    add_decision(plan, date(2024, 1, 3), text, "https://example.org/x)|`<y>", text)
    record_review(plan, playbook, date(2024, 2, 1), note=text)
    return plan


def test_links_only_for_http_urls(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """Evidence and decision links are links only when they are http(s) URLs without spaces."""
    add_decision(fresh_plan, date(2024, 1, 1), "A", "javascript:alert(1)")
    add_decision(fresh_plan, date(2024, 1, 2), "B", "https://example.org/a b")
    add_decision(fresh_plan, date(2024, 1, 3), "C", "https://example.org/x_(y)|z")
    fresh_plan.items["license-file"].evidence = "LICENSE"
    fresh_plan.items["license-chosen"].evidence = "https://example.org/issue/1"
    markdown = render_report(fresh_plan, playbook, today)
    assert row_of(markdown, "2024-01-01")[2] == "javascript:alert(1)"
    assert row_of(markdown, "2024-01-02")[2] == "https://example.org/a b"
    assert row_of(markdown, "2024-01-03")[2] == (
        "[https://example.org/x\\_(y)\\|z](https://example.org/x_\\(y\\)%7Cz)"
    )
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    hrefs = [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]
    assert [href for href in hrefs if not href.startswith("#")] == [
        "https://example.org/issue/1",
        "https://example.org/x_(y)%7Cz",
    ]
    assert "| LICENSE |" in markdown
    assert_well_formed(markdown, fresh_plan, playbook)


def test_escape_inline() -> None:
    """Markdown punctuation is escaped, HTML becomes entities, block markers lose power."""
    assert escape_inline("# heading") == "\\# heading"
    assert escape_inline("- item") == "\\- item"
    assert escape_inline("+ item") == "\\+ item"
    assert escape_inline("12. item") == "12\\. item"
    assert escape_inline("3) item") == "3\\) item"
    assert escape_inline("> quote") == "&gt; quote"
    assert escape_inline("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert escape_inline("`x` *y* _z_ [a](b) ~s~ $m$") == "\\`x\\` \\*y\\* \\_z\\_ \\[a\\](b) \\~s\\~ \\$m\\$"
    assert escape_inline("a\\b") == "a\\\\b"
    assert escape_inline("one\n- two\r\nthree") == "one \\- two three"
    assert escape_inline("one\ntwo", breaks="<br>") == "one<br>two"
    assert escape_inline("nul\x00 esc\x1b") == "nul\ufffd esc\ufffd"
    assert escape_inline("  padded  ") == "padded"
    assert escape_inline("plain words, 1.5 and a-b") == "plain words, 1.5 and a-b"


def test_escape_cell() -> None:
    """Cells escape pipes and turn line breaks into <br>."""
    assert escape_cell("a | b") == "a \\| b"
    assert escape_cell("a\nb\r\n\nc") == "a<br>b<br>c"
    assert escape_cell("") == ""
    assert unescaped_pipes(escape_cell("|\\|\\\\|")) == 0


def test_escape_block() -> None:
    """Paragraph text keeps its lines as hard breaks and its blank lines as paragraphs."""
    assert escape_block("one\ntwo\n\n\nthree") == "one\\\ntwo\n\nthree"
    assert escape_block("# title\n- item\n1. first\n---\n    code") == (
        "\\# title\\\n\\- item\\\n1\\. first\\\n\\---\\\ncode"
    )
    assert escape_block("ends with \\\nnext") == "ends with \\\\\\\nnext"
    assert escape_block("\n\n") == ""


def test_progress_bar() -> None:
    """The bar rounds down like the percentages and copes with empty totals."""
    assert progress_bar(0, 10) == "░" * 10
    assert progress_bar(5, 10) == "▓" * 5 + "░" * 5
    assert progress_bar(99, 100) == "▓" * 9 + "░"
    assert progress_bar(3, 3) == "▓" * 10
    assert progress_bar(0, 0) == "░" * 10


def test_where_the_project_stands_comes_from_the_audit(plan: Plan, playbook: Playbook, today: date) -> None:
    """An applied audit adds its section after the summary, with hostile text escaped."""
    from cfos_tui.plan import AuditSnapshot, QuarterSnapshot

    assert "## Where the project stands" not in render_report(plan, playbook, today)
    plan.audit = AuditSnapshot(
        date=today,
        head="0123456789abcdef",
        license="BSD-3-Clause",
        license_file="LICENSE",
        found={"license-file": ["LICENSE"]},
        missing=["security-policy"],
        commits=120,
        contributors=9,
        bus_factor=2,
        elephant_factor=1,
        organizations={"Acme | <b>Corp</b>": 0.75, "alex": 0.25},
        quarters={"2024Q1": QuarterSnapshot(40, 5, 2, 0.8)},
    )
    text = render_report(plan, playbook, today)
    section = text[text.index("## Where the project stands") : text.index("## Guiding principles")]
    assert text.index("## Summary") < text.index("## Where the project stands")
    assert "**License:** BSD-3-Clause (in LICENSE)" in section
    assert "| A LICENSE file is in every repository | found | LICENSE |" in section
    assert (
        "| A security policy explains how to report vulnerabilities privately | not in the checkout"
        in section
    )
    assert "**Bus factor:** 2" in section and "**Elephant factor:** 1" in section
    assert "| Acme \\| &lt;b>Corp&lt;/b> | 75% |" in section
    assert "| 2024Q1 | 40 | 5 | 2 | 80% |" in section
    assert_well_formed(text, plan, playbook)


def audited(plan: Plan, today: date, found: dict[str, list[str]], missing: list[str]) -> Plan:
    from cfos_tui.plan import AuditSnapshot

    plan.audit = AuditSnapshot(date=today, found=found, missing=missing, commits=3, contributors=1)
    return plan


def test_where_the_project_stands_agrees_with_the_checklist(
    plan: Plan, playbook: Playbook, today: date
) -> None:
    """A file the audit did not find is never "missing" for an item the checklist marks
    done or n/a; an item that could come from the organisation's defaults says so, with
    a warning that a clone cannot show them; other items say only that no file was found."""
    plan.items["license-file"].status = "done"
    plan.items["license-file"].evidence = "https://example.org/LICENSE"
    plan.items["dependency-licenses-reviewed"].status = "done"
    audited(
        plan,
        today,
        {},
        ["license-file", "notice-file", "dependency-licenses-reviewed", "security-policy", "changelog"],
    )
    text = render_report(plan, playbook, today)
    stands = section(text, "## Where the project stands")

    def cell(item_id: str) -> str:
        return row_of(stands, playbook.item(item_id).title)[1]

    assert cell("license-file") == "done in the checklist"
    assert row_of(stands, playbook.item("license-file").title)[2] == (
        "[https://example.org/LICENSE](https://example.org/LICENSE)"
    )
    assert cell("dependency-licenses-reviewed") == "done in the checklist"
    assert cell("notice-file") == "n/a in the checklist"
    assert cell("security-policy") == "not in the checkout; may be an organisation default"
    assert cell("changelog") == "no file found"
    assert "| missing |" not in stands
    warning = next(line for line in stands.split("\n") if line.startswith("**Organisation defaults:**"))
    assert ".github repository" in warning and "clone" in warning and "--org-defaults" in warning
    assert playbook.item("security-policy").title in warning
    assert playbook.item("changelog").title not in warning
    assert_well_formed(text, plan, playbook)


def test_no_defaults_warning_once_the_defaults_were_read(plan: Plan, playbook: Playbook, today: date) -> None:
    """When the audit looked at the organisation's defaults (a path found there), or no
    missing item could come from them, there is no warning."""
    audited(plan, today, {"coc-adopted": ["org-defaults:CODE_OF_CONDUCT.md"]}, ["security-policy"])
    assert "**Organisation defaults:**" not in render_report(plan, playbook, today)
    audited(plan, today, {}, ["changelog"])
    assert "**Organisation defaults:**" not in render_report(plan, playbook, today)


def test_every_heading_has_an_anchor_of_its_own(plan: Plan, playbook: Playbook, today: date) -> None:
    """Checklists are named after their step, the reminders' section is not called like
    the reminders step, and records with the same name get headings that differ."""
    plan.set_answer(
        "personas",
        "personas",
        {
            "a": {"name": "Maya", "role": "One"},
            "b": {"name": "Maya", "role": "Two"},
            "c": {"name": "Maya (2)"},
        },
    )
    markdown = render_report(plan, playbook, today)
    found = anchors(markdown)
    assert len(found) == len(set(found))
    assert "checklist-personas-and-user-journeys-13" in found
    assert "#### Checklist (" not in markdown
    assert "### Habit reminders" in markdown and "## Reminder schedule" in markdown
    assert "\n## Habit reminders\n" not in markdown
    maya = [line for line in markdown.split("\n") if line.startswith("#### Personas: Maya")]
    assert maya == ["#### Personas: Maya", "#### Personas: Maya (2)", "#### Personas: Maya (2) (2)"]
    assert_well_formed(markdown, plan, playbook)


def test_choice_answers_read_as_words(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """Option ids become their words, in answers and in records' columns; a value the
    words do not know is shown as it is."""
    fresh_plan.set_answer("governance", "decision-model", "lazy-consensus")
    fresh_plan.set_answer("license", "contributor-terms", "dco")
    fresh_plan.set_answer("vision", "current-archetype", "vendor-led")
    fresh_plan.set_answer("vision", "target-archetype", "made-up")
    fresh_plan.set_answer(
        "security-response", "team", {"ana": {"name": "Ana", "affiliation": "Acme", "can-release": "yes"}}
    )
    markdown = render_report(fresh_plan, playbook, today)
    assert "**How are decisions made?** Lazy consensus" in markdown
    assert "**What do contributors agree to?** A sign-off on every commit under the Developer" in markdown
    assert "**Where the project stands today:** Vendor-led (one company leads; others contribute)" in markdown
    assert "**Where the project wants to be:** made-up" in markdown
    assert row_of(markdown, "Ana")[-1] == "Yes"
    for option in ("lazy-consensus", "vendor-led", "** dco"):
        assert option not in markdown


def test_punctuation_needs_no_entity_where_markdown_reads_it_plainly(
    fresh_plan: Plan, playbook: Playbook, today: date
) -> None:
    """``&`` and ``->`` read as typed; a ``<`` that could open a tag, an ``&`` that would
    make an entity and a ``>`` that would open a quote stay entities."""
    fresh_plan.set_answer("communication", "questions-channel", "Q&A -> docs, a < b, <b>bold</b> &copy; x")
    fresh_plan.set_answer("vision", "needs", ["> not a quote", "R&D"])
    markdown = render_report(fresh_plan, playbook, today)
    assert "Q&A -> docs, a < b, &lt;b>bold&lt;/b> &amp;copy; x" in markdown
    assert "- &gt; not a quote\n- R&D" in markdown
    assert "&amp;A" not in markdown and "-&gt;" not in markdown
    assert_well_formed(markdown, fresh_plan, playbook)


def test_plain_punctuation_reads_back_as_the_text() -> None:
    """What a CommonMark reader sees is the text as typed, whatever is left as an entity."""
    for text in (
        "Q&A",
        "a -> b",
        "1 < 2",
        "<b>",
        "&amp;",
        "&#124;",
        "&copy",
        "x <",
        "> q",
        "a > b",
        "<!--",
        "</x",
    ):
        for markdown in (
            plain_punctuation(escape_inline(text)),
            plain_punctuation("- " + escape_inline(text)),
        ):
            tokens = PARSER.parse(markdown)
            inline = next(token for token in tokens if token.type == "inline")
            assert [child.type for child in inline.children or []] == ["text"], (text, markdown)
            assert inline.children[0].content == text
    assert plain_punctuation("&gt; a &gt; b\n- &gt; c") == "&gt; a > b\n- &gt; c"


def test_contents_link_every_section(plan: Plan, playbook: Playbook, today: date) -> None:
    """The report opens with a list of its sections, each a link to its heading."""
    markdown = render_report(plan, playbook, today)
    lines = markdown.split("\n")
    assert lines[4] == "## Contents"
    links = re.findall(r"^- \[([^\]]+)\]\(#([^)]+)\)$", section(markdown, "## Contents"), re.MULTILINE)
    sections = [line[3:] for line in lines if line.startswith("## ") and line != "## Contents"]
    assert [title for title, _ in links] == sections
    assert [phase.title for phase in playbook.phases] == sections[1:5]
    assert all(anchor in anchors(markdown) for _, anchor in links)
    plan.audit = audited(plan, today, {}, []).audit
    assert "- [Where the project stands](#where-the-project-stands)" in render_report(plan, playbook, today)


def test_empty_project_name_gets_a_title(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """A plan without a project name still has a title heading."""
    fresh_plan.project = " \n "
    assert render_report(fresh_plan, playbook, today).startswith("# Untitled project: community")


def test_report_imports_neither_textual_nor_rich() -> None:
    """The report module stays on the domain floor: no Textual, no Rich."""
    code = (
        "import sys, cfos_tui.report\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
