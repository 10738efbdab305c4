"""The domain floor never imports Textual, so the shell commands start fast."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cfos_tui"

PROBE = textwrap.dedent(
    """
    import sys
    from cfos_tui.cli import main
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit:
        code = exit.code
    loaded = sorted(name for name in sys.modules if name.split(".")[0] == "textual")
    print("TEXTUAL:" + ",".join(loaded), file=sys.stderr)
    sys.exit(code)
    """
)


@pytest.fixture
def plan(tmp_path) -> Path:
    path = tmp_path / "plan.toml"
    subprocess.run(
        [sys.executable, "-m", "cfos_tui", "new", str(path), "--project", "Probe"],
        check=True,
        capture_output=True,
        env={**os.environ, "CFOS_PLAN_HOME": str(tmp_path / "home")},
    )
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["export", "{plan}"],
        ["status", "{plan}", "--json"],
        ["check", "{plan}"],
        ["mark", "{plan}", "license-file", "done"],
        ["list"],
        ["--help"],
    ],
)
def test_shell_commands_never_import_textual(plan, tmp_path, command):
    args = [part.format(plan=plan) for part in command]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CFOS_PLAN_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL:\n" in result.stderr, result.stderr


def test_only_the_tui_package_imports_textual():
    """A static check: no module outside cfos_tui/tui names textual in an import."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "textual"]
    assert offenders == []
