"""`cfos-plan files`: community files made from the plan, kept in step with it."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfos_tui import store
from cfos_tui.cli import main
from cfos_tui.community.answers import Answers
from cfos_tui.community.files import build, file_named
from cfos_tui.community.sync import states
from cfos_tui.plan import new_plan
from cfos_tui.playbook import builtin_playbook
from tests.fixtures.gitrepo import git, isolated_git_env

ROOT = Path(__file__).resolve().parents[2]
NEBARI = ROOT / "plans" / "nebari.toml"
GOLDEN = ROOT / "tests" / "fixtures" / "community" / "nebari"


@pytest.fixture
def nebari(tmp_path: Path) -> Path:
    """A copy of the example plan, and an empty checkout beside it."""
    (tmp_path / "checkout").mkdir()
    shutil.copy(NEBARI, tmp_path / "nebari.toml")
    return tmp_path / "nebari.toml"


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- the Nebari example, file by file ------------------------------------------------


def test_the_example_gives_every_file_as_reviewed(nebari: Path, capsys) -> None:
    """Golden files: regenerate with `cfos-plan files plans/nebari.toml --checkout
    tests/fixtures/community/nebari --write` and read the diff line by line."""
    checkout = nebari.parent / "checkout"
    assert main(["files", str(nebari), "--checkout", str(checkout), "--write"]) == 0
    assert _files(checkout) == _files(GOLDEN)


def test_nothing_is_invented_no_placeholder_and_nobody_pinged() -> None:
    for path, text in _files(GOLDEN).items():
        assert not re.search(r"TODO|TBD|FIXME|\{\{|<your|lorem", text, re.IGNORECASE), path
        assert not re.search(r"(?<![A-Za-z0-9._%+-])@[A-Za-z0-9]", text), path  # no @mention


def test_the_code_of_conduct_adopts_a_known_standard_by_name_version_and_address(nebari: Path) -> None:
    plan_file = store.load(nebari)
    plan_file.plan.set_answer("conduct", "base", "Contributor Covenant 3.0")
    built = build(file_named("CODE_OF_CONDUCT.md"), Answers(plan_file.plan, plan_file.playbook))
    assert built.text is not None and not built.notes
    assert (
        "Nebari follows the [Contributor Covenant, version 3.0](https://www.contributor-covenant.org/version/3/0/)."
        in built.text
    )
    plan_file.plan.set_answer("conduct", "base", "Contributor Covenant 2.1")
    text = build(file_named("CODE_OF_CONDUCT.md"), Answers(plan_file.plan, plan_file.playbook)).text
    assert "(https://www.contributor-covenant.org/version/2/1/code_of_conduct/)" in text
    # an unknown base is named as given, linked when the plan gives an address, and said so
    plan_file.plan.set_answer("conduct", "base", "Our foundation's code, https://example.org/coc")
    built = build(file_named("CODE_OF_CONDUCT.md"), Answers(plan_file.plan, plan_file.playbook))
    assert "based on [Our foundation's code, https://example.org/coc](https://example.org/coc)" in built.text
    assert "not a code of conduct cfos-plan knows" in built.notes[0]


# --- blocked files ----------------------------------------------------------------------


def test_a_new_plan_blocks_every_file_and_names_what_each_needs(tmp_path: Path, capsys) -> None:
    playbook = builtin_playbook()
    plan_path = tmp_path / "plan.toml"
    store.create(plan_path, new_plan(playbook, "P", today=date(2024, 6, 1)), playbook)
    (tmp_path / "co").mkdir()
    assert main(["files", str(plan_path), "--checkout", str(tmp_path / "co"), "--write"]) == 0
    out = capsys.readouterr().out
    assert "GOVERNANCE.md: not written: needs Governance → How are decisions made?; Governance → Teams" in out
    assert (
        "CODE_OF_CONDUCT.md: not written: needs Code of conduct → Which code of conduct is the base?" in out
    )
    assert "SECURITY.md: not written: needs Security → Security response team" in out
    assert list((tmp_path / "co").iterdir()) == []  # never a file with a gap in it


def test_suggested_records_are_not_decisions(nebari: Path) -> None:
    """A committee of suggestions is no committee: the file waits for an agreed one."""
    plan_file = store.load(nebari)
    committee = plan_file.plan.answer("conduct", "committee")
    plan_file.plan.set_answer(
        "conduct", "committee", {rid: {**record, "suggested": True} for rid, record in committee.items()}
    )
    built = build(file_named("CODE_OF_CONDUCT.md"), Answers(plan_file.plan, plan_file.playbook))
    assert built.text is None
    assert [str(need) for need in built.needs] == ["Code of conduct → Enforcement committee"]


# --- the command ---------------------------------------------------------------------


def test_without_write_it_shows_states_and_diffs_and_writes_nothing(nebari: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    assert main(["files", str(nebari), "--checkout", str(checkout)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^  CODE_OF_CONDUCT\.md +new$", out, re.MULTILINE)
    assert "+++ b/GOVERNANCE.md" in out
    assert "Nothing was written: add --write" in out
    assert list(checkout.iterdir()) == []


def test_check_fails_until_written_then_passes_then_fails_when_the_plan_moves(nebari: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    assert main(["files", str(nebari), "--checkout", str(checkout), "--check"]) == 1
    assert "CODE_OF_CONDUCT.md: missing" in capsys.readouterr().out
    assert main(["files", str(nebari), "--checkout", str(checkout), "--write"]) == 0
    capsys.readouterr()
    assert main(["files", str(nebari), "--checkout", str(checkout), "--check"]) == 0
    assert "agree with the plan" in capsys.readouterr().out
    plan_file = store.load(nebari)
    plan_file.plan.set_answer("conduct", "response-time", "Within two working days")
    plan_file.save()
    assert main(["files", str(nebari), "--checkout", str(checkout), "--check"]) == 1
    assert "CODE_OF_CONDUCT.md: out of date" in capsys.readouterr().out


def test_the_teams_text_survives_and_a_hand_edit_inside_is_refused(nebari: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    main(["files", str(nebari), "--checkout", str(checkout), "--write", "--only", "SUPPORT.md"])
    support = checkout / "SUPPORT.md"
    ours = "Our own preface.\n\n" + support.read_text() + "\n## Office hours\n\nThursdays.\n"
    support.write_text(ours)
    plan_file = store.load(nebari)
    plan_file.plan.set_answer("communication", "chat", "https://chat.example.org")
    plan_file.save()
    assert main(["files", str(nebari), "--checkout", str(checkout), "--write", "--only", "SUPPORT.md"]) == 0
    text = support.read_text()
    assert text.startswith("Our own preface.\n\n<!-- cfos-plan:begin SUPPORT.md -->")
    assert text.endswith("\n## Office hours\n\nThursdays.\n")
    assert "https://chat.example.org" in text
    edited = text.replace("Asking in public", "Asking anywhere")
    support.write_text(edited)
    capsys.readouterr()
    assert main(["files", str(nebari), "--checkout", str(checkout), "--write", "--only", "SUPPORT.md"]) == 1
    assert "SUPPORT.md: not written: its generated part was edited by hand (--force replaces it)" in (
        capsys.readouterr().err
    )
    assert support.read_text() == edited
    assert main(["files", str(nebari), "--checkout", str(checkout), "--check", "--only", "SUPPORT.md"]) == 1


def test_a_file_of_the_teams_own_is_kept_beside_when_forced(nebari: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    (checkout / "CONTRIBUTING.md").write_text("# How we work\n\nHand written.\n")
    assert (
        main(["files", str(nebari), "--checkout", str(checkout), "--write", "--only", "CONTRIBUTING.md"]) == 1
    )
    assert (checkout / "CONTRIBUTING.md").read_text() == "# How we work\n\nHand written.\n"
    assert (
        main(
            [
                "files",
                str(nebari),
                "--checkout",
                str(checkout),
                "--write",
                "--force",
                "--only",
                "CONTRIBUTING.md",
            ]
        )
        == 0
    )
    assert "the old one is kept as CONTRIBUTING.md.before-cfos-plan" in capsys.readouterr().out
    assert (checkout / "CONTRIBUTING.md.before-cfos-plan").read_text() == "# How we work\n\nHand written.\n"
    assert "<!-- cfos-plan:begin CONTRIBUTING.md -->" in (checkout / "CONTRIBUTING.md").read_text()


def test_bad_input_is_one_line(nebari: Path, tmp_path: Path, capsys) -> None:
    assert main(["files", str(nebari), "--checkout", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert (
        main(["files", str(nebari), "--checkout", str(nebari.parent / "checkout"), "--only", "README.md"])
        == 2
    )
    err = capsys.readouterr().err
    assert "no such community file" in err and "Traceback" not in err
    link = nebari.parent / "checkout" / "SECURITY.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    assert main(["files", str(nebari), "--checkout", str(nebari.parent / "checkout")]) == 2
    assert "is a symbolic link" in capsys.readouterr().err


def test_the_checkout_is_the_git_work_tree_holding_the_plan(tmp_path: Path, monkeypatch, capsys) -> None:
    for key, value in isolated_git_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git(tmp_path, "init", "-q", str(repo))
    shutil.copy(NEBARI, repo / "plans" / "nebari.toml")
    assert main(["files", str(repo / "plans" / "nebari.toml"), "--write", "--only", "SECURITY.md"]) == 0
    text = (repo / "SECURITY.md").read_text()
    assert "from plans/nebari.toml (digest" in text


# --- issue forms against GitHub's schema -------------------------------------------


def _check_form(form: dict) -> None:
    """The rules of GitHub's issue-form syntax that a generated form could break."""
    assert set(form) <= {"name", "description", "body", "title", "labels", "assignees", "projects", "type"}
    assert isinstance(form["name"], str) and form["name"]
    assert isinstance(form["description"], str) and form["description"]
    assert isinstance(form["body"], list) and form["body"]
    ids = [element["id"] for element in form["body"] if "id" in element]
    assert len(ids) == len(set(ids))
    assert any(element["type"] != "markdown" for element in form["body"])
    for element in form["body"]:
        assert element["type"] in {"markdown", "textarea", "input", "dropdown", "checkboxes"}
        attributes = element["attributes"]
        if element["type"] == "markdown":
            assert isinstance(attributes["value"], str) and attributes["value"]
        else:
            assert isinstance(attributes["label"], str) and attributes["label"]
            assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
        if element["type"] == "dropdown":
            assert attributes["options"]
        assert set(element.get("validations", {})) <= {"required"}


