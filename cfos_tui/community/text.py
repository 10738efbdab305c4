"""User text in generated files: literal in Markdown and YAML, and never a mention.

GitHub turns ``@name`` into a mention (a notification to that person or team) and
``#123`` into a link, wherever it appears in Markdown it renders — a file, an issue
form's description. Text from the plan is escaped as the reports escape it, and an
``@`` followed by a name gets a zero-width joiner written as an entity (``@&#8288;name``)
so that it reads the same and pings nobody (an email address is left alone: GitHub
does not read ``ana@example.org`` as a mention).
"""

from __future__ import annotations

import json
import re

from cfos_tui.markdown import escape_block, escape_inline, titled_link

__all__ = ["md", "md_block", "md_link", "no_mentions", "yaml_string"]

_MENTION = re.compile(r"(?<![A-Za-z0-9._%+-])@(?=[A-Za-z0-9])")
"""An ``@`` GitHub would read as a mention: not inside an email address."""
WORD_JOINER = "&#8288;"


def no_mentions(markdown: str) -> str:
    """``markdown`` with every ``@name`` made plain text (it still reads ``@name``)."""
    return _MENTION.sub("@" + WORD_JOINER, markdown)


def md(text: object) -> str:
    """User text for one line of generated Markdown."""
    return no_mentions(escape_inline(text))


def md_block(text: object) -> str:
    """User text of several paragraphs, for generated Markdown."""
    return no_mentions(escape_block(text))


def md_link(title: object, url: object) -> str:
    """A link made from user text: ``[title](url)`` for an http(s) address, else text."""
    return no_mentions(titled_link(title, url))


_SURROGATE = re.compile("[\ud800-\udfff]")
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def yaml_string(text: object) -> str:
    """A YAML scalar holding ``text`` exactly: a double-quoted string (JSON's syntax,
    which YAML reads the same), every control character escaped."""
    clean = _SURROGATE.sub("\ufffd", str(text))
    encoded = json.dumps(clean, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
