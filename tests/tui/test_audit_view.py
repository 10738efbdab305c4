"""The audit view: run the audit on a fixture checkout, read the findings, accept or reject proposals."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Label, Sparkline

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.audit import AuditScreen
from cfos_tui.tui.screens.workbook import WorkbookScreen
from tests.fixtures.audit_project import HOSTILE, MIT, build_project, make_plan
from tests.fixtures.gitrepo import write_files
from tests.fixtures.waiting import until_workbook, wait_until

SIZE = (80, 24)
pytestmark = pytest.mark.usefixtures("audit_environment")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "project")


async def open_audit(pilot) -> AuditScreen:
    """Wait for the workbook, press ``u`` and return the audit view."""
    await until_workbook(pilot)
    await pilot.press("u")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AuditScreen)
    return screen


async def run(pilot) -> None:
    """Press enter (run the audit) and wait for the worker to finish."""
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen: AuditScreen, selector: str) -> str:
    return " ".join(str(label.content) for label in screen.query(selector).results(Label))


def findings(screen: AuditScreen) -> str:
    return text_of(screen, "#audit-findings Label")


def status(screen: AuditScreen) -> str:
    return text_of(screen, "#audit-status")


async def test_audit_shows_license_metrics_and_trend(tmp_path: Path, project: Path) -> None:
    """u opens the view on the plan's checkout; enter audits it: license, elephant factor, sparkline."""
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        assert screen.query_one("#audit-checkout", Input).value == "project"
        assert screen.query_one("#audit-run", Button).has_focus
        await run(pilot)
        assert screen.result is not None
        assert status(screen).startswith("Audited at commit ")
        shown = findings(screen)
        assert "MIT (" in shown and "sure) in LICENSE" in shown
        assert "elephant factor 1" in shown and "bus factor 1" in shown
        assert "acme.com" in shown
        spark = screen.query_one("#audit-spark", Sparkline)
        assert list(spark.data or []) == [q.top_org_share for q in screen.result.metrics.quarters]
        assert "2023Q1" in shown and "2024Q1" in shown
        table = screen.query_one("#audit-proposals", DataTable)
        assert table.has_focus
        assert table.row_count == len(screen.result.proposals) > 2
        assert {p.item for p in screen.result.proposals} >= {"license-file", "contributing-guide"}


async def test_accept_one_marks_it_done_and_records_a_review(tmp_path: Path, project: Path) -> None:
    """a accepts the selected proposal: item done with its evidence, a review with metrics, saved."""
    path = make_plan(tmp_path)
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        await run(pilot)
        first = screen.result.proposals[0]
        await pilot.press("a")
        await pilot.pause()
        plan = app.plan_file.plan
        assert plan.items[first.item].status == "done"
        assert plan.items[first.item].evidence == first.evidence
        assert screen.states[first.item] == "accepted"
        reviews = list(plan.reviews.values())
        assert len(reviews) == 1 and reviews[0].metrics["elephant_factor"] == 1
        assert plan.audit is not None and plan.audit.license == "MIT"
        # A second accept in the same run adds no second review.
        await pilot.press("a")
        await pilot.pause()
        second = screen.result.proposals[1]
        assert plan.items[second.item].status == "done"
        assert len(plan.reviews) == 1
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.save_state == "saved"
    saved = store.load(path).plan
    assert saved.items[first.item].status == "done"
    assert saved.items[first.item].evidence == first.evidence
    assert [r.metrics["elephant_factor"] for r in saved.reviews.values()] == [1]
    assert saved.audit is not None and saved.audit.head


async def test_reject_leaves_the_plan_alone(tmp_path: Path, project: Path) -> None:
    """x rejects the selected proposal: nothing in the plan changes, nothing is recorded."""
    path = make_plan(tmp_path)
    before = path.read_bytes()
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        await run(pilot)
        first = screen.result.proposals[0]
        await pilot.press("x")
        await pilot.pause()
        assert screen.states[first.item] == "rejected"
        assert app.plan_file.plan.items[first.item].status == "todo"
        assert not app.plan_file.plan.reviews and app.plan_file.plan.audit is None
        assert not app.plan_file.dirty
        # A re-run remembers the rejection.
        await run(pilot)
        assert screen.states[first.item] == "rejected"
    assert path.read_bytes() == before


