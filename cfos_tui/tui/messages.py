"""Messages the workbook posts between its screens and widgets.

Small dataclasses, one place. Edits of the plan are not messages: views watch the
app's ``revision`` (and the status bar its ``save_state``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class StepChosen(Message):
    """The person picked a step (in the navigation panel, or by id from elsewhere)."""

    step_id: str


@dataclass
class StepPageReady(Message):
    """A step page finished mounting its questions and checklist."""

    step_id: str
