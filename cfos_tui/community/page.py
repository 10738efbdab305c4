"""The community's page: what someone new to the project reads first, made from the plan.

``render_community_page`` is ``cfos-plan export --audience community``. It opens with
what the project is and a "Start here" block (where to ask, how to report a bug, a
first issue, the community meeting, how to report a conduct or a security problem),
then who's who, how decisions are made, the stewardship statement, how to get
involved, where help is wanted and a short glossary.

It is a page for the public, not for the team: no progress, nothing overdue, no
owners of open work, no business goals, and personas only once the team has
published them. Only what the team agreed is shown (records still marked as
suggestions are left out), and a section without answers is left out whole. User
text is escaped with :mod:`cfos_tui.community.text`, so that it stays literal and
pings nobody; choice answers read as words. Like the team's report, it depends on
nothing but the plan, its playbook and the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from cfos_tui.community.answers import Answers, first_url
from cfos_tui.community.text import md, md_block, md_link, no_mentions
from cfos_tui.community.words import CADENCE, DECISION_MODELS
from cfos_tui.markdown import day, escape_cell, is_empty, table
from cfos_tui.plan import ItemState, Plan
from cfos_tui.playbook import Playbook
from cfos_tui.report import option_label, plain_punctuation, unique_headings

__all__ = ["GLOSSARY", "render_community_page"]

RECENT_DECISIONS = 5
"""How many decisions of the log the page names, newest first."""

TERMS = {
    "none": "Nothing beyond the project's license: there is no sign-off to add and no agreement to sign.",
    "dco": "You sign off each commit (git commit -s) under the Developer Certificate of Origin (DCO).",
    "cla": "You sign a contributor license agreement (CLA) once, before your first change is merged.",
}
"""What a contributor agrees to, by the license step's contributor terms."""


GLOSSARY = {
    "BDFL": "Benevolent dictator for life: one person, often the founder, who has the final say.",
    "CLA": "Contributor license agreement: a document a contributor signs before a first "
    "change is accepted, setting out the rights they grant the project.",
    "Consent": "A way of deciding in which a proposal goes ahead unless someone raises a "
    "reasoned objection. It is not a vote, and not everyone has to like the proposal.",
    "CVE": "An identifier from the public catalogue of known vulnerabilities (Common "
    "Vulnerabilities and Exposures).",
    "DCO": "Developer Certificate of Origin: a short statement that you have the right to "
    "submit your change, given by adding a sign-off line to each commit.",
    "Do-ocracy": "A way of deciding in which the people who do the work decide how it is done.",
    "Emeritus": "A maintainer or team member who has stepped back and keeps the credit for past work.",
    "Fiscal sponsor": "A non-profit organisation that holds money, and sometimes a name or "
    "accounts, on behalf of a project, so that no single company has to.",
    "Good first issue": "An issue chosen because it is small and explained well enough for "
    "a first contribution.",
    "Lazy consensus": "A way of deciding in which a proposal goes ahead when nobody objects "
    "within a stated time: silence counts as agreement.",
    "Maintainer": "Someone who reviews and merges changes and looks after part of the project.",
    "Pull request": "A proposed change to a repository, reviewed and discussed before it is merged.",
    "RFD": "Request for discussion: a written proposal for a larger change, open for "
    "comments before it is decided.",
    "Security advisory": "A public notice that describes a vulnerability, the versions it "
    "affects and how to fix it.",
    "Special interest group": "A group of contributors who look after one area of the "
    "project, such as the docs or the design.",
    "Steering council": "A small elected group that takes the decisions others cannot settle.",
    "Triage": "Sorting new issues and pull requests: labelling them, asking for missing "
    "details and bringing them to the right people.",
}
"""Terms the page may use, in plain words; the page lists the first four always and
the others when it uses them."""
ALWAYS_EXPLAINED = ("RFD", "DCO", "Consent", "Lazy consensus")


