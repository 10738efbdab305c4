"""The plan's records and their tables, derived from the dataclasses: what is written,
what is left out, and what a wrong type in a hand-edited file reports."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cfos_tui.mapping import from_values, read_fields, to_table, values_of
from cfos_tui.plan import AuditSnapshot, Decision, ItemState, QuarterSnapshot, Reminder, Review


def test_defaults_and_empty_values_are_left_out_unless_kept() -> None:
    assert to_table(ItemState()) == {"status": "todo"}
    assert to_table(Reminder(habit="Post notes")) == {
        "habit": "Post notes",
        "audience": "both",
        "cadence": "monthly",
    }
    assert to_table(Decision(date=date(2024, 1, 2), title="")) == {"date": date(2024, 1, 2), "title": ""}


def test_keys_follow_the_field_order_and_nested_values_become_plain_data() -> None:
    review = Review(date=date(2024, 1, 2), done=1, total=2, note="n", phases={"a": (1, 2)}, metrics={"x": 3})
    table = to_table(review)
    assert list(table) == ["date", "done", "total", "note", "phases", "metrics"]
    assert table["phases"] == {"a": [1, 2]}
    audit = AuditSnapshot(date=date(2024, 1, 2), quarters={"2024Q1": QuarterSnapshot(3, 2, 1, 0.5)})
    assert to_table(audit) == {
        "date": date(2024, 1, 2),
        "missing": [],
        "commits": 0,
        "contributors": 0,
        "bus_factor": 0,
        "elephant_factor": 0,
        "quarters": {
            "2024Q1": {"commits": 3, "contributors": 2, "new_contributors": 1, "top_org_share": 0.5}
        },
    }


def test_reading_reports_each_wrong_type_and_keeps_the_default() -> None:
    said: list[tuple[tuple[str, ...], str]] = []
    table = {"status": 3, "owner": "Ana", "due": "soon", "note": ["x"], "evidence": True}
    values = read_fields(ItemState, table, ("items", "x"), lambda keys, message: said.append((keys, message)))
    assert values == {"status": "todo", "owner": "Ana", "due": None, "note": "", "evidence": ""}
    assert [message for _, message in said] == [
        "items.x.status must be text",
        "items.x.due must be a date (YYYY-MM-DD)",
        "items.x.note must be text",
        "items.x.evidence must be text",
    ]
    assert said[1][0] == ("items", "x", "due")


def test_a_whole_number_is_not_a_yes_or_no() -> None:
    said: list[str] = []
    values = read_fields(
        Review, {"date": date(2024, 1, 1), "done": True}, ("r",), lambda _, m: said.append(m)
    )
    assert values["done"] is None and said == ["r.done must be a whole number"]


@given(
    st.builds(
        Reminder,
        habit=st.text(min_size=1),
        audience=st.sampled_from(["internal", "community", "both"]),
        cadence=st.sampled_from(["weekly", "monthly"]),
        channel=st.text(),
        owner=st.text(),
        last_done=st.none() | st.dates(),
    )
)
def test_a_record_round_trips_through_its_table_and_its_editor_values(reminder: Reminder) -> None:
    said: list[str] = []
    read = Reminder(**read_fields(Reminder, to_table(reminder), ("r",), lambda _, m: said.append(m)))
    assert read == reminder and said == []
    assert from_values(Reminder, values_of(reminder)) == reminder
    assert set(values_of(reminder)) == {f.name for f in fields(Reminder)}
