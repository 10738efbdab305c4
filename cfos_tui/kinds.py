"""Field kinds: what a question's answer may be, one class per kind.

A kind knows everything about its values that is not a widget: whether a value fits
(``check``), how typed text becomes a value (``parse``) and a value becomes text again
(``text``), the one line that stands for it in a table (``cell``, ``report_cell``) and
the Markdown blocks the report prints for it (``report``). The workbook keeps one
editor per kind (``cfos_tui.tui.widgets.editors``); a test checks that every kind here
has one.

A new kind is one class here, registered with ``@register``, and one editor there.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from cfos_tui.clock import as_date
from cfos_tui.markdown import (
    bullets,
    day,
    entries,
    escape_block,
    escape_cell,
    escape_inline,
    is_empty,
    table,
)

if TYPE_CHECKING:
    from cfos_tui.playbook import FieldSpec

DATE_HINT = "YYYY-MM-DD, for example 2025-03-31"

SECTIONED_RECORDS_OVER = 4
"""Records with more columns than this (personas) get a sub-section each, not a table row."""


class FieldKind:
    """The base of every kind: a value is any text, shown as it is."""

    name: ClassVar[str] = ""
    as_column: ClassVar[bool] = True
    """Whether a records field may have a column of this kind."""
    multiline: ClassVar[bool] = False
    """Whether its text takes several lines (a box, not a one-line input)."""
    hint: ClassVar[str] = ""
    """What to type, when the label and help do not say it."""
    options: ClassVar[bool] = False
    """Whether the playbook lists the values to choose from (``options = [...]``)."""
    columns: ClassVar[bool] = False
    """Whether the field holds records of columns (``columns = [...]``)."""

    def hint_for(self, spec: FieldSpec) -> str:
        """The hint to add to the field's help: none when the help already says it."""
        return self.hint if self.hint.lower().rstrip(".") not in spec.help.lower() else ""

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        """Why ``value`` does not fit a field of this kind, or None when it does."""
        return None if isinstance(value, str) else "must be text"

    def parse(self, text: str, spec: FieldSpec) -> Any:
        """The value typed as ``text``; "" or None for nothing. ValueError says what is wrong."""
        return text if text.strip() else ""

    def text(self, value: Any) -> str:
        """The value as an editor shows it."""
        return value if isinstance(value, str) else ""

    def cell(self, value: Any) -> str:
        """One plain line that stands for the value in a workbook table."""
        if value is None:
            return ""
        text = str(value).strip()
        return text.splitlines()[0] if text else ""

    def report_cell(self, value: Any) -> str:
        """The value in a Markdown table cell, escaped."""
        if is_empty(value):
            return ""
        if isinstance(value, list | tuple):
            return "<br>".join(escape_cell(entry) for entry in entries(value))
        return escape_cell(value)

    def report(self, spec: FieldSpec, value: Any, heading: str = "####") -> list[str]:
        """What an answered field says in the report, as Markdown blocks; nothing when
        it is unanswered. A value of the wrong shape (a hand edit) is still shown."""
        if is_empty(value):
            return []
        label = escape_inline(spec.label)
        if isinstance(value, list | tuple):
            return [f"**{label}**", bullets(escape_inline(entry, breaks="<br>") for entry in entries(value))]
        return [labelled(label, escape_inline(value, breaks="<br>"))]

    def advice(self, value: Any, spec: FieldSpec) -> str | None:
        """Why a value of the right shape is still not right (a license that is not an
        SPDX expression), or None. Unlike ``check``, advice never stops a plan from
        opening or saving: ``cfos-plan check`` reports it and the workbook says it as
        the answer is typed."""
        return None

    def report_has_headings(self, spec: FieldSpec) -> bool:
        """Whether the report block opens headings of its own (then it goes after the
        step's other answers, so that they do not fall under its last heading)."""
        return False


KINDS: dict[str, FieldKind] = {}
"""Every kind by name, in the order they were registered."""

K = TypeVar("K", bound=type[FieldKind])


