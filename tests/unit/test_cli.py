"""The command line: every subcommand, its exit codes and its error messages."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cfos_tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
NEBARI = ROOT / "plans" / "nebari.toml"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CFOS_PLAN_TODAY", raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def plan_path(tmp_path) -> Path:
    path = tmp_path / "plan.toml"
    assert run("new", str(path), "--project", "Nebari", "--team", "Ana, Ben", "--today", "2024-01-08") == 0
    return path


def test_new_writes_a_valid_plan(plan_path, capsys):
    """`new` creates a plan that `check` accepts."""
    assert plan_path.read_text().startswith("# Transition plan")
    capsys.readouterr()
    assert run("check", str(plan_path)) == 0
    assert "valid" in capsys.readouterr().out


def test_new_refuses_an_existing_file(plan_path, capsys):
    """`new` on an existing file exits 1 and leaves it byte-for-byte unchanged."""
    before = plan_path.read_bytes()
    assert run("new", str(plan_path), "--project", "Other") == 1
    assert plan_path.read_bytes() == before
    assert "already exists" in capsys.readouterr().err


def test_new_without_a_path_uses_the_data_folder(tmp_path, capsys):
    """Without a path the plan goes to CFOS_PLAN_HOME/plans/<slug>.toml and `list` shows it."""
    assert run("new", "--project", "Sky Platform!") == 0
    created = tmp_path / "home" / "plans" / "sky-platform.toml"
    assert created.is_file()
    capsys.readouterr()
    assert run("list") == 0
    out = capsys.readouterr().out
    assert str(created) in out
    assert "Sky Platform!" in out


def test_new_with_a_missing_folder_is_bad_input(tmp_path, capsys):
    """A missing parent folder exits 2 and creates nothing."""
    assert run("new", str(tmp_path / "nope" / "plan.toml"), "--project", "X") == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "nope").exists()


def test_new_with_own_playbook_records_a_relative_path(tmp_path):
    """--playbook stores the playbook's path relative to the plan, and the plan loads with it."""
    from cfos_tui.playbook import builtin_path

    own = tmp_path / "books" / "ours.toml"
    own.parent.mkdir()
    own.write_text(builtin_path().read_text().replace('id = "community-first"', 'id = "ours"', 1))
    plan = tmp_path / "plan.toml"
    assert run("new", str(plan), "--project", "X", "--playbook", str(own)) == 0
    assert 'playbook_file = "books/ours.toml"' in plan.read_text()
    assert run("check", str(plan)) == 0


def test_mark_updates_one_item(plan_path, capsys):
    """`mark` changes status, owner and due of one item, and only that item's lines."""
    before = plan_path.read_text().splitlines()
    assert run("mark", str(plan_path), "license-file", "done", "--owner", "Ana", "--due", "2024-02-01") == 0
    assert "license-file: todo → done" in capsys.readouterr().out
    after = plan_path.read_text().splitlines()
    added = [line for line in after if line not in before]
    assert added == ['status = "done"', 'owner = "Ana"', "due = 2024-02-01"]
    assert len(after) == len(before) + 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("licence-file", "done"), "did you mean license-file"),
        (("license-file", "dnoe"), "did you mean done"),
        (("license-file", "n/a"), "n/a needs a reason"),
        (("license-file", "done", "--due", "2024-02-30"), "invalid --due"),
    ],
)
def test_mark_rejects_bad_input(plan_path, capsys, args, message):
    """Unknown ids, statuses, n/a without a reason and bad dates exit 2; the file is untouched."""
    before = plan_path.read_bytes()
    assert run("mark", str(plan_path), *args) == 2
    assert message in capsys.readouterr().err
    assert plan_path.read_bytes() == before


def test_mark_na_with_a_note(plan_path):
    assert run("mark", str(plan_path), "notice-file", "n/a", "--note", "No bundled third-party code") == 0
    assert 'note = "No bundled third-party code"' in plan_path.read_text()


def test_status_json_contract(plan_path, capsys):
    """`status --json` prints the documented keys with numbers that add up."""
    run("mark", str(plan_path), "license-file", "done")
    run("mark", str(plan_path), "coc-adopted", "doing", "--due", "2024-02-01")
    capsys.readouterr()
    assert run("status", str(plan_path), "--json", "--today", "2024-03-01") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["project"] == "Nebari"
    assert data["overall"] == {"done": 1, "total": 108, "percent": 0}
    assert sum(p["total"] for p in data["phases"].values()) == 108
    assert data["phases"]["foundations"]["done"] == 1
    assert data["overdue"] == ["coc-adopted"]
    assert "review-plan" in data["due_reminders"]
    assert data["today"] == "2024-03-01"


