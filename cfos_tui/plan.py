"""The plan model: what a team decided, how far it is, and what is due.

Plain dataclasses with no knowledge of files or screens. ``store`` reads and
writes them; ``report`` and the workbook read them. Every collection a person edits
is a dict keyed by a stable id, in the order the plan file gives.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cfos_tui.kinds import SUGGESTED, advice_for, check_value
from cfos_tui.mapping import KEEP
from cfos_tui.playbook import AUDIENCES, CADENCES, Playbook

SCHEMA = 1
STATUSES = ("todo", "doing", "done", "n/a")
COMPLETE = frozenset({"done", "n/a"})

# A field's answer: text for line/text/choice, a list of lines, a date, or records
# (record id -> column id -> value).
Value = Any


@dataclass
class ItemState:
    """Where one checklist item stands. ``n/a`` needs a note that says why."""

    status: str = field(default="todo", metadata=KEEP)
    owner: str = ""
    due: date | None = None
    note: str = ""
    evidence: str = ""

    @property
    def complete(self) -> bool:
        return self.status in COMPLETE


@dataclass
class Reminder:
    """A habit the team keeps, and when it last did it."""

    habit: str
    audience: str = field(default="both", metadata=KEEP)
    cadence: str = field(default="monthly", metadata=KEEP)
    channel: str = ""
    owner: str = ""
    last_done: date | None = None

    def next_date(self, today: date) -> date | None:
        """The day this reminder is next due; never done means due today. None when the
        cadence is not one this version knows (a plan from a newer cfos-plan, opened
        read-only): such a reminder is shown, never scheduled."""
        if self.last_done is None:
            return today
        if self.cadence not in CADENCES:
            return None
        return add_cadence(self.last_done, self.cadence)

    def is_due(self, today: date) -> bool:
        when = self.next_date(today)
        return when is not None and when <= today


@dataclass
class Decision:
    """One line of the public decision log."""

    date: date
    title: str
    link: str = ""
    who: str = ""


@dataclass
class Review:
    """A dated look at the plan, with the progress numbers of that day.

    A review recorded by an audit also keeps that day's community-health numbers
    (``metrics``: commits, contributors, bus_factor, elephant_factor, top_org_share),
    so the report can show their trend across audits.
    """

    date: date
    done: int
    total: int
    note: str = ""
    phases: dict[str, tuple[int, int]] = field(default_factory=dict)
    metrics: dict[str, int | float] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass
class QuarterSnapshot:
    commits: int
    contributors: int
    new_contributors: int
    top_org_share: float


Day = date
"""``date`` by another name, for a class that has a field called ``date``."""


@dataclass
class AuditSnapshot:
    """What the latest applied audit of the project's checkout found."""

    date: date
    head: str = ""
    license: str = ""
    license_file: str = ""
    missing: list[str] = field(default_factory=list, metadata=KEEP)
    commits: int = field(default=0, metadata=KEEP)
    contributors: int = field(default=0, metadata=KEEP)
    bus_factor: int = field(default=0, metadata=KEEP)
    elephant_factor: int = field(default=0, metadata=KEEP)
    partial: bool = False
    found: dict[str, list[str]] = field(default_factory=dict)
    organizations: dict[str, float] = field(default_factory=dict)
    quarters: dict[str, QuarterSnapshot] = field(default_factory=dict)
    roster_until: Day | None = None
    """The last day of the twelve months the roster was compared with (None: no roster)."""
    maintainers: dict[str, int] = field(default_factory=dict)
    """Each listed maintainer (by name) and their commits in those twelve months."""
    inactive: list[str] = field(default_factory=list)
    unlisted_active: dict[str, int] = field(default_factory=dict)
    maintainer_organisations: dict[str, int] = field(default_factory=dict)


@dataclass
class Plan:
    """Everything a team has decided and tracked for one project's transition."""

    project: str
    playbook_id: str
    playbook_version: str
    schema: int = SCHEMA
    playbook_file: str = ""
    created: date | None = None
    checkout: str = ""
    team: list[str] = field(default_factory=list)
    answers: dict[str, dict[str, Value]] = field(default_factory=dict)
    items: dict[str, ItemState] = field(default_factory=dict)
    reminders: dict[str, Reminder] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    affiliations: dict[str, str] = field(default_factory=dict)
    audit: AuditSnapshot | None = None

    def answer(self, step_id: str, field_id: str) -> Value:
        return self.answers.get(step_id, {}).get(field_id)

    def set_answer(self, step_id: str, field_id: str, value: Value) -> None:
        """Store an answer; an empty value removes it so the file stays tidy."""
        step = self.answers.setdefault(step_id, {})
        if value in (None, "", [], {}):
            step.pop(field_id, None)
            if not step:
                self.answers.pop(step_id, None)
        else:
            step[field_id] = value


