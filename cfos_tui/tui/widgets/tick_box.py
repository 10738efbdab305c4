"""A checkbox whose state reads without colour."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A checkbox that is empty when off and ticked when on, so its state reads
    without colour (Textual's draws an X either way)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's class attribute, made live)
        return "✓" if self.value else " "
