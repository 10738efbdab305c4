"""The Markdown transition report: a pure function of a plan, its playbook and a date.

``render_report`` turns what a team decided and tracked into GitHub-flavoured
Markdown that reads well on its own: a summary, every phase and step with its
answers and checklist, what is overdue and next, the habit reminders, the decision
log and the review trend.

Every piece of text that comes from a plan or a playbook goes through one of the
``escape_*`` helpers, so that no answer can open a heading, a list, a code span,
raw HTML or an extra table column. The only markup in the output is ours. The
output depends on nothing but the arguments: the same plan and date give the same
bytes.
"""

from __future__ import annotations

from datetime import date

from cfos_tui.kinds import kind_of
from cfos_tui.markdown import (
    bullets,
    day,
    escape_block,
    escape_cell,
    escape_inline,
    is_empty,
    link,
    table,
)
from cfos_tui.plan import (
    AuditSnapshot,
    ItemState,
    Plan,
    Reminder,
    next_items,
    overdue_items,
    percent,
    progress,
)
from cfos_tui.playbook import ItemSpec, Playbook, StepSpec

__all__ = ["escape_block", "escape_cell", "escape_inline", "progress_bar", "render_report"]

BAR_WIDTH = 10
STATUS_WORDS = {"todo": "to do", "doing": "doing", "done": "done", "n/a": "n/a"}


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar such as ``▓▓▓░░░░░░░``, rounded down like the percentages."""
    filled = (width * done) // total if total > 0 else 0
    filled = max(0, min(width, filled))
    return "▓" * filled + "░" * (width - filled)


def _count(done: int, total: int) -> str:
    return f"{done}/{total} ({percent(done, total)}%)"


# --- answers --------------------------------------------------------------------


def _answer_blocks(plan: Plan, step: StepSpec) -> list[str]:
    """Every answered field of a step in playbook order; blocks with headings of their
    own (records with a section each) go last, so no answer falls under their heading."""
    flat: list[str] = []
    sectioned: list[str] = []
    for spec in step.fields:
        kind = kind_of(spec)
        blocks = kind.report(spec, plan.answer(step.id, spec.id))
        if kind.report_has_headings(spec):
            sectioned += blocks
        else:
            flat += blocks
    return flat + sectioned


# --- checklist ------------------------------------------------------------------


def _state(plan: Plan, item: ItemSpec) -> ItemState:
    return plan.items.get(item.id) or ItemState()


def _status(state: ItemState) -> str:
    return STATUS_WORDS.get(state.status, escape_cell(state.status))


def _due(state: ItemState, today: date) -> str:
    if state.due is None:
        return ""
    late = not state.complete and isinstance(state.due, date) and state.due < today
    return day(state.due) + (" **(overdue)**" if late else "")


def _checklist(plan: Plan, step: StepSpec, today: date) -> str:
    """The step's items as a table; note and evidence columns only when some item has one."""
    states = [(item, _state(plan, item)) for item in step.items]
    with_note = any(not is_empty(state.note) for _, state in states)
    with_evidence = any(not is_empty(state.evidence) for _, state in states)
    header = ["Item", "Importance", "Status", "Owner", "Due"]
    header += ["Note"] * with_note + ["Evidence"] * with_evidence
    rows = []
    for item, state in states:
        row = [
            escape_cell(item.title),
            escape_cell(f"retired ({item.retired})" if item.retired else item.importance),
            _status(state),
            escape_cell(state.owner),
            _due(state, today),
        ]
        if with_note:
            row.append(escape_cell(state.note))
        if with_evidence:
            row.append(link(state.evidence) if not is_empty(state.evidence) else "")
        rows.append(row)
    return table(header, rows)


# --- reminders ------------------------------------------------------------------


def _next_date(reminder: Reminder, today: date) -> date | None:
    """When a reminder is next due, or None when its cadence is not one we know."""
    return reminder.next_date(today)


