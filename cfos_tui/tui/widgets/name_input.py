"""A one-line box for a person's name that suggests the team's names.

The suggestion shows greyed after what is typed; Tab (or Right, Textual's own key)
takes it, as a shell completes a name. With nothing to take, Tab moves on as usual.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input


class NameInput(Input):
    """An Input for a name, with the team's names as suggestions."""

    BINDINGS = [Binding("tab", "complete", "Take the suggestion", show=False)]

    def __init__(
        self,
        value: str = "",
        *,
        team: Iterable[str] = (),
        placeholder: str = "",
        id: str | None = None,
        compact: bool = False,
    ) -> None:
        names = [name for name in dict.fromkeys(team) if name.strip()]
        suggester = SuggestFromList(names, case_sensitive=False) if names else None
        super().__init__(value, placeholder=placeholder, id=id, compact=compact, suggester=suggester)

    def action_complete(self) -> None:
        """Take the suggestion shown; without one, go to the next field."""
        typed = self.value
        if self.cursor_at_end and typed:
            self.action_cursor_right()  # takes the suggestion when there is one
        if self.value == typed:
            self.screen.focus_next()
