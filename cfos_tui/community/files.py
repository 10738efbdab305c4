"""The community files, each made from the plan's answers.

Every file is a function of :class:`Answers` that returns its text, or the answers it
still needs (:class:`Need`): a file is never written with a gap in it. The wording is
ours; user text goes through ``md``/``md_block`` (Markdown) or ``yaml_string`` (YAML)
so that it stays literal and pings nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cfos_tui.community.answers import Answers, Need, first_url
from cfos_tui.community.standards import recognise
from cfos_tui.community.text import md, md_block, md_link, no_mentions, yaml_string
from cfos_tui.community.words import CADENCE, DECISION_MODELS

__all__ = ["FILES", "Built", "CommunityFile", "build", "file_named"]


@dataclass(frozen=True)
class Built:
    """A file's text, or (``text`` None) the answers it still needs. ``notes`` are
    sentences for the person running the command."""

    text: str | None
    needs: tuple[Need, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommunityFile:
    name: str
    """What the file is called on the command line (``--only``) and in its markers."""
    path: str
    """Where it goes in the checkout."""
    kind: str  # "markdown" | "yaml"
    make: Callable[[Answers], Built]
    applies: Callable[[Answers], bool] = field(default=lambda answers: True)
    """Whether the plan wants this file at all (an RFD form only when proposals are issues)."""


def _lines(*parts: str | list[str] | None) -> str:
    """Paragraphs and blocks joined by blank lines; empty ones left out."""
    blocks: list[str] = []
    for part in parts:
        if isinstance(part, list):
            blocks.extend(p for p in part if p)
        elif part:
            blocks.append(part)
    return "\n\n".join(blocks) + "\n"


def _bullets(entries: list[str]) -> str:
    return "\n".join(f"- {md(entry)}" for entry in entries)


def _section(title: str, *body: str | None) -> list[str]:
    """A ``##`` section, or nothing when it has no body."""
    present = [b for b in body if b]
    return [f"## {title}", *present] if present else []


def _contact(text: str) -> str:
    """A contact as the plan gives it: a link when it is a web address, an email as a
    mailto link, else the text."""
    stripped = text.strip()
    if first_url(stripped) == stripped:
        return md_link(stripped, stripped)
    if "@" in stripped and " " not in stripped and "." in stripped.rsplit("@", 1)[-1]:
        return f"<{no_mentions(stripped)}>" if "<" not in stripped and ">" not in stripped else md(stripped)
    return md(stripped)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(md(v).replace("|", "\\|") for v in value if str(v).strip())
    return md(value).replace("|", "\\|") if value is not None else ""


# --- CODE_OF_CONDUCT.md -----------------------------------------------------------


def code_of_conduct(a: Answers) -> Built:
    needs = a.missing(("conduct", "base"), ("conduct", "reporting-contacts"), ("conduct", "committee"))
    needs += a.missing(("conduct", "process"))
    if needs:
        return Built(None, tuple(needs))
    standard = recognise(a.text("conduct", "base"))
    notes: list[str] = []
    if standard.known:
        adopted = f"{md(a.project)} follows the {md_link(standard.title, standard.url)}."
    else:
        named = md_link(standard.title, standard.url) if standard.url else md(standard.title)
        adopted = f"{md(a.project)}'s code of conduct is based on {named}."
        notes.append(
            f"the base {standard.title!r} is not a code of conduct cfos-plan knows by name and version: "
            "the file names it as the plan gives it"
            + ("" if standard.url else ", without a link (add its address to the answer)")
        )
    scope = (
        "It applies to everyone who takes part in the project — in issues, pull requests, "
        "chat, meetings and events — and to everyone who represents the project in public. "
        "This page adds how the project receives reports and how it acts on them."
    )
    contacts = _bullets(a.items("conduct", "reporting-contacts"))
    response = a.text("conduct", "response-time")
    reporting = _section(
        "Reporting a problem",
        "If you experience or see behaviour that breaks the code of conduct, or something "
        "that worries you, tell us through any of these:",
        contacts,
        f"**Acknowledgement:** {md(response)}" if response else None,
        "Reports are read only by the people below. You do not need to be sure that the "
        "code was broken to report something.",
    )
    urgent = _section("If someone is in danger now", md_block(a.text("conduct", "urgent-path")))
    committee_rows = [
        [_cell(r.get("name")), _cell(r.get("role")), _cell(r.get("contact"))]
        for r in a.records("conduct", "committee")
    ]
    committee = _section(
        "Who handles reports",
        "The code-of-conduct committee:",
        _table(["Name", "Role", "Contact"], committee_rows),
        md_block(a.text("conduct", "conflicts-of-interest")),
    )
    outcomes = a.items("conduct", "outcomes")
    process = _section(
        "What happens after a report",
        md_block(a.text("conduct", "process")),
        md_block(a.text("conduct", "reporter-first")),
        "The outcomes the committee can decide on, from the mildest:\n\n" + _bullets(outcomes)
        if outcomes
        else None,
    )
    records = _section("Records", md_block(a.text("conduct", "records")))
    escalation = _section(
        "When a committee member is involved",
        md_block(a.text("conduct", "escalation")),
        md_block(a.text("conduct", "handoff")),
    )
    text = _lines(
        "# Code of conduct", adopted, scope, reporting, urgent, committee, process, records, escalation
    )
    return Built(text, notes=tuple(notes))