def _due_reminder_ids(plan: Plan, today: date) -> list[str]:
    """Like ``plan.due_reminders``, except that a reminder with a cadence this version
    does not know (a read-only plan from a newer one) is left out instead of failing."""
    return [
        reminder_id
        for reminder_id, reminder in plan.reminders.items()
        if (when := _next_date(reminder, today)) is not None and when <= today
    ]


def _reminders_blocks(plan: Plan, today: date) -> list[str]:
    if not plan.reminders:
        return ["No habit reminders are scheduled."]
    header = ["Habit", "Audience", "Cadence", "Channel", "Owner", "Last done", "Next"]
    rows = []
    for reminder in plan.reminders.values():
        when = _next_date(reminder, today)
        if when is None:
            next_cell = "unknown cadence"
        elif when <= today:
            next_cell = f"**{when.isoformat()} (due)**"
        else:
            next_cell = when.isoformat()
        rows.append(
            [
                escape_cell(reminder.habit),
                escape_cell(reminder.audience),
                escape_cell(reminder.cadence),
                escape_cell(reminder.channel),
                escape_cell(reminder.owner),
                day(reminder.last_done) if reminder.last_done is not None else "never",
                next_cell,
            ]
        )
    return [table(header, rows)]


# --- the report -----------------------------------------------------------------


def render_report(plan: Plan, playbook: Playbook, today: date) -> str:
    """The whole transition report as GitHub-flavoured Markdown.

    ``today`` is the report's date and decides what is overdue or due; the clock is
    never read. When the plan holds an applied audit, "Where the project stands"
    follows the summary.
    """
    numbers = progress(plan, playbook)
    overdue = overdue_items(plan, playbook, today)
    due_reminders = _due_reminder_ids(plan, today)
    blocks: list[str] = [f"# {escape_inline(plan.project) or 'Untitled project'}: community transition plan"]

    about = [f"Report generated on {today.isoformat()}"]
    if isinstance(plan.created, date):
        about.append(f"plan started on {plan.created.isoformat()}")
    about.append(
        f"playbook {escape_inline(playbook.title)} ({escape_inline(playbook.id)}, "
        f"version {escape_inline(playbook.version)})"
    )
    sentence = "; ".join(about) + "."
    if plan.playbook_version != playbook.version or plan.playbook_id != playbook.id:
        sentence += (
            f" The plan was started with {escape_inline(plan.playbook_id)}, "
            f"version {escape_inline(plan.playbook_version)}."
        )
    blocks.append(sentence)

    overall = numbers.overall
    blocks += [
        "## Summary",
        f"**Overall progress:** {overall.done} of {overall.total} items complete "
        f"({overall.percent}%) {progress_bar(overall.done, overall.total)}",
        table(
            ["Phase", "Complete", "Progress"],
            [
                [
                    escape_cell(phase.title),
                    _count(numbers.phases[phase.id].done, numbers.phases[phase.id].total),
                    progress_bar(numbers.phases[phase.id].done, numbers.phases[phase.id].total),
                ]
                for phase in playbook.phases
            ],
            align="lr",
        ),
        f"**Overdue items:** {len(overdue)}\\\n**Reminders due:** {len(due_reminders)}\\\n"
        f"**Team:** {', '.join(escape_inline(m) for m in plan.team if not is_empty(m)) or 'not named yet'}",
    ]
    if plan.audit is not None:
        blocks += _where_the_project_stands(plan.audit, playbook)

    for phase in playbook.phases:
        count = numbers.phases[phase.id]
        blocks.append(f"## {escape_inline(phase.title)}")
        if phase.summary.strip():
            blocks.append(escape_block(phase.summary))
        blocks.append(f"Progress: {_count(count.done, count.total)} {progress_bar(count.done, count.total)}")
        for step in phase.steps:
            blocks.append(f"### {escape_inline(step.title)}")
            if step.summary.strip():
                blocks.append(escape_block(step.summary))
            answers = _answer_blocks(plan, step)
            if answers:
                blocks += answers
            elif step.fields:
                blocks.append("*Nothing decided yet.*")
            if step.items:
                step_count = numbers.steps[step.id]
                blocks += [
                    f"#### Checklist ({step_count.done}/{step_count.total})",
                    _checklist(plan, step, today),
                ]

    blocks += _attention_blocks(plan, playbook, today, overdue)
    blocks += ["## Habit reminders", *_reminders_blocks(plan, today)]
    blocks += ["## Decision log", *_decisions_blocks(plan)]
    blocks += ["## Review trend", *_reviews_blocks(plan, playbook)]
    return "\n\n".join(blocks) + "\n"


