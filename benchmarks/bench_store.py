"""Cost of one edit through the store against a plain tomlkit round trip.

Generates a plan with 1,000 checklist items and 200 records, then interleaves
(a) ``store.load`` + change one item's status + ``save()`` and
(b) ``tomlkit.parse(text)`` + ``tomlkit.dumps(doc)`` of the same text,
and prints the median of each and their ratio a/b (target: at most 1.5).

    python benchmarks/bench_store.py [--runs 15] [--items 1000] [--records 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
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
        store_times, tomlkit_times = [], []
        for run in range(options.runs):
            store_times.append(edit_and_save(path, item_ids[(run * 37) % len(item_ids)]))
            tomlkit_times.append(tomlkit_round_trip(path.read_text(encoding="utf-8")))
        lines = len(path.read_text(encoding="utf-8").splitlines())
    store_median = statistics.median(store_times)
    tomlkit_median = statistics.median(tomlkit_times)
    print(f"plan: {options.items} items, {options.records} records, {lines} lines; {options.runs} runs each")
    print(f"(a) store.load + edit one item + save (median): {store_median * 1000:8.1f} ms")
    print(f"(b) tomlkit.parse + tomlkit.dumps (median):     {tomlkit_median * 1000:8.1f} ms")
    print(f"ratio a/b: {store_median / tomlkit_median:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
