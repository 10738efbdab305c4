"""The Markdown transition report: a pure function of a plan, its playbook and a date.

``render_report`` turns what a team decided and tracked into GitHub-flavoured
Markdown that reads well on its own: a table of contents, a summary, every phase and
step with its answers and checklist, what is overdue and next, the habit reminders,
the decision log and the review trend. (The community's page, made from the same
plan for newcomers, is :mod:`cfos_tui.community.page`.)

Every piece of text that comes from a plan or a playbook goes through one of the
``escape_*`` helpers, so that no answer can open a heading, a list, a code span,
raw HTML or an extra table column; :func:`plain_punctuation` then puts back the
``&``, ``<`` and ``>`` that need no entity where they stand. The only markup in the
output is ours, every heading has an anchor of its own, and choice answers read as
words (:func:`option_label`), not option ids. The output depends on nothing but the
arguments: the same plan and date give the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

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
from cfos_tui.playbook import FieldSpec, ItemSpec, Playbook, StepSpec

__all__ = [
    "Heading",
    "escape_block",
    "escape_cell",
    "escape_inline",
    "github_anchor",
    "option_label",
    "plain_punctuation",
    "progress_bar",
    "render_report",
    "unique_headings",
]

BAR_WIDTH = 10
STATUS_WORDS = {"todo": "to do", "doing": "doing", "done": "done", "n/a": "n/a"}


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar such as ``▓▓▓░░░░░░░``, rounded down like the percentages."""
    filled = (width * done) // total if total > 0 else 0
    filled = max(0, min(width, filled))
    return "▓" * filled + "░" * (width - filled)


def _count(done: int, total: int) -> str:
    return f"{done}/{total} ({percent(done, total)}%)"


# --- choice answers in words ------------------------------------------------------

ARCHETYPES = {
    "single-vendor": "Single-vendor (one company does and decides nearly everything)",
    "vendor-led": "Vendor-led (one company leads; others contribute)",
    "multi-vendor": "Multi-vendor (several companies share the work and the decisions)",
    "foundation-hosted": "Foundation-hosted (a neutral foundation holds the project)",
    "community-led": "Community-led (the community decides, whoever employs its members)",
}
EVERY = {"weekly": "Every week", "biweekly": "Every other week", "monthly": "Every month"}

OPTION_LABELS: dict[tuple[str, ...], dict[str, str]] = {
    ("personas", "personas", "group"): {"operators": "Operators", "users": "Users", "other": "Other"},
    ("vision", "current-archetype"): ARCHETYPES,
    ("vision", "target-archetype"): ARCHETYPES,
    ("license", "contributor-terms"): {
        "none": "No sign-off and no agreement",
        "dco": "A sign-off on every commit under the Developer Certificate of Origin (DCO)",
        "cla": "A contributor license agreement (CLA), signed once",
    },
    ("legal-home", "home-kind"): {
        "fiscal-sponsor": "A fiscal sponsor",
        "foundation": "A foundation",
        "own-entity": "A legal entity of its own",
        "none-for-now": "None for now",
    },
    ("brand", "name-decision"): {"keep": "Keep the name", "rename": "Rename"},
    ("security-response", "team", "can-release"): {"yes": "Yes", "no": "No"},
    ("security-response", "channel"): {
        "github-private-reporting": "GitHub private vulnerability reporting",
        "email": "Email",
        "both": "GitHub private vulnerability reporting, or email",
        "other": "Another private channel",
    },
    ("communication", "meeting-cadence"): {**EVERY, "none": "No regular meeting"},
    ("governance", "decision-model"): {
        "do-ocracy": "Do-ocracy (those who do the work decide)",
        "lazy-consensus": "Lazy consensus",
        "consent": "Consent",
        "voting": "Voting",
        "steering-council": "A steering council",
        "bdfl": "One person with the final say (BDFL)",
    },
    ("governance", "proposals-as"): {"issues": "As issues", "files": "As files in a repository"},
    ("roadmap", "versioning"): {
        "semver": "Semantic versioning (SemVer)",
        "calver": "Calendar versioning (CalVer)",
        "other": "Another scheme",
    },
    ("maintainers", "maintainers", "status"): {"active": "Active", "emeritus": "Emeritus"},
    ("review", "review-cadence"): {
        "monthly": "Every month",
        "quarterly": "Every quarter",
        "twice-a-year": "Twice a year",
    },
    ("review", "metrics", "metric"): {
        "contributor-absence-factor": "Contributor absence factor",
        "elephant-factor": "Elephant factor",
        "new-contributors": "New contributors",
        "time-to-first-response": "Time to first response",
        "organizational-diversity": "Organisational diversity",
        "other": "Another metric",
    },
}
"""Plain words for the options of the built-in playbook's choice questions, by step,
field and (for a records column) column id."""


