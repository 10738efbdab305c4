"""The Textual workbook. Imported only by the command that draws it."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the interpreter while another waits for it, while the
workbook runs (Python's default is 0.005). Textual writes each frame to the terminal
from a thread of its own; when a key sets off more work after the frame (a step's
questions, the rest of a report), that thread waited up to 5 ms for each of its
turns, and a frame reached the terminal 10 to 20 ms after it was drawn."""


def run_workbook(path: Path | None, *, create: bool = False) -> int:
    """Run the workbook and return the exit code.

    With no path the most recently used plan reopens at the step it was left at (or
    the start screen appears). A path that does not exist is offered for creation;
    one that cannot be read shows its problem on the start screen.
    """
    if path is not None and Path(path).is_dir():
        print(f"cfos-plan: {path}: is a folder, not a plan file", file=sys.stderr)
        return 2
    # Starting makes tens of thousands of objects (Textual's and ours) that live as long
    # as the program, and Python's collector went through them over a hundred times
    # before the first frame (11 ms of it) to free next to nothing. It is off until the
    # app is idle after its first screen (the app resumes it, with one collection).
    collecting = gc.isenabled()
    gc.disable()
    interval = sys.getswitchinterval()
    try:
        from cfos_tui.tui.app import WorkbookApp

        app = WorkbookApp(
            Path(path) if path is not None else None, create=create, collection_paused=collecting
        )
        sys.setswitchinterval(SWITCH_INTERVAL)
        result = app.run()
    finally:
        sys.setswitchinterval(interval)
        if collecting:
            gc.enable()
    if app.return_code not in (None, 0):
        return app.return_code
    return result or 0


__all__ = ["run_workbook"]
