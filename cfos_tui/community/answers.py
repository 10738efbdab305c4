"""The plan's answers as the community files read them.

Only what the team agreed counts: records still marked as suggestions are left out,
empty answers are missing. A file names what it needs as :class:`Need` (a step and
a field, with the question's own words), so that a file that cannot be written yet
can say which answers are missing and where they are asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cfos_tui.kinds import filled_records
from cfos_tui.markdown import entries, is_empty
from cfos_tui.plan import Plan
from cfos_tui.playbook import Playbook

__all__ = ["Answers", "Need"]

_URL = re.compile(r"https?://[^\s<>()\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Need:
    """An answer a file needs: ``step`` → ``field``, asked as ``label``."""

    step: str
    field: str
    label: str
    note: str = ""
    """How the answer must look, when it is there but not usable (``as a web address``)."""

    step_title: str = ""
    """The step's name as the workbook shows it (its short title when it has one)."""

    def __str__(self) -> str:
        step = self.step_title or self.step
        return f"{step} → {self.label}" + (f" ({self.note})" if self.note else "")


class Answers:
    """Read access to one plan's answers, by step and field id."""

    def __init__(self, plan: Plan, playbook: Playbook) -> None:
        self.plan = plan
        self.playbook = playbook

    @property
    def project(self) -> str:
        return self.plan.project

    def value(self, step: str, field: str) -> Any:
        value = self.plan.answer(step, field)
        return None if is_empty(value) else value

    def text(self, step: str, field: str) -> str:
        """A line or text answer ("" when there is none or it is not text)."""
        value = self.value(step, field)
        return value.strip() if isinstance(value, str) else ""

    def items(self, step: str, field: str) -> list[str]:
        """A list answer's entries (a text answer counts as one entry)."""
        value = self.value(step, field)
        if isinstance(value, str):
            return [value.strip()] if value.strip() else []
        return [str(e).strip() for e in entries(value)] if isinstance(value, list) else []

    def records(self, step: str, field: str) -> list[dict[str, Any]]:
        """The records the team agreed (suggestions left out), in the plan's order."""
        return [record for _, record in filled_records(self.plan.answer(step, field))]

    def url(self, step: str, field: str) -> str:
        """The first web address in a line or text answer, or ""."""
        found = _URL.search(self.text(step, field))
        return found.group().rstrip(".,;:") if found else ""

    def need(self, step: str, field: str, note: str = "") -> Need:
        spec = self.playbook.step(step)
        label, title = field, step
        if spec is not None:
            title = spec.short or spec.title
            if (question := spec.field(field)) is not None:
                label = question.label
        return Need(step, field, label, note, title)

    def missing(self, *wanted: tuple[str, str]) -> list[Need]:
        """The needs among ``wanted`` (step, field) that have no answer (records: no
        agreed record)."""
        missing = []
        for step, field in wanted:
            spec = self.playbook.step(step)
            question = spec.field(field) if spec else None
            empty = (
                not self.records(step, field)
                if question and question.columns
                else self.value(step, field) is None
            )
            if empty:
                missing.append(self.need(step, field))
        return missing


def first_url(text: str) -> str:
    """The first web address in ``text``, or ""."""
    found = _URL.search(text)
    return found.group().rstrip(".,;:") if found else ""
