"""The roadmap panel: phases that fold and unfold, a cursor that follows the open
step, clicks that open a step, and labels drawn as they are told."""

from __future__ import annotations

from pathlib import Path

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.widgets.nav import FOLDED, OPEN, RoadmapNav
from tests.fixtures.waiting import open_workbook, wait_until


def lines(nav: RoadmapNav) -> list[str]:
    return [nav.render_line(y).text for y in range(nav.scrollable_content_region.height)]


async def test_a_phase_folds_and_unfolds_and_the_cursor_stays_on_it(plan_path: Path) -> None:
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        phase = app.plan_file.playbook.phases[0]
        assert lines(nav)[0].startswith(f"{OPEN} {phase.title}")
        assert lines(nav)[1].startswith("├ ") and lines(nav)[len(phase.steps)].startswith("└ ")
        nav.focus()
        nav.select_step(phase.steps[1].id)
        await pilot.press("up", "up", "space")  # fold the first phase from its title
        await pilot.pause()
        assert lines(nav)[0].startswith(f"{FOLDED} {phase.title}")
        assert lines(nav)[1].startswith(f"{OPEN} {app.plan_file.playbook.phases[1].short}")
        assert nav.cursor_row is not None and nav.cursor_row.id == phase.id
        nav.select_step(phase.steps[0].id)  # a step of a folded phase unfolds it
        await pilot.pause()
        assert lines(nav)[0].startswith(f"{OPEN} ")
        assert nav.cursor_row is not None and nav.cursor_row.id == phase.steps[0].id
        await pilot.press("up", "enter")  # enter on a phase folds it too
        await pilot.pause()
        assert lines(nav)[0].startswith(f"{FOLDED} ")
        await pilot.click(RoadmapNav, offset=(2, 0))  # and so does a click
        await pilot.pause()
        assert lines(nav)[0].startswith(f"{OPEN} ")


async def test_a_click_on_a_step_opens_it(plan_path: Path) -> None:
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        third = app.plan_file.playbook.phases[0].steps[2]
        await pilot.click(RoadmapNav, offset=(4, 3))
        await wait_until(pilot, lambda: app.screen.page.step.id == third.id)
        assert nav.cursor_row is not None and nav.cursor_row.id == third.id
        await pilot.hover(RoadmapNav, offset=(4, 5))
        await pilot.pause()
        hovered, plain = nav.render_line(5), nav.render_line(6)
        assert list(hovered)[1].style != list(plain)[1].style  # the line under the mouse is lit


async def test_the_cursor_is_dimmed_when_the_panel_loses_the_focus(plan_path: Path) -> None:
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        nav.focus()
        await pilot.pause()
        focused = list(nav.render_line(1))[1].style
        app.screen.set_focus(None)
        await pilot.pause()
        assert list(nav.render_line(1))[1].style != focused


async def test_a_step_remembered_far_down_is_in_view_when_the_plan_opens(plan_path: Path) -> None:
    """Reopened at its last step in a short terminal, the panel is scrolled to it."""
    from cfos_tui import locations

    last = WorkbookApp(plan_path)
    async with last.run_test(size=(80, 14)) as pilot:
        await open_workbook(pilot)
        steps = last.plan_file.playbook.steps
    locations.remember(plan_path.resolve(), steps[-1].id)
    app = WorkbookApp(None)
    async with app.run_test(size=(80, 14)) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        await pilot.pause()
        assert nav.cursor_row is not None and nav.cursor_row.id == steps[-1].id
        label = nav.step_labels()[steps[-1].id]
        assert any(line.endswith(f"{label} ") or label in line for line in lines(nav))  # on screen


async def test_a_finished_step_has_a_green_mark_and_phases_are_bold(plan_path: Path) -> None:
    plan_file = store.load(plan_path)
    first = plan_file.playbook.steps[0]
    for item in first.items:
        plan_file.plan.items[item.id].status = "done"
    plan_file.save()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        nav.blur()  # the cursor's own colours aside
        await pilot.pause()
        phase, step = nav.render_line(0), nav.render_line(1)
        phase_title = app.plan_file.playbook.phases[0].title
        assert next(segment for segment in phase if phase_title[:8] in segment.text).style.bold
        mark = next(segment for segment in step if segment.text == "✓")
        assert mark.style.color is not None and mark.style.color.name == "green"
        title = next(segment for segment in step if first.title[:8] in segment.text)
        assert title.style.color is None or title.style.color.name != "green"
