"""The plan model: progress, validation, overdue items, reminders, ids and logs."""

from __future__ import annotations

from datetime import date

import pytest

from cfos_tui.plan import (
    Decision,
    ItemState,
    Plan,
    Reminder,
    add_cadence,
    add_decision,
    due_reminders,
    new_plan,
    next_items,
    overdue_items,
    percent,
    progress,
    record_review,
    slugify,
    unique_id,
    validate,
)
from cfos_tui.playbook import Playbook


def messages(plan: Plan, playbook: Playbook) -> list[str]:
    return [problem.message for problem in validate(plan, playbook)]


# --- a new plan ------------------------------------------------------------------


def test_new_plan_seeds_items_starters_and_reminders(fresh_plan: Plan, playbook: Playbook) -> None:
    """A new plan has every item to do, the value starters and the reminder starters."""
    assert list(fresh_plan.items) == [item.id for item in playbook.items]
    assert all(state == ItemState() for state in fresh_plan.items.values())
    assert list(fresh_plan.reminders) == [seed.id for seed in playbook.reminder_seeds]
    assert all(r.last_done is None for r in fresh_plan.reminders.values())
    values = fresh_plan.answer("values", "values")
    assert isinstance(values, dict) and len(values) >= 3
    assert fresh_plan.playbook_id == "community-first"
    assert fresh_plan.team == ["Ana", "Bo"]
    assert validate(fresh_plan, playbook) == []


def test_set_answer_with_empty_value_removes_it(fresh_plan: Plan) -> None:
    """Setting an empty answer removes the field, and the step when it empties."""
    fresh_plan.set_answer("license", "decision", "MIT")
    assert fresh_plan.answer("license", "decision") == "MIT"
    fresh_plan.set_answer("license", "decision", "")
    assert fresh_plan.answer("license", "decision") is None
    assert "license" not in fresh_plan.answers


# --- progress --------------------------------------------------------------------


def test_progress_counts_done_and_na_as_complete(fresh_plan: Plan, playbook: Playbook) -> None:
    """done and n/a complete an item; doing and todo do not."""
    fresh_plan.items["personas-drafted"].status = "done"
    fresh_plan.items["issue-tracker-reviewed"] = ItemState(status="n/a", note="no tracker yet")
    fresh_plan.items["personas-published"].status = "doing"
    fresh_plan.items["license-file"].status = "done"
    numbers = progress(fresh_plan, playbook)
    assert (numbers.steps["personas"].done, numbers.steps["personas"].total) == (2, 3)
    assert (numbers.phases["principles"].done, numbers.phases["principles"].total) == (2, 13)
    assert (numbers.phases["foundations"].done, numbers.phases["foundations"].total) == (1, 68)
    assert (numbers.phases["contributions"].done, numbers.phases["contributions"].total) == (0, 20)
    assert (numbers.phases["habits"].done, numbers.phases["habits"].total) == (0, 7)
    assert (numbers.overall.done, numbers.overall.total) == (3, 108)
    assert numbers.overall.percent == 2
    assert numbers.phases["principles"].percent == 15


def test_progress_all_complete_is_100(fresh_plan: Plan, playbook: Playbook) -> None:
    """When every item is done the plan and every phase are at 100 %."""
    for state in fresh_plan.items.values():
        state.status = "done"
    numbers = progress(fresh_plan, playbook)
    assert numbers.overall.percent == 100
    assert {c.percent for c in numbers.phases.values()} == {100}


def test_progress_counts_missing_items_as_open(fresh_plan: Plan, playbook: Playbook) -> None:
    """An item the plan does not mention is open, not an error."""
    del fresh_plan.items["license-file"]
    for state in fresh_plan.items.values():
        state.status = "done"
    numbers = progress(fresh_plan, playbook)
    assert (numbers.overall.done, numbers.overall.total) == (107, 108)


def test_percent_rounds_down_and_handles_zero() -> None:
    """Percentages never round up to 100 and an empty total is 0 %."""
    assert percent(199, 200) == 99
    assert percent(1, 3) == 33
    assert percent(0, 0) == 0


# --- validation ------------------------------------------------------------------


def test_na_needs_a_note(fresh_plan: Plan, playbook: Playbook) -> None:
    """n/a without a note (or with only spaces) is a problem; with one it is fine."""
    fresh_plan.items["notice-file"].status = "n/a"
    fresh_plan.items["notice-file"].note = "   "
    [problem] = validate(fresh_plan, playbook)
    assert problem.keys == ("items", "notice-file", "status")
    assert "n/a needs a note" in problem.message
    fresh_plan.items["notice-file"].note = "No third-party code is bundled."
    assert validate(fresh_plan, playbook) == []


