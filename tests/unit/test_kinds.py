"""Field kinds as a registry: each kind checks, parses, shows and reports its values,
and a new kind is one registered class that the playbook, the plan's validation and
the report all pick up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfos_tui import kinds
from cfos_tui.kinds import KINDS, FieldKind, check_value, kind_of, register
from cfos_tui.plan import new_plan, validate
from cfos_tui.playbook import FieldSpec, PlaybookError, load_playbook
from cfos_tui.report import render_report

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "playbook-mini.toml"

LINE = FieldSpec("name", "line", "Name")
TEXT = FieldSpec("story", "text", "Story")
LIST = FieldSpec("tools", "list", "Tools")
CHOICE = FieldSpec("flavour", "choice", "Flavour", options=("sweet", "sour"))
DATE = FieldSpec("when", "date", "When")
RECORDS = FieldSpec("people", "records", "People", columns=(LINE, LIST))


def test_the_built_in_kinds_are_registered_in_order() -> None:
    assert list(KINDS) == ["line", "text", "list", "choice", "date", "license", "records"]
    assert all(KINDS[name].name == name for name in KINDS)


@pytest.mark.parametrize(
    ("spec", "good", "bad", "reason"),
    [
        (LINE, "words", 3, "must be text"),
        (TEXT, "a\nb", ["a"], "must be text"),
        (LIST, ["a", "b"], ["a", 1], "must be a list of text"),
        (CHOICE, "sour", "bitter", "'bitter' is not one of: sweet, sour"),
        (DATE, date(2025, 3, 31), "2025-03-31", "must be a date (YYYY-MM-DD)"),
        (RECORDS, {"ada": {"name": "Ada"}}, ["ada"], "must be a table of records"),
    ],
)
def test_each_kind_checks_its_values(spec: FieldSpec, good: Any, bad: Any, reason: str) -> None:
    assert check_value(spec, good) is None
    assert check_value(spec, bad) == reason


def test_parse_turns_typed_text_into_a_value() -> None:
    assert kind_of(LINE).parse("  ", LINE) == ""
    assert kind_of(LIST).parse(" a \n\n b\n", LIST) == ["a", "b"]
    assert kind_of(DATE).parse(" 2025-03-31 ", DATE) == date(2025, 3, 31)
    assert kind_of(DATE).parse("", DATE) is None
    assert kind_of(CHOICE).parse("sweet", CHOICE) == "sweet"


@pytest.mark.parametrize(
    ("spec", "text", "message"),
    [
        (DATE, "31/03/2025", "not a date; use YYYY-MM-DD, for example 2025-03-31."),
        (DATE, "2025-02-30", "not a date; use YYYY-MM-DD, for example 2025-03-31."),
        (CHOICE, "bitter", "choose one of: sweet, sour"),
        (RECORDS, "anything", "records are edited one record at a time"),
    ],
)
def test_parse_refuses_what_is_not_a_value(spec: FieldSpec, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        kind_of(spec).parse(text, spec)


@given(st.text())
def test_line_and_text_round_trip(text: str) -> None:
    for spec in (LINE, TEXT):
        value = kind_of(spec).parse(text, spec)
        assert kind_of(spec).parse(kind_of(spec).text(value), spec) == value


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Zl", "Zp"])).map(str.strip)))
def test_a_list_round_trips_through_its_text(entries: list[str]) -> None:
    value = kind_of(LIST).parse("\n".join(entries), LIST)
    assert value == [entry for entry in entries if entry]
    assert kind_of(LIST).parse(kind_of(LIST).text(value), LIST) == value


@given(st.dates())
def test_a_date_round_trips_through_its_text(day: date) -> None:
    assert kind_of(DATE).parse(kind_of(DATE).text(day), DATE) == day


def test_cells_are_one_plain_line() -> None:
    assert kind_of(TEXT).cell("first line\nsecond") == "first line"
    assert kind_of(LIST).cell(["a", "b"]) == "a, b"
    assert kind_of(DATE).cell(date(2025, 1, 2)) == "2025-01-02"
    assert kind_of(RECORDS).cell({"a": {}, "b": {}}) == "2 records"
    assert kind_of(LINE).cell(None) == ""


def test_report_blocks_escape_user_text() -> None:
    assert kind_of(LINE).report(LINE, "# not a heading") == ["**Name:** \\# not a heading"]
    assert kind_of(LIST).report(LIST, ["*a*", ""]) == ["**Tools**", "- \\*a\\*"]
    assert kind_of(DATE).report(DATE, date(2025, 1, 2)) == ["**When:** 2025-01-02"]
    assert kind_of(TEXT).report(TEXT, "   ") == []
    table = kind_of(RECORDS).report(RECORDS, {"ada": {"name": "A|B", "tools": ["x", "y"]}})
    assert table == ["**People**", "| Name | Tools |\n| --- | --- |\n| A\\|B | x<br>y |"]


def test_a_kind_needs_a_new_name() -> None:
    class Again(FieldKind):
        name = "line"

    with pytest.raises(ValueError, match="new name"):
        register(Again)
    assert type(KINDS["line"]) is kinds.LineKind


class EmailKind(FieldKind):
    """A kind made for this test: an address with one @."""

    name = "email-for-test"

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        ok = isinstance(value, str) and value.count("@") == 1
        return None if ok else "must be an email address"

    def report(self, spec: FieldSpec, value: Any, heading: str = "####") -> list[str]:
        return [] if not value else [f"**{spec.label}:** <{value}>"]


@pytest.fixture
def email_kind() -> Iterator[None]:
    register(EmailKind)
    yield
    del KINDS[EmailKind.name]


def test_a_new_kind_is_one_class(email_kind: None, tmp_path: Path) -> None:
    """Registering a kind is all the playbook, validation and report need."""
    text = MINI.read_text(encoding="utf-8") + (
        '\n[steps.beta.fields.contact]\nkind = "email-for-test"\nlabel = "Contact"\n'
    )
    path = tmp_path / "playbook.toml"
    path.write_text(text, encoding="utf-8")
    playbook = load_playbook(path)
    plan = new_plan(playbook, "Demo", today=date(2025, 1, 1))
    plan.set_answer("beta", "contact", "not-an-address")
    assert [p.message for p in validate(plan, playbook)] == ["beta.contact must be an email address"]
    plan.set_answer("beta", "contact", "team@example.org")
    assert validate(plan, playbook) == []
    assert "**Contact:** <team@example.org>" in render_report(plan, playbook, date(2025, 1, 1))


def test_an_unknown_kind_names_every_registered_one(email_kind: None, tmp_path: Path) -> None:
    path = tmp_path / "playbook.toml"
    path.write_text(MINI.read_text(encoding="utf-8").replace('kind = "line"', 'kind = "phone"', 1))
    with pytest.raises(PlaybookError) as error:
        load_playbook(path)
    assert (
        "unknown kind 'phone' (one of line, text, list, choice, date, license, records, email-for-test)"
        in str(error.value)
    )


def test_a_column_cannot_be_records(tmp_path: Path) -> None:
    path = tmp_path / "playbook.toml"
    path.write_text(
        MINI.read_text(encoding="utf-8").replace(
            'kind = "list", label = "Tools"', 'kind = "records", label = "T"'
        )
    )
    with pytest.raises(PlaybookError) as error:
        load_playbook(path)
    assert "a column cannot be of kind 'records'" in str(error.value)


def test_a_step_declares_its_special_editor(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    path = tmp_path / "playbook.toml"
    path.write_text(text.replace('title = "Beta"\n', 'title = "Beta"\neditor = "reminders"\n'))
    assert load_playbook(path).step("beta").editor == "reminders"  # type: ignore[union-attr]
    path.write_text(text.replace('title = "Beta"\n', 'title = "Beta"\neditor = "calendar"\n'))
    with pytest.raises(PlaybookError) as error:
        load_playbook(path)
    line = text[: text.index('title = "Beta"')].count("\n") + 2
    assert str(error.value) == f"{path}:{line}: steps.beta: unknown editor 'calendar' (one of reminders)"


def test_the_built_in_reminders_step_asks_for_the_reminders_editor() -> None:
    from cfos_tui.playbook import builtin_playbook

    steps = builtin_playbook().steps
    assert [step.id for step in steps if step.editor] == ["reminders"]


def test_a_record_with_only_its_name_says_so_in_the_report() -> None:
    """A sectioned record holding nothing but its title is not a bare heading."""
    columns = tuple(FieldSpec(f"c{n}", "line", f"Column {n}") for n in range(6))
    spec = FieldSpec("assets", "records", "Assets", columns=columns)
    blocks = kind_of(spec).report(
        spec, {"gh": {"c0": "GitHub organisation"}, "dns": {"c0": "DNS", "c1": "Ana"}}
    )
    assert blocks[:2] == ["#### Assets: GitHub organisation", "*Nothing more is recorded yet.*"]
    assert blocks[2] == "#### Assets: DNS" and "*Nothing more" not in "\n".join(blocks[3:])
