"""The plan store: round trips, hand edits that survive, minimal diffs, schemas,
changes made by others, and every kind of bad file or failed write."""

from __future__ import annotations

import copy
import difflib
import errno
import hashlib
import os
import re
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest

from cfos_tui import plan as plan_module
from cfos_tui import store
from cfos_tui.plan import Plan, add_decision, new_plan, record_review
from cfos_tui.playbook import Playbook


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Temporary files a save left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from ``before`` and the lines added in ``after``."""
    removed: list[str] = []
    added: list[str] = []
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def table_span(text: str, header: str) -> range:
    """0-based line numbers from ``header`` up to (not including) the next table header."""
    lines = text.splitlines()
    start = lines.index(header)
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("[")), len(lines))
    return range(start, end)


def changed_line_numbers(before: str, after: str) -> tuple[set[int], set[int]]:
    """0-based numbers of changed lines in ``before`` and in ``after``."""
    old_numbers: set[int] = set()
    new_numbers: set[int] = set()
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            old_numbers.update(range(i1, i2))
            new_numbers.update(range(j1, j2))
    return old_numbers, new_numbers


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the only line that contains ``needle``."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(numbers) == 1, (needle, numbers)
    return numbers[0]


def rewrite(path: Path, old: str, new: str) -> str:
    """Replace text in the file once (as a person editing it would); return the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def full_plan(playbook: Playbook, today: date) -> Plan:
    """A plan with something in every part: answers, records, items, reminders, logs."""
    plan = new_plan(playbook, "Nebula", today=today, team=["Ana", "Bo"], checkout="../nebula")
    plan.affiliations = {"Ana": "Acme", "Bo": "independent"}
    plan.set_answer("license", "decision", "BSD-3-Clause")
    plan.set_answer("license", "rationale", "Permissive, like our upstreams.\nCompanies already use it.")
    plan.set_answer("review", "signals", ["outside PRs", "time to first response"])
    plan.set_answer("review", "review-cadence", "quarterly")
    plan.set_answer(
        "personas",
        "personas",
        {
            "ana-operator": {"name": "Ana", "group": "operators", "tools": ["helm", "k9s"]},
            "sam-scientist": {"name": "Sam", "group": "users", "story": "Runs notebooks.\nHates waiting."},
        },
    )
    plan.items["license-chosen"].status = "done"
    plan.items["license-file"].status = "doing"
    plan.items["license-file"].owner = "Ana"
    plan.items["license-file"].due = date(2024, 4, 1)
    plan.items["notice-file"].status = "n/a"
    plan.items["notice-file"].note = "No bundled third-party code."
    plan.items["labels"].evidence = "https://example.org/labels"
    plan.reminders["public-decisions"].last_done = date(2024, 5, 1)
    plan.reminders["public-decisions"].owner = "Bo"
    add_decision(plan, date(2024, 4, 2), "Adopt BSD-3-Clause", link="https://example.org/d/1", who="Ana")
    record_review(plan, playbook, today, note="first review")
    return plan


# --- create and load ------------------------------------------------------------


def test_create_then_load_round_trip(tmp_path: Path, playbook: Playbook, today: date) -> None:
    """A plan written by create reads back as the same plan, clean and valid."""
    plan = full_plan(playbook, today)
    path = tmp_path / "plan.toml"
    created = store.create(path, plan, playbook)
    assert not created.dirty
    loaded = store.load(path)
    assert store.plan_to_data(loaded.plan) == store.plan_to_data(plan)
    assert loaded.plan.items["license-file"].due == date(2024, 4, 1)
    assert loaded.plan.answers["personas"]["personas"]["ana-operator"]["tools"] == ["helm", "k9s"]
    assert not loaded.dirty
    assert loaded.problems() == []
    assert loaded.read_only == ""
    assert loaded.migrated_from is None
    assert loaded.playbook == playbook


def test_created_file_starts_with_schema_and_explains_itself(tmp_plan: Path) -> None:
    """A new file has a comment header and `schema = 1` before anything else."""
    text = tmp_plan.read_text(encoding="utf-8")
    assert text.startswith("# ")
    first_key = next(line for line in text.splitlines() if line and not line.startswith("#"))
    assert first_key == f"schema = {plan_module.SCHEMA}"


def test_create_refuses_an_existing_path(tmp_path: Path, fresh_plan: Plan, playbook: Playbook) -> None:
    """create never overwrites: PlanRefused (exit code 1) and the file is untouched."""
    path = tmp_path / "plan.toml"
    path.write_bytes(b"precious = true\n")
    with pytest.raises(store.PlanRefused) as caught:
        store.create(path, fresh_plan, playbook)
    assert caught.value.exit_code == 1
    assert str(caught.value).startswith(f"{path}: ")
    assert path.read_bytes() == b"precious = true\n"
    assert leftovers(tmp_path) == []


