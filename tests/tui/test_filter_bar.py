"""The filter bar: filters on one line, labels literal, a flexible filter taking the
room left, options replaced, and keys that move between filters and step through them."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from cfos_tui.tui.widgets.filter_bar import FLEXIBLE_MAX, GAP, Filter, FilterBar

MARKUP = "[b]Ana[/] [1] \x1b[31m"


class BarApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[tuple[str, object]] = []

    def compose(self) -> ComposeResult:
        yield FilterBar(
            [
                Filter("kind", "a", [("all kinds", "a"), ("bees", "b")], width=12),
                Filter("who", "all", [("anyone", "all"), (MARKUP, MARKUP)]),
                Filter("late", False, label="Late", width=8),
            ]
        )

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        assert event.control is self.query_one(FilterBar)
        self.changes.append((event.key, event.value))


async def test_filters_share_one_line_and_show_labels_literally() -> None:
    app = BarApp()
    async with app.run_test(size=(50, 5)) as pilot:
        bar = app.query_one(FilterBar)
        await pilot.pause()
        width = bar.content_size.width
        spans = bar.spans()
        assert spans[0] == (0, 12) and spans[2][1] == 8
        assert spans[1] == (12 + GAP, width - 12 - 8 - 2 * GAP)  # the rest of the line
        bar.set_value("who", MARKUP)
        await pilot.pause()
        line = str(bar.render())
        assert len(line) == sum(spans[-1])
        assert line.startswith("all kinds  ▾")
        assert "[b]Ana[/] [1] ␛[31m" in line and line.endswith("[ ] Late")
        assert app.changes == [("who", MARKUP)]
        with pytest.raises(ValueError):
            bar.set_value("kind", "wasps")


async def test_new_options_keep_the_choice_or_fall_back_to_the_first() -> None:
    app = BarApp()
    async with app.run_test(size=(50, 5)) as pilot:
        bar = app.query_one(FilterBar)
        bar.set_value("kind", "b")
        bar.set_options("kind", [("all kinds", "a"), ("bees", "b"), ("ants", "c")])
        assert bar.value("kind") == "b"
        bar.set_options("kind", [("everything", "all"), ("ants", "c")])
        await pilot.pause()
        assert bar.value("kind") == "all"
        assert app.changes == [("kind", "b"), ("kind", "all")]


async def test_arrows_move_between_filters_and_step_through_options() -> None:
    app = BarApp()
    async with app.run_test(size=(50, 5)) as pilot:
        bar = app.query_one(FilterBar)
        bar.focus()
        await pilot.press("down")
        assert bar.value("kind") == "b"
        await pilot.press("down", "left")  # the last option stays; the first filter stays
        assert bar.value("kind") == "b" and bar.active == "kind"
        await pilot.press("right", "right", "down")
        assert bar.active == "late" and bar.value("late") is True
        await pilot.press("enter")
        assert bar.value("late") is False


async def test_on_a_wide_screen_the_flexible_filter_stops_growing() -> None:
    app = BarApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(FilterBar)
        assert bar.spans()[1][1] == FLEXIBLE_MAX
        assert str(bar.render()).endswith("[ ] Late")


async def test_keys_on_a_bar_without_filters_do_nothing() -> None:
    class EmptyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield FilterBar([])

    app = EmptyApp()
    async with app.run_test(size=(40, 5)) as pilot:
        bar = app.query_one(FilterBar)
        bar.focus()
        await pilot.press("enter", "space", "down", "left", "right")
        await pilot.click(FilterBar)
        assert bar.active == "" and str(bar.render()) == ""
