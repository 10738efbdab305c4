"""Hostile input: each case ends in a short, clean message (no traceback) and an unchanged file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cfos_tui import store
from cfos_tui.cli import main
from tests.fixtures.gitrepo import CommitSpec, build_repo, epoch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ESC = "\x1b"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFOS_PLAN_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def append(path: Path, text: str) -> bytes:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path.read_bytes()


def clean_failure(capsys, code: int, expected_code: int = 2) -> str:
    """The command failed with ``expected_code``; its stderr is short, with no traceback or raw escape."""
    err = capsys.readouterr().err
    assert code == expected_code, err
    assert "Traceback" not in err and ESC not in err
    return err


# --- terminal escape sequences --------------------------------------------------------


def test_error_messages_show_escape_sequences_visibly(tmp_plan: Path, capsys) -> None:
    """A plan key holding an escape sequence is printed as \\x1b, never sent to the terminal."""
    before = append(tmp_plan, '\n[reminders."\\u001b[2Jwipe"]\ncadence = "weekly"\n')
    err = clean_failure(capsys, main(["check", str(tmp_plan)]))
    assert "\\x1b[2Jwipe" in err
    assert main(["mark", str(tmp_plan), "labels", "done"]) == 2
    assert tmp_plan.read_bytes() == before


def test_status_shows_playbook_titles_visibly(tmp_path: Path, capsys) -> None:
    """`status` on a plan whose playbook has an escape in a phase title prints it visibly."""
    playbook = tmp_path / "own.toml"
    text = (FIXTURES / "playbook-mini.toml").read_text(encoding="utf-8")
    playbook.write_text(
        text.replace('title = "First"', 'title = "First\\u001b]0;pwned\\u0007"'), encoding="utf-8"
    )
    plan = tmp_path / "plan.toml"
    assert main(["new", str(plan), "--project", "P", "--playbook", str(playbook)]) == 0
    capsys.readouterr()
    assert main(["status", str(plan)]) == 0
    out = capsys.readouterr().out
    assert ESC not in out and "\a" not in out
    assert "First\\x1b]0;pwned\\x07" in out


def test_audit_text_shows_authors_and_file_names_visibly(tmp_path: Path, capsys) -> None:
    """Commit authors and file names with escapes are printed visibly in the audit's summary."""
    repo = tmp_path / "repo"
    commits = [
        CommitSpec(
            name=f"Eve{ESC}]2;title{ESC}\\",
            email="eve@evil.example",
            when=epoch("2024-01-02"),
            files={"LICENSE": "MIT License\n", f"docs/{ESC}[31mred.md": "x"},
        )
    ]
    build_repo(repo, commits)
    assert main(["audit", str(repo), "--org-defaults", str(repo)]) == 0
    out = capsys.readouterr().out
    assert ESC not in out


# --- files that are not files ------------------------------------------------------------


def plan_with_playbook_file(tmp_plan: Path, target: str) -> bytes:
    text = tmp_plan.read_text(encoding="utf-8").replace(
        'playbook_version = "2"\n', f'playbook_version = "2"\nplaybook_file = "{target}"\n'
    )
    tmp_plan.write_text(text, encoding="utf-8")
    return tmp_plan.read_bytes()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_playbook_that_is_a_device_is_refused_at_once(tmp_plan: Path, capsys, device: str) -> None:
    """playbook_file naming a device: exit 2 at once, naming it; nothing read, nothing written."""
    before = plan_with_playbook_file(tmp_plan, device)
    err = clean_failure(capsys, main(["mark", str(tmp_plan), "labels", "done"]))
    assert f"{device}: is not a regular file" in err
    assert tmp_plan.read_bytes() == before


