"""A step's guidance folds and unfolds from its toggle line; begun steps open folded."""

from __future__ import annotations

from pathlib import Path

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.widgets.step_page import Guidance, GuidanceToggle

SIZE = (80, 24)


def shown(app: WorkbookApp) -> tuple[str, bool]:
    toggle = app.screen.query_one(GuidanceToggle)
    return str(toggle.render()), app.screen.query_one("#guidance-text", Guidance).display


async def test_enter_and_a_click_fold_and_unfold_it(plan_path: Path, open_workbook) -> None:
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        assert shown(app) == ("▼ Guidance", True)  # a step not begun: unfolded
        await pilot.press("tab")
        assert isinstance(app.focused, GuidanceToggle)
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app) == ("▶ Guidance", False)
        await pilot.click(GuidanceToggle)
        await pilot.pause()
        assert shown(app) == ("▼ Guidance", True)
        assert app.screen.query_one("#guidance-text").region.height > 0


async def test_a_begun_step_opens_folded(plan_path: Path, open_workbook, goto) -> None:
    plan_file = store.load(plan_path)
    first = plan_file.playbook.steps[0]
    plan_file.plan.set_answer(first.id, first.fields[0].id, "Researchers")
    plan_file.save()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        assert shown(app) == ("▶ Guidance", False)
        await goto(pilot, "vision")  # not begun
        assert shown(app) == ("▼ Guidance", True)
        await goto(pilot, "values")  # the playbook's suggested values are not the team's answer
        assert shown(app) == ("▼ Guidance", True)


async def test_an_accepted_record_begins_a_step(plan_path: Path, open_workbook, goto) -> None:
    plan_file = store.load(plan_path)
    values = plan_file.plan.answers["values"]["values"]
    first = next(iter(values))
    values[first] = {k: v for k, v in values[first].items() if k != "suggested"}
    plan_file.save()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "values")
        assert shown(app) == ("▶ Guidance", False)


async def test_unfolding_at_the_foot_of_the_page_brings_the_guidance_into_view(
    plan_path: Path, open_workbook
) -> None:
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        page = app.screen.page
        await pilot.press("tab", "enter")  # folded
        await pilot.pause()
        toggle = app.screen.query_one(GuidanceToggle)
        page.styles.padding = (page.size.height - 2, 0, 0, 0)  # the toggle on the page's last line
        await pilot.pause()
        page.scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        guidance = app.screen.query_one("#guidance-text", Guidance)
        assert page.scroll_y > 0
        assert guidance.region.height > 1 and toggle.region.height == 1
