"""The playbook loader: the built-in roadmap matches SPEC §2, and bad playbooks are
reported as ``FILE:LINE: what is wrong``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cfos_tui.kinds import KINDS
from cfos_tui.playbook import (
    Playbook,
    PlaybookError,
    builtin_path,
    builtin_playbook,
    load_playbook,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "playbook-mini.toml"

# SPEC §2 (version 2 of the playbook), copied by hand: phase -> step -> {item id: importance}.
# The ids are a contract.
SPEC_ROADMAP: dict[str, dict[str, dict[str, str]]] = {
    "principles": {
        "personas": {
            "personas-drafted": "must",
            "issue-tracker-reviewed": "should",
            "personas-published": "could",
        },
        "values": {"values-agreed": "must", "values-published": "should"},
        "vision": {"vision-board": "must", "stewardship-statement": "should", "purpose-in-readme": "should"},
        "sponsor-role": {
            "sponsor-commitments": "must",
            "sponsor-no-veto": "must",
            "employees-as-individuals": "should",
            "employer-seat-cap": "should",
            "funding-disclosed": "should",
        },
    },
    "foundations": {
        "license": {
            "license-chosen": "must",
            "license-file": "must",
            "license-in-readme": "should",
            "contributor-terms": "should",
            "dependency-licenses-reviewed": "should",
            "notice-file": "could",
        },
        "legal-home": {
            "legal-home-decided": "must",
            "legal-home-criteria": "should",
            "legal-home-transfers": "must",
            "ip-policy": "should",
            "legal-home-timeline": "should",
        },
        "assets": {
            "asset-inventory": "must",
            "forge-org-co-owned": "must",
            "assets-co-held": "must",
            "two-factor-required": "must",
            "recovery-documented": "should",
            "asset-payments-moved": "should",
        },
        "conduct": {
            "coc-adopted": "must",
            "coc-contact": "must",
            "enforcement-committee": "must",
            "enforcement-process": "should",
            "coc-escalation": "should",
            "coc-urgent-path": "should",
            "coc-outcomes": "should",
            "coc-reporter-first": "should",
            "coc-confidential-records": "should",
            "coc-handoff": "could",
        },
        "brand": {
            "name-decided": "should",
            "tagline": "should",
            "website-updated": "should",
            "brand-guidelines": "could",
            "trademark-policy": "should",
        },
        "repository": {
            "repo-layout": "should",
            "org-defaults": "could",
            "issue-templates": "should",
            "pr-template": "should",
            "labels": "should",
            "codeowners": "could",
            "security-policy": "must",
            "ci-public": "should",
        },
        "security-response": {
            "security-team": "must",
            "private-reporting": "must",
            "security-timelines": "should",
            "supported-versions": "should",
            "advisory-process": "should",
            "reporter-credit": "could",
            "security-drill": "could",
        },
        "communication": {
            "public-discussion": "must",
            "community-meeting": "should",
            "meeting-notes-public": "must",
            "channels-documented": "must",
            "private-channels-retired": "should",
            "meeting-time-zones": "should",
            "open-agenda": "should",
            "meeting-recordings": "could",
            "decisions-confirmed-async": "should",
        },
        "governance": {
            "governance-doc": "must",
            "decision-makers-public": "must",
            "rfd-process": "should",
            "teams-defined": "should",
            "voting-rules": "should",
            "access-continuity": "should",
            "leadership-diversity": "should",
            "leadership-selection": "must",
            "first-council-seated": "should",
            "appeals-process": "should",
            "governance-amendments": "should",
            "recusal-rule": "should",
        },
    },
    "contributions": {
        "roadmap": {
            "roadmap-published": "must",
            "release-process": "should",
            "versioning-policy": "should",
            "changelog": "should",
        },
        "contributor-paths": {
            "contributing-guide": "must",
            "dev-setup-docs": "should",
            "good-first-issues": "should",
            "non-code-paths": "must",
            "response-targets": "could",
            "triage-role": "should",
            "contributor-recognition": "should",
            "mentoring": "could",
            "advocates-rung": "could",
        },
        "maintainers": {
            "contributor-ladder": "should",
            "maintainer-onboarding": "should",
            "maintainers-file": "must",
            "emeritus-policy": "could",
            "maintainer-nominations": "should",
            "inactivity-rule": "should",
            "offboarding-access": "should",
        },
    },
    "habits": {
        "reminders": {
            "reminders-scheduled": "must",
            "internal-announcement": "should",
            "decisions-recorded-rule": "should",
        },
        "review": {
            "review-scheduled": "should",
            "first-review-held": "could",
            "metrics-baselined": "should",
            "exit-criteria-agreed": "must",
        },
    },
}
SPEC_IMPORTANCE = {
    item: importance
    for steps in SPEC_ROADMAP.values()
    for items in steps.values()
    for item, importance in items.items()
}


# What version 2 of the playbook added; a plan that still follows version 1 sees none of it.
V2_STEPS = ("sponsor-role", "legal-home", "assets", "security-response")
V2_ITEMS_IN_OLD_STEPS = {
    "coc-urgent-path",
    "coc-outcomes",
    "coc-reporter-first",
    "coc-confidential-records",
    "coc-handoff",
    "meeting-time-zones",
    "open-agenda",
    "meeting-recordings",
    "decisions-confirmed-async",
    "leadership-selection",
    "first-council-seated",
    "appeals-process",
    "governance-amendments",
    "recusal-rule",
    "triage-role",
    "contributor-recognition",
    "mentoring",
    "advocates-rung",
    "maintainer-nominations",
    "inactivity-rule",
    "offboarding-access",
    "metrics-baselined",
    "exit-criteria-agreed",
}


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """The mini playbook with one piece of text replaced, written to tmp_path."""
    text = MINI.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path = tmp_path / "playbook.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert caught.value.exit_code == 2
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def only_problem_with(problems: list[str], word: str) -> str:
    matching = [p for p in problems if word in p]
    assert len(matching) == 1, problems
    return matching[0]


# --- the built-in playbook --------------------------------------------------------


def test_builtin_loads_with_its_id_and_version(playbook: Playbook) -> None:
    """The built-in playbook loads and records its id, version and source file."""
    assert playbook.id == "community-first"
    assert playbook.version
    assert playbook.source == builtin_path()
    assert load_playbook(builtin_path()) == playbook


def test_builtin_has_the_spec_phases_in_order(playbook: Playbook) -> None:
    """The four SPEC phases, in roadmap order, each titled."""
    assert [phase.id for phase in playbook.phases] == list(SPEC_ROADMAP)
    assert all(phase.title.strip() for phase in playbook.phases)


def test_builtin_has_the_spec_steps_in_their_phases(playbook: Playbook) -> None:
    """Every SPEC step (18 in all) sits in its phase, in SPEC order."""
    for phase_id, steps in SPEC_ROADMAP.items():
        phase = playbook.phase(phase_id)
        assert phase is not None
        assert [step.id for step in phase.steps] == list(steps)
        assert all(step.phase == phase_id for step in phase.steps)
    assert len(playbook.steps) == 18


def test_builtin_items_match_spec_ids_and_importance(playbook: Playbook) -> None:
    """Every SPEC item exists, in its step, with the SPEC importance; no others."""
    actual = {item.id: item.importance for item in playbook.items}
    assert actual == SPEC_IMPORTANCE
    assert len(actual) == 108
    for steps in SPEC_ROADMAP.values():
        for step_id, items in steps.items():
            step = playbook.step(step_id)
            assert step is not None
            assert [item.id for item in step.items] == list(items)


def test_version_one_sees_only_what_version_one_had(playbook: Playbook) -> None:
    """Everything version 2 added says since = "2": a version 1 plan sees the 14 steps and 62 items it had."""
    assert playbook.version == "2" and not playbook.upgradable
    old = playbook.as_of("1")
    assert old.upgradable
    assert [step.id for step in old.steps] == [s.id for s in playbook.steps if s.id not in V2_STEPS]
    added = V2_ITEMS_IN_OLD_STEPS | {item.id for step_id in V2_STEPS for item in playbook.step(step_id).items}
    assert {item.id for item in old.items} == set(SPEC_IMPORTANCE) - added
    assert len(old.items) == 62
    assert all(playbook.item(item_id).since == "2" for item_id in V2_ITEMS_IN_OLD_STEPS)


def test_builtin_steps_have_guidance_and_items_titles(playbook: Playbook) -> None:
    """Each step has a title and real guidance; each item has a title."""
    for step in playbook.steps:
        assert step.title.strip(), step.id
        assert len(step.guidance.split()) >= 40, f"{step.id}: guidance is too short"
        assert all(item.title.strip() for item in step.items), step.id


def test_builtin_steps_name_a_few_public_examples(playbook: Playbook) -> None:
    """Every step links two to four public documents; conduct names the current Contributor Covenant."""
    for step in playbook.steps:
        assert 2 <= len(step.examples) <= 4, step.id
        assert all(example.url.startswith("https://") and example.title for example in step.examples)
    conduct = playbook.step("conduct")
    assert conduct is not None
    assert any(
        "Contributor Covenant 3.0" in e.title and e.url == "https://www.contributor-covenant.org/version/3/0/"
        for e in conduct.examples
    )


def test_builtin_record_fields_have_valid_columns(playbook: Playbook) -> None:
    """Records fields named in SPEC exist and their columns are plain field kinds."""
    for step_id, field_id in [
        ("personas", "personas"),
        ("values", "values"),
        ("conduct", "committee"),
        ("governance", "teams"),
    ]:
        step = playbook.step(step_id)
        assert step is not None
        spec = step.field(field_id)
        assert spec is not None and spec.kind == "records", (step_id, field_id)
        assert spec.columns
        assert all(c.kind in KINDS and c.kind != "records" for c in spec.columns)


def test_builtin_seeds_the_spec_reminder_starters(playbook: Playbook) -> None:
    """The playbook seeds habit reminders with known audiences and cadences."""
    assert len(playbook.reminder_seeds) >= 5
    assert all(seed.habit.strip() for seed in playbook.reminder_seeds)


def test_unknown_builtin_id_is_refused() -> None:
    """Asking for a built-in playbook that does not exist names the ones that do."""
    with pytest.raises(PlaybookError, match="community-first"):
        builtin_playbook("no-such-playbook")


# --- a custom playbook ------------------------------------------------------------


def test_mini_playbook_loads() -> None:
    """The test fixture is a valid playbook: phases, steps, fields, items, reminders."""
    mini = load_playbook(MINI)
    assert [p.id for p in mini.phases] == ["first", "second"]
    assert [s.id for s in mini.steps] == ["alpha", "beta"]
    alpha = mini.step("alpha")
    assert alpha is not None
    flavour = alpha.field("flavour")
    people = alpha.field("people")
    assert flavour is not None and flavour.options == ("sweet", "sour")
    assert people is not None and [c.id for c in people.columns] == ["name", "tools"]
    assert [(i.id, i.step, i.importance) for i in mini.items] == [
        ("alpha-done", "alpha", "must"),
        ("beta-done", "beta", "could"),
    ]
    assert [seed.id for seed in mini.reminder_seeds] == ["weekly-check"]


# --- bad playbooks: every problem located -------------------------------------------


def test_malformed_toml_names_line_and_column(tmp_path: Path) -> None:
    """A TOML syntax error is reported as FILE:LINE:COL."""
    path, text = broken(tmp_path, 'title = "Alpha"', 'title = "Alpha')
    [problem] = problems_of(path)
    line = line_of(text, 'title = "Alpha')
    assert re.match(rf"^{re.escape(str(path))}:{line}:\d+: \S", problem), problem


def test_duplicate_item_id_across_steps(tmp_path: Path) -> None:
    """An item id used by two steps is reported at the second one."""
    path, text = broken(tmp_path, "[steps.beta.items.beta-done]", "[steps.beta.items.alpha-done]")
    problem = only_problem_with(problems_of(path), "alpha-done")
    assert problem.startswith(f"{path}:{line_of(text, '[steps.beta.items.alpha-done]')}: ")
    assert "more than one step" in problem


def test_unknown_field_kind(tmp_path: Path) -> None:
    """A field kind the program does not know is reported at its `kind` line."""
    path, text = broken(tmp_path, 'kind = "line"\nlabel = "Name"', 'kind = "essay"\nlabel = "Name"')
    problem = only_problem_with(problems_of(path), "essay")
    assert problem.startswith(f"{path}:{line_of(text, 'essay')}: ")
    assert "unknown kind" in problem


def test_unknown_importance(tmp_path: Path) -> None:
    """An importance other than must/should/could is reported at its line."""
    path, text = broken(tmp_path, 'importance = "could"', 'importance = "nice-to-have"')
    problem = only_problem_with(problems_of(path), "nice-to-have")
    assert problem.startswith(f"{path}:{line_of(text, 'nice-to-have')}: ")
    assert "must, should, could" in problem


def test_step_naming_unknown_phase(tmp_path: Path) -> None:
    """A step whose phase does not exist is reported at its `phase` line."""
    path, text = broken(tmp_path, 'phase = "second"', 'phase = "third"')
    problem = only_problem_with(problems_of(path), "'third'")
    line = line_of(text, 'phase = "third"')
    assert problem.startswith(f"{path}:{line}: ")
    assert "beta" in problem


def test_choice_without_options(tmp_path: Path) -> None:
    """A choice field with no options is reported inside that field's table."""
    path, text = broken(tmp_path, 'options = ["sweet", "sour"]\n', "")
    problem = only_problem_with(problems_of(path), "options")
    assert problem.startswith(f"{path}:{line_of(text, '[steps.alpha.fields.flavour]')}: ")
    assert "flavour" in problem


