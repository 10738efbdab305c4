"""Walking the roadmap: the navigation panel, next/previous, progress and resuming."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Label

from cfos_tui import locations, parsed
from cfos_tui.playbook import SHORT_TITLE
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.workbook import WorkbookScreen
from cfos_tui.tui.widgets.nav import RoadmapNav
from tests.fixtures.notices import record_notifications
from tests.fixtures.waiting import page_ready

SIZE = (80, 24)


def current_step(app: WorkbookApp) -> str:
    return app.screen.page.step.id


async def test_opens_plan_at_first_step(plan_path: Path, open_workbook, wait_until) -> None:
    """A plan opened for the first time shows the first step and overall progress."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        assert current_step(app) == "personas"
        assert "0/108 · 0%" in str(app.screen.query_one("#status-bar").render())
        assert "✓ saved" in str(app.screen.query_one("#status-bar").render())


async def test_the_workbook_keeps_its_plan_parsed(plan_path: Path, open_workbook) -> None:
    """Opened in the workbook, a plan is kept parsed for the next run (and saved ones too:
    tests/unit/test_parsed.py)."""
    assert parsed.recall(plan_path.read_bytes()) is None
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        assert app.plan_file is not None and app.plan_file.keeps_parsed
    assert parsed.recall(plan_path.read_bytes()) is not None


async def test_walk_every_step_forward_and_back(plan_path: Path, open_workbook, wait_until) -> None:
    """n walks every step in roadmap order, p walks back, and the ends say so."""
    app = WorkbookApp(plan_path)
    notices = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        order = [s.id for s in app.plan_file.playbook.steps]
        seen = [current_step(app)]
        for _ in range(len(order) - 1):
            await pilot.press("n")
            await pilot.pause()
            seen.append(current_step(app))
        assert seen == order
        await pilot.press("n")
        await pilot.pause()
        assert current_step(app) == order[-1]
        assert any("last step" in said for said in notices)
        back = [current_step(app)]
        for _ in range(len(order) - 1):
            await pilot.press("p")
            await pilot.pause()
            back.append(current_step(app))
        assert back == order[::-1]
        await pilot.press("p")
        await pilot.pause()
        assert any("first step" in said for said in notices)


async def test_steps_passed_quickly_leave_only_the_last_steps_questions(
    plan_path: Path, open_workbook, wait_until
) -> None:
    """Several steps passed before any of them was drawn: the page ends on the last one,
    with its heading, its questions and its checklist only."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        screen = app.screen
        assert isinstance(screen, WorkbookScreen)
        for _ in range(3):
            screen.walk(1)  # three steps in one go: no frame drawn in between
        await wait_until(pilot, lambda: screen.page.ready)
        await pilot.pause()
        step = app.plan_file.playbook.steps[3]
        assert screen.page.step.id == step.id
        assert str(screen.query_one(".step-title", Label).render()) == step.title
        shown = {widget.id for widget in screen.page.query(".field") if widget.id}
        assert {f"field-{spec.id}" for spec in step.fields} <= shown
        others = {f"field-{spec.id}" for other in app.plan_file.playbook.steps[:3] for spec in other.fields}
        assert not (shown & others - {f"field-{spec.id}" for spec in step.fields})
        rows = screen.page.query_one("StepChecklist").row_count
        assert rows == len(step.items)


async def test_the_step_left_is_collected_soon_after_the_next_is_drawn(
    plan_path: Path, open_workbook, wait_until, monkeypatch
) -> None:
    """The questions of the step left (widgets in reference cycles) are collected once
    the next step's page is complete, not whenever the collector next runs on its own
    (here it never does: it is switched off)."""
    import gc
    import weakref

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        screen = app.screen
        assert isinstance(screen, WorkbookScreen)
        await wait_until(pilot, lambda: screen.page.ready)
        question = weakref.ref(screen.page.query(".field").first())
        collect = gc.collect
        freed_by: list[bool] = []  # one entry per collection the app runs: did it free the question?

        def collecting(*arguments: int) -> int:
            alive = question() is not None
            found = collect(*arguments)
            freed_by.append(alive and question() is None)
            return found

        collect()
        gc.disable()
        monkeypatch.setattr(gc, "collect", collecting)
        try:
            await pilot.press("n")
            await wait_until(pilot, lambda: screen.page.ready)
            await wait_until(pilot, lambda: question() is None, seconds=2.0)
        finally:
            gc.enable()
        assert True in freed_by  # a collection the app ran freed it (nothing else could)


async def test_the_footer_follows_the_focus_and_is_rebuilt_only_when_its_keys_change(
    plan_path: Path, open_workbook, goto
) -> None:
    """The footer shows the step checklist's keys while it has the focus and drops them
    when it loses it; moving between two questions keeps the same keys, drawn as they were."""
    from textual.widgets import Footer

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await goto(pilot, "license")
        screen = app.screen
        footer = screen.query_one(Footer)

        def shown() -> str:
            return " ".join(str(key.render()) for key in footer.query("FooterKey"))

        screen.query_one("#field-current-license Input", Input).focus()
        await pilot.pause()
        keys_before = list(footer.query("FooterKey"))
        assert "Status" not in shown()
        screen.query_one("#field-decision Input", Input).focus()
        await pilot.pause()
        assert list(footer.query("FooterKey")) == keys_before  # the very same widgets
        screen.query_one("#step-checklist").focus()
        await pilot.pause()
        assert "Status" in shown()
        screen.query_one("#field-decision Input", Input).focus()
        await pilot.pause()
        assert "Status" not in shown()


async def test_choose_step_in_navigation(plan_path: Path, open_workbook, wait_until) -> None:
    """Selecting a step in the panel opens it and remembers it for the next launch."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        nav.focus()
        nav.select_step("governance")
        await pilot.press("enter")
        await pilot.pause()
        assert current_step(app) == "governance"
        await wait_until(
            pilot, lambda: (locations.last_plan() or locations.RecentPlan(Path(), "")).step == "governance"
        )
    assert locations.last_plan().path == plan_path.resolve()