# --- GOVERNANCE.md ----------------------------------------------------------------


def governance(a: Answers) -> Built:
    needs = a.missing(("governance", "decision-model"), ("governance", "teams"))
    if needs:
        return Built(None, tuple(needs))
    model = a.text("governance", "decision-model")
    model_text = DECISION_MODELS.get(model, f"Decisions are made by: {md(model)}.")
    where = a.text("governance", "decision-makers-location")
    decisions = _section(
        "How decisions are made",
        model_text,
        md_block(a.text("governance", "voting-rules")),
        f"**Where the decision-makers are listed:** {_contact(where)}" if where else None,
    )
    teams = ["## Teams"]
    for team in a.records("governance", "teams"):
        teams.append(f"### {md(team.get('name', ''))}")
        if team.get("purpose"):
            teams.append(md_block(team["purpose"]))
        members = team.get("members")
        names = members if isinstance(members, list) else [m.strip() for m in str(members or "").split(",")]
        names = [n for n in names if str(n).strip()]
        details = []
        if names:
            details.append(f"- **Members:** {', '.join(md(n) for n in names)}")
        if team.get("how-to-join"):
            details.append(f"- **How to join:** {md(team['how-to-join'])}")
        if details:
            teams.append("\n".join(details))
    proposals = _section(
        "Proposals",
        md_block(a.text("governance", "rfd-process")),
        "A proposal covers:\n\n" + _bullets(a.items("governance", "rfd-template-fields"))
        if a.items("governance", "rfd-template-fields")
        else None,
    )
    leadership = _section(
        "Choosing and replacing leaders",
        md_block(a.text("governance", "first-council")),
        md_block(a.text("governance", "elections")),
        f"**Terms:** {md(a.text('governance', 'terms'))}" if a.text("governance", "terms") else None,
        md_block(a.text("governance", "replacement")),
    )
    conflicts = _section("Conflicts of interest", md_block(a.text("governance", "conflicts-of-interest")))
    appeals = _section("Appeals", md_block(a.text("governance", "appeals")))
    sponsor = _section(
        "The sponsoring company",
        md_block(a.text("sponsor-role", "no-veto")),
        md_block(a.text("sponsor-role", "employees-as-individuals")),
        f"**Seats per employer:** {md(a.text('sponsor-role', 'seat-cap'))}"
        if a.text("sponsor-role", "seat-cap")
        else None,
        md_block(a.text("sponsor-role", "funding-disclosure")),
    )
    home_name = a.text("legal-home", "home-name")
    moves = a.items("legal-home", "moves")
    home = _section(
        "Legal home",
        f"The project's legal home is {md(home_name)}." if home_name else None,
        "What it holds for the project:\n\n" + _bullets(moves) if moves and home_name else None,
        md_block(a.text("legal-home", "ip-policy")) if home_name else None,
    )
    amendments = _section("Changing this document", md_block(a.text("governance", "amendments")))
    intro = (
        f"This document describes how {md(a.project)} is run: who decides, how, and how "
        "anyone can come to share in those decisions."
    )
    text = _lines(
        "# Governance",
        intro,
        decisions,
        teams,
        proposals,
        leadership,
        conflicts,
        appeals,
        sponsor,
        home,
        amendments,
    )
    return Built(text)


# --- CONTRIBUTING.md --------------------------------------------------------------

