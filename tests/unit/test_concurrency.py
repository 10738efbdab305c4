"""Many writers at once: locked read-modify-writes, an editor that takes no lock, writers killed mid-save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.cli import main
from cfos_tui.playbook import builtin_playbook

ITEMS = [item.id for item in builtin_playbook().items]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))


def mark(plan: Path, item: str, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cfos_tui", "mark", str(plan), item, "done", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(("writers", "rounds"), [(2, 6), (4, 4)])
def test_concurrent_marks_never_lose_an_update(tmp_plan: Path, writers: int, rounds: int) -> None:
    """N `cfos-plan mark` processes at once, on different items, round after round: every
    update is in the file at the end, and each exit 0 is true."""
    expected = {}
    for number in range(rounds):
        batch = ITEMS[number * writers : (number + 1) * writers]
        processes = [(item, mark(tmp_plan, item, "--owner", f"W{number}")) for item in batch]
        for item, process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert f"{item}: todo → done" in out
            expected[item] = f"W{number}"
    plan = store.load(tmp_plan).plan
    marked = {item: plan.items[item].owner for item in expected if plan.items[item].status == "done"}
    assert marked == expected
    assert not list(tmp_plan.parent.glob(".plan.toml.*.tmp"))


def editor_save(path: Path, old: str, new: str) -> None:
    """What an editor does: read, change the text, write a temporary file, rename. No lock."""
    text = path.read_text(encoding="utf-8")
    temporary = path.with_name(".editor.tmp")
    temporary.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(temporary, path)


def test_an_editor_saving_between_read_and_write_is_merged(tmp_plan: Path) -> None:
    """The file changes after `mark` read it: the editor's change and the mark both land."""
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    editor_save(tmp_plan, 'project = "Demo Project"', 'project = "Edited by hand"')
    assert plan_file.save(merge=True) is True
    reloaded = store.load(tmp_plan).plan
    assert reloaded.project == "Edited by hand" and reloaded.items["labels"].status == "done"


def test_an_editor_saving_just_before_the_rename_is_caught(tmp_plan: Path, monkeypatch) -> None:
    """The editor renames its file while ours is being written: the check just before our rename
    sees it, the edit is merged onto the editor's version, and both survive."""
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    real = store.PlanFile._unchanged
    calls = []

    def editor_strikes(self, path):
        if not calls:
            editor_save(tmp_plan, 'project = "Demo Project"', 'project = "Edited by hand"')
        calls.append(path)
        return real(self, path)

    monkeypatch.setattr(store.PlanFile, "_unchanged", editor_strikes)
    assert plan_file.save(merge=True) is True
    assert len(calls) == 2  # refused once, merged, then written
    reloaded = store.load(tmp_plan).plan
    assert reloaded.project == "Edited by hand" and reloaded.items["labels"].status == "done"
    assert not list(tmp_plan.parent.glob(".plan.toml.*.tmp"))


def test_an_editor_racing_marks_keeps_every_edit(tmp_plan: Path) -> None:
    """An editor saving at random moments while `mark` runs: no mark ever drops the editor's edit."""
    for number in range(8):
        process = mark(tmp_plan, ITEMS[number])
        editor = threading.Thread(target=editor_save, args=(tmp_plan, "\n", f"\n# editor {number}\n"))
        editor.start()
        editor.join()
        process.communicate(timeout=60)
        assert process.returncode == 0
        assert f"# editor {number}\n" in tmp_plan.read_text(encoding="utf-8")


SLOW_SAVE = """
import os, sys, time
from cfos_tui import store
def stuck(source, target):
    print("renaming", flush=True)
    time.sleep(120)
os.replace = stuck
plan_file = store.load(sys.argv[1])
plan_file.plan.items["labels"].status = "done"
plan_file.save()
"""


def test_a_writer_killed_mid_save_leaves_the_old_file_and_its_temporary_goes(tmp_plan: Path) -> None:
    """kill -9 just before the rename: the plan is the old one, the lock is free, and the next
    save removes the dead writer's temporary file."""
    before = tmp_plan.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_SAVE, str(tmp_plan)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "renaming\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert tmp_plan.read_bytes() == before
    assert len(list(tmp_plan.parent.glob(".plan.toml.*.tmp"))) == 1
    assert main(["mark", str(tmp_plan), "pr-template", "done"]) == 0
    assert not list(tmp_plan.parent.glob(".plan.toml.*.tmp"))
    assert store.load(tmp_plan).plan.items["pr-template"].status == "done"


def test_a_lock_held_elsewhere_makes_a_writer_wait_then_refuse(tmp_plan: Path) -> None:
    """Another process holds the lock and never lets go: the writer gives up (exit code 1)."""
    before = tmp_plan.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, filelock\n"
            "lock = filelock.FileLock(sys.argv[1]); lock.acquire()\n"
            "print('held', flush=True); time.sleep(120)",
            str(store.lock_path(tmp_plan)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with (
            pytest.raises(store.PlanRefused, match="another cfos-plan") as caught,
            store.plan_lock(tmp_plan, timeout=0.3),
        ):
            pass
        assert caught.value.exit_code == 1
    finally:
        holder.kill()
        holder.wait()
    assert tmp_plan.read_bytes() == before


def test_a_saved_change_with_a_full_stdout_exits_0(tmp_plan: Path) -> None:
    """`mark … > /dev/full`: the change is in the file, one line on stderr, exit 0."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cfos_tui", "mark", str(tmp_plan), "labels", "done"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 0
    assert done.stderr.strip().endswith("(the change itself was saved)")
    assert len(done.stderr.strip().splitlines()) == 1
    assert store.load(tmp_plan).plan.items["labels"].status == "done"


def test_a_report_that_cannot_be_written_to_stdout_exits_2(tmp_plan: Path) -> None:
    """`export … > /dev/full`: the output was the job, so that is a failure (exit 2)."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cfos_tui", "export", str(tmp_plan)], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 2


def test_a_writer_that_writes_in_pieces_is_waited_for(tmp_plan: Path) -> None:
    """A program that rewrites the plan in place, a piece at a time, while a save merges: the
    save waits for the file to settle, so the other program's whole version (every reminder)
    and our edit are both in the file."""
    plan_file = store.load(tmp_plan)
    plan_file.plan.items["labels"].status = "done"
    other = store.load(tmp_plan)
    other.plan.project = "Written in pieces"
    full = other.render().encode("utf-8")
    chunks = [full[i : i + len(full) // 4 + 1] for i in range(0, len(full), len(full) // 4 + 1)]
    started = threading.Event()

    def slow_writer() -> None:
        with tmp_plan.open("wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
                stream.flush()
                started.set()
                time.sleep(0.08)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    started.wait(5)
    assert plan_file.save(merge=True) is True
    writer.join()
    reloaded = store.load(tmp_plan).plan
    assert reloaded.project == "Written in pieces"
    assert reloaded.items["labels"].status == "done"
    assert set(reloaded.reminders) == set(other.plan.reminders)