async def test_letters_type_into_inputs_not_actions(plan_path: Path, open_workbook, wait_until) -> None:
    """Typing n, p, c in a text box types them; it does not change the step."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.open_step("license")
        await page_ready(pilot)
        field = app.screen.query_one("#field-current-license Input", Input)
        field.focus()
        await pilot.press("n", "p", "c", "m", "r", "a", "e", "question_mark")
        await pilot.pause()
        assert current_step(app) == "license"
        assert isinstance(app.screen, WorkbookScreen)
        assert field.value == "npcmrae?"
        assert app.plan_file.plan.answer("license", "current-license") == "npcmrae?"


async def test_open_step_focuses_item(plan_path: Path, open_workbook, wait_until) -> None:
    """open_step with an item id shows that step and highlights the item."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.open_step("repository", "security-policy")
        await wait_until(
            pilot, lambda: app.screen.focused is not None and app.screen.focused.id == "step-checklist"
        )
        assert current_step(app) == "repository"
        assert app.screen.focused.current_id() == "security-policy"


async def test_user_text_is_shown_literally(tmp_path: Path, open_workbook, wait_until) -> None:
    """Markup, escape sequences, emoji and RTL text in every user field are shown as typed."""
    from datetime import date

    from textual.widgets import DataTable, TextArea

    from cfos_tui import store
    from cfos_tui.plan import ItemState, new_plan
    from cfos_tui.playbook import builtin_playbook
    from cfos_tui.tui.widgets.checklist import ItemScreen, StepChecklist
    from cfos_tui.tui.widgets.records import RecordScreen, RecordsEditor

    nasty = "[b]bold?[/] [1] [red]x[/red] \x1b[31mred\x1b[0m 🚀 مرحبا"
    playbook = builtin_playbook()
    plan = new_plan(playbook, nasty, today=date(2024, 5, 15), team=[nasty, "Bo"])
    plan.set_answer("personas", "current-users", nasty)
    plan.set_answer("personas", "personas", {"p1": {"name": nasty, "group": "users", "role": nasty}})
    plan.items["personas-drafted"] = ItemState(status="n/a", owner=nasty, note=nasty)
    path = tmp_path / "nasty.toml"
    store.create(path, plan, playbook)
    literal = "[b]bold?[/] [1] [red]x[/red]"

    app = WorkbookApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_workbook(pilot)
        assert literal in str(app.screen.query_one("#status-bar").render())
        shown = app.screen.query_one("#field-current-users TextArea", TextArea).text
        assert shown.startswith(literal) and "\x1b" not in shown and "␛[31mred" in shown
        records = app.screen.query_one("#records-personas-personas", RecordsEditor)
        assert literal in records.query_one(DataTable).get_row("p1")[0].plain
        checklist = app.screen.query_one(StepChecklist)
        assert literal in checklist.get_row("personas-drafted")[1].plain
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot
        assert "bold?" in screenshot and "🚀" in screenshot

        records.edit_record()
        await wait_until(pilot, lambda: isinstance(app.screen, RecordScreen))
        await pilot.pause()
        assert literal in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await pilot.pause()
        checklist.focus()
        checklist.focus_item("personas-drafted")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemScreen))
        await pilot.pause()
        assert literal in str(app.screen.query_one(".form-help").render())
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.plan_file.dirty