def test_unknown_status(fresh_plan: Plan, playbook: Playbook) -> None:
    """A status outside todo/doing/done/n/a is reported with the valid ones."""
    fresh_plan.items["labels"].status = "finished"
    [problem] = validate(fresh_plan, playbook)
    assert problem.keys == ("items", "labels", "status")
    assert "'finished'" in problem.message and "todo, doing, done, n/a" in problem.message


def test_unknown_item(fresh_plan: Plan, playbook: Playbook) -> None:
    """A checklist item the playbook does not have is reported."""
    fresh_plan.items["make-coffee"] = ItemState()
    [problem] = validate(fresh_plan, playbook)
    assert problem.keys == ("items", "make-coffee")
    assert "unknown checklist item 'make-coffee'" in problem.message


def test_unknown_step_and_field(fresh_plan: Plan, playbook: Playbook) -> None:
    """Answers for a step or a field the playbook does not have are reported."""
    fresh_plan.answers["licence"] = {"decision": "MIT"}
    fresh_plan.answers["license"] = {"decision": "MIT", "colour": "blue"}
    problems = validate(fresh_plan, playbook)
    assert [p.keys for p in problems] == [("answers", "licence"), ("answers", "license", "colour")]
    assert "unknown step 'licence'" in problems[0].message
    assert "unknown field 'colour'" in problems[1].message


def test_bad_choice(fresh_plan: Plan, playbook: Playbook) -> None:
    """A choice answer must be one of the field's options."""
    step = playbook.step("vision")
    assert step is not None
    spec = step.field("current-archetype")
    assert spec is not None and spec.kind == "choice"
    fresh_plan.set_answer("vision", "current-archetype", spec.options[0])
    assert validate(fresh_plan, playbook) == []
    fresh_plan.set_answer("vision", "current-archetype", "not-an-option")
    [problem] = validate(fresh_plan, playbook)
    assert problem.keys == ("answers", "vision", "current-archetype")
    assert "'not-an-option' is not one of" in problem.message


@pytest.mark.parametrize(
    ("step_id", "field_id", "value", "reason"),
    [
        ("license", "rationale", 42, "must be text"),
        ("review", "signals", "one signal", "must be a list of text"),
        ("review", "signals", ["ok", 3], "must be a list of text"),
        ("vision", "current-archetype", ["a"], "must be text"),
    ],
)
def test_wrong_answer_types(
    fresh_plan: Plan, playbook: Playbook, step_id: str, field_id: str, value: object, reason: str
) -> None:
    """Answers of the wrong type for their field kind are reported."""
    fresh_plan.set_answer(step_id, field_id, value)
    [problem] = validate(fresh_plan, playbook)
    assert problem.keys == ("answers", step_id, field_id)
    assert reason in problem.message


def test_wrong_types_in_records(fresh_plan: Plan, playbook: Playbook) -> None:
    """Record cells are checked against their column; unknown columns are reported."""
    fresh_plan.set_answer(
        "personas",
        "personas",
        {
            "ana": {"name": "Ana", "group": "operators", "tools": ["helm", "k9s"]},
            "bo": {"name": 7, "group": "martians", "tools": "vim", "shoe-size": "44"},
        },
    )
    problems = validate(fresh_plan, playbook)
    where = {p.keys[-1]: p.message for p in problems}
    assert set(where) == {"name", "group", "tools", "shoe-size"}
    assert all(p.keys[:4] == ("answers", "personas", "personas", "bo") for p in problems)
    assert "must be text" in where["name"]
    assert "'martians' is not one of" in where["group"]
    assert "list of text" in where["tools"]
    assert "unknown column 'shoe-size'" in where["shoe-size"]


def test_records_must_be_tables(fresh_plan: Plan, playbook: Playbook) -> None:
    """A records field that is not a table of tables is reported."""
    fresh_plan.set_answer("personas", "personas", ["Ana"])
    fresh_plan.set_answer("values", "values", {"open": "yes"})
    problems = validate(fresh_plan, playbook)
    assert [p.keys for p in problems] == [
        ("answers", "values", "values", "open"),
        ("answers", "personas", "personas"),
    ]
    assert "must be a table" in problems[0].message
    assert "must be a table of records" in problems[1].message


def test_reminder_with_unknown_cadence_and_audience(fresh_plan: Plan, playbook: Playbook) -> None:
    """Reminders must use a known audience and cadence."""
    fresh_plan.reminders["yearly"] = Reminder(habit="Party", audience="everyone", cadence="yearly")
    problems = validate(fresh_plan, playbook)
    assert sorted(p.keys[-1] for p in problems) == ["audience", "cadence"]