async def test_accept_all_and_record(tmp_path: Path, project: Path) -> None:
    """A accepts every pending proposal but not a rejected one; s records only once per run."""
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        await run(pilot)
        rejected = screen.result.proposals[0].item
        await pilot.press("x", "A")
        await pilot.pause()
        plan = app.plan_file.plan
        assert plan.items[rejected].status == "todo"
        assert all(plan.items[p.item].status == "done" for p in screen.result.proposals[1:])
        await pilot.press("s")
        await pilot.pause()
        assert len(plan.reviews) == 1


async def test_record_without_accepting(tmp_path: Path, project: Path) -> None:
    """s stores the snapshot and a review without accepting any proposal."""
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_audit(pilot)
        await run(pilot)
        await pilot.press("s")
        await pilot.pause()
        plan = app.plan_file.plan
        assert plan.audit is not None and len(plan.reviews) == 1
        assert all(state.status == "todo" for state in plan.items.values())
        assert app.save_state == "unsaved"


async def test_folder_without_git_shows_why_there_are_no_metrics(tmp_path: Path) -> None:
    """A plain folder is audited for files; the history line says why metrics are missing."""
    write_files(tmp_path / "plain", {"LICENSE": MIT})
    app = WorkbookApp(make_plan(tmp_path, "plain"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        await run(pilot)
        assert screen.result is not None and screen.result.metrics is None
        assert screen.result.metrics_reason
        shown = findings(screen)
        assert f"No history metrics: {screen.result.metrics_reason}" in shown
        assert "MIT" in shown
        assert not screen.query("#audit-spark")


async def test_missing_path_shows_an_error_and_a_new_path_is_saved(tmp_path: Path, project: Path) -> None:
    """A checkout that does not exist is an inline error; typing a good path saves it into the plan."""
    app = WorkbookApp(make_plan(tmp_path, "nowhere"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        await run(pilot)
        assert screen.result is None
        assert "Could not audit:" in status(screen) and "no such directory" in status(screen)
        assert screen.query_one("#audit-status").has_class("-error")
        checkout = screen.query_one("#audit-checkout", Input)
        checkout.focus()
        checkout.value = ""
        await run(pilot)
        assert "No checkout set" in status(screen)
        await pilot.press(*str(project))
        await run(pilot)
        assert screen.result is not None
        assert not screen.query_one("#audit-status").has_class("-error")
        assert app.plan_file.plan.checkout == str(project)


async def test_hostile_author_name_is_shown_literally(tmp_path: Path) -> None:
    """Markup and an escape sequence in an author's name reach the screen as visible text."""
    build_project(tmp_path / "project", stranger=HOSTILE)
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await open_audit(pilot)
        await run(pilot)
        names = [name for name, _ in screen.result.metrics.top_organizations]
        assert HOSTILE in names
        shown = findings(screen)
        assert "[b]Mallory[/b] ␛[31mred" in shown
        assert "\x1b" not in shown
        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[b]Mallory[/b] ␛[31mred" in screen_text
        assert "\x1b" not in screen_text


async def test_palette_entry_and_escape(tmp_path: Path, project: Path) -> None:
    """The command palette offers "Audit the checkout"; escape goes back to the workbook."""
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await open_audit(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkbookScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Audit the checkout" in titles


async def test_progress_is_shown_while_the_audit_runs(
    tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker streams progress to the status line and a spinner shows until it ends."""
    import threading

    from cfos_tui.tui.screens import audit as audit_screen

    release = threading.Event()
    real_run_audit = audit_screen.run_audit

    def slow_run_audit(*args, progress, **kwargs):
        progress("Reading the git history")
        release.wait(10)
        return real_run_audit(*args, progress=progress, **kwargs)

    monkeypatch.setattr(audit_screen, "run_audit", slow_run_audit)
    app = WorkbookApp(make_plan(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_audit(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: status(screen) == "Reading the git history")
        row = screen.query_one("#audit-status-row")
        assert row.has_class("-running") and screen.query_one("#audit-spinner").display
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not row.has_class("-running")
        assert status(screen).startswith("Audited at commit ")


def test_counts_read_naturally() -> None:
    from cfos_tui.tui.screens.audit import counted

    assert counted(1, "contributor") == "1 contributor"
    assert counted(0, "item") == "0 items"
    assert counted(2048, "commit") == "2,048 commits"
