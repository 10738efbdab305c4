"""The ``cfos-plan`` command.

``cfos-plan [PLAN]`` opens the workbook; the subcommands work from the shell and
from CI without ever importing Textual (the workbook is imported only inside the
command that runs it). Exit codes: 0 success, 1 a refused action, 2 bad input.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cfos_tui import __version__
from cfos_tui.errors import CfosError
from cfos_tui.visible import visible

COMMANDS = (
    "new",
    "export",
    "status",
    "check",
    "list",
    "mark",
    "audit",
    "merge",
    "git-setup",
    "upgrade",
    "files",
)

DESCRIPTION = """\
A terminal workbook for turning a company-backed open-source project into a
community-driven one: guiding principles, project foundations, contributions and
habits, kept in a TOML plan file your team commits to its own repository."""

EPILOG = """\
commands:
  cfos-plan                      open the workbook on the last plan, or start a new one
  cfos-plan PLAN.toml            open (or create) that plan in the workbook
  cfos-plan new PLAN.toml --project NAME [--playbook FILE]
  cfos-plan export PLAN.toml [--audience team|community] [-o FILE]
                                               Markdown report, or the newcomers' page
  cfos-plan status PLAN.toml [--json|--items]  progress, overdue items, due reminders
  cfos-plan check PLAN.toml [...]              validate; exit 0 when valid
  cfos-plan mark PLAN.toml ITEM STATUS [--owner NAME] [--due YYYY-MM-DD] [--note TEXT]
  cfos-plan audit REPO [--plan PLAN.toml] [--apply] [--json]
  cfos-plan list                               plans known on this machine
  cfos-plan merge BASE OURS THEIRS             three-way merge of plan files (git's merge driver)
  cfos-plan git-setup PLAN.toml                register that merge driver for the plan's repository
  cfos-plan upgrade PLAN.toml [--dry-run]      move the plan to the newest version of its playbook
  cfos-plan files PLAN.toml [--checkout DIR] [--write | --check] [--only NAME ...] [--force]
                                               community files made from the plan's decisions

Run `cfos-plan COMMAND --help` for a command's options.
exit codes: 0 success (a change is in the file), 1 refused (e.g. `new` on an existing
file) or a merge with conflicts, 2 bad input. A change saved and then not confirmed
(standard output full or closed) is still exit 0, with one line on standard error.
environment: CFOS_PLAN_HOME moves every default folder; CFOS_PLAN_TODAY fixes today."""


class UsageError(CfosError):
    """Bad arguments that argparse itself cannot see (exit 2)."""


class Refused(CfosError):
    exit_code = 1


_committed = False


def committed() -> None:
    """Note that this command's change is in the file: from here on, failing to print
    its confirmation is worth a line on stderr, not a failing exit code."""
    global _committed
    _committed = True


def main(argv: Sequence[str] | None = None) -> int:
    global _committed
    _committed = False
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            code = _run_command(args[0], args[1:])
            sys.stdout.flush()  # so a full disk is reported here, not at exit
            return code
        return _run_workbook(args)
    except CfosError as error:
        _error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`cfos-plan export x | head`): not an error of ours.
        _drop_stdout()
        return 0
    except RecursionError:
        _error("the input is nested too deeply to be a plan or a playbook")
        return 2
    except OSError as error:
        # The output could not be written (`> /dev/full`), or a file failed under us.
        where = error.filename if error.filename is not None else "standard output"
        _drop_stdout()
        if _committed and error.filename is None:
            _error(f"{where}: {error.strerror or error} (the change itself was saved)")
            return 0
        _error(f"{where}: {error.strerror or error}")
        return 2


def _drop_stdout() -> None:
    """Point stdout at the null device, so Python's own flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


_LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?:\d+|end)){0,2}: ")


def _error(message: str) -> None:
    """Print an error: lines that start with a file's name (``PATH:`` or ``PATH:LINE:``)
    as they are, others after ``cfos-plan:``."""
    for line in message.splitlines() or [""]:
        line = visible(line)
        match = _LOCATED.match(line)
        located = match is not None and _looks_like_a_path(match["file"])
        print(line if located else f"cfos-plan: {line}", file=sys.stderr)


