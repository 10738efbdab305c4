"""The table-by-table editor: only changed tables are touched, and what it writes reads back."""

from __future__ import annotations

import difflib
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cfos_tui import blocks, store
from cfos_tui.merge import MISSING, resolve, same

NEBARI = Path(__file__).resolve().parents[2] / "plans" / "nebari.toml"
TEXT = NEBARI.read_text(encoding="utf-8")
DATA = tomllib.loads(TEXT)


def edit(old_text: str, new: dict[str, Any]) -> str | None:
    """The table-by-table edit, or None when it declines (the store then edits the whole file)."""
    try:
        return blocks.edit(
            old_text,
            tomllib.loads(old_text),
            new,
            to_item=store.toml_item,
            apply_changes=store.apply_changes,
            sorted_sections=store.SORTED_SECTIONS,
        )
    except blocks.CANNOT:
        return None


def changed_lines(before: str, after: str) -> list[str]:
    """Lines removed ("- …") and added ("+ …"), as ndiff pairs them."""
    return [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")
    ]


def test_an_item_edit_changes_one_line() -> None:
    """One status changed: one line out, one line in, everything else byte for byte."""
    item = next(iter(DATA["items"]))
    new = resolve(DATA, {("items", item, "status"): "n/a", ("items", item, "note"): "not for us"})
    text = edit(TEXT, new)
    assert text is not None and same(tomllib.loads(text), new)
    assert sorted(line[:2] for line in changed_lines(TEXT, text)) == ["+ ", "+ ", "- ", "- "]


def test_a_new_decision_goes_where_its_id_sorts() -> None:
    """A decision dated between two others is written between them."""
    ids = sorted(DATA["decisions"])
    new_id = ids[0] + "-zz"
    new = resolve(DATA, {("decisions", new_id): {"date": date(2024, 1, 9), "title": "Between"}})
    text = edit(TEXT, new)
    assert text is not None and same(tomllib.loads(text), new)
    assert text.index(f"[decisions.{ids[0]}]") < text.index(f"[decisions.{new_id}]")
    if len(ids) > 1:
        assert text.index(f"[decisions.{new_id}]") < text.index(f"[decisions.{ids[1]}]")
    assert all(line.startswith("+") for line in changed_lines(TEXT, text))


def test_a_removed_reminder_is_cut_out() -> None:
    """Removing a reminder removes its table's lines and nothing else."""
    reminder = next(iter(DATA["reminders"]))
    new = resolve(DATA, {("reminders", reminder): MISSING})
    text = edit(TEXT, new)
    assert text is not None and same(tomllib.loads(text), new)
    assert f"[reminders.{reminder}]" not in text
    assert all(line.startswith("-") for line in changed_lines(TEXT, text))


def test_tables_in_a_new_order_are_left_to_the_full_editor() -> None:
    """A reorder is invisible to dict equality: the fast path declines it."""
    reversed_items = dict(reversed(list(DATA["items"].items())))
    assert edit(TEXT, {**DATA, "items": reversed_items}) is None


def test_arrays_of_tables_are_left_to_the_full_editor() -> None:
    """`[[x]]` is a layout this path does not cut: it declines."""
    text = TEXT + '\n[[extra]]\nname = "a"\n'
    data = tomllib.loads(text)
    assert edit(text, resolve(data, {("project",): "Other"})) is None


STATUSES = st.sampled_from(["todo", "doing", "done"])
ITEMS = st.sampled_from(sorted(DATA["items"]))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(ITEMS, STATUSES, max_size=8), st.lists(st.text(min_size=1, max_size=12), max_size=3))
def test_random_edits_read_back_exactly(statuses: dict[str, str], titles: list[str]) -> None:
    """Item edits and new decisions on the example plan: written by this path, read back as asked."""
    choices: dict[tuple[str, ...], Any] = {("items", i, "status"): s for i, s in statuses.items()}
    for number, title in enumerate(titles):
        choices[("decisions", f"2030-01-0{number + 1}-new")] = {
            "date": date(2030, 1, number + 1),
            "title": title,
        }
    new = resolve(DATA, choices)
    text = edit(TEXT, new)
    assert text is not None
    assert same(tomllib.loads(text), new)