def test_a_playbook_that_is_a_pipe_is_refused_without_waiting(tmp_plan: Path, capsys) -> None:
    """A FIFO nobody writes to would block forever: it is refused without being opened."""
    fifo = tmp_plan.parent / "playbook.fifo"
    os.mkfifo(fifo)
    plan_with_playbook_file(tmp_plan, "playbook.fifo")
    err = clean_failure(capsys, main(["check", str(tmp_plan)]))
    assert "is not a regular file" in err


def test_a_huge_playbook_is_refused_by_its_size(tmp_plan: Path, capsys) -> None:
    """A 2 GB playbook (sparse) is refused from its size, not read."""
    huge = tmp_plan.parent / "huge.toml"
    with huge.open("wb") as stream:
        stream.truncate(2 * 1024**3)
    plan_with_playbook_file(tmp_plan, "huge.toml")
    err = clean_failure(capsys, main(["status", str(tmp_plan)]))
    assert "too large for a playbook file" in err


def test_a_plan_naming_itself_as_its_playbook_says_so(tmp_plan: Path, capsys) -> None:
    """playbook_file = the plan's own name: a message that says exactly that."""
    plan_with_playbook_file(tmp_plan, "plan.toml")
    err = clean_failure(capsys, main(["check", str(tmp_plan)]))
    assert "playbook_file names this plan itself" in err


# --- deep nesting and many problems ------------------------------------------------


@pytest.mark.parametrize("depth", [150, 600])
def test_deep_nesting_is_a_located_error(tmp_plan: Path, capsys, depth: int) -> None:
    """Arrays nested 150 or 600 deep: `check` and `mark` exit 2 with a message, the file unchanged."""
    before = append(tmp_plan, "\n[extra]\ndeep = " + "[" * depth + "]" * depth + "\n")
    for command in (["check", str(tmp_plan)], ["mark", str(tmp_plan), "labels", "done"]):
        err = clean_failure(capsys, main(command))
        assert "nested" in err and "deep" in err
        assert err.startswith(f"{tmp_plan}:")
    assert tmp_plan.read_bytes() == before


def test_twenty_thousand_unknown_items_give_a_summary(tmp_plan: Path, capsys) -> None:
    """20,000 unknown items: the first 50 problems, each located, then how many more."""
    append(tmp_plan, "".join(f'\n[items.unknown-{n}]\nstatus = "todo"\n' for n in range(20_000)))
    err = clean_failure(capsys, main(["check", str(tmp_plan)]))
    lines = err.splitlines()
    assert len(lines) == 51
    assert lines[-1].endswith("… and 19950 more problems")
    assert all(line.startswith(f"{tmp_plan}:") for line in lines[:50])


# --- state files, the history, the command line ------------------------------------


def test_a_corrupt_recent_list_never_fails_a_command(tmp_path: Path, capsys) -> None:
    """recent.json nested 100,000 deep: `list` and `new` warn once and carry on (exit 0)."""
    state = tmp_path / "home" / "state"
    state.mkdir(parents=True)
    (state / "recent.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["list"]) == 0
    assert "warning" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "p.toml"), "--project", "P"]) == 0
    assert (tmp_path / "p.toml").is_file()


