"""Editors for the questions a step asks: one widget per field kind.

Each editor reads its answer from the open plan and writes every change back with
the session (``session.set_answer``), which tells the app. What a value is, how text
becomes one and back, lives in its kind (``cfos_tui.kinds``); an editor only holds the
widget. A kind gets the editor its shape asks for (a one-line input, or a box of
several lines when ``multiline``) unless one is registered for it with ``@editor``.
Filling a widget from the plan happens under ``prevent(...Changed)`` so it never
echoes back as an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, TextArea

from cfos_tui.kinds import DATE_HINT, FieldKind, kind_of
from cfos_tui.plan import Plan
from cfos_tui.playbook import FieldSpec
from cfos_tui.tui.context import session
from cfos_tui.tui.widgets.error_line import ErrorLine
from cfos_tui.tui.widgets.records import AnswerRecords, RecordsEditor
from cfos_tui.tui.widgets.text import literal

EditorFactory = Callable[[str, FieldSpec, bool], Widget]
EDITORS: dict[str, EditorFactory] = {}
"""Editors registered for a kind by name; other kinds get one by their shape."""

F = TypeVar("F", bound=EditorFactory)


def editor(kind_name: str) -> Callable[[F], F]:
    """Register the editor (a widget class or a function) for the kind ``kind_name``."""

    def add(factory: F) -> F:
        EDITORS[kind_name] = factory
        return factory

    return add


class FieldEditor(Vertical):
    """A question of the step: its label, its help and the widget that edits it."""

    DEFAULT_CLASSES = "field"

    def __init__(self, step_id: str, spec: FieldSpec, read_only: bool = False) -> None:
        super().__init__(id=f"field-{spec.id}")
        self.step_id = step_id
        self.spec = spec
        self.read_only = read_only

    @property
    def plan(self) -> Plan:
        return session(self).plan

    @property
    def kind(self) -> FieldKind:
        return kind_of(self.spec)

    @property
    def value(self) -> Any:
        return self.plan.answer(self.step_id, self.spec.id)

    def initial_text(self) -> str:
        """The answer as the editor's text (control characters made visible)."""
        return literal(self.kind.text(self.value))

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
    """One line of text: the editor of every kind that is not multi-line."""

    def compose_control(self) -> ComposeResult:
        yield LineInput(self.initial_text(), disabled=self.read_only, classes="field-input")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.store(self.kind.parse(event.value, self.spec))
        self.typed(event.value)

    def typed(self, text: str) -> None:
        """Called after each change is stored, for an editor that says something about it."""

    def reload(self) -> None:
        with self.prevent(Input.Changed):
            self.query_one(Input).value = self.initial_text()


@editor("license")
class LicenseEditor(LineEditor):
    """A license decision: kept as typed, with a line under it saying, as it is typed,
    when it is not an SPDX expression yet and which id was probably meant."""

    def compose_control(self) -> ComposeResult:
        yield from super().compose_control()
        yield ErrorLine(classes="field-error")

    ADVICE_DELAY = 0.3
    """Seconds after the last key before the line under the box is updated: it does
    not flicker, nor lay the page out again, on every key."""

    _advice_timer: Timer | None = None

    def on_mount(self) -> None:
        self._advise(self.kind.text(self.value))

    def typed(self, text: str) -> None:
        if self._advice_timer is not None:
            self._advice_timer.stop()
        self._advice_timer = self.set_timer(self.ADVICE_DELAY, partial(self._advise, text))

    def _advise(self, text: str) -> None:
        advice = self.kind.advice(text, self.spec) if text.strip() else None
        message = f"Not an SPDX expression yet: {advice}." if advice else ""
        self.query_one(".field-error", ErrorLine).say(message)

    def reload(self) -> None:
        super().reload()
        self._advise(self.kind.text(self.value))


class BoxEditor(FieldEditor):
    """Several lines of text: the editor of every multi-line kind (text; a list, one
    entry per line). The box says so in its border, and the help says it once."""

    def compose(self) -> ComposeResult:
        yield Label(literal(self.spec.label), markup=False, classes="field-label")
        help_text = f"{self.spec.help} {self.kind.hint_for(self.spec)}".strip()
        if help_text:
            yield Label(literal(help_text), markup=False, classes="field-help")
        yield from self.compose_control()

    def compose_control(self) -> ComposeResult:
        area = TextArea(
            self.initial_text(),
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            read_only=self.read_only,
            classes=f"field-box field-{self.spec.kind}",
        )
        area.border_subtitle = self.kind.hint.rstrip(".").lower() or "several lines"
        yield area

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.store(self.kind.parse(event.text_area.text, self.spec))

    def reload(self) -> None:
        area = self.query_one(TextArea)
        if self.kind.parse(area.text, self.spec) != self.kind.parse(self.initial_text(), self.spec):
            with self.prevent(TextArea.Changed):
                area.text = self.initial_text()


@editor("choice")
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


@editor("date")
class DateEditor(FieldEditor):
    """A date typed as YYYY-MM-DD; anything else is refused and the old date kept.

    A valid date is stored as soon as it is typed; clearing the box removes the date
    when the person leaves it (so retyping a date never drops it on the way).
    """

    def compose_control(self) -> ComposeResult:
        yield Input(self._text(), placeholder=DATE_HINT, disabled=self.read_only, classes="field-input")
        yield ErrorLine(classes="field-error")

    def _text(self) -> str:
        return self.kind.text(self.value)

    def _day(self, text: str) -> date | None:
        try:
            day: date | None = self.kind.parse(text, self.spec)
        except ValueError:
            return None
        return day

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        day = self._day(text)
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
        elif self._day(text) is None:
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


@editor("records")
def records_editor(step_id: str, spec: FieldSpec, read_only: bool) -> RecordsEditor:
    return RecordsEditor(AnswerRecords(step_id, spec), read_only=read_only)


def editor_for(step_id: str, spec: FieldSpec, *, read_only: bool = False) -> Widget:
    """The editor widget for one field of a step."""
    factory = EDITORS.get(spec.kind)
    if factory is None:
        factory = BoxEditor if kind_of(spec).multiline else LineEditor
    return factory(step_id, spec, read_only)
