"""Plans kept parsed between runs: found only for the very bytes they were parsed
from, equal to parsing them, kept on save, and never in the way when broken."""

from __future__ import annotations

import json
import os
import time as time_module
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfos_tui import parsed, store
from cfos_tui.errors import CfosError


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def copies() -> list[Path]:
    folder = parsed.folder()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count every TOML parse the store makes from now on."""
    seen: list[str] = []
    parse = tomllib.loads

    def counting(text: str) -> dict[str, Any]:
        seen.append(text)
        return parse(text)

    monkeypatch.setattr(store.tomllib, "loads", counting)
    return seen


def test_a_plan_opened_again_is_not_parsed_and_reads_the_same(tmp_plan: Path, monkeypatch) -> None:
    first = store.load(tmp_plan, keep_parsed=True)
    assert len(copies()) == 1
    seen = parses(monkeypatch)
    again = store.load(tmp_plan, keep_parsed=True)
    assert seen == []
    plain = store.load(tmp_plan)
    assert len(seen) == 1  # without keep_parsed, the file is parsed as always
    assert store.plan_to_data(again.plan) == store.plan_to_data(plain.plan) == store.plan_to_data(first.plan)
    assert again.keeps_parsed and not plain.keeps_parsed


def test_only_the_workbook_keeps_plans_parsed(tmp_plan: Path) -> None:
    store.load(tmp_plan)
    assert copies() == []


def test_a_changed_file_is_parsed_again(tmp_plan: Path, monkeypatch) -> None:
    store.load(tmp_plan, keep_parsed=True)
    text = tmp_plan.read_text(encoding="utf-8").replace('project = "Demo Project"', 'project = "Renamed"')
    tmp_plan.write_text(text, encoding="utf-8")
    seen = parses(monkeypatch)
    assert store.load(tmp_plan, keep_parsed=True).plan.project == "Renamed"
    assert len(seen) == 1
    assert len(copies()) == 2


def test_a_save_keeps_what_it_wrote(tmp_plan: Path, monkeypatch) -> None:
    plan_file = store.load(tmp_plan, keep_parsed=True)
    plan_file.plan.project = "Saved name"
    assert plan_file.save()
    seen = parses(monkeypatch)
    assert store.load(tmp_plan, keep_parsed=True).plan.project == "Saved name"
    assert seen == []


def test_a_save_from_the_command_line_keeps_nothing(tmp_plan: Path) -> None:
    plan_file = store.load(tmp_plan)
    plan_file.plan.project = "Saved name"
    assert plan_file.save()
    assert copies() == []


def test_a_broken_or_foreign_copy_is_ignored(tmp_plan: Path, monkeypatch) -> None:
    store.load(tmp_plan, keep_parsed=True)
    (copy,) = copies()
    good = json.loads(copy.read_text(encoding="utf-8"))
    tag = {"\u0000cfos-plan": "date", "value": "not a date"}
    for broken in (
        "",
        "{",
        "[1, 2]",
        {**good, "data": []},
        {**good, "format": 99},
        {**good, "made-by": "cfos-plan 0.0.1, Python 3.9"},  # another version may parse differently
        {**good, "sha256": "0" * 64},
        {**good, "data": {**good["data"], "x": tag}},
    ):
        copy.write_text(broken if isinstance(broken, str) else json.dumps(broken), encoding="utf-8")
        seen = parses(monkeypatch)
        assert store.load(tmp_plan, keep_parsed=True).plan.project == "Demo Project", broken
        assert len(seen) == 1, broken
        assert parsed.recall(tmp_plan.read_bytes()) is not None  # and kept again, whole


def test_a_half_written_copy_left_by_a_killed_writer_is_removed(tmp_plan: Path) -> None:
    folder = parsed.folder()
    folder.mkdir(parents=True)
    old, fresh = folder / ".abandoned.tmp", folder / ".being-written.tmp"
    for path in (old, fresh):
        path.write_text("{", encoding="utf-8")
    an_hour_ago = time_module.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    store.load(tmp_plan, keep_parsed=True)
    assert not old.exists() and fresh.exists()


def test_a_cache_that_cannot_be_written_is_no_error(tmp_plan: Path, home: Path, monkeypatch) -> None:
    home.mkdir(parents=True)
    (home / "cache").write_text("a file where the folder would be", encoding="utf-8")
    plan_file = store.load(tmp_plan, keep_parsed=True)
    plan_file.plan.project = "Still saved"
    assert plan_file.save()
    assert store.load(tmp_plan).plan.project == "Still saved"


def test_what_loading_refuses_is_never_kept(tmp_plan: Path) -> None:
    """A save whose text has a line that reads as a merge conflict marker: the file
    is refused when opened, kept parsed or not."""
    plan_file = store.load(tmp_plan, keep_parsed=True)
    plan_file.plan.set_answer("personas", "current-users", "before\n=======\nafter")
    assert plan_file.save()
    for keep in (False, True):
        with pytest.raises(CfosError, match="merge conflict"):
            store.load(tmp_plan, keep_parsed=keep)


def test_only_the_most_recently_used_are_kept() -> None:
    for number in range(parsed.LIMIT + 4):
        assert parsed.keep(f"plan {number}".encode(), {"number": number})
    assert len(copies()) == parsed.LIMIT
    assert parsed.recall(b"plan 0") is None
    assert parsed.recall(f"plan {parsed.LIMIT + 3}".encode()) == {"number": parsed.LIMIT + 3}


_keys = st.one_of(st.text(max_size=8), st.just(parsed._TAG), st.just("value"))
_scalars = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=st.just(timezone(timedelta(hours=-3)))),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=5))
def test_what_is_kept_is_what_is_recalled(data: dict[str, Any]) -> None:
    """Any TOML value, dates and times included, and tables that look like the tags
    dates are kept as: recalled exactly, or not kept at all."""
    raw = repr(data).encode()
    if parsed.keep(raw, data):
        assert repr(parsed.recall(raw)) == repr(data)  # types, offsets and key order too
    else:
        assert parsed.recall(raw) is None


def test_dates_and_times_come_back_as_themselves() -> None:
    data = {
        "d": date(2024, 6, 14),
        "t": time(7, 30, 1, 500),
        "dt": datetime(2024, 1, 2, 3, 4, 5),
        "z": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        "s": "2024-06-14",
    }
    assert parsed.keep(b"dates", data)
    back = parsed.recall(b"dates")
    assert back == data and [type(v) for v in back.values()] == [type(v) for v in data.values()]