PALETTE_TITLES = [
    "Next step",
    "Previous step",
    "Checklist",
    "Reminders",
    "Report",
    "Export report",
    "Add decision",
    "Audit the checkout",
    "Save",
    "Help",
]


def palette_titles(app: WorkbookApp) -> list[str]:
    """The command titles the open palette lists, as drawn."""
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)]


async def test_palette_lists_every_plan_action(plan_path: Path, open_workbook, wait_until) -> None:
    """ctrl+p lists each action under its plain name, and choosing one runs it."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette) and palette_titles(app))
        listed = palette_titles(app)
        for title in PALETTE_TITLES:
            assert any(line.startswith(title) for line in listed), (title, listed)
        await pilot.press(*"Next step", "enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WorkbookScreen) and current_step(app) == "values"
        )


async def test_help_scrolls_from_the_keyboard(plan_path: Path, open_workbook, wait_until) -> None:
    """f1 opens the help with its text focused, so page keys reach the end of it at 80×24."""
    from textual.containers import VerticalScroll

    from cfos_tui.tui.screens.help import HelpScreen

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = app.screen.query_one("#help-text", VerticalScroll)
        assert text.max_scroll_y > 0  # the help is longer than the dialog
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause(0.3)
        assert text.scroll_y == text.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkbookScreen)


async def test_palette_opens_a_step_by_name(plan_path: Path, open_workbook, wait_until) -> None:
    """ctrl+p, "gov": the Governance step is offered, and enter opens it."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"gov")
        await wait_until(pilot, lambda: any(t.startswith("Step: Governance") for t in palette_titles(app)))
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, WorkbookScreen) and current_step(app) == "governance"
        )


async def test_keys_jump_to_the_questions_and_the_checklist(
    plan_path: Path, open_workbook, wait_until
) -> None:
    """From the roadmap, `f` focuses the step's first question and `k` its checklist."""
    from cfos_tui.tui.widgets.checklist import StepChecklist

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("f")
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None and any(a.has_class("field") for a in focused.ancestors)
        await pilot.press("escape")  # leave the text box (escape in a TextArea does not move focus)
        app.screen.query_one("RoadmapNav").focus()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen.focused, StepChecklist)


async def test_next_step_opens_at_its_title(plan_path: Path, open_workbook, wait_until) -> None:
    """`n` after reading a checklist far down a step shows the next step from its top."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("k")
        await pilot.pause()
        assert app.screen.page.scroll_y > 0
        app.screen.query_one("RoadmapNav").focus()
        await pilot.press("n", "p")
        await wait_until(pilot, lambda: app.screen.page.ready and app.screen.page.step.id == "personas")
        await pilot.pause()
        assert app.screen.page.scroll_y == 0


async def test_step_names_are_whole_in_a_wide_terminal(plan_path: Path, open_workbook) -> None:
    """At 120 columns the roadmap panel shows every step's title without an ellipsis."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_workbook(pilot)
        nav = app.screen.query_one(RoadmapNav)
        drawn = list(nav.step_labels().values())
        assert all("…" not in label for label in drawn), drawn
        assert [label.split(" ", 1)[1].rsplit(" ", 1)[0].rstrip() for label in drawn] == [
            step.title for step in app.plan_file.playbook.steps
        ]


async def test_step_names_use_their_short_titles_at_80_columns(plan_path: Path, open_workbook) -> None:
    """At 80 columns a title that does not fit gives way to the step's short title,
    never to a cut one."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        drawn = list(app.screen.query_one(RoadmapNav).step_labels().values())
        assert all("…" not in label for label in drawn), drawn
        names = [label.split(" ", 1)[1].rsplit(" ", 1)[0].rstrip() for label in drawn]
        steps = app.plan_file.playbook.steps
        for name, step in zip(names, steps, strict=True):  # the title when it fits, else the short one
            assert name == step.title or (len(step.title) > SHORT_TITLE and name == step.short), name
        assert "Code of conduct" in names and "Repositories" in names


async def test_tab_goes_from_the_roadmap_to_the_guidance_then_the_questions(
    plan_path: Path, open_workbook
) -> None:
    """The page itself takes no focus (it would not show it): the first Tab lands on the
    guidance toggle, the second on the first question; page down from there scrolls."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("tab")
        assert type(app.focused).__name__ == "GuidanceToggle"
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.screen.page.scroll_y > 0
        await pilot.press("tab")
        first = app.plan_file.playbook.steps[0].fields[0]
        assert app.focused is not None and app.focused.parent is app.screen.query_one(f"#field-{first.id}")