# --- overdue items ----------------------------------------------------------------


def test_overdue_items_only_open_past_due_earliest_first(
    fresh_plan: Plan, playbook: Playbook, today: date
) -> None:
    """Open items due before today, by due date then roadmap order; done/n/a/today excluded."""
    items = fresh_plan.items
    items["review-scheduled"].due = date(2024, 1, 1)
    items["license-file"].due = date(2024, 3, 1)
    items["personas-drafted"].due = date(2024, 3, 1)  # same day, earlier in the roadmap
    items["labels"].due = date(2024, 5, 14)
    items["labels"].status = "doing"
    items["changelog"].due = today  # due today is not overdue
    items["tagline"].due = date(2025, 1, 1)
    items["notice-file"] = ItemState(status="done", due=date(2023, 1, 1))
    items["codeowners"] = ItemState(status="n/a", due=date(2023, 1, 1), note="one maintainer")
    assert overdue_items(fresh_plan, playbook, today) == [
        "review-scheduled",
        "personas-drafted",
        "license-file",
        "labels",
    ]


def test_no_overdue_items_without_due_dates(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """Items without a due date are never overdue."""
    assert overdue_items(fresh_plan, playbook, today) == []


def test_next_items_by_due_then_importance(fresh_plan: Plan, playbook: Playbook) -> None:
    """Next items: dated first, then must before should before could, in roadmap order."""
    fresh_plan.items["first-review-held"].due = date(2024, 6, 1)
    for item in playbook.items[:3]:
        fresh_plan.items[item.id].status = "done"
    assert next_items(fresh_plan, playbook, limit=3) == [
        "first-review-held",
        "values-agreed",
        "vision-board",
    ]


# --- reminders --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "cadence", "expected"),
    [
        (date(2024, 1, 31), "monthly", date(2024, 2, 29)),
        (date(2023, 1, 31), "monthly", date(2023, 2, 28)),
        (date(2024, 3, 31), "monthly", date(2024, 4, 30)),
        (date(2024, 12, 15), "monthly", date(2025, 1, 15)),
        (date(2024, 11, 30), "quarterly", date(2025, 2, 28)),
        (date(2023, 11, 30), "quarterly", date(2024, 2, 29)),
        (date(2024, 10, 31), "quarterly", date(2025, 1, 31)),
        (date(2024, 8, 31), "quarterly", date(2024, 11, 30)),
        (date(2024, 12, 28), "weekly", date(2025, 1, 4)),
        (date(2024, 2, 20), "biweekly", date(2024, 3, 5)),
        (date(9999, 12, 28), "weekly", date.max),
        (date(9999, 12, 17), "biweekly", date(9999, 12, 31)),
        (date(9999, 12, 1), "monthly", date.max),
        (date(9999, 10, 15), "quarterly", date.max),
        (date(9999, 9, 30), "quarterly", date(9999, 12, 30)),
    ],
)
def test_add_cadence(day: date, cadence: str, expected: date) -> None:
    """Months keep the day of the month, clamped to the month's end; weeks are 7 days."""
    assert add_cadence(day, cadence) == expected


def test_add_cadence_refuses_unknown_cadence() -> None:
    """An unknown cadence is an error, not a silent default."""
    with pytest.raises(ValueError, match="yearly"):
        add_cadence(date(2024, 1, 1), "yearly")


def test_due_reminders(fresh_plan: Plan, today: date) -> None:
    """Due when last done + cadence is today or past; never done is due today; longest overdue first."""
    fresh_plan.reminders = {
        "never": Reminder(habit="never done", cadence="weekly"),
        "monthly-late": Reminder(habit="a", cadence="monthly", last_done=date(2024, 1, 31)),
        "weekly-today": Reminder(habit="b", cadence="weekly", last_done=today.replace(day=8)),
        "weekly-tomorrow": Reminder(habit="c", cadence="weekly", last_done=today.replace(day=9)),
        "quarterly-fine": Reminder(habit="d", cadence="quarterly", last_done=date(2024, 3, 1)),
        "biweekly-late": Reminder(habit="e", cadence="biweekly", last_done=date(2024, 4, 1)),
    }
    assert due_reminders(fresh_plan, today) == ["monthly-late", "biweekly-late", "never", "weekly-today"]
    assert fresh_plan.reminders["monthly-late"].next_date(today) == date(2024, 2, 29)
    assert fresh_plan.reminders["never"].next_date(today) == today
    assert fresh_plan.reminders["weekly-tomorrow"].next_date(today) == date(2024, 5, 16)


