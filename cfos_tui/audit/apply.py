"""From an audit to the plan: accept proposals and keep a dated snapshot.

The command line applies every proposal at once (``audit --apply``); the workbook
accepts or rejects them one by one. Either way the plan gains the latest audit
snapshot (for the report's "Where the project stands") and a review carrying the
day's metrics (for the trend across audits).
"""

from __future__ import annotations

from datetime import date

from cfos_tui.audit import AuditResult, Proposal
from cfos_tui.plan import AuditSnapshot, Plan, QuarterSnapshot, record_review
from cfos_tui.playbook import Playbook


def evidence_patterns(playbook: Playbook) -> dict[str, list[str]]:
    """Item id → evidence patterns, for every item a repository can prove."""
    return {item.id: list(item.evidence) for item in playbook.items if item.evidence}


def accept(plan: Plan, proposal: Proposal) -> bool:
    """Mark a proposed item done with its evidence (and its note, when the item has
    none yet); never touch an item already decided."""
    state = plan.items.get(proposal.item)
    if state is None or state.status != "todo":
        return False
    state.status = proposal.status
    if not state.evidence:
        state.evidence = proposal.evidence
    if proposal.note and not state.note:
        state.note = proposal.note
    return True


def snapshot(result: AuditResult, today: date) -> AuditSnapshot:
    """The plan's record of an audit: what was found, the license, the metrics."""
    metrics = result.metrics
    roster = result.roster
    return AuditSnapshot(
        date=today,
        head=result.head or "",
        license=result.license.spdx or "",
        license_file=result.license.file or "",
        found={item: list(paths) for item, paths in result.files.items()},
        missing=list(result.missing),
        commits=metrics.commits if metrics else 0,
        contributors=metrics.contributors if metrics else 0,
        bus_factor=metrics.bus_factor if metrics else 0,
        elephant_factor=metrics.elephant_factor if metrics else 0,
        partial=bool(metrics and metrics.partial),
        organizations=dict(metrics.top_organizations) if metrics else {},
        quarters={
            q.quarter: QuarterSnapshot(q.commits, q.contributors, q.new_contributors, q.top_org_share)
            for q in (metrics.quarters if metrics else [])
        },
        roster_until=roster.window_end if roster else None,
        maintainers={person.label: person.commits_12m for person in roster.listed} if roster else {},
        inactive=[person.label for person in roster.inactive] if roster else [],
        unlisted_active={person.label: person.commits_12m for person in roster.unlisted_active}
        if roster
        else {},
        maintainer_organisations=dict(roster.organisations) if roster else {},
    )


def record_audit(plan: Plan, playbook: Playbook, result: AuditResult, today: date) -> str:
    """Store the audit snapshot and add a review with the day's numbers; return its id."""
    plan.audit = snapshot(result, today)
    review_id = record_review(plan, playbook, today, note="audit")
    metrics = result.metrics
    if metrics is not None:
        top_share = metrics.top_organizations[0][1] if metrics.top_organizations else 0.0
        plan.reviews[review_id].metrics = {
            "commits": metrics.commits,
            "contributors": metrics.contributors,
            "bus_factor": metrics.bus_factor,
            "elephant_factor": metrics.elephant_factor,
            "top_org_share": top_share,
        }
    return review_id
