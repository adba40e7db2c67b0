"""Reading the user's TOML files with errors that name the file, the line and the fix.

tomllib reports the line of a syntax error but keeps no positions for the
values it returns, so semantic errors find their line by scanning the text
for the table header and key. That covers files written by hand; when the
scan cannot tell (dotted keys, inline tables) the message names the table.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quarterdeck.errors import ConfigError


def read_text(path: Path, what: str) -> str:
    """The file's text, or a ConfigError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"cannot read {what} {path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"cannot read {what} {path}: {reason}") from exc


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """Parse TOML; a syntax error names the file and keeps tomllib's line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}; fix the syntax there") from exc


def line_of(text: str, key: str | None = None, table: str | None = None) -> int | None:
    """The 1-based line where ``key`` is set in ``[table]`` (or at the top), else the table's header."""
    lines = text.splitlines()
    start = 0
    if table is not None:
        parts = r"\s*\.\s*".join(re.escape(p) for p in table.split("."))
        header = re.compile(rf"^\s*\[\s*{parts}\s*\]\s*(#.*)?$")
        found = next((i for i, line in enumerate(lines) if header.match(line)), None)
        if found is None:
            return None
        if key is None:
            return found + 1
        start = found + 1
    if key is None:
        return None
    assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        if assignment.match(lines[i]):
            return i + 1
    return start if table is not None else None


def where(origin: str, line: int | None) -> str:
    """``file:line`` when the line is known, else ``file``."""
    return f"{origin}:{line}" if line else origin


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_patterns(values: Iterable[str], place: str, name: str) -> None:
    """Raise a one-line ConfigError naming ``place`` and ``name`` for the first value that is not a regex."""
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise ConfigError(
                f"{place}: {name} has a bad pattern {value!r}: {exc}; escape special characters with \\\\"
            ) from exc