def _looks_like_a_path(text: str) -> bool:
    """``plans/x.toml`` or a file that exists, not the start of a sentence."""
    return (" " not in text and any(mark in text for mark in ("/", os.sep, "."))) or os.path.exists(text)


# --- the workbook -----------------------------------------------------------------


def _run_workbook(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cfos-plan",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", nargs="?", type=Path, help="the plan file to open or create")
    parser.add_argument("--version", action="version", version=f"cfos-plan {__version__}")
    if args and not args[0].startswith("-"):
        _refuse_mistyped_command(args[0])
    options = parser.parse_args(args)
    if options.plan is not None and options.plan.is_dir():
        raise UsageError(f"{options.plan}: is a folder; give the path of a plan file (PLAN.toml)")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the workbook needs a terminal; from a script use `cfos-plan status`, `mark` or `export` "
            "(`cfos-plan --help` lists them)"
        )
    from cfos_tui.tui import run_workbook

    return run_workbook(options.plan)


def _refuse_mistyped_command(word: str) -> None:
    """A first word that is neither a command nor a plan (``cfos-plan lsit``) is an
    error naming the closest command, not a new plan file called "lsit"."""
    path = Path(word)
    if path.exists() or path.is_symlink() or path.suffix.lower() == ".toml" or os.sep in word or "/" in word:
        return
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.5)
    hint = f"did you mean `cfos-plan {close[0]}`? " if close else ""
    raise UsageError(
        f"{word!r} is not a command or a plan file: {hint}(commands: {', '.join(COMMANDS)}; "
        "a new plan's file name ends in .toml)"
    )


# --- subcommands ------------------------------------------------------------------


def _parser(command: str, description: str) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(prog=f"cfos-plan {command}", description=description)


def _run_command(command: str, args: list[str]) -> int:
    handler = {
        "new": cmd_new,
        "export": cmd_export,
        "status": cmd_status,
        "check": cmd_check,
        "list": cmd_list,
        "mark": cmd_mark,
        "audit": cmd_audit,
        "merge": cmd_merge,
        "git-setup": cmd_git_setup,
        "upgrade": cmd_upgrade,
        "files": cmd_files,
    }[command]
    return handler(args)


def _today(option: str | None) -> date:
    from cfos_tui.clock import today

    return today(option)


def cmd_new(args: list[str]) -> int:
    parser = _parser("new", "Create a new plan file from a playbook.")
    parser.add_argument(
        "plan",
        nargs="?",
        type=Path,
        help="where to write it (default: a file named after the project in cfos-plan's data folder)",
    )
    parser.add_argument("--project", required=True, help="the project's name")
    parser.add_argument(
        "--playbook", type=Path, help="a playbook file of your own (default: community-first)"
    )
    parser.add_argument("--team", default="", help="team members, separated by commas")
    parser.add_argument("--checkout", default="", help="path to a local checkout of the project")
    parser.add_argument("--today", help="the creation date (YYYY-MM-DD)")
    options = parser.parse_args(args)

    from cfos_tui import locations, store
    from cfos_tui.plan import new_plan, slugify
    from cfos_tui.playbook import builtin_playbook, load_playbook

    project = options.project.strip()
    if not project:
        raise UsageError("--project needs a name")
    path: Path = options.plan
    if path is None:
        folder = locations.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slugify(project) or 'plan'}.toml"
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the path of the plan file to create")
    if path.is_symlink() and not path.exists():
        raise Refused(f"{path}: is a link to {os.readlink(path)}, which does not exist; nothing was written")
    if path.exists():
        raise Refused(f"{path}: already exists; nothing was written (open it with `cfos-plan {path}`)")
    if not path.parent.resolve().is_dir():
        raise UsageError(f"{path}: the folder {path.parent} does not exist")
    if options.checkout and not Path(options.checkout).is_dir():
        raise UsageError(f"--checkout {options.checkout}: no such folder (a local checkout of the project)")
    playbook_file = ""
    if options.playbook is not None:
        playbook = load_playbook(options.playbook)
        playbook_file = Path(os.path.relpath(options.playbook.resolve(), path.parent.resolve())).as_posix()
    else:
        playbook = builtin_playbook()
    plan = new_plan(
        playbook,
        project,
        today=_today(options.today),
        team=[member.strip() for member in options.team.split(",")],
        checkout=options.checkout,
        playbook_file=playbook_file,
    )
    store.create(path, plan, playbook)
    committed()
    locations.remember(path, opened=False)
    print(
        f"Created {path}: {len(playbook.items)} checklist items from playbook "
        f"{playbook.id} {playbook.version}."
    )
    print(f"Next: `cfos-plan {path}` to work through it, `cfos-plan status {path}` to see progress.")
    return 0


