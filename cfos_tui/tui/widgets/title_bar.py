"""The line at the top of every view: an icon for the command palette and the title.

It looks and behaves like Textual's ``Header`` (the icon on the left opens the command
palette; the screen's title and sub-title are centred, cut with an ellipsis), but it
is one widget where ``Header`` is four (the header, its icon, its title and the
clock's space). Each widget is styled as a view is mounted and again as it is shown,
and laid out and drawn, so those three widgets were a sixth of what opening a view
cost.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from cfos_tui.tui.widgets.text import one_line

ICON = "⭘"
ICON_WIDTH = 8
"""The cells on the left that show the icon, and that a click there opens the palette."""
RIGHT_WIDTH = 10
"""Blank cells on the right, where Textual's header keeps room for a clock."""


class TitleBar(Widget):
    """The screen's title and sub-title (the app's when the screen has none), centred
    and shown literally."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._over_icon = False

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._title_changed, init=False)
            self.watch(owner, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    @property
    def title(self) -> str:
        screen_title = self.screen.title
        return screen_title if screen_title is not None else self.app.title

    @property
    def sub_title(self) -> str:
        screen_sub_title = self.screen.sub_title
        return screen_sub_title if screen_sub_title is not None else self.app.sub_title

    def render(self) -> Content:
        width = self.size.width
        middle = max(0, width - ICON_WIDTH - RIGHT_WIDTH)
        heading = self.app.format_title(one_line(self.title), one_line(self.sub_title))
        heading = heading.truncate(middle, ellipsis=True)
        left = (middle - heading.cell_length) // 2
        icon = Content(f" {ICON}".ljust(ICON_WIDTH))
        if self._over_icon:
            # The foreground at 10% over the bar, as Textual's header shows it. Worked
            # out here rather than by a component class: each of those is styled like
            # one more widget every time a view is built.
            styles = self.styles
            icon = icon.stylize(Style(background=styles.background + styles.color.with_alpha(0.1)))
        return Content.assemble(
            icon, " " * left, heading, " " * (width - ICON_WIDTH - left - heading.cell_length)
        )

    # --- the icon -------------------------------------------------------------

    def _hover_icon(self, over: bool) -> None:
        if over != self._over_icon:
            self._over_icon = over
            self.tooltip = "Open the command palette" if over and self.app.ENABLE_COMMAND_PALETTE else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_icon(event.x < ICON_WIDTH)

    def on_leave(self) -> None:
        self._hover_icon(False)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
