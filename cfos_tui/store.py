"""Reading and writing plan files without losing a byte a person wrote.

A plan file is read twice over: ``tomllib`` (fast) gives the values the model is
built from, and the original text is kept. Saving parses that text with tomlkit,
applies only the differences between the model as loaded and the model now, and
writes the result atomically. Comments, key order, formatting and keys this
program does not know therefore survive, and one edit changes only its own lines.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import math
import os
import stat
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfos_tui import parsed
from cfos_tui.errors import CfosError, position_of_toml_error
from cfos_tui.mapping import must_be, read_fields, read_value, to_table
from cfos_tui.plan import (
    SCHEMA,
    AuditSnapshot,
    Decision,
    ItemState,
    Plan,
    Problem,
    QuarterSnapshot,
    Reminder,
    Review,
    advise,
    validate,
)
from cfos_tui.playbook import Playbook, PlaybookError, builtin_playbook, load_playbook
from cfos_tui.safeio import MAX_DEPTH, PLAN_LIMIT, ReadError, read_regular_file, too_deep
from cfos_tui.textpos import Locator

if TYPE_CHECKING:
    import tomlkit
    from tomlkit.items import Table

    from cfos_tui.merge import Conflict


UTF8_BOM = b"\xef\xbb\xbf"


class StoreError(CfosError):
    """A plan file could not be read or written; the message says which and why."""


class PlanRefused(StoreError):
    """An action the program will not take (exit code 1), such as overwriting a plan."""

    exit_code = 1


class ChangedOnDisk(PlanRefused):
    """The file changed since it was loaded; saving now would lose someone's work."""


class InvalidPlan(StoreError):
    """The plan was read but disagrees with the rules; ``problems`` are located lines."""

    SHOWN = 50  # a file with thousands of problems gets the first ones and a count

    def __init__(self, problems: list[str]) -> None:
        shown = problems[: self.SHOWN]
        if len(problems) > self.SHOWN:
            shown = [*shown, f"… and {len(problems) - self.SHOWN} more problems"]
        super().__init__("\n".join(shown))
        self.problems = problems


# Migrations take a parsed document of schema N and change it in place to N + 1.
MIGRATIONS: dict[int, Callable[[tomlkit.TOMLDocument], None]] = {}


def _tomlkit():
    """tomlkit, imported on first write: reading a plan (export, status) never needs it."""
    import tomlkit

    return tomlkit


HEADER = (
    "Transition plan kept by cfos-plan. It is meant to live in the project's repository\n"
    "and change through pull requests. Edit it by hand or with `cfos-plan`: comments and\n"
    "keys the program does not know are kept."
)


# --- model <-> plain data -------------------------------------------------------


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as the plain nested dict its file holds; empty values are left out."""
    data: dict[str, Any] = {"schema": plan.schema, "project": plan.project}
    data["playbook"] = plan.playbook_id
    data["playbook_version"] = plan.playbook_version
    _put(data, "playbook_file", plan.playbook_file)
    _put(data, "created", plan.created)
    _put(data, "checkout", plan.checkout)
    _put(data, "team", list(plan.team))
    _put(data, "affiliations", dict(plan.affiliations))
    # A deep copy: records and lists edited in place must differ from the baseline.
    answers = {step: copy.deepcopy(fields) for step, fields in plan.answers.items() if fields}
    _put(data, "answers", answers)
    for section in ("items", "reminders", "decisions", "reviews"):
        records = getattr(plan, section)
        _put(data, section, {record_id: to_table(record) for record_id, record in records.items()})
    if plan.audit is not None:
        data["audit"] = to_table(plan.audit)
    return data


def _put(table: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        table[key] = value


def _is_number(value: object) -> bool:
    """An int or a finite float (TOML allows nan and inf; a plan has no use for them)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


