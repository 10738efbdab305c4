"""A process killed while saving leaves the plan as the old or the new version, never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.plan import Plan
from cfos_tui.playbook import Playbook

ROOT = Path(__file__).resolve().parents[2]
KILLS = 30
ITEM = "license-file"

# Loads the plan, says "ready", then saves forever, flipping one item between two states.
CHILD = f"""
import sys
from pathlib import Path
import filelock  # imported on the first save otherwise: the kills should land in saves
from cfos_tui import store

if not sys.stdin.readline():
    sys.exit(0)
plan_file = store.load(Path(sys.argv[1]))
print("ready", flush=True)
while True:
    state = plan_file.plan.items[{ITEM!r}]
    state.status = "todo" if state.status == "done" else "done"
    plan_file.save()
    print("saved", flush=True)
"""


def start_child(path: Path) -> subprocess.Popen[str]:
    """A child that has imported everything and waits for a line on stdin to start."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    )
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_while_saving_leaves_old_or_new(tmp_path: Path, fresh_plan: Plan, playbook: Playbook) -> None:
    """30 SIGKILLs at random moments: the file is always byte-identical to A or B and loads."""
    path = tmp_path / "plan.toml"
    fresh_plan.items[ITEM].note = "A note long enough to make the write take a moment.\n" * 200
    store.create(path, fresh_plan, playbook)
    version_a = path.read_bytes()
    plan_file = store.load(path)
    plan_file.plan.items[ITEM].status = "done"
    plan_file.save()
    version_b = path.read_bytes()
    plan_file.plan.items[ITEM].status = "todo"
    plan_file.save()
    assert path.read_bytes() == version_a, "flipping the status back must give A again"
    assert version_a != version_b

    rng = random.Random(20240515)
    seen = {version_a: 0, version_b: 0}
    saves = 0
    children: list[subprocess.Popen[str]] = []
    try:
        children.append(start_child(path))
        for kill in range(KILLS):
            # The next child starts (and imports) while this one runs, so 30 kills stay quick.
            if kill + 1 < KILLS:
                children.append(start_child(path))
            child = children[kill]
            # Every third child is killed only after a save it finished, so that on a busy
            # machine, where a save can take longer than the delay, some kills still land
            # in a second or later save (and the count below is never zero).
            saves += kill_while_saving(child, rng.uniform(0.0, 0.05), after_a_save=kill % 3 == 0)
            content = path.read_bytes()
            assert content in seen, f"kill {kill}: the plan is neither A nor B ({len(content)} bytes)"
            seen[content] += 1
            status = store.load(path).plan.items[ITEM].status
            assert status == ("todo" if content == version_a else "done")
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
            for stream in (child.stdin, child.stdout, child.stderr):
                if stream is not None:
                    stream.close()
    assert saves > 0, "the children never completed a save"
    assert sum(seen.values()) == KILLS


def kill_while_saving(child: subprocess.Popen[str], delay: float, *, after_a_save: bool = False) -> int:
    """Let the child start saving, SIGKILL it ``delay`` seconds after it is ready (or after
    its first finished save); its save count."""
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write("go\n")
    child.stdin.flush()
    line = child.stdout.readline()
    assert line == "ready\n", f"the child did not start: {line!r} {child.stderr.read()}"
    finished = 0
    if after_a_save:
        line = child.stdout.readline()
        assert line == "saved\n", f"the child did not save: {line!r} {child.stderr.read()}"
        finished = 1
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        pass
    else:
        pytest.fail(f"the saving child exited by itself: {child.stderr.read()}")
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    return finished + child.stdout.read().count("saved")
