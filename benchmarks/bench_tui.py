"""Workbook benchmarks: start-up to the first drawn frame, and typing cost vs plan size.

(a) Process start to first drawn frame of the workbook on an example plan, against a
    minimal Textual app (header, one label, footer) measured the same way: both run in
    a pseudo-terminal of 80x24 and quit right after their first screen is drawn
    (``CFOS_PLAN_EXIT_AFTER_FIRST_FRAME``). Runs are interleaved; the ratio of the
    medians is printed (target: at most 1.5).
(b) Typing 300 characters into a line field through Pilot with a generated plan of
    1,000 items against the small example plan. Pilot waits for the app to be idle
    after each key, so wall time is mostly waiting; the CPU time the process spends
    is what grows with plan size. The characters go in batches of 20; the figure is
    the median CPU time of a batch, over all batches of all runs (a garbage-collector
    pass or a stray timer lands in one batch instead of moving the whole total), and
    its ratio between the plans is the target (at most 1.2). Total CPU is printed too.

    python benchmarks/bench_tui.py [--runs 7] [--typing-runs 3] [--chars 300]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Minimal(App):
    def compose(self):
        yield Header()
        yield Label("Hello")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Minimal().run()
"""

WORKBOOK = (
    "import sys; from pathlib import Path; from cfos_tui.tui import run_workbook; "
    "run_workbook(Path(sys.argv[1]))"
)


def example_plan(folder: Path) -> Path:
    """A copy of the Nebari example plan in ``folder`` (the benchmark types into it and
    saves on quit, so never the repository's own file), else a fresh plan there."""
    nebari = ROOT / "plans" / "nebari.toml"
    if nebari.is_file():
        copy = folder / "nebari.toml"
        copy.write_bytes(nebari.read_bytes())
        return copy
    from datetime import date

    from cfos_tui import store
    from cfos_tui.plan import new_plan
    from cfos_tui.playbook import builtin_playbook

    path = folder / "example.toml"
    playbook = builtin_playbook()
    store.create(path, new_plan(playbook, "Example", today=date(2024, 5, 15)), playbook)
    return path


def time_to_first_frame(arguments: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``python arguments`` in an 80x24 pty until it exits."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *arguments], stdin=follower, stdout=follower, stderr=follower, env=env, cwd=ROOT
    )
    os.close(follower)
    while process.poll() is None:
        ready, _, _ = select.select([leader], [], [], 0.05)
        if ready:
            try:
                os.read(leader, 65536)
            except OSError:
                break
    process.wait()
    elapsed = time.perf_counter() - start
    os.close(leader)
    if process.returncode != 0:
        raise SystemExit(f"{arguments[:2]} exited with {process.returncode}")
    return elapsed


def bench_first_frame(runs: int, plan: Path, home: Path) -> None:
    env = dict(
        os.environ, CFOS_PLAN_EXIT_AFTER_FIRST_FRAME="1", CFOS_PLAN_HOME=str(home), TERM="xterm-256color"
    )
    env.pop(
        "PYTHONDONTWRITEBYTECODE", None
    )  # let the warm-up run cache bytecode, as the baseline's installed libraries have
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    ours, minimal = [], []
    time_to_first_frame(["-c", MINIMAL_APP], env)  # warm the file cache and bytecode
    time_to_first_frame(["-c", WORKBOOK, str(plan)], env)
    for _ in range(runs):
        ours.append(time_to_first_frame(["-c", WORKBOOK, str(plan)], env))
        minimal.append(time_to_first_frame(["-c", MINIMAL_APP], env))
    ratio = statistics.median(ours) / statistics.median(minimal)
    print(f"(a) first frame, {runs} runs each, interleaved")
    print(f"    workbook ({plan.name}): median {statistics.median(ours) * 1000:.0f} ms")
    print(f"    minimal Textual app: median {statistics.median(minimal) * 1000:.0f} ms")
    print(f"    ratio {ratio:.2f} (target <= 1.5)")


BATCH = 20  # characters typed between two CPU readings


async def type_into_field(plan: Path, step_id: str, field_id: str, chars: int) -> tuple[float, list[float]]:
    """Wall seconds to type ``chars`` characters into a line field of ``step_id``, and
    the CPU seconds of each batch of :data:`BATCH` characters."""
    from textual.widgets import Input

    from cfos_tui.tui import app as app_module
    from cfos_tui.tui.app import WorkbookApp
    from cfos_tui.tui.screens.workbook import WorkbookScreen

    app_module.AUTOSAVE_DELAY = 3600  # measure typing, not saving
    app = WorkbookApp(plan, step=step_id)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):
            if isinstance(app.screen, WorkbookScreen):
                break
            await pilot.pause(0.02)
        app.open_step(step_id)
        await pilot.pause(0.5)
        field = app.screen.query_one(f"#field-{field_id} Input", Input)
        field.focus()
        await pilot.pause()
        text = ("community first " * (chars // 16 + 1))[:chars]
        batches = []
        wall = time.perf_counter()
        for start in range(0, len(text), BATCH):
            cpu = time.process_time()
            await pilot.press(*text[start : start + BATCH])
            batches.append(time.process_time() - cpu)
        wall = time.perf_counter() - wall
        assert app.plan_file.plan.answer(step_id, field_id).endswith(text.rstrip())
        app.plan_file.plan.set_answer(step_id, field_id, None)  # nothing to save on exit
    return wall, batches


def bench_typing(runs: int, chars: int, small: Path, work: Path) -> None:
    from _plans import generate

    from cfos_tui import store

    (work / "big").mkdir()
    big = generate(work / "big", items=1000, records=200)
    small_step = "license" if store.load(small).playbook.step("license") else None
    small_field = "decision"
    big_step, big_field = "step-001", "summary"
    results: dict[str, list[tuple[float, list[float]]]] = {"big": [], "small": []}
    for _ in range(runs):
        results["big"].append(asyncio.run(type_into_field(big, big_step, big_field, chars)))
        results["small"].append(asyncio.run(type_into_field(small, small_step, small_field, chars)))
    print(f"(b) typing {chars} characters, {runs} runs each, interleaved")
    batch_medians, total_medians, wall_medians = {}, {}, {}
    for name, label in (("big", "1,000-item plan"), ("small", f"example plan ({small.name})")):
        batch_medians[name] = statistics.median(c for _, batches in results[name] for c in batches)
        total_medians[name] = statistics.median(sum(batches) for _, batches in results[name])
        wall_medians[name] = statistics.median(w for w, _ in results[name])
        print(
            f"    {label}: CPU per {BATCH} keys median {batch_medians[name] * 1000:.0f} ms, "
            f"total CPU median {total_medians[name] * 1000:.0f} ms, wall median {wall_medians[name]:.1f} s"
        )
    print(
        f"    ratio CPU per batch {batch_medians['big'] / batch_medians['small']:.2f} (target <= 1.2); "
        f"total CPU {total_medians['big'] / total_medians['small']:.2f}, "
        f"wall {wall_medians['big'] / wall_medians['small']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app")
    parser.add_argument("--typing-runs", type=int, default=3, help="typing runs of each plan")
    parser.add_argument("--chars", type=int, default=300)
    parser.add_argument("--skip-typing", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        home = work / "home"
        os.environ["CFOS_PLAN_HOME"] = str(home)
        small = example_plan(work)
        bench_first_frame(options.runs, small, home)
        if not options.skip_typing:
            bench_typing(options.typing_runs, options.chars, small, work)


if __name__ == "__main__":
    main()
