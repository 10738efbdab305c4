"""The report view: the Markdown report rendered live, and exporting it to a file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from cfos_tui import store
from cfos_tui.report import render_report
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.export import ExportModal
from cfos_tui.tui.screens.report import ReportScreen
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from tests.fixtures.notices import record_notifications
from tests.fixtures.screen import drawn_text
from tests.fixtures.views import TODAY, build_plan, open_view

pytestmark = pytest.mark.usefixtures("view_environment")

NASTY_PROJECT = "[b]Bold[/b] <b>x</b> `y` \x1b[31mred"


@pytest.fixture
def plan_file(tmp_path: Path) -> store.PlanFile:
    return build_plan(tmp_path / "nebula.toml")


async def settle(pilot, seconds: float = 10.0) -> None:
    """Let the render and export workers finish and the report be drawn to its end."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if not isinstance(screen, ReportScreen) or screen.is_drawn:
            return
    raise AssertionError("the report was never drawn to its end")


def drawn_sections(screen: ReportScreen) -> list[str]:
    """The text each section of the report draws, line by line, as wide as it is on screen."""
    from cfos_tui.tui.screens.report import ReportSection

    return [
        "\n".join(section.render_line(y).text.rstrip() for y in range(section.content_size.height))
        for section in screen.query(ReportSection)
    ]


def shown_text(screen: ReportScreen) -> str:
    """The text the report view draws."""
    return "\n".join(drawn_sections(screen))


async def open_report(pilot) -> ReportScreen:
    """Press r from the workbook and wait until the report is drawn."""
    await open_view(pilot, "r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen)
    return screen


def error_of(modal: ExportModal) -> str:
    return drawn_text(modal, "#export-error")


async def test_report_shows_the_plan_and_follows_edits(plan_file: store.PlanFile) -> None:
    """`r` renders the report; a decision logged from the report view appears in it."""
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        assert screen.markdown == render_report(app.plan_file.plan, app.plan_file.playbook, TODAY)
        assert "Nebula: community transition plan" in shown_text(screen)
        assert "Publish the RFD template" not in screen.markdown
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Publish the RFD template", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Publish the RFD template" in screen.markdown
        assert screen.markdown == render_report(app.plan_file.plan, app.plan_file.playbook, TODAY)


async def test_user_text_is_literal_in_the_report(tmp_path: Path) -> None:
    """Markup, HTML and escape sequences in the project name show as typed, escapes as symbols."""
    plan_file = build_plan(tmp_path / "odd.toml", project=NASTY_PROJECT)
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot)
        heading = shown_text(app.screen).splitlines()[0]
        assert heading.startswith("[b]Bold[/b] <b>x</b> `y` ")
        assert "\x1b" not in shown_text(app.screen)
        assert app.screen.sub_title == "[b]Bold[/b] <b>x</b> `y` ␛[31mred"


async def test_export_writes_next_to_the_plan(plan_file: store.PlanFile) -> None:
    """`e` asks where (default: <plan stem>-report.md beside the plan) and writes the report."""
    app = WorkbookApp(plan_file.path)
    notices = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal)
        target = plan_file.path.parent.resolve() / "nebula-report.md"
        assert modal.query_one("#export-path", Input).value == str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        expected = render_report(app.plan_file.plan, app.plan_file.playbook, TODAY)
        assert target.read_text(encoding="utf-8") == expected
        assert f"Report written to {target}" in notices


async def test_export_refuses_bad_targets_and_asks_before_replacing(plan_file: store.PlanFile) -> None:
    """A missing folder or a folder is refused in place; an existing file is replaced only if confirmed."""
    existing = plan_file.path.parent / "old.md"
    existing.write_text("keep me\n", encoding="utf-8")
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "r")
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        path_input = modal.query_one("#export-path", Input)
        for typed, message in (
            (str(plan_file.path.parent / "missing" / "r.md"), "does not exist"),
            (str(plan_file.path.parent), "is a folder"),
            ("   ", "Type the path"),
        ):
            path_input.value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is modal
            assert message in error_of(modal)
        assert not (plan_file.path.parent / "missing").exists()
        path_input.value = "old.md"  # relative: from the plan's folder
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is modal
        assert existing.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert existing.read_text(encoding="utf-8").startswith("# Nebula: community transition plan")