def register(cls: K) -> K:
    """Add a kind to ``KINDS`` under its ``name``."""
    if not cls.name or cls.name in KINDS:
        raise ValueError(f"a field kind needs a new name, not {cls.name!r}")
    KINDS[cls.name] = cls()
    return cls


def kind_of(spec: FieldSpec) -> FieldKind:
    """The kind of a field or column (the playbook loader has checked the name)."""
    return KINDS[spec.kind]


def labelled(label: str, value: str) -> str:
    """``**Label:** value``; a label that is a question or ends in a colon keeps its mark."""
    return f"**{label}** {value}" if label.endswith(("?", ":")) else f"**{label}:** {value}"


@register
class LineKind(FieldKind):
    """A few words on one line: a name, a link, a place."""

    name = "line"


@register
class TextKind(FieldKind):
    """Paragraphs."""

    name = "text"
    multiline = True

    def report(self, spec: FieldSpec, value: Any, heading: str = "####") -> list[str]:
        if is_empty(value) or isinstance(value, list | tuple):
            return super().report(spec, value, heading)
        return [f"**{escape_inline(spec.label)}**", escape_block(value)]


@register
class ListKind(FieldKind):
    """Short entries, one per line."""

    name = "list"
    multiline = True
    hint = "One per line."

    def hint_for(self, spec: FieldSpec) -> str:
        return "" if "per line" in spec.help.lower() else self.hint

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else "must be a list of text"

    def parse(self, text: str, spec: FieldSpec) -> list[str]:
        """Trimmed lines; blank lines left out."""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def text(self, value: Any) -> str:
        return "\n".join(str(v) for v in value) if isinstance(value, list) else ""

    def cell(self, value: Any) -> str:
        return ", ".join(str(v) for v in value) if isinstance(value, list) else super().cell(value)

    def report(self, spec: FieldSpec, value: Any, heading: str = "####") -> list[str]:
        if is_empty(value):
            return []
        label = escape_inline(spec.label)
        return [f"**{label}**", bullets(escape_inline(entry, breaks="<br>") for entry in entries(value))]


@register
class ChoiceKind(FieldKind):
    """One of the options the playbook lists."""

    name = "choice"
    options = True

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        if not isinstance(value, str):
            return "must be text"
        if spec.options and value not in spec.options:
            return f"{value!r} is not one of: {', '.join(spec.options)}"
        return None

    def parse(self, text: str, spec: FieldSpec) -> str:
        if text.strip() and spec.options and text not in spec.options:
            raise ValueError(f"choose one of: {', '.join(spec.options)}")
        return text if text.strip() else ""


