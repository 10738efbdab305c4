"""``cfos-plan audit``: evidence, license, history metrics and the maintainers roster
from a checkout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cfos_tui.errors import CfosError


class AuditInputError(CfosError):
    """Bad input to the audit (exit 2)."""


def run(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cfos-plan audit",
        description="Look at a checkout of the project: community files, license, contributor concentration.",
    )
    parser.add_argument("repo", type=Path, help="a local checkout of the project")
    parser.add_argument("--plan", type=Path, help="the plan to compare with (and to update with --apply)")
    parser.add_argument("--apply", action="store_true", help="write the proposals and a metrics snapshot")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--since", help="only history from this date (YYYY-MM-DD)")
    parser.add_argument("--include-bots", action="store_true", help="count commits by bots too")
    parser.add_argument(
        "--org-defaults", type=Path, help="a checkout of the organisation's .github repository"
    )
    parser.add_argument("--today", help="the date recorded with --apply (YYYY-MM-DD)")
    options = parser.parse_args(args)
    if options.apply and options.plan is None:
        raise AuditInputError("--apply needs --plan PLAN.toml: the plan to write the findings to")

    from cfos_tui.audit import AuditError, run_audit
    from cfos_tui.audit.apply import evidence_patterns
    from cfos_tui.audit.roster import plan_members
    from cfos_tui.cli import committed
    from cfos_tui.clock import today

    plan_file = None
    if options.plan is not None:
        from cfos_tui import store

        plan_file = store.load(options.plan)
        if options.apply and plan_file.read_only:
            raise store.PlanRefused(f"{plan_file.path}: {plan_file.read_only}; nothing was written")
        playbook = plan_file.playbook
    else:
        from cfos_tui.playbook import builtin_playbook

        playbook = builtin_playbook()
    day = today(options.today)
    try:
        result = run_audit(
            options.repo,
            evidence_patterns(playbook),
            affiliations=plan_file.plan.affiliations if plan_file else None,
            since=options.since,
            include_bots=options.include_bots,
            org_defaults=options.org_defaults,
            statuses={item: state.status for item, state in plan_file.plan.items.items()}
            if plan_file
            else None,
            plan_people=plan_members(plan_file.plan) if plan_file else None,
        )
    except AuditError as error:
        raise AuditInputError(str(error)) from None

    if options.json:
        print(result.to_json())
        if result.metrics is None and result.metrics_reason:
            print(f"cfos-plan: no history metrics: {result.metrics_reason}", file=sys.stderr)
    else:
        from rich.console import Console

        from cfos_tui.audit.summary import render_summary

        Console(highlight=False).print(render_summary(result))
    if options.apply and plan_file is not None:
        from cfos_tui.session import PlanSession

        session = PlanSession(plan_file)
        accepted = [p.item for p in result.proposals if session.accept(p)]
        session.record_audit(result, day)
        session.save(merge=True)  # someone may have edited the plan while the audit ran
        committed()
        print(
            f"{plan_file.path}: {len(accepted)} item(s) marked done from evidence"
            + (f" ({', '.join(accepted)})" if accepted else "")
            + "; audit snapshot and metrics recorded",
            file=sys.stderr,
        )
    return 0