TERMS = {
    "dco": "Every commit needs a sign-off under the [Developer Certificate of Origin]"
    "(https://developercertificate.org/): add it with `git commit -s`. It states that you "
    "have the right to submit the change under the project's license.",
    "cla": "Before a first contribution can be merged, you sign the project's contributor "
    "license agreement; the check on your pull request says how.",
    "none": "Contributions are accepted under the project's license: what you submit is "
    "licensed to everyone on the same terms as the rest of the project. No sign-off or "
    "agreement is needed.",
}


def contributing(a: Answers) -> Built:
    needs = a.missing(
        ("contributor-paths", "ways-to-contribute"),
        ("communication", "questions-channel"),
        ("license", "contributor-terms"),
    )
    if needs:
        return Built(None, tuple(needs))
    ask = a.text("communication", "questions-channel")
    welcome = (
        f"Thank you for helping {md(a.project)}. Contributions of every kind are welcome, "
        "and you do not need to write code to make a difference."
    )
    ways = _section("Ways to contribute", _bullets(a.items("contributor-paths", "ways-to-contribute")))
    first = _section(
        "Before you start",
        "Before you spend time on a change, ask about it where questions go; someone can "
        f"point you to the right place. **Where to ask:** {_contact(ask)}",
        f"Issues labelled {md(a.text('contributor-paths', 'newcomer-issues'))} are picked "
        "for a first contribution: they have enough context to start."
        if a.text("contributor-paths", "newcomer-issues")
        else None,
        md_block(a.text("contributor-paths", "mentoring")),
    )
    setup = a.text("contributor-paths", "dev-setup-docs")
    development = _section(
        "Setting up a development environment",
        f"**How to set up everything you need:** {_contact(setup)}" if setup else None,
    )
    review = _section(
        "What happens to your contribution",
        md_block(a.text("contributor-paths", "response-targets")),
        TERMS.get(a.text("license", "contributor-terms")),
    )
    grow = _section(
        "Growing with the project",
        md_block(a.text("contributor-paths", "triage-role")),
        md_block(a.text("contributor-paths", "recognition")),
        md_block(a.text("maintainers", "ladder")),
    )
    conduct = (
        "Everyone who takes part follows the [code of conduct](CODE_OF_CONDUCT.md); how "
        "decisions are made is in [the governance document](GOVERNANCE.md)."
    )
    return Built(
        _lines(
            "# Contributing",
            welcome,
            ways,
            first,
            development,
            review,
            grow,
            "## Conduct and governance",
            conduct,
        )
    )


# --- SECURITY.md ------------------------------------------------------------------


def security(a: Answers) -> Built:
    needs = a.missing(("security-response", "team"), ("security-response", "channel"))
    channel = a.text("security-response", "channel")
    address = a.text("security-response", "address")
    if channel in ("email", "both", "other") and not address:
        needs.append(a.need("security-response", "address"))
    if needs:
        return Built(None, tuple(needs))
    ways = []
    if channel in ("github-private-reporting", "both"):
        ways.append(
            "Use GitHub's private vulnerability reporting: open the repository's **Security** "
            "tab and choose **Report a vulnerability**. The report stays private to the people "
            "who look after the repository's security."
        )
    if address:
        ways.append(f"**Report here:** {_contact(address)}")
    acknowledgement = a.text("security-response", "acknowledgement")
    reporting = _section(
        "Reporting a vulnerability",
        "Please do not report a vulnerability in a public issue, pull request or chat.",
        "\n".join(f"- {way}" for way in ways),
        f"**Acknowledgement:** {md(acknowledgement)}" if acknowledgement else None,
    )
    supported = _section("Supported versions", md_block(a.text("security-response", "supported-versions")))
    disclosure = _section("Disclosure", md_block(a.text("security-response", "disclosure")))
    advisories = _section("Advisories", md_block(a.text("security-response", "advisories")))
    credit = _section("Credit", md_block(a.text("security-response", "credit")))
    rows = [
        [_cell(r.get("name")), _cell(r.get("affiliation"))] for r in a.records("security-response", "team")
    ]
    team = _section("The security response team", _table(["Name", "Affiliation"], rows))
    return Built(_lines("# Security policy", reporting, supported, disclosure, advisories, credit, team))


# --- SUPPORT.md -------------------------------------------------------------------


