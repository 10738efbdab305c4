"""Playbooks: the roadmap a plan follows, loaded from TOML and validated.

A playbook is data (see ``docs/playbook-format.md``). This module turns a playbook
file into frozen dataclasses and reports every problem it finds as
``FILE:LINE: what is wrong`` so that a team writing its own playbook can fix it.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from cfos_tui.errors import CfosError, position_of_toml_error
from cfos_tui.kinds import KINDS, SUGGESTED, check_value
from cfos_tui.safeio import MAX_DEPTH, PLAYBOOK_LIMIT, ReadError, read_regular_file, too_deep
from cfos_tui.textpos import Locator

BUILTIN_DIR = Path(__file__).parent / "playbooks"
DEFAULT_PLAYBOOK = "community-first"
PARSED_SUFFIX = ".parsed.json"
"""A built-in playbook's TOML is also shipped parsed, as JSON beside it, with the hash
of the TOML it was parsed from: reading that takes under a millisecond, where parsing
the TOML took 18 ms of every start. A copy whose hash does not match the TOML (edited
since) is ignored; ``python -m cfos_tui.playbook`` writes them again."""

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SPECIAL_EDITORS = {"reminders": "the plan's habit reminders, edited as records"}
"""Editors a step can ask for besides its fields (``editor = "reminders"``)."""
SHORT_TITLE = 16
"""The longest short title: what the roadmap panel has room for at 80 columns."""
IMPORTANCES = ("must", "should", "could")
AUDIENCES = ("internal", "community", "both")
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")


def version_key(version: str) -> tuple[int, ...] | None:
    """A version such as ``"2"`` or ``"1.3"`` as numbers to compare; None when it is
    not dotted whole numbers (such a version is only ever equal to itself)."""
    parts = version.strip().split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def is_newer(version: str, than: str) -> bool:
    """Whether ``version`` comes after ``than`` (False when either cannot be ordered)."""
    a, b = version_key(version), version_key(than)
    return a is not None and b is not None and a > b


class PlaybookError(CfosError):
    """A playbook could not be loaded; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FieldSpec:
    """One question a step asks. Records fields have columns, choices have options."""

    id: str
    kind: str
    label: str
    help: str = ""
    options: tuple[str, ...] = ()
    columns: tuple[FieldSpec, ...] = ()
    starters: tuple[tuple[str, dict[str, Any]], ...] = ()
    since: str = ""
    """The playbook version that added the question ("" for the first)."""

    def column(self, column_id: str) -> FieldSpec | None:
        return next((c for c in self.columns if c.id == column_id), None)

    def starter_records(self) -> dict[str, dict[str, Any]]:
        """The starters as a plan first holds them: suggestions, until the team
        accepts each one (``SUGGESTED`` in a record)."""
        return {record_id: {**values, SUGGESTED: True} for record_id, values in self.starters}


@dataclass(frozen=True)
class ItemSpec:
    """One checklist item: a finished state a step should reach."""

    id: str
    step: str
    title: str
    importance: str
    hint: str = ""
    evidence: tuple[str, ...] = ()
    since: str = ""
    """The playbook version that added the item ("" for the first)."""
    retired: str = ""
    """The version that retired it: a plan keeps its state, shown as retired, and it
    no longer counts towards progress."""


@dataclass(frozen=True)
class Example:
    """A public document worth copying, named by a step."""

    title: str
    url: str


@dataclass(frozen=True)
class StepSpec:
    id: str
    phase: str
    title: str
    summary: str
    guidance: str
    fields: tuple[FieldSpec, ...]
    items: tuple[ItemSpec, ...]
    short: str = ""
    """A title of at most ``SHORT_TITLE`` characters, for where the whole one does not fit."""
    editor: str = ""
    """A special editor the step shows after its fields (one of ``SPECIAL_EDITORS``)."""
    examples: tuple[Example, ...] = ()
    since: str = ""
    """The playbook version that added the step ("" for the first)."""

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class PhaseSpec:
    id: str
    title: str
    summary: str
    steps: tuple[StepSpec, ...]
    short: str = ""