def test_create_refuses_a_folder(tmp_path: Path, fresh_plan: Plan, playbook: Playbook) -> None:
    """create refuses a path that is a folder and leaves it alone."""
    folder = tmp_path / "plan.toml"
    folder.mkdir()
    with pytest.raises(store.PlanRefused):
        store.create(folder, fresh_plan, playbook)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_create_in_a_missing_folder(tmp_path: Path, fresh_plan: Plan, playbook: Playbook) -> None:
    """create in a folder that does not exist fails clearly and creates nothing."""
    path = tmp_path / "nowhere" / "plan.toml"
    with pytest.raises(store.StoreError, match="does not exist") as caught:
        store.create(path, fresh_plan, playbook)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"{path}: ")
    assert not path.parent.exists()


def test_save_without_changes_writes_nothing(tmp_plan: Path) -> None:
    """An unchanged plan is not written: save returns False and the file keeps its mtime."""
    before = tmp_plan.stat().st_mtime_ns
    os.utime(tmp_plan, ns=(before - 10**9, before - 10**9))
    plan_file = store.load(tmp_plan)
    assert plan_file.save() is False
    assert tmp_plan.stat().st_mtime_ns == before - 10**9


# --- hand edits survive, and edits stay small -------------------------------------------


HAND_EDITS = [
    # (text the store wrote, what a person made of it)
    (
        "# keys the program does not know are kept.\n",
        "# keys the program does not know are kept.\n# Reviewed at the March community meeting.\n",
    ),
    ('project = "Demo Project"\n', 'project = "Demo Project"  # renamed in 2024\n'),
    ('playbook_version = "2"\n', 'playbook_version = "2"\nhomepage = "https://example.org"\n'),
    ("[items.license-chosen]\n", "# The lawyers are on it.\n\n\n[items.license-chosen]\n"),
    (
        '[items.license-file]\nstatus = "todo"\n',
        '[items.license-file]\nstatus = "todo"\nreviewer = "Carla"  # not a cfos-plan field\n',
    ),
    ('[items.labels]\nstatus = "todo"\n', '[items.labels]\nowner = "Bo"\nstatus    =   "todo"\n'),
]
UNKNOWN_TABLE = "\n[x-ci]\n# read by our CI, not by cfos-plan\nbadge = true\nthresholds = [1, 2]\n"


