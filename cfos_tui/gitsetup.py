"""Registering cfos-plan as git's merge driver for a plan (``cfos-plan git-setup``).

Three things, each done once however often it runs: the plan's path gets
``merge=cfos-plan`` in the repository's ``.gitattributes``; its lock file is
ignored in ``.gitignore``; the repository's git config learns the driver's
command (``merge.cfos-plan.driver``). The first two are committed and shared; the
config is each clone's own, so every teammate runs ``git-setup`` once.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from cfos_tui.errors import CfosError
from cfos_tui.store import atomic_write, lock_path

DRIVER = "cfos-plan"


class GitSetupError(CfosError):
    """The plan is not in a git work tree, or git could not be run."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=False, timeout=30
        )
    except FileNotFoundError:
        raise GitSetupError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitSetupError(f"git {' '.join(args)} did not answer within 30 s") from None


def work_tree(path: Path) -> Path:
    """The top of the git work tree holding ``path``."""
    folder = path.resolve().parent
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise GitSetupError(f"{path}: is not inside a git repository (run `git init` first)")
    return Path(done.stdout.strip())


def driver_command() -> str:
    """How git should call the merge: ``cfos-plan`` when that is on PATH and is this
    program, otherwise this program's absolute path."""
    on_path = shutil.which("cfos-plan")
    me = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if on_path and (me is None or me.name != "cfos-plan" or Path(on_path).resolve() == me):
        program = "cfos-plan"
    elif me is not None and me.name == "cfos-plan" and me.is_file():
        program = shlex.quote(str(me))
    else:
        program = f"{shlex.quote(sys.executable)} -m cfos_tui"
    return f"{program} merge %O %A %B %P"


def _pattern(relative: str) -> str:
    """A path as a gitattributes/gitignore pattern matching only itself."""
    special = set(' *?[]\\#!"')
    return "".join(f"[{ch}]" if ch in special else ch for ch in relative)


def _add_line(file: Path, line: str, present: bool) -> bool:
    """Append ``line`` to ``file`` unless ``present``; return whether it was added."""
    if present:
        return False
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(file, (text + line + "\n").encode("utf-8"))
    return True


def git_setup(plan: Path) -> list[str]:
    """Register the driver for ``plan``; return one line per thing done or found done."""
    if not plan.is_file():
        raise GitSetupError(f"{plan}: no such plan file")
    top = work_tree(plan)
    relative = plan.resolve().relative_to(top).as_posix()
    pattern = _pattern(relative)
    report = []

    attributes = top / ".gitattributes"
    wanted = f"/{pattern} merge={DRIVER}"
    lines = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
    names = {pattern, f"/{pattern}"}
    present = any(
        line.split()[:1] and line.split()[0] in names and f"merge={DRIVER}" in line for line in lines
    )
    added = _add_line(attributes, wanted, present)
    report.append(f"added to .gitattributes: {wanted}" if added else f"already in .gitattributes: {wanted}")

    ignore = top / ".gitignore"
    lock = "/" + _pattern(lock_path(plan.resolve()).relative_to(top).as_posix())
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    added = _add_line(ignore, lock, lock in lines)
    report.append(f"{'added to' if added else 'already in'} .gitignore: {lock} (the plan's lock file)")

    command = driver_command()
    settings = {
        f"merge.{DRIVER}.name": "cfos-plan: three-way merge of plan files by id",
        f"merge.{DRIVER}.driver": command,
    }
    for key, value in settings.items():
        current = _git(top, "config", "--local", "--get", key)
        if current.returncode == 0 and current.stdout.rstrip("\n") == value:
            report.append(f"already set in git config: {key} = {value}")
            continue
        done = _git(top, "config", "--local", key, value)
        if done.returncode != 0:
            raise GitSetupError(f"git config {key} failed: {done.stderr.strip() or done.returncode}")
        report.append(f"set in git config: {key} = {value}")
    return report