def test_choice_with_empty_options(tmp_path: Path) -> None:
    """An empty options list is reported at the `options` line."""
    path, text = broken(tmp_path, 'options = ["sweet", "sour"]', "options = []")
    problem = only_problem_with(problems_of(path), "options")
    assert problem.startswith(f"{path}:{line_of(text, 'options = []')}: ")


def test_records_without_columns(tmp_path: Path) -> None:
    """A records field with no columns is reported inside that field's table."""
    text = MINI.read_text(encoding="utf-8")
    start = text.index("columns = [")
    end = text.index("]\n", text.index('"tools"')) + 2
    path = tmp_path / "playbook.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problem = only_problem_with(problems_of(path), "columns")
    assert problem.startswith(f"{path}:{line_of(text, '[steps.alpha.fields.people]')}: ")
    assert "people" in problem


def test_non_utf8_bytes_name_the_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are reported with the line they are on."""
    raw = MINI.read_bytes().replace(b'title = "Mini playbook"', b'title = "Mini pl\xe4ybook"')
    path = tmp_path / "playbook.toml"
    path.write_bytes(raw)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(MINI.read_text(), 'Mini playbook')}: ")
    assert "UTF-8" in problem


def test_missing_file(tmp_path: Path) -> None:
    """A playbook path that does not exist is named in the message."""
    path = tmp_path / "nowhere.toml"
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}: ")
    assert "not found" in problem


def test_folder_instead_of_file(tmp_path: Path) -> None:
    """A folder given as a playbook is refused with a clear message."""
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path}: ")
    assert "folder" in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Several mistakes give several located problems, not only the first."""
    path, text = broken(tmp_path, 'importance = "could"', 'importance = "nice-to-have"')
    text = text.replace('kind = "line"\nlabel = "Name"', 'kind = "essay"\nlabel = "Name"')
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == 2
    assert problems[0] != problems[1]
    assert all(re.match(rf"^{re.escape(str(path))}:\d+: ", p) for p in problems)


