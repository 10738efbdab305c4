"""Generated text in the team's files: markers, digests and literal user text."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from cfos_tui.community.markers import place_markdown, place_yaml
from cfos_tui.community.text import md, md_block, no_mentions, yaml_string

BODY = "# Title\n\nSome generated text.\n"


def test_a_new_file_is_the_block_alone() -> None:
    placed = place_markdown("X.md", "plans/p.toml", BODY, None)
    assert placed.state == "new"
    lines = placed.text.splitlines()
    assert lines[0] == "<!-- cfos-plan:begin X.md -->"
    assert lines[1].startswith("<!-- Made by `cfos-plan files` from plans/p.toml (digest ")
    assert lines[-1] == "<!-- cfos-plan:end X.md -->"


def test_the_teams_own_text_outside_the_markers_survives_every_rewrite() -> None:
    first = place_markdown("X.md", "p.toml", BODY, None).text
    theirs = "A note of our own.\n\n" + first + "\n## Our own section\n\nKept.\n"
    again = place_markdown("X.md", "p.toml", BODY, theirs)
    assert again.state == "unchanged" and again.text == theirs
    changed = place_markdown("X.md", "p.toml", BODY.replace("Some", "Other"), theirs)
    assert changed.state == "changed"
    assert changed.text.startswith("A note of our own.\n\n<!-- cfos-plan:begin X.md -->")
    assert changed.text.endswith("\n## Our own section\n\nKept.\n")
    assert "Other generated text." in changed.text and "Some generated" not in changed.text


def test_an_edit_inside_the_markers_is_drift() -> None:
    first = place_markdown("X.md", "p.toml", BODY, None).text
    edited = first.replace("Some generated text.", "Someone changed this by hand.")
    assert place_markdown("X.md", "p.toml", BODY, edited).state == "drift"
    assert place_markdown("X.md", "p.toml", BODY + "more\n", edited).state == "drift"


def test_a_file_without_markers_is_not_ours() -> None:
    assert place_markdown("X.md", "p.toml", BODY, "# Our own contributing guide\n").state == "unmanaged"


def test_yaml_files_carry_their_digest_in_the_first_line() -> None:
    made = place_yaml("p.toml", "name: x\n", None)
    assert made.state == "new" and made.text.startswith("# Made by cfos-plan files from p.toml (digest ")
    assert place_yaml("p.toml", "name: x\n", made.text).state == "unchanged"
    assert place_yaml("p.toml", "name: y\n", made.text).state == "changed"
    assert place_yaml("p.toml", "name: y\n", made.text.replace("name: x", "name: z")).state == "drift"
    assert place_yaml("p.toml", "name: y\n", "name: ours\n").state == "unmanaged"


def test_mentions_ping_nobody_and_still_read_the_same() -> None:
    assert no_mentions("ask @jane or @nebari-dev/core, mail a@b.org") == (
        "ask @&#8288;jane or @&#8288;nebari-dev/core, mail a@b.org"  # an address is no mention
    )
    assert md("Lead: @jane *bold*") == "Lead: @&#8288;jane \\*bold\\*"
    assert "@&#8288;x" in md_block("first\n\n@x")


@given(st.text())
def test_any_text_is_one_yaml_scalar_that_reads_back_the_same(text: str) -> None:
    scalar = yaml_string(text)
    assert "\n" not in scalar and "\r" not in scalar
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert yaml.safe_load(f"key: {scalar}\n") == {"key": expected}
