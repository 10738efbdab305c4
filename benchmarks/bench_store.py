"""Cost of one edit through the store, of the plan's lock, and of a three-way merge.

Generates a plan with 1,000 checklist items and 200 records, then interleaves
(a) ``store.load`` + change one item's status + ``save()`` and
(b) ``tomlkit.parse(text)`` + ``tomlkit.dumps(doc)`` of the same text,
and prints the median of each and their ratio a/b (target: at most 1.5). Then
(c) the same edit as (a) with the lock taken out, for the lock's cost a/c (target:
at most 1.1), and (d) ``cfos-plan merge`` of two versions of that plan (each with 50
item edits and 5 new decisions) against (e) one ``store.load``: d/e (target: at most 3).

    python benchmarks/bench_store.py [--runs 15] [--items 1000] [--records 200]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import tomlkit
from _plans import generate

from cfos_tui import store


def edit_and_save(path: Path, item_id: str) -> float:
    start = time.perf_counter()
    plan_file = store.load(path)
    state = plan_file.plan.items[item_id]
    state.status = "doing" if state.status != "doing" else "todo"
    plan_file.save()
    return time.perf_counter() - start


def without_lock(path: Path, item_id: str) -> float:
    real = store.plan_lock
    store.plan_lock = lambda *args, **kwargs: contextlib.nullcontext()  # type: ignore[assignment]
    try:
        return edit_and_save(path, item_id)
    finally:
        store.plan_lock = real


def branch(base: Path, target: Path, item_ids: list[str], offset: int, who: str) -> None:
    """A copy of ``base`` with 50 items marked and 5 decisions added by ``who``."""
    from cfos_tui.plan import add_decision

    shutil.copyfile(base, target)
    plan_file = store.load(target)
    for item_id in item_ids[offset : offset + 50]:
        plan_file.plan.items[item_id].status = "done"
    for day in range(1, 6):
        add_decision(plan_file.plan, date(2025, 1, day), f"{who} decides {day}")
    plan_file.save()


def merge_once(base: Path, ours_template: Path, ours: Path, theirs: Path) -> float:
    from cfos_tui.mergefile import merge_files

    shutil.copyfile(ours_template, ours)
    start = time.perf_counter()
    conflicts = merge_files(base, ours, theirs)
    elapsed = time.perf_counter() - start
    assert not conflicts
    return elapsed


def load_once(path: Path) -> float:
    start = time.perf_counter()
    store.load(path)
    return time.perf_counter() - start


def tomlkit_round_trip(text: str) -> float:
    start = time.perf_counter()
    document = tomlkit.parse(text)
    tomlkit.dumps(document)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--records", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = generate(folder, items=options.items, records=options.records)
        item_ids = list(store.load(path).plan.items)
        edit_and_save(path, item_ids[0])  # warm caches
        tomlkit_round_trip(path.read_text(encoding="utf-8"))
        store_times, tomlkit_times, unlocked_times = [], [], []
        for run in range(options.runs):
            store_times.append(edit_and_save(path, item_ids[(run * 37) % len(item_ids)]))
            tomlkit_times.append(tomlkit_round_trip(path.read_text(encoding="utf-8")))
            unlocked_times.append(without_lock(path, item_ids[(run * 37 + 11) % len(item_ids)]))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        folder_path = Path(folder)
        names = ("ours0.toml", "ours.toml", "theirs.toml")
        ours_template, ours, theirs = (folder_path / name for name in names)
        branch(path, ours_template, item_ids, 0, "Ana")
        branch(path, theirs, item_ids, 500, "Ben")
        merge_times, load_times = [], []
        for _run in range(options.runs):
            merge_times.append(merge_once(path, ours_template, ours, theirs))
            load_times.append(load_once(path))
    store_median = statistics.median(store_times)
    tomlkit_median = statistics.median(tomlkit_times)
    print(f"plan: {options.items} items, {options.records} records, {lines} lines; {options.runs} runs each")
    print(f"(a) store.load + edit one item + save (median): {store_median * 1000:8.1f} ms")
    print(f"(b) tomlkit.parse + tomlkit.dumps (median):     {tomlkit_median * 1000:8.1f} ms")
    print(f"ratio a/b: {store_median / tomlkit_median:.2f} (target <= 1.5)")
    unlocked_median = statistics.median(unlocked_times)
    print(f"(c) the same edit without the lock (median):   {unlocked_median * 1000:8.1f} ms")
    print(f"ratio a/c (the lock's cost): {store_median / unlocked_median:.2f} (target <= 1.1)")
    merge_median, load_median = statistics.median(merge_times), statistics.median(load_times)
    print(f"(d) merge of two edited versions (median):      {merge_median * 1000:8.1f} ms")
    print(f"(e) store.load of the plan (median):            {load_median * 1000:8.1f} ms")
    print(f"ratio d/e: {merge_median / load_median:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
