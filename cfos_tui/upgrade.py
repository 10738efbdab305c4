"""Moving a plan to the newest version of its playbook.

A playbook says when each step, question, item and reminder starter arrived
(``since``) and when an item was retired (``retired``); a plan says which version it
follows. Upgrading adds what the newer versions brought — items as ``todo``, the
starters of new questions as suggestions, new reminder starters — and moves the
plan's version on. Nothing the team wrote changes: answers, item states, reminders,
decisions and reviews stay as they are, and ids are never removed (a retired item
keeps its state and is shown as retired). Upgrading a plan already on the newest
version changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from cfos_tui.plan import ItemState, Plan, Reminder
from cfos_tui.playbook import FieldSpec, ItemSpec, Playbook, ReminderSeed, StepSpec

__all__ = ["Upgrade", "apply_upgrade", "plan_upgrade"]


@dataclass(frozen=True)
class Upgrade:
    """What moving a plan from ``old`` to ``new`` adds; see :func:`plan_upgrade`."""

    old: str
    new: str
    steps: tuple[StepSpec, ...] = ()
    """Steps the plan has not seen, with everything in them."""
    fields: tuple[tuple[StepSpec, FieldSpec], ...] = ()
    """New questions in steps the plan already had."""
    items: tuple[ItemSpec, ...] = ()
    """Every item the plan gets as ``todo`` (those of new steps included)."""
    reminders: tuple[ReminderSeed, ...] = ()
    retired: tuple[ItemSpec, ...] = ()
    """Items the plan holds that the newer version retired."""

    @property
    def needed(self) -> bool:
        """Whether there is anything to do (a newer version, or something to add)."""
        return self.old != self.new or bool(self.items or self.fields or self.steps or self.reminders)

    def summary(self) -> str:
        """One line for a person: what the upgrade brings."""
        parts = []
        if self.steps:
            parts.append(_count(len(self.steps), "new step"))
        if self.fields:
            parts.append(_count(len(self.fields), "new question"))
        if self.items:
            parts.append(_count(len(self.items), "new checklist item"))
        if self.reminders:
            parts.append(_count(len(self.reminders), "reminder starter"))
        if self.retired:
            parts.append(_count(len(self.retired), "retired item"))
        return ", ".join(parts) or "no new steps or items"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def plan_upgrade(plan: Plan, playbook: Playbook) -> Upgrade:
    """What upgrading ``plan`` to the newest version of ``playbook`` would add."""
    whole = playbook.whole
    current = whole.as_of(plan.playbook_version, frozenset(plan.items))
    newest = whole.as_of(whole.newest, frozenset(plan.items))
    old_steps = {step.id: step for step in current.steps}
    steps: list[StepSpec] = []
    fields: list[tuple[StepSpec, FieldSpec]] = []
    items: list[ItemSpec] = []
    for step in newest.steps:
        before = old_steps.get(step.id)
        if before is None:
            steps.append(step)
        else:
            known = {f.id for f in before.fields}
            fields.extend((step, spec) for spec in step.fields if spec.id not in known)
        items.extend(item for item in step.items if not item.retired and item.id not in plan.items)
    reminders = [
        seed
        for seed in newest.reminder_seeds
        if seed.id not in plan.reminders and seed.id not in {s.id for s in current.reminder_seeds}
    ]
    retired = [item for item in newest.items if item.retired and item.id in plan.items]
    old = plan.playbook_version
    return Upgrade(
        old=old,
        new=newest.version if whole.upgradable_from(old) else old,
        steps=tuple(steps),
        fields=tuple(fields),
        items=tuple(items),
        reminders=tuple(reminders),
        retired=tuple(retired) if whole.upgradable_from(old) else (),
    )


def apply_upgrade(plan: Plan, upgrade: Upgrade) -> None:
    """Add what ``upgrade`` lists to ``plan`` and move it to the new version; what the
    plan already holds is never replaced."""
    for item in upgrade.items:
        plan.items.setdefault(item.id, ItemState())
    new_questions = [(step, spec) for step in upgrade.steps for spec in step.fields]
    for step, spec in [*new_questions, *upgrade.fields]:
        if spec.starters and plan.answer(step.id, spec.id) is None:
            plan.set_answer(step.id, spec.id, spec.starter_records())
    for seed in upgrade.reminders:
        plan.reminders.setdefault(
            seed.id,
            Reminder(habit=seed.habit, audience=seed.audience, cadence=seed.cadence, channel=seed.channel),
        )
    plan.playbook_version = upgrade.new
