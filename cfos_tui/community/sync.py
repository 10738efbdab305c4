"""The community files against the checkout: what would change, and writing it.

Each file gets a :class:`FileState`: ``new``, ``changed``, ``unchanged``, ``blocked``
(answers missing), ``drift`` (its generated part was edited by hand) or ``unmanaged``
(a file of the team's own without markers). Writing replaces a file atomically and
never touches ``drift`` or ``unmanaged`` ones unless forced; when forced over a file
of the team's own, the old one is kept beside it first.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cfos_tui.community.answers import Answers, Need
from cfos_tui.community.files import FILES, CommunityFile, build
from cfos_tui.community.markers import place_markdown, place_yaml
from cfos_tui.errors import CfosError
from cfos_tui.plan import Plan
from cfos_tui.playbook import Playbook

__all__ = ["FileState", "FilesError", "find_checkout", "states", "write"]

MAX_EXISTING = 1024 * 1024
KEPT_SUFFIX = ".before-cfos-plan"


class FilesError(CfosError):
    """A checkout that cannot be used, or a file that cannot be read or written."""


@dataclass(frozen=True)
class FileState:
    file: CommunityFile
    state: str
    old: str | None = None
    new: str | None = None
    needs: tuple[Need, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.file.path

    def diff(self) -> str:
        """A unified diff from the file on disk to what the plan says now."""
        if self.new is None or self.old == self.new:
            return ""
        old = (self.old or "").splitlines(keepends=True)
        lines = difflib.unified_diff(
            old, self.new.splitlines(keepends=True), f"a/{self.path}", f"b/{self.path}"
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    @property
    def writable(self) -> bool:
        return self.state in ("new", "changed")


def find_checkout(plan_path: Path, plan: Plan, given: Path | None) -> Path:
    """Where the files go: ``given``, else the plan's recorded checkout (relative to
    the plan's folder), else the git work tree that holds the plan."""
    if given is not None:
        folder = Path(given)
        where = "--checkout"
    elif plan.checkout:
        folder = (Path(plan_path).parent / plan.checkout).resolve()
        where = "the plan's checkout"
    else:
        tree = _work_tree(Path(plan_path).resolve().parent)
        where = "the git work tree holding the plan"
        if tree is None:
            raise FilesError(
                f"{plan_path}: not inside a git work tree and the plan names no checkout; "
                "say where the project is with --checkout DIR"
            )
        folder = tree
    if not folder.is_dir():
        raise FilesError(f"{folder}: {where} is not a folder")
    return folder.resolve()


def _work_tree(folder: Path) -> Path | None:
    try:
        found = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    top = found.stdout.strip()
    return Path(top) if found.returncode == 0 and top else None


def _no_links(checkout: Path, relative: str) -> Path:
    """``checkout / relative``, refused when it or a folder on the way is a symbolic
    link: a file is only ever written inside the checkout itself."""
    target = checkout
    for part in Path(relative).parts:
        target = target / part
        if target.is_symlink():
            raise FilesError(f"{target}: is a symbolic link; cfos-plan does not write through links")
    return target


def _read(path: Path) -> str | None:
    if not path.exists():
        return None
    if not path.is_file():
        raise FilesError(f"{path}: exists and is not a file")
    if path.stat().st_size > MAX_EXISTING:
        raise FilesError(f"{path}: larger than any community file; left alone")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise FilesError(f"{path}: not UTF-8 text; left alone") from None
    except OSError as error:
        raise FilesError(f"{path}: cannot be read: {error.strerror or error}") from None


def states(
    plan: Plan, playbook: Playbook, plan_path: Path, checkout: Path, only: list[str] | None = None
) -> list[FileState]:
    """Every community file the plan wants (or those named in ``only``), against the checkout."""
    answers = Answers(plan, playbook)
    source = _source_name(Path(plan_path), checkout)
    wanted = [f for f in FILES if f.applies(answers)]
    if only:
        wanted = [
            f
            for f in wanted
            if f.name.lower() in {o.lower() for o in only} or f.path.lower() in {o.lower() for o in only}
        ]
    result = []
    for community_file in wanted:
        built = build(community_file, answers)
        old = _read(_no_links(checkout, community_file.path))
        if built.text is None:
            result.append(FileState(community_file, "blocked", old, None, built.needs, built.notes))
            continue
        if community_file.kind == "markdown":
            placed = place_markdown(community_file.name, source, built.text, old)
        else:
            placed = place_yaml(source, built.text, old)
        result.append(FileState(community_file, placed.state, old, placed.text, (), built.notes))
    return result


def _source_name(plan_path: Path, checkout: Path) -> str:
    """The plan as the generated files name it: relative to the checkout when inside it."""
    resolved = plan_path.resolve()
    try:
        return resolved.relative_to(checkout).as_posix()
    except ValueError:
        return plan_path.name


def write(state: FileState, checkout: Path, *, force: bool = False) -> str:
    """Write one file; what was done, in a few words ("written", "kept the old one as …")."""
    from cfos_tui.store import StoreError, atomic_write

    if state.new is None:
        raise FilesError(f"{state.path}: not written: it needs {', '.join(map(str, state.needs))}")
    if not state.writable and not (force and state.state in ("drift", "unmanaged")):
        raise FilesError(f"{state.path}: {state.state}; not written without --force")
    target = _no_links(checkout, state.path)  # checked again: the checkout may have changed
    said = "written"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if state.state == "unmanaged" and state.old is not None:
            kept = target.with_name(target.name + KEPT_SUFFIX)
            atomic_write(kept, state.old.encode("utf-8"))
            said = f"written; the old one is kept as {kept.relative_to(checkout).as_posix()}"
        atomic_write(target, state.new.encode("utf-8"))
    except (OSError, StoreError) as error:
        raise FilesError(f"{state.path}: not written: {error}") from None
    return said