def hand_edited(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    for old, new in HAND_EDITS:
        assert old in text, old
        text = text.replace(old, new, 1)
    text += UNKNOWN_TABLE
    path.write_text(text, encoding="utf-8")
    return text


def test_hand_edits_survive_an_edit_and_save(tmp_plan: Path) -> None:
    """Comments, blank lines, key order, spacing and unknown keys and tables are kept."""
    before = hand_edited(tmp_plan)
    plan_file = store.load(tmp_plan)
    assert plan_file.plan.items["labels"].owner == "Bo"
    plan_file.plan.items["license-chosen"].status = "done"
    plan_file.plan.items["labels"].owner = "Cy"
    assert plan_file.save() is True
    after = tmp_plan.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ['status = "todo"', 'owner = "Bo"']
    assert added == ['status = "done"', 'owner = "Cy"']
    for _, new in HAND_EDITS:
        expected = new.replace('owner = "Bo"', 'owner = "Cy"')
        if "license-chosen" in new:
            expected = '# The lawyers are on it.\n\n\n[items.license-chosen]\nstatus = "done"\n'
            new = expected
        assert expected in after, new
    assert after.endswith(UNKNOWN_TABLE)
    assert store.load(tmp_plan).plan.items["license-chosen"].status == "done"


def test_one_item_edit_changes_only_that_items_lines(tmp_path: Path, playbook: Playbook, today: date) -> None:
    """Changing every field of one item touches lines inside that item's table only."""
    path = tmp_path / "plan.toml"
    store.create(path, full_plan(playbook, today), playbook)
    before = path.read_text(encoding="utf-8")
    plan_file = store.load(path)
    state = plan_file.plan.items["license-file"]
    state.status, state.owner, state.due = "done", "Bo", date(2024, 6, 30)
    state.note, state.evidence = "Copied from upstream.\nChecked by Carla.", "LICENSE"
    plan_file.save()
    after = path.read_text(encoding="utf-8")
    old_numbers, new_numbers = changed_line_numbers(before, after)
    assert old_numbers and new_numbers
    assert old_numbers <= set(table_span(before, "[items.license-file]"))
    assert new_numbers <= set(table_span(after, "[items.license-file]"))
    assert after.replace("\n", "").count("Copied from upstream.Checked by Carla.") == 1


def test_clearing_a_value_removes_only_its_line(tmp_path: Path, playbook: Playbook, today: date) -> None:
    """Emptying an owner deletes the `owner` line and nothing else."""
    path = tmp_path / "plan.toml"
    store.create(path, full_plan(playbook, today), playbook)
    before = path.read_text(encoding="utf-8")
    plan_file = store.load(path)
    plan_file.plan.items["license-file"].owner = ""
    plan_file.save()
    assert changed_lines(before, path.read_text(encoding="utf-8")) == (['owner = "Ana"'], [])


def test_edit_in_a_partial_plan_writes_only_that_item(tmp_path: Path) -> None:
    """A hand-written plan listing few items: editing one adds or changes only that item."""
    path = tmp_path / "plan.toml"
    before = (
        "schema = 1\n"
        'project = "Hand made"\n'
        'playbook = "community-first"\n'
        'playbook_version = "1"\n'
        "\n"
        "[items.license-file]\n"
        'status = "doing"\n'
        "\n"
        "[reminders.standup]\n"
        'habit = "Say hello in public"\n'
    )
    path.write_text(before, encoding="utf-8")
    plan_file = store.load(path)
    plan_file.plan.items["license-file"].status = "done"
    plan_file.save()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == (['status = "doing"'], ['status = "done"'])
    plan_file.plan.items["labels"].status = "doing"
    plan_file.save()
    removed, added = changed_lines(after, path.read_text(encoding="utf-8"))
    assert removed == []
    assert [line for line in added if line] == ["[items.labels]", 'status = "doing"']


def test_records_are_tables_keyed_by_id(tmp_path: Path, playbook: Playbook, today: date) -> None:
    """Each record is its own table; editing, adding or removing one touches only its lines."""
    path = tmp_path / "plan.toml"
    store.create(path, full_plan(playbook, today), playbook)
    text = path.read_text(encoding="utf-8")
    assert "[answers.personas.personas.ana-operator]" in text
    assert "[answers.personas.personas.sam-scientist]" in text

    plan_file = store.load(path)
    personas = copy.deepcopy(plan_file.plan.answer("personas", "personas"))
    personas["ana-operator"]["name"] = "Ana María"
    plan_file.plan.set_answer("personas", "personas", copy.deepcopy(personas))
    plan_file.save()
    edited = path.read_text(encoding="utf-8")
    assert changed_lines(text, edited) == (['name = "Ana"'], ['name = "Ana María"'])

    personas["lee-newcomer"] = {"name": "Lee", "group": "other"}
    plan_file.plan.set_answer("personas", "personas", copy.deepcopy(personas))
    plan_file.save()
    added_text = path.read_text(encoding="utf-8")
    removed, added = changed_lines(edited, added_text)
    assert removed == []
    assert [line for line in added if line] == [
        "[answers.personas.personas.lee-newcomer]",
        'name = "Lee"',
        'group = "other"',
    ]

    del personas["ana-operator"]
    plan_file.plan.set_answer("personas", "personas", copy.deepcopy(personas))
    plan_file.save()
    removed, added = changed_lines(added_text, path.read_text(encoding="utf-8"))
    assert added == []
    assert [line for line in removed if line] == [
        "[answers.personas.personas.ana-operator]",
        'name = "Ana María"',
        'group = "operators"',
        'tools = ["helm", "k9s"]',
    ]
    assert list(store.load(path).plan.answers["personas"]["personas"]) == ["sam-scientist", "lee-newcomer"]


def test_in_place_record_and_list_edits_are_saved(tmp_path: Path, playbook: Playbook, today: date) -> None:
    """Editing a record cell, adding or removing a record, or appending to a list in place is saved."""
    path = tmp_path / "plan.toml"
    store.create(path, full_plan(playbook, today), playbook)
    plan_file = store.load(path)
    personas = plan_file.plan.answers["personas"]["personas"]
    personas["ana-operator"]["name"] = "Ana María"
    personas["lee-newcomer"] = {"name": "Lee"}
    del personas["sam-scientist"]
    plan_file.plan.answers["review"]["signals"].append("meeting attendance")
    assert plan_file.dirty
    assert plan_file.save() is True
    reloaded = store.load(path).plan
    assert reloaded.answers["personas"]["personas"] == {
        "ana-operator": {"name": "Ana María", "group": "operators", "tools": ["helm", "k9s"]},
        "lee-newcomer": {"name": "Lee"},
    }
    assert reloaded.answers["review"]["signals"][-1] == "meeting attendance"


def test_multiline_text_stays_multiline(tmp_plan: Path) -> None:
    """Text with line breaks is written as a multi-line string a person can read and diff."""
    plan_file = store.load(tmp_plan)
    rationale = 'First reason.\nSecond reason, with "quotes" and a \\ backslash.\n\nLast line.'
    plan_file.plan.set_answer("license", "rationale", rationale)
    plan_file.save()
    text = tmp_plan.read_text(encoding="utf-8")
    assert 'rationale = """First reason.\n' in text
    assert '\nLast line."""' in text
    assert store.load(tmp_plan).plan.answer("license", "rationale") == rationale


# --- schemas ----------------------------------------------------------------------------


def test_newer_schema_opens_read_only_and_refuses_to_save(tmp_plan: Path) -> None:
    """A plan from a newer cfos-plan opens read-only; save refuses and the file is unchanged."""
    rewrite(tmp_plan, "schema = 1\n", "schema = 99\n")
    original = tmp_plan.read_bytes()
    plan_file = store.load(tmp_plan)
    assert "99" in plan_file.read_only and "read-only" in plan_file.read_only
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.PlanRefused) as caught:
        plan_file.save()
    assert caught.value.exit_code == 1
    assert str(caught.value).startswith(f"{tmp_plan}: ")
    with pytest.raises(store.PlanRefused):
        plan_file.save(force=True)
    assert tmp_plan.read_bytes() == original
    assert leftovers(tmp_plan.parent) == []


def migrate_who_to_owner(document) -> None:
    """Schema 1 -> 2 of the test: items said `who`, now they say `owner`."""
    for table in document.get("items", {}).values():
        if "who" in table:
            table["owner"] = table["who"]
            del table["who"]