async def test_a_render_arriving_after_the_view_closed_is_dropped(
    plan_file: store.PlanFile, monkeypatch: pytest.MonkeyPatch, wait_until
) -> None:
    """A render that finishes after escape (one that works, one that fails) is dropped
    instead of drawn into the closed view. The view draws its first rendering as it
    opens; the late one here is the community page asked for with `t`."""
    import threading

    from cfos_tui.tui.screens import report as report_module
    from cfos_tui.tui.screens.workbook import WorkbookScreen

    # Only the view renders here: the app's rendering ahead would wait on the same slow
    # render, and fail with it, whenever its timer came round during the test.
    monkeypatch.setattr(WorkbookApp, "_prepare_report", lambda app: None)
    for outcome in ("# A late render\n", RuntimeError("late failure")):
        release, started = threading.Event(), threading.Event()

        def slow_render(*args, outcome=outcome, release=release, started=started) -> str:
            started.set()
            release.wait(10)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        app = WorkbookApp(plan_file.path)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_view(pilot, "r")
            monkeypatch.setattr(report_module, "build_report", slow_render)
            await pilot.press("t")
            await wait_until(pilot, started.is_set)
            await pilot.press("escape")
            await wait_until(pilot, lambda app=app: isinstance(app.screen, WorkbookScreen))
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, WorkbookScreen)


async def test_wide_tables_become_one_block_per_row_at_80_columns(plan_file: store.PlanFile) -> None:
    """A step's checklist with notes (six columns) reads as title + "Header: value" lines
    at 80 columns, and as a table at 160; a list cell keeps one entry a line."""
    plan = plan_file.plan
    plan.set_answer("governance", "teams", {"docs": {"name": "Docs", "members": ["Ruth Abebe", "Hana Sato"]}})
    plan.items["teams-defined"].note = "Docs first"
    plan_file.save()
    for width, cards in ((80, True), (160, False)):
        app = WorkbookApp(plan_file.path)
        async with app.run_test(size=(width, 24)) as pilot:
            await open_report(pilot)
            tables = drawn_sections(app.screen)
            checklist = next(t for t in tables if "Docs first" in t)
            assert ("Importance: " in checklist) is cards
            assert ("Note: Docs first" in checklist) is cards
            teams = next(t for t in tables if "Ruth Abebe" in t)
            lines = teams.splitlines()
            assert any("Ruth Abebe" in line and "Hana Sato" not in line for line in lines)
            assert any("Hana Sato" in line and "Ruth Abebe" not in line for line in lines)


async def test_export_offers_the_place_last_written(plan_file: store.PlanFile) -> None:
    """After exporting to TRANSITION.md, the next export offers TRANSITION.md, not the default
    name; the hint wraps instead of being cut."""
    app = WorkbookApp(plan_file.path)
    target = plan_file.path.parent.resolve() / "TRANSITION.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal)
        hint = modal.query_one(".hint", Label)
        assert hint.region.height >= 2  # the folder's path does not fit one line at 80 columns
        modal.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.is_file()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportModal)
        assert app.screen.query_one("#export-path", Input).value == str(target)


async def test_an_edit_redraws_only_the_sections_it_changed(plan_file: store.PlanFile) -> None:
    """The report is drawn a section at a time; after an edit, sections that read the same
    are left as they are and only the changed ones are drawn again."""
    from cfos_tui.tui.screens.report import ReportSection

    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        sections = list(screen.query(ReportSection))
        assert len(sections) > 5
        updated: list[int] = []
        for number, section in enumerate(sections):
            original = section.update

            def counting(markdown: str, number: int = number, original=original):
                updated.append(number)
                return original(markdown)

            section.update = counting  # type: ignore[method-assign]
        app.session.add_decision(TODAY, "A decision made in the open")
        await settle(pilot)
        assert list(screen.query(ReportSection)) == sections  # the same widgets, kept
        assert 0 < len(updated) <= 3, updated
        assert "A decision made in the open" in screen.markdown
        assert any("A decision made in the open" in section.source for section in sections)


async def test_a_closed_view_is_not_kept_alive(plan_file: store.PlanFile, wait_until) -> None:
    """Leaving the Report view lets it go: no subscription holds it (and the thousands of
    objects it drew), so the next garbage collection does not have to walk them all."""
    import gc
    import weakref

    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        closed = weakref.ref(screen)
        del screen
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReportScreen))
        # Textual's own loops keep the last message each handled (a widget of the
        # workbook may hold the one the view sent as it closed) until the next one:
        # a resize gives every widget one.
        await pilot.resize_terminal(81, 24)
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: gc.collect() >= 0 and closed() is None)


def footer_keys(screen) -> dict[str, str]:
    """The keys the footer shows and what it says for each."""
    return {
        key: active.binding.description
        for key, active in screen.active_bindings.items()
        if active.binding.show
    }


