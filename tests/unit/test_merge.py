"""The three-way merge of plans: by id and by field, conflicts only on one field changed two ways."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cfos_tui.merge import MISSING, merge, resolve, same

BASE: dict[str, Any] = {
    "schema": 1,
    "project": "Demo",
    "team": ["Ana", "Ben"],
    "items": {"labels": {"status": "todo"}, "pr-template": {"status": "todo", "owner": "Ana"}},
    "decisions": {"2024-01-01-a": {"date": date(2024, 1, 1), "title": "A"}},
    "x-unknown": {"keep": True},
}


def edited(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        table = data
        for key in parents:
            table = table.setdefault(key, {})
        if value is MISSING:
            del table[last]
        else:
            table[last] = value
    return data


def test_disjoint_field_edits_both_land() -> None:
    """Two people edit different fields of one item: the merge has both, no conflict."""
    ours = edited(items__labels__status="done")
    theirs = edited(items__labels__owner="Ben")
    result = merge(BASE, ours, theirs)
    assert result.conflicts == ()
    assert result.data["items"]["labels"] == {"status": "done", "owner": "Ben"}


def test_both_sides_add_records_with_new_ids() -> None:
    """Each side adds a decision: both are kept, ours first."""
    ours = edited(decisions__b={"date": date(2024, 2, 1), "title": "B"})
    theirs = edited(decisions__c={"date": date(2024, 3, 1), "title": "C"})
    result = merge(BASE, ours, theirs)
    assert list(result.data["decisions"]) == ["2024-01-01-a", "b", "c"]
    assert result.conflicts == ()


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    """Both set the same value: that value, no conflict."""
    ours = edited(items__labels__status="done")
    result = merge(BASE, ours, copy.deepcopy(ours))
    assert result.conflicts == () and same(result.data, ours)


def test_one_field_changed_two_ways_is_the_only_conflict() -> None:
    """Same field, two values: one conflict with base, ours and theirs; ours stays until chosen."""
    ours = edited(items__labels__status="done", project="Ours")
    theirs = edited(items__labels__status="doing", team=["Ana", "Ben", "Cleo"])
    result = merge(BASE, ours, theirs)
    assert [(c.where, c.base, c.ours, c.theirs) for c in result.conflicts] == [
        ("items.labels.status", "todo", "done", "doing")
    ]
    assert result.data["items"]["labels"]["status"] == "done"
    assert result.data["project"] == "Ours" and result.data["team"] == ["Ana", "Ben", "Cleo"]
    assert result.choosing_theirs()["items"]["labels"]["status"] == "doing"


def test_removal_against_an_edit_is_a_conflict() -> None:
    """One side deletes a decision the other edits: asked, never silently lost."""
    ours = copy.deepcopy(BASE)
    del ours["decisions"]["2024-01-01-a"]
    theirs = copy.deepcopy(BASE)
    theirs["decisions"]["2024-01-01-a"]["title"] = "A, reworded"
    result = merge(BASE, ours, theirs)
    assert [c.where for c in result.conflicts] == ["decisions.2024-01-01-a"]
    assert result.conflicts[0].ours is MISSING
    assert "2024-01-01-a" not in result.data["decisions"]  # ours, until a person chooses
    assert result.choosing_theirs()["decisions"]["2024-01-01-a"]["title"] == "A, reworded"


def test_a_removal_on_one_side_applies() -> None:
    """A record removed by one side and untouched by the other is removed."""
    theirs = copy.deepcopy(BASE)
    del theirs["decisions"]["2024-01-01-a"]
    result = merge(BASE, copy.deepcopy(BASE), theirs)
    assert result.data["decisions"] == {}


def test_the_team_merges_as_a_set() -> None:
    """Team additions and removals from both sides all apply."""
    ours = edited(team=["Ana", "Dee"])  # Ben left, Dee joined
    theirs = edited(team=["Ana", "Ben", "Eve"])  # Eve joined
    result = merge(BASE, ours, theirs)
    assert result.data["team"] == ["Ana", "Dee", "Eve"]
    assert result.conflicts == ()


def test_unknown_keys_merge_like_known_ones() -> None:
    """A key cfos-plan does not know is merged field by field too."""
    theirs = copy.deepcopy(BASE)
    theirs["x-unknown"]["added"] = 1
    ours = edited(project="Ours")
    result = merge(BASE, ours, theirs)
    assert result.data["x-unknown"] == {"keep": True, "added": 1}


def test_types_matter_in_comparisons() -> None:
    """1 and true are different values: changing one into the other is a change."""
    base = {"a": 1}
    result = merge(base, {"a": True}, {"a": 1})
    assert result.data == {"a": True}


def test_resolve_sets_and_removes_by_path() -> None:
    """resolve replaces the value at a path, MISSING removes it."""
    data = resolve(BASE, {("items", "labels", "status"): "done", ("x-unknown",): MISSING})
    assert data["items"]["labels"]["status"] == "done" and "x-unknown" not in data
    assert BASE["items"]["labels"]["status"] == "todo"


# --- properties -----------------------------------------------------------------------

IDS = st.sampled_from(["a", "b", "c", "d"])
LEAVES = st.one_of(st.text(max_size=5), st.integers(-3, 3), st.booleans(), st.dates())
FIELDS = st.sampled_from(["status", "owner", "note", "due"])
PLANS = st.dictionaries(
    st.sampled_from(["items", "reminders", "decisions"]),
    st.dictionaries(IDS, st.dictionaries(FIELDS, LEAVES, max_size=4), max_size=4),
    max_size=3,
)
# An edit: (section, id, field, value or None to delete the field)
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["items", "reminders", "decisions"]), IDS, FIELDS, st.one_of(st.none(), LEAVES)
    ),
    max_size=6,
)


def apply(data: dict[str, Any], edits: list[tuple[str, str, str, Any]]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for section, record, field, value in edits:
        table = result.setdefault(section, {}).setdefault(record, {})
        if value is None:
            table.pop(field, None)
        else:
            table[field] = value
    return result


@settings(max_examples=150, deadline=None)
@given(PLANS, EDITS)
def test_merge_with_an_unchanged_side_is_the_other_side(base: dict[str, Any], edits: list) -> None:
    """merge(base, x, base) = x and merge(base, base, y) = y."""
    changed = apply(base, edits)
    assert same(merge(base, changed, base).data, changed)
    assert same(merge(base, base, changed).data, changed)
    assert merge(base, changed, base).conflicts == ()


@settings(max_examples=150, deadline=None)
@given(PLANS, EDITS, EDITS)
def test_disjoint_edits_merge_to_a_plan_holding_both(base: dict[str, Any], ours_edits, theirs_edits) -> None:
    """Edits to different fields merge without conflict, and the result holds each side's edit."""
    ours_fields = {(s, r, f) for s, r, f, _ in ours_edits}
    theirs_edits = [e for e in theirs_edits if (e[0], e[1], e[2]) not in ours_fields]
    ours, theirs = apply(base, ours_edits), apply(base, theirs_edits)
    result = merge(base, ours, theirs)
    assert result.conflicts == ()
    for side in (ours, theirs):
        for section, record, field, _ in ours_edits if side is ours else theirs_edits:
            expected = side.get(section, {}).get(record, {}).get(field, MISSING)
            got = result.data.get(section, {}).get(record, {}).get(field, MISSING)
            assert same(got, expected) or (expected is MISSING and got is MISSING)


@settings(max_examples=150, deadline=None)
@given(PLANS, EDITS, EDITS)
def test_conflicts_are_only_fields_changed_two_ways(base: dict[str, Any], ours_edits, theirs_edits) -> None:
    """Every conflict is a field both sides changed, to values that differ."""
    ours, theirs = apply(base, ours_edits), apply(base, theirs_edits)
    for conflict in merge(base, ours, theirs).conflicts:
        values = []
        for data in (base, ours, theirs):
            node: Any = data
            for key in conflict.path:
                node = node.get(key, MISSING) if isinstance(node, dict) else MISSING
            values.append(node)
        b, o, t = values
        assert not same(o, b) and not same(t, b) and not same(o, t)