# --- ids, decisions and reviews -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Adopt the BSD-3-Clause license", "adopt-the-bsd-3-clause-license"),
        ("  Crème brûlée & Co.  ", "creme-brulee-co"),
        ("日本語", ""),
        ("--Hello__World--", "hello-world"),
        ("[b]bold[/b] `code`", "b-bold-b-code"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    """Slugs are lower-case ASCII letters, digits and single hyphens."""
    assert slugify(text) == slug


def test_slugify_limit_does_not_end_in_hyphen() -> None:
    """A slug cut at the limit does not end with a hyphen."""
    slug = slugify("abcd efgh ijkl", limit=5)
    assert slug == "abcd"


def test_unique_id() -> None:
    """The base when free, else the first free -2, -3, … suffix."""
    assert unique_id("team", []) == "team"
    assert unique_id("team", ["team"]) == "team-2"
    assert unique_id("team", ["team", "team-2", "team-3"]) == "team-4"
    assert unique_id("team", ["team", "team-3"]) == "team-2"


def test_add_decision(fresh_plan: Plan) -> None:
    """Decisions get an id from date and title, unique even for the same title on the same day."""
    when = date(2024, 5, 2)
    first = add_decision(fresh_plan, when, "Adopt BSD-3-Clause", link="https://x/1", who="Ana")
    second = add_decision(fresh_plan, when, "Adopt BSD-3-Clause")
    untitled = add_decision(fresh_plan, when, "🙂")
    assert (first, second, untitled) == (
        "2024-05-02-adopt-bsd-3-clause",
        "2024-05-02-adopt-bsd-3-clause-2",
        "2024-05-02-decision",
    )
    assert fresh_plan.decisions[first] == Decision(
        date=when, title="Adopt BSD-3-Clause", link="https://x/1", who="Ana"
    )
    assert list(fresh_plan.decisions) == [first, second, untitled]


def test_record_review_stores_todays_numbers(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """A review keeps the overall and per-phase numbers of its day; two on one day get distinct ids."""
    fresh_plan.items["license-file"].status = "done"
    first = record_review(fresh_plan, playbook, today, note="first look")
    fresh_plan.items["labels"].status = "done"
    second = record_review(fresh_plan, playbook, today)
    assert (first, second) == ("2024-05-15", "2024-05-15-2")
    review = fresh_plan.reviews[first]
    assert (review.date, review.done, review.total, review.note) == (today, 1, 108, "first look")
    assert review.phases == {
        "principles": (0, 13),
        "foundations": (1, 68),
        "contributions": (0, 20),
        "habits": (0, 7),
    }
    assert fresh_plan.reviews[second].done == 2


def test_review_percent(fresh_plan: Plan, playbook: Playbook, today: date) -> None:
    """A review's percentage is done over total, rounded down."""
    fresh_plan.items["license-file"].status = "done"
    review = fresh_plan.reviews[record_review(fresh_plan, playbook, today)]
    assert review.percent == 0


def test_new_plan_drops_empty_team_members(playbook: Playbook, today: date) -> None:
    """Empty names in the team are dropped, and a name given twice is kept once."""
    plan = new_plan(playbook, "P", today=today, team=["", "Ana", " ", "Ben", " Ana "])
    assert plan.team == ["Ana", "Ben"]


def test_a_cadence_from_a_newer_version_is_shown_never_scheduled() -> None:
    """`daily` (not a cadence this version knows): no next date, never due, no error."""
    from cfos_tui.plan import Reminder

    reminder = Reminder(habit="h", cadence="daily", last_done=date(2024, 1, 1))
    assert reminder.next_date(date(2024, 6, 1)) is None
    assert reminder.is_due(date(2024, 6, 1)) is False


def test_status_and_export_of_a_read_only_plan_with_an_unknown_cadence(tmp_plan, capsys) -> None:
    """A newer-schema plan whose reminder says `cadence = "daily"`: status and export work (exit 0)."""
    from cfos_tui.cli import main

    text = tmp_plan.read_text(encoding="utf-8").replace("schema = 1", "schema = 99")
    text = text.replace('cadence = "weekly"', 'cadence = "daily"\nlast_done = 2024-01-02', 1)
    tmp_plan.write_text(text, encoding="utf-8")
    assert main(["status", str(tmp_plan), "--today", "2024-06-01"]) == 0
    assert main(["export", str(tmp_plan), "--today", "2024-06-01"]) == 0
    assert "Traceback" not in capsys.readouterr().err