def _load(path: Path):
    from cfos_tui import store

    return store.load(path)


AUDIENCES = ("team", "community")


def cmd_export(args: list[str]) -> int:
    parser = _parser(
        "export",
        "Write the Markdown transition report for the team, or the page a newcomer to the "
        "community reads first.",
    )
    parser.add_argument("plan", type=Path)
    parser.add_argument(
        "--audience",
        default="team",
        metavar="team|community",
        help="team: the transition report with progress, owners and what is overdue (the default); "
        "community: where to ask, who decides and how, and how to join, with no internal tracking",
    )
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    parser.add_argument("--today", help="the report's date (YYYY-MM-DD); default today or CFOS_PLAN_TODAY")
    options = parser.parse_args(args)
    if options.audience not in AUDIENCES:
        raise UsageError(f"--audience {options.audience!r}: choose team or community")
    today = _today(options.today)
    plan_file = _load(options.plan)
    _warn_read_only(plan_file)

    if options.audience == "community":
        from cfos_tui.community.page import render_community_page

        text = render_community_page(plan_file.plan, plan_file.playbook, today)
    else:
        from cfos_tui.report import render_report

        text = render_report(plan_file.plan, plan_file.playbook, today)
    if options.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    output: Path = options.output
    if output.resolve() == options.plan.resolve():
        raise Refused(f"{output}: that is the plan itself; choose another file for the report")
    if output.is_dir():
        raise UsageError(f"{output}: is a folder; give the path of the report file")
    if output.exists() and (not output.is_file() or str(output).startswith(("/dev/", "/proc/"))):
        # A device, a pipe or a descriptor (/dev/stdout, a FIFO): nothing to replace;
        # write into it, appending, so `-o /dev/stdout >> log.md` keeps the log.
        try:
            with output.open("ab") as stream:
                stream.write(text.encode("utf-8"))
        except BrokenPipeError:
            return 0  # the reader went away, as with `export … | head`
        except OSError as error:
            raise CfosError(f"{output}: not written: {error.strerror or error}") from None
        return 0
    from cfos_tui.store import atomic_write

    atomic_write(output, text.encode("utf-8"))
    print(f"Report written to {output}", file=sys.stderr)
    return 0


def _warn_read_only(plan_file) -> None:
    if plan_file.read_only:
        print(f"cfos-plan: warning: {plan_file.path}: {plan_file.read_only}", file=sys.stderr)


def status_data(plan_file, today: date) -> dict:
    """The numbers `status --json` prints: a contract for scripts."""
    from cfos_tui.plan import due_reminders, overdue_items, progress

    plan, playbook = plan_file.plan, plan_file.playbook
    numbers = progress(plan, playbook)

    def count(c) -> dict:
        return {"done": c.done, "total": c.total, "percent": c.percent}

    return {
        "project": plan.project,
        "file": str(plan_file.path),
        "playbook": {"id": playbook.id, "version": playbook.version, "newest": playbook.newest},
        "today": today.isoformat(),
        "overall": count(numbers.overall),
        "phases": {phase_id: count(c) for phase_id, c in numbers.phases.items()},
        "overdue": overdue_items(plan, playbook, today),
        "due_reminders": due_reminders(plan, today),
        "read_only": bool(plan_file.read_only),
    }


