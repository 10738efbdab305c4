"""Property tests: no user text, however odd, can change the report's Markdown structure.

The escaping helpers are checked by parsing their output with a CommonMark parser
(markdown-it, which Rich already depends on) and reading the text back; the whole
report by filling every text the report shows with arbitrary Unicode.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cfos_tui.plan import Plan, add_decision, new_plan, record_review
from cfos_tui.playbook import builtin_playbook
from cfos_tui.report import escape_block, escape_cell, escape_inline, plain_punctuation, render_report
from tests.fixtures.report_checks import assert_well_formed, fill_answers

TODAY = date(2024, 5, 15)
PLAYBOOK = builtin_playbook()
PARSER = MarkdownIt("commonmark").enable("table")

# Characters Markdown, GFM tables and line splitting care about, so that short texts
# full of them are drawn often, next to arbitrary Unicode (control characters included).
TRICKY = "|#`*_[]<>&-+=.)(1 9\\~$!:\n\r\t\x00\x0b\x0c\x1b\x1c\x85\u2028\u2029\u00a0\u200bab"
texts = st.one_of(st.text(), st.text(alphabet=TRICKY), st.text(alphabet=TRICKY + "ä😀", min_size=5))
any_chars = st.text(st.characters(exclude_categories=()))  # lone surrogates as well

_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f]")


def expected_lines(text: str) -> list[str]:
    """The lines a reader should see: Markdown's and Python's line breaks both count,
    control characters show as U+FFFD, tabs as spaces, each line trimmed."""
    text = _CONTROLS.sub("\ufffd", _BREAKS.sub("\n", text)).replace("\t", " ")
    return [line.strip() for line in text.split("\n")]


def read_back(tokens: list) -> list[str]:
    """The text of each paragraph or cell as a reader sees it: breaks become newlines.
    Fails on any token that is not plain text or a break (our own ``<br>`` and a
    leading bold label aside)."""
    found = []
    for token in tokens:
        if token.type != "inline":
            continue
        children = [c for c in token.children or [] if c.type != "text" or c.content]
        if children and children[0].type == "strong_open":  # our own **Label:**, then a space
            children = children[children.index(next(c for c in children if c.type == "strong_close")) + 1 :]
            assert children[0].type == "text" and children[0].content.startswith(" ")
            children[0] = children[0].copy(content=children[0].content[1:])
        parts = []
        for child in children:
            if child.type == "text":
                parts.append(child.content)
            elif child.type in ("hardbreak", "softbreak") or (
                child.type == "html_inline" and child.content == "<br>"
            ):
                parts.append("\n")
            else:
                raise AssertionError(f"user text produced {child.type}: {child.content!r}")
        found.append("".join(parts))
    return found


@settings(max_examples=300)
@given(texts)
def test_escape_block_reads_back_as_plain_paragraphs(text: str) -> None:
    """Block text parses to paragraphs only and reads back as the user's lines."""
    tokens = PARSER.parse(escape_block(text))
    assert {t.type for t in tokens} <= {"paragraph_open", "inline", "paragraph_close"}
    paragraphs: list[list[str]] = [[]]
    for line in expected_lines(text):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    assert read_back(tokens) == ["\n".join(lines) for lines in paragraphs if lines]


@settings(max_examples=300)
@given(texts)
def test_escape_inline_reads_back_as_one_line(text: str) -> None:
    """Inline text has no line break and reads back as the user's words, even after a
    list marker or a heading marker."""
    escaped = escape_inline(text)
    assert "\n" not in escaped and "\r" not in escaped
    words = " ".join(line for line in expected_lines(text) if line)
    if not words:
        assert escaped == ""
        return
    for markdown in (escaped, f"- {escaped}", f"### {escaped}", f"**Label:** {escaped}"):
        tokens = PARSER.parse(markdown)
        assert read_back(tokens) == [words]
        assert sum(t.type in ("heading_open", "list_item_open") for t in tokens) == (markdown[0] in "-#")


