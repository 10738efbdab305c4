"""A readable summary of an audit, as a Rich renderable.

Everything that comes from the repository or the user (paths, names, license lines)
goes in as plain :class:`~rich.text.Text`, never as markup, so a file called
``[b]oops`` or an author named ``\\x1b[31m`` prints literally.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from cfos_tui.audit import AuditResult, grouped_notes
from cfos_tui.audit.text import safe_text
from cfos_tui.visible import visible

__all__ = ["render_summary", "share_bar"]

MAX_QUARTERS_SHOWN = 12
BAR_WIDTH = 20


def render_summary(result: AuditResult) -> RenderableType:
    """Files found and missing, the license, the metrics and the per-quarter trend."""
    parts: list[RenderableType] = [
        _heading("Repository"),
        _plain(result.repository) + Text(f"  @ {result.head[:12]}" if result.head else ""),
        Text(""),
        _heading("Community files"),
        _files_table(result),
    ]
    if result.notes:
        parts += [
            Padding(Text(_clean_text(note), style="dim"), (0, 0, 0, 2))
            for note in grouped_notes(result.notes)
        ]
    parts += [Text(""), _heading("License"), _license_line(result), Text("")]
    parts += [_heading("History"), *_metrics_parts(result)]
    if result.proposals:
        parts += [Text(""), _heading("Proposals")]
        for proposal in result.proposals:
            line = Text("  ")
            line.append(proposal.item, style="bold")
            line.append(f" → {proposal.status}  ")
            line.append(_clean_text(proposal.evidence), style="dim")
            parts.append(line)
    return Group(*parts)


def share_bar(share: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells, filled in eighths, for a share between 0 and 1."""
    share = min(1.0, max(0.0, share))
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


def _clean_text(text: str | None) -> str:
    return visible(safe_text(text) or "")


def _plain(text: str | None) -> Text:
    return Text(_clean_text(text))


def _files_table(result: AuditResult) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("item")
    table.add_column("found")
    for item, paths in result.files.items():
        shown = ", ".join(_clean_text(p) for p in paths[:3])
        if len(paths) > 3:
            shown += f" (+{len(paths) - 3} more)"
        table.add_row(Text("✓ ", style="green") + _plain(item), _plain(shown))
    for item in result.missing:
        table.add_row(Text("✗ ", style="red") + _plain(item), Text("missing", style="dim"))
    return table


def _license_line(result: AuditResult) -> Text:
    license_ = result.license
    if license_.file is None:
        return Text("  no license file found", style="red")
    line = Text("  ")
    if license_.spdx:
        line.append(license_.spdx, style="bold")
        line.append(f"  ({license_.confidence:.0%} sure) in ")
        line.append(_clean_text(license_.file))
    else:
        line.append("unrecognised", style="yellow")
        line.append(" license in ")
        line.append(_clean_text(license_.file))
        line.append(" — first line: ")
        line.append(_clean_text(license_.first_line), style="italic")
    return line


def _metrics_parts(result: AuditResult) -> list[RenderableType]:
    metrics = result.metrics
    if metrics is None:
        return [Text("  no metrics: " + _clean_text(result.metrics_reason), style="yellow")]
    parts: list[RenderableType] = []
    if metrics.reason:
        parts.append(Text("  " + _clean_text(metrics.reason), style="yellow"))
    numbers = Table(show_header=False, box=None, pad_edge=False)
    numbers.add_column("what")
    numbers.add_column("value", justify="right")
    numbers.add_row("commits", f"{metrics.commits:,}")
    numbers.add_row("contributors", f"{metrics.contributors:,}")
    numbers.add_row("bus factor", str(metrics.bus_factor))
    numbers.add_row("elephant factor", str(metrics.elephant_factor))
    parts.append(numbers)
    if metrics.top_organizations:
        orgs = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        orgs.add_column("top organisations")
        orgs.add_column("share", justify="right")
        orgs.add_column("")
        for name, share in metrics.top_organizations:
            orgs.add_row(_plain(name), f"{share:.1%}", share_bar(share))
        parts += [Text(""), orgs]
    if metrics.quarters:
        parts += [Text(""), _quarters_table(result)]
    return parts


def _quarters_table(result: AuditResult) -> Table:
    assert result.metrics is not None
    quarters = result.metrics.quarters
    shown = quarters[-MAX_QUARTERS_SHOWN:]
    title = "per quarter"
    if len(quarters) > len(shown):
        title += f" (last {len(shown)} of {len(quarters)})"
    table = Table(title=title, title_justify="left", header_style="bold", box=None)
    for column in ("quarter", "commits", "contributors", "new", "top org share"):
        table.add_column(column, justify="left" if column == "quarter" else "right")
    table.add_column("")
    for quarter in shown:
        table.add_row(
            quarter.quarter,
            f"{quarter.commits:,}",
            str(quarter.contributors),
            str(quarter.new_contributors),
            f"{quarter.top_org_share:.0%}",
            share_bar(quarter.top_org_share),
        )
    return table