def test_the_issue_forms_follow_githubs_schema() -> None:
    forms = {path: yaml.safe_load(text) for path, text in _files(GOLDEN).items() if path.endswith(".yml")}
    assert set(forms) == {
        ".github/ISSUE_TEMPLATE/bug.yml",
        ".github/ISSUE_TEMPLATE/feature.yml",
        ".github/ISSUE_TEMPLATE/rfd.yml",
        ".github/ISSUE_TEMPLATE/config.yml",
    }
    config = forms.pop(".github/ISSUE_TEMPLATE/config.yml")
    assert set(config) <= {"blank_issues_enabled", "contact_links"}
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config["contact_links"]:
        assert set(link) == {"name", "url", "about"} and link["url"].startswith("https://")
    for form in forms.values():
        _check_form(form)


HOSTILE = st.lists(
    st.sampled_from(["#", "|", "@ana", "<b>", "`", "---", "\n", ": ", "- ", '"', "\\", "1. ", "[x](y)", "*"])
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6),
    max_size=8,
).map("".join)


def _with_every_answer(plan_file: store.PlanFile, text: str) -> list:
    """The community files when every line, text and list answer holds ``text``."""
    plan = plan_file.plan
    for step in plan_file.playbook.steps:
        for spec in step.fields:
            if spec.kind in ("line", "text", "license"):
                plan.set_answer(step.id, spec.id, text)
            elif spec.kind == "list":
                plan.set_answer(step.id, spec.id, [text, "plain"])
    plan.set_answer("governance", "proposals-as", "issues")
    plan.set_answer("security-response", "channel", "both")
    return states(plan, plan_file.playbook, plan_file.path, plan_file.path.parent / "checkout")