def _where_the_project_stands(audit: AuditSnapshot, playbook: Playbook) -> list[str]:
    """What the latest applied audit of the checkout found: community files, the
    license, how concentrated the contributors are, and the per-quarter trend."""

    def title(item_id: str) -> str:
        item = playbook.item(item_id)
        return escape_cell(item.title if item else item_id)

    head = f" at commit {escape_inline(audit.head[:12])}" if audit.head else ""
    blocks = ["## Where the project stands", f"From the repository audit of {day(audit.date)}{head}."]
    if audit.license:
        where = f" (in {escape_inline(audit.license_file)})" if audit.license_file else ""
        blocks.append(f"**License:** {escape_inline(audit.license)}{where}")
    else:
        blocks.append("**License:** not recognised from the checkout's files")
    rows = [[title(item), "found", escape_cell(", ".join(paths))] for item, paths in audit.found.items()]
    rows += [[title(item), "missing", ""] for item in audit.missing]
    if rows:
        blocks.append(table(["Community file", "In the checkout", "Where"], rows))
    partial = " (partial history: a shallow clone)" if audit.partial else ""
    blocks.append(
        f"**Commits:** {audit.commits}\\\n**Contributors:** {audit.contributors}\\\n"
        f"**Bus factor:** {audit.bus_factor} (fewest people who made half of the commits)\\\n"
        f"**Elephant factor:** {audit.elephant_factor} (fewest organisations that made half of "
        f"the commits){partial}"
    )
    if audit.organizations:
        blocks.append(
            table(
                ["Organisation", "Share of commits"],
                [[escape_cell(name), f"{share:.0%}"] for name, share in audit.organizations.items()],
                align="lr",
            )
        )
    if audit.quarters:
        blocks.append(
            table(
                ["Quarter", "Commits", "Contributors", "First-time", "Top organisation's share"],
                [
                    [
                        escape_cell(quarter),
                        str(q.commits),
                        str(q.contributors),
                        str(q.new_contributors),
                        f"{q.top_org_share:.0%}",
                    ]
                    for quarter, q in sorted(audit.quarters.items())
                ],
                align="lrrrr",
            )
        )
    blocks += _roster_blocks(audit)
    return blocks


def _roster_blocks(audit: AuditSnapshot) -> list[str]:
    """Who is listed as maintaining the project against who committed in the year up
    to the audit's newest commit."""
    if audit.roster_until is None:
        return []
    window = f"in the twelve months to {day(audit.roster_until)}"
    if not audit.maintainers:
        blocks = ["**Maintainers:** nobody is listed (MAINTAINERS, CODEOWNERS or the plan's teams)."]
    else:
        organisations = len(audit.maintainer_organisations)
        blocks = [
            f"**Maintainers:** {len(audit.maintainers)} listed, from {organisations} "
            f"organisation{'s' if organisations != 1 else ''}; commits {window}:",
            table(
                ["Maintainer", "Commits"],
                [[escape_cell(name), str(count)] for name, count in audit.maintainers.items()],
                align="lr",
            ),
        ]
        if audit.inactive:
            names = ", ".join(escape_inline(name) for name in audit.inactive)
            blocks.append(f"**Listed, with no commit {window}:** {names}")
    if audit.unlisted_active:
        names = ", ".join(f"{escape_inline(name)} ({count})" for name, count in audit.unlisted_active.items())
        blocks.append(f"**Made most of the commits {window}, not listed:** {names}")
    return blocks


