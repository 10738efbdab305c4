"""A step's examples worth copying, under its guidance."""

from __future__ import annotations

from pathlib import Path

from cfos_tui.playbook import load_playbook
from cfos_tui.tui.app import WorkbookApp
from cfos_tui.tui.widgets.step_page import Guidance, guidance_with_examples
from tests.fixtures.own_playbook import plan_with_playbook

MINI = Path(__file__).parents[1] / "fixtures" / "playbook-mini.toml"
EXAMPLES = """examples = [
  { title = "A *good* [guide]", url = "https://example.org/guide_(v2)" },
  { title = "Plain", url = "https://example.org/plain" },
]
"""


def _playbook_text() -> str:
    return MINI.read_text(encoding="utf-8").replace(
        'guidance = "Why alpha matters."\n', f'guidance = "Why alpha matters."\n{EXAMPLES}'
    )


def test_examples_follow_the_guidance_as_escaped_links(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(_playbook_text(), encoding="utf-8")
    playbook = load_playbook(tmp_path / "p.toml")
    text = guidance_with_examples(playbook.step("alpha"))
    assert text.startswith("Why alpha matters.\n\n**Worth copying**")
    assert r"- [A \*good\* \[guide\]](https://example.org/guide_\(v2\))" in text
    assert "- [Plain](https://example.org/plain)" in text
    assert guidance_with_examples(playbook.step("beta")) == "Why beta matters."


async def test_the_step_page_shows_them(tmp_path: Path, open_workbook, wait_until) -> None:
    plan_path = plan_with_playbook(tmp_path, _playbook_text())
    app = WorkbookApp(plan_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workbook(pilot)
        guidance = app.screen.query_one("#guidance-text", Guidance)
        assert "Worth copying" in guidance.source
        assert "https://example.org/plain" in guidance.source