@pytest.fixture
def schema_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the program knows schema 2, reached from 1 by migrate_who_to_owner."""
    monkeypatch.setattr(store, "SCHEMA", 2)
    monkeypatch.setattr(plan_module, "SCHEMA", 2)
    monkeypatch.setattr(store, "MIGRATIONS", {1: migrate_who_to_owner})


def test_older_schema_is_migrated_on_load_but_not_written(tmp_plan: Path, schema_two: None) -> None:
    """Opening a schema-1 plan migrates it in memory and leaves the file as it was."""
    rewrite(tmp_plan, '[items.labels]\nstatus = "todo"\n', '[items.labels]\nstatus = "todo"\nwho = "Bo"\n')
    original = tmp_plan.read_bytes()
    plan_file = store.load(tmp_plan)
    assert plan_file.migrated_from == 1
    assert plan_file.plan.schema == 2
    assert plan_file.plan.items["labels"].owner == "Bo"
    assert not plan_file.dirty
    assert plan_file.save() is False
    assert tmp_plan.read_bytes() == original


def test_migrated_plan_is_written_after_the_next_edit(tmp_plan: Path, schema_two: None) -> None:
    """The next save writes the migration together with the edit, keeping comments."""
    before = rewrite(
        tmp_plan,
        '[items.labels]\nstatus = "todo"\n',
        '[items.labels]\nstatus = "todo"\nwho = "Bo"  # our label gardener\n',
    )
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["changelog"].status = "doing"
    assert plan_file.save() is True
    after = tmp_plan.read_text(encoding="utf-8")
    assert "schema = 2\n" in after
    assert "who =" not in after
    assert 'owner = "Bo"' in after
    assert after.startswith(before.split("schema = 1")[0])
    assert plan_file.migrated_from is None
    reloaded = store.load(tmp_plan)
    assert reloaded.migrated_from is None
    assert reloaded.plan.items["changelog"].status == "doing"
    assert reloaded.plan.items["labels"].owner == "Bo"


def test_schema_without_a_migration_is_refused(tmp_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An older schema with no migration path is an error naming the schema."""
    monkeypatch.setattr(store, "SCHEMA", 2)
    monkeypatch.setattr(store, "MIGRATIONS", {})
    with pytest.raises(store.StoreError, match="schema 1"):
        store.load(tmp_plan)


@pytest.mark.parametrize("line", ['schema = "1"\n', ""])
def test_missing_or_non_numeric_schema(tmp_plan: Path, line: str) -> None:
    """A file without a numeric schema is not taken for a plan."""
    text = rewrite(tmp_plan, "schema = 1\n", line)
    with pytest.raises(store.StoreError, match="schema") as caught:
        store.load(tmp_plan)
    assert caught.value.exit_code == 2
    assert tmp_plan.read_text(encoding="utf-8") == text


# --- changes made by someone else --------------------------------------------------------


def test_changed_on_disk_is_false_after_load_and_after_own_save(tmp_plan: Path) -> None:
    """Our own reads and writes are not mistaken for someone else's."""
    plan_file = store.load(tmp_plan)
    assert plan_file.changed_on_disk() is False
    plan_file.plan.items["labels"].status = "done"
    plan_file.save()
    assert plan_file.changed_on_disk() is False
    plan_file.plan.items["labels"].status = "doing"
    assert plan_file.save() is True


def test_outside_write_is_detected_and_save_refused(tmp_plan: Path) -> None:
    """After someone else writes the file, save raises ChangedOnDisk and keeps their version."""
    plan_file = store.load(tmp_plan)
    theirs = rewrite(tmp_plan, 'project = "Demo Project"', 'project = "Their Project"')
    assert plan_file.changed_on_disk() is True
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.ChangedOnDisk) as caught:
        plan_file.save()
    assert caught.value.exit_code == 1
    assert tmp_plan.read_text(encoding="utf-8") == theirs
    assert leftovers(tmp_plan.parent) == []


def test_outside_write_with_same_size_and_restored_mtime_is_detected(tmp_plan: Path) -> None:
    """The content is hashed: same size and a restored mtime still count as a change."""
    plan_file = store.load(tmp_plan)
    info = tmp_plan.stat()
    theirs = rewrite(tmp_plan, 'project = "Demo Project"', 'project = "Demo Pr0ject"')
    os.utime(tmp_plan, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert tmp_plan.stat().st_size == info.st_size
    assert plan_file.changed_on_disk() is True
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.ChangedOnDisk):
        plan_file.save()
    assert tmp_plan.read_text(encoding="utf-8") == theirs


def test_touch_without_change_is_not_a_change(tmp_plan: Path) -> None:
    """A new mtime with the same content (git checkout, touch) is not a conflict."""
    plan_file = store.load(tmp_plan)
    info = tmp_plan.stat()
    os.utime(tmp_plan, ns=(info.st_atime_ns, info.st_mtime_ns + 5 * 10**9))
    assert plan_file.changed_on_disk() is False