def _print_items(plan_file) -> None:
    """One line an item, in roadmap order: the ids `mark` takes, with where each stands."""
    width = max(len(item.id) for item in plan_file.playbook.items)
    for item in plan_file.playbook.items:
        state = plan_file.plan.items[item.id]
        due = state.due.isoformat() if state.due else ""
        owner = state.owner[:16]
        print(visible(f"{item.id:<{width}}  {state.status:<5}  {owner:<16}  {due:<10}  {item.title}"))


def cmd_status(args: list[str]) -> int:
    parser = _parser("status", "Show progress per phase, overdue items and due reminders.")
    parser.add_argument("plan", type=Path)
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--today", help="the date to judge due dates by (YYYY-MM-DD)")
    shape.add_argument(
        "--items", action="store_true", help="list every checklist item: id, status, owner, due date, title"
    )
    options = parser.parse_args(args)
    today = _today(options.today)
    plan_file = _load(options.plan)
    _warn_read_only(plan_file)
    if options.items:
        _print_items(plan_file)
        return 0
    data = status_data(plan_file, today)
    if options.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from cfos_tui.report import progress_bar

    plan, playbook = plan_file.plan, plan_file.playbook
    overall = data["overall"]
    print(
        visible(
            f"{plan.project}: {overall['done']}/{overall['total']} complete "
            f"({overall['percent']}%) · playbook {playbook.id} {playbook.version} · {today}"
        )
    )
    note = _newer_playbook_note(plan_file)
    if note:
        print(visible(f"Note: {note}"))
    width = max(len(visible(phase.title)) for phase in playbook.phases)
    for phase in playbook.phases:
        count = data["phases"][phase.id]
        print(
            f"  {visible(phase.title):<{width}}  {count['done']:>3}/{count['total']:<3} "
            f"{progress_bar(count['done'], count['total'])} {count['percent']:>3}%"
        )
    overdue = data["overdue"]
    print(f"\nOverdue ({len(overdue)})" + (":" if overdue else ": none"))
    for item_id in overdue:
        spec = playbook.item(item_id)
        state = plan.items[item_id]
        owner = f" · {state.owner}" if state.owner else ""
        print(visible(f"  {item_id}  due {state.due}{owner}  {spec.title if spec else ''}"))
    reminders = data["due_reminders"]
    print(f"\nReminders due ({len(reminders)})" + (":" if reminders else ": none"))
    for reminder_id in reminders:
        reminder = plan.reminders[reminder_id]
        last = f"last done {reminder.last_done}" if reminder.last_done else "never done"
        print(visible(f"  {reminder_id}  {reminder.habit} ({reminder.cadence}, {last})"))
    return 0


def cmd_check(args: list[str]) -> int:
    parser = _parser("check", "Validate plan files; exit 0 when every one is valid.")
    parser.add_argument("plan", type=Path, nargs="+")
    options = parser.parse_args(args)
    failed = []
    for path in options.plan:
        try:
            _check_one(path)
        except CfosError as error:
            if len(options.plan) == 1:
                raise
            _error(str(error))
            failed.append(error.exit_code)
    return max(failed, default=0)


def _check_one(path: Path) -> None:
    plan_file = _load(path)
    if plan_file.read_only:
        raise UsageError(f"{plan_file.path}: {plan_file.read_only}")
    advice = plan_file.advice()
    if advice:
        raise UsageError("\n".join(advice))
    from cfos_tui.plan import progress

    numbers = progress(plan_file.plan, plan_file.playbook).overall
    print(
        visible(
            f"{plan_file.path}: valid · {numbers.done}/{numbers.total} items complete · "
            f"playbook {plan_file.playbook.id} {plan_file.playbook.version}"
        )
    )
    note = _newer_playbook_note(plan_file)
    if note:
        print(visible(f"note: {note}"))


def _newer_playbook_note(plan_file) -> str:
    """A sentence saying that a newer version of the plan's playbook is known, or ""."""
    playbook = plan_file.playbook
    if not playbook.upgradable:
        return ""
    return (
        f"version {playbook.newest} of playbook {playbook.id} is available (this plan follows "
        f"{playbook.version}): `cfos-plan upgrade {plan_file.path}` adds what it brings"
    )