def render_community_page(plan: Plan, playbook: Playbook, today: date) -> str:
    """The community's page as GitHub-flavoured Markdown."""
    a = Answers(plan, playbook)
    project = md(plan.project) or "the project"
    blocks = [f"# Welcome to {project}"]
    vision = a.text("vision", "vision")
    if vision:
        blocks.append(md_block(vision))
    body = [
        *_start_here(a),
        *_about(a),
        *_personas(a),
        *_whos_who(a),
        *_decisions(a),
        *_stewardship(a),
        *_getting_involved(a),
        *_help_wanted(a),
    ]
    if body:
        blocks += [*body, *_glossary("\n".join(body))]
        blocks.append(
            f"*This page is made from the project's transition plan, as it stood on {today.isoformat()}.*"
        )
    unique_headings(blocks)
    return plain_punctuation("\n\n".join(blocks)) + "\n"


# --- pieces ----------------------------------------------------------------------


def _contact(text: str) -> str:
    """A link when the answer is a web address and nothing else, else the answer as text."""
    stripped = text.strip()
    return md_link(stripped, stripped) if first_url(stripped) == stripped else md(stripped)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(no_mentions(escape_cell(entry)) for entry in value if not is_empty(entry))
    return no_mentions(escape_cell(day(value) if isinstance(value, date) else value))


def _list(entries: Iterable[str], indent: str = "") -> str:
    return "\n".join(f"{indent}- {entry}" for entry in entries)


def _labelled(label: str, value: str) -> str:
    return f"**{label}:** {value}"


def _paragraphs(label: str, text: str) -> list[str]:
    """A bold label, then the answer's paragraphs; nothing when there is no answer."""
    return [f"**{label}**", md_block(text)] if text else []


def _line(label: str, text: str) -> list[str]:
    """``**Label:** answer`` on one line; nothing when there is no answer."""
    return [_labelled(label, md(text))] if text else []


def _bulleted(label: str, entries: list[str]) -> list[str]:
    return [f"**{label}**", _list(md(entry) for entry in entries)] if entries else []


def _section(heading: str, *parts: list[str]) -> list[str]:
    """A section, or nothing at all when none of its parts has anything in it."""
    body = [block for part in parts for block in part if block]
    return [heading, *body] if body else []


def _names(records: list[dict[str, Any]], column: str = "name") -> list[str]:
    return [str(record[column]).strip() for record in records if not is_empty(record.get(column))]


# --- start here ------------------------------------------------------------------


def _start_here(a: Answers) -> list[str]:
    lines: list[str] = []
    ask = a.text("communication", "questions-channel")
    if ask:
        lines.append(f"- **Ask a question:** {_contact(ask)}. Asking in public helps the next person too.")
    code = a.text("repository", "code-location")
    if code:
        form = next((entry for entry in a.items("repository", "templates") if "bug" in entry.lower()), "")
        with_form = f", with the {md(form)} form" if form else ""
        lines.append(f"- **Report a bug:** open an issue in {_contact(code)}{with_form}.")
    label = a.text("contributor-paths", "newcomer-issues")
    if label:
        where = f" in {_contact(code)}" if code else ""
        lines.append(f"- **Find a first issue:** look for issues labelled “{md(label)}”{where}.")
    contacts = a.items("conduct", "reporting-contacts")
    if len(contacts) == 1:
        lines.append(f"- **Report a conduct problem:** {_contact(contacts[0])}")
    elif contacts:
        lines.append("- **Report a conduct problem** in any of these ways:")
        lines.append(_list((_contact(contact) for contact in contacts), indent="  "))
    lines += _security(a)
    lines += _meeting(a)  # last: the longest, and the one a first visit needs least
    return ["## Start here", "\n".join(lines)] if lines else []


def _meeting(a: Answers) -> list[str]:
    cadence = a.text("communication", "meeting-cadence")
    when = a.text("communication", "meeting-time")
    if cadence == "none" or not (cadence or when):
        return []
    if when:  # the time as the team wrote it says how often, in its own words
        lines = [f"- **Come to the community meeting:** {md(when)}. Everyone is welcome."]
    else:
        lines = [
            f"- **Come to the community meeting** ({CADENCE.get(cadence, md(cadence))}): everyone is welcome."
        ]
    for label, field in (("Agenda", "agenda"), ("Notes", "meeting-notes-location")):
        value = a.text("communication", field)
        if value:
            lines.append(f"  - {_labelled(label, _contact(value))}")
    return lines


