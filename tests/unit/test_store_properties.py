"""Property tests of the store: arbitrary plans survive load -> save -> load, one item's
edit changes only that item's lines, and any Unicode text comes back as it went in."""

from __future__ import annotations

import dataclasses
import difflib
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfos_tui import store
from cfos_tui.plan import STATUSES, Decision, ItemState, Plan, Reminder, Review, new_plan
from cfos_tui.playbook import AUDIENCES, CADENCES, FieldSpec, load_playbook

# A small playbook with every field and column kind keeps each example fast.
PLAYBOOK_FILE = Path(__file__).parent.parent / "fixtures" / "playbook-kinds.toml"
PLAYBOOK = load_playbook(PLAYBOOK_FILE)
ITEM_IDS = [item.id for item in PLAYBOOK.items]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that break naive TOML or Markdown writers, mixed with anything Unicode has.
TRICKY = st.sampled_from(
    [
        '"', "'", "\\", "\n", "\r", "\r\n", "\t", '"""', "'''", "\\n", "\x00", "\x08", "\x1b[31m",
        "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\u200b", "é", "e\u0301", "🙂", "👩🏽‍💻", "日本",
        "שלום", "[b]", "[/]", "#", "=", " ", "  ", "|", "`", "<br>", "- ", "${x}", "{{", "}}",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=20),
    st.lists(st.one_of(TRICKY, st.text(max_size=4)), max_size=8).map("".join),
)
# Required text (a project name, a habit, a title): anything, with one visible character.
NONBLANK = st.builds(lambda text, visible: text + visible, TEXT, st.sampled_from('a🙂#"\\[日'))
IDS = st.builds(lambda head, tail: head + tail, st.sampled_from("ab7"), st.text("abz09-", max_size=8))
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
COUNTS = st.integers(min_value=0, max_value=2**63 - 1)


def value_for(spec: FieldSpec) -> st.SearchStrategy:
    """Values a field of this kind accepts."""
    if spec.kind == "choice":
        return st.sampled_from(spec.options)
    if spec.kind == "list":
        return st.lists(TEXT, max_size=4)
    if spec.kind == "date":
        return DATES
    if spec.kind == "records":
        record = st.fixed_dictionaries({}, optional={c.id: value_for(c) for c in spec.columns})
        return st.dictionaries(IDS, record, max_size=3)
    return TEXT


@st.composite
def item_states(draw) -> ItemState:
    status = draw(st.sampled_from(STATUSES))
    note = draw(TEXT)
    if status == "n/a" and not note.strip():
        note = "not for us: " + note
    return ItemState(
        status=status,
        owner=draw(TEXT),
        due=draw(st.none() | DATES),
        note=note,
        evidence=draw(TEXT),
    )


@st.composite
def plans(draw) -> Plan:
    """Any valid plan for the built-in playbook."""
    plan = new_plan(
        PLAYBOOK,
        draw(NONBLANK),
        today=draw(DATES),
        team=draw(st.lists(TEXT, max_size=3)),
        playbook_file=str(PLAYBOOK_FILE),
    )
    plan.checkout = draw(TEXT)
    plan.affiliations = draw(st.dictionaries(NONBLANK, NONBLANK, max_size=3))
    for item_id in draw(st.lists(st.sampled_from(ITEM_IDS), max_size=5, unique=True)):
        plan.items[item_id] = draw(item_states())
    for step in PLAYBOOK.steps:
        chosen = st.lists(st.sampled_from(step.fields), max_size=3, unique_by=lambda spec: spec.id)
        for spec in draw(chosen) if step.fields else []:
            plan.set_answer(step.id, spec.id, draw(value_for(spec)))
    reminders = st.builds(
        Reminder,
        habit=NONBLANK,
        audience=st.sampled_from(AUDIENCES),
        cadence=st.sampled_from(CADENCES),
        channel=TEXT,
        owner=TEXT,
        last_done=st.none() | DATES,
    )
    if draw(st.booleans()):
        plan.reminders = {}
    plan.reminders.update(draw(st.dictionaries(IDS, reminders, max_size=3)))
    decisions = st.builds(Decision, date=DATES, title=NONBLANK, link=TEXT, who=TEXT)
    plan.decisions = draw(st.dictionaries(IDS, decisions, max_size=3))
    # A review's counts: done never more than total.
    pairs = st.tuples(COUNTS, COUNTS).map(sorted).map(tuple)
    phase_numbers = st.dictionaries(st.sampled_from([p.id for p in PLAYBOOK.phases]), pairs, max_size=4)
    reviews = st.builds(
        lambda when, pair, phases, note: Review(
            date=when, done=pair[0], total=pair[1], phases=phases, note=note
        ),
        DATES,
        pairs,
        phase_numbers,
        TEXT,
    )
    plan.reviews = draw(st.dictionaries(IDS, reviews, max_size=2))
    return plan


