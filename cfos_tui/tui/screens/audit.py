"""The audit view: look at the project's checkout and turn what it shows into progress.

The audit (files, license, git history, the maintainers against who commits) runs in
a thread worker and streams its progress to a status line. Its findings are shown as
they are; each proposal — an
item still ``todo`` whose evidence was found — is accepted or rejected one by one.
The first accepted proposal (or ``s``) also stores the audit's snapshot and a review
with the day's metrics, once per run, so the report can show where the project stands.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    LoadingIndicator,
    Sparkline,
)
from textual.worker import Worker, WorkerState, get_current_worker

from cfos_tui.audit import ORG_DEFAULTS_HINT, AuditError, AuditResult, Proposal, grouped_notes, run_audit
from cfos_tui.audit.apply import evidence_patterns
from cfos_tui.audit.listing import Listed
from cfos_tui.audit.roster import Person, Roster, plan_members
from cfos_tui.audit.text import safe_text
from cfos_tui.plan import Plan
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.screens.view import View
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.text import cell, one_line
from cfos_tui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from cfos_tui.tui.app import Revision

PENDING, ACCEPTED, REJECTED, DECIDED = "pending", "accepted", "rejected", "decided"
STATE_STYLES = {PENDING: "", ACCEPTED: "bold green", REJECTED: "dim", DECIDED: "dim italic"}
TOP_ORGS_SHOWN = 5
ROSTER_SHOWN = 8
SPARK_CELLS_PER_QUARTER = 2
SPARK_MAX_WIDTH = 40

INTRO = (
    "Run the audit to look at the checkout: community files that prove checklist "
    "items, the license, and how concentrated the commits are in one organisation."
)


def counted(number: int, noun: str) -> str:
    """``1 commit``, ``2,048 commits``."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def shown(text: str | None) -> str:
    """Repository or user text for one line: odd bytes readable, control characters visible."""
    return one_line(safe_text(text) or "")


def percent(share: float) -> str:
    return f"{share:.0%}"