def _shape(value: object) -> object:
    """A parsed YAML value with its text left out: the structure alone."""
    if isinstance(value, dict):
        return {key: _shape(entry) for key, entry in value.items()}
    if isinstance(value, list):
        return [_shape(entry) for entry in value]
    return type(value).__name__


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE)
def test_any_answer_keeps_every_file_well_formed(nebari: Path, text: str) -> None:
    """Whatever text is in the answers, each Markdown file has exactly the headings and
    markers it has with plain words there, each YAML file the same structure, and no
    @mention gets through."""
    text = text.strip() or "x"
    plain = {s.path: s.new for s in _with_every_answer(store.load(nebari), "plain words")}
    for state in _with_every_answer(store.load(nebari), text):
        assert (state.new is None) == (plain[state.path] is None), state.path
        if state.new is None:
            continue
        if state.file.kind == "yaml":
            assert _shape(yaml.safe_load(state.new)) == _shape(yaml.safe_load(plain[state.path]))
            continue
        assert not re.search(r"(?<![A-Za-z0-9._%+-])@[A-Za-z0-9]", state.new), state.path

        def structure(markdown: str) -> list[str]:
            return [line for line in markdown.splitlines() if re.match(r"(#{1,6} |<!-- cfos-plan:)", line)]

        ours = [line for line in structure(state.new) if not line.startswith("<!-- cfos-plan:begin")]
        theirs = [
            line for line in structure(plain[state.path]) if not line.startswith("<!-- cfos-plan:begin")
        ]
        assert [line.split(" (digest")[0] for line in ours] == [line.split(" (digest")[0] for line in theirs]


