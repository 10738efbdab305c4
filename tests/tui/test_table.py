"""The views' table: cells cut to their columns, user text literal, a row cursor that
scrolls into view, selection by key and by click, and rows redrawn when they change."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from cfos_tui.tui.widgets.table import MIN_FLEXIBLE, Column, RowTable
from cfos_tui.tui.widgets.text import cell


class TableApp(App[None]):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.highlighted: list[str] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="table", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.set_columns([Column("name", "Name"), Column("state", "State", 6)])
        table.add_rows((f"row-{n}", [cell(f"item {n}"), cell("todo")]) for n in range(self.rows))
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.highlighted.append(event.key)

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.selected.append(event.key)


def lines(table: RowTable) -> list[str]:
    """The table's lines as drawn now, heading first."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_cells_sit_in_their_columns_and_the_flexible_one_takes_the_rest() -> None:
    app = TableApp(rows=3)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        width = table.scrollable_content_region.width
        assert table.column_widths() == (width - 6 - 4, 6)
        drawn = lines(table)
        assert drawn[0].startswith(" Name ") and drawn[0].rstrip().endswith("State")
        assert drawn[1] == f" {'item 0':<{width - 10}}  todo   "
        assert all(len(line) == width for line in drawn)
        assert len(drawn) == 4  # as tall as its rows and heading


async def test_long_text_is_cut_with_an_ellipsis_and_markup_shows_literally() -> None:
    app = TableApp(rows=1)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        table.update_cell("row-0", "name", cell("[b]bold[/b] " + "x" * 80))
        table.update_cell("row-0", "state", Text("done ✓ really", style="green"))
        await pilot.pause()
        row = lines(table)[1]
        name_width = table.column_widths()[0]
        assert row[1 : 1 + name_width] == ("[b]bold[/b] " + "x" * 80)[: name_width - 1] + "…"
        assert row.endswith("  done … ")  # cut to its six cells
        assert table.get_cell("row-0", "name").plain.startswith("[b]bold[/b]")


async def test_the_flexible_column_keeps_a_width_on_a_narrow_table() -> None:
    app = TableApp(rows=1)
    async with app.run_test(size=(12, 6)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert table.column_widths()[0] == MIN_FLEXIBLE
        assert all(len(line) == table.scrollable_content_region.width for line in lines(table))


async def test_the_cursor_moves_scrolls_into_view_and_says_so() -> None:
    app = TableApp(rows=100)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.press("down", "down")
        assert table.cursor_key == "row-2"
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key == "row-99"
        assert lines(table)[-1].split() == ["item", "99", "todo"]  # the last row, at the bottom
        assert lines(table)[0].strip().startswith("Name")  # the heading stays
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 99 - (table.size.height - 1)
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_key == "row-0"
        assert lines(table)[1].strip().startswith("item 0")
        assert app.highlighted[:2] == ["row-1", "row-2"] and app.highlighted[-1] == "row-0"
        await pilot.press("up")  # already at the top: nothing moves, nothing is said
        assert app.highlighted[-1] == "row-0" and table.cursor_row == 0


async def test_enter_and_clicks_choose_a_row() -> None:
    app = TableApp(rows=5)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        assert app.selected == ["row-1"]
        await pilot.click(RowTable, offset=(3, 4))  # the fourth row (the heading is line 0)
        table = app.query_one(RowTable)
        assert table.cursor_key == "row-3"
        assert app.selected == ["row-1"]  # a click moves the cursor; a second one chooses
        await pilot.click(RowTable, offset=(3, 4))
        assert app.selected == ["row-1", "row-3"]
        await pilot.click(RowTable, offset=(3, 0))  # the heading chooses nothing
        assert app.selected == ["row-1", "row-3"]


async def test_a_changed_row_is_drawn_again_and_the_rest_are_kept() -> None:
    app = TableApp(rows=5)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        before = lines(table)
        table.update_cell("row-2", "state", cell("done"))
        await pilot.pause()
        after = lines(table)
        assert after[3].rstrip().endswith("done")
        assert after[:3] == before[:3] and after[4:] == before[4:]


async def test_clearing_and_refilling_and_a_key_twice() -> None:
    app = TableApp(rows=5)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        await pilot.press("end")
        table.clear()
        assert table.row_count == 0 and table.cursor_key is None
        await pilot.press("enter", "down")
        assert app.selected == []
        table.add_rows([("a", [cell("one"), cell("")]), ("b", [cell("two"), cell("")])])
        assert table.row_keys == ["a", "b"] and table.cursor_key == "a"
        with pytest.raises(ValueError, match="'a'"):
            table.add_row(cell("again"), cell(""), key="a")
        assert table.row_keys == ["a", "b"]


async def test_cells_given_as_a_function_are_made_only_when_their_row_is_needed() -> None:
    """A row given as a function makes its cells once, when first drawn, read or changed;
    rows below the fold are never made."""
    made: list[int] = []

    def row(number: int):
        def make() -> list[Text]:
            made.append(number)
            return [cell(f"item {number}"), cell("todo")]

        return make

    app = TableApp(rows=0)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RowTable)
        table.add_rows((f"lazy-{n}", row(n)) for n in range(100))
        await pilot.pause()
        shown = table.scrollable_content_region.height - 1
        assert sorted(made) == list(range(shown))
        assert lines(table)[1].startswith(" item 0 ")
        assert table.get_cell("lazy-50", "name").plain == "item 50"
        table.update_cell("lazy-60", "state", cell("done"))
        assert table.get_cell("lazy-60", "state").plain == "done"
        assert table.get_cell("lazy-60", "name").plain == "item 60"
        await pilot.press("end")
        await pilot.pause()
        assert lines(table)[-1].startswith(" item 99 ")
        assert sorted(made) == sorted(set(made))  # each row made once
        assert 70 not in made


async def test_rows_take_their_colours_from_the_theme_and_the_cursor_dims_without_focus() -> None:
    """Even rows are striped lighter on a light theme and darker on a dark one; the
    cursor's row has the theme's cursor colours while the table has the focus, and
    its blurred ones after."""
    from textual.color import Color

    app = TableApp(rows=4)
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(RowTable)
        await pilot.pause()

        def background(y: int) -> Color:
            segment = next(iter(table.render_line(y)))
            assert segment.style is not None and segment.style.bgcolor is not None
            return Color.from_rich_color(segment.style.bgcolor)

        theme = app.theme_variables
        plain, striped = background(3), background(4)  # rows 2 and 3: odd rows are striped
        assert background(1) == Color.parse(theme["block-cursor-background"])  # row 0, focused
        assert striped.brightness < plain.brightness
        app.set_focus(None)
        await pilot.pause()
        assert background(1) != Color.parse(theme["block-cursor-background"])
        app.theme = "textual-light"
        await pilot.pause()
        assert background(4).brightness > background(3).brightness  # striped lighter
        assert background(3) != plain