def test_invalid_id_is_reported(tmp_path: Path) -> None:
    """Ids must be lower-case letters, digits and hyphens."""
    path, text = broken(tmp_path, "[steps.beta.items.beta-done]", "[steps.beta.items.Beta_Done]")
    problem = only_problem_with(problems_of(path), "Beta_Done")
    assert problem.startswith(f"{path}:{line_of(text, 'Beta_Done')}: ")


def test_starter_values_must_fit_their_columns(tmp_path: Path) -> None:
    """A starter record whose cell has the wrong type is reported, so `new` never writes
    a plan that `check` would then reject."""
    path, text = broken(
        tmp_path,
        "[steps.alpha.items.alpha-done]",
        '[steps.alpha.fields.people.starters.ana]\nname = "Ana"\ntools = "vim"\n\n'
        "[steps.alpha.items.alpha-done]",
    )
    problem = only_problem_with(problems_of(path), "tools")
    assert problem.startswith(f"{path}:{line_of(text, 'tools = ')}: ")
    assert "must be a list of text" in problem


@pytest.mark.parametrize("playbook_id", ["../playbooks/community-first", "./community-first", "/etc/x"])
def test_builtin_id_is_never_a_path(playbook_id: str) -> None:
    """A plan's `playbook = …` names a built-in playbook, never a file elsewhere."""
    with pytest.raises(PlaybookError, match="no built-in playbook"):
        builtin_playbook(playbook_id)