def replace_content(target: Plan, source: Plan) -> None:
    for field in dataclasses.fields(Plan):
        setattr(target, field.name, getattr(source, field.name))


@SETTINGS
@given(first=plans(), second=plans())
def test_load_save_load_is_identity(first: Plan, second: Plan) -> None:
    """create(A) loads as A; turning it into B and saving loads as B, every value intact."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        store.create(path, first, PLAYBOOK)
        loaded = store.load(path)
        assert store.plan_to_data(loaded.plan) == store.plan_to_data(first)
        expected = store.plan_to_data(second)
        replace_content(loaded.plan, second)
        loaded.save()
        again = store.load(path)
        assert store.plan_to_data(again.plan) == expected
        assert not again.dirty


HEADER = re.compile(r"^\[(?:answers|items|reminders|decisions|reviews|affiliations|audit)[.\]]")


def table_span(lines: list[str], header: str) -> range:
    """0-based line numbers of the table that starts at ``header``, up to the next table."""
    start = lines.index(header)
    end = next((n for n in range(start + 1, len(lines)) if HEADER.match(lines[n])), len(lines))
    return range(start, end)


@SETTINGS
@given(plan=plans(), item_id=st.sampled_from(ITEM_IDS), state=item_states())
def test_one_item_edit_changes_only_its_lines(plan: Plan, item_id: str, state: ItemState) -> None:
    """Whatever the plan holds, an edit to one item changes lines of that item's table only."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        store.create(path, plan, PLAYBOOK)
        before = path.read_text(encoding="utf-8").splitlines()
        plan_file = store.load(path)
        changed = plan_file.plan.items[item_id] != state
        plan_file.plan.items[item_id] = state
        assert plan_file.save() is changed
        after = path.read_text(encoding="utf-8").splitlines()
    header = f"[items.{item_id}]"
    old_span, new_span = table_span(before, header), table_span(after, header)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            assert set(range(i1, i2)) <= set(old_span), before[i1:i2]
            assert set(range(j1, j2)) <= set(new_span), after[j1:j2]
    assert before[: old_span.start] == after[: new_span.start]
    assert before[old_span.stop :] == after[new_span.stop :]


def fill_every_text(plan: Plan, text: str) -> None:
    """Put ``text`` into every text value a plan has."""
    plan.project = text if text.strip() else f"P{text}"
    plan.checkout = text
    plan.team = [text, text + "2"]
    plan.affiliations = {f"{text}a": f"{text}Org"}  # a key and a name cannot be blank
    for state in plan.items.values():
        state.owner = state.note = state.evidence = text
    for step in PLAYBOOK.steps:
        for spec in step.fields:
            if spec.kind in ("line", "text"):
                plan.set_answer(step.id, spec.id, text)
            elif spec.kind == "list":
                plan.set_answer(step.id, spec.id, [text, text])
            elif spec.kind == "records":
                record = {
                    c.id: [text] if c.kind == "list" else text
                    for c in spec.columns
                    if c.kind in ("line", "text", "list")
                }
                plan.set_answer(step.id, spec.id, {"one": record, "two": dict(record)})
    for reminder in plan.reminders.values():
        reminder.habit = plan.project
        reminder.channel = reminder.owner = text
    plan.decisions = {"d": Decision(date=date(2024, 1, 2), title=plan.project, link=text, who=text)}
    plan.reviews = {"r": Review(date=date(2024, 1, 3), done=1, total=2, note=text)}


@SETTINGS
@given(first=st.text(), second=st.text())
def test_any_unicode_in_every_text_field_survives(first: str, second: str) -> None:
    """Any Unicode string (control characters, quotes, newlines, emoji) round-trips in every text field."""
    plan = new_plan(PLAYBOOK, "P", today=date(2024, 1, 1), playbook_file=str(PLAYBOOK_FILE))
    fill_every_text(plan, first)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        store.create(path, plan, PLAYBOOK)
        loaded = store.load(path)
        assert store.plan_to_data(loaded.plan) == store.plan_to_data(plan)
        fill_every_text(loaded.plan, second)
        expected = store.plan_to_data(loaded.plan)
        loaded.save()
        assert store.plan_to_data(store.load(path).plan) == expected
