"""The start screen: new plans, recent plans, opening files, and problems shown plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from cfos_tui import locations
from cfos_tui.tui import run_workbook
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.new_plan import NewPlanScreen
from cfos_tui.tui.screens.start import StartScreen
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from tests.fixtures.screen import drawn_text

SIZE = (80, 24)


def error_text(app: WorkbookApp) -> str:
    return drawn_text(app.screen, "#start-error")


async def test_create_plan_from_start_screen(open_workbook, wait_until, isolated_home: Path) -> None:
    """New plan asks for the project and team, writes the file in the data folder and opens it."""
    app = WorkbookApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewPlanScreen))
        await pilot.press(*"Nebari")
        expected = locations.data_dir() / "nebari.toml"
        assert app.screen.query_one("#plan-path", Input).value == str(expected)
        app.screen.query_one("#team", Input).value = "Ana, Bo, , Ana"
        app.screen.query_one("#checkout", Input).value = "/src/nebari"
        await pilot.click("#create")
        await open_workbook(pilot)
        assert app.plan_file.path == expected
        assert app.plan_file.plan.project == "Nebari"
        assert app.plan_file.plan.team == ["Ana", "Bo"]
        assert app.plan_file.plan.checkout == "/src/nebari"
    assert expected.is_file()
    assert locations.last_plan().path == expected.resolve()


async def test_new_plan_needs_a_name_and_a_free_path(plan_path: Path, wait_until) -> None:
    """The form refuses an empty name and an existing file, in place, without a traceback."""
    app = WorkbookApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.click("#new-plan")
        await wait_until(pilot, lambda: isinstance(app.screen, NewPlanScreen))
        await pilot.click("#create")
        assert "needs a name" in drawn_text(app.screen, "#new-plan-error")
        app.screen.query_one("#project", Input).value = "Demo"
        await pilot.pause()
        assert drawn_text(app.screen, "#new-plan-error") == ""  # typing clears the complaint
        app.screen.query_one("#plan-path", Input).value = str(plan_path)
        await pilot.pause()
        await pilot.press("ctrl+s")  # Create; a second click this soon could hit the button's debounce
        await wait_until(pilot, lambda: "already exists" in drawn_text(app.screen, "#new-plan-error"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_recent_plans_show_progress_and_problems(make_plan, wait_until) -> None:
    """Recent plans list their project and progress; an unreadable one says so."""
    good = make_plan("good.toml", project="Good [b]one[/]")
    broken = make_plan("broken.toml")
    broken.write_text("schema = 1\nproject = [unclosed\n", encoding="utf-8")
    locations.remember(broken)
    locations.remember(good, "license")
    app = WorkbookApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.plan_file is not None)  # the last plan reopens
        assert app.plan_file.path == good.resolve()
        await pilot.pause()
        assert app.screen.page.step.id == "license"
        app.call_later(app.action_start)  # "Open another plan" in the palette
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        options = app.screen.query_one("#recent", OptionList)
        await wait_until(pilot, lambda: "0/108" in str(options.get_option_at_index(0).prompt))
        assert "Good [b]one[/]" in str(options.get_option_at_index(0).prompt)
        await wait_until(pilot, lambda: "cannot be read" in str(options.get_option_at_index(1).prompt))
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")
        await wait_until(pilot, lambda: "broken.toml" in error_text(app))
        assert isinstance(app.screen, StartScreen)


async def test_open_file_field(plan_path: Path, tmp_path: Path, open_workbook, wait_until) -> None:
    """Open takes a path: a folder is refused, a missing file is offered for creation, a plan opens."""
    app = WorkbookApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        field = app.screen.query_one("#open-path", Input)
        field.value = str(tmp_path)
        await pilot.click("#open")
        assert "is a folder" in error_text(app)
        field.value = str(tmp_path / "new-one.toml")
        field.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NewPlanScreen))
        assert app.screen.query_one("#plan-path", Input).value == str(tmp_path / "new-one.toml")
        await pilot.press("escape")
        await pilot.pause()
        assert not (tmp_path / "new-one.toml").exists()
        field = app.screen.query_one("#open-path", Input)
        field.value = str(plan_path)
        field.focus()
        await pilot.press("enter")
        await open_workbook(pilot)
        assert app.plan_file.path == plan_path


async def test_missing_path_is_offered_not_created(tmp_path: Path, wait_until) -> None:
    """Launching with a path that does not exist asks for the project; cancelling creates nothing."""
    path = tmp_path / "later.toml"
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NewPlanScreen))
        assert "does not exist yet" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert not path.exists()


async def test_bad_plan_shows_its_problem(tmp_path: Path, wait_until) -> None:
    """A plan that cannot be read opens the start screen with the located problem, no traceback."""
    path = tmp_path / "bad.toml"
    path.write_text('schema = 1\nproject = "x"\nplaybook = "community-first"\n[items\n', encoding="utf-8")
    app = WorkbookApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and error_text(app))
        assert f"{path}:4" in error_text(app)


def test_the_workbook_runs_with_a_short_switch_interval(tmp_path: Path, monkeypatch) -> None:
    """While the workbook runs, the thread that writes frames to the terminal gets its
    turn within a millisecond; Python's own interval is back once it has quit."""
    import sys

    from cfos_tui.tui import SWITCH_INTERVAL

    seen: list[float] = []
    monkeypatch.setattr(WorkbookApp, "run", lambda app: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    assert run_workbook(tmp_path / "plan.toml") == 0
    assert seen == [SWITCH_INTERVAL] and before > SWITCH_INTERVAL
    assert sys.getswitchinterval() == before


def test_the_workbook_starts_without_garbage_collection(tmp_path: Path, monkeypatch) -> None:
    """Collection is off while the app starts, and on again once it has quit (or failed)."""
    import gc

    seen: list[bool] = []
    monkeypatch.setattr(WorkbookApp, "run", lambda app: seen.append(gc.isenabled()))
    assert run_workbook(tmp_path / "plan.toml") == 0
    assert seen == [False] and gc.isenabled()

    def fails(app: WorkbookApp) -> None:
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(WorkbookApp, "run", fails)
    with pytest.raises(RuntimeError):
        run_workbook(tmp_path / "plan.toml")
    assert gc.isenabled()


async def test_collection_resumes_once_the_first_screen_is_idle(
    plan_path: Path, open_workbook, wait_until, monkeypatch
) -> None:
    """Started as run_workbook starts it, the app draws its first screen without
    collecting, then collects once and turns collection back on; an app not told so
    leaves collection as it found it."""
    import gc

    at_first_screen: list[bool] = []
    first_screen_ready = WorkbookApp.first_screen_ready

    def ready(app: WorkbookApp) -> None:
        at_first_screen.append(gc.isenabled())
        first_screen_ready(app)

    monkeypatch.setattr(WorkbookApp, "first_screen_ready", ready)
    gc.disable()
    try:
        app = WorkbookApp(plan_path, collection_paused=True)
        async with app.run_test(size=SIZE) as pilot:
            await open_workbook(pilot)
            await wait_until(pilot, gc.isenabled)
        assert at_first_screen == [False]

        gc.disable()
        other = WorkbookApp(plan_path)
        async with other.run_test(size=SIZE) as pilot:
            await open_workbook(pilot)
            await wait_until(pilot, lambda: other.prepared_report is not None)  # idle: views preloaded
            assert not gc.isenabled()
    finally:
        gc.enable()


def test_run_workbook_refuses_a_folder(tmp_path: Path, capsys) -> None:
    """run_workbook on a folder prints one plain line and returns 2."""
    assert run_workbook(tmp_path) == 2
    assert "is a folder" in capsys.readouterr().err


async def test_a_plan_in_a_folder_still_to_make_asks_then_makes_it(
    open_workbook, wait_until, isolated_home: Path, tmp_path: Path
) -> None:
    """community/transition-plan.toml where community/ does not exist: asked first, then the
    folder and the plan are made; declining leaves no folder and says why."""
    target = tmp_path / "project" / "community" / "transition-plan.toml"
    app = WorkbookApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewPlanScreen))
        await pilot.press(*"Nebari")
        app.screen.query_one("#plan-path", Input).value = str(target)
        await pilot.click("#create")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#no")
        await wait_until(pilot, lambda: isinstance(app.screen, NewPlanScreen))
        assert not target.parent.exists()
        assert "does not exist" in drawn_text(app.screen, "#new-plan-error")
        await pilot.click("#create")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#yes")
        await open_workbook(pilot)
        assert app.plan_file.path == target
    assert target.is_file()
