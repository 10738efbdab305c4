"""The open plan and the edits made to it, each addressed by id.

A ``PlanSession`` sits between whoever edits a plan (the workbook's screens, the
command line's ``mark``, the audit's ``--apply``) and the ``PlanFile`` that keeps it
on disk. Edits name what they change (an item id, a step and field, a reminder id)
rather than holding pieces of the model, so a merge or a reload that replaces the
model underneath never leaves an edit writing into a copy nobody saves. The rules
live here once: which statuses follow which, that ``n/a`` needs a reason, that a
read-only plan is never changed, that a reminder cannot be done in the future. Every
change bumps ``revision`` and is told to the listeners (the workbook redraws and
schedules its autosave from that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from cfos_tui.errors import CfosError
from cfos_tui.plan import STATUSES, ItemState, Plan, Reminder, add_decision
from cfos_tui.playbook import Playbook
from cfos_tui.store import PlanFile, PlanRefused

if TYPE_CHECKING:
    from cfos_tui.audit import AuditResult, Proposal
    from cfos_tui.upgrade import Upgrade

NEXT_STATUS = {"todo": "doing", "doing": "done", "done": "todo", "n/a": "todo"}
"""What one press of the status key does; an unknown status starts again at todo."""

KEEP: Any = object()
"""For ``update_item``: leave this field as it is."""


class EditRefused(CfosError):
    """An edit that breaks a rule (an unknown item, n/a without a reason); nothing changed."""


@dataclass(frozen=True)
class Change:
    """What an edit touched: ``items`` is False when progress cannot have moved (an answer typed)."""

    revision: int
    items: bool = True


Listener = Callable[[Change], None]


class PlanSession:
    """One open plan: read it through ``plan``, change it through the methods here."""

    def __init__(self, plan_file: PlanFile) -> None:
        self.file = plan_file
        self.revision = 0
        self._listeners: list[Listener] = []

    # --- reading -----------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        """The plan as it is now (a merge or a reload may have replaced the object)."""
        return self.file.plan

    @property
    def playbook(self) -> Playbook:
        return self.file.playbook

    @property
    def read_only(self) -> str:
        """Why the plan cannot be changed, or "" when it can."""
        return self.file.read_only

    def item(self, item_id: str) -> ItemState:
        return self.plan.items.setdefault(item_id, ItemState())

    # --- listening ----------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def replaced(self) -> None:
        """The model was replaced under the session (merged, read again): tell everyone."""
        self._changed(items=True)

    def _changed(self, *, items: bool = True) -> None:
        self.revision += 1
        change = Change(self.revision, items)
        for listener in list(self._listeners):
            listener(change)

    def _writable(self) -> None:
        if self.read_only:
            raise PlanRefused(f"{self.file.path}: {self.read_only}; nothing was written")

    # --- checklist ------------------------------------------------------------------

    def _known_item(self, item_id: str) -> None:
        if self.playbook.item(item_id) is None:
            raise EditRefused(f"unknown checklist item {item_id!r}")

    def set_item(self, item_id: str, state: ItemState) -> bool:
        """Give the item ``state``; False when that is what it already had."""
        self._writable()
        self._known_item(item_id)
        if state.status not in STATUSES:
            raise EditRefused(f"{item_id}: unknown status {state.status!r} (one of {', '.join(STATUSES)})")
        if state.status == "n/a" and not state.note.strip():
            raise EditRefused(f"{item_id}: n/a needs a reason (a note that says why it does not apply)")
        if self.plan.items.get(item_id) == state:
            return False
        self.plan.items[item_id] = state
        self._changed()
        return True

    def update_item(
        self,
        item_id: str,
        *,
        status: str = KEEP,
        owner: str = KEEP,
        due: date | None = KEEP,
        note: str = KEEP,
        evidence: str = KEEP,
    ) -> bool:
        """Change some fields of an item, leaving the others; False when nothing changed."""
        self._known_item(item_id)
        old = self.item(item_id)
        new = ItemState(
            status=old.status if status is KEEP else status,
            owner=old.owner if owner is KEEP else owner,
            due=old.due if due is KEEP else due,
            note=old.note if note is KEEP else note,
            evidence=old.evidence if evidence is KEEP else evidence,
        )
        return self.set_item(item_id, new)

    def cycle_status(self, item_id: str) -> str:
        """The next status (todo → doing → done → todo; n/a → todo); returns it."""
        following = NEXT_STATUS.get(self.item(item_id).status, "todo")
        self.update_item(item_id, status=following)
        return following

    def not_applicable(self, item_id: str, reason: str) -> None:
        """Mark the item n/a, for ``reason``."""
        self.update_item(item_id, status="n/a", note=reason)

    # --- answers, reminders, decisions -------------------------------------------------

    def set_answer(self, step_id: str, field_id: str, value: Any) -> bool:
        """Answer a step's question; False when the answer was already that."""
        self._writable()
        if _identical(self.plan.answer(step_id, field_id), value):
            return False
        self.plan.set_answer(step_id, field_id, value)
        self._changed(items=False)
        return True

    def set_reminder(self, reminder_id: str, reminder: Reminder | None, *, today: date) -> None:
        """Add or replace a reminder (``None`` removes it); a last-done date to come is refused."""
        self._writable()
        if reminder is not None and reminder.last_done is not None and reminder.last_done > today:
            raise EditRefused(f"{reminder_id}: last done {reminder.last_done} is still to come")
        if reminder is None:
            if self.plan.reminders.pop(reminder_id, None) is None:
                return
        elif self.plan.reminders.get(reminder_id) == reminder:
            return
        else:
            self.plan.reminders[reminder_id] = reminder
        self._changed()

    def set_reminders(self, reminders: dict[str, Reminder], *, today: date) -> None:
        """Replace every reminder at once (the records editor), by the same rules."""
        self._writable()
        for reminder_id, reminder in reminders.items():
            if reminder.last_done is not None and reminder.last_done > today:
                raise EditRefused(f"{reminder_id}: last done {reminder.last_done} is still to come")
        if list(self.plan.reminders.items()) == list(reminders.items()):
            return
        self.plan.reminders.clear()
        self.plan.reminders.update(reminders)
        self._changed()

    def reminder_done(self, reminder_id: str, today: date) -> None:
        """Record that the habit was kept today."""
        reminder = self.plan.reminders.get(reminder_id)
        if reminder is None:
            raise EditRefused(f"unknown reminder {reminder_id!r}")
        self.set_reminder(reminder_id, replace(reminder, last_done=today), today=today)

    def add_decision(self, when: date, title: str, link: str = "", who: str = "") -> str:
        """Log a decision; returns its id."""
        self._writable()
        decision_id = add_decision(self.plan, when, title, link=link, who=who)
        self._changed(items=False)
        return decision_id

    def set_checkout(self, path: str) -> None:
        """Where the project's checkout is, for the audit."""
        self._writable()
        if self.plan.checkout != path:
            self.plan.checkout = path
            self._changed(items=False)

    def accept(self, proposal: Proposal) -> bool:
        """Take an audit's proposal (an item done, with its evidence) unless the team
        already decided that item; True when the item changed."""
        from cfos_tui.audit.apply import accept

        self._writable()
        if not accept(self.plan, proposal):
            return False
        self._changed()
        return True

    def record_audit(self, result: AuditResult, today: date) -> None:
        """Keep the audit's findings in the plan, with a review carrying the day's numbers."""
        from cfos_tui.audit.apply import record_audit

        self._writable()
        record_audit(self.plan, self.playbook, result, today)
        self._changed(items=False)

    def upgrade(self) -> Upgrade:
        """Move the plan to the newest version of its playbook (see
        :mod:`cfos_tui.upgrade`); what it added, which ``needed`` says was anything."""
        from cfos_tui.upgrade import apply_upgrade, plan_upgrade

        upgrade = plan_upgrade(self.plan, self.playbook)
        if not upgrade.needed:
            return upgrade
        self._writable()
        apply_upgrade(self.plan, upgrade)
        self.file.playbook = self.playbook.whole.as_of(self.plan.playbook_version, frozenset(self.plan.items))
        self._changed()
        return upgrade

    def edited(self, *, items: bool = True) -> None:
        """Note an edit made directly on ``plan`` by code that has no method here yet
        (audit findings, record tables): the same notice as any other edit."""
        self._writable()
        self._changed(items=items)

    # --- saving ----------------------------------------------------------------------

    def save(self, *, merge: bool = False) -> bool:
        """Write the plan; see ``PlanFile.save``."""
        return self.file.save(merge=merge)


def _identical(a: Any, b: Any) -> bool:
    """Equal, and tables in the same order (records moved up or down are a change)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_identical(a[key], b[key]) for key in a)
    return bool(a == b)
