"""The one exception family the command line turns into short messages."""

from __future__ import annotations

import re
import tomllib

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END = re.compile(r"\s*\(at end of document\)\s*$")


class CfosError(Exception):
    """An error whose message is meant for the person at the terminal, as it is.

    ``exit_code`` follows the command line's contract: 2 for bad input, 1 for an
    action the program refused.
    """

    exit_code = 2


def position_of_toml_error(error: tomllib.TOMLDecodeError) -> tuple[str, str]:
    """Split a TOML error into ``"LINE:COL"`` and the message without its position."""
    message = str(error)
    match = _POSITION.search(message)
    if match:
        return f"{match[1]}:{match[2]}", message[: match.start()].strip()
    if _END.search(message):
        return "end", _END.sub("", message).strip()
    return "1", message