def support(a: Answers) -> Built:
    needs = a.missing(("communication", "questions-channel"))
    if needs:
        return Built(None, tuple(needs))
    ask = a.text("communication", "questions-channel")
    chat = a.text("communication", "chat")
    help_ = _section(
        "Getting help",
        f"**Where to ask:** {_contact(ask)}",
        "Asking in public means the answer helps the next person too.",
        f"**Chat:** {_contact(chat)}" if chat else None,
        "To report a bug or ask for a feature, open an issue: the forms ask for what we need to help.",
    )
    cadence = a.text("communication", "meeting-cadence")
    meeting_lines = []
    if cadence and cadence != "none":
        when = a.text("communication", "meeting-time")
        meeting_lines.append(
            f"An open community meeting takes place {CADENCE.get(cadence, md(cadence))}, "
            "and everyone is welcome."
        )
        details = [f"- **When:** {md(when)}"] if when else []
        for label, field_id in (("Agenda", "agenda"), ("Notes", "meeting-notes-location")):
            value = a.text("communication", field_id)
            if value:
                details.append(f"- **{label}:** {_contact(value)}")
        meeting_lines.append("\n".join(details))
    meeting = _section("Community meeting", *meeting_lines)
    elsewhere = _section(
        "Reporting a conduct or security problem",
        "Conduct problems go to the people named in the [code of conduct](CODE_OF_CONDUCT.md); "
        "vulnerabilities are reported privately as the [security policy](SECURITY.md) says.",
    )
    return Built(_lines("# Support", help_, meeting, elsewhere))


# --- MAINTAINERS.md ---------------------------------------------------------------


_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


def _handle(person: dict[str, object]) -> str:
    """A record's GitHub handle, without ``@``, when it is one GitHub allows."""
    handle = str(person.get("handle") or "").strip().lstrip("@")
    return handle if _HANDLE.match(handle) else ""


def maintainers(a: Answers) -> Built:
    needs = a.missing(("maintainers", "maintainers"))
    if needs:
        return Built(None, tuple(needs))
    people = a.records("maintainers", "maintainers")
    active = [p for p in people if p.get("status", "active") != "emeritus"]
    emeritus = [p for p in people if p.get("status") == "emeritus"]

    with_handles = any(_handle(p) for p in people)

    def row(person: dict[str, object]) -> list[str]:
        cells = [_cell(person.get("name"))]
        if with_handles:
            handle = _handle(person)
            cells.append(md_link(handle, f"https://github.com/{handle}") if handle else "")
        return [*cells, _cell(person.get("affiliation")), _cell(person.get("area"))]

    header = ["Name", *(["GitHub"] if with_handles else []), "Affiliation", "Area"]
    intro = f"The people who maintain {md(a.project)}, with the organisation each works for."
    how = md_block(a.text("maintainers", "nominations"))
    steps = _section("Becoming a maintainer", how, md_block(a.text("maintainers", "vetting")))
    leaving = _section(
        "Stepping back",
        f"**Inactivity:** {md(a.text('maintainers', 'inactivity-period'))}"
        if a.text("maintainers", "inactivity-period")
        else None,
        md_block(a.text("maintainers", "emeritus")),
    )
    past = _section("Emeritus maintainers", _table(header, [row(p) for p in emeritus])) if emeritus else []
    return Built(
        _lines("# Maintainers", intro, _table(header, [row(p) for p in active]), past, steps, leaving)
    )


# --- pull request template and issue forms --------------------------------------


def pull_request_template(a: Answers) -> Built:
    needs = a.missing(("license", "contributor-terms"))
    if needs:
        return Built(None, tuple(needs))
    terms = a.text("license", "contributor-terms")
    checks = [
        "- [ ] The description says what changes and why, and links the issue it resolves.",
        "- [ ] Tests and documentation cover the change.",
    ]
    if terms == "dco":
        checks.append(
            "- [ ] Every commit is signed off (`git commit -s`) under the Developer Certificate of Origin."
        )
    elif terms == "cla":
        checks.append("- [ ] I have signed the contributor license agreement.")
    text = _lines(
        "## What this changes",
        '<!-- A sentence or two: what, why, and the issue it resolves ("Closes #…"). -->',
        "## Checklist",
        "\n".join(checks),
        "See [CONTRIBUTING.md](../blob/HEAD/CONTRIBUTING.md) for how changes are reviewed.",
    )
    return Built(text)


