"""What every full-screen view over the roadmap shares."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.screen import Screen


class StyledOnMount(Screen[None]):
    """A screen that is not styled a second time as it is first shown: it was styled a
    moment before, as it was mounted, and styling every widget again would change
    nothing (it was a tenth of what opening a view cost, and of the first frame)."""

    def __init__(self) -> None:
        super().__init__()
        self._styled_on_mount = True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.ScreenResume) and self._styled_on_mount:
            self._styled_on_mount = False
            event.refresh_styles = False
        await super().on_event(event)


class View(StyledOnMount):
    """A full-screen view opened over the roadmap; ``escape`` goes back to it."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def action_close(self) -> None:
        self.dismiss()
