"""Where generated text sits in a file, and whether someone edited it by hand.

A Markdown file holds its generated part between two markers; the team's own text
before and after them survives every rewrite::

    <!-- cfos-plan:begin CODE_OF_CONDUCT.md -->
    <!-- Made by `cfos-plan files` from plans/nebari.toml (digest 3f2a9c1e0b4d): … -->
    …
    <!-- cfos-plan:end CODE_OF_CONDUCT.md -->

A YAML file (an issue form) is generated whole and starts with a comment naming the
plan and the command. Both carry a digest of the generated text: when the text no
longer matches its digest, someone edited it by hand (drift), and it is only replaced
with ``--force``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = ["Placed", "digest", "place_markdown", "place_yaml"]

DIGEST_LENGTH = 12


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def begin(name: str) -> str:
    return f"<!-- cfos-plan:begin {name} -->"


def end(name: str) -> str:
    return f"<!-- cfos-plan:end {name} -->"


_STAMP = re.compile(rf"\(digest ([0-9a-f]{{{DIGEST_LENGTH}}})\)")


@dataclass(frozen=True)
class Placed:
    """What putting generated text into a file gives.

    ``text`` is the file's new content. ``state`` is ``new`` (no file yet),
    ``unchanged``, ``changed`` (the plan says something else now), ``drift`` (the
    generated part was edited by hand) or ``unmanaged`` (a file of the team's own,
    without markers). ``drift`` and ``unmanaged`` are written only when forced.
    """

    text: str
    state: str


def _stamp_line(source: str, body: str, *, comment: str) -> str:
    made = f"Made by `cfos-plan files` from {source} (digest {digest(body)}): change the plan, not this part."
    return f"<!-- {made} -->" if comment == "html" else f"# {made.replace('`', '')}"


def markdown_block(name: str, source: str, body: str) -> str:
    """The generated part of a Markdown file, markers included."""
    body = body.strip("\n") + "\n"
    return f"{begin(name)}\n{_stamp_line(source, body, comment='html')}\n\n{body}{end(name)}\n"


def place_markdown(name: str, source: str, body: str, existing: str | None) -> Placed:
    """Put the generated ``body`` for file ``name`` into the ``existing`` text (None
    when there is no file): between the markers, the rest kept as it is."""
    block = markdown_block(name, source, body)
    if existing is None:
        return Placed(block, "new")
    start, stop = existing.find(begin(name)), existing.find(end(name))
    if start < 0 or stop < start:
        return Placed(block, "unmanaged")
    after = stop + len(end(name))
    if existing[after : after + 1] == "\n":
        after += 1
    old_block = existing[start:after]
    text = existing[:start] + block + existing[after:]
    if old_block == block:
        return Placed(text, "unchanged")
    return Placed(text, "drift" if _edited(old_block, name) else "changed")


def _edited(old_block: str, name: str) -> bool:
    """Whether the generated part differs from the text its digest was made of."""
    lines = old_block.split("\n")
    stamp = _STAMP.search(lines[1]) if len(lines) > 1 else None
    if stamp is None:
        return True
    body = "\n".join(lines[3:])
    body = body[: body.rfind(end(name))]
    return digest(body) != stamp.group(1)


def yaml_file(source: str, body: str) -> str:
    body = body.strip("\n") + "\n"
    return _stamp_line(source, body, comment="hash") + "\n" + body


def place_yaml(source: str, body: str, existing: str | None) -> Placed:
    """A generated YAML file, against the ``existing`` one (None when there is none)."""
    text = yaml_file(source, body)
    if existing is None:
        return Placed(text, "new")
    if existing == text:
        return Placed(text, "unchanged")
    first, _, rest = existing.partition("\n")
    stamp = _STAMP.search(first) if first.startswith("# Made by cfos-plan files") else None
    if stamp is None:
        return Placed(text, "unmanaged")
    return Placed(text, "drift" if digest(rest) != stamp.group(1) else "changed")
