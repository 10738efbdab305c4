"""The workbook application: opens a plan, walks its roadmap, saves as the team works.

The app owns the open ``PlanFile`` and everything about keeping it safe on disk:
autosave shortly after each edit (never on the keystroke's path), the saved /
unsaved indicator, noticing changes made by someone else, and flushing on quit.
Screens read the plan through ``app.session`` and change it only through the
session's methods (``cycle_status``, ``set_answer``…); the app listens to the session
to mark the plan unsaved, schedule the autosave and move its ``revision``, which
the views watch.
"""

from __future__ import annotations

import copy
import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import WorkerFailed

from cfos_tui import clock, locations, store
from cfos_tui.errors import CfosError
from cfos_tui.plan import Plan
from cfos_tui.session import Change, PlanSession
from cfos_tui.store import PlanFile
from cfos_tui.tui.commands import COMMANDS_BY_ACTION, PLAN_COMMANDS, Command, StepCommands
from cfos_tui.tui.styles import StylesAhead, load_view_styles
from cfos_tui.tui.widgets.text import literal

if TYPE_CHECKING:
    from cfos_tui.merge import Conflict

AUTOSAVE_DELAY = 1.5
"""Seconds of quiet after the last edit before the plan is written."""
DISK_CHECK_INTERVAL = 3.0
"""Seconds between cheap checks (a stat) for changes made to the file by someone else."""
PRELOAD_DELAY = 0.3
"""Seconds after the first frame before the views' modules and styles are loaded and
the report is first rendered ahead."""
GARBAGE_DELAY = 0.25
"""Seconds after a view closes before what it drew is collected."""
REPORT_AHEAD_DELAY = 1.0
"""Seconds of quiet after an edit before the team's report is rendered ahead, in a
thread, for the Report view to open with (the first time: with the views' modules)."""
EXIT_AFTER_FIRST_FRAME = "CFOS_PLAN_EXIT_AFTER_FIRST_FRAME"
"""Environment variable for benchmarks: quit as soon as the first screen is drawn."""

SAVED, UNSAVED, SAVING, NOT_SAVED = "saved", "unsaved", "saving", "not saved"

T = TypeVar("T")


@dataclass(frozen=True)
class Revision:
    """Which edit of the open plan the screens should show."""

    number: int = 0
    items: bool = True
    """Whether checklist items may have changed (and with them, progress)."""
    reloaded: bool = False
    """Whether the plan was read again from disk (or merged): redraw everything."""


@dataclass(frozen=True)
class PreparedReport:
    """The team's report rendered ahead from one revision of a plan, on one day."""

    plan_file: PlanFile
    revision: int
    today: date
    markdown: str
    sections: list[str]


