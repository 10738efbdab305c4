"""How saves treat the file itself: line endings, symlinks, conflict copies."""

from __future__ import annotations

from pathlib import Path

from cfos_tui import store


def test_crlf_plan_stays_crlf(tmp_plan: Path) -> None:
    """A plan checked out with Windows line endings keeps them on every line after a save."""
    tmp_plan.write_bytes(tmp_plan.read_bytes().replace(b"\n", b"\r\n"))
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["license-file"].status = "done"
    plan_file.plan.items["license-file"].note = "two\nlines"
    plan_file.save()
    data = tmp_plan.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert store.load(tmp_plan).plan.items["license-file"].status == "done"


def test_byte_order_mark_is_kept(tmp_plan: Path) -> None:
    """A plan saved by an editor that starts files with a UTF-8 BOM keeps it; only the
    edited line changes."""
    original = b"\xef\xbb\xbf" + tmp_plan.read_bytes()
    tmp_plan.write_bytes(original)
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["license-file"].status = "done"
    plan_file.save()
    data = tmp_plan.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf#")
    changed = [
        pair for pair in zip(original.splitlines(), data.splitlines(), strict=True) if pair[0] != pair[1]
    ]
    assert len(changed) == 1
    assert store.load(tmp_plan).plan.items["license-file"].status == "done"


def test_saving_through_a_symlink_keeps_the_link(tmp_plan: Path, tmp_path: Path) -> None:
    """A plan opened through a link is saved into the file the link points to."""
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_plan)
    plan_file = store.load(link)
    plan_file.plan.items["license-file"].status = "done"
    plan_file.save()
    assert link.is_symlink()
    assert 'status = "done"' in tmp_plan.read_text(encoding="utf-8")


def test_a_snapshot_is_saved_as_it_was_taken(tmp_plan: Path) -> None:
    """Edits made after a snapshot (typing during an autosave) are not in that save, and
    stay unsaved until the next one."""
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].owner = "Ana"
    snapshot = plan_file.snapshot()
    assert snapshot.changed
    plan_file.plan.items["labels"].owner = "Ana Lima"
    plan_file.plan.set_answer("license", "decision", "MIT")
    assert plan_file.save(snapshot=snapshot)
    on_disk = store.load(tmp_plan).plan
    assert on_disk.items["labels"].owner == "Ana"
    assert on_disk.answer("license", "decision") is None
    assert plan_file.dirty
    assert plan_file.save()
    assert store.load(tmp_plan).plan.items["labels"].owner == "Ana Lima"
