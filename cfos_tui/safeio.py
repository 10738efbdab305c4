"""Reading files a person or a plan names, without hanging or filling memory.

A path in a plan (``playbook_file``) or on the command line can name a device
(``/dev/zero``), a pipe that never closes or a file of gigabytes. Only regular files
are read, and only up to a size no plan or playbook comes near.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cfos_tui.errors import CfosError

PLAN_LIMIT = 32 * 1024 * 1024
PLAYBOOK_LIMIT = 8 * 1024 * 1024


class ReadError(CfosError):
    """A file could not be read; the message names it and says why."""


def read_regular_file(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; ReadError otherwise."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(f"{path}: {what} not found") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{path}: is not a regular file (a device or a pipe); a {what} must be a file")
    if info.st_size > limit:
        raise ReadError(f"{path}: is {_size(info.st_size)}, too large for a {what} (at most {_size(limit)})")
    try:
        # O_NONBLOCK: should the path become a pipe after the check, opening it does not wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot read: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise ReadError(f"{path}: is not a regular file (a device or a pipe); a {what} must be a file")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ReadError(f"{path}: too large for a {what} (at most {_size(limit)})")
    return data


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MiB" if count >= 1024 * 1024 else f"{count} bytes"


MAX_DEPTH = 24
"""Tables and arrays nested deeper than this are refused: a plan or a playbook needs
five or six levels, and tomlkit (which writes plans) fails on a few hundred."""


def too_deep(data: object, limit: int = MAX_DEPTH) -> tuple[str, ...] | None:
    """The key path to the first value nested more than ``limit`` levels deep, or None.

    Walked with a stack, not recursion, so that any depth is safe to look at.
    """
    stack: list[tuple[object, tuple[str, ...], int]] = [(data, (), 0)]
    while stack:
        value, keys, depth = stack.pop()
        if depth > limit:
            return keys
        if type(value) is dict:
            for key, child in value.items():  # only tables and arrays can nest
                if type(child) in (dict, list):
                    stack.append((child, (*keys, key), depth + 1))
        elif type(value) is list:
            stack.extend((child, keys, depth + 1) for child in value if type(child) in (dict, list))
    return None