def _item_line(plan: Plan, playbook: Playbook, item_id: str, today: date) -> str:
    """One bullet naming an item, its step, importance, owner and due date."""
    item = playbook.item(item_id)
    if item is None:
        return escape_inline(item_id)
    state = _state(plan, item)
    step = playbook.step(item.step)
    details = [escape_inline(item.importance)]
    if state.due is not None:
        details.append(f"due {day(state.due)}")
        if isinstance(state.due, date) and not state.complete and state.due < today:
            late = (today - state.due).days
            details.append(f"{late} day{'s' * (late != 1)} late")
    if not is_empty(state.owner):
        details.append(f"owner {escape_inline(state.owner, breaks='<br>')}")
    else:
        details.append("no owner yet")
    where = f" ({escape_inline(step.title)})" if step is not None else ""
    return f"**{escape_inline(item.title)}**{where}: {', '.join(details)}"


def _attention_blocks(plan: Plan, playbook: Playbook, today: date, overdue: list[str]) -> list[str]:
    blocks = ["## Overdue"]
    if overdue:
        blocks.append(bullets(_item_line(plan, playbook, item_id, today) for item_id in overdue))
    else:
        blocks.append("Nothing is overdue.")
    upcoming = next_items(plan, playbook)
    blocks.append("## Next up")
    if upcoming:
        blocks.append(bullets(_item_line(plan, playbook, item_id, today) for item_id in upcoming))
    else:
        blocks.append("Every checklist item is complete.")
    return blocks


def _decisions_blocks(plan: Plan) -> list[str]:
    """The decision log by date; decisions of the same day keep the plan's order."""
    if not plan.decisions:
        return ["No decisions are logged yet."]
    decisions = sorted(plan.decisions.values(), key=lambda decision: day(decision.date))
    rows = [
        [
            day(decision.date),
            escape_cell(decision.title),
            link(decision.link) if not is_empty(decision.link) else "",
            escape_cell(decision.who),
        ]
        for decision in decisions
    ]
    return [table(["Date", "Decision", "Link", "Who"], rows)]


def _reviews_blocks(plan: Plan, playbook: Playbook) -> list[str]:
    """Each logged review's numbers, oldest first, with per-phase counts."""
    if not plan.reviews:
        return ["No reviews are logged yet."]
    reviews = sorted(plan.reviews.values(), key=lambda review: day(review.date))
    with_note = any(not is_empty(review.note) for review in reviews)
    header = ["Date", "Complete", "Progress", *(escape_cell(phase.title) for phase in playbook.phases)]
    header += ["Note"] * with_note
    rows = []
    for review in reviews:
        row = [day(review.date), _count(review.done, review.total), progress_bar(review.done, review.total)]
        for phase in playbook.phases:
            pair = review.phases.get(phase.id)
            row.append(f"{pair[0]}/{pair[1]}" if pair else "")
        if with_note:
            row.append(escape_cell(review.note))
        rows.append(row)
    blocks = [table(header, rows, align="lrl" + "r" * len(playbook.phases))]
    audited = [review for review in reviews if review.metrics]
    if audited:
        names = [
            ("commits", "Commits"),
            ("contributors", "Contributors"),
            ("bus_factor", "Bus factor"),
            ("elephant_factor", "Elephant factor"),
            ("top_org_share", "Top organisation's share"),
        ]
        metric_rows = [
            [day(review.date)]
            + [
                (f"{value:.0%}" if key == "top_org_share" else str(value))
                if isinstance(value := review.metrics.get(key), int | float)
                else ""
                for key, _ in names
            ]
            for review in audited
        ]
        blocks += [
            "Community health at each audit:",
            table(["Date", *(label for _, label in names)], metric_rows, align="lrrrrr"),
        ]
    return blocks
