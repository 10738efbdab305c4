"""The right-hand page: one step's title, summary, guidance, questions and checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from cfos_tui.kinds import KINDS, filled_records
from cfos_tui.markdown import is_empty, titled_link
from cfos_tui.playbook import Playbook, StepSpec
from cfos_tui.tui.context import session, workbook
from cfos_tui.tui.messages import StepPageReady
from cfos_tui.tui.styles import QUESTIONS_CSS, load_styles
from cfos_tui.tui.widgets.text import literal

if TYPE_CHECKING:
    from cfos_tui.tui.widgets.fields import FieldEditor
    from cfos_tui.tui.widgets.records import RecordsEditor


def guidance_with_examples(step: StepSpec) -> str:
    """The step's guidance, then the public documents it names as worth copying."""
    if not step.examples:
        return step.guidance
    links = "\n".join(f"- {titled_link(e.title, e.url)}" for e in step.examples)
    return f"{step.guidance.rstrip()}\n\n**Worth copying**\n\n{links}\n"


class Guidance(Widget):
    """A step's guidance: Markdown drawn as one widget (Textual's Markdown widget makes
    one per paragraph and bullet, half of a step page's widgets). It is parsed the
    first time it is drawn, so folded guidance costs nothing."""

    DEFAULT_CSS = """
    Guidance {
        height: auto;
    }
    """

    def __init__(self, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self._markdown: RenderableType | None = None

    def show(self, source: str) -> None:
        """Show other guidance (the page moved to another step)."""
        if source != self.source:
            self.source = source
            self._markdown = None
            self.refresh(layout=True)

    def render(self) -> RenderableType:
        if self._markdown is None:
            from rich.markdown import Markdown  # imported when first needed: it is not small

            self._markdown = Markdown(self.source, hyperlinks=True)
        return self._markdown


class GuidanceToggle(Widget, can_focus=True):
    """The line that folds and unfolds a step's guidance ("▶ Guidance", "▼ Guidance"):
    enter or a click. It looks and behaves like the title of Textual's ``Collapsible``,
    and is one widget where that is three (the collapsible, its title and its
    contents' box): each widget is styled, laid out and drawn on the way to the
    workbook's first frame."""

    DEFAULT_CSS = """
    GuidanceToggle {
        width: auto;
        height: 1;
        padding: 0 1;
        text-style: $block-cursor-blurred-text-style;
        color: $block-cursor-blurred-foreground;
        pointer: pointer;
        &:hover {
            background: $block-hover-background;
            color: $foreground;
        }
        &:focus {
            background: $accent;
            color: $text;
            text-style: bold;
        }
    }
    """
    BINDINGS = [Binding("enter", "fold", "Fold or unfold the guidance", show=False)]
    ALLOW_SELECT = False

    collapsed: reactive[bool] = reactive(False, init=False)

    def __init__(self, folds: Widget, *, collapsed: bool) -> None:
        super().__init__()
        self.folds = folds
        """The widget shown only while unfolded."""
        self.set_reactive(GuidanceToggle.collapsed, collapsed)
        folds.display = not collapsed

    def render(self) -> Content:
        return Content(f"{'▶' if self.collapsed else '▼'} Guidance")

    def watch_collapsed(self, collapsed: bool) -> None:
        self.folds.display = not collapsed
        # The toggle and its guidance, in view (the top first, when taller than the page).
        box = self.parent if isinstance(self.parent, Widget) else self
        self.call_after_refresh(box.scroll_visible)

    def action_fold(self) -> None:
        self.collapsed = not self.collapsed

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_fold()


class StepPage(VerticalScroll, can_focus=False):
    """Everything about one step, scrolled as one page. The page itself never takes
    focus (it would show no sign of having it): Tab goes straight to the guidance
    toggle and the questions, and the page scrolls to whatever is focused.

    The workbook has one page and moves it from step to step (:meth:`show`): the
    heading changes in place, in the very next frame, and the questions and checklist
    of the new step follow a frame later. Building a whole page for every step (or
    keeping the neighbours' pages built, hidden) cost more on each switch than this."""

    def __init__(self, playbook: Playbook, step: StepSpec, *, read_only: bool = False) -> None:
        super().__init__(classes="step-page")
        self.playbook = playbook
        self.step = step
        self.read_only = read_only
        self.ready = False
        """Whether the questions and checklist of :attr:`step` are mounted."""
        self.version = 0
        """The workbook's edit count when this page last showed the plan."""

    def compose(self) -> ComposeResult:
        where, title, summary = self._heading()
        yield Label(where, markup=False, classes="step-where")
        yield Label(title, markup=False, classes="step-title")
        summary_label = Label(summary, markup=False, classes="step-summary")
        summary_label.display = bool(summary)
        yield summary_label
        guidance = Guidance(literal(guidance_with_examples(self.step)), id="guidance-text")
        with Vertical(id="guidance"):
            yield GuidanceToggle(guidance, collapsed=self.started())
            yield guidance
        yield Vertical(classes="step-body")

    def _heading(self) -> tuple[str, str, str]:
        step = self.step
        phase = self.playbook.phase(step.phase)
        number = self.playbook.steps.index(step) + 1
        where = f"Step {number} of {len(self.playbook.steps)}"
        if phase is not None:
            where += f" · {phase.title}"
        return literal(where), literal(step.title), literal(step.summary)

    def show(self, step: StepSpec) -> None:
        """Move the page to ``step``: its heading and guidance at once, its questions and
        checklist once that has been drawn."""
        self.step = step
        self.ready = False
        where, title, summary = self._heading()
        self.query_one(".step-where", Label).update(where)
        self.query_one(".step-title", Label).update(title)
        summary_label = self.query_one(".step-summary", Label)
        summary_label.update(summary)
        summary_label.display = bool(summary)
        self.query_one("#guidance-text", Guidance).show(literal(guidance_with_examples(step)))
        self.query_one(GuidanceToggle).collapsed = self.started()
        self.query_one(".step-body", Vertical).remove_children()
        self.scroll_home(animate=False)  # a step opens at its title, whatever was seen last
        self.call_after_refresh(self._fill, step)

    def body(self) -> ComposeResult:
        """The questions and the checklist, mounted just after the heading is drawn."""
        # Their modules (and Textual's editors) are imported here, after the first
        # frame, which needs none of them.
        from cfos_tui.tui.widgets.checklist import StepChecklist
        from cfos_tui.tui.widgets.fields import editor_for
        from cfos_tui.tui.widgets.records import RecordsEditor, ReminderRecords

        load_styles(self.app, QUESTIONS_CSS)
        step = self.step
        if step.fields or step.editor:
            yield Label("Questions", classes="section-title")
        for spec in step.fields:
            yield editor_for(step.id, spec, read_only=self.read_only)
        if step.editor == "reminders":
            yield RecordsEditor(ReminderRecords(), read_only=self.read_only)
        if step.items:
            yield Label("Checklist", classes="section-title")
            yield Label(
                "space: next status · x: n/a · enter: edit item",
                classes="field-help checklist-keys",
            )
            yield StepChecklist(step.items, read_only=self.read_only)

    def on_mount(self) -> None:
        # The first frame shows the step's title at once; its questions, checklist and
        # guidance (Markdown is the costly part) follow on the next frames.
        self.call_after_refresh(self.call_after_refresh, self._fill, self.step)

    async def _fill(self, step: StepSpec) -> None:
        # Not attached: the app is exiting. No plan: it was closed (the start screen
        # opened) before the page got to its questions. Another step: the page moved
        # on before this one's questions were drawn.
        if step is not self.step or not self.is_attached or workbook(self).plan_file is None:
            return
        body = self.query_one(".step-body", Vertical)
        await body.remove_children()  # those of the step before, if their removal is still on its way
        for widget in self.body():
            # One at a time: a key pressed meanwhile (n again) is handled between two
            # questions, not after the whole page, and the rest is then not built.
            if step is not self.step:
                return
            await body.mount(widget)
        if step is not self.step:
            return
        if self.focused_within() is None:
            self.scroll_home(animate=False)  # the old questions' height may have moved it
        self.ready = True
        self.post_message(StepPageReady(step.id))

    def focused_within(self) -> Widget | None:
        """The focused widget when it is on this page."""
        focused = self.screen.focused
        return focused if focused is not None and self in focused.ancestors else None

    def started(self) -> bool:
        """Whether the team has begun this step (then the guidance starts folded): an
        answer of its own (the playbook's suggestions, not accepted yet, are not one),
        or an item moved on from todo."""
        plan = session(self).plan
        answers = plan.answers.get(self.step.id) or {}
        for spec in self.step.fields:
            value = answers.get(spec.id)
            if filled_records(value) if KINDS[spec.kind].columns else not is_empty(value):
                return True
        return any(
            plan.items.get(item.id) and plan.items[item.id].status != "todo" for item in self.step.items
        )

    def editors(self) -> list[FieldEditor | RecordsEditor]:
        from cfos_tui.tui.widgets.fields import FieldEditor
        from cfos_tui.tui.widgets.records import RecordsEditor

        return [w for w in self.query(".field") if isinstance(w, FieldEditor | RecordsEditor)]

    def reload(self) -> None:
        """Show the plan's values again (after it was reloaded from disk)."""
        for editor in self.editors():
            editor.reload()
        from cfos_tui.tui.widgets.checklist import StepChecklist

        for table in self.query(StepChecklist):
            table.fill()
