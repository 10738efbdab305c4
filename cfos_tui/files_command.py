"""``cfos-plan files``: the community files made from the plan's decisions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cfos_tui.visible import visible

STATE_WORDS = {
    "new": "new",
    "changed": "changed",
    "unchanged": "unchanged",
    "blocked": "blocked",
    "drift": "edited by hand",
    "unmanaged": "not ours",
}


def run(args: list[str]) -> int:
    from cfos_tui.community.files import FILES

    names = ", ".join(f.name for f in FILES)
    parser = argparse.ArgumentParser(
        prog="cfos-plan files",
        description="Make the community files (code of conduct, governance, contributing, security, "
        "maintainers, support, issue forms and templates) from the plan's decisions. Without "
        "--write it shows what would change.",
    )
    parser.add_argument("plan", type=Path)
    parser.add_argument(
        "--checkout", type=Path, help="the project's checkout (default: the plan's, or its git work tree)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the new and changed files")
    mode.add_argument(
        "--check", action="store_true", help="exit 1 when a generated file is missing or out of date"
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help=f"only these files ({names})")
    parser.add_argument(
        "--force",
        action="store_true",
        help="also replace files edited by hand or not made by cfos-plan (kept beside)",
    )
    options = parser.parse_args(args)

    from cfos_tui import store
    from cfos_tui.cli import UsageError, committed
    from cfos_tui.community.files import file_named
    from cfos_tui.community.sync import find_checkout, states, write

    for name in options.only or []:
        if file_named(name) is None:
            raise UsageError(f"--only {name!r}: no such community file (one of {names})")
    plan_file = store.load(options.plan)
    checkout = find_checkout(plan_file.path, plan_file.plan, options.checkout)
    found = states(plan_file.plan, plan_file.playbook, plan_file.path, checkout, options.only)
    if not found:
        print(
            "None of the files named applies to this plan: the RFD form is made when proposals are "
            "issues, the RFD template when they are files (Governance → Where is a proposal written?)."
        )
        return 0

    if options.check:
        return _check(found, checkout, options.plan)
    if not options.write:
        _show(found, checkout)
        return 0
    refused = 0
    for state in found:
        if state.state == "unchanged":
            continue
        if state.state == "blocked":
            print(visible(f"{state.path}: not written: needs {_needs(state)}"))
            continue
        if state.state in ("drift", "unmanaged") and not options.force:
            refused += 1
            why = (
                "its generated part was edited by hand"
                if state.state == "drift"
                else "it was not made by cfos-plan"
            )
            print(visible(f"{state.path}: not written: {why} (--force replaces it)"), file=sys.stderr)
            continue
        said = write(state, checkout, force=options.force)  # FilesError: the files before it stay written
        committed()
        print(visible(f"{state.path}: {said}"))
    for state in found:
        for note in state.notes:
            print(visible(f"note: {state.path}: {note}"), file=sys.stderr)
    return 1 if refused else 0


def _needs(state) -> str:
    return "; ".join(str(need) for need in state.needs)


def _show(found, checkout: Path) -> None:
    width = max(len(state.path) for state in found)
    print(visible(f"Community files in {checkout}:"))
    for state in found:
        line = f"  {state.path:<{width}}  {STATE_WORDS[state.state]}"
        if state.state == "blocked":
            line += f": needs {_needs(state)}"
        print(visible(line))
    for state in found:
        for note in state.notes:
            print(visible(f"note: {state.path}: {note}"))
    for state in found:
        if state.state in ("new", "changed", "drift", "unmanaged"):
            print()
            print(visible(state.diff()), end="")
    if any(state.writable for state in found):
        print("\nNothing was written: add --write to write the new and changed files.")


def _check(found, checkout: Path, plan: Path) -> int:
    stale = [state for state in found if state.state in ("new", "changed", "drift")]
    for state in stale:
        what = {"new": "missing", "changed": "out of date", "drift": "edited by hand inside its markers"}
        print(visible(f"{state.path}: {what[state.state]}"))
    for state in found:
        if state.state == "unmanaged":
            print(visible(f"{state.path}: not made by cfos-plan (left alone; --force replaces it)"))
        elif state.state == "blocked":
            print(visible(f"{state.path}: not generated yet: needs {_needs(state)}"))
    made = [state for state in found if state.state == "unchanged"]
    if stale:
        fix = f"`cfos-plan files {plan} --write`"
        if any(state.state == "drift" for state in stale):
            fix += " (with --force for a file edited by hand)"
        print(visible(f"{len(stale)} community file(s) differ from the plan: run {fix}"))
        return 1
    if made:
        print(visible(f"{len(made)} community file(s) in {checkout} agree with the plan."))
    else:
        print(visible(f"No community file in {checkout} is made from the plan yet."))
    return 0