@settings(max_examples=300)
@given(texts, texts)
def test_escape_cell_keeps_the_table_shape(first: str, second: str) -> None:
    """Two cells of arbitrary text stay two cells and read back with their lines."""
    table = f"| a | b |\n| --- | --- |\n| {escape_cell(first) or '—'} | {escape_cell(second) or '—'} |\n"
    tokens = PARSER.parse(table)
    assert sum(t.type == "td_open" for t in tokens) == 2
    cells = read_back(tokens)[2:]
    for text, cell in zip((first, second), cells, strict=True):
        assert cell == ("\n".join(line for line in expected_lines(text) if line) or "—")


@settings(max_examples=200)
@given(any_chars)
def test_escapes_never_raise_and_give_valid_utf8(text: str) -> None:
    """Any string, lone surrogates included, escapes to encodable text without raw HTML."""
    for escaped in (escape_inline(text), escape_cell(text), escape_block(text)):
        escaped.encode("utf-8")
        ours_removed = escaped.replace("<br>", "")
        assert "<" not in ours_removed and ">" not in ours_removed


def filled_plan(values: list[str]) -> Plan:
    """A plan whose every rendered text comes from ``values`` (cycled)."""
    pool = itertools.cycle(values)
    plan = new_plan(PLAYBOOK, next(pool), today=TODAY, team=[next(pool), next(pool)])
    fill_answers(plan, PLAYBOOK, pool)
    for index, state in enumerate(plan.items.values()):
        state.owner, state.note, state.evidence = next(pool), next(pool), next(pool)
        state.due = date(2024, 5, 1 + index % 28)
        state.status = ("todo", "doing", "done", "n/a")[index % 4]
    for reminder in plan.reminders.values():
        reminder.habit, reminder.channel, reminder.owner = next(pool), next(pool), next(pool)
    for day in (3, 1, 2):
        add_decision(plan, date(2024, 1, day), next(pool), next(pool), next(pool))
    add_decision(plan, date(2024, 1, 4), next(pool), f"https://example.org/{next(pool)}", next(pool))
    record_review(plan, PLAYBOOK, date(2024, 2, 1), note=next(pool))
    return plan


@settings(max_examples=300)
@given(texts, texts)
def test_plain_punctuation_reads_back_as_the_text(text: str, other: str) -> None:
    """With the entities Markdown does not need taken out again, escaped text still
    reads back as the user's lines, after a list marker, a heading marker or a label and
    in a table cell, and opens nothing: no HTML, autolink, entity or quote."""
    block = plain_punctuation(escape_block(text))
    tokens = PARSER.parse(block)
    assert {t.type for t in tokens} <= {"paragraph_open", "inline", "paragraph_close"}
    assert read_back(tokens) == read_back(PARSER.parse(escape_block(text)))
    words = " ".join(line for line in expected_lines(text) if line)
    escaped = escape_inline(text)
    for prefix in ("", "- ", "### ", "**Label:** "):
        markdown = plain_punctuation(prefix + escaped)
        assert re.search(r"<(?! |$)", markdown) is None
        if words:
            tokens = PARSER.parse(markdown)
            assert read_back(tokens) == [words]
            opened = sum(t.type in ("heading_open", "list_item_open") for t in tokens)
            assert opened == (prefix[:1] in ("-", "#"))
    row = plain_punctuation(
        f"| a | b |\n| --- | --- |\n| {escape_cell(text) or '—'} | {escape_cell(other) or '—'} |\n"
    )
    tokens = PARSER.parse(row)
    assert sum(t.type == "td_open" for t in tokens) == 2
    for typed, cell in zip((text, other), read_back(tokens)[2:], strict=True):
        assert cell == ("\n".join(line for line in expected_lines(typed) if line) or "—")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=12))
def test_report_structure_survives_any_text(values: list[str]) -> None:
    """With arbitrary text in every field the report renders, its tables keep their
    columns, every heading is ours and has an anchor of its own, no HTML but ``<br>``
    appears, and it is deterministic."""
    plan = filled_plan(values)
    markdown = render_report(plan, PLAYBOOK, TODAY)
    assert markdown == render_report(plan, PLAYBOOK, TODAY)
    assert_well_formed(markdown, plan, PLAYBOOK)
