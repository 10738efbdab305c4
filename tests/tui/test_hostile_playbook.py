"""A team's own playbook with escape sequences in its help texts: the workbook shows them visibly."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from cfos_tui.tui.app import WorkbookApp
from tests.fixtures.own_playbook import plan_with_playbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIZE = (80, 24)


async def test_item_hints_field_help_and_guidance_never_reach_the_terminal_raw(
    tmp_path: Path, open_workbook, wait_until
) -> None:
    """An item hint, a records column's help, a records field's help and the guidance with ESC
    in them are drawn with ␛ instead."""
    text = (FIXTURES / "playbook-mini.toml").read_text(encoding="utf-8")
    text = text.replace('title = "Alpha is done"', 'title = "Alpha is done"\nhint = "Hint\\u001b[2J"')
    text = text.replace('label = "People"', 'label = "People"\nhelp = "Field help\\u001b]0;x\\u0007"')
    text = text.replace('label = "Name" }', 'label = "Name", help = "Column\\u001b[31m" }')
    text = text.replace('guidance = "Why alpha matters."', 'guidance = "Why\\u001b[5m alpha matters."')
    app = WorkbookApp(plan_with_playbook(tmp_path, text))
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await wait_until(pilot, lambda: app.screen.page.ready)
        helps = [str(label.render()) for label in app.screen.query(".field-help").results(Label)]
        assert any("Field help␛]0;x␇" in shown for shown in helps)
        assert all("\x1b" not in shown for shown in helps)
        await wait_until(pilot, lambda: bool(app.screen.query("#guidance-text")))
        guidance = app.screen.query_one("#guidance-text")
        assert "\x1b" not in guidance.source and "␛[5m" in guidance.source
        app.screen.page.query_one("RecordsEditor").edit_record()
        await pilot.pause()
        column_help = [str(label.render()) for label in app.screen.query(".field-help").results(Label)]
        assert any("Column␛[31m" in shown for shown in column_help)
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("StepChecklist").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query(".item-dialog")))
        hints = [str(label.render()) for label in app.screen.query(".hint").results(Label)]
        assert any("Hint␛[2J" in shown for shown in hints)
        assert all("\x1b" not in shown for shown in hints)