def new_plan(
    playbook: Playbook,
    project: str,
    *,
    today: date,
    team: Iterable[str] = (),
    checkout: str = "",
    playbook_file: str = "",
) -> Plan:
    """A fresh plan: every item ``todo``, the playbook's starters and reminders seeded."""
    plan = Plan(
        project=project,
        playbook_id=playbook.id,
        playbook_version=playbook.version,
        playbook_file=playbook_file,
        created=today,
        checkout=checkout,
        team=list(dict.fromkeys(member.strip() for member in team if member.strip())),
    )
    for step in playbook.steps:
        for spec in step.fields:
            if spec.starters:
                plan.set_answer(step.id, spec.id, spec.starter_records())
        for item in step.items:
            if not item.retired:
                plan.items[item.id] = ItemState()
    for seed in playbook.reminder_seeds:
        plan.reminders[seed.id] = Reminder(
            habit=seed.habit, audience=seed.audience, cadence=seed.cadence, channel=seed.channel
        )
    return plan


# --- progress -------------------------------------------------------------------


def percent(done: int, total: int) -> int:
    """Whole-number percentage, rounded down so 99.6 % never shows as 100 %."""
    return (100 * done) // total if total else 0


@dataclass(frozen=True)
class Count:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass(frozen=True)
class Progress:
    overall: Count
    phases: dict[str, Count]
    steps: dict[str, Count]


def progress(plan: Plan, playbook: Playbook) -> Progress:
    """Complete items (``done`` or ``n/a``) over all items not retired, per step, phase
    and plan."""
    steps: dict[str, Count] = {}
    phases: dict[str, Count] = {}
    for phase in playbook.phases:
        phase_done = phase_total = 0
        for step in phase.steps:
            counted = [item for item in step.items if not item.retired]
            done = sum(1 for item in counted if (s := plan.items.get(item.id)) is not None and s.complete)
            steps[step.id] = Count(done, len(counted))
            phase_done += done
            phase_total += len(counted)
        phases[phase.id] = Count(phase_done, phase_total)
    overall = Count(sum(c.done for c in phases.values()), sum(c.total for c in phases.values()))
    return Progress(overall=overall, phases=phases, steps=steps)


def overdue_items(plan: Plan, playbook: Playbook, today: date) -> list[str]:
    """Open items whose due date has passed, earliest first."""
    late = [
        (state.due, index, item.id)
        for index, item in enumerate(playbook.counted_items)
        if (state := plan.items.get(item.id)) is not None
        and not state.complete
        and state.due is not None
        and state.due < today
    ]
    return [item_id for _, _, item_id in sorted(late)]


def next_items(plan: Plan, playbook: Playbook, limit: int = 5) -> list[str]:
    """Open items to work on next: by due date, then importance, then roadmap order."""
    rank = {"must": 0, "should": 1, "could": 2}
    open_items = [
        (state.due or date.max, rank[item.importance], index, item.id)
        for index, item in enumerate(playbook.counted_items)
        if not (state := plan.items.get(item.id) or ItemState()).complete
    ]
    return [item_id for *_, item_id in sorted(open_items)[:limit]]


def due_reminders(plan: Plan, today: date) -> list[str]:
    """Reminders due today or earlier, the longest overdue first."""
    due = [
        (reminder.next_date(today), index, reminder_id)
        for index, (reminder_id, reminder) in enumerate(plan.reminders.items())
        if reminder.is_due(today)
    ]
    return [reminder_id for _, _, reminder_id in sorted(due)]


def add_cadence(day: date, cadence: str) -> date:
    """The day one cadence after ``day``; months keep the day, clamped to the month's end.

    A day so far ahead that the next one would pass year 9999 gives ``date.max``.
    """
    days = {"weekly": 7, "biweekly": 14}.get(cadence)
    months = {"monthly": 1, "quarterly": 3}.get(cadence)
    if days is None and months is None:
        raise ValueError(f"unknown cadence {cadence!r}")
    if days is not None:
        return day + timedelta(days=days) if date.max - day >= timedelta(days=days) else date.max
    month_index = day.month - 1 + (months or 0)
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def record_review(plan: Plan, playbook: Playbook, today: date, note: str = "") -> str:
    """Add a review dated today holding today's progress numbers; return its id."""
    numbers = progress(plan, playbook)
    review_id = unique_id(today.isoformat(), plan.reviews)
    plan.reviews[review_id] = Review(
        date=today,
        done=numbers.overall.done,
        total=numbers.overall.total,
        phases={pid: (c.done, c.total) for pid, c in numbers.phases.items()},
        note=note,
    )
    return review_id


def add_decision(plan: Plan, when: date, title: str, link: str = "", who: str = "") -> str:
    """Log a decision; its id is the date and a slug of the title."""
    decision_id = unique_id(f"{when.isoformat()}-{slugify(title) or 'decision'}", plan.decisions)
    plan.decisions[decision_id] = Decision(date=when, title=title, link=link, who=who)
    return decision_id


