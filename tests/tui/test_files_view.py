"""The Files view: the community files, their states and diffs, writing them."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import DataTable, Static

from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.files import FilesScreen
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from tests.fixtures.screen import drawn_text

ROOT = Path(__file__).resolve().parents[2]
SIZE = (80, 24)


def _checkout(tmp_path: Path) -> Path:
    """The example plan inside a checkout (its recorded checkout: the folder above)."""
    checkout = tmp_path / "repo"
    (checkout / "plans").mkdir(parents=True)
    text = (ROOT / "plans" / "nebari.toml").read_text(encoding="utf-8")
    plan = checkout / "plans" / "nebari.toml"
    plan.write_text(text.replace("team = [", 'checkout = ".."\nteam = [', 1), encoding="utf-8")
    return plan


async def _open_files(pilot, open_workbook, wait_until) -> FilesScreen:
    """Open the workbook, then the Files view once it has read the checkout."""
    await open_workbook(pilot)
    await pilot.press("w")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FilesScreen) and pilot.app.screen.states)
    return pilot.app.screen


def _states(screen: FilesScreen) -> dict[str, str]:
    table = screen.query_one(DataTable)
    return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}


async def test_lists_the_files_shows_a_diff_and_writes_one_then_all(
    tmp_path: Path, open_workbook, wait_until
) -> None:
    plan = _checkout(tmp_path)
    checkout = plan.parent.parent
    app = WorkbookApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_files(pilot, open_workbook, wait_until)
        assert _states(screen)["CODE_OF_CONDUCT.md"] == "new"
        assert "11 to write" in drawn_text(screen, "#files-where")
        assert "+++ b/CODE_OF_CONDUCT.md" in str(screen.query_one("#files-diff", Static).render())
        await pilot.press("w")
        await wait_until(pilot, lambda: (checkout / "CODE_OF_CONDUCT.md").is_file())
        await wait_until(pilot, lambda: _states(screen).get("CODE_OF_CONDUCT.md") == "unchanged")
        await pilot.press("W")
        await wait_until(pilot, lambda: set(_states(screen).values()) == {"unchanged"})
        assert (checkout / ".github" / "ISSUE_TEMPLATE" / "bug.yml").is_file()
        assert "every file agrees with the plan" in drawn_text(screen, "#files-where")


async def test_a_blocked_file_says_what_it_needs_and_enter_goes_there(
    tmp_path: Path, open_workbook, wait_until
) -> None:
    plan = _checkout(tmp_path)
    app = WorkbookApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.session.set_answer("security-response", "team", None)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, FilesScreen) and app.screen.states)
        screen = app.screen
        assert _states(screen)["SECURITY.md"] == "needs answers"
        table = screen.query_one(DataTable)
        table.move_cursor(row=[s.path for s in screen.states].index("SECURITY.md"))
        await pilot.pause()
        shown = str(screen.query_one("#files-diff", Static).render())
        assert "Security → Security response team" in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "security-response")


async def test_a_hand_edited_file_is_replaced_only_when_confirmed(
    tmp_path: Path, open_workbook, wait_until
) -> None:
    plan = _checkout(tmp_path)
    checkout = plan.parent.parent
    (checkout / "SUPPORT.md").write_text("# Our own support page\n", encoding="utf-8")
    app = WorkbookApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_files(pilot, open_workbook, wait_until)
        assert _states(screen)["SUPPORT.md"] == "not made by cfos-plan"
        screen.query_one(DataTable).move_cursor(row=[s.path for s in screen.states].index("SUPPORT.md"))
        await pilot.press("W")  # write all leaves it alone
        await wait_until(pilot, lambda: _states(screen).get("CODE_OF_CONDUCT.md") == "unchanged")
        assert (checkout / "SUPPORT.md").read_text() == "# Our own support page\n"
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        assert (checkout / "SUPPORT.md").read_text() == "# Our own support page\n"
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#yes")
        await wait_until(pilot, lambda: (checkout / "SUPPORT.md.before-cfos-plan").is_file())
        assert "<!-- cfos-plan:begin SUPPORT.md -->" in (checkout / "SUPPORT.md").read_text()


async def test_without_a_checkout_it_says_where_to_set_one(tmp_path: Path, open_workbook, wait_until) -> None:
    plan = tmp_path / "alone" / "nebari.toml"
    plan.parent.mkdir()
    shutil.copy(ROOT / "plans" / "nebari.toml", plan)
    app = WorkbookApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("w")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, FilesScreen) and "checkout" in drawn_text(app.screen, "#files-where")
            ),
        )
        assert "the Audit view, u, sets the checkout" in drawn_text(app.screen, "#files-where")
