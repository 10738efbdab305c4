"""The Textual workbook. Imported only by the command that draws it."""

from __future__ import annotations

import sys
from pathlib import Path


def run_workbook(path: Path | None, *, create: bool = False) -> int:
    """Run the workbook and return the exit code.

    With no path the most recently used plan reopens at the step it was left at (or
    the start screen appears). A path that does not exist is offered for creation;
    one that cannot be read shows its problem on the start screen.
    """
    from cfos_tui.tui.app import WorkbookApp

    if path is not None and Path(path).is_dir():
        print(f"cfos-plan: {path}: is a folder, not a plan file", file=sys.stderr)
        return 2
    app = WorkbookApp(Path(path) if path is not None else None, create=create)
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result or 0


__all__ = ["run_workbook"]