def test_today_from_the_environment(plan_path, capsys, monkeypatch):
    monkeypatch.setenv("CFOS_PLAN_TODAY", "2030-01-01")
    assert run("status", str(plan_path), "--json") == 0
    assert json.loads(capsys.readouterr().out)["today"] == "2030-01-01"
    monkeypatch.setenv("CFOS_PLAN_TODAY", "someday")
    assert run("status", str(plan_path)) == 2
    assert "CFOS_PLAN_TODAY" in capsys.readouterr().err


def test_status_text(plan_path, capsys):
    run("mark", str(plan_path), "coc-adopted", "doing", "--due", "2024-02-01", "--owner", "[b]Ana[/b]")
    capsys.readouterr()
    assert run("status", str(plan_path), "--today", "2024-03-01") == 0
    out = capsys.readouterr().out
    assert "Nebari: 0/108 complete (0%)" in out
    assert "coc-adopted  due 2024-02-01 · [b]Ana[/b]" in out
    assert "Reminders due (7)" in out


def test_export_to_stdout_and_file(plan_path, capsys, tmp_path):
    """`export` prints the report, or writes it with -o; the same date gives the same bytes."""
    assert run("export", str(plan_path), "--today", "2024-03-01") == 0
    printed = capsys.readouterr().out
    assert "Nebari" in printed
    out = tmp_path / "report.md"
    assert run("export", str(plan_path), "-o", str(out), "--today", "2024-03-01") == 0
    assert out.read_text(encoding="utf-8") == printed


def test_export_refuses_to_overwrite_the_plan(plan_path, capsys):
    before = plan_path.read_bytes()
    assert run("export", str(plan_path), "-o", str(plan_path)) == 1
    assert plan_path.read_bytes() == before


def test_export_to_dev_stdout_appends_to_a_redirected_file(plan_path, tmp_path):
    """`-o /dev/stdout >> log.md` adds the report to the log instead of replacing it."""
    log = tmp_path / "log.md"
    log.write_text("earlier entry\n", encoding="utf-8")
    with log.open("ab") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "cfos_tui", "export", str(plan_path), "-o", "/dev/stdout"],
            stdout=stdout,
            check=False,
        )
    assert done.returncode == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier entry\n# Nebari")


def test_export_into_a_pipe_whose_reader_left_is_not_an_error(plan_path, tmp_path, monkeypatch):
    """A reader that goes away (`-o fifo` read by `head`) ends the export quietly, as on stdout."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    real_open = Path.open

    def closed(self, *args, **kwargs):
        if self == pipe:
            raise BrokenPipeError(32, "Broken pipe")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", closed)
    assert run("export", str(plan_path), "-o", str(pipe)) == 0


def test_export_into_a_pipe_writes_through_it(plan_path, tmp_path):
    """-o naming a FIFO (or /dev/stdout) writes into it rather than replacing it."""
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert run("export", str(plan_path), "-o", str(pipe), "--today", "2024-03-01") == 0
    reader.join(10)
    assert received and received[0].startswith(b"# Nebari")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["status", "export"])
def test_a_full_disk_on_stdout_is_one_line(plan_path, command):
    """`> /dev/full` gives one short message and exit 2, not a traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cfos_tui", command, str(plan_path)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "cfos-plan: standard output: No space left on device\n"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("2025-02-30", "no such day"),
        ("20250228", "use YYYY-MM-DD"),
        ("next week", "use YYYY-MM-DD"),
        ("\uff12\uff10\uff12\uff15-03-31", "use YYYY-MM-DD"),  # full-width digits
        ("x " * 150, "use YYYY-MM-DD"),  # too long to be a file name: still a plain message
    ],
)
def test_today_option_is_checked(plan_path, capsys, given, message):
    assert run("status", str(plan_path), "--today", given) == 2
    assert message in capsys.readouterr().err


BAD_PLANS = {
    "truncated.toml": (b'schema = 1\nproject = "x"\nteam = [', "truncated.toml:end:"),
    "malformed.toml": (b'schema = 1\nproject = "x\n', "malformed.toml:2:"),
    "empty.toml": (b"", "empty"),
    "latin1.toml": (b'schema = 1\nproject = "Caf\xe9"\n', "latin1.toml:2:15: not UTF-8"),
    "no-schema.toml": (b'project = "x"\n', "schema"),
    "types.toml": (
        b'schema = 1\nproject = "x"\nplaybook = "community-first"\nplaybook_version = "1"\n\n'
        b"[items.license-file]\nstatus = 3\n",
        "types.toml:7: items.license-file.status must be text",
    ),
    "status.toml": (
        b'schema = 1\nproject = "x"\nplaybook = "community-first"\nplaybook_version = "1"\n\n'
        b'[items.license-file]\nstatus = "finished"\n',
        "status.toml:7: license-file: unknown status 'finished'",
    ),
    "unknown-item.toml": (
        b'schema = 1\nproject = "x"\nplaybook = "community-first"\nplaybook_version = "1"\n\n'
        b'[items.licence]\nstatus = "done"\n',
        "unknown-item.toml:6: unknown checklist item 'licence'",
    ),
    "bad-date.toml": (
        b'schema = 1\nproject = "x"\nplaybook = "community-first"\nplaybook_version = "1"\n\n'
        b"[items.license-file]\ndue = 2024-02-30\n",
        "bad-date.toml:7:",
    ),
    "na.toml": (
        b'schema = 1\nproject = "x"\nplaybook = "community-first"\nplaybook_version = "1"\n\n'
        b'[items.license-file]\nstatus = "n/a"\n',
        "na.toml:7: license-file: n/a needs a note",
    ),
    "playbook.toml": (
        b'schema = 1\nproject = "x"\nplaybook = "nope"\nplaybook_version = "1"\n',
        "no built-in playbook named 'nope'",
    ),
    "newer.toml": (
        b'schema = 99\nproject = "x"\nplaybook = "community-first"\nplaybook_version = "1"\n',
        "newer than this cfos-plan understands",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PLANS))