@register
class DateKind(FieldKind):
    """A day, typed as YYYY-MM-DD."""

    name = "date"
    hint = DATE_HINT

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        return None if isinstance(value, date) else "must be a date (YYYY-MM-DD)"

    def parse(self, text: str, spec: FieldSpec) -> date | None:
        if not text.strip():
            return None
        parsed = as_date(text.strip())
        if parsed is None:
            raise ValueError(f"not a date; use {DATE_HINT}.")
        return parsed

    def text(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else ""

    def cell(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else super().cell(value)

    def report_cell(self, value: Any) -> str:
        if is_empty(value) or isinstance(value, list | tuple):
            return super().report_cell(value)
        return day(value)

    def report(self, spec: FieldSpec, value: Any, heading: str = "####") -> list[str]:
        if is_empty(value) or isinstance(value, list | tuple):
            return super().report(spec, value, heading)
        return [labelled(escape_inline(spec.label), day(value))]


@register
class LicenseKind(FieldKind):
    """A license decision: an SPDX license expression such as ``Apache-2.0`` or
    ``MIT OR Apache-2.0``."""

    name = "license"
    hint = "An SPDX license expression, for example Apache-2.0 or MIT OR Apache-2.0."

    def advice(self, value: Any, spec: FieldSpec) -> str | None:
        from cfos_tui.spdx import expression_problem

        return expression_problem(value) if isinstance(value, str) else None


@register
class RecordsKind(FieldKind):
    """Small structured entries (personas, teams, the committee): a table keyed by record
    id, each record a table of the field's columns."""

    name = "records"
    as_column = False
    columns = True

    def check(self, value: Any, spec: FieldSpec) -> str | None:
        return None if isinstance(value, dict) else "must be a table of records"

    def parse(self, text: str, spec: FieldSpec) -> Any:
        raise ValueError("records are edited one record at a time")

    def text(self, value: Any) -> str:
        return ""

    def cell(self, value: Any) -> str:
        records = list(value.values()) if isinstance(value, dict) else []
        suggested = sum(1 for record in records if is_suggested(record))
        agreed = len(records) - suggested
        parts = [f"{agreed} record{'s' if agreed != 1 else ''}"] if agreed else []
        if suggested:
            parts.append(f"{suggested} suggested")
        return ", ".join(parts)

    def report_cell(self, value: Any) -> str:
        return escape_cell(self.cell(value))

    def report(self, spec: FieldSpec, value: Any, heading: str = "####") -> list[str]:
        """A table, or one sub-section per record when the records have many columns."""
        records = filled_records(value)
        label = escape_inline(spec.label)
        pending = self.suggestions(spec, value)
        if not records:
            return [f"**{label}**", pending] if pending else []
        if not self.sectioned(spec):
            rows = [
                [kind_of(column).report_cell(record.get(column.id)) for column in spec.columns]
                for _, record in records
            ]
            block = [f"**{label}**", table((escape_cell(c.label) for c in spec.columns), rows)]
            return [*block, pending] if pending else block
        blocks: list[str] = [pending] if pending else []
        for record_id, record in records:
            title_column = next(
                (c for c in spec.columns if c.kind == "line" and not is_empty(record.get(c.id))), None
            )
            title = escape_inline(record[title_column.id] if title_column else record_id)
            title = title or escape_inline(record_id) or "Untitled"
            blocks.append(f"{heading} {label}: {title}")
            details = [
                block
                for column in spec.columns
                if column is not title_column
                for block in kind_of(column).report(column, record.get(column.id), heading)
            ]
            blocks += details or ["*Nothing more is recorded yet.*"]
        return blocks

    @staticmethod
    def suggestions(spec: FieldSpec, value: Any) -> str:
        """A line naming the suggestions not yet accepted, or "" when there are none."""
        pending = filled_records(value, suggested=True)
        if not pending:
            return ""
        title = next((c for c in spec.columns if c.kind == "line"), None)
        names = [
            escape_inline(str(record.get(title.id) or record_id) if title else record_id)
            for record_id, record in pending
        ]
        return f"*Suggested, not yet agreed:* {', '.join(names)}."

    def report_has_headings(self, spec: FieldSpec) -> bool:
        return self.sectioned(spec)

    @staticmethod
    def sectioned(spec: FieldSpec) -> bool:
        """Whether the report gives each record a sub-section of its own."""
        return len(spec.columns) > SECTIONED_RECORDS_OVER


SUGGESTED = "suggested"
"""The key that marks a record as a suggestion (a playbook's starter) the team has
not accepted yet: shown as such, never reported as agreed."""


def is_suggested(record: Any) -> bool:
    return isinstance(record, dict) and record.get(SUGGESTED) is True


def filled_records(value: Any, *, suggested: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """The non-empty records of a records answer, in the plan's order: the agreed
    ones, or with ``suggested`` the suggestions not yet accepted."""
    if not isinstance(value, dict):
        return []
    return [
        (str(record_id), record)
        for record_id, record in value.items()
        if isinstance(record, dict)
        and is_suggested(record) == suggested
        and not is_empty({k: v for k, v in record.items() if k != SUGGESTED})
    ]


def advice_for(spec: FieldSpec, value: Any) -> str | None:
    """Advice on a value that fits ``spec`` (see ``FieldKind.advice``), or None."""
    kind = kind_of(spec)
    return None if kind.check(value, spec) else kind.advice(value, spec)


def check_value(spec: FieldSpec, value: Any) -> str | None:
    """Why ``value`` does not fit the field or column ``spec``, or None when it does."""
    return kind_of(spec).check(value, spec)
