"""The tick box: empty when off, ticked when on; space, enter and clicks toggle it and
say so; its label shows literally."""

from __future__ import annotations

from textual.app import App, ComposeResult

from cfos_tui.tui.widgets.tick_box import TICK, TickBox


class TickApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[bool] = []

    def compose(self) -> ComposeResult:
        yield TickBox("[b]Overdue[/] [1]", id="box")

    def on_tick_box_changed(self, event: TickBox.Changed) -> None:
        assert event.control is self.query_one(TickBox)
        self.changes.append(event.value)


async def test_keys_and_clicks_tick_and_clear_the_box() -> None:
    app = TickApp()
    async with app.run_test(size=(40, 5)) as pilot:
        box = app.query_one(TickBox)
        box.focus()
        await pilot.pause()
        assert str(box.render()) == "▐ ▌ [b]Overdue[/] [1] "
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True and str(box.render()).startswith(f"▐{TICK}▌")
        await pilot.press("enter")
        await pilot.click(TickBox)
        await pilot.pause()
        assert app.changes == [True, False, True]
        box.value = True  # unchanged: nothing is posted
        box.toggle()
        await pilot.pause()
        assert app.changes == [True, False, True, False]