async def test_t_switches_between_the_team_report_and_the_community_page(plan_file: store.PlanFile) -> None:
    """At 80×24, `t` shows the community's page (the top line and the title say so, the
    footer offers the key) and `t` again the team's report; the page carries no tracking."""
    from cfos_tui.community.page import render_community_page

    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        status = drawn_text(screen, "#report-status")
        assert status.startswith("Team report as of 2025-03-15 · t: community page")
        assert footer_keys(screen)["t"] == "Audience"
        await pilot.press("t")
        await settle(pilot)
        expected = render_community_page(app.plan_file.plan, app.plan_file.playbook, TODAY)
        assert screen.markdown == expected
        shown = shown_text(screen)
        assert shown.splitlines()[0].startswith("Welcome to Nebula")
        assert "Glossary" in shown and "transition plan" in shown
        assert "Overdue" not in shown and "Checklist" not in shown and "▓" not in shown
        assert drawn_text(screen, "#report-status").startswith(
            "Community page as of 2025-03-15 · t: team report"
        )
        assert screen.title == "Community page"
        await pilot.press("t")
        await settle(pilot)
        assert screen.markdown == render_report(app.plan_file.plan, app.plan_file.playbook, TODAY)
        assert "Nebula: community transition plan" in shown_text(screen)
        assert screen.title == "Report"


async def test_export_writes_the_audience_shown(plan_file: store.PlanFile) -> None:
    """With the community's page shown, `e` offers <plan stem>-community.md and writes the
    page; the team's export keeps its own default and last place."""
    from cfos_tui.community.page import render_community_page

    app = WorkbookApp(plan_file.path)
    notices = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal)
        target = plan_file.path.parent.resolve() / "nebula-community.md"
        assert modal.query_one("#export-path", Input).value == str(target)
        assert str(modal.query_one(".dialog-title").render()) == "Export the community page"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        expected = render_community_page(app.plan_file.plan, app.plan_file.playbook, TODAY)
        assert target.read_text(encoding="utf-8") == expected
        assert f"Community page written to {target}" in notices
        await pilot.press("t", "e")
        await settle(pilot)
        assert app.screen.query_one("#export-path", Input).value == str(
            plan_file.path.parent.resolve() / "nebula-report.md"
        )


async def test_the_report_is_rendered_ahead_and_opens_with_that(
    plan_file: store.PlanFile, monkeypatch: pytest.MonkeyPatch, wait_until
) -> None:
    """Once the workbook is idle the team's report is rendered in a thread; `r` then shows
    that rendering without rendering again. After an edit the old one is not used: the
    view renders the plan as it is, and a new one is rendered ahead after a quiet spell."""
    import threading

    from cfos_tui.tui import app as app_module
    from cfos_tui.tui.screens import report as report_module

    monkeypatch.setattr(app_module, "REPORT_AHEAD_DELAY", 0.05)
    rendered_by: list[str] = []
    prepare = report_module.prepare_report

    def counting(*arguments):
        rendered_by.append(threading.current_thread().name)
        return prepare(*arguments)

    monkeypatch.setattr(report_module, "prepare_report", counting)
    main = threading.current_thread().name
    app = WorkbookApp(plan_file.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "escape")  # the workbook, idle
        await wait_until(pilot, lambda: app.report_ahead() is not None)
        assert rendered_by and main not in rendered_by
        ahead = app.report_ahead()
        assert ahead is not None
        assert ahead.markdown == render_report(app.plan_file.plan, app.plan_file.playbook, TODAY)
        first = ahead.sections[: report_module.FIRST_SECTIONS]
        width = app.size.width - report_module.SECTION_GUTTER
        assert set(app.sections_ahead) == {(piece, width) for piece in first}
        drawn: list[str] = []
        draw = report_module.section_lines

        def drawing(console, source: str, width: int):
            drawn.append(source)
            return draw(console, source, width)

        monkeypatch.setattr(report_module, "section_lines", drawing)
        screen = await open_report(pilot)
        assert screen.markdown == ahead.markdown
        assert main not in rendered_by  # the view used the rendering made ahead
        assert drawn and not set(drawn) & set(first)  # and the sections drawn ahead
        assert drawn_sections(screen)[0].startswith("Nebula: community transition plan")
        await pilot.press("escape")
        app.session.cycle_status("personas-drafted")
        assert app.report_ahead() is None  # of the plan before the edit
        rendered_by.clear()
        screen = await open_report(pilot)
        assert main in rendered_by  # rendered at once by the view, with the edit in it
        assert screen.markdown == render_report(app.plan_file.plan, app.plan_file.playbook, TODAY)
        await wait_until(pilot, lambda: app.report_ahead() is not None)
        assert app.report_ahead().markdown == screen.markdown


async def test_a_report_rendered_ahead_for_another_plan_is_not_shown(
    plan_file: store.PlanFile, tmp_path: Path, wait_until
) -> None:
    """A plan opened in place of another (same revision count) never shows the first's report."""
    app = WorkbookApp(plan_file.path)
    other = build_plan(tmp_path / "other.toml", project="Other project")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_view(pilot, "escape")
        await wait_until(pilot, lambda: app.report_ahead() is not None)
        app.install_plan(store.load(other.path))
        await pilot.pause()
        assert app.report_ahead() is None
        screen = await open_report(pilot)
        assert "Other project" in screen.markdown
