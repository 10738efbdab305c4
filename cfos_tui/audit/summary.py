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
from cfos_tui.audit.roster import Person
from cfos_tui.audit.text import safe_text
from cfos_tui.visible import visible

__all__ = ["render_summary", "share_bar"]

MAX_QUARTERS_SHOWN = 12
BAR_WIDTH = 20


def render_summary(result: AuditResult) -> RenderableType:
    """Files found and missing, the license, the metrics, the per-quarter trend and the
    maintainers against the history."""
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
    parts += [Text(""), *_roster_parts(result)]
    if result.proposals:
        parts += [Text(""), _heading("Proposals")]
        for proposal in result.proposals:
            line = Text("  ")
            line.append(proposal.item, style="bold")
            line.append(f" → {proposal.status}  ")
            line.append(_clean_text(proposal.evidence), style="dim")
            parts.append(line)
            if proposal.note:
                parts.append(Padding(Text(_clean_text(proposal.note), style="dim"), (0, 0, 0, 4)))
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


def _roster_parts(result: AuditResult) -> list[RenderableType]:
    """Listed maintainers with their commits in the window, then who is inactive, who
    is active without being listed, and the maintainers' organisations."""
    roster = result.roster
    if roster is None:
        return [
            _heading("Maintainers"),
            Text("  no roster: there is no history to compare with", style="yellow"),
        ]
    title = Text("Maintainers", style="bold underline")
    title.append(
        f"  (commits from {roster.window_start.isoformat()} to {roster.window_end.isoformat()})",
        style="dim",
    )
    parts: list[RenderableType] = [title]
    if not roster.listed:
        parts.append(
            Text(
                "  nobody is listed in a MAINTAINERS or CODEOWNERS file"
                + (", the plan's teams or its conduct committee" if "plan" in roster.sources else ""),
                style="yellow",
            )
        )
    else:
        parts.append(Text("  read from " + ", ".join(_clean_text(s) for s in roster.sources), style="dim"))
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("listed")
        table.add_column("commits", justify="right")
        table.add_column("last commit")
        table.add_column("")
        for person in roster.listed:
            table.add_row(
                _person_text(person),
                f"{person.commits_12m:,}",
                person.last_commit.isoformat() if person.last_commit else "never",
                Text("inactive", style="red") if not person.commits_12m else Text(""),
            )
        parts.append(Padding(table, (0, 0, 0, 2)))
        inactive = Text("  inactive: ", style="bold")
        if roster.inactive:
            inactive.append(", ".join(_clean_text(person.label) for person in roster.inactive))
        else:
            inactive.append("nobody", style="green")
        parts.append(inactive)
    unlisted = Text("  active, not listed: ", style="bold")
    if roster.unlisted_active:
        unlisted.append(
            ", ".join(
                f"{_clean_text(person.label)} ({person.commits_12m:,} of {roster.window_commits:,})"
                for person in roster.unlisted_active
            )
        )
    else:
        unlisted.append("nobody" if roster.window_commits else "nobody committed in the window", style="dim")
    parts.append(unlisted)
    if roster.organisations:
        organisations = Text("  organisations: ", style="bold")
        organisations.append(
            " · ".join(f"{_clean_text(name)} {count}" for name, count in roster.organisations.items())
        )
        parts.append(organisations)
    return parts


def _person_text(person: Person) -> Text:
    text = _plain(person.label)
    if person.handle and person.name:
        text.append(f" @{_clean_text(person.handle)}", style="dim")
    return text


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