def test_a_short_title_has_room_for_16_characters(tmp_path: Path) -> None:
    """`short` is what the roadmap panel shows when the title does not fit; a longer
    one is a located problem."""
    path, text = broken(tmp_path, 'title = "Alpha"\n', 'title = "Alpha"\nshort = "Alpha, but shorter!"\n')
    problem = only_problem_with(problems_of(path), "short")
    assert (
        problem == f"{path}:{line_of(text, 'short =')}: steps.alpha.short has 19 characters; at most 16 fit"
    )
    broken(tmp_path, 'title = "Alpha"\n', 'title = "Alpha"\nshort = "A"\n')
    assert load_playbook(path).step("alpha").short == "A"  # type: ignore[union-attr]


def test_the_shipped_parsed_copy_is_of_the_shipped_toml() -> None:
    """Each built-in playbook's parsed copy was made from its TOML as it is now (else
    run ``python -m cfos_tui.playbook``), and holds exactly what parsing the TOML gives."""
    import tomllib

    from cfos_tui.playbook import builtin_ids, builtin_path, read_parsed_copy

    for playbook_id in builtin_ids():
        raw = builtin_path(playbook_id).read_bytes()
        copy = read_parsed_copy(builtin_path(playbook_id), raw)
        assert copy is not None, f"{playbook_id}: no parsed copy, or a stale one: python -m cfos_tui.playbook"
        assert copy == tomllib.loads(raw.decode("utf-8"))