def cmd_upgrade(args: list[str]) -> int:
    parser = _parser(
        "upgrade",
        "Move a plan to the newest version of its playbook: new steps and items arrive as "
        "todo; nothing the team wrote changes.",
    )
    parser.add_argument("plan", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="list what would be added; change nothing")
    options = parser.parse_args(args)
    from cfos_tui.store import plan_lock
    from cfos_tui.upgrade import plan_upgrade

    if not options.plan.is_file():
        _load(options.plan)
    if options.dry_run:
        plan_file = _load(options.plan)
        _print_upgrade(plan_file, plan_upgrade(plan_file.plan, plan_file.playbook), dry_run=True)
        return 0
    with plan_lock(options.plan):
        plan_file = _load(options.plan)
        if plan_file.read_only:
            raise Refused(f"{plan_file.path}: {plan_file.read_only}; nothing was written")
        from cfos_tui.session import PlanSession

        session = PlanSession(plan_file)
        upgrade = session.upgrade()
        if upgrade.needed:
            session.save(merge=True)
    committed()
    _print_upgrade(plan_file, upgrade, dry_run=False)
    return 0


def _print_upgrade(plan_file, upgrade, *, dry_run: bool) -> None:
    playbook = plan_file.playbook
    if not upgrade.needed:
        print(
            visible(
                f"{plan_file.path}: already on version {upgrade.old} of playbook {playbook.id}, "
                "the newest; nothing to do"
            )
        )
        return
    verb = "would move" if dry_run else "moved"
    print(
        visible(
            f"{plan_file.path}: {verb} from version {upgrade.old} to {upgrade.new} of playbook "
            f"{playbook.id}: {upgrade.summary()}"
        )
    )
    for step in upgrade.steps:
        print(visible(f"  new step      {step.id}  {step.title}"))
    for step, spec in upgrade.fields:
        print(visible(f"  new question  {step.id} → {spec.id}  {spec.label}"))
    for item in upgrade.items:
        print(visible(f"  new item      {item.id} ({item.importance})  {item.title}"))
    for seed in upgrade.reminders:
        print(visible(f"  new reminder  {seed.id}  {seed.habit}"))
    for item in upgrade.retired:
        print(visible(f"  retired       {item.id}  {item.title} (its state is kept)"))
    if dry_run:
        print("nothing was changed (--dry-run)")


def cmd_mark(args: list[str]) -> int:
    from cfos_tui.plan import STATUSES

    parser = _parser("mark", "Update one checklist item (for scripts and CI).")
    parser.add_argument("plan", type=Path)
    parser.add_argument("item", help="the checklist item's id, e.g. license-file")
    parser.add_argument("status", help=f"one of: {', '.join(STATUSES)}")
    parser.add_argument("--owner", help="who takes care of it ('' to clear)")
    parser.add_argument("--due", help="due date YYYY-MM-DD ('' to clear)")
    parser.add_argument("--note", help="a note; required with n/a unless the item has one")
    parser.add_argument("--evidence", help="a URL or path that shows it is done")
    options = parser.parse_args(args)

    from cfos_tui.store import plan_lock

    # The lock covers the whole read, change and write: two `mark` runs at once each
    # see the other's change. An editor that takes no lock is merged with on save.
    if not options.plan.is_file():
        _load(options.plan)  # says what is wrong with the path, before any lock file is made
    with plan_lock(options.plan):
        plan_file = _load(options.plan)
        before, saved = _mark(plan_file, options)
    committed()
    change = f"{before} → {plan_file.plan.items[options.item].status}"
    if before == plan_file.plan.items[options.item].status:
        change = before
    print(visible(f"{options.item}: {change}" + ("" if saved else " (no change)")))
    return 0