class WorkbookApp(App[int]):
    """cfos-plan's terminal workbook."""

    COMMANDS = App.COMMANDS | {StepCommands}

    save_state: var[str] = var(SAVED)
    """saved, unsaved, saving or not saved: what the status bar shows."""
    revision: var[Revision] = var(Revision())
    """Set after every edit and reload of the open plan: each screen in the stack with a
    ``plan_revised(revision)`` method is called with it, to redraw."""

    CSS_PATH = "app.tcss"
    TITLE = "cfos-plan"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # The footer shows what fits in 80 columns; help (f1) and the palette list the rest.
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        *(command.binding() for command in PLAN_COMMANDS),
    ]

    def __init__(
        self,
        path: Path | None = None,
        *,
        create: bool = False,
        step: str | None = None,
        start_error: str = "",
        plan_file: PlanFile | None = None,
        collection_paused: bool = False,
    ) -> None:
        super().__init__()
        self._collection_paused = collection_paused
        """Whether garbage collection was turned off for the start-up (``run_workbook``),
        to be turned back on once the first screen is idle."""
        self.plan_file: PlanFile | None = None
        self._session: PlanSession | None = None
        self.last_exports: dict[Path, Path] = {}
        """Where each plan's report was last exported this session: the export dialog offers it."""
        self.view_state: dict[str, Any] = {}
        """What each view showed last for the open plan (the Checklist view's filters)."""
        self._preloaded = plan_file
        self._initial_path = Path(path) if path is not None else None
        self._initial_create = create
        self._initial_step = step
        self._start_error = start_error
        self._autosave_timer: Timer | None = None
        self._garbage_timer: Timer | None = None
        self._report_timer: Timer | None = None
        self.prepared_report: PreparedReport | None = None
        """The team's report as of the plan's current revision, when rendered ahead."""
        self.sections_ahead: dict[tuple[str, int], list[Strip]] = {}
        """The first sections of that report drawn ahead, by their text and width."""
        self._saving = False
        self._save_again = False
        self._conflict_open = False
        self._first_frame_seen = False

    # --- contract with the screens ------------------------------------------------

    def today(self) -> date:
        """Today's date (``CFOS_PLAN_TODAY`` fixes it for tests and reports)."""
        return clock.today()

    def watch_revision(self, revision: Revision) -> None:
        # Screens are told, not subscribed: a screen that was closed is not kept alive
        # by a subscription (a closed Report view held on to 180,000 objects).
        for screen in list(self.screen_stack):
            plan_revised = getattr(screen, "plan_revised", None)
            if callable(plan_revised):
                plan_revised(revision)
        if self._first_frame_seen:
            self.prepare_report_soon()

    @property
    def session(self) -> PlanSession:
        """The open plan's session (screens that edit a plan only exist while one is open)."""
        if self._session is None:
            raise RuntimeError("no plan is open")
        return self._session

    def _session_changed(self, change: Change) -> None:
        self.plan_changed(items=change.items)

    def plan_changed(self, *, items: bool = True) -> None:
        """Note an edit of the plan: mark it unsaved, (re)start the autosave timer and
        tell every screen so progress and marks can be redrawn. An answer typed into a
        question has ``items=False``: progress cannot have moved."""
        if self.plan_file is None:
            return
        if not self.plan_file.read_only:
            self.save_state = UNSAVED
            if self._autosave_timer is not None:
                self._autosave_timer.stop()
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave, name="autosave")
        self.revision = Revision(self.revision.number + 1, items=items)

    def open_step(self, step_id: str, item_id: str | None = None) -> None:
        """Show the workbook at ``step_id`` (closing the screens above it), focusing
        the checklist item ``item_id`` when given."""
        from cfos_tui.tui.screens.workbook import WorkbookScreen

        workbook = self.workbook_screen()
        if not isinstance(workbook, WorkbookScreen):
            return
        while self.screen is not workbook and len(self.screen_stack) > 2:
            self.pop_screen()
        workbook.show_step(step_id, item_id=item_id)

    async def save_now(self) -> None:
        """Write the plan now. When someone else saved the file meanwhile, their version
        is merged in first; only fields changed both ways are put to the person."""
        plan_file = self.plan_file
        if plan_file is None or plan_file.read_only:
            return
        self._stop_autosave()
        if self._saving:
            self._save_again = True
            return
        if self._conflict_open:
            return
        self._saving = True
        try:
            while True:
                self._save_again = False
                # Taken here, on the thread that edits the plan: the writer then works
                # on a copy while the person goes on typing.
                snapshot = plan_file.snapshot()
                if not snapshot.changed:
                    self.save_state = SAVED
                    return
                self.save_state = SAVING
                try:
                    await self._in_thread(partial(plan_file.save, snapshot=snapshot))
                except store.ChangedOnDisk:
                    if await self._merge_from_disk(plan_file):
                        continue  # save the merged plan
                    self.save_state = UNSAVED
                    return
                if not self._save_again:
                    self.save_state = UNSAVED if plan_file.dirty else SAVED
                    return
        except Exception as error:  # every failure is shown, none may lose the session
            self.save_state = NOT_SAVED
            self.notify(literal(_plain(error)), title="Not saved", severity="error", timeout=10, markup=False)
        finally:
            self._saving = False

    async def _merge_from_disk(self, plan_file: PlanFile) -> bool:
        """Take in the version someone else saved: their changes join ours (unsaved edits
        stay). True when nothing needs asking; otherwise the person is asked about the
        fields changed both ways, or about writing a removed file again."""
        if not await self._in_thread(plan_file.path.exists):
            self._offer_to_write_again(plan_file)
            return False
        raw = await self._in_thread(lambda: store.read_settled(plan_file.path, last=False))
        if raw is None:
            return False  # someone is still writing it: the next check or save comes back
        conflicts = plan_file.rebase(raw)
        self._plan_replaced()
        if conflicts:
            self._ask_about_conflicts(plan_file, conflicts)
            return False
        if plan_file.dirty:
            self.notify("Someone else saved this plan meanwhile: their changes and yours are merged.")
        else:
            self.notify("The plan file changed on disk; showing the new version.")
        return True

    # --- opening plans ------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(DISK_CHECK_INTERVAL, self.check_disk)
        path = self._initial_path
        if self._preloaded is not None:
            self.install_plan(
                self._preloaded, self._initial_step or self._remembered_step(self._preloaded.path)
            )
        elif self._start_error:
            self.show_start(error=self._start_error)
        elif path is None:
            recent = locations.last_plan() if not self._start_error else None
            if recent is None:
                self.show_start(error=self._start_error)
            else:
                self.open_plan(recent.path, step=recent.step or None)
        elif not path.exists() and not path.is_symlink():
            self.show_start()
            self.offer_new_plan(path, missing=not self._initial_create)
        else:
            self.open_plan(path, step=self._initial_step)

    def first_screen_ready(self) -> None:
        """Called by the first real screen once mounted (benchmarks quit right here)."""
        if self._first_frame_seen:
            return
        self._first_frame_seen = True
        if os.environ.get(EXIT_AFTER_FIRST_FRAME):
            self.call_after_refresh(self.exit, 0)
            return
        # The views' modules and styles are loaded while the person reads the first
        # screen, so that the first press of r, c or m does not wait for them.
        self.set_timer(PRELOAD_DELAY, self._preload_views)

    def _preload_views(self) -> None:
        if self._collection_paused:
            # What the start-up left is collected once, now that nothing waits for it.
            self._collection_paused = False
            gc.collect()
            gc.enable()
        for command in PLAN_COMMANDS:
            if command.view:
                command.screen_class()
        load_view_styles(self)
        workbook = self.workbook_screen()
        if workbook is not None:
            workbook.mount(StylesAhead())
        self._prepare_report()

    def prepare_report_soon(self) -> None:
        """Render the team's report ahead once the plan has been left alone for
        :data:`REPORT_AHEAD_DELAY`, so that pressing r shows it without waiting for it."""
        if self._report_timer is not None:
            self._report_timer.stop()
        self._report_timer = self.set_timer(REPORT_AHEAD_DELAY, self._prepare_report)

    def _prepare_report(self) -> None:
        if self.plan_file is None or self.report_ahead() is not None:
            return
        revision, today = self.revision.number, self.today()
        plan_file = self.plan_file
        plan = copy.deepcopy(plan_file.plan)  # the thread reads its own copy
        render = partial(self._render_report_ahead, plan_file, plan, today, revision)
        self.run_worker(render, thread=True, group="report-ahead", exclusive=True, exit_on_error=False)

    def _render_report_ahead(self, plan_file: PlanFile, plan: Plan, today: date, revision: int) -> None:
        from cfos_tui.tui.screens.report import prepare_report

        markdown, sections = prepare_report(plan, plan_file.playbook, today)
        prepared = PreparedReport(plan_file, revision, today, markdown, sections)
        self.call_from_thread(self._report_prepared, prepared)

    def _report_prepared(self, prepared: PreparedReport) -> None:
        """Keep the report rendered ahead, and draw the sections that fill the Report
        view's first screen, as wide as they will be there (Rich draws them on this
        thread: the terminal's console is not shared with another)."""
        from cfos_tui.tui.screens.report import FIRST_SECTIONS, SECTION_GUTTER, section_lines

        self.prepared_report = prepared
        width = self.size.width - SECTION_GUTTER
        pieces = prepared.sections[:FIRST_SECTIONS]
        self.sections_ahead = {(piece, width): section_lines(self.console, piece, width) for piece in pieces}

    def report_ahead(self) -> PreparedReport | None:
        """The team's report rendered ahead, if it is of the open plan as it is now, today."""
        prepared = self.prepared_report
        if prepared is None or prepared.plan_file is not self.plan_file:
            return None
        if (prepared.revision, prepared.today) != (self.revision.number, self.today()):
            return None
        return prepared

    def collect_garbage_soon(self, delay: float = GARBAGE_DELAY) -> None:
        """Collect garbage ``delay`` seconds from now (just after a view closed, or a
        step's page was replaced), while nothing is asked of the workbook, rather than
        in whichever keypress next sets off a full collection (a view or a page is
        drawn with many thousands of objects). A later call moves the collection."""
        if self._garbage_timer is not None:
            self._garbage_timer.stop()
        self._garbage_timer = self.set_timer(delay, gc.collect)

    def show_start(self, error: str = "") -> None:
        """Show the start screen (recent plans, new plan, open a file)."""
        from cfos_tui.tui.screens.start import StartScreen

        if isinstance(self.screen, StartScreen):
            self.screen.show_error(error)
            return
        screen = StartScreen(error=error)
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(screen)

    def offer_new_plan(self, path: Path | None = None, *, missing: bool = False) -> None:
        """Ask for a new plan's details (pre-filled with ``path``) and open it when made."""
        from cfos_tui.tui.screens.new_plan import NewPlanScreen

        def created(plan_file: PlanFile | None) -> None:
            if plan_file is not None:
                self.install_plan(plan_file)

        self.push_screen(NewPlanScreen(path=path, missing=missing), created)

    @work(group="open", exclusive=True)
    async def open_plan(self, path: Path, step: str | None = None) -> None:
        """Load ``path`` (in a thread) and show it; a problem goes to the start screen."""
        path = Path(path)
        try:
            plan_file = await self._in_thread(lambda: store.load(path, keep_parsed=True))
        except CfosError as error:
            self.show_start(error=str(error))
            return
        self.install_plan(plan_file, step or self._remembered_step(path))

    @staticmethod
    def _remembered_step(path: Path) -> str | None:
        """The step this plan was left at on this machine, if any."""
        resolved = Path(path).resolve()
        return next((p.step for p in locations.recent_plans() if p.path == resolved and p.step), None)

    def install_plan(self, plan_file: PlanFile, step: str | None = None) -> None:
        """Make ``plan_file`` the open plan and show the workbook at ``step``."""
        from cfos_tui.tui.screens.workbook import WorkbookScreen

        self.plan_file = plan_file
        self._session = PlanSession(plan_file)
        self._session.subscribe(self._session_changed)
        self.view_state.clear()
        self.save_state = SAVED
        start = step if step and plan_file.playbook.step(step) else plan_file.playbook.steps[0].id
        self.remember_step(start)
        screen = WorkbookScreen(start)
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(screen)
        if plan_file.read_only:
            self.notify(literal(plan_file.read_only), title="Read-only", severity="warning", markup=False)
        elif plan_file.playbook.upgradable:
            self._offer_upgrade(plan_file, start)

    def _offer_upgrade(self, plan_file: PlanFile, step: str) -> None:
        """The plan follows an older version of its playbook: say what the newest adds
        and upgrade only when the person says so."""
        from cfos_tui.tui.widgets.dialogs import ConfirmScreen
        from cfos_tui.upgrade import plan_upgrade

        playbook = plan_file.playbook
        upgrade = plan_upgrade(plan_file.plan, playbook)
        question = (
            f"This plan follows version {playbook.version} of the playbook {playbook.id}. "
            f"Version {playbook.newest} brings {upgrade.summary()}. Upgrade the plan now? "
            "New items arrive as to do; nothing you wrote changes. "
            f"(Later: cfos-plan upgrade {plan_file.path})"
        )

        def confirmed(yes: bool | None) -> None:
            if yes and self.plan_file is plan_file:
                self._upgrade(plan_file, step)

        self.push_screen(ConfirmScreen(question, yes="Upgrade", no="Not now"), confirmed)

    @work(group="upgrade", exclusive=True)
    async def _upgrade(self, plan_file: PlanFile, step: str) -> None:
        upgrade = self.session.upgrade()
        await self.save_now()
        if self.plan_file is not plan_file or plan_file.dirty:
            return  # not saved (said already): the old workbook stays, the upgrade in memory
        from cfos_tui.tui.screens.workbook import WorkbookScreen

        workbook = self.workbook_screen()
        self.install_plan(plan_file, workbook.step_id if isinstance(workbook, WorkbookScreen) else step)
        said = f"Upgraded to version {upgrade.new}: {upgrade.summary()}."
        self.notify(said, title="Playbook upgraded", markup=False)

    def remember_step(self, step_id: str) -> None:
        """Note the step the person is on so the next launch resumes there."""
        if self.plan_file is not None:
            self._remember(self.plan_file.path, step_id)

    @work(thread=True, group="remember", exclusive=True)
    def _remember(self, path: Path, step_id: str) -> None:
        locations.remember(path, step_id)

    # --- saving -------------------------------------------------------------------

    async def _in_thread(self, function: Callable[[], T]) -> T:
        """Run blocking file work in a thread worker and wait for its result."""
        worker = self.run_worker(function, thread=True, group="io", exit_on_error=False)
        try:
            return await worker.wait()
        except WorkerFailed as failed:
            raise failed.error from None

    def _stop_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None

    def _autosave(self) -> None:
        # A worker, not the timer's own task: stopping or replacing the timer (the next
        # edit does) must never cancel a save that is under way.
        self._autosave_timer = None
        self.run_worker(self.save_now(), group="autosave")

    async def action_save(self) -> None:
        if self.plan_file is not None and self.plan_file.read_only:
            self.notify(
                literal(self.plan_file.read_only), title="Read-only", severity="warning", markup=False
            )
            return
        self.run_worker(self.save_now(), group="save-request")

    def _plan_replaced(self) -> None:
        """Tell every screen the plan object was replaced (merged or read again)."""
        self.save_state = UNSAVED if self.plan_file and self.plan_file.dirty else SAVED
        self.revision = Revision(self.revision.number + 1, reloaded=True)

    def _ask_about_conflicts(self, plan_file: PlanFile, conflicts: tuple[Conflict, ...]) -> None:
        """Put the fields changed both ways to the person; save once they chose."""
        from cfos_tui.tui.screens.conflict import MergeScreen

        if self._conflict_open:
            return
        self._conflict_open = True

        def chosen(choices: dict[tuple[str, ...], Any] | None) -> None:
            self._conflict_open = False
            if choices:
                plan_file.choose(choices)
                self._plan_replaced()
            self.session.edited()
            self.run_worker(self.save_now(), group="save-request")  # the save that asked goes on

        self.push_screen(MergeScreen(conflicts, plan_file.playbook), chosen)

    def _offer_to_write_again(self, plan_file: PlanFile) -> None:
        """The plan file was removed (a branch switch, a clean-up): offer to write ours there."""
        from cfos_tui.tui.widgets.dialogs import ConfirmScreen

        if self._conflict_open:
            return
        self._conflict_open = True

        def confirmed(yes: bool | None) -> None:
            self._conflict_open = False
            if yes:
                self._write_again(plan_file)
            else:
                self.save_state = UNSAVED

        question = f"{literal(str(plan_file.path))} was removed from disk. Write your version there again?"
        self.push_screen(ConfirmScreen(question, yes="Write it again", no="Not now"), confirmed)

    @work(group="save", exclusive=True)
    async def _write_again(self, plan_file: PlanFile) -> None:
        try:
            await self._in_thread(lambda: plan_file.save(force=True))
        except CfosError as error:
            self.save_state = NOT_SAVED
            self.notify(literal(str(error)), title="Not saved", severity="error", timeout=10, markup=False)
            return
        self.save_state = SAVED

    def check_disk(self) -> None:
        """Look at the plan file now: a change made by someone else is merged in."""
        if self.plan_file is not None and not self._conflict_open and not self._saving:
            self._check_disk_worker()

    @work(group="disk-check", exclusive=True)
    async def _check_disk_worker(self) -> None:
        plan_file = self.plan_file
        if plan_file is None:
            return
        try:
            changed = await self._in_thread(plan_file.changed_on_disk)
        except OSError:
            return
        if not changed or self._conflict_open or self._saving or plan_file is not self.plan_file:
            return
        if not plan_file.dirty and not plan_file.path.exists():
            return  # removed, and nothing of ours to write: the next edit offers to write it again
        try:
            merged = await self._merge_from_disk(plan_file)
        except CfosError as error:
            self.notify(
                literal(str(error)), title="The plan changed on disk", severity="warning", markup=False
            )
            return
        if merged and plan_file.dirty:
            self.run_worker(self.save_now(), group="autosave")

    def on_app_focus(self) -> None:
        self.check_disk()

    async def action_quit(self) -> None:
        self._quit_flow()

    @work(group="quit", exclusive=True)
    async def _quit_flow(self) -> None:
        """Flush unsaved work, asking what to do when that cannot be done quietly."""
        from cfos_tui.tui.screens.conflict import MergeScreen, SaveFailedScreen

        plan_file = self.plan_file
        while plan_file is not None and not plan_file.read_only:
            self._stop_autosave()
            try:
                snapshot = plan_file.snapshot()
                if not snapshot.changed:
                    break
                self.save_state = SAVING
                try:
                    await self._in_thread(partial(plan_file.save, snapshot=snapshot))
                    break
                except store.ChangedOnDisk:
                    if not plan_file.path.exists():
                        raise store.StoreError(f"{plan_file.path}: was removed from disk") from None
                    raw = await self._in_thread(lambda: store.read_settled(plan_file.path, last=True))
                    conflicts = plan_file.rebase(raw or b"")
                    self._plan_replaced()
                    if conflicts:
                        self._conflict_open = True
                        choices = await self.push_screen_wait(
                            MergeScreen(conflicts, plan_file.playbook, quitting=True)
                        )
                        self._conflict_open = False
                        if choices is None:
                            return
                        plan_file.choose(choices)
                    continue  # save the merged plan
            except CfosError as error:
                self.save_state = NOT_SAVED
                choice = await self.push_screen_wait(SaveFailedScreen(str(error)))
                if choice == "discard":
                    break
                if choice == "retry":
                    if not plan_file.path.exists():
                        await self._in_thread(lambda: plan_file.save(force=True))
                    continue
                return
        self.exit(0)

    def on_unmount(self) -> None:
        """Last resort when the app ends without going through quit: save if it is safe."""
        plan_file = self.plan_file
        if plan_file is None or plan_file.read_only:
            return
        try:
            if plan_file.dirty and not plan_file.changed_on_disk():
                plan_file.save()
        except (CfosError, OSError):
            pass

    # --- actions ------------------------------------------------------------------

    def workbook_screen(self) -> Screen[Any] | None:
        from cfos_tui.tui.screens.workbook import WorkbookScreen

        return next((s for s in self.screen_stack if isinstance(s, WorkbookScreen)), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        name = str(parameters[0]) if action == "open" and parameters else action
        command = COMMANDS_BY_ACTION.get(name)
        if command is not None:
            return self._command_allowed(command, self.screen)
        return True

    def _command_allowed(self, command: Command, screen: Screen[Any]) -> bool:
        """Whether a plan command makes sense with ``screen`` in front.

        The palette asks on behalf of the screen it was opened from, not of itself.
        """
        from cfos_tui.tui.screens.workbook import WorkbookScreen

        if self.plan_file is None or self.workbook_screen() is None:
            return False
        if isinstance(screen, ModalScreen):
            return command.action == "save"
        if command.view and type(screen).__name__ == command.class_name:
            return False  # the view that is already open
        if command.workbook_only:
            return isinstance(screen, WorkbookScreen)
        return True

    def run_command(self, command: Command) -> None:
        """Do what ``command`` does, as its key would."""
        if command.view:
            self.action_open(command.action)
        else:
            self.run_worker(self.run_action(command.action), group="command")

    def action_next_step(self) -> None:
        self._walk(+1)

    def action_previous_step(self) -> None:
        self._walk(-1)

    def _walk(self, offset: int) -> None:
        from cfos_tui.tui.screens.workbook import WorkbookScreen

        workbook = self.workbook_screen()
        if isinstance(workbook, WorkbookScreen):
            workbook.walk(offset)

    def action_open(self, name: str) -> None:
        """Open the view or dialog of the command ``name``; a view replaces the one in
        front (the roadmap stays underneath), a dialog opens over it."""
        command = COMMANDS_BY_ACTION[name]
        screen_class = command.screen_class()
        if not issubclass(screen_class, ModalScreen):
            load_view_styles(self)
            workbook = self.workbook_screen()
            while workbook is not None and self.screen is not workbook and len(self.screen_stack) > 2:
                self.pop_screen()
        self.push_screen(screen_class(**dict(command.options)))

    def action_help(self) -> None:
        from cfos_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.plan_file is not None and self.workbook_screen() is not None:
            for command in PLAN_COMMANDS:
                if self._command_allowed(command, screen):
                    yield SystemCommand(command.title, command.help, partial(self.run_command, command))
        yield SystemCommand("Help", "The keys and what they do", self.action_help)
        if self.plan_file is not None:
            yield SystemCommand("Open another plan", "Go back to the start screen", self.action_start)
        yield from super().get_system_commands(screen)

    async def action_start(self) -> None:
        """Save, then go back to the start screen (recent plans, new plan, open)."""
        await self.save_now()
        if self.plan_file is not None and self.plan_file.dirty:
            self.notify("Save or resolve the plan first.", severity="warning")
            return
        # The closed plan's session stays until another plan opens: the workbook screen
        # is taken down after this, and a page of it still being filled reads the plan
        # it showed. With no plan_file nothing is saved or watched any more.
        self.plan_file = None
        self.show_start()


def _plain(error: BaseException) -> str:
    """A person-readable line for an error: our own messages as they are."""
    if isinstance(error, CfosError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.filename or 'file'}: {error.strerror or error}"
    return f"unexpected problem: {error}"
