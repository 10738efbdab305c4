"""The main screen: the roadmap on the left, the current step on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Label

from cfos_tui.plan import Progress, progress
from cfos_tui.store import PlanFile
from cfos_tui.tui.context import workbook
from cfos_tui.tui.messages import StepChosen, StepPageReady
from cfos_tui.tui.screens.view import StyledOnMount
from cfos_tui.tui.widgets.footer import KeysFooter
from cfos_tui.tui.widgets.nav import RoadmapNav
from cfos_tui.tui.widgets.status import StatusBar
from cfos_tui.tui.widgets.step_page import StepPage
from cfos_tui.tui.widgets.text import literal

STEP_GARBAGE_DELAY = 0.1
"""Seconds after a step's page is complete before the step before it is collected."""

if TYPE_CHECKING:
    from cfos_tui.tui.app import Revision


class WorkbookScreen(StyledOnMount):
    """Walk the roadmap step by step: guidance, questions and checklist."""

    BINDINGS = [
        Binding("k", "to_checklist", "Step checklist", show=False),
        Binding("f", "to_questions", "First question", show=False),
    ]

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id
        self._marks_pending = False
        self._numbers_shown: Progress | None = None
        """The progress the status bar and navigation show now."""
        self._pending_item: str | None = None
        """A checklist item to highlight once its step's page has been built."""

    @property
    def plan_file(self) -> PlanFile:
        plan_file = workbook(self).plan_file
        assert plan_file is not None
        return plan_file

    def compose(self) -> ComposeResult:
        plan_file = self.plan_file
        yield StatusBar(plan_file.plan.project, id="status-bar")
        if plan_file.read_only:
            yield Label(literal(f"Read-only: {plan_file.read_only}"), markup=False, id="read-only-banner")
        with Horizontal(id="workbook-body"):
            yield RoadmapNav(plan_file.playbook, id="nav")
            self.page = self._page(self.step_id)
            yield self.page
        yield KeysFooter()

    def _page(self, step_id: str) -> StepPage:
        playbook = self.plan_file.playbook
        step = playbook.step(step_id) or playbook.steps[0]
        return StepPage(playbook, step, read_only=bool(self.plan_file.read_only))

    def on_mount(self) -> None:
        self._refresh_numbers()
        nav = self.query_one(RoadmapNav)
        nav.select_step(self.step_id)
        nav.focus()
        workbook(self).first_screen_ready()

    # --- moving around ----------------------------------------------------------------

    def walk(self, offset: int) -> None:
        """Go ``offset`` steps forward or back in roadmap order."""
        steps = [s.id for s in self.plan_file.playbook.steps]
        index = steps.index(self.step_id) + offset
        if index < 0:
            self.notify("This is the first step.")
            return
        if index >= len(steps):
            self.notify("This is the last step. Press c for the whole checklist or r for the report.")
            return
        self.show_step(steps[index])

    def show_step(self, step_id: str, item_id: str | None = None) -> None:
        """Open ``step_id`` on the right (and highlight ``item_id`` in its checklist)."""
        step = self.plan_file.playbook.step(step_id)
        if step is None:
            self.notify(f"There is no step {step_id!r} in this plan's playbook.", markup=False)
            return
        if step_id != self.step_id:
            self.step_id = step_id
            workbook(self).remember_step(step_id)
            page = self.page
            had_focus = page.focused_within() is not None
            with self.app.batch_update():
                page.show(step)
            page.version = workbook(self).revision.number
            if had_focus:
                self.query_one(RoadmapNav).focus()
        self.query_one(RoadmapNav).select_step(step_id)
        if item_id is not None:
            self.call_after_refresh(self._focus_item, item_id)

    def action_to_checklist(self) -> None:
        """Jump to the step's checklist (from the roadmap, a question, anywhere)."""
        from cfos_tui.tui.widgets.checklist import StepChecklist

        for table in self.page.query(StepChecklist):
            table.focus()
            self.page.scroll_to_widget(table, animate=False)
            return
        self.notify("This step's checklist is still being drawn.")

    def action_to_questions(self) -> None:
        """Jump to the step's first question."""
        for widget in self.page.query(".field Input, .field TextArea, .field Select, .field DataTable"):
            if widget.focusable:
                widget.focus()
                self.page.scroll_to_widget(widget, animate=False)
                return
        self.notify("This step asks no questions.")

    def _focus_item(self, item_id: str) -> None:
        if not self.page.ready:
            self._pending_item = item_id
            return
        from cfos_tui.tui.widgets.checklist import StepChecklist

        for table in self.page.query(StepChecklist):
            table.wanted = item_id
            table.focus_item(item_id)
            table.focus()
            self.page.scroll_to_widget(table, animate=False)

    @on(StepPageReady)
    def _page_ready(self, event: StepPageReady) -> None:
        event.stop()
        # The step before left thousands of objects in reference cycles; collected
        # now, while the page is read, rather than by the collector in the middle of
        # a later key (a full collection takes 50-60 ms).
        workbook(self).collect_garbage_soon(STEP_GARBAGE_DELAY)
        if self._pending_item is not None and event.step_id == self.step_id:
            item_id, self._pending_item = self._pending_item, None
            self._focus_item(item_id)

    @on(StepChosen)
    def _step_chosen(self, event: StepChosen) -> None:
        event.stop()
        self.show_step(event.step_id)

    # --- keeping the numbers current -----------------------------------------------------

    def _refresh_numbers(self) -> None:
        self._marks_pending = False
        plan_file = self.plan_file
        numbers = progress(plan_file.plan, plan_file.playbook)
        if numbers == self._numbers_shown:
            return  # an answer was typed: nothing to redraw (and no layout to redo)
        self._numbers_shown = numbers
        self.query_one(StatusBar).show_progress(numbers.overall)
        self.query_one(RoadmapNav).refresh_marks(numbers)

    def plan_revised(self, revision: Revision) -> None:
        """The plan changed: redraw the page after a reload (or when this screen is
        back, if the edit came from another view); the numbers when items moved."""
        if revision.reloaded:
            self.query_one(StatusBar).show_project(self.plan_file.plan.project)
            self.page.version = revision.number
            self.page.reload()
            self._refresh_numbers()
            return
        if self.app.screen is self:
            self.page.version = revision.number
        if revision.items and not self._marks_pending:
            self._marks_pending = True
            self.call_after_refresh(self._refresh_numbers)

    def on_screen_resume(self) -> None:
        workbook(self).collect_garbage_soon()  # what the view that just closed drew
        revision = workbook(self).revision.number
        if self.page.version != revision:
            self.page.reload()
            self.page.version = revision