# --- ids ------------------------------------------------------------------------


def slugify(text: str, limit: int = 40) -> str:
    """A lower-case id made of ASCII letters, digits and hyphens (may be empty)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet."""
    existing = set(taken)
    if base not in existing:
        return base
    number = 2
    while f"{base}-{number}" in existing:
        number += 1
    return f"{base}-{number}"


def new_record_id(label: str, existing: Iterable[str], fallback: str = "record") -> str:
    return unique_id(slugify(label) or fallback, existing)


# --- validation -----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong in a plan; ``keys`` is the path of the offending value."""

    keys: tuple[str, ...]
    message: str


def validate(plan: Plan, playbook: Playbook) -> list[Problem]:
    """Every way the plan disagrees with its playbook or with itself."""
    problems: list[Problem] = []
    for item_id, state in plan.items.items():
        keys: tuple[str, ...] = ("items", item_id)
        if playbook.item(item_id) is None:
            problems.append(Problem(keys, f"unknown checklist item {item_id!r}"))
        if state.status not in STATUSES:
            problems.append(
                Problem(
                    (*keys, "status"),
                    f"{item_id}: unknown status {state.status!r} (one of {', '.join(STATUSES)})",
                )
            )
        if state.status == "n/a" and not state.note.strip():
            problems.append(Problem((*keys, "status"), f"{item_id}: n/a needs a note that says why"))
    for step_id, answers in plan.answers.items():
        step = playbook.step(step_id)
        if step is None:
            problems.append(Problem(("answers", step_id), f"unknown step {step_id!r}"))
            continue
        for field_id, value in answers.items():
            keys = ("answers", step_id, field_id)
            spec = step.field(field_id)
            if spec is None:
                problems.append(Problem(keys, f"{step_id}: unknown field {field_id!r}"))
                continue
            reason = check_value(spec, value)
            if reason:
                problems.append(Problem(keys, f"{step_id}.{field_id} {reason}"))
                continue
            if not spec.columns:
                continue
            for record_id, record in value.items():
                if not isinstance(record, dict):
                    problems.append(
                        Problem((*keys, record_id), f"{step_id}.{field_id}.{record_id} must be a table")
                    )
                    continue
                for column_id, cell in record.items():
                    column = spec.column(column_id)
                    where = (*keys, record_id, column_id)
                    if column_id == SUGGESTED and column is None:
                        if not isinstance(cell, bool):
                            problems.append(Problem(where, f"{'.'.join(where[1:])} must be true or false"))
                        continue
                    if column is None:
                        problems.append(Problem(where, f"{step_id}.{field_id}: unknown column {column_id!r}"))
                        continue
                    reason = check_value(column, cell)
                    if reason:
                        problems.append(Problem(where, f"{'.'.join(where[1:])} {reason}"))
    for reminder_id, reminder in plan.reminders.items():
        keys = ("reminders", reminder_id)
        if reminder.audience not in AUDIENCES:
            problems.append(
                Problem(
                    (*keys, "audience"),
                    f"reminder {reminder_id}: audience must be one of {', '.join(AUDIENCES)}",
                )
            )
        if reminder.cadence not in CADENCES:
            problems.append(
                Problem(
                    (*keys, "cadence"),
                    f"reminder {reminder_id}: cadence must be one of {', '.join(CADENCES)}",
                )
            )
    for review_id, review in plan.reviews.items():
        counts = {"": (review.done, review.total)}
        counts.update({f"phases.{phase}.": pair for phase, pair in review.phases.items()})
        for prefix, (done, total) in counts.items():
            if done < 0 or total < 0 or done > total:
                where = ("reviews", review_id, *(prefix.strip(".").split(".") if prefix else ("done",)))
                problems.append(
                    Problem(
                        where,
                        f"review {review_id}: {prefix}done ({done}) and {prefix}total ({total}) must be "
                        "counts, with done no more than total",
                    )
                )
    return problems


def advise(plan: Plan, playbook: Playbook) -> list[Problem]:
    """Answers of the right shape that are still not right (a license decision that
    is no SPDX expression): reported by ``check``, never a reason to refuse the plan."""
    problems: list[Problem] = []
    for step in playbook.steps:
        for spec in step.fields:
            value = plan.answer(step.id, spec.id)
            if value is None:
                continue
            reason = advice_for(spec, value)
            if reason:
                problems.append(Problem(("answers", step.id, spec.id), f"{step.id}.{spec.id}: {reason}"))
            if spec.columns and isinstance(value, dict):
                for record_id, record in value.items():
                    if not isinstance(record, dict):
                        continue
                    for column in spec.columns:
                        cell = record.get(column.id)
                        reason = None if cell is None else advice_for(column, cell)
                        if reason:
                            where = ("answers", step.id, spec.id, record_id, column.id)
                            problems.append(Problem(where, f"{'.'.join(where[1:])}: {reason}"))
    return problems