def test_deleted_file_counts_as_changed(tmp_plan: Path) -> None:
    """A plan removed from disk since it was read counts as changed; force writes it again."""
    plan_file = store.load(tmp_plan)
    tmp_plan.unlink()
    assert plan_file.changed_on_disk() is True
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.ChangedOnDisk):
        plan_file.save()
    assert not tmp_plan.exists()
    assert plan_file.save(force=True) is True
    assert store.load(tmp_plan).plan.items["labels"].status == "done"


def test_save_force_overwrites_the_outside_change(tmp_plan: Path) -> None:
    """save(force=True) writes our version over theirs."""
    plan_file = store.load(tmp_plan)
    rewrite(tmp_plan, 'project = "Demo Project"', 'project = "Their Project"')
    plan_file.plan.items["labels"].status = "done"
    assert plan_file.save(force=True) is True
    reloaded = store.load(tmp_plan)
    assert reloaded.plan.project == "Demo Project"
    assert reloaded.plan.items["labels"].status == "done"
    assert plan_file.changed_on_disk() is False


def test_save_refuses_an_outside_change_unless_merging(tmp_plan: Path) -> None:
    """Without merge, a changed file is refused untouched; with merge, both changes land."""
    plan_file = store.load(tmp_plan)
    theirs = rewrite(tmp_plan, 'project = "Demo Project"', 'project = "Their Project"').encode()
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.ChangedOnDisk):
        plan_file.save()
    assert tmp_plan.read_bytes() == theirs
    assert plan_file.save(merge=True) is True
    reloaded = store.load(tmp_plan)
    assert reloaded.plan.project == "Their Project"
    assert reloaded.plan.items["labels"].status == "done"
    assert plan_file.changed_on_disk() is False
    assert not plan_file.dirty
    assert leftovers(tmp_plan.parent) == []


def test_merge_on_save_refuses_a_real_conflict_and_writes_nothing(tmp_plan: Path) -> None:
    """The same field changed two ways: MergeConflicts names it, with both values."""
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "doing"
    plan_file.save()
    other = store.load(tmp_plan)
    other.plan.items["labels"].status = "n/a"
    other.plan.items["labels"].note = "we use none"
    other.save()
    theirs = tmp_plan.read_bytes()
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.MergeConflicts) as caught:
        plan_file.save(merge=True)
    assert [c.where for c in caught.value.conflicts] == ["items.labels.status"]
    assert "'done'" in str(caught.value) and "'n/a'" in str(caught.value)
    assert caught.value.exit_code == 1
    assert tmp_plan.read_bytes() == theirs


def test_rebase_keeps_ours_at_conflicts_until_chosen(tmp_plan: Path) -> None:
    """After rebase, ours stands at a conflict and theirs everywhere else; choose settles it."""
    plan_file = store.load(tmp_plan)
    other = store.load(tmp_plan)
    other.plan.items["labels"].owner = "Ben"
    other.plan.project = "Their Project"
    other.save()
    plan_file.plan.items["labels"].owner = "Ana"
    conflicts = plan_file.rebase(tmp_plan.read_bytes())
    assert [(c.where, c.ours, c.theirs) for c in conflicts] == [("items.labels.owner", "Ana", "Ben")]
    assert plan_file.plan.project == "Their Project"
    assert plan_file.plan.items["labels"].owner == "Ana"
    plan_file.choose({("items", "labels", "owner"): "Ben"})
    assert plan_file.plan.items["labels"].owner == "Ben"
    assert not plan_file.dirty


def test_reload_drops_changes_in_memory(tmp_plan: Path) -> None:
    """reload reads the file again: memory edits are gone, outside edits are in."""
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    rewrite(tmp_plan, 'project = "Demo Project"', 'project = "Their Project"')
    plan_file.reload()
    assert plan_file.plan.items["labels"].status == "todo"
    assert plan_file.plan.project == "Their Project"
    assert not plan_file.dirty
    assert plan_file.changed_on_disk() is False


# --- atomic saves and file system trouble ----------------------------------------------


def test_save_keeps_file_permissions(tmp_plan: Path) -> None:
    """A save replaces the file but keeps its mode (0o640 stays 0o640)."""
    tmp_plan.chmod(0o640)
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    plan_file.save()
    assert stat.S_IMODE(tmp_plan.stat().st_mode) == 0o640
    assert store.load(tmp_plan).plan.items["labels"].status == "done"
    assert leftovers(tmp_plan.parent) == []


def test_new_file_follows_the_umask(tmp_path: Path, fresh_plan: Plan, playbook: Playbook) -> None:
    """A created plan gets 0o666 minus the umask, like any file a program creates."""
    old = os.umask(0o027)
    try:
        store.create(tmp_path / "plan.toml", fresh_plan, playbook)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plan.toml").stat().st_mode) == 0o640


def test_read_only_file_is_refused_unchanged(tmp_plan: Path) -> None:
    """A read-only plan (0o444) is not written, even by root; the bytes stay the same."""
    original = tmp_plan.read_bytes()
    tmp_plan.chmod(0o444)
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.PlanRefused, match="read-only") as caught:
        plan_file.save()
    assert caught.value.exit_code == 1
    assert str(caught.value).startswith(f"{tmp_plan}: ")
    assert tmp_plan.read_bytes() == original
    assert stat.S_IMODE(tmp_plan.stat().st_mode) == 0o444
    assert leftovers(tmp_plan.parent) == []


