"""What every full-screen view over the roadmap shares."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.screen import Screen


class View(Screen[None]):
    """A full-screen view opened over the roadmap; ``escape`` goes back to it."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self._styled_on_mount = True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.ScreenResume) and self._styled_on_mount:
            # The first time it is shown, the view was styled a moment ago, as it was
            # mounted: styling every widget again would change nothing and cost a
            # tenth of the key's time.
            self._styled_on_mount = False
            event.refresh_styles = False
        await super().on_event(event)

    def action_close(self) -> None:
        self.dismiss()