@dataclass(frozen=True)
class ReminderSeed:
    id: str
    habit: str
    audience: str
    cadence: str
    channel: str = ""
    since: str = ""


@dataclass(frozen=True)
class Playbook:
    """A whole roadmap: phases in order, each with its steps in order."""

    id: str
    version: str
    title: str
    description: str
    phases: tuple[PhaseSpec, ...]
    reminder_seeds: tuple[ReminderSeed, ...] = ()
    source: Path | None = None
    latest: str = ""
    """The newest version the playbook file describes; ``version`` is the one a plan
    follows, which may be older (see :meth:`as_of`). Empty means ``version``."""
    _steps: dict[str, StepSpec] = field(default_factory=dict, repr=False, compare=False)
    _items: dict[str, ItemSpec] = field(default_factory=dict, repr=False, compare=False)
    _views: dict[tuple[str, frozenset[str]], Playbook] = field(
        default_factory=dict, repr=False, compare=False
    )
    _whole: Playbook | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        for phase in self.phases:
            for step in phase.steps:
                self._steps[step.id] = step
                for item in step.items:
                    self._items[item.id] = item

    @property
    def steps(self) -> list[StepSpec]:
        """Every step in roadmap order."""
        return list(self._steps.values())

    @property
    def items(self) -> list[ItemSpec]:
        """Every checklist item in roadmap order."""
        return list(self._items.values())

    def step(self, step_id: str) -> StepSpec | None:
        return self._steps.get(step_id)

    def item(self, item_id: str) -> ItemSpec | None:
        return self._items.get(item_id)

    def phase(self, phase_id: str) -> PhaseSpec | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    @property
    def whole(self) -> Playbook:
        """The playbook with everything its newest version has (this one, unless it
        is a view from :meth:`as_of`)."""
        return self._whole or self

    @property
    def newest(self) -> str:
        return self.latest or self.version

    def upgradable_from(self, version: str) -> bool:
        """Whether this playbook's newest version comes after ``version``."""
        return is_newer(self.newest, version)

    @property
    def upgradable(self) -> bool:
        """Whether a newer version of this playbook than the one followed is known."""
        return self.upgradable_from(self.version)

    @property
    def counted_items(self) -> list[ItemSpec]:
        """The items progress counts: every item not retired."""
        return [item for item in self._items.values() if not item.retired]

    def as_of(self, version: str, holding: frozenset[str] = frozenset()) -> Playbook:
        """The roadmap as version ``version`` of this playbook had it, for a plan that
        follows that version: what later versions added is left out, and an item
        retired by then stays only when the plan holds its state (``holding``).

        A version that cannot be ordered, or one newer than the file, gets the whole
        playbook."""
        if self._whole is not None:
            return self._whole.as_of(version, holding)
        newest = self.newest
        if not is_newer(newest, version):
            version = newest
        retired = {i.id for i in self._items.values() if i.retired}
        if version == newest and not retired:
            return self
        key = (version, holding & retired)
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = self._view(version, key[1])
        return view

    def _view(self, version: str, holding: frozenset[str]) -> Playbook:
        def present(since: str) -> bool:
            return not since or not is_newer(since, version)

        phases = []
        for phase in self.phases:
            steps = []
            for step in phase.steps:
                if not present(step.since):
                    continue
                items = []
                for item in step.items:
                    if not present(item.since):
                        continue
                    if item.retired and is_newer(item.retired, version):
                        item = replace(item, retired="")
                    elif item.retired and item.id not in holding:
                        continue
                    items.append(item)
                fields = tuple(f for f in step.fields if present(f.since))
                steps.append(replace(step, fields=fields, items=tuple(items)))
            if steps:
                phases.append(replace(phase, steps=tuple(steps)))
        return Playbook(
            id=self.id,
            version=version,
            title=self.title,
            description=self.description,
            phases=tuple(phases),
            reminder_seeds=tuple(s for s in self.reminder_seeds if present(s.since)),
            source=self.source,
            latest=self.newest,
            _whole=self,
        )