# --- the loop closes: written, committed, found by the audit -------------------------


def test_written_files_are_found_by_the_audit(nebari: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    env = isolated_git_env(tmp_path / "home")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    checkout = nebari.parent / "checkout"
    git(tmp_path, "init", "-q", str(checkout))
    fresh_path = tmp_path / "fresh.toml"
    playbook = builtin_playbook()
    fresh = new_plan(playbook, "Nebari", today=date(2024, 6, 30))
    fresh.answers = store.load(nebari).plan.answers  # the decisions, none of the ticks
    store.create(fresh_path, fresh, playbook)
    assert main(["files", str(fresh_path), "--checkout", str(checkout), "--write"]) == 0
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "Community files")
    capsys.readouterr()
    assert main(["audit", str(checkout), "--plan", str(fresh_path), "--apply", "--today", "2024-06-30"]) == 0
    done = {item for item, state in store.load(fresh_path).plan.items.items() if state.status == "done"}
    assert {
        "coc-adopted",
        "coc-contact",
        "governance-doc",
        "contributing-guide",
        "security-policy",
        "maintainers-file",
        "issue-templates",
        "pr-template",
        "channels-documented",
    } <= done


def test_proposals_as_files_get_a_template_instead_of_a_form(nebari: Path) -> None:
    plan_file = store.load(nebari)
    checkout = nebari.parent / "checkout"
    as_issues = {s.path for s in states(plan_file.plan, plan_file.playbook, nebari, checkout)}
    assert ".github/ISSUE_TEMPLATE/rfd.yml" in as_issues and "rfds/TEMPLATE.md" not in as_issues
    plan_file.plan.set_answer("governance", "proposals-as", "files")
    found = {s.path: s for s in states(plan_file.plan, plan_file.playbook, nebari, checkout)}
    assert "rfds/TEMPLATE.md" in found and ".github/ISSUE_TEMPLATE/rfd.yml" not in found
    template = found["rfds/TEMPLATE.md"].new
    assert "## Summary" in template and "## User benefit" in template