def test_audit_refuses_a_symlinked_git_folder(tmp_path: Path, capsys) -> None:
    """A `.git` that links to another repository: its history is not reported as this folder's."""
    other = tmp_path / "other"
    build_repo(other, [CommitSpec(name="Other", email="o@other.example", when=epoch("2024-01-02"))])
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / ".git").symlink_to(other / ".git")
    assert main(["audit", str(folder)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "symbolic link" in out and "Other" not in out


def test_audit_says_where_a_gitdir_file_leads(tmp_path: Path, capsys) -> None:
    """A `.git` file (`gitdir: …`, a worktree): the history is read, and its source is named."""
    other = tmp_path / "other"
    build_repo(other, [CommitSpec(name="Ana", email="ana@example.org", when=epoch("2024-01-02"))])
    folder = tmp_path / "worktree"
    folder.mkdir()
    (folder / ".git").write_text(f"gitdir: {other / '.git'}\n", encoding="utf-8")
    assert main(["audit", str(folder)]) == 0
    out = "".join(capsys.readouterr().out.split())
    assert f"Thehistorywasreadfrom{other / '.git'}" in out


def test_a_mistyped_command_names_the_closest(tmp_path: Path, capsys) -> None:
    """`cfos-plan lsit`: exit 2 naming `list`; no file called lsit appears."""
    err = clean_failure(capsys, main(["lsit"]))
    assert "did you mean `cfos-plan list`?" in err
    assert not (tmp_path / "lsit").exists()


def test_the_workbook_without_a_terminal_is_one_line_and_exit_2(tmp_plan: Path) -> None:
    """No terminal (CI, </dev/null): exit 2 at once with one line, no escape codes written."""
    done = subprocess.run(
        [sys.executable, "-m", "cfos_tui", str(tmp_plan)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "needs a terminal" in done.stderr


# --- smaller cases ------------------------------------------------------------------


def test_impossible_review_counts_are_refused(tmp_plan: Path, capsys) -> None:
    """A review with done = -5 and total = -1: a located problem, not -5/-1 (500%) in a report."""
    append(tmp_plan, "\n[reviews.r]\ndate = 2024-02-01\ndone = -5\ntotal = -1\n")
    err = clean_failure(capsys, main(["export", str(tmp_plan)]))
    assert "review r: done (-5) and total (-1) must be counts" in err


def test_status_json_and_items_together_are_refused(tmp_plan: Path, capsys) -> None:
    """`status --json --items` asks for two shapes at once: exit 2, not one of them silently."""
    with pytest.raises(SystemExit) as caught:
        main(["status", str(tmp_plan), "--json", "--items"])
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_mixed_line_endings_stay_as_they_were(tmp_plan: Path) -> None:
    """A file with both LF and CRLF lines is not turned into all CRLF by an edit."""
    lines = tmp_plan.read_bytes().split(b"\n")
    mixed = b"\r\n".join(lines[:3]) + b"\n" + b"\n".join(lines[3:])
    tmp_plan.write_bytes(mixed)
    assert main(["mark", str(tmp_plan), "labels", "done"]) == 0
    written = tmp_plan.read_bytes()
    assert written.count(b"\r\n") == 2
    assert written.startswith(b"\r\n".join(lines[:3]) + b"\n")


def test_new_on_a_dangling_link_says_what_it_is(tmp_path: Path, capsys) -> None:
    """`new` over a link to nowhere: refused (exit 1) saying it is a link, not "already exists"."""
    link = tmp_path / "plan.toml"
    link.symlink_to(tmp_path / "gone.toml")
    err = clean_failure(capsys, main(["new", str(link), "--project", "P"]), 1)
    assert "is a link to" in err and "does not exist" in err
    assert not (tmp_path / "gone.toml").exists()


def test_new_with_a_missing_checkout_is_refused(tmp_path: Path, capsys) -> None:
    """`new --checkout /does/not/exist`: exit 2 and no plan written."""
    err = clean_failure(capsys, main(["new", "p.toml", "--project", "P", "--checkout", "/does/not/exist"]))
    assert "no such folder" in err
    assert not (tmp_path / "p.toml").exists()


def test_a_plan_path_that_is_a_device_is_refused(capsys) -> None:
    """`check /dev/zero` does not read forever."""
    err = clean_failure(capsys, main(["check", "/dev/zero"]))
    assert "is not a regular file" in err


def test_unchanged_after_every_failure(tmp_plan: Path) -> None:
    """The file is byte for byte the same after a refused mark (unknown item, bad status)."""
    before = tmp_plan.read_bytes()
    assert main(["mark", str(tmp_plan), "no-such-item", "done"]) == 2
    assert main(["mark", str(tmp_plan), "labels", "finished"]) == 2
    assert store.load(tmp_plan).path == tmp_plan
    assert tmp_plan.read_bytes() == before
