"""Messages the workbook posts between its screens and widgets.

Small dataclasses, one place: a screen that wants to react to an edit made
elsewhere listens for ``PlanChanged``; one that needs the whole plan redrawn
(after a reload from disk) listens for ``PlanReloaded``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class PlanChanged(Message):
    """The open plan was edited in memory (not necessarily saved yet)."""

    items: bool = True
    """Whether checklist items may have changed (and with them, progress)."""


@dataclass
class PlanReloaded(Message):
    """The open plan was read again from disk; every view should redraw from it."""


@dataclass
class SaveStateChanged(Message):
    """The saved / unsaved / saving state of the open plan changed."""

    state: str


@dataclass
class StepChosen(Message):
    """The person picked a step (in the navigation panel, or by id from elsewhere)."""

    step_id: str


@dataclass
class StepPageReady(Message):
    """A step page finished mounting its questions and checklist."""

    step_id: str
