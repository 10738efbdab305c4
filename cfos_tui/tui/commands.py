"""The workbook's commands, each declared once, and the palette's steps by name.

A ``Command`` carries everything about one thing a person can do on an open plan: the
app action it runs, its key and footer label, its name and help in the command
palette, and, for a view or dialog, which screen it opens. The app's key bindings,
its palette entries, its help screen's key table and its lazily imported views are
all read from ``PLAN_COMMANDS``; a new view is one entry here and its screen class.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.screen import Screen

from cfos_tui.tui.widgets.text import one_line


@dataclass(frozen=True)
class Command:
    """One action on the open plan."""

    action: str  # the app runs ``action_<action>``
    title: str  # its name in the command palette
    help: str  # the palette's help line, the footer's tooltip and the help screen's text
    key: str = ""
    footer: str = ""  # the footer's label; empty: not in the footer (help and palette list it)
    view: str = ""  # "module:Class" of the screen it opens, imported the first time
    options: tuple[tuple[str, Any], ...] = ()  # keyword arguments for that screen
    workbook_only: bool = False  # only with the roadmap itself in front (next and previous)
    key_display: str = ""  # how the footer shows the key, when not as itself

    @property
    def app_action(self) -> str:
        """What the key runs: a view is opened by ``action_open(name)``, the rest by name."""
        return f"open('{self.action}')" if self.view else self.action

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.app_action,
            self.footer or self.title,
            show=bool(self.footer),
            tooltip=self.help,
            key_display=self.key_display or None,
        )

    @property
    def class_name(self) -> str:
        return self.view.partition(":")[2]

    def screen_class(self) -> type[Screen[Any]]:
        """The view's screen class (its module imported now: a broken one fails loudly)."""
        module_name, class_name = self.view.split(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        assert isinstance(screen_class, type) and issubclass(screen_class, Screen)
        return screen_class


_SCREENS = "cfos_tui.tui.screens"

# In footer order; the footer shows those with a label, in 80 columns.
PLAN_COMMANDS = (
    Command(
        action="next_step",
        title="Next step",
        help="Go to the next step of the roadmap (p: the previous one)",
        key="n",
        footer="Step",
        key_display="n/p",
        workbook_only=True,
    ),
    Command(
        action="previous_step",
        title="Previous step",
        help="Go to the previous step of the roadmap",
        key="p",
        workbook_only=True,
    ),
    Command(
        action="checklist",
        title="Checklist",
        help="Every checklist item of the plan in one table",
        key="c",
        footer="Checklist",
        view=f"{_SCREENS}.checklist:ChecklistScreen",
    ),
    Command(
        action="reminders",
        title="Reminders",
        help="Habit reminders that are due now and next",
        key="m",
        footer="Habits",
        view=f"{_SCREENS}.reminders:RemindersScreen",
    ),
    Command(
        action="report",
        title="Report",
        help="The transition report, rendered live",
        key="r",
        footer="Report",
        view=f"{_SCREENS}.report:ReportScreen",
    ),
    Command(
        action="files",
        title="Community files",
        help="The code of conduct, governance, contributing guide and other files the decisions make",
        key="w",
        footer="Files",
        view=f"{_SCREENS}.files:FilesScreen",
    ),
    Command(
        action="add_decision",
        title="Add decision",
        help="Add an entry to the public decision log",
        key="a",
        footer="Decision",
        view=f"{_SCREENS}.decision:DecisionModal",
    ),
    Command(
        action="export_report",
        title="Export report",
        help="Write the report to a Markdown file",
        key="e",
        view=f"{_SCREENS}.report:ReportScreen",
        options=(("export", True),),
    ),
    Command(
        action="audit",
        title="Audit the checkout",
        help="Community files, license and contributor concentration from a clone",
        key="u",
        view=f"{_SCREENS}.audit:AuditScreen",
    ),
    Command(
        action="save",
        title="Save",
        help="Write the plan to its file now (it also saves itself a moment after each edit)",
        key="ctrl+s",
    ),
)
COMMANDS_BY_ACTION = {command.action: command for command in PLAN_COMMANDS}


class StepCommands(Provider):
    """ "gov" finds "Step: Governance": each step of the open plan's roadmap, by its title,
    its id or its phase, opens that step."""

    async def search(self, query: str) -> Hits:
        from cfos_tui.tui.app import WorkbookApp

        app = self.app
        if not isinstance(app, WorkbookApp) or app.plan_file is None or app.workbook_screen() is None:
            return
        playbook = app.plan_file.playbook
        phases = {phase.id: phase.title for phase in playbook.phases}
        matcher = self.matcher(query)
        for step in playbook.steps:
            shown = f"Step: {one_line(step.title)}"
            score = max(
                matcher.match(shown),
                matcher.match(step.id),
                matcher.match(one_line(phases.get(step.phase, ""))) * 0.5,
            )
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(shown),
                    partial(app.open_step, step.id),
                    text=shown,
                    help=f"{one_line(phases.get(step.phase, step.phase))} · open this step",
                )