class AuditScreen(View):
    """Audit the project's checkout: findings, the concentration trend, and proposals."""

    TITLE = "Audit"

    BINDINGS = [
        # Everywhere on this screen (the path box, the button, the table) enter runs the audit.
        Binding("enter", "run_audit", "Run audit", priority=True),
        Binding("a", "accept", "Accept"),
        Binding("x", "reject", "Reject"),
        Binding("A", "accept_all", "Accept all"),
        Binding("s", "record", "Record", tooltip="Store this audit's snapshot and metrics in the plan"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: AuditResult | None = None
        self.states: dict[str, str] = {}
        """Proposal item id → pending / accepted / rejected / decided, for the current run."""
        self.recorded = False
        """Whether the current run's snapshot and review are in the plan already."""
        self._rejected: set[str] = set()
        self._worker: Worker[AuditResult | str] | None = None
        self._width = 0

    @property
    def plan(self) -> Plan:
        return session(self).plan

    # --- building -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="audit-target"):
            yield Label("Checkout")
            yield Input(
                self.plan.checkout,
                placeholder="path to a local clone of the project",
                id="audit-checkout",
                compact=True,
            )
            yield Button("Run audit", id="audit-run", variant="primary", compact=True)
        with Horizontal(id="audit-status-row"):
            yield LoadingIndicator(id="audit-spinner")
            yield Label("", id="audit-status", markup=False)
        yield VerticalScroll(Label(INTRO, id="audit-intro", markup=False), id="audit-findings")
        yield Label("", id="audit-proposals-title", markup=False)
        yield DataTable(id="audit-proposals", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.plan.project)
        self.query_one("#audit-proposals").display = False
        self.query_one("#audit-proposals-title").display = False
        self._set_status(
            "" if self.plan.checkout.strip() else "No checkout set yet: type the path to a local clone."
        )
        (
            self.query_one("#audit-run") if self.plan.checkout.strip() else self.query_one("#audit-checkout")
        ).focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
            self._fill_table()

    # --- running --------------------------------------------------------------

    def repository_path(self, text: str) -> Path:
        """The checkout as typed, relative to the plan's folder when relative."""
        path = Path(os.path.expanduser(text))
        if not path.is_absolute():
            path = session(self).file.path.parent / path
        return Path(os.path.abspath(path))

    @on(Input.Submitted, "#audit-checkout")
    @on(Button.Pressed, "#audit-run")
    def run_pressed(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.action_run_audit()

    def action_run_audit(self) -> None:
        """Save a changed checkout path into the plan, then audit it in a thread."""
        text = self.query_one("#audit-checkout", Input).value.strip()
        if not text:
            self._set_status("No checkout set: type the path to a local clone of the project.", error=True)
            self.query_one("#audit-checkout").focus()
            return
        if text != self.plan.checkout and not session(self).read_only:
            session(self).set_checkout(text)
        statuses = {item_id: state.status for item_id, state in self.plan.items.items()}
        self.query_one("#audit-status-row").add_class("-running")
        self._set_status("Starting the audit")
        self._worker = self._audit(
            self.repository_path(text),
            evidence_patterns(session(self).playbook),
            dict(self.plan.affiliations),
            statuses,
            plan_members(self.plan),
        )

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def _audit(
        self,
        repo: Path,
        evidence: dict[str, list[str]],
        affiliations: dict[str, str],
        statuses: dict[str, str],
        plan_people: list[Listed],
    ) -> AuditResult | str:
        """Run the audit; the result, or a sentence saying why it could not run."""
        worker = get_current_worker()

        def progress(message: str) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, worker, message)

        try:
            return run_audit(
                repo,
                evidence,
                affiliations=affiliations or None,
                statuses=statuses,
                progress=progress,
                plan_people=plan_people,
            )
        except AuditError as error:
            return str(error)
        except OSError as error:
            return f"{error.filename or repo}: {error.strerror or error}"

    def _progress(self, worker: Worker, message: str) -> None:
        if worker is self._worker:
            self._set_status(message)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self.query_one("#audit-status-row").remove_class("-running")
        if event.state == WorkerState.ERROR:
            self._set_status(f"The audit stopped: unexpected problem: {event.worker.error}", error=True)
            return
        outcome = event.worker.result
        if isinstance(outcome, str):
            self._set_status(f"Could not audit: {outcome}", error=True)
            return
        if outcome is not None:
            await self._show_result(outcome)

    def _set_status(self, message: str, *, error: bool = False) -> None:
        for status in self.query("#audit-status").results(Label):  # none once the view has gone
            status.update(shown(message))
            status.set_class(error, "-error")

    # --- findings -------------------------------------------------------------

    async def _show_result(self, result: AuditResult) -> None:
        self.result = result
        self.recorded = False
        self.states = {p.item: REJECTED if p.item in self._rejected else PENDING for p in result.proposals}
        head = f" at commit {result.head[:12]}" if result.head else ""
        self._set_status(f"Audited{head} on {workbook(self).today().isoformat()}")
        findings = self.query_one("#audit-findings", VerticalScroll)
        with self.app.batch_update():
            await findings.remove_children()
            await findings.mount_all(self._findings(result))
            findings.scroll_home(animate=False)
            self._fill_table()
        table = self.query_one("#audit-proposals", DataTable)
        if result.proposals:
            table.focus()
        else:
            self.query_one("#audit-run").focus()
        self.refresh_bindings()

    def _findings(self, result: AuditResult) -> Iterable[Horizontal | Label]:
        yield self._finding("License", self._license_text(result))
        metrics = result.metrics
        if metrics is None:
            reason = Text(f"No history metrics: {shown(result.metrics_reason)}", "yellow")
            yield self._finding("History", reason, wrap=True)
        else:
            numbers = (
                f"{counted(metrics.commits, 'commit')} · {counted(metrics.contributors, 'contributor')} · "
                f"bus factor {metrics.bus_factor} · elephant factor {metrics.elephant_factor}"
            )
            yield self._finding("History", Text(numbers))
            if metrics.reason:
                yield self._finding("", Text(shown(metrics.reason), "yellow"), wrap=True)
            if metrics.top_organizations:
                yield self._finding("Orgs", self._organisations_text(metrics.top_organizations))
            yield self._trend(result)
        if result.roster is not None:
            yield from self._roster(result.roster)
        found = sorted(result.files)
        yield self._finding("Found", self._list_text(found, "green"))
        yield self._finding("Missing", self._list_text(result.missing, "red"))
        # the --org-defaults option belongs to the command line, not to this view
        for note in grouped_notes(result.notes, drop=ORG_DEFAULTS_HINT):
            yield Label(Text(shown(note)), classes="audit-note", markup=False)

    @staticmethod
    def _finding(key: str, value: Text, *, wrap: bool = False) -> Horizontal:
        """One finding: a key, then its value on one line (cut with an ellipsis) or wrapped."""
        if not wrap:
            value.no_wrap, value.overflow = True, "ellipsis"
        return Horizontal(
            Label(key, classes="finding-key", markup=False),
            Label(value, classes="finding-value -wrap" if wrap else "finding-value", markup=False),
            classes="finding",
        )

    @staticmethod
    def _license_text(result: AuditResult) -> Text:
        license_ = result.license
        if license_.file is None:
            return Text("no license file found", "red")
        text = Text()
        if license_.spdx:
            text.append(license_.spdx, "bold")
            text.append(f" ({percent(license_.confidence)} sure) in {shown(license_.file)}")
        else:
            text.append("unrecognised", "yellow")
            text.append(f" in {shown(license_.file)}, which starts: ")
            text.append(shown(license_.first_line), "italic")
        return text

    @staticmethod
    def _organisations_text(organisations: list[tuple[str, float]]) -> Text:
        text = Text()
        for index, (name, share) in enumerate(organisations[:TOP_ORGS_SHOWN]):
            if index:
                text.append(" · ")
            text.append(shown(name), "bold" if index == 0 else "")
            text.append(f" {percent(share)}")
        return text

    def _roster(self, roster: Roster) -> Iterable[Horizontal]:
        """Listed maintainers with their commits in the window, who is inactive, who is
        active but not listed (each wrapped, so that every name can be read), and the
        maintainers' organisations."""
        if not roster.listed:
            where = (
                "MAINTAINERS, CODEOWNERS or the plan's teams"
                if "plan" in roster.sources
                else "MAINTAINERS or CODEOWNERS"
            )
            yield self._finding("Roster", Text(f"nobody listed in {where}", "yellow"))
        else:
            text = Text(
                f"{len(roster.listed)} listed, commits in the 12 months to {roster.window_end.isoformat()}: "
            )
            text.append_text(self._people_text(roster.listed, lambda person: f" {person.commits_12m:,}"))
            yield self._finding("Roster", text, wrap=True)
            if roster.inactive:
                yield self._finding(
                    "Inactive",
                    self._people_text(
                        roster.inactive,
                        lambda person: (
                            f" (last {person.last_commit.isoformat() if person.last_commit else 'never'})"
                        ),
                        "red",
                    ),
                    wrap=True,
                )
        if roster.unlisted_active:
            yield self._finding(
                "Unlisted",
                self._people_text(
                    roster.unlisted_active, lambda person: f" {person.commits_12m:,}", "yellow"
                ),
                wrap=True,
            )
        if roster.listed:
            organisations = Text()
            for index, (name, count) in enumerate(roster.organisations.items()):
                organisations.append(" · " if index else "")
                organisations.append(shown(name), "bold" if index == 0 else "")
                organisations.append(f" {count}")
            yield self._finding("Led by", organisations)

    @staticmethod
    def _people_text(people: list[Person], detail: Callable[[Person], str], style: str = "") -> Text:
        """People by name (literally), each followed by ``detail``; the first few only."""
        text = Text()
        for index, person in enumerate(people[:ROSTER_SHOWN]):
            text.append(" · " if index else "")
            text.append(shown(person.label), style)
            text.append(detail(person), "dim")
        if len(people) > ROSTER_SHOWN:
            text.append(f" · {len(people) - ROSTER_SHOWN} more", "dim")
        return text

    @staticmethod
    def _list_text(names: list[str], style: str) -> Text:
        text = Text(counted(len(names), "item"), style)
        if names:
            text.append(": " + ", ".join(shown(name) for name in names))
        return text

    def _trend(self, result: AuditResult) -> Horizontal:
        """The top organisation's share per quarter: a sparkline between its first and
        last quarter, with the latest share and the range (the bars are scaled to it)."""
        quarters = result.metrics.quarters if result.metrics else []
        if not quarters:
            return self._finding("Trend", Text("No quarters of history to show a trend.", "dim"))
        shares = [quarter.top_org_share for quarter in quarters]
        sparkline = Sparkline(shares, id="audit-spark")
        sparkline.styles.width = min(SPARK_MAX_WIDTH, max(8, SPARK_CELLS_PER_QUARTER * len(shares)))
        latest = Text(quarters[-1].quarter)
        latest.append(f"  now {percent(shares[-1])}", "bold")
        if len(shares) > 1:
            latest.append(f" (low {percent(min(shares))}, high {percent(max(shares))})", "dim")
        latest.no_wrap, latest.overflow = True, "ellipsis"
        return Horizontal(
            Label("Top org", classes="finding-key", markup=False),
            Label(quarters[0].quarter, classes="spark-label", id="audit-spark-first", markup=False),
            sparkline,
            Label(latest, classes="spark-label finding-value", markup=False),
            classes="finding",
            id="audit-trend",
        )

    # --- proposals ------------------------------------------------------------

    def _columns(self, width: int) -> list[tuple[str, str, int]]:
        state_width, evidence_width = 9, 22 if width < 110 else 40
        used = state_width + evidence_width + 2 * 3 + 2
        return [
            ("item", "Item", max(16, width - used)),
            ("evidence", "Evidence", evidence_width),
            ("state", "State", state_width),
        ]

    def _fill_table(self) -> None:
        table = self.query_one("#audit-proposals", DataTable)
        title = self.query_one("#audit-proposals-title", Label)
        result = self.result
        if result is None or not self._width:
            return
        row = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        for key, label, width in self._columns(self._width):
            table.add_column(label, width=width, key=key)
        for proposal in result.proposals:
            table.add_row(*self._cells(proposal), key=proposal.item)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
        table.display = bool(result.proposals)
        title.display = True
        self._update_title()

    def _cells(self, proposal: Proposal) -> list[Text]:
        item = session(self).playbook.item(proposal.item)
        state = self.states.get(proposal.item, PENDING)
        return [
            cell(item.title if item else proposal.item),
            cell(shown(proposal.evidence)),
            cell(state, STATE_STYLES[state]),
        ]

    def _update_title(self) -> None:
        title = self.query_one("#audit-proposals-title", Label)
        result = self.result
        if result is None:
            return
        if not result.proposals:
            title.update("No proposals: every item with evidence is already decided in the plan.")
            return
        pending = sum(1 for state in self.states.values() if state == PENDING)
        title.update(
            f"Proposals: {len(result.proposals)}, {pending} pending — "
            "a accepts (marks done), x rejects, A accepts all"
        )

    def _set_state(self, item_id: str, state: str) -> None:
        self.states[item_id] = state
        self.query_one("#audit-proposals", DataTable).update_cell(
            item_id, "state", cell(state, STATE_STYLES[state])
        )

    def _selected(self) -> Proposal | None:
        table = self.query_one("#audit-proposals", DataTable)
        if self.result is None or not table.row_count:
            return None
        row = table.cursor_row
        proposals = self.result.proposals
        return proposals[row] if 0 <= row < len(proposals) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Proposal keys appear in the footer once there are proposals to act on."""
        if action in ("accept", "reject", "accept_all"):
            return self.result is not None and bool(self.result.proposals)
        if action == "record":
            return self.result is not None
        return True

    def _editable(self) -> bool:
        reason = session(self).read_only
        if reason:
            self.notify(f"This plan is read-only: {shown(reason)}", severity="warning", markup=False)
            return False
        return True

    def action_accept(self) -> None:
        proposal = self._selected()
        if proposal is None or not self._editable():
            return
        if self.states.get(proposal.item) == ACCEPTED:
            return
        self._accept([proposal])
        table = self.query_one("#audit-proposals", DataTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)

    def action_accept_all(self) -> None:
        if self.result is None or not self._editable():
            return
        pending = [p for p in self.result.proposals if self.states.get(p.item) == PENDING]
        if not pending:
            self.notify("No pending proposals.")
            return
        self._accept(pending)

    def _accept(self, proposals: list[Proposal]) -> None:
        """Mark each proposed item done with its evidence (never one the team decided
        meanwhile), record the audit once, and tell the app the plan changed."""
        assert self.result is not None
        accepted: list[Proposal] = []
        for proposal in proposals:
            if session(self).accept(proposal):
                accepted.append(proposal)
                self._rejected.discard(proposal.item)
                self._set_state(proposal.item, ACCEPTED)
            else:
                self._set_state(proposal.item, DECIDED)
        if accepted:
            self._record(quiet=True)
            if len(accepted) == 1:
                self.notify(f"Marked done: {shown(self._title(accepted[0].item))}", markup=False)
            else:
                self.notify(f"Marked {len(accepted)} items done, each with its evidence.")
        else:
            self.notify("Already decided in the plan; left as it is.", severity="warning")
        self._update_title()

    def action_reject(self) -> None:
        proposal = self._selected()
        if proposal is None:
            return
        state = self.states.get(proposal.item)
        if state == ACCEPTED:
            self.notify("Already accepted: change the item in the checklist if it was wrong.")
            return
        if state == PENDING:
            self._rejected.add(proposal.item)
            self._set_state(proposal.item, REJECTED)
        elif state == REJECTED:  # pressed again: back to pending
            self._rejected.discard(proposal.item)
            self._set_state(proposal.item, PENDING)
        self._update_title()

    def action_record(self) -> None:
        if self.result is None or not self._editable():
            return
        if self.recorded:
            self.notify("This audit is already recorded in the plan.")
            return
        self._record(quiet=False)

    def _record(self, *, quiet: bool) -> None:
        """Store this run's snapshot and a review with its metrics, once per run."""
        if self.recorded or self.result is None:
            return
        session(self).record_audit(self.result, workbook(self).today())
        self.recorded = True
        self.refresh_bindings()
        if not quiet:
            self.notify("Recorded the audit and its metrics in the plan's review log.")

    def _title(self, item_id: str) -> str:
        item = session(self).playbook.item(item_id)
        return item.title if item else item_id

    # --- plan events ----------------------------------------------------------

    def plan_revised(self, revision: Revision) -> None:
        """After the plan was read again from disk, show its checkout; decisions stay as made."""
        if not revision.reloaded:
            return
        checkout = self.query_one("#audit-checkout", Input)
        if not checkout.has_focus:
            with self.prevent(Input.Changed):
                checkout.value = self.plan.checkout