def _security(a: Answers) -> list[str]:
    channel = a.text("security-response", "channel")
    address = a.text("security-response", "address")
    if not (channel or address):
        return []
    how = md(option_label(channel, "security-response", "channel")) if channel else ""
    where = _contact(address) if address else ""
    said = f"{how} ({where})" if how and where else how or where
    return [f"- **Report a security problem** privately, never in a public issue: {said}."]


# --- what the project is -----------------------------------------------------------


def _about(a: Answers) -> list[str]:
    values = []
    for record in a.records("values", "values"):
        name, meaning = md(record.get("value") or ""), md(record.get("meaning") or "")
        if name:
            values.append(f"**{name}**" + (f": {meaning}" if meaning else ""))
    return _section(
        "## About the project",
        _paragraphs("Who it is for", a.text("vision", "target-group")),
        _bulleted("What it helps with", a.items("vision", "needs")),
        _bulleted("What it offers", a.items("vision", "product")),
        _bulleted("What the community is aiming for", a.items("vision", "community-goals")),
        ["**What we value**", _list(values)] if values else [],
        _website(a),
        _line("Roadmap", a.text("roadmap", "roadmap-location")),
    )


def _website(a: Answers) -> list[str]:
    website = a.text("brand", "website")
    return [_labelled("Website", _contact(website))] if website else []


def _personas(a: Answers) -> list[str]:
    """The personas, once the team has published them (and only then)."""
    state = a.plan.items.get("personas-published") or ItemState()
    if state.status != "done":
        return []
    entries = []
    for record in a.records("personas", "personas"):
        name = md(record.get("name") or "")
        if not name:
            continue
        group = option_label(record.get("group"), "personas", "personas", "group")
        details = [md(group) if isinstance(group, str) else "", md(record.get("role") or "")]
        said = " · ".join(detail for detail in details if detail)
        entries.append(f"**{name}**" + (f": {said}" if said else ""))
    return ["## The people we build for", _list(entries)] if entries else []


# --- who's who -------------------------------------------------------------------


def _whos_who(a: Answers) -> list[str]:
    return _section("## Who's who", _teams(a), _maintainers(a), _committee(a), _security_team(a))


def _teams(a: Answers) -> list[str]:
    blocks: list[str] = []
    for team in a.records("governance", "teams"):
        name = md(team.get("name") or "")
        if not name:
            continue
        purpose = md(team.get("purpose") or "")
        blocks.append(f"**{name}**" + (f": {purpose}" if purpose else ""))
        members = team.get("members")
        names = members if isinstance(members, list) else [str(members or "")]
        details = []
        if any(not is_empty(member) for member in names):
            details.append(_labelled("Members", ", ".join(md(m) for m in names if not is_empty(m))))
        if not is_empty(team.get("how-to-join")):
            details.append(_labelled("How to join", md(team["how-to-join"])))
        if details:
            blocks.append(_list(details))
    return ["### Teams", *blocks] if blocks else []


def _maintainers(a: Answers) -> list[str]:
    people = [
        person for person in a.records("maintainers", "maintainers") if not is_empty(person.get("name"))
    ]
    active = [person for person in people if person.get("status") != "emeritus"]
    emeritus = [person for person in people if person.get("status") == "emeritus"]
    blocks: list[str] = []
    if active:
        with_handle = any(not is_empty(person.get("handle")) for person in active)
        header = ["Name", *(["GitHub"] if with_handle else []), "Affiliation", "Area"]
        rows = [
            [
                _cell(person.get("name")),
                *([_cell(str(person.get("handle") or "").strip())] if with_handle else []),
                _cell(person.get("affiliation") or ""),
                _cell(person.get("area") or ""),
            ]
            for person in active
        ]
        blocks.append(table(header, rows))
    if emeritus:
        blocks.append(_labelled("Emeritus", ", ".join(md(name) for name in _names(emeritus))))
    if blocks:
        blocks += _line("Where the list is kept", a.text("maintainers", "maintainers-list-location"))
    return ["### Maintainers", *blocks] if blocks else []