def _mark(plan_file, options) -> tuple[str, bool]:
    """Apply `mark`'s options to the loaded plan and save; the status before, and
    whether anything was written."""
    from cfos_tui.clock import parse_date
    from cfos_tui.plan import STATUSES

    playbook = plan_file.playbook
    if playbook.item(options.item) is None:
        close = difflib.get_close_matches(options.item, [i.id for i in playbook.items], n=3, cutoff=0.5)
        listing = f"`cfos-plan status {options.plan} --items` lists them"
        hint = f"; did you mean {', '.join(close)}?" if close else f"; {listing}"
        raise UsageError(f"{plan_file.path}: unknown checklist item {options.item!r}{hint}")
    status = {"na": "n/a", "n-a": "n/a", "none": "n/a"}.get(options.status.lower(), options.status.lower())
    if status not in STATUSES:
        close = difflib.get_close_matches(status, STATUSES, n=2, cutoff=0.4)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UsageError(f"unknown status {options.status!r}: {hint}use one of {', '.join(STATUSES)}")
    from cfos_tui.session import KEEP, PlanSession

    session = PlanSession(plan_file)
    state = session.item(options.item)
    before = state.status
    due = KEEP
    if options.due is not None:
        due = parse_date(options.due, "--due") if options.due.strip() else None
    note = state.note if options.note is None else options.note
    if status == "n/a" and not note.strip():
        raise UsageError(f'{options.item}: n/a needs a reason: add --note "why it does not apply"')
    session.update_item(
        options.item,
        status=status,
        due=due,
        note=note,
        owner=KEEP if options.owner is None else options.owner.strip(),
        evidence=KEEP if options.evidence is None else options.evidence.strip(),
    )
    return before, session.save(merge=True)


def cmd_list(args: list[str]) -> int:
    parser = _parser("list", "List the plans known on this machine.")
    parser.parse_args(args)
    from cfos_tui import locations, parsed
    from cfos_tui.plan import progress

    folder = locations.data_dir()
    print(f"Recent plans are remembered in {locations.recent_file()}")
    print(f"New plans without a path go to {folder}")
    print(f"Plans the workbook opened are kept parsed in {parsed.folder()}")
    paths = [entry.path for entry in locations.recent_plans()]
    if folder.is_dir():
        paths += sorted(p.resolve() for p in folder.glob("*.toml") if p.resolve() not in paths)
    if not paths:
        print("\nNo plans yet. Create one with `cfos-plan new PLAN.toml --project NAME`.")
        return 0
    print()
    for path in paths:
        try:
            plan_file = _load(path)
        except CfosError as error:
            first = str(error).splitlines()[0]
            print(visible(f"  {path}  (cannot be read: {first.removeprefix(str(path) + ':').strip()})"))
            continue
        numbers = progress(plan_file.plan, plan_file.playbook).overall
        print(
            visible(
                f"  {path}  {plan_file.plan.project} · {numbers.done}/{numbers.total} ({numbers.percent}%)"
            )
        )
    return 0


def cmd_merge(args: list[str]) -> int:
    parser = _parser(
        "merge",
        "Three-way merge of plan files, as git's merge driver: writes the result into OURS. "
        "Exit 0 when clean, 1 with conflicts (marked in OURS), 2 on bad input.",
    )
    parser.add_argument("base", type=Path, help="the common ancestor (git's %%O)")
    parser.add_argument("ours", type=Path, help="our version, which receives the result (git's %%A)")
    parser.add_argument("theirs", type=Path, help="their version (git's %%B)")
    parser.add_argument("name", nargs="?", help="the plan's path in the repository, for messages (git's %%P)")
    options = parser.parse_args(args)
    from cfos_tui.mergefile import merge_files

    conflicts = merge_files(options.base, options.ours, options.theirs)
    committed()
    if not conflicts:
        return 0
    name = options.name or options.ours
    print(visible(f"{name}: {len(conflicts)} field(s) changed both ways:"), file=sys.stderr)
    for conflict in conflicts:
        print(visible(f"  {conflict.where}"), file=sys.stderr)
    return 1


def cmd_git_setup(args: list[str]) -> int:
    parser = _parser(
        "git-setup", "Register cfos-plan as git's merge driver for a plan kept in a git repository."
    )
    parser.add_argument("plan", type=Path)
    options = parser.parse_args(args)
    from cfos_tui.gitsetup import git_setup

    lines = git_setup(options.plan)
    committed()
    for line in lines:
        print(visible(line))
    return 0


def cmd_files(args: list[str]) -> int:
    from cfos_tui.files_command import run

    return run(args)


def cmd_audit(args: list[str]) -> int:
    from cfos_tui.audit_command import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