def _form(name: str, description: str, labels: list[str], body: list[str]) -> str:
    lines = [f"name: {yaml_string(name)}", f"description: {yaml_string(description)}"]
    if labels:
        lines.append("labels: [" + ", ".join(yaml_string(label) for label in labels) + "]")
    lines.append("body:")
    lines.extend(body)
    return "\n".join(lines) + "\n"


def _markdown_element(markdown: str) -> list[str]:
    return ["  - type: markdown", "    attributes:", f"      value: {yaml_string(markdown)}"]


def _field_element(
    kind: str, element_id: str, label: str, description: str = "", required: bool = False
) -> list[str]:
    lines = [
        f"  - type: {kind}",
        f"    id: {yaml_string(element_id)}",
        "    attributes:",
        f"      label: {yaml_string(label)}",
    ]
    if description:
        lines.append(f"      description: {yaml_string(description)}")
    if required:
        lines += ["    validations:", "      required: true"]
    return lines


def _label_like(a: Answers, *words: str) -> list[str]:
    """The plan's label (repository → label scheme) that names one of ``words``; an
    entry may carry a description after " — ", which is not part of the name."""
    for entry in a.items("repository", "labels"):
        name = entry.split(" — ", 1)[0].strip()
        if name and len(name) <= 50 and any(word in name.lower() for word in words):
            return [name]
    return []


def _ask_first(a: Answers) -> str:
    ask = a.text("communication", "questions-channel")
    return (
        f"Questions are answered faster where questions go: {_contact(ask)}. A vulnerability "
        "is never reported here: follow the [security policy](../security/policy) instead."
    )


def bug_form(a: Answers) -> Built:
    needs = a.missing(("communication", "questions-channel"))
    if needs:
        return Built(None, tuple(needs))
    body = _markdown_element(_ask_first(a))
    body += _field_element(
        "textarea", "what-happened", "What happened?", "What you did, and what went wrong.", True
    )
    body += _field_element("textarea", "expected", "What did you expect to happen?", required=True)
    body += _field_element(
        "textarea",
        "reproduce",
        "How can we reproduce it?",
        "The smallest steps, commands or configuration that show the problem.",
    )
    body += _field_element(
        "input", "version", "Which version?", "The version you run, as the project numbers its releases."
    )
    body += _field_element(
        "textarea",
        "environment",
        "Where does it run?",
        "Operating system, platform or cloud, and anything else that may matter.",
    )
    return Built(_form("Bug report", "Something does not work as documented.", _label_like(a, "bug"), body))


def feature_form(a: Answers) -> Built:
    needs = a.missing(("communication", "questions-channel"))
    if needs:
        return Built(None, tuple(needs))
    body = _markdown_element(_ask_first(a))
    body += _field_element(
        "textarea", "problem", "What problem would this solve?", "Who runs into it, and when.", True
    )
    body += _field_element("textarea", "proposal", "What would you like to happen?", required=True)
    body += _field_element("textarea", "alternatives", "What else did you consider?")
    return Built(
        _form(
            "Feature request",
            "An idea for something the project could do.",
            _label_like(a, "feature", "enhancement"),
            body,
        )
    )


def _proposals_as(a: Answers) -> str:
    return a.text("governance", "proposals-as")


def rfd_form(a: Answers) -> Built:
    needs = a.missing(("governance", "rfd-process"), ("governance", "rfd-template-fields"))
    if needs:
        return Built(None, tuple(needs))
    body = _markdown_element(
        "A proposal (request for discussion) is for a change that needs more than one "
        "person's agreement. How it is decided is in [the governance document](../blob/HEAD/GOVERNANCE.md)."
    )
    used: set[str] = set()
    for section in a.items("governance", "rfd-template-fields"):
        if section.lower().startswith("title"):
            continue  # the issue's own title is the proposal's
        choices = _CHOICES.fullmatch(section)
        if choices:
            options = [o.strip() for o in choices["options"].split(",") if o.strip()]
            label = choices["label"].strip()
            body += _dropdown_element(_element_id(label, used), label, options)
        else:
            body += _field_element("textarea", _element_id(section, used), section)
    return Built(
        _form(
            "Proposal (RFD)",
            "Propose a change for the community to discuss and decide.",
            _label_like(a, "rfd", "proposal"),
            body,
        )
    )