def _committee(a: Answers) -> list[str]:
    members = [member for member in a.records("conduct", "committee") if not is_empty(member.get("name"))]
    if not members:
        return []
    rows = [
        [_cell(m.get("name")), _cell(m.get("role") or ""), _cell(m.get("contact") or "")] for m in members
    ]
    base = a.text("conduct", "base")
    return [
        "### Code of conduct committee",
        "These people receive and handle reports under the project's code of conduct.",
        table(["Name", "Role", "Contact"], rows),
        *_line("The code of conduct is based on", base),
        *_line("How quickly a report is acknowledged", a.text("conduct", "response-time")),
        *_paragraphs("When someone's safety is at risk", a.text("conduct", "urgent-path")),
        *_paragraphs("When a report involves a committee member", a.text("conduct", "escalation")),
    ]


def _security_team(a: Answers) -> list[str]:
    members = [m for m in a.records("security-response", "team") if not is_empty(m.get("name"))]
    if not members:
        return []
    rows = [[_cell(m.get("name")), _cell(m.get("affiliation") or "")] for m in members]
    return [
        "### Security response team",
        "These people read private vulnerability reports and publish the fixes.",
        table(["Name", "Affiliation"], rows),
        *_line("How quickly a report is acknowledged", a.text("security-response", "acknowledgement")),
    ]


# --- how decisions are made ----------------------------------------------------------


def _decisions(a: Answers) -> list[str]:
    model = a.text("governance", "decision-model")
    sentence = DECISION_MODELS.get(model, f"Decisions are taken by: {md(model)}.") if model else ""
    return _section(
        "## How decisions are made",
        [sentence],
        _line("Where decisions are discussed", a.text("communication", "decisions-channel")),
        _line("Where the people who decide are listed", a.text("governance", "decision-makers-location")),
        _paragraphs("How a larger proposal (RFD) becomes a decision", a.text("governance", "rfd-process")),
        _paragraphs("Voting rules", a.text("governance", "voting-rules")),
        _paragraphs("Decisions taken at a meeting", a.text("communication", "async-confirmation")),
        _paragraphs("Appeals", a.text("governance", "appeals")),
        _recent_decisions(a),
    )


def _recent_decisions(a: Answers) -> list[str]:
    decisions = [d for d in a.plan.decisions.values() if not is_empty(d.title)]
    decisions.sort(key=lambda decision: day(decision.date), reverse=True)
    entries = []
    for decision in decisions[:RECENT_DECISIONS]:
        link = str(decision.link or "").strip()
        said = md_link(decision.title, link) if link else md(decision.title)
        entries.append(f"{day(decision.date)}: {no_mentions(said)}")
    return ["### Recent decisions", _list(entries)] if entries else []


# --- stewardship -----------------------------------------------------------------


def _stewardship(a: Answers) -> list[str]:
    today_kind = option_label(a.text("vision", "current-archetype"), "vision", "current-archetype")
    target_kind = option_label(a.text("vision", "target-archetype"), "vision", "target-archetype")
    return _section(
        "## Stewardship",
        _line("Where the project stands today", today_kind),
        _line("Where it is heading", target_kind),
        _section(
            "### Who funds the project",
            _paragraphs("Today", a.text("vision", "funded-by")),
            _paragraphs("What the sponsor commits in people", a.text("sponsor-role", "people")),
            _paragraphs("Money and support in kind", a.text("sponsor-role", "funding")),
            _commitment(a),
            _line("Notice before the sponsor reduces its support", a.text("sponsor-role", "notice-period")),
            _paragraphs("No veto", a.text("sponsor-role", "no-veto")),
            _paragraphs("The sponsor's employees", a.text("sponsor-role", "employees-as-individuals")),
            _line("Seats one employer may hold", a.text("sponsor-role", "seat-cap")),
            _paragraphs("How funding is disclosed", a.text("sponsor-role", "funding-disclosure")),
        ),
        _section(
            "### Who holds the name and the accounts",
            _paragraphs("Today", a.text("vision", "name-held-by")),
            _assets(a),
            _paragraphs("Who sets the roadmap today", a.text("vision", "roadmap-driven-by")),
        ),
        _section("### A neutral legal home", _legal_home(a)),
        _section(
            "### What is still private, and until when",
            [md_block(a.text("communication", "private-channels-plan"))],
        ),
    )


def _commitment(a: Answers) -> list[str]:
    until = a.value("sponsor-role", "committed-until")
    return [_labelled("The sponsor's commitment holds at least until", day(until))] if until else []


