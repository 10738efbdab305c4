"""Command palette entries beyond the app's own actions: every step of the roadmap by name."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

from cfos_tui.tui.widgets.text import one_line


class StepCommands(Provider):
    """"gov" finds "Step: Governance": each step of the open plan's roadmap, by its title,
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