def test_a_parsed_copy_is_used_only_for_the_toml_it_was_made_from(tmp_path: Path) -> None:
    """The copy is read instead of the TOML while it matches; once the TOML is edited,
    or when the copy is damaged, the TOML is what counts."""
    from cfos_tui.playbook import builtin_path, load_playbook, parsed_copy_path, write_parsed_copy

    own = tmp_path / "own.toml"
    own.write_bytes(builtin_path().read_bytes())
    copy = write_parsed_copy(own)
    assert copy == parsed_copy_path(own) and copy.name == "own.parsed.json"
    kept = copy.read_text(encoding="utf-8")
    copy.write_text(kept.replace("Community-first transition", "Read from the copy"), encoding="utf-8")
    assert load_playbook(own, parsed_copy=True).title == "Read from the copy"
    assert load_playbook(own).title == "Community-first transition"  # only when asked for
    own.write_text(own.read_text(encoding="utf-8").replace("Community-first transition", "Edited"), "utf-8")
    assert load_playbook(own, parsed_copy=True).title == "Edited"  # the copy is stale now
    copy.write_text("{not json", encoding="utf-8")
    assert load_playbook(own, parsed_copy=True).title == "Edited"
    copy.unlink()
    assert load_playbook(own, parsed_copy=True).title == "Edited"


def test_a_playbook_with_problems_gets_no_parsed_copy(tmp_path: Path) -> None:
    from cfos_tui.playbook import PlaybookError, parsed_copy_path, write_parsed_copy

    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken"\n', encoding="utf-8")
    with pytest.raises(PlaybookError):
        write_parsed_copy(broken)
    assert not parsed_copy_path(broken).exists()