def _assets(a: Answers) -> list[str]:
    rows = [
        [
            _cell(asset.get("asset") or ""),
            _cell(asset.get("holder-now") or ""),
            _cell(asset.get("future-holders") or ""),
            _cell(asset.get("transfer-date") or ""),
        ]
        for asset in a.records("assets", "register")
        if not is_empty(asset.get("asset"))
    ]
    return [table(["Asset", "Held by now", "Will be held by", "Transfer date"], rows)] if rows else []


def _legal_home(a: Answers) -> list[str]:
    kind = a.text("legal-home", "home-kind")
    name = a.text("legal-home", "home-name")
    blocks: list[str] = []
    if name:
        blocks.append(_labelled("The project's legal home", md(name)))
    if kind == "none-for-now" and not name:
        blocks.append("The project has no legal home of its own for now.")
    elif kind:
        blocks.append(_labelled("Kind of home", md(option_label(kind, "legal-home", "home-kind"))))
    blocks += _bulleted("Homes considered", a.items("legal-home", "candidates"))
    blocks += _bulleted("What moves there", a.items("legal-home", "moves"))
    until = a.value("legal-home", "revisit-or-complete-by")
    if until:
        blocks.append(_labelled("The move is complete, or the choice made again, by", day(until)))
    return blocks


# --- getting involved and where help is wanted ----------------------------------------


def _getting_involved(a: Answers) -> list[str]:
    terms = a.text("license", "contributor-terms")
    agreed = TERMS.get(terms, md(option_label(terms, "license", "contributor-terms"))) if terms else ""
    return _section(
        "## Getting involved",
        _bulleted("Ways to contribute", a.items("contributor-paths", "ways-to-contribute")),
        _line("Setting up a development environment", a.text("contributor-paths", "dev-setup-docs")),
        [_labelled("What you agree to when you contribute", agreed)] if agreed else [],
        _paragraphs("Starting as a triager", a.text("contributor-paths", "triage-role")),
        _paragraphs("Mentoring", a.text("contributor-paths", "mentoring")),
        _paragraphs("How a first reply is promised", a.text("contributor-paths", "response-targets")),
        _paragraphs("How contributions are recognised", a.text("contributor-paths", "recognition")),
        _paragraphs("A voice for contributions that are not code", a.text("governance", "non-code-paths")),
        _bulleted("The community's ladder", a.items("contributor-paths", "community-ladder")),
        _paragraphs("Becoming a maintainer", a.text("maintainers", "nominations")),
    )


HELP_STEPS = ("personas", "brand", "repository", "communication", "roadmap", "contributor-paths")
"""The steps whose open work someone from the community can pick up; the rest (the
legal home, the sponsor's commitments, the assets) is the team's to do."""
HELP_WANTED = 8
"""The most open items the page names."""


def _help_wanted(a: Answers) -> list[str]:
    """Open items nobody has taken on yet in the steps a newcomer can help with, by
    title only."""
    free = [
        item.title
        for item in a.playbook.counted_items
        if item.step in HELP_STEPS
        and not (state := a.plan.items.get(item.id) or ItemState()).complete
        and is_empty(state.owner)
    ]
    if not free:
        return []
    ask = a.text("communication", "questions-channel")
    invite = "Nobody has taken these on yet. "
    if ask:
        invite += f"To take one on, say so in {_contact(ask)}."
    else:
        invite += "To take one on, say so in an issue."
    shown = [md(title) for title in free[:HELP_WANTED]]
    if len(free) > HELP_WANTED:
        shown.append(f"… and {len(free) - HELP_WANTED} more")
    return ["## Where help is wanted", invite, _list(shown)]


# --- glossary -------------------------------------------------------------------------


def _glossary(page: str) -> list[str]:
    """The four terms every newcomer meets, and the others the page uses."""
    used = [term for term in GLOSSARY if term in ALWAYS_EXPLAINED or _uses(page, term)]
    return ["## Glossary", _list(f"**{term}:** {GLOSSARY[term]}" for term in sorted(used, key=str.lower))]


def _uses(page: str, term: str) -> bool:
    if term.isupper():
        return re.search(rf"\b{re.escape(term)}s?\b", page) is not None
    return re.search(rf"\b{re.escape(term.lower())}", page.lower()) is not None
