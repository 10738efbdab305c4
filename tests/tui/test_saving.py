"""Saving: autosave, ctrl+s, resuming, outside changes, read-only plans and quitting."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input, Label, TextArea

from cfos_tui import store
from cfos_tui.tui import app as app_module
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.screens.conflict import MergeScreen, SaveFailedScreen
from cfos_tui.tui.widgets.dialogs import ConfirmScreen
from cfos_tui.tui.widgets.step_page import StepPage
from tests.fixtures.screen import drawn_text
from tests.fixtures.waiting import page_ready

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave after 0.2 s instead of 1.5 s so the tests stay quick."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 0.2)


def answers_on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("answers", {})


async def type_current_users(pilot, text: str) -> None:
    area = pilot.app.screen.query_one("#field-current-users TextArea", TextArea)
    area.focus()
    await pilot.press(*text)


async def test_autosave_writes_and_reopening_resumes(plan_path: Path, open_workbook, wait_until) -> None:
    """An edit is saved shortly after; the next launch opens the same step with the same answers."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        app.open_step("license")
        await page_ready(pilot)
        line = app.screen.query_one("#field-decision Input", Input)
        line.focus()
        await pilot.press(*"Apache-2.0")
        decided = lambda: answers_on_disk(plan_path).get("license", {}).get("decision")  # noqa: E731
        await wait_until(pilot, lambda: decided() == "Apache-2.0")
        await wait_until(pilot, lambda: app.save_state == "saved")
        # the indicator hears of it by message, a moment later
        indicator = app.screen.query_one("#status-bar")
        await wait_until(pilot, lambda: "✓ saved" in str(indicator.render()))

    again = WorkbookApp()  # no path: the last plan, at its step
    async with again.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        assert again.plan_file.path == plan_path.resolve()
        assert again.screen.page.step.id == "license"
        assert again.screen.query_one("#field-decision Input", Input).value == "Apache-2.0"


async def test_ctrl_s_saves_at_once(plan_path: Path, open_workbook, wait_until, monkeypatch) -> None:
    """ctrl+s writes without waiting for the autosave timer."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Labs")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.save_state == "saved")
        assert answers_on_disk(plan_path)["personas"]["current-users"] == "Labs"


async def test_quit_flushes_unsaved_edits(plan_path: Path, open_workbook, monkeypatch) -> None:
    """Quitting right after an edit writes it first (through the quit itself: the last-resort
    save when the app is torn down is switched off here)."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    monkeypatch.setattr(WorkbookApp, "on_unmount", lambda self: None)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Quick")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert answers_on_disk(plan_path)["personas"]["current-users"] == "Quick"


async def test_open_and_quit_leaves_file_byte_identical(plan_path: Path, open_workbook) -> None:
    """Looking around (steps, forms opened and cancelled) and quitting changes no byte."""
    plan_path.write_text(
        "# a comment the team wrote\n" + plan_path.read_text(encoding="utf-8") + "\n# trailing note\n",
        encoding="utf-8",
    )
    before = plan_path.read_bytes()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        for key in "nnnnp":
            await pilot.press(key)
            await pilot.pause()
        app.open_step("values")
        await page_ready(pilot)
        app.screen.page.query_one("RecordsEditor").edit_record()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert plan_path.read_bytes() == before


async def outside_edit(path: Path) -> None:
    """Another program (git pull, an editor) changes the project name on disk."""
    text = path.read_text(encoding="utf-8").replace('project = "Demo Project"', 'project = "Theirs"')
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))


async def test_outside_change_is_merged_into_unsaved_edits(
    plan_path: Path, open_workbook, wait_until, monkeypatch
) -> None:
    """Saving over an outside change merges it: nothing is asked, both changes are on disk and shown."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    app = WorkbookApp(plan_path)
    asked = []
    async with app.run_test(size=SIZE, message_hook=lambda m: asked.append(type(m).__name__)) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Mine")
        await outside_edit(plan_path)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.save_state == "saved" and not app.plan_file.changed_on_disk())
        assert not isinstance(app.screen, MergeScreen | ConfirmScreen)
        assert app.plan_file.plan.project == "Theirs"
        await wait_until(pilot, lambda: "Theirs" in str(app.screen.query_one("#status-bar").render()))
        assert app.screen.query_one("#field-current-users TextArea", TextArea).text == "Mine"
    assert "MergeScreen" not in " ".join(asked)
    on_disk = tomllib.loads(plan_path.read_text(encoding="utf-8"))
    assert on_disk["project"] == "Theirs"
    assert on_disk["answers"]["personas"]["current-users"] == "Mine"
    assert not list(plan_path.parent.glob("plan.theirs-*.toml"))


async def test_outside_change_without_edits_is_taken(plan_path: Path, open_workbook, wait_until) -> None:
    """With nothing unsaved, a change on disk is simply shown (checked on focus and every few seconds)."""
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await outside_edit(plan_path)
        app.check_disk()
        await wait_until(pilot, lambda: app.plan_file.plan.project == "Theirs")
        assert not isinstance(app.screen, MergeScreen)
        assert not app.plan_file.dirty


async def test_periodic_check_merges_while_editing(
    plan_path: Path, open_workbook, wait_until, monkeypatch
) -> None:
    """The periodic check notices an outside change while edits are unsaved: merged and saved, no question."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Mine")
        await outside_edit(plan_path)
        app.check_disk()
        await wait_until(pilot, lambda: app.plan_file.plan.project == "Theirs" and app.save_state == "saved")
        assert not isinstance(app.screen, MergeScreen)
        assert app.plan_file.plan.answer("personas", "current-users") == "Mine"
    assert answers_on_disk(plan_path)["personas"]["current-users"] == "Mine"


