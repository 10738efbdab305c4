"""Opening a plan that follows an older playbook version: the workbook offers the
upgrade, never does it by itself."""

from __future__ import annotations

from pathlib import Path

from cfos_tui import store
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.workbook import WorkbookScreen
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from tests.fixtures.screen import drawn_text
from tests.fixtures.versions import v1_plan

SIZE = (80, 24)


async def test_the_offer_says_what_comes_and_upgrades_only_when_asked(tmp_path: Path, wait_until) -> None:
    plan_path = v1_plan(tmp_path)
    before = plan_path.read_bytes()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, ConfirmScreen) and drawn_text(app.screen, ".dialog-text")
        )
        text = drawn_text(app.screen, ".dialog-text")
        assert "version 1 of the playbook mini" in text
        assert "1 new step, 1 new question, 2 new checklist items" in text
        assert plan_path.read_bytes() == before  # nothing happens until the person says so
        await pilot.click("#yes")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WorkbookScreen) and app.plan_file.playbook.version == "2"
        )
        await wait_until(pilot, lambda: not app.plan_file.dirty)
        assert app.screen.query_one("#nav").playbook.step("gamma") is not None
    after = store.load(plan_path)
    assert after.plan.playbook_version == "2"
    assert after.plan.items["gamma-done"].status == "todo"
    assert after.plan.items["alpha-done"].status == "done"


async def test_not_now_leaves_the_plan_as_it_was(tmp_path: Path, wait_until) -> None:
    plan_path = v1_plan(tmp_path)
    before = plan_path.read_bytes()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkbookScreen))
        assert app.plan_file.playbook.version == "1"
        assert app.plan_file.playbook.step("gamma") is None
    assert plan_path.read_bytes() == before
