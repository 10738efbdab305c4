"""Playbook versions: what a plan on an older version sees, and moving it on."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfos_tui import store
from cfos_tui.cli import main
from cfos_tui.plan import ItemState, new_plan, progress
from cfos_tui.playbook import PlaybookError, builtin_playbook, is_newer, load_playbook, version_key
from cfos_tui.report import render_report
from cfos_tui.session import PlanSession
from cfos_tui.upgrade import plan_upgrade
from tests.fixtures.own_playbook import plan_with_playbook
from tests.fixtures.versions import MINI
from tests.fixtures.versions import v1_plan as _v1_plan
from tests.fixtures.versions import version_two as _two

FIXTURES = Path(__file__).parents[1] / "fixtures" / "v1"


def test_versions_order_as_numbers() -> None:
    assert version_key("1.10") == (1, 10)
    assert is_newer("10", "9")
    assert is_newer("1.10", "1.9")
    assert not is_newer("2", "2")
    assert version_key("draft") is None
    assert not is_newer("draft", "1")


def test_an_older_plan_sees_its_own_version(tmp_path: Path) -> None:
    plan_file = store.load(_v1_plan(tmp_path))
    playbook = plan_file.playbook
    assert playbook.version == "1"
    assert playbook.newest == "2"
    assert playbook.upgradable
    assert [s.id for s in playbook.steps] == ["alpha", "beta"]
    assert playbook.item("alpha-shared") is None
    assert playbook.step("alpha").field("colour") is None
    assert [seed.id for seed in playbook.reminder_seeds] == ["weekly-check"]
    assert progress(plan_file.plan, playbook).overall.total == 2
    assert playbook.whole.item("gamma-done") is not None


def test_since_must_be_an_ordered_version_no_newer_than_the_playbook(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(_two('\n[steps.beta.items.later]\ntitle = "Later"\nimportance = "could"\nsince = "3"\n'))
    with pytest.raises(PlaybookError) as raised:
        load_playbook(path)
    assert "steps.beta.items.later.since is 3, newer than the playbook (2)" in str(raised.value)
    path.write_text(
        _two().replace('since = "2"\n\n[steps.gamma.fields', 'since = "soon"\n\n[steps.gamma.fields')
    )
    with pytest.raises(
        PlaybookError, match=r"steps\.gamma\.since must be a version such as \"2\", not 'soon'"
    ):
        load_playbook(path)


def test_examples_need_a_title_and_an_https_address(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    good = 'examples = [{ title = "A guide", url = "https://example.org/guide" }]\n'
    path.write_text(MINI.read_text().replace('guidance = "Why alpha matters."\n', f'guidance = "x"\n{good}'))
    assert [e.url for e in load_playbook(path).step("alpha").examples] == ["https://example.org/guide"]
    path.write_text(
        MINI.read_text().replace(
            good[:0] + 'guidance = "Why alpha matters."\n',
            'guidance = "x"\nexamples = [{ title = "A", url = "javascript:alert(1)" }]\n',
        )
    )
    with pytest.raises(PlaybookError, match="is not an https:// address"):
        load_playbook(path)


def test_upgrade_adds_what_version_two_brings_and_keeps_everything_else(tmp_path: Path) -> None:
    plan_path = _v1_plan(tmp_path)
    before = plan_path.read_text(encoding="utf-8")
    session = PlanSession(store.load(plan_path))
    upgrade = session.upgrade()
    assert (upgrade.old, upgrade.new) == ("1", "2")
    assert [s.id for s in upgrade.steps] == ["gamma"]
    assert [(step.id, spec.id) for step, spec in upgrade.fields] == [("alpha", "colour")]
    assert [i.id for i in upgrade.items] == ["alpha-shared", "gamma-done"]
    assert [s.id for s in upgrade.reminders] == ["monthly-look"]
    assert session.save()
    after = store.load(plan_path)
    assert after.plan.playbook_version == "2"
    assert after.plan.items["alpha-done"] == ItemState(status="done", owner="Ana")
    assert after.plan.items["gamma-done"].status == "todo"
    assert after.plan.answer("alpha", "name") == "Kept as it was"
    assert after.plan.answer("gamma", "holders") == {"domain": {"asset": "The domain", "suggested": True}}
    assert after.plan.reminders["monthly-look"].habit == "Look at the holders"
    assert after.playbook.version == "2" and not after.playbook.upgradable
    # every line the plan had is still there, in the same order, new ones only added
    assert _in_order(before.replace('playbook_version = "1"', 'playbook_version = "2"'), after.source)


def _in_order(old: str, new: str) -> bool:
    """Whether every line of ``old`` is in ``new``, in the same order."""
    lines = iter(new.splitlines())
    return all(any(line == candidate for candidate in lines) for line in old.splitlines())


def test_a_second_upgrade_changes_nothing_and_says_so(tmp_path: Path, capsys) -> None:
    plan_path = _v1_plan(tmp_path)
    assert main(["upgrade", str(plan_path)]) == 0
    first = capsys.readouterr().out
    assert (
        "moved from version 1 to 2 of playbook mini: 1 new step, 1 new question, 2 new checklist items"
        in first
    )
    written = plan_path.read_bytes()
    assert main(["upgrade", str(plan_path)]) == 0
    assert "already on version 2 of playbook mini, the newest; nothing to do" in capsys.readouterr().out
    assert plan_path.read_bytes() == written


def test_dry_run_lists_and_changes_nothing(tmp_path: Path, capsys) -> None:
    plan_path = _v1_plan(tmp_path)
    before = plan_path.read_bytes()
    assert main(["upgrade", str(plan_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would move from version 1 to 2" in out
    assert "new step      gamma  Gamma" in out
    assert "new item      gamma-done (must)  Gamma is done" in out
    assert "nothing was changed (--dry-run)" in out
    assert plan_path.read_bytes() == before


def test_check_and_status_say_a_newer_version_is_there(tmp_path: Path, capsys) -> None:
    plan_path = _v1_plan(tmp_path)
    assert main(["check", str(plan_path)]) == 0
    assert "version 2 of playbook mini is available (this plan follows 1)" in capsys.readouterr().out
    assert main(["status", str(plan_path), "--today", "2024-06-01"]) == 0
    assert "cfos-plan upgrade" in capsys.readouterr().out
    main(["upgrade", str(plan_path)])
    capsys.readouterr()
    assert main(["check", str(plan_path)]) == 0
    assert "available" not in capsys.readouterr().out


def test_a_retired_item_keeps_its_state_and_stops_counting(tmp_path: Path) -> None:
    plan_path = _v1_plan(tmp_path)
    (tmp_path / "own.toml").write_text(
        _two().replace('title = "Beta is done"\n', 'title = "Beta is done"\nretired = "2"\n'),
        encoding="utf-8",
    )
    session = PlanSession(store.load(plan_path))
    session.update_item("beta-done", status="doing", owner="Bo")
    session.save()
    upgrade = session.upgrade()
    assert [i.id for i in upgrade.retired] == ["beta-done"]
    session.save()
    after = store.load(plan_path)
    assert after.plan.items["beta-done"] == ItemState(status="doing", owner="Bo")
    assert after.playbook.item("beta-done").retired == "2"
    assert "beta-done" not in [i.id for i in after.playbook.counted_items]
    assert progress(after.plan, after.playbook).steps["beta"].total == 0
    report = render_report(after.plan, after.playbook, date(2024, 6, 1))
    assert "| Beta is done | retired (2) | doing | Bo |" in report
    # a plan started on version 2 never gets the retired item
    fresh = new_plan(load_playbook(tmp_path / "own.toml"), "Q", today=date(2024, 6, 1))
    assert "beta-done" not in fresh.items


def test_a_read_only_plan_is_not_upgraded(tmp_path: Path, capsys) -> None:
    plan_path = _v1_plan(tmp_path)
    text = plan_path.read_text().replace("schema = 1", "schema = 99")
    plan_path.write_text(text)
    assert main(["upgrade", str(plan_path)]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert plan_path.read_text() == text


@pytest.mark.parametrize("name", ["nebari.toml", "fresh.toml"])
def test_the_version_one_examples_upgrade_with_nothing_lost(tmp_path: Path, name: str) -> None:
    plan_path = tmp_path / name
    shutil.copy(FIXTURES / name, plan_path)
    before = store.load(plan_path)
    old_data = store.plan_to_data(before.plan)
    new_steps = {step.id for step in plan_upgrade(before.plan, before.playbook).steps}
    old_items, old_reminders = dict(before.plan.items), dict(before.plan.reminders)
    session = PlanSession(before)
    session.upgrade()
    session.save()
    after = store.load(plan_path)
    assert after.plan.playbook_version == builtin_playbook().version
    new_data = store.plan_to_data(after.plan)
    for section in ("decisions", "reviews", "team", "project", "audit", "affiliations", "checkout"):
        assert new_data.get(section) == old_data.get(section), section
    for step_id, answers in old_data["answers"].items():
        for field_id, value in answers.items():
            assert new_data["answers"][step_id][field_id] == value, (step_id, field_id)
    # what the new version brings is only added: new steps' starters, as suggestions
    added = {step for step in new_data["answers"] if step not in old_data["answers"]}
    assert added <= new_steps
    for item_id, state in old_items.items():
        assert after.plan.items[item_id] == state
    for reminder_id, reminder in old_reminders.items():
        assert after.plan.reminders[reminder_id] == reminder
    assert plan_upgrade(after.plan, after.playbook).needed is False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    statuses=st.lists(st.sampled_from(["todo", "doing", "done"]), min_size=2, max_size=2),
    owners=st.lists(st.text(min_size=0, max_size=8).filter(lambda t: t.strip() == t), min_size=2, max_size=2),
    name=st.text(max_size=30).filter(lambda t: t.strip() == t),
)
def test_random_version_one_plans_keep_every_answer_and_state(tmp_path: Path, statuses, owners, name) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    plan_path = plan_with_playbook(folder, MINI.read_text(encoding="utf-8"))
    session = PlanSession(store.load(plan_path))
    for item_id, status, owner in zip(["alpha-done", "beta-done"], statuses, owners, strict=True):
        session.update_item(item_id, status=status, owner=owner)
    session.set_answer("alpha", "name", name)
    session.save()
    held = store.plan_to_data(store.load(plan_path).plan)
    (folder / "own.toml").write_text(_two(), encoding="utf-8")
    upgraded = PlanSession(store.load(plan_path))
    upgraded.upgrade()
    upgraded.save()
    after = store.plan_to_data(store.load(plan_path).plan)
    for item_id, state in held["items"].items():
        assert after["items"][item_id] == state
    assert after.get("answers", {}).get("alpha") == held.get("answers", {}).get("alpha")
    assert after["items"]["gamma-done"] == {"status": "todo"}


def test_new_tables_go_above_the_comments_that_introduce_what_follows(tmp_path: Path) -> None:
    """A team's banner ("# Checklist …") and a note on the next table stay right above
    the table they introduce: new tables are written before them, not under them."""
    plan_path = tmp_path / "nebari.toml"
    shutil.copy(FIXTURES / "nebari.toml", plan_path)
    before = plan_path.read_text(encoding="utf-8").splitlines()
    session = PlanSession(store.load(plan_path))
    session.upgrade()
    session.save()
    after = plan_path.read_text(encoding="utf-8").splitlines()

    def introduced(lines: list[str]) -> list[tuple[str, str]]:
        """Each comment block's last line, and the first line below it."""
        found = []
        for number, line in enumerate(lines):
            if line.startswith("# ") and not lines[number + 1].startswith("#"):
                found.append((line, next(rest for rest in lines[number + 1 :] if rest.strip())))
        return found

    assert introduced(after) == introduced(before)