class _Reader:
    """Builds a Plan from plain data, noting every value of the wrong type."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def get(self, table: dict[str, Any], key: str, kind: type, keys: tuple[str, ...], default: Any) -> Any:
        if key not in table:
            return default
        ok, value = read_value(table[key], kind)
        if ok:
            return value
        self.problem((*keys, key), f"{'.'.join((*keys, key))} {must_be(kind)}")
        return default

    def problem(self, keys: tuple[str, ...], message: str) -> None:
        self.problems.append(Problem(keys, message))

    def fields(self, cls: type, table: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        """The simple fields of a record's table (see ``cfos_tui.mapping``)."""
        return read_fields(cls, table, keys, self.problem)

    def tables(self, data: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
        section = self.get(data, key, dict, (), {})
        result = {}
        for entry_id, entry in section.items():
            if isinstance(entry, dict):
                result[entry_id] = entry
            else:
                self.problems.append(Problem((key, entry_id), f"{key}.{entry_id} must be a table"))
        return result

    def plan(self, data: dict[str, Any]) -> Plan:
        version = data.get("playbook_version", "")
        if isinstance(version, int) and not isinstance(version, bool):
            version = str(version)
        plan = Plan(
            project=self.get(data, "project", str, (), ""),
            playbook_id=self.get(data, "playbook", str, (), ""),
            playbook_version=self.get({"playbook_version": version}, "playbook_version", str, (), ""),
            schema=self.get(data, "schema", int, (), SCHEMA),
            playbook_file=self.get(data, "playbook_file", str, (), ""),
            created=self.get(data, "created", date, (), None),
            checkout=self.get(data, "checkout", str, (), ""),
            team=self.get(data, "team", list, (), []),
        )
        if not plan.project.strip():
            self.problems.append(Problem(("project",), 'the plan needs a project name (project = "…")'))
        if not plan.playbook_id:
            self.problems.append(Problem(("playbook",), "the plan does not say which playbook it follows"))
        affiliations = self.get(data, "affiliations", dict, (), {})
        for key, value in affiliations.items():
            where = ("affiliations", key)
            if not key.strip():
                self.problems.append(Problem(where, "affiliations: an email or domain cannot be empty"))
            elif not isinstance(value, str):
                self.problems.append(Problem(where, f"affiliations.{key} must be text"))
            elif not value.strip():
                self.problems.append(Problem(where, f"affiliations.{key} needs an organisation name"))
            else:
                plan.affiliations[key] = value
        for step_id, fields in self.tables(data, "answers").items():
            plan.answers[step_id] = dict(fields)
        for item_id, entry in self.tables(data, "items").items():
            plan.items[item_id] = ItemState(**self.fields(ItemState, entry, ("items", item_id)))
        for reminder_id, entry in self.tables(data, "reminders").items():
            keys = ("reminders", reminder_id)
            reminder = Reminder(**{"habit": "", **self.fields(Reminder, entry, keys)})
            plan.reminders[reminder_id] = reminder
            if not reminder.habit:
                self.problems.append(Problem(keys, f"reminder {reminder_id} needs a habit"))
        for decision_id, entry in self.tables(data, "decisions").items():
            keys = ("decisions", decision_id)
            values = self.fields(Decision, entry, keys)
            if values["date"] is None or not values["title"]:
                self.problems.append(Problem(keys, f"decision {decision_id} needs a date and a title"))
                continue
            plan.decisions[decision_id] = Decision(**values)
        for review_id, entry in self.tables(data, "reviews").items():
            keys = ("reviews", review_id)
            values = self.fields(Review, entry, keys)
            if values["date"] is None:
                self.problems.append(Problem(keys, f"review {review_id} needs a date"))
                continue
            phases: dict[str, tuple[int, int]] = {}
            for phase_id, pair in self.get(entry, "phases", dict, keys, {}).items():
                if isinstance(pair, list) and len(pair) == 2 and all(type(n) is int for n in pair):
                    phases[phase_id] = (pair[0], pair[1])
                else:
                    self.problems.append(
                        Problem(
                            (*keys, "phases", phase_id),
                            f"reviews.{review_id}.phases.{phase_id} must be [done, total]",
                        )
                    )
            metrics = {}
            for name, number in self.get(entry, "metrics", dict, keys, {}).items():
                if _is_number(number):
                    metrics[name] = number
                else:
                    self.problems.append(
                        Problem(
                            (*keys, "metrics", name), f"reviews.{review_id}.metrics.{name} must be a number"
                        )
                    )
            values.update(done=values["done"] or 0, total=values["total"] or 0)
            plan.reviews[review_id] = Review(**values, phases=phases, metrics=metrics)
        audit = self.get(data, "audit", dict, (), None)
        if audit is not None:
            plan.audit = self.audit(audit)
        return plan

    def audit(self, entry: dict[str, Any]) -> AuditSnapshot | None:
        keys = ("audit",)
        values = self.fields(AuditSnapshot, entry, keys)
        if values["date"] is None:
            self.problems.append(Problem(keys, "audit needs a date"))
            return None
        found = {}
        for item, paths in self.get(entry, "found", dict, keys, {}).items():
            found[item] = self.get({item: paths}, item, list, (*keys, "found"), [])
        organizations = {}
        for name, share in self.get(entry, "organizations", dict, keys, {}).items():
            if _is_number(share):
                organizations[name] = float(share)
            else:
                self.problems.append(
                    Problem((*keys, "organizations"), f"audit.organizations: {name!r} must be a number")
                )
        quarters = {}
        for quarter, numbers in self.get(entry, "quarters", dict, keys, {}).items():
            where = (*keys, "quarters", quarter)
            if not isinstance(numbers, dict):
                self.problems.append(Problem(where, f"audit.quarters.{quarter} must be a table"))
                continue
            share = numbers.get("top_org_share", 0.0)
            if not _is_number(share):
                self.problems.append(
                    Problem(
                        (*where, "top_org_share"), f"audit.quarters.{quarter}.top_org_share must be a number"
                    )
                )
                share = 0.0
            counts = {
                name: number or 0 for name, number in self.fields(QuarterSnapshot, numbers, where).items()
            }
            quarters[quarter] = QuarterSnapshot(**counts, top_org_share=float(share))
        return AuditSnapshot(
            **values,
            found=found,
            organizations=organizations,
            quarters=quarters,
            maintainers=self.counts(entry, "maintainers", keys),
            unlisted_active=self.counts(entry, "unlisted_active", keys),
            maintainer_organisations=self.counts(entry, "maintainer_organisations", keys),
        )

    def counts(self, entry: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, int]:
        """A table of whole numbers by name (the roster's commit counts)."""
        counts = {}
        for key, number in self.get(entry, name, dict, keys, {}).items():
            if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
                counts[key] = number
            else:
                self.problems.append(
                    Problem((*keys, name, key), f"audit.{name}: {key!r} must be a whole number, 0 or more")
                )
        return counts


def plan_from_data(data: dict[str, Any]) -> tuple[Plan, list[Problem]]:
    reader = _Reader()
    plan = reader.plan(data)
    return plan, reader.problems


# --- writing differences into a tomlkit document ---------------------------------


def toml_item(value: Any, *, inline: bool = False) -> Any:
    """A tomlkit value for a plain one: multi-line text stays multi-line in the file.

    Inside an inline table (``key = {…}`` written by hand) tables are inline too.
    """
    if isinstance(value, dict):
        return _new_inline_table(value) if inline else _new_table(value)
    if inline:
        return value
    if isinstance(value, str) and "\n" in value and _fits_multiline(value):
        return _tomlkit().string(value, multiline=True)
    if isinstance(value, list) and value and sum(len(str(v)) + 4 for v in value) > 72:
        # Long lists get one entry a line, so adding an entry changes one line.
        array = _tomlkit().array()
        array.extend(value)
        array.multiline(True)
        return array
    return value


def _fits_multiline(text: str) -> bool:
    """Multi-line strings read best, but only plain printable text goes in them."""
    return all(ch in "\n\t" or (ch.isprintable() and ch not in "\r") for ch in text)


def _new_table(values: dict[str, Any]) -> Table:
    only_tables = bool(values) and all(isinstance(v, dict) for v in values.values())
    table = _tomlkit().table(is_super_table=only_tables)
    for key, value in values.items():
        table[key] = toml_item(value)
    if not only_tables:
        table.add(_tomlkit().nl())
    return table


def _new_inline_table(values: dict[str, Any]) -> Any:
    table = _tomlkit().inline_table()
    for key, value in values.items():
        table[key] = toml_item(value, inline=True)
    return table


# Sections whose order means nothing (the workbook sorts them by date or id): a new
# table goes where its id sorts. Records keep the order the team gave them.
SORTED_SECTIONS = frozenset({("decisions",), ("reminders",), ("reviews",), ("items",)})


def apply_changes(
    container: Any, old: dict[str, Any], new: dict[str, Any], path: tuple[str, ...] = ()
) -> None:
    """Change ``container`` (a tomlkit document or table) from ``old`` to ``new``.

    Keys whose value did not change are not touched, so their comments and layout
    stay, and values the file never held (defaults) are not written until they
    change. A table whose keys are the same but in a new order (reordered records) is
    written anew.
    """
    for key in old:
        if key not in new and key in container:
            del container[key]
    common = [key for key in new if key in old]
    reordered = [key for key in old if key in new] != common and all(
        isinstance(new[key], dict) for key in common
    )
    if reordered:
        for key in common:
            if key in container:
                del container[key]
    for key, value in new.items():
        if key in old and not reordered:
            previous = old[key]
            if value == previous and type(value) is type(previous):
                continue
            if key in container and isinstance(value, dict) and isinstance(previous, dict):
                apply_changes(container[key], previous, value, (*path, key))
                continue
        if key not in container and isinstance(value, dict) and not _is_inline(container):
            # A new table: the comments that close the section before it (the banner of
            # the next section) stay where they are, after it.
            banner = _detach_banner(container)
            if path in SORTED_SECTIONS:
                _insert_sorted(container, key, toml_item(value))
            else:
                container[key] = toml_item(value)
            for trivia in banner:
                _last_table(container).add(trivia)
            continue
        # Assigning an existing key keeps its place (and its comment) in the file.
        container[key] = toml_item(value, inline=_is_inline(container))


def _last_table(container: Any) -> Any:
    """The table whose body ends the text of ``container`` (its last table, deepest)."""
    from tomlkit.items import Table

    body = container.value.body if isinstance(container, Table) else container.body
    keyed = [item for key, item in body if key is not None]
    if keyed and isinstance(keyed[-1], Table):
        return _last_table(keyed[-1])
    return container


def _detach_banner(container: Any) -> list[Any]:
    """Take off the comment block that ends ``container``'s text when a blank line sets
    it apart from the table above it: a banner a person wrote for what follows."""
    from tomlkit.items import Comment, Table, Whitespace

    holder = _last_table(container)
    if not isinstance(holder, Table) or holder is container and not isinstance(container, Table):
        return []
    body = holder.value.body
    start = len(body)
    while start > 0 and body[start - 1][0] is None and isinstance(body[start - 1][1], Comment | Whitespace):
        start -= 1
    block = body[start:]
    first_comment = next((i for i, (_, item) in enumerate(block) if isinstance(item, Comment)), None)
    if first_comment is None or first_comment == 0:
        return []  # no comment, or one that hangs on the table's last line
    above = block[:first_comment]
    blank = any(isinstance(item, Whitespace) and "\n" in item.as_string() for _, item in above)
    if not blank:
        return []
    taken = [item for _, item in block[first_comment:]]
    del body[start + first_comment :]
    return taken


def _insert_sorted(container: Any, key: str, item: Any) -> None:
    """Add a new table where its id sorts among tables already in id order, so two
    branches that each add a decision or a record touch different lines; elsewhere
    (keys in an order of their own) it goes at the end."""
    siblings = [k for k in container if isinstance(container[k], dict)]
    if len(siblings) != len(container) or siblings != sorted(siblings):
        container[key] = item
        return
    later = [(k, container[k]) for k in siblings if k > key]
    for k, _ in later:
        del container[k]
    container[key] = item
    for k, value in later:
        container[k] = value


def _is_inline(container: Any) -> bool:
    from tomlkit.items import InlineTable

    return isinstance(container, InlineTable)


class _CannotEdit(Exception):
    """tomlkit could not edit the document in place."""


def edit_text(
    source: str, old: dict[str, Any], new: dict[str, Any], *, rewrite: frozenset[str] = frozenset()
) -> str:
    """``source`` (TOML text holding ``old``) changed to hold ``new``: only what changed
    is touched, in place; the top-level tables in ``rewrite`` are written anew
    instead. Line endings follow the source's."""
    document = _tomlkit().parse(source)
    try:
        apply_changes(
            document,
            {k: v for k, v in old.items() if k not in rewrite},
            {k: v for k, v in new.items() if k not in rewrite},
        )
        if rewrite:
            as_read = tomllib.loads(source)
        for key in sorted(rewrite):  # sorted: the same edit always gives the same file
            if key in document:
                del document[key]
            if key in new:
                document[key] = toml_item(_with_unknown_keys(as_read.get(key), old.get(key), new[key]))
        text = document.as_string()
    except (ValueError, TypeError, KeyError) as error:  # a layout tomlkit cannot edit in place
        changed = _changed_keys(old, new)
        if rewrite != changed:
            return edit_text(source, old, new, rewrite=changed)
        raise _CannotEdit(str(error)) from None
    return _line_endings(source, text)


def _line_endings(source: str, text: str) -> str:
    """``text`` in ``source``'s line endings when those are all CRLF (mixed ones stay mixed)."""
    if "\r\n" in source and source.count("\n") == source.count("\r\n"):
        return text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def edit_text_verified(
    source: str, old: dict[str, Any], new: dict[str, Any], reads_back: Callable[[str], bool]
) -> str | None:
    """``edit_text``, read back before it is trusted. When hand-written dotted keys or
    inline tables make tomlkit's edit in place come out wrong, the changed sections
    are written anew: one at a time, then all of them; None when even that does not
    read back as ``new``."""
    from cfos_tui import blocks

    try:
        quick = blocks.edit(
            source, old, new, to_item=toml_item, apply_changes=apply_changes, sorted_sections=SORTED_SECTIONS
        )
    except blocks.CANNOT:
        pass
    else:
        quick = _line_endings(source, quick)
        if reads_back(quick):
            return quick
    changed = _changed_keys(old, new)
    attempts = [frozenset[str](), *(frozenset({key}) for key in sorted(changed)), changed]
    for rewrite in attempts:
        try:
            text = edit_text(source, old, new, rewrite=rewrite)
        except _CannotEdit:
            continue
        if reads_back(text):
            return text
    return None


# --- files ----------------------------------------------------------------------


@dataclass(frozen=True)
class DiskStamp:
    """What a file looked like when read: its identity, times, size and digest.

    ``ctime`` changes whenever the file does, even when someone restores its
    modification time, so equal stamps mean the content need not be hashed again.
    """

    inode: int
    ctime_ns: int
    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of(cls, path: Path, content: bytes) -> DiskStamp:
        info = path.stat()
        return cls(
            info.st_ino, info.st_ctime_ns, info.st_mtime_ns, info.st_size, hashlib.sha256(content).hexdigest()
        )

    def matches(self, info: os.stat_result) -> bool:
        return (info.st_ino, info.st_ctime_ns, info.st_mtime_ns, info.st_size) == (
            self.inode,
            self.ctime_ns,
            self.mtime_ns,
            self.size,
        )


def read_bytes(path: Path) -> bytes:
    """A plan file's bytes, or a StoreError saying plainly what is wrong."""
    try:
        return read_regular_file(path, PLAN_LIMIT, "plan file")
    except ReadError as error:
        raise StoreError(str(error)) from None


def read_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text, or a StoreError saying plainly what is wrong."""
    raw = read_bytes(path)
    return raw, decode(path, raw)


def decode(path: Path, raw: bytes) -> str:
    """A plan file's bytes as text (UTF-8, a byte order mark dropped), or a StoreError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise StoreError(f"{path}:{line}:{column}: not UTF-8 text (byte 0x{raw[error.start]:02x})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise StoreError(f"{path}: the file is empty; create a plan with `cfos-plan new {path}`")
    return text


_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


def conflict_marker_line(text: str) -> int:
    """The line of the first git conflict marker in ``text``, or 0 when there is none."""
    if not any(marker in text for marker in _MARKERS):
        return 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(_MARKERS[::2]) or line.rstrip() == "=======":
            return number
    return 0


class FileMoved(StoreError):
    """The file changed between reading it and replacing it; nothing was written."""


def _target(path: Path) -> tuple[Path, Path, int]:
    """Where a write to ``path`` lands (a link's target), its folder and the mode the
    new file gets; refuses folders, devices and read-only files or folders."""
    if path.is_symlink():
        # Replace the file the link points to, and keep the link.
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"{path}: the folder {folder} does not exist")
    try:
        existing = path.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise StoreError(f"{path}: is a folder, not a plan file")
        if not stat.S_ISREG(existing.st_mode):
            raise StoreError(f"{path}: is not a regular file (a device or a pipe); nothing was written")
        if not existing.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise PlanRefused(f"{path}: the file is read-only; nothing was written")
        mode = stat.S_IMODE(existing.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    if not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK):
        raise PlanRefused(f"{path}: the folder {folder} is read-only; nothing was written")
    return path, folder, mode


