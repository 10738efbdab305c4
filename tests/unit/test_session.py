"""The session: edits addressed by id, one set of rules, a revision and listeners."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.plan import ItemState, Reminder
from cfos_tui.session import Change, EditRefused, PlanSession


@pytest.fixture
def session(tmp_plan: Path) -> PlanSession:
    return PlanSession(store.load(tmp_plan))


def test_cycle_status_walks_todo_doing_done(session: PlanSession) -> None:
    """One key press a step: todo → doing → done → todo; n/a goes back to todo."""
    assert [session.cycle_status("labels") for _ in range(3)] == ["doing", "done", "todo"]
    session.not_applicable("labels", "we use none")
    assert session.cycle_status("labels") == "todo"


def test_every_edit_bumps_the_revision_and_tells_listeners(session: PlanSession) -> None:
    """Listeners hear each change once, with whether progress may have moved."""
    heard: list[Change] = []
    session.subscribe(heard.append)
    session.cycle_status("labels")
    session.set_answer("personas", "current-users", "Operators")
    session.set_answer("personas", "current-users", "Operators")  # no change: nothing told
    assert [(c.revision, c.items) for c in heard] == [(1, True), (2, False)]
    assert session.revision == 2


def test_not_applicable_needs_a_reason(session: PlanSession) -> None:
    """n/a without a note is refused and the item is left as it was."""
    with pytest.raises(EditRefused, match="n/a needs a reason"):
        session.not_applicable("labels", "  ")
    assert session.item("labels").status == "todo"


def test_unknown_items_and_statuses_are_refused(session: PlanSession) -> None:
    """An id the playbook does not have, or a status that does not exist, changes nothing."""
    with pytest.raises(EditRefused, match="unknown checklist item"):
        session.cycle_status("no-such-item")
    with pytest.raises(EditRefused, match="unknown status"):
        session.set_item("labels", ItemState(status="finished"))
    assert session.revision == 0


def test_a_read_only_plan_refuses_every_edit(tmp_plan: Path) -> None:
    """A newer schema opens read-only: each kind of edit is refused with the reason."""
    tmp_plan.write_text(tmp_plan.read_text(encoding="utf-8").replace("schema = 1", "schema = 99"))
    session = PlanSession(store.load(tmp_plan))
    edits = [
        lambda: session.cycle_status("labels"),
        lambda: session.set_answer("personas", "current-users", "x"),
        lambda: session.add_decision(date(2024, 1, 1), "x"),
        lambda: session.reminder_done(next(iter(session.plan.reminders)), date(2024, 1, 1)),
    ]
    for edit in edits:
        with pytest.raises(store.PlanRefused, match="read-only"):
            edit()
    assert session.revision == 0


def test_a_last_done_date_to_come_is_refused(session: PlanSession) -> None:
    """A reminder cannot have been kept tomorrow, whichever editor sets it."""
    with pytest.raises(EditRefused, match="still to come"):
        session.set_reminder("r", Reminder(habit="h", last_done=date(2024, 5, 16)), today=date(2024, 5, 15))
    session.reminder_done(next(iter(session.plan.reminders)), date(2024, 5, 15))
    assert session.revision == 1


def test_an_edit_after_a_merge_lands_in_the_merged_plan(session: PlanSession, tmp_plan: Path) -> None:
    """The model is replaced by a merge while an edit is pending: the edit, addressed by id,
    goes into the plan that will be saved (not into the replaced copy)."""
    other = store.load(tmp_plan)
    other.plan.project = "Renamed"
    other.save()
    session.file.rebase(tmp_plan.read_bytes())
    session.not_applicable("labels", "not for us")
    assert session.save()
    reloaded = store.load(tmp_plan).plan
    assert reloaded.project == "Renamed" and reloaded.items["labels"].status == "n/a"