@pytest.mark.parametrize("command", ["check", "status", "mark"])
def test_bad_plans_are_reported_without_traceback(tmp_path, name, command):
    """Each bad plan exits 2 (mark on a newer schema: 1) with a located message; nothing changes."""
    content, message = BAD_PLANS[name]
    path = tmp_path / name
    path.write_bytes(content)
    args = [command, str(path)] + (["license-file", "done"] if command == "mark" else [])
    result = subprocess.run(
        [sys.executable, "-m", "cfos_tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CFOS_PLAN_HOME": str(tmp_path / "home")},
    )
    if name == "newer.toml" and command == "status":
        assert result.returncode == 0
        assert message in result.stderr
    else:
        expected = 1 if (name == "newer.toml" and command == "mark") else 2
        assert result.returncode == expected, result.stderr
        assert message in result.stderr
        if message.startswith(name):  # a located message starts with the file, unprefixed
            assert result.stderr.startswith(f"{path}:"), result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_folder_instead_of_a_plan(tmp_path, capsys):
    assert run("check", str(tmp_path)) == 2
    assert "is a folder" in capsys.readouterr().err


def test_missing_plan(tmp_path, capsys):
    assert run("status", str(tmp_path / "missing.toml")) == 2
    assert "plan file not found" in capsys.readouterr().err


def test_unknown_option_exits_2(plan_path):
    with pytest.raises(SystemExit) as exit_info:
        run("status", str(plan_path), "--frobnicate")
    assert exit_info.value.code == 2


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run("--version")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("cfos-plan ")
    with pytest.raises(SystemExit) as exit_info:
        run("--help")
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("new", "export", "status", "check", "list", "mark"):
        assert f"cfos-plan {command}" in out


def test_example_plans_are_valid():
    """Every plan in plans/ passes `check`, the Nebari example among them."""
    examples = sorted((ROOT / "plans").glob("*.toml"))
    assert NEBARI in examples
    for path in examples:
        assert run("check", str(path)) == 0, path


def test_status_items_lists_the_ids_mark_takes(plan_path, capsys):
    """`status --items` gives one line per item, in roadmap order, and `mark` points to it."""
    assert run("mark", str(plan_path), "license-file", "done", "--owner", "Ana") == 0
    capsys.readouterr()
    assert run("status", str(plan_path), "--items") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 108
    assert lines[0].startswith("personas-drafted ")
    [license_line] = [line for line in lines if line.startswith("license-file ")]
    assert license_line.split()[1:3] == ["done", "Ana"]
    assert run("mark", str(plan_path), "zzzzzz", "done") == 2
    assert "--items` lists them" in capsys.readouterr().err


def test_new_from_the_command_line_does_not_replace_the_plan_last_opened(tmp_path, capsys):
    """After the workbook opened A, `new B` lists B second: a bare `cfos-plan` still opens A."""
    from cfos_tui import locations

    first = tmp_path / "a.toml"
    assert run("new", str(first), "--project", "A") == 0
    locations.remember(first, "license")  # opened in the workbook, left at the license step
    assert run("new", str(tmp_path / "b.toml"), "--project", "B") == 0
    last = locations.last_plan()
    assert last is not None and last.path == first.resolve() and last.step == "license"
    assert [p.path.name for p in locations.recent_plans()] == ["a.toml", "b.toml"]


def test_the_fresh_example_is_what_new_writes(tmp_path: Path, capsys) -> None:
    """plans/README.md says fresh.toml is exactly what `new` writes: it stays so."""
    made = tmp_path / "fresh.toml"
    args = ["new", str(made), "--project", "Example Project", "--team", "Alex, Sam", "--today", "2024-01-08"]
    assert main(args) == 0
    assert made.read_bytes() == (ROOT / "plans" / "fresh.toml").read_bytes()
