"""The navigation panel: the roadmap's phases and steps with their progress."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive, var
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from cfos_tui.plan import Count, Progress, progress
from cfos_tui.playbook import Playbook
from cfos_tui.store import PlanFile
from cfos_tui.tui.context import workbook
from cfos_tui.tui.messages import StepChosen
from cfos_tui.tui.widgets.text import literal


def step_mark(count: Count) -> str:
    """✓ every item complete, ◐ some, · none."""
    if count.total and count.done == count.total:
        return "✓"
    return "◐" if count.done else "·"


def fitted(title: str, tail: str, width: int, short: str = "") -> str:
    """``title tail`` in ``width``: the short title when the whole one does not fit,
    and an ellipsis when even that is too long."""
    room = max(width - len(tail) - 1, 4)
    if len(title) > room and short:
        title = short
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return f"{title}{' ' * max(room - len(title), 0)} {tail}"


class RoadmapNav(Tree[str]):
    """Phases (title, done/total) and their steps (mark, title, done/total)."""

    # Tree's settings, given as defaults: set in __init__, each ran its watcher, which
    # cost several milliseconds of the first frame.
    show_root = reactive(False)
    guide_depth = reactive(2, init=False)
    auto_expand = var(False)

    def __init__(self, playbook: Playbook, *, id: str | None = None) -> None:
        super().__init__("Roadmap", id=id)
        self.playbook = playbook
        self._step_nodes: dict[str, TreeNode[str]] = {}
        self._phase_nodes: dict[str, TreeNode[str]] = {}
        self._counts: dict[str, Count] = {}
        self._label_width = 0

    def on_mount(self) -> None:
        for phase in self.playbook.phases:
            node = self.root.add(Text(literal(phase.title)), data=f"phase:{phase.id}", expand=True)
            self._phase_nodes[phase.id] = node
            for step in phase.steps:
                self._step_nodes[step.id] = node.add_leaf(Text(literal(step.title)), data=f"step:{step.id}")
        self.refresh_marks(force=True)

    def step_labels(self) -> dict[str, str]:
        """Each step's label as drawn: its mark, its title (fitted to the panel), its count."""
        return {step_id: str(node.label) for step_id, node in self._step_nodes.items()}

    def on_resize(self) -> None:
        if self.size.width != self._label_width:
            self.refresh_marks(force=True)

    def refresh_marks(self, numbers: Progress | None = None, *, force: bool = False) -> None:
        """Redraw the labels whose counts changed (all of them when ``force``)."""
        plan_file: PlanFile | None = workbook(self).plan_file
        if plan_file is None:
            return
        if numbers is None:
            numbers = progress(plan_file.plan, self.playbook)
        self._label_width = width = self.size.width or 28
        for phase in self.playbook.phases:
            count = numbers.phases[phase.id]
            key = f"phase:{phase.id}"
            if force or self._counts.get(key) != count:
                self._counts[key] = count
                tail = f"{count.done}/{count.total}"
                label = fitted(literal(phase.title), tail, width - 3, literal(phase.short))
                self._phase_nodes[phase.id].set_label(Text(label, style="bold"))
            for step in phase.steps:
                count = numbers.steps[step.id]
                key = f"step:{step.id}"
                if force or self._counts.get(key) != count:
                    self._counts[key] = count
                    tail = f"{count.done}/{count.total}"
                    title = fitted(literal(step.title), tail, width - 5, literal(step.short))
                    label = f"{step_mark(count)} {title}"
                    text = Text(label)
                    if count.total and count.done == count.total:
                        text.stylize("green", 0, 1)
                    self._step_nodes[step.id].set_label(text)

    def select_step(self, step_id: str) -> None:
        """Highlight ``step_id`` without announcing it as a new choice."""
        node = self._step_nodes.get(step_id)
        if node is not None:
            if node.parent is not None and not node.parent.is_expanded:
                node.parent.expand()
            self.move_cursor(node, animate=False)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        data = event.node.data or ""
        if data.startswith("step:"):
            self.post_message(StepChosen(data.removeprefix("step:")))