def test_read_only_folder_is_refused_unchanged(tmp_plan: Path) -> None:
    """A plan in a read-only folder (0o555) is not written, even by root."""
    original = tmp_plan.read_bytes()
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    tmp_plan.parent.chmod(0o555)
    try:
        with pytest.raises(store.PlanRefused, match="read-only") as caught:
            plan_file.save()
        assert caught.value.exit_code == 1
        names = sorted(p.name for p in tmp_plan.parent.iterdir())
    finally:
        tmp_plan.parent.chmod(0o755)
    assert tmp_plan.read_bytes() == original
    assert names == [".plan.toml.lock", "plan.toml"]  # the lock was taken when the plan was made


def test_a_device_or_pipe_is_never_replaced(tmp_path: Path) -> None:
    """atomic_write refuses a FIFO instead of renaming a file over it."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(store.StoreError, match="not a regular file"):
        store.atomic_write(pipe, b"report")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_read_only_checks_do_not_rely_on_permission_errors(
    tmp_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refuses from the mode bits before trying to write, so root is refused too."""
    tried: list[str] = []

    def mkstemp(*args, **kwargs):
        tried.append("mkstemp")
        raise AssertionError("the store tried to write a read-only plan")

    monkeypatch.setattr(store.tempfile, "mkstemp", mkstemp)
    tmp_plan.chmod(0o444)
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    with pytest.raises(store.PlanRefused):
        plan_file.save()
    assert tried == []


class FullDisk:
    """Stands in for a stream or a call that fails because the disk is full."""

    def __init__(self, stream=None) -> None:
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return self.stream.fileno()


