"""Editors for the questions a step asks, one widget per field kind.

Each editor reads its answer from the open plan, writes every change back with
the session (``session.set_answer``), which tells the app. Filling a widget from the
plan happens under ``prevent(...Changed)`` so it never echoes back as an edit.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, TextArea

from cfos_tui.clock import as_date
from cfos_tui.plan import Plan
from cfos_tui.playbook import FieldSpec
from cfos_tui.tui.context import session
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.text import literal

if TYPE_CHECKING:
    from cfos_tui.tui.widgets.records import RecordsEditor

DATE_HINT = "YYYY-MM-DD, for example 2025-03-31"


def lines_of(text: str) -> list[str]:
    """A list answer from the lines of a text box: trimmed, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_day(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when ``text`` is not one."""
    return as_date(text)


class FieldEditor(Vertical):
    """A question of the step: its label, its help and the widget that edits it."""

    DEFAULT_CLASSES = "field"

    def __init__(self, step_id: str, spec: FieldSpec, *, read_only: bool = False) -> None:
        super().__init__(id=f"field-{spec.id}")
        self.step_id = step_id
        self.spec = spec
        self.read_only = read_only

    @property
    def plan(self) -> Plan:
        return session(self).plan

    @property
    def value(self) -> Any:
        return self.plan.answer(self.step_id, self.spec.id)

    def compose(self) -> ComposeResult:
        yield Label(literal(self.spec.label), markup=False, classes="field-label")
        if self.spec.help:
            yield Label(literal(self.spec.help), markup=False, classes="field-help")
        yield from self.compose_control()

    def compose_control(self) -> ComposeResult:
        yield from ()

    def store(self, value: Any) -> None:
        """Write ``value`` as the answer when it differs, and tell the app."""
        if self.read_only or value == (self.value if self.value is not None else type(value)()):
            return
        session(self).set_answer(self.step_id, self.spec.id, value)

    def reload(self) -> None:
        """Show the plan's current answer again (after a reload from disk)."""


class LineInput(Input):
    """A one-line box that shows the start of its text whenever it is not being typed
    in (Textual leaves the view at the end, so "…ata science environments" showed)."""

    def on_mount(self) -> None:
        self.cursor_position = 0

    def on_blur(self) -> None:
        self.cursor_position = 0


class LineEditor(FieldEditor):
    def compose_control(self) -> ComposeResult:
        yield LineInput(literal(self.value or ""), disabled=self.read_only, classes="field-input")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.store(event.value)

    def reload(self) -> None:
        with self.prevent(Input.Changed):
            self.query_one(Input).value = literal(self.value or "")


class TextEditor(FieldEditor):
    """Multi-line text; lists use the same box with one entry per line."""

    def initial_text(self) -> str:
        return literal(self.value or "")

    def compose_control(self) -> ComposeResult:
        yield TextArea(
            self.initial_text(),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            read_only=self.read_only,
            classes=f"field-{self.spec.kind}",
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.store(self.value_of(event.text_area.text))

    def value_of(self, text: str) -> Any:
        return text if text.strip() else ""

    def reload(self) -> None:
        area = self.query_one(TextArea)
        if area.text != self.initial_text():
            with self.prevent(TextArea.Changed):
                area.text = self.initial_text()


class ListEditor(TextEditor):
    def compose(self) -> ComposeResult:
        yield Label(literal(self.spec.label), markup=False, classes="field-label")
        help_text = self.spec.help or "One per line."
        if "per line" not in help_text.lower():
            help_text += " One per line."
        yield Label(literal(help_text), markup=False, classes="field-help")
        yield from self.compose_control()

    def initial_text(self) -> str:
        return literal("\n".join(self.value or []))

    def value_of(self, text: str) -> Any:
        return lines_of(text)


class ChoiceEditor(FieldEditor):
    def compose_control(self) -> ComposeResult:
        current = self.value
        options = list(self.spec.options)
        if isinstance(current, str) and current and current not in options:
            options.append(current)
        yield Select(
            [(Content(literal(option)), option) for option in options],
            value=current if current else Select.NULL,
            prompt="(not decided)",
            disabled=self.read_only,
            compact=True,
        )

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        self.store(value if isinstance(value, str) else "")

    def reload(self) -> None:
        with self.prevent(Select.Changed):
            self.query_one(Select).value = self.value or Select.NULL


class DateEditor(FieldEditor):
    """A date typed as YYYY-MM-DD; anything else is refused and the old date kept.

    A valid date is stored as soon as it is typed; clearing the box removes the date
    when the person leaves it (so retyping a date never drops it on the way).
    """

    def compose_control(self) -> ComposeResult:
        yield Input(self._text(), placeholder=DATE_HINT, disabled=self.read_only, classes="field-input")
        yield ErrorLine(classes="field-error")

    def _text(self) -> str:
        value = self.value
        return value.isoformat() if isinstance(value, date) else ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        day = parse_day(text)
        if day is not None:
            self._say("")
            self.store(day)
        elif text:
            self._say(f"Not a date yet: use {DATE_HINT}.")

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _finished(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        text = event.input.value.strip()
        if not text:
            self._say("")
            self.store(None)
        elif parse_day(text) is None:
            kept = self._text() or "no date"
            self._say(f"{text!r} is not a date ({DATE_HINT}); kept {kept}.")
            with self.prevent(Input.Changed):
                event.input.value = self._text()

    def _say(self, message: str) -> None:
        self.query_one(".field-error", ErrorLine).say(message)

    def store(self, value: Any) -> None:
        if self.read_only or value == self.value:
            return
        session(self).set_answer(self.step_id, self.spec.id, value)

    def reload(self) -> None:
        with self.prevent(Input.Changed):
            self.query_one(Input).value = self._text()


def editor_for(step_id: str, spec: FieldSpec, *, read_only: bool = False) -> FieldEditor | RecordsEditor:
    """The editor widget for one field of a step."""
    if spec.kind == "records":
        from cfos_tui.tui.widgets.records import AnswerRecords, RecordsEditor

        return RecordsEditor(AnswerRecords(step_id, spec), read_only=read_only)
    editors: dict[str, type[FieldEditor]] = {
        "line": LineEditor,
        "text": TextEditor,
        "list": ListEditor,
        "choice": ChoiceEditor,
        "date": DateEditor,
    }
    return editors[spec.kind](step_id, spec, read_only=read_only)
