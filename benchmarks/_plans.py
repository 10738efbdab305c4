"""Big plans for benchmarks: a generated playbook and a plan that follows it.

    from _plans import generate
    plan_path = generate(tmp_dir, items=1000, records=200)

writes ``playbook.toml`` and ``plan.toml`` into ``tmp_dir`` and returns the plan's path;
the plan's ``playbook_file`` points at the generated playbook. The output depends only
on the arguments, so runs compare like with like.
"""

from __future__ import annotations

import math
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python benchmarks/NAME.py` from a checkout
    sys.path.insert(0, str(ROOT))

from cfos_tui import store  # noqa: E402
from cfos_tui.plan import STATUSES, add_decision, new_plan, record_review  # noqa: E402
from cfos_tui.playbook import load_playbook  # noqa: E402

PHASES = ("principles", "foundations", "contributions", "habits")
ITEMS_PER_STEP = 50
START = date(2024, 1, 1)
PEOPLE = ("Ana", "Bo", "Carla", "Dev", "Eun-ji", "Farid", "Grace", "Hiro")


def playbook_text(items: int) -> str:
    """A valid playbook with ``items`` checklist items spread over steps of 50."""
    steps = max(len(PHASES), math.ceil(items / ITEMS_PER_STEP))
    lines = [
        'id = "generated"',
        'version = "1"',
        'title = "Generated playbook"',
        'description = "A large playbook for benchmarks."',
        "",
    ]
    for phase in PHASES:
        lines += [f"[phases.{phase}]", f'title = "Phase {phase}"', ""]
    for step in range(steps):
        step_id = f"step-{step:03d}"
        lines += [
            f"[steps.{step_id}]",
            f'phase = "{PHASES[step * len(PHASES) // steps]}"',
            f'title = "Step {step}"',
            f'guidance = "Why step {step} matters and what good looks like."',
            "",
            f"[steps.{step_id}.fields.summary]",
            'kind = "line"',
            'label = "Summary"',
            "",
            f"[steps.{step_id}.fields.details]",
            'kind = "text"',
            'label = "Details"',
            "",
            f"[steps.{step_id}.fields.links]",
            'kind = "list"',
            'label = "Links"',
            "",
        ]
        if step == 0:
            lines += [
                f"[steps.{step_id}.fields.people]",
                'kind = "records"',
                'label = "People"',
                "columns = [",
                '  { id = "name", kind = "line", label = "Name" },',
                '  { id = "group", kind = "choice", label = "Group", options = ["operators", "users"] },',
                '  { id = "story", kind = "text", label = "Story" },',
                '  { id = "tools", kind = "list", label = "Tools" },',
                '  { id = "since", kind = "date", label = "Since" },',
                "]",
                "",
            ]
        first = step * items // steps
        last = (step + 1) * items // steps
        for number in range(first, last):
            lines += [
                f"[steps.{step_id}.items.item-{number:05d}]",
                f'title = "Item {number} is finished"',
                f'importance = "{("must", "should", "could")[number % 3]}"',
                "",
            ]
    for number in range(5):
        lines += [
            f"[reminders.habit-{number}]",
            f'habit = "Habit {number}"',
            'audience = "both"',
            f'cadence = "{("weekly", "biweekly", "monthly", "quarterly")[number % 4]}"',
            "",
        ]
    return "\n".join(lines)


def generate(tmp_dir: Path | str, items: int = 1000, records: int = 200) -> Path:
    """Write a playbook with ``items`` items and a partly done plan with ``records`` records."""
    folder = Path(tmp_dir)
    playbook_path = folder / "playbook.toml"
    playbook_path.write_text(playbook_text(items), encoding="utf-8")
    playbook = load_playbook(playbook_path)
    rng = random.Random(items * 7919 + records)
    plan = new_plan(playbook, "Generated", today=START, team=PEOPLE, playbook_file=playbook_path.name)
    for number, state in enumerate(plan.items.values()):
        state.status = STATUSES[rng.randrange(3)]
        if number % 3 == 0:
            state.owner = rng.choice(PEOPLE)
        if number % 4 == 0:
            state.due = START + timedelta(days=rng.randrange(365))
        if number % 10 == 0:
            state.status = "n/a"
            state.note = f"Not needed for us.\nDiscussed in issue #{number}."
        elif number % 7 == 0:
            state.note = f"Waiting on item {number + 1}."
    for step in playbook.steps:
        plan.set_answer(step.id, "summary", f"What {step.title} settled.")
        plan.set_answer(step.id, "details", f"First paragraph about {step.id}.\n\nSecond paragraph.")
        plan.set_answer(step.id, "links", [f"https://example.org/{step.id}/{n}" for n in range(3)])
    people = {
        f"person-{number:04d}": {
            "name": f"{rng.choice(PEOPLE)} {number}",
            "group": rng.choice(["operators", "users"]),
            "story": f"Person {number} runs the project at work.\nThey need it to be boring.",
            "tools": rng.sample(["helm", "kubectl", "jupyter", "conda", "vim", "vscode"], 2),
            "since": START - timedelta(days=number),
        }
        for number in range(records)
    }
    if records:
        plan.set_answer(playbook.steps[0].id, "people", people)
    for number in range(20):
        add_decision(plan, START + timedelta(days=number * 9), f"Decision {number}", who=PEOPLE[number % 8])
    for number in range(4):
        record_review(plan, playbook, START + timedelta(days=number * 90), note=f"Review {number}")
    plan_path = folder / "plan.toml"
    store.create(plan_path, plan, playbook)
    return plan_path


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = generate(folder)
        text = path.read_text(encoding="utf-8")
        print(f"{path.name}: {len(text.splitlines())} lines, {len(text.encode()) // 1024} KiB")
        loaded = store.load(path)
        print(f"{len(loaded.playbook.items)} items, {len(loaded.plan.answers['step-000']['people'])} records")