def builtin_path(playbook_id: str = DEFAULT_PLAYBOOK) -> Path:
    return BUILTIN_DIR / f"{playbook_id}.toml"


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


def builtin_playbook(playbook_id: str = DEFAULT_PLAYBOOK) -> Playbook:
    """The playbook shipped inside the package under that id, read once per process
    (``builtin_playbook()`` and ``builtin_playbook("community-first")`` share it)."""
    return _builtin(playbook_id)


@cache
def _builtin(playbook_id: str) -> Playbook:
    path = builtin_path(playbook_id)
    if not ID_PATTERN.match(playbook_id) or not path.is_file():
        known = ", ".join(builtin_ids()) or "none"
        raise PlaybookError([f"no built-in playbook named {playbook_id!r} (built in: {known})"])
    return load_playbook(path, parsed_copy=True)


def parsed_copy_path(path: Path) -> Path:
    """Where the parsed copy of the playbook at ``path`` is kept."""
    return path.with_name(path.stem + PARSED_SUFFIX)


def read_parsed_copy(path: Path, raw: bytes) -> dict[str, Any] | None:
    """The parsed copy of ``raw`` (the playbook file's bytes), if there is one made from
    exactly those bytes; else None, and the TOML is parsed instead."""
    try:
        kept = json.loads(parsed_copy_path(path).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("sha256") != hashlib.sha256(raw).hexdigest():
        return None
    data = kept.get("data")
    return data if isinstance(data, dict) else None


def write_parsed_copy(path: Path) -> Path:
    """Parse the (valid) playbook at ``path`` and write its parsed copy beside it."""
    raw = path.read_bytes()
    load_playbook(path)  # refuses a playbook with problems
    data = tomllib.loads(raw.decode("utf-8"))
    text = json.dumps({"sha256": hashlib.sha256(raw).hexdigest(), "data": data}, ensure_ascii=False, indent=0)
    if json.loads(text)["data"] != data:
        raise PlaybookError([f"{path}: holds values JSON cannot keep as they are (dates or times)"])
    target = parsed_copy_path(path)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def load_playbook(path: Path, *, parsed_copy: bool = False) -> Playbook:
    """Read and validate a playbook file; raise PlaybookError listing every problem.
    With ``parsed_copy``, a parsed copy made from this very file is used if there is one."""
    try:
        raw = read_regular_file(path, PLAYBOOK_LIMIT, "playbook file")
    except ReadError as error:
        raise PlaybookError([str(error)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PlaybookError([f"{path}:{line}: not UTF-8 text"]) from None
    try:
        data = (read_parsed_copy(path, raw) if parsed_copy else None) or tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where, message = position_of_toml_error(error)
        raise PlaybookError([f"{path}:{where}: {message}"]) from None
    except RecursionError:
        raise PlaybookError([f"{path}: nested too deeply to be a playbook"]) from None
    deep = too_deep(data)
    if deep is not None:
        line = Locator(text).line(deep)
        raise PlaybookError([f"{path}:{line}: nested more than {MAX_DEPTH} levels deep; a playbook never is"])
    return _Builder(path, text).build(data)


class _Builder:
    """Turns parsed playbook data into dataclasses, collecting located problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self._text = text
        self.problems: list[str] = []
        self.item_ids: set[str] = set()
        self.version = ""

    @cached_property
    def locator(self) -> Locator:
        """Where each key is written, worked out at the first problem (a playbook
        without problems, as every start reads, never needs it)."""
        return Locator(self._text)

    def problem(self, keys: tuple[str, ...], message: str) -> None:
        self.problems.append(f"{self.path}:{self.locator.line(keys)}: {message}")

    def text(self, table: dict[str, Any], key: str, keys: tuple[str, ...], required=True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problem((*keys, key), f"{'.'.join((*keys, key))} must be a string")
            return ""
        if required and not value.strip():
            self.problem(keys, f"{'.'.join(keys)} needs a {key}")
        return value

    def short(self, table: dict[str, Any], keys: tuple[str, ...]) -> str:
        short = self.text(table, "short", keys, required=False).strip()
        if len(short) > SHORT_TITLE:
            self.problem(
                (*keys, "short"),
                f"{'.'.join(keys)}.short has {len(short)} characters; at most {SHORT_TITLE} fit",
            )
            return ""
        return short

    def since(self, table: dict[str, Any], keys: tuple[str, ...], key: str = "since") -> str:
        """A version the playbook names for when something arrived (``since``) or
        left (``retired``): dotted whole numbers, no newer than the playbook."""
        value = table.get(key, "")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        where = ".".join((*keys, key))
        if not isinstance(value, str):
            self.problem((*keys, key), f'{where} must be a version such as "2"')
            return ""
        if not value:
            return ""
        if version_key(value) is None:
            self.problem((*keys, key), f'{where} must be a version such as "2", not {value!r}')
            return ""
        if version_key(self.version) is None:
            self.problem((*keys, key), f'{where} needs the playbook\'s version to be a number such as "2"')
            return ""
        if is_newer(value, self.version):
            self.problem((*keys, key), f"{where} is {value}, newer than the playbook ({self.version})")
            return ""
        return value

    def examples(self, data: dict[str, Any], keys: tuple[str, ...]) -> tuple[Example, ...]:
        raw = data.get("examples", [])
        where = ".".join((*keys, "examples"))
        if not isinstance(raw, list):
            self.problem((*keys, "examples"), f"{where} must be a list of {{ title, url }} tables")
            return ()
        examples = []
        for entry in raw:
            title = entry.get("title") if isinstance(entry, dict) else None
            url = entry.get("url") if isinstance(entry, dict) else None
            if not isinstance(title, str) or not title.strip() or not isinstance(url, str):
                self.problem((*keys, "examples"), f"{where}: every example needs a title and a url")
                continue
            if not url.startswith("https://"):
                self.problem((*keys, "examples"), f"{where}: {url!r} is not an https:// address")
                continue
            examples.append(Example(title=title.strip(), url=url))
        return tuple(examples)

    def check_id(self, value: str, keys: tuple[str, ...]) -> None:
        if not ID_PATTERN.match(value):
            self.problem(keys, f"{value!r} is not a valid id (lower-case letters, digits, '-')")

    def build(self, data: dict[str, Any]) -> Playbook:
        playbook_id = self.text(data, "id", ())
        if playbook_id:
            self.check_id(playbook_id, ("id",))
        version = data.get("version", "")
        if isinstance(version, int):
            version = str(version)
        if not isinstance(version, str) or not version:
            self.problem(("version",), 'the playbook needs a version (a string such as "1")')
            version = ""
        self.version = version
        title = self.text(data, "title", ())
        description = self.text(data, "description", (), required=False)

        phases_data = self._table(data, "phases", ())
        steps_data = self._table(data, "steps", ())
        if not phases_data:
            self.problem(("phases",), "the playbook has no [phases]")
        steps_by_phase: dict[str, list[StepSpec]] = {p: [] for p in phases_data}
        for step_id, step_data in steps_data.items():
            step = self._step(step_id, step_data)
            if step is None:
                continue
            if step.phase not in steps_by_phase:
                self.problem(
                    ("steps", step_id, "phase"), f"step {step_id!r} names unknown phase {step.phase!r}"
                )
                continue
            steps_by_phase[step.phase].append(step)

        phases = []
        for phase_id, phase_data in phases_data.items():
            keys = ("phases", phase_id)
            self.check_id(phase_id, keys)
            if not isinstance(phase_data, dict):
                self.problem(keys, f"phases.{phase_id} must be a table")
                continue
            if not steps_by_phase[phase_id]:
                self.problem(keys, f"phase {phase_id!r} has no steps")
            phases.append(
                PhaseSpec(
                    id=phase_id,
                    title=self.text(phase_data, "title", keys),
                    summary=self.text(phase_data, "summary", keys, required=False),
                    steps=tuple(steps_by_phase[phase_id]),
                    short=self.short(phase_data, keys),
                )
            )
        seeds = [
            seed
            for seed_id, seed_data in self._table(data, "reminders", ()).items()
            if (seed := self._seed(seed_id, seed_data)) is not None
        ]
        if self.problems:
            raise PlaybookError(self.problems)
        return Playbook(
            id=playbook_id,
            version=version,
            title=title,
            description=description,
            phases=tuple(phases),
            reminder_seeds=tuple(seeds),
            source=self.path,
        )

    def _table(self, data: dict[str, Any], key: str, keys: tuple[str, ...]) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.problem((*keys, key), f"{'.'.join((*keys, key))} must be a table")
            return {}
        return value

    def _step(self, step_id: str, data: Any) -> StepSpec | None:
        keys = ("steps", step_id)
        self.check_id(step_id, keys)
        if not isinstance(data, dict):
            self.problem(keys, f"steps.{step_id} must be a table")
            return None
        fields = [
            spec
            for field_id, field_data in self._table(data, "fields", keys).items()
            if (spec := self._field(field_id, field_data, (*keys, "fields", field_id))) is not None
        ]
        items = []
        for item_id, item_data in self._table(data, "items", keys).items():
            item = self._item(step_id, item_id, item_data)
            if item is not None:
                items.append(item)
        editor = self.text(data, "editor", keys, required=False)
        if editor and editor not in SPECIAL_EDITORS:
            self.problem(
                (*keys, "editor"),
                f"steps.{step_id}: unknown editor {editor!r} (one of {', '.join(SPECIAL_EDITORS)})",
            )
            editor = ""
        return StepSpec(
            id=step_id,
            phase=self.text(data, "phase", keys),
            title=self.text(data, "title", keys),
            summary=self.text(data, "summary", keys, required=False),
            guidance=self.text(data, "guidance", keys),
            fields=tuple(fields),
            items=tuple(items),
            editor=editor,
            short=self.short(data, keys),
            examples=self.examples(data, keys),
            since=self.since(data, keys),
        )

    def _field(
        self, field_id: str, data: Any, keys: tuple[str, ...], *, in_records: bool = False
    ) -> FieldSpec | None:
        self.check_id(field_id, keys)
        if not isinstance(data, dict):
            self.problem(keys, f"{'.'.join(keys)} must be a table")
            return None
        kind = data.get("kind")
        if kind not in KINDS:
            self.problem(
                (*keys, "kind"), f"{'.'.join(keys)}: unknown kind {kind!r} (one of {', '.join(KINDS)})"
            )
            return None
        if in_records and not KINDS[kind].as_column:
            self.problem((*keys, "kind"), f"{'.'.join(keys)}: a column cannot be of kind {kind!r}")
            return None
        options: tuple[str, ...] = ()
        if KINDS[kind].options:
            raw_options = data.get("options")
            if (
                not isinstance(raw_options, list)
                or not raw_options
                or not all(isinstance(o, str) and o for o in raw_options)
            ):
                self.problem((*keys, "options"), f"{'.'.join(keys)}: a choice needs a list of options")
            else:
                options = tuple(raw_options)
        columns: tuple[FieldSpec, ...] = ()
        starters: tuple[tuple[str, dict[str, Any]], ...] = ()
        if KINDS[kind].columns:
            columns = self._columns(data.get("columns"), keys)
            starters = self._starters(data.get("starters", {}), columns, keys)
        return FieldSpec(
            id=field_id,
            kind=kind,
            label=self.text(data, "label", keys),
            help=self.text(data, "help", keys, required=False),
            options=options,
            columns=columns,
            starters=starters,
            since="" if in_records else self.since(data, keys),
        )

    def _columns(self, raw: Any, keys: tuple[str, ...]) -> tuple[FieldSpec, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem((*keys, "columns"), f"{'.'.join(keys)}: records need a list of columns")
            return ()
        columns: list[FieldSpec] = []
        for column_data in raw:
            column_id = column_data.get("id", "") if isinstance(column_data, dict) else ""
            if not isinstance(column_id, str) or not column_id:
                self.problem((*keys, "columns"), f"{'.'.join(keys)}: every column needs an id")
                continue
            if any(c.id == column_id for c in columns):
                self.problem((*keys, "columns"), f"{'.'.join(keys)}: column {column_id!r} appears twice")
                continue
            column = self._field(column_id, column_data, (*keys, "columns"), in_records=True)
            if column is not None:
                columns.append(column)
        return tuple(columns)

    def _starters(
        self, raw: Any, columns: tuple[FieldSpec, ...], keys: tuple[str, ...]
    ) -> tuple[tuple[str, dict[str, Any]], ...]:
        if not isinstance(raw, dict):
            self.problem((*keys, "starters"), f"{'.'.join(keys)}.starters must be a table")
            return ()
        known = {c.id for c in columns}
        starters = []
        for record_id, values in raw.items():
            where = (*keys, "starters", record_id)
            self.check_id(record_id, where)
            if not isinstance(values, dict):
                self.problem(where, f"{'.'.join(where)} must be a table")
                continue
            unknown = sorted(set(values) - known)
            if unknown:
                self.problem(where, f"{'.'.join(where)}: unknown column(s) {', '.join(unknown)}")
            for column in columns:
                if column.id in values:
                    reason = check_value(column, values[column.id])
                    if reason:
                        self.problem((*where, column.id), f"{'.'.join(where)}.{column.id} {reason}")
            starters.append((record_id, dict(values)))
        return tuple(starters)

    def _item(self, step_id: str, item_id: str, data: Any) -> ItemSpec | None:
        keys = ("steps", step_id, "items", item_id)
        self.check_id(item_id, keys)
        if item_id in self.item_ids:
            self.problem(keys, f"item id {item_id!r} is used by more than one step")
            return None
        self.item_ids.add(item_id)
        if not isinstance(data, dict):
            self.problem(keys, f"{'.'.join(keys)} must be a table")
            return None
        importance = data.get("importance")
        if importance not in IMPORTANCES:
            self.problem(
                (*keys, "importance"),
                f"item {item_id!r}: importance must be one of {', '.join(IMPORTANCES)}, not {importance!r}",
            )
            importance = "should"
        evidence = data.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) and e for e in evidence):
            self.problem((*keys, "evidence"), f"item {item_id!r}: evidence must be a list of patterns")
            evidence = []
        since = self.since(data, keys)
        retired = self.since(data, keys, "retired")
        if retired and since and not is_newer(retired, since):
            self.problem((*keys, "retired"), f"item {item_id!r} is retired in {retired}, not after {since}")
        return ItemSpec(
            id=item_id,
            step=step_id,
            title=self.text(data, "title", keys),
            importance=importance,
            hint=self.text(data, "hint", keys, required=False),
            evidence=tuple(evidence),
            since=since,
            retired=retired,
        )

    def _seed(self, seed_id: str, data: Any) -> ReminderSeed | None:
        keys = ("reminders", seed_id)
        self.check_id(seed_id, keys)
        if not isinstance(data, dict):
            self.problem(keys, f"reminders.{seed_id} must be a table")
            return None
        audience = data.get("audience", "both")
        cadence = data.get("cadence", "monthly")
        if audience not in AUDIENCES:
            self.problem(
                (*keys, "audience"), f"reminder {seed_id!r}: audience must be one of {', '.join(AUDIENCES)}"
            )
        if cadence not in CADENCES:
            self.problem(
                (*keys, "cadence"), f"reminder {seed_id!r}: cadence must be one of {', '.join(CADENCES)}"
            )
        return ReminderSeed(
            id=seed_id,
            habit=self.text(data, "habit", keys),
            audience=str(audience),
            cadence=str(cadence),
            channel=self.text(data, "channel", keys, required=False),
            since=self.since(data, keys),
        )


if __name__ == "__main__":  # python -m cfos_tui.playbook: after editing a built-in playbook
    for playbook_id in builtin_ids():
        print(write_parsed_copy(builtin_path(playbook_id)))