def full_disk_on(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "fsync":
        monkeypatch.setattr(store.os, "fsync", no_space)
    elif where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(store.os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    elif where == "mkstemp":
        monkeypatch.setattr(store.tempfile, "mkstemp", no_space)
    else:
        monkeypatch.setattr(store.os, "replace", no_space)


@pytest.mark.parametrize("where", ["write", "fsync", "mkstemp", "replace"])
def test_full_disk_leaves_the_file_and_no_temporary(
    tmp_plan: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """ENOSPC while saving: StoreError naming the file, the plan unchanged, no temp file."""
    original = tmp_plan.read_bytes()
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    with monkeypatch.context() as patch:
        full_disk_on(where, patch)
        with pytest.raises(store.StoreError) as caught:
            plan_file.save()
    assert not isinstance(caught.value, store.PlanRefused)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"{tmp_plan}: ")
    assert os.strerror(errno.ENOSPC) in str(caught.value)
    assert tmp_plan.read_bytes() == original
    assert leftovers(tmp_plan.parent) == []
    assert plan_file.dirty
    assert plan_file.save() is True
    assert store.load(tmp_plan).plan.items["labels"].status == "done"


def test_invalid_plan_is_not_saved(tmp_plan: Path) -> None:
    """A model with problems (n/a without a note) is refused and the file is unchanged."""
    original = tmp_plan.read_bytes()
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "n/a"
    with pytest.raises(store.InvalidPlan, match="n/a needs a note"):
        plan_file.save()
    assert tmp_plan.read_bytes() == original


# --- bad files ----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    """A plan that does not exist is named in the error."""
    path = tmp_path / "missing" / "plan.toml"
    with pytest.raises(store.StoreError, match="plan file not found") as caught:
        store.load(path)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"{path}: ")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    """A folder given as a plan is refused clearly."""
    with pytest.raises(store.StoreError, match="folder") as caught:
        store.load(tmp_path)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(f"{tmp_path}: ")


@pytest.mark.parametrize("content", [b"", b"\n\n   \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    """An empty plan file is refused with a hint, and left as it is."""
    path = tmp_path / "plan.toml"
    path.write_bytes(content)
    with pytest.raises(store.StoreError, match="empty") as caught:
        store.load(path)
    assert caught.value.exit_code == 2
    assert path.read_bytes() == content


def test_non_utf8_bytes_name_line_and_column(tmp_plan: Path) -> None:
    """Bytes that are not UTF-8 are reported as PATH:LINE:COL with the byte."""
    text = tmp_plan.read_text(encoding="utf-8")
    raw = text.encode().replace(b'project = "Demo Project"', b'project = "Demo Pr\xf6ject"')
    tmp_plan.write_bytes(raw)
    line = line_of(text, 'project = "Demo Project"')
    column = len('project = "Demo Pr') + 1
    with pytest.raises(store.StoreError) as caught:
        store.load(tmp_plan)
    assert str(caught.value).startswith(f"{tmp_plan}:{line}:{column}: ")
    assert "UTF-8" in str(caught.value) and "0xf6" in str(caught.value)
    assert tmp_plan.read_bytes() == raw


def test_malformed_toml_names_line_and_column(tmp_plan: Path) -> None:
    """A TOML syntax error is reported as PATH:LINE:COL."""
    text = rewrite(tmp_plan, "[items.labels]\n", "[items.labels\n")
    line = line_of(text, "[items.labels")
    with pytest.raises(store.StoreError) as caught:
        store.load(tmp_plan)
    assert caught.value.exit_code == 2
    assert re.match(rf"^{re.escape(str(tmp_plan))}:{line}:\d+: \S", str(caught.value)), caught.value
    assert tmp_plan.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ('[items.labels]\nstatus = "todo"', "[items.labels]\nstatus = 3", "status = 3", "must be text"),
        (
            '[items.labels]\nstatus = "todo"',
            '[items.labels]\nstatus = "todo"\ndue = "tomorrow"',
            'due = "tomorrow"',
            "must be a date",
        ),
        ('team = ["Ana", "Bo"]', 'team = "x"', 'team = "x"', "must be a list of text"),
        (
            '[items.labels]\nstatus = "todo"',
            '[items.labels]\nstatus = "todo"\nowner = ["Ana"]',
            'owner = ["Ana"]',
            "must be text",
        ),
        (
            '[items.labels]\nstatus = "todo"',
            '[items.labels]\nstatus = "finished"',
            'status = "finished"',
            "unknown status",
        ),
        (
            '[items.labels]\nstatus = "todo"',
            '[items.labels]\nstatus = "n/a"',
            'status = "n/a"',
            "n/a needs a note",
        ),
        ("[items.labels]\n", "[items.label-maker]\n", "[items.label-maker]", "unknown checklist item"),
        (
            "[items.labels]\n",
            '[affiliations]\n"" = "Quansight"\n\n[items.labels]\n',
            '"" =',
            "cannot be empty",
        ),
        (
            "[items.labels]\n",
            '[affiliations]\n"quansight.com" = " "\n\n[items.labels]\n',
            '"quansight.com"',
            "needs an organisation name",
        ),
        (
            "[items.labels]\n",
            "[reviews.r1]\ndate = 2025-01-01\nmetrics = {commits = nan}\n\n[items.labels]\n",
            "metrics =",
            "must be a number",
        ),
        (
            "[items.labels]\n",
            '[audit]\ndate = 2025-01-01\n\n[audit.quarters.2025Q1]\ntop_org_share = "most"\n'
            "\n[items.labels]\n",
            "top_org_share =",
            "must be a number",
        ),
    ],
)
def test_wrong_values_are_located(tmp_plan: Path, old: str, new: str, needle: str, message: str) -> None:
    """Wrong types and unknown values give InvalidPlan as PATH:LINE: naming the right line."""
    text = rewrite(tmp_plan, old, new)
    with pytest.raises(store.InvalidPlan) as caught:
        store.load(tmp_plan)
    assert caught.value.exit_code == 2
    [problem] = caught.value.problems
    assert problem.startswith(f"{tmp_plan}:{line_of(text, needle)}: "), problem
    assert message in problem
    assert tmp_plan.read_text(encoding="utf-8") == text


def test_unknown_reminder_cadence_is_located(tmp_plan: Path) -> None:
    """A reminder with a cadence the program does not know is reported at its line."""
    text = tmp_plan.read_text(encoding="utf-8")
    start = text.index("[reminders.review-plan]")
    cadence = re.compile(r'^cadence = "\w+"$', re.MULTILINE).search(text, start)
    assert cadence is not None
    text = text[: cadence.start()] + 'cadence = "yearly"' + text[cadence.end() :]
    tmp_plan.write_text(text, encoding="utf-8")
    with pytest.raises(store.InvalidPlan) as caught:
        store.load(tmp_plan)
    [problem] = caught.value.problems
    assert problem.startswith(f"{tmp_plan}:{line_of(text, 'yearly')}: "), problem
    assert "review-plan" in problem and "cadence" in problem


def test_invalid_date_is_located(tmp_plan: Path) -> None:
    """A date that does not exist (Feb 30) is a syntax error with line and column."""
    text = rewrite(
        tmp_plan, 'status = "todo"\n\n[items.labels]', 'status = "todo"\ndue = 2024-02-30\n\n[items.labels]'
    )
    with pytest.raises(store.StoreError) as caught:
        store.load(tmp_plan)
    assert re.match(rf"^{re.escape(str(tmp_plan))}:{line_of(text, '2024-02-30')}:\d+: ", str(caught.value))


def test_every_problem_is_listed(tmp_plan: Path) -> None:
    """Several wrong values give one located line each."""
    rewrite(tmp_plan, '[items.labels]\nstatus = "todo"', "[items.labels]\nstatus = 3")
    rewrite(tmp_plan, 'team = ["Ana", "Bo"]', "team = 7")
    with pytest.raises(store.InvalidPlan) as caught:
        store.load(tmp_plan)
    assert len(caught.value.problems) == 2
    assert str(caught.value) == "\n".join(caught.value.problems)


def test_plan_naming_an_unknown_builtin_playbook(tmp_plan: Path) -> None:
    """`playbook = "nope"` is refused, naming the playbook and the built-in ones."""
    text = rewrite(tmp_plan, 'playbook = "community-first"', 'playbook = "nope"')
    with pytest.raises(store.StoreError) as caught:
        store.load(tmp_plan)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert message.startswith(f"{tmp_plan}: ")
    assert "'nope'" in message and "community-first" in message
    assert tmp_plan.read_text(encoding="utf-8") == text


def test_plan_naming_a_missing_playbook_file(tmp_plan: Path) -> None:
    """`playbook_file = "missing.toml"` is refused, naming the file it looked for."""
    rewrite(tmp_plan, 'playbook_version = "2"\n', 'playbook_version = "2"\nplaybook_file = "missing.toml"\n')
    with pytest.raises(store.StoreError) as caught:
        store.load(tmp_plan)
    message = str(caught.value)
    assert message.startswith(f"{tmp_plan}: ")
    assert str(tmp_plan.parent / "missing.toml") in message


def test_plan_with_its_own_playbook_file(tmp_path: Path, today: date) -> None:
    """A plan may follow a playbook file next to it; its items are validated against it."""
    from cfos_tui.playbook import load_playbook

    source = Path(__file__).parent.parent / "fixtures" / "playbook-mini.toml"
    (tmp_path / "mini.toml").write_bytes(source.read_bytes())
    mini = load_playbook(tmp_path / "mini.toml")
    plan = new_plan(mini, "Tiny", today=today, playbook_file="mini.toml")
    store.create(tmp_path / "plan.toml", plan, mini)
    loaded = store.load(tmp_path / "plan.toml")
    assert loaded.playbook.id == "mini"
    assert list(loaded.plan.items) == ["alpha-done", "beta-done"]
    assert list(loaded.plan.reminders) == ["weekly-check"]


def test_a_record_added_to_an_inline_table_stays_inline(tmp_plan: Path) -> None:
    """decisions = {…} written by hand: a new decision joins it; the rest of the file is untouched."""
    text = rewrite(tmp_plan, "\n[", '\ndecisions = {d1 = {date = 2025-01-02, title = "x"}}\n\n[')
    plan_file = store.load(tmp_plan)
    add_decision(plan_file.plan, date(2025, 2, 2), "Second", link="", who="")
    plan_file.save()
    saved = tmp_plan.read_text()
    assert sorted(store.load(tmp_plan).plan.decisions) == ["2025-02-02-second", "d1"]
    changed = [line for line in difflib.ndiff(text.splitlines(), saved.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2 and changed[1].startswith("+ decisions = {d1 = {")


def test_dotted_keys_stay_as_written_and_new_records_join_as_tables(tmp_plan: Path) -> None:
    """decisions.d1.title = … at the top: those lines stay as the team wrote them, a new
    decision is added as a [decisions.…] table, and an item edit stays a one-line change."""
    text = rewrite(
        tmp_plan,
        "\n[",
        '\ndecisions.d1.date = 2025-01-02\ndecisions.d1.title = "x"\ndecisions.d1.x-ticket = "GOV-7"\n\n[',
    )
    plan_file = store.load(tmp_plan)
    add_decision(plan_file.plan, date(2025, 2, 2), "Second", link="", who="")
    plan_file.plan.items["labels"].status = "done"
    plan_file.save()
    saved = tmp_plan.read_text()
    again = store.load(tmp_plan).plan
    assert sorted(again.decisions) == ["2025-02-02-second", "d1"]
    assert again.items["labels"].status == "done"
    assert "[decisions.2025-02-02-second]" in saved and 'decisions.d1.x-ticket = "GOV-7"' in saved
    removed = [line for line in difflib.ndiff(text.splitlines(), saved.splitlines()) if line.startswith("- ")]
    assert removed == ['- status = "todo"']


def test_sections_rewritten_together_come_in_a_fixed_order(tmp_plan: Path) -> None:
    """New tables for two sections held as dotted keys land in a fixed order, so the same
    edit always writes the same file."""
    rewrite(
        tmp_plan,
        "\n[",
        '\ndecisions.d1.date = 2025-01-02\ndecisions.d1.title = "x"\n'
        'reviews.r1.date = 2025-01-03\nreviews.r1.note = "first"\n\n[',
    )
    plan_file = store.load(tmp_plan)
    add_decision(plan_file.plan, date(2025, 2, 2), "Second", link="", who="")
    record_review(plan_file.plan, plan_file.playbook, date(2025, 2, 3))
    plan_file.save()
    saved = tmp_plan.read_text()
    again = store.load(tmp_plan).plan
    assert sorted(again.decisions) == ["2025-02-02-second", "d1"] and len(again.reviews) == 2
    assert saved.index("[decisions.2025-02-02-second]") < saved.index("[reviews.")


def test_a_new_table_goes_above_a_banner_in_the_whole_document_edit_too() -> None:
    """The edit of the whole document (used when the fast path cannot place a change)
    keeps a banner above the section it introduces, as the fast path does."""
    source = (
        'schema = 1\n\n[answers.a]\nx = "1"\n\n# ----\n# Checklist\n# ----\n\n[items.one]\nstatus = "todo"\n'
    )
    old = {"schema": 1, "answers": {"a": {"x": "1"}}, "items": {"one": {"status": "todo"}}}
    new = {"schema": 1, "answers": {"a": {"x": "1"}, "b": {"y": "2"}}, "items": {"one": {"status": "todo"}}}
    text = store.edit_text(source, old, new)
    assert text.index("[answers.b]") < text.index("# Checklist") < text.index("[items.one]")
    assert tomllib.loads(text) == new