async def test_fields_changed_both_ways_are_asked_one_by_one(
    plan_path: Path, open_workbook, wait_until, monkeypatch
) -> None:
    """Two fields changed here and on disk: the dialog shows both values of each; theirs is taken
    for one, ours kept for the other, and a field only they changed merges without a question."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Mine [b]")
        app.plan_file.plan.items["labels"].owner = "Ana"
        app.plan_changed()
        other = store.load(plan_path)
        other.plan.set_answer("personas", "current-users", "Theirs")
        other.plan.items["labels"].owner = "Ben"
        other.plan.project = "Renamed"
        other.save()
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: isinstance(app.screen, MergeScreen) and bool(app.screen.query("#theirs-1"))
        )
        dialog = app.screen
        assert [c.where for c in dialog.conflicts] == ["answers.personas.current-users", "items.labels.owner"]

        def shown() -> str:
            return " ".join(drawn_text(dialog, f"#{side}-{n}") for side in ("ours", "theirs") for n in (0, 1))

        await wait_until(pilot, lambda: "yours: Mine [b]" in shown())  # drawn, not only mounted
        assert "theirs: Theirs" in shown() and "theirs: Ben" in shown()
        await pilot.click("#theirs-0")
        await pilot.click("#apply")
        await wait_until(pilot, lambda: app.save_state == "saved" and not isinstance(app.screen, MergeScreen))
    on_disk = tomllib.loads(plan_path.read_text(encoding="utf-8"))
    assert on_disk["answers"]["personas"]["current-users"] == "Theirs"
    assert on_disk["items"]["labels"]["owner"] == "Ana"
    assert on_disk["project"] == "Renamed"


async def test_a_removed_plan_is_offered_back(
    plan_path: Path, open_workbook, wait_until, monkeypatch
) -> None:
    """The file was deleted while edits were unsaved: asked first, then written again."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Mine")
        plan_path.unlink()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert not plan_path.exists()
        await pilot.click("#yes")
        await wait_until(pilot, lambda: app.save_state == "saved")
    assert answers_on_disk(plan_path)["personas"]["current-users"] == "Mine"


async def test_read_only_plan_shows_banner_and_refuses_edits(plan_path: Path, open_workbook) -> None:
    """A plan of a newer schema opens read-only: a banner says why, fields are disabled, nothing is saved."""
    text = plan_path.read_text(encoding="utf-8").replace("schema = 1", "schema = 99")
    plan_path.write_text(text, encoding="utf-8")
    before = plan_path.read_bytes()
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        banner = app.screen.query_one("#read-only-banner", Label)
        assert "newer" in str(banner.render())
        assert app.screen.query_one("#field-current-users TextArea", TextArea).read_only
        table = app.screen.query_one("StepChecklist")
        table.focus()
        await pilot.press("space")
        assert app.plan_file.plan.items[table.current_id()].status == "todo"
        await pilot.press("ctrl+s", "ctrl+q")
        await pilot.pause()
    assert plan_path.read_bytes() == before


async def test_save_failure_on_quit_asks(plan_path: Path, open_workbook, wait_until, monkeypatch) -> None:
    """When the file cannot be written, quitting asks instead of losing the edits."""
    monkeypatch.setattr(app_module, "AUTOSAVE_DELAY", 60)
    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await type_current_users(pilot, "Mine")
        original = store.PlanFile.save

        def refuse(self, **options: object) -> bool:
            raise store.StoreError(f"{self.path}: not saved: No space left on device; the file is unchanged")

        monkeypatch.setattr(store.PlanFile, "save", refuse)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveFailedScreen))
        assert app.save_state == "not saved"
        assert "No space left on device" in drawn_text(app.screen, "#save-failed-reason")
        await pilot.click("#stay")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen.query_one(StepPage), StepPage)
        monkeypatch.setattr(store.PlanFile, "save", original)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert answers_on_disk(plan_path)["personas"]["current-users"] == "Mine"


async def test_a_reason_typed_while_the_file_changed_still_lands(
    plan_path: Path, open_workbook, wait_until
) -> None:
    """Checklist view: `x`, the file changes on disk (and is taken in) while the reason is being
    typed, enter: the item is n/a in the plan that is saved, beside the other change."""
    from cfos_tui.tui.widgets.dialogs import ReasonScreen

    app = WorkbookApp(plan_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_workbook(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ChecklistScreen")
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await outside_edit(plan_path)
        app.check_disk()
        await wait_until(pilot, lambda: app.plan_file.plan.project == "Theirs")
        await pilot.press(*"not for us", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReasonScreen))
        first = next(iter(app.plan_file.plan.items))
        assert app.plan_file.plan.items[first].status == "n/a"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.save_state == "saved")
    on_disk = tomllib.loads(plan_path.read_text(encoding="utf-8"))
    assert on_disk["project"] == "Theirs"
    assert on_disk["items"][first] == {"status": "n/a", "note": "not for us"}
