"""The footer every screen shows: Textual's, built again only when its keys change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

ShownKey = tuple[str, str, bool, str]
"""A key as the footer shows it: the key, its label, whether it is enabled, its tooltip."""


def shown_keys(screen: Screen[object]) -> tuple[ShownKey, ...]:
    """The keys a footer on ``screen`` shows now, in order."""
    return tuple(
        (binding.key, binding.description, enabled, tooltip or binding.tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeysFooter(Footer):
    """Textual's footer (compact unless told otherwise) rebuilds every key each time
    the focus moves. Most moves leave the same keys shown (Tab from one question to the next), and the
    rebuild is a good part of what opening a view or moving the focus costs, so this
    one rebuilds only when what it shows would change."""

    def __init__(self, *, compact: bool = True) -> None:
        super().__init__(compact=compact)
        self._keys_shown: tuple[ShownKey, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        keys = shown_keys(screen)
        if keys == self._keys_shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._keys_shown = keys  # the footer rebuilds itself with these