def test_check_never_says_agree_about_files_it_does_not_make(nebari: Path, tmp_path: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    main(["files", str(nebari), "--checkout", str(checkout), "--write"])
    (checkout / "SECURITY.md").unlink()
    (checkout / "SECURITY.md").write_text("# Our own policy\n")
    capsys.readouterr()
    assert main(["files", str(nebari), "--checkout", str(checkout), "--check"]) == 0
    out = capsys.readouterr().out
    assert "SECURITY.md: not made by cfos-plan (left alone; --force replaces it)" in out
    assert "10 community file(s) in" in out and "agree with the plan" in out
    # a plan that makes nothing yet says so, rather than that everything agrees
    playbook = builtin_playbook()
    empty = tmp_path / "empty.toml"
    store.create(empty, new_plan(playbook, "P", today=date(2024, 6, 1)), playbook)
    assert main(["files", str(empty), "--checkout", str(checkout), "--check", "--only", "GOVERNANCE.md"]) == 0
    assert "No community file in" in capsys.readouterr().out


def test_a_hand_edit_is_out_of_step_and_the_advice_names_the_plan_and_force(nebari: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    main(["files", str(nebari), "--checkout", str(checkout), "--write", "--only", "SUPPORT.md"])
    support = checkout / "SUPPORT.md"
    support.write_text(support.read_text().replace("Asking in public", "Asking anywhere"))
    capsys.readouterr()
    assert main(["files", str(nebari), "--checkout", str(checkout), "--check", "--only", "SUPPORT.md"]) == 1
    out = capsys.readouterr().out
    assert "SUPPORT.md: edited by hand inside its markers" in out
    assert f"`cfos-plan files {nebari} --write` (with --force for a file edited by hand)" in out


def test_without_a_web_address_for_questions_blank_issues_stay_open() -> None:
    forms = _files(GOLDEN)
    config = yaml.safe_load(forms[".github/ISSUE_TEMPLATE/config.yml"])
    assert config["blank_issues_enabled"] is True  # Nebari's "where to ask" is prose
    plan_file = store.load(NEBARI)
    plan_file.plan.set_answer("communication", "questions-channel", "https://github.com/org/repo/discussions")
    built = build(file_named("config.yml"), Answers(plan_file.plan, plan_file.playbook))
    config = yaml.safe_load(built.text)
    assert config["blank_issues_enabled"] is False
    assert config["contact_links"][0]["url"] == "https://github.com/org/repo/discussions"
    assert not built.notes


def test_maintainers_link_their_handles_and_leave_out_an_empty_column(nebari: Path) -> None:
    plan_file = store.load(nebari)
    answers = Answers(plan_file.plan, plan_file.playbook)
    assert "| Name | Affiliation | Area |" in build(file_named("MAINTAINERS.md"), answers).text
    people = dict(plan_file.plan.answer("maintainers", "maintainers"))
    first = next(iter(people))
    people[first] = {**people[first], "handle": "@ines-o"}
    plan_file.plan.set_answer("maintainers", "maintainers", people)
    text = build(file_named("MAINTAINERS.md"), Answers(plan_file.plan, plan_file.playbook)).text
    assert "| Name | GitHub | Affiliation | Area |" in text
    assert "[ines-o](https://github.com/ines-o)" in text and "@ines" not in text


def test_a_proposal_section_with_its_choices_becomes_a_dropdown() -> None:
    form = yaml.safe_load(_files(GOLDEN)[".github/ISSUE_TEMPLATE/rfd.yml"])
    status = next(e for e in form["body"] if e.get("id") == "status")
    assert status["type"] == "dropdown"
    assert status["attributes"]["options"][:2] == ["Draft", "Open for comments"]
    labels = [e["attributes"].get("label", "") for e in form["body"]]
    assert not any(label.lower().startswith("title") for label in labels)  # the issue's title is it


def test_a_linked_folder_is_never_written_through(nebari: Path, tmp_path: Path, capsys) -> None:
    """.github as a symbolic link to somewhere else: refused, and nothing lands there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (nebari.parent / "checkout" / ".github").symlink_to(elsewhere)
    assert main(["files", str(nebari), "--checkout", str(nebari.parent / "checkout"), "--write"]) == 2
    assert ".github: is a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_only_a_file_the_plan_does_not_want_says_why(nebari: Path, capsys) -> None:
    checkout = nebari.parent / "checkout"
    assert main(["files", str(nebari), "--checkout", str(checkout), "--only", "RFD_TEMPLATE.md"]) == 0
    assert "the RFD template when they are files" in capsys.readouterr().out
