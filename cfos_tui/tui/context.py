"""The typed way from any widget or screen to the workbook app and its open plan.

``self.app`` is typed as a plain ``App``; these helpers check once that it is the
workbook and hand back its real type, so the rest of the workbook reads its state
without casts or ``type: ignore``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

from cfos_tui.session import PlanSession

if TYPE_CHECKING:
    from cfos_tui.tui.app import WorkbookApp


def workbook(node: DOMNode) -> WorkbookApp:
    """The workbook app ``node`` belongs to."""
    from cfos_tui.tui.app import WorkbookApp

    app = node.app
    if not isinstance(app, WorkbookApp):
        raise TypeError(f"{type(node).__name__} runs outside the workbook app")
    return app


def session(node: DOMNode) -> PlanSession:
    """The open plan's session, for reading the plan and changing it."""
    return workbook(node).session