def atomic_write(
    path: Path,
    content: bytes,
    *,
    expect: Callable[[Path], bool] | None = None,
    exclusive: bool = False,
) -> None:
    """Replace ``path`` with ``content`` so that a crash leaves the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed and synced, get
    the old file's permissions and are renamed over the old file. ``expect`` is asked
    just before the rename whether the file is still the one the content was made
    from (FileMoved when not); ``exclusive`` never replaces a file that exists
    (PlanRefused), even one created a moment ago by someone else.
    """
    path, folder, mode = _target(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise StoreError(f"{path}: cannot write in {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if expect is not None and not expect(path):
            raise FileMoved(f"{path}: changed on disk while it was being saved; nothing was written")
        if exclusive:
            try:
                os.link(temporary, path)  # fails, atomically, when the name is taken
            except FileExistsError:
                raise PlanRefused(f"{path}: already exists; nothing was written") from None
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise StoreError(f"{path}: not saved: {error.strerror or error}; the file is unchanged") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete the temporary files that writers of ``path`` killed mid-save left behind.

    Call it holding the plan's lock: every live writer holds it while its temporary
    file exists, so any other one belongs to a writer that is gone.
    """
    path = Path(os.path.realpath(path))
    removed = []
    for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


LOCK_TIMEOUT = 15.0  # seconds; a save takes milliseconds, so this is a writer that hangs
_locks: dict[str, Any] = {}


def lock_path(path: Path) -> Path:
    """The lock file beside a plan: ``.PLAN.toml.lock`` (safe to delete when nothing runs)."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def plan_lock(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the plan's exclusive lock: one writer at a time reads, changes and writes it.

    Re-entrant in one thread; other threads and processes wait (``timeout`` seconds,
    then PlanRefused). The lock is advisory: an editor that takes none is caught by
    the check just before the rename instead (``atomic_write(expect=…)``).
    """
    from filelock import FileLock, Timeout

    _target(Path(path))  # a read-only folder or a device is refused before any lock file
    where = str(lock_path(path))
    lock = _locks.get(where)
    if lock is None:
        lock = _locks[where] = FileLock(where, timeout=timeout)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise PlanRefused(
            f"{path}: another cfos-plan has been writing this plan for {timeout:g} s; nothing was written"
        ) from None
    except OSError as error:
        raise StoreError(f"{path}: cannot take the lock {where}: {error.strerror or error}") from None
    try:
        yield
    finally:
        lock.release()


def resolve_playbook(plan: Plan, plan_path: Path, override: Path | None = None) -> Playbook:
    """The playbook a plan follows — its own file, or the built-in one it names — as
    of the version the plan follows (:meth:`Playbook.as_of`)."""
    if override is not None:
        playbook = load_playbook(override)
    elif plan.playbook_file:
        target = (plan_path.parent / plan.playbook_file).resolve()
        if target == plan_path.resolve():
            raise PlaybookError([f"{plan_path}: playbook_file names this plan itself, not a playbook"])
        playbook = _load_playbook_cached(target)
    else:
        playbook = builtin_playbook(plan.playbook_id)
    return playbook.as_of(plan.playbook_version, frozenset(plan.items))


_playbook_cache: dict[tuple[Path, int, int], Playbook] = {}


def _load_playbook_cached(path: Path) -> Playbook:
    """A team's own playbook, read again only when the file changed."""
    try:
        info = path.stat()
    except OSError:
        return load_playbook(path)  # reports the problem in its own words
    key = (path, info.st_mtime_ns, info.st_size)
    if key not in _playbook_cache:
        _playbook_cache.clear()
        _playbook_cache[key] = load_playbook(path)
    return _playbook_cache[key]


@dataclass(frozen=True)
class Snapshot:
    """A plan's data at one moment, its problems then, and whether it differed from
    the file."""

    data: dict[str, Any]
    problems: tuple[Problem, ...]
    changed: bool


class PlanFile:
    """A plan loaded from a file: the live model plus what is needed to save it safely.

    Change ``plan`` freely; ``dirty`` tells whether it differs from the file and
    ``save`` writes only the differences into the text the file held. When someone
    else changed the file meanwhile, ``rebase`` merges their version in (the version
    as loaded is the base of the three-way merge) and ``save(merge=True)`` does so
    by itself.
    """

    def __init__(
        self,
        path: Path,
        source: str,
        raw: bytes,
        playbook: Playbook,
        plan: Plan,
        *,
        read_only: str = "",
        migrated_from: int | None = None,
        keeps_parsed: bool = False,
    ) -> None:
        self.path = path
        self.plan = plan
        self.playbook = playbook
        self.read_only = read_only
        self.migrated_from = migrated_from
        self.keeps_parsed = keeps_parsed
        """Whether what the file parses to is kept for the next run (``parsed``), each
        time it is read or saved: the workbook's plans, to open without parsing."""
        _fill_items(plan, playbook)
        self._source = source
        self._bom = raw.startswith(UTF8_BOM)  # kept on save, as the team's editor wrote it
        self._baseline = plan_to_data(plan)
        self._stamp = DiskStamp.of(path, raw)

    @property
    def source(self) -> str:
        """The text the next save starts from: the file as read, migrated if need be."""
        return self._source

    @property
    def dirty(self) -> bool:
        return plan_to_data(self.plan) != self._baseline

    def problems(self) -> list[str]:
        """The plan's problems now, each as ``PATH:LINE: message``."""
        return locate(self.path, self._source, validate(self.plan, self.playbook))

    def advice(self) -> list[str]:
        """Answers that fit but are still not right (:func:`cfos_tui.plan.advise`), each
        as ``PATH:LINE: message``, located in the file as read."""
        return locate(self.path, self._source, advise(self.plan, self.playbook))

    def changed_on_disk(self) -> bool:
        """Whether someone else changed (or removed) the file since it was read or saved."""
        try:
            info = self.path.stat()
        except OSError:
            return True
        if self._stamp.matches(info):
            return False
        try:
            content = self.path.read_bytes()
        except OSError:
            return True
        return hashlib.sha256(content).hexdigest() != self._stamp.digest

    def _unchanged(self, path: Path) -> bool:
        """For ``atomic_write``: the file is still the bytes this plan was read from."""
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() == self._stamp.digest
        except OSError:
            return False

    def render(self) -> str:
        """The text the file would hold if saved now, in the file's own line endings."""
        return self._render(plan_to_data(self.plan))

    def _render(self, new: dict[str, Any], *, rewrite: frozenset[str] = frozenset()) -> str:
        try:
            return edit_text(self._source, self._baseline, new, rewrite=rewrite)
        except _CannotEdit as error:
            raise StoreError(f"{self.path}: cannot update the file ({error}); nothing was written") from None

    def _render_verified(self, new: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The text to save ``new`` as, and what that text parses to."""
        read: dict[str, dict[str, Any]] = {}

        def reads_back(text: str) -> bool:
            data = _read_back(text, new, self.playbook)
            if data is not None:
                read[text] = data
            return data is not None

        text = edit_text_verified(self._source, self._baseline, new, reads_back)
        if text is None:
            raise StoreError(f"{self.path}: the plan would not read back as saved; nothing was written")
        return text, read[text]

    def snapshot(self) -> Snapshot:
        """The plan as it is now, detached from the live model.

        Take it on the thread that edits the plan; ``save(snapshot=…)`` can then run
        in another thread while editing goes on.
        """
        data = plan_to_data(self.plan)
        return Snapshot(data, tuple(validate(self.plan, self.playbook)), data != self._baseline)

    def save(self, *, snapshot: Snapshot | None = None, merge: bool = False, force: bool = False) -> bool:
        """Write the plan (or ``snapshot`` of it) if it changed; return whether anything
        was written.

        The plan's lock is held throughout, and the file is confirmed to be the one
        read just before it is replaced. When someone changed it meanwhile, this
        raises ChangedOnDisk, or with ``merge`` merges their version in first (and
        raises MergeConflicts, writing nothing, when a field was changed both ways).
        ``force`` writes this version over whatever is on disk, changed or not (to
        write a plan someone removed again). A read-only plan (newer schema) is never
        written, nor is a plan with problems (InvalidPlan).
        """
        if self.read_only:
            raise PlanRefused(f"{self.path}: {self.read_only}; nothing was written")
        if snapshot is None:
            snapshot = self.snapshot()
        if not snapshot.changed and not force:
            return False
        if snapshot.problems:
            raise InvalidPlan([f"{self.path}: {p.message}" for p in snapshot.problems])
        with plan_lock(self.path):
            remove_stale_temporaries(self.path)
            for attempt in range(SAVE_ATTEMPTS):
                if self.changed_on_disk() and not force:
                    if not merge:
                        raise ChangedOnDisk(
                            f"{self.path}: the file changed on disk since it was opened; nothing was written"
                        )
                    theirs = read_settled(self.path, last=attempt == SAVE_ATTEMPTS - 1)
                    if theirs is None:
                        continue  # someone is still writing it
                    conflicts = self.rebase(theirs)
                    if conflicts:
                        raise MergeConflicts(self.path, conflicts)
                    snapshot = self.snapshot()
                    if not snapshot.changed:
                        return False  # their version already says what ours did
                    if snapshot.problems:
                        raise InvalidPlan([f"{self.path}: {p.message}" for p in snapshot.problems])
                new = snapshot.data
                text, data = self._render_verified(new)
                encoded = (UTF8_BOM if self._bom else b"") + text.encode("utf-8")
                try:
                    atomic_write(self.path, encoded, expect=None if force else self._unchanged)
                except FileMoved:
                    if not merge:
                        raise ChangedOnDisk(
                            f"{self.path}: the file changed on disk while saving; nothing was written"
                        ) from None
                    continue
                self._source, self._baseline = text, new
                self._stamp = DiskStamp.of(self.path, encoded)
                self.migrated_from = None
                if self.keeps_parsed:
                    _keep_parsed(encoded, text, data)
                return True
        raise StoreError(
            f"{self.path}: the file kept changing under every attempt to save; nothing was written"
        )

    def rebase(self, raw: bytes) -> tuple[Conflict, ...]:
        """Take ``raw`` (the file as someone else left it) as the new starting point and
        redo this plan's changes on top of it.

        Fields only they changed take their value, fields only we changed keep ours;
        the conflicts (both changed one field two ways) keep ours for now and are
        returned, for ``choose`` to settle. The file itself is not touched.
        """
        from cfos_tui.merge import merge

        theirs = _from_bytes(self.path, raw, keep_parsed=self.keeps_parsed)
        if theirs.read_only:
            raise StoreError(f"{self.path}: the version on disk cannot be merged: {theirs.read_only}")
        result = merge(self._baseline, plan_to_data(self.plan), theirs._baseline)
        plan, _problems = plan_from_data(result.data)
        playbook = theirs.playbook.as_of(plan.playbook_version, frozenset(plan.items))
        _fill_items(plan, playbook)
        self.plan, self.playbook = plan, playbook
        self._source, self._baseline, self._stamp, self._bom = (
            theirs._source,
            theirs._baseline,
            theirs._stamp,
            theirs._bom,
        )
        return result.conflicts

    def choose(self, choices: dict[tuple[str, ...], Any]) -> None:
        """Set fields by their path in the file (``("items", "x", "status")``), as a
        person settles conflicts; ``MISSING`` removes a field or a record."""
        from cfos_tui.merge import resolve

        plan, _problems = plan_from_data(resolve(plan_to_data(self.plan), choices))
        _fill_items(plan, self.playbook)
        self.plan = plan

    def reload(self) -> None:
        """Read the file again, dropping the changes held in memory."""
        fresh = load(self.path, keep_parsed=self.keeps_parsed)
        self.__dict__.update(fresh.__dict__)


SAVE_ATTEMPTS = 8
SETTLE_SECONDS = 0.05
SETTLE_QUIET = 0.25
"""How long a file must have gone unmodified before a version read from it counts."""


def read_settled(path: Path, *, last: bool) -> bytes | None:
    """The file's bytes once they stop changing, or None while a writer that takes no
    lock (and may write in pieces) is still at it.

    A file modified less than ``SETTLE_QUIET`` seconds ago is given the rest of that
    time first (a writer pausing between pieces leaves a file that may even parse);
    then it is read, a moment later read again, and taken only when both agree. Bytes
    that do not read as a plan are taken as half-written too, until ``last``."""
    with contextlib.suppress(OSError):
        age = time.time() - path.stat().st_mtime
        if 0 <= age < SETTLE_QUIET:
            time.sleep(SETTLE_QUIET - age)
    first = read_bytes(path)
    time.sleep(SETTLE_SECONDS)
    second = read_bytes(path)
    if first != second:
        return None
    if not last:
        try:
            tomllib.loads(decode(path, second))
        except (tomllib.TOMLDecodeError, StoreError):
            time.sleep(SETTLE_SECONDS)
            return None
    return second


class MergeConflicts(PlanRefused):
    """Someone changed the same fields on disk in another way; nothing was written."""

    def __init__(self, path: Path, conflicts: tuple[Conflict, ...]) -> None:
        from cfos_tui.merge import describe

        lines = [f"{path}: changed on disk meanwhile, and these fields were changed both ways:"]
        for conflict in conflicts[:20]:
            ours, theirs = describe(conflict.ours), describe(conflict.theirs)
            lines.append(f"  {conflict.where}: yours {ours!r}, on disk {theirs!r}")
        if len(conflicts) > 20:
            lines.append(f"  … and {len(conflicts) - 20} more")
        lines.append("nothing was written")
        super().__init__("\n".join(lines))
        self.conflicts = conflicts


def _fill_items(plan: Plan, playbook: Playbook) -> None:
    """Items the file does not mention yet are to do; they are written once edited."""
    for item in playbook.items:
        plan.items.setdefault(item.id, ItemState())


def _with_unknown_keys(as_read: Any, baseline: Any, new: Any) -> Any:
    """``new`` plus the keys of ``as_read`` (the section as the file holds it) that
    cfos-plan never read into the plan, so rewriting a section keeps them too."""
    if not isinstance(as_read, dict) or not isinstance(new, dict):
        return new
    known = baseline if isinstance(baseline, dict) else {}
    merged = dict(new)
    for key, value in as_read.items():
        if key in new:
            merged[key] = _with_unknown_keys(value, known.get(key), new[key])
        elif key not in known:
            merged[key] = value
    return merged


def _changed_keys(old: dict[str, Any], new: dict[str, Any]) -> frozenset[str]:
    return frozenset(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def _read_back(text: str, expected: dict[str, Any], playbook: Playbook) -> dict[str, Any] | None:
    """What ``text`` parses to, if it reads back as exactly the plan being saved."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    written, problems = plan_from_data(data)
    _fill_items(written, playbook)
    return data if not problems and plan_to_data(written) == expected else None


def _verify(path: Path, text: str, expected: dict[str, Any], playbook: Playbook) -> dict[str, Any]:
    """What ``text`` parses to; refuse to write text that would not read back as the
    plan being saved."""
    data = _read_back(text, expected, playbook)
    if data is None:
        raise StoreError(f"{path}: the plan would not read back as saved; nothing was written")
    return data


def _keep_parsed(raw: bytes, text: str, data: dict[str, Any]) -> None:
    """Keep what ``raw`` (with ``text``) parses to for the next run, when loading it
    would take ``data`` as it is: no line that looks like a merge conflict, no
    nesting too deep (what ``parse_text`` refuses is never kept)."""
    if not conflict_marker_line(text) and too_deep(data) is None:
        parsed.keep(raw, data)


def locate(path: Path, text: str, problems: list[Problem]) -> list[str]:
    locator = Locator(text)
    return [f"{path}:{locator.line(p.keys)}: {p.message}" for p in problems]


def load(path: Path, *, playbook: Path | None = None, keep_parsed: bool = False) -> PlanFile:
    """Open a plan file.

    Raises StoreError when it cannot be read or parsed and InvalidPlan when values
    are wrong, listing every problem with its line. A plan of a newer schema opens
    read-only; an older one is migrated in memory and written after the next edit.
    With ``keep_parsed``, what the file parses to is looked up among the plans kept
    parsed on this machine (and kept there when not found), as it is on each save.
    """
    path = Path(path)
    return _from_bytes(path, read_bytes(path), playbook=playbook, keep_parsed=keep_parsed)


def parse_text(path: Path, text: str) -> dict[str, Any]:
    """A plan file's text as data, or a located StoreError: an unresolved merge
    conflict, TOML that does not parse, or nesting no plan has."""
    conflict = conflict_marker_line(text)
    if conflict:
        raise StoreError(
            f"{path}:{conflict}: unresolved merge conflict: keep one side between the "
            "<<<<<<< and >>>>>>> lines, delete the markers, then run `cfos-plan check` again"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where, message = position_of_toml_error(error)
        raise StoreError(f"{path}:{where}: {message}") from None
    except RecursionError:
        raise StoreError(f"{path}: nested too deeply to be a plan") from None
    deep = too_deep(data)
    if deep is not None:
        line = Locator(text).line(deep)
        raise StoreError(f"{path}:{line}: nested more than {MAX_DEPTH} levels deep; a plan never is")
    return data


def _from_bytes(
    path: Path, raw: bytes, *, playbook: Path | None = None, keep_parsed: bool = False
) -> PlanFile:
    """``load`` of bytes already read from ``path``."""
    text = decode(path, raw)
    data = parsed.recall(raw) if keep_parsed else None
    if data is None:
        data = parse_text(path, text)
        if keep_parsed:
            parsed.keep(raw, data)
    schema = data.get("schema")
    if type(schema) is not int:
        line = Locator(text).line(("schema",))
        raise StoreError(
            f"{path}:{line}: not a cfos-plan plan: `schema = {SCHEMA}` is missing or not a number"
        )
    read_only = ""
    migrated_from = None
    source = text
    if schema > SCHEMA:
        read_only = (
            f"the plan uses schema {schema}, newer than this cfos-plan understands ({SCHEMA}); "
            "it opens read-only: upgrade cfos-plan to edit it"
        )
    elif schema < SCHEMA:
        document = _tomlkit().parse(text)
        for version in range(schema, SCHEMA):
            migration = MIGRATIONS.get(version)
            if migration is None:
                raise StoreError(f"{path}: schema {version} is too old to migrate")
            migration(document)
        document["schema"] = SCHEMA
        source, data, migrated_from = document.as_string(), document.unwrap(), schema
    plan, problems = plan_from_data(data)
    try:
        resolved = resolve_playbook(plan, path, playbook)
    except PlaybookError as error:
        if problems:
            raise InvalidPlan(locate(path, text, problems)) from None
        raise StoreError(f"{path}: the plan's playbook cannot be loaded:\n{error}") from None
    if not problems or read_only:
        problems += validate(plan, resolved)
    if problems and not read_only:
        raise InvalidPlan(locate(path, text, problems))
    return PlanFile(
        path,
        source,
        raw,
        resolved,
        plan,
        read_only=read_only,
        migrated_from=migrated_from,
        keeps_parsed=keep_parsed,
    )


def create(path: Path, plan: Plan, playbook: Playbook, *, keep_parsed: bool = False) -> PlanFile:
    """Write a new plan file; refuse (PlanRefused) when the path exists. ``keep_parsed``
    is as for :func:`load`."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise PlanRefused(f"{path}: already exists; open it with `cfos-plan {path}` or choose another name")
    document = _tomlkit().document()
    for line in HEADER.splitlines():
        document.add(_tomlkit().comment(line))
    document.add(_tomlkit().nl())
    data = plan_to_data(plan)
    apply_changes(document, {}, data)
    text = document.as_string()
    read = _verify(path, text, data, playbook)
    encoded = text.encode("utf-8")
    with plan_lock(path):
        remove_stale_temporaries(path)
        atomic_write(path, encoded, exclusive=True)
    if keep_parsed:
        _keep_parsed(encoded, text, read)
    return PlanFile(path, text, encoded, playbook, plan, keeps_parsed=keep_parsed)