def option_label(value: Any, step: str, field: str, column: str = "") -> Any:
    """The words that stand for a choice answer; a value without words (another
    playbook's option, a hand edit) is returned as it is."""
    labels = OPTION_LABELS.get((step, field, column) if column else (step, field), {})
    return labels.get(value, value) if isinstance(value, str) else value


def _in_words(step: str, spec: FieldSpec, value: Any) -> Any:
    """An answer with its choice values, records' choice columns included, as words."""
    if spec.kind == "choice":
        return option_label(value, step, spec.id)
    choices = [column.id for column in spec.columns if column.kind == "choice"]
    if not choices or not isinstance(value, dict):
        return value
    return {
        record_id: (
            {
                key: option_label(cell, step, spec.id, key) if key in choices else cell
                for key, cell in record.items()
            }
            if isinstance(record, dict)
            else record
        )
        for record_id, record in value.items()
    }


# --- headings and their anchors ---------------------------------------------------

_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_DECODE = re.compile(r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


@dataclass(frozen=True)
class Heading:
    """One heading of a document: its level, its Markdown text and its anchor."""

    level: int
    text: str
    anchor: str


def heading_words(markdown: str) -> str:
    """The text a reader sees for a heading's Markdown (ours: escapes and entities only)."""

    def decode(match: re.Match[str]) -> str:
        if match[1] is not None:
            return match[1]
        reference = match[2]
        if reference[0] != "#":
            from html.entities import html5  # only for a heading that holds a named entity

            return html5.get(reference + ";", match[0])
        code = int(reference[2:], 16) if reference[1] in "xX" else int(reference[1:])
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _DECODE.sub(decode, markdown)


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a heading that reads ``text``: lower case, every
    character that is not a letter, a mark, a digit, ``_``, a space or ``-`` dropped,
    spaces as hyphens (the first duplicate then gets ``-1``, the next ``-2``)."""
    lower = text.lower()
    if lower.isascii():
        return _NOT_IN_ASCII_ANCHOR.sub("", lower).replace(" ", "-")
    kept = (char for char in lower if char in " -" or unicodedata.category(char) in _ANCHOR_CATEGORIES)
    return "".join(kept).replace(" ", "-")


_NOT_IN_ASCII_ANCHOR = re.compile(r"[^a-z0-9_ -]")
_ANCHOR_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc"}


def unique_headings(blocks: list[str]) -> list[Heading]:
    """Make every heading in ``blocks`` (Markdown blocks, changed in place) read
    differently enough to have an anchor of its own: a heading whose anchor is taken
    gets " (2)", " (3)"… Returns the headings in order."""
    taken: set[str] = set()
    found: list[Heading] = []
    for index, block in enumerate(blocks):
        if not block.startswith("#") and "\n#" not in block:
            continue
        lines = block.split("\n")
        for number, line in enumerate(lines):
            match = _HEADING.match(line)
            if match is None:
                continue
            text = match[2]
            anchor = github_anchor(heading_words(text))
            copy = 1
            while anchor in taken:
                copy += 1
                text = f"{match[2]} ({copy})"
                anchor = github_anchor(heading_words(text))
            taken.add(anchor)
            lines[number] = f"{match[1]} {text}"
            found.append(Heading(len(match[1]), text, anchor))
        blocks[index] = "\n".join(lines)
    return found


def contents(headings: list[Heading], level: int = 2) -> str:
    """A bulleted table of contents: a link to each heading of ``level``."""
    return bullets(f"[{h.text}](#{h.anchor})" for h in headings if h.level == level)


# --- entities only where Markdown needs them ----------------------------------------

_ESCAPED = re.compile(r"&(amp|lt|gt);")
_ENTITY_AHEAD = re.compile(r"#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};")
_BLOCK_START = re.compile(r"^ *(?:(?:[-+*]|[0-9]{1,9}[.)]) +)*$")


def plain_punctuation(markdown: str) -> str:
    """``markdown`` with the ``&``, ``<`` and ``>`` of user text written as themselves
    wherever they cannot start an entity, a tag, an autolink or a quote.

    The escaping helpers write every one of them as an entity, which is safe but
    reads as ``Q&amp;A`` and ``-&gt;`` in the file. Kept as entities: an ``&`` that
    the next characters would turn into an entity (``&amp;copy;``), a ``<`` followed
    by anything but a space or the line's end (a tag, a comment, an autolink), and a
    ``>`` that opens a line, alone or after a list marker (a block quote). Every other
    ``>`` is plain text, since no ``<`` before it can open anything. Our own markup
    holds no entity but the ``&#8288;`` that stops mentions, which this leaves alone.
    """

    return "\n".join(_plain_line(line) for line in markdown.split("\n"))


def _plain_line(line: str) -> str:
    def plain(match: re.Match[str]) -> str:
        after = line[match.end() : match.end() + 40]
        if match[1] == "amp":
            return match[0] if _ENTITY_AHEAD.match(after) else "&"
        if match[1] == "lt":
            return "<" if after[:1] in ("", " ") else match[0]
        return match[0] if _BLOCK_START.match(line[: match.start()]) else ">"

    return _ESCAPED.sub(plain, line) if "&" in line else line


# --- answers --------------------------------------------------------------------


def _answer_blocks(plan: Plan, step: StepSpec) -> list[str]:
    """Every answered field of a step in playbook order; blocks with headings of their
    own (records with a section each) go last, so no answer falls under their heading."""
    flat: list[str] = []
    sectioned: list[str] = []
    for spec in step.fields:
        kind = kind_of(spec)
        blocks = kind.report(spec, _in_words(step.id, spec, plan.answer(step.id, spec.id)))
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
    follows the summary. A list of the sections, linked, comes before them all.
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
    blocks.append(f"## {CONTENTS}")
    contents_at = len(blocks)

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
        blocks += _where_the_project_stands(plan, plan.audit, playbook)

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
                    f"#### Checklist: {escape_inline(step.title)} ({step_count.done}/{step_count.total})",
                    _checklist(plan, step, today),
                ]

    blocks += _attention_blocks(plan, playbook, today, overdue)
    blocks += [f"## {REMINDER_SCHEDULE}", *_reminders_blocks(plan, today)]
    blocks += ["## Decision log", *_decisions_blocks(plan)]
    blocks += ["## Review trend", *_reviews_blocks(plan, playbook)]
    headings = unique_headings(blocks)
    listed = [h for h in headings if h.level == 2 and h.text != CONTENTS]
    blocks.insert(contents_at, contents(listed))
    return plain_punctuation("\n\n".join(blocks)) + "\n"


CONTENTS = "Contents"
REMINDER_SCHEDULE = "Reminder schedule"
"""The section of every habit reminder and its next date (the step that sets them up
is called "Habit reminders")."""


def _where_the_project_stands(plan: Plan, audit: AuditSnapshot, playbook: Playbook) -> list[str]:
    """What the latest applied audit of the checkout found: community files, the
    license, how concentrated the contributors are, and the per-quarter trend.

    A file the audit did not find is only that: the checklist has the last word, so an
    item it marks done or n/a is said to be so, and a file GitHub could take from the
    organisation's ``.github`` repository comes with a warning that no clone shows it."""

    def title(item_id: str) -> str:
        item = playbook.item(item_id)
        return escape_cell(item.title if item else item_id)

    def not_found(item_id: str) -> str:
        item = playbook.item(item_id)
        state = plan.items.get(item_id) or ItemState()
        if state.status in ("done", "n/a"):
            return f"{STATUS_WORDS[state.status]} in the checklist"
        if item is not None and _org_default(item):
            unseen.append(item_id)
            return "not in the checkout; may be an organisation default"
        return "no file found"

    unseen: list[str] = []

    head = f" at commit {escape_inline(audit.head[:12])}" if audit.head else ""
    blocks = ["## Where the project stands", f"From the repository audit of {day(audit.date)}{head}."]
    if audit.license:
        where = f" (in {escape_inline(audit.license_file)})" if audit.license_file else ""
        blocks.append(f"**License:** {escape_inline(audit.license)}{where}")
    else:
        blocks.append("**License:** not recognised from the checkout's files")
    rows = [[title(item), "found", escape_cell(", ".join(paths))] for item, paths in audit.found.items()]
    rows += [[title(item), not_found(item), _checklist_evidence(plan, item)] for item in audit.missing]
    if rows:
        blocks.append(table(["Community file", "In the checkout", "Where"], rows))
        blocks.append(
            "A file the audit did not find is not proof that the work is missing: some "
            "items (a review, a process kept in issues) leave no file of their own, and each "
            "step's checklist, below, says where they stand."
        )
    from cfos_tui.audit.files import ORG_DEFAULTS_PREFIX

    looked_at_defaults = any(
        path.startswith(ORG_DEFAULTS_PREFIX) for paths in audit.found.values() for path in paths
    )
    if unseen and not looked_at_defaults:
        blocks.append(
            "**Organisation defaults:** when a repository has no code of conduct, contributing "
            "guide, security policy, support file or issue and pull request templates of its "
            "own, GitHub shows those of the organisation's .github repository, which a clone of "
            "the project does not contain. Before taking these as missing, audit again with "
            "--org-defaults and a checkout of that repository: "
            f"{', '.join(title(item) for item in unseen)}."
        )
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


def _checklist_evidence(plan: Plan, item_id: str) -> str:
    """The evidence the checklist gives for a complete item, as a cell ("" for none)."""
    state = plan.items.get(item_id) or ItemState()
    return link(state.evidence) if state.complete and not is_empty(state.evidence) else ""


def _org_default(item: ItemSpec) -> bool:
    """Whether GitHub could take the item's file from the organisation's ``.github``
    repository (its default community health files), where a clone cannot see it."""
    from cfos_tui.audit import ORG_DEFAULT_STEMS

    patterns = " ".join(item.evidence).lower()
    return item.id != "coc-contact" and any(stem in patterns for stem in ORG_DEFAULT_STEMS)


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


NEXT_UP = 5
"""How many open items "Next up" names, besides those already overdue."""


def _attention_blocks(plan: Plan, playbook: Playbook, today: date, overdue: list[str]) -> list[str]:
    """What is overdue, then what comes next among the rest (never an item twice)."""
    blocks = ["## Overdue"]
    if overdue:
        blocks.append(bullets(_item_line(plan, playbook, item_id, today) for item_id in overdue))
    else:
        blocks.append("Nothing is overdue.")
    late = set(overdue)
    candidates = next_items(plan, playbook, limit=len(late) + NEXT_UP)
    upcoming = [item_id for item_id in candidates if item_id not in late][:NEXT_UP]
    blocks.append("## Next up")
    if upcoming:
        blocks.append(bullets(_item_line(plan, playbook, item_id, today) for item_id in upcoming))
    elif overdue:
        blocks.append("Every other checklist item is complete.")
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
