"""Whole-process cost of `cfos-plan export` against importing its two libraries.

Runs, interleaved, `cfos-plan export plans/nebari.toml` and
`python -c "import tomlkit, platformdirs"` and prints the median of each and their
ratio (target: at most 2.0). Ratios, not seconds, because machines are noisy.

    python benchmarks/bench_export.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plans" / "nebari.toml"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    options = parser.parse_args()
    script = shutil.which("cfos-plan", path=str(Path(sys.executable).parent)) or shutil.which("cfos-plan")
    export = [script] if script else [sys.executable, "-m", "cfos_tui"]
    export += ["export", str(PLAN), "--today", "2024-06-30"]
    baseline = [sys.executable, "-c", "import tomlkit, platformdirs"]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CFOS_PLAN_HOME": home}
        env.pop(
            "PYTHONDONTWRITEBYTECODE", None
        )  # let the warm-up run cache bytecode, as the baseline's installed libraries have
        for command in (export, baseline):  # warm the file cache and bytecode
            timed(command, env)
        export_times, baseline_times = [], []
        for _ in range(options.runs):
            export_times.append(timed(export, env))
            baseline_times.append(timed(baseline, env))
    export_median = statistics.median(export_times)
    baseline_median = statistics.median(baseline_times)
    print(f"cfos-plan export (median of {options.runs}):      {export_median * 1000:7.1f} ms")
    print(f"import tomlkit, platformdirs (median):  {baseline_median * 1000:7.1f} ms")
    print(f"ratio: {export_median / baseline_median:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