_CHOICES = re.compile(r"(?P<label>[^()]+)\((?P<options>[^()]*,[^()]*)\)\s*")
"""A section written as "Status (Draft, Accepted, Rejected)": a choice among those."""


def _dropdown_element(element_id: str, label: str, options: list[str]) -> list[str]:
    lines = ["  - type: dropdown", f"    id: {yaml_string(element_id)}", "    attributes:"]
    lines += [f"      label: {yaml_string(label)}", "      options:"]
    lines += [f"        - {yaml_string(option)}" for option in options]
    return lines


def _element_id(label: str, used: set[str]) -> str:
    base = "".join(c if c.isascii() and c.isalnum() else "-" for c in label.lower()).strip("-")
    base = "-".join(part for part in base.split("-") if part)[:40].strip("-") or "section"
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate


def issue_config(a: Answers) -> Built:
    links = []
    for field_id, name, about in (
        ("questions-channel", "Questions", "Ask and answer questions in public."),
        ("chat", "Chat", "Talk with the community in real time."),
    ):
        url = a.url("communication", field_id)
        if url:
            links.append((name, url, about))
    address = a.url("security-response", "address")
    if address:
        links.append(("Report a vulnerability", address, "Privately, as the security policy says."))
    if not links:
        return Built(None, (a.need("communication", "questions-channel", "as a web address"),))
    notes: tuple[str, ...] = ()
    asks = any(name == "Questions" for name, _, _ in links)
    if not asks:
        notes = (
            "the answer to where people ask questions is not a web address, so the issue "
            "chooser cannot link to it; blank issues stay open for questions",
        )
    lines = [f"blank_issues_enabled: {'false' if asks else 'true'}", "contact_links:"]
    for name, url, about in links:
        lines += [
            f"  - name: {yaml_string(name)}",
            f"    url: {yaml_string(url)}",
            f"    about: {yaml_string(about)}",
        ]
    return Built("\n".join(lines) + "\n", notes=notes)


def rfd_template(a: Answers) -> Built:
    needs = a.missing(("governance", "rfd-template-fields"))
    if needs:
        return Built(None, tuple(needs))
    sections = [f"## {md(section)}" for section in a.items("governance", "rfd-template-fields")]
    intro = "Copy this file to a new one named after your proposal and fill in each section. " + md_block(
        a.text("governance", "rfd-process")
    )
    return Built(_lines("# Proposal: (title)", intro, "\n\n".join(sections)))


FILES: tuple[CommunityFile, ...] = (
    CommunityFile("CODE_OF_CONDUCT.md", "CODE_OF_CONDUCT.md", "markdown", code_of_conduct),
    CommunityFile("GOVERNANCE.md", "GOVERNANCE.md", "markdown", governance),
    CommunityFile("CONTRIBUTING.md", "CONTRIBUTING.md", "markdown", contributing),
    CommunityFile("SECURITY.md", "SECURITY.md", "markdown", security),
    CommunityFile("MAINTAINERS.md", "MAINTAINERS.md", "markdown", maintainers),
    CommunityFile("SUPPORT.md", "SUPPORT.md", "markdown", support),
    CommunityFile(
        "PULL_REQUEST_TEMPLATE.md", ".github/PULL_REQUEST_TEMPLATE.md", "markdown", pull_request_template
    ),
    CommunityFile("bug.yml", ".github/ISSUE_TEMPLATE/bug.yml", "yaml", bug_form),
    CommunityFile("feature.yml", ".github/ISSUE_TEMPLATE/feature.yml", "yaml", feature_form),
    CommunityFile(
        "rfd.yml", ".github/ISSUE_TEMPLATE/rfd.yml", "yaml", rfd_form, lambda a: _proposals_as(a) == "issues"
    ),
    CommunityFile("config.yml", ".github/ISSUE_TEMPLATE/config.yml", "yaml", issue_config),
    CommunityFile(
        "RFD_TEMPLATE.md", "rfds/TEMPLATE.md", "markdown", rfd_template, lambda a: _proposals_as(a) == "files"
    ),
)


def file_named(name: str) -> CommunityFile | None:
    wanted = name.lower()
    return next((f for f in FILES if wanted in (f.name.lower(), f.path.lower())), None)


def build(community_file: CommunityFile, answers: Answers) -> Built:
    return community_file.make(answers)
