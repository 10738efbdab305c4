"""The views' title bar: the title and sub-title centred and literal, kept up to date,
cut with an ellipsis when narrow, and an icon that opens the command palette."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widgets import Label

from cfos_tui.tui.widgets.title_bar import ICON, ICON_WIDTH, RIGHT_WIDTH, TitleBar


class TitleApp(App[None]):
    TITLE = "Checklist"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Label("body")

    def on_mount(self) -> None:
        self.screen.sub_title = "[b]Nebari[/] [1] \x1b[31m"


def drawn(app: App[None]) -> str:
    return app.query_one(TitleBar).render_line(0).text


async def test_the_title_and_sub_title_are_centred_between_the_icon_and_the_right_margin() -> None:
    app = TitleApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = drawn(app)
        assert len(line) == 80
        assert line[:ICON_WIDTH] == f" {ICON}".ljust(ICON_WIDTH)
        heading = "Checklist — [b]Nebari[/] [1] ␛[31m"  # markup and the escape character literal
        middle = line[ICON_WIDTH : 80 - RIGHT_WIDTH]
        assert middle.strip() == heading
        left = (len(middle) - len(heading)) // 2
        assert middle.index("Checklist") == left
        assert line[80 - RIGHT_WIDTH :] == " " * RIGHT_WIDTH


async def test_a_new_title_or_sub_title_is_shown_and_a_long_one_is_cut() -> None:
    app = TitleApp()
    async with app.run_test(size=(40, 24)) as pilot:
        await pilot.pause()
        app.screen.title = "Community page"
        app.screen.sub_title = "A project with a very long name indeed"
        await pilot.pause()
        middle = drawn(app)[ICON_WIDTH : 40 - RIGHT_WIDTH]
        assert middle.startswith("Community page — A pr") and middle.endswith("…")
        assert len(middle) == 40 - ICON_WIDTH - RIGHT_WIDTH


async def test_a_click_on_the_icon_opens_the_command_palette_and_elsewhere_does_not() -> None:
    app = TitleApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.hover(TitleBar, offset=(2, 0))
        await pilot.pause()
        assert app.query_one(TitleBar).tooltip == "Open the command palette"
        await pilot.click(TitleBar, offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_the_icon_is_lit_while_the_mouse_is_over_it() -> None:
    app = TitleApp()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.query_one(TitleBar)
        await pilot.pause()
        plain = bar.render_line(0)
        await pilot.hover(TitleBar, offset=(2, 0))
        await pilot.pause()
        lit = bar.render_line(0)
        icon_background = {segment.style.bgcolor for segment in lit.crop(0, ICON_WIDTH) if segment.style}
        assert icon_background and icon_background != {segment.style.bgcolor for segment in plain.crop(0, 1)}
        assert lit.crop(ICON_WIDTH).text == plain.crop(ICON_WIDTH).text
        await pilot.hover(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert bar.tooltip is None
        assert bar.render_line(0).crop(0, ICON_WIDTH) == plain.crop(0, ICON_WIDTH)
